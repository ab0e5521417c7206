"""Docstring examples run, and the README's library example runs."""

import doctest
import importlib
import re
from pathlib import Path

import pytest

MODULES = ["liealg", "liealg.pauli", "liealg.io", "liealg.closure", "liealg.symbolic", "liealg.families"]
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def readme_blocks():
    return re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), flags=re.S)


@pytest.mark.parametrize("index", range(len(readme_blocks())))
def test_readme_python_blocks_run_verbatim(index, capsys):
    """Every python block of the README runs as printed, and prints what its `# -> ` comments say."""
    block = readme_blocks()[index]
    for module in ("pennylane", "qiskit", "openfermion"):
        if f"import {module}" in block or f"from {module}" in block:
            pytest.importorskip(module)
    expected = [line.split("# -> ", 1)[1].rstrip() for line in block.splitlines() if "# -> " in line]
    exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    printed = capsys.readouterr().out.splitlines()
    assert printed == expected


def test_readme_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S).group(1)
    commands = [ln for ln in first_block.splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(commands) == 2
    assert "liealg dim" in commands[0] and "data/examples/" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "README.md" in ci and "readme-commands" in ci  # CI runs exactly these two lines, in order
    assert "liealg --version" in ci and "python3 -m venv" in ci
