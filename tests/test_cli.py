"""The ``symacts`` command line (issue 2, "CLI"), run as a user runs it: in a subprocess.

Error paths must print exactly one line to stderr, exit with status 2 and never show a
traceback. In-process runs of ``main`` cover every registry entry cheaply.
"""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import symacts
from symacts.cli import format_number, main

ROOT = Path(__file__).resolve().parents[1]
NAMES = symacts.names()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "symacts", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=300, check=False,
    )  # fmt: skip


def ok(*args: str) -> list[str]:
    """Run a command that must succeed quietly; its stdout lines."""
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout.splitlines()


def eval_lines(lines: list[str]) -> dict[str, str]:
    """``relu'(2) = 1`` -> {"relu'(2)": "1"}."""
    pairs = [line.split(" = ") for line in lines]
    assert all(len(p) == 2 for p in pairs), lines
    return dict(pairs)


# ---------------------------------------------------------------- list
def test_list_prints_every_name_once_with_family_and_title_aligned():
    lines = ok("list")
    assert [line.split()[0] for line in lines] == NAMES
    for line, name in zip(lines, NAMES, strict=True):
        act = symacts.get(name)
        assert line.endswith(act.title)
        assert f"  {act.family}  " in line
    # Aligned: the family column starts at the same offset on every line.
    pairs = zip(lines, NAMES, strict=True)
    starts = {line.index(symacts.get(n).family, len(n)) for line, n in pairs}
    assert len(starts) == 1


@pytest.mark.parametrize("family", symacts.families())
def test_list_family(family):
    lines = ok("list", "--family", family)
    assert [line.split()[0] for line in lines] == symacts.names(family)


# ---------------------------------------------------------------- show
def test_show_prints_record_formula_derivatives_parameters_and_properties():
    act = symacts.get("elu")
    out = "\n".join(ok("show", "elu"))
    for text in (act.name, act.title, act.family, str(act.reference.year), act.reference.link):
        assert text in out
    assert re.search(r"^f\(x\) = ", out, re.M)
    assert "f'(x) = " in out
    assert "f''(x) = " in out
    assert "f'''(x)" not in out
    for p in act.param_list:
        assert re.search(rf"^\s+{p.name}\s+default 1\s+{re.escape(p.constraint)}", out, re.M)
    assert "properties" in out


def test_show_aliases_and_properties():
    act = symacts.get("hardswish")
    out = "\n".join(ok("show", "hard_swish", "-n", "0"))
    assert out.startswith("hardswish: ")
    for alias in act.aliases:
        assert alias in out
    try:
        from symacts.calculus import derive_properties  # noqa: F401
    except ImportError:
        assert "properties: unavailable" in out
    else:
        assert "unavailable" not in out
        for key in act.properties:
            assert re.search(rf"^\s+{key}\s", out, re.M), key


@pytest.mark.parametrize("n", [0, 1, 3])
def test_show_order(n):
    out = "\n".join(ok("show", "tanh", "-n", str(n)))
    for k in range(n + 1):
        assert ("f" + "'" * k + "(x) = ") in out
    assert ("f" + "'" * (n + 1) + "(x)") not in out


def test_show_latex_and_params():
    act = symacts.get("leaky_relu")
    lines = ok("show", "leaky_relu", "--latex", "-n", "1", "--param", "alpha=0.2")
    assert f"f(x) = {act.latex(0, alpha=0.2)}" in lines
    assert f"f'(x) = {act.latex(1, alpha=0.2)}" in lines
    assert "0.2" in act.latex(0, alpha=0.2)
    assert any(re.search(r"alpha\s+default 0\.01\s.*using 0\.2", line) for line in lines)
    # The framework spelling of a parameter is accepted too.
    assert ok("show", "leaky_relu", "--latex", "-n", "1", "-p", "negative_slope=0.2") == lines


def test_show_exact_fraction_parameter():
    # Fractions stay exact: slope (1/4 + 1/2) / 2 = 3/8, not 0.375.
    lines = ok("show", "rrelu", "--latex", "-n", "0", "-p", "lower=1/4", "-p", "upper=1/2")
    expected = symacts.get("rrelu").latex(0, lower=Fraction(1, 4), upper=Fraction(1, 2))
    assert f"f(x) = {expected}" in lines
    assert r"\frac{3 x}{8}" in expected


