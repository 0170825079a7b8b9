"""Search: per piece, the measured choice between forms (compensated ones near the budget)
and its patches; then the joins of neighbouring pieces (same form, mirrored, clamped).
``generate_source`` runs the pipeline, up to the emitted source."""

from __future__ import annotations

import dataclasses
import itertools
from typing import TYPE_CHECKING

import sympy as sp

from symacts import primitives as prim
from symacts.numeric.emit import _emit
from symacts.numeric.forms import candidate_forms, compensated_forms
from symacts.numeric.inplace import _piece_function
from symacts.numeric.measure import (
    TARGET_ULP,
    TARGET_ULP_SECOND,
    _errors,
    _sample_points,
    _score,
)
from symacts.numeric.patches import (
    ROOT_WINDOW,
    ExpTail,
    RootPatches,
    TaylorPatch,
    _exp_tail,
    _root_patches,
    _taylor_patch,
)
from symacts.numeric.pieces import (
    _contains,
    _split_tail,
    _underflow_points,
    pieces_of,
    stable_expression,
)

if TYPE_CHECKING:
    from symacts.activation import Activation


#: A piece whose best form measures above this share of its budget on the sample is
#: offered compensated forms (compensated sigmoids, double-double arithmetic), which it
#: keeps only when they bring the summed error below COMPENSATE_GAIN of the plain form's.
COMPENSATE_ABOVE = 0.45
COMPENSATE_GAIN = 0.8
#: ... and whose dense probe (a few hundred points) shows above this share: such a probe
#: finds some 60% of the worst case over 16000 points (serf': 2.9 of 5.4 ULP).
COMPENSATE_DENSE = 0.6
#: Where a piece near its budget is probed densely (off the grid's round values): 1/80
#: apart on |x| < 10, 1/10 apart out to the root window (imq' misses 4 ULP at -16.3).
_DENSE_PROBE = tuple(-10.0 + 0.0125 * k + 0.00123 for k in range(1600)) + tuple(
    s * (10.0 + 0.1 * k + 0.0377) for s in (-1.0, 1.0) for k in range(540)
)


#: Extra points where the forms are chosen: the fixed sample is sparse at moderate |x|
#: (0.75 apart), where a sum of rounded terms shows its worst case (off the grid's values).
_CHOICE_BAND = tuple(0.1 * k + 0.0123 for k in range(-50, 50))


def _away_from_zeros(
    points: list[float], refs: list, fallback: bool = True
) -> tuple[list[float], list]:
    """The points (and their references) farther than min(|z|, 1) from every zero z of f
    in the root-patch window, as sign changes of the references show them. Next to a zero
    every form cancels and a root patch (:func:`_root_patches`) takes over, so errors there
    would only add noise to the choice between forms (logish': the form of 3.3 ULP lost to
    one of 5.8 on its errors at -1.75, 0.4 from the zero)."""
    import mpmath

    order = sorted(range(len(points)), key=lambda i: points[i])
    zeros = []
    for i, j in itertools.pairwise(order):
        a, b = refs[i], refs[j]
        if not (mpmath.isfinite(a) and mpmath.isfinite(b)) or a * b >= 0:
            continue
        z = 0.5 * (points[i] + points[j])
        if abs(z) <= ROOT_WINDOW:
            zeros.append((z, min(abs(z), 1.0) + 0.5 * (points[j] - points[i])))
    if not zeros:
        return points, refs
    keep = [k for k, p in enumerate(points) if all(abs(p - z) >= r for z, r in zeros)]
    if not keep and fallback:  # (all of them next to a zero: the choice needs some)
        return points, refs
    return [points[k] for k in keep], [refs[k] for k in keep]


#: Exponents between which a decaying exp is subnormal while f may still be normal (its
#: factor x^k or 1/x lifts it): that exp's rounding error shows at about 1% of the points
#: there (gelu' near -37.7: 12.8 ULP), so the choice samples the band densely.
_SUBNORMAL_BAND = (-708.0, -745.0)
_SUBNORMAL_SAMPLES = 97


def _subnormal_band_points(forms: list[sp.Expr], x: sp.Symbol, region: sp.Set) -> list[float]:
    """Evenly spaced points across the subnormal band of each decaying exponential."""
    import numpy as np

    atoms = {a for f in forms for a in f.atoms(prim.ScaledExp, sp.exp) if a.args[0].has(x)}
    out: list[float] = []
    for atom in sorted(atoms, key=sp.default_sort_key):
        ends = _underflow_points([atom], x, region, _SUBNORMAL_BAND, atoms=(type(atom),))
        if len(ends) == 2:
            out += np.linspace(ends[0], ends[1], _SUBNORMAL_SAMPLES).tolist()[1:-1]
    return sorted(set(out))


