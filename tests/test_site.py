"""The documentation site: one page, figures and value table per registry entry; values
checked against act.numpy and SymPy; byte-identical, incremental and atomic builds."""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import math
import re
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest
import sympy as sp

import symacts
from symacts import store
from symacts.reference import ULP_BOUNDS, reference_values, ulp_error
from symacts.site import build as site_build
from symacts.site import mathml
from symacts.site.build import BuildError, Paths
from symacts.site.derive import accuracy_inputs

ROOT = Path(__file__).resolve().parents[1]
NAMES = symacts.names()


@pytest.fixture(scope="module")
def site() -> Paths:
    """The default build (incremental: cheap when nothing changed)."""
    paths = Paths(ROOT)
    site_build.build(progress=False)
    return paths


def _page(paths: Paths, name: str) -> str:
    return (paths.generated_dir / "functions" / f"{name}.md").read_text()


def _value_rows(markdown: str) -> list[list[str]]:
    """The value table's rows (x, f, f', f'') as printed on the page."""
    section = markdown.split("## Value table", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        separator = all(re.fullmatch(r":?-+:?", c) for c in cells)
        if len(cells) == 4 and not separator and not cells[0].startswith("$"):
            rows.append([cells[0].replace("◆", "").strip(), *cells[1:]])
    return rows


def _number(text: str) -> float:
    return float(Fraction(text)) if "/" in text else float(text)


@pytest.mark.parametrize("name", NAMES)
def test_every_function_has_page_figures_and_value_table(site: Paths, name: str) -> None:
    act = symacts.get(name)
    html = site.site_dir / "functions" / name / "index.html"
    assert html.is_file()
    text = html.read_text()
    figures = [f"{name}.svg", f"{name}-thumb.svg"]
    figures += [f"{name}-{p.name}.svg" for p in act.param_list]
    for fig in figures:
        svg = site.site_dir / "figures" / fig
        assert svg.is_file(), fig
        assert ElementTree.parse(svg).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert f"figures/{name}.svg" in text
    # the generated code arrives highlighted (by the build's workers), no placeholder left
    assert f'<span class="nf">{name}_d2</span>' in text
    assert "data-symacts-code" not in text
    rows = _value_rows(_page(site, name))
    xs = {_number(r[0]) for r in rows}
    required = {-10, -5, -3, -2, -1, -0.5, 0, 0.5, 1, 2, 3, 5, 10}
    assert required <= xs
    kinks = [float(k) for k in act.properties["kinks"]]
    assert set(kinks) <= xs


@pytest.mark.parametrize("name", NAMES)
def test_value_table_matches_numpy_and_sympy(site: Paths, name: str) -> None:
    act = symacts.get(name)
    rows = _value_rows(_page(site, name))
    assert rows
    for row in rows:
        x0 = _number(row[0])
        exact_x = sp.Rational(Fraction(row[0])) if "/" in row[0] else sp.nsimplify(row[0])
        for n, cell in enumerate(row[1:]):
            shown = _number(cell)
            ours = float(act.numpy(n)(np.array([x0]))[0])
            expr = act.formula() if n == 0 else act.diff(n)
            value = expr.subs(act.x, exact_x)
            exact = sp.N(value, 30, maxn=4000)  # room for cancellation (tanhexp at 5)
            assert shown == pytest.approx(float(exact), rel=1e-14, abs=1e-300), (x0, n, cell)
            assert shown == pytest.approx(ours, rel=1e-12, abs=1e-300), (x0, n, cell)
            if "/" in cell or re.fullmatch(r"-?\d+", cell):
                assert sp.simplify(value - sp.Rational(cell)) == 0, (x0, n, cell)


@pytest.mark.parametrize("name", NAMES)
def test_accuracy_section_reports_the_certificate(site: Paths, name: str) -> None:
    """The page shows the store's whole-range measurement (its worst point), and the naive
    formula's sampled error re-measured here; a miss of the bound is flagged."""
    act = symacts.get(name)
    section = _page(site, name).split("## Numerical accuracy", 1)[1].split("\n## ", 1)[0]
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| $f")
    ]
    assert [r[1] for r in rows] == [f"{b:.3g}" for b in ULP_BOUNDS]
    missed = False
    for n, (row, cert) in enumerate(zip(rows, store.accuracy(act), strict=True)):
        shown = float(row[2].split()[0]) if not cert["nonfinite"] else math.inf
        assert shown == pytest.approx(float(cert["max_ulp"]), rel=5e-3, abs=1e-3), (n, row)
        if float(cert["max_ulp"]):
            assert f"at x = {float(cert['worst_x']):.6g}" in row[2]
        missed |= bool(cert["over_bound"] or cert["nonfinite"])
    assert missed <= ("Bound not met" in section)
    xs = accuracy_inputs(act.window).tolist()
    refs = reference_values(act, 0, xs)
    naive = sp.lambdify(act.x, act.formula(), modules=["scipy", "numpy"])
    with np.errstate(all="ignore"):
        got = np.broadcast_to(np.asarray(naive(np.array(xs)), dtype=float), (len(xs),))
    worst = max(ulp_error(g, r) for g, r in zip(got.tolist(), refs, strict=True))
    if math.isfinite(worst):
        assert float(rows[0][4]) == pytest.approx(worst, rel=5e-3, abs=1e-3)


