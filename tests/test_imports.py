"""Import boundaries: generated code runs with :mod:`symacts.numeric.runtime` alone, and
neither the compiler nor the reference evaluation imports the activation record at run time
(they are given one). Each check runs in a fresh interpreter and reads ``sys.modules``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import symacts

ROOT = Path(__file__).resolve().parents[1]


def modules_after(code: str) -> set[str]:
    """The symacts modules imported by ``code`` in a fresh interpreter. The ``symacts``
    package is a bare one, so its ``__init__`` (which imports the registry) does not run."""
    script = "\n".join(
        [
            "import sys, types",
            "package = types.ModuleType('symacts')",
            f"package.__path__ = [{str(ROOT / 'symacts')!r}]",
            "sys.modules['symacts'] = package",
            code,
            "print(*sorted(m for m in sys.modules if m.split('.')[0] == 'symacts'))",
        ]
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(done.stdout.split())


def test_generated_code_runs_with_the_runtime_alone() -> None:
    func = symacts.get("mish").numpy(1)
    loaded = modules_after(
        "from symacts.numeric import runtime\n"
        f"f = runtime.load({func.source!r}, 'mish_d1')\n"
        f"assert float(f(0.75)) == {float(func(0.75))!r}"
    )
    # the kernels use one constant of the primitives (the scaled exponential's shift)
    runtime = {"symacts.kernels", "symacts.numeric.runtime", "symacts.primitives"}
    assert loaded == {"symacts", "symacts.numeric", *runtime}


def test_the_compiler_and_the_references_do_not_import_the_record() -> None:
    loaded = modules_after("import symacts.numeric.search, symacts.reference")
    assert "symacts.numeric.emit" in loaded
    assert "symacts.activation" not in loaded
