"""What generated code runs with: the namespace its names resolve in (NumPy, the kernels,
the handling of the input and output arrays), and :func:`load`, which makes a function of a
generated source. NumPy and the kernels are imported when first needed; the compiler never."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any


def function_name(act_name: str, n: int) -> str:
    """The name of the generated function for the n-th derivative: ``mish``, ``mish_d1``."""
    return f"{act_name}" if n == 0 else f"{act_name}_d{n}"


def load(source: str, function_name: str, *, filename: str | None = None) -> Callable[..., Any]:
    """The function ``function_name`` defined by a generated source, executed in the
    run-time namespace; ``filename`` names the source in tracebacks."""
    ns = _namespace()
    exec(compile(source, filename or f"<symacts {function_name}>", "exec"), ns)
    return ns[function_name]


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
        "_sin_twice": kernels.sin_twice,
        "_cos_twice": kernels.cos_twice,
        "_dd_scale": kernels.dd_scale,
        "_prepare": _prepare,
        "_finish": _finish,
    }


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
