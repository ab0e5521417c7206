"""Benchmark: closures of Pauli-sum generators, liealg vs fastdla and PennyLane.

Run by hand (not in CI):  python tests/benchmarks/bench_sums.py [--skip-peers] [--quick]

Same generators for every tool in the same run; closure seconds and the ratio
peer/liealg. liealg runs after a warm-up (numba cache loaded), method auto
(exact over two primes, with its shortcuts; the shortcut that fired is shown).
"""

from __future__ import annotations

import argparse

import _peers

import liealg
from liealg.families import single_site, summed, two_local


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
    args = ap.parse_args()
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


if __name__ == "__main__":
    main()
