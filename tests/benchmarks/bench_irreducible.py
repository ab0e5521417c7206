"""Benchmark: the irreducible-block engine beyond su (repeated and dual parts, so and sp images) on the
two rows no exact closure answered in minutes, against liealg's own exact closure and fastdla, same run.

Run by hand (not in CI):  python tests/benchmarks/bench_irreducible.py [--timeout 600] [--cases ...]

Cases: the Heisenberg HVA on a ring of 10 qubits and the spin-glass QAOA on the complete graph of 10
qubits (`liealg generators FAMILY -n 10 -t TOPOLOGY`). For each:

1. liealg, `liealg classify -g FILE` as a user runs it (engine auto: the sparse closure is offered to the
   irreducible-block engine, which answers with dim and type), in a fresh process, wall time;
2. liealg's exact sparse closure (`liealg dim -g FILE --engine sparse`), fresh process, with the timeout;
3. fastdla's `lie_closure` (LIEALG_BENCH_FASTDLA_PY), with the timeout.

The ratios are peer / liealg; a peer that times out is reported as "> timeout" and its ratio as a lower
bound. Where a peer finishes, its dimension must equal liealg's.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _peers

from liealg.io.inputs import as_generators
from liealg.tables.families import family_generators

CASES = {"heisenberg-hva-ring-10": ("heisenberg-hva", "ring", 10),
         "spin-glass-complete-10": ("spin-glass", "complete", 10)}


def run_cli(args: list[str], timeout: float) -> tuple[str | None, float]:
    t0 = time.perf_counter()
    try:
        out = subprocess.run([sys.executable, "-m", "liealg", *args], capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, timeout
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        return f"failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}", wall
    return out.stdout.strip(), wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--cases", nargs="*", default=list(CASES))
    ap.add_argument("--skip-peers", action="store_true", help="liealg classify only (no exact closure, no fastdla)")
    args = ap.parse_args()
    run_cli(["dim", "-g", "example:so6_chain"], 120)  # numba's cache loaded once
    print(f"{'case':26} {'liealg classify':>16} {'liealg exact':>14} {'fastdla':>12} {'exact/liealg':>13} "
          f"{'fastdla/liealg':>15}  dim, type")
    for name in args.cases:
        fam, top, n = CASES[name]
        lines = family_generators(fam, n, top)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "gens.txt"
            path.write_text("\n".join(lines) + "\n")
            typed, t_ours = run_cli(["classify", "-g", str(path)], args.timeout)
            dim = None
            if typed and not typed.startswith("failed"):
                dim = int(typed.split("(dim ")[1].split(":")[0].replace(",", ""))
            exact, t_exact = ("failed: skipped", 0.0) if args.skip_peers else run_cli(
                ["dim", "-g", str(path), "--engine", "sparse"], args.timeout)
        terms = [[(repr(float(c)), lab) for c, lab in zip(g.coeffs, g.strings.labels())]
                 for g in as_generators(lines)]
        f_dim, f_sec = (None, "skipped") if args.skip_peers else _peers.run_peer("fastdla", terms,
                                                                                 timeout=args.timeout)

        def cell(value, secs, ours):
            if value is None:
                return f"> {args.timeout:.0f} s", f"> {args.timeout / ours:.0f}x"
            if isinstance(value, str) and value.startswith("failed"):
                return "failed", "-"
            return f"{secs:.1f} s", f"{secs / ours:.0f}x"

        e_cell, e_ratio = ("skipped", "-") if args.skip_peers else cell(exact, t_exact, t_ours)
        if f_dim is None:
            f_cell, f_ratio = (f"> {args.timeout:.0f} s", f"> {args.timeout / t_ours:.0f}x") \
                if "timed out" in str(f_sec) else (str(f_sec)[:12], "-")
        else:
            f_cell, f_ratio = f"{f_sec:.1f} s", f"{f_sec / t_ours:.0f}x"
        print(f"{name:26} {t_ours:14.1f} s {e_cell:>14} {f_cell:>12} {e_ratio:>13} {f_ratio:>15}  "
              f"{dim}, {typed.split('   ')[0] if typed else typed}", flush=True)
        for who, value in (("liealg exact", exact), ("fastdla", f_dim)):
            if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
                if int(value) != dim:
                    print(f"  MISMATCH: {who} gives dim {value}, liealg classify {dim}")
                    sys.exit(1)


if __name__ == "__main__":
    main()
