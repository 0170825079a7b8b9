"""Speed benchmark: symacts' NumPy callables vs hand-written NumPy/SciPy vs PyTorch CPU.

For every activation, f and f' on 1e6 and 1e7 float64 elements (a fixed seeded mix: N(0, 3)
plus 1% of values in +-[50, 1000]) are timed three ways, interleaved and best of --repeat
runs after a warm-up, so each ratio comes from one run:

- ``act.numpy(n)`` (compiled once, outside the timing);
- the hand-written baseline in ``HANDWRITTEN`` below (the best careful NumPy/SciPy we could
  write for that function; checked against ``act.numpy`` to 1e-12 before timing);
- PyTorch CPU, one thread, ``torch.from_numpy`` and the record's ``frameworks`` call
  (``symacts.frameworks.TorchCall``); f' by autograd, timed as forward + ``autograd.grad``.

Also a plain ``x.copy()`` for reference (piecewise-linear functions should be within 2x of
it), the peak extra memory of one call (tracemalloc, in array sizes) and the import time of
symacts vs sympy. Prints one table and a summary, writes ``bench-results/speed.json``.

    python scripts/bench_speed.py [--quick] [--sizes 1e6 1e7] [--names relu gelu] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import special

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Array = np.ndarray
Fn = Callable[[Array], Array]

# --------------------------------------------------------------------------- baselines
# Hand-written NumPy/SciPy for each activation at its default parameters: what a careful
# user would write (stable forms, no overflow to NaN, in-place work where it saves passes).
# This table is the comparison the speed target is stated against, so it is written by hand
# on purpose; `check_baselines` verifies every entry against act.numpy before timing.

_SELU_SCALE = 1.0507009873554805
_SELU_SCALE_ALPHA = 1.7580993408473768  # scale * alpha, correctly rounded
_INV_SQRT_2PI = 0.3989422804014327
_TWO_OVER_SQRT_PI = 1.1283791670955126
_GELU_TANH_C = 1.5957691216057308  # 2 sqrt(2/pi): expit(2u) = (1 + tanh u) / 2
_E_MINUS_1 = math.expm1(1.0)
_BIG = 1e150  # |x| beyond which 1 + x^2 == x^2 and x^2 still fits


def _expit(x: Array) -> Array:
    return special.expit(x)


def _log1p_exp_neg_abs(x: Array) -> Array:
    """log(1 + exp(-|x|)), in place on one temporary."""
    t = np.abs(x)
    np.negative(t, out=t)
    np.exp(t, out=t)
    return np.log1p(t, out=t)


def _softplus(x: Array) -> Array:
    t = _log1p_exp_neg_abs(x)
    t += np.maximum(x, 0.0)
    return t


def _log_expit(x: Array) -> Array:
    t = _log1p_exp_neg_abs(x)
    np.subtract(np.minimum(x, 0.0), t, out=t)
    return t


def _celu(x: Array) -> Array:
    # e^x - 1 >= x, so max picks x for x > 0 and expm1(x) for x <= 0.
    return np.maximum(x, np.expm1(np.minimum(x, 0.0)))


def _sech2(x: Array) -> Array:
    """sech(x)^2 = 4 e / (1 + e)^2 with e = exp(-2|x|): no cancellation, no overflow."""
    e = np.abs(x)
    e *= -2.0
    np.exp(e, out=e)
    d = e + 1.0
    d *= d
    e *= 4.0
    e /= d
    return e


def _inv_sqrt1p_sq(x: Array) -> Array:
    """1 / sqrt(1 + x^2) and the clipped x it was computed from (exact for all finite x)."""
    c = np.clip(x, -_BIG, _BIG)
    r = c * c
    r += 1.0
    np.sqrt(r, out=r)
    np.divide(1.0, r, out=r)
    return r, c


def _isru(x: Array) -> Array:
    r, c = _inv_sqrt1p_sq(x)
    r *= c
    return r


def _isru_d1(x: Array) -> Array:
    r, _ = _inv_sqrt1p_sq(x)
    return r * r * r


def _isrlu_d1(x: Array) -> Array:
    r, _ = _inv_sqrt1p_sq(np.minimum(x, 0.0))
    return r * r * r


def _bent_identity(x: Array) -> Array:
    # (sqrt(x^2 + 1) - 1) / 2 = x^2 / (2 (sqrt(x^2 + 1) + 1)): no cancellation at 0.
    c = np.clip(x, -_BIG, _BIG)
    h = c * c
    h += 1.0
    np.sqrt(h, out=h)
    h += 1.0
    np.divide(c, h, out=h)
    h *= x
    h *= 0.5
    h += x
    return h


def _bent_identity_d1(x: Array) -> Array:
    r, c = _inv_sqrt1p_sq(x)
    r *= c
    r *= 0.5
    r += 1.0
    return r


def _elish(x: Array) -> Array:
    return _celu(x) * _expit(x)


def _elish_d1(x: Array) -> Array:
    # (c s)' = c' s + c s (1 - s), c = celu, c' = exp(min(x, 0)), 1 - s = expit(-x).
    s = _expit(x)
    return s * (np.exp(np.minimum(x, 0.0)) + _celu(x) * _expit(-x))


def _elliott(x: Array) -> Array:
    # 1/2 + x / (2 (1 + |x|)) = (1/2 + max(x, 0)) / (1 + |x|): no cancellation for x < 0.
    d = np.abs(x)
    d += 1.0
    n = np.maximum(x, 0.0)
    n += 0.5
    n /= d
    return n


def _elliott_d1(x: Array) -> Array:
    d = np.abs(x)
    d += 1.0
    d *= d
    np.divide(0.5, d, out=d)
    return d


def _gaussian(x: Array) -> Array:
    t = x * x
    np.negative(t, out=t)
    return np.exp(t, out=t)


def _gelu_tanh(x: Array) -> Array:
    # x (1 + tanh u) / 2 = x expit(2u): no cancellation for x < 0.
    u = x * x
    u *= 0.044715
    u += 1.0
    u *= x
    u *= _GELU_TANH_C
    return x * _expit(u)


def _gelu_tanh_d1(x: Array) -> Array:
    x2 = x * x
    u = 0.044715 * x2
    u += 1.0
    u *= x
    u *= _GELU_TANH_C
    s = _expit(u)
    q = _expit(-u)
    dv = 0.134145 * x2
    dv += 1.0
    dv *= _GELU_TANH_C
    dv *= x
    dv *= q
    dv += 1.0
    dv *= s
    return dv


def _hard_elish_d1(x: Array) -> Array:
    # f = c h with c = celu, h = clip((x + 1)/2, 0, 1); f' = c' h + c h'.
    e = np.exp(np.minimum(x, 0.0))
    e *= np.clip((x + 1.0) * 0.5, 0.0, 1.0)
    hp = ((x > -1.0) & (x < 1.0)) * 0.5
    hp *= _celu(x)
    e += hp
    return e


def _hardswish_d1(x: Array) -> Array:
    # (2x + 3)/6 inside (-3, 3), 0 below, 1 from 3 on.
    d = 2.0 * x
    d += 3.0
    d *= 1.0 / 6.0
    d *= np.abs(x) < 3.0
    d += x >= 3.0
    return d


def _logish_d1(x: Array) -> Array:
    s = _expit(x)
    t = x * s
    t *= _expit(-x)
    t /= s + 1.0
    t += np.log1p(s)
    return t


def _mish_parts(x: Array) -> tuple[Array, Array, Array]:
    # tanh(softplus(x)) = n / (n + 2) with n = e (e + 2), e = exp(x); exact to double
    # precision once x > 40, so x is clamped there (no overflow).
    e = np.exp(np.minimum(x, 40.0))
    n = e + 2.0
    n *= e
    d = n + 2.0
    return e, n, d


def _mish(x: Array) -> Array:
    _, n, d = _mish_parts(x)
    n /= d
    n *= x
    return n


def _mish_d1(x: Array) -> Array:
    # f' = n/(n+2) + 4 x e (e + 1) / (n + 2)^2.
    e, n, d = _mish_parts(x)
    n /= d
    g = e + 1.0
    g *= e
    g *= x
    g *= 4.0
    d *= d
    g /= d
    g += n
    return g


def _quick_gelu_d1(x: Array) -> Array:
    u = 1.702 * x
    s = _expit(u)
    q = _expit(-u)
    q *= u
    q += 1.0
    q *= s
    return q


def _serf_d1(x: Array) -> Array:
    sp = _softplus(x)
    g = sp * sp
    np.negative(g, out=g)
    np.exp(g, out=g)
    g *= _expit(x)
    g *= x
    g *= _TWO_OVER_SQRT_PI
    g += special.erf(sp)
    return g


def _sigmoid_d1(x: Array) -> Array:
    # e / (1 + e)^2 with e = exp(-|x|): symmetric, no cancellation.
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = e + 1.0
    d *= d
    e /= d
    return e


def _silu_d1(x: Array) -> Array:
    t = x * _expit(-x)
    t += 1.0
    t *= _expit(x)
    return t


def _sinc(x: Array) -> Array:
    r = np.sin(x)
    r /= x
    r[x == 0.0] = 1.0
    return r


# sinc'(x) = sum_{k>=1} (-1)^k 2k x^(2k-1) / (2k+1)!, used for |x| < 0.25 where
# (cos x - sin(x)/x) / x cancels.
_SINC_D1_SERIES = (
    -1.0 / 3.0,
    1.0 / 30.0,
    -1.0 / 840.0,
    1.0 / 45360.0,
    -1.0 / 3991680.0,
    1.0 / 518918400.0,
)


def _odd_series(v: Array, coefficients: tuple[float, ...], first_power: int) -> Array:
    """sum_k c_k v^(first_power + 2k) by Horner's rule in v^2."""
    v2 = v * v
    acc = np.full_like(v, coefficients[-1])
    for c in coefficients[-2::-1]:
        acc *= v2
        acc += c
    return acc * v**first_power


