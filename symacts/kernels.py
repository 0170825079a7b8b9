"""Run-time NumPy kernels that the generated callables call.

Small, exact building blocks: double-double arithmetic (Dekker/Veltkamp) so that the
argument of exp, sigmoid or erfc keeps its last bits (an argument of 700 rounded to double
already costs some 300 ULP after exp), and the logistic function accurate down to the
subnormal range. Every kernel is elementwise and warning-free under ``numpy.errstate``.
"""

from __future__ import annotations

import numpy as np
from scipy import special

_SPLITTER = 134217729.0  # 2**27 + 1
_TWO_OVER_SQRT_PI = 1.1283791670955126


def two_prod(a, b):
    """p, e with p + e == a * b exactly (e = 0 where the split would overflow)."""
    p = a * b
    ca = _SPLITTER * a
    ah = ca - (ca - a)
    al = a - ah
    cb = _SPLITTER * b
    bh = cb - (cb - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, np.where(np.isfinite(e), e, 0.0)


def two_sum(a, b):
    """s, e with s + e == a + b exactly."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, np.where(np.isfinite(e), e, 0.0)


def dd_poly(x, *coefficients):
    """Horner's rule in double-double; coefficients are (hi, lo) pairs, highest degree first.

    Returns (hi, lo) with hi + lo the polynomial at x to about 100 bits.
    """
    hi, lo = coefficients[0]
    hi = np.asarray(hi, dtype=np.float64) + 0.0 * x
    lo = np.asarray(lo, dtype=np.float64) + 0.0 * x
    for c_hi, c_lo in coefficients[1:]:
        p, e = two_prod(hi, x)
        e = e + lo * x
        s, f = two_sum(p, c_hi)
        f = f + e + c_lo
        ok = np.isfinite(f)  # the correction overflows only where s is already +-inf
        hi = np.where(ok, s + f, s)
        lo = np.where(ok, f - (hi - s), 0.0)
        lo = np.where(np.isfinite(lo), lo, 0.0)
    return hi, lo


def exp_dd(hi, lo):
    """exp(hi + lo) for a double-double argument."""
    return np.exp(hi) * (1.0 + lo)


_LN2_HI, _LN2_LO = 0.6931471805599453, 2.3190468138462996e-17
_SCALE = 128


def scaled_exp_product(arg_hi, arg_lo, factor):
    """factor * exp(arg_hi + arg_lo), with no subnormal intermediate.

    exp(-720) is subnormal (few bits) although 700 * exp(-720) is a normal number; scaling by
    2^128 inside and ldexp outside keeps every bit.
    """
    s, e = two_sum(arg_hi, _SCALE * _LN2_HI)
    e = e + arg_lo + _SCALE * _LN2_LO
    return np.ldexp(factor * exp_dd(s, e), -_SCALE)


def expit(u):
    """The logistic function 1/(1 + e^-u), exact to the subnormal range.

    (scipy.special.expit returns 0 once e^-u overflows, below u = -709.)
    """
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def expit_dd(hi, lo):
    """The logistic function of a double-double argument."""
    e = np.exp(-np.abs(hi)) * (1.0 - np.sign(hi) * lo)
    return np.where(hi >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def erfc_dd(hi, lo):
    """erfc(hi + lo); for large arguments erfcx(u) * exp(-u^2) with u^2 in double-double."""
    s, e = two_prod(hi, hi)
    e = e + 2.0 * hi * lo
    tail = special.erfcx(hi) * np.exp(-s) * (1.0 - e)
    near = special.erfc(hi) - lo * _TWO_OVER_SQRT_PI * np.exp(-s)
    return np.where(hi > 0.5, tail, near)


def erfc(u):
    """erfc(u), accurate in the far tail (scipy's erfc rounds u^2 inside exp)."""
    return erfc_dd(u, 0.0)


def erf(u):
    """erf(u); near +-inf as 1 - erfc, which is exact there."""
    return special.erf(u)


def exp_dd_scaled(hi, lo):
    """2^128 exp(hi + lo) (:class:`symacts.primitives.ScaledExp`): normal where exp(hi)
    alone would be subnormal."""
    s, e = two_sum(hi, _SCALE * _LN2_HI)
    big = np.exp(s)
    return big + big * (e + lo + _SCALE * _LN2_LO)  # not big * (1 + e): 1 + e rounds e


def erfcx(u):
    """exp(u^2) erfc(u)."""
    return special.erfcx(u)
