"""The derivation store: each record's derived artifacts, computed once, stamped, loaded fast.

A record's artifacts fall into sections, each stamped with a hash of exactly what it depends
on (the record fields it reads, the library code that derives it, and the store's format):

``numpy``       the generated NumPy source of f, f', f'' (one entry per order and parameters)
``properties``  the derived properties (:func:`symacts.calculus.derive_properties`)
``accuracy``    the worst ULP error of each callable over the whole float64 range
                (:mod:`symacts.certify`)
``page``        the page data of the documentation site (:func:`symacts.site.derive.derive`):
                LaTeX, kinks, series, asymptotes, special values, value table

Where an artifact comes from, first match wins:

1. this process's memo;
2. the shipped store, ``symacts/derived/<name>.json``, for catalogue records at their default
   parameters. It is written only by ``python scripts/derive_store.py`` and used only when
   the section's stamp matches the record and the code as they are now;
3. the user cache (``$SYMACTS_CACHE_DIR``, else the platform's user cache directory), one
   file per artifact named by its stamp, with a checksum of its content; a file that does
   not parse, does not match its name or fails its checksum is re-derived, never trusted;
4. derivation, whose result goes to the memo and the user cache (written to a temporary
   file and renamed, so concurrent processes never see half an entry).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import tempfile
import weakref
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import sympy as sp

if TYPE_CHECKING:
    from symacts.activation import Activation

#: Bump when the encoding of any section changes: every stamp changes with it.
FORMAT = 1
PACKAGE = Path(__file__).resolve().parent
#: The shipped store, one JSON file per catalogue record (package data).
SHIPPED = PACKAGE / "derived"
INDEX_FILE = SHIPPED / "index.json"
#: Files in the shipped store that are not records' entries.
NOT_RECORDS = frozenset({"index", "kernel_tables"})
CACHE_ENV = "SYMACTS_CACHE_DIR"
#: The one command that rewrites the shipped store (named by every stale-store message).
REGENERATE = "python scripts/derive_store.py"

#: Library code each section is derived by (paths relative to the package; a directory
#: means every .py file below it). What a section depends on, it lists, or includes the
#: list of the section it reads.
_NUMPY_CODE = (
    "activation.py",
    "calculus.py",
    "kernels.py",
    "numeric",
    "primitives.py",
    "reference.py",
)
_PROPERTIES_CODE = ("activation.py", "calculus.py")
CODE: Mapping[str, tuple[str, ...]] = {
    "numpy": _NUMPY_CODE,
    "properties": _PROPERTIES_CODE,
    "accuracy": tuple(sorted({*_NUMPY_CODE, *_PROPERTIES_CODE, "certify.py"})),
    "page": tuple(sorted({*_NUMPY_CODE, *_PROPERTIES_CODE, "site/derive.py"})),
}
#: Record fields each section reads (``None``: every field).
FIELDS: Mapping[str, tuple[str, ...] | None] = {
    "numpy": ("name", "expr", "param_list", "x"),
    "properties": ("expr", "param_list", "x"),
    "accuracy": ("name", "expr", "param_list", "x"),
    "page": None,
}
SECTIONS = tuple(CODE)


class StoreError(RuntimeError):
    """A shipped store entry is unusable in a way that regeneration fixes."""


# ------------------------------------------------------------------ stamps
def canonical(value: Any) -> str:
    """A stable text form of a record field (SymPy objects by ``srepr``)."""
    if isinstance(value, sp.Basic):
        return sp.srepr(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ",".join(
            f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({inner})"
    if isinstance(value, (tuple, list)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    return repr(value)


def _sha(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


_RECORD_HASHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def record_hash(act: Activation, section: str) -> str:
    """A hash of the record fields ``section`` reads (once per record: records are frozen)."""
    known = _RECORD_HASHES.setdefault(act, {})
    if section not in known:
        names = FIELDS[section]
        fields = [f.name for f in dataclasses.fields(act)] if names is None else names
        known[section] = _sha(*(f"{name}={canonical(getattr(act, name))}" for name in fields))
    return known[section]


@functools.cache
def code_hash(section: str) -> str:
    """A hash of the source files that derive ``section`` (read once per process)."""
    h = hashlib.sha256(f"format={FORMAT};section={section}".encode())
    for rel in CODE[section]:
        path = PACKAGE / rel
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
        for file in files:
            h.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0")
            h.update(file.read_bytes() + b"\0")
    return h.hexdigest()


def stamp(act: Activation, section: str, variant: str = "") -> str:
    """The hash of everything an artifact depends on: its name in the store."""
    return _sha(section, variant, record_hash(act, section), code_hash(section))


def _variant(n: int | None, resolved: tuple = ()) -> str:
    """Which artifact of a section: the derivative order and the parameter values."""
    params = ",".join(f"{k}={sp.srepr(sp.sympify(v))}" for k, v in resolved)
    return f"n={n};{params}" if n is not None else params


# ------------------------------------------------------------------ encoding
@functools.cache
def _sympy_namespace() -> dict[str, Any]:
    from sympy.calculus.accumulationbounds import AccumulationBounds

    return {**vars(sp), "AccumulationBounds": AccumulationBounds}


def encode(value: Any) -> Any:
    """JSON for a property value: SymPy objects by ``srepr``, tuples and named tuples tagged."""
    from symacts.calculus import Extremum

    if isinstance(value, Extremum):
        return {"extremum": [encode(v) for v in value]}
    if isinstance(value, sp.Basic):
        return {"sympy": sp.srepr(value)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"dict": [[k, encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    raise TypeError(f"cannot store a {type(value).__name__}: {value!r}")


def decode(value: Any) -> Any:
    """The inverse of :func:`encode`."""
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    (tag, inner), *_ = value.items()
    if tag == "sympy":
        return eval(inner, _sympy_namespace())  # the store's own srepr text
    if tag == "tuple":
        return tuple(decode(v) for v in inner)
    if tag == "extremum":
        from symacts.calculus import Extremum

        return Extremum(*(decode(v) for v in inner))
    if tag == "dict":
        return {k: decode(v) for k, v in inner}
    raise ValueError(f"unknown tag {tag!r} in a store entry")


def dumps(value: Any) -> str:
    """The one text form of stored JSON: deterministic, diffable, UTF-8."""
    return json.dumps(value, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


# ------------------------------------------------------------------ derivations
def derive_numpy(act: Activation, n: int, resolved: tuple) -> str:
    """The generated NumPy source of the n-th derivative."""
    from symacts.numeric import generate_source

    return generate_source(act, n, resolved)


def derive_properties(act: Activation) -> Any:
    from symacts.calculus import derive_properties as derive

    return encode(derive(act))


def derive_accuracy(act: Activation) -> Any:
    from symacts.certify import certificate

    return certificate(act)


def derive_page(act: Activation) -> Any:
    """The page data without the generated sources (the numpy section holds them)."""
    from symacts.site.derive import derive, jsonable

    data = jsonable(derive(act))
    del data["numpy_source"]
    return data


# ------------------------------------------------------------------ lookup
_MEMO: dict[str, Any] = {}
_FRESH = False  # inside fresh(): derive everything, read neither the shipped store nor cache


@contextlib.contextmanager
def fresh() -> Iterator[None]:
    """Derive from scratch: read neither the shipped store nor the user cache, nor what this
    process loaded before (regeneration, and the test that re-derives a sample)."""
    global _FRESH
    saved, saved_memo = _FRESH, dict(_MEMO)
    _FRESH = True
    _MEMO.clear()
    try:
        yield
    finally:
        _FRESH = saved
        _MEMO.clear()
        _MEMO.update(saved_memo)


def _lookup(
    key: str, section: str, name: str, derive: Callable[[], Any], shipped: Callable[[], Any]
) -> Any:
    """The artifact named ``key``: memo, shipped store, user cache, else derived (and cached)."""
    if key in _MEMO:
        return _MEMO[key]
    value = None if _FRESH else shipped()
    if value is None and not _FRESH:
        value = cache_read(key)
    if value is None:
        value = derive()
        if not _FRESH:
            cache_write(key, section, name, value)
    _MEMO[key] = value
    return value


def _memo(key: str, make: Callable[[], Any]) -> Any:
    """A value made once per process (and per fresh() block) from an artifact."""
    if key not in _MEMO:
        _MEMO[key] = make()
    return _MEMO[key]


def _is_default(act: Activation, resolved: tuple) -> bool:
    return tuple(resolved) == tuple(act.params.items())


def numpy_source(act: Activation, n: int, resolved: tuple) -> str:
    """The generated source of ``act``'s n-th derivative with these resolved parameters."""

    def shipped() -> str | None:
        if not _is_default(act, resolved):
            return None
        sources = _shipped_section(act, "numpy")
        return None if sources is None else _unlines(sources[n])

    key = stamp(act, "numpy", _variant(n, resolved))
    return _lookup(key, "numpy", act.name, lambda: derive_numpy(act, n, resolved), shipped)


