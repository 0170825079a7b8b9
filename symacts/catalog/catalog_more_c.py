"""More rectifiers, exponential-linear and logarithmic units from the literature (issue 11)."""

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
FAMILY_RECTIFIER = "rectifier"
FAMILY_HARD = "piecewise linear"
FAMILY_EXPONENTIAL = "exponential linear"
FAMILY_LOG = "logarithmic"

SMU_PAPER = Reference(
    "K. Biswas, S. Kumar, S. Banerjee, A. K. Pandey",
    "SMU: smooth activation function for deep networks using smoothing maximum technique",
    2021,
    arxiv="2111.04682",
)

_erfrelu_alpha = param("alpha", 1, POSITIVE, description="scale of the erf branch")
_polu_n = param("power", 2, POSITIVE, tex="n", description="power of the negative branch")
_pdelu_alpha = param("alpha", 1, POSITIVE, description="saturation value for x -> -oo is -alpha")
_pdelu_t = param(
    "t", sp.Rational(9, 10), sp.Interval.open(0, 1), description="deformation of the exponential"
)
_rsig_alpha = param("alpha", sp.Rational(1, 2), POSITIVE, description="weight of the x > 1 gate")
_rsig_beta = param("beta", sp.Rational(1, 2), POSITIVE, description="scale of the ELU branch")

_reltanh_pos = param(
    "lambda_pos", 0, sp.S.Reals, tex=r"\lambda^+", description="upper end of the tanh segment"
)
_reltanh_neg = param(
    "lambda_neg",
    sp.Rational(-3, 2),
    sp.S.Reals,
    tex=r"\lambda^-",
    description="lower end of the tanh segment",
)
_delu_n = param("a", 1, sp.Interval(0, sp.oo), tex="n", description="extra slope for x > 0")
_smu_alpha = param("alpha", sp.Rational(1, 4), sp.Interval.open(0, 1), description="leaky slope")
_smu_mu = param("mu", 1, POSITIVE, tex=r"\mu", description="sharpness of the smoothing")
_softpp_k = param("k", 1, POSITIVE, description="sharpness of the softplus term")
_softpp_c = param("c", 2, POSITIVE, description="the linear term is x / c")

_smu1_mu = param("mu", 1, POSITIVE, tex=r"\mu", description="smoothing; f(0) = mu / 2")
_blrelu_beta = param(
    "beta", sp.Float("0.01"), sp.Interval.open(0, 1), tex=r"\beta", description="outer slope"
)
_blrelu_a = param("upper", 1, POSITIVE, tex="A", description="end of the identity segment")

_nipuna_beta = param("beta", 1, POSITIVE, description="steepness of the swish gate")

_sau_sigma = param(
    "sigma", 1, POSITIVE, tex=r"\sigma", description="width of the Gaussian smoothing kernel"
)

_root = sp.sqrt(1 + x**2)
_sigmoid_x = 1 / (1 + sp.exp(-x))
_t = _pdelu_t.symbol
_lp, _ln = _reltanh_pos.symbol, _reltanh_neg.symbol
_al, _mu = _smu_alpha.symbol, _smu_mu.symbol
_k, _c = _softpp_k.symbol, _softpp_c.symbol
_tk = sp.tanh(_k * x / 2)
_bb, _ba = _blrelu_beta.symbol, _blrelu_a.symbol


def _tanh_tangent(at):
    """The tangent line of tanh at ``at`` (ReLTanh's linear extensions)."""
    return (1 - sp.tanh(at) ** 2) * (x - at) + sp.tanh(at)


