"""Run-time NumPy kernels that the generated callables call.

Small, exact building blocks: double-double arithmetic (Dekker/Veltkamp) so that the
argument of exp, sigmoid or erfc keeps its last bits (an argument of 700 rounded to double
already costs some 300 ULP after exp), and the logistic function accurate down to the
subnormal range. Every kernel is elementwise and warning-free under ``numpy.errstate``.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from symacts.primitives import SCALE

_TWO_OVER_SQRT_PI = 1.1283791670955126
_ONE_OVER_SQRT_PI, _ONE_OVER_SQRT_PI_LO = 0.5641895835477563, 7.66772980658294e-18


_SPLIT_MASK = np.uint64(0xFFFFFFFFF8000000)


def split(a):
    """hi, lo with a == hi + lo, hi the top 26 bits of a's significand (a bit mask: no
    overflow for large a, unlike Veltkamp's 2^27 + 1 multiplication)."""
    a = np.asarray(a, dtype=np.float64)
    hi = (a.view(np.uint64) & _SPLIT_MASK).view(np.float64)
    return hi, a - hi


# In-place arithmetic below on purpose: each fresh array of a million doubles costs more in
# page faults than the arithmetic on it.


def two_prod(a, b, b_split=None):
    """p, e with p + e == a * b (to about 2^-105 relative; finite inputs below 1e150)."""
    p = a * b
    ah, al = split(a)
    bh, bl = b_split if b_split is not None else split(b)
    e = ah * bh
    e -= p
    t = ah * bl
    e += t
    np.multiply(al, bh, out=t)
    e += t
    np.multiply(al, bl, out=t)
    e += t
    return p, e


def two_sum(a, b):
    """s, e with s + e == a + b exactly."""
    s = a + b
    bb = s - a
    e = s - bb
    np.subtract(a, e, out=e)
    np.subtract(b, bb, out=bb)
    e += bb
    return s, e


def _split_into(a, hi, lo):
    """split(a) into given arrays."""
    np.bitwise_and(a.view(np.uint64), _SPLIT_MASK, out=hi.view(np.uint64))
    np.subtract(a, hi, out=lo)


class _Buffers:
    """Work arrays of one shape, handed out and returned: a dd_poly of degree 3 needs
    some six of them in all, where fresh results at each step would allocate twenty."""

    def __init__(self, like):
        self.like = like
        self.free = []

    def get(self):
        return self.free.pop() if self.free else np.empty_like(self.like)

    def put(self, *arrays):
        self.free.extend(a for a in arrays if np.ndim(a))


