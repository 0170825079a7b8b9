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


# ---------------------------------------------------------------- plot_expressions
def test_plot_expressions_labels_values_and_errors():
    import sympy as sp

    x = sp.Symbol("x")
    ax = splot.plot_expressions([("square", x**2), ("line", 2 * x + 1)], x, (-2, 2))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["square", "line"]
    square = ax.get_lines()[0]
    xs, ys = np.asarray(square.get_xdata()), np.asarray(square.get_ydata())
    np.testing.assert_allclose(ys, xs**2)
    with pytest.raises(ValueError, match="free symbols"):
        splot.plot_expressions([("bad", x + sp.Symbol("a"))], x, (0, 1))
    with pytest.raises(ValueError, match="window"):
        splot.plot_expressions([("line", x)], x, (1, 1))


def test_plot_param_fast_path_matches_stable_callables():
    """stable=False (lambdify, used by the site) draws the same curve as act.numpy."""
    elu = symacts.get("elu")
    fast = splot.plot_param(elu, "alpha", [0.5, 2], stable=False, window=(-3, 1))
    exact = splot.plot_param(elu, "alpha", [0.5, 2], stable=True, window=(-3, 1))
    for a, b in zip(fast.get_lines(), exact.get_lines(), strict=True):
        np.testing.assert_allclose(a.get_ydata(), b.get_ydata(), rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- the CLI's plot command
def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "symacts", "plot", *args],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_cli_writes_deterministic_svg_and_png(tmp_path):
    import xml.etree.ElementTree as ET

    svg = tmp_path / "gelu.svg"
    proc = _cli("gelu", "-n", "0", "1", "--window", "-2", "2", "-o", str(svg))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    first = svg.read_bytes()
    assert b"<dc:date>" not in first
    assert _cli("gelu", "-n", "0", "1", "--window", "-2", "2", "-o", str(svg)).returncode == 0
    assert svg.read_bytes() == first  # same command, same bytes

    png = tmp_path / "elu.PNG"
    proc = _cli("elu", "-p", "alpha=2", "-o", str(png))
    assert proc.returncode == 0, proc.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_unwritable_output_is_one_line_exit_2(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = _cli("relu", "-o", str(blocker / "relu.svg"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "cannot write" in proc.stderr


# ---------------------------------------------------------------- the site's figures
_SITE_FIGURES = """
import hashlib, sys, symacts
from symacts import store
from symacts.site import figures
for name in ("binary_step", "elu"):
    act = symacts.get(name)
    data = store.page_data(act)
    svgs = [figures.main_figure(act, data), figures.thumbnail(act, data)]
    svgs += [svg for _, svg in figures.family_figures(act, data)]
    for svg in svgs:
        sys.stdout.write(hashlib.sha256(svg.encode()).hexdigest() + "\\n")
"""


def test_site_figures_are_byte_identical_across_processes():
    """Ids come from the fixed hash salt and no date is written: two processes agree."""

    def digests() -> list[str]:
        proc = subprocess.run([sys.executable, "-c", _SITE_FIGURES], capture_output=True,
                              text=True, check=True, timeout=300)  # fmt: skip
        return proc.stdout.split()

    first = digests()
    assert len(first) == 5  # 2 main figures, 2 thumbnails, elu's alpha family
    assert digests() == first


def test_site_figure_is_transparent_glyph_paths_in_site_colours():
    import xml.etree.ElementTree as ET

    from symacts import store
    from symacts.site import figures

    act = symacts.get("binary_step")
    svg = figures.main_figure(act, store.page_data(act))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.findall(f".//{ns}text") == []  # svg.fonttype "path": glyphs, no font needed
    assert "<dc:date>" not in svg
    assert "fill: #ffffff" not in svg  # transparent: no white figure or axes patch
    for colour in (splot.PALETTE[0], splot.PALETTE[1], splot.INK):
        assert colour in svg
    # the site's style does not leak into later notebook figures
    assert matplotlib.rcParams["axes.facecolor"] == matplotlib.rcParamsDefault["axes.facecolor"]
    assert matplotlib.rcParams["svg.hashsalt"] is None
