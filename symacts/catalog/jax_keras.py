"""Activations from JAX (``jax.nn``) and Keras (``keras.activations``) that PyTorch lacks."""

import sympy as sp

from symacts.catalog import (
    NONNEGATIVE,
    Activation,
    Reference,
    X,
    jax_nn,
    keras_act,
    param,
    scipy_f,
)

x = X

FENCHEL_YOUNG = Reference(
    "M. Blondel, A. F. T. Martins, V. Niculae",
    "Learning with Fenchel-Young Losses",
    2020,
    "JMLR 21(35)",
    arxiv="1901.02324",
)

_beta = param("beta", 1, sp.S.Reals, description="gate sharpness; beta = 1 gives silu")
_b = param("b", 4, NONNEGATIVE, description="curvature near 0; b = 0 gives relu")

ACTIVATIONS = [
    Activation(
        name="identity",
        title="Identity",
        family="linear",
        expr=x,
        description="The linear activation: the input unchanged.",
        aliases=("linear", "purelin"),
        frameworks=(keras_act("linear"),),
        notes=("The linear activation; no paper introduced it.",),
        window=(-3, 3),
    ),
    Activation(
        name="swish",
        title="Swish",
        family="gated (self-gated)",
        expr=x / (1 + sp.exp(-_beta.symbol * x)),
        description="The input weighted by the sigmoid of beta times the input.",
        param_list=(_beta,),
        reference=Reference(
            "P. Ramachandran, B. Zoph, Q. V. Le",
            "Searching for Activation Functions",
            2017,
            arxiv="1710.05941",
        ),
        frameworks=(
            jax_nn("swish", "jax.nn.swish is silu: it has no beta."),
            keras_act("swish", "keras.activations.swish is silu: it has no beta."),
        ),
        window=(-6, 4),
    ),
    Activation(
        name="squareplus",
        title="Squareplus",
        family="rectifier",
        expr=(x + sp.sqrt(x**2 + _b.symbol)) / 2,
        description="An algebraic softplus: (x + sqrt(x^2 + b)) / 2.",
        param_list=(_b,),
        aliases=("square_plus",),
        reference=Reference(
            "J. T. Barron",
            "Squareplus: A Softplus-Like Algebraic Rectifier",
            2021,
            arxiv="2112.11687",
        ),
        frameworks=(jax_nn("squareplus", b=4),),
        window=(-5, 5),
    ),
    Activation(
        name="sparse_plus",
        title="Sparse plus",
        family="rectifier",
        expr=sp.Piecewise((0, x <= -1), (x, x >= 1), ((x + 1) ** 2 / 4, True)),
        description="A piecewise-quadratic softplus that is exactly 0 for x <= -1.",
        aliases=("sparseplus",),
        reference=FENCHEL_YOUNG,
        frameworks=(jax_nn("sparse_plus"), keras_act("sparse_plus")),
        kink_convention="The function is C^1, so f' is continuous at +-1; f'' jumps and takes "
        "the outer branches' value 0 at both points.",
        notes=(
            "SmeLU (G. I. Shamir, D. Lin, L. Coviello, 2020, arXiv:2010.09931; record "
            "'smelu') with its width beta = 1 is the same function.",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="sparse_sigmoid",
        title="Sparse sigmoid",
        family="piecewise linear",
        expr=sp.Piecewise((0, x <= -1), (1, x >= 1), ((x + 1) / 2, True)),
        description="The derivative of sparse plus: (x + 1) / 2 clipped to [0, 1].",
        reference=FENCHEL_YOUNG,
        frameworks=(jax_nn("sparse_sigmoid"), keras_act("sparse_sigmoid")),
        kink_convention="x = +-1 belong to the constant branches, so f' = 0 there "
        "(as hardtanh in PyTorch).",
        window=(-3, 3),
    ),
    Activation(
        name="exponential",
        title="Exponential",
        family="exponential linear",
        expr=sp.exp(x),
        description="The exponential function.",
        aliases=("exp",),
        frameworks=(keras_act("exponential"), scipy_f("numpy.exp")),
        notes=("Keras's exponential activation; no paper introduced it.",),
        window=(-4, 2),
    ),
]
