"""Record (+ its derived data) -> SVG figures: f, f', f''; parameter families; thumbnails.

Curves are sampled piece by piece between breakpoints, so a jump is never drawn as a
vertical line; each piece ends at its exact one-sided limit and a filled dot marks the value
the function takes at the breakpoint (the owning branch), a hollow dot the limit it does not.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import sympy as sp

from symacts.activation import Activation, Param
from symacts.site.svgplot import PALETTE, Curve, Dot, Plot, render

SAMPLES = 361  # points across the window (split over the pieces)
DASHES = ("", "7 4", "2 3")
LABELS = ("f(x)", "f\u2032(x)", "f\u2033(x)")


def _pieces(window: Sequence[float], kinks: Sequence[dict[str, Any]]) -> list[tuple]:
    """(a, b, kink-at-a, kink-at-b) intervals of the window split at the non-removable kinks."""
    lo, hi = window
    cuts = [k for k in kinks if lo < k["x_f"] < hi and not k["removable"]]
    edges = [(lo, None), *((k["x_f"], k) for k in cuts), (hi, None)]
    return [(a, b, ka, kb) for (a, ka), (b, kb) in itertools.pairwise(edges)]


def sample(
    fn: Callable[[np.ndarray], np.ndarray],
    window: Sequence[float],
    kinks: Sequence[dict[str, Any]],
    n: int | None,
    samples: int = SAMPLES,
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Polyline segments of ``fn`` over the window; with ``n`` the pieces end at the limits."""
    lo, hi = window
    segments = []
    for a, b, ka, kb in _pieces(window, kinks):
        count = max(8, round(samples * (b - a) / (hi - lo)))
        xs = np.linspace(a, b, count)
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ys = np.array(np.broadcast_to(fn(xs), xs.shape), dtype=float)
        if n is not None:
            if ka is not None and ka["curves"][n]["right_f"] is not None:
                ys[0] = ka["curves"][n]["right_f"]
            if kb is not None and kb["curves"][n]["left_f"] is not None:
                ys[-1] = kb["curves"][n]["left_f"]
        segments.append((xs, ys))
    return tuple(segments)


def kink_dots(data: dict[str, Any], orders: Sequence[int]) -> list[Dot]:
    """Filled dot at the value taken, hollow dots at the one-sided limits not taken.

    A curve is marked only where it jumps, and f also at its corners (where f' jumps).
    """
    dots = []
    lo, hi = data["window"]
    for k in data["kinks"]:
        if not lo <= k["x_f"] <= hi or k["removable"]:
            continue
        for n in orders:
            row = k["curves"][n]
            color = PALETTE[n]
            if not row["jump"]:
                corner = n + 1 < len(k["curves"]) and k["curves"][n + 1]["jump"]
                if n == 0 and corner and row["value_f"] is not None:
                    dots.append(Dot(k["x_f"], row["value_f"], color, True))
                continue
            if row["value_f"] is not None:
                dots.append(Dot(k["x_f"], row["value_f"], color, True))
            for side in ("left", "right"):
                if row["owner"] not in (side, "both") and row[f"{side}_f"] is not None:
                    dots.append(Dot(k["x_f"], row[f"{side}_f"], color, False))
    return dots


def main_figure(act: Activation, data: dict[str, Any]) -> str:
    """f, f' and f'' over the record's window, kinks marked."""
    window = data["window"]
    curves = [
        Curve(
            sample(act.numpy(n), window, data["kinks"], n),
            LABELS[n],
            PALETTE[n],
            DASHES[n],
            2.4 if n == 0 else 1.8,
        )
        for n in range(3)
    ]
    plot = Plot(
        xlim=tuple(window),
        curves=curves,
        dots=kink_dots(data, range(3)),
        title=f"{act.name}: f, f\u2032 and f\u2033",
    )
    return render(plot)


def thumbnail(act: Activation, data: dict[str, Any]) -> str:
    """A small plot of f alone, for the gallery and the comparison table."""
    window = data["window"]
    curve = Curve(
        sample(act.numpy(0), window, data["kinks"], 0, samples=120), "f(x)", PALETTE[0], width=2.6
    )
    plot = Plot(
        xlim=tuple(window),
        curves=[curve],
        dots=kink_dots(data, [0]),
        width=160,
        height=100,
        thumbnail=True,
        title=act.name,
    )
    return render(plot)


def family_values(act: Activation, p: Param) -> list[sp.Expr]:
    """3-5 values of one parameter around its default, all valid for the record.

    Zero defaults spread over [-1, 1]; small defaults (slopes such as 0.01) step by factors
    of about 10 from 0; others double and halve.
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


def _pretty(p: Param) -> str:
    name = p.tex.lstrip("\\") if p.tex else p.name
    return sp.pretty(sp.Symbol(name), use_unicode=True)


def family_figures(act: Activation, data: dict[str, Any]) -> list[tuple[str, str]]:
    """One figure per parameter: f for several values of it, the others at their defaults."""
    from symacts.site.derive import breakpoints, drop_distributions

    out = []
    window = data["window"]
    for p in act.param_list:
        values = family_values(act, p)
        if len(values) < 3:
            continue
        curves = []
        for i, v in enumerate(values):
            f = drop_distributions(act.formula(**{p.name: v}))
            fn = sp.lambdify(act.x, f, modules=["scipy", "numpy"])
            cuts = [{"x_f": float(c), "removable": False} for c in breakpoints([f], act.x)]
            label = f"{_pretty(p)} = {float(v):.3g}" + (" (default)" if v == p.default else "")
            curves.append(
                Curve(
                    sample(fn, window, cuts, None),
                    label,
                    PALETTE[i % len(PALETTE)],
                    width=2.6 if v == p.default else 1.8,
                )
            )
        plot = Plot(
            xlim=tuple(window), curves=curves, title=f"{act.name} for several values of {p.name}"
        )
        out.append((p.name, render(plot)))
    return out
