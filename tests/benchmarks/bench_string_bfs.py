"""Benchmark: the string-BFS kernel against a minimal reference BFS of the same algorithm.

Run by hand (not in CI):  python tests/benchmarks/bench_string_bfs.py [--big]

The reference is written here, independently of `kernels/string_closure.py`: one uint64 per
string (x bits low, z bits high; n <= 32), an open-addressing table of uint64 pre-sized to
the known dimension, bracket = popcount parity test + xor, the basis array as the queue. Both
are timed warm (numba compilation excluded) on the same generators in the same run; the
figure is nanoseconds per (element x generator) pair, dim * K pairs in all, and the ratio
liealg / reference (issue 22's target: at most 1.3). With --big also the su(2^12) closure
through `liealg.lie_closure` in a fresh process: wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time

import _peers
import numba
import numpy as np

from liealg.closure.anticommutation import classify_strings
from liealg.closure.strings import string_closure
from liealg.pauli import PauliList
from liealg.tables.families import two_local

_M32 = np.uint64(0xFFFFFFFF)


@numba.njit(cache=False)
def _parity(v):
    v ^= v >> np.uint64(32)
    v ^= v >> np.uint64(16)
    v ^= v >> np.uint64(8)
    v ^= v >> np.uint64(4)
    v ^= v >> np.uint64(2)
    v ^= v >> np.uint64(1)
    return v & np.uint64(1)


@numba.njit(cache=False)
def reference_bfs(gens, dim):
    """Keys of the closure (BFS order); `gens` one uint64 each, `dim` the known dimension."""
    size = 1
    while size < 2 * dim:
        size *= 2
    mask = np.uint64(size - 1)
    table = np.zeros(size, dtype=np.uint64)
    basis = np.empty(dim, dtype=np.uint64)
    count = 0
    for g in gens:
        s = (g * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40) & mask
        while table[s] != 0 and table[s] != g:
            s = (s + np.uint64(1)) & mask
        if table[s] == 0:
            table[s] = g
            basis[count] = g
            count += 1
    head = 0
    while head < count:
        a = basis[head]
        ax, az = a & _M32, a >> np.uint64(32)
        for g in gens:
            if _parity((ax & (g >> np.uint64(32))) ^ (az & (g & _M32))) == 0:
                continue
            c = a ^ g
            s = (c * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(40) & mask
            while True:
                t = table[s]
                if t == c:
                    break
                if t == 0:
                    table[s] = c
                    basis[count] = c
                    count += 1
                    break
                s = (s + np.uint64(1)) & mask
        head += 1
    return basis[:count]


def one_word(labels: list[str]) -> np.ndarray:
    keys = PauliList.from_labels(labels).keys  # (K, 2): x word, z word (n <= 32 here)
    return (keys[:, 0] | (keys[:, 1] << np.uint64(32))).astype(np.uint64)


def su12_fresh_process() -> str:
    """The su(2^12) closure through `liealg.lie_closure(basis=True)` in a fresh process: one line with the
    closure time, the process wall time and its peak RSS. Call it before any large work in the calling
    process: a child forked from a large parent reports the parent's pages in its peak."""
    code = ("import time, liealg; from liealg.tables.families import two_local;"
            "g = two_local(12, ['XX','XY','YZ']);"
            "liealg.lie_closure(g[:2], basis=True); t = time.perf_counter();"
            "a = liealg.lie_closure(g, basis=True); print(a.dim, time.perf_counter() - t)")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 ** 2
    dim, secs = out.split()
    return (f"su(2^12) {{XX,XY,YZ}} n=12 lie_closure(basis=True): dim {int(dim):,}, closure {float(secs):.1f} s, "
            f"process wall {wall:.1f} s, peak RSS {peak:.2f} GB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", action="store_true", help="also su(2^12) in a fresh process (dim 16.7M)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.big:  # first, while this process is small
        print(su12_fresh_process(), flush=True)
    print("string BFS, warm; ns per (element x generator) pair; ratio = liealg / reference")
    print("liealg: string_closure as the string engine calls it (pre-sized from the classifier's dimension); "
          "grown: without the dimension")
    print(f"{'case':<26} {'dim':>10} {'K':>4} {'liealg ns':>10} {'grown ns':>9} {'ref ns':>8} {'ratio':>6}")
    for n in (8, 10, 12):
        labels = two_local(n, ["XX", "XY", "YZ"])
        strings = PauliList.from_labels(labels)
        keys = string_closure(strings)  # warm-up (kernels from the cache)
        dim, K = keys.shape[0], len(labels)
        ref = reference_bfs(one_word(labels), dim)
        if ref.size != dim:
            raise SystemExit(f"n={n}: the reference found {ref.size}, liealg {dim}")
        repeat = args.repeat if n < 12 else 1
        t_ours = _peers.best_of(lambda s=strings: string_closure(s, expected=classify_strings(s).dim), repeat)
        t_grown = _peers.best_of(lambda s=strings: string_closure(s), repeat)
        t_ref = _peers.best_of(lambda s=labels, d=dim: reference_bfs(one_word(s), d), repeat)
        pairs = dim * K
        case = f"su(2^{n}) {{XX,XY,YZ}} n={n}"
        print(f"{case:<26} {dim:>10,} {K:>4} {1e9 * t_ours / pairs:>10.1f} "
              f"{1e9 * t_grown / pairs:>9.1f} {1e9 * t_ref / pairs:>8.1f} {t_ours / t_ref:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
