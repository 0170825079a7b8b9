"""Activations PyTorch provides; names follow ``torch.nn.functional``, defaults follow PyTorch.

Kink ownership follows PyTorch autograd: the branch whose condition includes the boundary
point decides the derivative there.
"""

import mpmath
import sympy as sp

from symacts.catalog import (
    NONNEGATIVE,
    POSITIVE,
    Activation,
    Reference,
    X,
    jax_nn,
    keras_act,
    param,
    scipy_f,
    torch_f,
)

x = X
FAMILY_RECTIFIER = "rectifier"
FAMILY_EXPONENTIAL = "exponential linear"
FAMILY_GATED = "gated (self-gated)"
FAMILY_SIGMOIDAL = "sigmoidal"
FAMILY_HARD = "piecewise linear"
FAMILY_SHRINK = "shrinkage"

NAIR_HINTON = Reference(
    "V. Nair, G. E. Hinton",
    "Rectified Linear Units Improve Restricted Boltzmann Machines",
    2010,
    "ICML 2010",
    url="https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf",
)
HE_2015 = Reference(
    "K. He, X. Zhang, S. Ren, J. Sun",
    "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification",
    2015,
    "ICCV 2015",
    arxiv="1502.01852",
)
CLEVERT_2015 = Reference(
    "D.-A. Clevert, T. Unterthiner, S. Hochreiter",
    "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
    2016,
    "ICLR 2016",
    arxiv="1511.07289",
)
HENDRYCKS_GIMPEL = Reference(
    "D. Hendrycks, K. Gimpel", "Gaussian Error Linear Units (GELUs)", 2016, arxiv="1606.08415"
)
MOBILENET_V3 = Reference(
    "A. Howard, M. Sandler, G. Chu, L.-C. Chen, B. Chen, M. Tan, W. Wang, Y. Zhu, R. Pang, "
    "V. Vasudevan, Q. V. Le, H. Adam",
    "Searching for MobileNetV3",
    2019,
    "ICCV 2019",
    arxiv="1905.02244",
)
RUMELHART_1986 = Reference(
    "D. E. Rumelhart, G. E. Hinton, R. J. Williams",
    "Learning representations by back-propagating errors",
    1986,
    "Nature 323, 533-536",
    doi="10.1038/323533a0",
)
DONOHO_SOFT = Reference(
    "D. L. Donoho",
    "De-noising by soft-thresholding",
    1995,
    "IEEE Transactions on Information Theory 41(3), 613-627",
    doi="10.1109/18.382009",
)
DONOHO_JOHNSTONE = Reference(
    "D. L. Donoho, I. M. Johnstone",
    "Ideal spatial adaptation by wavelet shrinkage",
    1994,
    "Biometrika 81(3), 425-455",
    doi="10.1093/biomet/81.3.425",
)
TORCH_ONLY = "defined by PyTorch (inherited from Lua Torch); no paper introduces it"

RECTIFIER_KINK = "x = 0 belongs to the x <= 0 branch, so f'(0) is the left slope (as PyTorch)."


def _selu_constants():
    """The SELU fixed-point constants in closed form (Klambauer et al., 2017, eqs. 14-15),
    evaluated by mpmath at 50 digits (SymPy's evalf of the same form cost 84 ms per import)."""
    with mpmath.workdps(50):
        e_half = mpmath.sqrt(mpmath.e)
        erfc1 = mpmath.erfc(1 / mpmath.sqrt(2))
        alpha = -mpmath.sqrt(2 / mpmath.pi) / (erfc1 * e_half - 1)
        scale = (
            (1 - erfc1 * e_half)
            * mpmath.sqrt(2 * mpmath.pi)
            / mpmath.sqrt(
                2 * mpmath.erfc(mpmath.sqrt(2)) * mpmath.e**2
                + mpmath.pi * erfc1**2 * mpmath.e
                - 2 * (2 + mpmath.pi) * erfc1 * e_half
                + mpmath.pi
                + 2
            )
        )
        return sp.Float(mpmath.nstr(alpha, 40), 40), sp.Float(mpmath.nstr(scale, 40), 40)


SELU_ALPHA, SELU_SCALE = _selu_constants()

