"""The built site in a real browser: headless Chromium (Debian's, never a downloaded one)
with every non-local request blocked. Math (MathML typeset at build time) renders with the
site's own math font, images load, the console stays clean and search finds a function by name."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
#: Screenshots for a person to look at (not compared by the tests).
SHOTS = Path(os.environ.get("SYMACTS_SCREENSHOTS", "/tmp/symacts-screenshots"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = (
    "",
    "functions/",
    "functions/relu/",
    "functions/gelu/",
    "functions/leaky_relu/",
    "functions/sinc/",
    "functions/binary_step/",
    "guides/relu-network/",
    "guides/derivatives-at-kinks/",
    "reference/api/",
)

if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"{CHROMIUM} is absent (CI installs Debian's chromium package)", allow_module_level=True
    )
sync_api = pytest.importorskip("playwright.sync_api")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    from symacts.site.build import build

    site = build(progress=False).site_dir
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class _Watched:
    """A page that records blocked requests, console errors and page errors."""

    def __init__(self, browser: object, base: str) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context()
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.base = base

    def _route(self, route: object) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: str) -> object:
        self.page.goto(self.base + path, wait_until="load")
        self.page.evaluate("() => document.fonts.ready.then(() => true)")
        return self.page


@pytest.fixture
def watched(browser: object, base_url: str) -> Iterator[_Watched]:
    w = _Watched(browser, base_url)
    yield w
    w.context.close()


VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('pre, code, math, script, style').forEach(e => e.remove());
  return body.innerText;
}"""


EMPTY_MATH = """() => [...document.querySelectorAll('.arithmatex > math')]
  .filter(m => m.checkVisibility())
  .filter(m => { const r = m.getBoundingClientRect(); return !(r.width > 0 && r.height > 0); })
  .map(m => m.textContent)"""


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline(watched: _Watched, path: str) -> None:
    page = watched.open(path)
    math = page.locator(".arithmatex")
    typeset = page.locator(".arithmatex > math")
    if path.startswith("functions/") and path != "functions/":
        assert math.count() > 0
    assert typeset.count() == math.count()
    # Every formula that is shown takes up room (a MathML the browser dropped has none).
    empty = page.evaluate(EMPTY_MATH)
    assert empty == [], f"formulas with an empty box on {path or 'home'}: {empty[:5]}"
    text = page.evaluate(VISIBLE_TEXT)
    for raw in ("\\frac", "\\begin", "$$", "\\left", "\\("):
        assert raw not in text, f"raw TeX {raw!r} visible on {path or 'home'}"
    broken = page.evaluate(
        "() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)"
    )
    assert broken == []
    assert watched.blocked == []
    assert watched.errors == []


def test_search_finds_a_function(watched: _Watched) -> None:
    page = watched.open("")
    box = page.locator("input.md-search__input")
    box.click()
    result = page.locator(".md-search-result__item a[href*='functions/gelu/']")
    # The search worker indexes the whole site first; a query typed before it is ready may
    # be dropped, so type it again until results come (bounded: 6 x 10 s).
    for _ in range(6):
        box.fill("")
        box.type("gelu")
        try:
            result.first.wait_for(state="attached", timeout=10000)
            break
        except sync_api.TimeoutError:
            continue
    assert result.count() > 0, "search for 'gelu' found no link to functions/gelu/"
    assert watched.blocked == []
    assert watched.errors == []


def test_instant_navigation_shows_the_new_page_math(watched: _Watched) -> None:
    """Material swaps pages without a reload; the swapped-in formulas render at once."""
    page = watched.open("functions/")
    page.locator("article a[href$='/functions/relu/']").first.click()
    page.wait_for_url("**/functions/relu/")
    page.wait_for_function(
        "() => document.querySelectorAll('.arithmatex > math').length > 0", timeout=15000
    )
    assert page.evaluate(EMPTY_MATH) == []
    assert watched.errors == []


def test_formula_renders_offline_with_the_site_math_font(watched: _Watched) -> None:
    """gelu's definition: a display formula with a fraction and erf, laid out, in STIX Two
    Math loaded from the site (every request outside the site is aborted)."""
    page = watched.open("functions/gelu/")
    formula = page.locator("div.arithmatex > math[display='block']").first
    box = formula.bounding_box()
    assert box is not None
    assert box["width"] > 50
    assert box["height"] > 20
    assert page.evaluate("() => document.fonts.check('16px \"STIX Two Math\"')")
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('STIX Two Math'))"
        ".map(f => f.status)"
    )
    assert loaded == ["loaded"]
    assert watched.blocked == []


