"""Derived mathematics: derivatives and properties computed from the expression.

Properties are derived by SymPy piece by piece: the expression is normalised to a
``Piecewise`` (``Abs``, ``Max``, ``sign`` ... become branches), the real line is cut at the
branch boundaries into open segments and boundary points, and each segment is analysed
with ``solveset``/``limit``. Where SymPy cannot decide within its time budget, a numeric
method (mpmath at 30+ digits on a fine grid, refined with ``mpmath.findroot``) takes
over, and the key is listed in ``properties["numeric"]`` with the reason in
``properties["notes"]``. Nothing is guessed silently.
"""

from __future__ import annotations

import itertools
import re
import signal
import threading
import time
from typing import Any, NamedTuple

import sympy as sp

#: Highest derivative order compared at branch boundaries before the series test.
CONTINUITY_CAP = 4
#: Wall-clock budget (seconds) of one SymPy call, and of all SymPy calls for one activation.
CALL_BUDGET = 3.0
TOTAL_BUDGET = 10.0
#: Working precision (decimal digits) of the numeric fallback; results keep DIGITS digits.
WORK_DPS = 40
DIGITS = 30


def differentiate(expr: sp.Expr, x: sp.Symbol, n: int) -> sp.Expr:
    """The n-th pointwise derivative by ``sympy.diff``, keeping removable points right.

    A Piecewise branch of the form ``(value, Eq(x, c))`` marks a removable singularity
    (sinc at 0); its derivative there is the limit of the neighbouring branch's derivative,
    not the derivative of the constant. The DiracDelta terms SymPy produces from
    ``Abs``/``sign`` (softsign'') are dropped: they vanish wherever the classical
    derivative exists.

    Parameters:
        expr: the expression to differentiate.
        x: the variable.
        n: the order (0 returns ``expr``).

    Returns:
        The derivative, a SymPy expression.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x", real=True)
        >>> differentiate(x / (1 + sp.Abs(x)), x, 2)
        -2*(-x*sign(x)**2/(Abs(x) + 1) + sign(x))/(Abs(x) + 1)**2
    """
    result = sp.diff(expr, x, n) if n else expr
    if n and isinstance(expr, sp.Piecewise):
        result = _fix_removable_points(expr, result, x, n)
    if n and result.has(sp.DiracDelta):
        result = result.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.S.Zero)
    return result


def _fix_removable_points(expr, result, x, n):
    """Replace the derivative at each removable point by the limit of the generic branch."""
    if not isinstance(result, sp.Piecewise):
        return result
    args = list(result.args)
    for i, (_, cond) in enumerate(expr.args[:-1]):
        if not (isinstance(cond, sp.Ne) and x in cond.free_symbols):
            continue
        point = cond.rhs if cond.lhs == x else cond.lhs
        if expr.args[i + 1][1] == sp.true and i + 1 < len(args):
            args[i + 1] = (sp.limit(args[i][0], x, point), args[i + 1][1])
    return sp.Piecewise(*args)


# =====================================================================================
# Properties
# =====================================================================================


class Extremum(NamedTuple):
    """A global minimum or maximum: its value and where it is attained.

    ``location`` is a SymPy Set (a point, an interval, or a union). ``numeric`` is True
    when the value and location were found by the numeric fallback (a Float with
    :data:`DIGITS` significant digits) rather than exactly by SymPy.
    """

    value: sp.Expr
    location: sp.Set
    numeric: bool


#: Keys every ``derive_properties`` result has.
PROPERTY_KEYS = (
    "range",
    "continuity",
    "monotonic",
    "derivative_monotonic",
    "identity_near_origin",
    "bounded_below",
    "bounded_above",
    "limit_neg_inf",
    "limit_pos_inf",
    "value_at_0",
    "derivative_at_0",
    "derivative_at_0_convention",
    "kinks",
    "discontinuities",
    "minimum",
    "maximum",
    "numeric",
    "notes",
)