def dd_poly(x, *coefficients, bound=None):
    """Horner's rule in double-double; coefficients are (hi, lo) pairs, highest degree first.

    Returns (hi, lo) with hi + lo the polynomial at x to about 100 bits (fresh arrays, or
    a scalar lo of 0 where the result is exact). ``bound`` clamps x to [-bound, bound]
    first: the caller picks it where the kernel applied to the result has saturated (exp to
    0 or inf), which keeps every product finite.
    """
    if bound is not None:
        x = np.clip(x, -bound, bound)
    monomial = all(c == (0.0, 0.0) for c in coefficients[1:])
    if monomial and len(coefficients) == 2:
        return _scaled(x, *coefficients[0])
    if monomial and len(coefficients) == 3 and coefficients[0][1] == 0.0:
        c = coefficients[0][0]
        if math.frexp(c)[0] in (0.5, -0.5):
            hi, lo = _square(x)
            hi *= c
            lo *= c
            return hi, lo
    x = np.asarray(x, dtype=np.float64)
    buf = _Buffers(x)  # the same operations as two_prod and two_sum, into reused arrays
    xh = xl = None
    hi, lo = (np.float64(c) for c in coefficients[0])
    for k, (c_hi, c_lo) in enumerate(coefficients[1:], start=2):
        if np.ndim(hi) == 0 and hi == 0.0 and lo == 0.0:
            hi, lo = np.float64(c_hi), np.float64(c_lo)
            continue
        p = buf.get()
        if np.ndim(hi) == 0 and math.frexp(hi)[0] in (0.5, -0.5):
            np.multiply(hi, x, out=p)  # times a power of 2: exact
            if lo != 0.0:
                e = buf.get()
                np.multiply(lo, x, out=e)
            else:
                e = np.float64(0.0)
        else:
            if xh is None:
                xh, xl = buf.get(), buf.get()
                _split_into(x, xh, xl)
            # two_prod(hi, x): p + e == hi * x
            np.multiply(hi, x, out=p)
            if np.ndim(hi):
                ah, al = buf.get(), buf.get()
                _split_into(hi, ah, al)
                buf.put(hi)
            else:
                ah = hi.view(np.uint64) & _SPLIT_MASK
                ah = ah.view(np.float64)
                al = hi - ah
            e = buf.get()
            np.multiply(ah, xh, out=e)
            e -= p
            t = ah if np.ndim(ah) else buf.get()
            np.multiply(ah, xl, out=t)
            e += t
            np.multiply(al, xh, out=t)
            e += t
            np.multiply(al, xl, out=t)
            e += t
            buf.put(t)
            if np.ndim(al):
                buf.put(al)
            if np.ndim(lo) or lo != 0.0:
                lo = lo * x if not np.ndim(lo) else np.multiply(lo, x, out=lo)
                e += lo
                buf.put(lo)
        if c_hi == 0.0 and c_lo == 0.0:
            if np.ndim(e) and k == len(coefficients):
                h = buf.get()
                np.add(p, e, out=h)
                p -= h
                e += p
                buf.put(p)
                hi, lo = h, e
            else:
                hi, lo = p, e
            continue
        # two_sum(p, c_hi): s + f == p + c_hi, then f += e (+ c_lo), renormalised
        s, bb, f = buf.get(), buf.get(), buf.get()
        np.add(p, c_hi, out=s)
        np.subtract(s, p, out=bb)
        np.subtract(s, bb, out=f)
        np.subtract(p, f, out=f)
        np.subtract(c_hi, bb, out=bb)
        f += bb
        f += e
        if c_lo != 0.0:
            f += c_lo
        buf.put(p, e)
        hi = bb
        np.add(s, f, out=hi)
        s -= hi
        f += s
        buf.put(s)
        lo = f
    return (hi + 0.0 * x if np.ndim(hi) == 0 else hi), lo


def _scaled(x, c_hi, c_lo):
    """(c_hi + c_lo) * x as (hi, lo), four fresh arrays at most (see two_prod)."""
    p = c_hi * x
    xh, xl = split(x)
    ch, cl = (float(t) for t in split(c_hi))
    e = ch * xh
    e -= p
    xh *= cl
    e += xh
    xl *= c_hi  # ch xl + cl xl, rounded: 2^-80 of p
    e += xl
    if c_lo != 0.0:
        np.multiply(x, c_lo, out=xh)
        e += xh
        hi = p + e  # renormalise: |c_lo x| may pass half an ulp of p
        p -= hi
        e += p
        return hi, e
    return p, e


def _square(x):
    """x * x as (hi, lo)."""
    xh, xl = split(x)
    p = x * x
    e = xh * xh
    e -= p
    xh *= xl
    xh *= 2.0
    e += xh
    xl *= xl
    e += xl
    return p, e


def exp_dd(hi, lo):
    """exp(hi + lo) for a double-double argument (consumes hi)."""
    out = np.exp(hi, out=hi) if isinstance(hi, np.ndarray) else np.exp(hi)
    if np.ndim(lo) or lo != 0.0:
        out *= 1.0 + lo
    return out


_LN2_HI, _LN2_LO = 0.6931471805599453, 2.3190468138462996e-17
_SCALE = SCALE


