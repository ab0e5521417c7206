"""Benchmark: the README's headline table, liealg against PennyLane, fastdla and paulie on the same inputs.

Run by hand (not in CI):  python tests/benchmarks/bench_headline.py [--write] [--peer-timeout 600]

Five inputs, one of each kind of work: a Pauli-string closure (su(2^6)), two sum closures (the HEA
and the TFIM HVA), a dense sum closure (the XXZ HVA) and the anticommutation-graph classifier at
1000 qubits. liealg runs in process after a warm-up (numba's cache loaded), the peers in their own
interpreters after theirs (`_peers.py`: LIEALG_BENCH_PENNYLANE_PY, LIEALG_BENCH_FASTDLA_PY,
LIEALG_BENCH_PAULIE_PY); both are timed on the same input in the same run, and the ratio is
peer / liealg. `--write` puts the table into README.md between its headline markers.
"""

from __future__ import annotations

import argparse
import datetime
import re
import time
from pathlib import Path

import _peers

import liealg
from liealg.closure.anticommutation import classify_strings
from liealg.io.inputs import as_generators
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import family_generators, two_local

ROOT = Path(__file__).resolve().parents[2]
BEGIN = "<!-- headline: written by `python tests/benchmarks/bench_headline.py --write` -->"
END = "<!-- /headline -->"


def peer_terms(lines: list[str]) -> list[list[tuple]]:
    """Generators as the peers take them: [(coefficient, dense label), ...] per generator."""
    return [[(repr(float(c)), lab) for c, lab in zip(g.coeffs, g.strings.labels())] for g in as_generators(lines)]


def short(dim: int) -> str:
    """A dimension as printed: 4,095, or ~10^601 beyond a trillion."""
    return f"{dim:,}" if dim < 10 ** 12 else f"~10^{len(str(dim)) - 1}"


def time_liealg(run, repeat: int = 3) -> tuple[float, object]:
    run()  # warm-up
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the table into README.md")
    ap.add_argument("--peer-timeout", type=float, default=600)
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)
    cases = [
        ("su(2^6), {XX, XY, YZ} chain, n = 6", two_local(6, ["XX", "XY", "YZ"]), ("pennylane", "fastdla"), "closure"),
        ("HEA, n = 4 (sums)", family_generators("hea", 4, "open"), ("pennylane", "fastdla"), "closure"),
        ("TFIM HVA open, n = 16 (sums)", family_generators("tfim-hva", 16, "open"), ("fastdla",), "closure"),
        ("XXZ HVA open, n = 6 (dense sums)", family_generators("xxz-hva", 6, "open"), ("fastdla",), "closure"),
        ("classifier, {XY, YX, YZ} chain, n = 1000", two_local(1000, ["XY", "YX", "YZ"]), ("paulie",), "classify"),
    ]
    rows = []
    for label, lines, peers, kind in cases:
        if kind == "classify":
            strings = liealg.PauliList.from_labels(lines)
            seconds, res = time_liealg(lambda strings=strings: classify_strings(strings))
            dim = res.dim
        else:
            seconds, alg = time_liealg(lambda lines=lines: liealg.lie_closure(lines))
            dim = alg.dim
        cells = []
        for peer in ("pennylane", "fastdla", "paulie"):
            if peer not in peers:
                cells.append("")
                continue
            payload = _peers.strings(lines) if peer == "paulie" else peer_terms(lines)
            pdim, pt = _peers.run_peer(peer, payload, timeout=args.peer_timeout)
            if pdim is None:
                cells.append(f"({pt})" if "not available" not in str(pt) else "not measured")
            else:
                agree = "" if pdim == dim else f", dim {short(pdim)}: differs"
                cells.append(f"{pt:.3g} s ({pt / seconds:,.0f}x{agree})")
        rows.append((label, short(dim), f"{seconds:.3g} s", *cells))
        print(" | ".join(rows[-1]), flush=True)
    table = ["| input | dim | liealg | PennyLane | fastdla | paulie |", "|---|---|---|---|---|---|"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    stamp = (f"Closure (or classification) seconds after a warm-up, best of 3 for liealg, one run for a peer; "
             f"{datetime.date.today().isoformat()}, this 2-core machine (`bench_headline.py`).")
    text = "\n".join(table) + "\n\n" + stamp
    print()
    print(text)
    if args.write:
        readme = ROOT / "README.md"
        src = readme.read_text()
        new = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), BEGIN + "\n" + text + "\n" + END, src, flags=re.S)
        readme.write_text(new)
        print(f"wrote {readme}")


if __name__ == "__main__":
    main()
