"""Record -> page data: everything a function page shows, derived from the record alone.

The result is plain JSON (strings, numbers, lists, dicts) so that it can be cached under
``.build/`` and rendered without SymPy. All mathematics comes from ``sympy.latex`` of the
record's expression, its derivatives and values computed from them; nothing is typed.
"""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy as sp

from symacts.activation import Activation

#: The value-table abscissae required by the site (kinks are added per function).
TABLE_XS = ("-10", "-5", "-3", "-2", "-1", "-1/2", "0", "1/2", "1", "2", "3", "5", "10")
#: Significant digits shown for values that are not exact rationals.
DIGITS = 15
#: Order of the Taylor polynomial shown (terms up to x**(SERIES_ORDER - 1)).
SERIES_ORDER = 6
#: Inputs for the accuracy sample: both tails, tiny magnitudes and the plot window.
ACCURACY_MAGNITUDES = tuple(10.0**k for k in range(-8, 4))

_T = sp.Symbol("t", positive=True)  # distance to a point, for one-sided limits
_NONSMOOTH = (sp.Abs, sp.sign, sp.Heaviside, sp.Max, sp.Min)


# ------------------------------------------------------------------ small helpers
def drop_distributions(expr: sp.Expr) -> sp.Expr:
    """Drop DiracDelta terms: derivatives of sign/Abs, zero away from the kink.

    At the kink the records' ``kink_convention`` takes the pointwise formula's value
    (``sign(0) = 0``), which is what remains.
    """
    if not expr.has(sp.DiracDelta):
        return expr
    return expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)


def latex(expr: Any, act: Activation | None = None) -> str:
    """``sympy.latex`` with the record's parameter names."""
    names = act.symbol_names if act is not None else {}
    return sp.latex(sp.sympify(expr), symbol_names=names)


def short_latex(value: Any, act: Activation | None = None, digits: int = 10) -> str:
    """LaTeX with Floats cut to ``digits`` significant digits (numeric property values)."""
    value = sp.sympify(value)
    floats = value.atoms(sp.Float)
    if floats:
        value = value.xreplace({f: sp.Float(f, digits) for f in floats})
    return latex(value, act)


def exact_text(value: sp.Expr) -> str | None:
    """``p/q`` for a rational value of reasonable size, else None."""
    if value.is_Rational:
        text = str(value)
        return text if len(text) <= 24 else None
    return None


def point_text(value: sp.Expr) -> str:
    """An abscissa: exact when rational, the shortest round-tripping decimal for a Float."""
    return exact_text(value) or (repr(float(value)) if value.is_Float else number_text(value))


def number_text(value: Any, digits: int = DIGITS) -> str:
    """A float or mpf as text with ``digits`` significant digits (nan/inf spelled out)."""
    v = mpmath.mpf(value)
    if mpmath.isnan(v):
        return "nan"
    if mpmath.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "0"
    return mpmath.nstr(v, digits, strip_zeros=False, min_fixed=-4, max_fixed=digits)


def jsonable(value: Any) -> Any:
    """Plain JSON values: infinities as strings, tuples as lists, dict keys as strings."""
    if isinstance(value, float):
        if value != value:
            return None
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def to_float(value: Any) -> float | None:
    """A JSON-safe float (None for nan, strings for infinities are not needed here)."""
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def parse_number(text: str) -> float:
    """Inverse of the value-table text: ``p/q``, decimals, ``inf`` and ``nan``."""
    if "/" in text:
        return float(Fraction(text))
    return float(text)


# ------------------------------------------------------------------ breakpoints
def breakpoints(exprs: Iterable[sp.Expr], x: sp.Symbol) -> list[sp.Expr]:
    """Real points where a piece changes: Piecewise boundaries and Abs/sign/Max/Min zeros."""
    points: set[sp.Expr] = set()
    for expr in exprs:
        for pw in expr.atoms(sp.Piecewise):
            for _, cond in pw.args:
                for rel in _relationals(cond):
                    points.update(_roots(rel.lhs - rel.rhs, x))
        for atom in expr.atoms(*_NONSMOOTH):
            if isinstance(atom, (sp.Max, sp.Min)):
                args = atom.args
                for i, a in enumerate(args):
                    for b in args[i + 1 :]:
                        points.update(_roots(a - b, x))
            else:
                points.update(_roots(atom.args[0], x))
    # One point per value, chosen independently of set order: 0.5 and 1/2 are one point,
    # and the exact Rational is preferred.
    unique: dict[float, sp.Expr] = {}
    for p in sorted(points, key=lambda p: (not p.is_Rational, sp.srepr(p))):
        unique.setdefault(float(p), p)
    return [unique[k] for k in sorted(unique)]


