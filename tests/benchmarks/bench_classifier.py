"""Benchmark: the anticommutation-graph classifier, liealg vs paulie, at hundreds of qubits.

Run by hand (not in CI):  python tests/benchmarks/bench_classifier.py [--sizes 200 1000]

Both tools classify the same single-string generator sets in the same run;
prints seconds, the ratio paulie/liealg, and both answers (dimension and type).
liealg is timed after a warm-up call, so numba's compilation is not counted;
paulie gets a warm-up call too (see _peers.py). For small sizes (--check N)
the classifier's dimension is also compared with a full enumeration.
"""

from __future__ import annotations

import argparse
import time

import _peers

from liealg import PauliList, classify, string_closure
from liealg.closure.anticommutation import classify_strings
from liealg.kernels._jit import prefer_compiled
from liealg.tables.families import single_site, two_local


def families(n: int) -> dict[str, list[str]]:
    return {
        "XY open (so(n))": two_local(n, ["XY"]),
        "XY ring (2 so(n))": two_local(n, ["XY"], "ring"),
        "XX,XZ open (so(2n-1))": two_local(n, ["XX", "XZ"]),
        "XY,YX,YZ open (so(2^n))": two_local(n, ["XY", "YX", "YZ"]),
        "XX,YY,ZZ open (4 su(2^(n-2)))": two_local(n, ["XX", "YY", "ZZ"]),
        "HEA X,Y,ZZ (su(2^n))": single_site(n, "X") + single_site(n, "Y") + two_local(n, ["ZZ"]),
    }


def short(x) -> str:
    s = str(x)
    return s if len(s) <= 14 else f"~10^{len(s) - 1}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    ap.add_argument("--check", type=int, default=8, help="also enumerate at this many qubits")
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    prefer_compiled()  # warm means compiled (a fresh process runs small work interpreted first)
    classify_strings(PauliList.from_labels(["XX", "ZI"]))  # warm-up (numba cache)

    for label, labels in families(args.check).items():
        fast = classify_strings(PauliList.from_labels(labels)).dim
        full = len(string_closure(PauliList.from_labels(labels)))
        print(f"check n={args.check:<4} {label:<32} classifier {fast:>8}  enumeration {full:>8}  "
              f"{'ok' if fast == full else 'MISMATCH'}")
    print()
    tricky = {"star K_{1,3}": ["XIII", "IXII", "IIXI", "ZZZX"], "4-cycle": ["XIII", "ZXII", "IZXI", "ZIZX"],
              "B1 family": ["XIIIII", "ZXIIII", "ZZXIII", "ZZZXII", "ZZZZXI", "ZIZIZX"]}
    for label, labels in tricky.items():
        res = classify_strings(PauliList.from_labels(labels))
        full = len(string_closure(PauliList.from_labels(labels)))
        pdim, _ = _peers.run_peer("paulie", _peers.strings(labels), timeout=args.timeout)
        ptype = getattr(_peers.run_peer, "last", {}).get("type", "?") if pdim is not None else "-"
        print(f"{label:<14} enumeration {full:>3}  liealg {res.dim:>3} {str(res.decomposition()):<36} "
              f"paulie {pdim} {ptype}")
    print()
    print(f"{'n':>5}  {'family':<32} {'liealg s':>9} {'paulie s':>9} {'ratio':>8}  liealg dim / type   |   paulie")
    for n in args.sizes:
        for label, labels in families(n).items():
            strings = PauliList.from_labels(labels)
            t0 = time.perf_counter()
            res = classify_strings(strings)
            ours = time.perf_counter() - t0
            dec = res.decomposition()
            pdim, pt = _peers.run_peer("paulie", _peers.strings(labels), timeout=args.timeout)
            if pdim is None:
                peer, ratio = f"({pt})", "-"
            else:
                ptype = getattr(_peers.run_peer, "last", {}).get("type", "?")
                agree = "agrees" if pdim == res.dim else "DIFFERS"
                peer, ratio = f"dim {short(pdim)} {ptype[:40]} ({agree})", f"{pt / ours:8.1f}x"
                pt = f"{pt:9.3f}"
            ptime = pt if isinstance(pt, str) and pdim is not None else "-"
            print(f"{n:>5}  {label:<32} {ours:9.3f} {ptime:>9} {ratio:>8}  dim {short(res.dim)} "
                  f"{str(dec)[:40]}   |   {peer}", flush=True)
    print()
    end_to_end(args.sizes)


def end_to_end(sizes) -> None:
    """The public `liealg.classify(text)` beside the in-memory call, and the parse inside it: the
    plain-label path against the full grammar (what parsed every file before it), same text."""
    from liealg.io import generators

    print("liealg.classify(text) end to end; parse = parse_generators(text): plain-label path vs the full "
          "grammar on the same text")
    print(f"{'n':>5}  {'file':<24} {'classify(text)':>14} {'in memory':>10} {'parse':>8} {'full grammar':>13} "
          f"{'speed-up':>9}")
    for n in sizes:
        hea = single_site(n, "X") + single_site(n, "Y") + two_local(n, ["ZZ"])
        sparse = [f"X{q}" for q in range(n)] + [f"Y{q}" for q in range(n)] + [f"Z{q} Z{q + 1}" for q in range(n - 1)]
        for name, lines in (("HEA dense labels", hea), ("HEA sparse labels", sparse)):
            text = "\n".join(lines) + "\n"
            t_text = _peers.best_of(lambda t=text: classify(t), 2)
            t_mem = _peers.best_of(lambda s=hea: classify_strings(PauliList.from_labels(s)), 1)
            t_parse = _peers.best_of(lambda t=text: generators.parse_generators(t))
            saved = generators._plain_labels
            generators._plain_labels = lambda *a: None
            try:
                t_full = _peers.best_of(lambda t=text: generators.parse_generators(t))
            finally:
                generators._plain_labels = saved
            print(f"{n:>5}  {name:<24} {t_text:>13.3f}s {t_mem:>9.3f}s {t_parse:>7.3f}s {t_full:>12.3f}s "
                  f"{t_full / t_parse:>8.1f}x", flush=True)


if __name__ == "__main__":
    main()
