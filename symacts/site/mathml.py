"""Formulas typeset at build time: LaTeX (from ``sympy.latex``) to MathML, no JavaScript.

``pymdownx.arithmatex`` (generic mode) wraps every ``$...$`` and ``$$...$$`` of a page in
``<span class="arithmatex">\\(...\\)</span>`` or ``<div class="arithmatex">\\[...\\]</div>``;
:func:`typeset` replaces the LaTeX inside each wrapper with MathML from ``math-core``, which
targets MathML Core (rendered natively by Chromium, Firefox and Safari). Stretchy braces and
radicals need a font with an OpenType MATH table, so the site serves STIX Two Math, taken from
the installed ``ziamath`` package: page views make no request outside the site.

The module is also a Python-Markdown extension (``markdown_extensions: [symacts.site.mathml]``
in mkdocs.yml, after arithmatex), so every page rendered from Markdown, including
mkdocstrings' docstrings, is typeset by any MkDocs-compatible builder, hooks or not.
"""

from __future__ import annotations

import functools
import html
import importlib.metadata
import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

#: Where the generated tree (and so the site) holds the math font; symacts.css names it.
FONT_TARGET = "assets/fonts/STIXTwoMath-Regular.ttf"

_WRAPPED = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">'
    r"(?P<open>\\\(|\\\[)(?P<tex>.*?)(?:\\\)|\\\])</(?P=tag)>",
    re.S,
)
# f' comes out as f with a superscript prime; the prime glyph already sits high, so as a
# script it shrinks and floats above the letter. It follows the letter instead.
_PRIMED = re.compile(r"<msup>(<mi>[^<]*</mi>)<mo>([\u2032\u2033\u2034])</mo></msup>")
# sympy writes every bracket as \left( ... \right); a stretchy bracket takes a size variant
# with wide side bearings even around flat content, so brackets around a run of tokens and
# scripts only (no fraction, radical, table or nested group) stay at text size.
_FLAT_GROUP = re.compile(
    r"<mrow><mo>([(\[])</mo>((?:(?!<mrow|<mfrac|<msqrt|<mroot|<mtable|<munder|<mover|<mo>[()\[\]]</mo>).)*)<mo>([)\]])</mo></mrow>"
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class MathError(ValueError):
    """A formula that math-core cannot convert."""


@functools.cache
def _converter():
    import math_core

    return math_core.LatexToMathML()


@functools.cache
def to_mathml(tex: str, display: bool = False) -> str:
    """MathML for one LaTeX formula (cached per formula string).

    Parameters
    ----------
    tex : str
        The formula, without delimiters, e.g. ``r"\\frac{x}{2}"``.
    display : bool
        A display formula (``<math display="block">``) rather than an inline one.

    Returns
    -------
    str
        One ``<math>`` element.

    Raises
    ------
    MathError
        If the LaTeX does not parse; the message names the formula.

    Examples
    --------
    >>> to_mathml("x^2")
    '<math><msup><mi>x</mi><mn>2</mn></msup></math>'
    """
    import math_core

    try:
        out = _converter().convert_with_local_state(tex, displaystyle=display)
    except math_core.LatexError as exc:
        # math-core's message is coloured for a terminal; keep its first line, plain.
        lines = _ANSI.sub("", str(exc)).strip().splitlines() or ["parse error"]
        raise MathError(f"cannot typeset {tex!r}: {lines[0]}") from None
    out = _FLAT_GROUP.sub(
        r'<mrow><mo stretchy="false">\1</mo>\2<mo stretchy="false">\3</mo></mrow>', out
    )
    return _PRIMED.sub(r"\1<mo>\2</mo>", out)


def typeset(page_html: str) -> str:
    """Replace the LaTeX in every arithmatex wrapper of a page with MathML.

    Parameters
    ----------
    page_html : str
        A rendered page (or fragment) as pymdownx.arithmatex (generic mode) left it.

    Returns
    -------
    str
        The same HTML with each wrapper's ``\\(...\\)`` or ``\\[...\\]`` replaced by a
        ``<math>`` element; everything else is untouched.

    Examples
    --------
    >>> typeset('<span class="arithmatex">\\\\(x &gt; 0\\\\)</span>')
    '<span class="arithmatex"><math><mi>x</mi><mo>&gt;</mo><mn>0</mn></math></span>'
    """

    def convert(match: re.Match[str]) -> str:
        tex = html.unescape(match.group("tex")).strip()
        math = to_mathml(tex, display=match.group("open") == r"\[")
        tag = match.group("tag")
        return f'<{tag} class="arithmatex">{math}</{tag}>'

    return _WRAPPED.sub(convert, page_html)


def font_bytes() -> bytes:
    """The STIX Two Math font file shipped inside the installed ``ziamath`` package.

    Found through the distribution's metadata: importing ziamath itself is slow and warns.
    """
    dist = importlib.metadata.distribution("ziamath")
    font = dist.locate_file("ziamath/fonts/STIXTwoMath-Regular.ttf")
    if not font.is_file():
        raise FileNotFoundError(f"{font}: reinstall the docs extra (pip install -e '.[docs]')")
    return font.read_bytes()


def version() -> str:
    """math-core's and ziamath's versions: part of the build's input key."""
    return "+".join(f"{p}-{importlib.metadata.version(p)}" for p in ("math-core", "ziamath"))


class _Typeset(Postprocessor):
    def run(self, text: str) -> str:
        return typeset(text)


class MathMLExtension(Extension):
    """Python-Markdown extension: arithmatex's wrappers become MathML (see :func:`typeset`).

    Registered as a postprocessor below Python-Markdown's own (raw HTML comes back at 30,
    escapes are undone at 10), so it sees the finished HTML of the page.

    Examples
    --------
    >>> import markdown
    >>> markdown.markdown("$x$", extensions=["pymdownx.arithmatex", MathMLExtension()],
    ...                   extension_configs={"pymdownx.arithmatex": {"generic": True}})
    '<p><span class="arithmatex"><math><mi>x</mi></math></span></p>'
    """

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Typeset(md), "symacts-mathml", 5)


def makeExtension(**kwargs: Any) -> MathMLExtension:
    """The entry point Python-Markdown calls for ``symacts.site.mathml``."""
    return MathMLExtension(**kwargs)
