"""The documentation runs: docstring examples, the README's and docs/'s code blocks with their `# -> `
outputs, the generated command-line reference, and the README's promises about itself."""

import doctest
import importlib
import re
import shlex
from pathlib import Path

import pytest
from clitools import run

MODULES = ["liealg", "liealg.pauli", "liealg.io.generators", "liealg.closure.router", "liealg.closure.symbolic",
           "liealg.tables.families"]
ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def blocks(language: str):
    out = []
    for page in PAGES:
        for i, block in enumerate(re.findall(rf"```{language}\n(.*?)```", page.read_text(), flags=re.S)):
            out.append(pytest.param(block, id=f"{page.name}-{i}"))
    return out


@pytest.mark.parametrize("block", blocks("python"))
def test_python_blocks_run_verbatim(block, capsys):
    """Every python block of the README and of docs/ runs as printed, and prints what its `# -> ` comments say."""
    for module in ("pennylane", "qiskit", "openfermion"):
        if f"import {module}" in block or f"from {module}" in block:
            pytest.importorskip(module)
    expected = [line.split("# -> ", 1)[1].rstrip() for line in block.splitlines() if "# -> " in line]
    exec(compile(block, "docs", "exec"), {"__name__": "docs"})
    printed = capsys.readouterr().out.splitlines()
    assert printed == expected


def checked_commands():
    out = []
    for page in PAGES:
        for block in re.findall(r"```sh\n(.*?)```", page.read_text(), flags=re.S):
            for line in block.splitlines():
                if line.startswith("liealg ") and "# -> " in line:
                    command, expected = line.split("# -> ", 1)
                    out.append(pytest.param(command.strip(), expected.strip(), id=f"{page.name}: {command.strip()}"))
    return out


@pytest.mark.parametrize("command,expected", checked_commands())
def test_shell_lines_print_what_they_say(command, expected, capsys, monkeypatch):
    """A `liealg ...  # -> X` line of a sh block prints X (run in-process from the repository's root)."""
    monkeypatch.chdir(ROOT)
    status, out, err = run(shlex.split(command)[1:], capsys)
    assert status == 0, err
    assert out.strip() == expected


def test_some_shell_lines_are_checked():
    assert len(checked_commands()) >= 3


def test_the_cli_reference_is_current():
    """docs/cli.md is `python -m liealg.cli.reference`: regenerate it when a command or option changes."""
    from liealg.cli.reference import reference

    assert (ROOT / "docs" / "cli.md").read_text() == reference(), \
        "docs/cli.md is stale: python -m liealg.cli.reference > docs/cli.md"


def test_the_readme_is_a_readme():
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 150
    for link in re.findall(r"\]\((docs/[^)]+)\)", text):
        assert (ROOT / link).exists(), link
    for page in (ROOT / "docs").glob("*.md"):
        assert f"docs/{page.name}" in text, f"the README does not link {page.name}"


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
    assert "ruff check" in ci and "-m slow" in ci