def test_nav_and_config_name_no_function(site: Paths) -> None:
    """The function list comes from the registry: mkdocs.yml names none of them."""
    config = (ROOT / "mkdocs.yml").read_text()
    index = (site.site_dir / "functions" / "index.html").read_text()
    for name in NAMES:
        assert f"functions/{name}" not in config
        assert f'href="{name}/"' in index


def test_home_links_every_function_page(site: Paths) -> None:
    home = (site.site_dir / "index.html").read_text()
    for name in NAMES:
        assert f'href="functions/{name}/"' in home


def test_relu_network_first_stage_values(site: Paths) -> None:
    table = (site.generated_dir / "fragments" / "network-table.md").read_text()
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    assert [r[0] for r in rows] == ["0", "0.2", "0.6", "1"]
    assert [r[1] for r in rows] == ["0", "0", "0.17", "0.85"]


def test_no_external_resources(site: Paths) -> None:
    """Scripts, styles and images come from the site itself (links to papers are fine)."""
    pattern = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//', re.I)
    for html in site.site_dir.rglob("*.html"):
        assert not pattern.search(html.read_text()), html
    assert (site.site_dir / mathml.FONT_TARGET).read_bytes() == mathml.font_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_function_page_math_is_mathml(site: Paths, name: str) -> None:
    """Every formula was typeset at build time: MathML, no TeX left for a script."""
    html = (site.site_dir / "functions" / name / "index.html").read_text()
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    wrappers = re.findall(r'<(span|div) class="arithmatex">(.{0,6})', article)
    assert len(wrappers) >= 3  # f, f', f'' at least
    assert all(start.startswith("<math") for _, start in wrappers)
    assert article.count('<math display="block">') >= 3
    for raw in ("$$", "\\(", "\\[", "\\frac", "\\begin{cases}"):
        assert raw not in article, f"raw TeX {raw!r} left on {name}'s page"
    assert "mathjax" not in html.lower()


def test_piecewise_becomes_a_cases_table() -> None:
    tex = symacts.get("leaky_relu").latex(0)
    assert "\\begin{cases}" in tex
    out = mathml.to_mathml(tex, display=True)
    assert out.startswith('<math display="block">')
    assert "<mtable" in out
    assert out.count("<mtr>") == 2
    assert re.search(r"<mo[^>]*>\{</mo>", out), out


def test_primes_follow_the_letter_and_flat_brackets_do_not_stretch() -> None:
    out = mathml.to_mathml("f''(x) = \\sin{\\left(a x \\right)} + \\left(\\frac{x}{2}\\right)")
    assert out.startswith("<math><mi>f</mi><mo>\u2033</mo>")
    assert "<msup>" not in out
    flat, tall = out.split("<mfrac>", 1)
    assert flat.count('<mo stretchy="false">(</mo>') == 2  # f(x) and sin(ax)
    assert tall.count('stretchy="false"') == 0
    assert out.count("<mo>(</mo>") == 1  # around the fraction: stretches