def _shifted_by_scale(arg_hi, arg_lo):
    """arg + SCALE ln 2 as a double-double (s, e): exp(s + e) = 2^SCALE exp(arg)."""
    s, e = two_sum(arg_hi, _SCALE * _LN2_HI)
    return s, e + arg_lo + _SCALE * _LN2_LO


def scaled_exp_product(arg_hi, arg_lo, factor):
    """factor * exp(arg_hi + arg_lo), with no subnormal intermediate.

    exp(-720) is subnormal (few bits) although 700 * exp(-720) is a normal number; scaling by
    2^128 inside and ldexp outside keeps every bit.
    """
    s, e = _shifted_by_scale(arg_hi, arg_lo)
    return np.ldexp(factor * exp_dd(s, e), -_SCALE)


def expit(u):
    """The logistic function 1/(1 + e^-u), exact to the subnormal range.

    (scipy.special.expit returns 0 once e^-u overflows, below u = -709.)
    """
    e = np.abs(u)
    np.negative(e, out=e)
    np.exp(e, out=e)
    # numerator e for u < 0, 1 otherwise (e <= 1): no np.where, no second division
    num = np.maximum(e, u >= 0)
    e += 1.0
    num /= e
    return num


def expit_dd(hi, lo):
    """The logistic function of a double-double argument (consumes hi and lo)."""
    pos = hi >= 0
    if np.ndim(lo) or lo != 0.0:
        # exp(-|hi + lo|) = exp(-|hi|) (1 - sign(hi) lo); sign(hi) lo = copysign(lo, hi lo)
        t = hi * lo
        lo = np.copysign(lo, t, out=t)
        np.negative(lo, out=lo)
        lo += 1.0
    else:
        lo = None
    e = np.abs(hi, out=hi)
    np.negative(e, out=e)
    np.exp(e, out=e)
    if lo is not None:
        e *= lo
    num = np.maximum(e, pos)
    e += 1.0
    num /= e
    return num


def expit_compensated(u):
    """expit(u) within about one ULP (:func:`expit` has up to 1.8): the rounding of 1 + e
    and the division's remainder are put back. Some three times the cost of expit, so the
    code generator picks it only for pieces whose plain form misses its budget."""
    e = np.abs(u)
    np.negative(e, out=e)
    np.exp(e, out=e)
    return _logistic(e, None, u >= 0)


def expit_dd_compensated(hi, lo):
    """expit_dd(hi, lo) within about one ULP (see :func:`expit_compensated`)."""
    pos = hi >= 0
    e = np.abs(hi)
    np.negative(e, out=e)
    np.exp(e, out=e)
    e_lo = None
    if np.ndim(lo) or lo != 0.0:
        # exp(-|hi + lo|) = exp(-|hi|) (1 - sign(hi) lo): the small part kept apart
        e_lo = np.copysign(lo, hi * lo)
        np.negative(e_lo, out=e_lo)
        e_lo *= e
    return _logistic(e, e_lo, pos)


def _logistic(e, e_lo, pos):
    """n / (1 + e) with e = e^-|u| (+ e_lo), n = 1 where u >= 0, else e (+ e_lo).

    1 + e rounds by up to 2^-53 (one ULP of a result below 1/2 ... 1): its rounding error
    (Fast2Sum, exact as 1 >= e) and the division's remainder (two_prod) are put back, so
    the result carries the rounding of exp and one more half ULP.
    """
    num = np.maximum(e, pos)  # (no np.where, no second division)
    d = e + 1.0
    d_lo = d - 1.0
    np.subtract(e, d_lo, out=d_lo)  # 1 + e == d + d_lo exactly
    if e_lo is not None:
        d_lo += e_lo
    q = num / d
    p, r = two_prod(q, d)
    np.subtract(num, p, out=p)  # exact (Sterbenz): remainder num - q d
    p -= r
    if e_lo is not None:
        e_lo *= ~pos  # the numerator's small part, where the numerator is e
        p += e_lo
    np.multiply(q, d_lo, out=r)
    p -= r
    p /= d
    q += p
    return q


