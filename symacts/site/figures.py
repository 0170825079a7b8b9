"""Record (+ its page data) -> SVG figures for the site, drawn by :mod:`symacts.plot`.

The site and a notebook share one code path: every figure here is ``symacts.plot.plot``,
``plot_param`` or ``plot_expressions`` on a fresh :class:`matplotlib.figure.Figure` (no
pyplot, so no global figure registry and nothing to close), saved as SVG under
:data:`SITE_RC`.

Why these settings:

- ``svg.hashsalt`` fixed and ``metadata={"Date": None}``: matplotlib derives clip-path and
  glyph ids from the salt, and the date is the only other varying byte, so two builds give
  identical files.
- ``svg.fonttype = "path"``: glyphs are drawn as paths (each glyph defined once and reused),
  from DejaVu Sans, which ships with matplotlib. The figure then looks the same in every
  browser and matches what the notebook shows, including mathtext labels such as f''(x),
  whose glyph placement would drift with ``"none"`` when the reader lacks DejaVu Sans. The
  cost is size (about 30 kB instead of 20 kB for a main figure) and text that cannot be
  selected; the pages carry the same information as text (alt text, tables).
- Transparent background, mid-tone curve colours (:data:`symacts.plot.PALETTE`) and grey
  text and axes (:data:`symacts.plot.INK`): an ``<img>`` cannot see the page's CSS, so one
  file must read on Material's light (white) and dark (slate) schemes alike.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import matplotlib
import sympy as sp
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from symacts.activation import Activation, Param
from symacts.plot import (
    FIGURE_SIZE,
    INK,
    REPRODUCIBLE_SVG,
    plot,
    plot_expressions,
    plot_param,
)

#: Matplotlib settings for every site figure (see the module docstring).
SITE_RC: dict[str, Any] = {
    **REPRODUCIBLE_SVG,
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 11.0,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.titlecolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "legend.facecolor": "none",
    "legend.edgecolor": INK,
    "legend.framealpha": None,
    "legend.fontsize": 10.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: Figure sizes in inches (72 pt each): the page figure and the 160 x 100 gallery thumbnail.
MAIN_SIZE = FIGURE_SIZE
THUMB_SIZE = (2.0, 1.25)
GUIDE_SIZE = (6.0, 3.4)
STAGE_SIZE = (5.0, 2.8)
#: Margins in inches (left, right, bottom, top): room for tick labels, the x label, a
#: title and a last tick label centred on the right edge; the same at every figure size.
MARGINS = (0.7, 0.25, 0.55, 0.4)
THUMB_MARGINS = (0.04, 0.04, 0.04, 0.04)

_F = TypeVar("_F", bound=Callable[..., Any])


def site_style(func: _F) -> _F:
    """Run ``func`` under :data:`SITE_RC` (artists read rcParams when created, SVG when saved)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with matplotlib.rc_context(SITE_RC):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def new_axes(size: tuple[float, float], margins: Sequence[float] = MARGINS) -> Axes:
    """One Axes on a new pyplot-free Figure (freed with its last reference).

    Margins are fixed rather than fitted: ``bbox_inches="tight"`` or a constrained layout
    draws the figure twice, which was 40% of a figure's time.
    """
    (w, h), (left, right, bottom, top) = size, margins
    fig = Figure(figsize=size)
    fig.subplots_adjust(left=left / w, right=1 - right / w, bottom=bottom / h, top=1 - top / h)
    return fig.add_subplot()


def to_svg(ax: Axes) -> str:
    """The Axes' figure as deterministic SVG text (no date; ids from the fixed salt)."""
    buf = io.StringIO()
    ax.figure.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


@site_style
def main_figure(act: Activation, data: dict[str, Any]) -> str:
    """f, f' and f'' over the record's window: :func:`symacts.plot.plot` as SVG."""
    ax = plot(act, (0, 1, 2), new_axes(MAIN_SIZE), tuple(data["window"]))
    return to_svg(ax)


@site_style
def thumbnail(act: Activation, data: dict[str, Any]) -> str:
    """f alone, undecorated, for the gallery and the comparison table."""
    ax = new_axes(THUMB_SIZE, THUMB_MARGINS)
    plot(act, 0, ax, tuple(data["window"]))
    ax.get_legend().remove()
    ax.set_title("")
    ax.set_xlabel("")
    ax.tick_params(labelbottom=False, labelleft=False, length=0)
    for line in ax.get_lines():
        if (line.get_gid() or "").startswith("kink"):
            line.set_markersize(3.5)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)  # the zero lines are the axes here
    return to_svg(ax)


def family_values(act: Activation, p: Param) -> list[sp.Expr]:
    """3-5 values of one parameter around its default, all valid for the record.

    Zero defaults spread over [-1, 1]; small defaults (slopes such as 0.01) step by factors
    of about 10 from 0; others double and halve.

    Parameters:
        act: the activation.
        p: one of its parameters.

    Returns:
        The values that :meth:`Activation.resolve_params` accepts, in increasing order.

    Example:
        >>> import symacts
        >>> elu = symacts.get("elu")
        >>> family_values(elu, elu.param("alpha"))
        [1/2, 1, 2, 4]
    """
    d = sp.sympify(p.default)
    if d == 0:
        candidates = [sp.Integer(-1), sp.Rational(-1, 2), d, sp.Rational(1, 2), sp.Integer(1)]
    elif abs(d) < sp.Rational(1, 10):
        candidates = [sp.Integer(0), d, 10 * d, 30 * d]
    else:
        candidates = [d / 2, d, 2 * d, 4 * d]
    valid = []
    for v in candidates:
        try:
            act.resolve_params(**{p.name: v})
        except ValueError:
            continue
        valid.append(v)
    return valid


@site_style
def family_figures(act: Activation, data: dict[str, Any]) -> list[tuple[str, str]]:
    """One figure per parameter (3 or more valid values): :func:`symacts.plot.plot_param`.

    Non-default values are drawn with ``stable=False`` (lambdify, no code generation), which
    keeps a function's figures near 0.3 s instead of seconds per parameter value.
    """
    out = []
    for p in act.param_list:
        values = family_values(act, p)
        if len(values) < 3:
            continue
        ax = plot_param(
            act, p.name, values, new_axes(MAIN_SIZE), tuple(data["window"]), stable=False
        )
        ax.set_title(f"{act.title} for several values of {p.name}")
        out.append((p.name, to_svg(ax)))
    return out


@site_style
def expression_figure(
    curves: Sequence[tuple[str, sp.Expr]],
    x: sp.Symbol,
    window: tuple[float, float],
    title: str,
    size: tuple[float, float] = GUIDE_SIZE,
) -> str:
    """Labelled SymPy expressions of ``x`` (the guides' figures): ``plot_expressions`` as SVG."""
    ax = plot_expressions(curves, x, window, new_axes(size))
    ax.set_title(title)
    return to_svg(ax)