def derive_properties(act: Any) -> dict[str, Any]:
    """Properties of an activation at its default parameters, derived from its expression.

    SymPy works piece by piece (``solveset``, ``solve``, ``limit``, ``periodicity``) under
    a time budget per call (:data:`CALL_BUDGET`) and per activation
    (:data:`TOTAL_BUDGET`); what it cannot decide in time is found numerically and listed
    in ``numeric``. So on a slow machine a value may come out numeric (30 digits) where
    a fast one gets it exactly; it is never silently wrong.

    Parameters:
        act: an :class:`~symacts.activation.Activation` (``act.formula()``,
            ``act.diff(1)`` and ``act.x`` are used).

    Returns:
        A dict with the keys of :data:`PROPERTY_KEYS`:

        - ``range``: the image of the reals, a SymPy Set (Interval, FiniteSet, Union).
        - ``continuity``: k with f in C^k (int), ``sympy.oo`` if smooth, -1 if f jumps.
        - ``monotonic``: f is non-decreasing on the reals.
        - ``derivative_monotonic``: f' is non-decreasing wherever it exists (at a jump of
          f the one-sided limits of f' are compared; the jump itself is not a derivative).
        - ``identity_near_origin``: f(0) = 0, f'(0) = 1 and f' continuous at 0.
        - ``bounded_below`` / ``bounded_above``: the range has a finite inf / sup.
        - ``limit_neg_inf`` / ``limit_pos_inf``: limits at -oo / +oo, possibly -oo or oo;
          for an oscillating function SymPy's ``AccumBounds`` (the interval of
          accumulation points, ``AccumBounds(-oo, oo)`` for x*cos(x)); None if unknown.
        - ``value_at_0``: f(0) from the branch that owns 0; None if f is undefined there.
        - ``derivative_at_0``: f'(0); None where undefined (f or f' jumps at 0).
        - ``derivative_at_0_convention``: ``act.diff(1)`` at 0, the record's kink
          convention (relu'(0) = 0), defined even at a kink.
        - ``kinks``: sorted tuple of the points where f or f' jumps.
        - ``discontinuities``: sorted tuple of ``(point, k)``: f^(k) is the first
          derivative discontinuous at that point (k = 0: f itself jumps).
        - ``minimum`` / ``maximum``: an :class:`Extremum` (value, location set, numeric
          flag), or None if not attained (sigmoid) or unbounded.
        - ``numeric``: tuple of the keys that were (partly) determined numerically.
        - ``notes``: tuple of sentences, each starting ``"<key>: "``, saying what was
          numeric and why, and any caveat (a continuity order capped, an oscillation).

    Raises:
        ValueError: the expression is not real on the reals (SymPy's ``cbrt`` for x < 0),
            its branches do not cover the reals, or it cannot be evaluated numerically.

    Example:
        >>> import symacts
        >>> p = derive_properties(symacts.get("relu"))
        >>> p["range"], p["continuity"], p["kinks"], p["derivative_at_0"]
        (Interval(0, oo), 0, (0,), None)
    """
    return _Deriver(act.formula(), act.x, act.diff(1)).run()


class _Timeout(BaseException):
    """A SymPy call ran out of budget (BaseException so that SymPy cannot swallow it)."""


#: Callbacks run inside a SymPy call (hypothesis's gc hook, weakref finalisers), where an
#: exception is swallowed as "unraisable": the alarm waits until the call is back.
_CALLBACK = re.compile(r"[/\\](hypothesis[/\\]|weakref\.py)")


def _alarm_usable() -> bool:
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    return signal.getitimer(signal.ITIMER_VIRTUAL)[0] == 0


def _with_budget(seconds: float, fn, *args, **kwargs):
    """Call ``fn`` with a CPU-time budget; raises :class:`_Timeout` when it runs out.

    CPU time, not wall-clock time, so that a loaded machine gives the same answers (the site
    must build byte-identically). On the main thread (POSIX) SIGVTALRM interrupts the call.
    Elsewhere the call runs in a daemon thread that is abandoned on timeout (wall clock).
    """
    if seconds <= 0:
        raise _Timeout
    if _alarm_usable():
        armed = [True]

        def on_alarm(signum, frame):  # pragma: no cover - timing dependent
            if not armed[0]:  # a late signal after the call returned is ignored
                return
            if frame is None or _CALLBACK.search(frame.f_code.co_filename):
                # Raised elsewhere (a GC callback such as hypothesis's, a weakref finaliser),
                # the exception would be swallowed as "unraisable" and the budget lost; try
                # again a moment later, back in the SymPy call.
                signal.setitimer(signal.ITIMER_VIRTUAL, 0.001)
                return
            raise _Timeout

        old = signal.signal(signal.SIGVTALRM, on_alarm)
        signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
        try:
            return fn(*args, **kwargs)
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_VIRTUAL, 0)
            signal.signal(signal.SIGVTALRM, old)
    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _Timeout
    if "error" in box:
        raise box["error"]
    return box["value"]


class _Candidate(NamedTuple):
    """A possible inf/sup of a segment: a value, whether attained, where, how found."""

    value: Any
    closed: bool
    where: sp.Set
    numeric: bool


class _Range(NamedTuple):
    """What a segment contributes: its lowest and highest candidate, and how it was found."""

    low: _Candidate
    high: _Candidate
    numeric: bool

    @property
    def inf(self) -> Any:
        return self.low.value

    @property
    def sup(self) -> Any:
        return self.high.value

    def as_set(self) -> sp.Set:
        if self.inf == self.sup:
            return sp.FiniteSet(self.inf)
        return sp.Interval(self.inf, self.sup, not self.low.closed, not self.high.closed)


