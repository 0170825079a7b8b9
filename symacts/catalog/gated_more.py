"""More exponential-linear and gated (self-gated) activations from the literature."""

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
FAMILY_EXPONENTIAL = "exponential linear"
FAMILY_GATED = "gated (self-gated)"

BISWAS_TANHSOFT = Reference(
    "K. Biswas, S. Kumar, S. Banerjee, A. K. Pandey",
    "TanhSoft - a family of activation functions combining Tanh and Softplus",
    2020,
    arxiv="2009.03863",
)

_sigmoid_x = 1 / (1 + sp.exp(-x))

_eswish_beta = param("beta", sp.Float("1.375"), POSITIVE, description="output scale")
_swim_k = param("k", sp.Rational(1, 2), POSITIVE, description="strength of the algebraic gate")
_fts_t = param("T", sp.Float("-0.20"), tex="T", description="output for x < 0 (the threshold)")
_aptx_alpha = param("alpha", 1, tex=r"\alpha", description="offset of the tanh gate")
_aptx_beta = param("beta", 1, POSITIVE, description="steepness of the tanh gate")
_aptx_gamma = param("gamma", sp.Rational(1, 2), POSITIVE, description="output scale")
_ts1_alpha = param("alpha", sp.Float("0.87"), POSITIVE, description="steepness of the tanh")
_aria_alpha = param("alpha", sp.Rational(3, 2), POSITIVE, description="Richards exponent")
_aria_beta = param("beta", 2, POSITIVE, description="steepness of the gate")
_pelu_a = param("a", 1, POSITIVE, description="saturation value for x -> -oo is -a")
_pelu_b = param("b", 1, POSITIVE, description="scale of the exponential; slope a/b for x >= 0")
_mpelu_alpha = param("alpha", 1, POSITIVE, description="saturation value for x -> -oo is -alpha")
_mpelu_beta = param("beta", 1, POSITIVE, description="rate of the exponential")
_ptelu_alpha = param("alpha", 1, POSITIVE, description="saturation value for x -> -oo is -alpha")
_ptelu_beta = param("beta", 1, POSITIVE, description="steepness of the tanh branch")
_xielu_alpha_p = param(
    "alpha_p", sp.Rational(4, 5), POSITIVE, tex=r"\alpha_p", description="x^2 scale for x > 0"
)
_xielu_alpha_n = param(
    "alpha_n", sp.Rational(4, 5), POSITIVE, tex=r"\alpha_n", description="scale of e^x - 1 - x"
)
_xielu_beta = param("beta", sp.Rational(1, 2), POSITIVE, description="slope at 0")
_serlu_lambda = param(
    "lambda_", sp.Float("1.07862"), POSITIVE, tex=r"\lambda", description="output scale"
)
_serlu_alpha = param("alpha", sp.Float("2.90427"), POSITIVE, description="negative-branch scale")

_k, _t = _swim_k.symbol, _fts_t.symbol

