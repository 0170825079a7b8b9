"""Benchmark the documentation build: cold, unchanged and one-record-changed rebuilds.

``python scripts/bench_build.py [--profile]`` builds into a temporary directory (the real
``site/`` and ``.build/`` are not touched) and prints a table of wall-clock times. Targets:
cold build at most 0.15 s per function, rebuild with nothing changed at most 2 s.
``--profile`` also derives every function serially and prints where the time goes, part by
part.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD_PER_FUNCTION = 0.15
WARM_TOTAL = 2.0


def _run(cmd: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench_build: {' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="per-part profile too")
    args = parser.parse_args(argv)

    import symacts
    from symacts.site import build as site_build

    n = len(symacts.names())
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        driver = [sys.executable, "-c", _DRIVER, str(tmp_path)]

        cold = _run([*driver, "all"])
        rows.append(
            (
                "cold build (process start to site/)",
                cold,
                f"{cold / n:.3f} s per function (target {COLD_PER_FUNCTION})",
            )
        )
        stages = site_build._read_json(tmp_path / "timings.json")
        for stage, seconds in stages.items():
            rows.append((f"  stage: {stage}", seconds, ""))
        warm = _run([*driver, "all"])
        rows.append(("rebuild, nothing changed", warm, f"target {WARM_TOTAL} s"))
        one = _run([*driver, "one"])
        rows.append(("rebuild, one record changed", one, "re-renders one function"))
        for stage, seconds in site_build._read_json(tmp_path / "timings.json").items():
            rows.append((f"  stage: {stage}", seconds, ""))

    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  {'seconds':>8}  note")
    for what, seconds, note in rows:
        print(f"{what:<{width}}  {seconds:8.2f}  {note}")
    print(
        f"\n{n} functions; cold {'meets' if cold / n <= COLD_PER_FUNCTION else 'MISSES'} "
        f"its target, unchanged rebuild {'meets' if warm <= WARM_TOTAL else 'MISSES'} its."
    )
    if args.profile:
        _profile()
    return 0


_DRIVER = r"""
import dataclasses, json, sys
from pathlib import Path
import symacts
from symacts.site import build as b
tmp = Path(sys.argv[1])
paths = b.Paths(b.ROOT, tmp / "site", tmp / "cache", tmp / "generated")
acts = symacts.all_activations()
if sys.argv[2] == "one":
    acts[0] = dataclasses.replace(acts[0], window=(acts[0].window[0] - 1, acts[0].window[1]))
result = b.build(acts, paths=paths, progress=False)
(tmp / "timings.json").write_text(json.dumps(result.timings))
"""


def _profile() -> None:
    """Derive and draw every function serially in this process; time each part."""
    import symacts
    from symacts.site.build import render_function

    parts: dict[str, float] = {}
    slow: list[tuple[float, str]] = []
    for act in symacts.all_activations():
        start = time.perf_counter()
        render_function(act, parts)
        slow.append((time.perf_counter() - start, act.name))
    total = sum(parts.values())
    print("\nserial profile of derive + figures (CPU seconds, all functions)")
    for part, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {part:<32} {seconds:8.2f}  {100 * seconds / total:5.1f}%")
    print(
        "  slowest functions: "
        + ", ".join(f"{name} {s:.2f}s" for s, name in sorted(slow)[::-1][:8])
    )


if __name__ == "__main__":
    sys.exit(main())
