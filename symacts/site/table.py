"""Site-wide overview pages: the property table, the families page and the excluded page.

Every value comes from the records (``act.properties``, ``act.reference``, ``act.family``,
``act.frameworks``) or from the page data derived from them; the browser-side sorting and
filtering (``docs/javascripts/tables.js``) reads the sort keys and filter flags this module
embeds as JSON, so no property is computed twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sympy as sp

from symacts.activation import Activation
from symacts.site.pages import cell_text, family_anchor, prop_display, table

#: Element id of the embedded JSON that ``tables.js`` reads.
DATA_ID = "sa-proptable-data"
#: File stems of the overview pages (under ``functions/``) and their nav titles.
PROPERTIES, FAMILIES, EXCLUDED = "properties", "families", "excluded"
OVERVIEW_PAGES = (
    (PROPERTIES, "Property table"),
    (FAMILIES, "Families"),
    (EXCLUDED, "Excluded functions"),
)


def _number(value: Any) -> float | None:
    """A sort key for a SymPy value: its float, +-1e300 for infinities, None if unknown."""
    if value is None or not isinstance(value, sp.Basic):
        return None
    if value == sp.oo:
        return 1e300
    if value == -sp.oo:
        return -1e300
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return f if f == f else None


def _continuity(props: Mapping[str, Any]) -> float | None:
    c = props.get("continuity")
    if c is None:
        return None
    return 1e300 if c == sp.oo else float(c)


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def bounded(props: Mapping[str, Any]) -> bool | None:
    """Bounded above and below (None when either is undetermined)."""
    lo, hi = props.get("bounded_below"), props.get("bounded_above")
    if not isinstance(lo, bool) or not isinstance(hi, bool):
        return None
    return lo and hi


def smooth(props: Mapping[str, Any]) -> bool:
    """Infinitely differentiable everywhere (order of continuity C^inf)."""
    return props.get("continuity") == sp.oo


#: Checkbox filters: (key, label, predicate on ``act.properties``); a row passes when true.
FILTERS: tuple[tuple[str, str, Callable[[Mapping[str, Any]], bool]], ...] = (
    ("monotonic", "monotonic", lambda p: p.get("monotonic") is True),
    ("smooth", "smooth (C^∞)", smooth),
    ("continuous", "continuous", lambda p: p.get("continuity") not in (None, -1)),
    ("bounded", "bounded", lambda p: bounded(p) is True),
    ("dmonotonic", "f′ monotonic", lambda p: p.get("derivative_monotonic") is True),
    ("identity", "identity near origin", lambda p: p.get("identity_near_origin") is True),
)


def _yes_no(value: bool | None) -> str:
    return "–" if value is None else ("yes" if value else "no")


def frameworks(act: Activation) -> list[str]:
    """The frameworks that ship the activation, sorted, each once."""
    return sorted({f.framework for f in act.frameworks})


def table_rows(
    acts: Sequence[Activation], datas: Mapping[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """One row per function: Markdown cells, sort keys (aligned with the cells) and flags.

    Parameters
    ----------
    acts
        The functions, in row order.
    datas
        Page data by name (:func:`symacts.store.page_data`), for the displayed values.

    Returns
    -------
    list of dict
        ``{"name", "cells", "keys", "flags"}`` per function.
    """
    rows = []
    for act in acts:
        props = act.properties
        shown = dict(datas[act.name]["properties"])
        year = act.reference.year if act.reference else None
        fws = frameworks(act)
        cells_keys = [
            (f"[`{act.name}`]({act.name}.md)", act.name),
            (
                f"[{cell_text(act.family)}](families.md#{family_anchor(act.family)})",
                act.family,
            ),
            (str(year) if year else "–", year),
            (prop_display(shown.get("range")), _number(getattr(props.get("range"), "inf", None))),
            (prop_display(shown.get("continuity")), _continuity(props)),
            (_yes_no(_bool(props.get("monotonic"))), _bool(props.get("monotonic"))),
            (
                _yes_no(_bool(props.get("derivative_monotonic"))),
                _bool(props.get("derivative_monotonic")),
            ),
            (_yes_no(bounded(props)), bounded(props)),
            (
                _yes_no(_bool(props.get("identity_near_origin"))),
                _bool(props.get("identity_near_origin")),
            ),
            (prop_display(shown.get("value_at_0")), _number(props.get("value_at_0"))),
            (prop_display(shown.get("derivative_at_0")), _number(props.get("derivative_at_0"))),
            (", ".join(fws) or "–", len(fws)),
        ]
        rows.append(
            {
                "name": act.name,
                "cells": [c for c, _ in cells_keys],
                "keys": [k for _, k in cells_keys],
                "flags": [key for key, _, test in FILTERS if test(props)],
            }
        )
    return rows


#: Column headings of :func:`table_rows`, in order.
HEADERS = (
    "Name",
    "Family",
    "Year",
    "Range",
    "Continuity",
    "Monotonic",
    "f′ monotonic",
    "Bounded",
    "Identity near 0",
    "f(0)",
    "f′(0)",
    "Frameworks",
)


def properties_page(acts: Sequence[Activation], datas: Mapping[str, dict[str, Any]]) -> str:
    """The property table page: every function a row, sortable and filterable in the browser.

    Parameters
    ----------
    acts
        Every function of the site.
    datas
        Page data by name.

    Returns
    -------
    str
        Markdown with the controls, the embedded sort keys and the table.
    """
    rows = table_rows(sorted(acts, key=lambda a: a.name), datas)
    payload = {
        "rows": {r["name"]: {"keys": r["keys"], "flags": r["flags"]} for r in rows},
    }
    data = json.dumps(payload, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    boxes = "\n".join(
        f'<label><input type="checkbox" data-flag="{key}"> {label}</label>'
        for key, label, _ in FILTERS
    )
    return "\n".join(
        [
            "# Property table",
            "",
            f"The derived properties of all {len(rows)} functions, one row each. Select a "
            "column heading to sort by it (again to reverse); type in the box to filter by "
            "name or family, and tick properties to keep only the functions that have all "
            "of them. Range and the values at 0 use the default parameters; f′(0) is the "
            "two-sided derivative (– where it does not exist). Range sorts by its lower "
            "end, continuity by its order (C^∞ last), frameworks by their count; unknown "
            "values (–) sort last.",
            "",
            '<div class="sa-controls">',
            '<input type="search" class="sa-filter" placeholder="Filter by name or family" '
            'aria-label="Filter the table by name or family">',
            boxes,
            '<span class="sa-count" aria-live="polite"></span>',
            "</div>",
            "",
            f'<script type="application/json" id="{DATA_ID}">{data}</script>',
            "",
            '<div class="sa-proptable" markdown>',
            "",
            table(HEADERS, [r["cells"] for r in rows]),
            "",
            "</div>",
            "",
        ]
    )


def families_page(
    acts: Sequence[Activation],
    figures: Mapping[str, Sequence[tuple[str, Sequence[str]]]] | None = None,
) -> str:
    """Each family: an overlay figure of its members (when drawn) and links to their pages.

    Parameters
    ----------
    acts
        Every function of the site.
    figures
        Family -> its overlay SVGs as (relative path, names drawn); none for no figure.

    Returns
    -------
    str
        Markdown, one section per family with the anchor :func:`family_anchor`.
    """
    figures = figures or {}
    groups: dict[str, list[Activation]] = {}
    for a in sorted(acts, key=lambda a: a.name):
        groups.setdefault(a.family, []).append(a)
    out = [
        "# Families",
        "",
        f"{len(acts)} functions in {len(groups)} families. Each family's members are drawn "
        "together (default parameters) and listed with links to their pages.",
        "",
        " · ".join(f"[{f}](#{family_anchor(f)})" for f in sorted(groups)),
        "",
    ]
    for family, members in sorted(groups.items()):
        out += [f"## {family.capitalize()} {{#{family_anchor(family)}}}", ""]
        for path, drawn in figures.get(family, ()):
            out += [f"![{family}: {', '.join(drawn)}]({path})", ""]
        out += [f"- [`{a.name}`]({a.name}.md): {cell_text(a.title)}" for a in members]
        out.append("")
    return "\n".join(out)


def excluded_page(entries: Sequence[Any]) -> str:
    """The functions left out of the catalogue, each with the reason and its reference.

    Parameters
    ----------
    entries
        :func:`symacts.excluded` (``symacts.catalog.Excluded`` records).

    Returns
    -------
    str
        Markdown with one table row per entry.
    """
    out = [
        "# Excluded functions",
        "",
        "Activations met in the literature that have no record here, and why. A record is "
        "one fixed real function of one real variable (with scalar parameters); these are "
        "not. Each reason is stated next to the catalogue records it concerns.",
        "",
    ]
    if not entries:
        return "\n".join([*out, "None.", ""])
    rows = []
    for e in entries:
        ref = e.reference
        if ref is None:
            cite = "–"
        else:
            text = cell_text(str(ref))
            cite = f"[{text}]({ref.link})" if ref.link else text
        rows.append([f"`{e.name}`", cell_text(e.reason), cite])
    return "\n".join([*out, table(["Name", "Why it is left out", "Reference"], rows), ""])
