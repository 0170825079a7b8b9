"""Printing: one expression as NumPy code - the stable primitives as library routines, and
exp/sigmoid/erfc of a polynomial as double-double kernel calls."""

from __future__ import annotations

import math

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from symacts import primitives as prim
from symacts.numeric.forms import _exp_terms


class StablePrinter(NumPyPrinter):
    """NumPy printer that maps the stable primitives to library routines."""

    def __init__(self, placeholders: dict[str, str] | None = None) -> None:
        super().__init__(
            {"fully_qualified_modules": True, "inline": True, "allow_unknown_functions": False}
        )
        self.placeholders = placeholders or {}

    def _print_Function(self, e):
        name = type(e).__name__
        if name in self.placeholders:
            return self.placeholders[name]
        return super()._print_Function(e)

    def _print_Sigmoid(self, e):
        return f"_expit({self._print(e.args[0])})"

    def _print_CompensatedSigmoid(self, e):
        return f"_expit_c({self._print(e.args[0])})"

    def _print_Softplus(self, e):
        return f"np.logaddexp(0.0, {self._print(e.args[0])})"

    def _print_Tanh(self, e):
        return f"np.tanh({self._print(e.args[0])})"

    def _print_Sech(self, e):
        return f"(1.0/np.cosh({self._print(e.args[0])}))"

    def _print_Erfc(self, e):
        return f"_erfc({self._print(e.args[0])})"

    def _print_erfc(self, e):
        return f"_erfc({self._print(e.args[0])})"

    def _print_Erfcx(self, e):
        return f"_erfcx({self._print(e.args[0])})"

    def _print_OnePlusSin(self, e):
        w, k = e.args
        return f"_one_plus_sin({self._print(w)}, {int(k)})"

    def _print_OnePlusCos(self, e):
        return f"_one_plus_cos({self._print(e.args[0])})"

    def _print_ScaledExp(self, e):
        return f"_exp_dd_scaled({self._print(e.args[0])}, 0.0)"

    def _print_erf(self, e):
        return f"_erf({self._print(e.args[0])})"

    def _print_Pow(self, e, rational=False):
        # Small integer and half-integer powers as products, reciprocals and one sqrt (or
        # hypot): np.power with a float exponent costs some 15 times a multiplication.
        base, p = e.base, e.exp
        if not (p.is_Rational and p.q in (1, 2) and 0 < abs(p) <= 4) or p == 1:
            return super()._print_Pow(e, rational=rational)
        hyp = _hypot_args(base)
        if p.q == 2 and hyp is not None:
            h = f"_hypot({self._print(hyp[0])}, {self._print(hyp[1])})"
            return h if p == sp.S.Half else f"_ipow({h}, {int(p.p)})"
        if p.q == 2:
            if p == sp.S.Half:
                return f"numpy.sqrt({self._print(base)})"
            return f"_halfpow({self._print(base)}, {int(p.p)})"
        if p == -1:
            return f"(1.0/{self.parenthesize(base, 1e9)})"
        if p > 1 and base.is_Atom:
            b = self.parenthesize(base, 1e9)
            return "(" + "*".join([b] * int(p)) + ")"
        return f"_ipow({self._print(base)}, {int(p)})"  # a compound base evaluated once

    def _print_Mul(self, e):
        # One correctly rounded literal for the constant factor (sqrt(2)/(2 sqrt(pi)) ...).
        const, rest = (
            e.as_independent(*e.free_symbols, as_Add=False) if e.free_symbols else (e, sp.S.One)
        )
        if rest != 1 and const != 1 and const.is_number and not const.is_Rational:
            value = float(sp.N(const, 30))
            return f"{value!r}*{self.parenthesize(rest, 1e9)}"
        return super()._print_Mul(e)

    def _print_Rational(self, e):
        # a parameter's exact value (0.01 = 5764607523034235/2^59) as the double it is
        return repr(float(e))

    def _print_Float(self, e):
        return repr(float(e))

    def _print_Rational(self, e):
        return repr(float(e))

    def _print_Integer(self, e):
        return f"{int(e)}.0"

    def _print_Pi(self, e):
        return repr(math.pi)

    def _print_Exp1(self, e):
        return repr(math.e)