_leaky = param(
    "alpha",
    sp.Float("0.01"),
    NONNEGATIVE,
    aliases=("negative_slope",),
    description="slope for x <= 0",
)
_prelu = param(
    "a",
    sp.Float("0.25"),
    sp.S.Reals,
    aliases=("weight", "init"),
    description="learned slope for x <= 0 (PyTorch's initial value)",
)
_lower = param("lower", sp.Rational(1, 8), NONNEGATIVE, description="lower bound of the slope")
_upper = param("upper", sp.Rational(1, 3), NONNEGATIVE, description="upper bound of the slope")
_elu_alpha = param("alpha", 1, POSITIVE, description="saturation value for x -> -oo is -alpha")
_celu_alpha = param("alpha", 1, POSITIVE, description="scale of the exponential branch")
_selu_alpha = param("alpha", SELU_ALPHA, POSITIVE, description="self-normalising alpha")
_selu_scale = param(
    "scale", SELU_SCALE, POSITIVE, tex=r"\lambda", description="self-normalising scale lambda"
)
_beta = param("beta", 1, POSITIVE, description="sharpness")
_min_val = param("min_val", -1, tex=r"a_{\min}", description="lower clipping value")
_max_val = param("max_val", 1, tex=r"a_{\max}", description="upper clipping value")
# softshrink and hardshrink share one threshold parameter (same name, default, domain).
_lambd = param(
    "lambd",
    sp.Float("0.5"),
    NONNEGATIVE,
    tex=r"\lambda",
    aliases=("lambda_",),
    description="threshold",
)
_threshold = param("threshold", 0, tex=r"\theta", description="the input must exceed this")
_value = param("value", 0, tex="v", description="output where x <= threshold")

_a, _al, _b, _l = _leaky.symbol, _prelu.symbol, _beta.symbol, _lambd.symbol

