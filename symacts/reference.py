"""High-precision reference values (mpmath) and ULP distances, for tests and benchmarks.

References are evaluated from the *definition's* derivative (``act.diff(n)``), not from the
stable forms the NumPy callables use, so the two are independent. Precision adapts: a value
is accepted once two evaluations at doubling precision agree to 30 digits, which exposes
cancellation (``x - tanh(x)`` at 1e-300 needs some 600 digits).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import mpmath
import sympy as sp

if TYPE_CHECKING:
    from symacts.activation import Activation

#: Digits agreed between two precisions before a reference value is accepted.
AGREE_DIGITS = 30
MAX_DPS = 2400
#: Results below the smallest normal double may flush to zero.
TINY = 2.0**-1022
#: Accuracy bounds of ``act.numpy(n)`` for n = 0, 1, 2, in ULP of the exactly rounded value.
ULP_BOUNDS = (4.0, 4.0, 64.0)


#: Beyond this magnitude hyperbolic functions are +-1 or 0 to any precision used here, and
#: mpmath would otherwise try to build integers with astronomically many digits.
_HUGE = mpmath.mpf(10) ** 30


_HUGE_EXP = mpmath.mpf(10) ** 400


def _guarded(fn, at_pos, at_neg, huge=_HUGE):
    def wrapper(u):
        if u > huge:
            return at_pos(u)
        if u < -huge:
            return at_neg(u)
        return fn(u)

    return wrapper


def _exp(u):
    """exp with cheap argument reduction for huge |u| (mpmath's own takes seconds at 1e250)."""
    if abs(u) < 10000:
        return mpmath.exp(u)
    if u > _HUGE_EXP:
        return mpmath.inf
    if u < -_HUGE_EXP:
        return mpmath.mpf(0)
    extra = int(mpmath.log10(abs(u))) + 10
    with mpmath.extradps(extra):
        k = mpmath.floor(u / mpmath.ln2)
        r = u - k * mpmath.ln2
        value = mpmath.ldexp(mpmath.exp(r), int(k))
    return +value


_SAFE = {
    "tanh": _guarded(mpmath.tanh, lambda u: mpmath.mpf(1), lambda u: mpmath.mpf(-1)),
    "sech": _guarded(mpmath.sech, lambda u: mpmath.mpf(0), lambda u: mpmath.mpf(0)),
    "cosh": _guarded(mpmath.cosh, lambda u: mpmath.inf, lambda u: mpmath.inf),
    "sinh": _guarded(mpmath.sinh, lambda u: mpmath.inf, lambda u: -mpmath.inf),
    "exp": _exp,
}


def exact_parameters(act: Activation, resolved: tuple) -> dict[sp.Symbol, sp.Expr]:
    """Each parameter's value as an exact number: a float as the rational it equals.

    SymPy's Float arithmetic rounds: with alpha = 0.3 substituted before differentiating,
    3 alpha is rounded to 53 bits, and isru'' at 1e60 became 3 alpha x^2/(alpha x^2 + 1) -
    3 alpha, a cancellation that no longer cancels (off by a factor 1e102)."""
    return {
        p.symbol: sp.Rational(value) if isinstance(value, sp.Float) else value
        for p, (_, value) in zip(act.param_list, resolved, strict=True)
    }


@functools.cache
def exact_derivative(act: Activation, n: int, resolved: tuple) -> sp.Expr:
    """The n-th derivative at these parameter values, with no rounding anywhere: taken with
    the parameters as symbols, their exact values put in afterwards."""
    exact = exact_parameters(act, resolved)
    return act.diff_symbolic(n).subs(exact) if n else act.expr.subs(exact)


@functools.cache
def _mp_function(act: Activation, n: int, resolved: tuple) -> Callable[[Any], Any]:
    return sp.lambdify(act.x, exact_derivative(act, n, resolved), modules=[_SAFE, "mpmath"])


@functools.cache
def limit_at_infinity(act: Activation, n: int, resolved: tuple, sign: int) -> float:
    """The limit of the n-th derivative at +oo (sign=1) or -oo (sign=-1), as a float.

    NaN when the limit does not exist (oscillation), +-inf when it diverges. The value at
    x = +-1e300 and +-1e30 (high precision) settles it when they agree to 25 digits or
    both have overflowed; otherwise ``sympy.limit`` decides.
    """
    if act._diff(n, resolved).has(sp.sin, sp.cos):
        return _sympy_limit(act, n, resolved, sign)  # may oscillate: let SymPy decide
    far, near = (_reference_finite(act, n, resolved, sign * v) for v in (1e300, 1e30))
    if far is not None and near is not None:
        if abs(far) > 1e250 and abs(near) > 1e20 and mpmath.sign(far) == mpmath.sign(near):
            return math.copysign(math.inf, far)
        if abs(far) < 1e-250 and abs(near) < 1e-25:
            return 0.0  # decaying: below every double long before 1e300
        if abs(far - near) <= mpmath.mpf(10) ** -25 * max(abs(far), abs(near)):
            return 0.0 if abs(far) < 1e-250 else float(far)
    return _sympy_limit(act, n, resolved, sign)


def _reference_finite(act, n, resolved, value):
    try:
        v = _reference(act, n, resolved, value)
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):
        return None
    return v if mpmath.isfinite(v) else None