def numpy_callable(act: Activation, n: int, resolved: tuple) -> Callable[..., Any]:
    """The NumPy callable of the n-th derivative, from its stored (or derived) source."""

    def make() -> Callable[..., Any]:
        from symacts.numeric import function_name
        from symacts.numeric.runtime import load

        source = numpy_source(act, n, resolved)
        func = load(source, function_name(act.name, n), filename=f"<symacts {act.name} n={n}>")
        func.source = source
        func.activation, func.order, func.params = act, n, dict(resolved)
        return func

    return _memo("callable:" + stamp(act, "numpy", _variant(n, resolved)), make)


def _encoded_properties(act: Activation) -> Any:
    return _lookup(
        stamp(act, "properties"),
        "properties",
        act.name,
        lambda: derive_properties(act),
        lambda: _shipped_section(act, "properties"),
    )


def properties(act: Activation) -> Mapping[str, Any]:
    """The derived properties at the default parameters (a read-only mapping)."""
    return _memo(
        "decoded:" + stamp(act, "properties"),
        lambda: MappingProxyType(decode(_encoded_properties(act))),
    )


def accuracy(act: Activation) -> list[dict[str, Any]]:
    """The whole-range accuracy of f, f', f'' at the default parameters (per order: worst
    ULP, where, how many points over the bound or not finite)."""
    return _lookup(
        stamp(act, "accuracy"),
        "accuracy",
        act.name,
        lambda: derive_accuracy(act),
        lambda: _shipped_section(act, "accuracy"),
    )


