"""The run-time kernels against mpmath, on their own (the functions using them are tested in
test_numeric)."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from symacts import kernels
from symacts.reference import ulp_error

#: Table region, its edges, the asymptotic region and far out (x^2 overflows past 1.3e154).
ERFCX_POINTS = np.concatenate(
    [
        np.linspace(-0.5, 8.5, 1201),
        np.nextafter([-0.5, 8.0, 8.0], [1.0, -1.0, 9.0]),
        np.geomspace(8.5, 1e6, 300),
        np.geomspace(1e6, 1e300, 60),
    ]
)


def _erfcx(t: float) -> mpmath.mpf:
    u = mpmath.mpf(t)
    if u > 1e6:  # mpmath's erfc gives up; the asymptotic series is exact to 1e-24 here
        return (1 - 1 / (2 * u * u) + 3 / (4 * u**4)) / (u * mpmath.sqrt(mpmath.pi))
    return mpmath.exp(u * u) * mpmath.erfc(u)


def test_erfcx_within_2_ulp() -> None:
    got = kernels.erfcx(ERFCX_POINTS)
    with mpmath.workdps(40):
        errors = [ulp_error(float(g), _erfcx(t)) for g, t in zip(got, ERFCX_POINTS, strict=True)]
    worst = int(np.argmax(errors))
    assert errors[worst] <= 2.0, f"{errors[worst]} ULP at {ERFCX_POINTS[worst]!r}"


@pytest.mark.parametrize(("lo", "hi"), [(-6.0, -0.5), (-0.5, 8.0), (8.0, 26.0)])
def test_erfc_within_3_ulp(lo: float, hi: float) -> None:
    xs = np.linspace(lo, hi, 801)
    got = kernels.erfc(xs)
    with mpmath.workdps(40):
        errors = [
            ulp_error(float(g), mpmath.erfc(mpmath.mpf(t))) for g, t in zip(got, xs, strict=True)
        ]
    worst = int(np.argmax(errors))
    assert errors[worst] <= 3.0, f"{errors[worst]} ULP at {xs[worst]!r}"


def test_erfcx_special_values() -> None:
    got = kernels.erfcx(np.array([np.nan, np.inf, -np.inf, 0.0]))
    assert np.isnan(got[0])
    assert got[1] == 0.0
    assert got[2] == np.inf
    assert got[3] == 1.0
    assert np.ndim(kernels.erfcx(3.0)) == 0
