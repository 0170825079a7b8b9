"""Patches: series of the definition where every form cancels - a Taylor polynomial at 0,
Taylor polynomials about zeros, and the exponential tail far out."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import sympy as sp

from symacts.numeric.measure import TARGET_ULP, TARGET_ULP_SECOND, _errors
from symacts.numeric.pieces import _contains

if TYPE_CHECKING:
    from symacts.activation import Activation


@dataclasses.dataclass(frozen=True)
class TaylorPatch:
    radius: float
    coefficients: tuple[float, ...]  # c_0 .. c_N, highest last


@dataclasses.dataclass(frozen=True)
class RootPatches:
    """Taylor polynomials about the zeros of f (f', f'') inside a window.

    Near a zero x0 every direct form cancels (gelu' near -0.75: Phi(x) + x phi(x)); about
    x0 = hi + lo (double-double), d = (x - hi) - lo is exact and sum c_k d^k keeps every bit.
    """

    roots_hi: tuple[float, ...]
    roots_lo: tuple[float, ...]
    radii: tuple[float, ...]
    coefficients: tuple[tuple[float, ...], ...]  # per root, c_0 .. c_D


#: Zeros are looked for (and patched) in this window; beyond it the note on the record says
#: that periodic functions keep the direct form.
ROOT_WINDOW = 64.0


def _root_patches(act, n, resolved, func, region: sp.Set) -> RootPatches | None:
    """Patches about the zeros in the window where the chosen form misses the budget."""
    import mpmath
    import numpy as np

    from symacts.reference import _mp_function, _reference

    if not isinstance(region, sp.Interval):
        return None
    target = TARGET_ULP if n <= 1 else TARGET_ULP_SECOND
    # A zero just beyond a cut (at -1, say) still cancels inside the piece: look a little
    # past the ends (the zeros come from the definition, so a kink there shows as a patch
    # that fails its check).
    lo = max(float(region.inf) - 1, -ROOT_WINDOW) if region.inf.is_finite else -ROOT_WINDOW
    hi = min(float(region.sup) + 1, ROOT_WINDOW) if region.sup.is_finite else ROOT_WINDOW
    if hi <= lo:
        return None
    grid = np.linspace(lo, hi, 8193)[1:-1]
    with np.errstate(all="ignore"):
        values = np.broadcast_to(func(grid), grid.shape)
    f = _mp_function(act, n, resolved)
    roots_hi, roots_lo, radii, coefficients = [], [], [], []
    for root in _zeros_on_grid(act, n, resolved, grid, values):
        if not any(_contains(region, float(root) + d) for d in (-0.5, -0.1, 0.0, 0.1, 0.5)):
            continue
        r_hi = float(root)
        r_lo = float(root - mpmath.mpf(r_hi))
        if r_hi in roots_hi:
            continue  # found twice (a sign change and a minimum of |f|)

        def bad(delta, r_hi=r_hi):
            # 12 points a side: the misses next to a zero can be sparse (serf' near -0.7)
            pts = [r_hi + s * delta * t for s in (1.0, -1.0) for t in np.linspace(1.0, 0.5, 12)]
            pts = [p for p in pts if _contains(region, p)]
            return any(
                e > PATCH_MARGIN * target
                for e in _errors(func, pts, [_reference(act, n, resolved, p) for p in pts])
            )

        if _contains(region, r_hi) and not bad(abs(r_hi) * 2.0**-24):
            continue  # no cancellation right at the zero: nothing to patch
        # Scan down from |hi| (x - hi is exact for |x - hi| <= |hi| / 2, and relatively
        # accurate beyond); the first distance still bad sets the radius.
        widest = min(abs(r_hi), 1.0)
        radius = None
        for k in range(0, 80):
            delta = widest * 2.0 ** (-k / 2)
            if bad(delta):
                radius = min(delta * 1.3, widest)
                break
        if radius is None:
            continue
        fit = _fit_root_series(act, n, resolved, f, root, r_hi, r_lo, radius, target)
        if fit is not None:
            roots_hi.append(r_hi)
            roots_lo.append(r_lo)
            radii.append(fit[0])
            coefficients.append(fit[1])
    if not roots_hi:
        return None
    width = max(len(c) for c in coefficients)
    padded = tuple(tuple(c) + (0.0,) * (width - len(c)) for c in coefficients)
    return RootPatches(tuple(roots_hi), tuple(roots_lo), tuple(radii), padded)


def _fit_root_series(act, n, resolved, f, root, r_hi, r_lo, radius, target):
    """(radius, coefficients) of the lowest-degree Taylor polynomial about the zero within
    target/2 on the radius; the radius shrinks when no degree up to 32 converges there."""
    import mpmath

    from symacts.reference import _reference, ulp_error

    series: list[float] = []
    for shrink in (1.0, 0.75, 0.56, 0.42):
        r = radius * shrink
        checks = [r_hi + t * r for t in (-1.0, -0.7, -0.4, -1e-3, 1e-3, 0.4, 0.7, 1.0)]
        refs = [_reference(act, n, resolved, c) for c in checks]
        for degree in (8, 12, 16, 24, 32, 48):
            if len(series) <= degree:  # one mpmath.taylor per size, truncated for lower degrees
                size = 16 if degree <= 16 else degree
                # numerical differentiation loses digits with the order: 4 per order kept
                with mpmath.workdps(4 * size + 60):
                    series = [float(c) for c in mpmath.taylor(f, root, size)]
            cs = series[: degree + 1]
            errs = [
                ulp_error(_horner(cs, (c - r_hi) - r_lo), ref)
                for c, ref in zip(checks, refs, strict=True)
            ]
            if max(errs) <= target / 2:
                return r, tuple(cs)
    return None


#: A measured error above this share of the budget counts as a miss when patching. The
#: sample is finite and misses next to a zero are sparse (gelu' on x <= -1: 0.25 % of points
#: over 4 ULP but 11 % over 2), so half the budget is what a dozen points can see.
PATCH_MARGIN = 0.5


def _zeros_on_grid(act, n, resolved, grid, values) -> list:
    """Zeros of the n-th derivative near the grid, to 40 digits: simple zeros from sign
    changes, double zeros (1 + sin 2x) from minima of |f| where f' changes sign."""
    import mpmath
    import numpy as np

    from symacts.reference import _mp_function

    f = _mp_function(act, n, resolved)
    finite = np.isfinite(values)
    signs = np.sign(values)
    mag = np.abs(values)
    change = finite[:-1] & finite[1:] & (signs[:-1] * signs[1:] < 0)
    found = []
    for i in np.nonzero(change)[0]:
        found.append((f, float(grid[i]), float(grid[i + 1])))
    # a zero right on the grid (x = 1/2), between values of opposite signs
    on_grid = np.nonzero(finite[1:-1] & (values[1:-1] == 0) & (signs[:-2] * signs[2:] < 0))[0]
    for i in on_grid + 1:
        found.append((f, float(grid[i - 1]), float(grid[i + 1])))
    inner = np.arange(1, len(grid) - 1)
    minima = inner[
        finite[inner - 1]
        & finite[inner]
        & finite[inner + 1]
        & (mag[inner] < mag[inner - 1])
        & (mag[inner] <= mag[inner + 1])
        & (signs[inner - 1] == signs[inner])
        & (signs[inner + 1] == signs[inner])
    ]
    # a double zero is a deep minimum: |f| a step away is some 100 times larger than at the
    # nearest grid point (flat stretches give shallow minima from rounding alone)
    far = 8
    minima = minima[(minima >= far) & (minima < len(grid) - far)]
    minima = minima[50 * mag[minima] < np.maximum(mag[minima - far], mag[minima + far])]
    if len(minima):
        df = _mp_function(act, n + 1, resolved)
        found += [(df, float(grid[i - 1]), float(grid[i + 1])) for i in minima]
    roots = []
    for g, a, b in found:
        try:
            with mpmath.workdps(40):
                root = mpmath.findroot(g, (mpmath.mpf(a), mpmath.mpf(b)), solver="anderson")
                if g is not f and abs(f(root)) > mpmath.mpf(10) ** -30:
                    continue  # a minimum of |f| that is no zero
        except (ValueError, ZeroDivisionError, TypeError):
            continue
        # zeros at 0 are the Taylor patch's job; findroot may stop at 1e-50 off it, and a
        # series about that point loses every digit at x = 1e-65 (shifted softplus)
        at_zero = abs(root) < mpmath.mpf(10) ** -30
        if a <= root <= b and not at_zero and all(abs(root - r) > 1e-20 for r in roots):
            roots.append(root)
    return sorted(roots)


def _probe(cache: dict[float, float], p: float, error_at: Callable[[float], float]) -> float:
    if p not in cache:
        cache[p] = error_at(p)
    return cache[p]


def _taylor_patch(act, n, resolved, func, sign_region) -> TaylorPatch | None:
    """A Taylor polynomial of the definition at 0 where the chosen form cancels."""
    target = TARGET_ULP if n <= 1 else TARGET_ULP_SECOND
    import mpmath
    import numpy as np

    from symacts import kernels
    from symacts.reference import _mp_function, _reference, ulp_error

    # Cancellation grows as x -> 0, so a few small probes tell whether a patch is needed;
    # then the radius is the largest probe (scanning down from 1) that is still bad.
    def error_at(p):
        if not _contains(sign_region, p):
            return 0.0
        return _errors(func, [p], [_reference(act, n, resolved, p)])[0]

    side = 1.0 if _contains(sign_region, 1e-9) else -1.0
    if not any(error_at(side * p) > target for p in (1e-12, 1e-6, 1e-3, 0.03)):
        return None
    # Rounding makes the error erratic (a band may be 20% above the bound, its neighbour
    # clean), so the scan looks for errors above half the bound: that edge lies further out
    # and past it the formula has a margin. Smaller radii (the bound's edge, the first bad
    # probes) are fallbacks for when no polynomial reaches so far.
    probes = [side * 2.0 ** (-k / 16) * 1.01 for k in range(0, 960)]
    f = _mp_function(act, n, resolved)
    errors: dict[float, float] = {}
    radii = []
    for limit in (target / 2, target):
        first_bad = next((p for p in probes if _probe(errors, p, error_at) > limit), None)
        if first_bad is None:
            continue
        # Errors come in rare spikes near the edge (1 point in 10 above half the bound
        # past tanhshrink's 0.75), so a dense scan above the first bad probe finds it.
        # Cancellation is mild that far out: one evaluation at 40 digits is a fine reference.
        start = abs(first_bad)
        dense = [side * p for p in np.linspace(start, min(1.6 * start, 1.01), 400)[1:]]
        dense = [p for p in dense if _contains(sign_region, p)]
        with mpmath.workdps(40):
            refs = [f(mpmath.mpf(p)) for p in dense]
        edge = max(
            (abs(p) for p, e in zip(dense, _errors(func, dense, refs), strict=True) if e > limit),
            default=start,
        )
        radii += [edge * 1.01, start * 1.01]
    series: dict[int, tuple[float, ...]] = {}
    for radius in sorted(set(radii), reverse=True):  # the furthest a polynomial reaches
        for degree in (8, 16, 24, 32, 48, 64):
            if degree not in series:
                with mpmath.workdps(degree * 4 + 60):
                    series[degree] = tuple(float(c) for c in mpmath.taylor(f, 0, degree))
            coefficients = series[degree]
            checks = [s * radius * t for t in (1.0, 0.7, 0.3, 0.01, 1e-6) for s in (1.0, -1.0)]
            checks = [c for c in checks if _contains(sign_region, c)]
            # the run-time evaluation (kernels.horner), so what is checked is what runs
            values = [float(v) for v in kernels.horner(np.array(checks), coefficients)]
            errors_there = [
                ulp_error(v, _reference(act, n, resolved, c))
                for v, c in zip(values, checks, strict=True)
            ]
            if max(errors_there, default=0.0) <= target:
                return TaylorPatch(radius, _trim(coefficients))
    return None


def _horner(coefficients: Sequence[float], value: float) -> float:
    acc = 0.0
    for c in reversed(coefficients):
        acc = acc * value + c
    return acc


def _trim(coefficients: tuple[float, ...]) -> tuple[float, ...]:
    out = list(coefficients)
    while out and out[-1] == 0.0:
        out.pop()
    return tuple(out)


@dataclasses.dataclass(frozen=True)
class ExpTail:
    """f ~ c(x) exp(rate * x) far out on one side, exact to double precision there."""

    side: int  # -1: x -> -oo, +1: x -> +oo
    start: float  # used where side * x > start
    rate: float  # exponent per unit x (negative: decays outward)
    rate_lo: float
    coefficient: sp.Expr


def _exp_tail(act: Activation, n: int, resolved: tuple, side: int) -> ExpTail | None:
    """The leading term c(x) T^p of f as x -> side * oo, with T = exp(-side * x) -> 0,
    derived by SymPy's series in T.

    Needed where exp(x) is subnormal but x exp(x) is not (|x| in 708..745): there every
    direct form loses bits, while c(x) exp(rate x) evaluated with a scaled exponential
    keeps them all.
    """
    import mpmath

    from symacts.reference import _branch_at_infinity, _reference, exact_derivative

    x = act.x
    expr = exact_derivative(act, n, resolved)
    if isinstance(expr, sp.Piecewise):
        expr = _branch_at_infinity(expr, x, side)
    if not expr.has(sp.exp):
        return None
    t = sp.Symbol("T", positive=True)
    g = expr.subs(sp.exp(x), t if side < 0 else 1 / t)
    if t not in g.free_symbols or x in (g.free_symbols - {x}):
        return None
    try:
        lead = sp.simplify(sp.series(g, t, 0, 2).removeO())
        coefficient, power = lead.as_coeff_exponent(t)
    except Exception:
        return None
    if (
        not power.is_number
        or not power.is_positive
        or coefficient.has(t)
        or not coefficient.is_rational_function(x)
        or coefficient == 0
    ):
        return None
    rate = -side * sp.N(power, 40)
    start = float(60 / power)
    # The leading term must match the definition to 25 digits where the tail starts.
    probe = side * start * 1.5
    exact = _reference(act, n, resolved, probe)
    approx = sp.N((coefficient * sp.exp(rate * x)).subs(x, probe), 40)
    # (str() of an mpf prints the working precision's 15 digits: ask for all 40)
    if abs(approx - sp.Float(mpmath.nstr(exact, 40), 40)) > abs(approx) * sp.Float("1e-25"):
        return None
    rate_hi = float(rate)
    return ExpTail(side, start, rate_hi, float(rate - sp.Float(rate_hi, 60)), coefficient)
