"""Benchmark: BLAS threads in the dense, sector and irreducible engines, one thread vs two.

Run by hand (not in CI):  python tests/benchmarks/bench_blas.py [--load]

Each case closes the same generators in one process with `liealg.blas.blas_threads(k)` for
k = 1 and 2 (warm; the better of two runs each) and prints the ratio t(2)/t(1). With --load a
busy process occupies one core meanwhile, as other work on a shared machine would.
`liealg.blas.DEFAULT_THREADS` is what these figures support.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time

import liealg
from liealg import blas
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import family_generators

CASES = [("xxz-hva", 10, "open"), ("heisenberg-hva", 8, "open"), ("tfim-hva", 12, "ring"), ("xxz-hva", 9, "ring")]


def _spin(seconds: float) -> None:
    end = time.time() + seconds
    while time.time() < end:
        pass


def timed(gens, k: int, call=liealg.lie_closure) -> tuple[int, float, str]:
    best = float("inf")
    for _ in range(2):
        with blas.blas_threads(k):
            t0 = time.perf_counter()
            out = call(gens)
            best = min(best, time.perf_counter() - t0)
    return out.dim, best, out.method


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--load", action="store_true", help="keep one core busy meanwhile")
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)
    busy = None
    if args.load:
        busy = multiprocessing.Process(target=_spin, args=(3600,), daemon=True)
        busy.start()
    print(f"BLAS libraries: {blas.current() or 'none found'}; default {blas.DEFAULT_THREADS} thread(s); "
          f"{'one core busy' if busy else 'idle'}")
    print(f"{'case':<26} {'dim':>7} {'engine':<18} {'1 thread':>9} {'2 threads':>10} {'t2/t1':>6}")
    for fam, n, top in CASES:
        gens = family_generators(fam, n, top)
        liealg.lie_closure(family_generators(fam, 4, top))  # warm-up
        dim, t1, method = timed(gens, 1)
        _, t2, _ = timed(gens, 2)
        print(f"{f'{fam} {top} n={n}':<26} {dim:>7,} {method:<18} {t1:>8.2f}s {t2:>9.2f}s {t2 / t1:>6.2f}", flush=True)
    # the float matrix-representation analysis (classify's root system): faster on two threads, but one by default
    gens = family_generators("xxz-hva", 7, "open")
    liealg.classify(family_generators("xxz-hva", 5, "open"))
    dim, t1, method = timed(gens, 1, liealg.classify)
    _, t2, _ = timed(gens, 2, liealg.classify)
    print(f"{'classify xxz-hva open n=7':<26} {dim:>7,} {'matrix-rep':<18} {t1:>8.2f}s {t2:>9.2f}s {t2 / t1:>6.2f}",
          flush=True)
    if busy is not None:
        busy.terminate()


if __name__ == "__main__":
    main()
