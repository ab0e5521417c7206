"""`liealg` commands. Each parses options, makes one library call and renders.

stdout carries the answer, stderr the chatter; bad input is one line on stderr
and exit status 2.
"""

from __future__ import annotations

import json
import os
import sys

import click

import liealg
from liealg.closure import DEFAULT_MAX_DIM
from liealg.errors import AlgebraTooLargeError, GeneratorFileError, SizeLimitError

_EXPECTED = (GeneratorFileError, AlgebraTooLargeError, SizeLimitError)


class _Progress:
    """Closure progress on stderr, only when stderr is a terminal."""

    def __init__(self):
        self.active = sys.stderr.isatty()
        self.shown = False

    def __call__(self, count: int, head: int) -> None:
        if self.active:
            click.echo(f"\rclosure: {count:,} elements, {head:,} expanded", nl=False, err=True)
            self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("\r\033[K", nl=False, err=True)


def _fail(message: str, status: int = 2):
    click.echo(f"liealg: error: {message}", err=True)
    sys.exit(status)


generators_option = click.option(
    "--generators", "-g", "path", required=True, metavar="FILE",
    help="Generator file: one Hermitian generator per line (see README).")
qubits_option = click.option(
    "--qubits", "-n", type=click.IntRange(min=1), default=None,
    help="Qubit count when the file uses only sparse labels (X0 Z3).")
method_option = click.option(
    "--method", type=click.Choice(["auto", "strings", "exact", "float"]), default="auto", show_default=True,
    help="strings: Pauli-string BFS; exact: closure over two primes (rational coefficients); "
         "float: Gram-Schmidt in floating point; auto picks the first that applies.")
enumerate_option = click.option(
    "--enumerate", "enumerate_", is_flag=True,
    help="Close the algebra element by element even for single Pauli strings "
         "(default for those: the polynomial-time anticommutation-graph classifier).")
max_dim_option = click.option(
    "--max-dim", type=click.IntRange(min=1), default=DEFAULT_MAX_DIM, show_default=True,
    help="Stop with an error once an enumerated algebra would exceed this dimension "
         "(the anticommutation-graph classifier enumerates nothing).")


def _read(path: str, qubits: int | None):
    if path.endswith(".npy"):
        from liealg.matrices import read_matrix_generators

        return read_matrix_generators(path)
    return liealg.read_generators(path, qubits)


def _graph_classification(gens, method: str, enumerate_: bool):
    """The anticommutation-graph classification when it applies (single strings, auto, no --enumerate)."""
    from liealg.closure import single_strings
    from liealg.pauli_graph import classify_strings

    strings = None if enumerate_ or method != "auto" else single_strings(gens)
    return classify_strings(strings) if strings is not None else None


def _closure(gens, method: str, max_dim: int):
    progress = _Progress()
    try:
        return liealg.lie_closure(gens, method=method, max_dim=max_dim, progress=progress)
    except ValueError as exc:  # a method that does not apply to these generators
        raise SizeLimitError(str(exc)) from None
    finally:
        progress.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(liealg.__version__, prog_name="liealg")
def cli():
    """Dynamical Lie algebras of parameterized quantum circuits.

    \b
    Example:
        liealg dim --generators data/examples/so6_chain.txt
    """


@cli.command()
@generators_option
@qubits_option
@method_option
@enumerate_option
@max_dim_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record instead of the number.")
@click.option("--check", is_flag=True,
              help="Also close the generators symbolically with sympy (<= 3 qubits) and compare.")
def dim(path, qubits, method, enumerate_, max_dim, as_json, check):
    """Print the dimension of the dynamical Lie algebra of the generators in FILE.

    \b
    Example:
        $ liealg dim --generators data/examples/so6_chain.txt
        15
    """
    gens = _read(path, qubits)
    n = gens[0].n
    if check:
        from liealg import symbolic

        symbolic.check_size(n)
    graph = _graph_classification(gens, method, enumerate_)
    if graph is not None:
        record = {
            "dim": graph.dim, "n_qubits": n, "n_generators": len(gens), "method": "anticommutation-graph",
            "type": str(graph.decomposition()), "seconds": round(graph.seconds, 6),
            "version": liealg.__version__, "file": path,
        }
        agrees = True
    else:
        alg = _closure(gens, method, max_dim)
        record = {
            "dim": alg.dim, "n_qubits": alg.n_qubits, "n_generators": len(gens),
            "method": alg.method, "shortcut": alg.shortcut, "seconds": round(alg.seconds, 6),
            "version": liealg.__version__, "file": path,
        }
        if alg.certificate:
            record["certificate"] = alg.certificate
        agrees = alg.certificate.get("agree", True)
        if not agrees:
            click.echo(f"liealg: warning: the primes disagree {alg.certificate['primes']}; "
                       "the largest is a lower bound", err=True)
    if check:
        sym = symbolic.symbolic_closure(gens)
        agrees = agrees and sym.dim == record["dim"]
        record["check"] = {"method": "sympy-exact", "dim": sym.dim, "agrees": agrees,
                           "seconds": round(sym.seconds, 6)}
        verdict = "agrees" if agrees else "DISAGREES"
        click.echo(f"check: sympy exact closure gives {sym.dim}; {verdict} ({sym.seconds:.2f} s)", err=True)
    click.echo(json.dumps(record, ensure_ascii=False) if as_json else record["dim"])
    if not agrees:
        sys.exit(1)


