"""Benchmark: commutants. The k-local commutant of Pauli-sum generators (liealg), and the Pauli-string
commutant, liealg vs paulie's GF(2) `get_commutant_basis` / `get_commutants`, in the same run.

Run by hand (not in CI):  python tests/benchmarks/bench_commutant.py [--local-sizes 25 50 100]
                                                                  [--string-sizes 50 100 200]

1. k-local (k = 1, 2) commutant of the Heisenberg chain's HVA (two generators, the even and the odd bond
   layers of X_iX_(i+1) + Y_iY_(i+1) + Z_iZ_(i+1)): an exact basis of Pauli sums, proved in integer
   arithmetic. No peer computes it; the figure is the time (the issue's target: n = 100, k = 2 under
   10 s) and the answer (1 + 3 + 6 = 10: the polynomials of degree <= 2 in the total spin).
2. The string commutant (every Pauli string commuting with all generators) of the Heisenberg chain's
   bond strings X_iX_(i+1), Y_iY_(i+1), Z_iZ_(i+1) and of the TFIM's Z_iZ_(i+1), X_i: liealg's
   `string_commutant` (a basis over F_2) against paulie's `get_commutant_basis` and `get_commutants`
   (the group it spans), both warm, in the same run; the ratio is paulie / liealg.
"""

from __future__ import annotations

import argparse
import json
import time

import _peers

from liealg.io.inputs import as_generators
from liealg.kernels._jit import prefer_compiled
from liealg.structure.commutant import commutant, string_commutant
from liealg.tables.families import FAMILIES, single_site, two_local

_PAULIE = r"""
import json, sys, time
from paulie import get_pauli_string
labels = json.loads(sys.stdin.read())
get_pauli_string(["XXI", "IZZ"]).get_commutants()  # warm-up
coll = get_pauli_string(labels)
t = time.perf_counter()
basis = coll.get_commutant_basis()
t_basis = time.perf_counter() - t
t = time.perf_counter()
group = coll.get_commutants()
t_group = time.perf_counter() - t
print(json.dumps({"dim": len(basis), "seconds": t_basis, "group_seconds": t_group, "group": len(group)}))
"""


def string_sets(n: int) -> dict[str, list[str]]:
    return {"heisenberg XX,YY,ZZ open": two_local(n, ["XX", "YY", "ZZ"]),
            "tfim ZZ + X open": two_local(n, ["ZZ"]) + single_site(n, "X")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--local-sizes", type=int, nargs="+", default=[25, 50, 100])
    ap.add_argument("--string-sizes", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled
    commutant(["XXI + YYI + ZZI", "IXX + IYY + IZZ"], locality=2)  # warm-up (numba cache)
    string_commutant(as_generators(["XX", "ZI"]))

    print("k-local commutant of the Heisenberg HVA chain (liealg; exact basis, proved)")
    print(f"{'n':>5} {'k':>2} {'unknowns':>9} {'dim':>4} {'liealg s':>9}")
    for n in args.local_sizes:
        lines = FAMILIES["heisenberg-hva"].build(n, "open")
        for k in (1, 2):
            t0 = time.perf_counter()
            com = commutant(lines, locality=k)
            dt = time.perf_counter() - t0
            print(f"{n:>5} {k:>2} {com.columns:>9,} {com.dim:>4} {dt:>9.3f}")
    print()
    print("string commutant: liealg string_commutant vs paulie get_commutant_basis / get_commutants")
    print(f"{'n':>5}  {'generators':<26} {'liealg s':>9} {'paulie basis s':>14} {'ratio':>8} "
          f"{'paulie group s':>14} {'ratio':>8}  basis size (liealg / paulie)")
    for n in args.string_sizes:
        for label, labels in string_sets(n).items():
            gens = as_generators(labels)  # parsed once, outside the timing
            best = _peers.best_of(lambda gens=gens: string_commutant(gens))
            ours = len(string_commutant(gens))
            dim, pt = _peers.run_peer("paulie", [], timeout=args.timeout, snippet=_PAULIE,
                                      payload=json.dumps(labels))
            if dim is None:
                print(f"{n:>5}  {label:<26} {best:>9.4f}   ({pt})")
                continue
            group_s = _peers.run_peer.last["group_seconds"]
            print(f"{n:>5}  {label:<26} {best:>9.4f} {pt:>14.4f} {pt / best:>7.1f}x {group_s:>14.4f} "
                  f"{group_s / best:>7.1f}x  {ours} / {dim}{'' if ours == dim else '  DIFFERS'}")


if __name__ == "__main__":
    main()
