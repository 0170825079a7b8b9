"""Overlay figures for the site: a function with its closest neighbours, a family's members.

Both are :func:`symacts.plot_family` on a fresh pyplot-free Figure, saved as deterministic
SVG by :func:`symacts.site.figures.to_svg` with the main figures' settings
(:data:`symacts.site.figures.SITE_RC`: fixed ``svg.hashsalt``, no date, DejaVu Sans glyphs
as paths), so two builds give identical bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

from symacts.activation import Activation
from symacts.plot import plot_family
from symacts.site.figures import SITE_RC, new_axes, to_svg

#: The main figures' deterministic, theme-neutral settings, in a smaller type.
RC = {**SITE_RC, "font.size": 10.0, "legend.fontsize": 9.0}
#: Inches; small enough to sit beside the neighbour table.
SIZE = (5.6, 3.2)
#: Margins in inches (left, right, bottom, top), as :func:`symacts.site.figures.new_axes` takes.
MARGINS = (0.56, 0.112, 0.448, 0.256)


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
        ax = plot_family(list(acts), 0, new_axes(SIZE, MARGINS), window)
        if title:
            ax.set_title(title)
        return to_svg(ax)