def _hypot_args(base: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
    """(p, q) with base = p^2 + q^2 for bases like x^2 + c or a*x^2 + c, c, a > 0."""
    if not isinstance(base, sp.Add) or len(base.args) != 2:
        return None
    const = [t for t in base.args if t.is_number]
    rest = [t for t in base.args if not t.is_number]
    if len(const) != 1 or len(rest) != 1 or not const[0].is_positive:
        return None
    coeff, core = rest[0].as_coeff_Mul()
    if not (coeff.is_positive and isinstance(core, sp.Pow) and core.exp == 2):
        return None
    return sp.sqrt(const[0]), sp.sqrt(coeff) * core.base


_DD_KERNELS = {
    sp.exp: "_exp_dd",
    prim.Sigmoid: "_expit_dd",
    prim.Softplus: "_softplus_dd",
    prim.CompensatedSigmoid: "_expit_dd_c",
    prim.Erfc: "_erfc_dd",
    prim.ScaledExp: "_exp_dd_scaled",
    prim.PolyDD: "np.add",  # hi + lo: the polynomial rounded once
}


#: |argument| beyond which each kernel's result is saturated (exp: 0 or inf; sigmoid: 0 or
#: 1; erfc: 0 or 2), so the argument may be clamped there without changing a result.
_DD_SATURATION = {
    sp.exp: 1500.0,
    prim.Sigmoid: 1500.0,
    prim.CompensatedSigmoid: 1500.0,
    prim.Softplus: None,  # grows like its argument: no clamping
    prim.Erfc: 30.0,
    prim.ScaledExp: 1500.0,
}


def _is_power_of_two(c: sp.Expr) -> bool:
    return bool(c.is_Rational and c > 0 and (c.p & (c.p - 1)) == 0 and (c.q & (c.q - 1)) == 0)


def _saturation_bound(coefficients: list[float], level: float) -> float | None:
    """B with |p(v)| >= level for all |v| >= B (p monotone there), or None."""
    import numpy as np

    p = np.polynomial.Polynomial(coefficients[::-1])
    if p.degree() < 1:
        return None
    roots = np.concatenate([(p - level).roots(), (p + level).roots(), p.deriv().roots()])
    b = float(np.max(np.abs(roots))) * 1.01 + 1.0
    if min(abs(p(b)), abs(p(-b))) < level:
        return None
    return b


def _dd_pairs(values) -> list[tuple[float, float]]:
    """Each exact number as a double-double (hi, lo)."""
    pairs = []
    for c in values:
        exact = sp.N(c, 40)
        hi = float(exact)
        pairs.append((hi, float(sp.N(exact - sp.Float(hi, 60), 20))))
    return pairs


def _is_dd_halfpow(e: sp.Expr, v: sp.Symbol) -> bool:
    """p(v)^(k/2), k odd <= -3, p a polynomial with more than one term (x^2 + 1): the
    power multiplies the base's rounding by |k|/2, so the base is kept in double-double."""
    if not (isinstance(e, sp.Pow) and e.exp.is_Rational and e.exp.q == 2):
        return False
    if e.exp > -sp.Rational(3, 2):
        return False
    base = e.base
    return bool(base.is_polynomial(v) and base.has(v) and isinstance(sp.expand(base), sp.Add))


def _double_double_calls(expr: sp.Expr, v: sp.Symbol) -> tuple[sp.Expr, dict[str, str]]:
    """Replace exp/sigmoid/erfc of a polynomial by placeholders evaluated in double-double.

    The placeholders are opaque to ``cse``, so the polynomial is not split into rounded
    temporaries; each prints as a call on the polynomial's (hi, lo) coefficients. An
    argument holding c exp(q(v)) terms (tanhexp's exp(x - 2 e^x)) gets e^q in double-double
    too: a rounded e^x = 300 alone would cost some 300 ULP after the outer exp.
    """
    table: dict[str, str] = {}

    def is_target(e):
        if _is_dd_halfpow(e, v):
            return True
        if type(e) not in _DD_KERNELS:
            return False
        arg = e.args[0]
        if not arg.has(v):
            return False
        if not arg.is_polynomial(v):
            split = _exp_terms(arg, v)
            if split is None or type(e) is prim.Erfc:
                return False
            # sigmoid(u) is only sensitive to u's rounding on its tiny side (u -> -oo)
            return type(e) is not prim.Sigmoid or all(c < 0 for c, _ in split[1])
        c, rest = arg.as_coeff_Mul()
        # c * v with c = +-2^k is exact in double: the plain kernel is as accurate
        return not (rest == v and c.is_Rational and _is_power_of_two(abs(c)))

    def poly_call(poly: sp.Expr, bound_level: float | None) -> str:
        coeffs = sp.Poly(poly, v).all_coeffs()
        pairs = _dd_pairs(coeffs)
        bound = None
        if bound_level is not None:
            bound = _saturation_bound([hi for hi, _ in pairs], bound_level)
        extra = "" if bound is None else f", bound={bound!r}"
        return f"_dd_poly({v.name}, {', '.join(f'({h!r}, {lo!r})' for h, lo in pairs)}{extra})"

    def argument_call(arg: sp.Expr, level: float | None) -> str:
        if arg.is_polynomial(v):
            return poly_call(arg, level)
        poly, terms = _exp_terms(arg, v)
        parts = [poly_call(poly, None)] if poly != 0 else []
        for c, q in terms:
            inner = f"{v.name}, 0.0" if q == v else f"*{poly_call(q, None)}"
            ((c_hi, c_lo),) = _dd_pairs([c])
            parts.append(f"_dd_scale(*_exp_pair({inner}), {c_hi!r}, {c_lo!r})")
        call = parts[0]
        for part in parts[1:]:
            call = f"_dd_add(*{call}, *{part})"
        return call

    seen: dict[sp.Expr, sp.Expr] = {}

    def replace(e):
        if e in seen:  # one placeholder per distinct call, so cse evaluates it once
            return seen[e]
        name = f"_DD{len(table)}"
        if isinstance(e, sp.Pow):
            # past |base| = 1e300 the power is below 1e-450: clamp the base there (finite)
            k = int(2 * e.exp)
            table[name] = f"_halfpow_dd(*{poly_call(e.base, 1e300)}, {k})"
            seen[e] = sp.Function(name)(v)
            return seen[e]
        call = argument_call(e.args[0], _DD_SATURATION.get(type(e)))
        table[name] = f"{_DD_KERNELS[type(e)]}(*{call})"
        seen[e] = sp.Function(name)(v)
        return seen[e]

    return expr.replace(is_target, replace), table
