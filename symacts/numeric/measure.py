"""Measurement: the error budgets, a fixed sample of a region, ULP errors against 50-digit
references, and the score that ranks forms."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import sympy as sp

from symacts.numeric.pieces import _contains

#: Error budget (ULP) a Taylor patch aims for; pieces within it are left alone. Issue 4's
#: bounds: 4 ULP for f and f', 64 for f'' (patched to half of that).
TARGET_ULP = 4.0
TARGET_ULP_SECOND = 32.0


def _sample_points(region: sp.Set) -> list[float]:
    """A fixed sample: log-spaced magnitudes, a dense band, and the region's ends."""
    mags = [10.0**k for k in range(-300, -20, 40)] + [10.0**k for k in range(-20, 3)]
    mags += [1.5 * 10.0**k for k in range(-8, 2)] + [10.0**k for k in range(3, 301, 4)]
    mags += [0.25 * i for i in range(1, 161, 3)] + [2.0**-1074 * 7, 2.0**-1030, 715.0, 740.0]
    # beta x overflows here for beta > 2.02; 2x does not. The top binade and the largest
    # float: a form whose 2x + 2 overflows there (elliott's x/(2x + 2)) must lose
    mags += [1e305, 8.9e307, 2.0**1023, 1.7976931348623157e308]
    # just below powers of two, where x - 1 rounds to the next binade (x = -31.7)
    mags += [2.0**k - 0.3 for k in range(2, 7)]
    points = sorted({s * m for m in mags for s in (1.0, -1.0)})
    if isinstance(region, sp.Interval):
        for end in (region.inf, region.sup):
            if end.is_finite:
                e = float(end)
                points += [e + d for d in (1e-9, -1e-9, 1e-4, -1e-4, 0.01, -0.01)]
    if isinstance(region, sp.FiniteSet):
        return [float(p) for p in region]
    return [p for p in points if _contains(region, p)]


def _errors(
    func: Callable, points: Sequence[float], refs: Sequence[Any], limits: tuple | None = None
) -> list[float]:
    """ULP errors of a form; with ``limits``, a NaN from an overflowed intermediate counts as
    the limit it is replaced by in the generated code."""
    import numpy as np

    from symacts.reference import ulp_error

    xs = np.asarray(points, dtype=np.float64)
    with np.errstate(all="ignore"):
        try:
            got = func(xs)
        except (TypeError, ValueError, ZeroDivisionError, FloatingPointError):
            return [math.inf] * len(points)
    got = np.broadcast_to(got, (len(points),))
    if limits is not None:
        got = np.where(np.isnan(got), np.where(xs > 0, limits[1], limits[0]), got)
    return [ulp_error(float(g), r) for g, r in zip(got, refs, strict=True)]


def _score(errors: list[float]) -> tuple[float, float]:
    finite = [min(e, 1e300) for e in errors]
    return (max(finite, default=0.0), sum(finite))