class _Deriver:
    """Derives the properties of one expression; collects numeric keys and notes."""

    def __init__(self, f: sp.Expr, x: sp.Symbol, df_convention: sp.Expr):
        self.f = f
        self.x = x
        self.df_convention = df_convention
        self.numeric: set[str] = set()
        self.notes: list[str] = []
        self.deadline = time.process_time() + TOTAL_BUDGET
        self._mp_cache: dict[sp.Expr, Any] = {}
        self._zeros_cache: dict[tuple, Any] = {}
        self._limit_cache: dict[tuple, Any] = {}
        self._solve_cache: dict[sp.Expr, Any] = {}
        self._singular: dict[sp.Expr, set[sp.Expr]] = {}
        self._key = "range"

    # ------------------------------------------------------------------ budgets
    def _sympy(self, fn, *args, budget: float = CALL_BUDGET, **kwargs):
        """A SymPy call under the per-call and per-activation budgets; None if it fails."""
        remaining = self.deadline - time.process_time()
        try:
            return _with_budget(min(budget, remaining), fn, *args, **kwargs)
        except _Timeout:
            return None
        except (NotImplementedError, ValueError, TypeError, ZeroDivisionError):
            return None
        except (AttributeError, IndexError, KeyError, RecursionError):  # SymPy internals
            return None

    def _mark(self, key: str, note: str) -> None:
        self.numeric.add(key)
        if note not in self.notes:
            self.notes.append(note)

    # ------------------------------------------------------------------ entry point
    def run(self) -> dict[str, Any]:
        self._split()
        self._analyse_boundaries()
        props: dict[str, Any] = {}

        self._key = "continuity"
        props["continuity"] = self._continuity()
        props["discontinuities"] = tuple(
            (p, k) for p, k in zip(self.points, self.jump_order, strict=True) if k is not None
        )
        props["kinks"] = tuple(p for p, k in props["discontinuities"] if k <= 1)

        self._key = "range"
        ranges = [self._range_on(g, a, b) for a, b, g in self.segments]
        props["range"] = self._union_range(ranges)
        props["bounded_below"] = bool(props["range"].inf.is_finite)
        props["bounded_above"] = bool(props["range"].sup.is_finite)
        self._key = "minimum"
        props["minimum"] = self._extremum(ranges, lowest=True)
        self._key = "maximum"
        props["maximum"] = self._extremum(ranges, lowest=False)

        self._key = "monotonic"
        props["monotonic"] = self._monotonic(order=1)
        self._key = "derivative_monotonic"
        props["derivative_monotonic"] = self._monotonic(order=2)

        self._key = "limit_neg_inf"
        props["limit_neg_inf"] = self._limit(self.segments[0][2], -sp.oo, "+")
        self._key = "limit_pos_inf"
        props["limit_pos_inf"] = self._limit(self.segments[-1][2], sp.oo, "-")

        self._key = "value_at_0"
        props["value_at_0"] = self._tidy(self._value_at(0, order=0))
        self._key = "derivative_at_0"
        props["derivative_at_0"] = self._tidy(self._value_at(0, order=1))
        props["derivative_at_0_convention"] = self._convention_at_0()
        v0, d0 = props["value_at_0"], props["derivative_at_0"]
        props["identity_near_origin"] = bool(
            v0 is not None and d0 is not None and self._equal(v0, 0) and self._equal(d0, 1)
        )
        props["numeric"] = tuple(sorted(self.numeric))
        props["notes"] = tuple(self.notes)
        return props

    # ------------------------------------------------------------------ pieces
    def _split(self) -> None:
        """Cut the real line into open segments and boundary points, each with one branch."""
        g = sp.piecewise_fold(self.f.rewrite(sp.Piecewise))
        pieces: list[tuple[sp.Expr, sp.Set]] = []
        if isinstance(g, sp.Piecewise):
            covered: sp.Set = sp.S.EmptySet
            for expr, cond in g.args:
                where = sp.S.Reals if cond == sp.true else cond.as_set()
                where = where.intersect(sp.S.Reals) - covered
                covered = covered | where
                if where != sp.S.EmptySet:
                    pieces.append((expr, where))
            if covered != sp.S.Reals:
                raise ValueError(f"the branches of {self.f} do not cover the reals")
        else:
            pieces.append((g, sp.S.Reals))

        points: set[sp.Expr] = set()
        for expr, where in pieces:
            points |= {p for p in where.boundary if p.is_finite}
            points |= self._singular_points(expr, where)
        self.pieces = pieces
        ordered = sorted(points, key=lambda p: float(p))
        self.undefined = {p for p in ordered if self._owner(p) is None}

        bounds = [-sp.oo, *ordered, sp.oo]
        segments = []
        for a, b in itertools.pairwise(bounds):
            inside = _inside(a, b)
            branch = self._owner(inside)
            # cbrt(x) is SymPy's principal root, complex for x < 0: refuse, do not guess.
            for t in (inside, (a + inside) / 2 if a.is_finite else inside - 10):
                value = branch.subs(self.x, t).evalf(DIGITS)
                if value.is_extended_real is False:
                    raise ValueError(f"{self.f} is not real at x = {t} (value {value})")
            segments.append((a, b, branch))
        # Drop boundaries between identical branches whose point value is the same branch.
        kept_points, kept_segments = [], [segments[0]]
        for p, seg in zip(ordered, segments[1:], strict=True):
            left = kept_segments[-1]
            if left[2] == seg[2] == self._owner(p) and p not in self.undefined:
                kept_segments[-1] = (left[0], seg[1], left[2])
            else:
                kept_points.append(p)
                kept_segments.append(seg)
        self.points = kept_points
        self.segments = kept_segments

    def _owner(self, p: sp.Expr) -> sp.Expr | None:
        for expr, where in self.pieces:
            if where.contains(p) == sp.true:
                if p in self._singular.get(expr, ()):
                    return None
                return expr
        return None

    def _singular_points(self, expr: sp.Expr, where: sp.Set) -> set[sp.Expr]:
        """Isolated points of ``where`` at which a branch, f' or f'' is undefined (x**(1/3)).

        Higher derivatives are not searched: elementary branches are taken as smooth
        wherever they and their first two derivatives are continuous.
        """
        from sympy.calculus.util import continuous_domain

        found: set[sp.Expr] = set()
        probe = expr
        for k in range(3):
            if k:
                probe = sp.diff(probe, self.x)
            # continuous_domain does not know erf/erfc; they are entire like sin.
            tame = probe.replace(
                lambda e: isinstance(e, (sp.erf, sp.erfc)), lambda e: sp.sin(e.args[0])
            )
            domain = self._sympy(continuous_domain, tame, self.x, sp.S.Reals, budget=0.5)
            if domain is None:
                self.notes.append(
                    f"continuity: smoothness inside the branch {expr} assumed (no SymPy domain)"
                )
                break
            bad = where - domain
            if bad == sp.S.EmptySet:
                continue
            if not isinstance(bad, sp.FiniteSet):
                raise ValueError(f"{self.f} is undefined on {bad}")
            found |= set(bad)
            if k == 0:
                self._singular.setdefault(expr, set()).update(bad)
        return found

    # ------------------------------------------------------------------ boundary points
    def _analyse_boundaries(self) -> None:
        """One-sided limits of f, f', ... at each boundary point, and the jump order."""
        self.one_sided: list[list[tuple[Any, Any]]] = []
        self.values: list[Any] = []
        self.jump_order: list[int | None] = []
        self._key = "continuity"
        for i, p in enumerate(self.points):
            left, right = self.segments[i][2], self.segments[i + 1][2]
            owner = self._owner(p)
            value = None if owner is None else self._point_value(owner, p)
            self.values.append(value)
            limits = []
            order = None
            gl, gr = left, right
            for k in range(CONTINUITY_CAP + 1):
                if k:
                    gl, gr = sp.diff(gl, self.x), sp.diff(gr, self.x)
                lo = self._limit(gl, p, "-")
                hi = self._limit(gr, p, "+")
                limits.append((lo, hi))
                same = _finite(lo) and _finite(hi) and self._equal(lo, hi)
                if k == 0 and same:
                    same = value is not None and self._equal(value, lo)
                if not same and order is None:
                    order = k
                # f' is needed on both sides even where f jumps (derivative monotonicity).
                if order is not None and k >= 1:
                    break
            if order is None and left != right:
                order = self._series_order(left, right, p)
            self.one_sided.append(limits)
            self.jump_order.append(order)

    def _series_order(self, left: sp.Expr, right: sp.Expr, p: sp.Expr) -> int | None:
        """Order of the first jumping derivative beyond the cap, from the branch difference.

        Both branches are analytic at ``p`` here, so their difference vanishes to a finite
        order m (a jump of f^(m)) unless it is identically zero (then C^oo at ``p``).
        """
        t = sp.Dummy("t")
        diff = (left - right).subs(self.x, p + t)
        if self._sympy(sp.simplify, diff) == 0:
            return None
        lead = self._sympy(lambda: diff.as_leading_term(t))
        if lead is not None:
            _, power = lead.as_coeff_exponent(t)
            if power.is_Integer and power > CONTINUITY_CAP:
                return int(power)
        self.notes.append(
            f"continuity: at x = {p} derivatives up to order {CONTINUITY_CAP} match and "
            f"the order of the first jump could not be found; reported as C^{CONTINUITY_CAP}"
        )
        return CONTINUITY_CAP + 1

    def _continuity(self) -> Any:
        orders = [k for k in self.jump_order if k is not None]
        if self.undefined:
            return -1
        return sp.oo if not orders else min(orders) - 1

    # ------------------------------------------------------------------ limits and values
    def _limit(self, g: sp.Expr, point: Any, side: str) -> Any:
        """One-sided limit of g at point (``+``: from the right); None if undetermined."""
        x = self.x
        if x not in g.free_symbols:
            return g
        key = (g, point, side)
        if key not in self._limit_cache:
            self._limit_cache[key] = self._limit_uncached(g, point, side)
        return self._limit_cache[key]

    def _limit_uncached(self, g: sp.Expr, point: Any, side: str) -> Any:
        x = self.x
        if point.is_finite:
            direct = self._point_value(g, point)
            if direct is not None:
                return direct
        value = _clean_limit(self._sympy(sp.limit, g, x, point, side))
        if value is not None:
            return _refloat(value, g)
        return self._numeric_limit(g, point, side)

    def _point_value(self, g: sp.Expr, p: sp.Expr) -> Any:
        value = g.subs(self.x, p)
        if value.has(sp.nan, sp.zoo) or not value.is_finite:
            return None
        return value

    def _numeric_limit(self, g: sp.Expr, point: Any, side: str) -> Any:
        import mpmath

        fn = self._mp(g)
        sign = 1 if side == "+" else -1
        if point.is_finite:
            steps = [point + sign * sp.Rational(1, 10**k) for k in (10, 20, 30)]
        else:
            steps = [sp.Integer(-sign) * 10**k for k in (10, 20, 30)]
        with mpmath.workdps(60):
            vals = [_mp_real(fn, mpmath.mpf(sp.Float(s, 60))) for s in steps]
        self._mark(
            self._key,
            f"{self._key}: SymPy could not take the limit of {g} at {point}; "
            "estimated from mpmath values at 60 digits",
        )
        if any(v is None for v in vals):
            return None
        a, b, c = vals
        if abs(c - b) <= 1e-12 * max(1, abs(c)):
            return sp.Float(c, DIGITS)
        if abs(c) > 1e8 and abs(c) > 10 * abs(b) > 100 * abs(a) and a * c > 0:
            return sp.oo if c > 0 else -sp.oo
        return None

    def _value_at(self, p: Any, order: int) -> Any:
        """f (order 0) or f' (order 1) at p; None where undefined (a jump at p)."""
        p = sp.sympify(p)
        if p in self.points:
            i = self.points.index(p)
            if p in self.undefined:
                return None
            if order == 0:
                return self.values[i]
            k = self.jump_order[i]
            return None if k is not None and k <= 1 else self.one_sided[i][1][0]
        for a, b, g in self.segments:
            if (a < p) == sp.true and (p < b) == sp.true:
                h = sp.diff(g, self.x, order)
                value = self._point_value(h, p)
                return value if value is not None else self._limit(h, p, "+")
        return None  # pragma: no cover - every point is in a segment or a boundary

    def _convention_at_0(self) -> Any:
        value = self.df_convention.subs(self.x, 0)
        return None if value.has(sp.nan, sp.zoo) else self._tidy(value)

    def _tidy(self, value: Any) -> Any:
        """A shorter equal form of an exact value, if simplify finds one quickly."""
        if value is None or value.is_Atom or value.has(sp.Float):
            return value
        simpler = self._sympy(sp.simplify, value, budget=0.3)
        if simpler is None or sp.count_ops(simpler) >= sp.count_ops(value):
            return value
        return simpler

    # ------------------------------------------------------------------ comparisons
    def _equal(self, a: Any, b: Any) -> bool:
        a, b = sp.sympify(a), sp.sympify(b)
        if a == b:
            return True
        if not (_finite(a) and _finite(b)):
            return False
        d = a - b
        if d.is_zero:
            return True
        if d.is_zero is False and not d.has(sp.Float):
            return False
        value = d.evalf(WORK_DPS)
        if not value.is_number:
            return False
        return abs(value) <= _tolerance(a, b) * max(1, abs(a.evalf(WORK_DPS)))

    def _less(self, a: Any, b: Any) -> bool:
        """a < b strictly (not equal within tolerance)."""
        if self._equal(a, b):
            return False
        if a == -sp.oo or b == sp.oo:
            return True
        if a == sp.oo or b == -sp.oo:
            return False
        return bool((sp.sympify(a) - sp.sympify(b)).evalf(WORK_DPS) < 0)

    # ------------------------------------------------------------------ ranges
    def _range_on(self, g: sp.Expr, a: Any, b: Any) -> _Range:
        """Range of a continuous branch g on the open segment (a, b)."""
        x = self.x
        segment = sp.Interval.open(a, b)
        if x not in g.free_symbols:
            here = _Candidate(g, True, segment, False)
            return _Range(here, here, False)
        none = sp.S.EmptySet
        candidates = []
        for end, side in ((a, "+"), (b, "-")):
            lim = self._limit(g, end, side)
            if lim is None:
                candidates += self._sampled_near(g, a, b, end)
            elif isinstance(lim, sp.AccumBounds):
                candidates += [_Candidate(lim.min, False, none, False)]
                candidates += [_Candidate(lim.max, False, none, False)]
                note = (
                    f"{self._key}: {g} oscillates at {end}; the bounds of its accumulation "
                    "interval there (SymPy's AccumBounds) count as unattained extremes"
                )
                if (lim.min.is_finite or lim.max.is_finite) and note not in self.notes:
                    self.notes.append(note)
            else:
                candidates.append(_Candidate(lim, False, none, False))
        values = [c.value for c in candidates]
        if -sp.oo in values and sp.oo in values:
            lo, hi = _Candidate(-sp.oo, False, none, False), _Candidate(sp.oo, False, none, False)
            return _Range(lo, hi, any(c.numeric for c in candidates))

        crit = self._critical_values(g, a, b)
        if crit is None:
            crit = self._numeric_extrema(g, a, b)
        candidates += crit
        numeric = any(c.numeric for c in candidates)
        return _Range(self._pick(candidates, True), self._pick(candidates, False), numeric)

    def _pick(self, candidates: list[_Candidate], lowest: bool) -> _Candidate:
        """The lowest (highest) candidate, merging ties: attained anywhere means closed."""
        best = candidates[0].value
        for c in candidates[1:]:
            if self._less(c.value, best) if lowest else self._less(best, c.value):
                best = c.value
        ties = [c for c in candidates if self._equal(c.value, best)]
        attained = [c for c in ties if c.closed]
        if not attained:
            return _Candidate(best, False, sp.S.EmptySet, any(c.numeric for c in ties))
        exact = [c for c in attained if not c.numeric]
        value = (exact or attained)[0].value
        where = sp.Union(*(c.where for c in attained))
        return _Candidate(value, True, where, not exact)

    def _critical_values(self, g: sp.Expr, a: Any, b: Any) -> list[_Candidate] | None:
        """g at its exact critical points on (a, b); None if SymPy cannot find them all."""
        zeros = self._zeros(sp.diff(g, self.x), a, b, exact=True)
        if zeros is None:
            return None
        points, period = zeros
        if period is None:
            return [self._exact_candidate(g, c) for c in points]
        from sympy.calculus.util import periodicity

        if self._sympy(periodicity, g, self.x, budget=0.5) != period:
            return None  # g' periodic but g not (x + sin(x)**2): no finite candidate list
        n = sp.Dummy("n", integer=True)
        out = []
        for c in [*points, sp.Integer(0)]:
            where = sp.ImageSet(sp.Lambda(n, c + n * period), sp.S.Integers)
            out.append(self._exact_candidate(g, c)._replace(where=where))
        return out

    def _zeros(self, h: sp.Expr, a: Any, b: Any, exact: bool):
        """All zeros of h on (a, b) as ``(sorted points, period)``; None if SymPy can't.

        ``period`` is None, or T when h is T-periodic on the whole line and ``points`` are
        its zeros in [0, T]. With ``exact``, a ConditionSet from solveset is retried with
        ``sympy.solve`` (which knows LambertW); completeness is then checked numerically.
        """
        key = (h, a, b)
        if key in self._zeros_cache:
            result, tried_exact = self._zeros_cache[key]
            if result is not None or tried_exact or not exact:
                return result
        x = self.x
        segment = sp.Interval.open(a, b)
        found = self._sympy(sp.solveset, h, x, segment)
        result = None
        if found == sp.S.EmptySet:
            result = ([], None)
        elif isinstance(found, sp.FiniteSet) and all(c.is_real for c in found):
            result = (sorted(found, key=float), None)
        elif isinstance(found, (sp.ImageSet, sp.Union)) and segment == sp.S.Reals:
            result = self._periodic_zeros(h)
        elif exact and found is not None:
            result = self._solve_zeros(h, a, b)
        self._zeros_cache[key] = (result, exact)
        return result

    def _periodic_zeros(self, h: sp.Expr):
        from sympy.calculus.util import periodicity

        period = self._sympy(periodicity, h, self.x, budget=0.5)
        if period is None or not period.is_positive:
            return None
        one = self._sympy(sp.solveset, h, self.x, sp.Interval.Ropen(0, period))
        if not isinstance(one, sp.FiniteSet):
            return None
        return (sorted(one, key=float), period)

    def _solve_zeros(self, h: sp.Expr, a: Any, b: Any):
        segment = sp.Interval.open(a, b)
        if h not in self._solve_cache:  # several segments can share a branch (sinc)
            self._solve_cache[h] = self._sympy(sp.solve, h, self.x, budget=1.0)
        roots = self._solve_cache[h]
        if not roots:
            return None
        roots = [r for r in roots if r.is_real and segment.contains(r) == sp.true]
        scanned = self._numeric_roots(h, a, b)
        if len(scanned) != len(roots):
            return None
        for r in roots:
            value = sp.Float(r.evalf(WORK_DPS), WORK_DPS)
            if not any(abs(value - sp.Float(s, WORK_DPS)) < 1e-20 for s in scanned):
                return None
        self.notes.append(
            f"{self._key}: the zeros of {h} on {segment} were found by sympy.solve; "
            "that there are no others was checked numerically"
        )
        return (sorted(roots, key=float), None)

    def _exact_candidate(self, g: sp.Expr, c: sp.Expr) -> _Candidate:
        value = g.subs(self.x, c)
        simpler = self._sympy(sp.simplify, value, budget=0.3)
        return _Candidate(simpler if simpler is not None else value, True, sp.FiniteSet(c), False)

    def _nonnegative(self, h: sp.Expr, a: Any, b: Any) -> bool:
        """h >= 0 on (a, b): the sign of h between its exact zeros, else on the scan grid."""
        if self.x not in h.free_symbols:
            return not self._less(h, 0)
        zeros = self._zeros(h, a, b, exact=False)
        if zeros is None:
            return self._numeric_nonnegative(h, a, b)
        points, period = zeros
        ends = (sp.Integer(0), period) if period is not None else (a, b)
        cuts = [ends[0], *points, ends[1]]
        samples = [_inside(lo, hi) for lo, hi in itertools.pairwise(cuts) if lo != hi]
        for s in samples:
            value = h.subs(self.x, s).evalf(DIGITS)
            if not (value.is_number and value.is_extended_real and value.is_finite):
                return self._numeric_nonnegative(h, a, b)
            if value < 0 and not self._equal(value, 0):
                return False
        return True

    def _numeric_nonnegative(self, h: sp.Expr, a: Any, b: Any) -> bool:
        """h >= 0 on the scan grid (float64 scan; negatives confirmed with mpmath)."""
        import mpmath
        import numpy as np

        self._mark(
            self._key,
            f"{self._key}: the sign of {h} on {sp.Interval.open(a, b)} was checked "
            f"numerically (grid |x| <= 1e6, negative values confirmed with mpmath at "
            f"{DIGITS} digits)",
        )
        grid = _grid(a, b)
        values = _float_values(h, self.x, grid)
        fn = self._mp(h)
        suspects = np.flatnonzero(~(values >= 0))
        with mpmath.workdps(DIGITS):
            for i in suspects:
                v = _mp_real(fn, mpmath.mpf(grid[i]))
                if v is not None and v < -(mpmath.mpf(10) ** (3 - DIGITS)) * max(1, abs(v)):
                    return False
        return True

    # ------------------------------------------------------------------ numerics
    def _mp(self, g: sp.Expr):
        if g not in self._mp_cache:
            self._mp_cache[g] = _lambdify(self.x, g, "mpmath")
        return self._mp_cache[g]

    def _numeric_roots(self, h: sp.Expr, a: Any, b: Any) -> list:
        """Sign changes of h on (a, b) on a fine grid, refined to WORK_DPS digits.

        The grid is scanned in float64 for speed; points where float64 fails are evaluated
        with mpmath, and every bracket is confirmed with mpmath at DIGITS digits before it
        is refined, so that rounding noise cannot create a root.
        """
        import mpmath
        import numpy as np

        fn = self._mp(h)
        grid = _grid(a, b)
        signs = np.sign(_float_values(h, self.x, grid))
        for i in np.flatnonzero(~np.isfinite(signs)):
            with mpmath.workdps(DIGITS):
                v = _mp_real(fn, mpmath.mpf(grid[i]))
            signs[i] = np.nan if v is None else float(mpmath.sign(v))
        roots = []
        for i in range(len(grid) - 1):
            s0, s1 = signs[i], signs[i + 1]
            if not (np.isfinite(s0) and np.isfinite(s1)) or s0 * s1 > 0 or s0 == s1 == 0:
                continue
            t0, t1 = mpmath.mpf(grid[i]), mpmath.mpf(grid[i + 1])
            with mpmath.workdps(DIGITS):
                v0, v1 = _mp_real(fn, t0), _mp_real(fn, t1)
            if v0 is None or v1 is None:
                continue
            if v0 == 0:
                roots.append(t0)
            elif v0 * v1 < 0:
                with mpmath.workdps(WORK_DPS):
                    roots.append(_bracketed_root(fn, t0, t1))
        return roots

    def _numeric_extrema(self, g: sp.Expr, a: Any, b: Any) -> list:
        """Critical values of g on (a, b) from the numeric scan of g'."""
        import mpmath

        dg = sp.diff(g, self.x)
        self._mark(
            self._key,
            f"{self._key}: critical points of {g} on {sp.Interval.open(a, b)} found "
            f"numerically (mpmath, {DIGITS} digits, grid |x| <= 1e6 plus findroot)",
        )
        fn = self._mp(g)
        out = []
        for r in self._numeric_roots(dg, a, b):
            point = self._snap(dg, r)
            if point is not None:
                out.append(self._exact_candidate(g, point))
                continue
            with mpmath.workdps(WORK_DPS):
                value = _mp_real(fn, r)
            if value is not None:
                at = sp.FiniteSet(sp.Float(r, DIGITS))
                out.append(_Candidate(sp.Float(value, DIGITS), True, at, True))
        return out

    def _sampled_near(self, g: sp.Expr, a: Any, b: Any, end: Any) -> list[_Candidate]:
        """No limit at ``end``: the values of g on the grid points nearest it, as bounds."""
        import mpmath

        self._mark(
            self._key,
            f"{self._key}: no limit of {g} at {end}; sampled values near it used as bounds",
        )
        grid = _grid(a, b)
        near = grid[:20] if end == a else grid[-20:]
        fn = self._mp(g)
        out = []
        with mpmath.workdps(WORK_DPS):
            for t in near:
                v = _mp_real(fn, mpmath.mpf(t))
                if v is not None:
                    out.append(_Candidate(sp.Float(v, DIGITS), False, sp.S.EmptySet, True))
        return out

    def _snap(self, dg: sp.Expr, r) -> sp.Expr | None:
        """An exact simple point (0, a small rational) that is an exact root near r."""
        guess = sp.nsimplify(sp.Float(r, DIGITS), tolerance=1e-25, rational=True)
        if guess.q > 1000:
            return None
        check = self._sympy(sp.simplify, dg.subs(self.x, guess), budget=0.3)
        return guess if check == 0 else None

    # ------------------------------------------------------------------ assembling
    def _union_range(self, ranges: list[_Range]) -> sp.Set:
        parts = [r.as_set() for r in ranges]
        parts += [sp.FiniteSet(v) for v in self.values if v is not None]
        if any(r.numeric for r in ranges):
            self.numeric.add("range")
        return sp.Union(*parts)

    def _extremum(self, ranges: list[_Range], lowest: bool) -> Extremum | None:
        candidates = [r.low if lowest else r.high for r in ranges]
        for p, v in zip(self.points, self.values, strict=True):
            if v is not None:
                candidates.append(_Candidate(v, True, sp.FiniteSet(p), False))
        best = self._pick(candidates, lowest)
        if not best.closed or not _finite(best.value):
            return None
        if best.numeric:
            self._mark(
                self._key,
                f"{self._key}: value and location found numerically ({DIGITS} digits)",
            )
        return Extremum(best.value, best.where, best.numeric)

    def _monotonic(self, order: int) -> bool:
        """f^(order-1) is non-decreasing: f^(order) >= 0 on segments, no downward jumps."""
        for a, b, g in self.segments:
            if not self._nonnegative(sp.diff(g, self.x, order), a, b):
                return False
        for i, limits in enumerate(self.one_sided):
            lo, hi = limits[order - 1]
            if lo is None or hi is None:
                self._mark(self._key, f"{self._key}: one-sided limits at {self.points[i]} unknown")
                continue
            if order == 1:
                v = self.values[i]
                if v is not None and (self._less(v, lo) or self._less(hi, v)):
                    return False
            if self._less(hi, lo):
                return False
        return True


