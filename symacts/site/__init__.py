"""The documentation site: how a record becomes a page.

- :mod:`symacts.site.derive` — record -> page data (LaTeX, kinks and which branch owns them,
  series, asymptotes, value table, properties, accuracy sample), plain JSON;
- :mod:`symacts.site.figures` — record + data -> SVG figures (via :mod:`symacts.plot`);
- :mod:`symacts.site.pages` and :mod:`symacts.site.guides` — data -> Markdown;
- :mod:`symacts.site.build` — the registry loop: content-hash cache, process pool, MkDocs;
- :mod:`symacts.site.mkdocs_hooks` — navigation from the registry, generated tree mounting;
- :mod:`symacts.site.mathml` — formulas typeset to MathML at build time.

Entry point: ``python scripts/build_docs.py``.
"""
