"""Derived properties: computed for every activation, self-consistent, and against Wikipedia.

The checks evaluate ``act.formula()`` and ``act.diff(n)`` independently of
``derive_properties`` (mpmath at 50 digits, and a float64 scan for jumps), so a wrong
property fails here rather than being compared with itself.
"""

from __future__ import annotations

import functools
import itertools
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any, NamedTuple

import mpmath
import numpy as np
import pytest
import sympy as sp

import symacts
from symacts import calculus
from symacts.calculus import PROPERTY_KEYS, Extremum

NAMES = symacts.names()
DPS = 50
BOOL_KEYS = (
    "monotonic",
    "derivative_monotonic",
    "identity_near_origin",
    "bounded_below",
    "bounded_above",
)


# ----------------------------------------------------------------------- helpers


@functools.cache
def _mp_fn(name: str, n: int):
    act = symacts.get(name)
    expr = act.formula() if n == 0 else act.diff(n)
    return sp.lambdify(act.x, expr, modules="mpmath")


def ev(name: str, n: int, t: Any) -> mpmath.mpf:
    """f^(n)(t) at DPS digits."""
    with mpmath.workdps(DPS):
        return mpmath.re(mpmath.mpmathify(_mp_fn(name, n)(mpmath.mpf(t))))


def mp(value: sp.Expr) -> mpmath.mpf:
    with mpmath.workdps(DPS):
        if value.is_finite:
            return mpmath.mpf(sp.N(value, DPS))
        return mpmath.inf if value == sp.oo else -mpmath.inf


def tolerance(value: Any) -> mpmath.mpf:
    """Numeric property values carry 30 digits; exact ones are compared at 40."""
    digits = 25 if isinstance(value, sp.Basic) and value.has(sp.Float) else 40
    return mpmath.mpf(10) ** -digits


@functools.cache
def _pieces(s: sp.Set) -> tuple:
    """s as (lo, hi, lo_open, hi_open) pieces with mpmath endpoints."""
    parts = s.args if isinstance(s, sp.Union) else (s,)
    out = []
    for part in parts:
        if isinstance(part, sp.FiniteSet):
            out += [(mp(q), mp(q), False, False) for q in part]
        else:
            assert isinstance(part, sp.Interval), part
            out.append((mp(part.inf), mp(part.sup), part.left_open, part.right_open))
    return tuple(out)


def in_set(s: sp.Set, v: mpmath.mpf, tol: mpmath.mpf) -> bool:
    """v lies in s, or within tol of one of its finite boundary points."""
    for lo, hi, lo_open, hi_open in _pieces(s):
        above = v > lo if lo_open else v >= lo
        below = v < hi if hi_open else v <= hi
        if (above or abs(v - lo) <= tol) and (below or abs(v - hi) <= tol):
            return True
    return False


#: A grid over [-12, 12] (step 1/20) and a few far points.
GRID = [mpmath.mpf(k) / 20 for k in range(-240, 241)] + [mpmath.mpf(t) for t in (-40, 40)]
GRID.sort()


@functools.cache
def grid_values(name: str, n: int) -> tuple:
    return tuple(ev(name, n, t) for t in GRID)


def props(name: str) -> Mapping[str, Any]:
    return symacts.get(name).properties


def finite_kinks(name: str) -> list[float]:
    return [float(p) for p in props(name)["kinks"]]


# ----------------------------------------------------------------------- shape


@pytest.mark.parametrize("name", NAMES)
def test_keys_and_types(name: str) -> None:
    p = props(name)
    assert set(PROPERTY_KEYS) <= set(p)
    assert isinstance(p["range"], sp.Set)
    c = p["continuity"]
    assert c == sp.oo or (isinstance(c, int) and c >= -1)
    for key in BOOL_KEYS:
        assert isinstance(p[key], bool), key
    kinks = p["kinks"]
    assert isinstance(kinks, tuple)
    assert [float(k) for k in kinks] == sorted(float(k) for k in kinks)
    assert all(isinstance(k, sp.Expr) and k.is_number for k in kinks)
    for extremum in (p["minimum"], p["maximum"]):
        assert extremum is None or isinstance(extremum, Extremum)
    assert set(p["numeric"]) <= set(PROPERTY_KEYS)
    # Every numerically determined key says why in a note.
    for key in p["numeric"]:
        assert any(note.startswith(f"{key}:") for note in p["notes"]), key


