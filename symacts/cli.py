"""The ``symacts`` command line: list, show, evaluate and plot activations from the registry.

Every answer is derived from the records (``symacts.get``, ``act.formula``, ``act.diff``,
``act.numpy``); nothing here knows about individual functions. User errors (unknown name,
parameter or family, a bad number, order or window, an unsupported or unwritable output
file) print one line to stderr and exit with status 2.

Numbers printed by ``eval`` use one format: the shortest decimal that round-trips to the same
float64 (Python's ``repr``), with integral values below 2**53 written without a trailing ``.0``
(``0``, ``-10``, ``6``) and the specials written ``inf``, ``-inf`` and ``nan``.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, NoReturn

import sympy as sp

import symacts
from symacts.activation import Activation, ParameterError
from symacts.registry import UnknownActivationError

#: The highest derivative order ``show`` prints (symbolic derivatives grow fast).
MAX_SHOW_ORDER = 10
#: The highest derivative order ``act.numpy`` provides.
MAX_EVAL_ORDER = 2
#: Output formats of ``plot``, chosen by the file's extension.
PLOT_FORMATS = ("svg", "png")
_PLOT_EXTENSIONS = ", ".join("." + f for f in PLOT_FORMATS)

# argparse takes "-inf" or "-1e-8" for an option; this pattern lets it read them as numbers.
_NEGATIVE_NUMBER = re.compile(
    r"^-(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE
)


class UserError(Exception):
    """A problem with the command line; reported as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr, exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if hasattr(self, "_negative_number_matcher"):
            self._negative_number_matcher = _NEGATIVE_NUMBER

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _order(maximum: int) -> Any:
    def parse(text: str) -> int:
        try:
            n = int(text)
        except ValueError:
            n = -1
        if not 0 <= n <= maximum:
            raise argparse.ArgumentTypeError(
                f"derivative order must be an integer from 0 to {maximum} (got {text!r})"
            )
        return n

    parse.__name__ = "order"
    return parse


def _add_param_option(parser: argparse.ArgumentParser) -> None:
    """The repeatable ``--param K=V`` option of ``show``, ``eval`` and ``plot``."""
    parser.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="K=V",
        help="parameter value, e.g. alpha=0.2 (repeatable; defaults elsewhere)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``symacts`` command.

    Returns:
        The parser, with the subcommands ``list``, ``show``, ``eval`` and ``plot``.

    Example:
        >>> build_parser().parse_args(["eval", "relu", "-1"]).x
        ['-1']
    """
    parser = _Parser(
        prog="symacts",
        description="Neural-network activation functions defined once in SymPy.",
        epilog="Examples: symacts list --family rectifier | symacts show elu --param alpha=2 "
        "| symacts eval relu -10 0 2 -n 1 | symacts plot gelu -n 0 1 -o gelu.svg",
    )
    parser.add_argument("--version", action="version", version=f"symacts {symacts.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p_list = sub.add_parser("list", help="list the activations (canonical names)")
    p_list.add_argument("--family", metavar="F", help="only this family")

    p_show = sub.add_parser("show", help="formula, derivatives, parameters and properties")
    p_show.add_argument("name", metavar="NAME", help="canonical name or alias")
    p_show.add_argument(
        "-n",
        type=_order(MAX_SHOW_ORDER),
        default=2,
        metavar="N",
        help=f"show derivatives up to order N (default 2, at most {MAX_SHOW_ORDER})",
    )
    p_show.add_argument("--latex", action="store_true", help="print formulas as LaTeX")
    _add_param_option(p_show)

    p_eval = sub.add_parser(
        "eval",
        help="evaluate f or a derivative (float64)",
        description="Evaluate f (or its n-th derivative) in float64 at each X, one line per "
        "input. X accepts inf, -inf and nan.",
    )
    p_eval.add_argument("name", metavar="NAME", help="canonical name or alias")
    p_eval.add_argument("x", nargs="+", metavar="X", help="input value(s)")
    p_eval.add_argument(
        "-n",
        type=_order(MAX_EVAL_ORDER),
        default=0,
        metavar="N",
        help=f"derivative order (0 = f, default; at most {MAX_EVAL_ORDER})",
    )
    _add_param_option(p_eval)

    p_plot = sub.add_parser(
        "plot",
        help="draw f and its derivatives to an SVG or PNG file",
        description="Draw f and its derivatives (act.plot) and save the figure; the format "
        f"follows the extension of FILE ({_PLOT_EXTENSIONS}).",
    )
    p_plot.add_argument("name", metavar="NAME", help="canonical name or alias")
    p_plot.add_argument(
        "-n",
        nargs="+",
        type=_order(MAX_EVAL_ORDER),
        default=[0, 1, 2],
        metavar="N",
        help="derivative orders drawn (default 0 1 2)",
    )
    p_plot.add_argument(
        "--window",
        nargs=2,
        metavar=("LO", "HI"),
        help="x range (default: the record's window)",
    )
    _add_param_option(p_plot)
    p_plot.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=f"output file ({_PLOT_EXTENSIONS})"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``symacts`` command line.

    Parameters:
        argv: the arguments after the program name (``sys.argv[1:]`` when None).

    Returns:
        The exit status: 0 on success, 2 for a user error (reported as one line on stderr).

    Example:
        >>> main(["eval", "relu", "-10", "2"])
        relu(-10) = 0
        relu(2) = 2
        0
    """
    args = build_parser().parse_args(argv)
    try:
        if args.command == "list":
            _cmd_list(args.family)
        elif args.command == "show":
            act = _get(args.name)
            _cmd_show(act, args.n, args.latex, _params(act, args.param))
        elif args.command == "plot":
            act = _get(args.name)
            window = None
            if args.window is not None:
                window = tuple(_number(text, "window bound") for text in args.window)
            _cmd_plot(act, args.n, window, _params(act, args.param), args.output)
        else:
            act = _get(args.name)
            xs = [_number(text, "input") for text in args.x]
            _cmd_eval(act, xs, args.n, _params(act, args.param))
    except UserError as exc:
        print(f"symacts: error: {exc}", file=sys.stderr)
        return 2
    return 0


