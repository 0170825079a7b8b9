"""Activations that act on a whole tensor (or carry learned arrays), so they have no record.

A record is one real function of one real variable with scalar parameters; these are not.
"""

from symacts.catalog import Excluded, Reference

EXCLUDED = [
    Excluded(
        "softmax",
        "Maps a vector to a vector (each output depends on every input through the "
        "normalising sum), so it is not a function of one real variable.",
        Reference(
            "J. S. Bridle",
            "Probabilistic Interpretation of Feedforward Classification Network Outputs, "
            "with Relationships to Statistical Pattern Recognition",
            1990,
            "Neurocomputing, NATO ASI Series F68",
            doi="10.1007/978-3-642-76153-9_28",
        ),
    ),
    Excluded(
        "maxout",
        "The maximum over k affine pieces of the input, whose weights are learned; "
        "the function is the layer, with no fixed one-variable form.",
        Reference(
            "I. J. Goodfellow, D. Warde-Farley, M. Mirza, A. Courville, Y. Bengio",
            "Maxout Networks",
            2013,
            "ICML 2013",
            arxiv="1302.4389",
        ),
    ),
    Excluded(
        "crelu",
        "Concatenated ReLU returns the pair (ReLU(x), ReLU(-x)) and doubles the channel "
        "count: two outputs per input, not one real function.",
        Reference(
            "W. Shang, K. Sohn, D. Almeida, H. Lee",
            "Understanding and Improving Convolutional Neural Networks via Concatenated "
            "Rectified Linear Units",
            2016,
            "ICML 2016",
            arxiv="1603.05201",
        ),
    ),
    Excluded(
        "kan_spline",
        "Kolmogorov-Arnold Network edges are learned B-spline functions (one per edge, "
        "with trained coefficients and grid), so there is no single fixed expression.",
        Reference(
            "Z. Liu, Y. Wang, S. Vaidya, F. Ruehle, J. Halverson, M. Soljačić, T. Y. Hou, "
            "M. Tegmark",
            "KAN: Kolmogorov-Arnold Networks",
            2024,
            arxiv="2404.19756",
        ),
    ),
]