def test_properties_are_read_only_and_cached() -> None:
    act = symacts.get("relu")
    assert act.properties is act.properties
    with pytest.raises(TypeError):
        act.properties["range"] = sp.S.Reals  # type: ignore[index]


def test_import_does_not_derive_anything() -> None:
    code = "import sys, symacts; symacts.get('relu'); print('symacts.calculus' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ----------------------------------------------------------------------- range and bounds


@pytest.mark.parametrize("name", NAMES)
def test_range_holds_every_value(name: str) -> None:
    p = props(name)
    rng = p["range"]
    tol = tolerance(rng)
    for t, v in zip(GRID, grid_values(name, 0), strict=True):
        assert in_set(rng, v, tol), f"{name}({t}) = {v} is outside {rng}"
    if p["value_at_0"] is not None:
        assert in_set(rng, mp(p["value_at_0"]), tol)


@pytest.mark.parametrize("name", NAMES)
def test_bounds_agree_with_range(name: str) -> None:
    p = props(name)
    assert p["bounded_below"] == bool(p["range"].inf.is_finite)
    assert p["bounded_above"] == bool(p["range"].sup.is_finite)
    for key in ("limit_neg_inf", "limit_pos_inf"):
        lim = p[key]
        if isinstance(lim, sp.AccumBounds):
            # An oscillating limit (sine): both ends of the oscillation lie in the range.
            closure = sp.Interval(p["range"].inf, p["range"].sup)
            for end in (lim.min, lim.max):
                if end.is_finite:
                    assert in_set(closure, mp(end), tolerance(end)), (key, lim)
            continue
        if isinstance(lim, sp.Expr) and lim.is_finite:
            closure = sp.Interval(p["range"].inf, p["range"].sup)
            assert in_set(closure, mp(lim), tolerance(lim)), (key, lim)
        if lim == sp.oo:
            assert not p["bounded_above"]
        if lim == -sp.oo:
            assert not p["bounded_below"]


@pytest.mark.parametrize("which", ["minimum", "maximum"])
@pytest.mark.parametrize("name", NAMES)
def test_extremum(name: str, which: str) -> None:
    p = props(name)
    rng = p["range"]
    bound = rng.inf if which == "minimum" else rng.sup
    ext = p[which]
    if ext is None:
        # Not attained: unbounded, or the bound is only approached.
        assert not bound.is_finite or rng.contains(bound) != sp.true
        return
    tol = tolerance(ext.value) if ext.numeric else mpmath.mpf(10) ** -40
    assert abs(mp(ext.value) - mp(bound)) <= tol
    sign = 1 if which == "minimum" else -1
    for t, v in zip(GRID, grid_values(name, 0), strict=True):
        assert sign * (v - mp(ext.value)) >= -tol, f"{name}({t}) = {v} beyond the {which}"
    points = _points_of(ext.location)
    assert points, ext.location
    for t in points:
        assert abs(ev(name, 0, t) - mp(ext.value)) <= tol, (t, ext)


def _points_of(location: sp.Set) -> list[mpmath.mpf]:
    """Finite points, and one inner point per interval, of a location set."""
    parts = location.args if isinstance(location, sp.Union) else (location,)
    out = []
    for part in parts:
        if isinstance(part, sp.FiniteSet):
            out += [mp(q) for q in part]
        elif isinstance(part, sp.Interval):
            lo, hi = part.inf, part.sup
            inner = (
                (lo + hi) / 2
                if lo.is_finite and hi.is_finite
                else (hi - 1 if hi.is_finite else lo + 1 if lo.is_finite else sp.Integer(0))
            )
            out.append(mp(inner))
            out += [mp(e) for e in (lo, hi) if e.is_finite and part.contains(e) == sp.true]
        elif isinstance(part, sp.ImageSet) and part.base_sets == (sp.S.Integers,):
            # A periodic location (sine's maxima 2 n pi + pi/2): a few members.
            out += [mp(part.lamda(n)) for n in (-1, 0, 1)]
    return out


