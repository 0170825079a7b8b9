"""Sigmoidal, probabilistic (CDF-shaped), radial and step-like activations beyond the classics."""

import sympy as sp

from symacts.catalog import (
    POSITIVE,
    Activation,
    Excluded,
    Framework,
    Reference,
    X,
    param,
    scipy_f,
)

x = X

GOMES_LUDERMIR = Reference(
    "G. S. da S. Gomes, T. B. Ludermir",
    "Complementary log-log and probit: activation functions implemented in artificial neural "
    "networks",
    2008,
    "8th International Conference on Hybrid Intelligent Systems (HIS 2008)",
    doi="10.1109/HIS.2008.40",
)
GOMES_2011 = Reference(
    "G. S. da S. Gomes, T. B. Ludermir, L. M. M. R. Lima",
    "Comparison of new activation functions in neural network for forecasting financial time "
    "series",
    2011,
    "Neural Computing and Applications 20(3), 417-439",
    doi="10.1007/s00521-010-0407-3",
)
BROOMHEAD_LOWE = Reference(
    "D. S. Broomhead, D. Lowe",
    "Multivariable functional interpolation and adaptive networks",
    1988,
    "Complex Systems 2(3), 321-355",
    url="https://www.complex-systems.com/abstracts/v02_i03_a05/",
)
WURAOLA_PATEL_RBF = Reference(
    "A. Wuraola, N. Patel",
    "Computationally Efficient Radial Basis Function",
    2018,
    "ICONIP 2018, LNCS 11302",
    doi="10.1007/978-3-030-04179-3_9",
)
MATLAB_NOTE = (
    "MATLAB's Deep Learning Toolbox transfer function {0} computes this function; no single "
    "paper introduced it as an activation."
)

_lecun_a = param("a", sp.Float("1.7159", 50), POSITIVE, description="output scale")
_lecun_b = param("b", sp.Rational(2, 3), POSITIVE, description="input scale")
_ptanh_a = param("a", sp.Rational(1, 4), POSITIVE, description="slope factor for x <= 0")
_hexpo = [
    param(name, 1, POSITIVE, description=description)
    for name, description in (
        ("a", "upper saturation value"),
        ("b", "decay length for x >= 0"),
        ("c", "magnitude of the lower saturation value"),
        ("d", "decay length for x < 0"),
    )
]
_hs_slope = param("slope", sp.Rational(1, 5), POSITIVE, description="slope of the linear part")