def dd_add(ah, al, bh, bl):
    """(ah + al) + (bh + bl) as (hi, lo); a lo of None is 0; lo is 0 where the sum
    overflows."""
    s, e = two_sum(ah, bh)
    if al is not None:
        e += al
    if bl is not None:
        e += bl
    return _renormalised(s, e)


def dd_mul(ah, al, bh, bl):
    """(ah + al) * (bh + bl) as (hi, lo), to about 2^-104."""
    p, e = two_prod(np.asarray(ah, dtype=np.float64), np.asarray(bh, dtype=np.float64))
    if al is not None:
        e += al * bh
    if bl is not None:
        e += ah * bl
    return p, e


def dd_div(ah, al, bh, bl):
    """(ah + al) / (bh + bl) as (hi, lo): the quotient and its remainder's correction."""
    q = np.divide(ah, bh)
    p, e = two_prod(q, np.asarray(bh, dtype=np.float64))
    r = ah - p  # exact (Sterbenz)
    r -= e
    if al is not None:
        r += al
    if bl is not None:
        r -= q * bl
    r /= bh
    return q, r


#: erfc is 0 beyond 27.3 and 2 below -6: clamping there keeps u^2 finite
_ERFC_SATURATED = 30.0


def erfc_dd(hi, lo):
    """erfc(hi + lo): erfcx(h) exp(-h^2) with h^2 in double-double where h > -1/2 (no
    cancellation, and erfc is tiny far right); 2 - erfc(-h) by SciPy left of that.

    Each branch is evaluated only where it applies (erfc and erfcx cost the most here).
    """
    from scipy import special  # imported on first use: 0.4 s at import

    hi = np.clip(hi, -_ERFC_SATURATED, _ERFC_SATURATED)
    out = np.empty_like(hi)
    right = hi > _ERFCX_TABLE_START
    idx = np.flatnonzero(right)
    if idx.size:
        h = hi[idx]
        s, e = two_prod(h, h)
        np.negative(e, out=e)
        e += 1.0
        np.negative(s, out=s)
        np.exp(s, out=s)
        s *= e  # exp(-h^2), the rounding of h^2 corrected to first order
        x = erfcx(h)
        if np.ndim(lo):
            # erfc(h + lo) = erfc(h) - 2/sqrt(pi) exp(-h^2) lo to first order
            x -= _TWO_OVER_SQRT_PI * lo[idx]
        s *= x
        out[idx] = s
    idx = np.flatnonzero(~right)
    if idx.size:
        h = hi[idx]
        r = special.erfc(h)
        if np.ndim(lo):
            t = h * h
            np.negative(t, out=t)
            np.exp(t, out=t)
            t *= lo[idx]
            t *= _TWO_OVER_SQRT_PI
            r -= t
        out[idx] = r
    return out


#: erfcx by Taylor polynomials about a grid (start, step, degree); SciPy's erfcx and erfc
#: are 3-9 ULP off between 0.5 and 8, too much for a 4 ULP bound on gelu.
_ERFCX_TABLE_START, _ERFCX_TABLE_STEP, _ERFCX_TABLE_END, _ERFCX_DEGREE = -0.5, 1 / 16, 8.0, 16
#: Beyond the table the asymptotic series in 1/(2x^2), cut after this many terms
#: (the 20th is below 2^-64 of the sum from x = 8 on).
_ERFCX_ASYMPTOTIC_TERMS = 20


