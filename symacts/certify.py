"""Whole-range accuracy of a generated callable: the figures the derivation store keeps.

The point set covers every binade of float64 (each power of two and one seeded point
inside each binade, both signs, the largest finite float and the smallest subnormal), a
dense grid where activations bend, the band where e^-|x| goes subnormal, and the record's
kinks with their neighbours. Each point's error is measured in ULP against the
adaptive-precision mpmath reference of the definition (:mod:`symacts.reference`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from symacts.reference import ULP_BOUNDS, reference_values, ulp_error

if TYPE_CHECKING:
    from symacts.activation import Activation

#: Seed of the one point drawn inside each binade (fixed: the set is part of the certificate).
SEED = 20261206
LARGEST = float(np.finfo(np.float64).max)


def binade_points() -> list[float]:
    """+-2^k for k = -1074 .. 1023, the largest float and the float below it, one seeded
    point strictly inside each binade, and the subnormal range's pieces: both signs."""
    rng = np.random.default_rng(SEED)
    exponents = np.arange(-1074, 1024)
    inside = np.ldexp(rng.uniform(1.0, 2.0, exponents.size), exponents)
    magnitudes = {float(np.ldexp(1.0, int(k))) for k in exponents}
    magnitudes |= {float(v) for v in inside if math.isfinite(v) and v > 0}
    magnitudes |= {LARGEST, float(np.nextafter(LARGEST, 0.0))}
    return sorted({s * m for m in magnitudes for s in (1.0, -1.0)})


def bend_points() -> list[float]:
    """A grid of step 1/16 on [-40, 40], and steps of 1/4 where e^-|x| is subnormal."""
    dense = np.arange(-640, 641) / 16.0
    band = np.arange(2800, 3001) / 4.0
    return sorted({0.0, *dense.tolist(), *band.tolist(), *(-band).tolist()})


def kink_points(kinks: Any) -> list[float]:
    """Each kink and the floats next to it."""
    out: list[float] = []
    for k in kinks:
        v = float(k)
        out += [v, float(np.nextafter(v, math.inf)), float(np.nextafter(v, -math.inf))]
    return out


def points(act: Activation) -> list[float]:
    return sorted({*binade_points(), *bend_points(), *kink_points(act.properties["kinks"])})


def measure(
    act: Activation, n: int, func: Callable[[np.ndarray], np.ndarray], xs: list[float]
) -> dict[str, Any]:
    """Worst ULP error of ``func`` (the n-th derivative) on ``xs`` and where it is.

    ``nonfinite`` counts points where the callable returns NaN or inf and the correctly
    rounded value is finite (or the other way round).
    """
    refs = reference_values(act, n, xs)
    got = np.asarray(func(np.array(xs)), dtype=np.float64)
    worst, worst_x, over, nonfinite = 0.0, None, 0, 0
    bound = ULP_BOUNDS[n]
    for x, g, r in zip(xs, got.tolist(), refs, strict=True):
        error = ulp_error(g, r)
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
    """The measurement for f, f' and f'' at the default parameters."""
    xs = points(act)
    return [measure(act, n, act.numpy(n), xs) for n in range(3)]
