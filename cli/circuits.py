"""Commands about circuits U(theta) = prod_l prod_k exp(-i theta_lk H_k): overparam, train, variance."""

from __future__ import annotations

import io
import os
import sys

import click

from liealg.circuits import ENGINES as CIRCUIT_ENGINES
from liealg.trainability import OPTIMIZERS

from . import common as c

layers_help = "Depths L (layers): START:STOP (inclusive), START:STOP:STEP or a comma list."


engine_option = click.option(
    "--engine", type=click.Choice(("auto", *CIRCUIT_ENGINES)), default="auto", show_default=True,
    help="Circuit simulator: statevector (n <= 24), fermion (generators quadratic in Jordan-Wigner Majoranas; "
         "basis states or |+>^n; any n), gsim (adjoint representation of g, dim g <= 20,000; product states; "
         "observables in g; no QFI); auto takes the cheapest that applies.")


def _qnn_inputs(path: str, qubits: int | None, state: str, engine: str = "auto"):
    """Generators, qubit count and validated state for the commands that simulate circuits."""
    from liealg.circuits.statevector import MAX_QUBITS
    from liealg.errors import SizeLimitError
    from liealg.io.states import initial_state, product_state

    gens = c.read(path, qubits)
    n = gens[0].n
    if n > MAX_QUBITS and engine == "statevector":
        raise SizeLimitError(f"statevector simulation is limited to {MAX_QUBITS} qubits; the generators act on {n}")
    try:
        if product_state(state, n) is None:
            if n > MAX_QUBITS:
                raise SizeLimitError(f"a {n}-qubit state vector is beyond reach (2^{n} amplitudes): the engines "
                                     "beyond the statevector take plus, zero or a bit string")
            initial_state(state, n)
    except (ValueError, OSError) as exc:
        raise click.BadParameter(f"{state!r}: {exc}", param_hint="--state") from None
    return gens, n, state


def _record(res, n: int, state: str, path: str) -> None:
    rec = res.as_dict()
    rec.update({"n_qubits": n, "state": state, "version": c.version(), "file": path})
    c.echo_json(rec)


@click.command()
@c.generators_option
@c.qubits_option
@c.state_option
@click.option("--layers", "layers_text", default="1:10", show_default=True, help=layers_help)
@click.option("--points", type=click.IntRange(min=1), default=5, show_default=True,
              help="Random parameter points per depth; the rank is the maximum over them.")
@click.option("--rtol", type=click.FloatRange(min=0, max=1, min_open=True, max_open=True), default=None,
              callback=lambda ctx, param, v: None if v is None else c.finite(v, "--rtol"),
              help="Statevector: an eigenvalue of the QFI counts when it exceeds rtol times the largest (default "
                   "1e-8); fermion: a singular value of the Jacobian (F = T T^T, to full precision) counts "
                   "above rtol times the largest (default 1e-14). Both above the noise floor.")
@c.seed_option
@click.option("--plot", "plot_path", default=None, metavar="PNG",
              help="Also plot rank vs M with dim g and R into this PNG file (matplotlib).")
@click.option("--sector/--no-sector", "with_sector", default=True, show_default=True,
              help="Report the symmetry sector V of the initial state, dim V, dim g_V and R from g_V "
                   "(n <= 24), and the state's own sector W under every conserved quantity, named or not "
                   "(n <= 14; see `liealg sectors --state`).")
@click.option("--components/--no-components", "with_components", default=True, show_default=True,
              help="Report R, capacity and M_c per isotypic component the state has weight on (statevector "
                   "engine, n <= 12; see `liealg irreps --state`).")
@engine_option
@click.option("--exact-ranks", "exact", is_flag=True,
              help="Free-fermion engine: QFI ranks modulo a prime at random rational points (no tolerance; "
                   "lower bounds of the generic rank, certified where they equal M or R).")