def _sinc_d1(x: Array) -> Array:
    r = np.sin(x)
    r /= x
    np.subtract(np.cos(x), r, out=r)
    r /= x
    small = np.flatnonzero(np.abs(x) < 0.25)
    r[small] = _odd_series(x[small], _SINC_D1_SERIES, 1)
    return r


def _smish_parts(x: Array) -> tuple[Array, Array, Array]:
    # tanh(log1p(s)) = n / (n + 2) with n = s (s + 2), s = expit(x).
    s = _expit(x)
    n = s + 2.0
    n *= s
    return s, n, n + 2.0


def _smish(x: Array) -> Array:
    _, n, d = _smish_parts(x)
    n /= d
    n *= x
    return n


def _smish_d1(x: Array) -> Array:
    # f' = n/(n+2) + 4 x s (1 + s) expit(-x) / (n + 2)^2.
    s, n, d = _smish_parts(x)
    n /= d
    g = s + 1.0
    g *= s
    g *= x
    g *= _expit(-x)
    g *= 4.0
    d *= d
    g /= d
    g += n
    return g


def _snake_d1(x: Array) -> Array:
    # 1 + 2 sin cos = (sin + cos)^2: no cancellation at the double roots.
    r = np.sin(x)
    r += np.cos(x)
    r *= r
    return r


