"""The dense-block closure engine: Lie closures of matrices on an invariant subspace V.

An element of g_V is block diagonal over the finer sectors V = V_1 + ... + V_B
(`liealg.sectors.SectorProblem`) and is stored as one row: its blocks flattened and
concatenated, L = sum_b d_b^2 entries. Brackets with a generator are sparse x dense
products block by block (the generators' restrictions are sparse: O(nnz d) each).

Exact path (`close_mod`): entries in GF(p), p < 2^24 and p = 1 mod lcm(4, n) so that i and
the n-th roots of unity of momentum sectors exist. The span is kept in reduced row echelon
form; a batch of candidates C is reduced against it in one product C - C[:, pivots] B,
computed with float64 BLAS (`matmul_mod`: operands split into 12-bit halves so every partial
sum stays below 2^53, exact), then eliminated among itself; new rows update the basis with
one more product. As everywhere, the dimension mod p never exceeds the true one, and two
primes reaching the same, largest dimension certify it. One prime suffices when the span
reaches the upper bound  sum_b (d_b^2 - 1) + tau  (tau: the rank of the generators' block
traces; commutators are traceless on every block): then g_V is all of it, a proof.

Float path (`close_float`): complex128, orthonormal (Frobenius) basis by classical
Gram-Schmidt with re-orthogonalization in BLAS batches, with the same decision-gap
certificate as the Pauli-sum float path.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

import numpy as np

from liealg.blas import with_blas_threads
from liealg.closure.certificate import agreed, certified_dimension, prime_record
from liealg.closure.problem import Closure, ClosureProblem
from liealg.coefficients.fields import field_of
from liealg.errors import AlgebraTooLargeError, SizeLimitError, UncertifiedError
from liealg.modp import EXACT_CHUNK, matmul_mod, roots_mod, rref_dense_mod, sector_primes
from liealg.resources import memory_budget, memory_text
from liealg.sectors.bases import Ring
from liealg.sectors.blocks import entries, sector_problem
from liealg.sectors.sector import Sector

#: the dense engine is considered up to this many qubits (the whole space in symmetry blocks)
DENSE_QUBITS = 14


BATCH = 128  # candidates reduced at a time
#: random elements X of the span whose brackets [G_k, X] verify that it is closed (failure <= p^-CHECKS)
CHECKS = 3
#: rows of the frontier that one round of random combinations mixes
CHUNK_ROWS = BATCH
#: panels stop merging at this height: a batch costs the same BLAS work against one tall panel as against
#: several (the rows are the same); merging only saves calls, and costs |a| |b| L per merge
MERGE_LIMIT = 1024
#: memory the dense engine may plan for its span (elements x entries x 8 bytes)
MAX_BYTES = 6 << 30
FLOAT_GAP = 1e3
#: an accepted float residual below this fraction of its candidate's scale is orthogonalized once more
_REORTH = 1e-3


class DenseModSpan:
    """Span of rows of length L over GF(p), kept as panels: each panel is in reduced row echelon form
    and zero in the pivot columns of every earlier panel, so a batch is reduced against the whole
    span by one BLAS product per panel (earlier panels first), and no old row is ever updated."""

    def __init__(self, p: int, L: int):
        self.p, self.L = p, L
        self.panels: list[tuple[np.ndarray, np.ndarray]] = []  # (rows float64, pivot columns)
        self.dim = 0

    def add(self, cand: np.ndarray) -> np.ndarray:
        """Reduce a batch of candidate rows (float64 integers in (-p, p)); add the independent part as a
        new panel; return its rows."""
        from liealg.kernels.dense import eliminate_panel

        p = self.p
        # residues are kept signed in (-p, p): a panel has under 2^11 rows (`_merge`), so f @ rows sums
        # under 2^11 products below 2^42 and is exact in float64; one fmod a panel
        for rows, piv in self.panels:
            f = cand[:, piv]
            if f.any():
                cand = cand - f @ rows
                np.fmod(cand, p, out=cand)
        work = cand.astype(np.int64)  # eliminate_panel reduces into [0, p)
        k, piv = eliminate_panel(work, p)
        if k == 0:
            return np.zeros((0, self.L))
        rows = work[:k].astype(np.float64)
        self.panels.append((rows, np.asarray(piv)))
        self.dim += k
        self._merge()
        return rows

    def random_elements(self, count: int, rng) -> np.ndarray:
        """`count` uniformly random elements of the span (random combinations of its rows)."""
        out = np.zeros((count, self.L))
        for rows, _ in self.panels:
            R = rng.integers(0, self.p, size=(count, rows.shape[0])).astype(np.float64)
            out = np.fmod(out + matmul_mod(R, rows, self.p), self.p)
        return out

    def _merge(self) -> None:
        """Merge the last two panels while the last is at least half as tall as the one before and that one
        is under MERGE_LIMIT rows (a binary counter: few panels, each row merged a few times). The earlier
        panel is cleared in the later one's pivot columns; together they are one panel in reduced row
        echelon form."""
        while (len(self.panels) >= 2 and 2 * self.panels[-1][0].shape[0] >= self.panels[-2][0].shape[0]
               and self.panels[-2][0].shape[0] < MERGE_LIMIT
               and self.panels[-2][0].shape[0] + self.panels[-1][0].shape[0] < EXACT_CHUNK):  # exact products
            (a, pa), (b, pb) = self.panels[-2], self.panels[-1]
            f = a[:, pb]
            if f.any():
                a = a - f @ b
                np.fmod(a, self.p, out=a)
            self.panels[-2:] = [(np.concatenate([a, b]), np.concatenate([pa, pb]))]


class GeneratorBlocks:
    """Offsets of the flattened blocks in a row, and the generators' sparse blocks."""

    def __init__(self, dims: list[int], gens_blocks: list[list]):
        self.dims = dims
        self.offsets = np.concatenate([[0], np.cumsum([d * d for d in dims])]).astype(int)
        self.L = int(self.offsets[-1])
        self.gens = gens_blocks  # gens[k][b]: scipy CSR matrix (complex or float64 integers mod p)
        self.row_nnz = [[int(np.diff(g.indptr).max()) if g.shape[0] else 0 for g in gk] for gk in gens_blocks]

    def row(self, mats: list[np.ndarray]) -> np.ndarray:
        return np.concatenate([m.reshape(-1) for m in mats]) if mats else np.zeros(0)

    def brackets(self, X: np.ndarray, k: int, p: int | None) -> np.ndarray:
        """[G_k, X_j] for every row X_j of X (m x L)."""
        m = X.shape[0]
        out = np.zeros((m, self.L), dtype=X.dtype)
        for b, d in enumerate(self.dims):
            o0, o1 = self.offsets[b], self.offsets[b + 1]
            G = self.gens[k][b]
            if G.nnz == 0:
                continue
            Xb = X[:, o0:o1].reshape(m, d, d)
            if p is None:
                val = self._bracket(G, Xb, m, d)
            elif self.row_nnz[k][b] <= EXACT_CHUNK:  # at most 2^11 products of residues < 2^21 a sum: exact
                val = np.fmod(np.fmod(self._bracket(G, Xb, m, d), p) + p, p)
            else:  # 10-bit halves of X keep longer sums exact
                hi = np.floor(Xb / 1024.0)
                val = np.fmod(self._bracket(G, hi, m, d), p) * 1024.0 + self._bracket(G, Xb - hi * 1024.0, m, d)
                val = np.fmod(np.fmod(val, p) + p, p)
            out[:, o0:o1] = val.reshape(m, d * d)
        return out


    @staticmethod
    def _bracket(G, Xb, m, d):
        """G X_j - X_j G for the stack Xb (m, d, d), G sparse (d, d)."""
        left = (G @ Xb.transpose(1, 0, 2).reshape(d, m * d)).reshape(d, m, d).transpose(1, 0, 2)
        right = (G.T @ Xb.transpose(2, 0, 1).reshape(d, m * d)).reshape(d, m, d).transpose(1, 2, 0)
        return left - right


