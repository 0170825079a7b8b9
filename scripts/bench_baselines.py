"""The speed benchmark's baselines (``scripts/bench_speed.py``): ``HANDWRITTEN`` maps each
activation's name to hand-written NumPy/SciPy (f, f')."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import special

Array = np.ndarray
Fn = Callable[[Array], Array]

# --------------------------------------------------------------------------- baselines
# Hand-written NumPy/SciPy for each activation at its default parameters: what a careful
# user would write (stable forms, no overflow to NaN, in-place work where it saves passes).
# This table is the comparison the speed target is stated against, so it is written by hand
# on purpose; `bench_speed.check_baselines` verifies every entry against act.numpy before timing.

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
