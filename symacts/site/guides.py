"""Data, figures and tables for the site-wide guide pages.

Each ``*_fragments`` function returns ``{relative path: content}`` for the generated tree;
the hand-written guides in ``docs/guides/`` include the Markdown fragments.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import sympy as sp

from symacts.site.pages import cell_math, cell_text, table, ulp_text

R = sp.Rational
#: The two-unit network of the guide (weights as exact decimals).
NETWORK = {
    "w1": R("1.70"),
    "b1": R("-0.85"),
    "w2": R("12.6"),
    "b2": R(0),
    "w3": R("-40.8"),
    "w4": R("2.70"),
    "b3": R(-16),
}
NETWORK_XS = (R(0), R("0.2"), R("0.6"), R(1))


def decimal_text(value: sp.Expr, digits: int = 15) -> str:
    """A rational as a terminating decimal when it is one, else rounded to ``digits``."""
    value = sp.nsimplify(value)
    if value.is_Rational:
        q = int(value.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q == 1:
            text = f"{sp.Float(value, 40):.20f}".rstrip("0").rstrip(".")
            return "0" if text in ("-0", "") else text
    return f"{float(value):.{digits}g}"


# ------------------------------------------------------------------ ReLU network
def network_stages() -> tuple[sp.Symbol, list[tuple[str, str, sp.Expr]]]:
    """(x, [(label, latex label, expression)]) for each stage of the network."""
    import symacts

    relu = symacts.get("relu")
    x = relu.x
    n = NETWORK
    s1 = relu(n["w1"] * x + n["b1"])
    s2 = relu(n["w2"] * x + n["b2"])
    total = s1 * n["w3"] + s2 * n["w4"]
    stages = [
        ("relu(w₁x + b₁)", r"\operatorname{relu}(w_1 x + b_1)", s1),
        ("relu(w₁x + b₁)·w₃", r"\operatorname{relu}(w_1 x + b_1)\, w_3", s1 * n["w3"]),
        ("relu(w₂x + b₂)·w₄", r"\operatorname{relu}(w_2 x + b_2)\, w_4", s2 * n["w4"]),
        ("sum", r"\text{sum}", total),
        ("sum + b₃", r"\text{sum} + b_3", total + n["b3"]),
        ("relu(sum + b₃)", r"\operatorname{relu}(\text{sum} + b_3)", relu(total + n["b3"])),
    ]
    return x, stages


def network_fragments() -> dict[str, str]:
    """Figures, the stage table and the closed form of the two-unit ReLU network."""
    from symacts.site import figures

    x, stages = network_stages()
    files: dict[str, str] = {}
    lines = []
    for i, (label, tex, expr) in enumerate(stages, start=1):
        files[f"figures/network-stage{i}.svg"] = figures.expression_figure(
            [(label, expr)], x, (0.0, 1.0), f"Stage {i}: {label}", figures.STAGE_SIZE
        )
        closed = sp.piecewise_fold(expr).simplify()
        lines += [
            f"### Stage {i}: {label}",
            "",
            display(f"{tex} = {sp.latex(closed)}"),
            "",
            f"![Stage {i}: {label}](../figures/network-stage{i}.svg)",
            "",
        ]
    files["fragments/network-stages.md"] = "\n".join(lines)
    rows = [
        [decimal_text(x0)] + [decimal_text(e.subs(x, x0)) for _, _, e in stages]
        for x0 in NETWORK_XS
    ]
    header = ["$x$"] + [f"${tex}$" for _, tex, _ in stages]
    files["fragments/network-table.md"] = table(header, rows, "r" * len(header)) + "\n"
    final = sp.piecewise_fold(stages[-1][2]).simplify()
    files["fragments/network-closed-form.md"] = (
        display(r"\operatorname{net}(x) = " + sp.latex(final)) + "\n"
    )
    weights = ", ".join(f"${k[0]}_{k[1]} = {decimal_text(v)}$" for k, v in NETWORK.items())
    files["fragments/network-weights.md"] = weights + "\n"
    return files


def display(tex: str) -> str:
    return f"$$\n{tex}\n$$"


# ------------------------------------------------------------------ linear vs nonlinear
def linear_fragments() -> dict[str, str]:
    """Figures contrasting lines with x^2, x^3, e^x and log(|x| + 1)."""
    from symacts.site import figures

    x = sp.Symbol("x", real=True)
    m, b = sp.Symbol("m"), sp.Symbol("b")
    lines = [
        (f"y = {mv}x + {bv}".replace("+ -", "− "), mv * x + bv)
        for mv, bv in ((2, 1), (R(1, 2), -1), (-1, 0))
    ]
    nonlinear = [
        ("x²", x**2),
        ("x³", x**3),
        ("eˣ", sp.exp(x)),
        ("log(|x| + 1)", sp.log(sp.Abs(x) + 1)),
    ]
    files = {
        "figures/linear-lines.svg": figures.expression_figure(
            lines, x, (-3.0, 3.0), "Straight lines y = mx + b"
        ),
        "figures/linear-nonlinear.svg": figures.expression_figure(
            nonlinear, x, (-2.0, 2.0), "Nonlinear functions"
        ),
    }
    w1, b1, w2, b2 = sp.symbols("w_1 b_1 w_2 b_2")
    composed = sp.expand(w2 * (w1 * x + b1) + b2)
    files["fragments/linear-composition.md"] = (
        display(rf"w_2 (w_1 x + b_1) + b_2 = {sp.latex(sp.collect(composed, x))}") + "\n"
    )
    rows = [
        [f"`{label}`", cell_math(sp.latex(e)), cell_math(sp.latex(sp.diff(e, x)))]
        for label, e in [("line", m * x + b), *nonlinear]
    ]
    files["fragments/linear-table.md"] = table(["Function", "$f(x)$", "$f'(x)$"], rows) + "\n"
    return files


# ------------------------------------------------------------------ kinks across frameworks
def measure_torch(acts: Sequence[Any]) -> dict[str, Any]:
    """PyTorch autograd f' and f'' at each breakpoint of each activation PyTorch ships."""
    import torch

    from symacts.site.derive import breakpoints, drop_distributions

    results: dict[str, Any] = {"version": torch.__version__, "functions": {}}
    for act in acts:
        fw = next((f for f in act.frameworks if f.framework == "pytorch"), None)
        if fw is None:
            continue
        curves = [
            drop_distributions(act.formula()),
            *(drop_distributions(act.diff(n)) for n in (1, 2)),
        ]
        points = breakpoints(curves, act.x)
        if not points:
            continue
        module, _, attr = fw.call.rpartition(".")
        fn = getattr(importlib.import_module(module), attr)
        rows = []
        for c in points:
            grad, grad2 = _torch_grads(torch, fn, float(c), dict(fw.defaults))
            rows.append({"x_f": float(c), "grad": grad, "grad2": grad2})
        results["functions"][act.name] = rows
    return results


