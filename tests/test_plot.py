"""act.plot and plot_family: lines per order, open jumps, kink dots, asymptotes, errors."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import symacts
from symacts import plot as splot


def test_import_symacts_does_not_import_matplotlib():
    code = "import sys, symacts; symacts.get('relu'); print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_binary_step_jump_is_open_with_filled_and_hollow_dots():
    ax = symacts.get("binary_step").plot(n=0)
    f = ax.get_lines()[0]
    xs, ys = np.asarray(f.get_xdata(), float), np.asarray(f.get_ydata(), float)
    ok = np.isfinite(ys)
    # no segment between two finite consecutive points crosses the jump at 0 with a rise
    rises = np.abs(np.diff(ys)) > 0.5
    assert not np.any(rises & ok[:-1] & ok[1:])
    assert np.isnan(ys[xs == 0]).any()
    filled = [line for line in ax.get_lines() if line.get_gid() == "kink-filled"]
    hollow = [line for line in ax.get_lines() if line.get_gid() == "kink-hollow"]
    assert list(filled[0].get_ydata()) == [1.0]
    assert list(hollow[0].get_ydata()) == [0.0]


def test_orders_window_params_and_asymptotes():
    ax = symacts.get("elu").plot(n=(0, 1), window=(-2, 1), alpha=0.5)
    assert ax.get_xlim() == (-2.0, 1.0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == [f"${splot.order_latex(0)}$", f"${splot.order_latex(1)}$"]
    assert "$y = -0.5$" in labels  # the limit at -oo moves with alpha


def test_bad_input_raises():
    relu = symacts.get("relu")
    with pytest.raises(symacts.ParameterError):
        symacts.get("elu").plot(alpha="x")
    with pytest.raises(ValueError, match="order"):
        relu.plot(n=3)
    with pytest.raises(ValueError, match="window"):
        relu.plot(window=(1, 0))


def test_plot_family_labels_and_window():
    ax = symacts.plot_family(["relu", symacts.get("tanh")], n=1)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["relu", "tanh"]
    assert ax.get_xlim() == (-4.0, 4.0)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_order_labels_render_in_mathtext(n):
    from matplotlib.mathtext import MathTextParser

    MathTextParser("path").parse(f"${splot.order_latex(n)}$")
