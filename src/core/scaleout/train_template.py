#!/usr/bin/env python3
# DySTreSS Lab __LAB_VERSION__: a training script exported from the lab (`npm run export-pytorch` or the lab's
# "Export training script"). One file; needs torch and numpy (Pillow only for --data imagefolder:DIR).
#
#   python3 train.py --data spheres --out runs/a                                  one process (CPU or one GPU)
#   torchrun --nproc_per_node=8 train.py --data cifar10:DIR --out runs/b          8 GPUs, one node
#   torchrun --nnodes=2 --node_rank=R --nproc_per_node=8 --master_addr=HOST --master_port=29500 train.py …
#
# Distributed the standard way: the script reads torchrun's environment contract (RANK, WORLD_SIZE,
# LOCAL_RANK, MASTER_ADDR, MASTER_PORT), uses NCCL on GPUs and gloo on CPU, and computes the loss over the
# global batch: every process takes B samples (--batch), the embeddings of all processes are gathered with
# their gradients, so N processes × B samples train exactly like one process with N·B.
#
# The run directory (--out) receives, from rank 0: run.json (the lab's run-file format: "Open run" in the lab
# shows it beside a browser run), history.csv, and the held-out embeddings clean.npy, view1.npy, view2.npy
# and labels.npy for `npm run analyze` and the lab's "Your embeddings". checkpoint.pt is written every
# --checkpoint-every steps; --resume continues from it.
import argparse
import csv
import gzip
import inspect
import json
import math
import os
import pickle
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F

LAB_VERSION = '__LAB_VERSION__'
# The lab's configuration this script was exported from (its run-file `config`).
CONFIG = json.loads(r'''__CONFIG_JSON__''')

# ----------------------------------------------------------------------------------------------------------
# Temperature and NT-Xent, generated from the lab's own definitions (src/core/temperature/pytorch.ts).
# ----------------------------------------------------------------------------------------------------------
__TEMPERATURE_AND_LOSS__
# ----------------------------------------------------------------------------------------------------------

# Exported from a sweep: every cell's config and τ/loss code, chosen with --cell (see select_cell); else empty.
SWEEP_CELLS = json.loads(r'''__SWEEP_CELLS_JSON__''')


def select_cell(name):
    """Makes a sweep cell's configuration and its generated tau/nt_xent the ones this process trains with."""
    global CONFIG
    if name not in SWEEP_CELLS:
        sys.exit(f'train.py: --cell {name}: not a cell of this export ({", ".join(SWEEP_CELLS) or "no sweep was exported"})')
    CONFIG = SWEEP_CELLS[name]['config']
    exec(SWEEP_CELLS[name]['code'], globals())


# Random streams, as the lab keeps them apart (src/core/trainer/trainer.ts).
SEED_BATCHES = 0x62617463
SEED_EVAL = 0x6576616c
SEED_AUGMENT = 0x61756720
SEED_MODEL = 0x6d6f64


def rng(*parts):
    """A numpy generator for one stream: the same parts give the same numbers on every rank and machine."""
    return np.random.default_rng([int(p) & 0xFFFFFFFF for p in parts])


def torch_generator(*parts):
    g = torch.Generator()
    g.manual_seed(int(rng(*parts).integers(0, 2**62)))
    return g


def js_round(x):
    """JavaScript's Math.round (half up), which the lab's definitions use."""
    return int(math.floor(x + 0.5))


def _keyword_arguments(fn, step=None, alignment=None):
    """The generated tau/nt_xent take step and alignment only when the family depends on them."""
    params = inspect.signature(fn).parameters
    kwargs = {}
    if 'step' in params and step is not None:
        kwargs['step'] = step
    if 'alignment' in params and alignment is not None:
        kwargs['alignment'] = alignment
    return kwargs


def lab_loss(z1, z2, step):
    """The lab's NT-Xent on two views (rows i of z1 and z2 a positive pair), with the exported loss options."""
    return nt_xent(z1, z2, **_keyword_arguments(nt_xent, step=step))


def lab_tau(s, step, alignment):
    return tau(s, **_keyword_arguments(tau, step=step, alignment=alignment))


# ---------------------------------------------------------------------------------------------- distributed


class Distributed:
    """torchrun's environment contract; without it, one process."""

    def __init__(self):
        self.world_size = int(os.environ.get('WORLD_SIZE', '1'))
        self.rank = int(os.environ.get('RANK', '0'))
        self.local_rank = int(os.environ.get('LOCAL_RANK', '0'))
        self.enabled = self.world_size > 1
        if torch.cuda.is_available():
            torch.cuda.set_device(self.local_rank)
            self.device = torch.device('cuda', self.local_rank)
        else:
            self.device = torch.device('cpu')
        self.backend = None
        if self.enabled:
            missing = [k for k in ('MASTER_ADDR', 'MASTER_PORT') if k not in os.environ]
            if missing:
                sys.exit(f'train.py: WORLD_SIZE={self.world_size} but {", ".join(missing)} not set (start with torchrun)')
            self.backend = 'nccl' if self.device.type == 'cuda' else 'gloo'
            dist.init_process_group(self.backend, rank=self.rank, world_size=self.world_size)

    @property
    def main(self):
        return self.rank == 0

    def barrier(self):
        if self.enabled:
            dist.barrier()

    def close(self):
        if self.enabled:
            dist.destroy_process_group()