@functools.cache
def _erfcx_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Centres, the value at each centre in double-double (hi column, lo column) and the
    Taylor coefficients c_1 .. c_D (rows), from y' = 2xy - 2/sqrt(pi):
    c_(k+1) = (2 x c_k + 2 c_(k-1)) / (k + 1)."""
    import mpmath

    count = round((_ERFCX_TABLE_END - _ERFCX_TABLE_START) / _ERFCX_TABLE_STEP) + 1
    centres = _ERFCX_TABLE_START + _ERFCX_TABLE_STEP * np.arange(count)
    values = np.empty((count, 2))
    coefficients = np.empty((count, _ERFCX_DEGREE))
    # the recurrence cancels (some 3 digits a step at x = 8): 80 digits keep 16 steps exact
    with mpmath.workdps(80):
        for row, centre in enumerate(centres):
            x = mpmath.mpf(float(centre))
            c = [mpmath.erfc(x) * mpmath.exp(x * x)]
            c.append(2 * x * c[0] - 2 / mpmath.sqrt(mpmath.pi))
            for k in range(1, _ERFCX_DEGREE):
                c.append((2 * x * c[k] + 2 * c[k - 1]) / (k + 1))
            values[row] = float(c[0]), float(c[0] - mpmath.mpf(float(c[0])))
            coefficients[row] = [float(v) for v in c[1:]]
    # keep the powers that matter somewhere: the rest sum to below 2^-64 of the value at
    # every centre for |d| <= step / 2 (degree 10 of the 16 computed)
    terms = np.abs(coefficients) * (_ERFCX_TABLE_STEP / 2) ** np.arange(1, _ERFCX_DEGREE + 1)
    tails = np.cumsum(terms[:, ::-1], axis=1)[:, ::-1]
    needed = (tails >= 2.0**-64 * values[:, :1]).sum(axis=1).max()
    # one contiguous row per power: each Horner step gathers from one row
    return centres, values, np.ascontiguousarray(coefficients[:, :needed].T)


@functools.cache
def _erfcx_asymptotic() -> tuple[float, ...]:
    """(-1)^k (2k - 1)!! of erfcx(x) sqrt(pi) x = sum_k (-1)^k (2k - 1)!! / (2 x^2)^k."""
    out, term = [], 1
    for k in range(_ERFCX_ASYMPTOTIC_TERMS):
        out.append(float((-1) ** k * term))
        term *= 2 * k + 1
    return tuple(out)


def erfcx(u):
    """exp(u^2) erfc(u) to about 1 ULP for u > -1/2 (Taylor polynomials about a grid, then
    the asymptotic series); SciPy's further left, where erfcx is large and smooth."""
    from scipy import special  # imported on first use: 0.4 s at import

    u = np.asarray(u, dtype=np.float64)
    flat = u.reshape(-1)
    out = np.empty_like(flat)
    centres, values, coefficients = _erfcx_table()
    near = np.flatnonzero((flat > _ERFCX_TABLE_START) & (flat <= _ERFCX_TABLE_END))
    if near.size:
        w = flat[near]
        j = np.rint((w - _ERFCX_TABLE_START) / _ERFCX_TABLE_STEP).astype(np.intp)
        d = w - centres[j]  # exact: centres are multiples of 1/16 within a factor 2 of w
        acc = coefficients[-1][j]
        for row in coefficients[-2::-1]:
            acc *= d
            acc += row[j]
        acc *= d
        acc += values[j, 1]
        acc += values[j, 0]
        out[near] = acc
    far = np.flatnonzero((flat > _ERFCX_TABLE_END) & (flat < np.inf))
    if far.size:
        # r (c + c (T + delta) + c_lo) with r = 1/w rounded, delta its relative error, c + c_lo
        # = 1/sqrt(pi) in double-double and 1 + T the series: two roundings in all
        w = flat[far]
        r = 1.0 / w
        p, e = two_prod(r, w)
        delta = 1.0 - p
        delta -= e
        t = r * r
        t *= 0.5
        small = horner(t, _erfcx_asymptotic()[1:])
        small *= t
        small += delta
        small *= _ONE_OVER_SQRT_PI
        small += _ONE_OVER_SQRT_PI_LO
        small += _ONE_OVER_SQRT_PI
        small *= r
        out[far] = small
    rest = np.flatnonzero(~((flat > _ERFCX_TABLE_START) & (flat < np.inf)))  # and NaN, inf
    if rest.size:
        out[rest] = special.erfcx(flat[rest])
    return out.reshape(u.shape) if u.ndim else out[0]