ACTIVATIONS = [
    Activation(
        name="bipolar_sigmoid",
        title="Bipolar sigmoid",
        family="sigmoidal",
        expr=(1 - sp.exp(-x)) / (1 + sp.exp(-x)),
        description="The logistic sigmoid stretched onto (-1, 1): 2 sigmoid(x) - 1.",
        aliases=("bipolar_logistic",),
        notes=(
            "A textbook form (e.g. Fausett, Fundamentals of Neural Networks, 1994) of the "
            "logistic sigmoid; it equals tanh(x/2). No single paper introduced it.",
        ),
        window=(-8, 8),
    ),
    Activation(
        name="scaled_tanh",
        title="LeCun's scaled tanh",
        family="sigmoidal",
        expr=_lecun_a.symbol * sp.tanh(_lecun_b.symbol * x),
        description="a tanh(b x) with LeCun's a = 1.7159, b = 2/3, chosen so that f(+-1) = +-1.",
        param_list=(_lecun_a, _lecun_b),
        aliases=("lecun_tanh", "stanh"),
        reference=Reference(
            "Y. LeCun, L. Bottou, G. B. Orr, K.-R. Mueller",
            "Efficient BackProp",
            1998,
            "Neural Networks: Tricks of the Trade, LNCS 1524",
            doi="10.1007/3-540-49430-8_2",
        ),
        notes=(
            "1.7159 is the paper's rounding of 1/tanh(2/3) = 1.7159047...; symacts keeps the "
            "published 1.7159.",
            "PaddlePaddle's paddle.stanh computes scale_b tanh(scale_a x) with scale_a = 0.67 "
            "(2/3 rounded) and scale_b = 1.7159.",
        ),
        window=(-5, 5),
    ),
    Activation(
        name="penalized_tanh",
        title="Penalized tanh",
        family="sigmoidal",
        expr=sp.Piecewise((sp.tanh(x), x > 0), (_ptanh_a.symbol * sp.tanh(x), True)),
        description="tanh for positive inputs and a tanh(x) (a = 1/4) for the others.",
        param_list=(_ptanh_a,),
        aliases=("ptanh",),
        reference=Reference(
            "B. Xu, R. Huang, M. Li",
            "Revise Saturated Activation Functions",
            2016,
            arxiv="1602.05980",
        ),
        kink_convention="Continuous at 0; f' jumps from a to 1 and x = 0 belongs to the "
        "a tanh(x) branch, so f'(0) = a (as leaky_relu).",
        notes=(
            "Eger, Youssef and Gurevych (EMNLP 2018, 'Is it Time to Swish?') found it the "
            "most stable across NLP tasks, with the same a = 0.25.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="maxtanh",
        title="max(x, tanh x)",
        family="exponential linear",
        expr=sp.Piecewise((x, x > 0), (sp.tanh(x), True)),
        description="The larger of x and tanh(x): the identity for x > 0 and tanh below, "
        "saturating at -1.",
        aliases=("max_tanh",),
        reference=Reference(
            "P. Ramachandran, B. Zoph, Q. V. Le",
            "Searching for Activation Functions",
            2017,
            arxiv="1710.05941",
        ),
        kink_convention="tanh(x) > x exactly for x < 0, so max(x, tanh x) is this Piecewise; "
        "f and f' (both 1) agree at 0 and f'' is 0 from both sides, so no branch choice "
        "matters up to f''.",
        notes=(
            "One of the functions found by the automated search of Ramachandran et al.; Eger, "
            "Youssef and Gurevych (EMNLP 2018) compare it as 'maxtanh'.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="gudermannian",
        title="Gudermannian",
        family="sigmoidal",
        expr=2 * sp.atan(sp.tanh(x / 2)),
        description="The Gudermannian function gd(x) = 2 atan(tanh(x/2)), onto (-pi/2, pi/2).",
        aliases=("gd",),
        notes=(
            "A classical function listed among the sigmoid functions (gd' = sech); no single "
            "paper introduced it as an activation. Equal to atan(sinh x) and asin(tanh x).",
        ),
        window=(-6, 6),
    ),
    Activation(
        name="normalized_arctan",
        title="Normalised arctangent",
        family="sigmoidal",
        expr=2 * sp.atan(x) / sp.pi,
        description="The arctangent scaled onto (-1, 1): (2/pi) atan(x).",
        aliases=("arctan_normalized", "scaled_arctan"),
        notes=(
            "Rescales symacts' arctan to tanh's range; its tails approach +-1 only like "
            "1/x. No single paper introduced it as an activation.",
        ),
        window=(-10, 10),
    ),
    Activation(
        name="rootsig",
        title="Rootsig",
        family="sigmoidal",
        expr=x / (1 + sp.sqrt(1 + x**2)),
        description="An algebraic sigmoid onto (-1, 1), x / (1 + sqrt(1 + x^2)).",
        aliases=("root_sig",),
        notes=(
            "Listed as 'rootsig' in Kunc and Klema's survey (arXiv:2402.09092); it equals "
            "tanh(asinh(x)/2). No originating paper is known to symacts.",
        ),
        window=(-10, 10),
    ),
    Activation(
        name="erf",
        title="Error function",
        family="sigmoidal",
        expr=sp.erf(x),
        description="The Gauss error function, a sigmoid onto (-1, 1).",
        frameworks=(
            Framework("pytorch", "torch.erf"),
            Framework("jax", "jax.scipy.special.erf"),
            scipy_f("scipy.special.erf"),
        ),
        notes=("A classical function; no single paper introduced it as an activation.",),
        window=(-3, 3),
    ),
    Activation(
        name="normal_cdf",
        title="Probit (normal CDF)",
        family="sigmoidal",
        expr=(1 + sp.erf(x / sp.sqrt(2))) / 2,
        description="The standard normal cumulative distribution function Phi(x), onto (0, 1).",
        aliases=("probit", "gaussian_cdf", "ndtr"),
        reference=GOMES_LUDERMIR,
        frameworks=(
            Framework("pytorch", "torch.special.ndtr"),
            Framework("jax", "jax.scipy.special.ndtr"),
            scipy_f("scipy.special.ndtr"),
        ),
        notes=(
            "Statistics calls Phi^-1 the probit link; Gomes and Ludermir use 'probit' for "
            "the activation Phi itself (the inverse link), as symacts does with the alias.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="cloglog",
        title="Complementary log-log",
        family="sigmoidal",
        expr=1 - sp.exp(-sp.exp(x)),
        description="The inverse complementary log-log link 1 - exp(-exp(x)), an asymmetric "
        "sigmoid onto (0, 1).",
        aliases=("complementary_log_log",),
        reference=GOMES_LUDERMIR,
        window=(-5, 3),
    ),
    Activation(
        name="cloglogm",
        title="Modified complementary log-log",
        family="sigmoidal",
        expr=1 - 2 * sp.exp(-sp.Rational(7, 10) * sp.exp(x)),
        description="1 - 2 exp(-0.7 exp(x)), an asymmetric sigmoid onto (-1, 1).",
        aliases=("cloglog_m",),
        reference=GOMES_2011,
        notes=(
            "The constants 2 and 0.7 are as Kunc and Klema's survey (arXiv:2402.09092) gives "
            "them, attributing cLogLogm to Gomes et al.; the paper's own text was not "
            "available to check them against.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="loglog",
        title="Log-log (Gumbel CDF)",
        family="sigmoidal",
        expr=sp.exp(-sp.exp(-x)),
        description="The Gumbel cumulative distribution function exp(-exp(-x)), onto (0, 1).",
        aliases=("log_log", "gumbel", "gumbel_cdf"),
        reference=GOMES_2011,
        notes=(
            "The mirror image of cloglog: loglog(x) = 1 - cloglog(-x). It is the Gompertz "
            "curve with unit parameters.",
        ),
        window=(-3, 5),
    ),
    Activation(
        name="hexpo",
        title="Hexpo",
        family="sigmoidal",
        expr=sp.Piecewise(
            (-_hexpo[0].symbol * (sp.exp(-x / _hexpo[1].symbol) - 1), x >= 0),
            (_hexpo[2].symbol * (sp.exp(x / _hexpo[3].symbol) - 1), True),
        ),
        description="Two exponentials saturating at a (x -> +oo) and -c (x -> -oo).",
        param_list=tuple(_hexpo),
        reference=Reference(
            "S. Kong, M. Takatsuka",
            "Hexpo: A vanishing-proof activation function",
            2017,
            "IJCNN 2017",
            doi="10.1109/IJCNN.2017.7966168",
        ),
        kink_convention="x = 0 belongs to the x >= 0 branch. With a/b = c/d (the defaults) f "
        "is C^1 there and f'' jumps from c/d^2 to -a/b^2.",
        notes=(
            "The paper tunes a, b, c and d per experiment; symacts defaults them all to 1, "
            "which gives a C^1 tanh-like function onto (-1, 1).",
        ),
        window=(-5, 5),
    ),
    Activation(
        name="hard_sigmoid_keras2",
        title="Hard sigmoid (Theano / Keras 2)",
        family="piecewise linear",
        expr=sp.Piecewise(
            (0, _hs_slope.symbol * x <= -sp.Rational(1, 2)),
            (1, _hs_slope.symbol * x >= sp.Rational(1, 2)),
            (_hs_slope.symbol * x + sp.Rational(1, 2), True),
        ),
        description="clip(slope x + 1/2, 0, 1) with Theano's and Keras 2's slope 0.2.",
        param_list=(_hs_slope,),
        aliases=("theano_hard_sigmoid", "onnx_hard_sigmoid"),
        kink_convention="x = +-1/(2 slope) belong to the constant branches, so f' = 0 there "
        "(as hardtanh in PyTorch).",
        notes=(
            "The slope is the one free choice among hard sigmoids: 1/5 here (Theano, Keras 2), "
            "1/4 matches sigmoid'(0) (Gulcehre et al. 2016, arXiv:1603.00391), 1/2 is "
            "Courbariaux et al.'s clip((x + 1)/2, 0, 1) (symacts' sparse_sigmoid) and 1/6 is "
            "PyTorch's hardsigmoid. ONNX HardSigmoid (alpha = 0.2, beta = 0.5) and MXNet's "
            "hard_sigmoid keep the 0.2 slope.",
            "keras.activations.hard_sigmoid computed this function up to Keras 2 (tf.keras "
            "before TF 2.16); Keras 3's hard_sigmoid is relu6(x + 3)/6, symacts' hardsigmoid.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="triangular",
        title="Triangular basis",
        family="radial",
        expr=sp.Piecewise((0, x <= -1), (0, x >= 1), (1 - sp.Abs(x), True)),
        description="The tent function max(0, 1 - |x|).",
        aliases=("tribas", "tent", "mrelu"),
        kink_convention="f' jumps at -1, 0 and 1; at +-1 the constant branches own the point "
        "(f' = 0) and at 0 f' = -sign(0) = 0.",
        notes=(MATLAB_NOTE.format("tribas"),),
        window=(-2, 2),
    ),
    Activation(
        name="sq_rbf",
        title="SQ-RBF",
        family="radial",
        expr=sp.Piecewise(
            (0, x <= -2),
            ((2 + x) ** 2 / 2, x < -1),
            (1 - x**2 / 2, x <= 1),
            ((2 - x) ** 2 / 2, x < 2),
            (0, True),
        ),
        description="A piecewise-quadratic bump with compact support [-2, 2], shaped like "
        "exp(-x^2/2).",
        aliases=("sqrbf",),
        reference=WURAOLA_PATEL_RBF,
        kink_convention="C^1; f'' jumps at -2, -1, 1 and 2 and takes the value of the "
        "branch listed first that contains the point.",
        window=(-3, 3),
    ),
    Activation(
        name="inverse_multiquadric",
        title="Inverse multiquadric",
        family="radial",
        expr=1 / sp.sqrt(1 + x**2),
        description="The inverse multiquadric radial function 1/sqrt(1 + x^2).",
        aliases=("imq",),
        reference=BROOMHEAD_LOWE,
        notes=("Broomhead and Lowe use a free shape constant c; symacts fixes c = 1.",),
        window=(-5, 5),
        numeric_notes=(
            "f' misses the 4-ULP bound at sparse points for |x| > 1: 4.68 ULP at x = 5.608 "
            "(2 of 9,787 certificate points). The form x^-2 / (1 + x^-2)^(3/2) rounds x^-2, "
            "the sum, the 3/2 power and the quotient; no compensated form the generator "
            "knows does better.",
        ),
    ),
    Activation(
        name="multiquadric",
        title="Multiquadric",
        family="radial",
        expr=sp.sqrt(1 + x**2),
        description="Hardy's multiquadric sqrt(1 + x^2), an even, unbounded radial function.",
        reference=BROOMHEAD_LOWE,
        notes=(
            "Introduced for interpolation by Hardy (J. Geophys. Res. 76, 1971); Broomhead "
            "and Lowe use it in RBF networks with a free constant c, fixed to 1 here.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="laplacian",
        title="Laplacian",
        family="radial",
        expr=sp.exp(-sp.Abs(x)),
        description="The Laplacian (exponential) radial function exp(-|x|).",
        aliases=("laplace",),
        kink_convention="f' jumps at 0 and is taken as -sign(0) exp(0) = 0 there.",
        notes=(
            "A standard radial basis (kernel) function; no single paper introduced it as an "
            "activation.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="sech",
        title="Hyperbolic secant",
        family="radial",
        expr=sp.sech(x),
        description="The hyperbolic secant 1/cosh(x), a bell-shaped bump; the derivative of "
        "the Gudermannian.",
        aliases=("hyperbolic_secant",),
        notes=("A classical function; no single paper introduced it as an activation.",),
        window=(-5, 5),
    ),
    Activation(
        name="mexican_hat",
        title="Mexican hat (Ricker wavelet)",
        family="radial",
        expr=(1 - x**2) * sp.exp(-(x**2) / 2),
        description="The negative second derivative of the Gaussian, (1 - x^2) exp(-x^2/2).",
        aliases=("ricker", "mexican_hat_wavelet"),
        notes=(
            "A standard mother wavelet of wavelet networks; no single paper introduced it "
            "as an activation. The wavelet's normalising factor 2/(sqrt(3) pi^(1/4)) is left "
            "out, so f(0) = 1.",
        ),
        window=(-5, 5),
    ),
    Activation(
        name="elliot2sig",
        title="Elliot 2 sigmoid",
        family="sigmoidal",
        expr=x * sp.Abs(x) / (1 + x**2),
        description="sign(x) x^2 / (1 + x^2): a sigmoid onto (-1, 1) that is flat at 0.",
        aliases=("elliott2", "elliot2"),
        kink_convention="C^1 at 0 (f'(0) = 0); f'' jumps from -2 to 2 and is taken as "
        "2 sign(0) = 0 there.",
        notes=(MATLAB_NOTE.format("elliot2sig"),),
        window=(-6, 6),
    ),
    Activation(
        name="plan",
        title="PLAN (piecewise linear sigmoid)",
        family="piecewise linear",
        expr=sp.Piecewise(
            (0, x <= -5),
            (x / 32 + sp.Rational(5, 32), x <= -sp.Rational(19, 8)),
            (x / 8 + sp.Rational(3, 8), x <= -1),
            (x / 4 + sp.Rational(1, 2), x < 1),
            (x / 8 + sp.Rational(5, 8), x < sp.Rational(19, 8)),
            (x / 32 + sp.Rational(27, 32), x < 5),
            (1, True),
        ),
        description="Amin et al.'s four-segment piecewise linear approximation of the "
        "logistic sigmoid, with power-of-two slopes.",
        reference=Reference(
            "H. Amin, K. M. Curtis, B. R. Hayes-Gill",
            "Piecewise linear approximation applied to nonlinear function of a neural network",
            1997,
            "IEE Proceedings - Circuits, Devices and Systems 144(6), 313-317",
            doi="10.1049/ip-cds:19971587",
        ),
        kink_convention="Every breakpoint belongs to the outer segment on both sides (the "
        "paper's |x| >= breakpoint), so f(-x) = 1 - f(x) holds everywhere and f' there is "
        "the outer slope (0 at +-5, 1/32 at +-2.375, 1/8 at +-1). The published breakpoints "
        "leave a jump of 1/256 at x = +-2.375.",
        notes=(
            "Defined in the paper for x >= 0 with f(-x) = 1 - f(x); symacts writes out both sides.",
        ),
        window=(-6, 6),
    ),
]

EXCLUDED = [
    Excluded(
        "sparsemax",
        "A Euclidean projection of a whole vector onto the simplex (a tensor operation).",
        Reference(
            "A. F. T. Martins, R. F. Astudillo",
            "From Softmax to Sparsemax: A Sparse Model of Attention and Multi-Label Classification",
            2016,
            "ICML 2016",
            arxiv="1602.02068",
        ),
    ),
    Excluded(
        "softmin",
        "softmax(-x) over a whole vector (a tensor operation), as torch.nn.functional.softmin.",
    ),
    Excluded(
        "gumbel_softmax",
        "Adds Gumbel noise and normalises over a whole vector: random and a tensor operation.",
        Reference(
            "E. Jang, S. Gu, B. Poole",
            "Categorical Reparameterization with Gumbel-Softmax",
            2017,
            "ICLR 2017",
            arxiv="1611.01144",
        ),
    ),
    Excluded(
        "stochastic_binary",
        "A unit that outputs 1 with probability sigmoid(x): random, so not a function of x; "
        "its mean is symacts' sigmoid and the straight-through estimator is a gradient rule, "
        "not a different function.",
        Reference(
            "Y. Bengio, N. Leonard, A. Courville",
            "Estimating or Propagating Gradients Through Stochastic Neurons for Conditional "
            "Computation",
            2013,
            arxiv="1308.3432",
        ),
    ),
    Excluded(
        "compet",
        "MATLAB's competitive transfer function (1 at the layer's largest input, 0 elsewhere) "
        "compares a whole vector (a tensor operation).",
    ),
    Excluded(
        "netinv",
        "MATLAB's inverse transfer function 1/x is undefined at 0 and unbounded near it, so it "
        "is not a finite function on all of R.",
    ),
    Excluded(
        "radbasn",
        "MATLAB's normalised radial basis divides each exp(-n^2) by the sum over the layer "
        "(a tensor operation); the elementwise radbas is symacts' gaussian.",
    ),
    Excluded(
        "noisy_activation",
        "Adds learned, input-dependent noise to hard-saturating units during training; not a "
        "deterministic elementwise function.",
        Reference(
            "C. Gulcehre, M. Moczulski, M. Denil, Y. Bengio",
            "Noisy Activation Functions",
            2016,
            "ICML 2016",
            arxiv="1603.00391",
        ),
    ),
]