# ----------------------------------------------------------------------- monotonicity


def _steps(values: tuple) -> list:
    return [b - a for a, b in itertools.pairwise(values)]


@pytest.mark.parametrize("name", NAMES)
def test_monotonic(name: str) -> None:
    p = props(name)
    f_steps = _steps(grid_values(name, 0))
    slopes = grid_values(name, 1)
    tol = mpmath.mpf(10) ** -30
    if p["monotonic"]:
        assert min(f_steps) >= -tol
        assert min(slopes) >= -tol, "f' < 0 somewhere although monotonic"
    else:
        assert min(f_steps) < -tol, "no decreasing step found although not monotonic"


@pytest.mark.parametrize("name", NAMES)
def test_derivative_monotonic(name: str) -> None:
    p = props(name)
    df_steps = _steps(grid_values(name, 1))
    tol = mpmath.mpf(10) ** -30
    if p["derivative_monotonic"]:
        assert min(df_steps) >= -tol
    else:
        assert min(df_steps) < -tol, "f' never decreases on the grid although not monotonic"


# ----------------------------------------------------------------------- kinks and continuity


def _one_sided_jump(name: str, n: int, c: sp.Expr) -> mpmath.mpf:
    h = mpmath.mpf(10) ** -25
    with mpmath.workdps(DPS):
        return abs(ev(name, n, mp(c) + h) - ev(name, n, mp(c) - h))


@pytest.mark.parametrize("name", NAMES)
def test_declared_kinks_jump(name: str) -> None:
    for c in props(name)["kinks"]:
        jump = max(_one_sided_jump(name, 0, c), _one_sided_jump(name, 1, c))
        assert jump > 1e-10, f"{name}: no jump of f or f' at the declared kink {c}"


@pytest.mark.parametrize("name", NAMES)
def test_no_undeclared_jumps(name: str) -> None:
    """A float64 scan (step 1e-4 on [-12, 12]) finds no jump of f, ..., f^(3) elsewhere.

    On a step s, a smooth g changes by about s*|g'|; a change 50 times larger (plus 1e-7)
    marks a jump of g = f^(n), which must lie next to a listed discontinuity of order
    <= n (for n <= 1: a kink).
    """
    act = symacts.get(name)
    s = 1e-4
    grid = np.arange(-120000, 120001) * s + s / np.pi  # offset: grid misses branch points
    with np.errstate(all="ignore"):
        values = []
        for n in range(5):
            fn = sp.lambdify(act.x, act.formula() if n == 0 else act.diff(n), ["scipy", "numpy"])
            values.append(np.broadcast_to(fn(grid), grid.shape).astype(float))
        for n in range(4):
            listed = [float(q) for q, k in props(name)["discontinuities"] if k <= n]
            change = np.abs(np.diff(values[n]))
            slope = np.abs(values[n + 1])
            allowed = 50 * s * np.maximum(slope[:-1], slope[1:]) + 1e-7
            for i in np.flatnonzero(change > allowed):
                lo, hi = grid[i] - s, grid[i + 1] + s
                assert any(lo <= q <= hi for q in listed), (
                    f"{name}: f^({n}) jumps between {grid[i]} and {grid[i + 1]}; listed {listed}"
                )


@pytest.mark.parametrize("name", NAMES)
def test_continuity_agrees_with_discontinuities(name: str) -> None:
    p = props(name)
    orders = [k for _, k in p["discontinuities"]]
    assert p["kinks"] == tuple(q for q, k in p["discontinuities"] if k <= 1)
    if not orders:
        assert p["continuity"] == sp.oo
    else:
        assert p["continuity"] == min(orders) - 1
    # Each listed point: f^(k) jumps there and f, ..., f^(k-1) do not.
    for c, k in p["discontinuities"]:
        assert _one_sided_jump(name, k, c) > 1e-10, (c, k)
        for j in range(k):
            assert _one_sided_jump(name, j, c) < 1e-10, (c, j)