@dataclass
class DenseClosureResult:
    dim: int
    subspace_dim: int
    blocks: list[int]
    shortcut: str | None
    certificate: dict
    spans: list = field(default_factory=list, repr=False)
    seconds: float = 0.0


def _generator_blocks(problem, ring):
    import scipy.sparse as sp

    out = []
    for k, g in enumerate(problem.generators):
        mats = []
        for b, basis in enumerate(problem.blocks):
            rows, cols, vals = ring.entries(g, problem.coo[k][b])
            d = basis.dim
            if ring.p is None:
                m = sp.csr_matrix((vals, (rows, cols)), shape=(d, d), dtype=complex)
            else:
                m = sp.csr_matrix((vals.astype(np.int64), (rows, cols)), shape=(d, d), dtype=np.int64)
                m.data %= ring.p
                m = m.astype(np.float64)
                m.eliminate_zeros()
            mats.append(m)
        out.append(mats)
    return out


def trace_rank_float(problem) -> int:
    ring = Ring(None, n=problem.sector.n)
    T = np.zeros((len(problem.generators), len(problem.blocks)))
    for k, g in enumerate(problem.generators):
        for b in range(len(problem.blocks)):
            rows, cols, vals = ring.entries(g, problem.coo[k][b], times_i=False)
            T[k, b] = float(np.real(vals[rows == cols].sum()))
    return float_rank(T)