def _soft_clipping(x: Array) -> Array:
    # (1 + e^x) / (1 + e^(x-1)) = 1 + (e - 1) expit(x - 1).
    t = _expit(x - 1.0)
    t *= _E_MINUS_1
    return np.log1p(t, out=t)


def _soft_clipping_d1(x: Array) -> Array:
    s = _expit(x - 1.0)
    s *= _E_MINUS_1
    d = s + 1.0
    s *= _expit(1.0 - x)
    s /= d
    return s


def _sparse_plus(x: Array) -> Array:
    # (x + 1)^2 / 4 >= x with equality at 1, so max(x, that on the clipped x) is f.
    c = np.clip(x, -1.0, 1.0)
    c += 1.0
    c *= c
    c *= 0.25
    return np.maximum(x, c, out=c)


def _sqnl(x: Array) -> Array:
    c = np.clip(x, -2.0, 2.0)
    t = np.abs(c)
    t *= -0.25
    t += 1.0
    t *= c
    return t


def _squareplus(x: Array) -> Array:
    # (x + sqrt(x^2 + 4)) / 2 = exp(asinh(x/2)): no cancellation for x < 0.
    t = 0.5 * x
    np.arcsinh(t, out=t)
    return np.exp(t, out=t)


def _squareplus_d1(x: Array) -> Array:
    # (1 + x / sqrt(x^2 + 4)) / 2 = (1 + tanh(asinh(x/2))) / 2 = expit(2 asinh(x/2)).
    t = 0.5 * x
    np.arcsinh(t, out=t)
    t *= 2.0
    return _expit(t)


def _star_relu(x: Array) -> Array:
    r = np.maximum(x, 0.0)
    r *= r
    r *= 0.8944
    r -= 0.4472
    return r


def _tanh_d1(x: Array) -> Array:
    return _sech2(x)


def _tanhexp(x: Array) -> Array:
    # tanh(e^x) is 1 to double precision from x = 4 on; clamping avoids exp overflow.
    return x * np.tanh(np.exp(np.minimum(x, 8.0)))


def _tanhexp_d1(x: Array) -> Array:
    e = np.exp(np.minimum(x, 8.0))
    g = _sech2(e)
    g *= e
    g *= x
    g += np.tanh(e)
    return g


# x - tanh(x) = x^3/3 - 2x^5/15 + 17x^7/315 - ..., used for |x| < 0.15 (cancellation).
_TANHSHRINK_SERIES = (
    1.0 / 3.0,
    -2.0 / 15.0,
    17.0 / 315.0,
    -62.0 / 2835.0,
    1382.0 / 155925.0,
    -21844.0 / 6081075.0,
    929569.0 / 638512875.0,
)


def _tanhshrink(x: Array) -> Array:
    r = np.tanh(x)
    np.subtract(x, r, out=r)
    small = np.flatnonzero(np.abs(x) < 0.15)
    r[small] = _odd_series(x[small], _TANHSHRINK_SERIES, 3)
    return r


def _tanhshrink_d1(x: Array) -> Array:
    t = np.tanh(x)
    t *= t
    return t


def _step(x: Array) -> Array:
    return (x > 0.0).astype(np.float64)


