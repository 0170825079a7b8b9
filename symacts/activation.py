"""The activation record and the views derived from it.

A record states only what is specific to one activation: its expression, parameters and
metadata. Derivatives, LaTeX, properties and NumPy callables are derived here, lazily and
cached, so importing symacts stays cheap and nothing can drift from the definition.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import sympy as sp

#: The input symbol shared by every activation.
X = sp.Symbol("x", real=True)


@dataclass(frozen=True)
class Param:
    """A parameter of an activation.

    ``symbol.name`` is the keyword users pass (``act.numpy(alpha=0.2)``); ``domain`` is the
    set its value must lie in; ``aliases`` are other accepted keywords (framework spellings).
    """

    symbol: sp.Symbol
    default: sp.Expr
    domain: sp.Set = sp.S.Reals
    tex: str | None = None
    description: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.symbol.name

    @property
    def constraint(self) -> str:
        """The domain as a readable condition, e.g. ``alpha > 0``."""
        if self.domain == sp.S.Reals:
            return "real"
        # A plain symbol: the parameter's own (positive) symbol would reduce this to True.
        plain = sp.Symbol(self.name, real=True)
        return str(self.domain.as_relational(plain)).replace("&", "and")


@dataclass(frozen=True)
class Reference:
    """Where an activation was introduced."""

    authors: str
    title: str
    year: int
    venue: str = ""
    arxiv: str | None = None
    doi: str | None = None
    url: str | None = None

    @property
    def link(self) -> str | None:
        if self.arxiv:
            return f"https://arxiv.org/abs/{self.arxiv}"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url

    def __str__(self) -> str:
        venue = f", {self.venue}" if self.venue else ""
        ident = f", arXiv:{self.arxiv}" if self.arxiv else (f", doi:{self.doi}" if self.doi else "")
        return f"{self.authors} ({self.year}). {self.title}{venue}{ident}"


@dataclass(frozen=True)
class Framework:
    """How a framework spells an activation, with its defaults and known differences."""

    framework: str  # "pytorch", "jax" or "keras"
    call: str  # e.g. "torch.nn.functional.leaky_relu"
    defaults: tuple[tuple[str, Any], ...] = ()
    differences: str = ""


class ParameterError(ValueError):
    """A parameter keyword is unknown or its value breaks the parameter's constraint."""


