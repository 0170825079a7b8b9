"""MkDocs hooks: mount the generated tree at the site root and build the nav from it.

- ``on_files``: files under the generated folder (``docs/generated`` unless the build says
  otherwise) are served as if they sat at the root, so a page generated as
  ``functions/relu.md`` is at ``functions/relu/``; fragments and the nav file are not pages.
- ``on_config``: the ``Functions`` nav entry becomes the overview pages (property table,
  families, excluded) and a collapsible section per family, read from the generated
  ``nav.json`` (which the build writes from the registry).
- ``on_page_markdown``: ``<!-- include: NAME -->`` in a hand-written page is replaced by the
  generated fragment ``fragments/NAME``; a missing fragment fails the build.
- ``on_post_page``: the generated code's highlighting, done by the build's workers, goes in
  (:mod:`symacts.site.codeblocks`).

Formulas become MathML in a Markdown extension, not here (:mod:`symacts.site.mathml`).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from symacts.site.codeblocks import STORE, insert_stored

ENV = "SYMACTS_GENERATED_DIR"
NOT_PAGES = ("fragments/", "nav.json", STORE)
INCLUDE = re.compile(r"<!--\s*include:\s*([\w./-]+)\s*-->")


def _generated(config: Any) -> Path:
    return Path(os.environ.get(ENV) or Path(config["docs_dir"]) / "generated")


def on_config(config: Any) -> Any:
    nav_file = _generated(config) / "nav.json"
    if not nav_file.is_file():
        raise PluginError(f"{nav_file} is missing: run python scripts/build_docs.py")
    nav_data = json.loads(nav_file.read_text())
    section = [
        "functions/index.md",
        *({title: path} for title, path in nav_data["pages"]),
        *(
            {f["family"].capitalize(): [{name: f"functions/{name}.md"} for name in f["functions"]]}
            for f in nav_data["families"]
        ),
    ]
    nav = config["nav"] or []
    for i, item in enumerate(nav):
        if isinstance(item, dict) and item.get("Functions") == "functions/index.md":
            nav[i] = {"Functions": section}
    return config


def on_files(files: Files, config: Any) -> Files:
    gen = _generated(config)
    for f in list(files):
        # The default generated folder inside docs/ never holds hand-written pages, even
        # when this build generates elsewhere (tests build into temporary folders).
        inside = Path(f.abs_src_path).resolve().is_relative_to(gen.resolve())
        if inside or f.src_uri.startswith("generated/"):
            files.remove(f)
    for path in sorted(gen.rglob("*")):
        rel = path.relative_to(gen).as_posix()
        if not path.is_file() or rel.startswith(NOT_PAGES) or rel.endswith(".tmp"):
            continue
        if files.get_file_from_path(rel) is not None:
            raise PluginError(f"generated {rel} clashes with a hand-written file")
        files.append(File(rel, str(gen), config["site_dir"], config["use_directory_urls"]))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    fragments = _generated(config) / "fragments"

    def include(match: re.Match[str]) -> str:
        path = fragments / match.group(1)
        if not path.is_file():
            raise PluginError(f"{page.file.src_uri}: fragment {match.group(1)} not generated")
        return path.read_text()

    return INCLUDE.sub(include, markdown)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(_generated(config)))
    return server


def on_post_page(output: str, page: Any, config: Any) -> str:
    return insert_stored(output)  # the generated code's highlighting (codeblocks.py)
