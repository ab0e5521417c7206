"""Benchmark: closures of Pauli-sum generators, liealg vs fastdla and PennyLane.

Run by hand (not in CI):  python tests/benchmarks/bench_sums.py [--skip-peers] [--quick]

Same generators for every tool in the same run; closure seconds and the ratio
peer/liealg. liealg runs after a warm-up (numba cache loaded), method auto
(exact over two primes, with its shortcuts; the shortcut that fired is shown).

The third table is the irreducible-block engine on 4^n-growing families (xxz-hva n=11: dim
352,711 in seconds), against fastdla and, with --exact-check DIM, liealg's own exact closure.

The second table is dense sums (elements with thousands of Pauli terms): liealg's closure (the
engine it chose) and its classification (closure + type, in process), against fastdla's bare
closure. Where fastdla's dimension differs, the independent evidence is printed: the dimension
sum_w C(n,w)^2 of the U(1) commutant (block-diagonal matrices over the weight sectors), which no
weight-conserving algebra exceeds, and for n <= 6 a dense float closure of the 2^n x 2^n matrices
(liealg's float path on the whole space: `method="float"` with a sector of no keys).
"""

from __future__ import annotations

import argparse

import _peers

import liealg
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import family_generators, single_site, summed, two_local


def hea(n):
    return single_site(n, "X") + single_site(n, "Y") + [summed(two_local(n, ["ZZ"]))]


def tfim(n, topology="open"):
    return [summed(two_local(n, ["ZZ"], topology)), summed(single_site(n, "X"))]


def payload(lines):
    return [[(c, lab) for c, lab in _terms(line)] for line in lines]


def _terms(line):
    g = liealg.parse_generators(line)[0]
    return [(str(c), lab) for c, lab in zip(g.coeffs, g.strings.labels())]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--quick", action="store_true", help="skip the slow peer runs (PennyLane HEA n=5, fastdla n=7)")
    ap.add_argument("--peer-timeout", type=float, default=1200)
    ap.add_argument("--dense-only", action="store_true", help="only the dense-sum table")
    ap.add_argument("--dense-cases", default="", help="only the dense rows whose 'family topology n=N' contains "
                    "this text (e.g. 'complete n=7')")
    ap.add_argument("--irreducible-only", action="store_true", help="only the irreducible-block table")
    ap.add_argument("--exact-check", type=int, default=0, metavar="DIM",
                    help="irreducible table: also close exactly (dense engine) the rows up to this dim")
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)
    from liealg.tables.builder import warm_up

    warm_up()  # compiled kernels from here on, loaded before any timing
    liealg.lie_closure(tfim(3))  # warm-up: the exact closure ...
    liealg.lie_closure(hea(3))  # ... and the shortcut path (string enumeration)
    cases = [
        ("TFIM HVA open n=8", tfim(8), ["pennylane", "fastdla"]),
        ("TFIM HVA ring n=8", tfim(8, "ring"), ["pennylane", "fastdla"]),
        ("TFIM HVA open n=16", tfim(16), ["fastdla"]),
        ("Heisenberg HVA open n=5", [summed(two_local(5, [p])) for p in ("XX", "YY", "ZZ")], ["fastdla"]),
        ("HEA n=4", hea(4), ["pennylane", "fastdla"]),
        ("HEA n=5", hea(5), [] if args.quick else ["pennylane", "fastdla"]),
        ("HEA n=7", hea(7), [] if args.quick else ["fastdla"]),
        ("HEA n=10", hea(10), []),
        ("TFIM HVA open n=64", tfim(64), []),
    ]
    if args.irreducible_only:
        return irreducible_table(args)
    if args.dense_only:
        return dense_sums(args)
    print(f"liealg {liealg.__version__}; closure seconds (warm), ratio = peer time / liealg time")
    for name, lines, peers in cases:
        alg = liealg.lie_closure(lines)
        cells = [f"{name:<26}", f"dim {alg.dim:>9,}", f"{alg.seconds:>9.4f} s", f"{alg.shortcut or '-':<20}"]
        if not args.skip_peers:
            for peer in peers:
                pdim, pt = _peers.run_peer(peer, payload(lines), timeout=args.peer_timeout)
                if pdim is None:
                    cells.append(f"{peer}: {pt}")
                else:
                    flag = "" if pdim == alg.dim else f" (DIM {pdim} DISAGREES)"
                    cells.append(f"{peer} {pt:.3f} s = {pt / alg.seconds:,.0f}x{flag}")
        print("  ".join(cells), flush=True)
    dense_sums(args)
    irreducible_table(args)


#: 4^n-growing families past the exact closures' reach (the table build's targets of issue 13)
IRREDUCIBLE = [("xxz-hva", 9, "open"), ("xxz-hva", 11, "open"), ("xxz-hva", 10, "ring"),
               ("heisenberg-hva", 9, "ring"), ("heisenberg-hva", 9, "open"), ("heisenberg-hva", 10, "open"),
               ("spin-glass", 8, "complete"), ("qaoa-maxcut", 10, "regular3")]


