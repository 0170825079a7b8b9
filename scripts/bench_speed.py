"""Speed benchmark: symacts' NumPy callables vs hand-written NumPy/SciPy vs PyTorch CPU.

For every activation, f and f' on 1e6 and 1e7 float64 elements (a fixed seeded mix: N(0, 3)
plus 1% of values in +-[50, 1000]) are timed three ways, interleaved and best of --repeat
runs after a warm-up, so each ratio comes from one run:

- ``act.numpy(n)`` (compiled once, outside the timing);
- the hand-written baseline in ``HANDWRITTEN`` (``bench_baselines.py``: the best careful
  NumPy/SciPy we could write for that function; checked against ``act.numpy`` to 1e-12
  before timing);
- PyTorch CPU, one thread, ``torch.from_numpy`` and the record's ``frameworks`` call
  (``symacts.frameworks.TorchCall``); f' by autograd, timed as forward + ``autograd.grad``.

Also a plain ``x.copy()`` for reference (piecewise-linear functions should be within 2x of
it), the peak extra memory of one call (tracemalloc, in array sizes) and the import time of
symacts vs sympy. Prints one table and a summary, writes ``bench-results/speed.json``.

    python scripts/bench_speed.py [--quick] [--sizes 1e6 1e7] [--names relu gelu] [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from bench_baselines import HANDWRITTEN, Array

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- inputs
SEED = 20240917


def bench_data(n: int, seed: int = SEED) -> Array:
    """The fixed input mix: N(0, 3) with 1% of the entries in +-[50, 1000]."""
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 3.0, n)
    k = n // 100
    idx = rng.permutation(n)[:k]
    x[idx] = rng.choice([-1.0, 1.0], k) * rng.uniform(50.0, 1000.0, k)
    return x


def check_points() -> Array:
    """Agreement-check inputs: the benchmark mix, a dense grid over its range, tiny and
    exact round values (kinks sit on multiples of 1/2)."""
    mags = np.logspace(-300, 4, 609)
    half = np.arange(-20.0, 20.5, 0.5)
    pts = [
        bench_data(200_000),
        np.linspace(-60.0, 60.0, 240_001),
        mags,
        -mags,
        half,
        np.nextafter(half, np.inf),
        np.nextafter(half, -np.inf),
    ]
    return np.concatenate(pts)


# --------------------------------------------------------------------------- checks
TINY = 2.2250738585072014e-308  # below this results may flush to zero (issue 4)
#: Results this small come from intermediates near underflow (exp(-709) is subnormal);
#: disagreements there are reported apart, as they say nothing about the timed work.
TAIL = 1e-290
ROUNDING = 2.0**-52


def disagreement(
    got: Array, ref: Array, xs: Array, rtol: float, atol: float = 0.0
) -> dict[str, Any] | None:
    """Points where |got - ref| > rtol * max(|got|, |ref|) + atol (NaN and inf must match).

    Counted apart: ``tail`` where both results are below TAIL, and ``cancellation`` where
    the difference is at most ROUNDING absolute (one ULP of 1: the rounding of O(1) terms
    that cancel at a root of f', which no form without extra precision avoids).
    """
    with np.errstate(all="ignore"):
        scale = np.maximum(np.abs(got), np.abs(ref))
        diff = np.abs(got - ref)
        rel = np.where(scale > TINY, np.maximum(diff - atol, 0.0) / scale, 0.0)
        same = (got == ref) | (np.isnan(got) & np.isnan(ref))
        rel = np.where(same, 0.0, rel)
        rel = np.where(np.isfinite(rel), rel, np.inf)
    bad = rel > rtol
    tail = bad & (scale < TAIL)
    cancel = bad & ~tail & (diff <= ROUNDING)
    bad &= ~(tail | cancel)
    if not (bad.any() or tail.any() or cancel.any()):
        return None
    i = int(np.argmax(np.where(bad, rel, -1.0)))
    return {
        "count": int(bad.sum()),
        "tail_count": int(tail.sum()),
        "cancellation_count": int(cancel.sum()),
        "of": len(xs),
        "worst_rel": float(rel[i]),
        "at_x": float(xs[i]),
        "got": float(got[i]),
        "expected": float(ref[i]),
    }


def check_baselines(names: list[str], pts: Array) -> dict[str, dict[str, Any]]:
    """Each hand-written baseline against act.numpy to 1e-12 relative."""
    import symacts

    out = {}
    for name in names:
        act = symacts.get(name)
        for n in (0, 1):
            ref = act.numpy(n)(pts)
            with np.errstate(all="ignore"):
                got = np.asarray(HANDWRITTEN[name][n](pts), dtype=np.float64)
            bad = disagreement(got, ref, pts, 1e-12)
            if bad:
                out[f"{name} {'f' if n == 0 else 'df'}"] = bad
    return out


def check_torch(names: list[str], pts: Array) -> dict[str, dict[str, Any]]:
    """PyTorch against act.numpy to 1e-6 relative + 1e-9 absolute: a check that torch
    computes the same function (its known cancellations stay below this), not an accuracy
    measurement."""
    import symacts
    from symacts.frameworks import TorchCall, entry

    out = {}
    for name in names:
        act = symacts.get(name)
        if entry(act, "pytorch") is None:
            continue
        f, d, _ = TorchCall(act).autograd(pts)
        for n, got in ((0, f), (1, d)):
            bad = disagreement(got, act.numpy(n)(pts), pts, 1e-6, atol=1e-9)
            if bad:
                out[f"{name} {'f' if n == 0 else 'df'}"] = bad
    return out


# --------------------------------------------------------------------------- derived facts
def piecewise_linear(act: Any) -> bool:
    """Every branch of f is a polynomial of degree <= 1 (relu family, hard*, shrinks...)."""
    import sympy as sp

    expr = sp.piecewise_fold(act.formula().rewrite(sp.Piecewise))
    branches = expr.args if isinstance(expr, sp.Piecewise) else ((expr, True),)
    return all(b.is_polynomial(act.x) and sp.degree(b, act.x) <= 1 for b, _ in branches)


# --------------------------------------------------------------------------- timing
def best_times(impls: dict[str, Callable[[], Any]], repeat: int) -> dict[str, float]:
    """Best wall time per implementation; one warm-up each, then rounds interleaved."""
    best = dict.fromkeys(impls, math.inf)
    with np.errstate(all="ignore"):
        for call in impls.values():
            call()
        gc.collect()
        gc.disable()
        try:
            for _ in range(repeat):
                for key, call in impls.items():
                    t0 = time.perf_counter()
                    call()
                    best[key] = min(best[key], time.perf_counter() - t0)
        finally:
            gc.enable()
    return best


def peak_arrays(call: Callable[[], Any], nbytes: int) -> float:
    """Peak traced memory of one call, in input-array sizes (the result included)."""
    gc.collect()
    with np.errstate(all="ignore"):
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            result = call()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    del result
    return (peak - base) / nbytes


def import_time(module: str, runs: int) -> float:
    best = math.inf
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", f"import {module}"], check=True, cwd=ROOT)
        best = min(best, time.perf_counter() - t0)
    return best


def source_stats(source: str) -> dict[str, int]:
    """What the generated code does per call, counted from its text (for diagnosis)."""
    return {
        "pieces": source.count("# piece "),
        "boolean_gathers": source.count("= x[m]"),
        "double_double_calls": source.count("_dd_poly("),
        "where_calls": source.count("np.where("),
        "lines": source.count("\n"),
    }


def bench_one(act: Any, n: int, x: Array, repeat: int, torch_mod: Any) -> dict[str, Any]:
    from symacts.frameworks import TorchCall, entry

    t0 = time.perf_counter()
    ours = act.numpy(n)
    compile_s = time.perf_counter() - t0
    mine = HANDWRITTEN[act.name][n]
    impls: dict[str, Callable[[], Any]] = {
        "copy": x.copy,
        "symacts": lambda: ours(x),
        "numpy": lambda: mine(x),
    }
    if torch_mod is not None and entry(act, "pytorch") is not None:
        call = TorchCall(act)
        if n == 0:
            xt = torch_mod.from_numpy(x)
            impls["torch"] = lambda: call(xt)
        else:
            xg = torch_mod.from_numpy(x).requires_grad_(True)
            ones = torch_mod.ones_like(xg).detach()

            def grad() -> Any:
                return torch_mod.autograd.grad(call(xg), xg, ones)[0]

            impls["torch"] = grad
    times = best_times(impls, repeat)
    row = {
        "name": act.name,
        "order": n,
        "size": len(x),
        "compile_s": compile_s,
        "ms": {k: v * 1e3 for k, v in times.items()},
        "peak_arrays": {
            "symacts": peak_arrays(lambda: ours(x), x.nbytes),
            "numpy": peak_arrays(lambda: mine(x), x.nbytes),
        },
    }
    row["source"] = source_stats(ours.source)
    row["vs_numpy"] = times["symacts"] / times["numpy"]
    row["vs_copy"] = times["symacts"] / times["copy"]
    row["numpy_vs_copy"] = times["numpy"] / times["copy"]
    row["vs_torch"] = times["symacts"] / times["torch"] if "torch" in times else None
    return row


# --------------------------------------------------------------------------- report
def fmt(v: float | None, spec: str = ".2f") -> str:
    return "-" if v is None else format(v, spec)


def print_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'function':<15} {'d':<2} {'size':>8} {'symacts':>9} {'numpy':>9} {'torch':>9} "
        f"{'copy':>7} {'/numpy':>7} {'/torch':>7} {'/copy':>7} {'temps':>6} {'np tmp':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        ms = r["ms"]
        print(
            f"{r['name']:<15} {'f' if r['order'] == 0 else 'df':<2} {r['size']:>8.0e} "
            f"{ms['symacts']:>9.2f} {ms['numpy']:>9.2f} {fmt(ms.get('torch')):>9} "
            f"{ms['copy']:>7.2f} {r['vs_numpy']:>7.2f} {fmt(r['vs_torch']):>7} "
            f"{r['vs_copy']:>7.1f} {r['peak_arrays']['symacts'] - 1:>6.1f} "
            f"{r['peak_arrays']['numpy'] - 1:>6.1f}"
        )


def _label(r: dict[str, Any]) -> str:
    return f"{r['name']} {'f' if r['order'] == 0 else 'df'} {r['size']:.0e}"


def summarise(rows: list[dict[str, Any]], pl_names: set[str]) -> dict[str, Any]:
    """Medians, maxima and worst cases per (f or f', size) and overall."""
    groups: dict[str, Any] = {}
    for order in (0, 1):
        for size in sorted({r["size"] for r in rows}):
            sel = [r for r in rows if r["order"] == order and r["size"] == size]
            if not sel:
                continue
            torch_ratios = [r["vs_torch"] for r in sel if r["vs_torch"] is not None]
            pl = [r for r in sel if r["name"] in pl_names]
            groups[f"{'f' if order == 0 else 'df'} {size:.0e}"] = {
                "median_vs_numpy": statistics.median(r["vs_numpy"] for r in sel),
                "max_vs_numpy": max(r["vs_numpy"] for r in sel),
                "worst10": [
                    (r["name"], r["vs_numpy"]) for r in sorted(sel, key=lambda r: -r["vs_numpy"])
                ][:10],
                "median_vs_torch": statistics.median(torch_ratios) if torch_ratios else None,
                "pl_median_vs_copy": statistics.median(r["vs_copy"] for r in pl) if pl else None,
                "pl_max_vs_copy": max((r["vs_copy"] for r in pl), default=None),
                "pl_numpy_median_vs_copy": (
                    statistics.median(r["numpy_vs_copy"] for r in pl) if pl else None
                ),
            }
    pl_rows = [r for r in rows if r["name"] in pl_names]
    temps = sorted(rows, key=lambda r: -r["peak_arrays"]["symacts"])
    return {
        "groups": groups,
        "median_vs_numpy": statistics.median(r["vs_numpy"] for r in rows),
        "max_vs_numpy": max(r["vs_numpy"] for r in rows),
        "worst10": [(_label(r), r["vs_numpy"]) for r in sorted(rows, key=lambda r: -r["vs_numpy"])][
            :10
        ],
        "piecewise_linear": sorted(pl_names),
        "pl_over_2x_copy": [
            (_label(r), r["vs_copy"])
            for r in sorted(pl_rows, key=lambda r: -r["vs_copy"])
            if r["vs_copy"] > 2.0
        ],
        "worst_temporaries": [(_label(r), r["peak_arrays"]["symacts"] - 1) for r in temps[:10]],
        "over_4_temporaries": sum(r["peak_arrays"]["symacts"] - 1 > 4.0 for r in rows),
    }


def print_summary(s: dict[str, Any], imp: dict[str, float] | None, rows: int) -> None:
    print("\nSummary (ratio = symacts time / other time; temps = peak extra arrays - result)")
    for key, g in s["groups"].items():
        print(
            f"  {key}: median {g['median_vs_numpy']:.2f}x, max {g['max_vs_numpy']:.2f}x numpy; "
            f"median {fmt(g['median_vs_torch'])}x torch; piecewise-linear: median "
            f"{fmt(g['pl_median_vs_copy'], '.1f')}x, max {fmt(g['pl_max_vs_copy'], '.1f')}x a "
            f"copy (hand-written: median {fmt(g['pl_numpy_median_vs_copy'], '.1f')}x)"
        )
        print("    worst: " + ", ".join(f"{n} {v:.1f}x" for n, v in g["worst10"]))
    print(
        f"  piecewise-linear ({len(s['piecewise_linear'])}): {', '.join(s['piecewise_linear'])};"
        f" rows over 2x a copy: {len(s['pl_over_2x_copy'])}"
    )
    print("  most temporaries: " + ", ".join(f"{n} {v:.1f}" for n, v in s["worst_temporaries"]))
    targets = {
        "median <= 1.2x numpy": s["median_vs_numpy"] <= 1.2,
        "max <= 2x numpy": s["max_vs_numpy"] <= 2.0,
        "piecewise-linear <= 2x copy": not s["pl_over_2x_copy"],
        "<= 4 temporaries": s["over_4_temporaries"] == 0,
    }
    if imp:
        targets["import <= 1.2x sympy"] = imp["ratio"] <= 1.2
        print(
            f"  import: symacts {imp['symacts_s']:.3f}s, sympy {imp['sympy_s']:.3f}s, "
            f"bare python {imp['python_s']:.3f}s -> {imp['ratio']:.2f}x sympy"
        )
    print(
        f"  overall ({rows} rows): median {s['median_vs_numpy']:.2f}x, "
        f"max {s['max_vs_numpy']:.2f}x numpy; rows over 4 temporaries: {s['over_4_temporaries']}"
    )
    print(
        "  targets: " + "; ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in targets.items())
    )
    s["targets"] = targets


def git_state() -> str:
    """HEAD and whether symacts/ has uncommitted changes (the numbers depend on both)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "symacts"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted symacts/ changes" if dirty else "")


def parse_size(text: str) -> int:
    value = float(text)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"size must be a positive integer (got {text!r})")
    return int(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        nargs="+",
        type=parse_size,
        default=None,
        help="array sizes (default 1e6 1e7; --quick: 1e6)",
    )
    parser.add_argument("--names", nargs="+", default=None, help="activations (default all)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="timed runs per implementation, best kept (default 5; --quick: 3)",
    )
    parser.add_argument("--quick", action="store_true", help="1e6 only, 3 runs")
    parser.add_argument("--no-torch", action="store_true", help="skip PyTorch")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "speed.json")
    args = parser.parse_args(argv)

    import symacts

    sizes = args.sizes or ([1_000_000] if args.quick else [1_000_000, 10_000_000])
    repeat = args.repeat or (3 if args.quick else 5)
    if repeat < 1:
        print("bench_speed: --repeat must be at least 1", file=sys.stderr)
        return 2
    names = args.names or symacts.names()
    try:
        acts = [symacts.get(n) for n in names]
    except KeyError as exc:
        print(f"bench_speed: {exc.args[0]}", file=sys.stderr)
        return 2
    names = [a.name for a in acts]

    missing = [n for n in symacts.names() if n not in HANDWRITTEN]
    extra = [n for n in HANDWRITTEN if n not in symacts.names()]
    print(
        f"hand-written baselines: {len(HANDWRITTEN)} (f and f' each); "
        f"missing: {', '.join(missing) or 'none'}; unknown: {', '.join(extra) or 'none'}"
    )
    names = [n for n in names if n in HANDWRITTEN]
    acts = [symacts.get(n) for n in names]

    torch_mod = None
    if not args.no_torch:
        try:
            import torch

            torch.set_num_threads(1)
            torch_mod = torch
        except ImportError:
            print("torch not installed: PyTorch column skipped")

    t0 = time.perf_counter()
    for act in acts:  # compile everything up front (not timed)
        act.numpy(0), act.numpy(1)
    print(f"symacts at {git_state()}")
    print(f"compiled {2 * len(acts)} callables in {time.perf_counter() - t0:.1f}s")

    pts = check_points()
    agree = check_baselines(names, pts)
    hard = {k: d for k, d in agree.items() if d["count"]}
    print(
        f"baseline agreement with act.numpy (1e-12 relative, {len(pts)} finite points): "
        f"{'all agree' if not hard else f'{len(hard)} disagree'}"
    )
    for key, d in hard.items():
        print(
            f"  DISAGREE {key}: {d['count']}/{d['of']} points, worst rel {d['worst_rel']:.2e} "
            f"at x={d['at_x']!r} (baseline {d['got']!r}, symacts {d['expected']!r})"
        )
    for kind, what in (
        ("tail_count", f"results below {TAIL:g} (underflowing intermediates)"),
        ("cancellation_count", "<= 1 ULP of 1 absolute (cancellation at roots)"),
    ):
        some = {k: d[kind] for k, d in agree.items() if d[kind]}
        if some:
            print(
                f"  differing only by {what}: " + ", ".join(f"{k} ({c})" for k, c in some.items())
            )
    torch_agree = check_torch(names, pts) if torch_mod is not None else {}
    for key, d in torch_agree.items():
        if d["count"]:
            print(
                f"  torch differs {key}: {d['count']}/{d['of']} points beyond 1e-6, worst "
                f"rel {d['worst_rel']:.2e} at x={d['at_x']!r} (torch {d['got']!r}, "
                f"symacts {d['expected']!r})"
            )

    rows = []
    for size in sizes:
        x = bench_data(size)
        for act in acts:
            for n in (0, 1):
                rows.append(bench_one(act, n, x, repeat, torch_mod))
                r = rows[-1]
                print(
                    f"  {act.name} {'f' if n == 0 else 'df'} {size:.0e}: "
                    f"{r['vs_numpy']:.2f}x numpy",
                    file=sys.stderr,
                    flush=True,
                )
        del x
    print()
    print_table(rows)

    imp = None
    if not args.names:
        runs = 3 if args.quick else 7
        imp = {
            "symacts_s": import_time("symacts", runs),
            "sympy_s": import_time("sympy", runs),
            "python_s": import_time("sys", runs),
        }
        imp["ratio"] = imp["symacts_s"] / imp["sympy_s"]
    pl_names = {a.name for a in acts if piecewise_linear(a)}
    summary = summarise(rows, pl_names)
    print_summary(summary, imp, len(rows))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    meta = {
        "commit": git_state(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "torch": getattr(torch_mod, "__version__", None),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "sizes": sizes,
        "repeat": repeat,
        "seed": SEED,
        "torch_threads": 1,
        "torch_derivative": "autograd: forward + autograd.grad",
    }
    args.out.write_text(
        json.dumps(
            {
                "meta": meta,
                "rows": rows,
                "summary": summary,
                "import": imp,
                "baseline_disagreements": agree,
                "torch_differences": torch_agree,
            },
            indent=1,
        )
    )
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
