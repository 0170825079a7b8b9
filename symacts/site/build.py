"""Build orchestration: registry -> cached page data and figures -> Markdown -> MkDocs site.

Incremental: each function's outputs are cached under ``.build/`` keyed by a hash of its
record and of the code that derives and renders it, so only changed functions are re-derived
(in a process pool). When no input changed at all and ``site/`` exists, MkDocs is skipped.
Atomic: MkDocs writes into a temporary directory that replaces ``site/`` only on success.
Deterministic: no timestamps, sorted outputs, SVG written without ids that vary.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import hashlib
import importlib.metadata
import inspect
import json
import logging
import multiprocessing
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from symacts.activation import Activation
from symacts.progress import Progress
from symacts.site.derive import jsonable

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "symacts"
GENERATED_ENV = "SYMACTS_GENERATED_DIR"
#: Bump to invalidate every cache entry when the cache layout changes.
CACHE_VERSION = "1"


class BuildError(RuntimeError):
    """The build failed; the message names the function (or page) and the cause."""


@dataclasses.dataclass
class BuildResult:
    """What a build did: which functions were rendered or reused, and stage timings."""

    rendered: list[str]
    reused: list[str]
    timings: dict[str, float]
    mkdocs_skipped: bool
    site_dir: Path


@dataclasses.dataclass
class Paths:
    """Where the build reads and writes; tests point these at temporary directories."""

    root: Path = ROOT
    site_dir: Path | None = None
    cache_dir: Path | None = None
    generated_dir: Path | None = None

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        self.site_dir = Path(self.site_dir or self.root / "site")
        self.cache_dir = Path(self.cache_dir or self.root / ".build")
        self.generated_dir = Path(self.generated_dir or self.root / "docs" / "generated")


# ------------------------------------------------------------------ hashing
def fingerprint(act: Activation) -> str:
    """A hash of everything the record states."""
    from symacts import store

    return store.record_hash(act, "page")


#: Site modules whose code shapes each function's cached data and figures.
DERIVE_CODE = (
    "symacts/site/derive.py",
    "symacts/site/figures.py",
    "symacts/site/codeblocks.py",
)
#: Site modules whose code shapes the guides' cached figures and fragments.
GUIDE_CODE = ("symacts/site/guides.py", "symacts/site/pages.py", "symacts/site/figures.py")


def code_hash(root: Path = ROOT, site_modules: Iterable[str] | None = None) -> str:
    """A hash of the library code (catalogue and CLI excluded) and of some site modules.

    The catalogue is covered per record by :func:`fingerprint`, so editing one record
    re-renders only that function. ``site_modules`` None means every site module.
    """
    h = hashlib.sha256(CACHE_VERSION.encode())
    wanted = None if site_modules is None else set(site_modules)
    for path in sorted((root / "symacts").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("symacts/catalog/") or rel in ("symacts/cli.py", "symacts/__main__.py"):
            continue
        if rel.startswith("symacts/site/") and wanted is not None and rel not in wanted:
            continue
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    if wanted is not None and "symacts/site/derive.py" in wanted:
        h.update(inspect.getsource(render_function).encode())
    for dist in ("sympy", "mpmath", "numpy", "scipy", "matplotlib"):
        h.update(f"{dist}={importlib.metadata.version(dist)};".encode())
    return h.hexdigest()


def _hash_tree(paths: Iterable[Path], base: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


# ------------------------------------------------------------------ worker tasks
_ACTS: dict[str, Activation] = {}  # inherited by forked workers
#: Overlay figure path -> (function names, window or None, title); inherited likewise.
_OVERLAYS: dict[str, tuple[tuple[str, ...], tuple[float, float] | None, str]] = {}
#: Site modules whose code shapes the overlay figures (symacts/plot.py is library code).
OVERLAY_CODE = ("symacts/site/overlays.py", "symacts/site/figures.py")
#: Most curves on one family overlay; larger families get several figures.
FAMILY_CHUNK = 6


def overlay_specs(
    acts: Sequence[Activation], near: dict[str, list[dict[str, Any]]]
) -> dict[str, tuple[tuple[str, ...], tuple[float, float] | None, str]]:
    """Every overlay figure: each function with its neighbours, each family in chunks."""
    specs: dict[str, tuple[tuple[str, ...], tuple[float, float] | None, str]] = {}
    for a in acts:
        if near.get(a.name):
            names = (a.name, *(n["name"] for n in near[a.name]))
            specs[f"figures/{a.name}-similar.svg"] = (names, tuple(map(float, a.window)), "")
    for chunks in family_chunks(acts).values():
        for rel, members in chunks:
            specs[rel] = (members, None, "")
    return specs


def family_chunks(acts: Sequence[Activation]) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """Family -> its overlay figures as (path, member names), at most FAMILY_CHUNK each."""
    from symacts.site.pages import family_anchor

    families: dict[str, list[str]] = {}
    for a in sorted(acts, key=lambda a: a.name):
        families.setdefault(a.family, []).append(a.name)
    out = {}
    for family, members in sorted(families.items()):
        # Balanced: 7 members draw as 4 + 3, not 6 + 1.
        count = -(-len(members) // FAMILY_CHUNK)
        chunks = [members[i::count] for i in range(count)]
        out[family] = [
            (
                f"figures/family-{family_anchor(family)}"
                + (f"-{i}" if len(chunks) > 1 else "")
                + ".svg",
                tuple(chunk),
            )
            for i, chunk in enumerate(chunks, 1)
        ]
    return out


def render_function(act: Activation, timings: dict[str, float] | None = None) -> dict[str, Any]:
    """One function's page data and figures: the unit of caching and of parallel work."""
    from symacts import store
    from symacts.site import codeblocks, figures

    start = time.perf_counter()
    data = store.page_data(act)
    if timings is not None:
        timings["page data (store)"] = (
            timings.get("page data (store)", 0.0) + time.perf_counter() - start
        )
    start = time.perf_counter()
    files = {
        f"figures/{act.name}.svg": figures.main_figure(act, data),
        f"figures/{act.name}-thumb.svg": figures.thumbnail(act, data),
    }
    fams = figures.family_figures(act, data)
    if timings is not None:
        timings["figures (SVG)"] = timings.get("figures (SVG)", 0.0) + time.perf_counter() - start
    for pname, svg in fams:
        files[f"figures/{act.name}-{pname}.svg"] = svg
    data["family_figures"] = [p for p, _ in fams]
    start = time.perf_counter()
    code = codeblocks.highlighted(data["numpy_source"])  # here in parallel, not in MkDocs
    if timings is not None:
        timings["code highlighting"] = (
            timings.get("code highlighting", 0.0) + time.perf_counter() - start
        )
    return {"data": jsonable(data), "files": files, "code": code}