ACTIVATIONS = [
    Activation(
        name="relu",
        title="Rectified Linear Unit",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x, x > 0), (0, True)),
        description="Passes positive inputs unchanged and maps the rest to zero.",
        aliases=("rectifier", "poslin"),
        reference=NAIR_HINTON,
        frameworks=(torch_f("relu"), jax_nn("relu"), keras_act("relu")),
        kink_convention=RECTIFIER_KINK,
        window=(-3, 3),
    ),
    Activation(
        name="relu6",
        title="ReLU6",
        family=FAMILY_HARD,
        expr=sp.Piecewise((0, x <= 0), (6, x >= 6), (x, True)),
        description="A rectifier clipped at 6, as used in MobileNets.",
        aliases=("relu_6",),
        reference=Reference(
            "A. Krizhevsky",
            "Convolutional Deep Belief Networks on CIFAR-10",
            2010,
            "technical report",
            url="https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf",
        ),
        frameworks=(torch_f("relu6"), jax_nn("relu6"), keras_act("relu6")),
        kink_convention="x = 0 and x = 6 belong to the constant branches, so f' = 0 at both "
        "kinks (as PyTorch, which computes relu6 as hardtanh(x, 0, 6)).",
        window=(-2, 8),
    ),
    Activation(
        name="leaky_relu",
        title="Leaky ReLU",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x, x > 0), (_a * x, True)),
        description="A rectifier with a small fixed slope for negative inputs.",
        param_list=(_leaky,),
        aliases=("lrelu", "leakyrelu"),
        reference=Reference(
            "A. L. Maas, A. Y. Hannun, A. Y. Ng",
            "Rectifier Nonlinearities Improve Neural Network Acoustic Models",
            2013,
            "ICML Workshop on Deep Learning for Audio, Speech and Language Processing",
            url="https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
        ),
        frameworks=(
            torch_f("leaky_relu", negative_slope=0.01),
            jax_nn("leaky_relu", negative_slope=0.01),
            keras_act(
                "leaky_relu", "Keras defaults to negative_slope=0.2, not 0.01.", negative_slope=0.2
            ),
        ),
        kink_convention=RECTIFIER_KINK + " Here f'(0) = alpha.",
        notes=(
            "Keras uses slope 0.2 by default (Keras 2's LeakyReLU layer used 0.3); "
            "PyTorch and JAX use 0.01, which symacts follows.",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="prelu",
        title="Parametric ReLU",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x, x > 0), (_al * x, True)),
        description="A leaky rectifier whose negative slope is a learned parameter.",
        param_list=(_prelu,),
        aliases=("parametric_relu",),
        reference=HE_2015,
        frameworks=(
            torch_f("prelu", "The slope is a tensor argument (nn.PReLU init=0.25).", weight=0.25),
            keras_act(
                "PReLU",
                "A Keras layer (keras.layers.PReLU) whose slope is initialised to 0, not 0.25.",
            ),
        ),
        kink_convention=RECTIFIER_KINK + " Here f'(0) = a.",
        window=(-3, 3),
    ),
    Activation(
        name="rrelu",
        title="Randomized Leaky ReLU (inference)",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x, x > 0), ((_lower.symbol + _upper.symbol) / 2 * x, True)),
        description="At inference the random slope of RReLU is fixed to the mean "
        "(lower + upper) / 2 of its sampling range.",
        param_list=(_lower, _upper),
        conditions=(sp.Le(_lower.symbol, _upper.symbol),),
        aliases=("randomized_relu",),
        reference=Reference(
            "B. Xu, N. Wang, T. Chen, M. Li",
            "Empirical Evaluation of Rectified Activations in Convolutional Network",
            2015,
            arxiv="1505.00853",
        ),
        frameworks=(
            torch_f(
                "rrelu",
                "training=False gives this deterministic form; in "
                "training the slope is sampled uniformly from [lower, upper].",
                lower=0.125,
                upper=1 / 3,
                training=False,
            ),
        ),
        kink_convention=RECTIFIER_KINK + " Here f'(0) = (lower + upper) / 2.",
        notes=(
            "Xu et al. write the negative branch as x / a with a ~ U(3, 8); PyTorch (and "
            "symacts) use the slope form a * x with a ~ U(1/8, 1/3).",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="elu",
        title="Exponential Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise((x, x > 0), (_elu_alpha.symbol * (sp.exp(x) - 1), True)),
        description="Linear for positive inputs, saturating exponentially to -alpha.",
        param_list=(_elu_alpha,),
        reference=CLEVERT_2015,
        frameworks=(
            torch_f("elu", alpha=1.0),
            jax_nn("elu", alpha=1.0),
            keras_act("elu", alpha=1.0),
        ),
        kink_convention="x = 0 belongs to the exponential branch, so f'(0) = alpha (as PyTorch).",
        window=(-4, 3),
    ),
    Activation(
        name="celu",
        title="Continuously Differentiable ELU",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (x, x > 0),
            (_celu_alpha.symbol * (sp.exp(x / _celu_alpha.symbol) - 1), True),
        ),
        description="An ELU rescaled so that its derivative is 1 at 0 for every alpha.",
        param_list=(_celu_alpha,),
        reference=Reference(
            "J. T. Barron",
            "Continuously Differentiable Exponential Linear Units",
            2017,
            arxiv="1704.07483",
        ),
        frameworks=(
            torch_f("celu", alpha=1.0),
            jax_nn("celu", alpha=1.0),
            keras_act("celu", alpha=1.0),
        ),
        kink_convention="x = 0 belongs to the exponential branch; f'(0) = 1 from both sides.",
        window=(-4, 3),
    ),
    Activation(
        name="selu",
        title="Scaled Exponential Linear Unit",
        family=FAMILY_EXPONENTIAL,
        expr=sp.Piecewise(
            (_selu_scale.symbol * x, x > 0),
            (_selu_scale.symbol * _selu_alpha.symbol * (sp.exp(x) - 1), True),
        ),
        description="A scaled ELU whose constants make activations self-normalising.",
        param_list=(_selu_alpha, _selu_scale),
        reference=Reference(
            "G. Klambauer, T. Unterthiner, A. Mayr, S. Hochreiter",
            "Self-Normalizing Neural Networks",
            2017,
            "NeurIPS 2017",
            arxiv="1706.02515",
        ),
        frameworks=(torch_f("selu"), jax_nn("selu"), keras_act("selu")),
        kink_convention="x = 0 belongs to the exponential branch, so f'(0) = scale * alpha "
        "(as PyTorch).",
        notes=(
            "The defaults are the paper's closed-form fixed-point constants evaluated to 40 "
            "digits; frameworks round them to float64 "
            "(alpha = 1.6732632423543772848170429916717, "
            "scale = 1.0507009873554804934193349852946 in PyTorch's source).",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="gelu",
        title="Gaussian Error Linear Unit",
        family=FAMILY_GATED,
        expr=x / 2 * (1 + sp.erf(x / sp.sqrt(2))),
        description="The input weighted by the standard normal CDF: x * Phi(x).",
        reference=HENDRYCKS_GIMPEL,
        frameworks=(
            torch_f("gelu", approximate="none"),
            jax_nn(
                "gelu",
                "JAX defaults to approximate=True (the tanh form, gelu_tanh); pass "
                "approximate=False for this function.",
                approximate=False,
            ),
            keras_act("gelu", approximate=False),
        ),
        window=(-4, 3),
    ),
    Activation(
        name="gelu_tanh",
        title="GELU (tanh approximation)",
        family=FAMILY_GATED,
        expr=x / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (x + sp.Float("0.044715", 50) * x**3))),
        description="Hendrycks and Gimpel's tanh approximation of GELU.",
        aliases=("gelu_approximate", "approximate_gelu", "gelu_new"),
        reference=HENDRYCKS_GIMPEL,
        frameworks=(
            torch_f("gelu", approximate="tanh"),
            jax_nn("gelu", approximate=True),
            keras_act("gelu", approximate=True),
        ),
        window=(-4, 3),
    ),
    Activation(
        name="silu",
        title="Sigmoid Linear Unit",
        family=FAMILY_GATED,
        expr=x / (1 + sp.exp(-x)),
        description="The input weighted by its logistic sigmoid (swish with beta = 1).",
        aliases=("swish1", "swish_1"),
        reference=Reference(
            "S. Elfwing, E. Uchibe, K. Doya",
            "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in "
            "Reinforcement Learning",
            2018,
            "Neural Networks 107, 3-11",
            arxiv="1702.03118",
        ),
        frameworks=(torch_f("silu"), jax_nn("silu"), keras_act("silu")),
        notes=(
            "Hendrycks and Gimpel (2016) proposed the same function as SiLU; Ramachandran "
            "et al. (2017) named its parametric form swish.",
        ),
        window=(-6, 4),
    ),
    Activation(
        name="mish",
        title="Mish",
        family=FAMILY_GATED,
        expr=x * sp.tanh(sp.log(1 + sp.exp(x))),
        description="The input weighted by tanh of its softplus.",
        reference=Reference(
            "D. Misra",
            "Mish: A Self Regularized Non-Monotonic Activation Function",
            2019,
            "BMVC 2020",
            arxiv="1908.08681",
        ),
        frameworks=(torch_f("mish"), jax_nn("mish"), keras_act("mish")),
        window=(-6, 4),
    ),
    Activation(
        name="softplus",
        title="Softplus",
        family=FAMILY_RECTIFIER,
        expr=sp.log(1 + sp.exp(_b * x)) / _b,
        description="A smooth approximation of the rectifier.",
        param_list=(_beta,),
        aliases=("smooth_relu", "softrelu", "bnll"),
        reference=Reference(
            "C. Dugas, Y. Bengio, F. Belisle, C. Nadeau, R. Garcia",
            "Incorporating Second-Order Functional Knowledge for Better Option Pricing",
            2000,
            "NIPS 2000",
            url="https://papers.nips.cc/paper/1920-incorporating-second-order-functional-"
            "knowledge-for-better-option-pricing",
        ),
        frameworks=(
            torch_f(
                "softplus",
                "PyTorch returns x itself once beta * x > threshold (20), a "
                "relative error up to about 1e-9 just above the threshold.",
                beta=1.0,
                threshold=20.0,
            ),
            jax_nn("softplus"),
            keras_act("softplus"),
            scipy_f("scipy.special.softplus"),
        ),
        notes=(
            "PyTorch's threshold cut-off is a framework shortcut, not part of the "
            "definition; symacts evaluates the exact function everywhere.",
            "MXNet names it softrelu (Activation act_type) and Caffe's BNLL layer computes "
            "it at beta = 1; PaddlePaddle's soft_relu clips x to [-40, 40] first, so it "
            "differs beyond that.",
        ),
        window=(-5, 5),
    ),
    Activation(
        name="softsign",
        title="Softsign",
        family=FAMILY_SIGMOIDAL,
        expr=x / (1 + sp.Abs(x)),
        description="An algebraic sigmoid with polynomial (not exponential) tails.",
        aliases=("soft_sign", "elliotsig"),
        reference=Reference(
            "J. Turian, J. Bergstra, Y. Bengio",
            "Quadratic Features and Deep Architectures for Chunking",
            2009,
            "NAACL-HLT 2009",
            url="https://aclanthology.org/N09-2062",
        ),
        frameworks=(torch_f("softsign"), jax_nn("soft_sign"), keras_act("softsign")),
        kink_convention="f'' jumps at 0; f''(0) is taken as 0, the mean of the one-sided "
        "values (sign(0) = 0).",
        window=(-6, 6),
    ),
    Activation(
        name="sigmoid",
        title="Logistic sigmoid",
        family=FAMILY_SIGMOIDAL,
        expr=1 / (1 + sp.exp(-x)),
        description="The logistic function, mapping the reals onto (0, 1).",
        aliases=("logistic", "expit", "logsig"),
        reference=RUMELHART_1986,
        frameworks=(
            torch_f("sigmoid"),
            jax_nn("sigmoid"),
            keras_act("sigmoid"),
            scipy_f("scipy.special.expit"),
        ),
        window=(-6, 6),
    ),
    Activation(
        name="tanh",
        title="Hyperbolic tangent",
        family=FAMILY_SIGMOIDAL,
        expr=sp.tanh(x),
        description="The hyperbolic tangent, a zero-centred sigmoid onto (-1, 1).",
        aliases=("hyperbolic_tangent", "tansig"),
        reference=Reference(
            "Y. LeCun, L. Bottou, G. B. Orr, K.-R. Mueller",
            "Efficient BackProp",
            1998,
            "Neural Networks: Tricks of the Trade, LNCS 1524",
            doi="10.1007/3-540-49430-8_2",
        ),
        frameworks=(torch_f("tanh"), keras_act("tanh"), scipy_f("numpy.tanh")),
        window=(-4, 4),
    ),
    Activation(
        name="logsigmoid",
        title="Log-sigmoid",
        family=FAMILY_SIGMOIDAL,
        expr=sp.log(1 / (1 + sp.exp(-x))),
        description="The logarithm of the logistic sigmoid, log(sigmoid(x)).",
        aliases=("log_sigmoid",),
        reference=RUMELHART_1986,
        frameworks=(
            torch_f("logsigmoid"),
            jax_nn("log_sigmoid"),
            keras_act("log_sigmoid"),
            scipy_f("scipy.special.log_expit"),
        ),
        window=(-6, 4),
    ),
    Activation(
        name="hardtanh",
        title="Hard tanh",
        family=FAMILY_HARD,
        expr=sp.Piecewise(
            (_min_val.symbol, x <= _min_val.symbol),
            (_max_val.symbol, x >= _max_val.symbol),
            (x, True),
        ),
        description="The identity clipped to [min_val, max_val].",
        param_list=(_min_val, _max_val),
        conditions=(sp.Lt(_min_val.symbol, _max_val.symbol),),
        aliases=("hard_tanh", "satlins"),
        reference=Reference(
            "R. Collobert",
            "Large Scale Machine Learning",
            2004,
            "PhD thesis, Universite Paris VI",
            url="https://ronan.collobert.com/pub/matos/2004_phdthesis_lip6.pdf",
        ),
        frameworks=(torch_f("hardtanh", min_val=-1.0, max_val=1.0), jax_nn("hard_tanh")),
        kink_convention="The clipping points belong to the constant branches, so f' = 0 at "
        "both (as PyTorch).",
        window=(-3, 3),
    ),
    Activation(
        name="hardsigmoid",
        title="Hard sigmoid",
        family=FAMILY_HARD,
        expr=sp.Piecewise((0, x <= -3), (1, x >= 3), (x / 6 + sp.Rational(1, 2), True)),
        description="A piecewise-linear sigmoid, relu6(x + 3) / 6.",
        aliases=("hard_sigmoid",),
        reference=MOBILENET_V3,
        frameworks=(
            torch_f("hardsigmoid"),
            jax_nn("hard_sigmoid"),
            keras_act(
                "hard_sigmoid",
                "Keras 2 used 0.2 * x + 0.5 clipped to [0, 1]; Keras 3 "
                "uses relu6(x + 3) / 6 like PyTorch.",
            ),
        ),
        kink_convention="x = -3 and x = 3 belong to the constant branches, so f' = 0 at both "
        "(as PyTorch).",
        notes=(
            "Courbariaux et al. (BinaryConnect, 2015) use clip((x + 1) / 2, 0, 1), another "
            "common 'hard sigmoid'; symacts follows PyTorch.",
        ),
        window=(-5, 5),
    ),
    Activation(
        name="hardswish",
        title="Hard swish",
        family=FAMILY_HARD,
        expr=sp.Piecewise((0, x <= -3), (x, x >= 3), (x * (x + 3) / 6, True)),
        description="A piecewise-polynomial swish, x * relu6(x + 3) / 6.",
        aliases=("hard_swish", "hard_silu", "hardsilu"),
        reference=MOBILENET_V3,
        frameworks=(torch_f("hardswish"), jax_nn("hard_swish"), keras_act("hard_silu")),
        kink_convention="x = -3 and x = 3 belong to the outer branches, so f'(-3) = 0 and "
        "f'(3) = 1 (as PyTorch).",
        window=(-5, 4),
    ),
    Activation(
        name="tanhshrink",
        title="Tanh shrink",
        family=FAMILY_SHRINK,
        expr=x - sp.tanh(x),
        description="The input minus its hyperbolic tangent.",
        aliases=("tanh_shrink",),
        frameworks=(torch_f("tanhshrink"),),
        notes=(TORCH_ONLY,),
        window=(-4, 4),
    ),
    Activation(
        name="softshrink",
        title="Soft shrinkage",
        family=FAMILY_SHRINK,
        expr=sp.Piecewise((x - _l, x > _l), (x + _l, x < -_l), (0, True)),
        description="Soft thresholding: moves the input towards zero by lambda.",
        param_list=(_lambd,),
        aliases=("soft_shrink", "soft_threshold"),
        reference=DONOHO_SOFT,
        frameworks=(torch_f("softshrink", lambd=0.5),),
        kink_convention="x = +-lambda belong to the zero branch, so f' = 0 there (as PyTorch).",
        window=(-3, 3),
    ),
    Activation(
        name="hardshrink",
        title="Hard shrinkage",
        family=FAMILY_SHRINK,
        expr=sp.Piecewise((x, x > _lambd.symbol), (x, x < -_lambd.symbol), (0, True)),
        description="Hard thresholding: zero inside [-lambda, lambda], identity outside.",
        param_list=(_lambd,),
        aliases=("hard_shrink", "hard_threshold"),
        reference=DONOHO_JOHNSTONE,
        frameworks=(torch_f("hardshrink", lambd=0.5),),
        kink_convention="x = +-lambda belong to the zero branch, so f = 0 and f' = 0 there "
        "(as PyTorch).",
        window=(-3, 3),
    ),
    Activation(
        name="threshold",
        title="Threshold",
        family=FAMILY_HARD,
        expr=sp.Piecewise((x, x > _threshold.symbol), (_value.symbol, True)),
        description="The input where it exceeds the threshold, a constant value elsewhere.",
        param_list=(_threshold, _value),
        frameworks=(
            torch_f(
                "threshold",
                "PyTorch has no defaults; both are required arguments.",
                threshold=0.0,
                value=0.0,
            ),
        ),
        kink_convention="x = threshold belongs to the constant branch, so f' = 0 there (as "
        "PyTorch).",
        notes=(TORCH_ONLY, "symacts defaults both parameters to 0, where threshold equals relu."),
        window=(-3, 3),
    ),
]
