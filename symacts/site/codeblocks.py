"""Generated NumPy code on the pages, highlighted in the build's worker processes.

Pygments is the slowest part of MkDocs here (some 150 highlighted listings), and MkDocs runs
in one process. So each function's worker highlights its own code, exactly as
``pymdownx.highlight`` would (same extension, settings read from mkdocs.yml), and the pages
mark those listings with the fence :data:`FENCE`, whose formatter (:func:`fence_format`,
named in mkdocs.yml) leaves them plain for the search plugin to read, and the hooks put the
stored HTML in the finished page. A listing without stored HTML (another mkdocs.yml, a stale
tree) is highlighted on the spot: the site is byte-for-byte the same either way.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: The fence name the pages use for generated code (a custom fence in mkdocs.yml).
FENCE = "generated-python"
#: Where the build stores the HTML, inside the generated tree (not a page).
STORE = "code.json"
ENV = "SYMACTS_GENERATED_DIR"


def _load_yaml(text: str) -> Any:
    """mkdocs.yml without importing what its ``!!python/name`` tags name."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    return yaml.load(text, Loader=Loader)  # a SafeLoader: builds no objects


@functools.cache
def _settings(root: Path = ROOT) -> str:
    """The pymdownx.highlight settings in mkdocs.yml, as canonical JSON."""
    config = _load_yaml((root / "mkdocs.yml").read_text())
    for ext in config.get("markdown_extensions") or []:
        if isinstance(ext, dict) and "pymdownx.highlight" in ext:
            return json.dumps(ext["pymdownx.highlight"] or {}, sort_keys=True)
    return "{}"


def key(source: str) -> str:
    """Identifies a listing together with the settings it is highlighted with."""
    text = _settings() + "\0" + source.rstrip("\n")
    return hashlib.sha256(text.encode()).hexdigest()


@functools.cache
def _markdown() -> Any:
    import markdown

    return markdown.Markdown(
        extensions=["pymdownx.highlight", "pymdownx.superfences"],
        extension_configs={"pymdownx.highlight": json.loads(_settings())},
    )


def highlight(source: str) -> str:
    """The HTML that a ```` ```python ```` fence holding ``source`` becomes."""
    return _markdown().reset().convert("```python\n" + source.rstrip("\n") + "\n```")


def highlighted(sources: list[str]) -> dict[str, str]:
    """Stored HTML for some listings, keyed by :func:`key`."""
    return {key(s): highlight(s) for s in sources}


def _stored() -> dict[str, str]:
    path = Path(os.environ.get(ENV) or ROOT / "docs" / "generated") / STORE
    try:
        stat = path.stat()
    except OSError:
        return {}
    return _read(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=2)
def _read(path: str, mtime: int, size: int) -> dict[str, str]:
    return json.loads(Path(path).read_text())


#: Marks a listing whose stored HTML :func:`insert_stored` puts in the finished page.
MARK = "data-symacts-code"
_MARKED = re.compile(rf'<div class="highlight" {MARK}="([0-9a-f]+)">.*?</div>', re.S)


def fence_format(source: str, language: str, class_name: str, options: Any, md: Any, **kw) -> str:
    """Superfences formatter for :data:`FENCE`.

    With stored HTML: the listing unhighlighted, marked with its key. The search plugin reads
    it like that (the same text, without the thousands of tags it would parse), and
    :func:`insert_stored` swaps in the highlighted HTML when the page is written. Without:
    highlighted now.
    """
    k = key(source)
    if k not in _stored():
        return highlight(source)
    text = html.escape(source.rstrip("\n"), quote=False)
    return (
        f'<div class="highlight" {MARK}="{k}"><pre><span></span><code>{text}\n</code></pre></div>'
    )


def insert_stored(output: str) -> str:
    """A finished page with its marked listings highlighted (see :func:`fence_format`)."""
    if MARK not in output:
        return output
    stored = _stored()
    return _MARKED.sub(lambda m: stored[m.group(1)], output)
