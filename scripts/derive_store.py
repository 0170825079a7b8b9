"""Regenerate the derivation store: ``python scripts/derive_store.py [--check] [NAME ...]``.

Every catalogue record's derived artifacts (generated NumPy sources, properties, page data)
are shipped in ``symacts/derived/<name>.json``, each section stamped with the hash of the
record fields and the library code it comes from. This script re-derives, from scratch and
in parallel over the cores, the records whose stamps no longer match (or those named, with
``--force``), rewrites their files and the name index, and deletes files of records that no
longer exist. The output is deterministic: the same records and code give the same bytes.

``--check`` writes nothing and exits 1 if anything is stale (the test suite checks the same).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import symacts
from symacts import store
from symacts.progress import Progress


def _derive(name: str) -> tuple[str, str | None, float]:
    """One record's entry as text (None and the error on stderr if it failed)."""
    start = time.process_time()
    try:
        entry = store.derive_entry(symacts.get(name), reuse=_REUSE.get(name))
    except Exception:
        print(f"derive_store: {name} failed:\n{traceback.format_exc()}", file=sys.stderr)
        return name, None, time.process_time() - start
    return name, store.dumps(entry), time.process_time() - start


_REUSE: dict[str, dict] = {}  # inherited by the forked workers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these records (default: all)")
    parser.add_argument("--check", action="store_true", help="report stale entries, write nothing")
    parser.add_argument("--force", action="store_true", help="re-derive even if up to date")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    catalogue = symacts.all_activations()
    try:
        chosen = [symacts.get(n) for n in args.names] if args.names else catalogue
    except KeyError as exc:
        print(f"derive_store: error: {exc}", file=sys.stderr)
        return 2
    stale = {a.name: store.stale_sections(a) for a in chosen}
    todo = sorted(n for n, sections in stale.items() if sections or args.force)
    index = store.dumps(store.index_for(catalogue))
    index_stale = _read(store.INDEX_FILE) != index
    known = {a.name for a in catalogue} | store.NOT_RECORDS
    orphans = sorted(p for p in store.SHIPPED.glob("*.json") if p.stem not in known)

    if args.check:
        for name in todo:
            print(f"stale: {name} ({', '.join(stale[name])})")
        for path in orphans:
            print(f"orphan: {path.name} (no such record)")
        if index_stale:
            print("stale: index.json")
        if todo or orphans or index_stale:
            print(f"derive_store: the store is out of date; run: {store.REGENERATE}")
            return 1
        print(f"derive_store: {len(catalogue)} records, store up to date")
        return 0

    store.SHIPPED.mkdir(exist_ok=True)
    _REUSE.clear()
    if not args.force:
        for name in todo:
            previous = store._read_entry(store.shipped_path(name))
            if previous is not None:
                _REUSE[name] = previous
    # the costliest first (the size of the previous entry is a fair guess), for a short tail
    todo.sort(key=lambda n: -_size(store.shipped_path(n)))
    bar = Progress(len(todo), "deriving", not args.quiet)
    start = time.perf_counter()
    cpu: dict[str, float] = {}
    changed, failed = 0, []
    for name, text, seconds in _run(todo, args.jobs, bar):
        cpu[name] = seconds
        if text is None:
            failed.append(name)
        else:
            changed += _write(store.shipped_path(name), text)
    changed += _write(store.INDEX_FILE, index)
    for path in orphans:
        path.unlink()
    wall = time.perf_counter() - start
    slowest = sorted(cpu.items(), key=lambda kv: -kv[1])[:5]
    print(
        f"derive_store: derived {len(todo)} of {len(catalogue)} records in {wall:.1f} s "
        f"({sum(cpu.values()):.1f} CPU s); {changed} files written, {len(orphans)} removed"
        + (f"; slowest: {', '.join(f'{n} {s:.1f}s' for n, s in slowest)}" if slowest else ""),
        file=sys.stderr,
    )
    if failed:
        print(f"derive_store: error: {len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _run(todo: list[str], jobs: int, bar: Progress):
    if jobs <= 1 or len(todo) <= 1:
        for name in todo:
            out = _derive(name)
            bar.step(name)
            yield out
        return
    with multiprocessing.get_context("fork").Pool(jobs, maxtasksperchild=8) as pool:
        for out in pool.imap_unordered(_derive, todo):
            bar.step(out[0])
            yield out


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 1 << 30  # new records first: their cost is unknown


def _write(path: Path, text: str) -> int:
    """Write only what changed, atomically (a temporary file, then a rename)."""
    if _read(path) == text:
        return 0
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return 1


if __name__ == "__main__":
    sys.exit(main())