ACTIVATIONS = [
    Activation(
        name="e_swish",
        title="E-swish",
        family=FAMILY_GATED,
        expr=_eswish_beta.symbol * x * _sigmoid_x,
        description="SiLU scaled by a constant beta > 1: beta * x * sigmoid(x).",
        param_list=(_eswish_beta,),
        aliases=("eswish",),
        reference=Reference(
            "E. Alcaide",
            "E-swish: Adjusting Activations to Different Network Depths",
            2018,
            arxiv="1801.07145",
        ),
        notes=(
            "The paper suggests 1 <= beta <= 2; symacts defaults to 1.375, a value its "
            "experiments use.",
        ),
        window=(-6, 4),
    ),
    Activation(
        name="swim",
        title="Swim",
        family=FAMILY_GATED,
        expr=x / 2 * (1 + _k * x / sp.sqrt(1 + x**2)),
        description="The input weighted by an algebraic gate (1 + k x/sqrt(1 + x^2))/2.",
        param_list=(_swim_k,),
        reference=Reference(
            "M. Abdool, T. Dear",
            "Swim: A General-Purpose, High-Performing, and Efficient Activation Function for "
            "Locomotion Control Tasks",
            2023,
            arxiv="2303.02640",
        ),
        notes=("k = 1/2 is the paper's choice; with k = 1 Swim is PFLU (Zhu et al., 2021).",),
        window=(-5, 3),
    ),
    Activation(
        name="fts",
        title="Flatten-T Swish",
        family=FAMILY_GATED,
        expr=sp.Piecewise((x * _sigmoid_x + _t, x >= 0), (_t, True)),
        description="SiLU plus a threshold T for x >= 0, flat at T below.",
        param_list=(_fts_t,),
        aliases=("flatten_t_swish", "flatten_swish"),
        reference=Reference(
            "H. H. Chieng, N. Wahid, P. Ong, S. R. K. Perla",
            "Flatten-T Swish: a thresholded ReLU-Swish-like activation function for deep learning",
            2018,
            "International Journal of Advances in Intelligent Informatics 4(2), 76-86",
            arxiv="1812.06247",
        ),
        kink_convention="Continuous at 0 with a kink: x = 0 belongs to the swish branch, so "
        "f'(0) = 1/2 (the right slope).",
        window=(-4, 3),
    ),
    Activation(
        name="dsilu",
        title="Derivative of SiLU",
        family=FAMILY_GATED,
        expr=_sigmoid_x * (1 + x / (1 + sp.exp(x))),
        description="The derivative of SiLU used as an activation: sigmoid(x)(1 + x(1 - "
        "sigmoid(x))).",
        aliases=("d_silu", "dswish"),
        reference=Reference(
            "S. Elfwing, E. Uchibe, K. Doya",
            "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in "
            "Reinforcement Learning",
            2018,
            "Neural Networks 107, 3-11",
            arxiv="1702.03118",
        ),
        window=(-6, 6),
    ),
    Activation(
        name="golu",
        title="Gompertz Linear Unit",
        family=FAMILY_GATED,
        expr=x * sp.exp(-sp.exp(-x)),
        description="The input weighted by the Gompertz function exp(-exp(-x)).",
        aliases=("gompertz_linear_unit",),
        reference=Reference(
            "I. Das, M. Safari, S. Adriaensen, F. Hutter",
            "Gompertz Linear Units: Leveraging Asymmetry for Enhanced Learning Dynamics",
            2025,
            arxiv="2502.03654",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="aptx",
        title="APTx",
        family=FAMILY_GATED,
        expr=(_aptx_alpha.symbol + sp.tanh(_aptx_beta.symbol * x)) * _aptx_gamma.symbol * x,
        description="The input weighted by an offset tanh gate: (alpha + tanh(beta x)) gamma x.",
        param_list=(_aptx_alpha, _aptx_beta, _aptx_gamma),
        reference=Reference(
            "R. Kumar",
            "APTx: better activation function than MISH, SWISH, and ReLU's variants used in "
            "deep learning",
            2022,
            "International Journal of Artificial Intelligence and Machine Learning 2(2)",
            arxiv="2209.06119",
        ),
        notes=(
            "With the defaults alpha = 1, beta = 1, gamma = 1/2 APTx equals x sigmoid(2x), "
            "swish with beta = 2; the paper proposes them as a cheap stand-in for Mish.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="aria2",
        title="ARiA-2",
        family=FAMILY_GATED,
        expr=x * (1 + sp.exp(-_aria_beta.symbol * x)) ** (-_aria_alpha.symbol),
        description="The input weighted by a Richards curve (1 + exp(-beta x))^(-alpha).",
        param_list=(_aria_alpha, _aria_beta),
        aliases=("aria",),
        reference=Reference(
            "N. Patwardhan, M. Ingalhalikar, R. Walambe",
            "ARiA: Utilizing Richard's Curve for Controlling the Non-monotonicity of the "
            "Activation Function in Deep Neural Nets",
            2018,
            arxiv="1805.08878",
        ),
        notes=("alpha = 1.5, beta = 2 are the values of the paper's ARiA-2 experiments.",),
        window=(-5, 3),
        numeric_notes=(
            "f' misses the 4-ULP bound at sparse points for x < -1: 5.52 ULP at x = -4.119 "
            "(8 of 9,787 certificate points). There f' = e^(3x) (3x + 1 + e^(2x)) / "
            "(1 + e^(2x))^(5/2) is a product of five rounded factors; the double-double forms "
            "the generator tries bring the worst case down only to 4.3 ULP.",
        ),
    ),
    Activation(
        name="pelu",
        title="Parametric Exponential Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (_pelu_a.symbol / _pelu_b.symbol * x, x >= 0),
            (_pelu_a.symbol * (sp.exp(x / _pelu_b.symbol) - 1), True),
        ),
        description="An ELU with slope a/b for x >= 0 and a(exp(x/b) - 1) below.",
        param_list=(_pelu_a, _pelu_b),
        reference=Reference(
            "L. Trottier, P. Giguere, B. Chaib-draa",
            "Parametric Exponential Linear Unit for Deep Convolutional Neural Networks",
            2017,
            "ICMLA 2017",
            arxiv="1605.09332",
        ),
        kink_convention="C^1 at 0 for every a, b (f'(0) = a/b from both sides); x = 0 "
        "belongs to the linear branch for f''.",
        notes=("a and b are learned per layer, initialised to 1, where PELU is ELU.",),
        window=(-4, 3),
    ),
    Activation(
        name="mpelu",
        title="Multiple Parametric Exponential Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (x, x > 0),
            (_mpelu_alpha.symbol * (sp.exp(_mpelu_beta.symbol * x) - 1), True),
        ),
        description="Linear for x > 0 and alpha(exp(beta x) - 1) below.",
        param_list=(_mpelu_alpha, _mpelu_beta),
        reference=Reference(
            "Y. Li, C. Fan, Y. Li, Q. Wu, Y. Ming",
            "Improving deep neural network with Multiple Parametric Exponential Linear Units",
            2018,
            "Neurocomputing 301, 11-24",
            arxiv="1606.00305",
        ),
        kink_convention="x = 0 belongs to the exponential branch, so f'(0) = alpha beta (as ELU).",
        notes=(
            "alpha and beta are learned per channel; with alpha = beta = 1 (the defaults "
            "here) MPELU is ELU, with beta -> 0 it tends to PReLU.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="reu",
        title="Rectified Exponential Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise((x, x > 0), (x * sp.exp(x), True)),
        description="Linear for x > 0 and x exp(x) below: non-monotonic, minimum -1/e.",
        reference=Reference(
            "Y. Ying, J. Su, P. Shan, L. Miao, X. Wang, S. Peng",
            "Rectified Exponential Units for Convolutional Neural Networks",
            2019,
            "IEEE Access 7, 101633-101640",
            doi="10.1109/ACCESS.2019.2928442",
        ),
        kink_convention="C^1 at 0 (f'(0) = 1 from both sides); x = 0 belongs to the x exp(x) "
        "branch for f''.",
        window=(-5, 3),
    ),
    Activation(
        name="serlu",
        title="Scaled Exponentially-Regularized Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (_serlu_lambda.symbol * x, x >= 0),
            (_serlu_lambda.symbol * _serlu_alpha.symbol * x * sp.exp(x), True),
        ),
        description="A self-normalising REU-like unit: lambda x for x >= 0, "
        "lambda alpha x exp(x) below.",
        param_list=(_serlu_lambda, _serlu_alpha),
        reference=Reference(
            "G. Zhang, H. Li",
            "Effectiveness of Scaled Exponentially-Regularized Linear Units (SERLUs)",
            2018,
            arxiv="1807.10117",
        ),
        kink_convention="f' jumps at 0 (lambda from the right, lambda alpha from the left); "
        "x = 0 belongs to the linear branch, so f'(0) = lambda.",
        notes=(
            "lambda = 1.07862 and alpha = 2.90427 are the paper's self-normalising constants "
            "(zero mean, unit variance fixed point), given there to 5 decimals.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="ptelu",
        title="Parametric Tan Hyperbolic Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (x, x >= 0),
            (_ptelu_alpha.symbol * sp.tanh(_ptelu_beta.symbol * x), True),
        ),
        description="Linear for x >= 0 and alpha tanh(beta x) below: an ELU-like unit "
        "saturating to -alpha.",
        param_list=(_ptelu_alpha, _ptelu_beta),
        aliases=("p_telu",),
        reference=Reference(
            "R. Duggal, A. Gupta",
            "P-TELU: Parametric Tan Hyperbolic Linear Unit Activation for Deep Neural Networks",
            2017,
            "ICCV Workshops 2017",
            doi="10.1109/ICCVW.2017.119",
        ),
        kink_convention="f'(0) = 1 from the right and alpha beta from the left (C^1 for the "
        "defaults); x = 0 belongs to the linear branch.",
        notes=("alpha and beta are learned; symacts defaults both to 1.",),
        window=(-4, 3),
    ),
    Activation(
        name="xielu",
        title="Expanded Integral of the Exponential Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (_xielu_alpha_p.symbol * x**2 + _xielu_beta.symbol * x, x > 0),
            (
                _xielu_alpha_n.symbol * (sp.exp(x) - 1 - x) + _xielu_beta.symbol * x,
                True,
            ),
        ),
        description="Quadratic for x > 0 and alpha_n (e^x - 1 - x) + beta x below: the "
        "integral of an ELU-like gradient, with a linear term.",
        param_list=(_xielu_alpha_p, _xielu_alpha_n, _xielu_beta),
        aliases=("x_ielu",),
        reference=Reference(
            "A. H. Huang, I. Schlag",
            "Deriving Activation Functions Using Integration",
            2024,
            arxiv="2411.13010",
        ),
        kink_convention="C^1 at 0 (f'(0) = beta from both sides); f'' jumps from alpha_n to "
        "2 alpha_p, and x = 0 belongs to the exponential branch, so f''(0) = alpha_n.",
        notes=(
            "alpha_p and alpha_n are learned (as softplus(a) and beta + softplus(b)); the "
            "defaults are the initial values 0.8, 0.8 and the fixed beta = 0.5 of the "
            "reference implementations. Those compute the negative branch with exp(min(x, "
            "eps)), eps = -1e-6, which differs from this definition by about 1e-6 alpha_n "
            "on (-1e-6, 0].",
        ),
        window=(-4, 3),
    ),
]

