"""More rectifiers, piecewise-linear units and their smooth versions (issue 11)."""

import sympy as sp

from symacts.catalog import (
    POSITIVE,
    Activation,
    Excluded,
    Reference,
    X,
    keras_act,
    param,
    scipy_f,
    torch_f,
)

x = X
FAMILY_RECTIFIER = "rectifier"
FAMILY_HARD = "piecewise linear"
FAMILY_SHRINK = "shrinkage"

LIEW_2016 = Reference(
    "S. S. Liew, M. Khalil-Hani, R. Bakhteri",
    "Bounded activation functions for enhanced training stability of deep neural networks on "
    "visual pattern recognition problems",
    2016,
    "Neurocomputing 216, 718-734",
    doi="10.1016/j.neucom.2016.08.037",
)

_relun_n = param(
    "upper", 1, POSITIVE, tex="n", aliases=("max_value",), description="upper clipping value n"
)
_theta = param(
    "theta",
    1,
    sp.S.Reals,
    tex=r"\theta",
    aliases=("threshold",),
    description="the input must exceed this",
)
_repu_p = param("p", 3, POSITIVE, description="power of the positive branch")
_nl_beta = param("beta", 1, POSITIVE, description="scale inside the logarithm")
_plu_alpha = param("alpha", sp.Float("0.1"), POSITIVE, description="slope outside [-c, c]")
_plu_c = param("c", 1, POSITIVE, description="half-width of the identity segment")
_garrote_l = param(
    "lambd",
    sp.Float("0.5"),
    POSITIVE,
    tex=r"\lambda",
    aliases=("lambda_",),
    description="threshold",
)

_l = _garrote_l.symbol
_shift_delta = param(
    "delta", 1, POSITIVE, tex=r"\delta", description="the output's lower bound is -delta"
)
_firm_l1 = param(
    "lambda1", sp.Float("0.5"), POSITIVE, tex=r"\lambda_1", description="lower threshold"
)
_firm_l2 = param(
    "lambda2", sp.Float("1.5"), POSITIVE, tex=r"\lambda_2", description="upper threshold"
)
_l1, _l2 = _firm_l1.symbol, _firm_l2.symbol