# ----------------------------------------------------------------------- limits, values at 0


@pytest.mark.parametrize("key", ["limit_neg_inf", "limit_pos_inf"])
@pytest.mark.parametrize("name", NAMES)
def test_limits_at_infinity(name: str, key: str) -> None:
    lim = props(name)[key]
    side = -1 if key == "limit_neg_inf" else 1
    with mpmath.workdps(DPS):
        if isinstance(lim, sp.AccumBounds):
            values = [ev(name, 0, side * (mpmath.mpf(10) ** 30 + j)) for j in range(20)]
            if lim.min == -sp.oo:
                assert min(values) < -1e20
            if lim.max == sp.oo:
                assert max(values) > 1e20
            return
        assert lim is not None, f"{name}: {key} undetermined"
        value = _far_value(name, side, lim)
    if lim in (sp.oo, -sp.oo):
        sign = 1 if lim == sp.oo else -1
        if sign * value <= LARGE:
            # Logarithmic growth (asinh): not large at 1e8, but still growing by 1e30.
            growth = sign * (ev(name, 0, side * mpmath.mpf(10) ** 30) - value)
            assert sign * value > 10, value
            assert growth > 10, (value, growth)
    else:
        assert abs(value - mp(lim)) < 1e-10, (value, lim)


#: A value this large far out is taken as evidence of an infinite limit; below it the
#: test also asks for growth out to 1e30 (asinh is only 19 at 1e8).
LARGE = 1e3


def _far_value(name: str, side: int, lim: sp.Expr) -> mpmath.mpf:
    """f far out, at the nearest point that settles the limit: side * 10^k for k = 1, 2,
    4, 8, 30 until, for a finite limit, two successive values are within 1e-10 of it or,
    for an infinite one, the value passes LARGE (else the value at 1e8).

    Far points cost mpmath ever more digits (generalized_swish's e^(-e^-x) at -1e8 took
    124 s, at -1e4 it is instant), and 1e8 comes before 1e30: mpmath cannot evaluate
    tanh(exp(1e30)) for tanhexp.
    """
    target, close, value = mp(lim), 0, None
    for k in (1, 2, 4, 8, 30):
        if not lim.is_finite and k == 30:
            break  # the caller checks growth out to 1e30 itself
        value = ev(name, 0, side * mpmath.mpf(10) ** k)
        if not lim.is_finite:
            if lim * value > 0 and abs(value) > LARGE:
                break
            continue
        close = close + 1 if abs(value - target) < 1e-10 else 0
        if close == 2:
            break
    return value


@pytest.mark.parametrize("name", NAMES)
def test_values_at_0(name: str) -> None:
    p = props(name)
    kinks = finite_kinks(name)
    assert p["value_at_0"] is not None  # every catalogue function is defined at 0
    assert abs(ev(name, 0, 0) - mp(p["value_at_0"])) <= tolerance(p["value_at_0"])
    d0 = p["derivative_at_0"]
    if d0 is None:
        assert 0.0 in kinks
    else:
        assert 0.0 not in kinks
        h = mpmath.mpf(10) ** -20
        with mpmath.workdps(DPS):
            approx = (ev(name, 0, h) - ev(name, 0, -h)) / (2 * h)
        assert abs(approx - mp(d0)) < 1e-15
    conv = p["derivative_at_0_convention"]
    assert abs(ev(name, 1, 0) - mp(conv)) <= tolerance(conv)
    near = p["identity_near_origin"]
    assert near == (d0 is not None and mp(p["value_at_0"]) == 0 and abs(mp(d0) - 1) < 1e-40)


# ----------------------------------------------------------------------- budgets


