"""The lab's training step in PyTorch on the CPU: the peer for `npm run bench`.

Same step as src/core/trainer (default config): a batch of B samples, two augmented views, the MLP
in→128→64 (ReLU) with the head 64→64 (ReLU)→16 (in = 16 for the default spheres S¹⁵, 784 for MNIST), L2-normalised, NT-Xent over the 2B views with the DySTreSS
temperature τ(s) = τmin + ½(τmax − τmin)(1 + cos(π(1 + s))) (τmin 0.1, τmax 0.2, τ from detached
similarities), the diagonal excluded, mean over rows; AdamW (lr 1e-3, weight decay 1e-5).
Augmentations as the lab's: spheres — geodesic step + noise, back onto the sphere; images — one bilinear
affine warp per image (crop/rotate/shift), Gaussian noise clipped to [0, 1], one erased rectangle.

  /usr/bin/python3 scripts/bench/torch_step.py --dataset mnist --batch 128 --steps 20 --warmup 5 [--threads 1] [--linear conv]

--linear picks how the linear layers are computed, the same weights either way:
  linear  nn.Linear (addmm). Debian's torch 1.13 sends it to the reference BLAS, which is slow;
  conv    the same product as a 1×1 convolution, F.conv2d(x[:, :, None, None], W[:, :, None, None], b), which
          this build runs through oneDNN: 1.5–3× faster here. The bench reports both and compares the lab
          with the faster.

Prints one JSON object: median/p10/p90 step time (wall) and median CPU time in ms, torch version, threads.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument("--dataset", choices=["spheres", "mnist"], default="mnist")
parser.add_argument("--batch", type=int, default=128)
parser.add_argument("--steps", type=int, default=20)
parser.add_argument("--warmup", type=int, default=5)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--linear", choices=["linear", "conv"], default="conv")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)

B = args.batch
if args.dataset == "spheres":
    # 10 classes × 200 points on S¹⁵, as the lab's default spheres (the values do not matter for timing).
    data = F.normalize(torch.randn(2000, 16), dim=1)
    inputs = 16
else:
    data = torch.rand(10000, 28, 28, 1)
    inputs = 784


class ConvLinear(torch.nn.Module):
    """y = x Wᵀ + b as a 1×1 convolution over a 1×1 image: the same parameters as nn.Linear, oneDNN's kernel."""

    def __init__(self, i, o):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.empty(o, i))
        self.bias = torch.nn.Parameter(torch.empty(o))

    def forward(self, x):
        return F.conv2d(x[:, :, None, None], self.weight[:, :, None, None], self.bias)[:, :, 0, 0]


def dense(i, o):
    layer = torch.nn.Linear(i, o) if args.linear == "linear" else ConvLinear(i, o)
    torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    torch.nn.init.zeros_(layer.bias)
    return layer


model = torch.nn.Sequential(
    dense(inputs, 128), torch.nn.ReLU(), dense(128, 64), torch.nn.ReLU(), dense(64, 64), torch.nn.ReLU(), dense(64, 16)
)
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-5)


def augment_vectors(x, rotation=0.25, noise=0.05):
    d = x.shape[1]
    g = torch.randn_like(x) * (rotation / math.sqrt(d - 1))
    tangent = g - x * (g * x).sum(1, keepdim=True)
    angle = tangent.norm(dim=1, keepdim=True)
    y = x * torch.cos(angle) + tangent * (torch.sin(angle) / angle.clamp_min(1e-12))
    y = y + torch.randn_like(y) * noise
    return y / y.square().sum(1, keepdim=True).clamp_min(1e-24).sqrt()


def augment_images(x, noise=0.1, erasing=0.25):
    n = x.shape[0]
    images = x.permute(0, 3, 1, 2)
    scale = torch.empty(n).uniform_(0.6, 1).sqrt()
    angle = torch.empty(n).uniform_(-12, 12) * math.pi / 180
    shift = torch.empty(n, 2).uniform_(-0.2, 0.2)
    theta = torch.zeros(n, 2, 3)
    theta[:, 0, 0] = scale * torch.cos(angle)
    theta[:, 0, 1] = -scale * torch.sin(angle)
    theta[:, 1, 0] = scale * torch.sin(angle)
    theta[:, 1, 1] = scale * torch.cos(angle)
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(images.shape), align_corners=True)
    y = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=True)
    y = (y + torch.randn_like(y) * noise).clamp(0, 1)
    # One rectangle per image, erased with probability `erasing`, from coordinate comparisons.
    h, w = y.shape[2], y.shape[3]
    top = torch.randint(0, h // 2, (n, 1, 1, 1))
    left = torch.randint(0, w // 2, (n, 1, 1, 1))
    size = torch.randint(4, h // 2, (n, 1, 1, 1))
    on = (torch.rand(n, 1, 1, 1) < erasing)
    rows = torch.arange(h).view(1, 1, h, 1)
    cols = torch.arange(w).view(1, 1, 1, w)
    mask = on & (rows >= top) & (rows < top + size) & (cols >= left) & (cols < left + size)
    return y.masked_fill(mask, 0).permute(0, 2, 3, 1)


def tau(s, tmin=0.1, tmax=0.2):
    return tmin + (tmax - tmin) * 0.5 * (1 + torch.cos(math.pi * (1 + s)))


def nt_xent(z1, z2):
    z = torch.cat([F.normalize(z1, dim=1), F.normalize(z2, dim=1)])
    n = z.shape[0]
    s = z @ z.T
    logits = s / tau(s.detach())
    idx = torch.arange(n)
    positive = logits[idx, (idx + n // 2) % n]
    masked = logits.masked_fill(torch.eye(n, dtype=torch.bool), -1e9)
    return (torch.logsumexp(masked, 1) - positive).mean()


def step():
    indices = torch.randint(0, data.shape[0], (B,))
    x = data[indices]
    augment = augment_vectors if args.dataset == "spheres" else augment_images
    views = torch.cat([augment(x), augment(x)]).reshape(2 * B, -1)
    z = model(views)
    loss = nt_xent(z[:B], z[B:])
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return loss


for _ in range(args.warmup):
    step()
times = []
cpu = []
for _ in range(args.steps):
    started = time.perf_counter()
    started_cpu = time.process_time()
    step()
    times.append((time.perf_counter() - started) * 1000)
    cpu.append((time.process_time() - started_cpu) * 1000)


def median_of(values):
    values = sorted(values)
    return (values[(len(values) - 1) // 2] + values[len(values) // 2]) / 2


times.sort()
median = median_of(times)
print(json.dumps({
    "dataset": args.dataset,
    "linear": args.linear,
    "batch": B,
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "stepMs": {"n": len(times), "median": median, "p10": times[int(0.1 * len(times))], "p90": times[min(len(times) - 1, int(0.9 * len(times)))]},
    "stepCpuMs": {"n": len(cpu), "median": median_of(cpu)},
}))
