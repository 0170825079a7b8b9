"""Closest functions: a distance between curves, measured once per build for all pairs.

The distance from f to g is measured on f's plot window (so it answers "which functions
look like this one where this page looks"), and is therefore not symmetric.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from symacts.activation import Activation
from symacts.site.table import FAMILIES, PROPERTIES

#: Evenly spaced points per window.
GRID = 201
#: Neighbours shown on each function page.
NEIGHBOURS = 3
#: One sentence for the page, stating the definition used by :func:`distance_matrix`.
DEFINITION = (
    "Distance from f to g: the root mean square of g(x) − f(x) over {grid} evenly "
    "spaced points of this page's window [{lo:g}, {hi:g}], divided by the spread "
    "(maximum − minimum) of f there."
)


def distance_matrix(acts: Sequence[Activation], grid: int = GRID) -> np.ndarray:
    """RMS distances between every pair of functions, each on the first one's window.

    .. math:: D_{ij} = \\frac{1}{s_i}\\sqrt{\\frac{1}{N}\\sum_{k=1}^{N}
              \\bigl(f_j(x_{ik}) - f_i(x_{ik})\\bigr)^2},
              \\qquad s_i = \\max_k f_i(x_{ik}) - \\min_k f_i(x_{ik})

    where :math:`x_{i1}, \\dots, x_{iN}` are ``grid`` evenly spaced points of function
    *i*'s plot window (``act.window``); :math:`s_i` is 1 when :math:`f_i` is constant there.
    Each function's generated NumPy callable runs once, on all windows' points at once.

    Parameters
    ----------
    acts
        The functions, in the order of the matrix rows and columns.
    grid
        Points per window (at least 2).

    Returns
    -------
    numpy.ndarray
        ``(len(acts), len(acts))``; the diagonal is 0, pairs with a non-finite value
        anywhere on the grid are ``inf``.

    Example
    -------
    >>> import symacts
    >>> d = distance_matrix([symacts.get("relu"), symacts.get("softplus")])
    >>> bool(d[0, 1] > 0 and d[0, 0] == 0)
    True
    """
    if grid < 2:
        raise ValueError(f"grid must be at least 2 points (got {grid})")
    m = len(acts)
    xs = np.concatenate([np.linspace(*map(float, a.window), grid) for a in acts])
    with np.errstate(all="ignore"):  # a non-finite value is recorded as inf below
        ys = np.stack([np.asarray(a.numpy(0)(xs), dtype=float) for a in acts])
        ys = ys.reshape(m, m, grid)  # ys[j, i, k] = f_j at point k of window i
        own = ys[np.arange(m), np.arange(m)]  # own[i, k] = f_i on its own window
        diff = ys - own[None, :, :]
        rms = np.sqrt(np.mean(diff * diff, axis=2)).T  # rms[i, j]
        spread = np.ptp(own, axis=1)
    spread = np.where(np.isfinite(spread) & (spread > 0), spread, 1.0)
    d = rms / spread[:, None]
    d[~np.isfinite(d)] = np.inf
    np.fill_diagonal(d, 0.0)
    return d


def neighbours(
    acts: Sequence[Activation], count: int = NEIGHBOURS, grid: int = GRID
) -> dict[str, list[dict[str, Any]]]:
    """The ``count`` closest other functions of each function, nearest first.

    Ties are broken by name so the choice is deterministic; pairs at infinite distance
    are never chosen.

    Parameters
    ----------
    acts
        The functions to compare (usually the whole registry).
    count
        Neighbours per function.
    grid
        Points per window, passed to :func:`distance_matrix`.

    Returns
    -------
    dict
        ``name -> [{"name", "title", "family", "distance"}, ...]``.

    Example
    -------
    >>> import symacts
    >>> acts = [symacts.get(n) for n in ("relu", "softplus", "tanh")]
    >>> [n["name"] for n in neighbours(acts, count=1)["relu"]]
    ['softplus']
    """
    d = distance_matrix(acts, grid)
    out: dict[str, list[dict[str, Any]]] = {}
    for i, a in enumerate(acts):
        order = sorted(
            (j for j in range(len(acts)) if j != i and np.isfinite(d[i, j])),
            key=lambda j: (d[i, j], acts[j].name),
        )
        out[a.name] = [
            {
                "name": acts[j].name,
                "title": acts[j].title,
                "family": acts[j].family,
                "distance": float(d[i, j]),
            }
            for j in order[:count]
        ]
    return out


def section(name: str, window: Sequence[float], near: list[dict[str, Any]], figure: str) -> str:
    """The function page's "Similar functions" section (Markdown).

    Parameters
    ----------
    name
        The function whose page this is.
    window
        Its plot window ``[lo, hi]``, where the distances were measured.
    near
        Its entry of :func:`neighbours`.
    figure
        Relative path of the overlay SVG, or "" for none.

    Returns
    -------
    str
        Markdown starting with a ``## Similar functions`` heading.
    """
    out = ["## Similar functions", ""]
    if not near:
        return "\n".join([*out, "No other function is finite on this window.", ""])
    lo, hi = window
    out += [DEFINITION.format(grid=GRID, lo=lo, hi=hi), ""]
    if figure:
        others = ", ".join(n["name"] for n in near)
        out += [f"![{name} with {others}]({figure})", ""]
    out += ["| Function | Family | Distance |", "| :-- | :-- | --: |"]
    for n in near:
        # 0 is exact: the callables agree at every grid point (e.g. relu and relu6 below 6)
        shown = "0 (identical here)" if n["distance"] == 0 else f"{n['distance']:.3g}"
        out.append(f"| [`{n['name']}`]({n['name']}.md) {n['title']} | {n['family']} | {shown} |")
    out += [
        "",
        f"All functions side by side: the [property table]({PROPERTIES}.md) and the "
        f"[families]({FAMILIES}.md).",
    ]
    return "\n".join([*out, ""])