def test_bad_latex_is_a_clear_error() -> None:
    with pytest.raises(mathml.MathError, match=r"cannot typeset '.*frac\{x'"):
        mathml.to_mathml("\\frac{x")


def test_typeset_converts_only_arithmatex_wrappers() -> None:
    page = (
        '<p>cost \\(1\\) <span class="arithmatex">\\(x &lt; 0\\)</span></p>'
        '<div class="arithmatex">\\[\n\\operatorname{erf}{\\left(x \\right)}\n\\]</div>'
    )
    out = mathml.typeset(page)
    assert out.startswith("<p>cost \\(1\\) ")  # text outside a wrapper is left alone
    assert '<span class="arithmatex"><math><mi>x</mi><mo>&lt;</mo>' in out
    assert '<div class="arithmatex"><math display="block">' in out
    assert "erf" in out
    assert "\\operatorname" not in out


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_cold_build_is_byte_identical_to_the_default_build(site: Paths, tmp_path: Path) -> None:
    """A build from an empty cache reproduces site/ byte for byte."""
    fresh = Paths(ROOT, tmp_path / "site", tmp_path / "cache", tmp_path / "generated")
    (tmp_path / "cache").mkdir()
    result = site_build.build(paths=fresh, progress=False)
    assert sorted(result.rendered) == NAMES
    old, new = _digest(site.site_dir), _digest(fresh.site_dir)
    differing = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    details = []
    for rel in site.generated_dir.rglob("*.md"):
        other = fresh.generated_dir / rel.relative_to(site.generated_dir)
        if not other.is_file() or other.read_text() != rel.read_text():
            a, b = (
                rel.read_text().splitlines(),
                other.read_text().splitlines() if other.is_file() else [],
            )
            details += [str(rel), *list(difflib.unified_diff(a, b, lineterm="", n=0))[:12]]
    assert differing == [], "\n".join(differing[:20] + details[:60])


SUBSET = ("relu", "gelu")


def _subset_paths(tmp_path: Path, site: Paths) -> Paths:
    return Paths(ROOT, tmp_path / "site", tmp_path / "cache", tmp_path / "generated")


def test_incremental_rebuild(site: Paths, tmp_path: Path) -> None:
    paths = _subset_paths(tmp_path, site)
    acts = [symacts.get(n) for n in SUBSET]
    first = site_build.build(acts, paths=paths, progress=False)
    assert sorted(first.rendered) == sorted(SUBSET)
    gelu_svg = paths.generated_dir / "figures" / "gelu.svg"
    before = {p: p.stat().st_mtime_ns for p in (paths.generated_dir / "figures").iterdir()}

    again = site_build.build(acts, paths=paths, progress=False)
    assert again.rendered == []
    assert again.mkdocs_skipped

    changed = dataclasses.replace(acts[0], window=(-4.0, 2.0))
    third = site_build.build([changed, acts[1]], paths=paths, progress=False)
    assert third.rendered == ["relu"]
    assert not third.mkdocs_skipped
    assert gelu_svg.stat().st_mtime_ns == before[gelu_svg]
    relu_svg = (paths.generated_dir / "figures" / "relu.svg").read_text()
    assert "\u22124" in relu_svg  # the new window's tick label


