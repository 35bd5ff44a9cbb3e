"""A tiny stand-in for torch, enough to evaluate the generated tau(s, ...) on plain Python floats:
1-d and 0-d tensors, elementwise arithmetic with broadcasting, and the functions the generator emits.
Real torch semantics where they matter here: out-of-domain math gives nan, division by zero gives inf."""
import math
import sys
import types


def _safe(f):
    def g(*args):
        try:
            return f(*args)
        except ZeroDivisionError:
            num = args[0]
            return math.nan if num == 0 or math.isnan(num) else math.copysign(math.inf, num) * math.copysign(1, args[1])
        except (ValueError, OverflowError):
            return math.nan
    return g


def _pow(a, b):
    r = a ** b
    return math.nan if isinstance(r, complex) else float(r)


class Tensor:
    def __init__(self, data):
        self.data = [float(x) for x in data] if isinstance(data, (list, tuple)) else float(data)

    # shapes: a list (1-d) or a float (0-d)
    def _vals(self, n):
        return self.data if isinstance(self.data, list) else [self.data] * n

    def tolist(self):
        return self.data

    def new_tensor(self, x):
        return Tensor(float(x))

    def expand_as(self, other):
        return Tensor(self._vals(len(other.data)))

    def detach(self):
        return self

    def __add__(self, o): return _map2(self, o, lambda a, b: a + b)
    def __radd__(self, o): return _map2(o, self, lambda a, b: a + b)
    def __sub__(self, o): return _map2(self, o, lambda a, b: a - b)
    def __rsub__(self, o): return _map2(o, self, lambda a, b: a - b)
    def __mul__(self, o): return _map2(self, o, lambda a, b: a * b)
    def __rmul__(self, o): return _map2(o, self, lambda a, b: a * b)
    def __truediv__(self, o): return _map2(self, o, _safe(lambda a, b: a / b))
    def __rtruediv__(self, o): return _map2(o, self, _safe(lambda a, b: a / b))
    def __pow__(self, o): return _map2(self, o, _safe(_pow))
    def __rpow__(self, o): return _map2(o, self, _safe(_pow))
    def __neg__(self): return _map1(self, lambda a: -a)
    def __lt__(self, o): return _map2(self, o, lambda a, b: a < b)
    def __le__(self, o): return _map2(self, o, lambda a, b: a <= b)
    def __gt__(self, o): return _map2(self, o, lambda a, b: a > b)
    def __ge__(self, o): return _map2(self, o, lambda a, b: a >= b)


def _length(*xs):
    for x in xs:
        if isinstance(x, Tensor) and isinstance(x.data, list):
            return len(x.data)
    return None


def _vals(x, n):
    if isinstance(x, Tensor):
        return x._vals(n) if n is not None else x.data
    return [x] * n if n is not None else x


def _map1(a, f):
    n = _length(a)
    return Tensor([f(x) for x in _vals(a, n)] if n is not None else f(_vals(a, None)))


def _map2(a, b, f):
    n = _length(a, b)
    if n is None:
        return Tensor(f(_vals(a, None), _vals(b, None)))
    return Tensor([f(x, y) for x, y in zip(_vals(a, n), _vals(b, n))])


torch = types.ModuleType('torch')
torch.Tensor = Tensor
torch.float64 = 'float64'
torch.tensor = lambda data, dtype=None: Tensor(data)
for _name in ['cos', 'sin', 'tan', 'exp', 'log', 'sqrt', 'tanh']:
    setattr(torch, _name, (lambda f: lambda a: _map1(a, _safe(f)))(getattr(math, _name)))
torch.abs = lambda a: _map1(a, abs)
torch.minimum = lambda a, b: _map2(a, b, min)
torch.maximum = lambda a, b: _map2(a, b, max)
torch.full_like = lambda s, v: Tensor([float(v)] * len(s.data))


def _where(c, x, y):
    n = _length(c, x, y)
    return Tensor([xi if ci else yi for ci, xi, yi in zip(_vals(c, n), _vals(x, n), _vals(y, n))])


torch.where = _where
nn = types.ModuleType('torch.nn')
functional = types.ModuleType('torch.nn.functional')
nn.functional = functional
torch.nn = nn
sys.modules['torch'] = torch
sys.modules['torch.nn'] = nn
sys.modules['torch.nn.functional'] = functional