def _relationals(cond: sp.Basic) -> list[sp.Basic]:
    if isinstance(cond, sp.core.relational.Relational):
        return [cond]
    if isinstance(cond, (sp.And, sp.Or, sp.Not)):
        return [r for arg in cond.args for r in _relationals(arg)]
    return []


def _roots(expr: sp.Expr, x: sp.Symbol) -> list[sp.Expr]:
    if x not in expr.free_symbols:
        return []
    return [r for r in sp.solve(expr, x) if r.is_real and r.is_finite]


def one_sided(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, side: int) -> sp.Expr:
    """The limit of ``expr`` at ``point`` from the right (side=1) or the left (side=-1).

    Substituting ``x = point + side*t`` with ``t > 0`` lets each Piecewise pick the branch
    that owns the side; the branch is then evaluated at ``t = 0`` (its limit when finite).
    """
    near = expr.subs(x, point + side * _T)
    value = near.subs(_T, 0)
    if value.has(sp.nan, sp.zoo) or not value.is_finite:
        value = sp.limit(near, _T, 0, "+")
    return sp.nsimplify(value) if value.is_Float and value == int(value) else value


def at_point(expr: sp.Expr, x: sp.Symbol, point: sp.Expr) -> sp.Expr:
    """The value the expression takes at the point itself (the owning branch decides)."""
    value = expr.subs(x, point)
    if value.has(sp.nan, sp.zoo):
        return sp.nan
    return value


def branch_towards(expr: sp.Expr, x: sp.Symbol, sign: int, beyond: float) -> sp.Expr:
    """The piece of ``expr`` that owns ``x -> sign*oo`` (past every breakpoint)."""
    if not expr.has(sp.Piecewise):
        return expr
    shift = sp.Integer(math.ceil(abs(beyond)) + 1)
    picked = expr.subs(x, sign * (shift + _T))
    return picked.subs(_T, sign * x - shift)


# ------------------------------------------------------------------ the derivation
def derive(act: Activation, timings: dict[str, float] | None = None) -> dict[str, Any]:
    """All page data for one record (JSON-serialisable).

    With ``timings``, the seconds spent in each part are added to it (for profiling).
    """
    clock = _Clock(timings)
    x = act.x
    with clock("sympy: formula, derivatives"):
        curves = [
            drop_distributions(act.formula()),
            *(drop_distributions(act.diff(n)) for n in (1, 2)),
        ]
        points = breakpoints(curves, x)
    data: dict[str, Any] = {
        "name": act.name,
        "title": act.title,
        "family": act.family,
        "description": act.description,
        "aliases": list(act.aliases),
        "reference": _reference(act),
        "params": _params(act),
        "conditions": [latex(c, act) for c in act.conditions],
        "window": [float(act.window[0]), float(act.window[1])],
        "kink_convention": act.kink_convention,
        "notes": list(act.notes),
        "numeric_notes": list(act.numeric_notes),
        "frameworks": [_framework(f) for f in act.frameworks],
    }
    with clock("sympy: latex"):
        data["latex"] = [act.latex(n) for n in range(3)]
        data["latex_symbolic"] = (
            [act.latex(n, symbolic=True) for n in range(3)] if act.param_list else None
        )
    with clock("sympy: kinks"):
        data["kinks"] = _kinks(curves, x, points)
    with clock("sympy: series"):
        data["series"] = _series(curves[0], x, points)
    with clock("sympy: special values"):
        data["special"] = _special(curves, x)
    with clock("properties (calculus)"):
        data["properties"] = _properties(act)
    with clock("sympy: asymptotes"):
        data["asymptotes"] = _asymptotes(curves, x, points, act.properties)
    with clock("act.numpy compile"):
        data["numpy_source"] = [act.numpy(n).source for n in range(3)]
    with clock("value table (mpmath)"):
        data["values"] = _value_table(act, curves, x, points)
    with clock("accuracy sample"):
        data["accuracy"] = _accuracy(act, curves, x)
    return data