@pytest.mark.parametrize("name", NAMES)
def test_show_every_activation_in_process(name, capsys):
    assert main(["show", name, "-n", "1", "--latex"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    act = symacts.get(name)
    assert f"f(x) = {act.latex(0)}" in captured.out.splitlines()
    assert f"f'(x) = {act.latex(1)}" in captured.out.splitlines()


# ---------------------------------------------------------------- eval
def test_eval_values_derivatives_and_specials():
    got = eval_lines(ok("eval", "relu", "-10", "0", "2", "-inf", "inf", "nan", "-1e-8", "1e-8"))
    assert got == {
        "relu(-10)": "0",
        "relu(0)": "0",
        "relu(2)": "2",
        "relu(-inf)": "0",
        "relu(inf)": "inf",
        "relu(nan)": "nan",
        "relu(-1e-08)": "0",
        "relu(1e-08)": "1e-08",
    }
    assert eval_lines(ok("eval", "relu", "2", "-2", "0", "-n", "1")) == {
        "relu'(2)": "1",
        "relu'(-2)": "0",
        "relu'(0)": "0",
    }
    assert eval_lines(ok("eval", "relu", "2", "-n", "2")) == {"relu''(2)": "0"}


def test_eval_limits_at_infinity_and_nan():
    assert eval_lines(ok("eval", "sigmoid", "-inf", "inf", "nan", "0")) == {
        "sigmoid(-inf)": "0",
        "sigmoid(inf)": "1",
        "sigmoid(nan)": "nan",
        "sigmoid(0)": "0.5",
    }
    assert eval_lines(ok("eval", "softsign", "-inf", "inf", "-n", "1")) == {
        "softsign'(-inf)": "0",
        "softsign'(inf)": "0",
    }


def test_eval_params_alias_and_canonical_name():
    assert eval_lines(ok("eval", "lrelu", "-2", "3", "--param", "alpha=0.2")) == {
        "leaky_relu(-2)": "-0.4",
        "leaky_relu(3)": "3",
    }
    assert ok("eval", "leaky_relu", "-2", "3", "-p", "negative_slope=0.2") == ok(
        "eval", "lrelu", "-2", "3", "--param", "alpha=0.2"
    )
    assert eval_lines(ok("eval", "elu", "0", "-n", "1", "-p", "alpha=2")) == {"elu'(0)": "2"}
    assert eval_lines(ok("eval", "hardtanh", "-5", "5", "-p", "min_val=-2", "-p", "max_val=3")) == {
        "hardtanh(-5)": "-2",
        "hardtanh(5)": "3",
    }


def test_eval_prints_shortest_round_trip_numbers():
    lines = ok("eval", "tanh", "0.1", "1", "1/3", "-n", "1")
    xs = np.array([0.1, 1.0, 1 / 3])
    expected = symacts.get("tanh").numpy(1)(xs)
    got = eval_lines(lines)
    assert list(got) == ["tanh'(0.1)", "tanh'(1)", f"tanh'({1 / 3!r})"]
    for text, value in zip(got.values(), expected, strict=True):
        assert float(text) == value
        assert text == repr(float(value))


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0, "0"), (-0.0, "-0"), (2.0, "2"), (-10.0, "-10"), (0.5, "0.5"), (1e-08, "1e-08"),
     (2.0**53, "9007199254740992.0"), (1e300, "1e+300"), (math.inf, "inf"), (-math.inf, "-inf"),
     (math.nan, "nan"), (0.1 + 0.2, "0.30000000000000004")],
)  # fmt: skip
def test_number_format(value, text):
    assert format_number(value) == text
    if math.isfinite(value):
        assert float(text) == value


@pytest.mark.parametrize("name", NAMES)
def test_eval_every_activation_in_process(name, capsys):
    xs = [-3.0, -0.5, 0.0, 0.75, 4.0]
    for n in (0, 1, 2):
        assert main(["eval", name, *map(repr, xs), "-n", str(n)]) == 0
        captured = capsys.readouterr()
        assert captured.err == ""
        expected = symacts.get(name).numpy(n)(np.array(xs))
        values = list(eval_lines(captured.out.splitlines()).values())
        assert len(values) == len(xs)
        for text, value in zip(values, expected, strict=True):
            assert float(text) == value or (math.isnan(value) and text == "nan")


