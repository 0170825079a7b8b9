"""Step functions beyond the Heaviside step: the symmetric (bipolar) step and the smooth step."""

import sympy as sp

from symacts.catalog import POSITIVE, Activation, Reference, X, param

x = X

_gamma = param(
    "gamma",
    1,
    POSITIVE,
    tex=r"\gamma",
    description="width of the ramp: the step rises on [-gamma/2, gamma/2]",
)

ACTIVATIONS = [
    Activation(
        name="bipolar_step",
        title="Bipolar step",
        family="step",
        expr=sp.Piecewise((-1, x < 0), (1, True)),
        description="The symmetric hard limiter: -1 for negative inputs, +1 otherwise.",
        aliases=("hardlims", "symmetric_hard_limit", "signum_step"),
        kink_convention="f(0) = +1 (the x >= 0 branch owns 0, as MATLAB's hardlims); the "
        "derivative is 0 wherever it exists and is taken as 0 at the jump.",
        notes=(
            "A classical threshold unit with no single introducing paper: the +-1 quantizer "
            "of ADALINE (B. Widrow, M. E. Hoff, Adaptive switching circuits, IRE WESCON "
            "Convention Record 1960) and MATLAB's hardlims (1 if n >= 0, -1 otherwise, "
            "https://www.mathworks.com/help/deeplearning/ref/hardlims.html). numpy.sign "
            "differs at 0, where it gives 0.",
        ),
        window=(-3, 3),
    ),
]

# Correct, but the generator cannot yet certify it: the double zero at -gamma/2 sits on the
# cut (no root patch there) and the cubic then joins the constant on [gamma/2, 1) (4.4e15
# ULP at 0.997); not registered until it can.
PENDING = [
    Activation(
        name="smooth_step",
        title="Smooth step",
        family="step",
        param_list=(_gamma,),
        expr=sp.Piecewise(
            (0, x <= -_gamma.symbol / 2),
            (
                -2 * x**3 / _gamma.symbol**3 + 3 * x / (2 * _gamma.symbol) + sp.Rational(1, 2),
                x < _gamma.symbol / 2,
            ),
            (1, True),
        ),
        description="A cubic ramp from 0 to 1 on [-gamma/2, gamma/2], flat outside: a "
        "sigmoid-like gate that is exactly 0 or 1 away from the origin.",
        aliases=("smoothstep", "tel_smooth_step"),
        reference=Reference(
            "H. Hazimeh, N. Ponomareva, P. Mol, Z. Tan, R. Mazumder",
            "The Tree Ensemble Layer: Differentiability meets Conditional Computation",
            2020,
            "ICML 2020",
            arxiv="2002.07772",
        ),
        kink_convention="C^1 at x = +-gamma/2 (f' = 0 from both sides); f'' jumps there and "
        "x = -gamma/2 belongs to the zero branch, x = gamma/2 to the one branch.",
        notes=(
            "gamma = 1 is the default of the authors' TensorFlow SmoothStep layer "
            "(google-research/tf_trees); the paper tunes it per data set.",
        ),
        window=(-1.5, 1.5),
    ),
]
