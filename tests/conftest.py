"""Shared fixtures and the `slow` marker.

The quick suite (`python3 -m pytest`, the README's test command) runs everything not marked slow;
`python3 -m pytest -m slow` runs the tests of over ~10 s (`.ci/run` runs both, quick first).
Tests sit in folders by capability: closure/, structure/, sectors/, circuits/, trainability/,
io/, cli/, kernels/, tables/, pauli/, packaging/; helpers shared by several (clitools,
known_algebras, sector_reference) sit here, on the path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def root() -> Path:
    """The repository's root."""
    return ROOT


@pytest.fixture
def examples() -> Path:
    """data/examples: the shipped generator files."""
    return ROOT / "data" / "examples"


@pytest.fixture
def cli(capsys):
    """The command line in-process: cli([args]) -> (exit status, stdout, stderr)."""
    from clitools import run

    return lambda args: run(args, capsys)
