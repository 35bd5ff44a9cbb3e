"""τ, loss and metrics of exported train.py files on given inputs, in float64: stdin JSON jobs → stdout JSON.

A job is {"script": PATH, "tau": [{"s": [...], "step": t, "alignment": A}], "loss": [{"z1", "z2", "step"}],
"metrics": [{"view1": NPY, "view2": NPY?, "labels": NPY?, "k", "knnT"}],
"warp": [{"image": [[...]], "box": [y1, x1, y2, x2], "angle", "shiftX", "shiftY"}]}."""
import json
import sys

import numpy as np
import torch

from load_train import load_train

results = []
for k, job in enumerate(json.load(sys.stdin)):
    train = load_train(job['script'], f'train_{k}')
    out = {'tau': [], 'loss': [], 'metrics': [], 'warp': []}
    for case in job.get('tau', []):
        s = torch.tensor(case['s'], dtype=torch.float64)
        out['tau'].append(train.lab_tau(s, case.get('step', 0), torch.tensor(case.get('alignment', 0.0), dtype=torch.float64)).tolist())
    for case in job.get('loss', []):
        z1 = torch.tensor(case['z1'], dtype=torch.float64)
        z2 = torch.tensor(case['z2'], dtype=torch.float64)
        out['loss'].append(train.lab_loss(z1, z2, case.get('step', 0)).item())
    for case in job.get('metrics', []):
        load = lambda key: np.load(case[key]) if case.get(key) else None
        out['metrics'].append(train.lab_metrics(load('view1'), load('view2'), load('labels'), case['k'], case['knnT']))
    for case in job.get('warp', []):
        image = torch.tensor(case['image'], dtype=torch.float64)[None, None]
        h, w = image.shape[2:]
        theta = torch.tensor(train._affine(case['box'], case['angle'], case['shiftX'], case['shiftY'], h, w))[None]
        grid = train.F.affine_grid(theta, list(image.shape), align_corners=True)
        out['warp'].append(train.F.grid_sample(image, grid, mode='bilinear', padding_mode='zeros', align_corners=True)[0, 0].tolist())
    results.append(out)
print(json.dumps(results))