def page_data(act: Activation) -> dict[str, Any]:
    """Everything the record's documentation page shows (plain JSON values), with the
    generated sources and the accuracy certificate from their own sections."""
    key = stamp(act, "page")
    page = _lookup(
        key, "page", act.name, lambda: derive_page(act), lambda: _shipped_section(act, "page")
    )
    defaults = tuple(act.params.items())
    sources = [numpy_source(act, n, defaults) for n in range(3)]
    return {**page, "numpy_source": sources, "certificate": accuracy(act)}


# ------------------------------------------------------------------ the shipped store
def _unlines(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def shipped_path(name: str) -> Path:
    return SHIPPED / f"{name}.json"


@functools.cache
def _shipped_entry(name: str) -> dict[str, Any] | None:
    try:
        return json.loads(shipped_path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _shipped_section(act: Activation, section: str) -> Any:
    """The shipped section's value if its stamp matches the record and code now, else None."""
    entry = _shipped_entry(act.name)
    if not entry or entry.get("format") != FORMAT:
        return None
    found = entry.get("sections", {}).get(section)
    if not found or found.get("stamp") != stamp(act, section):
        return None
    return found["value"]


def derive_entry(act: Activation, reuse: dict[str, Any] | None = None) -> dict[str, Any]:
    """A shipped store entry for a catalogue record, derived from scratch.

    ``reuse``: an existing entry whose sections are kept where their stamps still match
    (the page of a record whose title changed is re-derived from the stored sources).
    """
    defaults = tuple(act.params.items())
    with fresh():
        for section, found in (reuse or {}).get("sections", {}).items():
            if section not in SECTIONS or found.get("stamp") != stamp(act, section):
                continue
            if section == "numpy":
                for n, lines in enumerate(found["value"]):
                    _MEMO[stamp(act, "numpy", _variant(n, defaults))] = _unlines(lines)
            else:
                _MEMO[stamp(act, section)] = found["value"]
        # the page derivation reads sources and properties through the memo
        sources = [numpy_source(act, n, defaults) for n in range(3)]
        props = _encoded_properties(act)
        certified = accuracy(act)
        page = _lookup(stamp(act, "page"), "page", act.name, lambda: derive_page(act), lambda: None)
    sections = {
        # sources as lists of lines: a change to generated code reads as a diff of lines
        "numpy": [s.splitlines() for s in sources],
        "properties": props,
        "accuracy": certified,
        "page": page,
    }
    return {
        "format": FORMAT,
        "name": act.name,
        "sections": {
            name: {"stamp": stamp(act, name), "value": value} for name, value in sections.items()
        },
    }


def stale_sections(act: Activation) -> list[str]:
    """The sections of ``act``'s shipped entry that are missing or no longer match."""
    entry = _read_entry(shipped_path(act.name))
    if entry is None or entry.get("format") != FORMAT:
        return list(SECTIONS)
    found = entry.get("sections", {})
    return [s for s in SECTIONS if found.get(s, {}).get("stamp") != stamp(act, s)]


def _read_entry(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def index_for(acts: list[Activation]) -> dict[str, Any]:
    """Where each name and alias is defined: lets ``get`` import one catalogue module."""
    from symacts import registry

    modules = {a.name: registry.module_of(a.name) for a in acts}
    aliases = {registry.normalise(alias): a.name for a in acts for alias in a.aliases}
    return {
        "format": FORMAT,
        "modules": dict(sorted(modules.items())),
        "aliases": dict(sorted(aliases.items())),
    }


@functools.cache
def read_index() -> dict[str, Any]:
    """The shipped index (empty when missing or of another format: the whole catalogue loads)."""
    entry = _read_entry(INDEX_FILE)
    if not entry or entry.get("format") != FORMAT:
        return {"modules": {}, "aliases": {}}
    return entry


# ------------------------------------------------------------------ the user cache
def cache_dir() -> Path | None:
    """``$SYMACTS_CACHE_DIR``, else the platform's user cache directory; '' disables it."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured).expanduser() if configured else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("symacts", appauthor=False)) / f"store-{FORMAT}"


def _cache_path(key: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / key[:2] / f"{key}.json"


def _checksum(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def cache_read(key: str) -> Any:
    """A cached artifact, or None when absent, unreadable, misnamed or failing its checksum."""
    path = _cache_path(key)
    if path is None:
        return None
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["key"] != key or entry["checksum"] != _checksum(entry["value"]):
            return None
        return entry["value"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def cache_write(key: str, section: str, name: str, value: Any) -> None:
    """Write atomically: a temporary file in the same directory, then a rename."""
    path = _cache_path(key)
    if path is None:
        return
    entry = {"key": key, "section": section, "name": name, "checksum": _checksum(value)}
    entry["value"] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:16]}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(entry))
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only or full cache directory costs speed, never correctness
