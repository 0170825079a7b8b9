"""Matplotlib figures of activations: f with its derivatives, and overlays of several.

Values come from the generated stable callables (``act.numpy(n, **params)``). Each curve is
split at the points where it jumps: the left piece ends at the left limit, the right piece
starts at the right limit, with no vertical connector (a NaN between them). A filled dot
marks the value the function takes at such a point (the owning branch), a hollow dot each
one-sided limit it does not take; f also gets a filled dot at its corners (where f' jumps).
Horizontal asymptotes are drawn where f has a finite limit at -oo or +oo.

The documentation site draws its figures with these same functions (``symacts.site.figures``
adds only a style and deterministic SVG output); :func:`plot_expressions` draws the guides'
plain SymPy expressions.

This module imports matplotlib; ``import symacts`` does not import it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from symacts.activation import Activation

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Mid-tone colours, readable on a white page and on a dark one (transparent background).
PALETTE = ("#3d8bd9", "#e8862a", "#3aa65b", "#c75dbb", "#8f8f3a", "#d9534f")
#: Axis, grid and asymptote colour: a grey that reads on light and dark backgrounds.
INK = "#8c8c8c"
#: Line style per derivative order: f solid, f' dashed, f'' dotted.
STYLES = ("-", "--", ":")
WIDTHS = (2.2, 1.7, 1.7)
#: Points across the window (breakpoints are added to these).
SAMPLES = 400
#: Relative size below which two one-sided limits count as equal (jump detection).
JUMP_TOL = 1e-9
#: Inches: a plot drawn without an Axes, the CLI's output and the site's main figure.
FIGURE_SIZE = (7.0, 4.2)
#: rcParams for byte-identical SVG (with ``metadata={"Date": None}`` when saving):
#: matplotlib derives clip-path and glyph ids from this salt.
REPRODUCIBLE_SVG = {"svg.hashsalt": "symacts"}


@dataclass(frozen=True)
class Break:
    """One-sided limits and the value of f, f', f'' at a breakpoint (NaN: undefined)."""

    x: float
    left: tuple[float, ...]
    value: tuple[float, ...]
    right: tuple[float, ...]

    def jumps(self, n: int) -> bool:
        """Whether the n-th derivative's one-sided limits differ here."""
        a, b = self.left[n], self.right[n]
        if not (math.isfinite(a) and math.isfinite(b)):
            return a != b
        return abs(a - b) > JUMP_TOL * max(1.0, abs(a), abs(b))


# ------------------------------------------------------------------ public API
def plot(
    act: Activation,
    n: int | Sequence[int] = (0, 1, 2),
    ax: Axes | None = None,
    window: Sequence[float] | None = None,
    **params: Any,
) -> Axes:
    """Draw f and its derivatives on a matplotlib Axes (the body of :meth:`Activation.plot`).

    .. math:: x \\mapsto f^{(k)}(x), \\quad k \\in n, \\quad x \\in \\text{window}

    Parameters:
        act: the activation.
        n: a derivative order (0, 1 or 2) or a sequence of them.
        ax: the Axes to draw on; a new pyplot figure when omitted.
        window: ``(lo, hi)``; the record's ``window`` when omitted.
        **params: parameter values (validated; bad values raise
            :class:`~symacts.ParameterError`).

    Returns:
        The Axes, with one line per order, kink dots, asymptote lines and a legend.

    Example:
        >>> import symacts
        >>> ax = symacts.get("relu").plot(n=0)
        >>> [line.get_label() for line in ax.get_lines()][:1]
        ['$f{\\\\left(x \\\\right)}$']
    """
    orders = _orders(n)
    resolved = act.resolve_params(**params)
    lo, hi = _window(window if window is not None else act.window)
    ax = _axes(ax)
    breaks = breakpoints(act, resolved, (lo, hi))
    for k in orders:
        draw_curve(
            ax,
            act,
            k,
            resolved,
            (lo, hi),
            breaks,
            color=PALETTE[k],
            style=STYLES[k],
            width=WIDTHS[k],
            label=f"${order_latex(k)}$",
        )
    if 0 in orders:
        draw_asymptotes(ax, act, resolved)
    _finish(ax, (lo, hi))
    ax.set_title(_title(act, resolved))
    ax.legend(loc="best")
    return ax


