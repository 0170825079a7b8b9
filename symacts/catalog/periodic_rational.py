"""Periodic, polynomial and other non-monotonic activations (sine units, low-degree polynomials)."""

import sympy as sp

from symacts.catalog import (
    POSITIVE,
    ZEROS_FAR_OUT_NOTE,
    Activation,
    Excluded,
    Reference,
    X,
    param,
    scipy_f,
)

x = X
FAMILY_OSCILLATORY = "oscillatory"
# No existing family fits plain polynomials (x^2, x^3, x - x^3); the integrator was told.
FAMILY_POLYNOMIAL = "polynomial"

NOEL_2021 = Reference(
    "M. M. Noel, S. Bharadwaj, V. Muthiah-Nakarajan, P. Dutta, G. B. Amali",
    "Biologically Inspired Oscillating Activation Functions Can Bridge the Performance Gap "
    "between Biological and Artificial Neurons",
    2021,
    arxiv="2111.04020",
)

_snake_alpha = param("alpha", 1, POSITIVE, description="frequency")
_snake_beta = param("beta", 1, POSITIVE, description="1/beta is the amplitude of sin^2")

ACTIVATIONS = [
    Activation(
        name="sine",
        title="Sine",
        family=FAMILY_OSCILLATORY,
        expr=sp.sin(x),
        description="The sine function as an activation: periodic and bounded in [-1, 1].",
        aliases=("sin", "sinusoid"),
        reference=Reference(
            "G. Parascandolo, H. Huttunen, T. Virtanen",
            "Taming the waves: sine as activation function in deep neural networks",
            2016,
            "ICLR 2017 submission (OpenReview)",
            url="https://openreview.net/forum?id=Sks3zF9eg",
        ),
        frameworks=(scipy_f("numpy.sin"),),
        notes=(
            "Used long before as an activation (e.g. Sopena, Romero, Alquezar 1999); SIREN "
            "(Sitzmann et al. 2020, arXiv:2006.09661) uses sin(omega_0 x) with omega_0 = 30, "
            "which is this function of a scaled input.",
        ),
        window=(-7, 7),
    ),
    Activation(
        name="cosine",
        title="Cosine",
        family=FAMILY_OSCILLATORY,
        expr=sp.cos(x),
        description="The cosine function as an activation: even, periodic and bounded in [-1, 1].",
        aliases=("cos",),
        frameworks=(scipy_f("numpy.cos"),),
        notes=(
            "A classical periodic unit (Fourier-type networks, NEAT/CPPN activation sets); "
            "no single paper introduced it as an activation.",
        ),
        window=(-7, 7),
    ),
    Activation(
        name="asinh",
        title="Inverse hyperbolic sine",
        family="logarithmic",
        expr=sp.asinh(x),
        description="asinh(x) = log(x + sqrt(x^2 + 1)): odd and monotonic, linear near 0 "
        "and logarithmic for large |x| (a smooth symmetric logarithm).",
        aliases=("arcsinh", "arsinh"),
        frameworks=(scipy_f("numpy.arcsinh"),),
        notes=(
            "A classical function; no single paper introduced it as an activation. Parisi's "
            "m-arcsinh (arXiv:2009.07530) and comb-H-sine build on it.",
        ),
        window=(-10, 10),
    ),
    Activation(
        name="asu",
        title="Amplifying Sine Unit",
        family=FAMILY_OSCILLATORY,
        expr=x * sp.sin(x),
        description="The input times its sine: an even, growing oscillation (the sine "
        "counterpart of GCU).",
        aliases=("amplifying_sine_unit",),
        reference=Reference(
            "J. U. Rahman, F. Makhdoom, D. Lu",
            "Amplifying Sine Unit: An Oscillatory Activation Function for Deep Neural "
            "Networks to Recover Nonlinear Oscillations Efficiently",
            2023,
            arxiv="2304.09759",
        ),
        numeric_notes=(ZEROS_FAR_OUT_NOTE,),
        window=(-10, 10),
    ),
    Activation(
        name="squ",
        title="Shifted Quadratic Unit",
        family=FAMILY_POLYNOMIAL,
        expr=x**2 + x,
        description="The quadratic x^2 + x: non-monotonic with zeros at -1 and 0.",
        aliases=("shifted_quadratic_unit",),
        reference=NOEL_2021,
        window=(-3, 2),
    ),
    Activation(
        name="ncu",
        title="Non-Monotonic Cubic Unit",
        family=FAMILY_POLYNOMIAL,
        expr=x - x**3,
        description="The cubic x - x^3: odd, with zeros at -1, 0 and 1.",
        aliases=("non_monotonic_cubic_unit",),
        reference=NOEL_2021,
        window=(-2, 2),
    ),
    Activation(
        name="square",
        title="Square",
        family=FAMILY_POLYNOMIAL,
        expr=x**2,
        description="The square x^2, the low-degree polynomial activation used for inference "
        "on homomorphically encrypted data.",
        aliases=("quadratic", "x2"),
        reference=Reference(
            "R. Gilad-Bachrach, N. Dowlin, K. Laine, K. Lauter, M. Naehrig, J. Wernsing",
            "CryptoNets: Applying Neural Networks to Encrypted Data with High Throughput and "
            "Accuracy",
            2016,
            "ICML 2016",
            url="https://proceedings.mlr.press/v48/gilad-bachrach16.html",
        ),
        frameworks=(scipy_f("numpy.square"),),
        window=(-3, 3),
    ),
    Activation(
        name="cube",
        title="Cube",
        family=FAMILY_POLYNOMIAL,
        expr=x**3,
        description="The cube x^3, used in the hidden layer of Chen and Manning's "
        "dependency parser to model three-way feature interactions.",
        aliases=("cubic", "x3"),
        reference=Reference(
            "D. Chen, C. D. Manning",
            "A Fast and Accurate Dependency Parser using Neural Networks",
            2014,
            "EMNLP 2014",
            doi="10.3115/v1/D14-1082",
        ),
        window=(-2, 2),
    ),
    Activation(
        name="snake_beta",
        title="SnakeBeta",
        family=FAMILY_OSCILLATORY,
        expr=x + sp.sin(_snake_alpha.symbol * x) ** 2 / _snake_beta.symbol,
        description="Snake with separate frequency alpha and amplitude 1/beta: "
        "x + sin^2(alpha x)/beta.",
        param_list=(_snake_alpha, _snake_beta),
        aliases=("snakebeta",),
        reference=Reference(
            "S. Lee, W. Ping, B. Ginsburg, B. Catanzaro, S. Yoon",
            "BigVGAN: A Universal Neural Vocoder with Large-Scale Training",
            2023,
            "ICLR 2023",
            arxiv="2206.04658",
        ),
        notes=(
            "BigVGAN learns alpha and beta per channel (optionally in log scale) starting "
            "from 1; with alpha = beta = 1 this equals snake with a = 1.",
        ),
        numeric_notes=(
            "For an alpha that is not a power of two, alpha x is rounded to double before "
            "sin, so far out f' and f'' lose absolute accuracy as for snake.",
        ),
        window=(-6, 6),
    ),
]

EXCLUDED = [
    Excluded(
        "pau",
        "A rational function whose numerator and denominator coefficients are learned per "
        "layer; no fixed published coefficients define one function.",
        Reference(
            "A. Molina, P. Schramowski, K. Kersting",
            "Pade Activation Units: End-to-end Learning of Flexible Activation Functions in "
            "Deep Networks",
            2020,
            "ICLR 2020",
            arxiv="1907.06732",
        ),
    ),
    Excluded(
        "rational_kan",
        "Learned rational (or B-spline) coefficients per channel; a whole learned family, not "
        "one function.",
    ),
]
