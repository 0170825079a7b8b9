"""Accuracy benchmark: max ULP error of f, f', f'' against 50-digit mpmath references.

For every activation, on a fixed wide point set (0, subnormals, +-1e-300 .. +-1e300
log-spaced, a dense [-40, 40] grid, random points, the kinks and their neighbours, +-inf,
NaN), compares ``act.numpy(n)`` with PyTorch float64 (values and autograd gradients, when
torch is installed) and with the record's SciPy/NumPy equivalent. Prints a table and writes
``bench-results/accuracy.json`` for the site's "Numerical accuracy" page.

    python scripts/bench_accuracy.py [--jobs 2] [--names relu gelu ...] [--quick]
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
ORDERS = (0, 1, 2)


def point_set(quick: bool = False) -> list[float]:
    """The fixed point set (deterministic: seeded random part)."""
    rng = np.random.default_rng(12345)
    step = 10 if quick else 2
    logs = [10.0**k for k in range(-300, 301, step)]
    subnormal = [5e-324, 1e-320, 2.0**-1030, 1e-310]
    dense = np.linspace(-40.0, 40.0, 161 if quick else 801).tolist()
    random = rng.uniform(-40.0, 40.0, 40 if quick else 200).tolist()
    pts = {0.0, *dense, *random}
    for v in logs + subnormal:
        pts.update((v, -v))
    return [*sorted(pts), math.inf, -math.inf, math.nan]


def kink_points(act) -> list[float]:
    out = []
    for k in act.properties["kinks"]:
        v = float(k)
        out += [v, float(np.nextafter(v, math.inf)), float(np.nextafter(v, -math.inf))]
    return out


def max_ulp(got, refs, xs) -> tuple[float, float | None]:
    from symacts.reference import ulp_error

    worst, at = 0.0, None
    for g, r, x in zip(got, refs, xs, strict=True):
        e = ulp_error(float(g), r)
        if e > worst or (math.isnan(e) and at is None):
            worst, at = e, x
    return worst, at


def measure(name: str, quick: bool) -> dict:
    import symacts
    from symacts import frameworks
    from symacts.reference import reference_values

    act = symacts.get(name)
    xs = point_set(quick) + kink_points(act)
    arr = np.array(xs)
    refs = {n: reference_values(act, n, xs) for n in ORDERS}
    row: dict = {"function": name}
    for n in ORDERS:
        row[f"symacts_{'f' + chr(39) * n}"], row[f"worst_x_{n}"] = max_ulp(
            act.numpy(n)(arr), refs[n], xs
        )
    torch_row = {f"torch_{'f' + chr(39) * n}": None for n in ORDERS}
    if frameworks.entry(act, "pytorch") is not None:
        try:
            values = frameworks.TorchCall(act).autograd(arr)
            for n, got in zip(ORDERS, values, strict=True):
                if got is not None:
                    torch_row[f"torch_{'f' + chr(39) * n}"] = max_ulp(got, refs[n], xs)[0]
        except ImportError:
            pass
    row.update(torch_row)
    scipy_fn = frameworks.scipy_callable(act)
    row["scipy_f"] = None
    if scipy_fn is not None:
        with np.errstate(all="ignore"):
            row["scipy_f"] = max_ulp(scipy_fn(arr), refs[0], xs)[0]
        row["scipy_call"] = frameworks.entry(act, "scipy").call
    return row


def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float) and not math.isfinite(v):
        return "inf"
    return f"{v:.3g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--names", nargs="*")
    parser.add_argument("--quick", action="store_true", help="a coarser point set")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "accuracy.json")
    args = parser.parse_args(argv)

    import symacts

    names = args.names or symacts.names()
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(measure, names, [args.quick] * len(names)))
    elapsed = time.perf_counter() - start

    cols = ["symacts_f", "symacts_f'", "symacts_f''", "torch_f", "torch_f'", "torch_f''", "scipy_f"]
    print(f"{'function':16s}" + "".join(f"{c:>13s}" for c in cols))
    for r in rows:
        print(f"{r['function']:16s}" + "".join(f"{fmt(r.get(c)):>13s}" for c in cols))
    worst = {c: max((r[c] for r in rows if r.get(c) is not None), default=None) for c in cols}
    print(f"{'worst':16s}" + "".join(f"{fmt(worst[c]):>13s}" for c in cols))
    n_points = len(point_set(args.quick))
    print(f"{len(rows)} functions, {n_points} points each (+ kinks), {elapsed:.0f} s")

    try:
        import torch

        torch_version = torch.__version__
    except ImportError:
        torch_version = None
    import scipy

    report = {
        "meta": {
            "points": n_points,
            "point set": "0, +-subnormals, +-1e-300..1e300 log-spaced, dense [-40, 40], "
            "random [-40, 40], kinks, +-inf, NaN",
            "reference": "mpmath, >= 50 digits, adaptive",
            "torch": torch_version,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "python": platform.python_version(),
        },
        "results": [
            {
                k: (v if not (isinstance(v, float) and not math.isfinite(v)) else str(v))
                for k, v in r.items()
            }
            for r in rows
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, sort_keys=False) + "\n")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
