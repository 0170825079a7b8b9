"""Overlay figures for the site: a function with its closest neighbours, a family's members.

Both are :func:`symacts.plot_family` on a fresh pyplot-free Figure, saved as deterministic
SVG by :func:`to_svg` (fixed ``svg.hashsalt``, no date, glyphs as paths from DejaVu Sans,
which ships with matplotlib), so two builds give identical bytes. The settings mirror the
site's main figures; the integrator may merge :data:`RC` with those of ``figures.py``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

from symacts.activation import Activation
from symacts.plot import INK, plot_family

#: Deterministic, theme-neutral SVG (transparent background, grey ink for light and dark).
RC = {
    "svg.hashsalt": "symacts",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 10.0,
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
    "legend.fontsize": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
#: Inches; small enough to sit beside the neighbour table.
SIZE = (5.6, 3.2)
MARGINS = {"left": 0.1, "right": 0.98, "bottom": 0.14, "top": 0.92}


def to_svg(fig: Figure) -> str:
    """The figure as SVG text with no date (its ids come from the fixed salt in :data:`RC`)."""
    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def overlay(
    acts: Sequence[Activation], window: Sequence[float] | None = None, title: str = ""
) -> str:
    """Several functions (default parameters) on one Axes over ``window``, as SVG.

    .. math:: x \\mapsto f_i(x), \\quad x \\in [\\mathrm{lo}, \\mathrm{hi}], \\quad i = 1..m

    Parameters
    ----------
    acts
        The functions, the first drawn widest (it is the page's function).
    window
        ``(lo, hi)``, the x range drawn; None for the union of the records' windows.
    title
        Optional title above the Axes.

    Returns
    -------
    str
        Deterministic SVG text.

    Example
    -------
    >>> import symacts
    >>> svg = overlay([symacts.get("relu"), symacts.get("softplus")], (-3, 3))
    >>> svg.lstrip().startswith("<?xml")
    True
    """
    if not acts:
        raise ValueError("overlay needs at least one function")
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=SIZE)
        fig.subplots_adjust(**MARGINS)
        ax = plot_family(list(acts), 0, fig.add_subplot(), window)
        if title:
            ax.set_title(title)
        return to_svg(fig)