class _GatherWithGradient(torch.autograd.Function):
    """all_gather whose backward returns this rank's share of the summed gradients (SimCLR's GatherLayer).
    Every rank computes the same global loss; summing the gathered gradients over ranks and letting DDP
    average the parameter gradients gives exactly the gradient of one process on the global batch."""

    @staticmethod
    def forward(ctx, x):
        parts = [torch.empty_like(x) for _ in range(dist.get_world_size())]
        dist.all_gather(parts, x.contiguous())
        return tuple(parts)

    @staticmethod
    def backward(ctx, *grads):
        stacked = torch.stack(grads)
        dist.all_reduce(stacked)
        return stacked[dist.get_rank()]


def gather_global(z):
    """The global batch's rows, rank 0's first; gradients flow back to this rank's rows."""
    if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
        return z
    return torch.cat(_GatherWithGradient.apply(z), dim=0)


def global_loss(z1, z2, step):
    """NT-Xent over the global batch: every process's views, gathered with their gradients."""
    return lab_loss(gather_global(z1), gather_global(z2), step)


# ---------------------------------------------------------------------------------------------------- data


class Data:
    """One dataset in memory: inputs as float32 unit vectors [n, d] or uint8 images [n, C, H, W]."""

    def __init__(self, kind, label, train_x, train_y, eval_x, eval_y, has_labels=True):
        self.kind = kind
        self.label = label
        self.has_labels = has_labels
        self.train_x, self.train_y = train_x, train_y
        self.eval_x, self.eval_y = eval_x, eval_y
        self.input_shape = tuple(train_x.shape[1:])

    def inputs(self, x, device):
        x = x.to(device, non_blocking=True)
        return x.float().div_(255) if self.kind == 'image' else x


def _random_unit(dim, g):
    while True:
        v = g.standard_normal(dim)
        n = np.linalg.norm(v)
        if n > 1e-9:
            return v / n


def spread_directions(count, dim, g):
    """The lab's class means: random starts pushed apart along the tangential Coulomb force (spheres.ts)."""
    points = np.stack([_random_unit(dim, g) for _ in range(count)])
    iterations = 300
    for t in range(iterations):
        step = 0.2 * (1 - t / iterations) ** 2
        diff = points[:, None, :] - points[None, :, :]
        d2 = (diff ** 2).sum(-1) + 1e-12
        scale = 1 / (d2 * np.sqrt(d2))
        np.fill_diagonal(scale, 0)
        force = (diff * scale[..., None]).sum(1)
        force -= (force * points).sum(1, keepdims=True) * points
        tangential = np.sqrt((force ** 2).sum(1, keepdims=True))
        moved = points + np.where(tangential > 0, step * force / np.where(tangential > 0, tangential, 1), 0)
        points = moved / np.linalg.norm(moved, axis=1, keepdims=True)
    return points


def sample_von_mises_fisher(mean, kappa, g):
    """Wood's (1994) sampler, as vonMisesFisher.ts: the cosine w from an envelope, then a tangent direction."""
    p = mean.shape[0]
    m = p - 1
    b = m / (2 * kappa + math.sqrt(4 * kappa * kappa + m * m))
    x0 = (1 - b) / (1 + b)
    c = kappa * x0 + m * math.log(1 - x0 * x0)
    while True:
        x = (g.standard_normal(m) ** 2).sum()
        y = (g.standard_normal(m) ** 2).sum()
        z = x / (x + y)
        w = (1 - (1 + b) * z) / (1 - (1 - b) * z)
        u = 1 - g.random()
        if kappa * w + m * math.log(1 - x0 * w) - c >= math.log(u):
            break
    while True:
        v = g.standard_normal(p)
        v -= v.dot(mean) * mean
        n = np.linalg.norm(v)
        if n > 1e-9:
            v /= n
            break
    out = w * mean + math.sqrt(max(0.0, 1 - w * w)) * v
    return out / np.linalg.norm(out)


def make_spheres(o, seed):
    """The lab's spheres (src/core/data/spheres.ts): the same definitions, numpy's random streams."""
    dim, classes, kappa = o['dim'], o['classes'], o['concentration']
    means = spread_directions(classes, dim, rng(seed, 1))
    train_counts = [max(1, js_round(o['instancesPerClass'] * o['longTailRatio'] ** (c / (classes - 1)))) for c in range(classes)]
    eval_counts = [o['evalPerClass']] * classes

    def split(counts, stream, order_stream):
        n = sum(counts)
        order = rng(seed, order_stream).permutation(n)
        x = np.zeros((n, dim), dtype=np.float32)
        labels = np.zeros(n, dtype=np.int64)
        i = 0
        for c, count in enumerate(counts):
            g = rng(seed, stream, c)
            for _ in range(count):
                x[order[i]] = sample_von_mises_fisher(means[c], kappa, g)
                labels[order[i]] = c
                i += 1
        return torch.from_numpy(x), torch.from_numpy(labels)

    train_x, train_y = split(train_counts, 2, 4)
    eval_x, eval_y = split(eval_counts, 3, 5)
    return Data('vector', f'Spheres (S^{dim - 1})', train_x, train_y, eval_x, eval_y)