@cli.command()
@generators_option
@qubits_option
@method_option
@max_dim_option
@click.option("--sparse", is_flag=True, help="Print sparse labels (X0 Z3) instead of dense ones.")
def basis(path, qubits, method, max_dim, sparse):
    """Print a basis of the algebra, one element H a line (the algebra element is i*H).

    For Pauli algebras these are strings; otherwise sums in reduced echelon
    form with exact rational coefficients (orthonormal rows with --method float),
    in the generator file format.

    \b
    Example:
        $ liealg basis --generators data/examples/so6_chain.txt | head -3
    """
    alg = _closure(_read(path, qubits), method, max_dim)
    out = sys.stdout
    if not alg.is_pauli_algebra:
        for h in alg.basis_sums():
            out.write((_sparse_sum(h) if sparse else str(h)) + "\n")
        return
    if sparse:
        for p in alg.basis:
            out.write(p.sparse_label + "\n")
    else:
        labels = alg.basis.labels()
        for start in range(0, len(labels), 65536):
            out.write("\n".join(labels[start:start + 65536]) + "\n")


@cli.command()
@generators_option
@qubits_option
@method_option
@enumerate_option
@max_dim_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record.")
def classify(path, qubits, method, enumerate_, max_dim, as_json):
    """Print the isomorphism type of the algebra: simple ideals and center.

    \b
    Example:
        $ liealg classify --generators data/examples/so6_chain.txt
        su(4)        (dim 15: su(4) [A3, dim 15, rank 3])
    """
    from liealg.structure import decompose

    gens = _read(path, qubits)
    graph = _graph_classification(gens, method, enumerate_)
    if graph is not None:
        dec, closure_method = graph.decomposition(), None
    else:
        alg = _closure(gens, method, max_dim)
        dec, closure_method = decompose(alg), alg.method
    if as_json:
        rec = dec.as_dict()
        rec.update({"n_qubits": gens[0].n, "version": liealg.__version__, "file": path})
        if closure_method:
            rec["closure_method"] = closure_method
        click.echo(json.dumps(rec, ensure_ascii=False))
        return
    parts = [f"{'' if i.copies == 1 else f'{i.copies} × '}{i.name} [{i.cartan}, dim {i.dim}, rank {i.rank}]"
             for i in dec.grouped()]
    if dec.center_dim:
        parts.append(f"u(1)^{dec.center_dim} [center, dim {dec.center_dim}]")
    click.echo(f"{dec}\t(dim {dec.dim}: {'; '.join(parts)})")


def _sparse_sum(h) -> str:
    text = str(h)
    for lab, p in zip(h.strings.labels(), h.strings):
        text = text.replace(lab, p.sparse_label)
    return text


def main(argv=None) -> None:
    """Console entry point: one clear stderr line and exit 2 for bad input."""
    try:
        cli.main(args=argv, prog_name="liealg", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click >= 8.2
        click.echo(exc.ctx.get_help())
    except click.UsageError as exc:
        cmd = exc.ctx.command_path if exc.ctx else "liealg"
        _fail(f"{exc.format_message()} (see '{cmd} --help')")
    except click.Abort:
        _fail("aborted", 130)
    except _EXPECTED as exc:
        _fail(str(exc))
    except BrokenPipeError:
        sys.stderr.close()  # e.g. `liealg basis ... | head`
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except MemoryError:
        _fail("out of memory; lower --max-dim or use a machine with more memory", 1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: say so in one line unless debugging
        if os.environ.get("LIEALG_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (set LIEALG_DEBUG=1 for the traceback; please report)",
              1)


if __name__ == "__main__":  # pragma: no cover
    main()