def float_rank(T: np.ndarray) -> int:
    """The rank of a small float matrix of traces: singular values above 1e-9 of the largest (or of 1)."""
    if not T.size:
        return 0
    s = np.linalg.svd(T, compute_uv=False)
    return int(np.sum(s > 1e-9 * max(s[0], 1.0)))


def sector_rings(problem, fld, rng):
    """GF(p) rings for the sector's blocks, p < 2^21 from the top, with i (and the n-th roots of unity of
    complex momentum sectors), skipping primes where the coefficient field has no evaluation. A caller
    that meets a ZeroDivisionError (a denominator divisible by p) goes on to the next ring."""

    n = problem.sector.n
    complex_blocks = not problem.is_real
    modulus = 4 * n // np.gcd(4, n) if complex_blocks else 4
    for p in sector_primes(modulus, 12):
        ev = fld.evaluation_at(p, rng)
        if ev is None:
            continue
        i_unit, omega = roots_mod(p, n if complex_blocks else 1)
        yield Ring(p, i_unit, omega, n, residue=lambda c, ev=ev: fld.residue(c, ev))


def close_mod(problem, *, max_dim: int, field_=None, progress=None, seed: int = 0) -> DenseClosureResult:
    """Exact closure of the restricted generators over primes (module docstring)."""


    t0 = time.perf_counter()
    fld = field_ or field_of(problem.generators)
    dims = [b.dim for b in problem.blocks]
    tau_float = trace_rank_float(problem)
    bound = sum(d * d - 1 for d in dims) + tau_float
    L = sum(d * d for d in dims)
    # memory: the span holds its elements as float64 rows of L entries (plus a panel being merged); the
    # upper bound is a worst case, so the guard is on the span actually reached, not on the bound
    most = min(MAX_BYTES, memory_budget())
    cap = most // (L * 8)
    if cap < len(problem.generators):
        raise SizeLimitError(f"the dense sector engine cannot hold even the generators here ({L:,} entries "
                             f"each; limit {memory_text(most)})")
    limit = min(max_dim, cap)
    rng = random.Random(seed)
    results: dict[int, int] = {}
    spans = []
    shortcut = None
    for ring in sector_rings(problem, fld, rng):
        p = ring.p
        try:
            gens = _generator_blocks(problem, ring)
        except ZeroDivisionError:
            continue
        blocks = GeneratorBlocks(dims, gens)
        tau_p = trace_rank_mod(problem, ring)
        target = bound if tau_p == tau_float else None
        graded = _grading(problem, blocks, p)
        if graded is not None:
            span, degrees = _GradedSpan(p, blocks, graded[0]), graded[1]
        else:
            span, degrees = _PlainSpan(p, blocks.L), [0] * len(blocks.gens)
        try:
            reached, checked = _closure(blocks, span, degrees, p, limit, target, progress, seed + len(results))
        except AlgebraTooLargeError:
            if limit == max_dim:
                raise

            raise SizeLimitError(f"the dense sector engine needs more than {memory_text(most)} here "
                                 f"(over {cap:,} elements of {L:,} entries; the upper bound is {bound:,})") from None
        results[p] = span.dim
        spans.append(span)
        if reached:
            shortcut = "upper-bound"
            break
        if agreed(results) or len(results) >= 4:
            break
    if not results:
        raise UncertifiedError("no prime below 2^24 serves this sector's coefficients")
    best = certified_dimension(results, proved=shortcut is not None, what="the sector closure is")
    cert = {**prime_record(results), "bound": bound, "blocks": dims, "field": fld.describe(),
            "graded": graded is not None}
    if shortcut is None:  # each prime's span passed CHECKS random closure checks per generator
        K = len(problem.generators)
        cert["closure_check"] = f"{CHECKS} random elements per prime, [G_k, X] in the span for every k"
        cert["failure_probability_bound"] = float(sum(K * float(p) ** -CHECKS for p in results))
    return DenseClosureResult(best, sum(dims), dims, shortcut, cert, spans, time.perf_counter() - t0)


