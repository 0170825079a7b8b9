"""Identities between activations proven symbolically; derivatives against finite differences.

Each identity states the proof method it needs in its test id: ``simplify`` (the difference
simplifies to 0), ``rewrite(exp)`` (it does after rewriting in exponentials) or ``mpmath50``
(the last resort: the difference is below 1e-45 at 50 digits at several points).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import mpmath
import pytest
import sympy as sp
from sympy.stats import Normal, cdf, density

import symacts

get = symacts.get
X = get("identity").x
#: x = -T with T > 0 states an identity on the negative half-line.
T = sp.Symbol("t", positive=True)
#: x = P with P >= 0 states an identity on the non-negative half-line.
P = sp.Symbol("p", nonnegative=True)
_Z = Normal("Z", 0, 1)
PHI = cdf(_Z)(X)  # standard normal CDF, from sympy.stats rather than typed here
PDF = density(_Z)(X)


class Identity(NamedTuple):
    name: str
    lhs: Callable[[], sp.Expr]
    rhs: Callable[[], sp.Expr]
    method: str


def _selu_as_elu() -> sp.Expr:
    selu = get("selu")
    return selu.params["scale"] * get("elu").formula(alpha=selu.params["alpha"])


def _star_relu_rhs() -> sp.Expr:
    s, b = get("star_relu").params.values()
    return s * get("relu")(X) ** 2 + b


def _hard_elish_paper() -> sp.Expr:
    """HardELiSH as the paper writes it, with the gate max(0, min(1, (x + 1)/2))."""
    gate = sp.Max(0, sp.Min(1, (X + 1) / 2))
    return sp.Piecewise((X * gate, X >= 0), ((sp.exp(X) - 1) * gate, True))


IDENTITIES = [
    Identity(
        "hard_elish = the paper's max/min form",
        lambda: get("hard_elish")(X),
        lambda: sp.piecewise_fold(_hard_elish_paper().rewrite(sp.Piecewise)),
        "simplify",
    ),
    Identity(
        "silu = swish(beta=1)", lambda: get("silu")(X), lambda: get("swish")(X, beta=1), "simplify"
    ),
    Identity(
        "silu = x*sigmoid(x)", lambda: get("silu")(X), lambda: X * get("sigmoid")(X), "simplify"
    ),
    Identity(
        "tanh(x) = 2*sigmoid(2x) - 1",
        lambda: get("tanh")(X),
        lambda: 2 * get("sigmoid")(2 * X) - 1,
        "rewrite(exp)",
    ),
    Identity(
        "sigmoid(x) = (tanh(x/2) + 1)/2",
        lambda: get("sigmoid")(X),
        lambda: (get("tanh")(X / 2) + 1) / 2,
        "rewrite(exp)",
    ),
    Identity(
        "sigmoid(x) + sigmoid(-x) = 1",
        lambda: get("sigmoid")(X) + get("sigmoid")(-X),
        lambda: sp.Integer(1),
        "simplify",
    ),
    Identity(
        "logsigmoid(x) = -softplus(-x)",
        lambda: get("logsigmoid")(X),
        lambda: -get("softplus")(-X),
        "simplify",
    ),
    Identity(
        "softplus(x) - softplus(-x) = x",
        lambda: get("softplus")(X) - get("softplus")(-X),
        lambda: X,
        "simplify",
    ),
    Identity(
        "sigmoid' = sigmoid*(1 - sigmoid)",
        lambda: get("sigmoid").diff(1),
        lambda: get("sigmoid")(X) * (1 - get("sigmoid")(X)),
        "simplify",
    ),
    Identity(
        "softplus' = sigmoid",
        lambda: get("softplus").diff(1),
        lambda: get("sigmoid")(X),
        "simplify",
    ),
    Identity(
        "logsigmoid' = sigmoid(-x)",
        lambda: get("logsigmoid").diff(1),
        lambda: get("sigmoid")(-X),
        "simplify",
    ),
    Identity(
        "tanh' = 1 - tanh^2",
        lambda: get("tanh").diff(1),
        lambda: 1 - get("tanh")(X) ** 2,
        "simplify",
    ),
    Identity(
        "exponential' = exponential",
        lambda: get("exponential").diff(1),
        lambda: get("exponential")(X),
        "simplify",
    ),
    Identity(
        "gaussian' = -2x*gaussian",
        lambda: get("gaussian").diff(1),
        lambda: -2 * X * get("gaussian")(X),
        "simplify",
    ),
    Identity(
        "arctan' = 1/(1 + x^2)", lambda: get("arctan").diff(1), lambda: 1 / (1 + X**2), "simplify"
    ),
    Identity(
        "snake(a=1)' = 1 + sin(2x)",
        lambda: get("snake").diff(1, a=1),
        lambda: 1 + sp.sin(2 * X),
        "simplify",
    ),
    Identity("gelu = x*Phi(x)", lambda: get("gelu")(X), lambda: X * PHI, "simplify"),
    Identity("gelu' = Phi + x*phi", lambda: get("gelu").diff(1), lambda: PHI + X * PDF, "simplify"),
    Identity(
        "gelu_tanh = x*sigmoid(2*sqrt(2/pi)*(x + 0.044715x^3))",
        lambda: get("gelu_tanh")(X),
        lambda: X * get("sigmoid")(2 * sp.sqrt(2 / sp.pi) * (X + sp.Float("0.044715", 50) * X**3)),
        "mpmath50",
    ),
    Identity(
        "quick_gelu = swish(beta=1.702)",
        lambda: get("quick_gelu")(X),
        lambda: get("swish")(X, beta=sp.Float("1.702", 50)),
        "simplify",
    ),
    Identity(
        "mish = x*tanh(softplus(x))",
        lambda: get("mish")(X),
        lambda: X * sp.tanh(get("softplus")(X)),
        "simplify",
    ),
    Identity(
        "serf = x*erf(softplus(x))",
        lambda: get("serf")(X),
        lambda: X * sp.erf(get("softplus")(X)),
        "simplify",
    ),
    Identity(
        "logish = x*log(1 + sigmoid(x))",
        lambda: get("logish")(X),
        lambda: X * sp.log(1 + get("sigmoid")(X)),
        "simplify",
    ),
    Identity(
        "smish = x*tanh(log(1 + sigmoid(x)))",
        lambda: get("smish")(X),
        lambda: X * sp.tanh(sp.log(1 + get("sigmoid")(X))),
        "simplify",
    ),
    Identity(
        "tanhexp = x*tanh(exponential(x))",
        lambda: get("tanhexp")(X),
        lambda: X * sp.tanh(get("exponential")(X)),
        "simplify",
    ),
    Identity("lisht = x*tanh(x)", lambda: get("lisht")(X), lambda: X * get("tanh")(X), "simplify"),
    Identity(
        "tanhshrink = x - tanh(x)",
        lambda: get("tanhshrink")(X),
        lambda: X - get("tanh")(X),
        "simplify",
    ),
    Identity(
        "soft_clipping(alpha=1) = softplus(x) - softplus(x - 1)",
        lambda: get("soft_clipping")(X, alpha=1),
        lambda: get("softplus")(X) - get("softplus")(X - 1),
        "simplify",
    ),
    Identity(
        "hardswish = x*hardsigmoid(x)",
        lambda: get("hardswish")(X),
        lambda: X * get("hardsigmoid")(X),
        "simplify",
    ),
    Identity(
        "hardsigmoid = relu6(x + 3)/6",
        lambda: get("hardsigmoid")(X),
        lambda: get("relu6")(X + 3) / 6,
        "simplify",
    ),
    Identity(
        "relu6 = hardtanh(min_val=0, max_val=6)",
        lambda: get("relu6")(X),
        lambda: get("hardtanh")(X, min_val=0, max_val=6),
        "simplify",
    ),
    Identity(
        "hardtanh = max(-1, min(1, x))",
        lambda: get("hardtanh")(X),
        lambda: sp.Max(-1, sp.Min(1, X)),
        "simplify",
    ),
    Identity("relu = max(0, x)", lambda: get("relu")(X), lambda: sp.Max(0, X), "simplify"),
    Identity(
        "threshold(threshold=0, value=0) = relu",
        lambda: get("threshold")(X, threshold=0, value=0),
        lambda: get("relu")(X),
        "simplify",
    ),
    Identity(
        "leaky_relu(alpha=0) = relu",
        lambda: get("leaky_relu")(X, alpha=0),
        lambda: get("relu")(X),
        "simplify",
    ),
    Identity(
        "prelu(a=1/4) = leaky_relu(alpha=1/4)",
        lambda: get("prelu")(X, a=sp.Rational(1, 4)),
        lambda: get("leaky_relu")(X, alpha=sp.Rational(1, 4)),
        "simplify",
    ),
    Identity(
        "rrelu(lower=upper=1/5) = leaky_relu(alpha=1/5)",
        lambda: get("rrelu")(X, lower=sp.Rational(1, 5), upper=sp.Rational(1, 5)),
        lambda: get("leaky_relu")(X, alpha=sp.Rational(1, 5)),
        "simplify",
    ),
    Identity(
        "squared_relu = relu^2",
        lambda: get("squared_relu")(X),
        lambda: get("relu")(X) ** 2,
        "simplify",
    ),
    Identity("star_relu = s*relu^2 + b", lambda: get("star_relu")(X), _star_relu_rhs, "simplify"),
    Identity(
        "squareplus(b=0) = relu",
        lambda: get("squareplus")(X, b=0),
        lambda: get("relu")(X),
        "simplify",
    ),
    Identity(
        "softsign = x/(1 + |x|)",
        lambda: get("softsign")(X),
        lambda: X / (1 + sp.Abs(X)),
        "simplify",
    ),
    Identity(
        "elliott = (softsign + 1)/2",
        lambda: get("elliott")(X),
        lambda: (get("softsign")(X) + 1) / 2,
        "simplify",
    ),
    Identity(
        "sparse_sigmoid = sparse_plus'",
        lambda: get("sparse_sigmoid")(X),
        lambda: get("sparse_plus").diff(1),
        "simplify",
    ),
    Identity(
        "sparse_sigmoid = (hardtanh + 1)/2",
        lambda: get("sparse_sigmoid")(X),
        lambda: (get("hardtanh")(X) + 1) / 2,
        "simplify",
    ),
    Identity(
        "softshrink(lambd=1/2) = x - hardtanh(x, -1/2, 1/2)",
        lambda: get("softshrink")(X, lambd=sp.Rational(1, 2)),
        lambda: X - get("hardtanh")(X, min_val=-sp.Rational(1, 2), max_val=sp.Rational(1, 2)),
        "simplify",
    ),
    Identity(
        "celu(alpha=1) = elu(alpha=1)",
        lambda: get("celu")(X, alpha=1),
        lambda: get("elu")(X, alpha=1),
        "simplify",
    ),
    Identity(
        "selu = scale*elu(alpha=selu alpha)", lambda: get("selu")(X), _selu_as_elu, "simplify"
    ),
    Identity(
        "elu' = elu + alpha for x < 0",
        lambda: get("elu").diff(1).subs(X, -T),
        lambda: get("elu")(-T) + get("elu").params["alpha"],
        "simplify",
    ),
    Identity(
        "elu'(0) = elu(0) + alpha",
        lambda: get("elu").diff(1).subs(X, 0),
        lambda: get("elu")(0) + get("elu").params["alpha"],
        "simplify",
    ),
    Identity(
        "isrlu = isru for x < 0", lambda: get("isrlu")(-T), lambda: get("isru")(-T), "simplify"
    ),
    Identity(
        "elish = silu for x >= 0", lambda: get("elish")(P), lambda: get("silu")(P), "simplify"
    ),
    Identity(
        "elish = elu*sigmoid for x < 0",
        lambda: get("elish")(-T),
        lambda: get("elu")(-T) * get("sigmoid")(-T),
        "simplify",
    ),
    Identity(
        "bent_identity = (sqrt(x^2 + 1) - 1)/2 + x",
        lambda: get("bent_identity")(X),
        lambda: (sp.sqrt(X**2 + 1) - 1) / 2 + X,
        "simplify",
    ),
]


def _is_zero_piecewise(diff: sp.Expr) -> bool:
    """Every branch of a folded Piecewise is 0 where it applies (points are substituted)."""
    folded = sp.piecewise_fold(diff.rewrite(sp.Piecewise))
    if not isinstance(folded, sp.Piecewise):
        return sp.simplify(folded) == 0
    covered: sp.Set = sp.S.EmptySet
    for expr, cond in folded.args:
        where = (sp.S.Reals if cond == sp.true else cond.as_set()) - covered
        covered = covered | where
        if where == sp.S.EmptySet:
            continue
        if isinstance(where, sp.FiniteSet):
            if any(sp.simplify(expr.subs(X, p)) != 0 for p in where):
                return False
        elif sp.simplify(expr) != 0:
            return False
    return True


def _proves(method: str, diff: sp.Expr) -> bool:
    if method == "simplify":
        return _is_zero_piecewise(diff)
    if method == "rewrite(exp)":
        return _is_zero_piecewise(diff.rewrite(sp.exp))
    assert method == "mpmath50"
    fn = sp.lambdify(X, diff, modules="mpmath")
    with mpmath.workdps(50):
        return all(abs(fn(mpmath.mpf(t))) < mpmath.mpf(10) ** -45 for t in _SPOT_POINTS)


_SPOT_POINTS = ["-7.3", "-3", "-1.5", "-0.5", "-0.1", "0", "0.1", "0.5", "1.5", "3", "7.3"]


@pytest.mark.parametrize("identity", IDENTITIES, ids=[f"{i.name} [{i.method}]" for i in IDENTITIES])
def test_identity(identity: Identity) -> None:
    diff = identity.lhs() - identity.rhs()
    assert _proves(identity.method, diff), f"{identity.name}: difference {diff} is not 0"


def test_identities_are_not_vacuous() -> None:
    """The proof methods reject a false identity (sigmoid vs tanh without the rescaling)."""
    wrong = get("tanh")(X) - (get("sigmoid")(2 * X) - 1)
    for method in ("simplify", "rewrite(exp)", "mpmath50"):
        assert not _proves(method, wrong)


# ----------------------------------------------------------------------- derivatives

DPS = 60


@functools.cache
def _mp(name: str, n: int):
    act = get(name)
    expr = act.formula() if n == 0 else act.diff(n)
    return sp.lambdify(act.x, expr, modules="mpmath")


def _sample_points(name: str, n: int) -> list[mpmath.mpf]:
    """Points across the plot window and beyond, away from jumps of f, ..., f^(n+1).

    A jump of f^(n+1) at t makes the central difference for f^(n) only first-order
    accurate there, so such points are skipped too.
    """
    act = get(name)
    lo, hi = act.window
    points = [lo + (hi - lo) * (k + 0.5) / 13 for k in range(13)]
    points += [-20.25, -2.5, -0.75, 0.3, 1.25, 20.25]
    jumps = [float(p) for p, k in act.properties["discontinuities"] if k <= n + 1]
    return [mpmath.mpf(t) for t in points if all(abs(t - p) > 1e-3 for p in jumps)]


def _central_difference(fn, t, n: int):
    if n == 1:
        h = mpmath.mpf(10) ** -15
        return (fn(t + h) - fn(t - h)) / (2 * h)
    h = mpmath.mpf(10) ** -12
    return (fn(t + h) - 2 * fn(t) + fn(t - h)) / h**2


@pytest.mark.parametrize("n", [1, 2])
@pytest.mark.parametrize("name", symacts.names())
def test_derivative_matches_central_difference(name: str, n: int) -> None:
    f, df = _mp(name, 0), _mp(name, n)
    tol = mpmath.mpf(10) ** (-20 if n == 1 else -15)
    points = _sample_points(name, n)
    assert len(points) >= 12
    with mpmath.workdps(DPS):
        for t in points:
            exact = mpmath.re(df(t))
            approx = mpmath.re(_central_difference(f, t, n))
            assert abs(exact - approx) <= tol * max(1, abs(exact)), (
                f"{name}^({n})({t}) = {exact} but the central difference gives {approx}"
            )
