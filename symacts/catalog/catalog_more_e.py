"""More sigmoidal, tanh-like, radial and polynomial activations (issue 11, third round).

Most come from Kunc and Klema's survey (arXiv:2402.09092) or from framework libraries
(FANN); records the numeric generator cannot yet certify are kept in ``PENDING``.
"""

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

_sigmoid_x = 1 / (1 + sp.exp(-x))

KOZKURT_2023 = Reference(
    "C. Kozkurt, S. Kilicarslan, S. Bas, A. Elen",
    "alphaSechSig and alphaTanhSig: two novel non-monotonic activation functions",
    2023,
    "Soft Computing 27, 18451-18467",
    doi="10.1007/s00500-023-09279-2",
)
_boulle_p = [sp.Float(c, 50) for c in ("1.1915", "1.5957", "0.5", "0.0218")]
_boulle_q = [sp.Float("2.383", 50)]

WURAOLA_2021 = Reference(
    "A. Wuraola, N. Patel, S. K. Nguang",
    "Efficient activation functions for embedded inference engines",
    2021,
    "Neurocomputing 442, 73-88",
    doi="10.1016/j.neucom.2021.02.030",
)
_prbf_a = param("a", 3, POSITIVE, description="half-width of the central piece")
_prbf_b = param("b", 1, POSITIVE, description="width of each Gaussian bump")

_pmaf_a = param("a", 4, POSITIVE, description="distance of each hat's centre from 0")
_softsign_x = x / (1 + sp.Abs(x))


def _hat(t):
    """The Mexican-hat wavelet with its normalising factor, at t."""
    return 2 / (sp.sqrt(3) * sp.pi ** sp.Rational(1, 4)) * (1 - t**2) * sp.exp(-(t**2) / 2)


_lecun_scale = sp.Float("1.7159", 50)


def _rational_tanh_q(y):
    """The denominator 1 + y + y^2 + 1.41645 y^4 of the rational tanh, for y >= 0."""
    return 1 + y + y**2 + sp.Float("1.41645", 50) * y**4


#: Kunc and Klema's survey, where most of these functions are listed with their formulas.
SURVEY_NOTE = (
    "Listed in Kunc and Klema's survey (arXiv:2402.09092); the formula follows the survey's "
    "listing and was not checked against the originating paper's text."
)

