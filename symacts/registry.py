"""The registry: collected from the catalogue modules, never typed out.

The catalogue is loaded on first use so that ``import symacts`` stays cheap. ``get`` imports
only the module that defines the name, found in the derivation store's index (written with
the store from the records); a name the index does not know loads the whole catalogue.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import re
from typing import TYPE_CHECKING, Any

import sympy as sp

from symacts.activation import Activation, Framework, Param, Reference, X

if TYPE_CHECKING:
    from symacts.catalog import Excluded


class UnknownActivationError(KeyError):
    """No activation has this name or alias; the message suggests close names."""

    def __init__(self, name: str, suggestions: list[str]):
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown activation {name!r}{hint}")

    def __str__(self) -> str:  # KeyError would quote the whole message
        return str(self.args[0])


_BY_NAME: dict[str, Activation] = {}
_ALIASES: dict[str, str] = {}
_MODULE_OF: dict[str, str] = {}  # catalogue record name -> its module in symacts.catalog
_LOADED_MODULES: set[str] = set()
_LOADED = False


def normalise(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _load_catalogue() -> None:
    global _LOADED
    if _LOADED:
        return
    import symacts.catalog as catalog

    for info in sorted(pkgutil.iter_modules(catalog.__path__), key=lambda m: m.name):
        _load_module(info.name)
    _LOADED = True


def _load_module(module_name: str) -> None:
    if module_name in _LOADED_MODULES:
        return
    _LOADED_MODULES.add(module_name)
    module = importlib.import_module(f"symacts.catalog.{module_name}")
    for act in getattr(module, "ACTIVATIONS", ()):
        _add(act)
        _MODULE_OF[act.name] = module_name


def _load_module_defining(key: str) -> None:
    """Import just the catalogue module the store's index names for ``key``."""
    from symacts.store import read_index

    index = read_index()
    name = index["aliases"].get(key, key)
    module_name = index["modules"].get(name)
    if module_name is not None:
        _load_module(module_name)


def module_of(name: str) -> str:
    """The catalogue module (in ``symacts.catalog``) that defines a record."""
    _load_catalogue()
    return _MODULE_OF[get(name).name]


def _add(act: Activation) -> None:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", act.name):
        raise ValueError(f"activation name {act.name!r} must be lower_snake_case")
    for key in (act.name, *act.aliases):
        key = normalise(key)
        if key in _BY_NAME or key in _ALIASES:
            raise ValueError(f"name or alias {key!r} of {act.name} is already registered")
    _BY_NAME[act.name] = act
    for alias in act.aliases:
        _ALIASES[normalise(alias)] = act.name


def names(family: str | None = None) -> list[str]:
    """Sorted canonical names (aliases not listed), optionally of one family."""
    _load_catalogue()
    if family is not None and family not in families():
        raise ValueError(f"unknown family {family!r}; expected one of: {', '.join(families())}")
    return sorted(n for n, a in _BY_NAME.items() if family is None or a.family == family)


def families() -> list[str]:
    """Sorted family names."""
    _load_catalogue()
    return sorted({a.family for a in _BY_NAME.values()})


def get(name: str) -> Activation:
    """The activation with this canonical name or alias.

    Raises :class:`UnknownActivationError` (a KeyError) suggesting close names.
    """
    if not isinstance(name, str):
        raise UnknownActivationError(repr(name), [])
    key = normalise(name)
    for load in (_load_module_defining, lambda key: _load_catalogue()):
        if not _LOADED:
            load(key)
        if key in _BY_NAME:
            return _BY_NAME[key]
        if key in _ALIASES:
            return _BY_NAME[_ALIASES[key]]
    candidates = list(_BY_NAME) + list(_ALIASES)
    close = difflib.get_close_matches(key, candidates, n=12, cutoff=0.6)
    # nearest first: fewest edits (a swap of neighbours is one), then the same length
    close.sort(key=lambda c: (_edits(key, c), abs(len(c) - len(key))))
    close += [c for c in candidates if key and (key in c or c in key) and c not in close]
    suggestions = list(dict.fromkeys(_ALIASES.get(c, c) for c in close))[:5]
    raise UnknownActivationError(name, suggestions)


def _edits(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours that turn a into b."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def excluded() -> list[Excluded]:
    """Every :class:`symacts.catalog.Excluded` entry of the catalogue modules, sorted by name."""
    import symacts.catalog as catalog

    entries = []
    for info in sorted(pkgutil.iter_modules(catalog.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"symacts.catalog.{info.name}")
        entries += getattr(module, "EXCLUDED", ())
    return sorted(entries, key=lambda e: e.name.lower())


def all_activations() -> list[Activation]:
    """Every registered activation, sorted by name."""
    return [get(n) for n in names()]


def register(
    name: str,
    expr: sp.Expr | str,
    *,
    params: dict[str, Any] | None = None,
    title: str | None = None,
    family: str = "user",
    description: str = "",
    aliases: tuple[str, ...] = (),
    domains: dict[str, sp.Set] | None = None,
    reference: Reference | None = None,
    frameworks: tuple[Framework, ...] = (),
    window: tuple[float, float] = (-5.0, 5.0),
    x: sp.Symbol | str = "x",
) -> Activation:
    """Add a user-defined activation from a SymPy expression (or a string SymPy parses).

    ``params`` maps parameter names to defaults; the names become the keywords.
    """
    _load_catalogue()
    params = dict(params or {})
    domains = dict(domains or {})
    unknown = set(domains) - set(params)
    if unknown:
        raise ValueError(f"domains given for unknown parameters: {sorted(unknown)}")
    symbols = {k: sp.Symbol(k, real=True) for k in params}
    x_sym = x if isinstance(x, sp.Symbol) else sp.Symbol(x)
    if isinstance(expr, str):
        expr = sp.parse_expr(expr, local_dict={**symbols, x_sym.name: x_sym})
    expr = sp.sympify(expr)
    # Rebuild in the shared real input symbol so that SymPy can reason about it.
    by_name = {s.name: s for s in expr.free_symbols}
    replace = {}
    if x_sym.name in by_name:
        replace[by_name[x_sym.name]] = X
    for k, s in symbols.items():
        if k in by_name:
            replace[by_name[k]] = s
    expr = expr.xreplace(replace)
    stray = expr.free_symbols - {X, *symbols.values()}
    if stray:
        raise ValueError(
            f"expression has symbols that are neither the input {x_sym.name!r} nor "
            f"parameters: {sorted(s.name for s in stray)}"
        )
    param_list = tuple(
        Param(symbols[k], sp.sympify(v), domains.get(k, sp.S.Reals)) for k, v in params.items()
    )
    act = Activation(
        name=normalise(name),
        title=title or name,
        family=family,
        expr=expr,
        description=description,
        param_list=param_list,
        aliases=tuple(aliases),
        reference=reference,
        frameworks=tuple(frameworks),
        window=window,
    )
    _add(act)
    return act


def unregister(name: str) -> None:
    """Remove a user-registered activation (catalogue entries stay)."""
    act = get(name)
    if act.family != "user":
        raise ValueError(f"{act.name} is a catalogue activation and cannot be removed")
    del _BY_NAME[act.name]
    for alias in act.aliases:
        _ALIASES.pop(normalise(alias), None)