def _torch_grads(torch: Any, fn: Any, c: float, kwargs: dict[str, Any]) -> tuple[str, str]:
    x = torch.tensor(c, dtype=torch.float64, requires_grad=True)
    try:
        y = fn(x, **kwargs)
    except TypeError:  # parameters PyTorch wants as tensors (prelu's weight)
        y = fn(
            x,
            **{
                k: torch.tensor(v, dtype=torch.float64) if isinstance(v, float) else v
                for k, v in kwargs.items()
            },
        )
    (g,) = torch.autograd.grad(y, x, create_graph=True)
    if not g.requires_grad:
        return _short(float(g.detach())), "0"
    try:
        (g2,) = torch.autograd.grad(g, x, allow_unused=True)
    except RuntimeError:  # some backward formulas have no derivative of their own
        return _short(float(g.detach())), "not implemented"
    return _short(float(g.detach())), "0" if g2 is None else _short(float(g2.detach()))


def _short(v: float) -> str:
    return "nan" if math.isnan(v) else f"{v:.15g}"


def frameworks_available() -> dict[str, bool]:
    """Which frameworks can be imported at build time (only these are measured)."""
    return {
        name: importlib.util.find_spec(mod) is not None
        for name, mod in (("pytorch", "torch"), ("jax", "jax"), ("keras", "keras"))
    }


