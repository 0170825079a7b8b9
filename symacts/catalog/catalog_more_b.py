"""More gated (self-gated), exponential-linear and oscillatory activations (second round)."""

import sympy as sp

from symacts.catalog import (
    POSITIVE,
    Activation,
    Reference,
    X,
    param,
)

x = X
FAMILY_GATED = "gated (self-gated)"
FAMILY_HARD = "piecewise linear"
FAMILY_EXPONENTIAL = "exponential linear"
FAMILY_RECTIFIER = "rectifier"

ECHO = Reference(
    "D. Misra and contributors",
    "Echo: a PyTorch library of activation functions (echoAI)",
    2019,
    url="https://github.com/digantamisra98/Echo",
)

_softplus_x = sp.log(1 + sp.exp(x))
_bmish_beta = param("beta", sp.Rational(3, 2), POSITIVE, description="power of (1 + e^x)")
_smelu_beta = param("beta", 2, POSITIVE, description="half-width of the quadratic joint")
_stan_beta = param("beta", 1, POSITIVE, description="weight of the x tanh(x) term")

ACTIVATIONS = [
    Activation(
        name="hard_mish",
        title="Hard Mish",
        family=FAMILY_HARD,
        expr=sp.Piecewise((0, x <= -2), (x, x >= 0), (x * (x + 2) / 2, True)),
        description="A piecewise-quadratic mish, x * min(2, max(0, x + 2)) / 2.",
        aliases=("hardmish", "h_mish"),
        reference=Reference(
            "D. Misra",
            "H-Mish (notes in the Mish repository, digantamisra98/H-Mish)",
            2020,
            url="https://github.com/digantamisra98/H-Mish",
        ),
        kink_convention="x = -2 belongs to the zero branch, so f'(-2) = 0; at x = 0 both "
        "pieces have slope 1.",
        notes=(
            "timm (timm.layers.activations.hard_mish) computes 0.5 x clamp(x + 2, 0, 2); no "
            "core framework has it.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="stan",
        title="Self-scalable tanh (Stan)",
        family=FAMILY_GATED,
        expr=sp.tanh(x) + _stan_beta.symbol * x * sp.tanh(x),
        description="tanh(x) plus beta x tanh(x): tanh near 0, growing like beta |x| far out.",
        param_list=(_stan_beta,),
        aliases=("self_scalable_tanh",),
        reference=Reference(
            "R. Gnanasambandam, B. Shen, J. Chung, X. Yue, Z. Kong",
            "Self-scalable Tanh (Stan): Faster Convergence and Better Generalization in "
            "Physics-informed Neural Networks",
            2022,
            arxiv="2204.12589",
        ),
        notes=(
            "The paper trains one beta per neuron and initialises it to 1; symacts uses that "
            "initial value as the default.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="elu_plus_one",
        title="ELU + 1",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise((sp.exp(x), x <= 0), (x + 1, True)),
        description="ELU (alpha = 1) plus one: a positive feature map for linear attention.",
        aliases=("elu1", "elu_p1"),
        reference=Reference(
            "A. Katharopoulos, A. Vyas, N. Pappas, F. Fleuret",
            "Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention",
            2020,
            "ICML 2020",
            arxiv="2006.16236",
        ),
        kink_convention="x = 0 belongs to the exponential branch; both pieces have value and "
        "slope 1 there, so f' is continuous and only f'' jumps (from 1 to 0).",
        notes=("The paper writes the feature map as elu(x) + 1.",),
        window=(-4, 3),
    ),
    Activation(
        name="beta_mish",
        title="beta-Mish",
        family=FAMILY_GATED,
        expr=x * sp.tanh(_bmish_beta.symbol * _softplus_x),
        description="Mish with the softplus scaled by beta: x tanh(ln((1 + e^x)^beta)).",
        param_list=(_bmish_beta,),
        aliases=("betamish",),
        reference=ECHO,
        notes=(
            "Echo writes tanh(ln((1 + e^x)^beta)), which is tanh(beta ln(1 + e^x)); beta = 1.5 "
            "is its default and beta = 1 gives mish.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="smelu",
        title="Smooth ReLU (SmeLU)",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise(
            (0, x <= -_smelu_beta.symbol),
            (x, x >= _smelu_beta.symbol),
            ((x + _smelu_beta.symbol) ** 2 / (4 * _smelu_beta.symbol), True),
        ),
        description="ReLU with its kink replaced by a quadratic joint on [-beta, beta].",
        param_list=(_smelu_beta,),
        aliases=("smooth_relu_quadratic",),
        reference=Reference(
            "G. I. Shamir, D. Lin, L. Coviello",
            "Smooth activations and reproducibility in deep networks",
            2020,
            arxiv="2010.09931",
        ),
        kink_convention="x = -beta and x = beta belong to the outer pieces; f' is continuous, "
        "f'' jumps there (f''(-beta) = 0, f''(beta) = 0).",
        notes=("The paper leaves beta free; beta = 2 is the default of xformers' SmeLU.",),
        window=(-4, 4),
    ),
]
