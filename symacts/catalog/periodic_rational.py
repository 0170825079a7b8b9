"""Periodic, polynomial and other non-monotonic activations (sine units, sinc units, cubics)."""

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
pi = sp.pi
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
PARISI_HYPER_SINH = Reference(
    "L. Parisi, R. Ma, N. RaviChandran, M. Lanzillotta",
    "hyper-sinh: An Accurate and Reliable Function from Shallow to Deep Learning in "
    "TensorFlow and Keras",
    2021,
    "Machine Learning with Applications 6, 100112",
    arxiv="2011.07661",
)

#: Noel et al. use the unnormalised sinc, sin(z)/z (so that f(0) = 0 and f'(0) = 1).
_SINC_NOTE = (
    "The paper's sinc is the unnormalised sin(z)/z; torch-activation's SSU/DSU use the "
    "normalised sin(pi z)/(pi z) instead, which gives a different function (f'(0) != 1)."
)

_snake_alpha = param("alpha", 1, POSITIVE, description="frequency")
_snake_beta = param("beta", 1, POSITIVE, description="1/beta is the amplitude of sin^2")
_coslu_a = param("a", 1, description="weight of the cosine term")
_coslu_b = param("b", 1, description="frequency of the cosine term")

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
            "OpenReview (ICLR 2017 submission)",
            url="https://openreview.net/forum?id=Sks3zF9eg",
        ),
        frameworks=(scipy_f("numpy.sin"),),
        notes=(
            "Used long before as an activation (e.g. Sopena, Romero, Alquezar 1999); SIREN "
            "(Sitzmann et al. 2020, arXiv:2006.09661) uses sin(omega_0 x) with omega_0 = 30, "
            "which is this function of a scaled input.",
        ),
        numeric_notes=(ZEROS_FAR_OUT_NOTE,),
        window=(-7, 7),
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
        name="ssu",
        title="Shifted Sinc Unit",
        family=FAMILY_OSCILLATORY,
        expr=sp.Piecewise((pi * sp.sin(x - pi) / (x - pi), sp.Ne(x, pi)), (pi, True)),
        description="pi sinc(x - pi): a sinc shifted so that f(0) = 0 and f'(0) = 1.",
        aliases=("shifted_sinc_unit",),
        reference=NOEL_2021,
        kink_convention="x = pi is a removable singularity: the value there is the limit pi "
        "and each derivative there is the limit of the derivative of the quotient.",
        notes=(_SINC_NOTE,),
        numeric_notes=(ZEROS_FAR_OUT_NOTE,),
        window=(-10, 16),
    ),
    Activation(
        name="dsu",
        title="Decaying Sine Unit",
        family=FAMILY_OSCILLATORY,
        # The paper's pi/2 (sinc(x - pi) - sinc(x + pi)) with its two removable points.
        expr=sp.Piecewise(
            (
                pi / 2 * (sp.sin(x - pi) / (x - pi) - sp.sin(x + pi) / (x + pi)),
                sp.And(sp.Ne(x, pi), sp.Ne(x, -pi)),
            ),
            (pi / 2, sp.Eq(x, pi)),
            (-pi / 2, True),
        ),
        description="pi/2 (sinc(x - pi) - sinc(x + pi)): a sine whose amplitude decays like "
        "1/x^2, odd, with f'(0) = 1.",
        aliases=("decaying_sine_unit",),
        reference=NOEL_2021,
        kink_convention="x = +-pi are removable singularities: the values there are the limits "
        "+-pi/2 and each derivative there is the limit of the derivative of the quotient.",
        notes=(_SINC_NOTE,),
        numeric_notes=(ZEROS_FAR_OUT_NOTE,),
        window=(-12, 12),
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
        name="hyper_sinh",
        title="hyper-sinh",
        family=FAMILY_OSCILLATORY,
        expr=sp.Piecewise((sp.sinh(x) / 3, x > 0), (x**3 / 4, True)),
        description="sinh(x)/3 for positive inputs and x^3/4 otherwise.",
        aliases=("hypersinh",),
        reference=PARISI_HYPER_SINH,
        kink_convention="f is continuous at 0 but f' jumps from 0 to 1/3; x = 0 belongs to "
        "the cubic branch (the paper's x <= 0), so f'(0) = f''(0) = 0.",
        window=(-3, 3),
    ),
    Activation(
        name="m_arcsinh",
        title="Modified arcsinh",
        family=FAMILY_OSCILLATORY,
        expr=sp.asinh(x) * sp.sqrt(sp.Abs(x)) / 12,
        description="asinh(x) sqrt(|x|)/12: an odd, slowly growing function.",
        aliases=("m-arcsinh", "modified_arcsinh"),
        reference=Reference(
            "L. Parisi",
            "m-arcsinh: An Efficient and Reliable Function for SVM and MLP in scikit-learn",
            2020,
            arxiv="2009.07530",
        ),
        kink_convention="f and f' are continuous at 0 (f'(0) = 0); f'' grows like "
        "|x|^(-1/2) next to 0 and is taken as its two-sided limit there.",
        notes=(
            "The author's code computes (1/3 asinh(x)) (1/4 sqrt(|x|)); torch-activation's "
            "ModifiedArcsinh uses |x| instead of sqrt(|x|).",
        ),
        window=(-10, 10),
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
    Activation(
        name="coslu",
        title="Cosine Linear Unit",
        family="gated (self-gated)",
        expr=(x + _coslu_a.symbol * sp.cos(_coslu_b.symbol * x)) / (1 + sp.exp(-x)),
        description="(x + a cos(b x)) sigmoid(x): a sigmoid-gated input with a cosine "
        "ripple.",
        param_list=(_coslu_a, _coslu_b),
        aliases=("cos_lu",),
        reference=Reference(
            "E. Pishchik",
            "Trainable Activations for Image Classification",
            2023,
            "Preprints.org 2023010463",
            doi="10.20944/preprints202301.0463.v1",
        ),
        notes=(
            "a and b are trainable in the paper and in torch-activation, initialised to 1; "
            "symacts catalogues those initial values.",
        ),
        numeric_notes=(ZEROS_FAR_OUT_NOTE,),
        window=(-6, 6),
    ),
]

EXCLUDED = [
    Excluded(
        "PAU (Pade Activation Unit)",
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
        "Rational activations (KAT / rational KAN)",
        "Learned rational (or B-spline) coefficients per channel; a whole learned family, not "
        "one function.",
    ),
]