def _need(paths, what):
    missing = [p for p in paths if p is None or not os.path.exists(p)]
    if missing:
        raise DataError(f'{what}: missing {", ".join(str(p) for p in missing)}')


class DataError(Exception):
    pass


def _first_existing(directory, names):
    for name in names:
        for candidate in (os.path.join(directory, name), os.path.join(directory, name + '.gz')):
            if os.path.exists(candidate):
                return candidate
    return None


def _read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], 'big') for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_idx_dataset(name, directory):
    """MNIST / Fashion-MNIST in their original idx files (optionally .gz), in DIR or torchvision's DIR/<Name>/raw."""
    files = {
        'train images': ['train-images-idx3-ubyte', 'train-images.idx3-ubyte'],
        'train labels': ['train-labels-idx1-ubyte', 'train-labels.idx1-ubyte'],
        'test images': ['t10k-images-idx3-ubyte', 't10k-images.idx3-ubyte'],
        'test labels': ['t10k-labels-idx1-ubyte', 't10k-labels.idx1-ubyte'],
    }
    roots = [directory, os.path.join(directory, 'raw'), os.path.join(directory, 'MNIST' if name == 'mnist' else 'FashionMNIST', 'raw')]
    for root in roots:
        found = {k: _first_existing(root, v) for k, v in files.items()}
        if all(found.values()):
            break
    missing = [v[0] for k, v in files.items() if not found[k]]
    if missing:
        raise DataError(f'--data {name}:{directory}: missing {", ".join(missing)} (.gz accepted) in {directory}')
    arrays = {k: _read_idx(p) for k, p in found.items()}
    image = lambda a: torch.from_numpy(a.copy()).unsqueeze(1)
    label = lambda a: torch.from_numpy(a.astype(np.int64))
    title = 'MNIST' if name == 'mnist' else 'Fashion-MNIST'
    return Data('image', title, image(arrays['train images']), label(arrays['train labels']), image(arrays['test images']), label(arrays['test labels']))


def load_cifar10(directory):
    """CIFAR-10's python batches (cifar-10-batches-py), in DIR or DIR/cifar-10-batches-py."""
    root = directory
    if not os.path.exists(os.path.join(root, 'data_batch_1')):
        root = os.path.join(directory, 'cifar-10-batches-py')
    names = [f'data_batch_{i}' for i in range(1, 6)] + ['test_batch']
    missing = [n for n in names if not os.path.exists(os.path.join(root, n))]
    if missing:
        raise DataError(f'--data cifar10:{directory}: missing {", ".join(missing)} (the python version of CIFAR-10, cifar-10-batches-py)')

    def read(name):
        with open(os.path.join(root, name), 'rb') as f:
            batch = pickle.load(f, encoding='bytes')
        return batch[b'data'].reshape(-1, 3, 32, 32), np.asarray(batch[b'labels'], dtype=np.int64)

    parts = [read(n) for n in names[:5]]
    test_x, test_y = read('test_batch')
    train_x = np.concatenate([p[0] for p in parts])
    train_y = np.concatenate([p[1] for p in parts])
    return Data('image', 'CIFAR-10', torch.from_numpy(train_x), torch.from_numpy(train_y), torch.from_numpy(test_x), torch.from_numpy(test_y))


IMAGE_SUFFIXES = ('.png', '.jpg', '.jpeg', '.bmp', '.gif', '.webp')


