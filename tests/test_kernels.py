"""The run-time kernels against mpmath, on their own (the functions using them are tested in
test_numeric)."""

from __future__ import annotations

import math

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


@pytest.mark.parametrize(("lo", "hi", "bits"), [(-10.0, 10.0, 86), (-745.0, 709.7, 78)])
def test_exp_pair_is_double_double(lo: float, hi: float, bits: int) -> None:
    xs = np.concatenate([np.linspace(lo, hi, 1501), np.random.default_rng(3).uniform(lo, hi, 500)])
    tails = 1e-17 * np.sin(xs)  # a double-double argument: the lo part must count too
    with np.errstate(all="ignore"):
        got_hi, got_lo = kernels.exp_pair(xs, tails)
    worst = 0.0
    with mpmath.workdps(60):
        for t, tail, h, low in zip(xs, tails, got_hi, got_lo, strict=True):
            exact = mpmath.exp(mpmath.mpf(t) + mpmath.mpf(tail))
            if exact > 1e-290:  # below, the lo part is subnormal (few bits)
                worst = max(worst, float(abs(mpmath.mpf(h) + mpmath.mpf(low) - exact) / exact))
    assert worst <= 2.0**-bits, f"relative error 2^{math.log2(worst):.1f}"


def test_exp_pair_special_values() -> None:
    with np.errstate(all="ignore"):
        got_hi, got_lo = kernels.exp_pair(np.array([np.inf, -np.inf, np.nan, 800.0, -800.0]), 0.0)
    assert got_hi[0] == np.inf
    assert got_hi[1] == 0.0
    assert np.isnan(got_hi[2])
    assert got_hi[3] == np.inf
    assert got_hi[4] == 0.0
    assert (got_lo[[0, 1, 3, 4]] == 0.0).all()


def test_dd_add_and_scale_keep_the_low_parts() -> None:
    a_hi, a_lo = np.array([1.0, 1e308]), np.array([2.0**-60, 0.0])
    b_hi, b_lo = np.array([-1.0, 1e308]), np.array([2.0**-70, 0.0])
    with np.errstate(all="ignore"):
        s_hi, s_lo = kernels.dd_add(a_hi, a_lo, b_hi, b_lo)
        p_hi, p_lo = kernels.dd_scale(a_hi, a_lo, 3.0, 2.0**-60)
    assert s_hi[0] + s_lo[0] == 2.0**-60 + 2.0**-70
    assert s_hi[1] == np.inf
    assert s_lo[1] == 0.0
    # (1 + 2^-60) (3 + 2^-60) = 3 + 4 * 2^-60 + 2^-120
    assert p_hi[0] == 3.0
    assert p_lo[0] == 4 * 2.0**-60


@pytest.mark.parametrize("kind", ["sin", "cos"])
def test_one_plus_trig_keeps_its_double_zeros(kind: str) -> None:
    # next to u0 = -pi/2 + 2 pi k (sin) or pi + 2 pi k (cos), small and huge k alike
    rng = np.random.default_rng(7)
    centre = -0.5 if kind == "sin" else 1.0
    k = np.concatenate([rng.integers(-50, 50, 300), rng.integers(-(10**12), 10**12, 300)])
    us = (centre + 2.0 * k) * np.pi + rng.normal(0.0, 1e-3, k.size)
    us = np.concatenate([us, rng.uniform(-1e6, 1e6, 400), [1e300, -3e200]])
    got = kernels.one_plus_sin(us) if kind == "sin" else kernels.one_plus_cos(us)
    if kind == "sin":  # the same with k = 2 on half the argument (exact)
        np.testing.assert_array_equal(kernels.one_plus_sin(us / 2.0, 2), got)
    trig = mpmath.sin if kind == "sin" else mpmath.cos
    with mpmath.workdps(60):
        exact = [1 + trig(mpmath.mpf(u)) for u in us]
    errors = [ulp_error(float(g), e) for g, e in zip(got, exact, strict=True)]
    worst = int(np.argmax(errors))
    assert errors[worst] <= 4.0, f"{errors[worst]} ULP at u = {us[worst]!r}"


@pytest.mark.parametrize("k", [-3, -5])
def test_halfpow_dd_within_1_5_ulp(k: int) -> None:
    rng = np.random.default_rng(11)
    xs = np.concatenate([rng.uniform(-60.0, 60.0, 1500), 10 ** rng.uniform(-5.0, 100.0, 300)])
    with np.errstate(all="ignore"):
        got = kernels.halfpow_dd(*kernels.dd_poly(xs, (1.0, 0.0), (0.0, 0.0), (1.0, 0.0)), k)
    with mpmath.workdps(50):
        exact = [(1 + mpmath.mpf(t) ** 2) ** mpmath.mpf(k / 2) for t in xs]
    errors = [ulp_error(float(g), e) for g, e in zip(got, exact, strict=True)]
    worst = int(np.argmax(errors))
    assert errors[worst] <= 1.5, f"{errors[worst]} ULP at x = {xs[worst]!r}"


def test_one_plus_sin_twice_where_2w_overflows() -> None:
    ws = np.array([1.7e308, -1.7e308, 9e307, 2.0**1023])
    with np.errstate(all="ignore"):
        got = kernels.one_plus_sin(ws, 2)
    with mpmath.workdps(400):
        exact = [1 + mpmath.sin(2 * mpmath.mpf(w)) for w in ws]
    errors = [ulp_error(float(g), e) for g, e in zip(got, exact, strict=True)]
    assert max(errors) <= 4.0, errors