def test_budget_interrupts_on_main_and_other_threads() -> None:
    def slow() -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass

    t0 = time.monotonic()
    with pytest.raises(calculus._Timeout):
        calculus._with_budget(0.05, slow)
    assert time.monotonic() - t0 < 1

    errors: list[BaseException] = []

    def in_thread() -> None:
        try:
            calculus._with_budget(0.05, time.sleep, 2)
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join(1)
    assert not worker.is_alive()
    assert len(errors) == 1
    assert isinstance(errors[0], calculus._Timeout)


def test_properties_off_the_main_thread_match() -> None:
    act = symacts.get("gelu")
    out: list[dict] = []
    worker = threading.Thread(target=lambda: out.append(calculus.derive_properties(act)))
    worker.start()
    worker.join(60)
    assert out, "derive_properties did not finish in a worker thread"
    main = act.properties
    for key in ("range", "continuity", "monotonic", "derivative_monotonic", "kinks"):
        assert out[0][key] == main[key], key


# ----------------------------------------------------------------------- Wikipedia


class Approx(NamedTuple):
    """A range given to a few digits: [lo, hi] or (lo, hi), lo/hi within tol."""

    lo: Any
    hi: Any
    tol: float
    lo_closed: bool | None  # None: the source does not say


class Row(NamedTuple):
    range: sp.Set | Approx
    continuity: Any
    monotonic: bool | None
    derivative_monotonic: bool | None
    identity_near_origin: bool | None


oo, R = sp.oo, sp.S.Reals
_selu = symacts.get("selu").params
# Provenance: Wikipedia, "Activation function", table of activation functions.
# Columns range / order of continuity / monotonic / monotonic derivative / approximates
# identity near the origin as in the 2018 revision of the table (the one with the
# monotonicity columns). Rows checked against stored copies of that table: identity,
# binary step, logistic, softplus, bent identity, sinc, gaussian (gabormelli.com/RKB,
# "Bent Identity Activation Function" and "Soft Exponential Activation Function"), tanh,
# softsign, SELU, ReLU (rpubs.com 301255, a copy of the table). The other rows (arctan,
# ISRU, ISRLU, leaky ReLU, PReLU, RReLU, ELU) are from the same table as remembered, not
# re-checked against a stored copy. GELU, SiLU and Mish ranges and continuity are from
# the current revision, which has no monotonicity columns (None: not compared).
# Parametric rows are read at symacts' defaults: PReLU a = 0.25 ("Yes iff a >= 0",
# "Yes iff a = 1"), ELU alpha = 1 ("C^1 when alpha = 1"), ISRU/ISRLU alpha = 1.
WIKIPEDIA: dict[str, Row] = {
    "identity": Row(R, oo, True, True, True),
    "binary_step": Row(sp.FiniteSet(0, 1), -1, True, False, False),
    "sigmoid": Row(sp.Interval.open(0, 1), oo, True, False, False),
    "tanh": Row(sp.Interval.open(-1, 1), oo, True, False, True),
    "arctan": Row(sp.Interval.open(-sp.pi / 2, sp.pi / 2), oo, True, False, True),
    "softsign": Row(sp.Interval.open(-1, 1), 1, True, False, True),
    "isru": Row(sp.Interval.open(-1, 1), oo, True, False, True),
    "isrlu": Row(sp.Interval.open(-1, oo), 2, True, True, True),
    "relu": Row(sp.Interval(0, oo), 0, True, True, False),
    "leaky_relu": Row(R, 0, True, True, False),
    "prelu": Row(R, 0, True, True, False),
    "rrelu": Row(R, 0, True, True, False),
    "elu": Row(sp.Interval.open(-1, oo), 1, True, True, True),
    "selu": Row(sp.Interval.open(-_selu["scale"] * _selu["alpha"], oo), 0, True, False, False),
    "softplus": Row(sp.Interval.open(0, oo), oo, True, True, False),
    "bent_identity": Row(R, oo, True, True, True),
    "sinc": Row(Approx(-0.217234, 1, 1e-6, True), oo, False, False, False),
    "gaussian": Row(sp.Interval.Lopen(0, 1), oo, False, False, False),
    "gelu": Row(Approx(-0.17, oo, 0.005, None), oo, None, None, None),
    "silu": Row(Approx(-0.278, oo, 0.001, True), oo, None, None, None),
    "mish": Row(Approx(-0.308, oo, 0.001, True), oo, None, None, None),
}

