"""Benchmark: start-up of the command line, whole process, against importing numpy and numba.

Run by hand (not in CI):  python tests/benchmarks/bench_startup.py [--repeat 7] [--skip-peers]

Times (median of --repeat warm runs, after one untimed run that fills the caches) of
    liealg --help
    liealg dim --generators data/examples/so6_chain.txt        (the README's first command)
    liealg dim --generators data/examples/tfim_hva_open4.txt   (a sum: the exact closure)
next to `python -c "import numpy"` and `python -c "import numba"` in the same run, and, when
LIEALG_BENCH_PENNYLANE_PY names a Python with PennyLane, PennyLane's in-process su(2^6)
closure of {XX, XY, YZ} on 6 qubits (the ratio: how many whole liealg processes fit in it).
Targets on the 2-core machine, idle: --help <= 0.2 s, dim <= 0.45 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import _peers

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"


#: the processes run as on a user's machine: an install leaves compiled bytecode (`pip install` writes
#: it), so a setting that forbids writing it (PYTHONDONTWRITEBYTECODE, set on some build machines) is
#: dropped and the untimed first run writes it
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(cmd: list[str], repeat: int) -> float:
    subprocess.run(cmd, capture_output=True, check=True, env=ENV)  # warm: caches filled, bytecode written
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=ENV)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--skip-peers", action="store_true")
    args = ap.parse_args()
    exe = shutil.which("liealg")
    liealg = [exe] if exe else [sys.executable, "-m", "liealg.cli.main"]
    rows = [
        ("python -c 'import numpy'", [sys.executable, "-c", "import numpy"], None),
        ("python -c 'import numba'", [sys.executable, "-c", "import numba"], None),
        ("liealg --help", liealg + ["--help"], 0.2),
        ("liealg dim so6_chain.txt", liealg + ["dim", "--generators", str(EXAMPLES / "so6_chain.txt")], 0.45),
        ("liealg dim tfim_hva_open4.txt", liealg + ["dim", "--generators", str(EXAMPLES / "tfim_hva_open4.txt")],
         0.45),
    ]
    results = {}
    for label, cmd, target in rows:
        results[label] = t = wall(cmd, args.repeat)
        verdict = "" if target is None else f"   target <= {target} s: {'ok' if t <= target else 'MISSED'}"
        print(f"{label:<34} {t:7.3f} s (median of {args.repeat}){verdict}", flush=True)
    sum_rows(liealg, results["python -c 'import numpy'"], args.repeat, not args.skip_peers)
    if not args.skip_peers:
        from liealg.tables.families import two_local

        labels = two_local(6, ["XX", "XY", "YZ"])
        dim, seconds = _peers.run_peer("pennylane", _peers.strings(labels))
        if dim is None:
            print(f"PennyLane su(2^6) closure: {seconds}")
        else:
            ratio = seconds / results["liealg dim so6_chain.txt"]
            print(f"PennyLane qml.lie_closure su(2^6), in process: {seconds:.1f} s (dim {dim}) = "
                  f"{ratio:,.0f} whole `liealg dim` processes (target >= 40)")


def sum_rows(liealg: list[str], python_start: float, repeat: int, peers: bool = True,
             peer_timeout: float = 120) -> None:
    """Issue 22's cold-start cases: a fresh `liealg dim` process on a sum file against the warm in-process
    closure of the same file plus the interpreter's own start-up (`python -c 'import numpy'`), and
    against PennyLane's whole process (import, the same generators, `qml.lie_closure`) when
    LIEALG_BENCH_PENNYLANE_PY is set; target: ratio <= 1.5, or PennyLane >= 5x slower."""
    import tempfile

    import liealg as lib
    from liealg.io.generators import parse_generators
    from liealg.kernels._jit import prefer_compiled
    from liealg.tables.families import family_generators

    print(f"\nsums: fresh `liealg dim` process vs warm in-process closure + start-up ({python_start:.3f} s); "
          "target: ratio <= 1.5")
    with tempfile.TemporaryDirectory() as tmp:
        for name, fam, n, top in (("TFIM HVA open n=8", "tfim-hva", 8, "open"), ("HEA open n=6", "hea", 6, "open")):
            gens = family_generators(fam, n, top)
            path = Path(tmp) / f"{fam}{n}.txt"
            path.write_text("\n".join(str(g) for g in gens) + "\n")
            prefer_compiled()  # warm means compiled: the fastest this process can do
            lib.lie_closure(gens)  # warm: kernels loaded in this process
            warm = min(_timed(lambda g=gens: lib.lie_closure(g)) for _ in range(3))
            process = wall(liealg + ["dim", "--generators", str(path)], repeat)
            line = (f"{name:<20} process {process:7.3f} s   warm {warm:7.4f} s   ratio "
                    f"{process / (warm + python_start):5.1f}")
            if peers:
                sums = parse_generators(path.read_text())
                payload = [list(zip(map(str, g.coeffs), g.strings.labels())) for g in sums]
                dim, seconds = _peers.run_peer("pennylane", payload, timeout=peer_timeout)
                if dim is None and str(seconds).startswith("timed out"):
                    line += f"   PennyLane process > {peer_timeout:.0f} s: >= {peer_timeout / process:,.0f}x"
                elif dim is None:
                    line += f"   PennyLane: {seconds}"
                else:
                    whole = _peers.run_peer.last["wall"]
                    line += f"   PennyLane process {whole:6.2f} s (dim {dim}): {whole / process:5.1f}x"
            print(line, flush=True)


def _timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
