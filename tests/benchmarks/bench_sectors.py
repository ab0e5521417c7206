"""Benchmark: DLAs in symmetry sectors, liealg vs fastdla's sector path, same generators and sectors.

Run by hand (not in CI):  python tests/benchmarks/bench_sectors.py [--skip-peers] [--timeout 1800]

fastdla (from LIEALG_BENCH_FASTDLA_PY, a Python >= 3.12 environment) builds the sector the way its
documentation does: the generators and the symmetry operators as dense 2^n x 2^n matrices, the
weight sector as a column selection, the other symmetries' eigenspaces by `fastdla.algorithms.eigenspace.get_eigenspace`
(an SVD), the generators projected onto the sector basis, then `fastdla.lie_closure` on the
projected matrices. It runs in its own interpreter; its time covers sector construction and
closure (both reported). liealg runs in process after a warm-up: `lie_closure(gens, sector=...)`.
Where the dimensions disagree, liealg's float path on an orthonormal sector basis and, when the
exact path stopped at it, the upper bound sum_b (d_b^2 - 1) + tau say which is right.
"""

from __future__ import annotations

import argparse
import time

import _peers

import liealg
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import family_generators

CASES = [
    ("xxz-hva", 6, "open", {"weight": 3}),
    ("xxz-hva", 7, "open", {"weight": 3}),
    ("heisenberg-hva", 8, "open", {"weight": 4}),
    ("tfim-hva", 10, "ring", {"momentum": 0, "flip": 1}),
    ("xxz-hva", 8, "open", {"weight": 4, "reflection": 1}),
    ("xxz-hva", 10, "open", {"weight": 5, "reflection": 1}),
    ("heisenberg-hva", 10, "open", {"weight": 5}),
    ("tfim-hva", 12, "ring", {"momentum": 0, "flip": 1}),
    ("tfim-hva", 16, "ring", {"momentum": 0, "flip": 1}),
]

FASTDLA = r"""
import json, sys, time
import numpy as np
from fastdla import lie_closure
from fastdla.algorithms.eigenspace import get_eigenspace
spec = json.loads(sys.stdin.read())
n, sector, gens = spec["n"], spec["sector"], spec["gens"]
if n > 13:
    raise SystemExit("dense 2^n x 2^n operators: n = %d is beyond this machine's memory" % n)
P = {"I": np.eye(2), "X": np.array([[0, 1], [1, 0]]), "Y": np.array([[0, -1j], [1j, 0]]), "Z": np.diag([1, -1])}
def mat(label):
    out = np.array([[1.0 + 0j]])
    for c in label:  # qubit 0 is the leftmost factor
        out = np.kron(out, P[c])
    return out
def perm(f):
    N = 2 ** n
    M = np.zeros((N, N))
    for b in range(N):
        bits = [(b >> (n - 1 - q)) & 1 for q in range(n)]
        M[sum(x << (n - 1 - q) for q, x in enumerate(f(bits))), b] = 1
    return M
warm = np.array([[[0, 1j], [1j, 0]], [[1j, 0], [0, -1j]]])
lie_closure(warm, print_every=0)  # warm-up: numba compiles outside the timing, as liealg's kernels are
t0 = time.perf_counter()
N = 2 ** n
if "weight" in sector:
    cols = [b for b in range(N) if bin(b).count("1") == sector["weight"]]
    B = np.eye(N, dtype=complex)[:, cols]
else:
    B = np.eye(N, dtype=complex)
if "flip" in sector:
    B = get_eigenspace((perm(lambda b: [1 - x for x in b]), float(sector["flip"])), basis=B)
if "reflection" in sector:
    B = get_eigenspace((perm(lambda b: b[::-1]), float(sector["reflection"])), basis=B)
if "momentum" in sector:
    w = np.exp(2j * np.pi * sector["momentum"] / n)
    B = get_eigenspace((perm(lambda b: [b[(q - 1) % n] for q in range(n)]), w), basis=B)
ops = []
for terms in gens:
    H = sum(float(c) * mat(lab) for c, lab in terms)
    ops.append(-1j * (B.conj().T @ H @ B))
ops = np.array(ops)
t1 = time.perf_counter()
dla = lie_closure(ops, print_every=0)  # numpy input: the numba matrix path
t2 = time.perf_counter()
print(json.dumps({"dim": len(dla), "seconds": t2 - t0, "sector_seconds": t1 - t0, "closure_seconds": t2 - t1,
                  "subspace_dim": int(B.shape[1])}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)
    liealg.lie_closure(family_generators("xxz-hva", 4, "open"), sector={"weight": 2})  # warm-up
    liealg.lie_closure(family_generators("tfim-hva", 6, "ring"), sector={"momentum": 0, "flip": 1})
    print(f"liealg {liealg.__version__}: lie_closure(gens, sector=...) in process; fastdla: sector + closure")
    for family, n, topology, sector in CASES:
        lines = family_generators(family, n, topology)
        t = time.perf_counter()
        alg = liealg.lie_closure(lines, sector=sector)
        ours = time.perf_counter() - t
        keys = ", ".join(f"{k}={v}" for k, v in sector.items())
        cells = [f"{family} {topology} n={n} [{keys}]", f"dim V {alg.subspace_dim}", f"dim g_V {alg.dim}",
                 f"{alg.method}{'+' + alg.shortcut if alg.shortcut else ''}", f"liealg {ours:.2f} s"]
        if not args.skip_peers:
            import json

            gens = [[(str(c), lab) for c, lab in zip(g.coeffs, g.strings.labels())]
                    for g in liealg.parse_generators("\n".join(lines))]
            payload = json.dumps({"n": n, "sector": sector, "gens": gens})
            dim, secs = _peers.run_peer("fastdla", [], timeout=args.timeout, snippet=FASTDLA, payload=payload)
            if dim is None:
                cells.append(f"fastdla: {secs}")
            else:
                rec = _peers.run_peer.last
                flag = "" if dim == alg.dim else f"  DISAGREES: fastdla {dim} (liealg: {_verdict(alg, lines, sector)})"
                cells.append(f"fastdla {secs:.1f} s (sector {rec['sector_seconds']:.1f} + closure "
                             f"{rec['closure_seconds']:.1f}) = {secs / ours:,.0f}x{flag}")
        print("  ".join(cells), flush=True)


def _verdict(alg, lines, sector) -> str:
    if alg.shortcut == "upper-bound":
        return f"{alg.dim} is the upper bound, reached exactly"
    flt = liealg.lie_closure(lines, sector=sector, method="float").dim
    return f"the float path gives {flt}"


if __name__ == "__main__":
    main()