def plot_family(
    names: Iterable[str | Activation] | str | Activation,
    n: int = 0,
    ax: Axes | None = None,
    window: Sequence[float] | None = None,
) -> Axes:
    """Overlay several activations (the n-th derivative of each, default parameters).

    .. math:: x \\mapsto f_i^{(n)}(x), \\quad i = 1, \\dots, m

    Parameters:
        names: registry names or :class:`~symacts.Activation` objects (one or several).
        n: the derivative order drawn (0, 1 or 2).
        ax: the Axes to draw on; a new pyplot figure when omitted.
        window: ``(lo, hi)``; the union of the records' windows when omitted.

    Returns:
        The Axes, with one labelled line per activation.

    Example:
        >>> import symacts
        >>> ax = symacts.plot_family(["relu", "gelu"])
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['relu', 'gelu']
    """
    acts = _activations(names)
    (order,) = _orders(n, single=True)
    if window is None:
        window = (min(a.window[0] for a in acts), max(a.window[1] for a in acts))
    lo, hi = _window(window)
    ax = _axes(ax)
    for i, act in enumerate(acts):
        resolved = act.resolve_params()
        draw_curve(
            ax,
            act,
            order,
            resolved,
            (lo, hi),
            breakpoints(act, resolved, (lo, hi)),
            color=PALETTE[i % len(PALETTE)],
            style=STYLES[(i // len(PALETTE)) % len(STYLES)],
            width=WIDTHS[0] if i == 0 else WIDTHS[1],
            label=act.name,
        )
    _finish(ax, (lo, hi))
    ax.set_ylabel(f"${order_latex(order)}$")
    ax.legend(loc="best")
    return ax


def plot_param(
    act: Activation,
    param: str,
    values: Sequence[Any],
    ax: Axes | None = None,
    window: Sequence[float] | None = None,
    n: int = 0,
    stable: bool = True,
) -> Axes:
    """Overlay f (or its n-th derivative) for several values of one parameter.

    .. math:: x \\mapsto f^{(n)}(x; p = v), \\quad v \\in \\text{values}

    The other parameters stay at their defaults; the default value's line is wider.

    Parameters:
        act: the activation.
        param: the parameter's keyword (aliases accepted).
        values: the values drawn (each validated as in :meth:`Activation.resolve_params`).
        ax: the Axes to draw on; a new pyplot figure when omitted.
        window: ``(lo, hi)``; the record's ``window`` when omitted.
        n: the derivative order drawn (0, 1 or 2).
        stable: True evaluates every value with the generated stable callables
            (``act.numpy``), which costs a code generation (0.2-2 s) per non-default value
            and order; False evaluates non-default values with ``sympy.lambdify`` of the
            formula instead: fast and accurate at plotting resolution inside a window, but
            not float64-stable over the whole range (the site's figures use False).

    Returns:
        The Axes, with one line per value, labelled ``$p = v$``.

    Example:
        >>> import symacts
        >>> ax = plot_param(symacts.get("elu"), "alpha", [0.5, 1, 2])
        >>> len(ax.get_legend().get_texts())
        3
    """
    p = act.param(param)
    (order,) = _orders(n, single=True)
    lo, hi = _window(window if window is not None else act.window)
    runs = [(v, act.resolve_params(**{p.name: v})) for v in values]
    if not runs:
        raise ValueError("plot_param needs at least one value")
    ax = _axes(ax)
    symbol = sp.latex(p.symbol, symbol_names=act.symbol_names)
    for i, (_, resolved) in enumerate(runs):
        value = dict(resolved)[p.name]
        default = value == p.default
        draw_curve(
            ax,
            act,
            order,
            resolved,
            (lo, hi),
            breakpoints(act, resolved, (lo, hi), stable),
            color=PALETTE[i % len(PALETTE)],
            style="-",
            width=WIDTHS[0] if default else WIDTHS[1] - 0.3,
            label=f"${symbol} = {_number_latex(value)}$" + (" (default)" if default else ""),
            stable=stable,
        )
    _finish(ax, (lo, hi))
    ax.set_ylabel(f"${order_latex(order)}$")
    ax.legend(loc="best")
    return ax


def plot_expressions(
    curves: Sequence[tuple[str, sp.Expr]],
    x: sp.Symbol,
    window: Sequence[float],
    ax: Axes | None = None,
) -> Axes:
    """Overlay labelled SymPy expressions of ``x`` that are not registry records.

    .. math:: x \\mapsto g_i(x), \\quad i = 1, \\dots, m

    Values come from ``sympy.lambdify`` (NumPy), so this suits smooth or continuous
    expressions (the guides' lines, powers and small ReLU networks); jumps are not split.

    Parameters:
        curves: ``(label, expression)`` pairs; labels are matplotlib text (mathtext allowed).
        x: the free symbol of the expressions.
        window: ``(lo, hi)``.
        ax: the Axes to draw on; a new pyplot figure when omitted.

    Returns:
        The Axes, with one labelled line per expression, axes through 0 and a legend.

    Example:
        >>> import sympy as sp
        >>> x = sp.Symbol("x")
        >>> ax = plot_expressions([("square", x**2), ("line", 2 * x + 1)], x, (-2, 2))
        >>> [t.get_text() for t in ax.get_legend().get_texts()]
        ['square', 'line']
    """
    lo, hi = _window(window)
    if not curves:
        raise ValueError("plot_expressions needs at least one (label, expression) pair")
    for label, expr in curves:
        extra = sp.sympify(expr).free_symbols - {x}
        if extra:
            names = ", ".join(sorted(map(str, extra)))
            raise ValueError(f"expression {label!r} has free symbols other than {x}: {names}")
    ax = _axes(ax)
    xs = np.linspace(lo, hi, SAMPLES + 1)
    for i, (label, expr) in enumerate(curves):
        ys = _eval(sp.lambdify(x, expr, modules=["numpy"]), xs)
        ax.plot(xs, ys, color=PALETTE[i % len(PALETTE)], linewidth=WIDTHS[0], label=label)
    _finish(ax, (lo, hi))
    ax.legend(loc="best")
    return ax


# ------------------------------------------------------------------ building blocks
def order_latex(n: int) -> str:
    """LaTeX (mathtext-compatible) of the n-th derivative of f, from ``sympy.latex``."""
    x = sp.Symbol("x")
    f = sp.Function("f")(x)
    return sp.latex(f if n == 0 else sp.Derivative(f, (x, n)))


def breakpoints(
    act: Activation,
    resolved: tuple[tuple[str, sp.Expr], ...],
    window: Sequence[float],
    stable: bool = True,
) -> list[Break]:
    """Points inside the window where f, f' or f'' may jump, with limits and values.

    At the default parameters the points are the record's ``discontinuities`` property;
    otherwise the Piecewise boundaries (and Abs/sign/Max/Min zeros) of the formula and its
    derivatives. Limits are the callables (see :func:`callable_for`, ``stable``) just left
    and right of the point.
    """
    lo, hi = window
    if resolved == act.resolve_params():
        points = [float(p) for p, _ in act.properties["discontinuities"]]
    else:
        from symacts.site.derive import breakpoints as symbolic_breakpoints

        values = dict(resolved)
        exprs = [act.formula(**values), act.diff(1, **values), act.diff(2, **values)]
        points = [float(p) for p in symbolic_breakpoints(exprs, act.x)]
    points = sorted({p for p in points if lo < p < hi})
    if not points:
        return []
    xs = np.array(points)
    fns = [callable_for(act, k, resolved, stable) for k in range(3)]
    left = [_eval(fn, np.nextafter(xs, -np.inf)) for fn in fns]
    value = [_eval(fn, xs) for fn in fns]
    right = [_eval(fn, np.nextafter(xs, np.inf)) for fn in fns]
    return [
        Break(
            p,
            tuple(float(v[i]) for v in left),
            tuple(float(v[i]) for v in value),
            tuple(float(v[i]) for v in right),
        )
        for i, p in enumerate(points)
    ]


def draw_curve(
    ax: Axes,
    act: Activation,
    n: int,
    resolved: tuple[tuple[str, sp.Expr], ...],
    window: Sequence[float],
    breaks: Sequence[Break],
    *,
    color: str,
    style: str,
    width: float,
    label: str,
    dots: bool = True,
    stable: bool = True,
) -> None:
    """One line for the n-th derivative, broken (NaN) at its jumps, and its kink dots."""
    lo, hi = window
    fn = callable_for(act, n, resolved, stable)
    grid = np.union1d(np.linspace(lo, hi, SAMPLES), [b.x for b in breaks])
    ys = _eval(fn, grid)
    xs_out, ys_out = [], []
    start = 0
    for b in breaks:
        if not b.jumps(n):
            continue
        i = int(np.searchsorted(grid, b.x))
        # left piece ends at the left limit; NaN breaks the line; right piece starts at the
        # right limit (both at x itself)
        xs_out += [grid[start:i], [b.x, b.x, b.x]]
        ys_out += [ys[start:i], [b.left[n], np.nan, b.right[n]]]
        start = i + 1
    xs_out.append(grid[start:])
    ys_out.append(ys[start:])
    ax.plot(
        np.concatenate(xs_out),
        np.concatenate(ys_out),
        color=color,
        linestyle=style,
        linewidth=width,
        label=label,
    )
    if dots:
        _draw_dots(ax, n, breaks, color)


def callable_for(
    act: Activation, n: int, resolved: tuple[tuple[str, sp.Expr], ...], stable: bool = True
) -> Any:
    """The NumPy callable drawn for the n-th derivative at the resolved parameters.

    The generated stable callable (``act.numpy``) at the default parameters, which the
    derivation store ships, or whenever ``stable``; otherwise ``sympy.lambdify`` of the
    formula or of ``sympy.diff`` of it, with DiracDelta terms (zero away from a kink)
    dropped, which needs no code generation.
    """
    if stable or resolved == act.resolve_params():
        return act.numpy(n, **dict(resolved))
    values = dict(resolved)
    expr = act.formula(**values) if n == 0 else act.diff(n, **values)
    expr = expr.replace(sp.DiracDelta, lambda *args: sp.S.Zero)
    return sp.lambdify(act.x, expr, modules=["scipy", "numpy"])


def draw_asymptotes(
    ax: Axes, act: Activation, resolved: tuple[tuple[str, sp.Expr], ...]
) -> list[float]:
    """Horizontal lines at the finite limits of f at -oo and +oo; returns their heights.

    At the default parameters the limits are the record's ``limit_neg_inf`` and
    ``limit_pos_inf`` properties (exact, labelled by ``sympy.latex``); otherwise the
    generated callable at -inf and +inf (which returns the exact limits).
    """
    if resolved == act.resolve_params():
        props = act.properties
        limits = [props["limit_neg_inf"], props["limit_pos_inf"]]
    else:
        ends = _eval(act.numpy(0, **dict(resolved)), np.array([-np.inf, np.inf]))
        limits = [sp.Float(float(v), 6) if math.isfinite(v) else None for v in ends]
    drawn: list[float] = []
    for lim in limits:
        if not (isinstance(lim, sp.Expr) and lim.is_number and lim.is_finite and lim.is_real):
            continue
        y = float(lim)
        if any(abs(y - d) <= JUMP_TOL * max(1.0, abs(y)) for d in drawn):
            continue
        drawn.append(y)
        ax.axhline(
            y,
            color=INK,
            linestyle=(0, (6, 3, 1, 3)),
            linewidth=1.0,
            label=f"$y = {_number_latex(lim)}$",
            zorder=1,
        )
    return drawn


def _draw_dots(ax: Axes, n: int, breaks: Sequence[Break], color: str) -> None:
    filled: list[tuple[float, float]] = []
    hollow: list[tuple[float, float]] = []
    for b in breaks:
        value = b.value[n]
        if b.jumps(n):
            if math.isfinite(value):
                filled.append((b.x, value))
            for side in (b.left[n], b.right[n]):
                same = math.isfinite(value) and abs(side - value) <= JUMP_TOL * max(
                    1.0, abs(side), abs(value)
                )
                if math.isfinite(side) and not same:
                    hollow.append((b.x, side))
        elif n == 0 and b.jumps(1) and math.isfinite(value):
            filled.append((b.x, value))  # a corner of f
    style = {"linestyle": "none", "marker": "o", "markersize": 6, "zorder": 4}
    if filled:
        xs, ys = zip(*filled, strict=True)
        ax.plot(xs, ys, color=color, markerfacecolor=color, markeredgecolor=color, **style)
        ax.lines[-1].set_gid("kink-filled")
    if hollow:
        xs, ys = zip(*hollow, strict=True)
        ax.plot(xs, ys, color=color, markerfacecolor="none", markeredgewidth=1.6, **style)
        ax.lines[-1].set_gid("kink-hollow")


def _finish(ax: Axes, window: Sequence[float]) -> None:
    ax.set_xlim(*window)
    ax.axhline(0.0, color=INK, linewidth=0.8, zorder=0)
    ax.axvline(0.0, color=INK, linewidth=0.8, zorder=0) if window[0] < 0 < window[1] else None
    ax.grid(True, color=INK, alpha=0.25, linewidth=0.6)
    ax.set_xlabel("$x$")


def _title(act: Activation, resolved: tuple[tuple[str, sp.Expr], ...]) -> str:
    if not resolved or resolved == act.resolve_params():
        return act.title
    shown = ", ".join(
        f"{sp.latex(act.param(k).symbol, symbol_names=act.symbol_names)} = {_number_latex(v)}"
        for k, v in resolved
    )
    return f"{act.title} (${shown}$)"


def _number_latex(value: sp.Expr) -> str:
    """Exact numbers as sympy.latex gives them; floats shortened to 4 significant digits."""
    if isinstance(value, sp.Float):
        return sp.latex(sp.Float(f"{float(value):.4g}"))
    return sp.latex(value)


def _eval(fn: Any, xs: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.array(np.broadcast_to(fn(xs), np.shape(xs)), dtype=float)


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=FIGURE_SIZE)
    return ax


def _orders(n: Any, single: bool = False) -> tuple[int, ...]:
    seq = (n,) if isinstance(n, (int, np.integer)) and not isinstance(n, bool) else n
    try:
        orders = tuple(seq)
    except TypeError:
        orders = (n,)
    if single and len(orders) != 1:
        raise ValueError(f"derivative order n must be one of 0, 1, 2 (got {n!r})")
    if not orders:
        raise ValueError("derivative orders n must not be empty")
    for k in orders:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 <= k <= 2:
            raise ValueError(f"derivative order n must be 0, 1 or 2 (got {k!r})")
    if len(set(orders)) != len(orders):
        raise ValueError(f"derivative orders repeat (got {n!r})")
    return tuple(int(k) for k in orders)


def _window(window: Any) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in window)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"window must be two numbers (lo, hi) (got {window!r})") from exc
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"window must be finite with lo < hi (got {window!r})")
    return lo, hi


def _activations(names: Any) -> list[Activation]:
    from symacts.registry import get

    if isinstance(names, (str, Activation)):
        names = [names]
    if isinstance(names, Mapping):
        raise TypeError("names must be a sequence of names or Activation objects")
    acts = [a if isinstance(a, Activation) else get(a) for a in names]
    if not acts:
        raise ValueError("plot_family needs at least one activation")
    return acts
