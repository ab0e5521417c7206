"""The command-line reference (docs/cli.md), generated from the commands' own --help.

    python -m liealg.cli.reference > docs/cli.md

`tests/cli/test_docs.py` regenerates it and fails when docs/cli.md is stale.
"""

from __future__ import annotations

import click


def _walk(command: click.Command, path: list[str], parent: click.Context | None = None):
    """(path, the command's --help text) for the command and every subcommand, as the shell shows them."""
    ctx = command.make_context(path[-1], [], parent=parent, resilient_parsing=True, terminal_width=100,
                               max_content_width=100)
    yield path, command.get_help(ctx)
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], path + [name], ctx)


def reference() -> str:
    """Markdown: one section a command (groups included), each its --help text verbatim."""
    from liealg.cli.main import cli

    out = ["# Command-line reference", "",
           "Generated from `--help` by `python -m liealg.cli.reference > docs/cli.md`; a test fails when it is "
           "stale. Every command prints its answer on stdout and chatter on stderr; bad input is one line on "
           "stderr and exit status 2, an interrupt exit status 130.", ""]
    for path, text in _walk(cli, ["liealg"]):
        out += [f"## `{' '.join(path)}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
