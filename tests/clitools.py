"""Calling the command line in-process from tests."""

from pathlib import Path

from liealg.cli.main import main

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def one_line_error(status, out, err, status_expected=2):
    """Bad input's contract: exit status 2 (or the given one), nothing on stdout, one `liealg: error:` line."""
    assert status == status_expected and out == "", (status, out, err)
    assert err.count("\n") == 1 and err.startswith("liealg: error: ") and "internal error" not in err, err


def run(args, capsys):
    """Call the console entry point in-process; returns (status, stdout, stderr)."""
    try:
        main(args)
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    out = capsys.readouterr()
    return status, out.out, out.err
