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

One module per stage: :mod:`.pieces` (1, 2), :mod:`.forms`, :mod:`.measure` and
:mod:`.search` (3), :mod:`.patches` (4), :mod:`.printer`, :mod:`.inplace` and :mod:`.emit`
(5); :mod:`.runtime` is what the generated code runs with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from symacts.numeric import runtime
from symacts.numeric.runtime import function_name

if TYPE_CHECKING:
    from symacts.activation import Activation

__all__ = ["compile_activation", "function_name", "generate_source"]


def generate_source(act: Activation, n: int, resolved: tuple) -> str:
    """The Python source of the NumPy function for the n-th derivative of ``act`` with these
    parameters (stages 1-5). The compiler is imported here, on first use: running generated
    code needs only :mod:`.runtime`."""
    from symacts.numeric import search

    return search.generate_source(act, n, resolved)


def compile_activation(act: Activation, n: int, resolved: tuple) -> Callable[..., Any]:
    """Build the NumPy callable for the n-th derivative of ``act`` with these parameters."""
    source = generate_source(act, n, resolved)
    name = function_name(act.name, n)
    func = runtime.load(source, name, filename=f"<symacts {act.name} n={n}>")
    func.source = source
    func.activation, func.order, func.params = act, n, dict(resolved)
    return func
