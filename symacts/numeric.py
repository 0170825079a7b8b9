"""Expression -> stable, branch-masked NumPy callable.

The pipeline, for f or one of its derivatives:

1. rewrite the definition in stable primitives (:mod:`symacts.primitives`) and differentiate
   there, so derivatives inherit the stable forms (sigmoid' = sigmoid(x) sigmoid(-x));
2. split the real line into pieces: the Piecewise branches (Abs, sign, Max, Min rewritten as
   Piecewise), each cut again at 0, so every piece has one sign;
3. for each piece, generate candidate forms (as written, sign-adapted, combined into one
   fraction, rationalised) and keep the one with the smallest error against 50-digit
   references on a fixed sample of the piece - the choice is derived, not hand-written;
4. where every form cancels near 0 (x - tanh x), patch with a Taylor polynomial of the
   definition, on a radius found by the same measurement;
5. emit Python source that evaluates each piece only on its own mask, sets the exact limits
   at +-inf and propagates NaN, inside ``numpy.errstate`` so no warning escapes.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from symacts import primitives as prim
from symacts.calculus import differentiate

if TYPE_CHECKING:
    from symacts.activation import Activation

#: Error budget (ULP) a Taylor patch aims for; pieces within it are left alone. Issue 4's
#: bounds: 4 ULP for f and f', 64 for f'' (patched to half of that).
TARGET_ULP = 4.0
TARGET_ULP_SECOND = 32.0


#: A piece whose best form measures above this share of its budget on the sample is
#: offered compensated forms (compensated sigmoids, double-double arithmetic), which it
#: keeps only when they bring the summed error below COMPENSATE_GAIN of the plain form's.
COMPENSATE_ABOVE = 0.55
COMPENSATE_GAIN = 0.8
#: ... and whose dense probe (a few hundred points) shows above this share: such a probe
#: finds some 60% of the worst case over 16000 points (serf': 2.9 of 5.4 ULP).
COMPENSATE_DENSE = 0.6
#: Where a piece near its budget is probed densely (off the grid's round values).
_DENSE_PROBE = tuple(-10.0 + 0.0125 * k + 0.00123 for k in range(1600))


# --------------------------------------------------------------------------- pieces
@dataclasses.dataclass(frozen=True)
class Piece:
    """One region of the real line with one expression and one sign."""

    region: sp.Set  # an Interval or a FiniteSet of points
    expr: sp.Expr  # in stable primitives
    sign: int  # +1, -1, or 0 when the region straddles nothing (a point at 0)


def stable_expression(act: Activation, n: int, resolved: tuple) -> sp.Expr:
    """The n-th derivative in stable primitives (parameters substituted)."""
    from symacts.reference import exact_parameters

    # A float parameter as a 60-digit Float of its exact value: double-double coefficients
    # (1/alpha = 0.4 for alpha = 2.5) keep their low parts, and unlike a Rational it is
    # not pulled out of a power ((0.3 x^2 + 1)^(-3/2) as 2^81 (5404319552844595 x^2 +
    # 2^54)^(-3/2), whose base overflows while the value does not).
    precise = {
        symbol: value if value.is_Integer or not value.is_Rational else sp.Float(value, 60)
        for symbol, value in exact_parameters(act, resolved).items()
    }
    base = prim.to_stable(act.expr.subs(precise))
    return prim.tidy(differentiate(base, act.x, n))


def pieces_of(expr: sp.Expr, x: sp.Symbol) -> list[Piece]:
    """Split an expression into single-sign pieces with Piecewise semantics."""
    expr = sp.piecewise_fold(expr.rewrite(sp.Piecewise))
    branches = expr.args if isinstance(expr, sp.Piecewise) else ((expr, sp.true),)
    covered: sp.Set = sp.S.EmptySet
    pieces: list[Piece] = []
    for branch, cond in branches:
        region = sp.S.Reals if cond == sp.true else cond.as_set().intersect(sp.S.Reals)
        region = region - covered
        covered = covered | region
        for part in _split_at_cuts(region):
            sign = _sign_of(part)
            pieces.append(Piece(part, _resolve_signs(branch, x, sign), sign))
    return pieces


#: Pieces are cut at 0 (one sign each) and at +-1 (small and large magnitudes may want
#: different forms); adjacent cuts that end up with the same form are merged again.
_CUTS = (
    sp.Interval(-sp.oo, -1),
    sp.Interval.open(-1, 0),
    sp.FiniteSet(0),
    sp.Interval.open(0, 1),
    sp.Interval(1, sp.oo),
)


def _split_at_cuts(region: sp.Set) -> list[sp.Set]:
    parts = []
    for atom in region.args if isinstance(region, sp.Union) else (region,):
        if atom is sp.S.EmptySet:
            continue
        if isinstance(atom, sp.FiniteSet):
            parts.extend(sp.FiniteSet(p) for p in atom)
            continue
        for half in _CUTS:
            piece = atom.intersect(half)
            if piece is not sp.S.EmptySet:
                parts.append(piece)
    return _merge_points(parts)


def _merge_points(parts: list[sp.Set]) -> list[sp.Set]:
    """Attach an isolated 0 to an adjacent interval that closes on it."""
    out = []
    for p in parts:
        if isinstance(p, sp.FiniteSet) and p == sp.FiniteSet(0):
            for i, q in enumerate(out):
                if isinstance(q, sp.Interval) and q.sup == 0:
                    out[i] = sp.Interval(q.inf, 0, q.left_open, False)
                    break
            else:
                out.append(p)
        else:
            zero_before = bool(out) and out[-1] == sp.FiniteSet(0)
            if zero_before and isinstance(p, sp.Interval) and p.inf == 0:
                out[-1] = sp.Interval(0, p.sup, False, p.right_open)
                continue
            out.append(p)
    return out


def _sign_of(region: sp.Set) -> int:
    if region.is_subset(sp.Interval(0, sp.oo)):
        return 1
    if region.is_subset(sp.Interval(-sp.oo, 0)):
        return -1
    return 0


def _resolve_signs(expr: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr:
    if sign == 0:
        return expr
    return expr.subs({sp.Abs(x): sign * x, sp.sign(x): sign})


# --------------------------------------------------------------------------- candidates
def candidate_forms(piece: Piece, x: sp.Symbol) -> list[sp.Expr]:
    """Equivalent forms of a piece's expression, simplest first."""
    e = piece.expr
    forms = [e]
    if piece.sign:
        forms.append(_sign_adapted(e, x, piece.sign))
    for f in list(forms):
        forms.append(_together(f))
        forms.append(_rationalised(f, x))
        # before the Pythagorean form: on a tie, the one without cancellation anywhere
        forms.append(_trig_rationalised(_product_to_sum(f)))
        forms.append(_pythagorean(f))
        forms.append(_hyperbolic_pythagorean(f))
        forms.append(_common_factor(f))
        forms.append(_softplus_difference(f))
        forms.append(_sigmoid_difference(f))
    if piece.sign:
        forms.append(_exp_rational(e, x, piece.sign))
        forms.append(_exp_rational_terms(e, x, piece.sign))
        forms.extend(_split_exponents(f, x) for f in list(forms) if f is not None)
    if piece.sign and isinstance(piece.region, sp.Interval) and piece.region.measure.is_infinite:
        forms.extend(_scaled_tail(f, x, piece.sign) for f in list(forms) if f is not None)
    if piece.sign and _outside_unit(piece.region):
        forms.extend(_inverted(f, x, piece.sign) for f in list(forms) if f is not None)
    unique: list[sp.Expr] = []
    for f in forms:
        if f is not None and f not in unique:
            unique.append(f)
    return unique


@functools.lru_cache(maxsize=4096)  # the same arguments recur across forms, pieces and orders
def _grows(u: sp.Expr, x: sp.Symbol, sign: int) -> bool:
    """True when u -> +oo as x -> sign * oo (judged from values far out; the measured
    choice between forms guards against a wrong call)."""
    import mpmath

    f = sp.lambdify(x, prim.to_elementary(u), modules="mpmath")
    try:
        with mpmath.workdps(30):
            near, far = f(mpmath.mpf(sign * 40)), f(mpmath.mpf(sign * 400))
    except (ValueError, TypeError, ZeroDivisionError, OverflowError):
        return False
    return bool(mpmath.isfinite(near) and far > near > 20 and far > 100)


