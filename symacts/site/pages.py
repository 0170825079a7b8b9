"""Page data -> Markdown: one function page, the gallery, the comparison table, guide tables.

Pure functions of the JSON produced by :mod:`symacts.site.derive`; no SymPy here, so the
pages of unchanged functions are re-rendered from the cache in milliseconds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from symacts.site.codeblocks import FENCE

PRIMES = ("", "'", "''")
#: Wikipedia's comparison columns, mapped to the derived property keys that answer them.
COMPARISON = (
    ("Range", "range"),
    ("Order of continuity", "continuity"),
    ("Monotonic", "monotonic"),
    ("Derivative monotonic", "derivative_monotonic"),
    ("Identity near origin", "identity_near_origin"),
)


# ------------------------------------------------------------------ helpers
def cell_math(tex: str) -> str:
    """Inline math safe inside a Markdown table cell (no bare ``|``)."""
    tex = tex.replace(r"\left|", r"\left\lvert ").replace(r"\right|", r"\right\rvert ")
    tex = tex.replace("|", r"\vert ")
    return f"${tex}$"


def md_text(text: str) -> str:
    """Record prose as literal Markdown: ``x*y*z`` must not turn into emphasis."""
    return text.replace("\\", "\\\\").replace("*", r"\*")


def cell_text(text: str) -> str:
    return md_text(text).replace("|", r"\|").replace("\n", " ")


def display_math(tex: str) -> str:
    return f"$$\n{tex}\n$$"


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> str:
    """A Markdown table; ``align`` has one of l, c, r per column (default left)."""
    marks = {"l": ":--", "c": ":-:", "r": "--:"}
    spec = [marks[a] for a in (align or "l" * len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(spec) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def fname(n: int, params: str = "") -> str:
    return f"f{PRIMES[n]}(x{params})"


#: Row labels for the derived property keys (others are shown with underscores as spaces).
LABELS = {
    "continuity": "Order of continuity",
    "derivative_monotonic": "Derivative monotonic",
    "identity_near_origin": "Identity near origin",
    "limit_neg_inf": "Limit at −∞",
    "limit_pos_inf": "Limit at +∞",
    "value_at_0": "f(0)",
    "derivative_at_0": "f′(0) (two-sided)",
    "derivative_at_0_convention": "f′(0) (as returned)",
    "kinks": "Kinks (f or f′ jumps)",
    "discontinuities": "First discontinuous derivative",
    "numeric": "Determined numerically",
}


def prop_display(value: dict[str, Any] | None) -> str:
    """A derived property (as stored by derive) for a table cell."""
    if value is None:
        return "–"
    if "list" in value:
        items = [prop_display(v) for v in value["list"]]
        return "; ".join(items) if items else "none"
    parts = []
    if "latex" in value:
        parts.append(cell_math(value["latex"]))
    if "text" in value:
        text = cell_text(value["text"])
        parts.append(f"({text})" if parts else text)
    return " ".join(parts)


def humanise(key: str) -> str:
    return LABELS.get(key, key.replace("_", " ").capitalize())


def figure_path(name: str, kind: str = "", prefix: str = "../") -> str:
    suffix = f"-{kind}" if kind else ""
    return f"{prefix}figures/{name}{suffix}.svg"


# ------------------------------------------------------------------ function page
def function_page(
    d: dict[str, Any], torch_kinks: dict[str, Any] | None = None, similar: str = ""
) -> str:
    """The Markdown page of one activation (``similar``: its closest-functions section)."""
    name = d["name"]
    out: list[str] = [f"# {d['title']} (`{name}`)", ""]
    facts = [f"**Family:** {d['family']}"]
    if d["aliases"]:
        facts.append("**Aliases:** " + ", ".join(f"`{a}`" for a in d["aliases"]))
    out += [" · ".join(facts), "", md_text(d["description"]), ""]
    ref = d["reference"]
    if ref:
        text = ref["text"]
        out += [
            f"**Reference:** [{text}]({ref['link']})" if ref["link"] else f"**Reference:** {text}",
            "",
        ]

    out += ["## Definition", ""]
    params = d["params"]
    if params:
        sig = ", ".join(p["symbol"] for p in params)
        out += [display_math(f"f(x; {sig}) = {d['latex_symbolic'][0]}"), ""]
        out += [_param_table(params), ""]
        if d["conditions"]:
            out += ["Also required: " + ", ".join(f"${c}$" for c in d["conditions"]) + ".", ""]
        out += ["With the default parameters:", "", display_math(f"f(x) = {d['latex'][0]}"), ""]
    else:
        out += [display_math(f"f(x) = {d['latex'][0]}"), ""]

    out += ["## Derivatives", ""]
    forms = d["latex_symbolic"] or d["latex"]
    for n in (1, 2):
        out += [display_math(f"{fname(n)} = {forms[n]}"), ""]
    if params:
        out += [
            "The derivatives keep the parameters as symbols; the graph and the tables "
            "below use the defaults.",
            "",
        ]

    out += ["## Graph", "", f"![{name}: f, f′ and f″]({figure_path(name)})", ""]
    if any(not k["removable"] for k in d["kinks"]):
        out += [
            "At a breakpoint a **filled dot** marks the value the function takes there "
            "(the branch that owns the point) and a **hollow dot** a one-sided limit it "
            "does not take.",
            "",
        ]
    for p in params:
        kind = p["name"]
        if kind in d.get("family_figures", []):
            out += [f"![{name} for several values of {kind}]({figure_path(name, kind)})", ""]

    if similar:
        out += [similar.rstrip(), ""]

    out += ["## Properties", "", _properties_table(d["properties"]), ""]

    out += ["## Special values", "", _special_table(d), ""]

    out += ["## Taylor series at 0", ""]
    s = d["series"]
    if s["latex"]:
        out += [display_math(f"f(x) = {s['latex']}"), ""]
        if s.get("removable"):
            out += [
                "0 is a removable singularity of the formula; the series is that of the "
                "continuous extension.",
                "",
            ]
    else:
        out += [f"None: {s['reason']}.", ""]

    out += ["## Asymptotes", "", _asymptotes(d["asymptotes"]), ""]

    out += [
        "## Value table",
        "",
        _value_table(d["values"]),
        "",
        "Exact rationals are shown as fractions; other values are rounded to 15 "
        "significant digits from a high-precision (mpmath) evaluation of the SymPy "
        "expression. Rows marked ◆ are breakpoints.",
        "",
    ]

    real_kinks = [k for k in d["kinks"] if not k["removable"]]
    if real_kinks:
        out += ["## Kinks and jumps", "", _kink_table(real_kinks), ""]
        if d["kink_convention"]:
            out += [f"**Convention:** {md_text(d['kink_convention'])}", ""]

    out += ["## Framework equivalents", ""]
    out += [_framework_section(d, torch_kinks), ""]

    out += ["## Numerical accuracy", "", _accuracy_section(d), ""]

    out += [
        "## Code",
        "",
        _usage(d),
        "",
        "The NumPy source that `act.numpy` runs (generated from the expression):",
        "",
    ]
    for n in range(3):
        out += [f'=== "{fname(n)}"', "", f"    ```{FENCE}"]
        out += [f"    {line}" if line else "" for line in d["numpy_source"][n].splitlines()]
        out += ["    ```", ""]
    return "\n".join(out).rstrip() + "\n"


def _param_table(params: list[dict[str, Any]]) -> str:
    rows = []
    for p in params:
        kw = f"`{p['name']}`" + "".join(f", `{a}`" for a in p["aliases"])
        rows.append(
            [
                kw,
                cell_math(p["symbol"]),
                cell_math(p["default"]),
                cell_math(p["constraint"]),
                cell_text(p["description"]),
            ]
        )
    return table(["Keyword", "Symbol", "Default", "Constraint", "Meaning"], rows)


def _properties_table(pairs: list[list[Any]]) -> str:
    if not pairs:
        return "No properties derived."
    props = dict(pairs)
    rows = [[humanise(k), prop_display(v)] for k, v in pairs if k != "notes"]
    out = table(["Property", "Value"], rows)
    notes = [n.get("text", "") for n in props.get("notes", {}).get("list", [])]
    if notes:
        out += "\n\n" + "\n".join(f"- {cell_text(n)}" for n in notes)
    return out


def _special_table(d: dict[str, Any]) -> str:
    rows = [[cell_math(r["label"]), cell_math(r["value"])] for r in d["special"]]
    for a in d["asymptotes"]:
        inf = r"+\infty" if a["side"] == "+" else r"-\infty"
        rows.append([cell_math(rf"\lim_{{x \to {inf}}} f(x)"), cell_math(a["limit"])])
    return table(["Quantity", "Value"], rows)


def _asymptotes(items: list[dict[str, Any]]) -> str:
    lines = []
    for a in items:
        inf = r"+\infty" if a["side"] == "+" else r"-\infty"
        if a["line"] is None:
            lines.append(f"- As $x \\to {inf}$: no asymptote (the limit is ${a['limit']}$).")
        else:
            lines.append(f"- As $x \\to {inf}$: $y = {a['line']}$ ({a['kind']}).")
    return "\n".join(lines)


def _value_table(rows: list[dict[str, Any]]) -> str:
    body = []
    for r in rows:
        x = f"{r['x']} ◆" if r["kink"] else r["x"]
        body.append([x] + [c["text"] for c in r["cells"]])
    return table(["$x$", "$f(x)$", "$f'(x)$", "$f''(x)$"], body, "rrrr")


def _kink_table(kinks: list[dict[str, Any]]) -> str:
    rows = []
    for k in kinks:
        for c in k["curves"]:
            owner = {
                "left": "left branch",
                "right": "right branch",
                "both": "continuous",
                "neither": "neither side",
            }[c["owner"]]
            rows.append(
                [
                    cell_math(f"x = {k['x']}"),
                    cell_math(fname(c["n"])[:-3]),
                    cell_math(c["left"]),
                    cell_math(c["value"]),
                    cell_math(c["right"]),
                    owner,
                ]
            )
    return table(["Point", "", "Left limit", "Value", "Right limit", "Value from"], rows)


def _framework_section(d: dict[str, Any], torch_kinks: dict[str, Any] | None) -> str:
    parts = []
    if d["frameworks"]:
        rows = []
        for f in d["frameworks"]:
            defaults = ", ".join(f"`{k}={v}`" for k, v in f["defaults"]) or "–"
            rows.append(
                [f["framework"], f"`{f['call']}`", defaults, cell_text(f["differences"]) or "–"]
            )
        parts.append(table(["Framework", "Call", "Defaults", "Differences"], rows))
    else:
        parts.append("No framework ships this activation.")
    measured = (torch_kinks or {}).get("points")
    if measured:
        rows = [[m["x"], m["grad"], m["grad2"], m["symacts"]] for m in measured]
        parts.append(
            f"PyTorch {torch_kinks['version']} autograd at the breakpoints (float64, measured "
            "when this site was built), next to symacts:\n\n"
            + table(["$x$", "PyTorch $f'$", "PyTorch $f''$", "symacts $f'$"], rows, "rrrr")
        )
    notes = d["notes"]  # numeric notes go to the accuracy section
    if notes:
        parts.append("\n".join(f"- {md_text(n)}" for n in notes))
    return "\n\n".join(parts)


def ulp_text(value: Any) -> str:
    """An error in ULP to 3 digits; infinite (or NaN) as ∞, a missing one as –."""
    if value is None:
        return "–"
    v = float(value)  # cached JSON spells infinities "inf"
    return f"{v:.3g}" if math.isfinite(v) else "∞"


def _certified_cell(measured: dict[str, Any]) -> str:
    """The whole-range error and where it peaks (nowhere, when it is exact at every point)."""
    worst = measured["max_ulp"]
    if measured["nonfinite"]:
        return f"{measured['nonfinite']} points NaN/inf where finite"
    if float(worst) == 0:
        return "0 (exact at every point)"
    return f"{ulp_text(worst)} (at x = {float(measured['worst_x']):.6g})"


def _accuracy_section(d: dict[str, Any]) -> str:
    """Measured ULP errors of ``act.numpy`` against the bounds (the store's whole-range
    certificate, float64 and float32), and of the naive formula on the small sample."""
    rows, over = [], []
    for a, cert in zip(d["accuracy"], d["certificate"], strict=True):
        n = a["n"]
        if cert["over_bound"] or cert["nonfinite"] or cert["float32"]["over_bound"]:
            over.append(fname(n))
        rows.append(
            [
                cell_math(fname(n)[:-3]),
                ulp_text(cert["bound"]),
                _certified_cell(cert),
                _certified_cell(cert["float32"]),
                ulp_text(a["naive_max_ulp"]),
            ]
        )
    cert = d["certificate"][0]
    headers = [
        "",
        "Bound (ULP)",
        f"`act.numpy`, {cert['points']:,} float64 points",
        f"float32, {cert['float32']['points']:,} points",
        f"Naive formula, {d['accuracy'][0]['points']} points",
    ]
    parts = [
        "Maximum error in units in the last place (ULP) of the exactly rounded value, "
        "against a high-precision mpmath evaluation of the definition. The float64 points "
        "cover every binade from the smallest subnormal to the largest finite float (both "
        "signs), a dense grid on [-40, 40], 3,600 seeded points off the grid on [-64, 64], "
        "the band where e<sup>-|x|</sup> is subnormal and the kinks; float32 inputs are "
        "measured against float32 rounding (bound 4 ULP "
        "for every order). The naive column lambdifies the formula on ±10<sup>k</sup> "
        "(k = -8…3) and the plot window. [All functions](../guides/numerical-accuracy.md).",
        table(headers, rows, "lrrrr"),
    ]
    if over:
        reasons = "\n".join(f"    - {md_text(n)}" for n in d["numeric_notes"]) or (
            "    - No reason is recorded yet."
        )
        parts.append(
            f'!!! warning "Bound not met for {", ".join(over)}"\n'
            "    The measured error above exceeds the bound.\n\n" + reasons
        )
    elif d["numeric_notes"]:
        parts.append("\n".join(f"- {md_text(n)}" for n in d["numeric_notes"]))
    return "\n\n".join(parts)


def _usage(d: dict[str, Any]) -> str:
    name = d["name"]
    lines = [
        "```python",
        "import numpy as np",
        "import symacts",
        "",
        f'act = symacts.get("{name}")',
        "act.formula()        # the SymPy expression",
        "act.diff(1)          # f'(x), by sympy.diff",
        "act.latex(2)         # LaTeX of f''(x)",
        "f = act.numpy()      # vectorised, numerically stable",
        "f(np.array([-1.0, 0.0, 2.0]))",
    ]
    if d["params"]:
        p = d["params"][0]
        lines.append(f"act.numpy({p['name']}={p['default_text']})  # explicit parameters")
    lines.append("```")
    return "\n".join(lines)


# ------------------------------------------------------------------ site-wide fragments
def functions_index(
    datas: Sequence[dict[str, Any]], overview: Sequence[tuple[str, str]] = ()
) -> str:
    """The Functions section's index page: links to ``overview`` (stem, title) pages, then
    every function by family."""
    out = [
        "# All functions",
        "",
        f"{len(datas)} activation functions, grouped by family. Each page is generated "
        "from the function's SymPy record.",
        "",
    ]
    if overview:
        out += ["See also: " + " · ".join(f"[{t}]({s}.md)" for s, t in overview) + ".", ""]
    for family, items in by_family(datas):
        out += [f"## {family.capitalize()}", ""]
        out += [f"- [`{d['name']}`]({d['name']}.md): {d['title']}" for d in items]
        out.append("")
    return "\n".join(out)


def family_anchor(family: str) -> str:
    """The id of a family's heading (families page, gallery with a ``gallery-`` prefix)."""
    return re.sub(r"[^a-z0-9]+", "-", family.lower()).strip("-")