ACTIVATIONS = [
    Activation(
        name="relun",
        title="ReLU-N (bounded ReLU)",
        family=FAMILY_HARD,
        expr=sp.Piecewise((0, x <= 0), (_relun_n.symbol, x >= _relun_n.symbol), (x, True)),
        description="A rectifier clipped at n = upper: min(max(0, x), n).",
        param_list=(_relun_n,),
        aliases=("relu_n", "brelu", "bounded_relu", "satlin", "clipped_relu"),
        reference=LIEW_2016,
        frameworks=(keras_act("relu", "Pass max_value=upper.", max_value=1.0),),
        kink_convention="x = 0 and x = n belong to the constant branches, so f' = 0 at both "
        "kinks (as relu6).",
        notes=(
            "Liew et al. tune n per network; symacts defaults it to 1 (ReLU1, MATLAB's satlin); "
            "n = 6 is relu6, and Deep Speech (Hannun et al., 2014) clips at n = 20. "
            "PyTorch has no relun; hardtanh(x, 0, n) computes it.",
        ),
        window=(-1, 2),
    ),
    Activation(
        name="thresholded_relu",
        title="Thresholded ReLU",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x, x > _theta.symbol), (0, True)),
        description="The input where it exceeds theta, zero elsewhere (a jump at theta).",
        param_list=(_theta,),
        aliases=("trelu", "truncated_relu"),
        reference=Reference(
            "K. Konda, R. Memisevic, D. Krueger",
            "Zero-bias autoencoders and the benefits of co-adapting features",
            2015,
            "ICLR 2015",
            arxiv="1402.3337",
        ),
        frameworks=(
            torch_f("threshold", "threshold with value=0.", threshold=1.0, value=0.0),
            keras_act(
                "relu",
                "keras.activations.relu with threshold=theta (Keras 2 had a ThresholdedReLU "
                "layer, theta=1.0).",
                threshold=1.0,
            ),
        ),
        kink_convention="x = theta belongs to the zero branch, so f(theta) = 0 (as Keras, "
        "x * (x > theta)); the derivative at the jump is taken as 0.",
        notes=("theta = 0 is relu; PyTorch's threshold(x, theta, 0) computes the same function.",),
        window=(-2, 3),
    ),
    Activation(
        name="repu",
        title="Rectified Power Unit",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x**_repu_p.symbol, x > 0), (0, True)),
        description="The rectifier raised to the power p: max(0, x)^p.",
        param_list=(_repu_p,),
        aliases=("rectified_power_unit", "relu_power"),
        reference=Reference(
            "B. Li, S. Tang, H. Yu",
            "Better Approximations of High Dimensional Smooth Functions by Deep Neural "
            "Networks with Rectified Power Units",
            2020,
            "Communications in Computational Physics 27(2), 379-411",
            arxiv="1903.05858",
        ),
        kink_convention="For p = 3 the function is C^2 at 0; x = 0 belongs to the zero branch.",
        notes=(
            "Li et al. build their approximations mainly with p = 2, which is squared_relu; "
            "symacts defaults to p = 3, the lowest power not catalogued already (C^2 at 0).",
        ),
        window=(-2, 2),
    ),
    Activation(
        name="nlrelu",
        title="Natural-Logarithm ReLU",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((sp.log(1 + _nl_beta.symbol * x), x > 0), (0, True)),
        description="The logarithm of a scaled rectifier plus one: log(beta max(0, x) + 1).",
        param_list=(_nl_beta,),
        aliases=("nl_relu", "log_relu", "logrelu"),
        reference=Reference(
            "Y. Liu, J. Zhang, C. Gao, J. Qu, L. Ji",
            "Natural-Logarithm-Rectified Activation Function in Convolutional Neural Networks",
            2019,
            arxiv="1908.03682",
        ),
        kink_convention="x = 0 belongs to the zero branch, so f'(0) = 0 (the left slope).",
        window=(-2, 5),
    ),
    Activation(
        name="plu",
        title="Piecewise Linear Unit",
        family=FAMILY_HARD,
        expr=sp.Piecewise(
            (_plu_alpha.symbol * (x + _plu_c.symbol) - _plu_c.symbol, x < -_plu_c.symbol),
            (_plu_alpha.symbol * (x - _plu_c.symbol) + _plu_c.symbol, x > _plu_c.symbol),
            (x, True),
        ),
        description="The identity on [-c, c] and slope alpha outside: "
        "max(alpha (x + c) - c, min(alpha (x - c) + c, x)).",
        param_list=(_plu_alpha, _plu_c),
        conditions=(sp.Lt(_plu_alpha.symbol, 1),),
        reference=Reference(
            "A. Nicolae",
            "PLU: The Piecewise Linear Unit Activation Function",
            2018,
            arxiv="1809.09534",
        ),
        kink_convention="x = +-c belong to the identity branch, so f'(+-c) = 1.",
        window=(-4, 4),
    ),
    Activation(
        name="garrote",
        title="Non-negative garrote shrinkage",
        family=FAMILY_SHRINK,
        expr=sp.Piecewise((x - _l**2 / x, x > _l), (x - _l**2 / x, x < -_l), (0, True)),
        description="Zero inside [-lambda, lambda] and x - lambda^2 / x outside: between "
        "soft and hard shrinkage.",
        param_list=(_garrote_l,),
        aliases=("garrote_shrink", "nn_garrote"),
        reference=Reference(
            "H.-Y. Gao",
            "Wavelet Shrinkage Denoising Using the Non-Negative Garrote",
            1998,
            "Journal of Computational and Graphical Statistics 7(4), 469-488",
            doi="10.1080/10618600.1998.10474789",
        ),
        kink_convention="Continuous at +-lambda; x = +-lambda belong to the zero branch, so "
        "f'(+-lambda) = 0 (as hardshrink and softshrink).",
        notes=("Gao leaves lambda free; symacts uses 0.5, the default of hardshrink.",),
        window=(-3, 3),
    ),
    Activation(
        name="shifted_relu",
        title="Shifted ReLU",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x, x > -_shift_delta.symbol), (-_shift_delta.symbol, True)),
        description="A rectifier moved down and left so that its output is at least -delta: "
        "max(x, -delta).",
        param_list=(_shift_delta,),
        aliases=("srelu_shifted", "displaced_relu", "disrelu"),
        reference=Reference(
            "D.-A. Clevert, T. Unterthiner, S. Hochreiter",
            "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
            2016,
            "ICLR 2016",
            arxiv="1511.07289",
        ),
        kink_convention="x = -delta belongs to the constant branch, so f'(-delta) = 0 (as relu).",
        notes=(
            "Clevert et al. compare against this 'SReLU' with delta = 1 (not the S-shaped "
            "ReLU of Jin et al.). Macedo et al. (2019, Expert Systems with Applications) call "
            "the same shape the Displaced ReLU, with a small delta.",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="firm_shrink",
        title="Firm shrinkage",
        family=FAMILY_SHRINK,
        expr=sp.Piecewise(
            (x, x > _l2),
            (x, x < -_l2),
            (_l2 * (x - _l1) / (_l2 - _l1), x > _l1),
            (_l2 * (x + _l1) / (_l2 - _l1), x < -_l1),
            (0, True),
        ),
        description="Zero inside [-lambda1, lambda1], the identity outside [-lambda2, lambda2] "
        "and linear in between: a continuous blend of soft and hard shrinkage.",
        param_list=(_firm_l1, _firm_l2),
        conditions=(sp.Lt(_l1, _l2),),
        aliases=("firm_threshold", "firm_shrinkage"),
        reference=Reference(
            "H.-Y. Gao, A. G. Bruce",
            "WaveShrink with firm shrinkage",
            1997,
            "Statistica Sinica 7(4), 855-874",
            # The journal's archive (volume 7, issue 4); the paper has no DOI.
            url="https://www3.stat.sinica.edu.tw/statistica/",
        ),
        kink_convention="x = +-lambda1 belong to the zero branch (f' = 0 there) and "
        "x = +-lambda2 to the linear middle branches (f' = lambda2 / (lambda2 - lambda1)).",
        notes=(
            "Gao and Bruce leave both thresholds free; symacts uses 0.5 and 1.5 (lambda1 is "
            "hardshrink's default threshold).",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="abs",
        title="Absolute value",
        family=FAMILY_RECTIFIER,
        expr=sp.Piecewise((x, x > 0), (-x, True)),
        description="The absolute value |x|: a rectifier that keeps the magnitude of negatives.",
        aliases=("absolute", "abs_rectification", "absolute_value"),
        reference=Reference(
            "K. Jarrett, K. Kavukcuoglu, M. Ranzato, Y. LeCun",
            "What is the best multi-stage architecture for object recognition?",
            2009,
            "ICCV 2009",
            doi="10.1109/ICCV.2009.5459469",
        ),
        frameworks=(scipy_f("numpy.abs"),),
        kink_convention="x = 0 belongs to the x <= 0 branch, so f'(0) = -1 (PyTorch's "
        "abs backward uses sign(0) = 0 instead).",
        window=(-3, 3),
    ),
    Activation(
        name="shifted_softplus",
        title="Shifted softplus",
        family=FAMILY_RECTIFIER,
        expr=sp.log(1 + sp.exp(x)) - sp.log(2),
        description="Softplus shifted down by log 2 so that f(0) = 0: log(e^x / 2 + 1 / 2).",
        aliases=("ssp", "ssplus"),
        reference=Reference(
            "K. T. Schuett, P.-J. Kindermans, H. E. Sauceda, S. Chmiela, A. Tkatchenko, "
            "K.-R. Mueller",
            "SchNet: A continuous-filter convolutional neural network for modeling quantum "
            "interactions",
            2017,
            "NeurIPS 2017",
            arxiv="1706.08566",
        ),
        window=(-5, 5),
    ),
]

