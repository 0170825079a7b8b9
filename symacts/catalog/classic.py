"""Classic activations from the Wikipedia comparison table."""

import sympy as sp

from symacts.catalog import (
    POSITIVE,
    ZEROS_FAR_OUT_NOTE,
    Activation,
    Reference,
    X,
    param,
    scipy_f,
)

x = X

CARLILE_2017 = Reference(
    "B. Carlile, G. Delamarter, P. Kinney, A. Marti, B. Whitney",
    "Improving Deep Learning by Inverse Square Root Linear Units (ISRLUs)",
    2017,
    arxiv="1710.09967",
)
_isru_alpha = param("alpha", 1, POSITIVE, description="1/sqrt(alpha) is the saturation value")
_isrlu_alpha = param("alpha", 1, POSITIVE, description="saturation -1/sqrt(alpha) for x -> -oo")

ACTIVATIONS = [
    Activation(
        name="binary_step",
        title="Binary step",
        family="step",
        expr=sp.Piecewise((0, x < 0), (1, True)),
        description="The Heaviside step: 0 for negative inputs, 1 otherwise.",
        aliases=("heaviside", "step", "hardlim"),
        reference=Reference(
            "W. S. McCulloch, W. Pitts",
            "A logical calculus of the ideas immanent in nervous activity",
            1943,
            "Bulletin of Mathematical Biophysics 5, 115-133",
            doi="10.1007/BF02478259",
        ),
        kink_convention="f(0) = 1 (the x >= 0 branch owns 0, as Wikipedia's table); the "
        "derivative is 0 wherever it exists and is taken as 0 at the jump.",
        window=(-3, 3),
    ),
    Activation(
        name="arctan",
        title="Arctangent",
        family="sigmoidal",
        expr=sp.atan(x),
        description="The inverse tangent, a sigmoid onto (-pi/2, pi/2).",
        aliases=("atan", "arc_tan"),
        frameworks=(scipy_f("numpy.arctan"),),
        notes=(
            "A classical function (Wikipedia's comparison table); no single paper "
            "introduced it as an activation.",
        ),
        window=(-6, 6),
    ),
    Activation(
        name="isru",
        title="Inverse Square Root Unit",
        family="sigmoidal",
        expr=x / sp.sqrt(1 + _isru_alpha.symbol * x**2),
        description="An algebraic sigmoid onto (-1/sqrt(alpha), 1/sqrt(alpha)).",
        param_list=(_isru_alpha,),
        reference=CARLILE_2017,
        window=(-6, 6),
    ),
    Activation(
        name="isrlu",
        title="Inverse Square Root Linear Unit",
        family="exponential linear",
        expr=sp.Piecewise((x, x >= 0), (x / sp.sqrt(1 + _isrlu_alpha.symbol * x**2), True)),
        description="Linear for non-negative inputs and ISRU for negative ones.",
        param_list=(_isrlu_alpha,),
        reference=CARLILE_2017,
        kink_convention="x = 0 belongs to the linear branch; f and its first two "
        "derivatives agree there (C^2).",
        window=(-5, 3),
    ),
    Activation(
        name="bent_identity",
        title="Bent identity",
        family="rectifier",
        expr=(sp.sqrt(x**2 + 1) - 1) / 2 + x,
        description="A smooth function bending the identity towards slope 1/2 for x < 0.",
        aliases=("bentidentity",),
        notes=(
            "Listed in Wikipedia's comparison table; no originating paper is known to symacts.",
        ),
        window=(-4, 4),
    ),
    Activation(
        name="gaussian",
        title="Gaussian",
        family="radial",
        expr=sp.exp(-(x**2)),
        description="The Gaussian bump exp(-x^2).",
        aliases=("gauss", "radbas"),
        notes=(
            "A radial basis function used since early RBF networks; no single paper "
            "introduced it as an activation.",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="sinc",
        title="Sinc",
        family="oscillatory",
        expr=sp.Piecewise((sp.sin(x) / x, sp.Ne(x, 0)), (1, True)),
        description="The unnormalised sinc function sin(x)/x, with its limit 1 at 0.",
        kink_convention="x = 0 is a removable singularity: the value there is the limit 1 and "
        "each derivative there is the limit of the derivative of sin(x)/x.",
        notes=(
            "Listed in Wikipedia's comparison table; no single paper introduced it as an "
            "activation.",
        ),
        numeric_notes=(ZEROS_FAR_OUT_NOTE,),
        window=(-12, 12),
    ),
    Activation(
        name="sqnl",
        title="Square Nonlinearity",
        family="sigmoidal",
        expr=sp.Piecewise(
            (1, x > 2),
            (x - x**2 / 4, x >= 0),
            (x + x**2 / 4, x >= -2),
            (-1, True),
        ),
        description="A piecewise-quadratic sigmoid onto [-1, 1].",
        reference=Reference(
            "A. Wuraola, N. Patel",
            "SQNL: A New Computationally Efficient Activation Function",
            2018,
            "IJCNN 2018",
            doi="10.1109/IJCNN.2018.8489043",
        ),
        kink_convention="The function is C^1; f'' jumps at -2, 0 and 2, where it takes the "
        "value of the branch listed first that contains the point.",
        window=(-3, 3),
    ),
    Activation(
        name="elliott",
        title="Elliott sigmoid",
        family="sigmoidal",
        expr=x / (2 * (1 + sp.Abs(x))) + sp.Rational(1, 2),
        description="Elliott's algebraic sigmoid onto (0, 1), cheap to compute.",
        aliases=("elliot", "elliott_sigmoid"),
        reference=Reference(
            "D. L. Elliott",
            "A Better Activation Function for Artificial Neural Networks",
            1993,
            "ISR Technical Report TR 93-8, University of Maryland",
            url="http://hdl.handle.net/1903/5355",
        ),
        kink_convention="f'' jumps at 0; f''(0) is taken as 0, the mean of the one-sided "
        "values (sign(0) = 0).",
        notes=(
            "Elliott's symmetric form x/(1 + |x|) is catalogued as softsign; this is the "
            "unipolar form (0.5 x/(1 + |x|) + 0.5) used by FANN's ELLIOT activation.",
        ),
        window=(-6, 6),
    ),
]
