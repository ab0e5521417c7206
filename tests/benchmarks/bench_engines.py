"""Benchmark: circuit engines beyond the statevector, against the statevector and PennyLane, same run.

Run by hand (not in CI):
    python tests/benchmarks/bench_engines.py [--n 12,16,20] [--pl-max 12] [--pl-layers 2] [--scale]

1. Free fermions vs statevector: the TFIM HVA ({sum ZZ, sum X}, open chain, |+>^n) with L = n
   layers, one QFI and one energy gradient at the same random point, by liealg's statevector
   engine and by the free-fermion engine; times, ratio, and the largest entry-wise difference.
   PennyLane's `qml.adjoint_metric_tensor` (default.qubit; F = 4 g) on a --pl-layers deep
   circuit (it differentiates every gate, 2(2n-1)L of them), same parameters, against the
   free-fermion engine on that circuit, for n <= --pl-max (LIEALG_BENCH_PENNYLANE_PY, see
   _peers.py).
2. g-sim vs statevector: one gradient and 100 Monte Carlo expectations of the so(2n) matchgate
   chain ({X_i X_i+1, Z_i}, |0...0>, O = Z_0), of the {X_i X_i+1, X_i Z_i+1} chain (a Pauli-string
   algebra of polynomial dimension that is not free-fermionic in either frame; O = the sum of
   its generators) and of the XXZ HVA on 6 qubits (dense adjoint matrices, where the small
   statevector wins).
3. --scale: the runs of issue 14 that no statevector can do: `overparam` on the TFIM HVA at
   n = 60 (open and ring, default points) and `variance` on the so(100) chain at n = 50.
4. --train: optimizers on the same starts, free-fermion engine, open TFIM HVA at n = 30 (H = sum ZZ +
   sum X, M_c = 450): L-BFGS (memory 50, up to 1500 iterations) against Gauss-Newton (liealg's
   Levenberg-Marquardt on the energy as a sum of squares, up to 100 Jacobians) at L = 200 and
   300; the residual each reaches, the time each takes to go below 1e-4, and the ratio. Then the
   issue-14 run: `train` with Gauss-Newton at L = 175, 300, 450 (M_c between the first two), 20
   initializations each, 150 Jacobians, tol 1e-4, 2 worker threads: success, medians, seconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time

import _peers
import numpy as np
from bench_qfi import PL_SNIPPET, edges

from liealg.circuits.fermion import FermionQNN
from liealg.circuits.gsim import GsimQNN
from liealg.circuits.statevector import PeriodicQNN
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import family_generators


def timed(f, *args):
    t0 = time.perf_counter()
    out = f(*args)
    return out, time.perf_counter() - t0


def chain(n):
    return [("I" * j + "XX" + "I" * (n - j - 2)) for j in range(n - 1)] + [("I" * j + "Z" + "I" * (n - j - 1))
                                                                         for j in range(n)]


def fermion_rows(ns, pl_max, pl_layers):
    print("## free fermions vs statevector: TFIM HVA open, |+>^n, L = n layers")
    print(f"{'n':>3} {'M':>4} | {'QFI sv':>9} {'QFI ff':>9} {'ratio':>7} {'max|dF|':>8} | {'grad sv':>9} "
          f"{'grad ff':>9} {'ratio':>7} | PennyLane adjoint_metric_tensor")
    for n in ns:
        gens = family_generators("tfim-hva", n, "open")
        h = " + ".join(gens)
        sv, ff = PeriodicQNN(gens, n, "plus"), FermionQNN(gens, n, "plus")
        theta = np.random.default_rng(1).uniform(0, 2 * np.pi, sv.n_params)
        F_sv, t_sv = timed(sv.qfi, theta)
        F_ff, t_ff = timed(ff.qfi, theta)
        g_sv, tg_sv = timed(sv.value_and_grad, theta, h)
        g_ff, tg_ff = timed(ff.value_and_grad, theta, h)
        assert abs(g_sv[0] - g_ff[0]) < 1e-8 * max(1, abs(g_sv[0])) and np.allclose(g_sv[1], g_ff[1], atol=1e-8)
        peer = "-"
        if n <= pl_max:
            if not _peers.available("pennylane"):
                peer = f"not installed (set {_peers.ENV_VARS['pennylane']})"
            else:
                small = FermionQNN(gens, pl_layers, "plus")
                th = theta[: small.n_params]
                small.qfi(th)
                F_small, t_small = timed(small.qfi, th)
                spec = {"n": n, "edges": edges(n, "open"), "layers": pl_layers, "theta": th.tolist()}
                try:
                    proc = subprocess.run([_peers.PYTHONS["pennylane"], "-c", PL_SNIPPET], input=json.dumps(spec),
                                          capture_output=True, text=True, timeout=1800)
                    rec = json.loads(proc.stdout.strip().splitlines()[-1])
                    diff = float(np.abs(np.array(rec["F"]) - F_small).max())
                    peer = (f"L={pl_layers}: {rec['seconds']:.3f} s vs fermion {t_small:.5f} s "
                            f"({rec['seconds'] / t_small:.0f}x), max |dF| {diff:.1e}")
                except (subprocess.TimeoutExpired, IndexError, json.JSONDecodeError):
                    peer = "did not finish (30 min) or failed"
        print(f"{n:>3} {sv.n_params:>4} | {t_sv:>9.4f} {t_ff:>9.4f} {t_sv / t_ff:>6.0f}x "
              f"{np.abs(F_sv - F_ff).max():>8.1e} | {tg_sv:>9.4f} {tg_ff:>9.4f} {tg_sv / tg_ff:>6.0f}x | {peer}",
              flush=True)


def gsim_rows(ns):
    print("\n## g-sim vs statevector: one gradient, 100 Monte Carlo expectations")
    cases = [(f"so(2n) chain n={n}", chain(n), "0" * n, "Z" + "I" * (n - 1), n) for n in ns]
    cases += [(f"{{XX, XZ}} chain n={n}", family_generators("a8", n, "open"), "0" * n, None, n) for n in ns]
    cases += [("xxz-hva open n=6", family_generators("xxz-hva", 6, "open"), "010101", None, 3)]
    print(f"{'case':<22} {'dim g':>6} {'M':>5} | {'grad sv':>9} {'grad gsim':>9} {'ratio':>7} | "
          f"{'MC sv':>8} {'MC gsim':>8} {'ratio':>7}")
    for name, gens, state, obs, L in cases:
        obs = obs or " + ".join(gens)
        g, t_build = timed(GsimQNN, gens, L, state)
        sv = PeriodicQNN(gens, L, state)
        rng = np.random.default_rng(2)
        theta = rng.uniform(0, 2 * np.pi, sv.n_params)
        a, t_sv = timed(sv.value_and_grad, theta, obs)
        b, t_g = timed(g.value_and_grad, theta, obs)
        assert abs(a[0] - b[0]) < 1e-8 * max(1, abs(a[0])) and np.allclose(a[1], b[1], atol=1e-8)
        thetas = rng.uniform(0, 2 * np.pi, (100, sv.n_params))
        va, m_sv = timed(sv.energies, thetas, obs)
        vb, m_g = timed(g.energies, thetas, obs)
        assert np.allclose(va, vb, atol=1e-8)
        print(f"{name:<22} {g.dim:>6} {sv.n_params:>5} | {t_sv:>9.4f} {t_g:>9.4f} {t_sv / t_g:>6.3g}x | "
              f"{m_sv:>8.3f} {m_g:>8.3f} {m_sv / m_g:>6.3g}x   (g-sim set-up {t_build:.2f} s)", flush=True)


def scale_rows():
    from liealg.trainability.loss_variance import variance
    from liealg.trainability.qfi import qfi_rank_sweep

    print("\n## beyond the statevector (issue 14)")
    for topology, layers in (("open", [100, 300, 600, 850, 900, 950, 1000, 1100]), ("ring", range(5, 60, 5))):
        res, t = timed(qfi_rank_sweep, family_generators("tfim-hva", 60, topology), "plus", layers)
        ranks = ", ".join(f"{r.M}:{r.rank}" for r in res.rows)
        print(f"overparam TFIM HVA {topology} n=60: dim g = {res.dim_g}, R = {res.R}, M_c = {res.M_c}, "
              f"engine {res.engine['engine']}, {t:.1f} s;  M:rank {ranks}", flush=True)
    res, t = timed(lambda: qfi_rank_sweep(family_generators("tfim-hva", 60, "ring"), "plus", range(5, 60, 5),
                                          exact=True))
    ranks = ", ".join(f"{r.M}:{r.rank}" for r in res.rows)
    print(f"overparam TFIM HVA ring n=60 --exact-ranks: R = {res.R}, M_c = {res.M_c}, {t:.1f} s;  M:rank {ranks}",
          flush=True)
    n = 50
    res, t = timed(lambda: variance(chain(n), "0" * n, "Z" + "I" * (n - 1)))  # default depth: doubled until mixed
    z = abs(res.monte_carlo - res.predicted) / res.mc_stderr
    print(f"variance so(2n) chain n=50: predicted {res.predicted:.6f}, Monte Carlo {res.monte_carlo:.6f} "
          f"± {res.mc_stderr:.6f} ({z:.1f} standard errors; {res.circuits} circuits of {res.depth} layers, "
          f"engine {res.engine['engine']}), {t:.1f} s", flush=True)


def _race(q, h, e0, theta0, tol):
    """{optimizer: (final residual, seconds, seconds to go below tol or None)} from one start."""
    return {name: _optimize(name, q, h, e0, theta0, tol) for name in ("lbfgs", "gauss-newton")}


def _optimize(name, q, h, e0, theta0, tol):
    from scipy.optimize import minimize

    from liealg.trainability.training import levenberg_marquardt

    residual, jacobian = q.least_squares(h)
    hit = [None]
    t0 = time.perf_counter()

    def watch(value):
        if hit[0] is None and value - e0 < tol:
            hit[0] = time.perf_counter() - t0

    if name == "lbfgs":
        def fun(t):
            v, g = q.value_and_grad(t, h)
            watch(v)
            return v, g
        theta = minimize(fun, theta0, jac=True, method="L-BFGS-B",
                         options={"maxiter": 1500, "gtol": 1e-9, "ftol": 1e-14, "maxcor": 50}).x
    else:
        def jac(t):
            r = residual(t)
            watch(e0 + r @ r)
            return jacobian(t)
        theta = levenberg_marquardt(residual, jac, theta0, 100)
    return q.expectation(theta, h) - e0, time.perf_counter() - t0, hit[0]


def train_rows(inits: int = 3) -> None:
    n, tol = 30, 1e-4
    gens = family_generators("tfim-hva", n, "open")
    h = " + ".join(gens)
    print(f"\n## optimizers on the same starts: TFIM HVA open n={n}, free fermions, time to E - E0 < {tol:g}")
    for L in (200, 300):
        q = FermionQNN(gens, L, "plus")
        e0 = q.ground_energy(h)
        rng = np.random.default_rng(0)
        for i in range(inits):
            out = _race(q, h, e0, rng.uniform(0, 2 * np.pi, q.n_params), tol)
            (rl, tl, hl), (rg, tg, hg) = out["lbfgs"], out["gauss-newton"]
            ratio = f"{hl / hg:.1f}x" if hl and hg else "-"
            print(f"L={L} (M={q.n_params}) start {i}: L-BFGS {rl:.1e} in {tl:.1f} s (below tol at "
                  f"{'never' if hl is None else f'{hl:.1f} s'}); Gauss-Newton {rg:.1e} in {tg:.1f} s (below tol at "
                  f"{'never' if hg is None else f'{hg:.1f} s'}); ratio {ratio}", flush=True)
    from liealg.trainability.training import train

    res, t = timed(lambda: train(gens, h, "plus", [175, 300, 450], inits=20, optimizer="gauss-newton", maxiter=150,
                                 tol=tol, workers=2))
    rows = ", ".join(f"L={r.layers} (M={r.M}): {r.success:.2f}, median {r.median_residual:.1e}" for r in res.rows)
    print(f"train n={n} gauss-newton, 20 inits, 150 Jacobians, 2 workers: {rows}; {t:.0f} s", flush=True)


def main() -> None:
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", default="12,16,20", help="qubit counts for the engine comparisons")
    ap.add_argument("--pl-max", type=int, default=12, help="run PennyLane up to this n")
    ap.add_argument("--pl-layers", type=int, default=2, help="depth of the circuit PennyLane differentiates")
    ap.add_argument("--scale", action="store_true", help="also the n = 50, 60 runs")
    ap.add_argument("--train", action="store_true", help="only the optimizer comparison at n = 30")
    args = ap.parse_args()
    if args.train:
        FermionQNN(family_generators("tfim-hva", 4, "open"), 2, "plus").value_and_grad(np.ones(4), "ZZII")
        train_rows()
        return
    ns = [int(x) for x in args.n.split(",")]
    # warm-up: compile (or load) every kernel before timing
    for cls in (FermionQNN, PeriodicQNN):
        q = cls(family_generators("tfim-hva", 4, "open"), 2, "plus")
        q.qfi(np.ones(4))
        q.value_and_grad(np.ones(4), "ZZII")
    g = GsimQNN(chain(4), 2, "0000")
    g.value_and_grad(np.ones(g.n_params), "ZIII")
    g.energies(np.ones((2, g.n_params)), "ZIII")
    FermionQNN(chain(4), 2, "0000").energies(np.ones((2, 14)), "ZIII")
    fermion_rows(ns, args.pl_max, args.pl_layers)
    gsim_rows(ns)
    if args.scale:
        scale_rows()


if __name__ == "__main__":
    main()
