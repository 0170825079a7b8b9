"""Recent activations from the literature (2018 onwards)."""

import sympy as sp

from symacts.catalog import (
    POSITIVE,
    ZEROS_FAR_OUT_NOTE,
    Activation,
    Reference,
    X,
    param,
)

x = X

BASIRAT_ROTH = Reference(
    "M. Basirat, P. M. Roth",
    "The Quest for the Golden Activation Function",
    2018,
    arxiv="1808.00783",
)

_clip_alpha = param("alpha", 1, POSITIVE, description="hardness; large alpha -> hard clipping")
_snake_a = param("a", 1, POSITIVE, description="frequency")
_star_s = param("s", sp.Float("0.8944"), sp.S.Reals, description="scale")
_star_b = param("b", sp.Float("-0.4472"), sp.S.Reals, description="bias")

_sigmoid_x = 1 / (1 + sp.exp(-x))

ACTIVATIONS = [
    Activation(
        name="soft_clipping",
        title="Soft clipping",
        family="sigmoidal",
        expr=sp.log(
            (1 + sp.exp(_clip_alpha.symbol * x)) / (1 + sp.exp(_clip_alpha.symbol * (x - 1)))
        )
        / _clip_alpha.symbol,
        description="A smooth clip of the input to [0, 1].",
        param_list=(_clip_alpha,),
        aliases=("softclip", "soft_clip"),
        reference=Reference(
            "M. D. Klimek, M. Perelstein",
            "Neural network-based approach to phase space integration",
            2020,
            "SciPost Physics 9, 053",
            arxiv="1810.11509",
        ),
        notes=("The paper leaves alpha free; symacts defaults it to 1.",),
        window=(-4, 5),
    ),
    Activation(
        name="lisht",
        title="Linearly Scaled Hyperbolic Tangent",
        family="gated (self-gated)",
        expr=x * sp.tanh(x),
        description="The input times its hyperbolic tangent; even and non-negative.",
        reference=Reference(
            "S. K. Roy, S. Manna, S. R. Dubey, B. B. Chaudhuri",
            "LiSHT: Non-Parametric Linearly Scaled Hyperbolic Tangent Activation Function for "
            "Neural Networks",
            2019,
            arxiv="1901.05894",
        ),
        window=(-3, 3),
    ),
    Activation(
        name="tanhexp",
        title="TanhExp",
        family="gated (self-gated)",
        expr=x * sp.tanh(sp.exp(x)),
        description="The input weighted by tanh of its exponential.",
        aliases=("tanh_exp", "telu"),
        reference=Reference(
            "X. Liu, X. Di",
            "TanhExp: A Smooth Activation Function with High Convergence Speed for "
            "Lightweight Neural Networks",
            2020,
            "IET Computer Vision 15(2)",
            arxiv="2003.09855",
        ),
        notes=(
            "TeLU (A. Fernandez, A. Mali, 2024, arXiv:2402.02790) is the same function, "
            "x tanh(e^x); 'telu' is an alias.",
        ),
        window=(-5, 3),
    ),
    Activation(
        name="logish",
        title="Logish",
        family="gated (self-gated)",
        expr=x * sp.log(1 + _sigmoid_x),
        description="The input weighted by log(1 + sigmoid(x)).",
        reference=Reference(
            "H. Zhu, H. Zeng, J. Liu, X. Zhang",
            "Logish: A new nonlinear nonmonotonic activation function for convolutional "
            "neural network",
            2021,
            "Neurocomputing 458, 490-499",
            doi="10.1016/j.neucom.2021.06.067",
        ),
        window=(-6, 4),
    ),
    Activation(
        name="smish",
        title="Smish",
        family="gated (self-gated)",
        expr=x * sp.tanh(sp.log(1 + _sigmoid_x)),
        description="The input weighted by tanh(log(1 + sigmoid(x))).",
        reference=Reference(
            "X. Wang, H. Ren, A. Wang",
            "Smish: A Novel Activation Function for Deep Learning Methods",
            2022,
            "Electronics 11(4), 540",
            doi="10.3390/electronics11040540",
        ),
        notes=(
            "The paper's general form is alpha * x * tanh(log(1 + sigmoid(beta * x))); "
            "symacts catalogues the recommended alpha = beta = 1.",
        ),
        window=(-6, 4),
    ),
    Activation(
        name="serf",
        title="Serf (log-softplus error function)",
        family="gated (self-gated)",
        expr=x * sp.erf(sp.log(1 + sp.exp(x))),
        description="The input weighted by erf of its softplus.",
        reference=Reference(
            "S. Nag, M. Bhattacharyya, A. Mukherjee, R. Kundu",
            "SERF: Towards better training of deep neural networks using log-Softplus ERror "
            "activation Function",
            2023,
            "WACV 2023",
            arxiv="2108.09598",
        ),
        window=(-6, 4),
    ),
    Activation(
        name="gcu",
        title="Growing Cosine Unit",
        family="oscillatory",
        expr=x * sp.cos(x),
        description="The input times its cosine: an oscillatory activation.",
        aliases=("growing_cosine_unit",),
        reference=Reference(
            "M. M. Noel, A. L, A. Trivedi, P. Dutta",
            "Growing Cosine Unit: A Novel Oscillatory Activation Function That Can Speedup "
            "Training and Reduce Parameters in Convolutional Neural Networks",
            2021,
            arxiv="2108.12943",
        ),
        numeric_notes=(ZEROS_FAR_OUT_NOTE,),
        window=(-10, 10),
    ),
    Activation(
        name="snake",
        title="Snake",
        family="oscillatory",
        expr=x + sp.sin(_snake_a.symbol * x) ** 2 / _snake_a.symbol,
        description="The identity plus a periodic term sin^2(a x)/a.",
        param_list=(_snake_a,),
        reference=Reference(
            "L. Ziyin, T. Hartwig, M. Ueda",
            "Neural Networks Fail to Learn Periodic Functions and How to Fix It",
            2020,
            "NeurIPS 2020",
            arxiv="2006.08195",
        ),
        numeric_notes=(
            "For an a that is not a power of two, a x is rounded to double before sin: at "
            "|x| near 10^k the argument is off by about 10^(k-16), so f' and f'' lose that "
            "much absolute accuracy far out, and where a x overflows the result is NaN. The "
            "default a = 1 (and any a = 2^j) is exact, except that f'' = 2 cos 2x is NaN "
            "where 2x overflows (|x| > 8.99e307).",
        ),
        window=(-6, 6),
    ),
    Activation(
        name="quick_gelu",
        title="Quick GELU",
        family="gated (self-gated)",
        expr=x / (1 + sp.exp(-sp.Float("1.702", 50) * x)),
        description="The sigmoid approximation of GELU, x * sigmoid(1.702 x), used by CLIP.",
        aliases=("quickgelu", "gelu_sigmoid"),
        reference=Reference(
            "D. Hendrycks, K. Gimpel",
            "Gaussian Error Linear Units (GELUs)",
            2016,
            arxiv="1606.08415",
        ),
        window=(-4, 3),
    ),
    Activation(
        name="squared_relu",
        title="Squared ReLU",
        family="rectifier",
        expr=sp.Piecewise((x**2, x > 0), (0, True)),
        description="The square of the rectifier.",
        aliases=("relu_squared", "relu2", "requ"),
        reference=Reference(
            "D. R. So, W. Manke, H. Liu, Z. Dai, N. Shazeer, Q. V. Le",
            "Primer: Searching for Efficient Transformers for Language Modeling",
            2021,
            "NeurIPS 2021",
            arxiv="2109.08668",
        ),
        kink_convention="C^1 at 0; f''(0) takes the x <= 0 branch's value 0 (as relu').",
        window=(-2, 2),
    ),
    Activation(
        name="star_relu",
        title="StarReLU",
        family="rectifier",
        expr=sp.Piecewise((_star_s.symbol * x**2 + _star_b.symbol, x > 0), (_star_b.symbol, True)),
        description="A scaled and shifted squared ReLU, s * relu(x)^2 + b.",
        param_list=(_star_s, _star_b),
        aliases=("starrelu",),
        reference=Reference(
            "W. Yu, C. Si, P. Zhou, M. Luo, Y. Zhou, J. Feng, S. Yan, X. Wang",
            "MetaFormer Baselines for Vision",
            2022,
            arxiv="2210.13452",
        ),
        kink_convention="C^1 at 0; f''(0) takes the x <= 0 branch's value 0.",
        notes=(
            "The paper learns s and b, initialised to 0.8944 and -0.4472 (1/sqrt(1.25) and "
            "-0.5/sqrt(1.25) rounded).",
        ),
        window=(-2, 2),
    ),
    Activation(
        name="elish",
        title="ELiSH",
        family="exponential linear",
        expr=sp.Piecewise((x * _sigmoid_x, x >= 0), ((sp.exp(x) - 1) * _sigmoid_x, True)),
        description="Exponential Linear Sigmoid SquasHing: silu for x >= 0, "
        "(e^x - 1) sigmoid(x) below.",
        reference=BASIRAT_ROTH,
        kink_convention="C^1 at 0 (f'(0) = 1/2 from both sides); x = 0 belongs to the x >= 0 "
        "branch for f''.",
        window=(-5, 3),
    ),
    Activation(
        name="hard_elish",
        title="HardELiSH",
        family="exponential linear",
        # The paper's gate max(0, min(1, (x + 1)/2)) resolved piece by piece (simplifying
        # it here cost a quarter second at import); tests/test_symbolic.py proves the two
        # forms equal.
        expr=sp.Piecewise(
            (x, x >= 1),
            (x * (x + 1) / 2, x >= 0),
            (0, x <= -1),
            ((x + 1) * (sp.exp(x) - 1) / 2, True),
        ),
        description="ELiSH with the sigmoid replaced by max(0, min(1, (x + 1)/2)).",
        aliases=("hardelish",),
        reference=BASIRAT_ROTH,
        kink_convention="Kinks at -1 and 1 from the hard gate; x = 1 belongs to the linear "
        "branch and x = -1 to the zero branch, so f'(-1) = 0 and f'(1) = 1.",
        window=(-3, 3),
    ),
]