def test_piecewise_renders_as_a_cases_table(watched: _Watched) -> None:
    """leaky_relu's definition: a brace as tall as a two-row table of (value, condition)."""
    page = watched.open("functions/leaky_relu/")
    formula = page.locator("div.arithmatex > math[display='block']").first
    rows = formula.locator("mtable > mtr")
    assert rows.count() == 2
    assert rows.nth(0).locator("mtd").count() == 2
    first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
    assert second["y"] >= first["y"] + first["height"] - 1  # stacked, not side by side
    brace = formula.locator("mo", has_text="{").first.bounding_box()
    table = formula.locator("mtable").first.bounding_box()
    assert brace["height"] >= 0.8 * table["height"]  # stretched over both rows


# ------------------------------------------------------------------ property table
VISIBLE_NAMES = """() => [...document.querySelectorAll('.sa-proptable tbody tr')]
  .filter(tr => !tr.hidden && tr.offsetParent !== null)
  .map(tr => tr.cells[0].textContent.trim())"""


def _open_table(watched: _Watched) -> object:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = watched.page
    page.goto(watched.base + "functions/properties/", wait_until="load")
    page.wait_for_selector(".sa-proptable table[data-sa-ready]")
    return page


def test_property_table_sorts_and_filters(watched: _Watched) -> None:
    import sympy as sp

    import symacts
    from symacts.site.table import HEADERS

    acts = symacts.all_activations()
    page = _open_table(watched)
    assert page.evaluate(VISIBLE_NAMES) == [a.name for a in acts]

    # Year: ascending, functions without a year last, ties in name order (stable sort).
    page.locator(".sa-proptable th").nth(HEADERS.index("Year")).click()
    years = {a.name: a.reference.year if a.reference else None for a in acts}
    expected = sorted(years, key=lambda n: (years[n] is None, years[n] or 0, n))
    assert page.evaluate(VISIBLE_NAMES) == expected
    page.locator(".sa-proptable th").nth(HEADERS.index("Year")).click()
    dated = [n for n in page.evaluate(VISIBLE_NAMES) if years[n] is not None]
    assert [years[n] for n in dated] == sorted((years[n] for n in dated), reverse=True)

    # Monotonic and smooth (C^oo): the count computed here from the derived properties.
    page.locator("input[data-flag='monotonic']").check()
    page.locator("input[data-flag='smooth']").check()
    want = sorted(
        a.name
        for a in acts
        if a.properties["monotonic"] is True and a.properties["continuity"] == sp.oo
    )
    assert 0 < len(want) < len(acts)
    assert sorted(page.evaluate(VISIBLE_NAMES)) == want
    assert page.locator(".sa-count").inner_text() == f"{len(want)} of {len(acts)} functions"

    # Text filter on name or family, on top of the boxes.
    page.locator("input.sa-filter").fill("sigmoidal")
    got = page.evaluate(VISIBLE_NAMES)
    assert sorted(got) == [n for n in want if symacts.get(n).family == "sigmoidal"]
    page.screenshot(path=str(SHOTS / "property-table.png"), full_page=False)
    assert watched.blocked == []
    assert watched.errors == []


def test_property_table_works_after_instant_navigation(watched: _Watched) -> None:
    import symacts

    page = watched.page
    page.goto(watched.base + "functions/", wait_until="load")
    page.locator("article a[href$='properties/']").first.click()
    page.wait_for_url("**/functions/properties/")
    page.wait_for_selector(".sa-proptable table[data-sa-ready]")
    page.locator("input[data-flag='bounded']").check()

    bounded = [
        a.name
        for a in symacts.all_activations()
        if a.properties["bounded_below"] is True and a.properties["bounded_above"] is True
    ]
    assert sorted(page.evaluate(VISIBLE_NAMES)) == sorted(bounded)
    assert watched.blocked == []
    assert watched.errors == []


def test_similar_functions_section_shows_its_overlay(watched: _Watched) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = watched.page
    page.goto(watched.base + "functions/gelu/", wait_until="load")
    heading = page.locator("h2#similar-functions")
    heading.scroll_into_view_if_needed()
    img = page.locator("img[src$='gelu-similar.svg']")
    img.wait_for()
    assert page.evaluate("i => i.complete && i.naturalWidth > 0", img.element_handle())
    page.screenshot(path=str(SHOTS / "similar-gelu.png"), full_page=False)
    assert watched.blocked == []
