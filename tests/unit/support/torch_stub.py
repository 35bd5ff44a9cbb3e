"""A tiny stand-in for torch on plain Python floats, enough to run the lab's generated PyTorch snippet
(tau and nt_xent) where torch is not installed: tensors of any rank stored flat with numpy-style
broadcasting, and the few functions and methods the generator emits. Out-of-domain math gives nan and
division by zero gives inf, as in torch."""
import math
import sys
import types


def _safe(f):
    def g(*args):
        try:
            r = f(*args)
            return math.nan if isinstance(r, complex) else r
        except ZeroDivisionError:
            num = args[0]
            return math.nan if num == 0 or math.isnan(num) else math.copysign(math.inf, num) * math.copysign(1, args[1])
        except (ValueError, OverflowError):
            return math.nan
    return g


def _shape_of(data):
    shape = []
    while isinstance(data, (list, tuple)):
        shape.append(len(data))
        data = data[0] if data else None
    return tuple(shape)


def _flatten(data):
    if isinstance(data, (list, tuple)):
        return [x for d in data for x in _flatten(d)]
    return [data]


def _strides(shape):
    out, acc = [], 1
    for n in reversed(shape):
        out.append(acc)
        acc *= n
    return list(reversed(out))


def _broadcast(a, b):
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + tuple(a)
    b = (1,) * (n - len(b)) + tuple(b)
    out = []
    for x, y in zip(a, b):
        if x != y and 1 not in (x, y):
            raise ValueError(f'cannot broadcast {a} and {b}')
        out.append(max(x, y))
    return tuple(out)


def _expand(t, shape):
    """t's values laid out over `shape` (broadcast)."""
    if t.shape == tuple(shape):
        return t.v
    src = (1,) * (len(shape) - len(t.shape)) + t.shape
    strides = _strides(src)
    out = []
    for flat in range(_size(shape)):
        idx, rest = 0, flat
        for k, n in enumerate(shape):
            step = _size(shape[k + 1:])
            i, rest = divmod(rest, step)
            if src[k] != 1:
                idx += i * strides[k]
        out.append(t.v[idx])
    return out


def _size(shape):
    n = 1
    for s in shape:
        n *= s
    return n


def _wrap(x):
    return x if isinstance(x, Tensor) else Tensor(x)


class Tensor:
    device = None

    def __init__(self, data, shape=None):
        if shape is None:
            shape = _shape_of(data)
            data = _flatten(data)
        self.v = list(data)
        self.shape = tuple(shape)

    def tolist(self):
        def build(offset, dims):
            if not dims:
                return self.v[offset]
            step = _size(dims[1:])
            return [build(offset + i * step, dims[1:]) for i in range(dims[0])]
        return build(0, self.shape)

    def item(self):
        assert _size(self.shape) == 1
        return self.v[0]

    def new_tensor(self, x):
        return Tensor(x)

    def expand_as(self, other):
        return Tensor(_expand(self, other.shape), other.shape)

    def detach(self):
        return self

    def t(self):
        r, c = self.shape
        return Tensor([self.v[i * c + j] for j in range(c) for i in range(r)], (c, r))

    def sum(self, dim):
        r, c = self.shape
        assert dim == 1
        return Tensor([sum(self.v[i * c:(i + 1) * c]) for i in range(r)], (r,))

    def mean(self):
        return Tensor(sum(self.v) / len(self.v))

    def masked_fill(self, mask, value):
        m = _expand(mask, self.shape)
        return Tensor([value if mi else x for x, mi in zip(self.v, m)], self.shape)

    def __getitem__(self, key):
        if isinstance(key, slice):
            rows = range(*key.indices(self.shape[0]))
            step = _size(self.shape[1:])
            return Tensor([x for i in rows for x in self.v[i * step:(i + 1) * step]], (len(rows),) + self.shape[1:])
        rows, cols = key
        c = self.shape[1]
        return Tensor([self.v[int(i) * c + int(j)] for i, j in zip(rows.v, cols.v)], (len(rows.v),))

    def __setitem__(self, key, value):
        rows, cols = key
        c = self.shape[1]
        for i, j in zip(rows.v, cols.v):
            self.v[int(i) * c + int(j)] = value

    def __matmul__(self, o):
        (r, k), (k2, c) = self.shape, o.shape
        assert k == k2
        return Tensor([sum(self.v[i * k + m] * o.v[m * c + j] for m in range(k)) for i in range(r) for j in range(c)], (r, c))

    def __add__(self, o): return _map2(self, o, lambda a, b: a + b)
    def __radd__(self, o): return _map2(o, self, lambda a, b: a + b)
    def __sub__(self, o): return _map2(self, o, lambda a, b: a - b)
    def __rsub__(self, o): return _map2(o, self, lambda a, b: a - b)
    def __mul__(self, o): return _map2(self, o, lambda a, b: a * b)
    def __rmul__(self, o): return _map2(o, self, lambda a, b: a * b)
    def __truediv__(self, o): return _map2(self, o, _safe(lambda a, b: a / b))
    def __rtruediv__(self, o): return _map2(o, self, _safe(lambda a, b: a / b))
    def __mod__(self, o): return _map2(self, o, lambda a, b: a % b)
    def __pow__(self, o): return _map2(self, o, _safe(lambda a, b: a ** b))
    def __rpow__(self, o): return _map2(o, self, _safe(lambda a, b: a ** b))
    def __neg__(self): return _map1(self, lambda a: -a)
    def __lt__(self, o): return _map2(self, o, lambda a, b: a < b)
    def __le__(self, o): return _map2(self, o, lambda a, b: a <= b)
    def __gt__(self, o): return _map2(self, o, lambda a, b: a > b)
    def __ge__(self, o): return _map2(self, o, lambda a, b: a >= b)