def close_blocks_mod(blocks: GeneratorBlocks, p: int, *, max_dim: int, bound: int | None = None,
                     seed: int = 0) -> tuple[int, bool]:
    """The Lie closure of the generators' blocks modulo one prime p (`blocks.gens[k][b]`: float64 CSR of
    residues of i H_k restricted, in any basis of an invariant subspace): (the dimension modulo p, whether
    it reached `bound` - a proved upper bound, so then it is exact). Otherwise callers certify with two
    primes (`liealg.closure.certificate`), as `close_mod` does for sectors."""
    L = blocks.L
    cap = min(MAX_BYTES, memory_budget()) // (8 * max(L, 1))
    if cap < len(blocks.gens):
        raise SizeLimitError(f"the dense engine cannot hold even the generators here ({L:,} entries each)")
    span = _PlainSpan(p, L)
    try:
        reached, _ = _closure(blocks, span, [0] * len(blocks.gens), p, min(max_dim, cap), bound, None, seed)
    except AlgebraTooLargeError:
        if cap >= max_dim:
            raise
        raise SizeLimitError(f"the dense engine needs more than {memory_text(min(MAX_BYTES, memory_budget()))} "
                             f"here (over {cap:,} elements of {L:,} entries)") from None
    return span.dim, reached


def trace_rank_mod(problem, ring) -> int:
    p = ring.p
    T = np.zeros((len(problem.generators), len(problem.blocks)), dtype=np.int64)
    for k, g in enumerate(problem.generators):
        for b in range(len(problem.blocks)):
            rows, cols, vals = ring.entries(g, problem.coo[k][b], times_i=False)
            T[k, b] = int(vals[rows == cols].sum() % p)

    return len(rref_dense_mod(T, p)[1]) if T.size else 0


def _generator_rows(blocks: GeneratorBlocks) -> np.ndarray:
    return np.array([blocks.row([g.toarray() for g in blocks.gens[k]]) for k in range(len(blocks.gens))])


class _PlainSpan:
    """One DenseModSpan of full rows (no grading): the interface `_closure` uses."""

    def __init__(self, p: int, L: int):
        self.inner = DenseModSpan(p, L)

    @property
    def dim(self) -> int:
        return self.inner.dim

    def add(self, cand: np.ndarray, parity: int = 0) -> np.ndarray:
        return self.inner.add(cand)

    def random_elements(self, count: int, rng) -> list[tuple[np.ndarray, int]]:
        return [(self.inner.random_elements(count, rng), 0)]