def _task(kind: str, name: str) -> tuple[str, str, Any, float]:
    start = time.perf_counter()
    try:
        if kind == "function":
            result = render_function(_ACTS[name])
        elif kind == "overlay":
            from symacts.site.overlays import overlay

            names, window, title = _OVERLAYS[name]
            result = overlay([_ACTS[n] for n in names], window, title)
        elif kind == "torch":
            from symacts.site.guides import measure_torch

            result = jsonable(measure_torch([_ACTS[n] for n in sorted(_ACTS)]))
        elif kind == "network":
            from symacts.site.guides import network_fragments

            result = {"files": network_fragments()}
        elif kind == "linear":
            from symacts.site.guides import linear_fragments

            result = {"files": linear_fragments()}
        else:  # pragma: no cover - programming error
            raise ValueError(f"unknown task kind {kind!r}")
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        what = {"function": f"function {name!r}", "overlay": f"overlay {name!r}"}.get(
            kind, f"{kind} page data"
        )
        raise BuildError(
            f"{what}: {type(exc).__name__}: {exc} (at {Path(where.filename).name}:{where.lineno})"
        ) from None
    return kind, name, result, time.perf_counter() - start


# ------------------------------------------------------------------ the build
def build(
    activations: Sequence[Activation] | None = None,
    paths: Paths | None = None,
    jobs: int | None = None,
    progress: bool = True,
    run_mkdocs: bool = True,
) -> BuildResult:
    """Generate every page and figure and build the site (see the module docstring)."""
    import symacts
    from symacts.site import mathml

    paths = paths or Paths()
    acts = list(activations) if activations is not None else symacts.all_activations()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    code = code_hash(paths.root, DERIVE_CODE)
    keys = {a.name: _key(code, fingerprint(a)) for a in acts}
    torch_version = _dist_version("torch")
    torch_key = _key(
        code,
        torch_version or "-",
        *sorted(keys[a.name] for a in acts if any(f.framework == "pytorch" for f in a.frameworks)),
    )
    guide_key = _key(code_hash(paths.root, GUIDE_CODE), "guides")
    bench_json = paths.root / "bench-results" / "accuracy.json"
    # Catalogue modules are outside code_hash; the excluded page reads their EXCLUDED lists.
    excluded_key = _key(*(repr(e) for e in symacts.excluded()))
    inputs = _key(
        code_hash(paths.root),
        *sorted(keys.values()),
        torch_key,
        guide_key,
        _hash_tree(
            [p for p in (paths.root / "docs").rglob("*") if paths.generated_dir not in p.parents],
            paths.root / "docs",
        ),
        (paths.root / "mkdocs.yml").read_text(),
        bench_json.read_text() if bench_json.is_file() else "-",
        mathml.version(),
        excluded_key,
    )
    state_file = paths.cache_dir / "state.json"
    timings["hash inputs"] = time.perf_counter() - t0
    if (
        run_mkdocs
        and _read_json(state_file).get("inputs") == inputs
        and (paths.site_dir / "index.html").is_file()
    ):
        timings["total"] = time.perf_counter() - t0
        return BuildResult([], [a.name for a in acts], timings, True, paths.site_dir)

    # Derive and render what changed, in parallel.
    t = time.perf_counter()
    fn_cache = paths.cache_dir / "functions"
    results: dict[str, Any] = {}
    todo: list[tuple[str, str]] = []
    for a in acts:
        cached = _read_json(fn_cache / f"{a.name}.json")
        if cached.get("key") == keys[a.name]:
            results[a.name] = cached
        else:
            todo.append(("function", a.name))
    rendered = [n for _, n in todo]

    # Closest functions: one distance matrix for all, then their overlay figures.
    from symacts.site import compare

    t_near = time.perf_counter()
    near = compare.neighbours(acts)
    timings["compare distances"] = time.perf_counter() - t_near
    specs = overlay_specs(acts, near)
    overlay_code = code_hash(paths.root, OVERLAY_CODE)
    prints = {a.name: fingerprint(a) for a in acts}
    overlay_keys = {
        rel: _key(overlay_code, rel, json.dumps(spec), *(prints[n] for n in spec[0]))
        for rel, spec in specs.items()
    }
    overlay_cache = paths.cache_dir / "overlays"
    overlay_files: dict[str, str] = {}
    for rel, key in overlay_keys.items():
        cached = _read_json(overlay_cache / f"{Path(rel).stem}.json")
        if cached.get("key") == key:
            overlay_files[rel] = cached["svg"]
        else:
            todo.append(("overlay", rel))
    _OVERLAYS.clear()
    _OVERLAYS.update(specs)
    extra_cache = paths.cache_dir / "guides"
    extras = {"network": guide_key, "linear": guide_key}
    if torch_version:
        extras["torch"] = torch_key
    extra_results: dict[str, Any] = {}
    for kind, key in extras.items():
        cached = _read_json(extra_cache / f"{kind}.json")
        if cached.get("key") == key:
            extra_results[kind] = cached["result"]
        else:
            todo.insert(0, (kind, kind))  # long single tasks first
    durations = _read_json(paths.cache_dir / "durations.json")
    todo.sort(key=lambda t: -durations.get(f"{t[0]}:{t[1]}", 1.0))
    _ACTS.clear()
    _ACTS.update({a.name: a for a in acts})
    new_durations = dict(durations)
    if todo:
        from symacts.site import figures  # noqa: F401 - imported once, before the workers fork
    bar = Progress(len(todo), "rendering", progress)
    for kind, name, result, seconds in _run(todo, jobs, bar):
        new_durations[f"{kind}:{name}"] = round(seconds, 3)
        if kind == "function":
            entry = {"key": keys[name], **result}
            _write_json(fn_cache / f"{name}.json", entry)
            results[name] = entry
        elif kind == "overlay":
            _write_json(
                overlay_cache / f"{Path(name).stem}.json",
                {"key": overlay_keys[name], "svg": result},
            )
            overlay_files[name] = result
        else:
            _write_json(extra_cache / f"{kind}.json", {"key": extras[kind], "result": result})
            extra_results[kind] = result
    _write_json(paths.cache_dir / "durations.json", new_durations)
    timings["derive + figures"] = time.perf_counter() - t

    # Markdown for every page, written into the generated tree.
    t = time.perf_counter()
    try:
        files = _assemble(acts, results, extra_results, bench_json, near, overlay_files)
    except BuildError:
        raise
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        raise BuildError(
            f"site-wide pages: {type(exc).__name__}: {exc} "
            f"(at {Path(where.filename).name}:{where.lineno})"
        ) from None
    files[mathml.FONT_TARGET] = mathml.font_bytes()
    _sync_tree(paths.generated_dir, files)
    timings["pages"] = time.perf_counter() - t

    if run_mkdocs:
        t = time.perf_counter()
        _mkdocs(paths)
        timings["mkdocs"] = time.perf_counter() - t
        _write_json(state_file, {"inputs": inputs})
    timings["total"] = time.perf_counter() - t0
    reused = [a.name for a in acts if a.name not in rendered]
    return BuildResult(rendered, reused, timings, False, paths.site_dir)