def by_family(datas: Sequence[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    families: dict[str, list[dict[str, Any]]] = {}
    for d in sorted(datas, key=lambda d: d["name"]):
        families.setdefault(d["family"], []).append(d)
    return sorted(families.items())


def gallery(datas: Sequence[dict[str, Any]], prefix: str = "") -> str:
    """Thumbnails by family (a jump list first, one anchored heading each), linking to pages."""
    groups = by_family(datas)
    jump = " · ".join(
        f"[{family} ({len(items)})](#gallery-{family_anchor(family)})" for family, items in groups
    )
    out = [f"Jump to a family: {jump}", ""]
    for family, items in groups:
        out += [
            f"### {family.capitalize()} {{#gallery-{family_anchor(family)}}}",
            "",
            '<div class="sa-gallery" markdown>',
            "",
        ]
        for d in items:
            thumb = figure_path(d["name"], "thumb", prefix)
            out.append(
                f'[![{d["name"]}]({thumb}){{ width="160" height="100" }}'
                f"<span>{d['name']}</span>]({prefix}functions/{d['name']}.md)"
            )
        out += ["", "</div>", ""]
    return "\n".join(out)


def comparison_table(datas: Sequence[dict[str, Any]], prefix: str = "") -> str:
    """Wikipedia's comparison columns, all derived, plus a thumbnail and a link."""
    header = ["Name", "Plot", "Equation", "Derivative", *(c for c, _ in COMPARISON)]
    rows = []
    for d in sorted(datas, key=lambda d: d["name"]):
        thumb = figure_path(d["name"], "thumb", prefix)
        props = dict(d["properties"])
        rows.append(
            [
                f"[`{d['name']}`]({prefix}functions/{d['name']}.md)",
                f'![{d["name"]}]({thumb}){{ width="96" height="60" }}',
                cell_math(d["latex"][0]),
                cell_math(d["latex"][1]),
                *(prop_display(props.get(key)) for _, key in COMPARISON),
            ]
        )
    return table(header, rows)
