"""Benchmark: closures of single-Pauli-string generators, liealg vs PennyLane and fastdla.

Run by hand (not in CI):  python tests/benchmarks/bench_strings.py [--big] [--skip-peers]

Same generator sets for every tool, in the same run; prints closure seconds and
the ratio peer/liealg. liealg is timed after one warm-up call so numba's
compilation (cached on disk after the first run) is not counted; the peers'
own compilation is excluded likewise (see _peers.py). Also times the wall
clock of a second `liealg dim` process on a small file (numba cache reuse),
and with --big the su(2^12) closure with its peak memory.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import _peers
from bench_string_bfs import su12_fresh_process

import liealg
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import single_site, two_local

ROOT = Path(__file__).resolve().parents[2]


def time_liealg(labels: list[str]) -> tuple[int, float]:
    liealg.lie_closure(labels[:2])  # warm-up: load the kernels from numba's cache
    alg = liealg.lie_closure(labels)
    return alg.dim, alg.seconds


def row(name, dim, t_ours, peers):
    cells = [f"{name:<28}", f"{dim:>11,}", f"{t_ours:>10.4f}"]
    for peer, (pdim, pt) in peers.items():
        if pdim is None:
            cells.append(f"{peer}: {pt}")
        else:
            agree = "" if pdim == dim else f" DIM {pdim} DISAGREES"
            cells.append(f"{peer} {pt:.3f} s = {pt / t_ours:,.0f}x{agree}")
    print("  ".join(cells), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", action="store_true", help="also su(2^12) (dim 16.7M; about a minute, 1-2 GB)")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--peer-timeout", type=float, default=900)
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)

    # the su(2^12) process first: forked from a process that has already done large work, its peak RSS would
    # include the parent's pages (bench_string_bfs.su12_fresh_process)
    big = su12_fresh_process() + " (targets < 180 s, < 8 GB)" if args.big else None
    print(f"liealg {liealg.__version__}; closure seconds (warm), ratio = peer time / liealg time")
    cases = [
        ("so(12) {XX}+{Z} open n=6", two_local(6, ["XX"]) + single_site(6, "Z"), True),
        ("sp {XY,XZ} open n=6", two_local(6, ["XY", "XZ"]), True),
        ("su(2^5) {XX,XY,YZ} n=5", two_local(5, ["XX", "XY", "YZ"]), True),
        ("su(2^6) {XX,XY,YZ} n=6", two_local(6, ["XX", "XY", "YZ"]), True),
        ("su(2^8) {XX,XY,YZ} n=8", two_local(8, ["XX", "XY", "YZ"]), False),
        ("su(2^10) {XX,XY,YZ} n=10", two_local(10, ["XX", "XY", "YZ"]), False),
        ("so(n) {XY} open n=500", two_local(500, ["XY"]), False),
    ]
    for name, labels, with_peers in cases:
        dim, t = time_liealg(labels)
        peers = {}
        if with_peers and not args.skip_peers:
            for peer in ("pennylane", "fastdla"):
                peers[peer] = _peers.run_peer(peer, _peers.strings(labels), timeout=args.peer_timeout)
        row(name, dim, t, peers)

    exe = shutil.which("liealg") or sys.executable
    small = str(ROOT / "data" / "examples" / "so6_chain.txt")
    cmd = [exe, "dim", "-g", small] if exe != sys.executable else [exe, "-m", "liealg.cli.main", "dim", "-g", small]
    subprocess.run(cmd, check=True, capture_output=True)
    walls = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
    print(f"second and later `liealg dim` on a small file: wall {min(walls):.2f}-{max(walls):.2f} s (target < 1.5 s)")

    if args.big:
        print(big, flush=True)

if __name__ == "__main__":
    main()
