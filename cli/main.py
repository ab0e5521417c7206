"""`liealg` commands. Each parses options, makes one library call and renders.

stdout carries the answer, stderr the chatter; bad input is one line on stderr
and exit status 2.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import time

import click

import liealg
from liealg.classify import classify_closed, graph_classification
from liealg.closure import DEFAULT_MAX_DIM
from liealg.errors import (
    AlgebraTooLargeError,
    FloatRangeError,
    GeneratorFileError,
    SizeLimitError,
    UncertifiedError,
)

_EXPECTED = (GeneratorFileError, AlgebraTooLargeError, SizeLimitError, UncertifiedError, FloatRangeError)


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
    help="Generator file: one Hermitian generator per line (see README); '-' reads stdin; "
         "a .npy file holds a (k, 2^n, 2^n) stack of Hermitian matrices.")
drop_below_option = click.option(
    "--drop-below", type=click.FloatRange(min=0, max=1, min_open=True), default=None, metavar="RTOL",
    help="For .npy matrices: drop Pauli coefficients below RTOL times the largest (default: keep every term "
         "exactly and refuse terms at float64 rounding level).")
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


def _read(path: str, qubits: int | None, drop_below: float | None = None):
    if path.endswith(".npy"):
        from liealg.matrices import read_matrix_generators

        return read_matrix_generators(path, drop_below)
    if drop_below is not None:
        raise click.BadParameter("applies to .npy matrix files only", param_hint="--drop-below")
    return liealg.read_generators(path, qubits)


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
@drop_below_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record instead of the number.")
@click.option("--check", is_flag=True,
              help="Also close the generators symbolically with sympy (<= 3 qubits) and compare.")
def dim(path, qubits, method, enumerate_, max_dim, drop_below, as_json, check):
    """Print the dimension of the dynamical Lie algebra of the generators in FILE.

    \b
    Example:
        $ liealg dim --generators data/examples/so6_chain.txt
        15
    """
    gens = _read(path, qubits, drop_below)
    n = gens[0].n
    if check:
        from liealg import symbolic

        symbolic.check_size(n)
    graph = graph_classification(gens, enumerate=enumerate_, method=method)
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
        agrees = True
    if check:
        sym = symbolic.symbolic_closure(gens)
        agrees = agrees and sym.dim == record["dim"]
        record["check"] = {"method": "sympy-exact", "dim": sym.dim, "agrees": agrees,
                           "seconds": round(sym.seconds, 6)}
        verdict = "agrees" if agrees else "DISAGREES"
        click.echo(f"check: sympy exact closure gives {sym.dim}; {verdict} ({sym.seconds:.2f} s)", err=True)
        if not agrees:
            raise UncertifiedError(f"the engine gives {record['dim']} but the sympy check gives {sym.dim}: "
                                   "no dimension is printed (please report this input)")
    click.echo(json.dumps(record, ensure_ascii=False) if as_json else record["dim"])


@cli.command()
@generators_option
@qubits_option
@method_option
@max_dim_option
@drop_below_option
@click.option("--sparse", is_flag=True, help="Print sparse labels (X0 Z3) instead of dense ones.")
def basis(path, qubits, method, max_dim, drop_below, sparse):
    """Print a basis of the algebra, one element H a line (the algebra element is i*H).

    For Pauli algebras these are strings; otherwise sums in reduced echelon
    form with exact rational coefficients (orthonormal rows with --method float),
    in the generator file format.

    \b
    Example:
        $ liealg basis --generators data/examples/so6_chain.txt | head -3
    """
    alg = _closure(_read(path, qubits, drop_below), method, max_dim)
    out = sys.stdout
    kind = getattr(alg.coefficient_field, "kind", "rational")
    if not alg.is_pauli_algebra and alg.method == "exact-gf(p)" and kind != "rational":
        click.echo(f"note: the coefficients are {kind}: the rows are an orthonormal float basis from a certified "
                   f"float closure of dimension {alg.dim}", err=True)
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
@drop_below_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record.")
def classify(path, qubits, method, enumerate_, max_dim, drop_below, as_json):
    """Print the isomorphism type of the algebra: simple ideals and center.

    \b
    Example:
        $ liealg classify --generators data/examples/so6_chain.txt
        su(4)        (dim 15: su(4) [A3, dim 15, rank 3])
    """
    from liealg.structure import decompose

    gens = _read(path, qubits, drop_below)
    graph = graph_classification(gens, enumerate=enumerate_, method=method)
    if graph is not None:
        dec, closure_method = graph.decomposition(), None
    else:
        alg = _closure(gens, method, max_dim)
        dec, closure_method = classify_closed(alg, gens) or decompose(alg), alg.method
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
        parts.append(f"{'u(1)' if dec.center_dim == 1 else f'u(1)^{dec.center_dim}'} [center, dim {dec.center_dim}]")
    click.echo(f"{dec}\t(dim {dec.dim}: {'; '.join(parts)})")


_LAYERS = re.compile(r"(\d{1,6})(?::(\d{1,6})(?::(\d{1,6}))?)?|\d{1,6}(?:,\d{1,6})+")


def _layers(text: str) -> list[int]:
    """'1:20' (inclusive), '1:20:2', '1,2,5' or '7': positive, increasing depths."""
    bad = click.BadParameter(f"{text!r}: use START:STOP[:STEP] (inclusive, increasing, STEP >= 1), "
                             "a comma list like 1,2,5, or one depth", param_hint="--layers")
    m = _LAYERS.fullmatch(text.strip())
    if not m:
        raise bad
    if "," in text:
        out = [int(p) for p in text.split(",")]
        if out != sorted(set(out)):
            raise bad
    elif m.group(2) is None:
        out = [int(m.group(1))]
    else:
        start, stop, step = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        if stop < start or step < 1:
            raise bad
        out = list(range(start, stop + 1, step))
    if min(out) < 1:
        raise click.BadParameter(f"{text!r}: layer counts must be positive", param_hint="--layers")
    if len(out) > 10_000:
        raise click.BadParameter(f"{text!r}: more than 10,000 depths", param_hint="--layers")
    return out


def _writable(path: str, option: str) -> None:
    """Fail before any work when `path` cannot be written (the file is not left behind)."""
    existed = os.path.exists(path)
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        raise click.BadParameter(f"cannot write {path!r} ({exc.strerror or exc})", param_hint=option) from None
    if not existed:
        os.remove(path)


class _Bar:
    """A one-line progress bar on stderr (only on a terminal unless forced)."""

    def __init__(self, label: str, force: bool | None = None):
        self.label = label
        self.active = sys.stderr.isatty() if force is None else force
        self.t0 = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if not self.active:
            return
        width = 30
        fill = int(width * done / max(total, 1))
        eta = (time.perf_counter() - self.t0) / max(done, 1) * (total - done)
        click.echo(f"\r{self.label} [{'#' * fill}{'.' * (width - fill)}] {done}/{total}  eta {eta:5.0f} s",
                   nl=False, err=True)
        if done >= total:
            click.echo("", err=True)


def _state_arg(state: str, n: int) -> str:
    from liealg.qnn import initial_state

    try:
        initial_state(state, n)
    except (ValueError, OSError) as exc:
        raise click.BadParameter(f"{state!r}: {exc}", param_hint="--state") from None
    return state


def _observable(path: str, n: int):
    gens = liealg.read_generators(path, n)
    if gens[0].n != n:
        raise GeneratorFileError(path, None, None, f"acts on {gens[0].n} qubits, the generators on {n}")
    return gens


state_option = click.option("--state", default="plus", show_default=True, metavar="STATE",
                            help="Initial state: plus (|+>^n), zero, a bit string like 0101, or a .npy vector.")
layers_help = "Layer counts: START:STOP (inclusive), START:STOP:STEP or a comma list."
progress_option = click.option("--progress/--no-progress", default=None,
                               help="Progress bar on stderr (default: when stderr is a terminal).")


@cli.command()
@generators_option
@qubits_option
@state_option
@click.option("--layers", "layers_text", default="1:10", show_default=True, help=layers_help)
@click.option("--samples", type=click.IntRange(min=1), default=5, show_default=True,
              help="Random parameter points per depth; the rank is the maximum over them.")
@click.option("--rtol", type=click.FloatRange(min=0, max=1, min_open=True, max_open=True), default=1e-8,
              show_default=True, callback=lambda ctx, param, v: _finite(v, "--rtol"),
              help="An eigenvalue of the QFI counts when it exceeds rtol times the largest (and the noise floor).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed (>= 0).")
@click.option("--plot", "plot_path", default=None, metavar="PNG", help="Plot rank vs M with dim g and R (matplotlib).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record.")
@progress_option
def overparam(path, qubits, state, layers_text, samples, rtol, seed, plot_path, as_json, progress):
    """QFI rank vs number of parameters M, against dim g and the orbit bound R.

    Periodic ansatz: every layer applies exp(-i theta H_k) for each generator
    (one parameter per generator per layer). The circuit is overparametrized
    from M_c on, where the maximal QFI rank saturates at R (Larocca et al. 2023).

    \b
    Example:
        $ liealg overparam -g data/examples/tfim_hva_open4.txt --layers 1:8
    """
    from liealg.overparam import qfi_rank_sweep

    layers = _layers(layers_text)
    gens, n, state = _qnn_inputs(path, qubits, state)
    if plot_path:
        _pyplot()  # fail before the work if matplotlib is missing
        _writable(plot_path, "--plot")
    alg = _closure(gens, "auto", DEFAULT_MAX_DIM)
    res = qfi_rank_sweep(gens, state, layers, samples=samples, rtol=rtol, seed=seed, alg=alg,
                         progress=_Bar("QFI samples", progress))
    try:
        _print_sweep(res, n, state, path, as_json)
    finally:
        if plot_path:
            try:
                _plot_ranks(res, plot_path, path)
                click.echo(f"plot written to {plot_path}", err=True)
            except Exception as exc:  # the table is printed; say why the plot is missing
                click.echo(f"liealg: warning: the plot could not be written: {type(exc).__name__}: {exc}", err=True)


def _samples(value: int) -> int:
    if value == 1:
        raise click.BadParameter("one sample has no variance: use 0 (prediction only) or at least 2",
                                 param_hint="--samples")
    return value


def _writable_dir(directory: str) -> None:
    import tempfile

    try:
        os.makedirs(directory, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise click.BadParameter(f"cannot write in {directory!r} ({exc.strerror or exc})", param_hint="--dir") \
            from None


def _finite(value, option: str):
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number", param_hint=option)
    return value


def _print_sweep(res, n: int, state: str, path: str, as_json: bool) -> None:
    if as_json:
        return _echo_record(res, n, state, path)
    click.echo(f"dim g = {res.dim_g}   R = dim g - dim stab(rho) = {res.R}   K = {res.K} generators   "
               f"state {state}")
    click.echo(f"{'L':>4} {'M':>5} {'max rank':>9} {'gap':>10}  ranks per sample")
    for r in res.rows:
        gap = "-" if r.gap == float("inf") else f"{r.gap:.2e}"
        rank = "failed" if r.rank is None else r.rank
        ranks = " ".join("?" if x is None else str(x) for x in r.ranks)
        click.echo(f"{r.layers:>4} {r.M:>5} {rank:>9} {gap:>10}  {ranks}")
    if res.M_c is None:
        click.echo(f"M_c: not determined ({res.M_c_reason})")
    else:
        verdict = "= R" if res.max_rank == res.R else f"< R = {res.R}"
        click.echo(f"M_c = {res.M_c}: max QFI rank {res.max_rank} {verdict}")
    for note in res.notes:
        click.echo(f"note: {note}", err=True)


def _qnn_inputs(path: str, qubits: int | None, state: str):
    """Generators, qubit count and validated state for the commands that simulate circuits."""
    from liealg.qnn import MAX_QUBITS

    gens = _read(path, qubits)
    n = gens[0].n
    if n > MAX_QUBITS:
        raise SizeLimitError(f"statevector simulation is limited to {MAX_QUBITS} qubits; the generators act on {n}")
    return gens, n, _state_arg(state, n)


def _echo_record(res, n: int, state: str, path: str) -> None:
    rec = res.as_dict()
    rec.update({"n_qubits": n, "state": state, "version": liealg.__version__, "file": path})
    click.echo(json.dumps(rec))


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SizeLimitError("--plot needs matplotlib (pip install 'liealg[plot]')") from None
    return plt


def _plot_ranks(res, plot_path: str, title: str) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    Ms = [r.M for r in res.rows]
    ax.plot(Ms, [r.rank for r in res.rows], "o-", label="max QFI rank")
    ax.axhline(res.dim_g, color="gray", ls="--", label=f"dim g = {res.dim_g}")
    ax.axhline(res.R, color="red", ls=":", label=f"R = {res.R}")
    if res.M_c is not None:
        ax.axvline(res.M_c, color="green", ls="-.", lw=0.8, label=f"M_c = {res.M_c}")
    ax.set_xlabel("number of parameters M")
    ax.set_ylabel("rank")
    ax.set_title(title, fontsize=9)
    ax.legend()
    fig.tight_layout()
    fig.savefig(plot_path, dpi=120)
    plt.close(fig)


@cli.command()
@generators_option
@qubits_option
@click.option("--hamiltonian", "ham_path", required=True, metavar="FILE",
              help="Hamiltonian file (generator-file format; the lines are summed).")
@state_option
@click.option("--layers", "layers_text", default="1:6", show_default=True, help=layers_help)
@click.option("--inits", type=click.IntRange(min=1), default=50, show_default=True,
              help="Random initializations per depth.")
@click.option("--optimizer", type=click.Choice(["lbfgs", "adam"]), default="lbfgs", show_default=True)
@click.option("--tol", type=click.FloatRange(min=0, min_open=True), default=1e-3, show_default=True,
              help="A run succeeds when its energy is within tol of the exact ground energy.")
@click.option("--maxiter", type=click.IntRange(min=1), default=2000, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed (>= 0).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record.")
@progress_option
def train(path, qubits, ham_path, state, layers_text, inits, optimizer, tol, maxiter, seed, as_json, progress):
    """VQE success rate vs number of parameters: the computational phase transition.

    Exact gradients (adjoint method); L-BFGS (scipy) or Adam; the exact ground
    energy from scipy's eigensolver.

    \b
    Example:
        $ liealg train -g data/examples/tfim_hva_open4.txt --hamiltonian data/examples/tfim_open4_h.txt \\
              --layers 2:8 --inits 20
    """
    from liealg.overparam import train as run_train

    layers = _layers(layers_text)
    gens, n, state = _qnn_inputs(path, qubits, state)
    ham = _observable(ham_path, n)
    res = run_train(gens, ham, state, layers, inits=inits, optimizer=optimizer, tol=tol, maxiter=maxiter,
                    seed=seed, progress=_Bar("training", progress))
    if as_json:
        return _echo_record(res, n, state, path)
    click.echo(f"E0 = {res.ground_energy:.10f}   success: E - E0 < {tol:g}   {optimizer}, {inits} runs per depth")
    click.echo(f"{'L':>4} {'M':>5} {'success':>8} {'median E-E0':>12} {'Hessian rank':>13} {'converged':>10}")
    for r in res.rows:
        rank = "-" if r.hessian_rank is None else r.hessian_rank
        click.echo(f"{r.layers:>4} {r.M:>5} {r.success:>8.2f} {r.median_residual:>12.3e} {rank:>13} "
                   f"{r.converged:>6}/{len(r.residuals)}")
    click.echo("Hessian rank: at converged end points only (|grad| <= 1e-6 |O| max|H_k|)", err=True)


@cli.command()
@generators_option
@qubits_option
@state_option
@click.option("--observable", "obs_path", required=True, metavar="FILE",
              help="Observable file (generator-file format; the lines are summed).")
@click.option("--samples", type=click.IntRange(min=0), default=1000, show_default=True,
              callback=lambda ctx, param, v: _samples(v),
              help="Monte Carlo samples of a deep random circuit (0: prediction only; otherwise at least 2).")
@click.option("--layers", type=click.IntRange(min=1), default=None,
              help="Depth of the Monte Carlo circuit (default: M >= 4 dim g + 20).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="Random seed (>= 0).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record.")
def variance(path, qubits, state, obs_path, samples, layers, seed, as_json):
    """Loss variance of a deep circuit: g-purity prediction beside Monte Carlo.

    Var[<O>] = sum_j P_gj(rho) P_gj(O) / dim g_j over the simple ideals of g
    (Ragone et al. 2024); exact when O or rho lies in i*g.

    \b
    Example:
        $ liealg variance -g data/examples/so6_chain.txt --state 000 --observable data/examples/z0.txt
    """
    from liealg.overparam import variance as run_variance

    gens, n, state = _qnn_inputs(path, qubits, state)
    obs = _observable(obs_path, n)
    res = run_variance(gens, state, obs, samples=samples, layers=layers, seed=seed)
    if as_json:
        return _echo_record(res, n, state, path)
    click.echo(f"predicted Var = {res.predicted:.6f}   (g-purities, Ragone et al.)")
    for i in res.ideals:
        click.echo(f"  {i['name']:<10} dim {i['dim']:>5}  P(rho) = {i['purity_state']:.6f}  "
                   f"P(O) = {i['purity_observable']:.6f}  -> {i['contribution']:.6f}")
    if res.monte_carlo is not None:
        click.echo(f"Monte Carlo Var = {res.monte_carlo:.6f} ± {res.mc_stderr:.6f}   "
                   f"({res.samples} random circuits of {res.layers} layers)")
    if not (res.observable_in_algebra or res.state_in_algebra):
        click.echo("note: neither O nor rho lies in i*g; the formula is then not guaranteed", err=True)


@cli.command()
@click.argument("family")
@click.option("--qubits", "-n", type=click.IntRange(min=2), required=True, help="Number of qubits.")
@click.option("--topology", "-t", default=None,
              help="open, ring, complete (QAOA: path, ring, complete, regular3); default: the family's first.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of random graphs and couplings (>= 0).")
@click.option("--edges", "edge_text", default=None, metavar="EDGES",
              help="qaoa-maxcut on your own graph: edges like '0-1,1-2,2-0' (instead of --topology).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the generator file here instead of stdout.")
def generators(family, qubits, topology, seed, edge_text, output):
    """Write the generator file of a named FAMILY (see `liealg tables list`).

    \b
    Example:
        $ liealg generators tfim-hva --qubits 4 --topology ring
        ZZII + IZZI + IIZZ + ZIIZ
        XIII + IXII + IIXI + IIIX
    """
    from liealg.families import FAMILIES, family_generators, qaoa_maxcut

    try:
        if edge_text is not None:
            if family != "qaoa-maxcut":
                raise ValueError("--edges applies to qaoa-maxcut")
            lines = qaoa_maxcut(qubits, _edges(edge_text, qubits))
        else:
            lines = family_generators(family, qubits, topology, seed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="FAMILY/--topology/--edges") from None
    fam = FAMILIES[family]
    where = f"--edges {edge_text}" if edge_text else f"--topology {topology or fam.topologies[0]}"
    header = (f"# liealg generators {family} --qubits {qubits} {where}"
              f"{f' --seed {seed}' if seed else ''}\n# {fam.description}\n")
    text = header + "\n".join(lines) + "\n"
    if output:
        try:
            with open(output, "w") as fh:
                fh.write(text)
        except OSError as exc:
            raise click.BadParameter(f"cannot write {output!r} ({exc.strerror or exc})",
                                     param_hint="--output") from None
    else:
        click.echo(text, nl=False)


def _edges(text: str, n: int) -> list[tuple[int, int]]:
    out = []
    for part in text.replace(" ", "").split(","):
        try:
            a, b = (int(v) for v in part.split("-"))
        except ValueError:
            raise ValueError(f"edge {part!r}: write edges as 0-1,1-2") from None
        if not (0 <= a < n and 0 <= b < n) or a == b:
            raise ValueError(f"edge {part!r} is not a pair of distinct qubits below {n}")
        out.append((a, b))
    return out


@cli.group()
def tables():
    """Precomputed algebra tables (dim, center, type) for the named families."""


def _family_arg(family: str) -> str:
    from liealg.families import FAMILIES

    if family not in FAMILIES:
        raise click.BadParameter(f"unknown family {family!r}; see 'liealg tables list'", param_hint="FAMILY")
    return family


@tables.command("list")
def tables_list():
    """The families, their topologies and the qubit counts the tables cover."""
    from liealg import tables as tb
    from liealg.families import FAMILIES

    for name, fam in FAMILIES.items():
        rows = tb.load(name)
        cover = []
        for t in fam.topologies:
            ns = sorted(r.n_qubits for r in rows if r.topology == t)
            cover.append(f"{t} {ns[0]}..{ns[-1]}" if ns else f"{t} -")
        click.echo(f"{name:<15} {', '.join(cover):<58} {fam.description}")


@tables.command("show")
@click.argument("family")
@click.option("--topology", "-t", default=None, help="Only this topology.")
@click.option("--json", "as_json", is_flag=True, help="JSON records instead of CSV.")
def tables_show(family, topology, as_json):
    """Print a family's table (CSV)."""
    from liealg import tables as tb

    rows = [r for r in tb.load(_family_arg(family)) if topology in (None, r.topology)]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False))
        return
    click.echo(",".join(tb.COLUMNS))
    for r in rows:
        click.echo(",".join(str(v) for v in r.as_csv()))