def _map1(a, f):
    a = _wrap(a)
    return Tensor([f(x) for x in a.v], a.shape)


def _map2(a, b, f):
    a, b = _wrap(a), _wrap(b)
    shape = _broadcast(a.shape, b.shape)
    return Tensor([f(x, y) for x, y in zip(_expand(a, shape), _expand(b, shape))], shape)


def _where(c, x, y):
    c, x, y = _wrap(c), _wrap(x), _wrap(y)
    shape = _broadcast(_broadcast(c.shape, x.shape), y.shape)
    return Tensor([xi if ci else yi for ci, xi, yi in zip(_expand(c, shape), _expand(x, shape), _expand(y, shape))], shape)


def _rows(x):
    r, c = x.shape
    return [x.v[i * c:(i + 1) * c] for i in range(r)]


def _logsumexp(x, dim):
    assert dim == 1
    out = []
    for row in _rows(x):
        m = max(row)
        out.append(m + math.log(sum(math.exp(v - m) for v in row)))
    return Tensor(out, (x.shape[0],))


def _normalize(x, dim):
    assert dim == 1
    out = []
    for row in _rows(x):
        n = max(math.sqrt(sum(v * v for v in row)), 1e-12)
        out.extend(v / n for v in row)
    return Tensor(out, x.shape)


def _cat(ts, dim):
    assert dim == 0
    return Tensor([x for t in ts for x in t.v], (sum(t.shape[0] for t in ts),) + ts[0].shape[1:])


def _clamp(x, min=None, max=None):
    def f(v):
        if min is not None and v < min:
            v = min
        if max is not None and v > max:
            v = max
        return v
    return _map1(x, f)


torch = types.ModuleType('torch')
torch.Tensor = Tensor
torch.float64 = 'float64'
torch.bool = 'bool'
torch.tensor = lambda data, dtype=None: Tensor(data)
for _name in ['cos', 'sin', 'tan', 'exp', 'log', 'sqrt', 'tanh']:
    setattr(torch, _name, (lambda f: lambda a: _map1(a, _safe(f)))(getattr(math, _name)))
torch.abs = lambda a: _map1(a, abs)
torch.minimum = lambda a, b: _map2(a, b, min)
torch.maximum = lambda a, b: _map2(a, b, max)
torch.full_like = lambda s, v: Tensor([float(v)] * _size(s.shape), s.shape)
torch.where = _where
torch.logsumexp = _logsumexp
torch.cat = _cat
torch.clamp = _clamp
torch.arange = lambda n, device=None: Tensor(list(range(n)), (n,))
torch.eye = lambda n, dtype=None, device=None: Tensor([i == j for i in range(n) for j in range(n)], (n, n))
nn = types.ModuleType('torch.nn')
functional = types.ModuleType('torch.nn.functional')
functional.normalize = _normalize
nn.functional = functional
torch.nn = nn
sys.modules['torch'] = torch
sys.modules['torch.nn'] = nn
sys.modules['torch.nn.functional'] = functional