ACTIVATIONS = [
    Activation(
        name="fpflu",
        title="Faster Power Function Linear Unit",
        family=FAMILY_EXPONENTIAL,
        # x + x^2/sqrt(1 + x^2) with the x < 0 cancellation removed:
        # sqrt(1 + x^2) + x = 1 / (sqrt(1 + x^2) - x).
        expr=sp.Piecewise((x, x >= 0), (x / (_root * (_root - x)), True)),
        description="The identity for x >= 0 and x + x^2 / sqrt(1 + x^2) below: non-monotonic, "
        "with a minimum near x = -0.8 and f -> 0 as x -> -oo.",
        aliases=("faster_pflu",),
        reference=Reference(
            "M. Zhu, W. Min, Q. Wang, S. Zou, X. Chen",
            "PFLU and FPFLU: Two novel non-monotonic activation functions in convolutional "
            "neural networks",
            2021,
            "Neurocomputing 429, 110-117",
            doi="10.1016/j.neucom.2020.11.068",
        ),
        kink_convention="C^1 at 0 (f'(0) = 1 from both sides); x = 0 belongs to the identity "
        "branch for f''.",
        notes=(
            "The paper writes the negative branch as x + x^2 / sqrt(1 + x^2); symacts stores the "
            "equal form x / (sqrt(1 + x^2) (sqrt(1 + x^2) - x)), which does not cancel as "
            "x -> -oo.",
        ),
        window=(-6, 3),
    ),
    Activation(
        name="loglu",
        title="Logarithmic Linear Unit",
        family=FAMILY_LOG,
        expr=sp.Piecewise((x, x > 0), (-sp.log(1 - x), True)),
        description="The identity for x > 0 and -log(1 - x) below: ELU-like near 0 but "
        "unbounded below, growing only logarithmically.",
        aliases=("log_lu", "logarithmic_linear_unit"),
        reference=Reference(
            "Anonymous authors",
            "Logarithmic Linear Units (LogLUs): A Novel Activation Function for Training Deep "
            "Neural Networks",
            2023,
            "ICLR 2024 submission (desk rejected), OpenReview",
            url="https://openreview.net/forum?id=LRpfp86Z38",
        ),
        kink_convention="C^1 at 0 (f'(0) = 1 from both sides); x = 0 belongs to the logarithmic "
        "branch, so f''(0) = 1.",
        notes=(
            "Only the OpenReview abstracts (ICLR 2024 and ICLR 2025 submissions) were read; the "
            "formula was not checked against the submissions' text.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="erfrelu",
        title="ErfReLU",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise((x, x >= 0), (_erfrelu_alpha.symbol * sp.erf(x), True)),
        description="The identity for x >= 0 and alpha erf(x) below, saturating at -alpha.",
        param_list=(_erfrelu_alpha,),
        aliases=("erf_relu",),
        reference=Reference(
            "A. Rajanand, P. Singh",
            "ErfReLU: Adaptive Activation Function for Deep Neural Network",
            2023,
            "Pattern Analysis and Applications 27 (2024)",
            arxiv="2306.01822",
        ),
        kink_convention="f'(0) = 1 from the right and 2 alpha / sqrt(pi) from the left; x = 0 "
        "belongs to the identity branch.",
        notes=("alpha is learned; symacts defaults it to 1.",),
        window=(-4, 3),
    ),
    Activation(
        name="rsigelu",
        title="RSigELU",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (_rsig_alpha.symbol * x * _sigmoid_x + x, x > 1),
            (x, x >= 0),
            (_rsig_beta.symbol * (sp.exp(x) - 1), True),
        ),
        description="ELU below 0, the identity on [0, 1] and x + alpha x sigmoid(x) above 1 "
        "(a jump at x = 1).",
        param_list=(_rsig_alpha, _rsig_beta),
        aliases=("rsigelud", "rsig_elu"),
        reference=Reference(
            "S. Kilicarslan, M. Celik",
            "RSigELU: A nonlinear activation function for deep neural networks",
            2021,
            "Expert Systems with Applications 174, 114805",
            doi="10.1016/j.eswa.2021.114805",
        ),
        kink_convention="f jumps at x = 1 by alpha sigmoid(1), and x = 1 belongs to the identity "
        "branch; at 0, f'(0) = 1 from the right and beta from the left, and x = 0 belongs to "
        "the identity branch.",
        notes=(
            "This is the two-parameter RSigELUD; the single-parameter RSigELUS is the case "
            "alpha = beta. The formula is the one of Kunc and Klema's survey and of the "
            "torch-activation implementation of its list (default 1 there); the paper's "
            "parameter values were not checked, and symacts defaults both to 1/2.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="pdelu",
        title="Parametric Deformable Exponential Linear Unit",
        family=FAMILY_EXPONENTIAL,
        # t = 9/10 written in: [1 + (1 - t) x]^(1/(1 - t)) = (x + 10)^10 / 10^10 (x + 10 is
        # exact near -10, where 1 + x/10 would cancel).
        expr=sp.Piecewise(
            (x, x > 0),
            (_pdelu_alpha.symbol * ((x + 10) ** 10 / 10**10 - 1), x > -10),
            (-_pdelu_alpha.symbol, True),
        ),
        description="An ELU whose exponential is deformed to [1 + (1 - t) x]_+^(1/(1 - t)) with "
        "t = 0.9, i.e. (1 + x/10)^10, which reaches the floor -alpha at x = -10.",
        param_list=(_pdelu_alpha,),
        reference=Reference(
            "Q. Cheng, H. Li, Q. Wu, L. Ma, K. N. Ngan",
            "Parametric Deformable Exponential Linear Units for deep neural networks",
            2020,
            "Neural Networks 125, 281-289",
            doi="10.1016/j.neunet.2020.02.012",
        ),
        kink_convention="x = 0 belongs to the polynomial branch (f'(0) = alpha from the left, 1 "
        "from the right; C^1 for alpha = 1) and x = -10 to the constant one (C^9 there).",
        notes=(
            "The paper's deformation t is fixed here at 0.9, the value it uses; as t -> 1 the "
            "negative branch tends to ELU's alpha (e^x - 1). alpha is learned per channel and "
            "initialised to 1 (as in the benchmark code of Dubey et al., arXiv:2109.14545).",
            "That benchmark code computes alpha ((1 + 0.1 x)^10 - 1) for every x < 0, without "
            "the paper's clamp [.]_+, so below x = -10 it rises again; symacts keeps the clamp.",
        ),
        window=(-12, 3),
    ),
    Activation(
        name="reltanh",
        title="Rectified Linear Tanh",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise(
            (_tanh_tangent(_lp), x >= _lp),
            (sp.tanh(x), x > _ln),
            (_tanh_tangent(_ln), True),
        ),
        description="tanh between lambda- and lambda+, continued outside by its tangent lines: "
        "C^1 everywhere and never flat.",
        param_list=(_reltanh_pos, _reltanh_neg),
        conditions=(sp.Lt(_ln, _lp),),
        aliases=("rel_tanh",),
        reference=Reference(
            "X. Wang, Y. Qin, Y. Wang, S. Xiang, H. Chen",
            "ReLTanh: An activation function with vanishing gradient resistance for SAE-based "
            "DNNs and its application to rotating machinery fault diagnosis",
            2019,
            "Neurocomputing 363, 88-98",
            doi="10.1016/j.neucom.2019.07.017",
        ),
        kink_convention="C^1 at both thresholds; x = lambda+ belongs to the upper line and "
        "x = lambda- to the lower one for f''.",
        notes=(
            "The thresholds are learned; symacts uses lambda+ = 0 and lambda- = -1.5, the values "
            "of the torch-activation implementation of the survey's list, where the upper line "
            "is the identity.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="delu",
        title="DELU",
        family=FAMILY_RECTIFIER,
        # |e^(-x) - 1| = 1 - e^(-x) for x > 0.
        expr=sp.Piecewise(
            (x * _sigmoid_x, x <= 0),
            ((_delu_n.symbol + sp.Rational(1, 2)) * x + 1 - sp.exp(-x), True),
        ),
        description="SiLU for x <= 0 and (n + 1/2) x + |e^(-x) - 1| above.",
        param_list=(_delu_n,),
        reference=Reference(
            "E. Pishchik",
            "Trainable Activations for Image Classification",
            2023,
            "Preprints.org 2023010463",
            doi="10.20944/preprints202301.0463.v1",
        ),
        kink_convention="Continuous at 0 with a kink: f'(0) = 1/2 from the left and n + 3/2 from "
        "the right; x = 0 belongs to the SiLU branch.",
        notes=(
            "The formula and n = 1 are those of the torch-activation package's DELU (its "
            "docstring writes x (n - 1) for the positive branch, its code (n + 0.5) x + "
            "|exp(-x) - 1|; symacts follows the code). A fork of it defaults n to 0.",
        ),
        window=(-6, 3),
    ),
    Activation(
        name="soft_modulus_q",
        title="SoftModulusQ",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise(
            (x, x > 1),
            (-x, x < -1),
            (x**2 * (2 - x), x >= 0),
            (x**2 * (2 + x), True),
        ),
        description="The modulus |x| with its corner replaced by the cubic x^2 (2 - |x|) on "
        "[-1, 1]: even, C^1.",
        aliases=("softmodulusq",),
        reference=Reference(
            "I. Valles-Perez, E. Soria-Olivas, M. Martinez-Sober, A. J. Serrano-Lopez, "
            "J. Vila-Frances, J. Gomez-Sanchis",
            "Empirical study of the modulus as activation function in computer vision applications",
            2023,
            arxiv="2301.05993",
        ),
        kink_convention="C^1 at -1, 0 and 1; x = +-1 belong to the cubic pieces and x = 0 to "
        "the x >= 0 one for f''.",
        notes=(
            "The same paper's SoftModulusT, x tanh(x / beta) with beta = 0.01, is beta * "
            "lisht(x / beta).",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="smu",
        title="Smooth Maximum Unit",
        family=FAMILY_RECTIFIER,
        expr=((1 + _al) * x + (1 - _al) * x * sp.erf(_mu * (1 - _al) * x)) / 2,
        description="A smooth leaky ReLU: max(x, alpha x) smoothed with erf, "
        "((1 + alpha) x + (1 - alpha) x erf(mu (1 - alpha) x)) / 2.",
        param_list=(_smu_alpha, _smu_mu),
        aliases=("smooth_maximum_unit",),
        reference=SMU_PAPER,
        notes=(
            "mu is learned and symacts defaults it to 1. The authors' implementation starts "
            "from alpha = 0.25 and mu = 10^6, where SMU is leaky_relu(alpha = 0.25) smoothed "
            "over |x| of order 1e-6 only. As mu -> oo SMU tends to leaky_relu(alpha).",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="smu1",
        title="Smooth Maximum Unit (SMU-1)",
        family=FAMILY_RECTIFIER,
        expr=((1 + _al) * x + sp.sqrt((1 - _al) ** 2 * x**2 + _smu1_mu.symbol**2)) / 2,
        description="A smooth leaky ReLU: max(x, alpha x) smoothed with |y| ~ sqrt(y^2 + mu^2), "
        "((1 + alpha) x + sqrt((1 - alpha)^2 x^2 + mu^2)) / 2.",
        param_list=(_smu_alpha, _smu1_mu),
        aliases=("smu_1",),
        reference=SMU_PAPER,
        notes=(
            "mu is learned and symacts defaults it to 1. The authors' implementation starts "
            "from alpha = 0.25 and mu = 4.35e-9, where SMU-1 is leaky_relu(alpha = 0.25) to "
            "within 2.2e-9. With alpha = 0 it is squareplus with b = mu^2.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="bounded_leaky_relu",
        title="Bounded leaky ReLU",
        family=FAMILY_HARD,
        expr=sp.Piecewise(
            (_bb * x, x <= 0),
            (_bb * x + (1 - _bb) * _ba, x >= _ba),
            (x, True),
        ),
        description="Slope beta outside [0, A] and the identity on it: a leaky ReLU whose "
        "positive side bends back to slope beta at A.",
        param_list=(_blrelu_beta, _blrelu_a),
        aliases=("blrelu", "bounded_lrelu"),
        reference=Reference(
            "S. S. Liew, M. Khalil-Hani, R. Bakhteri",
            "Bounded activation functions for enhanced training stability of deep neural "
            "networks on visual pattern recognition problems",
            2016,
            "Neurocomputing 216, 718-734",
            doi="10.1016/j.neucom.2016.08.037",
        ),
        kink_convention="x = 0 and x = A belong to the outer pieces, so f' = beta at both kinks.",
        notes=(
            "Liew et al. tune beta and A; symacts defaults to beta = 0.01 (leaky_relu's slope) "
            "and A = 1 (relun's bound). As beta -> 0 it becomes relun.",
        ),
        window=(-2, 3),
    ),
    Activation(
        name="rectified_tanh",
        title="Rectified tanh",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((sp.tanh(x), x > 0), (0, True)),
        description="The hyperbolic tangent clipped below at 0: max(0, tanh(x)), a rectifier "
        "bounded above by 1.",
        aliases=("rectifiedtanh", "retanh", "relu_tanh"),
        reference=Reference(
            "Eclipse Deeplearning4j developers",
            "Activations: Rectified tanh (ActivationRectifiedTanh)",
            2021,
            "Deeplearning4j 1.0.0-M1.1 reference",
            url="https://github.com/KonduitAI/deeplearning4j-gitbook-sync/blob/en-1.0.0-m1.1/"
            "deeplearning4j/reference/activations.md",
        ),
        kink_convention="x = 0 belongs to the zero branch, so f'(0) = 0 (the left slope, as relu).",
        notes=(
            "Deeplearning4j documents it as 'essentially max(0, tanh(x))'; the same unit is "
            "used in recurrent models of neural circuits.",
        ),
        window=(-3, 4),
    ),
    Activation(
        name="nipuna",
        title="NIPUNA",
        family=FAMILY_RECTIFIER,
        # max(x sigmoid(beta x), x): the identity for x >= 0, swish below.
        expr=sp.Piecewise(
            (x, x >= 0),
            (x / (1 + sp.exp(-_nipuna_beta.symbol * x)), True),
        ),
        description="max(x sigmoid(beta x), x): the identity for x >= 0 and swish below, "
        "non-monotonic with a minimum near x = -1.28 / beta.",
        param_list=(_nipuna_beta,),
        reference=Reference(
            "G. Madhu, S. Kautish, K. A. Alnowibet, H. M. Zawbaa, A. W. Mohamed",
            "NIPUNA: A Novel Optimizer Activation Function for Deep Neural Networks",
            2023,
            "Axioms 12(3), 246",
            doi="10.3390/axioms12030246",
        ),
        kink_convention="f'(0) = 1 from the right and 1/2 from the left; x = 0 belongs to the "
        "identity branch.",
        notes=(
            "The paper defines NIPUNA as max(g(x), x) with g(x) = x / (1 + e^(-beta x)); beta "
            "is a tuned hyper-parameter and symacts defaults it to 1. Only the abstract and "
            "the outline of the paper were read here.",
        ),
        window=(-6, 3),
    ),
    Activation(
        name="sau",
        title="Smooth Activation Unit",
        family=FAMILY_RECTIFIER,
        # E[leaky_relu(x + sigma Z)], Z standard normal, in closed form.
        expr=(1 + _al) * x / 2
        + (1 - _al) * x / 2 * sp.erf(x / (sp.sqrt(2) * _sau_sigma.symbol))
        + (1 - _al)
        * _sau_sigma.symbol
        / sp.sqrt(2 * sp.pi)
        * sp.exp(-(x**2) / (2 * _sau_sigma.symbol**2)),
        description="Leaky ReLU convolved with a Gaussian of width sigma: "
        "alpha x + (1 - alpha) (x Phi(x / sigma) + sigma phi(x / sigma)).",
        param_list=(_smu_alpha, _sau_sigma),
        aliases=("smooth_activation_unit",),
        reference=Reference(
            "K. Biswas, S. Kumar, S. Banerjee, A. K. Pandey",
            "SAU: Smooth activation function using convolution with approximate identities",
            2021,
            arxiv="2109.13210",
        ),
        notes=(
            "The paper smooths leaky_relu(alpha) by convolution with a Gaussian approximate "
            "identity; the closed form here is that convolution, checked against numerical "
            "quadrature. alpha and the width are learned or tuned; symacts defaults to "
            "alpha = 0.25 (as the same authors' SMU) and sigma = 1. As sigma -> 0 SAU tends "
            "to leaky_relu(alpha).",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="slu",
        title="Softplus Linear Unit",
        family=FAMILY_RECTIFIER,
        # 2 log((e^x + 1) / 2) = 4 atanh(t / (2 - t)), t = tanh(x / 2): no cancellation at 0.
        expr=sp.Piecewise(
            (x, x >= 0),
            (4 * sp.atanh(sp.tanh(x / 2) / (2 - sp.tanh(x / 2))), True),
        ),
        description="Linear for x >= 0 and a shifted, doubled softplus below: "
        "2 log((e^x + 1) / 2), which saturates at -2 log 2.",
        aliases=("softplus_linear_unit",),
        reference=Reference(
            "H. Zhao, F. Liu, L. Li, C. Luo",
            "A novel softplus linear unit for deep convolutional neural networks",
            2018,
            "Applied Intelligence 48, 1707-1720",
            doi="10.1007/s10489-017-1028-7",
        ),
        kink_convention="C^1 at 0 (f'(0) = 1 from both sides); x = 0 belongs to the linear "
        "branch for f''.",
        notes=(
            "The paper writes alpha x for x >= 0 and beta log(e^x + 1) - gamma below, with "
            "alpha = 1, beta = 2, gamma = 2 log 2 (the values making it C^1). symacts stores "
            "the negative branch in the equal form 4 atanh(t / (2 - t)) with t = tanh(x / 2), "
            "which keeps full accuracy near 0 (log((e^x + 1) / 2) cancels there).",
        ),
        window=(-5, 3),
    ),
]

# Correct records the numeric generator cannot yet certify; not registered until it can.
# Measured with the current generator. polu: f'' (-6 (1 - x)^-4) overflows to 0 where
# (1 - x)^4 > 1.8e308 although the result is still a normal number (6.8e15 ULP at
# x = -1.2e77); with n = 1.5 f itself misses near 0 (9e15 ULP at x = -3.6e-51). logcosh:
# cosh overflows before the log for |x| > 710 (458 non-finite f values, e.g. at
# x = -6.3e29); the equal split form 2 atanh(tanh(x/2)^2) on [-1, 1],
# |x| - log 2 + log(1 + e^(-2|x|)) outside stops the derivation (SymPy cannot decide
# 2 atanh(tanh(1/2)^2) < 1 - log 2 + log(1 + e^-2) when comparing the pieces at x = 1).
# soft_plus_plus: its paper form log(1 + e^(k x)) + x / c - log 2 misses f at the root 0
# (4.5e15 ULP at x = 6e-64); the split atanh form below is certified (max 1.3 / 1.2 / 1.8
# ULP for f / f' / f''), but the properties cannot prove its two pieces are one analytic
# function (SymPy does not simplify k x - 2 atanh(t/(2 + t)) - 2 atanh(t/(2 - t)) to 0) and
# report a jump of f^(5) at 0 that is not there; a single-piece form fails the generator.
PENDING = [
    Activation(
        name="polu",
        title="Power Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise((x, x >= 0), ((1 - x) ** (-_polu_n.symbol) - 1, True)),
        description="The identity for x >= 0 and (1 - x)^(-n) - 1 below, saturating at -1.",
        param_list=(_polu_n,),
        aliases=("power_linear_unit",),
        reference=Reference(
            "Y. Li, P. L. K. Ding, B. Li",
            "Training Neural Networks by Using Power Linear Units (PoLUs)",
            2018,
            arxiv="1802.00212",
        ),
        kink_convention="f'(0) = 1 from the right and n from the left; x = 0 belongs to the "
        "identity branch.",
        notes=(
            "The paper compares n = 1, 1.5 and 2; symacts defaults to n = 2. With n = 1 PoLU is "
            "signrelu with alpha = 1 (x / (1 - x) below 0).",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="logcosh",
        title="Log-cosh",
        family=FAMILY_LOG,
        expr=sp.log(sp.cosh(x)),
        description="The logarithm of cosh: x^2/2 near 0 and |x| - log 2 far out, a smooth "
        "modulus.",
        aliases=("log_cosh",),
        reference=Reference(
            "FluxML NNlib developers",
            "NNlib.jl activation functions: logcosh",
            2020,
            "NNlib.jl (Julia)",
            url="https://fluxml.ai/NNlib.jl/stable/reference/#NNlib.logcosh",
        ),
        notes=(
            "NNlib computes it as x + softplus(-2x) - log 2; log cosh is better known as a "
            "regression loss.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="soft_plus_plus",
        title="Soft++",
        family=FAMILY_RECTIFIER,
        # log((1 + e^u) / 2) = 2 atanh(t / (2 - t)), t = tanh(u / 2), taken with u = k x for
        # x <= 0 and u = -k x (plus k x) for x > 0: exact at the root 0, no overflow far out.
        expr=sp.Piecewise(
            (_k * x - 2 * sp.atanh(_tk / (2 + _tk)) + x / _c, x > 0),
            (2 * sp.atanh(_tk / (2 - _tk)) + x / _c, True),
        ),
        description="A non-saturating softplus: log(1 + e^(k x)) + x / c - log 2, zero at 0.",
        param_list=(_softpp_k, _softpp_c),
        aliases=("softplusplus", "softpp"),
        reference=Reference(
            "A. Ciuparu, A. Nagy-Dabacan, R. C. Muresan",
            "Soft++, a multi-parametric non-saturating non-linearity that improves "
            "convergence in deep neural architectures",
            2020,
            "Neurocomputing 384, 376-388",
            doi="10.1016/j.neucom.2019.12.014",
        ),
        notes=(
            "k = 1, c = 2 as listed by Kunc and Klema's survey (arXiv:2402.09092). The paper "
            "writes log(1 + e^(k x)) + x / c - log 2; symacts stores the equal form "
            "2 atanh(t / (2 - t)) + x / c with t = tanh(k x / 2) (k x - 2 atanh(t / (2 + t)) "
            "+ x / c for x > 0), which keeps full accuracy at the root 0.",
        ),
        window=(-5, 5),
    ),
]

EXCLUDED = [
    Excluded(
        "abrelu",
        "Average biased ReLU max(0, x - mean) subtracts the mean of the whole feature map: a "
        "whole-tensor operation.",
        Reference(
            "S. R. Dubey, S. Chakraborty",
            "Average biased ReLU based CNN descriptor for improved face retrieval",
            2021,
            "Multimedia Tools and Applications 80",
            arxiv="1804.02051",
        ),
    ),
    Excluded(
        "erelu",
        "Elastic ReLU (and EPReLU) multiply the positive part by a slope drawn at random in "
        "training (relu, resp. prelu, at test time): the training-time function is random.",
        Reference(
            "X. Jiang, Y. Pang, X. Li, J. Pan, Y. Xie",
            "Deep neural networks with Elastic Rectified Linear Units for object recognition",
            2018,
            "Neurocomputing 275, 1132-1139",
            doi="10.1016/j.neucom.2017.09.056",
        ),
    ),
    Excluded(
        "concat_elu",
        "Concatenated ELU, elu([x, -x]), doubles the channels: not a scalar function (its "
        "parts are elu).",
        Reference(
            "T. Salimans, A. Karpathy, X. Chen, D. P. Kingma",
            "PixelCNN++: Improving the PixelCNN with Discretized Logistic Mixture Likelihood "
            "and Other Modifications",
            2017,
            "ICLR 2017",
            arxiv="1701.05517",
        ),
    ),
    Excluded(
        "solu",
        "Softmax linear unit x * softmax(x) normalises over the hidden layer: a whole-tensor "
        "operation.",
        Reference(
            "N. Elhage et al.",
            "Softmax Linear Units",
            2022,
            "Transformer Circuits Thread",
            url="https://transformer-circuits.pub/2022/solu/index.html",
        ),
    ),
    Excluded(
        "pwlu",
        "The piecewise linear unit learns the values at its breakpoints per channel (its "
        "initialisation is relu): no fixed published shape.",
        Reference(
            "Y. Zhou, Z. Zhu, Z. Zhong",
            "Learning specialized activation functions with the Piecewise Linear Unit",
            2021,
            "ICCV 2021",
            arxiv="2104.03693",
        ),
    ),
    Excluded(
        "arelu",
        "Attention-based ReLU learns its two slopes per layer (1 + sigmoid(beta) for x >= 0, "
        "clamped alpha below); with its initial values it is a leaky ReLU with a scaled "
        "positive side.",
        Reference(
            "D. Chen, J. Li, K. Xu",
            "AReLU: Attention-based Rectified Linear Unit",
            2020,
            arxiv="2006.13858",
        ),
    ),
]