def load_image_folder(directory, size, workers, seed):
    """DIR/train/<class>/*, DIR/val/<class>/* (or DIR/<class>/* with a seeded 10 % held out), RGB at size×size."""
    try:
        from PIL import Image
    except ImportError:
        raise DataError('--data imagefolder:DIR needs Pillow (pip install pillow)')
    if not os.path.isdir(directory):
        raise DataError(f'--data imagefolder:{directory}: no such directory')

    def listing(root):
        classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
        items = [(os.path.join(root, c, f), i) for i, c in enumerate(classes)
                 for f in sorted(os.listdir(os.path.join(root, c))) if f.lower().endswith(IMAGE_SUFFIXES)]
        return classes, items

    def decode(path):
        with Image.open(path) as im:
            return np.asarray(im.convert('RGB').resize((size, size), Image.BILINEAR), dtype=np.uint8).transpose(2, 0, 1)

    def load(items):
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max(1, workers)) as pool:
            images = list(pool.map(decode, [p for p, _ in items]))
        return torch.from_numpy(np.stack(images)), torch.tensor([c for _, c in items], dtype=torch.int64)

    train_root, val_root = os.path.join(directory, 'train'), os.path.join(directory, 'val')
    if os.path.isdir(train_root) and os.path.isdir(val_root):
        classes, train_items = listing(train_root)
        _, eval_items = listing(val_root)
    else:
        classes, items = listing(directory)
        order = rng(seed, SEED_EVAL, 7).permutation(len(items))
        held = max(1, len(items) // 10)
        eval_items = [items[i] for i in order[:held]]
        train_items = [items[i] for i in order[held:]]
    if len(classes) < 2 or not train_items:
        raise DataError(f'--data imagefolder:{directory}: needs class folders with images ({", ".join(IMAGE_SUFFIXES)})')
    train_x, train_y = load(train_items)
    eval_x, eval_y = load(eval_items)
    return Data('image', f'image folder {os.path.basename(os.path.normpath(directory))}', train_x, train_y, eval_x, eval_y)


def load_vectors(spec, seed):
    """vectors:FILE.npy[,LABELS.npy]: rows normalised onto the unit sphere; a seeded 10 % held out."""
    files = spec.split(',')
    _need(files, '--data vectors')
    x = np.load(files[0])
    if x.ndim != 2:
        raise DataError(f'--data vectors: {files[0]} must be a 2-D array (samples × dimensions), got shape {x.shape}')
    labels = np.load(files[1]).astype(np.int64) if len(files) > 1 else np.zeros(x.shape[0], dtype=np.int64)
    if labels.shape != (x.shape[0],):
        raise DataError(f'--data vectors: {files[1]} must hold one label per row of {files[0]} ({x.shape[0]}), got shape {labels.shape}')
    x = x.astype(np.float64)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    order = rng(seed, SEED_EVAL, 7).permutation(x.shape[0])
    held = max(2, x.shape[0] // 10)
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    return Data('vector', os.path.basename(files[0]), t(x[order[held:]].astype(np.float32)), t(labels[order[held:]]),
                t(x[order[:held]].astype(np.float32)), t(labels[order[:held]]), has_labels=len(files) > 1)


DATA_KINDS = ('spheres', 'mnist', 'fashion-mnist', 'cifar10', 'imagefolder', 'vectors')


def load_data(spec, args):
    kind, _, where = spec.partition(':')
    if kind not in DATA_KINDS:
        raise DataError(f'--data {spec}: unknown kind “{kind}” (one of {", ".join(DATA_KINDS)})')
    if kind == 'spheres':
        return make_spheres(CONFIG['dataset']['spheres'], args.seed)
    if not where:
        raise DataError(f'--data {kind} needs a local path: --data {kind}:DIR' + (' or FILE.npy[,LABELS.npy]' if kind == 'vectors' else ''))
    if kind in ('mnist', 'fashion-mnist'):
        return load_idx_dataset(kind, where)
    if kind == 'cifar10':
        return load_cifar10(where)
    if kind == 'imagefolder':
        return load_image_folder(where, args.image_size, args.workers, args.seed)
    return load_vectors(where, args.seed)


# ------------------------------------------------------------------------------------------- augmentations

def augment_vectors(x, o, seed):
    """augment.ts: a geodesic step with RMS angle `rotation`, ambient Gaussian noise, back onto the sphere."""
    b, d = x.shape
    y = x
    if o['rotation'] > 0:
        g = torch.randn(b, d, generator=torch_generator(seed, 6)).to(x.device) * (o['rotation'] / math.sqrt(d - 1))
        tangent = g - x * (g * x).sum(1, keepdim=True)
        angle = torch.sqrt((tangent * tangent).sum(1, keepdim=True))
        y = x * torch.cos(angle) + tangent * (torch.sin(angle) / torch.clamp(angle, min=1e-12))
    if o['noise'] > 0:
        y = y + torch.randn(b, d, generator=torch_generator(seed, 5)).to(x.device) * o['noise']
    return y / torch.sqrt(torch.clamp((y * y).sum(1, keepdim=True), min=1e-24))


def _crop_box(min_area, g):
    """torchvision's RandomResizedCrop box, normalised as in augment.ts."""
    for _ in range(10):
        area = g.uniform(min_area, 1)
        aspect = math.exp(g.uniform(math.log(3 / 4), math.log(4 / 3)))
        w, h = math.sqrt(area * aspect), math.sqrt(area / aspect)
        if w <= 1 and h <= 1:
            x1, y1 = g.uniform(0, 1 - w), g.uniform(0, 1 - h)
            return y1, x1, y1 + h, x1 + w
    return 0.0, 0.0, 1.0, 1.0


def _affine(box, angle, shift_x, shift_y, h, w):
    """augment.ts's affineTransform: output pixel → input pixel (x = column), crop, then rotate about the centre
    and shift; returned as affine_grid's theta (align_corners=True: ±1 are the outer pixel centres)."""
    y1, x1, y2, x2 = box
    sx, sy = x2 - x1, y2 - y1
    ox, oy = x1 * (w - 1), y1 * (h - 1)
    cx, cy = (w - 1) / 2, (h - 1) / 2
    cos, sin = math.cos(angle), math.sin(angle)
    a0, a1, b0, b1 = sx * cos, -sx * sin, sy * sin, sy * cos
    px, py = cx + shift_x, cy + shift_y
    m = np.array([[a0, a1, ox + sx * cx - (a0 * px + a1 * py)], [b0, b1, oy + sy * cy - (b0 * px + b1 * py)], [0, 0, 1]])
    to_pixels = np.array([[cx, 0, cx], [0, cy, cy], [0, 0, 1]])
    return (np.linalg.inv(to_pixels) @ m @ to_pixels)[:2]


def augment_images(x, o, seed):
    """augment.ts: random resized crop, rotation and translation as one bilinear warp (zero fill), Gaussian
    noise clipped to [0, 1], then random erasing of one rectangle (torchvision's RandomErasing)."""
    b, _, h, w = x.shape
    y = x
    if o['cropScale'] < 1 or o['rotation'] > 0 or o['translation'] > 0:
        crop, rotation, translation = rng(seed, 1), rng(seed, 2), rng(seed, 3)
        max_angle = o['rotation'] * math.pi / 180
        thetas = []
        for _ in range(b):
            box = _crop_box(o['cropScale'], crop) if o['cropScale'] < 1 else (0.0, 0.0, 1.0, 1.0)
            angle = rotation.uniform(-max_angle, max_angle) if max_angle > 0 else 0.0
            shift_x = translation.uniform(-o['translation'], o['translation']) * w if o['translation'] > 0 else 0.0
            shift_y = translation.uniform(-o['translation'], o['translation']) * h if o['translation'] > 0 else 0.0
            thetas.append(_affine(box, angle, shift_x, shift_y, h, w))
        theta = torch.tensor(np.stack(thetas), dtype=x.dtype, device=x.device)
        grid = F.affine_grid(theta, list(x.shape), align_corners=True)
        y = F.grid_sample(y, grid, mode='bilinear', padding_mode='zeros', align_corners=True)
    if o['noise'] > 0:
        y = torch.clamp(y + torch.randn(y.shape, generator=torch_generator(seed, 5)).to(x.device) * o['noise'], 0, 1)
    if o['erasing'] > 0:
        g = rng(seed, 4)
        mask = torch.ones(b, 1, h, w)
        for i in range(b):
            if g.random() >= o['erasing']:
                continue
            for _ in range(10):
                area = h * w * g.uniform(0.02, 0.33)
                aspect = math.exp(g.uniform(math.log(0.3), math.log(3.3)))
                eh, ew = js_round(math.sqrt(area * aspect)), js_round(math.sqrt(area / aspect))
                if eh < h and ew < w:
                    top, left = int(g.integers(h - eh + 1)), int(g.integers(w - ew + 1))
                    mask[i, :, top:top + eh, left:left + ew] = 0
                    break
        y = y * mask.to(x.device)
    return y


def augment(data, x, seed):
    strengths = CONFIG['augmentation']
    return augment_vectors(x, strengths['vector'], seed) if data.kind == 'vector' else augment_images(x, strengths['image'], seed)


# -------------------------------------------------------------------------------------------------- models


def he_linear(inputs, outputs):
    """The lab's dense layer: He-normal weights, zero bias."""
    layer = nn.Linear(inputs, outputs)
    nn.init.normal_(layer.weight, 0, math.sqrt(2 / inputs))
    nn.init.zeros_(layer.bias)
    return layer


def he_conv3x3(inputs, outputs):
    layer = nn.Conv2d(inputs, outputs, 3, padding=1)
    nn.init.normal_(layer.weight, 0, math.sqrt(2 / (9 * inputs)))
    nn.init.zeros_(layer.bias)
    return layer


class BasicBlock(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.shortcut = nn.Sequential()
        if stride != 1 or inputs != outputs:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride, bias=False), nn.BatchNorm2d(outputs))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


def resnet18_cifar(channels):
    """ResNet-18 with the CIFAR stem (3×3 convolution, no max pooling), 512 features."""
    layers = [nn.Conv2d(channels, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(inplace=True)]
    inputs = 64
    for outputs, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
        layers += [BasicBlock(inputs, outputs, stride), BasicBlock(outputs, outputs, 1)]
        inputs = outputs
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten()), 512


class Encoder(nn.Module):
    """Backbone + the config's projection head (featureDim → featureDim → embeddingDim), unit-norm output
    (src/core/model/encoder.ts). mlp and cnn are the lab's; resnet18 is for real images."""

    def __init__(self, kind, input_shape, model):
        super().__init__()
        feature_dim = model['featureDim']
        if kind == 'mlp':
            inputs = int(np.prod(input_shape))
            self.backbone = nn.Sequential(nn.Flatten(), he_linear(inputs, model['hidden']), nn.ReLU(),
                                          he_linear(model['hidden'], feature_dim), nn.ReLU())
            features = feature_dim
        elif kind == 'cnn':
            channels, height, width = input_shape
            flat = (height // 4) * (width // 4) * 32
            self.backbone = nn.Sequential(he_conv3x3(channels, 16), nn.ReLU(), nn.MaxPool2d(2), he_conv3x3(16, 32), nn.ReLU(),
                                          nn.MaxPool2d(2), nn.Flatten(), he_linear(flat, feature_dim), nn.ReLU())
            features = feature_dim
        elif kind == 'resnet18':
            self.backbone, features = resnet18_cifar(input_shape[0])
        else:
            raise ValueError(f'unknown encoder {kind}')
        self.head = nn.Sequential(he_linear(features, feature_dim), nn.ReLU(), he_linear(feature_dim, model['embeddingDim']))

    def forward(self, x):
        return F.normalize(self.head(self.backbone(x)), dim=1)


def build_model(kind, data, seed):
    if kind != 'mlp' and data.kind != 'image':
        raise DataError(f'the {kind} encoder needs images; {data.label} are vectors (use --encoder mlp)')
    torch.manual_seed(int(rng(seed, SEED_MODEL).integers(0, 2**62)))
    return Encoder(kind, data.input_shape, CONFIG['model'])


def build_optimizer(parameters, lr):
    """The lab's optimizers (src/core/model/optimizer.ts): Adam with decoupled weight decay (AdamW), or SGD with
    momentum and L2 weight decay."""
    o = CONFIG['optimizer']
    if o['kind'] == 'adam':
        return torch.optim.AdamW(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=o['weightDecay'])
    return torch.optim.SGD(parameters, lr=lr, momentum=o['momentum'], weight_decay=o['weightDecay'])


def learning_rate_at(base, t):
    """The learning rate at 1-based step t: constant, or the lab's cosine schedule over scheduleSteps."""
    o = CONFIG['optimizer']
    if not o['cosineSchedule']:
        return base
    return base * 0.5 * (1 + math.cos(math.pi * min(t, o['scheduleSteps']) / o['scheduleSteps']))


# ------------------------------------------------------------------------------------------------- metrics


def _unit_rows(z):
    z = np.asarray(z, dtype=np.float64)
    return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-300)


def dense_labels(labels):
    """Labels mapped to 0..C−1 in ascending order, so ties go to the lowest label (pairMetrics.ts)."""
    values, dense = np.unique(np.asarray(labels), return_inverse=True)
    return dense.reshape(-1), len(values)


def lab_metrics(view1, view2=None, labels=None, k=20, knn_t=0.1):
    """The lab's metrics (src/core/metrics, the analyzer's definitions) in float64 on L2-normalised rows:
    uniformity, tolerance, weighted kNN accuracy and inter-class uniformity of view1; alignment with view2."""
    z = _unit_rows(view1)
    n = z.shape[0]
    s = z @ z.T
    off = ~np.eye(n, dtype=bool)
    out = {'uniformity': float(np.log(np.exp(4 * s[off] - 4).mean()))}
    if view2 is not None:
        out['alignment'] = float(((z - _unit_rows(view2)) ** 2).sum(1).mean())
    if labels is not None:
        dense, classes = dense_labels(labels)
        same = (dense[:, None] == dense[None, :]) & off
        if same.any():
            out['tolerance'] = float(s[same].mean())
        kk = min(k, n - 1)
        masked = np.where(off, s, -np.inf)
        top = np.argpartition(-masked, kk - 1, axis=1)[:, :kk]
        values = np.take_along_axis(masked, top, axis=1)
        weights = np.exp((values - values.max(1, keepdims=True)) / knn_t)
        scores = np.zeros((n, classes))
        np.add.at(scores, (np.repeat(np.arange(n), kk), dense[top].reshape(-1)), weights.reshape(-1))
        out['knnAccuracy'] = float((scores.argmax(1) == dense).mean())
        if classes >= 2:
            mu = np.stack([z[dense == c].mean(0) for c in range(classes)])
            d2 = ((mu[:, None, :] - mu[None, :, :]) ** 2).sum(-1)
            pairs = ~np.eye(classes, dtype=bool)
            out['interClassUniformity'] = float(np.log(np.exp(-2 * d2[pairs]).mean()))
    return out


def batch_tau(z1, z2, step):
    """Mean τ over the last global batch's positive pairs and over its negative pairs (i < j), as the lab."""
    z = F.normalize(torch.cat([z1, z2]).double(), dim=1)
    b = z1.shape[0]
    s = z @ z.t()
    alignment = (z[:b] * z[b:]).sum(1).mean()
    t = lab_tau(s, step, alignment)
    n = 2 * b
    upper = torch.triu(torch.ones(n, n, dtype=torch.bool, device=z.device), diagonal=1)
    positive = torch.zeros(n, n, dtype=torch.bool, device=z.device)
    positive[torch.arange(b), torch.arange(b) + b] = True
    return float(t[positive].mean()), float(t[upper & ~positive].mean())


# -------------------------------------------------------------------------------------------------- outputs

HISTORY_FIELDS = ('step', 'loss', 'stepMs', 'alignment', 'uniformity', 'tolerance', 'interClassUniformity', 'knnAccuracy',
                  'tauPositiveMean', 'tauNegativeMean')


def _finite(x):
    return float(x) if x is not None and math.isfinite(x) else None


def _write_atomically(path, write):
    tmp = f'{path}.tmp'
    write(tmp)
    os.replace(tmp, path)


def save_npy(path, array):
    def write(tmp):
        with open(tmp, 'wb') as f:
            np.save(f, array)
    _write_atomically(path, write)


def run_config(args, world_size):
    """The exported configuration with what this run changed that the lab can express."""
    config = json.loads(json.dumps(CONFIG))
    config['seed'] = args.seed
    config['optimizer']['learningRate'] = args.lr
    if args.encoder in ('mlp', 'cnn'):
        config['model']['encoder'] = args.encoder
    if 4 <= args.batch * world_size <= 1024:
        config['batchSize'] = args.batch * world_size
    return config


def write_outputs(out, args, dist_info, data, history, final):
    source = {
        'tool': 'pytorch',
        'script': 'train.py',
        'labVersion': LAB_VERSION,
        'torch': torch.__version__,
        'device': torch.cuda.get_device_name(dist_info.device) if dist_info.device.type == 'cuda' else 'cpu',
        'worldSize': dist_info.world_size,
        'distributedBackend': dist_info.backend,
        'data': args.data,
        'encoder': args.encoder,
        'batchPerProcess': args.batch,
        'globalBatch': args.batch * dist_info.world_size,
        'steps': args.steps,
        'finished': final,
    }
    if getattr(args, 'cell', None) is not None:
        source['cell'] = args.cell
    run = {'format': 'dystress-lab-run', 'version': 1, 'config': run_config(args, dist_info.world_size), 'backend': 'pytorch',
           'source': source, 'history': history}

    def json_to(path):
        with open(path, 'w') as f:
            json.dump(run, f, indent=1)

    def csv_to(path):
        with open(path, 'w', newline='') as f:
            w = csv.writer(f, lineterminator='\n')
            w.writerow(HISTORY_FIELDS)
            for point in history:
                w.writerow(['' if point.get(k) is None else point[k] for k in HISTORY_FIELDS])

    _write_atomically(os.path.join(out, 'run.json'), json_to)
    _write_atomically(os.path.join(out, 'history.csv'), csv_to)


# -------------------------------------------------------------------------------------------------- training


def parse_args(argv=None):
    dataset = CONFIG['dataset']['id']
    default_data = 'spheres' if dataset == 'spheres' else None
    p = argparse.ArgumentParser(description='Train with the temperature exported from DySTreSS Lab (one process, or under torchrun).')
    p.add_argument('--data', default=default_data,
                   help='spheres | mnist:DIR | fashion-mnist:DIR | cifar10:DIR | imagefolder:DIR | vectors:FILE.npy[,LABELS.npy]'
                        + (f' (default {default_data})' if default_data else f' (required: the lab trained {dataset})'))
    p.add_argument('--out', required=True, help='run directory (created); rank 0 writes run.json, history.csv, *.npy, checkpoint.pt')
    p.add_argument('--steps', type=int, default=__DEFAULT_STEPS__, help='optimisation steps (default %(default)s)')
    p.add_argument('--batch', type=int, default=CONFIG['batchSize'], help='samples per process per step; the global batch is WORLD_SIZE × B (default %(default)s)')
    p.add_argument('--lr', type=float, default=CONFIG['optimizer']['learningRate'], help='learning rate (default %(default)s)')
    p.add_argument('--eval-every', type=int, default=__DEFAULT_EVAL_EVERY__, help='steps between held-out evaluations (default %(default)s)')
    p.add_argument('--checkpoint-every', type=int, default=__DEFAULT_CHECKPOINT_EVERY__, help='steps between checkpoints (default %(default)s)')
    p.add_argument('--workers', type=int, default=4, help='threads decoding an image folder (default %(default)s)')
    p.add_argument('--encoder', choices=('mlp', 'cnn', 'resnet18'), default=CONFIG['model']['encoder'], help='(default %(default)s)')
    p.add_argument('--image-size', type=int, default=32, help='side of imagefolder images after resizing (default %(default)s)')
    p.add_argument('--seed', type=int, default=CONFIG['seed'], help='(default %(default)s)')
    p.add_argument('--resume', action='store_true', help='continue from RUN_DIR/checkpoint.pt')
    if SWEEP_CELLS:
        p.add_argument('--cell', choices=list(SWEEP_CELLS), help='the sweep cell to train (its config and τ)')
    args = p.parse_args(argv)
    if args.data is None:
        example = {'images': 'imagefolder:DIR (the zip unpacked)', 'vectors': 'vectors:FILE.npy[,LABELS.npy]'}.get(dataset, f'{dataset}:DIR')
        p.error(f'--data is required: the exported config trained on {dataset}; give e.g. --data {example}')
    for name in ('steps', 'batch', 'eval_every', 'checkpoint_every'):
        if getattr(args, name) < 1:
            p.error(f'--{name.replace("_", "-")} must be ≥ 1')
    return args


def evaluate(model, data, held, step, last_batch, loss_mean, step_ms):
    """One history point, on the fixed held-out subset: the lab's metric names and definitions."""
    model.eval()
    with torch.no_grad():
        embed = lambda x: torch.cat([model(part) for part in x.split(512)]).cpu().numpy()
        clean, view1, view2 = embed(held['clean']), embed(held['view1']), embed(held['view2'])
    model.train()
    labels = held['labels']
    ev = CONFIG['evaluation']
    metrics = lab_metrics(clean, None, labels if data.has_labels else None, ev['k'], ev['knnT'])
    metrics['alignment'] = lab_metrics(view1, view2)['alignment']
    tau_positive, tau_negative = batch_tau(*last_batch, step) if last_batch is not None else (None, None)
    point = {'step': step, 'loss': _finite(loss_mean), 'stepMs': _finite(step_ms), 'alignment': _finite(metrics['alignment']),
             'uniformity': _finite(metrics['uniformity']), 'tolerance': _finite(metrics.get('tolerance')),
             'interClassUniformity': _finite(metrics.get('interClassUniformity')), 'knnAccuracy': _finite(metrics.get('knnAccuracy')),
             'tauPositiveMean': _finite(tau_positive), 'tauNegativeMean': _finite(tau_negative)}
    return point, (clean, view1, view2, labels)


def held_out(data, seed, device):
    """A fixed, seeded held-out subset with two fixed augmented views, so evaluations stay comparable."""
    count = min(CONFIG['evaluation']['samples'], data.eval_x.shape[0])
    indices = np.sort(rng(seed, SEED_EVAL).choice(data.eval_x.shape[0], count, replace=False))
    clean = data.inputs(data.eval_x[indices], device)
    return {'clean': clean, 'view1': augment(data, clean, rng(seed, SEED_EVAL, 1).integers(2**31)),
            'view2': augment(data, clean, rng(seed, SEED_EVAL, 2).integers(2**31)),
            'labels': data.eval_y[indices].numpy()}


def train(args):
    ctx = Distributed()
    try:
        try:
            data = load_data(args.data, args)
            model = build_model(args.encoder, data, args.seed)
        except DataError as e:
            sys.exit(f'train.py: {e}')
        global_batch = args.batch * ctx.world_size
        if global_batch > data.train_x.shape[0]:
            sys.exit(f'train.py: the global batch {global_batch} (WORLD_SIZE {ctx.world_size} × --batch {args.batch}) exceeds the {data.train_x.shape[0]} training samples of {data.label}')
        model = model.to(ctx.device)
        if ctx.enabled and ctx.device.type == 'cuda':
            model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
        net = nn.parallel.DistributedDataParallel(model, device_ids=[ctx.local_rank] if ctx.device.type == 'cuda' else None) if ctx.enabled else model
        optimizer = build_optimizer(net.parameters(), args.lr)
        os.makedirs(args.out, exist_ok=True)
        checkpoint_path = os.path.join(args.out, 'checkpoint.pt')
        start, history = 0, []
        if args.resume:
            if not os.path.exists(checkpoint_path):
                sys.exit(f'train.py: --resume: no checkpoint at {checkpoint_path}')
            state = torch.load(checkpoint_path, map_location=ctx.device)
            model.load_state_dict(state['model'])
            optimizer.load_state_dict(state['optimizer'])
            start, history = state['step'], state['history']
        held = held_out(data, args.seed, ctx.device) if ctx.main else None
        if ctx.main:
            print(f'train.py: {data.label}, {args.encoder}, world size {ctx.world_size} ({ctx.backend or "single process"}, {ctx.device}), '
                  f'global batch {global_batch}, steps {start + 1}..{args.steps}', file=sys.stderr, flush=True)

        if start == 0 and ctx.main:
            # Step 0, the untrained encoder, as the lab's runner and sweeps record it.
            history.append(evaluate(model, data, held, 0, None, None, None)[0])
            print(json.dumps(history[-1]), flush=True)
        loss_sum, loss_steps, last_batch, since = 0.0, 0, None, time.perf_counter()
        for t in range(start + 1, args.steps + 1):
            # Every rank draws the same global batch and takes its share; augmentations are seeded per rank and step.
            indices = rng(args.seed, SEED_BATCHES, t).choice(data.train_x.shape[0], global_batch, replace=False)
            mine = np.sort(indices[ctx.rank * args.batch:(ctx.rank + 1) * args.batch])
            x = data.inputs(data.train_x[mine], ctx.device)
            views = torch.cat([augment(data, x, rng(args.seed, SEED_AUGMENT, t, ctx.rank, 1).integers(2**31)),
                               augment(data, x, rng(args.seed, SEED_AUGMENT, t, ctx.rank, 2).integers(2**31))])
            z1, z2 = net(views).chunk(2)
            g1, g2 = gather_global(z1), gather_global(z2)
            loss = lab_loss(g1, g2, t)
            for group in optimizer.param_groups:
                group['lr'] = learning_rate_at(args.lr, t)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            loss_sum += loss.detach()  # read back only at evaluations
            loss_steps += 1
            last_batch = (g1.detach(), g2.detach())
            if t % args.eval_every == 0 or t == args.steps:
                if ctx.device.type == 'cuda':
                    torch.cuda.synchronize()
                step_ms = (time.perf_counter() - since) * 1000 / loss_steps
                if ctx.main:
                    point, arrays = evaluate(model, data, held, t, last_batch, float(loss_sum) / loss_steps, step_ms)
                    history.append(point)
                    write_outputs(args.out, args, ctx, data, history, t == args.steps)
                    for name, array in zip(('clean', 'view1', 'view2', 'labels'), arrays):
                        save_npy(os.path.join(args.out, f'{name}.npy'), array.astype(np.int32 if name == 'labels' else np.float32))
                    print(json.dumps(point), flush=True)
                ctx.barrier()
                loss_sum, loss_steps, since = 0.0, 0, time.perf_counter()
            if t % args.checkpoint_every == 0 or t == args.steps:
                if ctx.main:
                    state = {'step': t, 'model': model.state_dict(), 'optimizer': optimizer.state_dict(), 'history': history}
                    _write_atomically(checkpoint_path, lambda p: torch.save(state, p))
                ctx.barrier()
    finally:
        ctx.close()


def main(argv=None):
    if SWEEP_CELLS:
        # The cell decides the other flags' defaults, so it is read first.
        cell = argparse.ArgumentParser(add_help=False)
        cell.add_argument('--cell')
        known, _ = cell.parse_known_args(argv)
        if known.cell is None:
            sys.exit(f'train.py: --cell is required for a sweep export (one of {", ".join(SWEEP_CELLS)})')
        select_cell(known.cell)
    train(parse_args(argv))


if __name__ == '__main__':
    main()
