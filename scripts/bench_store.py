"""Fresh-install latency: ``python scripts/bench_store.py [--names relu gelu ...] [--repeat 3]``.

For every catalogue function, a new Python process with an empty home and an empty cache
directory imports symacts, then times ``get(name)``, ``.numpy(n)`` for n = 0, 1, 2 and
``.properties`` (each the first call in that process: what a user waits for). Prints one
row per function and a summary against the targets (<= 50 ms for each numpy(n) and for
properties, after ``import symacts``). With ``--repeat`` each function is measured that
many times in new processes and the median is kept (the machine may be busy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0

PROBE = """
import json, sys, time
t = time.perf_counter()
import symacts
out = {"import": time.perf_counter() - t}
t = time.perf_counter()
act = symacts.get(sys.argv[1])
out["get"] = time.perf_counter() - t
for n in range(3):
    t = time.perf_counter()
    act.numpy(n)
    out[f"numpy({n})"] = time.perf_counter() - t
t = time.perf_counter()
act.properties["range"]
out["properties"] = time.perf_counter() - t
out["derived"] = "symacts.numeric.search" in sys.modules or bool(symacts.store.stale_sections(act))
print(json.dumps(out))
"""
COLUMNS = ("import", "get", "numpy(0)", "numpy(1)", "numpy(2)", "properties")


def probe(name: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        env = {
            "HOME": home,
            "SYMACTS_CACHE_DIR": str(Path(home) / "cache"),
            "PATH": os.environ.get("PATH", "/usr/bin"),
            "PYTHONPATH": str(ROOT),
        }
        out = subprocess.run(
            [sys.executable, "-c", PROBE, name], env=env, capture_output=True, text=True
        )
        if out.returncode != 0:
            raise SystemExit(f"bench_store: {name} failed:\n{out.stderr}")
        return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", nargs="*", help="only these functions (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per function (median)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import symacts

    names = args.names or symacts.names()
    print(f"{'function':<16}" + "".join(f"{c:>12}" for c in COLUMNS) + "  (ms)")
    rows = {}
    for name in names:
        runs = [probe(name) for _ in range(args.repeat)]
        if any(r["derived"] for r in runs):
            print(f"{name:<16} derived in a fresh process: the shipped store is stale")
        rows[name] = {c: 1e3 * statistics.median(r[c] for r in runs) for c in COLUMNS}
        print(f"{name:<16}" + "".join(f"{rows[name][c]:>12.1f}" for c in COLUMNS))
    print()
    for c in COLUMNS:
        values = [r[c] for r in rows.values()]
        worst = max(rows, key=lambda n: rows[n][c])
        flag = ""
        if c.startswith(("numpy", "properties")):
            flag = "  ok" if max(values) <= TARGET_MS else f"  OVER {TARGET_MS:g} ms"
        print(
            f"{c:<12} median {statistics.median(values):8.1f} ms   max {max(values):8.1f} ms "
            f"({worst}){flag}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
