"""More rectifiers, shrinkage rules and piecewise-polynomial units (issue 11, second round)."""

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

_bifire_a = param("a", 1, POSITIVE, description="half-width of the quadratic")
_a = _bifire_a.symbol
_scad_l = param(
    "lambd",
    sp.Rational(1, 2),
    POSITIVE,
    tex=r"\lambda",
    aliases=("lambda_",),
    description="threshold",
)
_scad_a = param(
    "a", sp.Rational(37, 10), POSITIVE, description="end of the linear blend, in lambdas"
)
_l, _sa = _scad_l.symbol, _scad_a.symbol
_signrelu_a = param(
    "alpha", 1, POSITIVE, tex=r"\alpha", description="magnitude of the lower saturation value"
)
_aranda_l = param("lam", 2, POSITIVE, tex=r"\lambda", description="asymmetry parameter")

ACTIVATIONS = [
    Activation(
        name="bi_firing",
        title="Bi-firing",
        family="rectifier",
        expr=sp.Piecewise(
            (-x - _a / 2, x < -_a),
            (x - _a / 2, x > _a),
            (x**2 / (2 * _a), True),
        ),
        description="A symmetric smooth rectifier: x^2 / (2a) on [-a, a] and |x| - a/2 "
        "outside, so both signs fire. It is the Huber function.",
        param_list=(_bifire_a,),
        aliases=("bifiring", "smooth_l1", "huber"),
        reference=Reference(
            "J.-C. Li, W. W. Y. Ng, D. S. Yeung, P. P. K. Chan",
            "Bi-firing deep neural networks",
            2014,
            "International Journal of Machine Learning and Cybernetics 5(1), 73-83",
            doi="10.1007/s13042-013-0198-9",
        ),
        kink_convention="f and f' are continuous at +-a; f'' jumps there (0, 1/a, 0) and "
        "x = +-a belong to the quadratic branch.",
        notes=(
            "symacts uses a = 1, where it equals MXNet's elementwise smooth_l1 (scalar = 1) "
            "and the elementwise term of PyTorch's smooth_l1_loss (beta = 1); the Huber "
            "function with threshold delta is delta times this with a = delta.  The formula was "
            "not checked against the paper's text.",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="scad_threshold",
        title="SCAD thresholding",
        family="shrinkage",
        expr=sp.Piecewise(
            (0, (x >= -_l) & (x <= _l)),
            (x - _l, (x > _l) & (x <= 2 * _l)),
            (x + _l, (x < -_l) & (x >= -2 * _l)),
            (((_sa - 1) * x - _sa * _l) / (_sa - 2), (x > 2 * _l) & (x < _sa * _l)),
            (((_sa - 1) * x + _sa * _l) / (_sa - 2), (x < -2 * _l) & (x > -_sa * _l)),
            (x, True),
        ),
        description="The thresholding rule of the smoothly clipped absolute deviation "
        "penalty: soft shrinkage up to |x| = 2 lambda, the identity beyond a lambda, linear "
        "between.",
        param_list=(_scad_l, _scad_a),
        conditions=(sp.Gt(_sa, 2),),
        aliases=("scad",),
        reference=Reference(
            "J. Fan, R. Li",
            "Variable Selection via Nonconcave Penalized Likelihood and its Oracle Properties",
            2001,
            "Journal of the American Statistical Association 96(456), 1348-1360",
            doi="10.1198/016214501753382273",
        ),
        kink_convention="Continuous; x = +-lambda belong to the zero branch (f' = 0), "
        "x = +-2 lambda to the soft-shrinkage branches and x = +-a lambda to the identity "
        "branches, so f' = 1 at both.",
        notes=(
            "a = 3.7 is the value Fan and Li recommend; lambda is free in the paper and "
            "symacts uses 0.5, hardshrink's and softshrink's default threshold.",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="sqlu",
        title="SQLU (square linear unit)",
        family="exponential linear",
        expr=sp.Piecewise((-1, x < -2), (x + x**2 / 4, x <= 0), (x, True)),
        description="An ELU made of polynomial pieces: the identity for x > 0, x + x^2/4 on "
        "[-2, 0] and the constant -1 below, with no exponential to compute.",
        aliases=("square_linear_unit",),
        reference=Reference(
            "A. Wuraola, N. Patel, S. K. Nguang",
            "Efficient activation functions for embedded inference engines",
            2021,
            "Neurocomputing 442, 73-88",
            doi="10.1016/j.neucom.2021.02.030",
        ),
        kink_convention="C^1 at -2 (f' = 0) and at 0 (f' = 1); f'' jumps at both and x = 0 "
        "belongs to the quadratic branch, x = -2 too.",
        notes=(
            "Kunc and Klema's survey (arXiv:2402.09092) lists it under this reference; the "
            "formula was not checked against the paper's text.",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="signrelu",
        title="SignReLU",
        family="rectifier",
        # x / (1 + |x|) with |x| = -x on the negative branch.
        expr=sp.Piecewise((x, x >= 0), (_signrelu_a.symbol * x / (1 - x), True)),
        description="The identity for x >= 0 and a scaled softsign alpha x / (1 + |x|) below, "
        "saturating at -alpha.",
        param_list=(_signrelu_a,),
        aliases=("sign_relu",),
        reference=Reference(
            "J. Li, H. Feng, D.-X. Zhou",
            "SignReLU neural network and its approximation ability",
            2022,
            arxiv="2210.10264",
        ),
        kink_convention="x = 0 belongs to the identity branch; f' is alpha from the left and 1 "
        "from the right (continuous at the default alpha = 1), f'' jumps from 2 alpha to 0.",
        notes=(
            "Proposed by Lin and Shen ('Research on convolutional neural network based on "
            "improved ReLU piecewise activation function', Procedia Computer Science 131, "
            "2018), who leave alpha in (0, 1) to be chosen; symacts uses alpha = 1, where f is "
            "C^1.",
        ),
        window=(-5, 3),
    ),
]

# Correct records the numeric generator cannot yet certify (f' and f'' of aranda lose all
# accuracy for x > ~700, where e^x overflows; f'' of inverse_quadratic near x = 1e77, where
# x^4 overflows); not registered until it can.
PENDING = [
    Activation(
        name="aranda",
        title="Aranda-Ordaz sigmoid",
        family="sigmoidal",
        # The exp-log form keeps e^x paired with 1 + lambda e^x in the derivatives.
        expr=1 - sp.exp(-sp.log(1 + _aranda_l.symbol * sp.exp(x)) / _aranda_l.symbol),
        description="The inverse of the Aranda-Ordaz asymmetric link, 1 - (1 + lambda e^x)^(-1/"
        "lambda), onto (0, 1): the logistic sigmoid at lambda = 1 and cloglog as lambda -> 0.",
        param_list=(_aranda_l,),
        aliases=("aranda_ordaz",),
        reference=Reference(
            "G. S. da S. Gomes, T. B. Ludermir, L. M. M. R. Lima",
            "Comparison of new activation functions in neural network for forecasting "
            "financial time series",
            2011,
            "Neural Computing and Applications 20(3), 417-439",
            doi="10.1007/s00521-010-0407-3",
        ),
        notes=(
            "The family is the asymmetric link of F. J. Aranda-Ordaz (Biometrika 68(2), 357-363, "
            "1981); lambda = 2 is the value Kunc and Klema's survey (arXiv:2402.09092) gives for "
            "its use as an activation by Gomes et al. (the paper's own text was not checked).",
        ),
        window=(-6, 4),
    ),
    Activation(
        name="inverse_quadratic",
        title="Inverse quadratic",
        family="radial",
        expr=1 / (1 + x**2),
        description="The inverse quadratic radial function 1 / (1 + x^2), with tails "
        "decaying like 1/x^2.",
        notes=(
            "A standard radial basis function (with shape parameter fixed to 1); no single "
            "paper introduced it as an activation.",
        ),
        window=(-5, 5),
    ),
]

PISHCHIK_2023 = Reference(
    "E. Pishchik",
    "Trainable Activations for Image Classification",
    2023,
    "Preprints.org 2023010463",
    doi="10.20944/preprints202301.0463.v1",
)

EXCLUDED = [
    Excluded(
        "scaled_softsign",
        "alpha x / (beta + |x|) learns alpha and beta per layer; both start at 1, where it is "
        "softsign.",
        PISHCHIK_2023,
    ),
    Excluded(
        "shilu",
        "The shifted ReLU alpha relu(x) + beta learns alpha and beta per layer; they start at "
        "1 and 0, where it is relu.",
        PISHCHIK_2023,
    ),
]