@c.json_option
@c.progress_option
def overparam(path, qubits, state, layers_text, points, rtol, seed, plot_path, with_sector, with_components, engine,
              exact, as_json, progress):
    """QFI rank vs number of parameters M, against dim g and the orbit bound R.

    Periodic ansatz: every layer applies exp(-i theta H_k) for each generator
    (one parameter per generator per layer). The circuit is overparametrized
    from M_c on, where the maximal QFI rank saturates at R (Larocca et al. 2023).

    \b
    Example:
        $ liealg overparam -g data/examples/tfim_hva_open4.txt --layers 1:8
    """
    from liealg.trainability.qfi import qfi_rank_sweep

    layers = c.layer_list(layers_text)
    gens, n, state = _qnn_inputs(path, qubits, state, engine)
    if plot_path:  # matplotlib, the format and the path are checked before the work
        _plot_format(plot_path)
        c.writable(plot_path, "--plot")
    from liealg.circuits.chooser import closure_for

    with c.ClosureProgress() as closing:  # refuses an engine that cannot apply before the closure
        alg = closure_for(gens, state, engine, progress=closing)
    def partial(done, total, best):  # the heartbeat of a long sweep carries the ranks so far
        bar.note("max rank so far " + " ".join(f"L={L}:{'?' if r is None else r}" for L, r in zip(layers, best)))

    with c.Bar("QFI points", progress) as bar:
        res = qfi_rank_sweep(gens, state, layers, points=points, rtol=rtol, seed=seed, alg=alg, on_point=partial,
                             progress=bar, sectors=with_sector, engine=engine, exact=exact,
                             components=with_components)
    _print_sweep(res, n, state, path, as_json)
    if plot_path:
        try:
            _plot_ranks(res, plot_path, path)
        except (OSError, ValueError, RuntimeError) as exc:  # the table is printed; the missing plot is an error
            click.echo(f"liealg: error: the plot could not be written to {plot_path}: "
                       f"{getattr(exc, 'strerror', None) or exc}", err=True)
            sys.exit(1)
        click.echo(f"plot written to {plot_path}", err=True)


def _print_sweep(res, n: int, state: str, path: str, as_json: bool) -> None:
    if as_json:
        return _record(res, n, state, path)
    click.echo(f"dim g = {res.dim_g}   R = dim g - dim stab(rho) = {res.R}   K = {res.K} generators   "
               f"state {state}   engine {res.engine['engine']}")
    if res.sector is not None:
        keys = ", ".join(f"{k}={v}" for k, v in res.sector.sector.items())
        click.echo(f"sector {keys}: dim V = {res.sector.subspace_dim}   dim g_V = {res.sector.dim_g_V}   "
                   f"R from g_V = {'not given' if res.sector.R_V is None else res.sector.R_V}")
    own = res.own_sector
    if own is not None and (res.sector is None or own.smaller_than_named):
        click.echo(f"the state's own sector W (every conserved quantity, named or not): {own.summary()}")
    click.echo(f"{'L':>4} {'M':>5} {'max rank':>9} {'gap':>10}  ranks per point")
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
    if res.capacity is not None:
        reach = (f"its maximum R = {res.R}, reached at M_c = {res.M_c}" if res.capacity == res.R and res.M_c
                 else f"R = {res.R} is its maximum")
        click.echo(f"capacity (effective quantum dimension: the maximal QFI rank over parameters) = "
                   f"{res.capacity} at M = {res.rows[-1].M}; {reach}")
    if res.components:
        _print_components(res.components)
    for note in res.notes:
        click.echo(f"note: {note}", err=True)


def _print_components(comps) -> None:
    """Per isotypic component the state touches: its weight, R_lambda, capacity and M_c."""
    width = max(len("image"), *(len(x.image_type) for x in comps))
    click.echo(f"per isotypic component the state has weight on ({len(comps)}; H = sum V_d (x) C^m):")
    click.echo(f"{'d':>5} {'m':>4}  {'image':<{width}} {'weight':>8} {'r':>3} {'R':>6} {'capacity':>8} {'M_c':>5}")
    for x in comps:
        m_c = "-" if x.M_c is None else x.M_c
        cap = "failed" if x.capacity is None else x.capacity
        click.echo(f"{x.d:>5} {x.m:>4}  {x.image_type:<{width}} {x.weight:>8.4f} {x.schmidt_rank:>3} {x.R:>6} "
                   f"{cap:>8} {m_c:>5}")
    click.echo("(r: the state's Schmidt rank across V (x) C^m; R: its orbit dimension there; capacity: the "
               "component's maximal QFI rank at the largest depth; max R_lambda <= R <= sum R_lambda + t - 1)")


def _pyplot():
    from liealg.errors import SizeLimitError

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SizeLimitError("--plot needs matplotlib (pip install 'liealg[plot]')") from None
    return plt


def _plot_format(plot_path: str) -> str:
    """The image format the --plot path's extension names; BadParameter when matplotlib cannot write it."""
    plt = _pyplot()
    supported = plt.figure().canvas.get_supported_filetypes()
    plt.close("all")
    ext = os.path.splitext(plot_path)[1].lower().lstrip(".")
    if ext not in supported:
        raise click.BadParameter(f"{plot_path!r}: the extension names no image format matplotlib writes (use "
                                 f"{', '.join('.' + e for e in sorted(supported))})", param_hint="--plot")
    return ext