ACTIVATIONS = [
    Activation(
        name="new_sigmoid",
        title="NewSigmoid",
        family="sigmoidal",
        # (e^x - e^-x) / sqrt(2 (e^2x + e^-2x)) divided through by e^x + e^-x: no overflow.
        expr=sp.tanh(x) / sp.sqrt(1 + sp.tanh(x) ** 2),
        description="(e^x - e^-x) / sqrt(2 (e^(2x) + e^(-2x))), an odd sigmoid onto "
        "(-1/sqrt(2), 1/sqrt(2)); it equals t / sqrt(1 + t^2) with t = tanh(x).",
        aliases=("newsigmoid",),
        notes=(
            "Proposed as NewSigmoid in the Journal of Intelligent & Fuzzy Systems "
            "(doi:10.3233/JIFS-212333) as a zero-centred alternative to tansig and logsig.",
            SURVEY_NOTE,
        ),
        window=(-5, 5),
        numeric_notes=(
            "f' misses the 4-ULP bound at one point: 4.23 ULP at x = 0.6002 (1 of 9,787 "
            "certificate points). f' = (1 - t^2) / (1 + t^2)^(3/2) with t = tanh x rounds t, "
            "both sums, the 3/2 power and the quotient.",
        ),
    ),
    Activation(
        name="sigmoid_gumbel",
        title="Sigmoid-Gumbel",
        family="sigmoidal",
        expr=_sigmoid_x * sp.exp(-sp.exp(-x)),
        description="The product of the logistic sigmoid and the Gumbel CDF exp(-exp(-x)): "
        "an asymmetric sigmoid onto (0, 1).",
        aliases=("sigmoidgumbel",),
        notes=(SURVEY_NOTE,),
        window=(-4, 6),
    ),
    Activation(
        name="sigmoid_derivative",
        title="Derivative of the sigmoid",
        family="radial",
        expr=_sigmoid_x * (1 - _sigmoid_x),
        description="sigmoid(x) (1 - sigmoid(x)), the logistic density: an even bell with "
        "maximum 1/4 at 0 and exponential tails.",
        aliases=("dsigmoid", "d_sigmoid", "logistic_density"),
        notes=(
            SURVEY_NOTE,
            "It equals 1/(4 cosh^2(x/2)), so it is symacts' sech^2 bell at half the input "
            "scale and a quarter of the height.",
        ),
        window=(-8, 8),
    ),
    Activation(
        name="tanh_sig",
        title="TanhSig",
        family="sigmoidal",
        expr=(x + sp.tanh(x)) * _sigmoid_x,
        description="(x + tanh(x)) sigmoid(x): a smooth, non-monotonic unit that tends to 0 "
        "for x -> -oo and to x + 1 for x -> +oo.",
        aliases=("tanhsig",),
        reference=KOZKURT_2023,
        notes=(
            SURVEY_NOTE,
            "The paper's parametric alpha-TanhSig (x + alpha tanh(x + alpha)) sigmoid(x) "
            "has no fixed alpha and is not catalogued.",
        ),
        window=(-6, 3),
    ),
    Activation(
        name="squish",
        title="Square swish",
        family="rectifier",
        expr=sp.Piecewise(
            (x + x**2 / 32, x > 0),
            (x + x**2 / 2, x >= -2),
            (0, True),
        ),
        description="A swish-like unit made of square terms only: x + x^2/32 for x > 0, "
        "x + x^2/2 on [-2, 0] (minimum -1/2 at -1) and 0 below.",
        aliases=("square_swish",),
        reference=WURAOLA_2021,
        kink_convention="C^1 at 0 (f'(0) = 1 from both sides; f'' jumps from 1 to 1/16 and "
        "x = 0 belongs to the x + x^2/2 branch); at x = -2 f' jumps from 0 to -1 and x = -2 "
        "belongs to the quadratic branch, so f'(-2) = -1.",
        notes=(SURVEY_NOTE,),
        window=(-4, 3),
    ),
    Activation(
        name="sqreu",
        title="Square REU",
        family="rectifier",
        expr=sp.Piecewise(
            (x, x > 0),
            (x + x**2 / 2, x >= -2),
            (0, True),
        ),
        description="REU with x exp(x) replaced by a square term: x for x > 0, x + x^2/2 on "
        "[-2, 0] (minimum -1/2 at -1) and 0 below.",
        aliases=("square_reu", "sq_reu"),
        reference=WURAOLA_2021,
        kink_convention="C^1 at 0 (f'(0) = 1 from both sides; f'' jumps from 1 to 0 and "
        "x = 0 belongs to the quadratic branch); at x = -2 f' jumps from 0 to -1 and x = -2 "
        "belongs to the quadratic branch, so f'(-2) = -1.",
        notes=(SURVEY_NOTE,),
        window=(-4, 3),
    ),
    Activation(
        name="prbf",
        title="Piecewise radial basis function",
        family="radial",
        expr=sp.Piecewise(
            (sp.exp(-((x - 2 * _prbf_a.symbol) ** 2) / _prbf_b.symbol**2), x >= _prbf_a.symbol),
            (sp.exp(-((x + 2 * _prbf_a.symbol) ** 2) / _prbf_b.symbol**2), x <= -_prbf_a.symbol),
            (sp.exp(-(x**2) / _prbf_b.symbol**2), True),
        ),
        description="Three Gaussian bumps of width b joined continuously: exp(-x^2/b^2) on "
        "(-a, a) and the same bump moved to +-2a outside, so the function has three maxima "
        "(at 0 and +-2a) for multistable recurrent networks.",
        param_list=(_prbf_a, _prbf_b),
        aliases=("piecewise_rbf",),
        kink_convention="Continuous at +-a, where f' jumps (from -2a e^(-a^2)/b^2 to "
        "+2a e^(-a^2)/b^2 at x = a); x = +-a belong to the outer bumps.",
        notes=(
            SURVEY_NOTE,
            "Kunc and Klema attribute it, with a = 3 and b = 1, to Liu, Zeng and Wang's "
            "multistability analyses of recurrent networks with non-monotonic activations.",
        ),
        window=(-9, 9),
    ),
    Activation(
        name="log_sqnl",
        title="Square logistic sigmoid",
        family="sigmoidal",
        expr=sp.Piecewise(
            (1, x > 2),
            (1 - (x - 2) ** 2 / 8, x >= 0),
            ((x + 2) ** 2 / 8, x >= -2),
            (0, True),
        ),
        description="The square-based stand-in for the logistic sigmoid, (SQNL(x) + 1)/2: "
        "(x + 2)^2/8 on [-2, 0], 1 - (x - 2)^2/8 on [0, 2], 0 and 1 outside.",
        aliases=("logsqnl", "square_logistic_sigmoid"),
        reference=WURAOLA_2021,
        kink_convention="C^1 (f' = 1/2 at 0 and 0 at +-2); f'' jumps at -2, 0 and 2, where "
        "x = -2 and x = 0 belong to the branch to their right and x = 2 to the quadratic "
        "branch.",
        notes=(
            SURVEY_NOTE,
            "It is symacts' sqnl moved onto (0, 1), as the logistic sigmoid is tanh(x/2) moved "
            "onto (0, 1); note the input is not halved here.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="pmaf",
        title="Piecewise Mexican-hat activation function",
        family="radial",
        expr=sp.Piecewise(
            (_hat(x + _pmaf_a.symbol), x < 0),
            (_hat(x - _pmaf_a.symbol), True),
        ),
        description="Two Mexican-hat wavelets centred at -a and +a, each used on its side of "
        "0 and joined continuously there.",
        param_list=(_pmaf_a,),
        kink_convention="Continuous at 0, where f' jumps (the two hats have opposite slopes); "
        "x = 0 belongs to the right-hand hat.",
        notes=(
            SURVEY_NOTE,
            "Kunc and Klema attribute it, with a = 4, to Liu, Zeng and Wang's multistability "
            "analyses of recurrent networks. The wavelet keeps its normalising factor "
            "2/(sqrt(3) pi^(1/4)), unlike symacts' mexican_hat.",
        ),
        window=(-9, 9),
    ),
    Activation(
        name="gaussian_symmetric",
        title="Symmetric (bipolar) Gaussian",
        family="radial",
        expr=2 * sp.exp(-(x**2)) - 1,
        description="The Gaussian bump stretched onto (-1, 1]: 2 exp(-x^2) - 1, which is 1 "
        "at 0 and tends to -1 in both tails.",
        aliases=("bipolar_gaussian", "symmetric_gaussian"),
        notes=(
            "No single paper introduced it as an activation. S. Nissen's FANN library "
            "('Implementation of a Fast Artificial Neural Network Library', DIKU report, "
            "2003) offers it as FANN_GAUSSIAN_SYMMETRIC, computing 2 exp(-(s x)^2) - 1 with "
            "steepness s (default 1/2 on FANN's layers, applied to the input); NEAT/CPPN "
            "toolkits use it as 'bipolar Gaussian' with their own input scales. symacts "
            "fixes s = 1, as gaussian does.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="thlu",
        title="Tanh linear unit",
        family="exponential linear",
        expr=sp.Piecewise((x, x >= 0), (sp.tanh(x / 2), True)),
        description="The identity for x >= 0 and tanh(x/2) = 2 sigmoid(x) - 1 below, "
        "saturating at -1.",
        aliases=("tanh_linear_unit",),
        kink_convention="Continuous at 0, where f' jumps from 1/2 to 1; x = 0 belongs to the "
        "identity branch, so f'(0) = 1.",
        notes=(
            SURVEY_NOTE,
            "The survey notes that the work it cites for ThLU uses plain tanh, and that ThLU "
            "is the tanh-based ReLU (TReLU) with its parameter fixed at 1/2; maxtanh is the "
            "same construction with tanh(x) instead of tanh(x/2).",
        ),
        window=(-5, 3),
    ),
]

# Correct records the numeric generator cannot yet certify; not registered until it can.
# sinc_sigmoid: for x <= -745 sigmoid(x) underflows to 0 and sin(s)/s gives 0/0 (71 NaN
# points in f), although the limit is 1.
PENDING = [
    # quad_relu: for x >= 1 the generator expands (x + 2)^2 / 8 and x^2 overflows for
    # x > 1.34e154, where f is finite up to 3.8e154 (3 inf points in the certificate).
    Activation(
        name="quad_relu",
        title="Quadratic ReLU approximation (Faster CryptoNets)",
        family="polynomial",
        expr=x**2 / 8 + x / 2 + sp.Rational(1, 4),
        description="The quadratic 2^-3 x^2 + 2^-1 x + 2^-2 that replaces ReLU for inference on "
        "homomorphically encrypted data; its power-of-two coefficients encode sparsely.",
        aliases=("faster_cryptonets_quad", "fcn_quad"),
        reference=Reference(
            "E. Chou, J. Beal, D. Levy, S. Yeung, A. Haque, L. Fei-Fei",
            "Faster CryptoNets: Leveraging Sparsity for Real-World Encrypted Inference",
            2018,
            arxiv="1811.09953",
        ),
        notes=(
            "Chosen as the best quadratic approximation of ReLU whose coefficients are powers "
            "of two; CryptoNets itself (symacts' square) used x^2.",
            "The coefficients were checked against secondary sources (implementations "
            "quoting 0.25 + 0.5 x + 0.125 x^2), not against the paper's text.",
        ),
        window=(-6, 3),
    ),
    # rational_tanh: f''(0) = 0 and the generated f'' loses all relative accuracy next to it
    # (3.6e16 ULP at x = 6.7e-52; float32 1.3e7 ULP); f and f' pass.
    Activation(
        name="rational_tanh",
        title="Rational tanh approximation",
        family="sigmoidal",
        expr=sp.Piecewise(
            (_lecun_scale * (1 - 1 / _rational_tanh_q(2 * x / 3)), x >= 0),
            (-_lecun_scale * (1 - 1 / _rational_tanh_q(-2 * x / 3)), True),
        ),
        description="LeCun's scaled tanh 1.7159 tanh(2x/3) with tanh(y) replaced by the "
        "rational approximation sign(y) (1 - 1/(1 + |y| + y^2 + 1.41645 y^4)).",
        aliases=("rationaltanh",),
        reference=Reference(
            "I. A. Kalinovskii, V. G. Spitsyn",
            "Compact Convolutional Neural Network Cascade for Face Detection",
            2015,
            arxiv="1508.01292",
        ),
        kink_convention="Odd and C^2 at 0: f'(0) = 1.7159 (2/3) and f''(0) = 0 from both "
        "sides; x = 0 belongs to the x >= 0 branch.",
        notes=(
            "Deeplearning4j's Activation.RATIONALTANH computes this function, citing the "
            "paper for the approximation.",
        ),
        window=(-5, 5),
    ),
    # mishra: f' misses 4 ULP by a hair (4.04 ULP at x = 38.04); f and f'' pass. Written over a
    # common denominator, x (1 + x + |x|) / (2 (1 + |x|)^2), f'' loses all accuracy far out.
    Activation(
        name="mishra",
        title="Mishra activation",
        family="sigmoidal",
        expr=_softsign_x * (1 + _softsign_x) / 2,
        description="s(1 + s)/2 with s = x/(1 + |x|) the softsign: a non-monotonic sigmoid "
        "onto [-1/8, 1), with minimum -1/8 at x = -1.",
        notes=(
            SURVEY_NOTE,
            "Unnamed in the original papers; the survey names it after their first author.",
        ),
        window=(-10, 10),
    ),
    # rational_relu: f is NaN/inf at |x| ~ 1.8e308 (x^3 overflows; 4 points) and f'' loses all
    # accuracy far out (5.9e15 ULP at x = 7.2e16); f' passes.
    Activation(
        name="rational_relu",
        title="Rational ReLU approximant (type 3/2)",
        family="rational",
        expr=(_boulle_p[0] * x**3 + _boulle_p[1] * x**2 + _boulle_p[2] * x + _boulle_p[3])
        / (_boulle_q[0] * x**2 + 1),
        description="The best type-(3, 2) rational approximation of ReLU on [-1, 1], "
        "(1.1915 x^3 + 1.5957 x^2 + 0.5 x + 0.0218) / (2.383 x^2 + 1), with which "
        "rational neural networks initialise their learned activations.",
        aliases=("rational_nn", "boulle_rational"),
        reference=Reference(
            "N. Boulle, Y. Nakatsukasa, A. Townsend",
            "Rational neural networks",
            2020,
            "NeurIPS 2020",
            arxiv="2004.01902",
        ),
        notes=(
            "The coefficients are learned per layer; these are the published initial values "
            "(given to 4 decimals). Several PyTorch ports apply them in ascending order of "
            "powers, which gives x f(1/x), a different function; the descending order here is "
            "the one that approximates ReLU (f(0) = 0.0218, f(1) = 0.978).",
        ),
        window=(-3, 3),
    ),
    # sech_sig: f''(0) = 0 exactly and the generated f'' loses all relative accuracy next to it
    # (1.1e15 ULP at x = -2.4e-63); f and f' pass.
    Activation(
        name="sech_sig",
        title="SechSig",
        family="sigmoidal",
        expr=(x + sp.sech(x)) * _sigmoid_x,
        description="(x + sech(x)) sigmoid(x): a smooth, non-monotonic unit that tends to 0 "
        "for x -> -oo and to x for x -> +oo.",
        aliases=("sechsig",),
        reference=KOZKURT_2023,
        notes=(
            SURVEY_NOTE,
            "The paper's parametric alpha-SechSig (x + alpha sech(x + alpha)) sigmoid(x) "
            "has no fixed alpha and is not catalogued.",
        ),
        window=(-6, 3),
    ),
    Activation(
        name="sinc_sigmoid",
        title="Sinc-Sigmoid",
        family="sigmoidal",
        expr=sp.sin(_sigmoid_x) / _sigmoid_x,
        description="The unnormalised sinc of the logistic sigmoid, sin(sigmoid(x)) / "
        "sigmoid(x): decreasing from 1 to sin(1).",
        aliases=("sincsigmoid",),
        notes=(
            SURVEY_NOTE,
            "The survey reads the sinc as the unnormalised sin(u)/u because the paper's "
            "derivative implies it.",
        ),
        window=(-6, 6),
    ),
]

EXCLUDED = [
    Excluded(
        "siglin",
        "sigmoid(x) + a x is the survey's name for the function whose derivative the paper "
        "uses in a modified backpropagation; the network itself keeps the plain sigmoid in "
        "the forward pass, so no network computes this function.",
        Reference(
            "M. Roodschild, J. Gotay Sardinas, A. Will",
            "A new approach for the vanishing gradient problem on sigmoid activation",
            2020,
            "Progress in Artificial Intelligence 9(4), 351-360",
            doi="10.1007/s13748-020-00218-y",
        ),
    ),
    Excluded(
        "smht",
        "Soboleva's modified tanh (e^(ax) - e^(-bx)) / (e^(cx) + e^(-dx)) has no published "
        "default parameters (at a = b = c = d = 1 it is tanh), and in that exponential form "
        "the generated f'' loses all accuracy next to its zero at 0.",
        Reference(
            "E. V. Soboleva, V. V. Beskorovainyi",
            "The utility function in problems of structural optimization of distributed objects",
            2008,
            "4th Scientific Conference of the Kharkiv University of Air Forces (in Russian)",
        ),
    ),
    Excluded(
        "improved_logistic_sigmoid",
        "The sigmoid with linear tails beyond +-b (Qin, Wang and Zou) sets its slope a and "
        "threshold b per network and data set by a procedure; no fixed values are published.",
    ),
    Excluded(
        "ts_sigmoid",
        "The triple-state sigmoid sigmoid(x) (sigmoid(x) + sigmoid(x - a) + sigmoid(x - b)) "
        "is listed with fixed a and b whose values are not given.",
    ),
    Excluded(
        "msaf",
        "The multistate activation function a + sum_k sigmoid(x - b_k) (and its symmetric "
        "two-term case) leaves the number of states and the offsets b_k to the user; no "
        "fixed values are published.",
    ),
    Excluded(
        "kaf",
        "A kernel activation function is a learned mixture of Gaussian kernels on a fixed "
        "dictionary: its mixing coefficients are trained per neuron.",
        Reference(
            "S. Scardapane, S. Van Vaerenbergh, S. Totaro, A. Uncini",
            "Kafnets: kernel-based non-parametric activation functions for neural networks",
            2019,
            "Neural Networks 110, 19-32",
            arxiv="1707.04035",
        ),
    ),
    Excluded(
        "lutu",
        "The look-up table unit interpolates learned values on a fixed grid of anchor points "
        "(241 per neuron in the paper): a learned array, not one function.",
    ),
]
