"""Whole-range accuracy of a generated callable: the figures the derivation store keeps.

The point set covers every binade of float64 (each power of two and one seeded point
inside each binade, both signs, the largest finite float and the smallest subnormal), a
dense grid where activations bend, seeded points off the grid across the body, the band
where e^-|x| goes subnormal, and the record's kinks with their neighbours; float32 inputs
get their own set. Each point's error is measured in ULP against the adaptive-precision
mpmath reference of the definition (:mod:`symacts.reference`). The limits at +-inf come
from ``sympy.limit`` of the branch that owns each end, independently of the code
generator's own way of finding them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from symacts.reference import ULP_BOUNDS, reference_values, ulp_error

if TYPE_CHECKING:
    from symacts.activation import Activation

#: float32 results: within 4 ULP of the float32 rounding of the exact value, every order.
FLOAT32_BOUND = 4.0
#: Seed of the one point drawn inside each binade (fixed: the set is part of the certificate).
SEED = 20261206
LARGEST = float(np.finfo(np.float64).max)


def binade_points() -> list[float]:
    """+-2^k for every k = -1074 .. 1023, the largest float and the float below it, and a
    seeded point inside each binade from 2^-64 to 2^64 and inside every 8th one beyond:
    both signs."""
    rng = np.random.default_rng(SEED)
    exponents = np.arange(-1074, 1024)
    inside = np.ldexp(rng.uniform(1.0, 2.0, exponents.size), exponents)
    sampled = (np.abs(exponents) <= 64) | (exponents % 8 == 0)
    magnitudes = {float(np.ldexp(1.0, int(k))) for k in exponents}
    magnitudes |= {float(v) for v in inside[sampled] if math.isfinite(v) and v > 0}
    magnitudes |= {LARGEST, float(np.nextafter(LARGEST, 0.0))}
    return sorted({s * m for m in magnitudes for s in (1.0, -1.0)})


def bend_points() -> list[float]:
    """A grid of step 1/8 on [-40, 40], steps of 1/2 where e^-|x| is subnormal, and steps
    of 1/128 where e^(-x^2/2) and e^(-x^2) are (a subnormal factor's rounding shows at
    about 1% of the points there: gelu' near -37.7)."""
    dense = np.arange(-320, 321) / 8.0
    band = np.arange(1400, 1501) / 2.0
    gaussian = np.concatenate([np.arange(4812, 4942), np.arange(3404, 3495)]) / 128.0
    tails = [*band.tolist(), *gaussian.tolist()]
    return sorted({0.0, *dense.tolist(), *tails, *(-np.array(tails)).tolist()})


def body_points() -> list[float]:
    """Seeded uniform points off every grid: 2400 on [-12, 12] and 1200 on [-64, 64]. A sum
    of rounded terms misses its bound at sparse points (aria2' at -1.55, 0.7% of them; the
    1/8 grid saw none), so the body of every curve is sampled densely."""
    rng = np.random.default_rng(SEED + 1)
    return sorted({*rng.uniform(-12, 12, 2400).tolist(), *rng.uniform(-64, 64, 1200).tolist()})


def kink_points(kinks: Any) -> list[float]:
    """Each kink and the floats next to it."""
    out: list[float] = []
    for k in kinks:
        v = float(k)
        out += [v, float(np.nextafter(v, math.inf)), float(np.nextafter(v, -math.inf))]
    return out


def points(act: Activation) -> list[float]:
    kinks = kink_points(act.properties["kinks"])
    return sorted({*binade_points(), *bend_points(), *body_points(), *kinks})


def float32_points(act: Activation) -> list[float]:
    """float32 values: +-2^k for k = -149 .. 127, the largest float32, a grid of step 1/4 on
    [-40, 40], and the kinks rounded to float32 with their float32 neighbours."""
    f32 = np.float32
    magnitudes = [float(np.ldexp(f32(1.0), k)) for k in range(-149, 128)]
    magnitudes.append(float(np.finfo(f32).max))
    grid = (np.arange(-160, 161) / 4.0).tolist()
    kinks = []
    for k in act.properties["kinks"]:
        v = f32(float(k))
        kinks += [v, np.nextafter(v, f32(np.inf)), np.nextafter(v, f32(-np.inf))]
    return sorted({*(s * m for m in magnitudes for s in (1.0, -1.0)), *grid, *map(float, kinks)})


def exact_limit(act: Activation, n: int, sign: int) -> float:
    """``sympy.limit`` of the n-th derivative at sign * oo, on the branch that owns that end
    (NaN when it oscillates)."""
    import sympy as sp

    expr = act.diff(n) if n else act.formula()
    if isinstance(expr, sp.Piecewise):
        far = sign * sp.Integer(10) ** 400
        expr = next(e for e, c in expr.args if c == sp.true or bool(c.subs(act.x, far)))
    limit = sp.limit(expr, act.x, sign * sp.oo)
    return float(limit) if limit.is_number and limit.is_extended_real else math.nan


def measure(
    act: Activation,
    n: int,
    func: Callable[[np.ndarray], np.ndarray],
    xs: list[float],
    dtype: str = "float64",
) -> dict[str, Any]:
    """Worst ULP error of ``func`` (the n-th derivative) on ``xs`` and where it is.

    ``nonfinite`` counts points where the callable returns NaN or inf and the correctly
    rounded value is finite (or the other way round).
    """
    refs = reference_values(act, n, xs)
    got = np.asarray(func(np.array(xs, dtype=dtype)), dtype=np.float64)
    worst, worst_x, over, nonfinite = 0.0, None, 0, 0
    bound = ULP_BOUNDS[n] if dtype == "float64" else FLOAT32_BOUND
    for x, g, r in zip(xs, got.tolist(), refs, strict=True):
        error = ulp_error(g, r, dtype)
        if not math.isfinite(error):
            nonfinite += 1
        if error > bound:
            over += 1
        if error > worst or (worst_x is None and error == worst):
            worst, worst_x = error, x
    return {
        "points": len(xs),
        "max_ulp": worst if math.isfinite(worst) else "inf",
        "worst_x": worst_x,
        "bound": bound,
        "over_bound": over,
        "nonfinite": nonfinite,
    }


def certificate(act: Activation) -> list[dict[str, Any]]:
    """Per order n = 0, 1, 2 at the default parameters: the float64 measurement, the float32
    one (``float32``), and the exact limits at -oo and +oo (``limits``; inf and NaN as the
    strings "inf", "-inf", "nan")."""
    xs, xs32 = points(act), float32_points(act)
    out = []
    for n in range(3):
        func = act.numpy(n)
        row = measure(act, n, func, xs)
        row["float32"] = measure(act, n, func, xs32, "float32")
        row["limits"] = [_text(exact_limit(act, n, sign)) for sign in (-1, 1)]
        out.append(row)
    return out


def _text(value: float) -> float | str:
    return value if math.isfinite(value) else repr(value)
