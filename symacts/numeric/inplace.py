"""Statements: an expression as common subexpressions and three-address code with in-place
ufuncs; and one form as a plain function of an array, for measuring it."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from typing import Any

import sympy as sp

from symacts import primitives as prim
from symacts.numeric.printer import StablePrinter, _dd_pairs, _double_double_calls, _hypot_args
from symacts.numeric.runtime import load


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
        if isinstance(e, (sp.sin, sp.cos)) and e.args[0].as_coeff_Mul() == (2, self.v):
            # sin 2x, cos 2x from x: 2x overflows for |x| >= 2^1023 where they are finite
            kernel = "_sin_twice" if isinstance(e, sp.sin) else "_cos_twice"
            arg = self._eval(self.v)
            return self._call(f"{kernel}({arg.code})", arg)
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
        value = float(sp.N(const, 30))
        acc = None
        power = next((f for f in num if _power_of(f, self.v)), None)
        if 1e-4 <= abs(value) < 1.0 and power is not None and num != [self.v]:
            # c x first: c x cannot overflow where x * (the rest) would, at the top of the
            # range (gelu's 0.5 x erfc(-x/sqrt 2) at 2^1023; star_relu's s x^2 at 1e154)
            k, at = _power_of(power, self.v), num.index(power)
            num[at : at + 1] = [self.v ** (k - 1)] if k > 1 else []
            acc = self._binary("*", _Val(repr(value), "scalar"), self._eval(self.v))
            value = 1.0
        for f in num:
            val = self._eval(f)
            acc = val if acc is None else self._binary("*", acc, val)
        if den:
            d = None
            for f in den:
                val = self._eval(f)
                d = val if d is None else self._binary("*", d, val)
            acc = self._binary("/", acc if acc is not None else _Val("1.0", "scalar"), d)
        # otherwise the constant last, as the printer applies it: 2^-128 ScaledExp(u) must
        # not go subnormal before the other factors are in
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


def _power_of(factor: sp.Expr, v: sp.Symbol) -> int:
    """k when ``factor`` is v^k for a positive integer k, else 0."""
    if factor == v:
        return 1
    if isinstance(factor, sp.Pow) and factor.base == v and factor.exp.is_Integer:
        return max(int(factor.exp), 0)
    return 0


def _piece_function(expr: sp.Expr) -> Callable[[Any], Any]:
    """A plain NumPy function of a float64 array evaluating one form (no masking)."""
    lines, result = _expression_code(expr, "x")
    body = "\n".join(f"    {line}" for line in lines)
    src = f"def _f(x):\n{body}\n    return x*0.0 + ({result})\n"
    return load(src, "_f", filename="<symacts-candidate>")