def test_console_script():
    script = Path(sys.executable).with_name("symacts")
    if not script.exists():
        pytest.skip("the symacts console script is not installed next to this Python")
    proc = subprocess.run([script, "eval", "relu", "-1"], capture_output=True, text=True,
                          check=False, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "relu(-1) = 0\n"


def test_version_and_help():
    assert ok("--version") == [f"symacts {symacts.__version__}"]
    assert "eval" in "\n".join(ok("--help"))
    assert "--param" in "\n".join(ok("eval", "--help"))


# ---------------------------------------------------------------- errors
ERRORS = [
    (["eval", "rleu", "1"], ["unknown activation 'rleu'", "relu"]),
    (["show", "sofplus"], ["unknown activation 'sofplus'", "softplus"]),
    (["eval", "relu", "abc"], ["'abc'", "not a number"]),
    (["eval", "relu", "1", "1e999x"], ["'1e999x'"]),
    (["eval", "relu", "1", "-n", "3"], ["order", "'3'"]),
    (["eval", "relu", "1", "-n", "x"], ["order", "'x'"]),
    (["show", "relu", "-n", "-1"], ["order", "'-1'"]),
    (["show", "relu", "-n", "1000"], ["order", "'1000'"]),
    (["eval", "elu", "1", "--param", "beta=1"], ["'beta'", "elu"]),
    (["show", "elu", "--param", "beta=1"], ["'beta'", "elu"]),
    (["eval", "relu", "1", "--param", "alpha=1"], ["relu", "'alpha'"]),
    (["eval", "elu", "1", "--param", "alpha=-1"], ["'alpha'", "-1"]),
    (["show", "softplus", "--param", "beta=0"], ["'beta'"]),
    (["eval", "rrelu", "1", "-p", "lower=0.5", "-p", "upper=0.2"], ["lower", "upper"]),
    (["eval", "elu", "1", "--param", "alpha=abc"], ["'abc'"]),
    (["eval", "elu", "1", "--param", "alpha=nan"], ["'alpha'"]),
    (["eval", "elu", "1", "--param", "alpha=inf"], ["'alpha'"]),
    (["eval", "elu", "1", "--param", "alpha"], ["'alpha'", "NAME=VALUE"]),
    (["eval", "elu", "1", "--param", "=2"], ["'=2'"]),
    (["eval", "elu", "1", "-p", "alpha=1", "-p", "alpha=2"], ["'alpha'", "twice"]),
    (["list", "--family", "nope"], ["'nope'", "rectifier"]),
    (["frobnicate"], ["frobnicate"]),
    ([], ["required"]),
    (["eval", "relu"], ["required"]),
    (["show"], ["required"]),
    (["show", "relu", "--bogus"], ["--bogus"]),
    (["plot", "gleu", "-o", "g.svg"], ["unknown activation 'gleu'", "gelu"]),
    (["plot", "elu", "-p", "alpha=-1", "-o", "e.svg"], ["'alpha'", "-1"]),
    (["plot", "elu", "-p", "beta=1", "-o", "e.svg"], ["'beta'", "elu"]),
    (["plot", "relu", "--window", "2", "1", "-o", "r.svg"], ["window", "lo < hi"]),
    (["plot", "relu", "--window", "-inf", "1", "-o", "r.svg"], ["window", "finite"]),
    (["plot", "relu", "--window", "a", "1", "-o", "r.svg"], ["window", "'a'"]),
    (["plot", "relu", "--window", "1", "-o", "r.svg"], ["--window"]),
    (["plot", "relu", "-n", "3", "-o", "r.svg"], ["order", "'3'"]),
    (["plot", "relu", "-n", "0", "0", "-o", "r.svg"], ["orders repeat"]),
    (["plot", "relu", "-o", "r.pdf"], ["'r.pdf'", ".svg", ".png"]),
    (["plot", "relu", "-o", "r"], ["'r'", ".svg"]),
    (["plot", "relu"], ["-o/--output", "required"]),
]


@pytest.mark.parametrize(("args", "fragments"), ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_errors_are_one_line_exit_2_no_traceback(args, fragments):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("symacts")
    assert "error: " in lines[0]
    for fragment in fragments:
        assert fragment in lines[0]


def test_constraint_violation_names_the_constraint():
    act = symacts.get("elu")
    proc = run("eval", "elu", "1", "--param", "alpha=-1")
    assert proc.returncode == 2
    assert act.param("alpha").constraint in proc.stderr
    assert "alpha" in act.param("alpha").constraint
