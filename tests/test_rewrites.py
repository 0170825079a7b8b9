"""Every rewrite the code generator may choose equals the definition, checked at 50 digits.

``act.numpy`` picks, per piece, the most accurate of several candidate forms (log1p, expm1,
sigmoid and softplus forms, fractions in e^x, split exponentials, scaled tails, compensated
variants ...). A form is only ever chosen by measurement, but each one is also checked here
on its own: turned back
into elementary functions and evaluated by mpmath (precision raised until two evaluations
agree to 48 digits) inside its piece, it must agree with the reference value of the
record's own derivative to 45 digits. Taylor and root patches and exponential tails are not
rewrites but series of the definition (SymPy/mpmath), checked by the accuracy tests.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from sample import SAMPLE

import symacts
from symacts import primitives as prim
from symacts.numeric.forms import candidate_forms, compensated_forms
from symacts.numeric.pieces import _split_tail, pieces_of, stable_expression
from symacts.reference import _SAFE, reference_value

#: The generator's every candidate form is checked on the fixed sample (deriving them costs
#: seconds per function); what it chose for every record is certified in the store.
NAMES = SAMPLE


def interior_points(region: sp.Set) -> list[float]:
    """A few points strictly inside a piece's region (the point itself for a single one)."""
    if isinstance(region, sp.FiniteSet):
        return [float(p) for p in region]
    lo, hi = region.inf, region.sup
    if lo.is_infinite and hi.is_infinite:
        return [-3.3, -0.7, 0.45, 2.9]
    if lo.is_infinite:
        return [float(hi) - d for d in (0.5, 3.0, 20.0)]
    if hi.is_infinite:
        return [float(lo) + d for d in (0.5, 3.0, 20.0)]
    a, b = float(lo), float(hi)
    return [a + (b - a) * t for t in (0.1, 0.5, 0.9)]


def _high_precision(expr: sp.Expr, x: sp.Symbol, point: float) -> mpmath.mpf:
    """expr at a float by mpmath, precision doubled until two results agree to 48 digits.

    The start is sized so that e^-|x| and e^-x^2/2 next to 1 are not absorbed (absorption,
    unlike cancellation, gives the same wrong value at every precision); a zero is never
    taken as settled (it may be cancellation), so it keeps raising the precision.
    """
    func = sp.lambdify(x, expr, modules=[_SAFE, "mpmath"])
    exponent = max(abs(point), min(point * point, 3200.0) / 2)
    dps, previous = 60 + int(0.45 * exponent), None
    while dps <= 4000:
        with mpmath.workdps(dps):
            current = +mpmath.mpf(func(mpmath.mpf(point)))
            settled = previous is not None and current != 0
            if settled and abs(current - previous) <= abs(current) * mpmath.mpf(10) ** -48:
                return current
        previous, dps = current, dps * 2
    return previous


@pytest.mark.parametrize("n", [0, 1, 2])
@pytest.mark.parametrize("name", NAMES)
def test_every_candidate_form_equals_the_definition(name: str, n: int) -> None:
    act = symacts.get(name)
    resolved = act.resolve_params()
    x = act.x
    pieces = pieces_of(stable_expression(act, n, resolved), x)
    checked = 0
    for piece in [part for p in pieces for part in _split_tail(p, x)]:
        points = interior_points(piece.region)
        refs = [reference_value(act, n, p) for p in points]
        forms = candidate_forms(piece, x)
        seen = set()
        # the costlier variants offered where a piece misses its budget are rewrites too
        for form in forms + compensated_forms(forms, x):
            # UnevaluatedExpr only guards a grouping against SymPy's rewriting; mpmath needs
            # the plain expression inside it
            elementary = prim.to_elementary(form).replace(
                lambda e: isinstance(e, sp.UnevaluatedExpr), lambda e: e.args[0]
            )
            if elementary in seen:  # (a compensated kernel: the same expression)
                continue
            seen.add(elementary)
            for point, ref in zip(points, refs, strict=True):
                value = _high_precision(elementary, x, point)
                scale = max(abs(ref), mpmath.mpf(10) ** -300)
                agree = abs(value - ref) <= scale * mpmath.mpf(10) ** -45
                assert agree, (
                    f"{name} n={n} on {piece.region}: {form} gives {mpmath.nstr(value, 20)} "
                    f"at x={point!r}, the definition {mpmath.nstr(ref, 20)}"
                )
                checked += 1
    assert checked > 0


def test_the_check_catches_a_form_that_is_wrong_in_the_40th_digit() -> None:
    act = symacts.get("softplus")
    x = act.x
    point = 2.5
    ref = reference_value(act, 0, point)
    right = prim.to_elementary(act._diff(0, act.resolve_params()))
    wrong = right * (1 + sp.Rational(1, 10**40))
    tolerance = abs(ref) * mpmath.mpf(10) ** -45
    assert abs(_high_precision(right, x, point) - ref) <= tolerance
    assert abs(_high_precision(wrong, x, point) - ref) > tolerance