# ---------------------------------------------------------------- input parsing
def _get(name: str) -> Activation:
    try:
        return symacts.get(name)
    except UnknownActivationError as exc:
        raise UserError(str(exc)) from None


def _number(text: str, what: str) -> float:
    """A float64 from a decimal, ``inf``/``-inf``/``nan``, or a fraction such as ``1/3``."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError, OverflowError):
        raise UserError(f"bad {what} {text!r}: not a number") from None


def _param_value(text: str) -> int | float | Fraction:
    """Integers and fractions stay exact (so formulas show 1/3, not 0.333...); others float."""
    text = text.strip()
    if re.fullmatch(r"[-+]?\d+", text):
        return int(text)
    if "/" in text:
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            pass
    return _number(text, "parameter value")


def _params(act: Activation, items: Sequence[str]) -> dict[str, Any]:
    """Parse ``K=V`` items and validate them against the record (names, constraints)."""
    params: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UserError(f"bad --param {item!r}: expected NAME=VALUE, e.g. alpha=0.2")
        if key in params:
            raise UserError(f"parameter {key!r} given twice")
        params[key] = _param_value(value)
    try:
        act.resolve_params(**params)
    except ParameterError as exc:
        raise UserError(str(exc)) from None
    return params


# ---------------------------------------------------------------- output formatting
def format_number(value: float) -> str:
    """The shortest round-trip decimal of a float64; integral values without ``.0``.

    Parameters:
        value: the number to print.

    Returns:
        ``repr(value)``, except ``inf``/``-inf``/``nan`` and integral values below 2**53,
        which print as integers (``-0.0`` prints as ``-0``).

    Example:
        >>> [format_number(v) for v in (2.0, -0.0, 0.1, 1e-08, float("-inf"))]
        ['2', '-0', '0.1', '1e-08', '-inf']
    """
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value.is_integer() and abs(value) < 2**53:
        return ("-" if math.copysign(1.0, value) < 0 else "") + str(abs(int(value)))
    return repr(value)


def _prime(n: int) -> str:
    return "'" * n if n <= 3 else f"^({n})"


def _show_value(value: Any, nested: bool = False) -> str:
    """A property value: sequences comma-separated (nested ones in parentheses)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return format_number(value)
    if hasattr(value, "_asdict"):  # a named tuple such as the minimum's (value, location)
        value = value._asdict()
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_show_value(v, True)}" for k, v in value.items())
    if isinstance(value, tuple | list):
        if not value:
            return "()" if nested else "none"
        inner = ", ".join(_show_value(v, True) for v in value)
        return f"({inner})" if nested else inner
    return str(value)


def _exact(value: sp.Expr) -> str:
    """A parameter value: float64-precision Floats as their shortest decimal, others exact."""
    if isinstance(value, sp.Float) and value._prec <= 53:
        return format_number(float(value))
    return str(value)


def _pretty(lhs: str, expr: sp.Expr, x: sp.Symbol) -> str:
    unicode = (sys.stdout.encoding or "").lower().replace("-", "") in ("utf8", "utf16")
    eq = sp.Eq(sp.Function(lhs)(x), expr, evaluate=False)
    text = sp.pretty(eq, use_unicode=unicode, wrap_line=False)
    return "\n".join(line.rstrip() for line in text.splitlines())


