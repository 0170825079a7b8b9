"""More gated (self-gated), sigmoidal-gated and oscillatory activations (third round)."""

import sympy as sp

from symacts.catalog import (
    POSITIVE,
    Activation,
    Excluded,
    Reference,
    X,
    param,
)

x = X
FAMILY_GATED = "gated (self-gated)"
FAMILY_OSCILLATORY = "oscillatory"

SWISH_T = Reference(
    "Y. Seo, J. Kim, U. Park",
    "Swish-T: Enhancing Swish Activation with Tanh Bias for Improved Neural Network Performance",
    2024,
    arxiv="2407.01012",
)

KUNC_KLEMA = Reference(
    "V. Kunc, J. Klema",
    "Three Decades of Activations: A Comprehensive Survey of 400 Activation Functions for "
    "Neural Networks",
    2024,
    arxiv="2402.09092",
)

#: For records whose formula was checked against the survey only.
SURVEY_NOTE = (
    "The formula is the one in Kunc & Klema's survey, which cites the original paper; "
    "that paper was not checked here."
)

_sigmoid = 1 / (1 + sp.exp(-x))

_swt_beta = param("beta", 1, POSITIVE, description="steepness of the sigmoid gate")
_swtc_beta = param("beta", 1, POSITIVE, description="steepness of the gate and of the bias")
_erfact_alpha = param("alpha", sp.Rational(3, 4), POSITIVE, description="scale of the exponential")
_erfact_beta = param("beta", sp.Rational(3, 4), POSITIVE, description="rate of the exponential")
_sgelu_alpha = param("alpha", sp.Float("0.1"), POSITIVE, description="output scale")
_ts3_delta = param("delta", 1, POSITIVE, description="steepness of the tanh factor")
_sinerelu_eps = param(
    "epsilon", sp.Float("0.0025"), POSITIVE, tex=r"\varepsilon", description="wave amplitude"
)
_sinp_a = param("a", 1, POSITIVE, description="slope of the line subtracted")