class _Clock:
    """Adds the duration of each ``with clock(label):`` block to a dict (if given)."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.label = ""
        self.start = 0.0

    def __call__(self, label: str) -> _Clock:
        self.label = label
        return self

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        if self.timings is not None:
            self.timings[self.label] = (
                self.timings.get(self.label, 0.0) + time.perf_counter() - self.start
            )


def _reference(act: Activation) -> dict[str, Any] | None:
    ref = act.reference
    if ref is None:
        return None
    return {
        "text": str(ref),
        "link": ref.link,
        "authors": ref.authors,
        "year": ref.year,
        "title": ref.title,
    }


def _params(act: Activation) -> list[dict[str, str]]:
    rows = []
    for p in act.param_list:
        # A fresh real symbol: the parameter's own carries its domain as an assumption,
        # which would make the condition print as "True".
        plain = sp.Symbol(p.name, real=True)
        names = {plain: p.tex} if p.tex else {}
        rel = p.domain.as_relational(plain)
        if isinstance(rel, sp.core.relational.Relational) and rel.lhs.is_number:
            rel = rel.reversed  # "alpha >= 0" rather than "0 <= alpha"
        constraint = r"\mathbb{R}" if p.domain == sp.S.Reals else sp.latex(rel, symbol_names=names)
        rows.append(
            {
                "name": p.name,
                "symbol": latex(p.symbol, act),
                "default": latex(p.default, act),
                "default_text": _param_value_text(p.default),
                "constraint": constraint,
                "description": p.description,
                "aliases": list(p.aliases),
            }
        )
    return rows


def _param_value_text(value: sp.Expr) -> str:
    if value.is_Rational:
        return str(value)
    return number_text(value, 17).rstrip("0").rstrip(".") if value.is_Float else str(value)


def _kinks(curves: list[sp.Expr], x: sp.Symbol, points: list[sp.Expr]) -> list[dict[str, Any]]:
    """Left limit, value and right limit of f, f', f'' at each breakpoint."""
    out = []
    for c in points:
        rows = []
        for n, e in enumerate(curves):
            left, right = one_sided(e, x, c, -1), one_sided(e, x, c, 1)
            value = at_point(e, x, c)
            rows.append(
                {
                    "n": n,
                    "left": latex(left),
                    "value": latex(value),
                    "right": latex(right),
                    "left_f": to_float(left),
                    "value_f": to_float(value),
                    "right_f": to_float(right),
                    "jump": bool(sp.simplify(left - right) != 0),
                    "owner": _owner(left, value, right),
                }
            )
        smooth = all(not r["jump"] for r in rows)
        out.append(
            {
                "x": latex(c),
                "x_text": point_text(c),
                "x_f": float(c),
                "curves": rows,
                "removable": smooth,
            }
        )
    return out


def _owner(left: sp.Expr, value: sp.Expr, right: sp.Expr) -> str:
    """Which side's limit the value at the point equals: "left", "right", "both" or "neither"."""
    eq_l = value.is_finite and sp.simplify(value - left) == 0
    eq_r = value.is_finite and sp.simplify(value - right) == 0
    return {(True, True): "both", (True, False): "left", (False, True): "right"}.get(
        (bool(eq_l), bool(eq_r)), "neither"
    )


def _series(f: sp.Expr, x: sp.Symbol, points: list[sp.Expr]) -> dict[str, Any]:
    """Taylor polynomial at 0 when one analytic piece covers a neighbourhood of 0."""
    left = f.subs(x, -_T).subs(_T, -x)
    right = f.subs(x, _T).subs(_T, x)
    if sp.simplify(left - right) != 0 or right.has(*_NONSMOOTH, sp.Piecewise):
        return {"latex": None, "reason": "not analytic at 0: different pieces meet there"}
    try:
        s = sp.series(right, x, 0, SERIES_ORDER)
    except (NotImplementedError, ValueError, TypeError) as exc:  # pragma: no cover
        return {"latex": None, "reason": f"SymPy could not expand it ({type(exc).__name__})"}
    return {"latex": latex(s), "reason": "", "removable": any(p == 0 for p in points)}


def _special(curves: list[sp.Expr], x: sp.Symbol) -> list[dict[str, str]]:
    """f, f', f'' at 0 (exact)."""
    rows = []
    for n, e in enumerate(curves):
        value = at_point(e, x, sp.S.Zero)
        if value is sp.nan:
            value = one_sided(e, x, sp.S.Zero, 1)
        rows.append(
            {
                "label": _fname(n) + "(0)",
                "value": latex(
                    sp.nsimplify(value) if value.is_Float and value == int(value) else value
                ),
            }
        )
    return rows


def _fname(n: int) -> str:
    return "f" + "'" * n