EXCLUDED = [
    Excluded(
        "bipolar_relu",
        "Applies relu(x) to even-indexed units and -relu(-x) to odd ones: it depends on the "
        "unit's position in the tensor, not only on x.",
        Reference(
            "L. Eidnes, A. Noekland",
            "Shifting Mean Activation Towards Zero with Bipolar Activation Functions",
            2018,
            "ICLR 2018 workshop",
            arxiv="1709.04054",
        ),
    ),
    Excluded(
        "drelu",
        "Dual ReLU takes two inputs, relu(a) - relu(b): not a function of one variable.",
        Reference(
            "F. Godin, J. Degrave, J. Dambre, W. De Neve",
            "Dual Rectified Linear Units (DReLUs): A replacement for tanh activation functions "
            "in Quasi-Recurrent Neural Networks",
            2018,
            "Pattern Recognition Letters 116, 8-14",
            arxiv="1707.08214",
        ),
    ),
    Excluded(
        "srelu",
        "S-shaped ReLU learns two thresholds and two slopes per channel, initialised at "
        "random (keras-contrib): no published fixed values.",
        Reference(
            "X. Jin, C. Xu, J. Feng, Y. Wei, J. Xiong, S. Yan",
            "Deep Learning with S-shaped Rectified Linear Activation Units",
            2016,
            "AAAI 2016",
            arxiv="1512.07030",
        ),
    ),
    Excluded(
        "frelu",
        "Flexible ReLU adds a learned per-channel bias to relu (relu(x) + b, b initialised "
        "to 0, where it is relu).",
        Reference(
            "S. Qiu, X. Xu, B. Cai",
            "FReLU: Flexible Rectified Linear Units for Improving Convolutional Neural Networks",
            2018,
            "ICPR 2018",
            arxiv="1706.08098",
        ),
    ),
    Excluded(
        "funnel_relu",
        "Funnel activation max(x, T(x)) takes T(x) from a learned depthwise convolution over "
        "the spatial neighbourhood: a whole-tensor operation.",
        Reference(
            "N. Ma, X. Zhang, J. Sun",
            "Funnel Activation for Visual Recognition",
            2020,
            "ECCV 2020",
            arxiv="2007.11824",
        ),
    ),
    Excluded(
        "dynamic_relu",
        "Dynamic ReLU computes its piecewise-linear coefficients from the whole input tensor "
        "by a hyper-network.",
        Reference(
            "Y. Chen, X. Dai, M. Liu, D. Chen, L. Yuan, Z. Liu",
            "Dynamic ReLU",
            2020,
            "ECCV 2020",
            arxiv="2003.10027",
        ),
    ),
    Excluded(
        "apl",
        "Adaptive piecewise linear units learn their hinge positions and slopes per neuron.",
        Reference(
            "F. Agostinelli, M. Hoffman, P. Sadowski, P. Baldi",
            "Learning Activation Functions to Improve Deep Neural Networks",
            2015,
            "ICLR 2015 workshop",
            arxiv="1412.6830",
        ),
    ),
    Excluded(
        "tlu",
        "The thresholded linear unit max(x, tau) of filter response normalisation learns tau "
        "per channel (initialised to 0, where it is relu).",
        Reference(
            "S. Singh, S. Krishnan",
            "Filter Response Normalization Layer: Eliminating Batch Dependence in the Training "
            "of Deep Neural Networks",
            2020,
            "CVPR 2020",
            arxiv="1911.09737",
        ),
    ),
    Excluded(
        "melu",
        "The Mexican ReLU adds learned multiples of fixed hat functions to a PReLU: its "
        "coefficients are learned per channel and start at 0.",
        Reference(
            "G. Maguolo, L. Nanni, S. Ghidoni",
            "Ensemble of Convolutional Neural Networks Trained with Different Activation Functions",
            2021,
            "Expert Systems with Applications 166",
        ),
    ),
    Excluded(
        "groupsort",
        "GroupSort (and its pairwise case MaxMin) sorts groups of units: a whole-tensor "
        "operation, not a scalar function.",
        Reference(
            "C. Anil, J. Lucas, R. Grosse",
            "Sorting out Lipschitz function approximation",
            2019,
            "ICML 2019",
            arxiv="1811.05381",
        ),
    ),
    Excluded(
        "xunit",
        "xUnit gates relu(x) by a Gaussian of a learned depthwise convolution of it: a "
        "spatial, learned operation.",
        Reference(
            "I. Kligvasser, T. Rott Shaham, T. Michaeli",
            "xUnit: Learning a Spatial Activation Function for Efficient Image Restoration",
            2018,
            "CVPR 2018",
            arxiv="1711.06445",
        ),
    ),
    Excluded(
        "noisy_relu",
        "Noisy ReLU adds Gaussian noise to the input: a random function, with relu as its "
        "noise-free form.",
        Reference(
            "V. Nair, G. E. Hinton",
            "Rectified Linear Units Improve Restricted Boltzmann Machines",
            2010,
            "ICML 2010",
            url="https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf",
        ),
    ),
]