HANDWRITTEN: dict[str, tuple[Fn, Fn]] = {
    "arctan": (np.arctan, lambda x: 1.0 / (1.0 + x * x)),
    "bent_identity": (_bent_identity, _bent_identity_d1),
    "binary_step": (lambda x: (x >= 0.0).astype(np.float64), np.zeros_like),
    "celu": (_celu, lambda x: np.exp(np.minimum(x, 0.0))),
    "elish": (_elish, _elish_d1),
    "elliott": (_elliott, _elliott_d1),
    "elu": (_celu, lambda x: np.exp(np.minimum(x, 0.0))),
    "exponential": (np.exp, np.exp),
    "gaussian": (_gaussian, lambda x: -2.0 * x * _gaussian(x)),
    "gcu": (lambda x: x * np.cos(x), lambda x: np.cos(x) - x * np.sin(x)),
    "gelu": (
        lambda x: x * special.ndtr(x),
        lambda x: special.ndtr(x) + _INV_SQRT_2PI * x * np.exp(-0.5 * x * x),
    ),
    "gelu_tanh": (_gelu_tanh, _gelu_tanh_d1),
    "hard_elish": (lambda x: _celu(x) * np.clip((x + 1.0) * 0.5, 0.0, 1.0), _hard_elish_d1),
    "hardshrink": (
        lambda x: x * (np.abs(x) > 0.5),
        lambda x: (np.abs(x) > 0.5).astype(np.float64),
    ),
    "hardsigmoid": (
        lambda x: np.clip((x + 3.0) * (1.0 / 6.0), 0.0, 1.0),
        lambda x: (np.abs(x) < 3.0) * (1.0 / 6.0),
    ),
    "hardswish": (lambda x: x * np.clip((x + 3.0) * (1.0 / 6.0), 0.0, 1.0), _hardswish_d1),
    "hardtanh": (
        lambda x: np.clip(x, -1.0, 1.0),
        lambda x: (np.abs(x) < 1.0).astype(np.float64),
    ),
    "identity": (np.copy, np.ones_like),
    "isrlu": (lambda x: np.maximum(x, _isru(x)), _isrlu_d1),
    "isru": (_isru, _isru_d1),
    "leaky_relu": (
        lambda x: np.maximum(x, 0.01 * x),
        lambda x: np.maximum(_step(x), 0.01),
    ),
    "lisht": (lambda x: x * np.tanh(x), lambda x: np.tanh(x) + x * _sech2(x)),
    "logish": (lambda x: x * np.log1p(_expit(x)), _logish_d1),
    "logsigmoid": (_log_expit, lambda x: _expit(-x)),
    "mish": (_mish, _mish_d1),
    "prelu": (lambda x: np.maximum(x, 0.25 * x), lambda x: np.maximum(_step(x), 0.25)),
    "quick_gelu": (lambda x: x * _expit(1.702 * x), _quick_gelu_d1),
    "relu": (lambda x: np.maximum(x, 0.0), _step),
    "relu6": (
        lambda x: np.clip(x, 0.0, 6.0),
        lambda x: ((x > 0.0) & (x < 6.0)).astype(np.float64),
    ),
    "rrelu": (
        lambda x: np.maximum(x, (11.0 / 48.0) * x),
        lambda x: np.maximum(_step(x), 11.0 / 48.0),
    ),
    "selu": (
        lambda x: (
            _SELU_SCALE * np.maximum(x, 0.0) + _SELU_SCALE_ALPHA * np.expm1(np.minimum(x, 0.0))
        ),
        lambda x: np.where(x > 0.0, _SELU_SCALE, _SELU_SCALE_ALPHA * np.exp(np.minimum(x, 0.0))),
    ),
    "serf": (lambda x: x * special.erf(_softplus(x)), _serf_d1),
    "sigmoid": (_expit, _sigmoid_d1),
    "silu": (lambda x: x * _expit(x), _silu_d1),
    "sinc": (_sinc, _sinc_d1),
    "smish": (_smish, _smish_d1),
    "snake": (lambda x: x + np.sin(x) ** 2, _snake_d1),
    "soft_clipping": (_soft_clipping, _soft_clipping_d1),
    "softplus": (_softplus, _expit),
    "softshrink": (
        lambda x: x - np.clip(x, -0.5, 0.5),
        lambda x: (np.abs(x) > 0.5).astype(np.float64),
    ),
    "softsign": (lambda x: x / (1.0 + np.abs(x)), lambda x: 1.0 / (1.0 + np.abs(x)) ** 2),
    "sparse_plus": (_sparse_plus, lambda x: np.clip((x + 1.0) * 0.5, 0.0, 1.0)),
    "sparse_sigmoid": (
        lambda x: np.clip((x + 1.0) * 0.5, 0.0, 1.0),
        lambda x: (np.abs(x) < 1.0) * 0.5,
    ),
    "sqnl": (_sqnl, lambda x: 1.0 - 0.5 * np.minimum(np.abs(x), 2.0)),
    "squared_relu": (lambda x: np.maximum(x, 0.0) ** 2, lambda x: 2.0 * np.maximum(x, 0.0)),
    "squareplus": (_squareplus, _squareplus_d1),
    "star_relu": (_star_relu, lambda x: 1.7888 * np.maximum(x, 0.0)),
    "swish": (lambda x: x * _expit(x), _silu_d1),
    "tanh": (np.tanh, _tanh_d1),
    "tanhexp": (_tanhexp, _tanhexp_d1),
    "tanhshrink": (_tanhshrink, _tanhshrink_d1),
    "threshold": (lambda x: np.maximum(x, 0.0), _step),
}


