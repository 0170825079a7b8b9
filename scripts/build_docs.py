"""Build the documentation site: ``python scripts/build_docs.py [--serve] [--jobs N]``.

Generates a page, figures and tables for every registered activation (cached, in parallel)
and builds ``site/`` with ``mkdocs build --strict``. A failure names the function and the
cause, exits 1 and leaves the previous ``site/`` in place.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symacts.site.build import BuildError, build, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="then serve with live reload")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default 2)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        result = build(jobs=args.jobs, progress=not args.quiet)
    except BuildError as exc:
        print(f"build_docs: error: {exc}", file=sys.stderr)
        return 1
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    what = (
        "nothing changed; site/ is up to date"
        if result.mkdocs_skipped
        else f"rendered {len(result.rendered)}, reused {len(result.reused)}"
    )
    print(f"build_docs: {what} ({stages}) -> {result.site_dir}", file=sys.stderr)
    if args.serve:
        serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
