"""Pieces: the stable expression of f or a derivative, split into regions of the real line
(one Piecewise branch and one sign each), and an unbounded piece's far tail split off."""

from __future__ import annotations

import dataclasses
import itertools
from typing import TYPE_CHECKING

import sympy as sp

from symacts import primitives as prim
from symacts.calculus import differentiate
from symacts.numeric.forms import _scaled_tail, _sign_adapted, _split_exponents

if TYPE_CHECKING:
    from symacts.activation import Activation


@dataclasses.dataclass(frozen=True)
class Piece:
    """One region of the real line with one expression and one sign."""

    region: sp.Set  # an Interval or a FiniteSet of points
    expr: sp.Expr  # in stable primitives
    sign: int  # +1, -1, or 0 when the region straddles nothing (a point at 0)


def stable_expression(act: Activation, n: int, resolved: tuple) -> sp.Expr:
    """The n-th derivative in stable primitives (parameters substituted)."""
    from symacts.reference import exact_parameters

    # A float parameter as a 60-digit Float of its exact value: double-double coefficients
    # (1/alpha = 0.4 for alpha = 2.5) keep their low parts, and unlike a Rational it is
    # not pulled out of a power ((0.3 x^2 + 1)^(-3/2) as 2^81 (5404319552844595 x^2 +
    # 2^54)^(-3/2), whose base overflows while the value does not).
    precise = {
        symbol: value if value.is_Integer or not value.is_Rational else sp.Float(value, 60)
        for symbol, value in exact_parameters(act, resolved).items()
    }
    base = prim.to_stable(act.expr.subs(precise))
    return prim.tidy(differentiate(base, act.x, n))


def pieces_of(expr: sp.Expr, x: sp.Symbol) -> list[Piece]:
    """Split an expression into single-sign pieces with Piecewise semantics."""
    expr = sp.piecewise_fold(expr.rewrite(sp.Piecewise))
    branches = expr.args if isinstance(expr, sp.Piecewise) else ((expr, sp.true),)
    covered: sp.Set = sp.S.EmptySet
    pieces: list[Piece] = []
    for branch, cond in branches:
        region = sp.S.Reals if cond == sp.true else cond.as_set().intersect(sp.S.Reals)
        region = region - covered
        covered = covered | region
        for part in _split_at_cuts(region):
            sign = _sign_of(part)
            pieces.append(Piece(part, _resolve_signs(branch, x, sign), sign))
    return pieces


#: Pieces are cut at 0 (one sign each) and at +-1 (small and large magnitudes may want
#: different forms); adjacent cuts that end up with the same form are merged again.
_CUTS = (
    sp.Interval(-sp.oo, -1),
    sp.Interval.open(-1, 0),
    sp.FiniteSet(0),
    sp.Interval.open(0, 1),
    sp.Interval(1, sp.oo),
)


def _split_at_cuts(region: sp.Set) -> list[sp.Set]:
    parts = []
    for atom in region.args if isinstance(region, sp.Union) else (region,):
        if atom is sp.S.EmptySet:
            continue
        if isinstance(atom, sp.FiniteSet):
            parts.extend(sp.FiniteSet(p) for p in atom)
            continue
        for half in _CUTS:
            piece = atom.intersect(half)
            if piece is not sp.S.EmptySet:
                parts.append(piece)
    return _merge_points(parts)


def _merge_points(parts: list[sp.Set]) -> list[sp.Set]:
    """Attach an isolated 0 to an adjacent interval that closes on it."""
    out = []
    for p in parts:
        if isinstance(p, sp.FiniteSet) and p == sp.FiniteSet(0):
            for i, q in enumerate(out):
                if isinstance(q, sp.Interval) and q.sup == 0:
                    out[i] = sp.Interval(q.inf, 0, q.left_open, False)
                    break
            else:
                out.append(p)
        else:
            zero_before = bool(out) and out[-1] == sp.FiniteSet(0)
            if zero_before and isinstance(p, sp.Interval) and p.inf == 0:
                out[-1] = sp.Interval(0, p.sup, False, p.right_open)
                continue
            out.append(p)
    return out


def _sign_of(region: sp.Set) -> int:
    if region.is_subset(sp.Interval(0, sp.oo)):
        return 1
    if region.is_subset(sp.Interval(-sp.oo, 0)):
        return -1
    return 0