# --------------------------------------------------------------------------- inputs
SEED = 20240917


def bench_data(n: int, seed: int = SEED) -> Array:
    """The fixed input mix: N(0, 3) with 1% of the entries in +-[50, 1000]."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 3.0, n)
    k = n // 100
    idx = rng.permutation(n)[:k]
    x[idx] = rng.choice([-1.0, 1.0], k) * rng.uniform(50.0, 1000.0, k)
    return x


def check_points() -> Array:
    """Agreement-check inputs: the benchmark mix, a dense grid over its range, tiny and
    exact round values (kinks sit on multiples of 1/2)."""
    mags = np.logspace(-300, 4, 609)
    half = np.arange(-20.0, 20.5, 0.5)
    pts = [
        bench_data(200_000),
        np.linspace(-60.0, 60.0, 240_001),
        mags,
        -mags,
        half,
        np.nextafter(half, np.inf),
        np.nextafter(half, -np.inf),
    ]
    return np.concatenate(pts)


# --------------------------------------------------------------------------- checks
TINY = 2.2250738585072014e-308  # below this results may flush to zero (issue 4)
#: Results this small come from intermediates near underflow (exp(-709) is subnormal);
#: disagreements there are reported apart, as they say nothing about the timed work.
TAIL = 1e-290
ROUNDING = 2.0**-52


def disagreement(
    got: Array, ref: Array, xs: Array, rtol: float, atol: float = 0.0
) -> dict[str, Any] | None:
    """Points where |got - ref| > rtol * max(|got|, |ref|) + atol (NaN and inf must match).

    Counted apart: ``tail`` where both results are below TAIL, and ``cancellation`` where
    the difference is at most ROUNDING absolute (one ULP of 1: the rounding of O(1) terms
    that cancel at a root of f', which no form without extra precision avoids).
    """
    with np.errstate(all="ignore"):
        scale = np.maximum(np.abs(got), np.abs(ref))
        diff = np.abs(got - ref)
        rel = np.where(scale > TINY, np.maximum(diff - atol, 0.0) / scale, 0.0)
        same = (got == ref) | (np.isnan(got) & np.isnan(ref))
        rel = np.where(same, 0.0, rel)
        rel = np.where(np.isfinite(rel), rel, np.inf)
    bad = rel > rtol
    tail = bad & (scale < TAIL)
    cancel = bad & ~tail & (diff <= ROUNDING)
    bad &= ~(tail | cancel)
    if not (bad.any() or tail.any() or cancel.any()):
        return None
    i = int(np.argmax(np.where(bad, rel, -1.0)))
    return {
        "count": int(bad.sum()),
        "tail_count": int(tail.sum()),
        "cancellation_count": int(cancel.sum()),
        "of": len(xs),
        "worst_rel": float(rel[i]),
        "at_x": float(xs[i]),
        "got": float(got[i]),
        "expected": float(ref[i]),
    }


def check_baselines(names: list[str], pts: Array) -> dict[str, dict[str, Any]]:
    """Each hand-written baseline against act.numpy to 1e-12 relative."""
    import symacts

    out = {}
    for name in names:
        act = symacts.get(name)
        for n in (0, 1):
            ref = act.numpy(n)(pts)
            with np.errstate(all="ignore"):
                got = np.asarray(HANDWRITTEN[name][n](pts), dtype=np.float64)
            bad = disagreement(got, ref, pts, 1e-12)
            if bad:
                out[f"{name} {'f' if n == 0 else 'df'}"] = bad
    return out


def check_torch(names: list[str], pts: Array) -> dict[str, dict[str, Any]]:
    """PyTorch against act.numpy to 1e-6 relative + 1e-9 absolute: a check that torch
    computes the same function (its known cancellations stay below this), not an accuracy
    measurement."""
    import symacts
    from symacts.frameworks import TorchCall, entry

    out = {}
    for name in names:
        act = symacts.get(name)
        if entry(act, "pytorch") is None:
            continue
        f, d, _ = TorchCall(act).autograd(pts)
        for n, got in ((0, f), (1, d)):
            bad = disagreement(got, act.numpy(n)(pts), pts, 1e-6, atol=1e-9)
            if bad:
                out[f"{name} {'f' if n == 0 else 'df'}"] = bad
    return out


# --------------------------------------------------------------------------- derived facts
def piecewise_linear(act: Any) -> bool:
    """Every branch of f is a polynomial of degree <= 1 (relu family, hard*, shrinks...)."""
    import sympy as sp

    expr = sp.piecewise_fold(act.formula().rewrite(sp.Piecewise))
    branches = expr.args if isinstance(expr, sp.Piecewise) else ((expr, True),)
    return all(b.is_polynomial(act.x) and sp.degree(b, act.x) <= 1 for b, _ in branches)


# --------------------------------------------------------------------------- timing
def best_times(impls: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Best wall time per implementation; one warm-up each, then rounds interleaved."""
    best = dict.fromkeys(impls, math.inf)
    with np.errstate(all="ignore"):
        for call in impls.values():
            call()
        gc.collect()
        gc.disable()
        try:
            for _ in range(repeat):
                for key, call in impls.items():
                    t0 = time.perf_counter()
                    call()
                    best[key] = min(best[key], time.perf_counter() - t0)
        finally:
            gc.enable()
    return best


def peak_arrays(call: Callable[[], Any], nbytes: int) -> float:
    """Peak traced memory of one call, in input-array sizes (the result included)."""
    gc.collect()
    with np.errstate(all="ignore"):
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            result = call()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    del result
    return (peak - base) / nbytes


def import_time(module: str, runs: int) -> float:
    best = math.inf
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - t0)
    return best