def test_failed_build_names_function_and_keeps_previous_site(
    site: Paths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _subset_paths(tmp_path, site)
    acts = [symacts.get(n) for n in SUBSET]
    site_build.build(acts, paths=paths, progress=False)
    before = _digest(paths.site_dir)

    from symacts.site import figures

    def broken(act, data):
        raise ZeroDivisionError("plot exploded")

    monkeypatch.setattr(figures, "main_figure", broken)
    changed = dataclasses.replace(acts[0], window=(-4.0, 2.0))
    with pytest.raises(BuildError, match=r"'relu'.*ZeroDivisionError: plot exploded"):
        site_build.build([changed, acts[1]], paths=paths, progress=False)
    assert _digest(paths.site_dir) == before


def test_accuracy_section_exact_and_missed() -> None:
    """A certificate exact everywhere says so; one over its bound raises the warning."""
    from symacts.site.pages import _accuracy_section

    def cert(max_ulp, over, worst_x=None):
        f32 = {"points": 900, "max_ulp": 0.0, "worst_x": None, "over_bound": 0, "nonfinite": 0}
        return {
            "points": 6000,
            "max_ulp": max_ulp,
            "worst_x": worst_x,
            "bound": 4.0,
            "over_bound": over,
            "nonfinite": 0,
            "float32": f32,
        }

    d = {
        "accuracy": [{"n": 0, "naive_max_ulp": 0.0, "points": 3}],
        "certificate": [cert(0.0, 0)],
        "numeric_notes": (),
    }
    exact = _accuracy_section(d)
    assert "exact at every point" in exact
    assert "Bound not met" not in exact
    missed = _accuracy_section({**d, "certificate": [cert(5.5, 2, -2.0)]})
    assert "(at x = -2)" in missed
    assert "Bound not met" in missed
    assert "No reason is recorded yet" in missed


# ------------------------------------------------------------------ finding and comparing
def _table_rows(markdown: str) -> list[list[str]]:
    """Body rows of the first Markdown table in ``markdown``, as stripped cells."""
    lines = [ln for ln in markdown.splitlines() if ln.startswith("| ")]
    return [[c.strip() for c in ln.strip().strip("|").split(" | ")] for ln in lines[2:]]


def _overview(paths: Paths, stem: str) -> str:
    return (paths.generated_dir / "functions" / f"{stem}.md").read_text()


def test_property_table_has_one_linked_row_per_function(site: Paths) -> None:
    from symacts.site.table import HEADERS, PROPERTIES

    rows = _table_rows(_overview(site, PROPERTIES))
    assert [re.match(r"\[`(\w+)`\]\((\w+)\.md\)", r[0]).groups() for r in rows] == [
        (n, n) for n in NAMES
    ]
    assert {len(r) for r in rows} == {len(HEADERS)}
    html = (site.site_dir / "functions" / PROPERTIES / "index.html").read_text()
    for name in NAMES:
        assert f'href="../{name}/"' in html
        assert (site.site_dir / "functions" / name / "index.html").is_file()


def test_property_table_sort_keys_and_flags_follow_the_properties(site: Paths) -> None:
    import json

    from symacts.site.table import DATA_ID, HEADERS, PROPERTIES

    page = _overview(site, PROPERTIES)
    raw = re.search(rf'<script type="application/json" id="{DATA_ID}">(.*?)</script>', page)
    rows = json.loads(raw.group(1))["rows"]
    assert sorted(rows) == NAMES
    year = HEADERS.index("Year")
    for name in NAMES:
        act = symacts.get(name)
        props = act.properties
        assert rows[name]["keys"][year] == (act.reference.year if act.reference else None)
        flags = set(rows[name]["flags"])
        assert ("monotonic" in flags) == (props["monotonic"] is True), name
        assert ("smooth" in flags) == (props["continuity"] == sp.oo), name
        both = props["bounded_below"] is True and props["bounded_above"] is True
        assert ("bounded" in flags) == both, name


def _similar(paths: Paths, name: str) -> list[tuple[str, float]]:
    section = _page(paths, name).split("## Similar functions", 1)[1].split("\n## ", 1)[0]
    out = []
    for r in _table_rows(section):
        m = re.match(r"\[`(\w+)`\]\((\w+)\.md\)", r[0])
        assert m, r
        assert m.group(1) == m.group(2), r
        out.append((m.group(1), float(r[-1].removesuffix(" (identical here)"))))
    return out


@pytest.fixture(scope="module")
def distances() -> tuple[list[str], np.ndarray]:
    from symacts.site.compare import distance_matrix

    acts = symacts.all_activations()
    return [a.name for a in acts], distance_matrix(acts)


@pytest.mark.parametrize("name", NAMES)
def test_similar_functions_are_the_nearest_others_in_order(
    site: Paths, distances: tuple[list[str], np.ndarray], name: str
) -> None:
    from symacts.site.compare import GRID, NEIGHBOURS

    near = _similar(site, name)
    assert len(near) == NEIGHBOURS
    assert name not in [n for n, _ in near]
    assert [d for _, d in near] == sorted(d for _, d in near)
    # The distance recomputed here from its definition (RMS of g - f over the window,
    # divided by the spread of f), independently of compare.distance_matrix.
    act = symacts.get(name)
    xs = np.linspace(*map(float, act.window), GRID)
    f = act.numpy(0)(xs)
    spread = np.ptp(f) or 1.0
    for other, shown in near:
        g = symacts.get(other).numpy(0)(xs)
        rms = float(np.sqrt(np.mean((g - f) ** 2))) / spread
        assert shown == pytest.approx(rms, rel=5e-3, abs=1e-6)
    # Nothing left out is nearer than the farthest one shown.
    names, d = distances
    row = d[names.index(name)]
    others = [d_ for n, d_ in zip(names, row, strict=True) if n != name]
    assert float(np.sort(others)[NEIGHBOURS - 1]) == pytest.approx(near[-1][1], rel=5e-3)
    svg = site.generated_dir / "figures" / f"{name}-similar.svg"
    assert svg.is_file()
    assert f"figures/{name}-similar.svg" in _page(site, name)


def test_distance_matrix_rejects_a_one_point_grid() -> None:
    from symacts.site.compare import distance_matrix

    with pytest.raises(ValueError, match="at least 2"):
        distance_matrix([symacts.get("relu")], grid=1)


def test_families_page_lists_every_function_once(site: Paths) -> None:
    from symacts.site.table import FAMILIES

    page = _overview(site, FAMILIES)
    listed = re.findall(r"^- \[`(\w+)`\]\((\w+)\.md\)", page, re.M)
    assert sorted(n for n, _ in listed) == NAMES
    assert all(a == b for a, b in listed)
    sections = re.split(r"^## ", page, flags=re.M)[1:]
    for section in sections:
        members = re.findall(r"^- \[`(\w+)`\]", section, re.M)
        families = {symacts.get(n).family for n in members}
        assert len(families) == 1
        assert section.lower().startswith(families.pop().lower())
        figures = re.findall(r"\]\(\.\./(figures/family-[\w-]+\.svg)\)", section)
        assert figures
        assert all((site.generated_dir / f).is_file() for f in figures)
    assert len(sections) == len(symacts.families())


def test_excluded_page_lists_every_excluded_entry(site: Paths) -> None:
    from symacts.site.table import EXCLUDED

    entries = symacts.excluded()
    assert entries, "the catalogue lists no excluded function"
    rows = _table_rows(_overview(site, EXCLUDED))
    assert [r[0] for r in rows] == [f"`{e.name}`" for e in entries]
    for e, r in zip(entries, rows, strict=True):
        if e.reference is not None:  # (MATLAB's transfer functions cite no paper)
            assert (e.reference.link or str(e.reference.year)) in r[2]


def test_nav_groups_functions_by_family(site: Paths) -> None:
    import json

    nav = json.loads((site.generated_dir / "nav.json").read_text())
    grouped = [n for f in nav["families"] for n in f["functions"]]
    assert sorted(grouped) == NAMES
    assert len(grouped) == len(set(grouped))
    for f in nav["families"]:
        assert {symacts.get(n).family for n in f["functions"]} == {f["family"]}
    home = (site.site_dir / "index.html").read_text()
    for _, stem in nav["pages"]:
        assert (site.site_dir / Path(stem).with_suffix("") / "index.html").is_file()
    for family in symacts.families():
        from symacts.site.pages import family_anchor

        assert f'id="gallery-{family_anchor(family)}"' in home


def test_overlay_svg_is_deterministic() -> None:
    from symacts.site.overlays import overlay

    acts = [symacts.get("relu"), symacts.get("gelu")]
    first = overlay(acts, (-3, 3))
    assert first == overlay(acts, (-3, 3))
    assert "<dc:date>" not in first
    with pytest.raises(ValueError, match="at least one"):
        overlay([], (-3, 3))