def _sympy_limit(act: Activation, n: int, resolved: tuple, sign: int) -> float:
    expr = act._diff(n, resolved)
    if isinstance(expr, sp.Piecewise):
        expr = _branch_at_infinity(expr, act.x, sign)
    try:
        lim = sp.limit(expr, act.x, sign * sp.oo)
    except (NotImplementedError, ValueError, TypeError):
        lim = sp.nan
    if lim.is_number and lim.is_extended_real:
        return float(lim)
    return math.nan


def _branch_at_infinity(expr: sp.Piecewise, x: sp.Symbol, sign: int) -> sp.Expr:
    big = sp.Integer(sign) * sp.Integer(10) ** 400
    for e, cond in expr.args:
        if cond == sp.true or bool(cond.subs(x, big)):
            return e
    raise ValueError("no branch of the Piecewise covers infinity")


def reference_value(act: Activation, n: int, value: float, **params: Any) -> mpmath.mpf:
    """The n-th derivative of ``act`` at a float, to at least 30 correct digits."""
    return _reference(act, n, act.resolve_params(**params), float(value))


def reference_values(
    act: Activation, n: int, xs: Iterable[float], **params: Any
) -> list[mpmath.mpf]:
    """Reference values at several floats (see :func:`reference_value`)."""
    resolved = act.resolve_params(**params)
    return [_reference(act, n, resolved, float(v)) for v in xs]


@functools.lru_cache(maxsize=200_000)
def _reference(act: Activation, n: int, resolved: tuple, value: float) -> mpmath.mpf:
    if math.isnan(value):
        return mpmath.mpf("nan")
    if math.isinf(value):
        return mpmath.mpf(limit_at_infinity(act, n, resolved, 1 if value > 0 else -1))
    f = _mp_function(act, n, resolved)
    # Cancellation shows as disagreement (or an exact 0) and raises the precision; absorption
    # (1 + e^-400 == 1 at 50 digits) does not, so the start is sized to the exponentials.
    dps = _starting_dps(act, n, resolved, value)
    # Far out (|x| > 800) an exponentially small part is below every double: a zero that
    # survives 200 digits is a zero (and exp(1e300) at thousands of digits costs minutes).
    ceiling = MAX_DPS if abs(value) <= 800 or _exp_degree(act, n, resolved) == 0 else 400
    previous = None
    while dps <= ceiling:
        with mpmath.workdps(dps):
            current = f(mpmath.mpf(value))
            current = mpmath.mpf(current) if not isinstance(current, mpmath.mpf) else +current
        if previous is not None and _agree(previous, current):
            return current
        previous = current
        dps *= 2
    last_dps = dps // 2
    if ceiling < MAX_DPS and abs(previous) < mpmath.mpf(10) ** (10 - last_dps):
        # Far out, an unsettled value below every normal double is rounding noise of
        # exponentially small terms (sigmoid(x) - sigmoid(x - 1) at 1e75): it is 0.
        return mpmath.mpf(0)
    return previous