def _inside(a: Any, b: Any) -> sp.Expr:
    """A point strictly inside (a, b)."""
    if a == -sp.oo and b == sp.oo:
        return sp.Integer(0)
    if a == -sp.oo:
        return b - 1
    if b == sp.oo:
        return a + 1
    return (a + b) / 2


def _finite(v: Any) -> bool:
    return v is not None and not isinstance(v, sp.AccumBounds) and bool(sp.sympify(v).is_finite)


def _tolerance(*values: Any) -> float:
    """Relative tolerance for equality: exact numbers 1e-30, Floats a few digits below theirs."""
    import mpmath

    digits = 33
    for v in values:
        for fl in sp.sympify(v).atoms(sp.Float):
            digits = min(digits, mpmath.libmp.prec_to_dps(fl._prec))
    return 10.0 ** -(digits - 3)


def _refloat(value: Any, g: sp.Expr) -> Any:
    """``sympy.limit`` turns Floats into Rationals; give Float results for Float input."""
    floats = g.atoms(sp.Float)
    if not floats or not isinstance(value, sp.Expr) or value.is_Integer or not value.is_finite:
        return value
    import mpmath

    digits = max(mpmath.libmp.prec_to_dps(fl._prec) for fl in floats)
    return sp.Float(value.evalf(digits), digits)


