"""The public API (issue 2, "Public API"): names, get, records, parameters, composition, register.

Tests run over the registry; the only hand-written tables are the issue's *requirements*
(required canonical names, required aliases, required derivatives at kinks), which the code
must meet and does not generate.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import sympy as sp

import symacts
from symacts import ParameterError, UnknownActivationError

NAMES = symacts.names()

#: The 52 canonical names issue 2 requires, spelled exactly as there.
# fmt: off
REQUIRED_NAMES = (
    "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "celu", "selu", "gelu", "gelu_tanh",
    "silu", "mish", "softplus", "softsign", "sigmoid", "tanh", "logsigmoid", "hardtanh",
    "hardsigmoid", "hardswish", "tanhshrink", "softshrink", "hardshrink", "threshold", "identity",
    "swish", "squareplus", "sparse_plus", "sparse_sigmoid", "exponential", "binary_step",
    "arctan", "isru", "isrlu", "bent_identity", "gaussian", "sinc", "sqnl", "elliott",
    "soft_clipping", "lisht", "tanhexp", "logish", "smish", "serf", "gcu", "snake", "quick_gelu",
    "squared_relu", "star_relu", "elish", "hard_elish",
)
# fmt: on

#: Aliases issue 2 requires, alias -> canonical name.
REQUIRED_ALIASES = {
    "linear": "identity",
    "hard_silu": "hardswish",
    "hard_swish": "hardswish",
    "log_sigmoid": "logsigmoid",
    "soft_sign": "softsign",
    "hard_tanh": "hardtanh",
    "hard_sigmoid": "hardsigmoid",
}


# ---------------------------------------------------------------- names and lookup
def test_names_sorted_unique_and_complete():
    assert sorted(NAMES) == NAMES
    assert len(NAMES) == len(set(NAMES))
    assert len(REQUIRED_NAMES) == 52
    assert len(NAMES) >= 52
    missing = sorted(set(REQUIRED_NAMES) - set(NAMES))
    assert not missing, f"required canonical names missing: {missing}"


def test_names_by_family_partition_the_registry():
    by_family = [n for fam in symacts.families() for n in symacts.names(fam)]
    assert sorted(by_family) == NAMES
    for fam in symacts.families():
        assert all(symacts.get(n).family == fam for n in symacts.names(fam))


def test_unknown_family_is_a_value_error():
    with pytest.raises(ValueError, match="no_such_family"):
        symacts.names("no_such_family")


@pytest.mark.parametrize(("alias", "canonical"), sorted(REQUIRED_ALIASES.items()))
def test_required_aliases_resolve(alias, canonical):
    act = symacts.get(alias)
    assert act.name == canonical
    assert act is symacts.get(canonical)
    assert alias not in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_alias_resolves_to_its_record_and_is_not_listed(name):
    act = symacts.get(name)
    assert act.name == name
    for alias in act.aliases:
        assert symacts.get(alias) is act
        assert alias not in NAMES


@pytest.mark.parametrize(
    ("typo", "intended"),
    [
        ("rleu", "relu"),
        ("sofplus", "softplus"),
        ("leaky_rlu", "leaky_relu"),
        ("gelu_tan", "gelu_tanh"),
        ("hardswsh", "hardswish"),
        ("sigmod", "sigmoid"),
    ],
)
def test_unknown_name_suggests_close_names(typo, intended):
    with pytest.raises(UnknownActivationError) as info:
        symacts.get(typo)
    assert isinstance(info.value, KeyError)
    message = str(info.value)
    assert repr(typo) in message
    assert intended in message
    assert intended in info.value.suggestions


@pytest.mark.parametrize("bad", ["", "no_such_activation_xyz", "   ", 42, None])
def test_unknown_name_without_suggestions_still_raises(bad):
    with pytest.raises(UnknownActivationError, match="unknown activation"):
        symacts.get(bad)


# ---------------------------------------------------------------- records
@pytest.mark.parametrize("name", NAMES)
def test_record_fields(name):
    act = symacts.get(name)
    assert isinstance(act.title, str)
    assert act.title.strip()
    assert act.family in symacts.families()
    assert isinstance(act.aliases, tuple)
    assert isinstance(act.x, sp.Symbol)
    assert isinstance(act.expr, sp.Expr)
    symbols = [p.symbol for p in act.param_list]
    assert act.expr.free_symbols == {act.x, *symbols}, "expr uses x and the parameters only"
    assert act.x not in symbols


@pytest.mark.parametrize("name", NAMES)
def test_reference_has_year_and_link_or_an_explanation(name):
    act = symacts.get(name)
    ref = act.reference
    if ref is None:
        assert act.notes, f"{name} has no reference and no note saying why"
        return
    assert ref.authors.strip()
    assert ref.title.strip()
    assert isinstance(ref.year, int)
    assert 1900 <= ref.year <= 2030
    assert ref.link is not None
    assert ref.link.startswith(("https://", "http://"))
    assert str(ref.year) in str(ref)


@pytest.mark.parametrize("name", NAMES)
def test_params_are_ordered_named_and_valid(name):
    act = symacts.get(name)
    assert list(act.params) == [p.symbol.name for p in act.param_list]
    assert list(act.params) == list(act.params), "stable order"
    for p in act.param_list:
        assert act.params[p.name] == p.default
        assert act.param(p.name) is p
        for alias in p.aliases:
            assert act.param(alias) is p
        assert p.domain.contains(p.default) == sp.true, f"default of {p.name} breaks its domain"
    # Defaults are accepted and the record is read-only.
    assert dict(act.resolve_params()) == dict(act.params)
    with pytest.raises(TypeError):
        act.params["new"] = 1  # type: ignore[index]


@pytest.mark.parametrize("name", NAMES)
def test_formula_diff_latex_are_consistent(name):
    act = symacts.get(name)
    x = act.x
    f = act.formula()
    assert f.free_symbols <= {x}
    assert f == act.expr.subs({p.symbol: p.default for p in act.param_list})
    d1 = act.diff()
    assert d1.free_symbols <= {x}
    assert act.diff(0) == f
    # Away from kinks the first derivative agrees with a central difference.
    for point in (sp.Rational(7, 10), sp.Rational(-13, 10)):
        h = sp.Float("1e-20", 60)
        fd = (f.subs(x, point + h) - f.subs(x, point - h)) / (2 * h)
        assert abs(sp.N(d1.subs(x, point) - fd, 40)) < 1e-15
    assert isinstance(act.latex(), str)
    assert act.latex() == sp.latex(f, symbol_names=act.symbol_names)


def test_diff_order_must_be_a_non_negative_integer():
    act = symacts.get("relu")
    for bad in (-1, 1.5, "1", True):
        with pytest.raises(ValueError, match="derivative order"):
            act.diff(bad)
    with pytest.raises(ValueError, match="at most 2"):
        act.numpy(3)


# ---------------------------------------------------------------- bad parameters
def _outside(domain: sp.Set) -> sp.Expr | None:
    for value in (-1, sp.Rational(-1, 1000), 0):
        if domain.contains(value) == sp.false:
            return sp.sympify(value)
    return None


PARAMS = [(a.name, p.name) for a in symacts.all_activations() for p in a.param_list]
CONSTRAINED = [(n, p) for n, p in PARAMS if _outside(symacts.get(n).param(p).domain) is not None]
VIEWS = {
    "formula": lambda act, kw: act.formula(**kw),
    "diff": lambda act, kw: act.diff(1, **kw),
    "latex": lambda act, kw: act.latex(0, **kw),
    "numpy": lambda act, kw: act.numpy(0, **kw),
}


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize("name", NAMES)
def test_unknown_keyword_is_rejected_naming_it(name, view):
    act = symacts.get(name)
    with pytest.raises(ValueError, match="no_such_param") as info:
        VIEWS[view](act, {"no_such_param": 1})
    assert isinstance(info.value, ParameterError)
    assert act.name in str(info.value)


@pytest.mark.parametrize("view", sorted(VIEWS))
@pytest.mark.parametrize(("name", "param"), CONSTRAINED)
def test_value_outside_domain_names_parameter_and_constraint(name, param, view):
    act = symacts.get(name)
    p = act.param(param)
    # The constraint must be a readable condition on the parameter, e.g. "alpha > 0".
    assert p.name in p.constraint, f"constraint of {name}.{param} reads {p.constraint!r}"
    bad = _outside(p.domain)
    with pytest.raises(ValueError, match=param) as info:
        VIEWS[view](act, {param: bad})
    message = str(info.value)
    assert repr(param) in message or param in message
    assert p.constraint in message


def test_rrelu_lower_above_upper_is_rejected():
    act = symacts.get("rrelu")
    with pytest.raises(ValueError, match="lower") as info:
        act.formula(lower=0.5, upper=0.25)
    assert "upper" in str(info.value)
    assert act.formula(lower=0.25, upper=0.25) is not None  # equal bounds are fine


@pytest.mark.parametrize("bad", ["abc", None, [1, 2], float("nan"), float("inf"), -math.inf])
@pytest.mark.parametrize(("name", "param"), PARAMS)
def test_non_numeric_and_non_finite_values_are_rejected(name, param, bad):
    act = symacts.get(name)
    with pytest.raises(ValueError, match=repr(param)):
        act.formula(**{param: bad})


ALIASED = [(n, p) for n, p in PARAMS if symacts.get(n).param(p).aliases]


@pytest.mark.parametrize(("name", "param"), ALIASED)
def test_parameter_aliases_are_keywords(name, param):
    act = symacts.get(name)
    p = act.param(param)
    value = p.default + 1
    for alias in p.aliases:
        assert act.formula(**{alias: value}) == act.formula(**{param: value})
    with pytest.raises(ValueError, match="twice"):
        act.formula(**{param: value, p.aliases[0]: value})


# ---------------------------------------------------------------- composition
def test_relu_composes_on_expressions():
    # Issue 3's first network stage: relu(1.70 x - 0.85) is 0, 0, 0.17, 0.85 at 0, 0.2, 0.6, 1.
    relu = symacts.get("relu")
    x, w, b = sp.symbols("x w b", real=True)
    stage = relu(w * x + b)
    weights = {w: sp.Rational(170, 100), b: sp.Rational(-85, 100)}
    values = [stage.subs({**weights, x: v}) for v in (0, sp.Rational(1, 5), sp.Rational(3, 5), 1)]
    assert values == [0, 0, sp.Rational(17, 100), sp.Rational(85, 100)]


@pytest.mark.parametrize("name", NAMES)
def test_composition_substitutes_the_argument(name):
    act = symacts.get(name)
    y, w, b = sp.symbols("y w b", real=True)
    composed = act(w * y + b)
    assert act.x not in composed.free_symbols
    at = composed.subs({w: 2, b: sp.Rational(1, 2), y: sp.Rational(3, 10)})
    direct = act.formula().subs(act.x, sp.Rational(11, 10))
    # Defaults such as 0.5 are 15-digit Floats, so allow their rounding.
    assert abs(sp.N(at - direct, 30)) < 1e-13


# ---------------------------------------------------------------- register
@pytest.fixture
def user_activation():
    act = symacts.register(
        "my_test_act",
        "x**2 * tanh(a*x)",
        params={"a": 1},
        domains={"a": sp.Interval.open(0, sp.oo)},
        title="Test activation",
        aliases=("my_test_alias",),
    )
    yield act
    symacts.unregister("my_test_act")


def test_register_end_to_end(user_activation):
    act = user_activation
    x = act.x
    assert symacts.get("my_test_act") is act
    assert symacts.get("my_test_alias") is act
    assert "my_test_act" in symacts.names()
    assert "my_test_alias" not in symacts.names()
    assert list(act.params) == ["a"]
    assert act.formula() == x**2 * sp.tanh(x)
    assert sp.simplify(act.formula(a=3) - x**2 * sp.tanh(3 * x)) == 0
    expected = 2 * x * sp.tanh(x) + x**2 * (1 - sp.tanh(x) ** 2)
    assert sp.simplify(act.diff() - expected) == 0
    with pytest.raises(ValueError, match="'a'"):
        act.formula(a=-1)
    y = sp.Symbol("y")
    assert act(2 * y) == 4 * y**2 * sp.tanh(2 * y)


def test_register_numpy(user_activation):
    act = user_activation
    xs = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(act.numpy()(xs), xs**2 * np.tanh(xs), rtol=1e-14)
    d1 = 2 * xs * np.tanh(2 * xs) + 2 * xs**2 / np.cosh(2 * xs) ** 2
    np.testing.assert_allclose(act.numpy(1, a=2)(xs), d1, rtol=1e-13)


def test_register_then_unregister_restores_names():
    before = symacts.names()
    symacts.register("my_tmp_act", sp.Symbol("x") ** 3)
    assert symacts.names() == sorted([*before, "my_tmp_act"])
    symacts.unregister("my_tmp_act")
    assert symacts.names() == before
    with pytest.raises(UnknownActivationError):
        symacts.get("my_tmp_act")


@pytest.mark.parametrize(
    ("name", "aliases"),
    [("relu", ()), ("Leaky-ReLU", ()), ("new_one", ("linear",)), ("new_two", ("tanh",))],
)
def test_register_rejects_duplicate_names(name, aliases):
    before = symacts.names()
    with pytest.raises(ValueError, match="already registered"):
        symacts.register(name, sp.Symbol("x"), aliases=aliases)
    assert symacts.names() == before


def test_register_rejects_stray_symbols_and_catalogue_removal():
    with pytest.raises(ValueError, match="'c'"):
        symacts.register("my_bad_act", "c*x")
    assert "my_bad_act" not in symacts.names()
    with pytest.raises(ValueError, match="relu"):
        symacts.unregister("relu")


# ---------------------------------------------------------------- derivatives at kinks
# Issue 2 requires these first derivatives at kinks (PyTorch autograd's values). Each row:
# name, parameters, kink point, required f'(point), both as functions of the parameters
# (defaults filled in), so non-default parameters are covered too.
KINKS = [
    ("relu", {}, lambda p: 0, lambda p: 0),
    ("relu6", {}, lambda p: 0, lambda p: 0),
    ("relu6", {}, lambda p: 6, lambda p: 0),
    ("leaky_relu", {}, lambda p: 0, lambda p: p["alpha"]),
    ("leaky_relu", {"alpha": sp.Rational(1, 5)}, lambda p: 0, lambda p: p["alpha"]),
    ("prelu", {}, lambda p: 0, lambda p: p["a"]),
    ("prelu", {"a": -sp.Rational(3, 2)}, lambda p: 0, lambda p: p["a"]),
    ("elu", {}, lambda p: 0, lambda p: p["alpha"]),
    ("elu", {"alpha": 2}, lambda p: 0, lambda p: p["alpha"]),
    ("celu", {}, lambda p: 0, lambda p: 1),
    ("celu", {"alpha": 3}, lambda p: 0, lambda p: 1),
    ("selu", {}, lambda p: 0, lambda p: p["scale"] * p["alpha"]),
    ("hardtanh", {}, lambda p: p["min_val"], lambda p: 0),
    ("hardtanh", {}, lambda p: p["max_val"], lambda p: 0),
    ("hardtanh", {"min_val": -2, "max_val": 3}, lambda p: p["min_val"], lambda p: 0),
    ("hardtanh", {"min_val": -2, "max_val": 3}, lambda p: p["max_val"], lambda p: 0),
    ("hardsigmoid", {}, lambda p: -3, lambda p: 0),
    ("hardsigmoid", {}, lambda p: 3, lambda p: 0),
    ("hardswish", {}, lambda p: -3, lambda p: 0),
    ("hardswish", {}, lambda p: 3, lambda p: 1),
    ("softshrink", {}, lambda p: p["lambd"], lambda p: 0),
    ("softshrink", {}, lambda p: -p["lambd"], lambda p: 0),
    ("softshrink", {"lambd": 1}, lambda p: -p["lambd"], lambda p: 0),
    ("hardshrink", {}, lambda p: p["lambd"], lambda p: 0),
    ("hardshrink", {}, lambda p: -p["lambd"], lambda p: 0),
    ("hardshrink", {"lambd": 2}, lambda p: p["lambd"], lambda p: 0),
    ("threshold", {}, lambda p: p["threshold"], lambda p: 0),
    ("threshold", {"threshold": 1, "value": -2}, lambda p: p["threshold"], lambda p: 0),
]


def _kink_case(row):
    name, params, point, expected = row
    act = symacts.get(name)
    resolved = dict(act.resolve_params(**params))
    return act, params, sp.sympify(point(resolved)), sp.sympify(expected(resolved))


def _kink_id(row):
    name, params, point, _ = row
    act = symacts.get(name)
    where = point(dict(act.resolve_params(**params)))
    extra = ",".join(f"{k}={v}" for k, v in params.items())
    return f"{name}({extra})@{where}"


@pytest.mark.parametrize("row", KINKS, ids=[_kink_id(r) for r in KINKS])
def test_kink_derivative_symbolic(row):
    act, params, point, expected = _kink_case(row)
    value = act.diff(1, **params).subs(act.x, point)
    assert value.is_number
    assert abs(sp.N(value - expected, 50)) < sp.Float("1e-35"), (value, expected)


@pytest.mark.parametrize("row", KINKS, ids=[_kink_id(r) for r in KINKS])
def test_kink_derivative_numpy(row):
    act, params, point, expected = _kink_case(row)
    got = act.numpy(1, **params)(np.array([float(point)]))
    assert got.shape == (1,)
    # Exact up to the rounding of the expected value itself (selu: scale * alpha).
    assert got[0] == pytest.approx(float(expected), rel=2.3e-16, abs=0)


def test_excluded_entries_are_unique_and_not_in_the_catalogue():
    """Each left-out function is listed once, under a name that no record or alias uses."""
    entries = symacts.excluded()
    names = [e.name for e in entries]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    for e in entries:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", e.name), e.name
        assert e.reason.strip()
        with pytest.raises(symacts.UnknownActivationError):
            symacts.get(e.name)