@tables.command("lookup")
@click.argument("family")
@click.option("--qubits", "-n", type=click.IntRange(min=1), required=True)
@click.option("--topology", "-t", default=None, help="Default: the family's first topology.")
@click.option("--json", "as_json", is_flag=True, help="The whole row as JSON instead of the dimension.")
def tables_lookup(family, qubits, topology, as_json):
    """Print the tabulated dimension of FAMILY on --qubits qubits.

    \b
    Example:
        $ liealg tables lookup tfim-hva --qubits 8 --topology ring
        23
    """
    from liealg import tables as tb

    row = tb.lookup(_family_arg(family), qubits, topology)
    if row is None:
        raise SizeLimitError(f"the {family} table has no row for {qubits} qubits ({topology or 'default topology'});"
                             f" compute it: liealg generators {family} -n {qubits} | liealg dim -g /dev/stdin")
    click.echo(json.dumps(row.as_dict(), ensure_ascii=False) if as_json else row.dim)


@tables.command("build")
@click.option("--families", default=None, help="Comma-separated families (default: all).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Local worker processes.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on an existing Dask distributed cluster (pip install 'liealg[distributed]').")
@click.option("--n-max", type=click.IntRange(min=3), default=None, help="Largest qubit count (default 14).")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds a row may take; n stops growing after a row over a tenth of this (default 200).")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Table directory (default: the installed tables).")
@click.option("--refresh", is_flag=True, help="Recompute rows that exist (default: keep them and resume).")
def tables_build(families, jobs, scheduler, n_max, budget, directory, refresh):
    """Compute missing table rows in parallel; finished rows survive an interruption."""
    from liealg import tables as tb

    fams = [_family_arg(f.strip()) for f in families.split(",")] if families else None
    if directory is not None:
        _writable_dir(directory)

    def report(row):
        click.echo(f"{row.family:<15} {row.topology:<9} n={row.n_qubits:<3} dim {row.dim:<12} "
                   f"{row.type[:40]:<40} {row.seconds:8.2f} s", err=True)

    added = tb.build(fams, directory, jobs=jobs, scheduler=scheduler, n_max=n_max or tb.N_MAX,
                     budget=budget or tb.TIME_BUDGET, progress=report, refresh=refresh)
    click.echo(f"{sum(added.values())} rows computed", err=True)


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
    except SystemError as exc:  # Ctrl-C inside a compiled kernel surfaces as a SystemError
        if _interrupted(exc):
            _fail("interrupted", 130)
        _internal(exc)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: say so in one line unless debugging
        _internal(exc)


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