def _asymptotes(
    curves: list[sp.Expr], x: sp.Symbol, points: list[sp.Expr], props: Any = None
) -> list[dict]:
    """Limits of f at +-oo (from the properties when known) and the line f approaches."""
    beyond = max([abs(float(p)) for p in points], default=0.0)
    out = []
    for sign in (1, -1):
        f = branch_towards(curves[0], x, sign, beyond)
        known = (props or {}).get("limit_pos_inf" if sign > 0 else "limit_neg_inf")
        lim_f = known if isinstance(known, sp.Basic) else _limit(f, x, sign)
        entry: dict[str, Any] = {
            "side": "+" if sign > 0 else "-",
            "limit": latex(lim_f),
            "line": None,
            "kind": "none",
        }
        if lim_f.is_finite:
            entry.update(line=latex(lim_f), kind="horizontal")
        elif lim_f in (sp.oo, -sp.oo):
            slope = _limit(branch_towards(curves[1], x, sign, beyond), x, sign)
            if slope.is_finite and slope != 0:
                icept = _limit(sp.expand(f - slope * x), x, sign)
                if icept.is_finite:
                    entry.update(line=latex(slope * x + icept), kind="oblique")
        out.append(entry)
    return out


def _limit(expr: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr:
    try:
        return sp.limit(expr, x, sign * sp.oo)
    except (NotImplementedError, ValueError, TypeError):
        return sp.nan


def _table_points(points: list[sp.Expr]) -> list[sp.Expr]:
    """The required abscissae and the breakpoints, one per value (a Float kink at 0.5 and
    the table's 1/2 are the same point; the exact Rational is kept)."""
    xs: dict[float, sp.Expr] = {float(p): p for p in points}
    xs.update({float(sp.Rational(t)): sp.Rational(t) for t in TABLE_XS})
    return [xs[k] for k in sorted(xs)]


def _value_table(
    act: Activation, curves: list[sp.Expr], x: sp.Symbol, points: list[sp.Expr]
) -> list[dict[str, Any]]:
    """f, f', f'' at the table abscissae: exact where rational, else 15 digits.

    Exact forms come from substitution where the piece is a rational function with rational
    coefficients (and at 0, where transcendental parts collapse); elsewhere the value is the
    adaptive-precision mpmath reference of the record's derivative.
    """
    from symacts.reference import reference_values

    xs = _table_points(points)
    rows = []
    numeric = {n: reference_values(act, n, [float(v) for v in xs]) for n in range(3)}
    for i, x0 in enumerate(xs):
        cells = []
        for n, e in enumerate(curves):
            text = None
            if x0 == 0 or _rational_piecewise(_piece_at(e, x, x0)):
                exact = at_point(e, x, x0)
                text = exact_text(exact) if exact is not sp.nan else None
            ref = numeric[n][i]
            if text is None and ref == 0:
                ref = _beyond_reference(e, x, x0)
                text = "0" if ref == 0 else None
            cells.append(
                {
                    "text": text or number_text(ref),
                    "exact": text is not None,
                    "float": to_float(ref),
                }
            )
        rows.append(
            {
                "x": point_text(x0),
                "x_f": float(x0),
                "kink": any(float(x0) == float(p) for p in points),
                "cells": cells,
            }
        )
    return rows


#: Precisions tried when the reference rounds a tiny nonzero value to 0 (tanhexp'' at 10 is
#: about -1e-19125: 1 - tanh(e^10)^2 cancels some 19,000 digits).
DEEP_DPS = (25000, 50000)


def _beyond_reference(e: sp.Expr, x: sp.Symbol, x0: sp.Expr) -> Any:
    """A value that the reference gave as 0: exactly 0, or evaluated at far higher precision."""
    exact = at_point(e, x, x0)
    if exact.is_zero or exact.equals(0):
        return mpmath.mpf(0)
    f = sp.lambdify(x, e, modules="mpmath")
    previous = None
    for dps in DEEP_DPS:
        with mpmath.workdps(dps):
            current = f(mpmath.mpf(sp.Rational(x0).p) / sp.Rational(x0).q)
        with mpmath.workdps(30):
            current = +mpmath.mpf(current)  # round before printing: huge dps cannot be shown
        if (
            previous is not None
            and current != 0
            and abs(current - previous) <= abs(current) * 1e-25
        ):
            return current
        previous = current
    raise ValueError(f"value at x = {x0} still 0 at {DEEP_DPS[-1]} digits but not exactly 0")


def _piece_at(e: sp.Expr, x: sp.Symbol, x0: sp.Expr) -> sp.Expr:
    """The piece of a top-level Piecewise that owns ``x0`` (the expression itself otherwise)."""
    if isinstance(e, sp.Piecewise):
        for piece, cond in e.args:
            if cond.subs(x, x0) == sp.true:
                return piece
    return e


def _rational_piecewise(e: sp.Expr) -> bool:
    """True if every piece is a rational function with rational coefficients.

    Conditions may hold Floats (a threshold of 0.5); the pieces' values may not.
    """
    pieces = [arg for pw in e.atoms(sp.Piecewise) for arg, _ in pw.args]
    body = e.subs({pw: sp.Symbol("p") for pw in e.atoms(sp.Piecewise)})
    for part in (body, *pieces):
        if part.atoms(sp.Float) or part.has(sp.E, sp.pi, sp.exp):
            return False
        if any(not isinstance(f, (sp.Piecewise, *_NONSMOOTH)) for f in part.atoms(sp.Function)):
            return False
        if not all(p.exp.is_Integer for p in part.atoms(sp.Pow)):
            return False
    return True


def _properties(act: Activation) -> list[list[Any]]:
    """The derived properties in their defined order: ``[key, display]`` pairs."""
    return [[key, _display(key, value, act)] for key, value in act.properties.items()]


def _display(key: str, value: Any, act: Activation) -> dict[str, Any]:
    if key == "continuity" and value is not None:
        if value == sp.oo:
            return {"latex": r"C^{\infty}", "text": "smooth"}
        if value == -1:
            return {"text": "discontinuous"}
        return {"latex": f"C^{{{int(value)}}}"}
    if key == "discontinuities":
        return {
            "list": [
                {
                    "latex": f"x = {latex(p, act)}",
                    "text": "f jumps" if k == 0 else f"f{chr(39) * int(k)} jumps",
                }
                for p, k in value
            ]
        }
    if key in ("minimum", "maximum") and value is not None:
        where = short_latex(value.location, act)
        shown = {"latex": rf"{short_latex(value.value, act)} \text{{ on }} {where}"}
        if value.numeric:
            shown["text"] = "numeric"
        return shown
    if isinstance(value, bool):
        return {"text": "yes" if value else "no"}
    if isinstance(value, sp.Basic):
        return {"latex": short_latex(value, act)}
    if isinstance(value, (list, tuple)):
        return {"list": [_display("", v, act) for v in value]}
    if isinstance(value, float):
        return {"text": number_text(value)}
    if value is None:
        return {"text": "undetermined" if key.startswith("limit") else "none"}
    return {"text": str(value)}


def _framework(fw: Any) -> dict[str, Any]:
    return {
        "framework": fw.framework,
        "call": fw.call,
        "defaults": [[k, repr(v)] for k, v in fw.defaults],
        "differences": fw.differences,
    }


def accuracy_inputs(window: tuple[float, float]) -> np.ndarray:
    """Sample inputs: +-10**k for k in -8..3, 0, and 21 points across the plot window."""
    mags = np.array(ACCURACY_MAGNITUDES)
    grid = np.linspace(window[0], window[1], 21)
    return np.unique(np.concatenate([-mags, [0.0], mags, grid]))


def _accuracy(act: Activation, curves: list[sp.Expr], x: sp.Symbol) -> list[dict[str, Any]]:
    """ULP error of ``act.numpy`` and of the naive lambdified formula on a small sample."""
    from symacts.reference import ULP_BOUNDS, reference_values, ulp_error

    xs = accuracy_inputs(act.window)
    out = []
    for n, e in enumerate(curves):
        refs = reference_values(act, n, xs.tolist())
        ours = np.asarray(act.numpy(n)(xs), dtype=float)
        naive_fn = sp.lambdify(x, e, modules=["scipy", "numpy"])
        with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
            warnings.simplefilter("always")
            naive = np.broadcast_to(np.asarray(naive_fn(xs), dtype=float), xs.shape)
        ours_err = [ulp_error(g, r) for g, r in zip(ours.tolist(), refs, strict=True)]
        naive_err = [ulp_error(g, r) for g, r in zip(naive.tolist(), refs, strict=True)]
        worst = int(np.argmax(naive_err))
        out.append(
            {
                "n": n,
                "points": len(xs),
                "bound_ulp": ULP_BOUNDS[n],
                "numpy_max_ulp": max(ours_err),
                "naive_max_ulp": naive_err[worst],
                "naive_worst_x": float(xs[worst]),
                "naive_worst_got": to_float(naive[worst])
                if np.isfinite(naive[worst])
                else str(naive[worst]),
                "naive_worst_ref": number_text(refs[worst]),
                "naive_warnings": sorted(
                    {type(w.message).__name__ + ": " + str(w.message) for w in caught}
                ),
                "naive_bad": int(sum(1 for v in naive_err if v > 4)),
            }
        )
    return out