def _clean_limit(value: Any) -> Any:
    """A limit SymPy returned, made usable: None if unevaluated or not a number."""
    if value is None or isinstance(value, sp.Limit) or value.has(sp.Limit):
        return None
    if value.has(sp.AccumBounds) and not isinstance(value, sp.AccumBounds):
        # oo*sign(AccumBounds(-1, 1)) from x*cos(x): sign is monotone, so bounds map over.
        value = value.replace(
            lambda e: isinstance(e, sp.sign) and isinstance(e.args[0], sp.AccumBounds),
            lambda e: sp.AccumBounds(sp.sign(e.args[0].min), sp.sign(e.args[0].max)),
        )
    if isinstance(value, sp.AccumBounds):
        return value
    if value.has(sp.nan, sp.zoo) or not value.is_number or value.is_extended_real is False:
        return None
    return value


def _mp_real(fn, t):
    """fn(t) as a finite real mpf, or None."""
    import mpmath

    try:
        v = fn(t)
    except (ZeroDivisionError, ValueError, OverflowError, TypeError):
        return None
    if isinstance(v, mpmath.mpc):
        if abs(v.imag) > abs(v.real) * mpmath.mpf(10) ** (-mpmath.mp.dps + 5):
            return None
        v = v.real
    v = mpmath.mpf(v)
    return v if mpmath.isfinite(v) else None


