"""Calling the command line in-process from tests."""

from pathlib import Path

from liealg.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def run(args, capsys):
    """Call the console entry point in-process; returns (status, stdout, stderr)."""
    try:
        main(args)
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return status, out.out, out.err