def irreducible_table(args) -> None:
    """dim and type from irreducible symmetry blocks (`liealg.irreducible`), in process and as the whole
    `liealg dim` command; fastdla's bare closure of the same generators, and (--exact-check) liealg's own
    exact dense closure, in the same run."""
    import time

    print(f"\nliealg {liealg.__version__}: irreducible blocks (engine='irreducible': dim and type, in process)")
    liealg.lie_closure(family_generators("xxz-hva", 5, "open"), engine="irreducible")  # warm-up
    for family, n, topology in IRREDUCIBLE:
        if args.dense_cases not in f"{family} {topology} n={n}":
            continue
        lines = family_generators(family, n, topology)
        t = time.perf_counter()
        alg = liealg.lie_closure(lines, engine="irreducible")
        dec = liealg.classify(lines, n_qubits=n) if alg.decomposition is None else alg.decomposition
        took = time.perf_counter() - t
        cells = [f"{family} {topology} n={n}", f"dim {alg.dim:,}", f"{took:.2f} s", str(dec),
                 f"`liealg dim` process {_whole_process(['dim', '--engine', 'irreducible'], lines, repeat=1):.2f} s"]
        if args.exact_check and alg.dim <= args.exact_check:
            t = time.perf_counter()
            exact = liealg.lie_closure(lines, engine="dense", max_dim=10 ** 7)
            te = time.perf_counter() - t
            verdict = "agrees" if exact.dim == alg.dim else f"DISAGREES ({exact.dim})"
            cells.append(f"exact dense closure {te:.1f} s = {te / took:,.0f}x, {verdict}")
        if not args.skip_peers:
            pdim, pt = _peers.run_peer("fastdla", payload(lines), timeout=args.peer_timeout)
            if pdim is None:
                cells.append(f"fastdla: {pt}" + (f" (> {args.peer_timeout / took:,.0f}x)" if "timed out" in pt else ""))
            else:
                cells.append(f"fastdla {pt:.2f} s = {pt / took:,.0f}x" + ("" if pdim == alg.dim else
                                                                         f" DISAGREES: {pdim}"))
        print("  ".join(cells), flush=True)


DENSE = [("tfim-hva", 7, "complete"), ("xxz-hva", 6, "open"), ("xxz-hva", 7, "open"), ("heisenberg-hva", 7, "open"),
         ("heisenberg-hva", 8, "open"), ("xxz-hva", 8, "open"), ("qaoa-maxcut", 8, "regular3")]


def dense_sums(args) -> None:
    import time
    from math import comb

    print(f"\nliealg {liealg.__version__}: dense sums; closure and classify (closure + type) in process, "
          "fastdla: bare closure")
    liealg.classify(family_generators("heisenberg-hva", 5, "open"))  # warm-up: both engines, both routes
    liealg.lie_closure(family_generators("heisenberg-hva", 5, "open"), engine="dense")
    for family, n, topology in DENSE:
        if args.dense_cases not in f"{family} {topology} n={n}":
            continue
        lines = family_generators(family, n, topology)
        t = time.perf_counter()
        alg = liealg.lie_closure(lines)
        closure = time.perf_counter() - t
        cells = [f"{family} {topology} n={n}", f"dim {alg.dim:,}", f"closure {closure:.2f} s "
                 f"({alg.certificate.get('engine', '-')})"]
        if alg.dim <= 5000:
            t = time.perf_counter()
            dec = liealg.classify(lines)
            in_process = time.perf_counter() - t
            cells.append(f"classify {in_process:.2f} s [{dec.method}] {dec}")
            if in_process < 10:  # the whole command, start-up included (kernels cached), best of 3
                cells.append(f"`liealg classify` process {_whole_process(['classify'], lines):.2f} s")
        elif closure > 10:  # the whole `liealg dim` command once
            cells.append(f"`liealg dim` process {_whole_process(['dim'], lines, repeat=1):.2f} s")
        if not args.skip_peers:
            pdim, pt = _peers.run_peer("fastdla", payload(lines), timeout=args.peer_timeout)
            if pdim is None:
                cells.append(f"fastdla: {pt}")
            else:
                cells.append(f"fastdla {pt:.2f} s = {pt / closure:,.1f}x (closure)")
                if pdim != alg.dim:
                    cells.append(f"fastdla DISAGREES: {pdim}")
                    if family in ("xxz-hva", "heisenberg-hva"):
                        bound = sum(comb(n, w) ** 2 for w in range(n + 1))
                        cells.append(f"U(1) commutant has dim {bound}: every weight-conserving algebra is "
                                     f"at most that; fastdla's {pdim} {'exceeds' if pdim > bound else 'is within'} it")
                    if n <= 6:
                        flt = liealg.lie_closure(lines, sector={}, method="float").dim
                        cells.append(f"dense float closure on 2^{n}: {flt}")
        print("  ".join(cells), flush=True)


def _whole_process(command: list[str], lines: list[str], repeat: int = 3) -> float:
    """Wall time of `liealg COMMAND -g FILE` in a fresh interpreter (best of `repeat`)."""
    import os
    import subprocess
    import sys
    import tempfile
    import time

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(lines) + "\n")
    try:
        best = float("inf")
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "liealg.cli.main", *command, "-g", f.name], check=True,
                           capture_output=True)
            best = min(best, time.perf_counter() - t)
        return best
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    main()