def _grid(a: Any, b: Any):
    """Scan points in (a, b) (float64): step 1/32 on [-32, 32], geometric tails to 1e6,
    and points approaching finite ends geometrically."""
    import numpy as np

    tail = 32 * 1.1 ** np.arange(1, 135)
    pts = [np.arange(-1024, 1025) / 32, tail, -tail]
    lo = float(a) if a.is_finite else -np.inf
    hi = float(b) if b.is_finite else np.inf
    eps = 10.0 ** -np.arange(1, 16)
    if np.isfinite(lo):
        pts.append(lo + eps * max(1, abs(lo)))
    if np.isfinite(hi):
        pts.append(hi - eps * max(1, abs(hi)))
    grid = np.unique(np.concatenate(pts))
    return grid[(grid > lo) & (grid < hi)]


def _lambdify(x: sp.Symbol, h: sp.Expr, modules: Any):
    """``sympy.lambdify``, with a clear error for expressions it cannot print (floor')."""
    try:
        return sp.lambdify(x, h, modules=modules)
    except Exception as exc:  # PrintMethodNotImplementedError and friends
        raise ValueError(
            f"cannot evaluate {h} numerically ({type(exc).__name__}), so its properties "
            "cannot be derived"
        ) from exc


def _float_values(h: sp.Expr, x: sp.Symbol, grid):
    """h on the grid in float64 (NaN where float64 fails); warnings silenced."""
    import numpy as np

    fn = _lambdify(x, h, ["scipy", "numpy"])
    with np.errstate(all="ignore"):
        try:
            values = np.asarray(fn(grid), dtype=complex) * np.ones(len(grid))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError, NameError):
            return np.full(len(grid), np.nan)
    real = values.real
    real[np.abs(values.imag) > 1e-12 * np.abs(real)] = np.nan
    return real


def _bracketed_root(fn, t0, t1):
    """A root of fn in [t0, t1] where fn changes sign: Illinois, then bisection if needed."""
    import mpmath

    try:
        r = mpmath.findroot(fn, (t0, t1), solver="illinois")
        if t0 <= r <= t1:
            return r
    except (ValueError, ZeroDivisionError):
        pass
    f0 = fn(t0)
    for _ in range(200):
        mid = (t0 + t1) / 2
        fm = fn(mid)
        if fm == 0:
            return mid
        if (fm < 0) == (f0 < 0):
            t0, f0 = mid, fm
        else:
            t1 = mid
    return (t0 + t1) / 2
