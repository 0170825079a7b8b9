"""The derivation store: shipped entries match their records and code, re-derive to the same
bytes, load instead of deriving; the user cache never trusts a bad entry and is written
atomically."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import sympy as sp
from sample import SAMPLE

import symacts
from symacts import store

NAMES = symacts.names()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty user cache, and an empty in-process memo."""
    monkeypatch.setenv(store.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(store, "_MEMO", {})
    return tmp_path / "cache"


# ------------------------------------------------------------------ the shipped store
@pytest.mark.parametrize("name", NAMES)
def test_shipped_entry_matches_record_and_code(name):
    stale = store.stale_sections(symacts.get(name))
    assert not stale, (
        f"the derivation store is stale for {name} ({', '.join(stale)}): the record or the "
        f"code that derives it changed; run: {store.REGENERATE}"
    )


def test_shipped_index_and_files_match_the_catalogue():
    index = store.dumps(store.index_for(symacts.all_activations()))
    assert store.INDEX_FILE.read_text(encoding="utf-8") == index, (
        f"symacts/derived/index.json is stale; run: {store.REGENERATE}"
    )
    files = {p.stem for p in store.SHIPPED.glob("*.json")} - {store.INDEX_FILE.stem}
    extra = files - set(NAMES) - store.NOT_RECORDS
    assert not extra, f"store files without a record: {sorted(extra)}; run: {store.REGENERATE}"


def test_a_changed_record_or_code_makes_the_entry_stale(monkeypatch):
    act = symacts.get("elu")
    assert store.stale_sections(act) == []
    retitled = dataclasses.replace(act, title="Renamed")
    assert store.stale_sections(retitled) == ["page"]  # the numerics do not read the title
    changed = dataclasses.replace(act, expr=act.expr + act.x / 7)
    assert store.stale_sections(changed) == list(store.SECTIONS)
    monkeypatch.setattr(store, "code_hash", lambda section: "edited " + section)
    assert store.stale_sections(act) == list(store.SECTIONS)


def test_sample_is_varied():
    """The byte-identity sample covers a piecewise record, root patches, compensated forms,
    a parameter, and a discontinuity."""
    acts = [symacts.get(n) for n in SAMPLE]
    sources = "\n".join(a.numpy(n).source for a in acts for n in range(3))
    assert any(a.expr.has(sp.Piecewise) for a in acts)
    assert "Taylor polynomials about the" in sources  # root patches
    assert "_dd_" in sources or "_expit_c" in sources  # compensated forms
    assert any(a.param_list for a in acts)
    assert any(a.properties["continuity"] == -1 for a in acts)
    assert len(SAMPLE) >= 6


@pytest.mark.slow
@pytest.mark.parametrize("name", SAMPLE)
def test_rederived_from_scratch_is_byte_identical(name):
    path = store.shipped_path(name)
    entry = store.derive_entry(symacts.get(name))
    assert store.dumps(entry) == path.read_text(encoding="utf-8"), (
        f"re-deriving {name} from scratch does not reproduce {path.name}: derivation is not "
        f"deterministic, or the store was not regenerated; run: {store.REGENERATE}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_stored_properties_round_trip(name):
    encoded = store._shipped_section(symacts.get(name), "properties")
    assert encoded is not None
    assert store.encode(store.decode(encoded)) == encoded


def test_shipped_entries_are_used_not_derived(cache, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("derived although the shipped store is current")

    for fn in ("derive_numpy", "derive_properties", "derive_page"):
        monkeypatch.setattr(store, fn, refuse)
    act = symacts.get("gelu")
    assert float(act.numpy(0)(1.0)) == pytest.approx(0.8413447460685429, rel=1e-15)
    assert act.properties["monotonic"] is False
    assert store.page_data(act)["name"] == "gelu"
    assert not cache.exists()  # nothing needed caching


def test_a_stale_shipped_entry_is_never_used(cache):
    relu = symacts.get("relu")
    halved = dataclasses.replace(relu, expr=relu.expr / 2)  # same name, new definition
    f = store.numpy_callable(halved, 0, ())
    assert f(np.array([-2.0, 3.0])).tolist() == [0.0, 1.5]
    assert store.properties(halved)["range"] == sp.Interval(0, sp.oo)
    assert len(list(cache.rglob("*.json"))) == 2  # numpy and properties, cached


# ------------------------------------------------------------------ the user cache
@pytest.fixture
def cubic(cache):
    act = symacts.register("store_cubic", "x**3 / (1 + exp(-a*x))", params={"a": 1})
    yield act
    symacts.unregister("store_cubic")


def _entries(cache):
    return sorted(p for p in cache.rglob("*.json"))


def test_user_activation_is_derived_once_then_read_from_the_cache(cubic, cache, monkeypatch):
    first = cubic.numpy(1)(np.array([0.5, -2.0]))
    (path,) = _entries(cache)
    assert json.loads(path.read_text())["section"] == "numpy"
    monkeypatch.setattr(store, "_MEMO", {})
    monkeypatch.setattr(store, "derive_numpy", lambda *a: pytest.fail("derived again"))
    again = cubic.numpy(1)(np.array([0.5, -2.0]))
    assert again.tolist() == first.tolist()


def test_parameters_are_part_of_the_key(cubic, cache):
    cubic.numpy(0)
    cubic.numpy(0, a=2)
    assert len(_entries(cache)) == 2
    assert float(cubic.numpy(0, a=2)(1.0)) == pytest.approx(1 / (1 + np.exp(-2.0)), rel=1e-15)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: text.replace("def ", "def broken_", 1),  # content changed, checksum not
        lambda text: text.replace('"key": "', '"key": "0', 1),  # not the entry it claims
        lambda text: "",
        lambda text: "[1, 2]",
    ],
    ids=["truncated", "tampered", "misnamed", "empty", "not-an-entry"],
)
def test_a_corrupt_cache_entry_is_rederived(cubic, cache, monkeypatch, damage):
    good = cubic.numpy(0).source
    (path,) = _entries(cache)
    path.write_text(damage(path.read_text()))
    monkeypatch.setattr(store, "_MEMO", {})
    assert cubic.numpy(0).source == good
    assert json.loads(path.read_text())["value"] == good  # rewritten whole


def test_a_code_change_misses_the_cache(cubic, cache, monkeypatch):
    cubic.numpy(0)
    monkeypatch.setattr(store, "_MEMO", {})
    monkeypatch.setattr(store, "code_hash", lambda section: "edited " + section)
    cubic.numpy(0)
    assert len(_entries(cache)) == 2


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(store.CACHE_ENV, str(tmp_path / "here"))
    assert store.cache_dir() == tmp_path / "here"
    monkeypatch.setenv(store.CACHE_ENV, "")
    assert store.cache_dir() is None
    monkeypatch.delenv(store.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert store.cache_dir().is_relative_to(tmp_path / "xdg")


def test_an_unwritable_cache_costs_speed_not_correctness(cubic, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(store.CACHE_ENV, str(blocker / "cache"))
    assert float(cubic.numpy(0)(0.0)) == 0.0


def _hammer(args):
    root, key, value, rounds = args
    import os

    os.environ[store.CACHE_ENV] = root
    seen = set()
    for _ in range(rounds):
        store.cache_write(key, "numpy", "race", value)
        got = store.cache_read(key)
        seen.add("ok" if got is not None and got[0] == got[-1] else repr(got)[:40])
    return seen


def test_concurrent_writers_never_leave_a_partial_entry(tmp_path):
    key = "ab" + "0" * 62
    jobs = [
        (str(tmp_path), key, [str(i) * 20000] * 2, 40)  # large enough to be written in parts
        for i in range(4)
    ]
    with multiprocessing.get_context("fork").Pool(4) as pool:
        results = pool.map(_hammer, jobs)
    assert set().union(*results) == {"ok"}
    assert [p.name for p in (tmp_path / key[:2]).iterdir()] == [f"{key}.json"]  # no temp left


def test_a_fresh_process_with_an_empty_home_loads_without_deriving(tmp_path):
    """In a new process with an empty home and cache, catalogue lookups derive nothing."""
    script = textwrap.dedent(
        """
        import symacts
        from symacts import store
        def refuse(*a, **k):
            raise SystemExit("derived in a fresh process")
        store.derive_numpy = store.derive_properties = store.derive_page = refuse
        for name in ("mish", "relu", "snake"):
            act = symacts.get(name)
            [act.numpy(n)(1.0) for n in range(3)]
            act.properties["range"]
        print("ok")
        """
    )
    env = {"HOME": str(tmp_path), store.CACHE_ENV: str(tmp_path / "cache"), "PATH": "/usr/bin"}
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert out.stdout.strip() == "ok", out.stderr
    assert not (tmp_path / "cache").exists()