def source_stats(source: str) -> dict[str, int]:
    """What the generated code does per call, counted from its text (for diagnosis)."""
    return {
        "pieces": source.count("# piece "),
        "boolean_gathers": source.count("= x[m]"),
        "double_double_calls": source.count("_dd_poly("),
        "where_calls": source.count("np.where("),
        "lines": source.count("\n"),
    }


def bench_one(act: Any, n: int, x: Array, repeat: int, torch_mod: Any) -> dict[str, Any]:
    from symacts.frameworks import TorchCall, entry

    t0 = time.perf_counter()
    ours = act.numpy(n)
    compile_s = time.perf_counter() - t0
    mine = HANDWRITTEN[act.name][n]
    impls: dict[str, Callable[[], Any]] = {
        "copy": x.copy,
        "symacts": lambda: ours(x),
        "numpy": lambda: mine(x),
    }
    if torch_mod is not None and entry(act, "pytorch") is not None:
        call = TorchCall(act)
        if n == 0:
            xt = torch_mod.from_numpy(x)
            impls["torch"] = lambda: call(xt)
        else:
            xg = torch_mod.from_numpy(x).requires_grad_(True)
            ones = torch_mod.ones_like(xg).detach()

            def grad() -> Any:
                return torch_mod.autograd.grad(call(xg), xg, ones)[0]

            impls["torch"] = grad
    times = best_times(impls, repeat)
    row = {
        "name": act.name,
        "order": n,
        "size": len(x),
        "compile_s": compile_s,
        "ms": {k: v * 1e3 for k, v in times.items()},
        "peak_arrays": {
            "symacts": peak_arrays(lambda: ours(x), x.nbytes),
            "numpy": peak_arrays(lambda: mine(x), x.nbytes),
        },
    }
    row["source"] = source_stats(ours.source)
    row["vs_numpy"] = times["symacts"] / times["numpy"]
    row["vs_copy"] = times["symacts"] / times["copy"]
    row["numpy_vs_copy"] = times["numpy"] / times["copy"]
    row["vs_torch"] = times["symacts"] / times["torch"] if "torch" in times else None
    return row


# --------------------------------------------------------------------------- report
def fmt(v: float | None, spec: str = ".2f") -> str:
    return "-" if v is None else format(v, spec)


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'function':<15} {'d':<2} {'size':>8} {'symacts':>9} {'numpy':>9} {'torch':>9} "
        f"{'copy':>7} {'/numpy':>7} {'/torch':>7} {'/copy':>7} {'temps':>6} {'np tmp':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        ms = r["ms"]
        print(
            f"{r['name']:<15} {'f' if r['order'] == 0 else 'df':<2} {r['size']:>8.0e} "
            f"{ms['symacts']:>9.2f} {ms['numpy']:>9.2f} {fmt(ms.get('torch')):>9} "
            f"{ms['copy']:>7.2f} {r['vs_numpy']:>7.2f} {fmt(r['vs_torch']):>7} "
            f"{r['vs_copy']:>7.1f} {r['peak_arrays']['symacts'] - 1:>6.1f} "
            f"{r['peak_arrays']['numpy'] - 1:>6.1f}"
        )


def _label(r: dict[str, Any]) -> str:
    return f"{r['name']} {'f' if r['order'] == 0 else 'df'} {r['size']:.0e}"