@dataclass(frozen=True, eq=False)
class Activation:
    """One activation function, defined once by a SymPy expression.

    Everything else (derivatives, LaTeX, properties, NumPy callables) is derived from
    ``expr`` and cached on first use.
    """

    name: str
    title: str
    family: str
    expr: sp.Expr
    description: str
    param_list: tuple[Param, ...] = ()
    aliases: tuple[str, ...] = ()
    reference: Reference | None = None
    frameworks: tuple[Framework, ...] = ()
    #: Cross-parameter conditions (SymPy relationals in the parameter symbols).
    conditions: tuple[sp.Basic, ...] = ()
    #: Which branch owns each boundary point, and why (PyTorch's autograd where it exists).
    kink_convention: str = ""
    #: Documented differences between sources (papers, frameworks) and this definition.
    notes: tuple[str, ...] = ()
    #: Plot window (x_min, x_max) chosen for the function's interesting region.
    window: tuple[float, float] = (-5.0, 5.0)
    #: Known-hard regions for numerics, stated on the record rather than in a skip list.
    numeric_notes: tuple[str, ...] = ()
    x: sp.Symbol = field(default=X)

    # ---------------------------------------------------------------- parameters
    @property
    def params(self) -> Mapping[str, sp.Expr]:
        """Parameter name -> default value, in definition order."""
        return MappingProxyType({p.name: p.default for p in self.param_list})

    def param(self, name: str) -> Param:
        """The :class:`Param` for a keyword (aliases accepted)."""
        for p in self.param_list:
            if name == p.name or name in p.aliases:
                return p
        raise ParameterError(self._unknown_param_message(name))

    def _unknown_param_message(self, name: str) -> str:
        if not self.param_list:
            return f"{self.name} takes no parameters (got {name!r})"
        known = ", ".join(p.name for p in self.param_list)
        return f"unknown parameter {name!r} for {self.name}; expected one of: {known}"

    def resolve_params(self, **params: Any) -> tuple[tuple[str, sp.Expr], ...]:
        """Validate keyword values and fill defaults; returns ``((name, value), ...)``.

        Raises :class:`ParameterError` (a ValueError) naming the parameter and the
        constraint it broke.
        """
        given: dict[str, sp.Expr] = {}
        for key, raw in params.items():
            p = self.param(key)
            if p.name in given:
                raise ParameterError(f"parameter {p.name!r} of {self.name} given twice")
            given[p.name] = _to_number(self.name, p, raw)
        values = {p.name: given.get(p.name, p.default) for p in self.param_list}
        for p in self.param_list:
            v = values[p.name]
            if given.get(p.name) is not None and not p.domain.contains(v) == sp.true:
                raise ParameterError(
                    f"parameter {p.name!r} of {self.name} must satisfy {p.constraint} "
                    f"(got {_show(v)})"
                )
        subs = {p.symbol: values[p.name] for p in self.param_list}
        for cond in self.conditions:
            if cond.subs(subs) != sp.true:
                shown = ", ".join(f"{k}={_show(v)}" for k, v in values.items())
                raise ParameterError(f"parameters of {self.name} must satisfy {cond} (got {shown})")
        return tuple(values.items())

    def _subs(self, resolved: tuple[tuple[str, sp.Expr], ...]) -> dict[sp.Symbol, sp.Expr]:
        by_name = dict(resolved)
        return {p.symbol: by_name[p.name] for p in self.param_list}

    # ---------------------------------------------------------------- symbolic views
    def formula(self, **params: Any) -> sp.Expr:
        """The expression with parameters substituted (defaults where not given)."""
        return self._formula(self.resolve_params(**params))

    @functools.cache  # noqa: B019 - records are immortal registry entries
    def _formula(self, resolved: tuple[tuple[str, sp.Expr], ...]) -> sp.Expr:
        return self.expr.subs(self._subs(resolved))

    def diff(self, n: int = 1, **params: Any) -> sp.Expr:
        """The n-th derivative (``sympy.diff``), parameters substituted.

        With no keyword arguments and ``symbolic=True`` semantics is not needed: to keep the
        parameter symbols, use :meth:`diff_symbolic`.
        """
        _check_order(n)
        return self._diff(n, self.resolve_params(**params))

    @functools.cache  # noqa: B019
    def _diff(self, n: int, resolved: tuple[tuple[str, sp.Expr], ...]) -> sp.Expr:
        from symacts.calculus import differentiate

        return differentiate(self._formula(resolved), self.x, n)

    @functools.cache  # noqa: B019
    def diff_symbolic(self, n: int = 1) -> sp.Expr:
        """The n-th derivative with the parameters kept as symbols."""
        from symacts.calculus import differentiate

        _check_order(n)
        return differentiate(self.expr, self.x, n)

    @property
    def symbol_names(self) -> dict[sp.Symbol, str]:
        """LaTeX names for parameter symbols whose keyword is not their math name."""
        return {p.symbol: p.tex for p in self.param_list if p.tex}

    def latex(self, n: int = 0, symbolic: bool = False, **params: Any) -> str:
        """LaTeX of f (n=0) or of its n-th derivative, from ``sympy.latex``.

        With ``symbolic=True`` the parameters stay as symbols; otherwise they are
        substituted (defaults where not given).
        """
        if symbolic:
            expr = self.expr if n == 0 else self.diff_symbolic(n)
        else:
            expr = self.formula(**params) if n == 0 else self.diff(n, **params)
        return sp.latex(expr, symbol_names=self.symbol_names)

    def __call__(self, z: Any, **params: Any) -> sp.Expr:
        """Apply to a SymPy expression: ``relu(w*x + b)`` composes."""
        return self.formula(**params).subs(self.x, sp.sympify(z))

    # ---------------------------------------------------------------- numerics
    def numpy(self, n: int = 0, **params: Any) -> Callable[..., Any]:
        """A vectorised, numerically stable NumPy callable for f (n=0), f' (1) or f'' (2).

        The callable's ``source`` attribute holds the generated Python source.
        """
        _check_order(n, maximum=2)
        return self._numpy(n, self.resolve_params(**params))

    def _numpy(self, n: int, resolved: tuple[tuple[str, sp.Expr], ...]) -> Callable[..., Any]:
        # the store loads the generated source (or derives and caches it); the record never
        # imports the code generator
        from symacts import store

        return store.numpy_callable(self, n, resolved)

    # ---------------------------------------------------------------- plotting
    def plot(
        self,
        n: int | tuple[int, ...] = (0, 1, 2),
        ax: Any = None,
        window: tuple[float, float] | None = None,
        **params: Any,
    ) -> Any:
        """Draw f and its derivatives on a matplotlib Axes and return it.

        A thin front for :func:`symacts.plot.plot` (which imports matplotlib, on first use):
        orders ``n``, the record's ``window`` unless given, kinks dotted, jumps left open,
        asymptotes and a legend.

        Example:
            >>> import symacts
            >>> ax = symacts.get("relu").plot()
            >>> len(ax.get_legend().get_texts())
            4
        """
        from symacts.plot import plot

        return plot(self, n, ax, window, **params)

    # ---------------------------------------------------------------- properties
    @property
    def properties(self) -> Mapping[str, Any]:
        """Read-only mapping of derived properties (range, continuity, limits, ...)."""
        from symacts import store

        return store.properties(self)

    def __repr__(self) -> str:
        return f"<Activation {self.name}: {self.title}>"


def _check_order(n: Any, maximum: int | None = None) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"derivative order n must be a non-negative integer (got {n!r})")
    if maximum is not None and n > maximum:
        raise ValueError(f"derivative order n must be at most {maximum} here (got {n})")


def _to_number(act_name: str, p: Param, raw: Any) -> sp.Expr:
    try:
        value = sp.sympify(raw, rational=False)
    except (sp.SympifyError, TypeError, ValueError) as exc:
        raise ParameterError(
            f"parameter {p.name!r} of {act_name} must be a real number (got {raw!r})"
        ) from exc
    if not isinstance(value, sp.Expr) or not (
        value.is_number and value.is_real and value.is_finite
    ):
        raise ParameterError(
            f"parameter {p.name!r} of {act_name} must be a finite real number (got {raw!r})"
        )
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ParameterError(f"parameter {p.name!r} of {act_name} must be finite (got {raw!r})")
    return value


def _show(v: sp.Expr) -> str:
    return str(v) if not v.is_Float else f"{float(v):g}"
