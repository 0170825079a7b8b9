"""The README's Python tour runs as written, and its two commands are the ones CI runs."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_block(marker: str) -> str:
    """The fenced block that follows ``<!-- marker -->`` in the README."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {re.escape(marker)} -->\s*```[a-z]*\n(.*?)```", text, re.S)
    assert match, f"README has no block after <!-- {marker} -->"
    return match.group(1)


def test_python_tour_runs_as_written():
    block = readme_block("readme-doctest")
    test = doctest.DocTestParser().get_doctest(block, {}, "README.md", str(README), 0)
    assert len(test.examples) >= 20
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} README example(s) failed (see output above)"


@pytest.mark.parametrize("name", ["main", "test"])
def test_commands_are_one_line_and_use_the_venv(name):
    lines = [line for line in readme_block(f"readme-command:{name}").splitlines() if line.strip()]
    assert len(lines) == 1, "each README command is one copy-paste line"
    command = lines[0]
    assert command.startswith("python3 -m venv .venv && ")
    if name == "test":
        assert " torch==2.13.0 " in command, "PyTorch must be pinned to the CPU build 2.13.0"
        assert command.endswith(".venv/bin/python -m pytest")