def summarise(rows: list[dict[str, Any]], pl_names: set[str]) -> dict[str, Any]:
    """Medians, maxima and worst cases per (f or f', size) and overall."""
    groups: dict[str, Any] = {}
    for order in (0, 1):
        for size in sorted({r["size"] for r in rows}):
            sel = [r for r in rows if r["order"] == order and r["size"] == size]
            if not sel:
                continue
            torch_ratios = [r["vs_torch"] for r in sel if r["vs_torch"] is not None]
            pl = [r for r in sel if r["name"] in pl_names]
            groups[f"{'f' if order == 0 else 'df'} {size:.0e}"] = {
                "median_vs_numpy": statistics.median(r["vs_numpy"] for r in sel),
                "max_vs_numpy": max(r["vs_numpy"] for r in sel),
                "worst10": [
                    (r["name"], r["vs_numpy"]) for r in sorted(sel, key=lambda r: -r["vs_numpy"])
                ][:10],
                "median_vs_torch": statistics.median(torch_ratios) if torch_ratios else None,
                "pl_median_vs_copy": statistics.median(r["vs_copy"] for r in pl) if pl else None,
                "pl_max_vs_copy": max((r["vs_copy"] for r in pl), default=None),
                "pl_numpy_median_vs_copy": (
                    statistics.median(r["numpy_vs_copy"] for r in pl) if pl else None
                ),
            }
    pl_rows = [r for r in rows if r["name"] in pl_names]
    temps = sorted(rows, key=lambda r: -r["peak_arrays"]["symacts"])
    return {
        "groups": groups,
        "median_vs_numpy": statistics.median(r["vs_numpy"] for r in rows),
        "max_vs_numpy": max(r["vs_numpy"] for r in rows),
        "worst10": [(_label(r), r["vs_numpy"]) for r in sorted(rows, key=lambda r: -r["vs_numpy"])][
            :10
        ],
        "piecewise_linear": sorted(pl_names),
        "pl_over_2x_copy": [
            (_label(r), r["vs_copy"])
            for r in sorted(pl_rows, key=lambda r: -r["vs_copy"])
            if r["vs_copy"] > 2.0
        ],
        "worst_temporaries": [(_label(r), r["peak_arrays"]["symacts"] - 1) for r in temps[:10]],
        "over_4_temporaries": sum(r["peak_arrays"]["symacts"] - 1 > 4.0 for r in rows),
    }


def print_summary(s: dict[str, Any], imp: dict[str, float] | None, rows: int) -> None:
    print("\nSummary (ratio = symacts time / other time; temps = peak extra arrays - result)")
    for key, g in s["groups"].items():
        print(
            f"  {key}: median {g['median_vs_numpy']:.2f}x, max {g['max_vs_numpy']:.2f}x numpy; "
            f"median {fmt(g['median_vs_torch'])}x torch; piecewise-linear: median "
            f"{fmt(g['pl_median_vs_copy'], '.1f')}x, max {fmt(g['pl_max_vs_copy'], '.1f')}x a "
            f"copy (hand-written: median {fmt(g['pl_numpy_median_vs_copy'], '.1f')}x)"
        )
        print("    worst: " + ", ".join(f"{n} {v:.1f}x" for n, v in g["worst10"]))
    print(
        f"  piecewise-linear ({len(s['piecewise_linear'])}): {', '.join(s['piecewise_linear'])};"
        f" rows over 2x a copy: {len(s['pl_over_2x_copy'])}"
    )
    print("  most temporaries: " + ", ".join(f"{n} {v:.1f}" for n, v in s["worst_temporaries"]))
    targets = {
        "median <= 1.2x numpy": s["median_vs_numpy"] <= 1.2,
        "max <= 2x numpy": s["max_vs_numpy"] <= 2.0,
        "piecewise-linear <= 2x copy": not s["pl_over_2x_copy"],
        "<= 4 temporaries": s["over_4_temporaries"] == 0,
    }
    if imp:
        targets["import <= 1.2x sympy"] = imp["ratio"] <= 1.2
        print(
            f"  import: symacts {imp['symacts_s']:.3f}s, sympy {imp['sympy_s']:.3f}s, "
            f"bare python {imp['python_s']:.3f}s -> {imp['ratio']:.2f}x sympy"
        )
    print(
        f"  overall ({rows} rows): median {s['median_vs_numpy']:.2f}x, "
        f"max {s['max_vs_numpy']:.2f}x numpy; rows over 4 temporaries: {s['over_4_temporaries']}"
    )
    print(
        "  targets: " + "; ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in targets.items())
    )
    s["targets"] = targets


