"""Numerically stable primitives as SymPy functions, and the rewrites that introduce them.

Each primitive is declared like any SymPy function (after ``sympy/codegen/numpy_nodes.py``):
its derivative in terms of primitives (so derivatives stay stable) and a rewrite back to
elementary functions (so every rewrite can be proven equal to the definition). The NumPy
printer in :mod:`symacts.numeric.printer` maps each to a stable library routine.
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p


class Sigmoid(sp.Function):
    """The logistic function 1/(1 + exp(-u)); printed as ``scipy.special.expit``."""

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sp.S.Half
        if u is sp.oo:
            return sp.S.One
        if u is sp.S.NegativeInfinity:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        u = self.args[0]
        return Sigmoid(u) * Sigmoid(-u)

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return 1 / (1 + sp.exp(-u))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


class Softplus(sp.Function):
    """log(1 + exp(u)); printed as ``numpy.logaddexp(0, u)``, which never overflows."""

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sp.log(2)
        if u is sp.oo:
            return sp.oo
        if u is sp.S.NegativeInfinity:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        return Sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return sp.log(1 + sp.exp(u))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


class Tanh(sp.Function):
    """tanh(u) whose derivative is sech(u)^2, not 1 - tanh(u)^2 (which cancels)."""

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sp.S.Zero
        return None

    def fdiff(self, argindex=1):
        return Sech(self.args[0]) ** 2

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return sp.tanh(u).rewrite(sp.exp)

    def _eval_rewrite_as_tanh(self, u, **kwargs):
        return sp.tanh(u)

    def _eval_is_real(self):
        return self.args[0].is_real


class Sech(sp.Function):
    """1/cosh(u); printed as ``1/numpy.cosh(u)``, which underflows to 0 instead of 0*inf."""

    @classmethod
    def eval(cls, u):
        if u.is_zero:
            return sp.S.One
        return None

    def fdiff(self, argindex=1):
        u = self.args[0]
        return -Sech(u) * Tanh(u)

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return 2 / (sp.exp(u) + sp.exp(-u))

    def _eval_rewrite_as_tanh(self, u, **kwargs):
        return sp.sech(u)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


class Erfc(sp.Function):
    """erfc(u) kept as written (SymPy rewrites erfc(-u) as 2 - erfc(u), which cancels)."""

    def fdiff(self, argindex=1):
        u = self.args[0]
        return -2 * sp.exp(-(u**2)) / sp.sqrt(sp.pi)

    def _eval_rewrite_as_erf(self, u, **kwargs):
        return 1 - sp.erf(u)

    def _eval_is_real(self):
        return self.args[0].is_real


class Erfcx(sp.Function):
    """The scaled complementary error function exp(u^2) erfc(u); ``scipy.special.erfcx``.

    erfc(u) = exp(-u^2) erfcx(u) moves the underflow of erfc's far tail into one exp whose
    argument can be kept exact (and scaled, :class:`ScaledExp`)."""

    def fdiff(self, argindex=1):
        u = self.args[0]
        return 2 * u * Erfcx(u) - 2 / sp.sqrt(sp.pi)

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return sp.exp(u**2) * sp.erfc(u)

    def _eval_is_real(self):
        return self.args[0].is_real


#: ScaledExp(u) = 2^SCALE exp(u): a product c(x) exp(u) whose exp alone would be subnormal
#: (exp(-714) x^2 at x = 26.7) is evaluated as 2^-SCALE c(x) ScaledExp(u), with no
#: subnormal intermediate.
SCALE = 128


class ScaledExp(sp.Function):
    """2^SCALE exp(u), evaluated without the intermediate exp(u)."""

    def fdiff(self, argindex=1):
        return ScaledExp(self.args[0])

    def _eval_rewrite_as_exp(self, u, **kwargs):
        return sp.Integer(2) ** SCALE * sp.exp(u)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


class OnePlusSin(sp.Function):
    """1 + sin(k w) for an integer k, as 1 + sin u where sin u >= 0 and cos^2 u / (1 - sin u)
    where it is not (u = k w).

    Neither form cancels on its side, so the double zeros (sin u = -1) keep every bit, for
    any u: the library's sin and cos reduce u exactly, where u + pi/2 would be rounded. k
    stays apart from w so that the kernel can still see w where 2 w overflows."""

    nargs = 2

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sp.ArgumentIndexError(self, argindex)
        w, k = self.args
        return k * sp.cos(k * w)

    def _eval_rewrite_as_sin(self, w, k, **kwargs):
        return 1 + sp.sin(k * w)


class CompensatedSigmoid(Sigmoid):
    """Sigmoid(u), the same value, evaluated by the slower compensated kernel (about one ULP
    in place of 1.8): the code generator offers it where a piece misses its budget."""


class Compensated(sp.Function):
    """Its argument, unchanged in value: evaluated with its sums, products and quotients in
    double-double (library calls inside rounded once each), and rounded once at the end."""

    def fdiff(self, argindex=1):
        return sp.S.One

    def _eval_is_real(self):
        return self.args[0].is_real


class OnePlusCos(sp.Function):
    """1 + cos(u), as 1 + cos u where cos u >= 0 and sin^2 u / (1 - cos u) where it is not
    (see :class:`OnePlusSin`)."""

    def fdiff(self, argindex=1):
        return -sp.sin(self.args[0])

    def _eval_rewrite_as_cos(self, u, **kwargs):
        return 1 + sp.cos(u)


class PolyDD(sp.Function):
    """A polynomial in x, unchanged in value: evaluated in double-double and rounded once
    (2 sqrt(2/pi) x (1 + 0.134145 x^2) is then one rounding, not five)."""

    def fdiff(self, argindex=1):
        return sp.S.One

    def _eval_is_real(self):
        return self.args[0].is_real


PRIMITIVES = (
    *(Sigmoid, Softplus, Tanh, Sech, Erfc, Erfcx, ScaledExp, OnePlusSin, OnePlusCos),
    *(PolyDD, Compensated, expm1, log1p),
)


def to_elementary(expr: sp.Expr) -> sp.Expr:
    """Undo :func:`to_stable`: rewrite every primitive as elementary functions."""
    return (
        expr.replace(
            lambda e: isinstance(e, (Sigmoid, Softplus, Sech, Erfcx, ScaledExp)),
            lambda e: e.rewrite(sp.exp),
        )
        .replace(lambda e: isinstance(e, Tanh), lambda e: sp.tanh(e.args[0]))
        .replace(lambda e: isinstance(e, Erfc), lambda e: sp.erfc(e.args[0]))
        .replace(lambda e: isinstance(e, expm1), lambda e: sp.exp(e.args[0]) - 1)
        .replace(lambda e: isinstance(e, log1p), lambda e: sp.log(1 + e.args[0]))
        .replace(lambda e: isinstance(e, OnePlusSin), lambda e: 1 + sp.sin(e.args[1] * e.args[0]))
        .replace(lambda e: isinstance(e, OnePlusCos), lambda e: 1 + sp.cos(e.args[0]))
        .replace(lambda e: isinstance(e, (PolyDD, Compensated)), lambda e: e.args[0])
    )


def to_stable(expr: sp.Expr) -> sp.Expr:
    """Rewrite an elementary expression in terms of stable primitives.

    Recognised forms: 1/(1 + e^-u) -> Sigmoid(u); e^u/(1 + e^u) -> Sigmoid(u);
    log(1 + e^u) -> Softplus(u); log(Sigmoid(u)) -> -Softplus(-u); log of a quotient is
    split; log(1 + w) -> log1p(w); c e^u - c -> c expm1(u); tanh -> Tanh; 1 + erf -> erfc.
    """
    expr = expr.replace(lambda e: isinstance(e, sp.log), _split_log)
    expr = expr.replace(_is_inverse_one_plus_exp, _sigmoid_of_inverse)
    expr = expr.replace(lambda e: isinstance(e, sp.Mul), _exp_over_one_plus_exp)
    expr = expr.replace(lambda e: isinstance(e, sp.log), _log_forms)
    expr = expr.replace(lambda e: isinstance(e, sp.tanh), lambda e: Tanh(e.args[0]))
    return tidy(expr)


def tidy(expr: sp.Expr) -> sp.Expr:
    """Rewrites that remove cancellation; safe after differentiation as well."""
    expr = expr.replace(lambda e: isinstance(e, sp.Add), _add_forms)
    return expr


def _split_log(e: sp.log) -> sp.Expr:
    arg = e.args[0]
    if isinstance(arg, sp.Add):
        return e
    num, den = sp.fraction(sp.together(arg))
    if den != 1 and (_one_plus_exp(num) or _one_plus_exp(den)):
        return sp.log(num) - sp.log(den)
    return e


def _one_plus_exp(e: sp.Expr) -> sp.Expr | None:
    """u when e is 1 + exp(u), else None."""
    if isinstance(e, sp.Add) and len(e.args) == 2 and sp.S.One in e.args:
        other = e.args[0] if e.args[1] == 1 else e.args[1]
        if isinstance(other, sp.exp):
            return other.args[0]
        coeff, core = other.as_coeff_Mul()
        if isinstance(core, sp.exp) and coeff.is_positive:  # 1 + c e^u = 1 + e^(u + log c)
            return core.args[0] + sp.log(coeff)
    return None


def _is_inverse_one_plus_exp(e: sp.Expr) -> bool:
    return isinstance(e, sp.Pow) and e.exp == -1 and _one_plus_exp(e.base) is not None


def _sigmoid_of_inverse(e: sp.Pow) -> sp.Expr:
    return Sigmoid(-_one_plus_exp(e.base))


def _exp_over_one_plus_exp(e: sp.Mul) -> sp.Expr:
    """e^u * Sigmoid(-u) -> Sigmoid(u), the form sympy gives for e^u / (1 + e^u)."""
    factors = list(e.args)
    for i, f in enumerate(factors):
        if isinstance(f, sp.exp):
            u = f.args[0]
            for j, g in enumerate(factors):
                if isinstance(g, Sigmoid) and sp.expand(g.args[0] + u) == 0:
                    rest = [h for k, h in enumerate(factors) if k not in (i, j)]
                    return sp.Mul(*rest, Sigmoid(u))
    return e


def _log_forms(e: sp.log) -> sp.Expr:
    arg = e.args[0]
    if isinstance(arg, Sigmoid):
        return -Softplus(-arg.args[0])
    u = _one_plus_exp(arg)
    if u is not None:
        return Softplus(u)
    if isinstance(arg, sp.Add) and sp.S.One in arg.args:
        return log1p(arg - 1)
    return e


def _add_forms(e: sp.Add) -> sp.Expr:
    """c*exp(u) - c -> c*expm1(u); c*erf(z) + c -> c*erfc(-z); 1 - Sigmoid(u) -> Sigmoid(-u)."""
    terms = list(e.args)
    const = sp.Add(*[t for t in terms if t.is_number])
    if const == 0:
        return e
    rest = [t for t in terms if not t.is_number]
    for i, t in enumerate(rest):
        coeff, core = t.as_coeff_Mul()
        replacement = None
        if isinstance(core, sp.exp) and coeff == -const:
            replacement = coeff * expm1(core.args[0])
        elif isinstance(core, sp.erf) and coeff == const:
            replacement = coeff * Erfc(-core.args[0])
        elif isinstance(core, sp.erf) and coeff == -const:
            replacement = -coeff * Erfc(core.args[0])
        elif isinstance(core, Sigmoid) and coeff == -const:
            replacement = const * Sigmoid(-core.args[0])
        elif isinstance(core, Tanh) and coeff == -const:
            # 1 - tanh(u) = 2 sigmoid(-2u), exactly and without cancellation
            replacement = 2 * const * Sigmoid(-2 * core.args[0])
        elif isinstance(core, Tanh) and coeff == const:
            replacement = 2 * const * Sigmoid(2 * core.args[0])
        elif _is_square_of(core, Sech) and coeff == -const:
            replacement = const * Tanh(core.base.args[0]) ** 2
        elif _is_square_of(core, Tanh) and coeff == -const:
            replacement = const * Sech(core.base.args[0]) ** 2
        if replacement is not None:
            others = rest[:i] + rest[i + 1 :]
            return sp.Add(replacement, *others)
    return e


def _is_square_of(e: sp.Expr, cls: type) -> bool:
    return isinstance(e, sp.Pow) and e.exp == 2 and isinstance(e.base, cls)
