"""A small, deterministic SVG line plotter for the site's figures.

Matplotlib costs about 50-100 ms per figure and its SVG carries ids and metadata that have
to be pinned for byte-identical builds; the site needs only lines, dots, ticks and a legend,
so it writes SVG directly: about a millisecond per figure, identical bytes by construction.
Colours are mid-tones on a transparent background so that one file reads on Material's light
and dark palettes alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import numpy as np

#: Mid-tone colours readable on white and on Material's slate background.
PALETTE = ("#3d8bd9", "#e8862a", "#3aa65b", "#c75dbb", "#8f8f3a")
INK = "#8c8c8c"  # axes, ticks and text
GRID = "#8c8c8c"


@dataclass(frozen=True)
class Curve:
    """One labelled curve drawn as polylines; NaN or infinite values break the line."""

    segments: tuple[tuple[np.ndarray, np.ndarray], ...]
    label: str
    color: str
    dash: str = ""  # SVG stroke-dasharray, "" for solid
    width: float = 2.0


@dataclass(frozen=True)
class Dot:
    """A marker at a point: filled where the function takes the value, hollow where it does not."""

    x: float
    y: float
    color: str
    filled: bool


@dataclass
class Plot:
    """A line plot with axes through the origin."""

    xlim: tuple[float, float]
    curves: list[Curve] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    ylim: tuple[float, float] | None = None
    width: int = 640
    height: int = 380
    title: str = ""
    thumbnail: bool = False


def nice_ticks(lo: float, hi: float, target: int = 7) -> list[float]:
    """Round tick positions (1, 2 or 5 times a power of ten) covering [lo, hi]."""
    span = hi - lo
    if not span > 0:
        return [lo]
    raw = span / max(target - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    return [round(k * step, 12) for k in range(first, last + 1)]


def _fmt_tick(v: float) -> str:
    if v == 0:
        return "0"
    text = f"{v:.6g}"
    return text.replace("-", "\u2212")


def _num(v: float) -> str:
    """Coordinates with two decimals: small files, stable bytes."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def auto_ylim(curves: Sequence[Curve], dots: Sequence[Dot] = ()) -> tuple[float, float]:
    """A y-range covering every finite value and the origin, with a margin."""
    values = [np.asarray(ys, dtype=float) for c in curves for _, ys in c.segments]
    values.append(np.array([d.y for d in dots] + [0.0]))
    allv = np.concatenate([v[np.isfinite(v)] for v in values])
    lo, hi = float(allv.min()), float(allv.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad


def render(plot: Plot) -> str:
    """The plot as a standalone SVG document (a string)."""
    w, h = plot.width, plot.height
    thumb = plot.thumbnail
    left, right = (4, 4) if thumb else (14, 14)
    legend = [] if thumb else _legend_layout(plot.curves, left, w - right)
    top = 4 if thumb else 12 + 20 * (max((row for row, _, _ in legend), default=-1) + 1)
    bottom = 4 if thumb else 12
    x0, x1 = plot.xlim
    y0, y1 = plot.ylim or auto_ylim(plot.curves, plot.dots)
    pw, ph = w - left - right, h - top - bottom

    def px(x: float | np.ndarray) -> float | np.ndarray:
        return left + (x - x0) / (x1 - x0) * pw

    def py(y: float | np.ndarray) -> float | np.ndarray:
        return top + (y1 - y) / (y1 - y0) * ph

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="12">'
    ]
    if plot.title:
        out.append(f"<title>{escape(plot.title)}</title>")
    clip_id = "plotarea"
    out.append(
        f'<defs><clipPath id="{clip_id}"><rect x="{left}" y="{top}" width="{pw}" '
        f'height="{ph}"/></clipPath></defs>'
    )
    ax_x = min(max(0.0, x0), x1)  # the y-axis sits at x = 0 when visible
    ax_y = min(max(0.0, y0), y1)
    if not thumb:
        xt = [t for t in nice_ticks(x0, x1) if x0 <= t <= x1]
        yt = [t for t in nice_ticks(y0, y1, 6) if y0 <= t <= y1]
        grid = [f"M{_num(px(t))} {top}V{top + ph}" for t in xt if t != ax_x]
        grid += [f"M{left} {_num(py(t))}H{left + pw}" for t in yt if t != ax_y]
        out.append(
            f'<path d="{"".join(grid)}" stroke="{GRID}" stroke-opacity="0.25" '
            f'stroke-width="1" fill="none"/>'
        )
    out.append(
        f'<path d="M{left} {_num(py(ax_y))}H{left + pw}M{_num(px(ax_x))} {top}V{top + ph}" '
        f'stroke="{INK}" stroke-width="{1 if thumb else 1.3}" fill="none"/>'
    )
    if not thumb:
        labels = []
        yx = py(ax_y)
        below = yx + 15 < top + ph
        for t in xt:
            if t == ax_x:
                continue
            ty = yx + 15 if below else yx - 6
            labels.append(
                f'<text x="{_num(px(t))}" y="{_num(ty)}" text-anchor="middle">{_fmt_tick(t)}</text>'
            )
        xa = px(ax_x)
        anchor_left = xa - 6 > left + 20
        for t in yt:
            if t == ax_y:
                continue
            tx = xa - 5 if anchor_left else xa + 5
            anchor = "end" if anchor_left else "start"
            labels.append(
                f'<text x="{_num(tx)}" y="{_num(py(t) + 4)}" text-anchor="{anchor}">'
                f"{_fmt_tick(t)}</text>"
            )
        ticks = [f"M{_num(px(t))} {_num(yx - 3)}v6" for t in xt if t != ax_x]
        ticks += [f"M{_num(xa - 3)} {_num(py(t))}h6" for t in yt if t != ax_y]
        out.append(f'<path d="{"".join(ticks)}" stroke="{INK}" stroke-width="1"/>')
        out.append(f'<g fill="{INK}">{"".join(labels)}</g>')
    out.append(f'<g clip-path="url(#{clip_id})" fill="none" stroke-linejoin="round">')
    for c in plot.curves:
        d = "".join(
            _polyline(px(np.asarray(xs, float)), py(np.asarray(ys, float))) for xs, ys in c.segments
        )
        dash = f' stroke-dasharray="{c.dash}"' if c.dash else ""
        width = c.width * (0.75 if thumb else 1)
        out.append(f'<path d="{d}" stroke="{c.color}" stroke-width="{width}"{dash}/>')
    out.append("</g>")
    r = 2.5 if thumb else 4
    for dot in plot.dots:
        if not (x0 <= dot.x <= x1 and y0 <= dot.y <= y1):
            continue
        fill = dot.color if dot.filled else "none"
        out.append(
            f'<circle cx="{_num(px(dot.x))}" cy="{_num(py(dot.y))}" r="{r}" fill="{fill}" '
            f'stroke="{dot.color}" stroke-width="1.6"/>'
        )
    if legend:
        out.append(_legend(legend))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend_layout(
    curves: Sequence[Curve], left: float, right: float
) -> list[tuple[int, float, Curve]]:
    """(row, x, curve) for each legend entry, wrapping rows at the right edge."""
    entries = []
    row, x = 0, left
    for c in curves:
        width = 44 + 7 * len(c.label)
        if x > left and x + width > right:
            row, x = row + 1, left
        entries.append((row, x, c))
        x += width
    return entries


def _legend(entries: Sequence[tuple[int, float, Curve]]) -> str:
    parts = []
    for row, x, c in entries:
        y = 14 + 20 * row
        dash = f' stroke-dasharray="{c.dash}"' if c.dash else ""
        parts.append(
            f'<path d="M{_num(x)} {y}h26" stroke="{c.color}" stroke-width="{c.width}"{dash}/>'
            f'<text x="{_num(x + 32)}" y="{y + 4}" fill="{INK}">{escape(c.label)}</text>'
        )
    return "<g>" + "".join(parts) + "</g>"


def _polyline(xs: np.ndarray, ys: np.ndarray) -> str:
    """Path data for the finite runs of a curve, clamped far outside the clip box."""
    ok = np.isfinite(ys) & np.isfinite(xs)
    ys = np.clip(ys, -1e4, 1e4)
    parts = []
    run: list[str] = []
    for xi, yi, good in zip(xs.tolist(), ys.tolist(), ok.tolist(), strict=True):
        if good:
            run.append(f"{_num(xi)} {_num(yi)}")
        elif run:
            parts.append("M" + "L".join(run))
            run = []
    if run:
        parts.append("M" + "L".join(run))
    return "".join(parts)
