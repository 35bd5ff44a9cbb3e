"""Gradients of the global-batch loss with WORLD_SIZE processes (torchrun's environment contract) against one
process on the concatenated batch. argv: TRAIN_PY OUT_JSON. Rank 0 writes both gradients."""
import json
import sys

import torch

from load_train import load_train

train = load_train(sys.argv[1])
ctx = train.Distributed()
torch.set_default_dtype(torch.float64)
data = train.make_spheres(train.CONFIG['dataset']['spheres'], 1)
per_rank = 6
step = 37
g = torch.Generator().manual_seed(5)
views1 = train.F.normalize(torch.randn(per_rank * ctx.world_size, data.input_shape[0], generator=g), dim=1)
views2 = train.F.normalize(torch.randn(per_rank * ctx.world_size, data.input_shape[0], generator=g), dim=1)

model = train.build_model('mlp', data, 3).double()
reference = train.build_model('mlp', data, 3).double()
reference.load_state_dict(model.state_dict())
net = torch.nn.parallel.DistributedDataParallel(model)
mine = slice(ctx.rank * per_rank, (ctx.rank + 1) * per_rank)
z1, z2 = net(torch.cat([views1[mine], views2[mine]])).chunk(2)
loss = train.global_loss(z1, z2, step)
loss.backward()

if ctx.main:
    whole1, whole2 = reference(torch.cat([views1, views2])).chunk(2)
    single = train.lab_loss(whole1, whole2, step)
    single.backward()
    flat = lambda m: torch.cat([p.grad.reshape(-1) for p in m.parameters()]).tolist()
    with open(sys.argv[2], 'w') as f:
        json.dump({'worldSize': ctx.world_size, 'lossDistributed': loss.item(), 'lossSingle': single.item(),
                   'distributed': flat(model), 'single': flat(reference)}, f)
ctx.close()
