"""The top of the float64 range, for every function and order: no NaN or inf where the value
is finite, and within the bounds, at the points where intermediates overflow first (2x, x^2,
c x with c > 1). The certificate (tests/test_numeric.py) covers every binade; this is the
check, at points of its own, that the class of top-of-range overflows stays fixed."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import symacts
from symacts.reference import ULP_BOUNDS, reference_values, ulp_error

LARGEST = float(np.finfo(np.float64).max)
TOP = sorted(
    {
        LARGEST,
        float(np.nextafter(LARGEST, 0.0)),
        2.0**1023,
        float(np.nextafter(2.0**1023, 0.0)),
        2.0**1022,
        1e308,
        9e307,
        4.5e307,
        2.0**512,
        float(np.nextafter(2.0**512, 0.0)),
        1.3407807929942597e154,
        1e200,
    }
)
POINTS = [s * m for m in TOP for s in (1.0, -1.0)]


@pytest.mark.parametrize("name", symacts.names())
def test_top_of_the_range_is_finite_and_within_bounds(name):
    act = symacts.get(name)
    xs = np.array(POINTS)
    for n in range(3):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            got = act.numpy(n)(xs)
        refs = reference_values(act, n, POINTS)
        for x, g, r in zip(POINTS, got.tolist(), refs, strict=True):
            if math.isfinite(float(r)):  # float() of a value beyond the largest is inf
                assert math.isfinite(g), f"{name} n={n}: {g} at x={x!r}, the value is {r}"
            error = ulp_error(g, r)
            assert error <= ULP_BOUNDS[n], f"{name} n={n}: {error:.3g} ULP at x={x!r}"