def _plot_ranks(res, plot_path: str, title: str) -> None:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    rows = [r for r in res.rows if r.rank is not None]
    ax.plot([r.M for r in rows], [r.rank for r in rows], "o-", label="max QFI rank")
    ax.axhline(res.dim_g, color="gray", ls="--", label=f"dim g = {res.dim_g}")
    ax.axhline(res.R, color="red", ls=":", label=f"R = {res.R}")
    if res.M_c is not None:
        ax.axvline(res.M_c, color="green", ls="-.", lw=0.8, label=f"M_c = {res.M_c}")
    ax.set_xlabel("number of parameters M")
    ax.set_ylabel("rank")
    ax.set_title(title, fontsize=9)
    ax.legend()
    fig.tight_layout()
    buffer = io.BytesIO()  # rendered in memory, then written and closed here: a failed write is seen
    fig.savefig(buffer, dpi=120, format=_plot_format(plot_path))
    plt.close(fig)
    with open(plot_path, "wb") as fh:
        fh.write(buffer.getvalue())


@click.command()
@c.generators_option
@c.qubits_option
@click.option("--hamiltonian", "ham_path", required=True, metavar="FILE",
              help="Hamiltonian file (generator-file format; the lines are summed; identity terms allowed).")
@c.state_option
@click.option("--layers", "layers_text", default="1:6", show_default=True, help=layers_help)
@click.option("--inits", type=click.IntRange(min=1), default=50, show_default=True,
              help="Random initializations per depth.")
@click.option("--optimizer", type=click.Choice(OPTIMIZERS), default="lbfgs",
              show_default=True,
              help="L-BFGS-B (scipy), Adam (learning rate 0.05), or gauss-newton: Levenberg-Marquardt on the "
                   "energy as an exact sum of squares (free-fermion engine, quadratic Hamiltonian; --maxiter "
                   "counts Jacobians).")
@click.option("--tol", type=click.FloatRange(min=0, min_open=True), default=1e-3, show_default=True,
              callback=lambda ctx, param, v: c.finite(v, "--tol"),
              help="A run succeeds when its energy is within tol of the exact ground energy.")