# ---------------------------------------------------------------- commands
def _cmd_list(family: str | None) -> None:
    if family is not None and family not in symacts.families():
        raise UserError(
            f"unknown family {family!r}; expected one of: {', '.join(symacts.families())}"
        )
    acts = [symacts.get(n) for n in symacts.names(family)]
    w_name = max(len(a.name) for a in acts)
    w_family = max(len(a.family) for a in acts)
    for a in acts:
        print(f"{a.name:<{w_name}}  {a.family:<{w_family}}  {a.title}")


def _cmd_show(act: Activation, order: int, latex: bool, params: dict[str, Any]) -> None:
    print(f"{act.name}: {act.title}")
    print(f"family:    {act.family}")
    if act.description:
        print(f"about:     {act.description}")
    print(f"aliases:   {', '.join(act.aliases) or 'none'}")
    if act.reference is not None:
        link = f" {act.reference.link}" if act.reference.link else ""
        print(f"reference: {act.reference}{link}")
    else:
        print("reference: none")
    print()
    for n in range(order + 1):
        lhs = "f" + _prime(n)
        if latex:
            print(f"{lhs}(x) = {act.latex(n, **params)}")
        else:
            expr = act.formula(**params) if n == 0 else act.diff(n, **params)
            print(_pretty(lhs, expr, act.x))
    print()
    if act.param_list:
        values = dict(act.resolve_params(**params))
        print("parameters:")
        rows = []
        for p in act.param_list:
            using = "" if values[p.name] == p.default else f" (using {_exact(values[p.name])})"
            note = (p.description + using).strip()
            rows.append((p.name, f"default {_exact(p.default)}", p.constraint, note))
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for r in rows:
            cells = [f"{c:<{w}}" for c, w in zip(r[:3], widths, strict=True)]
            print(("  " + "  ".join([*cells, r[3]])).rstrip())
    else:
        print("parameters: none")
    print()
    _print_properties(act, bool(params))


def _print_properties(act: Activation, params_given: bool) -> None:
    try:
        props = act.properties
    except (ImportError, NotImplementedError) as exc:
        # The properties helper may not be installed yet; anything else is a real error.
        reason = str(exc) or type(exc).__name__
        print(f"properties: unavailable ({reason})")
        return
    note = " (of the record's default parameters; --param does not apply)" if params_given else ""
    print(f"properties{note}:")
    width = max((len(k) for k in props), default=0)
    for key, value in props.items():
        if isinstance(value, tuple | list) and any(
            isinstance(v, str) and len(v) > 40 for v in value
        ):
            # Sentences (notes) read better one per line.
            print(f"  {key:<{width}}  {'' if value else 'none'}".rstrip())
            for item in value:
                print(f"    - {item}")
        else:
            print(f"  {key:<{width}}  {_show_value(value)}")


def _cmd_eval(act: Activation, xs: list[float], order: int, params: dict[str, Any]) -> None:
    import numpy as np

    try:
        f = act.numpy(order, **params)
    except ParameterError as exc:
        raise UserError(str(exc)) from None
    values = np.asarray(f(np.asarray(xs, dtype=np.float64)), dtype=np.float64)
    label = act.name + _prime(order)
    for x, v in zip(xs, values.reshape(-1).tolist(), strict=True):
        print(f"{label}({format_number(x)}) = {format_number(v)}")


def _cmd_plot(
    act: Activation,
    orders: list[int],
    window: tuple[float, ...] | None,
    params: dict[str, Any],
    output: str,
) -> None:
    from pathlib import Path

    fmt = Path(output).suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise UserError(
            f"unsupported output {output!r}: the extension must be one of {_PLOT_EXTENSIONS}"
        )
    if len(set(orders)) != len(orders):
        raise UserError(f"derivative orders repeat: {' '.join(map(str, orders))}")
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    from symacts.plot import FIGURE_SIZE, REPRODUCIBLE_SVG, plot

    fig = Figure(figsize=FIGURE_SIZE)  # no pyplot: no GUI backend, nothing global to close
    try:
        plot(act, orders, fig.add_subplot(), window, **params)
    except ValueError as exc:  # a bad window (parameters were checked already)
        raise UserError(str(exc)) from None
    # no date and a fixed id salt in SVG output, so the same command writes the same bytes
    metadata = {"Date": None} if fmt == "svg" else None
    try:
        with rc_context(REPRODUCIBLE_SVG):
            fig.savefig(output, format=fmt, dpi=150, bbox_inches="tight", metadata=metadata)
    except OSError as exc:
        raise UserError(f"cannot write {output!r}: {exc.strerror or exc}") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