def kinks_fragment(
    datas: Sequence[dict[str, Any]], torch_results: dict[str, Any] | None, prefix: str = "../"
) -> str:
    """Side-by-side derivatives where f or f' jumps: symacts, PyTorch, JAX and Keras.

    Breakpoints where only f'' jumps are left to the function pages.
    """
    torch_fns = (torch_results or {}).get("functions", {})
    rows = []
    for d in sorted(datas, key=lambda d: d["name"]):
        calls = {f["framework"]: f["call"] for f in d["frameworks"]}
        for k in d["kinks"]:
            if k["removable"] or not (k["curves"][0]["jump"] or k["curves"][1]["jump"]):
                continue
            c1 = k["curves"][1]
            torch_row = next(
                (r for r in torch_fns.get(d["name"], []) if r["x_f"] == k["x_f"]), None
            )
            if torch_row:
                torch_cell = torch_row["grad"]
                if c1["value_f"] is not None and _as_float(torch_row["grad"]) != c1["value_f"]:
                    torch_cell += " **(differs)**"
            else:
                torch_cell = "not measured" if "pytorch" in calls else "–"
            others = [f"`{calls[f]}`" for f in ("jax", "keras") if f in calls]
            rows.append(
                [
                    f"[`{d['name']}`]({prefix}functions/{d['name']}.md)",
                    cell_math(k["x"]),
                    cell_math(c1["value"]),
                    torch_cell,
                    cell_math(c1["left"]),
                    cell_math(c1["right"]),
                    "<br>".join(others) or "–",
                ]
            )
    header = [
        "Function",
        "$x$",
        "symacts $f'(x)$",
        "PyTorch autograd",
        "left $f'$",
        "right $f'$",
        "JAX, Keras",
    ]
    return table(header, rows, "llrrrrl") + "\n"


# ------------------------------------------------------------------ accuracy
def accuracy_fragments(
    datas: Sequence[dict[str, Any]], bench_json: Path | None, prefix: str = "../"
) -> dict[str, str]:
    """The sampled accuracy table, and the full benchmark's table when its JSON exists."""
    rows = []
    for d in sorted(datas, key=lambda d: d["name"]):
        for a in d["accuracy"]:
            bad = _as_float(a["naive_max_ulp"]) > 4
            warn = "; ".join(w.split(": ", 1)[-1] for w in a["naive_warnings"]) or "–"
            rows.append(
                [
                    f"[`{d['name']}`]({prefix}functions/{d['name']}.md)" if a["n"] == 0 else "",
                    ["$f$", "$f'$", "$f''$"][a["n"]],
                    ulp_text(a["numpy_max_ulp"]),
                    ulp_text(a["naive_max_ulp"]),
                    f"{a['naive_worst_x']:.6g}" if bad else "–",
                    f"{a['naive_worst_got']} vs {a['naive_worst_ref']}" if bad else "–",
                    cell_text(warn),
                ]
            )
    sample = table(
        [
            "Function",
            "",
            "`act.numpy` max ULP",
            "naive max ULP",
            "worst input",
            "naive result vs exact",
            "naive warnings",
        ],
        rows,
        "lcrrrll",
    )
    files = {"fragments/accuracy-sample.md": sample + "\n"}
    if bench_json is not None and bench_json.is_file():
        files["fragments/accuracy-bench.md"] = bench_table(json.loads(bench_json.read_text()))
    else:
        files["fragments/accuracy-bench.md"] = (
            '!!! note "Full benchmark not run"\n    `bench-results/accuracy.json` was absent '
            "when this site was built; run `python scripts/bench_accuracy.py` and rebuild to "
            "include the full measurement.\n"
        )
    return files


def _as_float(v: Any) -> float:
    """Cached numbers: infinities are stored as the strings "inf"/"-inf"."""
    return float(v) if v is not None else math.nan


def bench_table(report: Any) -> str:
    """Any list of flat records (the benchmark's JSON) as a table, columns in first-seen order."""
    records = report.get("results", report) if isinstance(report, dict) else report
    if not isinstance(records, list) or not records:
        return "The benchmark JSON holds no results.\n"
    columns: list[str] = []
    for r in records:
        columns += [k for k in r if k not in columns]
    rows = [[cell_text(_bench_cell(r.get(c))) for c in columns] for r in records]
    meta = report.get("meta") if isinstance(report, dict) else None
    head = ""
    if isinstance(meta, dict):
        head = "; ".join(f"{k}: {v}" for k, v in meta.items()) + "\n\n"
    return head + table([humanise_key(c) for c in columns], rows) + "\n"


def humanise_key(key: str) -> str:
    return key.replace("_", " ")


def _bench_cell(v: Any) -> str:
    if isinstance(v, float):
        return ulp_text(v)
    return "–" if v is None else str(v)
