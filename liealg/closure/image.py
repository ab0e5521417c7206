"""The pauli-image engine: g_V as the image of g under restriction to a sector V.

Close g as Pauli sums (the string or sparse exact engine), restrict each basis element of g mod p to
V, and take the rank of the images mod p: g_V is the image of g under restriction. Right for big
subspaces carrying small algebras (the TFIM HVA in a momentum sector), where the dense engine's
elements would be huge. Counts modulo primes p < 2^21 with p = 1 mod 4 (and mod n for complex
momentum sectors); certified by two primes that agree at the top, or proved by one prime that
reaches the upper bound sum_b (d_b^2 - 1) + tau.
"""

from __future__ import annotations

import random
import time

import numpy as np

from liealg.blas import with_blas_threads
from liealg.closure.certificate import certified_dimension, prime_record
from liealg.closure.dense import DenseClosureResult, sector_blocks, trace_rank_float, trace_rank_mod
from liealg.closure.problem import Closure, ClosureProblem
from liealg.closure.spans import ModSpan
from liealg.closure.sparse import exact_closure
from liealg.closure.strings import string_closure
from liealg.coefficients.fields import field_of
from liealg.io.inputs import single_strings
from liealg.modp import omega_table, roots_mod, sector_primes
from liealg.sectors.bases import Ring, restrict_coo
from liealg.sectors.blocks import SectorProblem

#: above this many entries per element (sum of block sizes squared), try the pauli-image engine first
DENSE_L = 200_000

#: the pauli-image engine gives up when g has more elements than this
IMAGE_MAX_DIM = 50_000


def close_image(problem: SectorProblem, *, max_dim: int, progress=None, seed: int = 0) -> DenseClosureResult:
    """The pauli-image engine (module docstring)."""

    t0 = time.perf_counter()
    gens = problem.generators
    n = problem.sector.n
    complex_blocks = not problem.is_real
    modulus = 4 * n // np.gcd(4, n) if complex_blocks else 4
    fld = field_of(gens)
    rng = random.Random(seed)
    evaluations = [ev for p in sector_primes(modulus, 8) if (ev := fld.evaluation_at(p, rng)) is not None][:4]
    cap = min(max_dim, IMAGE_MAX_DIM)
    strings = single_strings(gens)
    if strings is not None:
        keys = string_closure(strings, max_dim=cap)
        rows_by_prime = {ev.p: [(keys[i:i + 1], [1]) for i in range(keys.shape[0])] for ev in evaluations[:2]}
        evs = evaluations[:2]
    else:
        res = exact_closure(gens, max_dim=cap, coefficient_field=fld, evaluations=evaluations)
        if res.shortcut:
            keys = res.string_keys
            evs = res.evaluations[:1] if res.evaluations else evaluations[:1]
            evs = evs + [ev for ev in evaluations if ev.p != evs[0].p][:1]
            rows_by_prime = {ev.p: [(keys[i:i + 1], [1]) for i in range(keys.shape[0])] for ev in evs}
        else:
            evs = res.evaluations
            rows_by_prime = {}
            for ev, span in zip(res.evaluations, res.spans):
                rows = []
                for r in range(span.dim):
                    cols, vals = span.row(r)
                    rows.append((res.registry.keys_of(cols), vals))
                rows_by_prime[ev.p] = rows
    dims = [b.dim for b in problem.blocks]
    offsets = np.concatenate([[0], np.cumsum([d * d for d in dims])]).astype(np.int64)
    bound = sum(d * d - 1 for d in dims) + trace_rank_float(problem)
    results, shortcut = {}, None

    class _Cols:  # the column registry ModSpan expects: here columns are matrix entries of V
        ncols = int(offsets[-1])

    for ev in evs:
        p = ev.p
        i_unit, omega = roots_mod(p, n if complex_blocks else 1)
        span = ModSpan(p, _Cols)
        for keys, vals in rows_by_prime[ev.p]:
            cols, entries = _restrict_row(keys, vals, problem, p, i_unit, omega, n, offsets)
            if cols.shape[0]:
                rc, rv = span.reduce(cols, entries)
                if rc.shape[0]:
                    span.add(rc, rv)
        results[p] = span.dim
        tau_p = trace_rank_mod(problem, Ring(p, i_unit, omega, n, residue=lambda c, ev=ev: fld.residue(c, ev)))
        if span.dim >= bound and tau_p == bound - sum(d * d - 1 for d in dims):
            shortcut = "upper-bound"
            break
    best = certified_dimension(results, proved=shortcut is not None, what="the sector image is",
                               seen="ranks modulo the primes")
    cert = {**prime_record(results), "bound": bound, "blocks": dims,
            "field": fld.describe(), "dim_g_elements": len(next(iter(rows_by_prime.values())))}
    return DenseClosureResult(best, sum(dims), dims, shortcut, cert, [], time.perf_counter() - t0)




def _restrict_row(keys, vals, problem, p, i_unit, omega, n, offsets):
    """A Pauli-sum element i*sum_j vals_j P_j (vals mod p) as sparse entries (flattened block columns)."""
    vals = np.asarray(vals, dtype=np.int64) % p
    ipows = np.array([pow(i_unit, k, p) for k in range(4)], dtype=np.int64)
    opows = omega_table(p, omega, n)
    all_cols, all_vals = [], []
    for b, basis in enumerate(problem.blocks):
        rows, cols, term, sign, ipow, opow, snum, sden = restrict_coo(np.ascontiguousarray(keys), basis)
        if rows.shape[0] == 0:
            continue
        ipow = (ipow + 1) % 4  # the algebra element is i*H
        inv = {int(d): pow(int(d), -1, p) for d in np.unique(sden)}
        scale = snum % p * np.array([inv[int(d)] for d in sden], dtype=np.int64) % p
        v = vals[term] * ipows[ipow] % p * opows[opow] % p * scale % p
        v = np.where(sign == 1, (p - v) % p, v)
        all_cols.append(offsets[b] + rows * basis.dim + cols)
        all_vals.append(v)
    if not all_cols:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cols = np.concatenate(all_cols)
    v = np.concatenate(all_vals)
    uc, inv_idx = np.unique(cols, return_inverse=True)
    acc = np.zeros(uc.shape[0], dtype=np.int64)
    np.add.at(acc, inv_idx, v)
    acc %= p
    keep = acc != 0
    order = np.argsort(-uc[keep], kind="stable")  # ModSpan rows: columns descending
    return uc[keep][order].astype(np.int64), acc[keep][order]


# --- the closure-engine interface (liealg.closure.problem) -------------------------------------------
NAME = "pauli-image"


def applies(problem: ClosureProblem) -> str | None:
    if problem.sector is None:
        return "no sector: the image of g under restriction to the whole space is g"
    if problem.method not in ("auto", "exact", "strings"):
        return f"method {problem.method!r}: the pauli-image engine counts exactly"
    return None


def estimate(problem: ClosureProblem) -> float:
    """In the dense engine's unit (entries of one element on V): DENSE_L, whatever V's size; the cost is
    the closure of g itself, which does not grow with V."""
    return float(DENSE_L)


@with_blas_threads
def close(problem: ClosureProblem, watch=None) -> Closure:
    res = close_image(sector_blocks(problem), max_dim=problem.max_dim, progress=problem.progress)
    return Closure(dim=res.dim, engine=NAME, method=f"sector-{NAME}", certificate=res.certificate,
                   shortcut=res.shortcut, subspace_dim=res.subspace_dim, sector=problem.sector, blocks=res.blocks)
