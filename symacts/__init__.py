"""symacts: neural-network activation functions defined once in SymPy.

>>> import symacts
>>> act = symacts.get("relu")
>>> act.diff()
Piecewise((1, x > 0), (0, True))
"""

# Paid at import so that a first get(name).numpy(n) only reads the store (fresh-install
# latency, scripts/bench_store.py): SymPy imports sympy.tensor.tensor lazily in the first Add it
# flattens (0.18 s), and the generated callables run with NumPy and the kernels.
import sympy.tensor.tensor  # noqa: F401

import symacts.kernels  # noqa: F401
from symacts.activation import Activation, Framework, Param, ParameterError, Reference
from symacts.registry import (
    UnknownActivationError,
    all_activations,
    excluded,
    families,
    get,
    names,
    register,
    unregister,
)

__all__ = [
    "Activation",
    "Framework",
    "Param",
    "ParameterError",
    "Reference",
    "UnknownActivationError",
    "all_activations",
    "excluded",
    "families",
    "get",
    "names",
    "plot_family",
    "register",
    "unregister",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # plot_family lives in symacts.plot, which imports matplotlib: only on first use
    if name == "plot_family":
        from symacts.plot import plot_family

        return plot_family
    raise AttributeError(f"module 'symacts' has no attribute {name!r}")
