"""g_V, the DLA restricted to a symmetry sector V: one entry, two exact engines, a float cross-check.

`sector_closure(generators, sector)` builds the sector (`liealg.sectors`: V as blocks over the
finer sectors of every other symmetry of the generators) and picks the cheaper engine:

* dense-blocks   close the restricted generators on V itself (`liealg.dense_closure.close_mod`):
                 cost grows with dim g_V and L = sum_b d_b^2; right for small subspaces
                 carrying big algebras (the XXZ HVA in a weight sector).
* pauli-image    close g as Pauli sums (the sparse exact engine), restrict each basis element
                 of g mod p to V, and take the rank of the images mod p: g_V is the image of g
                 under restriction. Right for big subspaces carrying small algebras (the TFIM
                 HVA in a momentum sector), where dense elements would be huge.
* float          `close_float`, on an orthonormal sector basis, certified by its decision gap.

Both exact engines count modulo primes p < 2^21 with p = 1 mod 4 (and mod n for complex
momentum sectors); the answer is certified by two primes that agree at the top, or proved by
one prime that reaches the upper bound sum_b (d_b^2 - 1) + tau.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

import numpy as np

from .dense_closure import DenseClosureResult, close_float, close_mod
from .errors import AlgebraTooLargeError, UncertifiedError
from .sectors import Ring, Sector, SectorProblem, omega_table, restrict_coo, roots_mod, sector_problem

#: above this many entries per element (sum of block sizes squared), try the pauli-image engine first
DENSE_L = 200_000
#: the pauli-image engine gives up when g has more elements than this
IMAGE_MAX_DIM = 50_000


@dataclass
class SectorResult:
    dim: int
    subspace_dim: int
    sector: Sector
    engine: str
    shortcut: str | None
    certificate: dict
    seconds: float
    blocks: list[int] = field(default_factory=list)
    problem: SectorProblem | None = field(default=None, repr=False)


def sector_closure(gens, sector, *, method: str = "auto", max_dim: int = 1 << 26, progress=None,
                   engine: str = "auto") -> SectorResult:
    """dim g_V for the sector V (a Sector, dict or KEY=VALUE strings) of the generators (PauliSums)."""
    t0 = time.perf_counter()
    sector = Sector.parse(sector, gens[0].n)
    problem = sector_problem(gens, sector)
    dims = [b.dim for b in problem.blocks]
    L = sum(d * d for d in dims)
    if method == "float":
        res = close_float(problem, max_dim=max_dim)
        return _result(res, sector, problem, "dense-blocks-float", t0)
    if method not in ("auto", "exact"):
        raise ValueError(f"method {method!r} does not apply to sectors: use auto, exact or float")
    if engine == "auto":
        engine = "pauli-image" if L > DENSE_L else "dense-blocks"
    if engine == "pauli-image":
        try:
            res = close_image(problem, max_dim=max_dim, progress=progress)
            return _result(res, sector, problem, "pauli-image", t0)
        except AlgebraTooLargeError:
            if L > 4 * DENSE_L:
                raise
            engine = "dense-blocks"
    if engine != "dense-blocks":
        raise ValueError(f"unknown sector engine {engine!r}: use auto, dense-blocks or pauli-image")
    res = close_mod(problem, max_dim=max_dim, progress=progress)
    return _result(res, sector, problem, "dense-blocks", t0)


def _result(res: DenseClosureResult, sector, problem, engine, t0) -> SectorResult:
    return SectorResult(res.dim, res.subspace_dim, sector, engine, res.shortcut, res.certificate,
                        time.perf_counter() - t0, res.blocks, problem)


def close_image(problem: SectorProblem, *, max_dim: int, progress=None, seed: int = 0) -> DenseClosureResult:
    """The pauli-image engine (module docstring)."""
    from .closure import single_strings
    from .dense_closure import _sector_primes, _trace_rank_float, _trace_rank_mod
    from .fields import field_of
    from .span import ModSpan
    from .strings import string_closure
    from .sum_closure import exact_closure

    t0 = time.perf_counter()
    gens = problem.generators
    n = problem.sector.n
    complex_blocks = not problem.is_real
    modulus = 4 * n // np.gcd(4, n) if complex_blocks else 4
    fld = field_of(gens)
    rng = random.Random(seed)
    evaluations = [ev for p in _sector_primes(modulus, 8) if (ev := fld.evaluation_at(p, rng)) is not None][:4]
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
    bound = sum(d * d - 1 for d in dims) + _trace_rank_float(problem)
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
        tau_p = _trace_rank_mod(problem, Ring(p, i_unit, omega, n, residue=lambda c, ev=ev: fld.residue(c, ev)))
        if span.dim >= bound and tau_p == bound - sum(d * d - 1 for d in dims):
            shortcut = "upper-bound"
            break
    best = max(results.values())
    if shortcut is None and sum(1 for d in results.values() if d == best) < 2:
        raise UncertifiedError(f"the sector image is not certified: ranks modulo the primes {results} disagree")
    cert = {"primes": {str(p): d for p, d in results.items()}, "agree": True, "bound": bound, "blocks": dims,
            "field": fld.describe(), "dim_g_elements": len(next(iter(rows_by_prime.values())))}
    return DenseClosureResult(best, sum(dims), dims, shortcut, cert, [], time.perf_counter() - t0)


def _trace_rank_mod(problem, ring):
    from .dense_closure import _trace_rank_mod as impl

    return impl(problem, ring)


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
