"""The catalogue: one module per family, each a list ``ACTIVATIONS`` of records and nothing else.

The registry collects every module in this package; no list of names is kept anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symacts.activation import Activation, Framework, Param, Reference, X

__all__ = [
    "NONNEGATIVE",
    "POSITIVE",
    "ZEROS_FAR_OUT_NOTE",
    "Activation",
    "Excluded",
    "Framework",
    "Param",
    "Reference",
    "X",
    "jax_nn",
    "keras_act",
    "param",
    "scipy_f",
    "torch_f",
]


@dataclass(frozen=True)
class Excluded:
    """An activation met in the literature that the catalogue leaves out, and why.

    Catalogue modules list these in ``EXCLUDED`` (next to ``ACTIVATIONS``); the site's
    excluded page collects them, so the reason lives beside the records it concerns.
    """

    name: str
    #: Why it has no record: e.g. it needs learned arrays or a whole-tensor operation.
    reason: str
    reference: Reference | None = None


POSITIVE = sp.Interval.open(0, sp.oo)
NONNEGATIVE = sp.Interval(0, sp.oo)


#: Why oscillating functions miss 4 ULP in f' far out (shown on their pages).
ZEROS_FAR_OUT_NOTE = (
    "f' has a zero in every period. Next to a zero the formula cancels, and Taylor patches "
    "about the zeros cover |x| <= 64 only; further out a few points next to each zero miss "
    "4 ULP, because meeting it there would need sin and cos of x in double-double (x "
    "reduced modulo pi to about 110 bits)."
)


def param(name, default, domain=sp.S.Reals, tex=None, description="", aliases=(), **assume):
    """A parameter whose symbol carries the assumptions implied by its domain."""
    if domain == POSITIVE:
        assume.setdefault("positive", True)
    elif domain == NONNEGATIVE:
        assume.setdefault("nonnegative", True)
    symbol = sp.Symbol(name, real=True, **assume)
    return Param(symbol, sp.sympify(default), domain, tex, description, tuple(aliases))


def torch_f(name, differences="", **defaults):
    return Framework("pytorch", f"torch.nn.functional.{name}", tuple(defaults.items()), differences)


def jax_nn(name, differences="", **defaults):
    return Framework("jax", f"jax.nn.{name}", tuple(defaults.items()), differences)


def scipy_f(call, differences=""):
    """A unary SciPy or NumPy routine computing the same function (for benchmarks)."""
    return Framework("scipy", call, (), differences)


def keras_act(name, differences="", **defaults):
    return Framework("keras", f"keras.activations.{name}", tuple(defaults.items()), differences)