def git_state() -> str:
    """HEAD and whether symacts/ has uncommitted changes (the numbers depend on both)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "symacts"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted symacts/ changes" if dirty else "")


def parse_size(text: str) -> int:
    value = float(text)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"size must be a positive integer (got {text!r})")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=parse_size,
        default=None,
        help="array sizes (default 1e6 1e7; --quick: 1e6)",
    )
    parser.add_argument("--names", nargs="+", default=None, help="activations (default all)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="timed runs per implementation, best kept (default 5; --quick: 3)",
    )
    parser.add_argument("--quick", action="store_true", help="1e6 only, 3 runs")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "speed.json")
    args = parser.parse_args(argv)

    import symacts

    sizes = args.sizes or ([1_000_000] if args.quick else [1_000_000, 10_000_000])
    repeat = args.repeat or (3 if args.quick else 5)
    if repeat < 1:
        print("bench_speed: --repeat must be at least 1", file=sys.stderr)
        return 2
    names = args.names or symacts.names()
    try:
        acts = [symacts.get(n) for n in names]
    except KeyError as exc:
        print(f"bench_speed: {exc.args[0]}", file=sys.stderr)
        return 2
    names = [a.name for a in acts]

    missing = [n for n in symacts.names() if n not in HANDWRITTEN]
    extra = [n for n in HANDWRITTEN if n not in symacts.names()]
    print(
        f"hand-written baselines: {len(HANDWRITTEN)} (f and f' each); "
        f"missing: {', '.join(missing) or 'none'}; unknown: {', '.join(extra) or 'none'}"
    )
    names = [n for n in names if n in HANDWRITTEN]
    acts = [symacts.get(n) for n in names]

    torch_mod = None
    if not args.no_torch:
        try:
            import torch

            torch.set_num_threads(1)
            torch_mod = torch
        except ImportError:
            print("torch not installed: PyTorch column skipped")

    t0 = time.perf_counter()
    for act in acts:  # compile everything up front (not timed)
        act.numpy(0), act.numpy(1)
    print(f"symacts at {git_state()}")
    print(f"compiled {2 * len(acts)} callables in {time.perf_counter() - t0:.1f}s")

    pts = check_points()
    agree = check_baselines(names, pts)
    hard = {k: d for k, d in agree.items() if d["count"]}
    print(
        f"baseline agreement with act.numpy (1e-12 relative, {len(pts)} finite points): "
        f"{'all agree' if not hard else f'{len(hard)} disagree'}"
    )
    for key, d in hard.items():
        print(
            f"  DISAGREE {key}: {d['count']}/{d['of']} points, worst rel {d['worst_rel']:.2e} "
            f"at x={d['at_x']!r} (baseline {d['got']!r}, symacts {d['expected']!r})"
        )
    for kind, what in (
        ("tail_count", f"results below {TAIL:g} (underflowing intermediates)"),
        ("cancellation_count", "<= 1 ULP of 1 absolute (cancellation at roots)"),
    ):
        some = {k: d[kind] for k, d in agree.items() if d[kind]}
        if some:
            print(
                f"  differing only by {what}: " + ", ".join(f"{k} ({c})" for k, c in some.items())
            )
    torch_agree = check_torch(names, pts) if torch_mod is not None else {}
    for key, d in torch_agree.items():
        if d["count"]:
            print(
                f"  torch differs {key}: {d['count']}/{d['of']} points beyond 1e-6, worst "
                f"rel {d['worst_rel']:.2e} at x={d['at_x']!r} (torch {d['got']!r}, "
                f"symacts {d['expected']!r})"
            )

    rows = []
    for size in sizes:
        x = bench_data(size)
        for act in acts:
            for n in (0, 1):
                rows.append(bench_one(act, n, x, repeat, torch_mod))
                r = rows[-1]
                print(
                    f"  {act.name} {'f' if n == 0 else 'df'} {size:.0e}: "
                    f"{r['vs_numpy']:.2f}x numpy",
                    file=sys.stderr,
                    flush=True,
                )
        del x
    print()
    print_table(rows)

    imp = None
    if not args.names:
        runs = 3 if args.quick else 7
        imp = {
            "symacts_s": import_time("symacts", runs),
            "sympy_s": import_time("sympy", runs),
            "python_s": import_time("sys", runs),
        }
        imp["ratio"] = imp["symacts_s"] / imp["sympy_s"]
    pl_names = {a.name for a in acts if piecewise_linear(a)}
    summary = summarise(rows, pl_names)
    print_summary(summary, imp, len(rows))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "commit": git_state(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "torch": getattr(torch_mod, "__version__", None),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "sizes": sizes,
        "repeat": repeat,
        "seed": SEED,
        "torch_threads": 1,
        "torch_derivative": "autograd: forward + autograd.grad",
    }
    args.out.write_text(
        json.dumps(
            {
                "meta": meta,
                "rows": rows,
                "summary": summary,
                "import": imp,
                "baseline_disagreements": agree,
                "torch_differences": torch_agree,
            },
            indent=1,
        )
    )
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
