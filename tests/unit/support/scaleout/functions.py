"""τ, loss and metrics of exported train.py files on given inputs, in float64: stdin JSON jobs → stdout JSON.

A job is {"script": PATH, "tau": [{"s": [...], "step": t, "alignment": A}], "loss": [{"z1", "z2", "step"}],
"metrics": [{"view1": NPY, "view2": NPY?, "labels": NPY?, "k", "knnT"}]}."""
import json
import sys

import numpy as np
import torch

from load_train import load_train

results = []
for k, job in enumerate(json.load(sys.stdin)):
    train = load_train(job['script'], f'train_{k}')
    out = {'tau': [], 'loss': [], 'metrics': []}
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
    results.append(out)
print(json.dumps(results))
