"""Derived mathematics: derivatives and properties computed from the expression."""

from __future__ import annotations

import sympy as sp


def differentiate(expr: sp.Expr, x: sp.Symbol, n: int) -> sp.Expr:
    """The n-th derivative by ``sympy.diff``, keeping removable points right.

    A Piecewise branch of the form ``(value, Eq(x, c))`` marks a removable singularity
    (sinc at 0); its derivative there is the limit of the neighbouring branch's derivative,
    not the derivative of the constant.
    """
    result = sp.diff(expr, x, n) if n else expr
    if n and isinstance(expr, sp.Piecewise):
        result = _fix_removable_points(expr, result, x, n)
    return result


def _fix_removable_points(expr, result, x, n):
    """Replace the derivative at each removable point by the limit of the generic branch."""
    if not isinstance(result, sp.Piecewise):
        return result
    args = list(result.args)
    for i, (_, cond) in enumerate(expr.args[:-1]):
        if not (isinstance(cond, sp.Ne) and x in cond.free_symbols):
            continue
        point = cond.rhs if cond.lhs == x else cond.lhs
        if expr.args[i + 1][1] == sp.true and i + 1 < len(args):
            args[i + 1] = (sp.limit(args[i][0], x, point), args[i + 1][1])
    return sp.Piecewise(*args)
