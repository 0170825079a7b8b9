"""symacts: neural-network activation functions defined once in SymPy.

>>> import symacts
>>> act = symacts.get("relu")
>>> act.diff()
Piecewise((1, x > 0), (0, True))
"""

# The generated callables' run time (NumPy and the kernels) is part of the import, so that a
# first act.numpy(n) only reads the store (fresh-install latency, scripts/bench_store.py).
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
    "register",
    "unregister",
]
__version__ = "0.1.0"