_TRAINED = "its parameters are learned per channel and no fixed values are published"

# Not registered: f'' at the decimal default alpha = 0.87 and at its float64 rounding differ
# by 2.3e-14 relative at x = 5, so the site's exact value table (decimal alpha) and the
# generated code (float alpha) disagree beyond the table's 1e-14 check.
PENDING = [
    Activation(
        name="tanhsoft1",
        title="TanhSoft-1",
        family=FAMILY_GATED,
        expr=sp.tanh(_ts1_alpha.symbol * x) * sp.log(1 + sp.exp(x)),
        description="Softplus weighted by tanh(alpha x).",
        param_list=(_ts1_alpha,),
        aliases=("tanhsoft_1",),
        reference=BISWAS_TANHSOFT,
        notes=(
            "The member tanh(alpha x) ln(1 + e^x) of the TanhSoft family "
            "tanh(alpha x + beta e^(gamma x)) ln(delta + e^x); alpha = 0.87 is the value the "
            "paper reports best.",
        ),
        window=(-5, 3),
    ),
]

EXCLUDED = [
    Excluded(
        "acon_c",
        "ACON-C (p1 - p2) x sigmoid(beta (p1 - p2) x) + p2 x: "
        + _TRAINED
        + "; with p1 = 1, p2 = 0 it is swish, already catalogued. Meta-ACON computes beta "
        "from the whole feature map.",
        Reference(
            "N. Ma, X. Zhang, M. Liu, J. Sun",
            "Activate or Not: Learning Customized Activation",
            2021,
            "CVPR 2021",
            arxiv="2009.04759",
        ),
    ),
    Excluded(
        "glu_variants",
        "GLU, ReGLU, GEGLU, SwiGLU multiply two learned projections of the input: not a "
        "function of one scalar.",
        Reference("N. Shazeer", "GLU Variants Improve Transformer", 2020, arxiv="2002.05202"),
    ),
    Excluded(
        "eelu",
        "Elastic ELU draws a random slope for x > 0 in training (and the identity at test "
        "time): the training-time function is random.",
        Reference(
            "D. Kim, J. Kim, J. Kim",
            "Elastic exponential linear units for convolutional neural networks",
            2020,
            "Neurocomputing 406, 253-266",
            doi="10.1016/j.neucom.2020.03.051",
        ),
    ),
    Excluded(
        "felu",
        "Fast ELU computes ELU's exp(x) as 2^(x / ln 2); mathematically it is ELU, which is "
        "catalogued.",
        Reference(
            "Z. Qiumei, T. Dan, W. Fenghua",
            "Improved Convolutional Neural Network Based on Fast Exponentially Linear Unit "
            "Activation Function",
            2019,
            "IEEE Access 7, 151359-151367",
            doi="10.1109/ACCESS.2019.2948112",
        ),
    ),
    Excluded(
        "soft_exponential",
        "Soft exponential changes form with the sign of its learned alpha (log branch, "
        "identity, exponential branch) and " + _TRAINED + "; at alpha = 0 it is the identity.",
        Reference(
            "L. B. Godfrey, M. S. Gashler",
            "A continuum among logarithmic, linear, and exponential functions, and its "
            "potential to improve generalization in neural networks",
            2015,
            "IC3K 2015",
            arxiv="1602.01321",
        ),
    ),
]