def _dist_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _run(todo: list[tuple[str, str]], jobs: int | None, bar: Progress):
    """Run tasks in a forked process pool (serially for one job or one task)."""
    jobs = jobs or min(2, os.cpu_count() or 1)
    if jobs <= 1 or len(todo) <= 1:
        for kind, name in todo:
            out = _task(kind, name)
            bar.step(name)
            yield out
        return
    ctx = multiprocessing.get_context("fork")
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        futures = [pool.submit(_task, kind, name) for kind, name in todo]
        try:
            for fut in cf.as_completed(futures):
                out = fut.result()
                bar.step(out[1])
                yield out
        except BaseException:
            for f in futures:
                f.cancel()
            raise


def _assemble(
    acts: Sequence[Activation],
    results: dict[str, Any],
    extra: dict[str, Any],
    bench_json: Path,
    near: dict[str, list[dict[str, Any]]],
    overlay_files: dict[str, str],
) -> dict[str, str | bytes]:
    """Every generated file: function pages, figures, site-wide pages and fragments, the nav."""
    import symacts
    from symacts.site import codeblocks, compare, guides, pages, table

    datas = [results[a.name]["data"] for a in sorted(acts, key=lambda a: a.name)]
    torch_results = extra.get("torch")
    files: dict[str, str | bytes] = dict(overlay_files)
    for d in datas:
        for rel, content in results[d["name"]]["files"].items():
            files[rel] = content
        similar_svg = f"figures/{d['name']}-similar.svg"
        similar = compare.section(
            d["name"],
            d["window"],
            near.get(d["name"], []),
            f"../{similar_svg}" if similar_svg in overlay_files else "",
        )
        try:
            files[f"functions/{d['name']}.md"] = pages.function_page(
                d, _torch_for(d, torch_results), similar
            )
        except Exception as exc:
            raise BuildError(f"page {d['name']!r}: {type(exc).__name__}: {exc}") from exc
    files["functions/index.md"] = pages.functions_index(datas, table.OVERVIEW_PAGES)
    by_name = {d["name"]: d for d in datas}
    files[f"functions/{table.PROPERTIES}.md"] = table.properties_page(acts, by_name)
    family_figures = {
        fam: [(f"../{rel}", names) for rel, names in chunks if rel in overlay_files]
        for fam, chunks in family_chunks(acts).items()
    }
    files[f"functions/{table.FAMILIES}.md"] = table.families_page(acts, family_figures)
    files[f"functions/{table.EXCLUDED}.md"] = table.excluded_page(symacts.excluded())
    files["fragments/home-gallery.md"] = pages.gallery(datas)
    files["fragments/home-comparison.md"] = pages.comparison_table(datas)
    files["fragments/home-count.md"] = f"{len(datas)}"
    files["fragments/kinks-table.md"] = guides.kinks_fragment(datas, torch_results)
    files["fragments/kinks-frameworks.md"] = _frameworks_note(torch_results)
    files.update(guides.accuracy_fragments(datas, bench_json))
    for kind in ("network", "linear"):
        files.update(extra[kind]["files"])
    nav = {
        "pages": [[title, f"functions/{stem}.md"] for stem, title in table.OVERVIEW_PAGES],
        "families": [
            {"family": fam, "functions": [d["name"] for d in items]}
            for fam, items in pages.by_family(datas)
        ],
    }
    files["nav.json"] = json.dumps(nav, indent=1, sort_keys=True) + "\n"
    code = {k: v for d in datas for k, v in results[d["name"]].get("code", {}).items()}
    files[codeblocks.STORE] = json.dumps(code, sort_keys=True) + "\n"
    return files


