"""Forms: the candidate rewrites of a piece's expression (sign-adapted, one fraction,
rationalised, in e^x, differences as products, compensated ...), one function each."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import sympy as sp

from symacts import primitives as prim

if TYPE_CHECKING:
    from symacts.numeric.pieces import Piece


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