@functools.cache
def _exp_degree(act: Activation, n: int, resolved: tuple) -> int:
    """Highest degree in x of an argument of exp/erf/erfc/tanh (1 for e^x, 2 for e^-x^2)."""
    expr = act._diff(n, resolved)
    degree = 0
    for atom in expr.atoms(sp.exp, sp.erf, sp.erfc, sp.tanh, sp.cosh, sp.sinh):
        arg = atom.args[0]
        if arg.has(act.x):
            degree = max(
                degree, 2 if arg.is_polynomial(act.x) and sp.degree(arg, act.x) >= 2 else 1
            )
    return degree


def _starting_dps(act: Activation, n: int, resolved: tuple, value: float) -> int:
    """Enough digits that terms of size e^-|arg| are not absorbed, while they can matter."""
    size = abs(value)
    degree = _exp_degree(act, n, resolved)
    if degree == 0:
        return 50
    if size > 800:  # e^-|x| terms are below every double, but x - 1 must stay exact
        return 50 + int(math.log10(size))
    exponent = size if degree == 1 else max(size, min(size * size, 1600.0) / 2)
    return 50 + int(0.45 * exponent)


def _agree(a: mpmath.mpf, b: mpmath.mpf) -> bool:
    if mpmath.isnan(a) or mpmath.isnan(b):
        return bool(mpmath.isnan(a) and mpmath.isnan(b))
    if mpmath.isinf(a) or mpmath.isinf(b):
        return a == b
    if a == 0 or b == 0:
        return False  # an exact zero may be cancellation: keep raising the precision
    return abs(a - b) <= abs(b) * mpmath.mpf(10) ** (-AGREE_DIGITS)


def ulp_error(got: float, ref: mpmath.mpf, dtype: str = "float64") -> float:
    """Distance from ``got`` to the exact value ``ref`` in units of the last place.

    The unit is the spacing of floats at the correctly rounded reference; results whose
    exact value lies below the smallest normal may flush to zero (error 0).
    """
    got = float(got)
    if mpmath.isnan(ref):
        return 0.0 if math.isnan(got) else math.inf
    if math.isnan(got):
        return math.inf
    tiny, spacing, rounded = _format(dtype, ref)
    if math.isinf(rounded) or math.isinf(got):
        return 0.0 if got == rounded else math.inf
    if abs(ref) < tiny and (got == 0 or abs(got) < tiny):
        return 0.0  # flush-to-zero allowed below the smallest normal
    return float(abs(mpmath.mpf(got) - ref) / spacing)


def _format(dtype: str, ref: mpmath.mpf) -> tuple[float, float, float]:
    if dtype == "float32":
        import numpy as np

        with np.errstate(over="ignore", under="ignore"):
            rounded = float(np.float32(float(ref))) if not mpmath.isinf(ref) else float(ref)
        tiny = float(np.finfo(np.float32).tiny)
        if math.isinf(rounded):
            return tiny, math.inf, rounded
        magnitude = np.float32(abs(rounded))
        # at the largest float32 the spacing above is infinite: take the one below
        below = float(magnitude - np.nextafter(magnitude, np.float32(0)))
        spacing = below if magnitude == np.finfo(np.float32).max else float(np.spacing(magnitude))
        spacing = spacing if rounded else 2.0**-149
        return tiny, max(spacing, 2.0**-149), rounded
    rounded = float(ref) if abs(ref) < mpmath.mpf(2) ** 1024 else math.copysign(math.inf, ref)
    if math.isinf(rounded):
        return TINY, math.inf, rounded
    return TINY, math.ulp(rounded) if rounded else 2.0**-1074, rounded