#: Where symacts' derivation disagrees with the table, the derived value and why.
DISAGREEMENTS: dict[tuple[str, str], tuple[Any, str]] = {
    ("binary_step", "derivative_monotonic"): (
        True,
        "Wikipedia says No, counting the jump at 0 where f' does not exist; with "
        "'f' non-decreasing wherever it exists' f' = 0 is monotonic.",
    ),
}


def _expected(name: str, key: str, value: Any) -> Any:
    return DISAGREEMENTS.get((name, key), (value, ""))[0]


@pytest.mark.parametrize("name", sorted(WIKIPEDIA))
def test_against_wikipedia(name: str) -> None:
    row, p = WIKIPEDIA[name], props(name)
    rng = p["range"]
    if isinstance(row.range, Approx):
        assert abs(mp(rng.inf) - mpmath.mpf(row.range.lo)) <= row.range.tol
        if row.range.hi == oo:
            assert rng.sup == oo
        else:
            assert abs(mp(rng.sup) - mpmath.mpf(row.range.hi)) <= row.range.tol
        if row.range.lo_closed is not None:
            assert (rng.contains(rng.inf) == sp.true) == row.range.lo_closed
    elif isinstance(row.range, sp.Interval):
        # Float endpoints (selu) agree to their precision rather than bit for bit.
        assert isinstance(rng, sp.Interval)
        assert (rng.left_open, rng.right_open) == (row.range.left_open, row.range.right_open)
        for ours, theirs in ((rng.inf, row.range.inf), (rng.sup, row.range.sup)):
            assert ours == theirs or abs(mp(ours) - mp(theirs)) <= tolerance(ours)
    else:
        assert rng == row.range
    assert p["continuity"] == row.continuity
    for key in ("monotonic", "derivative_monotonic", "identity_near_origin"):
        wiki = getattr(row, key)
        if wiki is not None:
            assert p[key] == _expected(name, key, wiki), key


# Derived by hand from the definitions (not from Wikipedia), as further fixed points.
def test_hand_derived_values() -> None:
    # sqnl: x - x^2/4 on [0, 2] meets 1 with slope 0 but curvature -1/2 vs 0: C^1, and
    # it reaches +-1 for |x| >= 2, so the range is closed.
    sqnl = props("sqnl")
    assert sqnl["range"] == sp.Interval(-1, 1)
    assert sqnl["continuity"] == 1
    assert sqnl["identity_near_origin"]
    assert sqnl["monotonic"]
    # hardswish: x(x + 3)/6 has its minimum -3/8 at x = -3/2.
    assert props("hardswish")["minimum"] == Extremum(
        sp.Rational(-3, 8), sp.FiniteSet(sp.Rational(-3, 2)), False
    )
    # silu: silu' = 0 iff 1 + x + e^x = 0, so x = -1 - W(1/e) and silu(x) = -W(1/e).
    # (Exact when sympy.solve finished within its budget, else 30 numeric digits.)
    silu_min = props("silu")["minimum"]
    tol = 1e-25 if silu_min.numeric else 1e-40
    assert abs(mp(silu_min.value) - mp(-sp.LambertW(sp.exp(-1)))) < tol
    # elish on x < 0 is (u^2 - u)/(1 + u) with u = e^x: minimum 2*sqrt(2) - 3 at u = sqrt(2) - 1.
    elish_min = props("elish")["minimum"]
    tol = 1e-25 if elish_min.numeric else 1e-40
    assert abs(mp(elish_min.value) - mp(2 * sp.sqrt(2) - 3)) < tol
    # relu attains its minimum 0 on the whole half-line x <= 0.
    assert props("relu")["minimum"].location == sp.Interval(-oo, 0)
    # snake(a=1)' = 1 + sin(2x) >= 0: monotonic although oscillating.
    assert props("snake")["monotonic"]
    assert not props("snake")["derivative_monotonic"]
