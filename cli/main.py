"""`liealg` commands: the group, the entry point and its error handling.

The commands live by subject: `closure` (dim, basis, classify), `circuits`
(overparam, train, variance) and `data` (generators, tables); shared options
and helpers in `common`. Each command parses options, makes one library call
and renders; stdout carries the answer, stderr the chatter; bad input is one
line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import logging
import os
import sys

import click

from liealg.errors import EXPECTED

from . import circuits, closure, data, symmetry
from . import common as c

#: commands that run compiled kernels (the first run after an install compiles them)
_KERNEL_COMMANDS = {"dim", "basis", "classify", "overparam", "train", "variance", "tables", "sectors",
                    "symmetries", "commutant", "irreps"}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="liealg", prog_name="liealg")
@click.option("--max-memory", "max_memory", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="GIB", help="Memory the engines may use, in GiB (default: $LIEALG_MAX_MEMORY or half the "
                                  "machine's): work estimated beyond it is refused before it starts.")
@click.option("--blas-threads", "blas_threads", type=click.IntRange(min=1, max=256), default=None, metavar="N",
              help="BLAS threads of the dense, sector and irreducible engines (default: $LIEALG_BLAS_THREADS "
                   "or what measured fastest per engine: 1 for the modular engines).")
def cli(max_memory, blas_threads):
    """Dynamical Lie algebras of parameterized quantum circuits.

    \b
    Example:
        liealg dim --generators data/examples/so6_chain.txt
    """
    from liealg import blas, resources

    resources.set_budget(None if max_memory is None else int(c.finite(max_memory, "--max-memory") * 2**30))
    blas.set_default(blas_threads)
    _notes_on_stderr()


class _NoteHandler(logging.Handler):
    """The library's notices (logger "liealg", e.g. an expected peak memory) as `liealg: note:` lines."""

    def emit(self, record):
        click.echo(f"liealg: note: {record.getMessage()}", err=True)


def _notes_on_stderr() -> None:
    log = logging.getLogger("liealg")
    if not any(isinstance(h, _NoteHandler) for h in log.handlers):
        log.addHandler(_NoteHandler(logging.INFO))
        log.setLevel(logging.INFO)
        log.propagate = False


def _whole_summaries(group: click.Group) -> None:
    """`liealg --help` lists each command with the first paragraph of its help, whole: click would cut it
    at 45 characters, mid-sentence."""
    for command in group.commands.values():
        if command.short_help is None and command.help:
            command.short_help = " ".join(command.help.split("\n\n")[0].split())
        if isinstance(command, click.Group):
            _whole_summaries(command)


for _module in (closure, symmetry, circuits, data):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
_whole_summaries(cli)


def _fail(message: str, status: int = 2):
    click.echo(f"liealg: error: {message}", err=True)
    sys.exit(status)


def _first_run_notice(args: list[str]) -> str | None:
    """On a terminal, have the first kernel compilation of a command say so once; returns the command."""
    command = next((a for a in args if not a.startswith("-")), None)
    if command not in _KERNEL_COMMANDS or "--help" in args or "-h" in args:
        return None
    from liealg.kernels import _jit

    if sys.stderr.isatty() and not _jit.compiled_before(command):  # the check reads numba's version: 20 ms
        _jit.compile_notice = lambda: click.echo(
            f"liealg: compiling the numba kernels `{command}` needs (the first run after an install; "
            "10-20 s, cached afterwards) ...", err=True)
    return command


def main(argv=None) -> None:
    """Console entry point: one clear stderr line and exit 2 for bad input."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        command = _first_run_notice(args)
        # click's own `main` turns Ctrl-C into an Abort and writes a blank line first; the
        # context is made and invoked here so that every outcome gets exactly one line below
        with cli.make_context("liealg", args) as ctx:
            cli.invoke(ctx)
        if command is not None and "numba" in sys.modules:
            from liealg.kernels._jit import mark_compiled

            mark_compiled(command)
    except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click >= 8.2
        click.echo(exc.ctx.get_help())
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "liealg"
        _fail(f"{exc.format_message()} (see '{cmd} --help')")
    except click.Abort:
        _fail("aborted", 130)
    except EXPECTED as exc:  # bad input, a too-large algebra, an answer that cannot be certified
        if "--json" in args:  # the record says what the one line says, with the engine's details
            click.echo(json.dumps({"error": str(exc), "kind": type(exc).__name__,
                                   **({"detail": exc.detail} if getattr(exc, "detail", None) else {})}))
        _fail(str(exc))
    except BrokenPipeError:
        sys.stderr.close()  # e.g. `liealg basis ... | head`
    except KeyboardInterrupt:
        _interrupted_exit(argv is None)
    except MemoryError:
        _fail("out of memory; lower --max-memory (work estimated beyond it is refused first) or --max-dim, "
              "or use a machine with more memory", 1)
    except SystemError as exc:  # Ctrl-C inside a compiled kernel surfaces as a SystemError
        if _interrupted(exc):
            _interrupted_exit(argv is None)
        _internal(exc)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: say so in one line unless debugging
        _internal(exc)
    finally:  # --max-memory and --blas-threads hold for one command (in-process callers run many); modules
        # not loaded (liealg --help) have nothing to reset and are not imported for it
        if "liealg.resources" in sys.modules:
            sys.modules["liealg.resources"].set_budget(None)
        if "liealg.blas" in sys.modules:
            sys.modules["liealg.blas"].set_default(None)


def _interrupted_exit(process: bool) -> None:
    """One line and exit status 130. As the process's entry point, leave through os._exit: a Ctrl-C that
    landed while an extension module ran Python code through the C API (an import, say) leaves CPython
    marked as ended by an unhandled KeyboardInterrupt, and its normal exit would then kill the process with
    SIGINT (status -2) after the line; in-process callers (tests) get SystemExit(130)."""
    click.echo("liealg: error: interrupted", err=True)
    if process:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(130)
    sys.exit(130)


def _interrupted(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _internal(exc: BaseException) -> None:
    if os.environ.get("LIEALG_DEBUG"):
        raise exc
    _fail(f"internal error: {type(exc).__name__}: {exc} (set LIEALG_DEBUG=1 for the traceback; please report)", 1)


if __name__ == "__main__":  # pragma: no cover
    main()
