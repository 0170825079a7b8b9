"""Calling a record's framework equivalents (PyTorch, SciPy) from the record itself.

Used by the benchmarks, the site and the tests, so that no module keeps its own list of
which framework function matches which activation: the ``frameworks`` field of each record
names the call and its defaults.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable
from typing import Any

import numpy as np

from symacts.activation import Activation, Framework, ParameterError


def entry(act: Activation, framework: str) -> Framework | None:
    """The record's equivalent in ``framework`` ("pytorch", "jax", "keras", "scipy")."""
    return next((f for f in act.frameworks if f.framework == framework), None)


def resolve(call: str) -> Callable[..., Any]:
    """Import ``package.module.function`` and return the function."""
    module, _, attr = call.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def parameter_keywords(act: Activation, fw: Framework) -> dict[str, str]:
    """Framework keyword -> our parameter name, for the keywords that are our parameters."""
    mapped = {}
    for key, _ in fw.defaults:
        # Keywords that are not our parameters are framework options (approximate=, ...).
        with contextlib.suppress(ParameterError):
            mapped[key] = act.param(key).name
    return mapped


class TorchCall:
    """``torch.nn.functional.<f>`` with the record's defaults and our parameter values."""

    def __init__(self, act: Activation, **params: Any):
        import torch

        fw = entry(act, "pytorch")
        if fw is None:
            raise ValueError(f"{act.name} has no PyTorch equivalent")
        self.torch = torch
        self.fn = resolve(fw.call)
        mapped = parameter_keywords(act, fw)
        values = dict(act.resolve_params(**params))
        self.kwargs = {k: (float(values[mapped[k]]) if k in mapped else v) for k, v in fw.defaults}
        self.param_keys = set(mapped)

    def __call__(self, x: Any) -> Any:
        try:
            return self.fn(x, **self.kwargs)
        except TypeError as exc:
            # A parameter torch wants as a tensor (prelu's weight) is wrapped.
            wrap = {k for k in self.param_keys if repr(k) in str(exc)}
            if not wrap:
                raise
            kwargs = {
                k: self.torch.tensor([v], dtype=x.dtype) if k in wrap else v
                for k, v in self.kwargs.items()
            }
            return self.fn(x, **kwargs)

    def autograd(self, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """f, f' and f'' in float64 by autograd; f'' is None where torch has no double
        backward."""
        torch = self.torch
        x = torch.tensor(np.asarray(xs, dtype=np.float64), dtype=torch.float64, requires_grad=True)
        y = self(x)
        (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
        second: np.ndarray | None
        if not g.requires_grad:  # f' does not depend on x
            second = np.zeros(len(xs))
        else:
            try:
                (h,) = torch.autograd.grad(g.sum(), x)
                second = h.detach().numpy()
            except RuntimeError:
                second = None
        return y.detach().numpy(), g.detach().numpy(), second


def scipy_callable(act: Activation) -> Callable[[np.ndarray], np.ndarray] | None:
    """The record's unary SciPy/NumPy equivalent (``scipy.special.expit`` ...), if any."""
    fw = entry(act, "scipy")
    if fw is None:
        return None
    try:
        return resolve(fw.call)
    except (ImportError, AttributeError):  # e.g. scipy.special.softplus needs SciPy 1.15
        return None