class _GradedSpan:
    """Spans of a Z2-graded algebra, one per degree. With a real sector basis, scaled so that Z = Delta X
    (Delta_b = diag(|G| stab_x), the squared norms of the unnormalized basis vectors), an element of a
    real Hamiltonian's algebra (strings with an even number of Y: iH is i times a real symmetric matrix)
    has Z symmetric, and one of odd-Y strings has Z antisymmetric; brackets add degrees mod 2
    ([sym, sym] is antisymmetric). This is the Cartan decomposition k + p of the algebra. Each degree
    is stored as a triangle (L/2 entries), and elimination, quadratic in the span, costs a quarter."""

    def __init__(self, p: int, blocks: GeneratorBlocks, delta: np.ndarray):
        self.p, self.L = p, blocks.L
        idx = {0: [], 1: []}
        mirror = {0: [], 1: []}
        for b, d in enumerate(blocks.dims):
            o = int(blocks.offsets[b])
            for deg, k in ((1, 0), (0, 1)):  # symmetric: the diagonal too; antisymmetric: strictly above
                i, j = np.triu_indices(d, k)
                idx[deg].append(o + i * d + j)
                mirror[deg].append(o + j * d + i)
        self.idx = {deg: np.concatenate(v).astype(np.int64) for deg, v in idx.items()}
        self.mirror = {deg: np.concatenate(v).astype(np.int64) for deg, v in mirror.items()}
        if np.all(delta == delta[0]):  # a constant Delta (e.g. no orbit with a stabilizer) changes nothing
            self.scale = self.unscale = None
        else:
            self.scale = delta.astype(np.float64) % p
            inverse = {int(x): pow(int(x), -1, p) for x in np.unique(delta)}
            self.unscale = np.array([inverse[int(x)] for x in delta], dtype=np.float64)
        self.spans = {deg: DenseModSpan(p, self.idx[deg].shape[0]) for deg in (0, 1)}
        # gather[deg][position of the full row] = column of [C | -C | 0] that holds it
        self.gather = {}
        for deg in (0, 1):
            m = self.idx[deg].shape[0]
            g = np.full(self.L, 2 * m, dtype=np.int64)
            g[self.mirror[deg]] = np.arange(m) + (0 if deg else m)
            g[self.idx[deg]] = np.arange(m)
            self.gather[deg] = g

    @property
    def dim(self) -> int:
        return self.spans[0].dim + self.spans[1].dim

    def add(self, cand: np.ndarray, parity: int) -> np.ndarray:
        Z = cand[:, self.idx[parity]]
        if self.scale is not None:
            Z = np.fmod(Z * self.scale[self.idx[parity]], self.p)
        return self._full(self.spans[parity].add(Z), parity)

    def _full(self, C: np.ndarray, parity: int) -> np.ndarray:
        """Full rows X = Delta^-1 Z from the triangles: one gather from [C | -C | 0]."""
        ext = np.concatenate([C, np.fmod(self.p - C, self.p), np.zeros((C.shape[0], 1))], axis=1)
        full = ext[:, self.gather[parity]]
        return full if self.unscale is None else np.fmod(full * self.unscale, self.p)

    def random_elements(self, count: int, rng) -> list[tuple[np.ndarray, int]]:
        return [(self._full(self.spans[deg].random_elements(count, rng), deg), deg) for deg in (0, 1)
                if self.spans[deg].dim]


