"""Run peer libraries (PennyLane, fastdla, paulie) on the same generators, in their own interpreters.

fastdla and paulie need Python >= 3.12, so every peer runs in a subprocess of a
Python chosen by an environment variable (the interpreter of a virtual environment
that has the peer installed); an unset variable or a missing peer is reported, not
fatal. There are no machine-specific defaults:

    LIEALG_BENCH_PENNYLANE_PY   a Python with pennylane
    LIEALG_BENCH_FASTDLA_PY     a Python (>= 3.12) with fastdla
    LIEALG_BENCH_PAULIE_PY      a Python (>= 3.12) with paulie; default: LIEALG_BENCH_FASTDLA_PY

e.g.  python3.12 -m venv ~/venvs/peers && ~/venvs/peers/bin/pip install fastdla paulie
      LIEALG_BENCH_FASTDLA_PY=~/venvs/peers/bin/python python tests/benchmarks/bench_sums.py

Generators are passed as JSON: a list of generators, each a list of
[coefficient, dense label] terms. Each peer snippet prints one JSON line
{"dim": ..., "seconds": ...} where seconds covers the closure call only.
"""

from __future__ import annotations

import json
import os
import subprocess
import time

PYTHONS = {
    "pennylane": os.environ.get("LIEALG_BENCH_PENNYLANE_PY", ""),
    "fastdla": os.environ.get("LIEALG_BENCH_FASTDLA_PY", ""),
}
PYTHONS["paulie"] = os.environ.get("LIEALG_BENCH_PAULIE_PY", PYTHONS["fastdla"])
PYTHONS = {k: os.path.expanduser(v) for k, v in PYTHONS.items()}
ENV_VARS = {"pennylane": "LIEALG_BENCH_PENNYLANE_PY", "fastdla": "LIEALG_BENCH_FASTDLA_PY",
            "paulie": "LIEALG_BENCH_PAULIE_PY"}

_SNIPPETS = {
    "pennylane": r"""
import json, sys, time
import pennylane as qml
from pennylane.pauli import PauliWord, PauliSentence
gens = json.loads(sys.stdin.read())
ops = []
for terms in gens:
    ps = PauliSentence()
    for c, lab in terms:
        ps[PauliWord({q: l for q, l in enumerate(lab) if l != "I"})] = float(c)
    ops.append(ps)
t = time.perf_counter()
dla = qml.lie_closure(ops, pauli=True)
print(json.dumps({"dim": len(dla), "seconds": time.perf_counter() - t}))
""",
    "fastdla": r"""
import json, sys, time
from fastdla import lie_closure
from fastdla.sparse_pauli_sum import SparsePauliSum, SparsePauliSumArray
gens = json.loads(sys.stdin.read())
def make(gens):  # fastdla works with anti-Hermitian elements -iH, qubit 0 rightmost
    return SparsePauliSumArray([SparsePauliSum([lab[::-1] for _, lab in terms],
                                               [-1j * float(c) for c, _ in terms]) for terms in gens])
lie_closure(make([[[1, "XX"]], [[1, "ZI"]]]))  # compile its kernels before timing
ops = make(gens)
t = time.perf_counter()
dla = lie_closure(ops)
print(json.dumps({"dim": len(dla), "seconds": time.perf_counter() - t}))
""",
    "paulie": r"""
import json, sys, time
from paulie import get_pauli_string
gens = json.loads(sys.stdin.read())
get_pauli_string(["XI", "ZX"]).get_dla_dim()  # warm-up
labels = [terms[0][1] for terms in gens]  # single strings only
t = time.perf_counter()
coll = get_pauli_string(labels)
dim = coll.get_dla_dim()
name = coll.get_algebra()
print(json.dumps({"dim": dim, "seconds": time.perf_counter() - t, "type": name}))
""",
}


def available(peer: str) -> bool:
    py = PYTHONS[peer]
    if not py or not os.path.exists(py):
        return False
    mod = {"pennylane": "pennylane", "fastdla": "fastdla", "paulie": "paulie"}[peer]
    return subprocess.run([py, "-c", f"import {mod}"], capture_output=True).returncode == 0


def run_peer(peer: str, generators: list[list[tuple]], timeout: float = 1800, snippet: str | None = None,
             payload: str | None = None):
    """(dim, seconds) from the peer, or (None, reason) when it is missing, fails or times out."""
    if not available(peer):
        where = PYTHONS[peer] or f"(set {ENV_VARS[peer]})"
        return None, f"{peer} not available: {where}"
    if payload is None:
        payload = json.dumps([[[str(c), lab] for c, lab in terms] for terms in generators])
    start = time.perf_counter()
    try:
        proc = subprocess.run([PYTHONS[peer], "-c", snippet or _SNIPPETS[peer]], input=payload,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:.0f} s"
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        if lines:
            return None, "failed: " + lines[-1][:200]
        how = f"killed by signal {-proc.returncode}" if proc.returncode < 0 else f"exit status {proc.returncode}"
        return None, f"failed: {how}, no message (out of memory?)"
    rec = json.loads(proc.stdout.strip().splitlines()[-1])
    rec.setdefault("wall", time.perf_counter() - start)
    run_peer.last = rec  # the whole record, e.g. paulie's algebra name
    return rec["dim"], rec["seconds"]


def strings(labels: list[str]) -> list[list[tuple]]:
    """Single-string generators in the peer payload format."""
    return [[(1, lab)] for lab in labels]


def best_of(f, repeat: int = 3) -> float:
    """The shortest of `repeat` wall times of f() (the scripts' warm timings)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)