def _resolve_signs(expr: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr:
    if sign == 0:
        return expr
    return expr.subs({sp.Abs(x): sign * x, sp.sign(x): sign})


#: Levels of a decaying exponent sampled in the tail: exp alone (or erfc, a factor e^-u^2
#: smaller) goes subnormal here while f need not. Dense in -712..-708.5: there f is just
#: normal while e^u carries a subnormal's rounding (gelu' at -37.70: 12.9 ULP unscaled).
_UNDERFLOW_LEVELS = (
    *(-690, -698, -702, -704, -705.5, -707, -708.5, -709, -709.5, -710),
    *(-710.5, -711, -711.5, -712, -713, -718, -726, -740),
)
#: Where the tail piece starts: well before any of them.
_TAIL_LEVEL = -600


def _split_tail(piece: Piece, x: sp.Symbol) -> list[Piece]:
    """An unbounded piece with a scaled tail form, cut where its exponent reaches -600: the
    scaled form (erfcx costs a few ULP) is then measured only where it is needed."""
    region = piece.region
    if not (piece.sign and isinstance(region, sp.Interval) and region.measure.is_infinite):
        return [piece]
    adapted = _sign_adapted(piece.expr, x, piece.sign)
    forms = [piece.expr, adapted, _split_exponents(adapted, x)]
    scaled = [
        t for t in (_scaled_tail(f, x, piece.sign) for f in forms if f is not None) if t is not None
    ]
    cuts = _underflow_points(scaled, x, region, levels=(_TAIL_LEVEL,))
    if not cuts:
        return [piece]
    cut = sp.Float(min(cuts, key=abs))
    if piece.sign > 0:
        inner, outer = sp.Interval.Ropen(region.inf, cut), sp.Interval(cut, region.sup)
    else:
        inner, outer = sp.Interval.Lopen(cut, region.sup), sp.Interval(region.inf, cut)
    if region.left_open and piece.sign > 0:
        inner = sp.Interval.open(region.inf, cut)
    if region.right_open and piece.sign < 0:
        inner = sp.Interval.open(cut, region.sup)
    if inner.is_empty or outer.is_empty:
        return [piece]
    return [dataclasses.replace(piece, region=inner), dataclasses.replace(piece, region=outer)]


def _underflow_points(
    forms: list[sp.Expr],
    x: sp.Symbol,
    region: sp.Set,
    levels=_UNDERFLOW_LEVELS,
    atoms: tuple = (prim.ScaledExp,),
) -> list[float]:
    """Points where the argument of a scaled exponential (or of the given atoms) is at the
    given levels."""
    import mpmath

    points = []
    found = {atom for form in forms for atom in form.atoms(*atoms) if atom.args[0].has(x)}
    for atom in sorted(found, key=sp.default_sort_key):
        g = sp.lambdify(x, prim.to_elementary(atom.args[0]), modules="mpmath")
        side = 1.0 if _contains(region, 1e300) else -1.0
        for level in levels:
            try:
                root = mpmath.findroot(lambda t, g=g, lv=level: g(t) - lv, side * 30.0)
            except (ValueError, ZeroDivisionError, TypeError, OverflowError):
                root = _bracketed_root(g, level, side)  # (exp(-2 e^x): secant diverges)
                if root is None:
                    continue
            if mpmath.im(root) == 0 and _contains(region, float(mpmath.re(root))):
                points.append(float(mpmath.re(root)))
    return sorted(set(points))


def _bracketed_root(g, level: float, side: float):
    """t with g(t) = level between two points of a log-spaced scan of one side, or None."""
    import mpmath

    ts = [side * 2.0 ** (k / 8) for k in range(-16, 80)]
    values = []
    for t in ts:
        try:
            values.append(g(mpmath.mpf(t)) - level)
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            values.append(None)
    for (a, fa), (b, fb) in itertools.pairwise(zip(ts, values, strict=True)):
        if fa is None or fb is None or mpmath.im(fa) or mpmath.im(fb) or fa * fb > 0:
            continue
        try:
            return mpmath.findroot(lambda t: g(t) - level, (a, b), solver="anderson")
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            return None
    return None


def _contains(region: sp.Set, value: float) -> bool:
    if isinstance(region, sp.Interval):
        lo, hi = region.inf, region.sup
        if lo.is_finite and (value < float(lo) or (region.left_open and value == float(lo))):
            return False
        return not (
            hi.is_finite and (value > float(hi) or (region.right_open and value == float(hi)))
        )
    return bool(region.contains(sp.Float(value)))