def erfc(u):
    """erfc(u), accurate in the far tail (scipy's erfc rounds u^2 inside exp)."""
    return erfc_dd(np.asarray(u, dtype=np.float64), 0.0)


def erf(u):
    """erf(u); near +-inf as 1 - erfc, which is exact there."""
    from scipy import special  # imported on first use: 0.4 s at import

    return special.erf(u)


def ipow(b, p):
    """b**p for a small integer p != 0 as repeated products, b evaluated once (b*b*b, not
    pow); for p < 0 the products of 1/b, which go subnormal gradually instead of through
    an overflowed b**|p|."""
    if p < 0:
        b = np.divide(1.0, b)
        if p == -1:
            return b
        p = -p
    out = b * b
    for _ in range(p - 2):
        out *= b
    return out


def halfpow(b, k):
    """b**(k/2) for an odd k: b**((|k| - 1)/2) sqrt(b), inverted for k < 0."""
    out = np.sqrt(b)
    if abs(k) > 1:
        out *= b if abs(k) == 3 else ipow(b, (abs(k) - 1) // 2)
    if k < 0:
        out = np.divide(1.0, out, out=out) if np.ndim(out) else 1.0 / out
    return out


def hypot(a, b):
    """sqrt(a^2 + b^2); np.hypot (some 10 times slower) only where a^2 + b^2 leaves the
    normal range, that is where the plain form would lose bits or overflow."""
    out = np.multiply(b, b)
    out += np.multiply(a, a)
    np.sqrt(out, out=out)
    if np.ndim(out) == 0:
        return np.hypot(a, b) if not 1e-150 < out < 1e150 else out
    if not (np.min(out, initial=1.0) > 1e-150 and np.max(out, initial=1.0) < 1e150):
        bad = np.flatnonzero(~((out > 1e-150) & (out < 1e150)))
        out[bad] = np.hypot(np.broadcast_to(a, out.shape)[bad], np.broadcast_to(b, out.shape)[bad])
    return out


def horner(w, coefficients):
    """sum c_k w^k (c_0 first) by Horner's rule; in w^2 when only even or only odd powers
    are present (half the multiplications)."""
    cs = list(coefficients)
    while cs and cs[-1] == 0.0:
        cs.pop()
    if not cs:
        return 0.0 * w
    if len(cs) > 2 and all(c == 0.0 for c in cs[1::2]):
        return horner(w * w, cs[0::2])
    if len(cs) > 2 and all(c == 0.0 for c in cs[0::2]):
        return w * horner(w * w, cs[1::2])
    acc = cs[-1] * w + cs[-2] if len(cs) > 1 else cs[-1] + 0.0 * w
    for c in reversed(cs[:-2]):
        acc *= w
        acc += c
    return acc


def exp_dd_scaled(hi, lo):
    """2^128 exp(hi + lo) (:class:`symacts.primitives.ScaledExp`): normal where exp(hi)
    alone would be subnormal."""
    s, e = _shifted_by_scale(hi, lo)
    big = np.exp(s)
    return big + big * e  # not big * (1 + e): 1 + e rounds e


#: exp(hi + lo) = 2^(n / 64) exp(r): ln 2 / 64 split so that n * hi part is exact for
#: |n| < 2^17 (every finite exp), and the degree of the polynomial for |r| <= ln 2 / 128
#: (the next term, r^11 / 11!, is below 2^-107).
_EXP_TABLE_BITS, _EXP_DEGREE = 6, 10


@functools.cache
def _exp_constants() -> tuple[float, float, np.ndarray, np.ndarray, tuple]:
    """ln 2 / 64 as (36-bit hi, lo); 2^(i/64) for i < 64 as hi and lo columns; 1/k! for
    k = D .. 0 as (hi, lo) pairs, highest degree first (dd_poly's order)."""
    import mpmath

    with mpmath.workdps(50):
        step = mpmath.log(2) / 2**_EXP_TABLE_BITS
        step_hi = float(mpmath.nint(step * 2**42) / 2**42)  # 36 significant bits
        step_lo = float(step - step_hi)
        powers = [mpmath.mpf(2) ** (mpmath.mpf(i) / 2**_EXP_TABLE_BITS) for i in range(64)]
        table_hi = np.array([float(p) for p in powers])
        table_lo = np.array([float(p - mpmath.mpf(float(p))) for p in powers])
        taylor = []
        for k in range(_EXP_DEGREE, -1, -1):
            c = 1 / mpmath.factorial(k)
            taylor.append((float(c), float(c - mpmath.mpf(float(c)))))
    return step_hi, step_lo, table_hi, table_lo, tuple(taylor)


def exp_pair(hi, lo):
    """exp(hi + lo) as a double-double (H, L): H + L to about 2^-88 relative for |hi| <= 10,
    2^-80 out to overflow (the rounding of n ln2/64); L is 0 where H is 0 or infinite.

    Needed where exp(x) itself is an argument: tanh(e^x) or exp(-2 e^x) turn a relative
    error of e^x into an absolute one of e^x times it (hundreds of ULP by x = 5).
    """
    step_hi, step_lo, table_hi, table_lo, taylor = _exp_constants()
    x = np.clip(np.asarray(hi, dtype=np.float64), -760.0, 720.0)  # beyond: 0 and inf
    n = np.rint(x * (1.0 / step_hi))
    r = n * step_hi
    np.subtract(x, r, out=r)  # exact: n step_hi is within a factor 2 of x, or r = x
    r_lo = n * step_lo
    np.subtract(lo, r_lo, out=r_lo)
    r, r_lo = two_sum(r, r_lo)  # r_lo reaches 1e-12 (step_lo n): renormalise first
    p, q = dd_poly(r, *taylor)
    # exp(r + r_lo) = exp(r) (1 + r_lo): r_lo^2 is far below 2^-106
    r_lo *= p
    q += r_lo
    k = np.nan_to_num(n).astype(np.int64)  # NaN stays NaN through x in the polynomial
    i = np.bitwise_and(k, 2**_EXP_TABLE_BITS - 1)
    np.right_shift(k, _EXP_TABLE_BITS, out=k)
    t_hi, t_lo = table_hi[i], table_lo[i]
    out, err = two_prod(p, t_hi)
    q *= t_hi
    err += q
    t_lo *= p
    err += t_lo
    s, e = two_sum(out, err)
    np.ldexp(s, k, out=s)
    np.ldexp(e, k, out=e)
    e[~np.isfinite(s) | (s == 0.0)] = 0.0
    return s, e


def _renormalised(s, e):
    """(s + e, the rounding error) where s + e is finite; (s, 0) where s is +-inf or NaN
    (two_sum and two_prod leave inf - inf = NaN in e there)."""
    hi = s + e
    t = s - hi
    e += t
    if np.ndim(hi):
        if not np.isfinite(np.add.reduce(hi)):  # one reduction; the masks only if needed
            overflowed = ~np.isfinite(s)
            hi[overflowed] = s[overflowed]
            e[overflowed | ~np.isfinite(hi)] = 0.0
    elif not np.isfinite(s):
        return s, 0.0
    return hi, e


def dd_scale(hi, lo, c_hi, c_lo):
    """(hi + lo) times the double-double constant c_hi + c_lo, renormalised."""
    return _renormalised(*dd_mul(hi, lo, c_hi, c_lo if c_lo != 0.0 else None))


def _one_plus(direct, other):
    """1 + direct where direct >= 0, other^2 / (1 - direct) elsewhere: 1 + t = (1 - t^2) /
    (1 - t), and 1 - t^2 is other^2 for t, other = sin, cos (or cos, sin)."""
    neg = np.flatnonzero(direct < 0.0)
    t = direct[neg]
    w = other[neg]
    w *= w
    np.subtract(1.0, t, out=t)
    w /= t
    direct += 1.0
    direct[neg] = w
    return direct


def one_plus_sin(w, k=1):
    """1 + sin(k w) with no cancellation at sin = -1 (:class:`OnePlusSin`); for k = 2, where
    2 w overflows (|w| >= 2^1023), (sin w + cos w)^2."""
    w = np.asarray(w, dtype=np.float64)
    u = k * w
    out = _one_plus(np.sin(u), np.cos(u))
    if k == 2 and not np.isfinite(np.add.reduce(out)):
        far = np.flatnonzero(np.isinf(u) & np.isfinite(w))
        s = np.sin(w[far]) + np.cos(w[far])
        out[far] = s * s
    return out


def _of_twice(w, ufunc, from_halves):
    """ufunc(2 w); where 2 w overflows (|w| >= 2^1023), ``from_halves(sin w, cos w)``."""
    w = np.asarray(w, dtype=np.float64)
    out = ufunc(2.0 * w)
    far = np.flatnonzero(np.isnan(out) & np.isfinite(w))
    if far.size:
        out[far] = from_halves(np.sin(w[far]), np.cos(w[far]))
    return out


def sin_twice(w):
    """sin(2 w), as 2 sin w cos w where 2 w overflows."""
    return _of_twice(w, np.sin, lambda s, c: 2.0 * s * c)


def cos_twice(w):
    """cos(2 w), as (cos w - sin w)(cos w + sin w) where 2 w overflows."""
    return _of_twice(w, np.cos, lambda s, c: (c - s) * (c + s))


def one_plus_cos(u):
    """1 + cos(u) with no cancellation at cos(u) = -1 (:class:`OnePlusCos`)."""
    return _one_plus(np.cos(u), np.sin(u))


def halfpow_dd(hi, lo, k):
    """(hi + lo)^(k/2) for an odd k <= -3 and a positive double-double base: sqrt and the
    power in double-double, one rounding in the final reciprocal (halfpow rounds four
    times on a rounded base: 5-6 ULP for (1 + x^2)^(-3/2))."""
    s = np.sqrt(hi)
    p, q = two_prod(s, s)
    e = hi - p  # exact: p is within an ulp of hi
    e -= q
    e += lo
    e /= 2.0 * s  # sqrt(hi + lo) = s + e to about 2^-100
    # b^((|k| - 1)/2) in double-double, times sqrt(b)
    pow_hi, pow_lo = hi, lo
    for _ in range((-k - 1) // 2 - 1):
        t_hi, t_lo = two_prod(pow_hi, hi)
        t_lo += pow_hi * lo + pow_lo * hi
        pow_hi, pow_lo = t_hi, t_lo
    big, err = two_prod(pow_hi, s)
    err += pow_hi * e
    err += pow_lo * s
    out = np.divide(1.0, big)
    err *= out  # 1/(big + err) = (1/big)(1 - err/big)
    err *= out
    out -= err
    if np.ndim(out):
        out[~np.isfinite(big)] = 0.0  # beyond the double range: below 1e-320 anyway
    return out


def softplus_dd(hi, lo):
    """log(1 + e^(hi + lo)) for a double-double argument: softplus(hi) + sigmoid(hi) lo (a
    rounded beta x = -516 costs some 250 ULP in softplus alone)."""
    out = np.logaddexp(0.0, hi)
    if np.ndim(lo):
        c = expit(hi)
        c *= lo
        if not np.isfinite(np.add.reduce(c)):  # lo is NaN where the argument overflowed
            c[~np.isfinite(c)] = 0.0
        out += c
    elif lo != 0.0:
        out += expit(hi) * lo
    return out
