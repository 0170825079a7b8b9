"""Time of ``derive_properties`` per activation, and which keys were found numerically.

Each activation is derived in a fresh subprocess-free call (the cached ``act.properties``
is bypassed), so the times are cold apart from SymPy's own global cache warming up over
the run. Prints a table sorted by time; the target is about 3 s per activation.

    python scripts/bench_properties.py [--names relu gelu ...] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import symacts  # noqa: E402
from symacts.calculus import derive_properties  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", nargs="*", default=None, help="activations (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per activation (best kept)")
    args = parser.parse_args()
    names = args.names or symacts.names()
    rows = []
    for name in names:
        act = symacts.get(name)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            props = derive_properties(act)
            best = min(best, time.perf_counter() - start)
        rows.append((best, name, ", ".join(props["numeric"]) or "-"))
    rows.sort(reverse=True)
    width = max(len(n) for n in names)
    print(f"{'activation':<{width}}  {'seconds':>7}  numeric keys")
    for seconds, name, numeric in rows:
        print(f"{name:<{width}}  {seconds:7.2f}  {numeric}")
    total = sum(r[0] for r in rows)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"total {total:.1f} s for {len(rows)} activations (load average {load:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
