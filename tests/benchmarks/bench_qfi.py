"""Benchmark: QFI-rank sweeps (liealg) and one QFI against PennyLane's adjoint metric tensor.

Run by hand (not in CI):
    python tests/benchmarks/bench_qfi.py [--n 10] [--layers 40] [--points 5] [--peer-layers 3]

1. The sweep `liealg overparam` runs: max QFI rank for L = 1..layers over
   `points` random points, TFIM HVA ({sum ZZ, sum X}, ring and open) on n qubits.
2. One QFI at one random point of a `--peer-layers` deep circuit (PennyLane is
   slow: its adjoint metric tensor works on every gate parameter, 2(2n-1)L of
   them with IsingZZ and RX gates for the tied sums), computed by liealg and by
   PennyLane (`qml.adjoint_metric_tensor`, default.qubit; F = 4 g) in its own
   interpreter (see _peers.py), on the same parameters. Prints both times, the
   ratio, and the largest entry-wise difference of the two matrices.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time

import _peers
import numpy as np

from liealg.circuits.statevector import PeriodicQNN
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import single_site, summed, two_local
from liealg.trainability.qfi import qfi_rank_sweep

PL_SNIPPET = r"""
import json, sys, time
import numpy as onp
import pennylane as qml
from pennylane import numpy as pnp
spec = json.loads(sys.stdin.read())
n, edges, L = spec["n"], spec["edges"], spec["layers"]
dev = qml.device("default.qubit", wires=n)
@qml.qnode(dev)
def circuit(theta):
    for w in range(n):
        qml.Hadamard(wires=w)
    for l in range(L):
        for a, b in edges:
            qml.IsingZZ(2 * theta[2 * l], wires=[a, b])
        for w in range(n):
            qml.RX(2 * theta[2 * l + 1], wires=w)
    return qml.state()
theta = pnp.array(spec["theta"], requires_grad=True)
qml.adjoint_metric_tensor(circuit)(pnp.array(spec["theta"][:2] * L, requires_grad=True))  # warm-up
t = time.perf_counter()
g = qml.adjoint_metric_tensor(circuit)(theta)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "F": (4 * onp.asarray(g)).tolist()}))
"""


def tfim(n, topology):
    return [summed(two_local(n, ["ZZ"], topology)), summed(single_site(n, "X"))]


def edges(n, topology):
    from liealg.tables.families import edges as e

    return [list(x) for x in e(n, topology)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10)
    ap.add_argument("--layers", type=int, default=40)
    ap.add_argument("--points", type=int, default=5)
    ap.add_argument("--peer-layers", type=int, default=3)
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)
    qfi_rank_sweep(tfim(3, "ring"), "plus", [1, 2], points=1)  # warm-up (numba cache)
    for topology in ("ring", "open"):
        gens = tfim(args.n, topology)
        t0 = time.perf_counter()
        res = qfi_rank_sweep(gens, "plus", range(1, args.layers + 1), points=args.points)
        sweep = time.perf_counter() - t0
        print(f"TFIM HVA {topology:<4} n={args.n}: L = 1..{args.layers} (M up to {res.rows[-1].M}), "
              f"{args.points} points: {sweep:.2f} s;  dim g = {res.dim_g}, R = {res.R}, "
              f"max rank {res.max_rank}, M_c = {res.M_c}", flush=True)

        qnn = PeriodicQNN(gens, args.peer_layers, "plus")
        theta = np.random.default_rng(1).uniform(0, 2 * np.pi, qnn.n_params)
        t0 = time.perf_counter()
        F = qnn.qfi(theta)
        ours = time.perf_counter() - t0
        spec = {"n": args.n, "edges": edges(args.n, topology), "layers": args.peer_layers, "theta": theta.tolist()}
        py = _peers.PYTHONS["pennylane"]
        if not _peers.available("pennylane"):
            print(f"  one QFI (M={qnn.n_params}): liealg {ours:.4f} s; PennyLane not installed at {py}")
            continue
        proc = subprocess.run([py, "-c", PL_SNIPPET], input=json.dumps(spec), capture_output=True, text=True)
        if proc.returncode:
            print("  PennyLane failed:", proc.stderr.strip().splitlines()[-1][:200])
            continue
        rec = json.loads(proc.stdout.strip().splitlines()[-1])
        diff = float(np.abs(np.array(rec["F"]) - F).max())
        print(f"  one QFI (M={qnn.n_params}): liealg {ours:.4f} s, PennyLane adjoint_metric_tensor "
              f"{rec['seconds']:.3f} s, ratio {rec['seconds'] / ours:.0f}x;  max |F_liealg - F_PennyLane| = {diff:.1e}",
              flush=True)


if __name__ == "__main__":
    main()