def _sign_adapted(e: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr:
    """Forms whose pieces stay small where u is large: sp(u) = u + sp(-u) and so on."""

    def softplus(f):
        u = f.args[0]
        return u + prim.Softplus(-u) if _grows(u, x, sign) else f

    def sigmoid(f):
        u = f.args[0]
        return 1 - prim.Sigmoid(-u) if _grows(u, x, sign) else f

    def sech_squared(f):
        u = f.base.args[0]
        if _grows(u, x, sign):
            return 4 * sp.exp(-2 * u) * prim.Sigmoid(2 * u) ** 2
        if _grows(-u, x, sign):
            return 4 * sp.exp(2 * u) * prim.Sigmoid(-2 * u) ** 2
        return f

    out = e.replace(lambda f: isinstance(f, prim.Softplus), softplus)
    out = out.replace(lambda f: isinstance(f, prim.Sigmoid), sigmoid)
    out = out.replace(lambda f: prim._is_square_of(f, prim.Sech), sech_squared)
    out = sp.powsimp(sp.expand(out, deep=False), combine="exp")
    return prim.tidy(out)


def _scaled_tail(e: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr | None:
    """Where f decays like exp(P(x)), a form whose exp factor cannot go subnormal first.

    sigmoid(u) = e^u sigmoid(-u) (u -> -oo) and erfc(u) = e^(-u^2) erfcx(u) (u -> +oo) bring
    the decay out as exp of a polynomial; each exp(P) then becomes 2^-S ScaledExp(P), so
    x^2 exp(-714) is not rounded through the subnormal exp(-714).
    """
    out = e.replace(
        lambda f: isinstance(f, prim.Sigmoid) and _grows(-f.args[0], x, sign),
        lambda f: sp.exp(f.args[0]) * prim.Sigmoid(-f.args[0]),
    )
    out = out.replace(
        lambda f: isinstance(f, prim.Erfc) and _grows(f.args[0], x, sign),
        lambda f: sp.exp(-(f.args[0] ** 2)) * prim.Erfcx(f.args[0]),
    )

    def decays(f):
        u = sp.expand(f.args[0])
        exact_argument = u.is_polynomial(x) or _exp_terms(u, x) is not None
        return exact_argument and u.has(x) and _grows(-u, x, sign)

    out = out.replace(
        lambda f: isinstance(f, sp.exp) and decays(f),
        lambda f: sp.Integer(2) ** -prim.SCALE * prim.ScaledExp(sp.expand(f.args[0])),
    )
    return out if out.has(prim.ScaledExp) else None


#: Levels of a decaying exponent sampled in the tail: exp alone (or erfc, a factor e^-u^2
#: smaller) goes subnormal here while f need not. Dense in -712..-708.5: there f is just
#: normal while e^u carries a subnormal's rounding (gelu' at -37.70: 12.9 ULP unscaled).
_UNDERFLOW_LEVELS = (
    *(-690, -698, -702, -704, -705.5, -707, -708.5, -709, -709.5, -710),
    *(-710.5, -711, -711.5, -712, -713, -718, -726, -740),
)
#: Where the tail piece starts: well before any of them.
_TAIL_LEVEL = -600


def _split_tail(piece: Piece, x: sp.Symbol) -> list[Piece]:
    """An unbounded piece with a scaled tail form, cut where its exponent reaches -600: the
    scaled form (erfcx costs a few ULP) is then measured only where it is needed."""
    region = piece.region
    if not (piece.sign and isinstance(region, sp.Interval) and region.measure.is_infinite):
        return [piece]
    adapted = _sign_adapted(piece.expr, x, piece.sign)
    forms = [piece.expr, adapted, _split_exponents(adapted, x)]
    scaled = [
        t for t in (_scaled_tail(f, x, piece.sign) for f in forms if f is not None) if t is not None
    ]
    cuts = _underflow_points(scaled, x, region, levels=(_TAIL_LEVEL,))
    if not cuts:
        return [piece]
    cut = sp.Float(min(cuts, key=abs))
    if piece.sign > 0:
        inner, outer = sp.Interval.Ropen(region.inf, cut), sp.Interval(cut, region.sup)
    else:
        inner, outer = sp.Interval.Lopen(cut, region.sup), sp.Interval(region.inf, cut)
    if region.left_open and piece.sign > 0:
        inner = sp.Interval.open(region.inf, cut)
    if region.right_open and piece.sign < 0:
        inner = sp.Interval.open(cut, region.sup)
    if inner.is_empty or outer.is_empty:
        return [piece]
    return [dataclasses.replace(piece, region=inner), dataclasses.replace(piece, region=outer)]


def _underflow_points(
    forms: list[sp.Expr],
    x: sp.Symbol,
    region: sp.Set,
    levels=_UNDERFLOW_LEVELS,
    atoms: tuple = (prim.ScaledExp,),
) -> list[float]:
    """Points where the argument of a scaled exponential (or of the given atoms) is at the
    given levels."""
    import mpmath

    points = []
    found = {atom for form in forms for atom in form.atoms(*atoms) if atom.args[0].has(x)}
    for atom in sorted(found, key=sp.default_sort_key):
        g = sp.lambdify(x, prim.to_elementary(atom.args[0]), modules="mpmath")
        side = 1.0 if _contains(region, 1e300) else -1.0
        for level in levels:
            try:
                root = mpmath.findroot(lambda t, g=g, lv=level: g(t) - lv, side * 30.0)
            except (ValueError, ZeroDivisionError, TypeError, OverflowError):
                root = _bracketed_root(g, level, side)  # (exp(-2 e^x): secant diverges)
                if root is None:
                    continue
            if mpmath.im(root) == 0 and _contains(region, float(mpmath.re(root))):
                points.append(float(mpmath.re(root)))
    return sorted(set(points))


def _bracketed_root(g, level: float, side: float):
    """t with g(t) = level between two points of a log-spaced scan of one side, or None."""
    import mpmath

    ts = [side * 2.0 ** (k / 8) for k in range(-16, 80)]
    values = []
    for t in ts:
        try:
            values.append(g(mpmath.mpf(t)) - level)
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            values.append(None)
    for (a, fa), (b, fb) in itertools.pairwise(zip(ts, values, strict=True)):
        if fa is None or fb is None or mpmath.im(fa) or mpmath.im(fb) or fa * fb > 0:
            continue
        try:
            return mpmath.findroot(lambda t: g(t) - level, (a, b), solver="anderson")
        except (ValueError, ZeroDivisionError, TypeError, OverflowError):
            return None
    return None


def _together(e: sp.Expr) -> sp.Expr | None:
    try:
        out = sp.factor_terms(sp.cancel(sp.together(e)))
    except (sp.PolynomialError, NotImplementedError):
        return None
    return _protect_sums(out)


def _protect_sums(e: sp.Expr) -> sp.Expr:
    """Keep c*(x + 3) grouped: SymPy would distribute it back into c*x + 3c, whose rounding
    cancels near the root (hardsigmoid at -3)."""

    def grouped(m: sp.Mul) -> sp.Expr:
        coeff, rest = m.as_coeff_Mul()
        return sp.Mul(coeff, sp.UnevaluatedExpr(rest), evaluate=False)

    return e.replace(
        lambda m: (
            isinstance(m, sp.Mul)
            and m.as_coeff_Mul()[0] != 1
            and isinstance(m.as_coeff_Mul()[1], sp.Add)
        ),
        grouped,
    )


def _rationalised(e: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    """a + b with b = c * sqrt(...) -> (a^2 - b^2) / (a - b), removing the cancellation."""
    if not isinstance(e, sp.Add):
        return None
    roots = [t for t in e.args if _has_half_power(t)]
    if len(roots) != 1:
        return None
    b = roots[0]
    a = e - b
    num = sp.cancel(sp.expand(a**2 - b**2))
    if _has_half_power(num):
        return None
    return num / (a - b)


def _outside_unit(region: sp.Set) -> bool:
    return isinstance(region, sp.Interval) and (region.inf >= 1 or region.sup <= -1)


def _inverted(e: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr | None:
    """An algebraic form rewritten in t = 1/x, so x^2 and x^4 cannot overflow for large x."""
    if not e.is_algebraic_expr(x) or e.is_polynomial(x):
        return None
    t = sp.Dummy("t", positive=True)
    g = sp.factor_terms(sp.cancel(sp.powsimp(sp.powdenest(e.subs(x, sign / t), force=True))))
    return g.subs(t, sign / x)


def _pythagorean(e: sp.Expr) -> sp.Expr | None:
    """c + ... with sin/cos terms: write c as c (sin^2 + cos^2) and factor (1 + 2 sin cos)."""
    if not isinstance(e, sp.Add):
        return None
    const = sum((t for t in e.args if t.is_number), sp.S.Zero)
    trig = [f for f in e.atoms(sp.sin, sp.cos)]
    if const == 0 or not trig:
        return None
    u = trig[0].args[0]
    out = sp.factor(e - const + const * (sp.sin(u) ** 2 + sp.cos(u) ** 2))
    return out if not isinstance(out, sp.Add) else None


def compensated_forms(forms: list[sp.Expr], x: sp.Symbol) -> list[sp.Expr]:
    """Costlier variants of the forms, offered where a piece misses its budget: polynomial
    factors in double-double (:func:`_polynomial_factors`), sigmoids by the compensated
    kernel, the arithmetic in double-double (:class:`symacts.primitives.Compensated`), and
    their combinations; the same values."""
    out: list[sp.Expr] = []
    for e in forms:
        poly = _polynomial_factors(e, x)
        for base in (e, poly) if poly is not None else (e,):
            sig = base.replace(
                lambda f: type(f) is prim.Sigmoid, lambda f: prim.CompensatedSigmoid(f.args[0])
            )
            variants = [base, prim.Compensated(base)]
            if sig != base:
                variants += [sig, prim.Compensated(sig)]
            out += [v for v in variants if v != e and v not in out]
    return out


def _hyperbolic_pythagorean(e: sp.Expr) -> sp.Expr | None:
    """sech(u)^2 -> 1 - tanh(u)^2. Where tanh u is small, 1 - tanh^2 rounds just below 1
    while cosh rounds just above it (twice the relative error, then squared), and a tanh(u)
    the form computes anyway is shared (tanhexp' = tanh(e^x) + x e^x sech(e^x)^2)."""
    out = e.replace(
        lambda f: prim._is_square_of(f, prim.Sech),
        lambda f: sp.UnevaluatedExpr(1 - prim.Tanh(f.base.args[0]) ** 2),
    )
    return out if out != e else None


def _split_exponents(e: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    """exp(P(x) + R) -> exp(P(x)) exp(R): the polynomial part keeps every bit (double-double)
    and R stays small; exp(-(x + sp(-x))^2) rounded as one argument of 560 loses 9 bits."""

    def split(f):
        arg = sp.expand(f.args[0])
        terms = arg.args if isinstance(arg, sp.Add) else (arg,)
        poly = sp.Add(*[t for t in terms if t.is_polynomial(x)])
        rest = arg - poly
        if poly == 0 or rest == 0 or not poly.has(x):
            return f
        return sp.Mul(sp.exp(poly), sp.exp(rest), evaluate=False)

    out = e.replace(lambda f: isinstance(f, sp.exp), split)
    return out if out != e else None


def _exp_rational(e: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr | None:
    """The form as one fraction in T = exp(-sign a x), when it is rational in x and T.

    tanh(log(1 + e^x)) = T (2 + T) / (2 + 2T + T^2): a fraction of sums of positive terms in
    the small T, where the nested library calls each added their rounding."""
    el = prim.to_elementary(e).rewrite(sp.exp)
    exps = [a for a in el.atoms(sp.exp) if a.has(x)]
    if not exps:
        return None
    rates = []
    for a in exps:
        k = sp.expand(a.args[0]).coeff(x)
        if k == 0 or sp.expand(a.args[0] - k * x) != 0 or not k.is_number:
            return None
        rates.append(k)
    base = min((abs(k) for k in rates), key=lambda k: float(k))
    t = sp.Dummy("T", positive=True)
    table = {}
    for a, k in zip(exps, rates, strict=True):
        power = sp.nsimplify(-sign * k / base)
        if not power.is_Integer:
            return None
        table[a] = t**power
    g = el.xreplace(table)
    if not g.free_symbols <= {x, t} or not g.is_rational_function(x, t):
        return None
    try:
        g = sp.factor_terms(sp.cancel(sp.together(g), t))
    except (sp.PolynomialError, NotImplementedError):
        return None
    return g.xreplace({t: sp.exp(-sign * base * x)})


def _polynomial_factors(e: sp.Expr, x: sp.Symbol) -> sp.Expr | None:
    """Products whose polynomial factors (constants included) multiply out to a polynomial
    of two or more terms get it as :class:`PolyDD`: evaluated in double-double and rounded
    once. Function arguments are left alone (exp/sigmoid/erfc of a polynomial already
    evaluate theirs in double-double)."""

    def walk(f: sp.Expr) -> sp.Expr:
        if f.is_Atom or isinstance(f, sp.Function) or not f.has(x):
            return f
        args = [walk(a) for a in f.args]
        if args != list(f.args):
            f = f.func(*args)
        if not isinstance(f, sp.Mul):
            return f
        poly = [a for a in f.args if a.is_polynomial(x)]
        rest = [a for a in f.args if not a.is_polynomial(x)]
        if not rest:
            return f
        p = sp.expand(sp.Mul(*poly))
        if not (isinstance(p, sp.Add) and p.has(x)):
            return f
        return sp.Mul(prim.PolyDD(p), *rest)

    out = walk(e)
    return out if out != e else None


def _exp_rational_terms(e: sp.Expr, x: sp.Symbol, sign: int) -> sp.Expr | None:
    """Each term of a sum as one fraction in T = exp(-sign a x) where it is rational in x
    and T (:func:`_exp_rational`), the other terms as they are: logish' = log1p(sigmoid) +
    x sigmoid(x) sigmoid(-x) / (1 + sigmoid(x)), whose second term is x T / (2T^2 + 3T + 1)
    with T = e^x, one exp in place of two sigmoids and their four roundings."""
    if not isinstance(e, sp.Add):
        return None
    terms = [_exp_rational(t, x, sign) if t.has(x) else None for t in e.args]
    if all(t is None for t in terms):
        return None
    return sp.Add(*[new if new is not None else t for t, new in zip(e.args, terms, strict=True)])


def _common_factor(e: sp.Expr) -> sp.Expr | None:
    """F + F q -> F (1 + q) where F is one of the terms: gelu_tanh' = s + P s s(-) =
    s (1 + P s(-)), one rounded product less, and the rounding of 1 + q is relative to
    the sum. (Other common factors are left alone: tanhexp'' drew a subnormal factor out.)"""
    if not isinstance(e, sp.Add):
        return None
    out = sp.factor_terms(e)
    if out == e or not isinstance(out, sp.Mul):
        return None
    sums = [a for a in out.args if isinstance(a, sp.Add)]
    return out if any(t.is_number for a in sums for t in a.args) else None


def _difference_pair(e: sp.Expr, cls: type) -> tuple | None:
    """(c, c cls(a) - c cls(b), a, b, a - b) for the first such pair of terms of a sum with
    c > 0 and a - b a nonzero constant, or None."""
    if not isinstance(e, sp.Add):
        return None
    terms = [t.as_coeff_Mul() for t in e.args]
    calls = [(c, f) for c, f in terms if isinstance(f, cls)]
    for c1, f1 in calls:
        for c2, f2 in calls:
            a, b = f1.args[0], f2.args[0]
            gap = sp.expand(a - b)
            if c1 == -c2 and c1.is_positive and gap.is_number and gap != 0:
                return c1, c1 * f1 + c2 * f2, a, b, gap
    return None


def _softplus_difference(e: sp.Expr) -> sp.Expr | None:
    """c sp(a) - c sp(b) -> c log1p(expm1(a - b) sigmoid(b)) when a - b is a constant: the
    two logs of nearly equal numbers (soft clipping's far left) become one log1p."""
    from sympy.codegen.cfunctions import expm1, log1p

    pair = _difference_pair(e, prim.Softplus)
    if pair is None:
        return None
    c, terms, _, b, gap = pair
    return e - terms + c * log1p(expm1(gap) * prim.Sigmoid(b))


def _sigmoid_difference(e: sp.Expr) -> sp.Expr | None:
    """c sigmoid(a) - c sigmoid(b) -> c (e^(a-b) - 1) sigmoid(-a) sigmoid(b) when a - b is a
    constant: a product, where two nearly equal sigmoids cancelled (soft clipping's f')."""
    pair = _difference_pair(e, prim.Sigmoid)
    if pair is None:
        return None
    c, terms, a, b, gap = pair
    return e - terms + c * (sp.exp(gap) - 1) * prim.Sigmoid(-a) * prim.Sigmoid(b)


def _product_to_sum(e: sp.Expr) -> sp.Expr | None:
    """sin(x) cos(x) -> sin(2x)/2 and so on: one rounding of a multiple angle, and 2x is
    exact where x is huge."""
    if not e.has(sp.sin, sp.cos):
        return None
    from sympy.simplify.fu import TR8

    out = sp.expand(TR8(e))
    return out if out != e else None


def _trig_rationalised(e: sp.Expr | None) -> sp.Expr | None:
    """a + b sin(u) -> (a^2 - b^2 sin^2 u) / (a - b sin u), the numerator simplified (to
    b^2 cos^2 u when a^2 = b^2): 1 + sin 2x cancels at its double zeros, cos^2 2x does not."""
    if e is None or not isinstance(e, sp.Add):
        return e
    trig = [t for t in e.args if t.has(sp.sin, sp.cos)]
    if len(trig) != 1:
        return e
    b = trig[0]
    a = e - b
    k, atom = b.as_coeff_Mul()
    same = a.is_number and a != 0 and float(k) == float(a)  # Float(1.0) != Integer(1)
    opposite = a.is_number and a != 0 and float(k) == -float(a)
    if (isinstance(atom, sp.sin) and (same or opposite)) or (isinstance(atom, sp.cos) and same):
        # a (1 +- sin u), a (1 + cos u): double zeros; the kernel takes the side that does
        # not cancel (1 - cos u is not 1 + cos of an exact argument: left to the general case)
        u = atom.args[0] if same else -atom.args[0]
        if isinstance(atom, sp.cos):
            return a * prim.OnePlusCos(u)
        k, w = u.as_coeff_Mul()
        if not (k.is_Integer and abs(k) == 2):  # 2w is exact: 2 stays apart (see OnePlusSin)
            k, w = sp.S.One, u
        return a * prim.OnePlusSin(w, k)
    num = sp.expand(a**2 - b**2)
    for fn, co in ((sp.sin, sp.cos), (sp.cos, sp.sin)):
        for atom in b.atoms(fn):
            num = sp.expand(num.subs(atom**2, 1 - co(atom.args[0]) ** 2))
    num = sp.factor(num)
    if isinstance(num, sp.Add) or not num.has(sp.sin, sp.cos):
        return e
    return num / (a - b)


def _has_half_power(e: sp.Expr) -> bool:
    return any(
        isinstance(p, sp.Pow) and p.exp.is_Rational and p.exp.q == 2
        for p in sp.preorder_traversal(e)
    )


# --------------------------------------------------------------------------- printing
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


# --------------------------------------------------------------------------- evaluation
def _namespace() -> dict[str, Any]:
    import numpy as np

    from symacts import kernels

    return {
        "np": np,
        "numpy": np,
        "math": math,
        "_expit": kernels.expit,
        "_erf": kernels.erf,
        "_erfc": kernels.erfc,
        "_dd_poly": kernels.dd_poly,
        "_exp_dd": kernels.exp_dd,
        "_expit_dd": kernels.expit_dd,
        "_expit_c": kernels.expit_compensated,
        "_dd_add": kernels.dd_add,
        "_dd_mul": kernels.dd_mul,
        "_dd_div": kernels.dd_div,
        "_expit_dd_c": kernels.expit_dd_compensated,
        "_erfc_dd": kernels.erfc_dd,
        "_scaled_exp": kernels.scaled_exp_product,
        "_ipow": kernels.ipow,
        "_halfpow": kernels.halfpow,
        "_hypot": kernels.hypot,
        "_horner": kernels.horner,
        "_erfcx": kernels.erfcx,
        "_exp_dd_scaled": kernels.exp_dd_scaled,
        "_exp_pair": kernels.exp_pair,
        "_halfpow_dd": kernels.halfpow_dd,
        "_softplus_dd": kernels.softplus_dd,
        "_one_plus_sin": kernels.one_plus_sin,
        "_one_plus_cos": kernels.one_plus_cos,
        "_dd_scale": kernels.dd_scale,
    }


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


def _exp_terms(arg: sp.Expr, v: sp.Symbol) -> tuple[sp.Expr, list] | None:
    """arg = p(v) + sum c_i exp(q_i(v)), p and q_i polynomials, as (p, [(c_i, q_i)]); None
    for any other argument or when there is no exponential term."""
    poly, terms = sp.S.Zero, []
    for term in sp.Add.make_args(sp.expand(arg)):
        if term.is_polynomial(v):
            poly += term
            continue
        c, rest = term.as_coeff_Mul()
        if not (isinstance(rest, sp.exp) and rest.args[0].is_polynomial(v) and c.is_number):
            return None
        terms.append((c, rest.args[0]))
    return (poly, terms) if terms else None


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


def _expression_code(expr: sp.Expr, var: str) -> tuple[list[str], str]:
    """Statements for common subexpressions and the expression, in NumPy source, and the
    name (or scalar expression) holding the result."""
    v = sp.Symbol(var)
    expr = expr.xreplace({s: v for s in expr.free_symbols})
    expr, table = _double_double_calls(expr, v)
    printer = StablePrinter(table)
    replacements, reduced = sp.cse(expr, symbols=sp.numbered_symbols("_t"), optimizations=None)
    return _InPlace(printer, v).emit(replacements, reduced[0])


@dataclasses.dataclass(frozen=True)
class _Val:
    code: str  # an array's name, or a scalar expression
    kind: str  # "scalar"; "input": an array to leave alone; "temp": one this code may reuse
    sym: sp.Symbol | None = None  # the common subexpression it holds, if any


#: The binary ufuncs behind the four operators.
_UFUNC = {"+": "np.add", "-": "np.subtract", "*": "np.multiply", "/": "np.divide"}


class _InPlace:
    """Three-address code with in-place ufuncs.

    Each fresh array of a million doubles costs more in page faults than the arithmetic on
    it, so results go into arrays whose values are no longer needed (an operand at its
    last use, or a dead array), and few arrays are ever live. Common subexpressions count
    their references not yet used by an emitted operation; only the last may overwrite."""

    def __init__(self, printer: StablePrinter, v: sp.Symbol) -> None:
        self.printer = printer
        self.v = v
        self.lines: list[str] = []
        self.pool: list[str] = []  # arrays whose values are dead, free for out=
        self.names = itertools.count()
        self.bound: dict[sp.Symbol, _Val] = {}  # cse symbol -> its value
        self.uses: dict[sp.Symbol, int] = {}

    def emit(self, replacements, final) -> tuple[list[str], str]:
        # constant subexpressions go back in place: a product's constants then fold into
        # one correctly rounded literal
        constants: dict[sp.Symbol, sp.Expr] = {}
        arrays = []
        for sym, val in replacements:
            val = val.xreplace(constants)
            if val.has(self.v):
                arrays.append((sym, val))
            else:
                constants[sym] = val
        final = final.xreplace(constants)
        for _, val in arrays:
            self._count(val)
        self._count(final)
        for sym, val in arrays:
            res = self._eval(val)
            if res.kind != "temp":  # (a shared value or the input: copy, to own it)
                res = self._call(f"np.array({res.code}, dtype=np.float64)", res)
            self.bound[sym] = res
        res = self._eval(final)
        dead = sorted(set(self.pool) - {res.code})
        if dead:
            self.lines.append(f"del {', '.join(dead)}")
        return self.lines, res.code

    def _count(self, e) -> None:
        for s in sp.preorder_traversal(e):
            if isinstance(s, sp.Symbol) and s != self.v:
                self.uses[s] = self.uses.get(s, 0) + 1

    def _free(self, val: _Val) -> None:
        if val.kind == "temp" and val.code not in self.pool:
            self.pool.append(val.code)

    def _use(self, operands) -> list[_Val]:
        """Count down the references the operands hold; those whose array is then dead
        (a temporary, or a shared value's last reference) become reusable temps."""
        out, seen = [], set()
        for op in operands:
            if op.sym is not None and id(op) not in seen:
                seen.add(id(op))
                self.uses[op.sym] -= 1
        for op in operands:
            if op.sym is not None:
                op = _Val(op.code, "temp" if self.uses[op.sym] == 0 else "input")
            out.append(op)
        return out

    def _apply(self, func: str, *operands: _Val) -> _Val:
        """func(*operands) into an operand at its last use, a dead array or a new one."""
        args = ", ".join(op.code for op in operands)
        operands = tuple(self._use(operands))
        arrays = [op for op in operands if op.kind != "scalar"]
        temps = [op.code for op in arrays if op.kind == "temp"]
        if temps:
            name, out = temps[0], f", out={temps[0]}"
        elif self.pool:
            name = self.pool.pop()
            out = f", out={name}"
        else:
            name, out = f"_a{next(self.names)}", ""
        self.lines.append(f"{name} = {func}({args}{out})")
        for op in arrays:
            if op.code != name:
                self._free(op)
        return _Val(name, "temp")

    def _call(self, code: str, *consumed: _Val) -> _Val:
        """Code that returns a fresh array (a kernel, a library function)."""
        name = f"_a{next(self.names)}"
        self.lines.append(f"{name} = {code}")
        for op in self._use(consumed):
            self._free(op)
        return _Val(name, "temp")

    def _binary(self, op: str, a: _Val, b: _Val) -> _Val:
        if a.kind == "scalar" and b.kind == "scalar":
            return _Val(f"({a.code} {op} {b.code})", "scalar")
        return self._apply(_UFUNC[op], a, b)

    def _eval(self, e: sp.Expr) -> _Val:
        if isinstance(e, sp.UnevaluatedExpr):
            return self._eval(e.args[0])
        if e == self.v:
            return _Val(self.v.name, "input")
        if e in self.bound:  # counted down when an operation uses it
            return _Val(self.bound[e].code, "input", e)
        if not e.free_symbols:
            return _Val(f"({self.printer.doprint(e)})", "scalar")
        if isinstance(e, sp.Add):
            return self._add(e)
        if isinstance(e, sp.Mul):
            return self._mul(e)
        if isinstance(e, sp.Pow):
            return self._pow(e)
        if isinstance(e, prim.Compensated):
            hi, lo = self._compensated(e.args[0])
            return hi if lo is None else self._apply("np.add", hi, lo)
        if isinstance(e, sp.Function) and len(e.args) == 1:
            arg = self._eval(e.args[0])
            code = self.printer.doprint(e.func(sp.Symbol(arg.code)))
            if arg.kind == "scalar":
                return _Val(f"({code})", "scalar")
            ufunc = self._unary_ufunc(code, arg.code)
            if ufunc is not None:
                return self._apply(ufunc, arg)
            return self._call(code, arg)
        return self._generic(e)

    def _compensated(self, e: sp.Expr) -> tuple[_Val, _Val | None]:
        """e as (hi, lo): sums, products and quotients in double-double; anything else is a
        leaf evaluated as usual (rounded once)."""
        if isinstance(e, sp.UnevaluatedExpr):
            return self._compensated(e.args[0])
        if e in self.bound or not e.free_symbols:
            return self._eval(e), None
        if isinstance(e, sp.Add):
            acc = None
            for t in e.args:
                val = self._compensated(t)
                acc = val if acc is None else self._dd("_dd_add", acc, val)
            return acc
        if isinstance(e, sp.Pow) and e.exp == 2:
            base = self._compensated(e.base)
            return self._dd("_dd_mul", base, base)
        if not isinstance(e, sp.Mul):
            return self._eval(e), None
        const, rest = e.as_independent(self.v, *self.bound, as_Add=False)
        num, den = [], []
        for f in rest.as_ordered_factors():
            if isinstance(f, sp.Pow) and f.exp == -1:
                den.append(f.base)
            else:
                num.append(f)
        acc = None
        for f in num:
            val = self._compensated(f)
            acc = val if acc is None else self._dd("_dd_mul", acc, val)
        for f in den:
            val = self._compensated(f)
            acc = self._dd("_dd_div", acc or (_Val("1.0", "scalar"), None), val)
        if const != 1:
            ((hi, lo),) = _dd_pairs([const])
            c = (_Val(repr(hi), "scalar"), _Val(repr(lo), "scalar") if lo else None)
            acc = self._dd("_dd_mul", acc, c)
        return acc

    def _dd(self, kernel: str, a: tuple, b: tuple) -> tuple[_Val, _Val]:
        """kernel(a_hi, a_lo, b_hi, b_lo) into two fresh arrays."""
        args = ", ".join(v.code if v is not None else "None" for v in (*a, *b))
        hi, lo = f"_a{next(self.names)}", f"_a{next(self.names)}"
        self.lines.append(f"{hi}, {lo} = {kernel}({args})")
        consumed = [v for v in (*a, *b) if v is not None]
        for op in self._use(consumed):
            self._free(op)
        return _Val(hi, "temp"), _Val(lo, "temp")

    def _generic(self, e: sp.Expr) -> _Val:
        """The printer's code for e, with the arrays of its cse symbols."""
        refs = [
            _Val(self.bound[t].code, "input", t)
            for t in sp.preorder_traversal(e)
            if isinstance(t, sp.Symbol) and t in self.bound
        ]
        names = {r.sym: sp.Symbol(r.code) for r in refs}
        return self._call(self.printer.doprint(e.xreplace(names)), *refs)

    @staticmethod
    def _unary_ufunc(code: str, arg: str) -> str | None:
        import re

        import numpy as np

        m = re.fullmatch(rf"(?:np|numpy)\.(\w+)\({re.escape(arg)}\)", code)
        func = getattr(np, m.group(1), None) if m else None
        return f"np.{m.group(1)}" if isinstance(func, np.ufunc) and func.nin == 1 else None

    def _add(self, e: sp.Add) -> _Val:
        acc = None
        for t in self.printer._as_ordered_terms(e, order=None):
            negative = acc is not None and t.as_coeff_Mul()[0].is_negative
            val = self._eval(-t if negative else t)
            acc = val if acc is None else self._binary("-" if negative else "+", acc, val)
        return acc

    def _mul(self, e: sp.Mul) -> _Val:
        const, rest = e.as_independent(self.v, *self.bound, as_Add=False)
        num, den = [], []
        for f in rest.as_ordered_factors():  # the printer's order (it was measured so)
            if isinstance(f, sp.Pow) and f.exp.is_Rational and f.exp.is_negative:
                den.append(f.base ** (-f.exp))
            else:
                num.append(f)
        acc = None
        for f in num:
            val = self._eval(f)
            acc = val if acc is None else self._binary("*", acc, val)
        if den:
            d = None
            for f in den:
                val = self._eval(f)
                d = val if d is None else self._binary("*", d, val)
            acc = self._binary("/", acc if acc is not None else _Val("1.0", "scalar"), d)
        # the constant last, as the printer applies it: 2^-128 ScaledExp(u) must not go
        # subnormal before the other factors are in
        value = float(sp.N(const, 30))
        if value == -1.0:
            return self._apply("np.negative", acc)
        return acc if value == 1.0 else self._binary("*", _Val(repr(value), "scalar"), acc)

    def _pow(self, e: sp.Pow) -> _Val:
        base, p = e.base, e.exp
        if p == -1:
            return self._binary("/", _Val("1.0", "scalar"), self._eval(base))
        hyp = _hypot_args(base)
        if hyp is not None and p.is_Rational and p.q == 2 and abs(p) <= 4:
            arg = self._eval(hyp[1])
            h = self._call(f"_hypot({self.printer.doprint(hyp[0])}, {arg.code})", arg)
            return h if p == sp.S.Half else self._call(f"_ipow({h.code}, {int(p.p)})", h)
        b = self._eval(base)
        if b.kind == "scalar":
            return _Val(f"({self.printer.doprint(e)})", "scalar")
        if p == 2:
            return self._apply("np.multiply", b, b)
        code = self.printer.doprint(sp.Pow(sp.Symbol(b.code), p))
        ufunc = self._unary_ufunc(code, b.code)
        return self._apply(ufunc, b) if ufunc is not None else self._call(code, b)


def _piece_function(expr: sp.Expr) -> Callable[[Any], Any]:
    """A plain NumPy function of a float64 array evaluating one form (no masking)."""
    lines, result = _expression_code(expr, "x")
    body = "\n".join(f"    {line}" for line in lines)
    src = f"def _f(x):\n{body}\n    return x*0.0 + ({result})\n"
    ns = _namespace()
    exec(compile(src, "<symacts-candidate>", "exec"), ns)
    return ns["_f"]


# --------------------------------------------------------------------------- measurement
def _sample_points(region: sp.Set) -> list[float]:
    """A fixed sample: log-spaced magnitudes, a dense band, and the region's ends."""
    mags = [10.0**k for k in range(-300, -20, 40)] + [10.0**k for k in range(-20, 3)]
    mags += [1.5 * 10.0**k for k in range(-8, 2)] + [10.0**k for k in range(3, 301, 4)]
    mags += [0.25 * i for i in range(1, 161, 3)] + [2.0**-1074 * 7, 2.0**-1030, 715.0, 740.0]
    # beta x overflows here for beta > 2.02; 2x does not (sin 2x, cos 2x stay exact)
    mags += [1e305, 8.9e307]
    # just below powers of two, where x - 1 rounds to the next binade (x = -31.7)
    mags += [2.0**k - 0.3 for k in range(2, 7)]
    points = sorted({s * m for m in mags for s in (1.0, -1.0)})
    if isinstance(region, sp.Interval):
        for end in (region.inf, region.sup):
            if end.is_finite:
                e = float(end)
                points += [e + d for d in (1e-9, -1e-9, 1e-4, -1e-4, 0.01, -0.01)]
    if isinstance(region, sp.FiniteSet):
        return [float(p) for p in region]
    return [p for p in points if _contains(region, p)]


#: Extra points where the forms are chosen: the fixed sample is sparse at moderate |x|
#: (0.75 apart), where a sum of rounded terms shows its worst case (off the grid's values).
_CHOICE_BAND = tuple(0.1 * k + 0.0123 for k in range(-50, 50))


def _away_from_zeros(
    points: list[float], refs: list, fallback: bool = True
) -> tuple[list[float], list]:
    """The points (and their references) farther than min(|z|, 1) from every zero z of f
    in the root-patch window, as sign changes of the references show them. Next to a zero
    every form cancels and a root patch (:func:`_root_patches`) takes over, so errors there
    would only add noise to the choice between forms (logish': the form of 3.3 ULP lost to
    one of 5.8 on its errors at -1.75, 0.4 from the zero)."""
    import mpmath

    order = sorted(range(len(points)), key=lambda i: points[i])
    zeros = []
    for i, j in itertools.pairwise(order):
        a, b = refs[i], refs[j]
        if not (mpmath.isfinite(a) and mpmath.isfinite(b)) or a * b >= 0:
            continue
        z = 0.5 * (points[i] + points[j])
        if abs(z) <= ROOT_WINDOW:
            zeros.append((z, min(abs(z), 1.0) + 0.5 * (points[j] - points[i])))
    if not zeros:
        return points, refs
    keep = [k for k, p in enumerate(points) if all(abs(p - z) >= r for z, r in zeros)]
    if not keep and fallback:  # (all of them next to a zero: the choice needs some)
        return points, refs
    return [points[k] for k in keep], [refs[k] for k in keep]


def _contains(region: sp.Set, value: float) -> bool:
    if isinstance(region, sp.Interval):
        lo, hi = region.inf, region.sup
        if lo.is_finite and (value < float(lo) or (region.left_open and value == float(lo))):
            return False
        return not (
            hi.is_finite and (value > float(hi) or (region.right_open and value == float(hi)))
        )
    return bool(region.contains(sp.Float(value)))


def _errors(
    func: Callable, points: Sequence[float], refs: Sequence[Any], limits: tuple | None = None
) -> list[float]:
    """ULP errors of a form; with ``limits``, a NaN from an overflowed intermediate counts as
    the limit it is replaced by in the generated code."""
    import numpy as np

    from symacts.reference import ulp_error

    xs = np.asarray(points, dtype=np.float64)
    with np.errstate(all="ignore"):
        try:
            got = func(xs)
        except (TypeError, ValueError, ZeroDivisionError, FloatingPointError):
            return [math.inf] * len(points)
    got = np.broadcast_to(got, (len(points),))
    if limits is not None:
        got = np.where(np.isnan(got), np.where(xs > 0, limits[1], limits[0]), got)
    return [ulp_error(float(g), r) for g, r in zip(got, refs, strict=True)]


def _score(errors: list[float]) -> tuple[float, float]:
    finite = [min(e, 1e300) for e in errors]
    return (max(finite, default=0.0), sum(finite))


# --------------------------------------------------------------------------- Taylor patch
@dataclasses.dataclass(frozen=True)
class TaylorPatch:
    radius: float
    coefficients: tuple[float, ...]  # c_0 .. c_N, highest last


@dataclasses.dataclass(frozen=True)
class RootPatches:
    """Taylor polynomials about the zeros of f (f', f'') inside a window.

    Near a zero x0 every direct form cancels (gelu' near -0.75: Phi(x) + x phi(x)); about
    x0 = hi + lo (double-double), d = (x - hi) - lo is exact and sum c_k d^k keeps every bit.
    """

    roots_hi: tuple[float, ...]
    roots_lo: tuple[float, ...]
    radii: tuple[float, ...]
    coefficients: tuple[tuple[float, ...], ...]  # per root, c_0 .. c_D


#: Zeros are looked for (and patched) in this window; beyond it the note on the record says
#: that periodic functions keep the direct form.
ROOT_WINDOW = 64.0


def _root_patches(act, n, resolved, func, region: sp.Set) -> RootPatches | None:
    """Patches about the zeros in the window where the chosen form misses the budget."""
    import mpmath
    import numpy as np

    from symacts.reference import _mp_function, _reference

    if not isinstance(region, sp.Interval):
        return None
    target = TARGET_ULP if n <= 1 else TARGET_ULP_SECOND
    # A zero just beyond a cut (at -1, say) still cancels inside the piece: look a little
    # past the ends (the zeros come from the definition, so a kink there shows as a patch
    # that fails its check).
    lo = max(float(region.inf) - 1, -ROOT_WINDOW) if region.inf.is_finite else -ROOT_WINDOW
    hi = min(float(region.sup) + 1, ROOT_WINDOW) if region.sup.is_finite else ROOT_WINDOW
    if hi <= lo:
        return None
    grid = np.linspace(lo, hi, 8193)[1:-1]
    with np.errstate(all="ignore"):
        values = np.broadcast_to(func(grid), grid.shape)
    f = _mp_function(act, n, resolved)
    roots_hi, roots_lo, radii, coefficients = [], [], [], []
    for root in _zeros_on_grid(act, n, resolved, grid, values):
        if not any(_contains(region, float(root) + d) for d in (-0.5, -0.1, 0.0, 0.1, 0.5)):
            continue
        r_hi = float(root)
        r_lo = float(root - mpmath.mpf(r_hi))
        if r_hi in roots_hi:
            continue  # found twice (a sign change and a minimum of |f|)

        def bad(delta, r_hi=r_hi):
            pts = [r_hi + s * delta * t for s in (1.0, -1.0) for t in (1.0, 0.83, 0.69, 0.57)]
            pts = [p for p in pts if _contains(region, p)]
            return any(
                e > PATCH_MARGIN * target
                for e in _errors(func, pts, [_reference(act, n, resolved, p) for p in pts])
            )

        if _contains(region, r_hi) and not bad(abs(r_hi) * 2.0**-24):
            continue  # no cancellation right at the zero: nothing to patch
        # Scan down from |hi| (x - hi is exact for |x - hi| <= |hi| / 2, and relatively
        # accurate beyond); the first distance still bad sets the radius.
        widest = min(abs(r_hi), 1.0)
        radius = None
        for k in range(0, 80):
            delta = widest * 2.0 ** (-k / 2)
            if bad(delta):
                radius = min(delta * 1.3, widest)
                break
        if radius is None:
            continue
        fit = _fit_root_series(act, n, resolved, f, root, r_hi, r_lo, radius, target)
        if fit is not None:
            roots_hi.append(r_hi)
            roots_lo.append(r_lo)
            radii.append(fit[0])
            coefficients.append(fit[1])
    if not roots_hi:
        return None
    width = max(len(c) for c in coefficients)
    padded = tuple(tuple(c) + (0.0,) * (width - len(c)) for c in coefficients)
    return RootPatches(tuple(roots_hi), tuple(roots_lo), tuple(radii), padded)


def _fit_root_series(act, n, resolved, f, root, r_hi, r_lo, radius, target):
    """(radius, coefficients) of the lowest-degree Taylor polynomial about the zero within
    target/2 on the radius; the radius shrinks when no degree up to 32 converges there."""
    import mpmath

    from symacts.reference import _reference, ulp_error

    series: list[float] = []
    for shrink in (1.0, 0.75, 0.56, 0.42):
        r = radius * shrink
        checks = [r_hi + t * r for t in (-1.0, -0.7, -0.4, -1e-3, 1e-3, 0.4, 0.7, 1.0)]
        refs = [_reference(act, n, resolved, c) for c in checks]
        for degree in (8, 12, 16, 24, 32, 48):
            if len(series) <= degree:  # one mpmath.taylor per size, truncated for lower degrees
                size = 16 if degree <= 16 else degree
                # numerical differentiation loses digits with the order: 4 per order kept
                with mpmath.workdps(4 * size + 60):
                    series = [float(c) for c in mpmath.taylor(f, root, size)]
            cs = series[: degree + 1]
            errs = [
                ulp_error(_horner(cs, (c - r_hi) - r_lo), ref)
                for c, ref in zip(checks, refs, strict=True)
            ]
            if max(errs) <= target / 2:
                return r, tuple(cs)
    return None


#: A measured error above this share of the budget counts as a miss when patching: the
#: sample is finite, so the patch covers a little more than the points that failed.
PATCH_MARGIN = 0.7


def _zeros_on_grid(act, n, resolved, grid, values) -> list:
    """Zeros of the n-th derivative near the grid, to 40 digits: simple zeros from sign
    changes, double zeros (1 + sin 2x) from minima of |f| where f' changes sign."""
    import mpmath
    import numpy as np

    from symacts.reference import _mp_function

    f = _mp_function(act, n, resolved)
    finite = np.isfinite(values)
    signs = np.sign(values)
    mag = np.abs(values)
    change = finite[:-1] & finite[1:] & (signs[:-1] * signs[1:] < 0)
    found = []
    for i in np.nonzero(change)[0]:
        found.append((f, float(grid[i]), float(grid[i + 1])))
    # a zero right on the grid (x = 1/2), between values of opposite signs
    on_grid = np.nonzero(finite[1:-1] & (values[1:-1] == 0) & (signs[:-2] * signs[2:] < 0))[0]
    for i in on_grid + 1:
        found.append((f, float(grid[i - 1]), float(grid[i + 1])))
    inner = np.arange(1, len(grid) - 1)
    minima = inner[
        finite[inner - 1]
        & finite[inner]
        & finite[inner + 1]
        & (mag[inner] < mag[inner - 1])
        & (mag[inner] <= mag[inner + 1])
        & (signs[inner - 1] == signs[inner])
        & (signs[inner + 1] == signs[inner])
    ]
    # a double zero is a deep minimum: |f| a step away is some 100 times larger than at the
    # nearest grid point (flat stretches give shallow minima from rounding alone)
    far = 8
    minima = minima[(minima >= far) & (minima < len(grid) - far)]
    minima = minima[50 * mag[minima] < np.maximum(mag[minima - far], mag[minima + far])]
    if len(minima):
        df = _mp_function(act, n + 1, resolved)
        found += [(df, float(grid[i - 1]), float(grid[i + 1])) for i in minima]
    roots = []
    for g, a, b in found:
        try:
            with mpmath.workdps(40):
                root = mpmath.findroot(g, (mpmath.mpf(a), mpmath.mpf(b)), solver="anderson")
                if g is not f and abs(f(root)) > mpmath.mpf(10) ** -30:
                    continue  # a minimum of |f| that is no zero
        except (ValueError, ZeroDivisionError, TypeError):
            continue
        if a <= root <= b and root != 0 and all(abs(root - r) > 1e-20 for r in roots):
            roots.append(root)  # zeros at 0 are the Taylor patch's job
    return sorted(roots)


def _probe(cache: dict[float, float], p: float, error_at: Callable[[float], float]) -> float:
    if p not in cache:
        cache[p] = error_at(p)
    return cache[p]


def _taylor_patch(act, n, resolved, func, sign_region) -> TaylorPatch | None:
    """A Taylor polynomial of the definition at 0 where the chosen form cancels."""
    target = TARGET_ULP if n <= 1 else TARGET_ULP_SECOND
    import mpmath
    import numpy as np

    from symacts import kernels
    from symacts.reference import _mp_function, _reference, ulp_error

    # Cancellation grows as x -> 0, so a few small probes tell whether a patch is needed;
    # then the radius is the largest probe (scanning down from 1) that is still bad.
    def error_at(p):
        if not _contains(sign_region, p):
            return 0.0
        return _errors(func, [p], [_reference(act, n, resolved, p)])[0]

    side = 1.0 if _contains(sign_region, 1e-9) else -1.0
    if not any(error_at(side * p) > target for p in (1e-12, 1e-6, 1e-3, 0.03)):
        return None
    # Rounding makes the error erratic (a band may be 20% above the bound, its neighbour
    # clean), so the scan looks for errors above half the bound: that edge lies further out
    # and past it the formula has a margin. Smaller radii (the bound's edge, the first bad
    # probes) are fallbacks for when no polynomial reaches so far.
    probes = [side * 2.0 ** (-k / 16) * 1.01 for k in range(0, 960)]
    f = _mp_function(act, n, resolved)
    errors: dict[float, float] = {}
    radii = []
    for limit in (target / 2, target):
        first_bad = next((p for p in probes if _probe(errors, p, error_at) > limit), None)
        if first_bad is None:
            continue
        # Errors come in rare spikes near the edge (1 point in 10 above half the bound
        # past tanhshrink's 0.75), so a dense scan above the first bad probe finds it.
        # Cancellation is mild that far out: one evaluation at 40 digits is a fine reference.
        start = abs(first_bad)
        dense = [side * p for p in np.linspace(start, min(1.6 * start, 1.01), 400)[1:]]
        dense = [p for p in dense if _contains(sign_region, p)]
        with mpmath.workdps(40):
            refs = [f(mpmath.mpf(p)) for p in dense]
        edge = max(
            (abs(p) for p, e in zip(dense, _errors(func, dense, refs), strict=True) if e > limit),
            default=start,
        )
        radii += [edge * 1.01, start * 1.01]
    series: dict[int, tuple[float, ...]] = {}
    for radius in sorted(set(radii), reverse=True):  # the furthest a polynomial reaches
        for degree in (8, 16, 24, 32, 48, 64):
            if degree not in series:
                with mpmath.workdps(degree * 4 + 60):
                    series[degree] = tuple(float(c) for c in mpmath.taylor(f, 0, degree))
            coefficients = series[degree]
            checks = [s * radius * t for t in (1.0, 0.7, 0.3, 0.01, 1e-6) for s in (1.0, -1.0)]
            checks = [c for c in checks if _contains(sign_region, c)]
            # the run-time evaluation (kernels.horner), so what is checked is what runs
            values = [float(v) for v in kernels.horner(np.array(checks), coefficients)]
            errors_there = [
                ulp_error(v, _reference(act, n, resolved, c))
                for v, c in zip(values, checks, strict=True)
            ]
            if max(errors_there, default=0.0) <= target:
                return TaylorPatch(radius, _trim(coefficients))
    return None


def _horner(coefficients: Sequence[float], value: float) -> float:
    acc = 0.0
    for c in reversed(coefficients):
        acc = acc * value + c
    return acc


def _trim(coefficients: tuple[float, ...]) -> tuple[float, ...]:
    out = list(coefficients)
    while out and out[-1] == 0.0:
        out.pop()
    return tuple(out)


# --------------------------------------------------------------------------- compile
@dataclasses.dataclass(frozen=True)
class ExpTail:
    """f ~ c(x) exp(rate * x) far out on one side, exact to double precision there."""

    side: int  # -1: x -> -oo, +1: x -> +oo
    start: float  # used where side * x > start
    rate: float  # exponent per unit x (negative: decays outward)
    rate_lo: float
    coefficient: sp.Expr


def _exp_tail(act: Activation, n: int, resolved: tuple, side: int) -> ExpTail | None:
    """The leading term c(x) T^p of f as x -> side * oo, with T = exp(-side * x) -> 0,
    derived by SymPy's series in T.

    Needed where exp(x) is subnormal but x exp(x) is not (|x| in 708..745): there every
    direct form loses bits, while c(x) exp(rate x) evaluated with a scaled exponential
    keeps them all.
    """
    import mpmath

    from symacts.reference import _branch_at_infinity, _reference, exact_derivative

    x = act.x
    expr = exact_derivative(act, n, resolved)
    if isinstance(expr, sp.Piecewise):
        expr = _branch_at_infinity(expr, x, side)
    if not expr.has(sp.exp):
        return None
    t = sp.Symbol("T", positive=True)
    g = expr.subs(sp.exp(x), t if side < 0 else 1 / t)
    if t not in g.free_symbols or x in (g.free_symbols - {x}):
        return None
    try:
        lead = sp.simplify(sp.series(g, t, 0, 2).removeO())
        coefficient, power = lead.as_coeff_exponent(t)
    except Exception:
        return None
    if (
        not power.is_number
        or not power.is_positive
        or coefficient.has(t)
        or not coefficient.is_rational_function(x)
        or coefficient == 0
    ):
        return None
    rate = -side * sp.N(power, 40)
    start = float(60 / power)
    # The leading term must match the definition to 25 digits where the tail starts.
    probe = side * start * 1.5
    exact = _reference(act, n, resolved, probe)
    approx = sp.N((coefficient * sp.exp(rate * x)).subs(x, probe), 40)
    # (str() of an mpf prints the working precision's 15 digits: ask for all 40)
    if abs(approx - sp.Float(mpmath.nstr(exact, 40), 40)) > abs(approx) * sp.Float("1e-25"):
        return None
    rate_hi = float(rate)
    return ExpTail(side, start, rate_hi, float(rate - sp.Float(rate_hi, 60)), coefficient)


@dataclasses.dataclass(frozen=True)
class CompiledPiece:
    region: sp.Set
    expr: sp.Expr
    patch: TaylorPatch | None
    tail: ExpTail | None = None
    roots: RootPatches | None = None
    mirror: int = 0  # +1: f(x) = g(|x|), -1: f(x) = sign(x) g(|x|), g = expr; 0: plain
    clamp: tuple[str, float] | None = None  # ("max", a): f(x) = g(max(x, a)); or "min"


def compile_activation(act: Activation, n: int, resolved: tuple) -> Callable[..., Any]:
    """Build the NumPy callable for the n-th derivative of ``act`` with these parameters."""
    from symacts.reference import _reference, limit_at_infinity

    x = act.x
    limits = (limit_at_infinity(act, n, resolved, -1), limit_at_infinity(act, n, resolved, 1))
    chosen: list[CompiledPiece] = []
    measured: list[tuple] = []
    pieces = pieces_of(stable_expression(act, n, resolved), x)
    for piece in [part for p in pieces for part in _split_tail(p, x)]:
        forms = candidate_forms(piece, x)
        # (where any exp goes subnormal: a form with exp(-2 e^x) alone loses to exp(x - 2 e^x))
        points = _sample_points(piece.region) + _underflow_points(
            forms, x, piece.region, atoms=(prim.ScaledExp, sp.exp)
        )
        points += [p for p in _CHOICE_BAND if _contains(piece.region, p)]
        refs = [_reference(act, n, resolved, p) for p in points]
        points, refs = _away_from_zeros(points, refs)
        best, best_score, best_func = None, None, None
        for form in forms:
            try:
                func = _piece_function(form)
            except (TypeError, NameError, SyntaxError, sp.PolynomialError):
                continue
            score = _score(_errors(func, points, refs, limits))
            if best_score is None or score < best_score:
                best, best_score, best_func = form, score, func
        target = TARGET_ULP if n <= 1 else TARGET_ULP_SECOND
        if best_score is not None and best_score[0] > COMPENSATE_ABOVE * target:
            # near the budget on the sample: a dense probe decides; the costlier forms are
            # kept only where they cut the summed error (steadier than the worst) by a fifth
            dense = [p for p in _DENSE_PROBE if _contains(piece.region, p)]
            dense_refs = [_reference(act, n, resolved, p) for p in dense]
            dense, dense_refs = _away_from_zeros(dense, dense_refs, fallback=False)
            both, both_refs = points + dense, refs + dense_refs
            plain = _score(_errors(best_func, both, both_refs, limits))
            if dense and plain[0] > COMPENSATE_DENSE * target:
                chosen_score = plain
                for form in compensated_forms(forms, x):
                    try:
                        func = _piece_function(form)
                    except (TypeError, NameError, SyntaxError, sp.PolynomialError):
                        continue
                    score = _score(_errors(func, both, both_refs, limits))
                    steadier = score[1] < min(chosen_score[1], COMPENSATE_GAIN * plain[1])
                    if steadier and score[0] <= plain[0]:
                        best, best_func, chosen_score = form, func, score
                        best_score = _score(_errors(func, points, refs, limits))
        patch = None
        if isinstance(piece.region, sp.Interval) and (
            piece.region.inf == 0 or piece.region.sup == 0
        ):
            whole = _contains_neighbourhood_of_zero(act, n, resolved)
            if whole:
                patch = _taylor_patch(act, n, resolved, best_func, piece.region)
        tail = None
        if isinstance(piece.region, sp.Interval) and not piece.region.is_finite_set:
            for side, end in ((-1, piece.region.inf), (1, piece.region.sup)):
                if end.is_infinite and limits[(side + 1) // 2] == 0.0:
                    tail = _exp_tail(act, n, resolved, side)
        roots = None
        if best is not None and not best.is_number and best_func is not None:
            roots = _root_patches(act, n, resolved, best_func, piece.region)
        chosen.append(CompiledPiece(piece.region, best, patch, tail, roots))
        measured.append((best_func, points, refs, best_score))
    # strict joins first: a mirrored g(|x|) (one piece, no masks) beats any greedy join
    strict_measured = list(measured)
    strict = _mirrored(_merge_same_forms(chosen, strict_measured, 0.0), strict_measured, x)
    if len(strict) == 1:
        chosen = strict
    else:
        chosen = _merge_same_forms(chosen, measured, _JOIN_SLACK)
        chosen = _mirrored(chosen, measured, x)
        chosen = _clamped(chosen, measured, x)
    source = _emit(act, n, resolved, chosen, limits)
    ns = _namespace()
    ns["_prepare"], ns["_finish"] = _prepare, _finish
    exec(compile(source, f"<symacts {act.name} n={n}>", "exec"), ns)
    func = ns[_function_name(act, n)]
    func.source = source
    func.activation, func.order, func.params = act, n, dict(resolved)
    return func


def _merge_same_forms(
    chosen: list[CompiledPiece], measured: list[tuple] | None = None, slack: float = 0.0
) -> list[CompiledPiece]:
    """Join neighbouring pieces (fewer masks and gathers at run time): those that chose the
    same form, and those where one of the two forms is as accurate on both as the worse of
    the two is on its own piece, or within ``slack`` ULP (measured on the same samples).

    Patches carry over: root patches and exponential tails act on x's value, not on the
    region; two Taylor patches at 0 are kept apart."""
    if measured is None:
        measured = [None] * len(chosen)
    order = sorted(range(len(chosen)), key=lambda i: float(chosen[i].region.inf))
    merged: list[CompiledPiece] = []
    info: list = []
    for i in order:
        piece, meas = chosen[i], measured[i]
        if merged:
            joined = _join(merged[-1], info[-1], piece, meas, slack)
            if joined is not None:
                merged[-1], info[-1] = joined
                continue
        merged.append(piece)
        info.append(meas)
    measured[:] = info  # the measurements now describe the merged pieces
    return merged


def _mirrored(chosen: list[CompiledPiece], measured: list[tuple], x: sp.Symbol):
    """Two pieces x < 0 and x >= 0 whose forms mirror each other (even: g(-x), odd:
    -g(-x)) become one piece g(|x|) (times sign(x)): no masks, no gathers. Kept only
    when g on |x| is as accurate on the negative side as the worse of the two pieces."""
    import numpy as np

    if len(chosen) != 2 or len(measured) != 2:
        return chosen
    neg, pos = sorted(zip(chosen, measured, strict=True), key=lambda t: float(t[0].region.inf))
    (a, ma), (b, mb) = neg, pos
    if a.expr is None or b.expr is None or any(m is None or m[0] is None for m in (ma, mb)):
        return chosen
    if a.tail or b.tail or a.patch or b.patch or a.roots:
        return chosen
    if sp.Union(a.region, b.region) != sp.S.Reals or float(b.region.inf) != 0.0:
        return chosen
    flipped = a.expr.subs(x, -x)
    for sign in (1, -1):
        if sp.simplify(flipped - sign * b.expr) != 0:
            continue
        func = mb[0]

        def mirrored(t, func=func, sign=sign):
            r = np.asarray(func(np.abs(t)), dtype=np.float64)
            return r if sign == 1 else r * np.sign(t)

        points, refs = ma[1] + mb[1], ma[2] + mb[2]
        worst = max(ma[3][0], mb[3][0])
        if _score(_errors(mirrored, points, refs))[0] <= worst:
            return [dataclasses.replace(b, region=sp.S.Reals, mirror=sign)]
    return chosen


def _clamped(chosen: list[CompiledPiece], measured: list[tuple], x: sp.Symbol):
    """A constant c on one side of a and a polynomial g with g(a) = c on the other become
    one piece g(max(x, a)) (or g(min(x, a))): squared_relu = max(x, 0)^2, no masks or
    gathers. Kept only when it is as accurate on both sides as the worse of the two."""
    import numpy as np

    if len(chosen) != 2 or len(measured) != 2 or any(p.mirror for p in chosen):
        return chosen
    ordered = sorted(zip(chosen, measured, strict=True), key=lambda t: float(t[0].region.inf))
    flat = [p for p, _ in ordered if p.expr is not None and p.expr.is_number]
    if len(flat) != 1 or flat[0].patch or flat[0].tail or flat[0].roots:
        return chosen
    (left, ml), (right, mr) = ordered
    g, mg = (right, mr) if left is flat[0] else (left, ml)
    if g.expr is None or g.patch or g.tail or any(m is None or m[0] is None for m in (ml, mr)):
        return chosen
    expr = g.expr.doit()
    if not (expr.is_polynomial(x) and 2 <= sp.degree(expr, x) <= 4):
        # evaluated everywhere: only where that costs no more than a mask (and lines are
        # the piecewise-linear code's: max/min chains)
        return chosen
    if not (isinstance(left.region, sp.Interval) and left.region.sup.is_finite):
        return chosen
    cut = float(left.region.sup)
    roots = g.roots
    if roots and any(abs(cut - h) <= r for h, r in zip(roots.roots_hi, roots.radii, strict=True)):
        return chosen  # a root patch reaching the cut would move the clamped value
    op = np.maximum if g is right else np.minimum
    func = mg[0]

    def composed(t, func=func):
        return np.asarray(func(op(np.asarray(t, dtype=np.float64), cut)), dtype=np.float64)

    points, refs = ml[1] + mr[1], ml[2] + mr[2]
    worst = max(ml[3][0], mr[3][0])
    if _score(_errors(composed, points, refs))[0] > worst:
        return chosen
    name = "max" if g is right else "min"
    return [dataclasses.replace(g, region=sp.S.Reals, clamp=(name, cut))]


#: Sampled ULP error up to which a form is taken as accurate as any (joining pieces).
_JOIN_SLACK = 1.5


def _join(a: CompiledPiece, ma, b: CompiledPiece, mb, slack: float = 0.0):
    if a.expr is None or b.expr is None:
        return None
    union = sp.Union(a.region, b.region)
    if not isinstance(union, sp.Interval):
        return None
    if (a.patch and b.patch) or (a.tail and b.tail):
        return None
    if a.expr == b.expr:
        expr, meas = a.expr, None
        if ma is not None and mb is not None:
            meas = (ma[0], ma[1] + mb[1], ma[2] + mb[2], max(ma[3], mb[3]))
    else:
        if a.patch or a.tail or a.roots or b.patch or b.tail or b.roots:
            return None
        if ma is None or mb is None or ma[0] is None or mb[0] is None:
            return None
        # within an ULP on both is as good as either: sampled differences below that are
        # noise, and each mask and gather saved is a pass over the data
        worst = max(ma[3][0], mb[3][0], slack)
        points, refs = ma[1] + mb[1], ma[2] + mb[2]
        best = None
        for expr, func in ((a.expr, ma[0]), (b.expr, mb[0])):
            score = _score(_errors(func, points, refs))
            if score[0] <= worst and (best is None or score < best[2]):
                best = (expr, func, score)
        if best is None:
            return None
        expr, meas = best[0], (best[1], points, refs, best[2])
    roots = a.roots or b.roots
    if a.roots and b.roots:
        # each piece also patches zeros just past its ends: keep one patch per zero (the
        # widest), sorted, as the run-time nearest-zero lookup needs
        by_root: dict[float, tuple] = {}
        for patches in (a.roots, b.roots):
            for row in zip(
                patches.roots_hi, patches.roots_lo, patches.radii, patches.coefficients, strict=True
            ):
                if row[0] not in by_root or row[2] > by_root[row[0]][2]:
                    by_root[row[0]] = row
        rows = [by_root[k] for k in sorted(by_root)]
        roots = RootPatches(
            tuple(r[0] for r in rows),
            tuple(r[1] for r in rows),
            tuple(r[2] for r in rows),
            _pad_rows(tuple(r[3] for r in rows)),
        )
    piece = CompiledPiece(union, expr, a.patch or b.patch, a.tail or b.tail, roots)
    return piece, meas


def _pad_rows(rows: tuple[tuple[float, ...], ...]) -> tuple[tuple[float, ...], ...]:
    width = max(len(r) for r in rows)
    return tuple(tuple(r) + (0.0,) * (width - len(r)) for r in rows)


def _contains_neighbourhood_of_zero(act: Activation, n: int, resolved: tuple) -> bool:
    """Whether one analytic branch of the definition covers both sides of 0."""
    expr = act._diff(n, resolved)
    expr = sp.piecewise_fold(expr.rewrite(sp.Piecewise))
    if not isinstance(expr, sp.Piecewise):
        return True
    x = act.x
    eps = sp.Rational(1, 10**30)

    def owner(v):
        for e, cond in expr.args:
            if cond == sp.true or bool(cond.subs(x, v)):
                return e
        return None

    left, right = owner(-eps), owner(eps)
    return left is not None and sp.simplify(left - right) == 0


def _function_name(act: Activation, n: int) -> str:
    return f"{act.name}" if n == 0 else f"{act.name}_d{n}"


def _mask_code(region: sp.Set, var: str) -> str:
    if isinstance(region, sp.FiniteSet):
        return " | ".join(f"({var} == {float(p)!r})" for p in region)
    if (
        region.inf.is_finite
        and region.inf == -region.sup
        and region.left_open == region.right_open
        and region.sup > 0
    ):
        return f"(np.abs({var}) {'<' if region.left_open else '<='} {float(region.sup)!r})"
    parts = []
    if region.inf.is_finite:
        parts.append(f"({var} {'>' if region.left_open else '>='} {float(region.inf)!r})")
    if region.sup.is_finite:
        parts.append(f"({var} {'<' if region.right_open else '<='} {float(region.sup)!r})")
    return " & ".join(parts) if parts else "None"


def _emit(act, n, resolved, chosen: list[CompiledPiece], limits) -> str:
    name = _function_name(act, n)
    label = "f" + "'" * n
    shown = ", ".join(f"{k}={v}" for k, v in resolved)
    out = [
        f"def {name}(x):",
        f'    """{label}(x) for {act.name}{f" ({shown})" if shown else ""}; '
        'generated by symacts."""',
        "    x, shape, dtype = _prepare(x)",
    ]
    lo, hi = limits
    if _piecewise_linear(chosen, act.x):
        score = _linear_scorer(act, n, resolved, chosen)
        return "\n".join(out + _linear_code(chosen, act.x, lo, hi, score)) + "\n"
    default = _default_piece(chosen)
    out.append("    with np.errstate(all='ignore'):")
    # The default piece comes first; the other pieces overwrite their own elements.
    order = [default] if default is not None else []
    if default is None:
        out.insert(-1, "    out = np.empty_like(x)")
    for piece in chosen:
        if piece is not default:
            order.append(piece)
    for piece in order:
        k = chosen.index(piece)
        mask = "None" if piece is default else _mask_code(piece.region, "x")
        out.append(f"        # piece {k}: x in {piece.region}")
        plain_number = piece.expr.is_number and not (piece.patch or piece.roots or piece.tail)
        if piece is default and plain_number:
            out.append(f"        out = np.full(x.shape, {StablePrinter().doprint(piece.expr)})")
            continue
        if piece is default and len(chosen) > 1 and piece.expr.is_Symbol:
            out.append("        out = x.copy()  # (the value the output starts from)")
            continue
        if plain_number:  # a constant piece needs no gather of its inputs
            value = StablePrinter().doprint(piece.expr)
            out.append(f"        out[np.flatnonzero({mask})] = {value}")
            continue
        lines, result = _expression_code(piece.expr, "v")
        if mask == "None":
            if piece.mirror:
                out.append(f"        # f(x) = {'' if piece.mirror > 0 else 'sign(x) '}g(|x|)")
            if piece.clamp:
                op, cut = piece.clamp
                out.append(f"        # f(x) = g({op}(x, {cut!r})): g meets the constant there")
                out.append(f"        v = np.{'maximum' if op == 'max' else 'minimum'}(x, {cut!r})")
            else:
                out.append("        v = np.abs(x)" if piece.mirror else "        v = x")
            target = "out[...]"
        else:
            # index arrays: gathers and scatters by index cost a fraction of boolean masks
            out.append(f"        m = np.flatnonzero({mask})")
            out.append("        v = x[m]")
            target = "out[m]"
        out.extend(f"        {line}" for line in lines)
        out.append(f"        r = {result}")
        if (piece.patch or piece.roots or piece.tail) and (
            piece.expr.is_number or piece.expr.is_Symbol
        ):
            out.append("        r = r + 0.0 * v")  # patched in place below
        if piece.patch is not None:
            coeffs = ", ".join(repr(c) for c in piece.patch.coefficients)
            out += [
                f"        # Taylor polynomial of the definition for |x| < {piece.patch.radius!r}",
                f"        t = np.flatnonzero(np.abs(v) < {piece.patch.radius!r})",
                "        if t.size:",
                f"            r[t] = _horner(v[t], ({coeffs},))",
            ]
        if piece.roots is not None:
            out += _root_patch_code(piece.roots)
        if piece.tail is not None:
            tail = piece.tail
            lines_c, coeff = _expression_code(tail.coefficient, "w")
            compare = "<" if tail.side < 0 else ">"
            out += [
                f"        # exponential tail: f = c(x) exp({tail.rate!r} x) to double precision",
                f"        t = np.flatnonzero(v {compare} {tail.side * tail.start!r})",
                "        if t.size:",
                "            w = v[t]",
                *(f"            {line}" for line in lines_c),
                f"            r[t] = _scaled_exp(*_dd_poly(w, ({tail.rate!r}, {tail.rate_lo!r}), "
                f"(0.0, 0.0), bound={3000.0 / abs(tail.rate)!r}), {coeff})",
            ]
        if piece.mirror < 0:
            out.append("        r *= np.sign(x)")
        if piece is default and not piece.expr.is_Symbol:
            out.append("        out = r  # a fresh array: no copy")
        elif piece is default:
            out.append("        out = np.array(r, dtype=np.float64)")
        else:
            out.append(f"        {target} = r")
    out += [
        # reductions first: they allocate nothing, and the masks are rarely needed (a sum
        # is NaN if any term is, or, rarely and harmlessly, from inf - inf)
        "        if np.isnan(np.add.reduce(out)):",
        "            bad = np.isnan(out)",
        "            # an intermediate overflowed (inf*0): x is so large that f is at its limit",
        f"            out[bad] = np.where(x[bad] > 0, {_literal(hi)}, {_literal(lo)})",
        *_special_values_code(lo, hi),
        "    return _finish(out, shape, dtype)",
    ]
    return "\n".join(out) + "\n"


def _default_piece(chosen: list[CompiledPiece]) -> CompiledPiece | None:
    """The piece evaluated on all of x without a mask: the only piece, or a constant or
    identity one (the output starts as that value, or as a copy of x). Every other piece
    computes on its own elements only (no work, overflow or warning outside its region)."""
    if len(chosen) == 1:
        return chosen[0]
    plain = [p for p in chosen if p.expr is not None and not (p.patch or p.roots or p.tail)]
    for piece in plain:
        if piece.expr.is_number:
            return piece
    for piece in plain:  # f = x there: the output starts as a copy of x
        if piece.expr.is_Symbol:
            return piece
    return None


def _special_values_code(lo: float, hi: float) -> list[str]:
    """One pass finds non-finite inputs; they get the exact limits, NaN stays NaN."""
    return [
        # one pass: the sum is not finite if any x is not (or, rarely, if it overflows)
        "        if not np.isfinite(np.add.reduce(x)):",
        "            special = ~np.isfinite(x)",
        "            s = x[special]",
        f"            out[special] = np.where(np.isnan(s), np.nan, np.where(s > 0, {_literal(hi)}, "
        f"{_literal(lo)}))",
    ]


def _piecewise_linear(chosen: list[CompiledPiece], x: sp.Symbol) -> bool:
    """Every piece is a constant or linear and unpatched: cheap to evaluate everywhere."""
    for piece in chosen:
        if piece.patch or piece.tail or piece.roots or piece.expr is None:
            return False
        expr = piece.expr.doit()  # _protect_sums' grouping hides the polynomial
        if not (expr.is_number or (expr.is_polynomial(x) and sp.degree(expr, x) <= 1)):
            return False
    return True


def _linear_scorer(act, n, resolved, chosen: list[CompiledPiece]):
    """Max ULP error of a candidate function on the pieces' sample points."""
    from symacts.reference import _reference

    points = [t for p in chosen for t in _sample_points(p.region) if abs(t) < 1e300]
    refs = [_reference(act, n, resolved, t) for t in points]

    def score(func) -> float:
        return _score(_errors(func, points, refs))[0]

    return score


def _linear_code(
    chosen: list[CompiledPiece], x: sp.Symbol, lo: float, hi: float, score=None
) -> list[str]:
    """Linear pieces as whole-array arithmetic, no masked gathers: nested np.maximum /
    np.minimum for a continuous function (relu = max(x, 0), hardtanh = max(min(x, 1), -1)),
    a sum of expr * mask terms for steps (disjoint masks: each sum is exact), np.where as a
    fallback. The pass that sets +-inf and NaN is kept only if the code gets them wrong."""
    pieces = sorted(chosen, key=lambda p: float(p.region.inf))
    found = []
    for variant in (_minmax_code, _minmax_code_right, _mask_sum_code, _where_code):
        body = variant(pieces, x)
        if body is None:
            continue
        for special in (False, True):
            lines = ["    with np.errstate(all='ignore'):"]
            lines += [f"        # piece {k}: x in {p.region}" for k, p in enumerate(pieces)]
            lines += [f"        {line}" for line in body]
            if special:
                lines += _special_values_code(lo, hi)
            lines.append("    return _finish(out, shape, dtype)")
            func = _linear_code_agrees(lines, pieces, x, lo, hi)
            if func is not None:
                found.append((lines, func))
                break
        if found and (score is None or variant is not _minmax_code):
            break
    if not found:
        raise AssertionError("no linear evaluation agrees with the pieces")  # pragma: no cover
    if score is None or len(found) == 1:
        return found[0][0]
    # one line written in two forms (hardsigmoid's (x + 3)/6, x/6 + 1/2): the more accurate
    return min(found, key=lambda f: score(f[1]))[0]


def _linear_terms(expr: sp.Expr, x: sp.Symbol) -> tuple[float, float]:
    e = sp.expand(expr.doit())
    return float(e.coeff(x, 1)), float(e.coeff(x, 0))


def _print_linear(expr: sp.Expr, x: sp.Symbol) -> str:
    return StablePrinter().doprint(_protect_sums(expr.xreplace({x: sp.Symbol("x")})))


def _minmax_code(
    pieces: list[CompiledPiece], x: sp.Symbol, prefer_left: bool = True
) -> list[str] | None:
    """F_k = l_k, F_i = max(l_i, F_i+1) at a convex kink, min at a concave one: F_i equals
    l_i left of its right end and f right of its left end, so F_0 = f. Neighbours on one
    line (the same slope) share one form: the left one's, or the right one's."""
    if len(pieces) < 2 or not all(isinstance(p.region, sp.Interval) for p in pieces):
        return None
    for a, b in itertools.pairwise(pieces):
        if a.region.sup != b.region.inf:
            return None
        at = a.region.sup
        if sp.simplify(a.expr.doit().subs(x, at) - b.expr.doit().subs(x, at)) != 0:
            return None  # a jump: not continuous
    # (op joining this line to the ones right of it, form), rightmost first
    chain = [(None, pieces[-1].expr)]
    for k in range(len(pieces) - 2, -1, -1):
        slope = _linear_terms(pieces[k].expr, x)[0]
        right = _linear_terms(pieces[k + 1].expr, x)[0]
        if slope == right:
            if prefer_left:
                chain[-1] = (chain[-1][0], pieces[k].expr)
            continue
        chain.append(("np.maximum" if slope < right else "np.minimum", pieces[k].expr))
    # evaluated in place into the output: one more array at most, not one per line
    ops = [(op, expr) for op, expr in chain[1:]]
    acc = chain[0][1]
    lines: list[str] = []
    if len(ops) >= 2 and acc.is_number and ops[1][1].is_number:
        (op1, line), (op2, c0) = ops[0], ops[1]
        lo, hi = (c0, acc) if op1 == "np.minimum" else (acc, c0)
        if op1 != op2 and float(lo) <= float(hi):  # min(l, hi) then max(lo, .): a clip
            more, value = _linear_value(line, x)
            into = f", out={value}" if value.startswith("_a") else ""
            bounds = f"{_print_linear(lo, x)}, {_print_linear(hi, x)}"
            lines += [*more, f"out = np.clip({value}, {bounds}{into})"]
            acc, ops = None, ops[2:]
    if acc is not None:
        more, value = _linear_value(acc, x)
        lines += more
        acc_code = value
        if value.startswith("_a"):  # a fresh array: the output from here on
            lines.append(f"out = {value}")
            acc_code = "out"
    else:
        acc_code = "out"
    for op, expr in ops:
        more, value = _linear_value(expr, x)
        lines += more
        if acc_code == "out":
            lines.append(f"{op}({value}, out, out=out)")
        elif value.startswith("_a"):  # a fresh array: the output from here on
            lines += [f"out = {value}", f"{op}(out, {acc_code}, out=out)"]
            acc_code = "out"
        else:
            lines.append(f"out = {op}({value}, {acc_code})")
            acc_code = "out"
    if acc_code == "x":
        lines.append("out = x.copy()")
    elif acc_code != "out":
        lines.append(f"out = np.full(x.shape, {acc_code})")
    return lines


def _linear_value(expr: sp.Expr, x: sp.Symbol) -> tuple[list[str], str]:
    """Statements and the value of one line a x + b (its sums kept grouped)."""
    if expr.is_number:
        return [], _print_linear(expr, x)
    return _expression_code(_protect_sums(expr.xreplace({x: sp.Symbol("x")})), "x")


def _minmax_code_right(pieces: list[CompiledPiece], x: sp.Symbol) -> list[str] | None:
    return _minmax_code(pieces, x, prefer_left=False)


def _mask_sum_code(pieces: list[CompiledPiece], x: sp.Symbol) -> list[str] | None:
    """sum over distinct forms of form * (union of its masks); a form that could overflow
    (|slope| > 1, or a shifted identity) would turn inf * 0 into NaN, so none may."""
    groups: dict[sp.Expr, list[str]] = {}
    for p in pieces:
        a, b = _linear_terms(p.expr, x)
        if abs(a) > 1.0 or (abs(a) == 1.0 and b != 0.0) or abs(b) > 1e300:
            return None
        if a == 0.0 and b == 0.0:
            continue
        groups.setdefault(p.expr, []).append(f"({_mask_code(p.region, 'x')})")
    lines = []
    for expr, masks in groups.items():
        mask = " | ".join(masks) if len(masks) > 1 else masks[0]
        form = _print_linear(expr, x)
        if mask == "(None)":
            term = "x.copy()" if form == "x" else f"{form} + 0.0 * x"
        elif form == "1.0":
            term = f"({mask}).astype(np.float64)"
        else:
            term = f"np.multiply({form}, {mask})"
        lines.append(f"out {'+' if lines else ''}= {term}")
    if not lines:
        lines.append("out = np.zeros(x.shape)")
    return lines


def _where_code(pieces: list[CompiledPiece], x: sp.Symbol) -> list[str]:
    last = pieces[-1].expr
    if last.is_number:
        lines = [f"out = np.full(x.shape, {_print_linear(last, x)})"]
    else:
        lines = [f"out = np.array({_print_linear(last, x)}, dtype=np.float64)"]
    for p in pieces[:-1]:
        lines.append(
            f"out = np.where({_mask_code(p.region, 'x')}, {_print_linear(p.expr, x)}, out)"
        )
    return lines


def _linear_code_agrees(lines, pieces, x, lo: float, hi: float) -> bool:
    """Run the candidate on each piece's sample points and at +-inf, NaN: every value must
    match the piece's own form to rounding, and the specials must be exact."""
    src = "def _f(x):\n    x, shape, dtype = _prepare(x)\n" + "\n".join(lines) + "\n"
    ns = _namespace()
    ns["_prepare"], ns["_finish"] = _prepare, _finish
    exec(compile(src, "<symacts-linear>", "exec"), ns)
    try:
        return ns["_f"] if _agrees(ns["_f"], pieces, lo, hi) else None
    except (TypeError, ValueError, IndexError):
        return None


def _agrees(func, pieces, lo: float, hi: float) -> bool:
    import numpy as np

    with np.errstate(all="ignore"):
        for p in pieces:
            pts = np.array([t for t in _sample_points(p.region) if abs(t) < 1e300][:400])
            if not pts.size:
                continue
            want = np.broadcast_to(_piece_function(p.expr)(pts), pts.shape)
            got = func(pts)
            close = (got == want) | (np.abs(got - want) <= 2.0 * np.spacing(np.abs(want)))
            if not close.all():
                return False
        got = func(np.array([-math.inf, math.inf, math.nan]))
    want = [lo, hi]
    return bool(
        all(g == w or (math.isnan(g) and math.isnan(w)) for g, w in zip(got[:2], want, strict=True))
        and math.isnan(got[2])
    )


def _root_patch_code(roots: RootPatches) -> list[str]:
    k = len(roots.roots_hi)
    header = (
        f"        # Taylor polynomials about the {k} zero(s) of this piece (double-double centres)"
    )
    if k == 1:
        # one zero: the window is the patch itself, and the coefficients are constants
        (root, root_lo, radius, coefficients) = (
            roots.roots_hi[0],
            roots.roots_lo[0],
            roots.radii[0],
            roots.coefficients[0],
        )
        coeffs = ", ".join(repr(c) for c in coefficients)
        return [
            header,
            f"        near = np.flatnonzero(np.abs(v - {root!r}) < {radius!r})",
            "        if near.size:",
            f"            r[near] = _horner((v[near] - {root!r}) - {root_lo!r}, ({coeffs},))",
        ]
    span_lo = min(h - r for h, r in zip(roots.roots_hi, roots.radii, strict=True))
    span_hi = max(h + r for h, r in zip(roots.roots_hi, roots.radii, strict=True))
    # one row per power (c_0 first), a column per zero: each Horner step gathers one row
    degree = max(len(row) for row in roots.coefficients)
    by_power = [
        [row[p] if p < len(row) else 0.0 for row in roots.coefficients] for p in range(degree)
    ]
    rows = ", ".join("(" + ", ".join(repr(c) for c in row) + ")" for row in by_power)
    return [
        header,
        f"        near = np.flatnonzero((v > {span_lo!r}) & (v < {span_hi!r}))",
        "        if near.size:",
        f"            _R = np.array({list(roots.roots_hi)!r})",
        f"            _RL = np.array({list(roots.roots_lo)!r})",
        f"            _RAD = np.array({list(roots.radii)!r})",
        f"            _C = np.array([{rows}])",
        "            w = v[near]",
        f"            j = np.clip(np.searchsorted(_R, w), 1, {k}) - 1",
        f"            j = np.where(np.abs(w - _R[np.minimum(j + 1, {k - 1})]) < np.abs(w - _R[j]), "
        f"np.minimum(j + 1, {k - 1}), j)",
        "            d = (w - _R[j]) - _RL[j]",
        "            inside = np.flatnonzero(np.abs(d) < _RAD[j])",
        "            if inside.size:",
        "                j = j[inside]",
        "                di = d[inside]",
        "                acc = _C[-1][j]",
        "                for row in _C[-2::-1]:",
        "                    acc *= di",
        "                    acc += row[j]",
        "                r[near[inside]] = acc",
    ]


def _literal(value: float) -> str:
    if math.isnan(value):
        return "np.nan"
    if math.isinf(value):
        return "np.inf" if value > 0 else "-np.inf"
    return repr(value)


def _prepare(x):
    import numpy as np

    arr = np.asarray(x)
    dtype = arr.dtype if arr.dtype in (np.float32, np.float16) else np.dtype(np.float64)
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"expected real numbers, got an array of dtype {arr.dtype}")
    # A view when the input already is contiguous float64: the callables never write to x.
    return np.asarray(arr, dtype=np.float64).reshape(-1), arr.shape, dtype


def _finish(out, shape, dtype):
    import numpy as np

    with np.errstate(over="ignore", under="ignore"):  # float32: inf and 0 beyond its range
        out = out.reshape(shape).astype(dtype, copy=False)
    return out[()] if out.ndim == 0 else out