ACTIVATIONS = [
    Activation(
        name="swish_t",
        title="Swish-T",
        family=FAMILY_GATED,
        # alpha = 1/10 is written in, not a parameter: a non-dyadic parameter reaches the
        # code generator as a 60-digit Float, and its exp-rational rewrite then fails
        # (sympy.cancel raises PolynomialDivisionFailed over RR)
        expr=x / (1 + sp.exp(-_swt_beta.symbol * x)) + sp.tanh(x) / 10,
        description="Swish plus a tanh bias: x sigmoid(beta x) + tanh(x)/10.",
        param_list=(_swt_beta,),
        aliases=("swisht",),
        reference=SWISH_T,
        notes=(
            "The paper's x sigmoid(beta x) + alpha tanh(x) with alpha = 0.1, fixed in the "
            "authors' code (beta is learned from 1); the bias makes f tend to -0.1 as "
            "x -> -oo instead of 0.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="swish_t_c",
        title="Swish-T_C",
        family=FAMILY_GATED,
        # alpha = 1/10 written in, as for swish_t
        expr=x / (1 + sp.exp(-_swtc_beta.symbol * x))
        + sp.tanh(_swtc_beta.symbol * x / 2) / (10 * _swtc_beta.symbol),
        description="Swish with a bias tied to its gate: x sigmoid(beta x) + "
        "tanh(beta x/2)/(10 beta).",
        param_list=(_swtc_beta,),
        aliases=("swisht_c",),
        reference=SWISH_T,
        notes=(
            "The paper writes sigmoid(beta x)(x + 2 alpha/beta) - alpha/beta; since "
            "2 sigmoid(t) - 1 = tanh(t/2) that is x sigmoid(beta x) + (alpha/beta) "
            "tanh(beta x/2), the form used here, with alpha = 0.1 as fixed in the authors' "
            "code (beta is learned from 1). With beta = 1 it is also Swish-T_A and "
            "Swish-T_B (which writes alpha for alpha/beta).",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="sgelu",
        title="Symmetrical Gaussian Error Linear Unit",
        family=FAMILY_GATED,
        expr=_sgelu_alpha.symbol * x * sp.erf(x / sp.sqrt(2)),
        description="An even GELU relative: alpha x erf(x/sqrt(2)), non-negative and "
        "growing like alpha |x|.",
        param_list=(_sgelu_alpha,),
        aliases=("symmetrical_gelu",),
        reference=Reference(
            "C. Yu, Z. Su",
            "Symmetrical Gaussian Error Linear Units (SGELUs)",
            2019,
            arxiv="1911.03925",
        ),
        notes=(
            "The gate erf(x/sqrt(2)) = 2 Phi(x) - 1 is GELU's Phi stretched to [-1, 1], "
            "which makes f even; alpha = 0.1 is the value of the paper's experiments.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="tsrelu",
        title="Tangent-sigmoid ReLU",
        family=FAMILY_GATED,
        expr=x * sp.tanh(_sigmoid),
        description="The input weighted by tanh(sigmoid(x)), a gate rising from 0 to tanh(1).",
        aliases=("tangent_sigmoid_relu",),
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="tbsrelu",
        title="Tangent-bipolar-sigmoid ReLU",
        family=FAMILY_GATED,
        expr=x * sp.tanh(sp.tanh(x / 2)),
        description="The input weighted by tanh of the bipolar sigmoid tanh(x/2): an even, "
        "non-negative unit.",
        aliases=("tangent_bipolar_sigmoid_relu",),
        reference=KUNC_KLEMA,
        notes=(
            SURVEY_NOTE,
            "The bipolar sigmoid (1 - e^-x)/(1 + e^-x) equals tanh(x/2), the form used here.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="modified_silu",
        title="Modified SiLU",
        family=FAMILY_GATED,
        expr=x * _sigmoid + sp.exp(-(x**2) - 1) / 4,
        description="SiLU plus a Gaussian bump exp(-x^2 - 1)/4.",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="rectified_hyperbolic_secant",
        title="Rectified hyperbolic secant",
        family=FAMILY_GATED,
        expr=x * sp.sech(x),
        description="The input weighted by sech(x): odd, bounded and decaying to 0 both ways.",
        aliases=("x_sech",),
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-6, 6),
    ),
    Activation(
        name="eanaf",
        title="EANAF",
        family=FAMILY_GATED,
        expr=x / (1 + 2 * sp.exp(-x)),
        description="The input gated by e^x/(e^x + 2) = sigmoid(x - ln 2): a shifted SiLU gate.",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="self_arctan",
        title="Self arctan",
        family=FAMILY_GATED,
        expr=x * sp.atan(x),
        description="The input times its arctangent: even, non-negative, growing like pi |x|/2.",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-4, 4),
    ),
    Activation(
        name="loglogish",
        title="LogLogish",
        family=FAMILY_GATED,
        expr=x * (1 - sp.exp(-sp.exp(x))),
        description="The input gated by the complementary log-log CDF 1 - exp(-e^x).",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="laplace_linear_unit",
        title="Laplace linear unit",
        family=FAMILY_GATED,
        expr=sp.Piecewise((x * sp.exp(x) / 2, x < 0), (x * (1 - sp.exp(-x) / 2), True)),
        description="The input gated by the Laplace CDF: x e^x/2 below 0, x (1 - e^-x/2) above.",
        reference=KUNC_KLEMA,
        kink_convention="C^2 at 0 (f(0) = 0, f'(0) = 1/2, f''(0) = 1 from both sides); x = 0 "
        "belongs to the right piece.",
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="generalized_swish",
        title="Generalized swish",
        family=FAMILY_GATED,
        expr=x / (1 + sp.exp(-sp.exp(-x))),
        description="The input gated by sigmoid(e^-x), a gate falling from 1 to 1/2: f ~ x "
        "for x -> -oo and ~ x/2 for x -> oo.",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-4, 4),
    ),
    Activation(
        name="oaf",
        title="Optimal activation function",
        family=FAMILY_GATED,
        expr=sp.Piecewise((x + x * _sigmoid, x > 0), (x * _sigmoid, True)),
        description="ReLU plus SiLU: max(0, x) + x sigmoid(x).",
        aliases=("optimal_activation_function",),
        reference=KUNC_KLEMA,
        kink_convention="f' jumps at 0 from 1/2 to 3/2; x = 0 belongs to the SiLU piece, so "
        "f'(0) = 1/2.",
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="minsin",
        title="MinSin",
        family=FAMILY_OSCILLATORY,
        expr=sp.Piecewise((x, x < 0), (sp.sin(x), True)),
        description="min(x, sin x): the identity below 0 and the sine above.",
        reference=KUNC_KLEMA,
        kink_convention="f, f' and f'' are continuous at 0 (values 0, 1, 0); the third "
        "derivative jumps from 0 to -1. x = 0 belongs to the sine piece.",
        notes=(SURVEY_NOTE,),
        window=(-6, 10),
    ),
    Activation(
        name="tanhsoft3",
        title="TanhSoft-3",
        family="rectifier",
        # for x > 0 as log((e^-x + tanh(delta x)) e^x): the same value, without e^x
        # overflowing, and a product SymPy can multiply out to show both pieces agree
        expr=sp.Piecewise(
            (sp.log(1 + sp.exp(x) * sp.tanh(_ts3_delta.symbol * x)), x <= 0),
            (sp.log((sp.exp(-x) + sp.tanh(_ts3_delta.symbol * x)) * sp.exp(x)), True),
        ),
        description="A softplus-like unit ln(1 + e^x tanh(delta x)): negative dip for x < 0, "
        "close to x for large x.",
        param_list=(_ts3_delta,),
        aliases=("tanhsoft_3",),
        reference=Reference(
            "K. Biswas, S. Kumar, S. Banerjee, A. K. Pandey",
            "TanhSoft - Dynamic Trainable Activation Functions for Faster Learning and "
            "Better Performance",
            2021,
            "IEEE Access 9",
            arxiv="2009.03863",
        ),
        notes=(
            "delta is trainable; symacts uses the initial value 1 (also torch-activation's "
            "default). 1 + e^x tanh(delta x) > 0 for every x since |e^x tanh(delta x)| < 1 "
            "for x < 0.",
        ),
        kink_convention="Smooth: the two pieces are the same analytic function, split at "
        "x = 0 only to keep e^x from overflowing.",
        window=(-5, 3),
    ),
]

EXCLUDED = [
    Excluded(
        "pserf",
        "Pserf x erf(gamma ln(1 + e^(delta x))) has gamma and delta learned from 1, where "
        "it is serf (catalogued); no other fixed values are published.",
        Reference(
            "K. Biswas, S. Kumar, S. Banerjee, A. K. Pandey",
            "ErfAct and Pserf: Non-monotonic Smooth Trainable Activation Functions",
            2021,
            arxiv="2109.04386",
        ),
    ),
    Excluded(
        "expanded_gating",
        "xATLU, xGELU and xSiLU scale the gate g as (1 + 2 alpha) g - alpha with alpha learned "
        "per block from 0, where they are ATLU, GELU and SiLU; no fixed alpha is published.",
        Reference(
            "A. H. Huang",
            "Expanded Gating Ranges Improve Activation Functions",
            2024,
            arxiv="2405.20768",
        ),
    ),
    Excluded(
        "parametric_logish",
        "a x ln(1 + sigmoid(b x)) with the survey's a = 1, b = 10 is logish(10 x)/10, a "
        "rescaled logish (catalogued).",
        KUNC_KLEMA,
    ),
    Excluded(
        "exponential_swish",
        "The survey's e^(-x) sigmoid(x) simplifies to sigmoid(-x), the mirrored sigmoid "
        "(catalogued).",
        KUNC_KLEMA,
    ),
]

# Not registered, with what the generator measured (derive_store.py, current generator):
# - erfact: the mpmath reference overflows (OverflowError in mpmath's erf) for erf(alpha
#   e^(beta x)) once e^(beta x) is huge, so no code is generated.
# - atlu: f' misses 4 ULP for x < -1 (9e15 ULP at x = -2.1e12; 1035 of the points) -- the
#   derivative of -x arctan(1/x)/pi cancels as x -> -oo, as does that of 1/2 + arctan(x)/pi.
# - asilu: f' misses 4 ULP far out (1.2e21 ULP at x = 1.3e151; 11 points).
# - swat: f'' misses 64 ULP as x -> -oo (7.7e15 ULP at x = -1.9e89; 190 points).
# - sinp: f' = cos x - 1 has a double zero in every period; it misses 4 ULP next to them
#   (2.0e8 ULP at x = -710; 246 points).
# - cosid: f' = -(1 + sin x), the same (2.8e7 ULP at x = 1.8e218; 222 points).
# - tsilu: f' misses 4 ULP for moderate x (69 ULP at x = 37.125; 391 points), f'' 64 ULP
#   at one point (69 ULP at x = 37.125).
# - double_silu: f'' misses 64 ULP at one point (70 ULP at x = 713.5); written with the
#   inner SiLU as x - x/(1 + e^x) it does worse (f 7 ULP, f' 4.9 ULP near x = -35).
# - sinsig (certified: every order within its bound) is written as two
#   pieces of the same analytic function, split at 0 for accuracy; the properties cannot
#   prove the pieces equal there (sympy.simplify of their difference is not 0) and list a
#   spurious jump of f^(5) at 0, so test_continuity_agrees_with_discontinuities fails.
# - sine_relu: deriving its properties raises TypeError (mpmath cannot take the limit
#   AccumBounds(-1/200, 1/200) of the wave as x -> -oo).
PENDING = [
    Activation(
        name="double_silu",
        title="Double SiLU",
        family=FAMILY_GATED,
        expr=x / (1 + sp.exp(-x / (1 + sp.exp(-x)))),
        description="The input gated by the sigmoid of its SiLU: x sigmoid(x sigmoid(x)).",
        aliases=("doublesilu",),
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="sine_relu",
        title="SineReLU",
        family=FAMILY_OSCILLATORY,
        expr=sp.Piecewise(
            (x, x > 0),
            (_sinerelu_eps.symbol * (sp.sin(x) - sp.cos(x)), True),
        ),
        description="ReLU whose negative side is a small wave epsilon (sin x - cos x).",
        param_list=(_sinerelu_eps,),
        aliases=("sinerelu",),
        reference=Reference(
            "W. Rodrigues",
            "SineReLU: an alternative to the ReLU activation function (keras-contrib layer "
            "SineReLU)",
            2018,
            url="https://github.com/keras-team/keras-contrib",
        ),
        kink_convention="f jumps at 0 from -epsilon to 0; x = 0 belongs to the wave, so "
        "f(0) = -epsilon.",
        notes=(
            "epsilon = 0.0025 is keras-contrib's default. Kunc & Klema's survey puts x = 0 "
            "in the linear piece (f(0) = 0); the two differ only there.",
        ),
        window=(-10, 4),
    ),
    Activation(
        name="sinsig",
        title="SinSig",
        family=FAMILY_GATED,
        # sin(pi sigmoid(x)/2) = cos(pi sigmoid(-x)/2): each piece takes the form whose
        # argument is small there, so the gate's distance from 0 or 1 is not lost
        expr=sp.Piecewise(
            (x * sp.sin(sp.pi / 2 * _sigmoid), x < 0),
            (x * sp.cos(sp.pi / 2 / (1 + sp.exp(x))), True),
        ),
        description="The input gated by sin(pi sigmoid(x)/2), a gate rising from 0 to 1.",
        kink_convention="Smooth: both pieces are the same analytic function, split at 0 "
        "only for accuracy.",
        aliases=("sin_sig",),
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="tsilu",
        title="Tanh SiLU",
        family="sigmoidal",
        expr=sp.tanh(x * _sigmoid),
        description="tanh of the SiLU: bounded, with the SiLU's dip below zero.",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 4),
    ),
    Activation(
        name="sinp",
        title="SinP",
        family="oscillatory",
        expr=sp.sin(x) - _sinp_a.symbol * x,
        description="A sine riding on a line: sin(x) - a x.",
        reference=KUNC_KLEMA,
        param_list=(_sinp_a,),
        notes=(SURVEY_NOTE, "With a = 1 (the default) f' = cos x - 1 <= 0: f is monotonic."),
        window=(-10, 10),
    ),
    Activation(
        name="cosid",
        title="Cosid",
        family="oscillatory",
        expr=sp.cos(x) - x,
        description="A cosine riding on a line: cos(x) - x, decreasing.",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-10, 10),
    ),
    Activation(
        name="asilu",
        title="Arctan SiLU",
        family="sigmoidal",
        expr=sp.atan(x * _sigmoid),
        description="arctan of the SiLU: bounded above by pi/2, with the SiLU's dip below zero.",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 5),
    ),
    Activation(
        name="swat",
        title="SwAT",
        family=FAMILY_GATED,
        expr=x / (1 + sp.exp(-sp.atan(x))),
        description="The input gated by sigmoid(arctan(x)), a gate between sigmoid(-pi/2) "
        "and sigmoid(pi/2).",
        reference=KUNC_KLEMA,
        notes=(SURVEY_NOTE,),
        window=(-5, 3),
    ),
    Activation(
        name="erfact",
        title="ErfAct",
        family=FAMILY_GATED,
        expr=x * sp.erf(_erfact_alpha.symbol * sp.exp(_erfact_beta.symbol * x)),
        description="The input weighted by erf(alpha exp(beta x)).",
        param_list=(_erfact_alpha, _erfact_beta),
        aliases=("erf_act",),
        reference=Reference(
            "K. Biswas, S. Kumar, S. Banerjee, A. K. Pandey",
            "ErfAct and Pserf: Non-monotonic Smooth Trainable Activation Functions",
            2021,
            arxiv="2109.04386",
        ),
        notes=(
            "alpha and beta are trainable; 0.75 and 0.75 are the initial values the paper uses.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="atlu",
        title="ArcTan Linear Unit",
        family=FAMILY_GATED,
        # below -1 the gate as -arctan(1/x)/pi: 1/2 + arctan(x)/pi cancels as x -> -oo
        expr=sp.Piecewise(
            (x * (sp.Rational(1, 2) + sp.atan(x) / sp.pi), x >= -1),
            (-x * sp.atan(1 / x) / sp.pi, True),
        ),
        description="The input weighted by the Cauchy CDF 1/2 + arctan(x)/pi.",
        aliases=("arctan_linear_unit",),
        reference=Reference(
            "A. H. Huang",
            "Expanded Gating Ranges Improve Activation Functions",
            2024,
            arxiv="2405.20768",
        ),
        notes=(
            "The paper's xATLU multiplies by (1 + 2 alpha) gate - alpha with a learned "
            "alpha initialised to 0, where it is ATLU. The gate decays only like "
            "1/(pi |x|), so f tends to -1/pi as x -> -oo.",
        ),
        window=(-6, 4),
    ),
]