def _grading(problem, blocks: GeneratorBlocks, p: int):
    """(Delta over the full row, degree of each generator) when every generator is homogeneous for the
    transpose grading of `_GradedSpan` (a real sector basis is needed), else None."""
    if not problem.is_real:
        return None
    delta = np.concatenate([np.repeat((basis.group_order * basis.stab).astype(np.int64), basis.dim)
                            for basis in problem.blocks])
    degrees = []
    for gk in blocks.gens:
        deg = None
        for b, G in enumerate(gk):
            if G.nnz == 0:
                continue
            o = int(blocks.offsets[b])
            d = blocks.dims[b]
            Z = (G.toarray() * delta[o:o + d * d:d][:, None]) % p
            if not np.any(Z):
                continue
            here = 1 if np.array_equal(Z, Z.T) else 0 if np.array_equal(Z, (-Z.T) % p) else None
            if here is None or (deg is not None and here != deg):
                return None
            deg = here
        degrees.append(1 if deg is None else deg)
    return delta, degrees


def _closure(blocks: GeneratorBlocks, span, degrees: list[int], p: int, max_dim: int, bound, progress, seed: int = 0,
             checks: int = CHECKS) -> tuple[bool, int]:
    """Close the span of the generators under brackets with them, modulo p.

    Level by level it reduces the brackets of the frontier batch by batch until a batch adds under half
    of its rows; for the rest of the level it reduces random combinations sum_k [G_k, R_k F] of the
    remaining brackets (fresh ones until a round adds fewer rows than it tried), skipping the many
    dependent candidates of saturating levels. Every row added is an element of g_V. When the frontier is
    empty the span S is verified: for `checks` uniformly random X in S, every [G_k, X] must lie in S. If
    some [G_k, S] is not inside S, the X with [G_k, X] in S form a proper subspace, so the check passes
    with probability at most p^-checks for each k; new rows become the frontier and the closure goes on.
    A span that contains the generators and passes is closed, hence g_V itself (up to that probability).
    With a grading (`_GradedSpan`, generator degrees `degrees`) each candidate goes to the span of its
    degree. Returns (reached the upper bound `bound` - then no check is needed, it is a proof; number of
    verification rounds passed)."""
    rng = np.random.default_rng(seed)
    K = len(blocks.gens)
    target = bound if bound is not None else max_dim + 1
    groups = {b: [k for k in range(K) if degrees[k] == b] for b in (0, 1)}
    rows = _generator_rows(blocks)
    empty = np.zeros((0, blocks.L))
    frontier = {b: span.add(rows[groups[b]], b) if groups[b] else empty for b in (0, 1)}

    def level(F: np.ndarray, ks: list[int], deg: int, out: list) -> None:
        step, start = max(1, BATCH // len(ks)), 0
        while start < F.shape[0] and span.dim < target:  # deterministic batches
            X = F[start:start + step]
            start += step
            cand = np.concatenate([blocks.brackets(X, k, p) for k in ks])
            added = span.add(cand, deg)
            if added.shape[0]:
                out.append(added)
            _check_size(span, max_dim, progress, start)
            if 2 * added.shape[0] < cand.shape[0]:  # the level saturates: random combinations from here
                break
        # random combinations of the remaining brackets, a chunk of CHUNK_ROWS frontier rows at a time: the
        # chunk's brackets B = [G_k, F_chunk] are formed once, and rounds reduce R B for random R (one BLAS
        # product) instead of B itself, skipping the dependent candidates of a saturating level; a chunk is
        # done when a round adds fewer rows than it tried (the closure check catches what this misses)
        for c0 in range(start, F.shape[0], CHUNK_ROWS):
            B = np.concatenate([blocks.brackets(F[c0:c0 + CHUNK_ROWS], k, p) for k in ks])
            while span.dim < target:
                s = int(min(B.shape[0], target - span.dim, BATCH))
                R = rng.integers(0, p, size=(s, B.shape[0])).astype(np.float64)
                added = span.add(matmul_mod(R, B, p), deg)
                if added.shape[0]:
                    out.append(added)
                _check_size(span, max_dim, progress, 0)
                if added.shape[0] < s:
                    break

    while True:
        while any(f.shape[0] for f in frontier.values()) and span.dim < target:
            new: dict[int, list] = {0: [], 1: []}
            for a in (0, 1):
                for b in (0, 1):
                    if frontier[a].shape[0] and groups[b]:
                        level(frontier[a], groups[b], a ^ b, new[a ^ b])
            frontier = {c: np.concatenate(new[c]) if new[c] else empty for c in (0, 1)}
        if bound is not None and span.dim >= bound:
            return True, 0
        new = {0: [], 1: []}
        for X, a in span.random_elements(checks, rng):
            for b in (0, 1):
                if groups[b]:
                    added = span.add(np.concatenate([blocks.brackets(X, k, p) for k in groups[b]]), a ^ b)
                    if added.shape[0]:
                        new[a ^ b].append(added)
        _check_size(span, max_dim, progress, 0)
        if not new[0] and not new[1]:
            return False, checks
        frontier = {c: np.concatenate(new[c]) if new[c] else empty for c in (0, 1)}


def _check_size(span: DenseModSpan, max_dim: int, progress, done: int) -> None:
    if span.dim > max_dim:
        raise AlgebraTooLargeError(span.dim, max_dim)
    if progress is not None:
        progress(span.dim, done)


# --- float cross-check --------------------------------------------------------------------------
def float_generator_blocks(problem) -> list[list]:
    """The generators' blocks (complex CSR) on orthonormal sector bases: the basis vector of orbit x has
    norm sqrt(|G| stab_x), so the unnormalized blocks are conjugated by that diagonal scaling."""
    import scipy.sparse as sp


    raw = _generator_blocks(problem, Ring(None, n=problem.sector.n))
    gens = []
    for k in range(len(problem.generators)):
        mats = []
        for b, basis in enumerate(problem.blocks):
            s = np.sqrt(basis.group_order * basis.stab.astype(float))
            mats.append((sp.diags(s) @ raw[k][b] @ sp.diags(1 / s)).tocsr())
        gens.append(mats)
    return gens


def close_float(problem, *, max_dim: int, rtol: float = 1e-9) -> DenseClosureResult:
    """Float closure on an orthonormal sector basis (complex128, CGS2, decision-gap certificate)."""
    return close_float_blocks([b.dim for b in problem.blocks], float_generator_blocks(problem), max_dim=max_dim,
                              rtol=rtol)


def close_float_blocks(dims: list[int], gens: list[list], *, max_dim: int, rtol: float = 1e-9) -> DenseClosureResult:
    """Float closure of block matrices on an orthonormal basis: gens[k][b] is generator k's block b (complex
    CSR, i H restricted), dims the block sizes (`close_float` on a sector's blocks; any invariant subspace
    with an orthonormal basis, e.g. `liealg.structure.cyclic`)."""
    t0 = time.perf_counter()
    blocks = GeneratorBlocks(dims, gens)
    Q = np.zeros((0, blocks.L), dtype=complex)
    smallest, largest = np.inf, 0.0
    gen_rows = np.array([blocks.row([m.toarray() for m in gens[k]]) for k in range(len(gens))])
    scales = [2 * np.sqrt(sum(abs(m).power(2).sum() for m in gens[k])) for k in range(len(gens))]

    def offer(C, sc):
        nonlocal Q, smallest, largest
        for _ in range(2):
            if Q.shape[0]:
                C = C - (C @ Q.conj().T) @ Q
        accepted = []
        for i in range(C.shape[0]):
            r = C[i]
            for _ in range(2):
                if accepted:
                    A = np.array(accepted)
                    r = r - (A.conj() @ r) @ A
            nr = np.linalg.norm(r)
            ratio = nr / sc[i] if sc[i] > 0 else 0.0
            if ratio > rtol:
                r = r / nr
                if ratio < _REORTH:  # a small residual carries the rounding of the large part removed from
                    for _ in range(2):  # it, magnified by 1/ratio once normalized: orthogonalize it again
                        r = r - (Q.conj() @ r) @ Q
                        if accepted:
                            A = np.array(accepted)
                            r = r - (A.conj() @ r) @ A
                    r = r / np.linalg.norm(r)
                accepted.append(r)
                smallest = min(smallest, ratio)
            else:
                largest = max(largest, ratio)
        if accepted:
            Q = np.concatenate([Q, np.array(accepted)])
        return np.array(accepted) if accepted else np.zeros((0, blocks.L), dtype=complex)

    norms = np.linalg.norm(gen_rows, axis=1)
    frontier = offer(gen_rows.copy(), norms)
    while frontier.shape[0]:
        new = []
        for start in range(0, frontier.shape[0], 32):
            X = frontier[start:start + 32]
            for k in range(len(gens)):
                got = offer(blocks.brackets(X, k, None), [scales[k]] * X.shape[0])
                if got.shape[0]:
                    new.append(got)
            if Q.shape[0] > max_dim:
                raise AlgebraTooLargeError(Q.shape[0], max_dim)
        frontier = np.concatenate(new) if new else np.zeros((0, blocks.L), dtype=complex)
    gap = smallest / max(largest, 1e-300)
    if gap < FLOAT_GAP:
        raise UncertifiedError(f"the float sector closure cannot certify dimension {Q.shape[0]}: gap {gap:.1f}")
    cert = {"rtol": rtol, "gap": float(gap), "blocks": dims}
    res = DenseClosureResult(Q.shape[0], sum(dims), dims, None, cert, [Q], time.perf_counter() - t0)
    res.blocks_layout = blocks
    return res


# --- the closure-engine interface (liealg.closure.problem) -------------------------------------------
NAME = "dense-blocks"


def applies(problem: ClosureProblem) -> str | None:
    if problem.sector is None:
        if problem.method not in ("auto", "exact"):
            return f"method {problem.method!r}: the dense engine closes the whole space exactly"
        if problem.n_qubits > DENSE_QUBITS:
            return f"the dense engine works up to {DENSE_QUBITS} qubits, not {problem.n_qubits}"
    elif problem.method not in ("auto", "exact", "strings", "float"):
        return f"method {problem.method!r} does not apply to sectors"
    return None


def sector_blocks(problem: ClosureProblem):
    """The generators restricted to the symmetry blocks of the problem's sector (the whole space if none)."""
    return problem.derived("blocks", lambda p: sector_problem(p.generators, p.sector or Sector(p.n_qubits)))


def block_entries(problem: ClosureProblem) -> int:
    """Entries of one element in the block representation of the whole space (sum of squared block sizes)."""
    return problem.derived("entries", lambda p: entries(p.generators))


def estimate(problem: ClosureProblem) -> float:
    """Entries of one element of the block representation (4^n bounds it before the blocks are built)."""
    if problem.sector is None:
        return 4.0 ** problem.n_qubits
    return float(sum(b.dim * b.dim for b in sector_blocks(problem).blocks))


@with_blas_threads
def close(problem: ClosureProblem, watch=None) -> Closure:
    """The exact closure of the generators' block matrices (a sector's blocks, or the whole space's);
    method 'float' on a sector: the float cross-check on an orthonormal sector basis."""
    if problem.sector is not None:
        if problem.method == "float":
            res, engine = close_float(sector_blocks(problem), max_dim=problem.max_dim), NAME + "-float"
        else:
            res, engine = close_mod(sector_blocks(problem), max_dim=problem.max_dim, progress=problem.progress), NAME
        return Closure(dim=res.dim, engine=engine, method=f"sector-{engine}", certificate=res.certificate,
                       shortcut=res.shortcut, subspace_dim=res.subspace_dim, sector=problem.sector, blocks=res.blocks)
    res = close_mod(sector_blocks(problem), max_dim=problem.max_dim, field_=problem.field, progress=problem.progress)
    cert = dict(res.certificate, engine=NAME)
    if res.shortcut:  # "upper-bound": the dense span reached sum_b (d_b^2 - 1) + tau (not a string shortcut)
        cert["shortcut"] = res.shortcut
    return Closure(dim=res.dim, engine=NAME, method="exact-dense-blocks", certificate=cert,
                   coefficient_field=problem.field, blocks=res.blocks)