@dataclasses.dataclass(frozen=True)
class CompiledPiece:
    region: sp.Set
    expr: sp.Expr
    patch: TaylorPatch | None
    tail: ExpTail | None = None
    roots: RootPatches | None = None
    mirror: int = 0  # +1: f(x) = g(|x|), -1: f(x) = sign(x) g(|x|), g = expr; 0: plain
    clamp: tuple[str, float] | None = None  # ("max", a): f(x) = g(max(x, a)); or "min"


def generate_source(act: Activation, n: int, resolved: tuple) -> str:
    """The source of the NumPy function for the n-th derivative of ``act`` with these
    parameters (:func:`symacts.numeric.generate_source`)."""
    from symacts.reference import _reference, limit_at_infinity

    x = act.x
    limits = (limit_at_infinity(act, n, resolved, -1), limit_at_infinity(act, n, resolved, 1))
    chosen: list[CompiledPiece] = []
    measured: list[tuple] = []
    pieces = pieces_of(stable_expression(act, n, resolved), x)
    for piece in [part for p in pieces for part in _split_tail(p, x)]:
        forms = candidate_forms(piece, x)
        # (where any exp goes subnormal: a form with exp(-2 e^x) alone loses to exp(x - 2 e^x))
        points = _sample_points(piece.region) + _underflow_points(
            forms, x, piece.region, atoms=(prim.ScaledExp, sp.exp)
        )
        points += [p for p in _CHOICE_BAND if _contains(piece.region, p)]
        points += _subnormal_band_points(forms, x, piece.region)
        refs = [_reference(act, n, resolved, p) for p in points]
        points, refs = _away_from_zeros(points, refs)
        best, best_score, best_func = None, None, None
        for form in forms:
            try:
                func = _piece_function(form)
            except (TypeError, NameError, SyntaxError, sp.PolynomialError):
                continue
            score = _score(_errors(func, points, refs, limits))
            if best_score is None or score < best_score:
                best, best_score, best_func = form, score, func
        target = TARGET_ULP if n <= 1 else TARGET_ULP_SECOND
        if best_score is not None and best_score[0] > COMPENSATE_ABOVE * target:
            # near the budget on the sample: a dense probe decides; the costlier forms are
            # kept only where they cut the summed error (steadier than the worst) by a fifth
            dense = [p for p in _DENSE_PROBE if _contains(piece.region, p)]
            dense_refs = [_reference(act, n, resolved, p) for p in dense]
            dense, dense_refs = _away_from_zeros(dense, dense_refs, fallback=False)
            both, both_refs = points + dense, refs + dense_refs
            plain = _score(_errors(best_func, both, both_refs, limits))
            if dense and plain[0] > COMPENSATE_DENSE * target:
                chosen_score = plain
                for form in compensated_forms(forms, x):
                    try:
                        func = _piece_function(form)
                    except (TypeError, NameError, SyntaxError, sp.PolynomialError):
                        continue
                    score = _score(_errors(func, both, both_refs, limits))
                    steadier = score[1] < min(chosen_score[1], COMPENSATE_GAIN * plain[1])
                    if steadier and score[0] <= plain[0]:
                        best, best_func, chosen_score = form, func, score
                        best_score = _score(_errors(func, points, refs, limits))
        patch = None
        if isinstance(piece.region, sp.Interval) and (
            piece.region.inf == 0 or piece.region.sup == 0
        ):
            whole = _contains_neighbourhood_of_zero(act, n, resolved)
            if whole:
                patch = _taylor_patch(act, n, resolved, best_func, piece.region)
        tail = None
        if isinstance(piece.region, sp.Interval) and not piece.region.is_finite_set:
            for side, end in ((-1, piece.region.inf), (1, piece.region.sup)):
                if end.is_infinite and limits[(side + 1) // 2] == 0.0:
                    tail = _exp_tail(act, n, resolved, side)
        roots = None
        if best is not None and not best.is_number and best_func is not None:
            roots = _root_patches(act, n, resolved, best_func, piece.region)
        chosen.append(CompiledPiece(piece.region, best, patch, tail, roots))
        measured.append((best_func, points, refs, best_score))
    # strict joins first: a mirrored g(|x|) (one piece, no masks) beats any greedy join
    strict_measured = list(measured)
    strict = _mirrored(_merge_same_forms(chosen, strict_measured, 0.0), strict_measured, x)
    if len(strict) == 1:
        chosen = strict
    else:
        chosen = _merge_same_forms(chosen, measured, _JOIN_SLACK)
        chosen = _mirrored(chosen, measured, x)
        chosen = _clamped(chosen, measured, x)
    return _emit(act, n, resolved, chosen, limits)


def _merge_same_forms(
    chosen: list[CompiledPiece], measured: list[tuple] | None = None, slack: float = 0.0
) -> list[CompiledPiece]:
    """Join neighbouring pieces (fewer masks and gathers at run time): those that chose the
    same form, and those where one of the two forms is as accurate on both as the worse of
    the two is on its own piece, or within ``slack`` ULP (measured on the same samples).

    Patches carry over: root patches and exponential tails act on x's value, not on the
    region; two Taylor patches at 0 are kept apart."""
    if measured is None:
        measured = [None] * len(chosen)
    order = sorted(range(len(chosen)), key=lambda i: float(chosen[i].region.inf))
    merged: list[CompiledPiece] = []
    info: list = []
    for i in order:
        piece, meas = chosen[i], measured[i]
        if merged:
            joined = _join(merged[-1], info[-1], piece, meas, slack)
            if joined is not None:
                merged[-1], info[-1] = joined
                continue
        merged.append(piece)
        info.append(meas)
    measured[:] = info  # the measurements now describe the merged pieces
    return merged


def _mirrored(chosen: list[CompiledPiece], measured: list[tuple], x: sp.Symbol):
    """Two pieces x < 0 and x >= 0 whose forms mirror each other (even: g(-x), odd:
    -g(-x)) become one piece g(|x|) (times sign(x)): no masks, no gathers. Kept only
    when g on |x| is as accurate on the negative side as the worse of the two pieces."""
    import numpy as np

    if len(chosen) != 2 or len(measured) != 2:
        return chosen
    neg, pos = sorted(zip(chosen, measured, strict=True), key=lambda t: float(t[0].region.inf))
    (a, ma), (b, mb) = neg, pos
    if a.expr is None or b.expr is None or any(m is None or m[0] is None for m in (ma, mb)):
        return chosen
    if a.tail or b.tail or a.patch or b.patch or a.roots:
        return chosen
    if sp.Union(a.region, b.region) != sp.S.Reals or float(b.region.inf) != 0.0:
        return chosen
    flipped = a.expr.subs(x, -x)
    at_zero = (a if _contains(a.region, 0.0) else b).expr.subs(x, 0)
    for sign in (1, -1):
        if sp.simplify(flipped - sign * b.expr) != 0:
            continue
        if sign == -1 and at_zero != 0:
            continue  # sign(0) g(0) = 0: abs' takes -1 at 0 from its x <= 0 branch
        func = mb[0]

        def mirrored(t, func=func, sign=sign):
            r = np.asarray(func(np.abs(t)), dtype=np.float64)
            return r if sign == 1 else r * np.sign(t)

        points, refs = ma[1] + mb[1], ma[2] + mb[2]
        worst = max(ma[3][0], mb[3][0])
        if _score(_errors(mirrored, points, refs))[0] <= worst:
            return [dataclasses.replace(b, region=sp.S.Reals, mirror=sign)]
    return chosen


def _clamped(chosen: list[CompiledPiece], measured: list[tuple], x: sp.Symbol):
    """A constant c on one side of a and a polynomial g with g(a) = c on the other become
    one piece g(max(x, a)) (or g(min(x, a))): squared_relu = max(x, 0)^2, no masks or
    gathers. Kept only when it is as accurate on both sides as the worse of the two."""
    import numpy as np

    if len(chosen) != 2 or len(measured) != 2 or any(p.mirror for p in chosen):
        return chosen
    ordered = sorted(zip(chosen, measured, strict=True), key=lambda t: float(t[0].region.inf))
    flat = [p for p, _ in ordered if p.expr is not None and p.expr.is_number]
    if len(flat) != 1 or flat[0].patch or flat[0].tail or flat[0].roots:
        return chosen
    (left, ml), (right, mr) = ordered
    g, mg = (right, mr) if left is flat[0] else (left, ml)
    if g.expr is None or g.patch or g.tail or any(m is None or m[0] is None for m in (ml, mr)):
        return chosen
    expr = g.expr.doit()
    if not (expr.is_polynomial(x) and 2 <= sp.degree(expr, x) <= 4):
        # evaluated everywhere: only where that costs no more than a mask (and lines are
        # the piecewise-linear code's: max/min chains)
        return chosen
    if not (isinstance(left.region, sp.Interval) and left.region.sup.is_finite):
        return chosen
    cut = float(left.region.sup)
    roots = g.roots
    if roots and any(abs(cut - h) <= r for h, r in zip(roots.roots_hi, roots.radii, strict=True)):
        return chosen  # a root patch reaching the cut would move the clamped value
    op = np.maximum if g is right else np.minimum
    func = mg[0]

    def composed(t, func=func):
        return np.asarray(func(op(np.asarray(t, dtype=np.float64), cut)), dtype=np.float64)

    points, refs = ml[1] + mr[1], ml[2] + mr[2]
    worst = max(ml[3][0], mr[3][0])
    if _score(_errors(composed, points, refs))[0] > worst:
        return chosen
    name = "max" if g is right else "min"
    return [dataclasses.replace(g, region=sp.S.Reals, clamp=(name, cut))]


#: Sampled ULP error up to which a form is taken as accurate as any (joining pieces).
_JOIN_SLACK = 1.5


def _join(a: CompiledPiece, ma, b: CompiledPiece, mb, slack: float = 0.0):
    if a.expr is None or b.expr is None:
        return None
    union = sp.Union(a.region, b.region)
    if not isinstance(union, sp.Interval):
        return None
    if (a.patch and b.patch) or (a.tail and b.tail):
        return None
    if a.expr == b.expr:
        expr, meas = a.expr, None
        if ma is not None and mb is not None:
            meas = (ma[0], ma[1] + mb[1], ma[2] + mb[2], max(ma[3], mb[3]))
    else:
        if a.patch or a.tail or a.roots or b.patch or b.tail or b.roots:
            return None
        if ma is None or mb is None or ma[0] is None or mb[0] is None:
            return None
        # within an ULP on both is as good as either: sampled differences below that are
        # noise, and each mask and gather saved is a pass over the data
        worst = max(ma[3][0], mb[3][0], slack)
        points, refs = ma[1] + mb[1], ma[2] + mb[2]
        best = None
        for expr, func in ((a.expr, ma[0]), (b.expr, mb[0])):
            score = _score(_errors(func, points, refs))
            if score[0] <= worst and (best is None or score < best[2]):
                best = (expr, func, score)
        if best is None:
            return None
        expr, meas = best[0], (best[1], points, refs, best[2])
    roots = a.roots or b.roots
    if a.roots and b.roots:
        # each piece also patches zeros just past its ends: keep one patch per zero (the
        # widest), sorted, as the run-time nearest-zero lookup needs
        by_root: dict[float, tuple] = {}
        for patches in (a.roots, b.roots):
            for row in zip(
                patches.roots_hi, patches.roots_lo, patches.radii, patches.coefficients, strict=True
            ):
                if row[0] not in by_root or row[2] > by_root[row[0]][2]:
                    by_root[row[0]] = row
        rows = [by_root[k] for k in sorted(by_root)]
        roots = RootPatches(
            tuple(r[0] for r in rows),
            tuple(r[1] for r in rows),
            tuple(r[2] for r in rows),
            _pad_rows(tuple(r[3] for r in rows)),
        )
    piece = CompiledPiece(union, expr, a.patch or b.patch, a.tail or b.tail, roots)
    return piece, meas


def _pad_rows(rows: tuple[tuple[float, ...], ...]) -> tuple[tuple[float, ...], ...]:
    width = max(len(r) for r in rows)
    return tuple(tuple(r) + (0.0,) * (width - len(r)) for r in rows)


def _contains_neighbourhood_of_zero(act: Activation, n: int, resolved: tuple) -> bool:
    """Whether one analytic branch of the definition covers both sides of 0."""
    expr = act._diff(n, resolved)
    expr = sp.piecewise_fold(expr.rewrite(sp.Piecewise))
    if not isinstance(expr, sp.Piecewise):
        return True
    x = act.x
    eps = sp.Rational(1, 10**30)

    def owner(v):
        for e, cond in expr.args:
            if cond == sp.true or bool(cond.subs(x, v)):
                return e
        return None

    left, right = owner(-eps), owner(eps)
    return left is not None and sp.simplify(left - right) == 0