@click.option("--maxiter", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Optimizer iterations per run.")
@click.option("--lbfgs-memory", type=click.IntRange(min=1, max=1000), default=10, show_default=True,
              help="Correction pairs kept by L-BFGS (more helps on ill-conditioned deep circuits).")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Threads running initializations at once (the free-fermion and g-sim kernels release the GIL).")
@click.option("--ground-energy", "ground_energy", type=float, default=None,
              callback=lambda ctx, param, v: None if v is None else c.finite(v, "--ground-energy"),
              help="The exact ground energy E0, when known (default: computed; free fermions: in the initial "
                   "state's parity sector).")
@engine_option
@c.seed_option
@c.json_option
@c.progress_option
def train(path, qubits, ham_path, state, layers_text, inits, optimizer, tol, maxiter, lbfgs_memory, workers,
          ground_energy, engine, seed, as_json, progress):
    """VQE success rate vs number of parameters: the computational phase transition.

    Exact gradients (adjoint method); L-BFGS (scipy) or Adam; the exact ground
    energy from scipy's eigensolver.

    \b
    Example:
        $ liealg train -g data/examples/tfim_hva_open4.txt --hamiltonian data/examples/tfim_open4_h.txt \\
              --layers 2:8 --inits 20
    """
    from liealg.trainability.training import train as run_train

    layers = c.layer_list(layers_text)
    gens, n, state = _qnn_inputs(path, qubits, state, engine)
    ham = c.observable(ham_path, n)
    def print_row(r, so_far):  # each depth's row as soon as it is done, flushed: a killed run keeps them
        if as_json:
            return
        if len(so_far.rows) == 1:
            click.echo(f"E0 = {so_far.ground_energy:.10f} ({so_far.ground_energy_source})   success: E - E0 < "
                       f"{tol:g}   {optimizer}, {inits} runs per depth   engine {so_far.engine['engine']}")
            click.echo(f"{'L':>4} {'M':>5} {'success':>8} {'median E-E0':>12} {'Hessian rank':>13} {'converged':>10}")
        rank = "-" if r.hessian_rank is None else r.hessian_rank
        click.echo(f"{r.layers:>4} {r.M:>5} {r.success:>8.2f} {r.median_residual:>12.3e} {rank:>13} "
                   f"{r.converged:>6}/{len(r.residuals)}")
        sys.stdout.flush()

    with c.Bar("training", progress) as bar:
        res = run_train(gens, ham, state, layers, inits=inits, optimizer=optimizer, tol=tol, maxiter=maxiter,
                        seed=seed, progress=bar, engine=engine, ground_energy=ground_energy,
                        lbfgs_memory=lbfgs_memory, workers=workers, on_row=print_row)
    if as_json:
        return _record(res, n, state, path)
    click.echo("Hessian rank: at converged end points only (|grad| <= 1e-6 |O| max|H_k|)", err=True)


@click.command()
@c.generators_option
@c.qubits_option
@c.state_option
@click.option("--observable", "obs_path", required=True, metavar="FILE",
              help="Observable file (generator-file format; the lines are summed; identity terms allowed).")
@click.option("--circuits", type=click.IntRange(min=0), default=1000, show_default=True,
              callback=lambda ctx, param, v: _circuits(v),
              help="Random circuits for the Monte Carlo estimate (0: prediction only; otherwise at least 2).")
@click.option("--depth", type=click.IntRange(min=1), default=None,
              help="Layers of each Monte Carlo circuit (default: enough that M >= 4 dim g + 20).")
@engine_option
@c.seed_option
@click.option("--exact", is_flag=True,
              help="Also the deep-circuit mean and variance for any state and observable: projections onto the "
                   "commutants of g and of its doubled action (exact over Q for product states up to 4 qubits), "
                   "else from the isotypic classes of End(H) under ad g (float, up to 8 qubits; the mean exact).")
@c.json_option
def variance(path, qubits, state, obs_path, circuits, depth, engine, seed, exact, as_json):
    """Loss variance of a deep circuit: g-purity prediction beside Monte Carlo.

    Var[<O>] = sum_j P_gj(rho) P_gj(O) / dim g_j over the simple ideals of g
    (Ragone et al. 2024); exact when O or the traceless part of rho lies in i*g.
    With --exact, the deep-circuit moments for any rho and O: E[<O>] and E[<O>^2] are
    projections of rho and rho (x) rho onto the commutants of g and of g (x) 1 + 1 (x) g.

    \b
    Example:
        $ liealg variance -g data/examples/so6_chain.txt --state 000 --observable data/examples/z0.txt
        $ liealg variance -g data/examples/tfim_hva_open4.txt --state 0000 \\
              --observable data/examples/z0_4.txt --exact --circuits 0
        exact Var = 1/8 = 0.125000   (mean 0; commutants of dim 5 and 105)
    """
    from liealg.trainability.loss_variance import variance as run_variance

    gens, n, state = _qnn_inputs(path, qubits, state, engine)
    obs = c.observable(obs_path, n)
    moments = None
    if exact:
        from liealg.trainability.moments import exact_moments

        moments = exact_moments(gens, state, obs)
    res = run_variance(gens, state, obs, circuits=circuits, depth=depth, seed=seed, engine=engine)
    if as_json:
        if moments is not None:
            rec = res.as_dict()
            rec.update({"exact": moments.as_dict(), "n_qubits": n, "state": state, "version": c.version(),
                        "file": path})
            return c.echo_json(rec)
        return _record(res, n, state, path)
    if moments is not None:
        dims = f"commutants of dim {moments.commutant_dims[0]} and {moments.commutant_dims[1]}"
        if moments.exact:
            click.echo(f"exact Var = {moments.variance} = {float(moments.variance):.6f}   "
                       f"(mean {moments.mean}; {dims})")
        else:
            how = moments.certificate.get("second", "float64 solve")
            click.echo(f"deep-circuit Var = {moments.variance:.6f}   (mean {moments.mean}; {dims}; float: {how})")
    if res.predicted is None:
        click.echo("predicted Var: none (neither O nor the traceless part of rho lies in i*g, where the "
                   "g-purity formula of Ragone et al. holds)")
    else:
        click.echo(f"predicted Var = {res.predicted:.6f}   (g-purities, Ragone et al.)")
        for i in res.ideals:
            click.echo(f"  {i['label']:<10} dim {i['dim']:>5}  P(rho) = {i['purity_state']:.6g}  "
                       f"P(O) = {i['purity_observable']:.6g}  -> {i['contribution']:.6f}")
    if res.monte_carlo is not None:
        click.echo(f"Monte Carlo Var = {res.monte_carlo:.6f} ± {res.mc_stderr:.6f}   "
                   f"({res.circuits} random circuits of {res.depth} layers, engine {res.engine['engine']})")
    for note in res.notes:
        click.echo(f"note: {note}", err=True)
    if res.predicted is None and res.monte_carlo is None and moments is None:
        click.echo("note: only the Monte Carlo estimate or --exact applies here: run without --circuits 0, or "
                   "with --exact", err=True)


def _circuits(value: int) -> int:
    if value == 1:
        raise click.BadParameter("one circuit has no variance: use 0 (prediction only) or at least 2",
                                 param_hint="--circuits")
    return value


COMMANDS = [overparam, train, variance]