def _torch_for(d: dict[str, Any], torch_results: dict[str, Any] | None) -> dict[str, Any] | None:
    if not torch_results or d["name"] not in torch_results["functions"]:
        return None
    points = []
    for row in torch_results["functions"][d["name"]]:
        kink = next((k for k in d["kinks"] if k["x_f"] == row["x_f"]), None)
        if kink is None or kink["removable"]:
            continue
        points.append(
            {
                "x": kink["x_text"],
                "grad": row["grad"],
                "grad2": row["grad2"],
                "symacts": f"${kink['curves'][1]['value']}$",
            }
        )
    return {"version": torch_results["version"], "points": points}


def _frameworks_note(torch_results: dict[str, Any] | None) -> str:
    from symacts.site.guides import frameworks_available

    have = frameworks_available()
    measured = [f"PyTorch {torch_results['version']}"] if torch_results else []
    missing = [
        n for n, ok in sorted(have.items()) if not ok or (n == "pytorch" and not torch_results)
    ]
    text = ("Measured at build time: " + ", ".join(measured) + ". ") if measured else ""
    if missing:
        text += (
            "Not importable when this site was built, so shown by their call only: "
            + ", ".join(missing)
            + "."
        )
    return text + "\n"


def _sync_tree(root: Path, files: dict[str, str | bytes]) -> None:
    """Make ``root`` hold exactly ``files``, rewriting only what changed."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in sorted(files.items()):
        path = root / rel
        data = content.encode() if isinstance(content, str) else content
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    wanted = {root / rel for rel in files}
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _mkdocs(paths: Paths) -> None:
    """``mkdocs build --strict`` into a temporary directory, swapped in on success."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    site = paths.site_dir
    tmp = site.with_name(f".{site.name}.tmp")
    old = site.with_name(f".{site.name}.old")
    for d in (tmp, old):
        shutil.rmtree(d, ignore_errors=True)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    env = {
        GENERATED_ENV: str(paths.generated_dir),
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "0",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        config = load_config(str(paths.root / "mkdocs.yml"), site_dir=str(tmp), strict=True)
        mkdocs_build(config)
    except (MkDocsException, SystemExit, Exception) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        detail = "; ".join(collect.messages) or f"{type(exc).__name__}: {exc}"
        raise BuildError(f"mkdocs build --strict failed: {detail}") from None
    finally:
        logger.removeHandler(collect)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if site.exists():
        site.replace(old)
    tmp.replace(site)
    shutil.rmtree(old, ignore_errors=True)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, sort_keys=True, separators=(",", ":")))
    tmp.replace(path)


def serve(paths: Paths | None = None, build_first: Callable[[], Any] | None = None) -> None:
    """Live preview: ``mkdocs serve`` on the generated tree (rebuild pages with Ctrl-C + rerun)."""
    import subprocess

    paths = paths or Paths()
    env = {**os.environ, GENERATED_ENV: str(paths.generated_dir), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(paths.root / "mkdocs.yml")],
        env=env,
        check=False,
    )
