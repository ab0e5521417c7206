"""Structure of a DLA from a faithful matrix representation: center, rank, roots and type.

The Pauli-coordinate analysis (`liealg.structure`) forms structure constants from products of Pauli
strings; when the algebra's elements carry thousands of terms that costs terms x dim^2 memory and
dim^3 x terms time. Here the algebra acts on the whole space split into the joint sectors of its
symmetries (`liealg.sectors.sector_problem` with no keys: blocks of a few hundred states), and
everything is read off block matrices:

1. a basis of the complexification g_C as orthonormal rows (the trace form sum_b tr_b, which is
   invariant and positive on g): a float closure of the generators' blocks by random combinations of
   brackets, to the dimension the exact closure proved (`dim`), with BLAS-3 orthogonalization;
2. a random X in g is regular; its eigenvectors, block by block, diagonalize a Cartan subalgebra t
   (the centralizer of X): the projection of g onto the matrices commuting with X is t itself (ad_X
   is skew for the trace form), so the diagonals of the basis rows in X's eigenbasis span t's
   diagonals, and each basis state a has a weight lambda_a in t*;
3. an entry (a, b) of an element of g_C in that eigenbasis is nonzero only if lambda_a - lambda_b is a
   root or zero; for an orthonormal basis the squared column norms summed over all entries with one
   weight difference are exactly the dimension of that root space - 1 for a root, 0 otherwise. So the
   roots are read off column norms, each checked to be 1, and rank + #roots must equal `dim`;
4. the roots, as vectors in t* with the trace form's dual inner product, go to the root-system
   typing of `liealg.structure` (irreducible components, Cartan types); the center has dimension
   rank - rank(roots).

Float64 throughout with explicit gap checks; the dimension it reproduces is the exact one, and every
count (rank, roots, ideal dimensions, center) must add up to it or the analysis is refused.
"""

from __future__ import annotations

import numpy as np

from liealg.blas import with_blas_threads
from liealg.closure.dense import GeneratorBlocks, float_generator_blocks
from liealg.decomposition import Decomposition, ideals_from_roots
from liealg.errors import SizeLimitError, UncertifiedError
from liealg.resources import memory_budget, memory_text
from liealg.sectors.blocks import sector_problem
from liealg.sectors.sector import Sector

#: memory for the float basis (complex128 rows of L entries)
MAX_BYTES = 4 << 30
BATCH = 128
_RTOL = 1e-8  # a candidate's residual below this fraction of its norm is a dependent direction


def representation(gens):
    """(problem, blocks): the whole space in the joint sectors of the generators' symmetries, and the
    generators' blocks on orthonormal sector bases (complex CSR)."""

    problem = sector_problem(gens, Sector(gens[0].n))
    dims = [b.dim for b in problem.blocks]
    return problem, GeneratorBlocks(dims, float_generator_blocks(problem))




def float_basis(blocks, dim: int, seed: int = 0) -> tuple[np.ndarray, dict]:
    """Orthonormal rows (dim x L, complex) spanning g_C, grown from the generators by brackets of random
    combinations until `dim` (the exact dimension) is reached; refused if it cannot be reached with a
    clear gap between accepted and rejected candidates."""
    L = blocks.L
    most = min(MAX_BYTES, memory_budget())
    if dim * L * 16 > most:
        raise SizeLimitError(f"the matrix-representation analysis needs {memory_text(dim * L * 16)} here "
                             f"({dim:,} elements of {L:,} entries; limit {memory_text(most)})")
    rng = np.random.default_rng(seed)
    K = len(blocks.gens)
    Q = np.zeros((dim, L), dtype=complex)
    count = 0
    smallest, largest = np.inf, 0.0

    def offer(C: np.ndarray) -> np.ndarray:
        """Orthogonalize the candidate rows against Q (twice) and among themselves; append the new ones."""
        nonlocal count, smallest, largest
        norms = np.linalg.norm(C, axis=1)
        keep = norms > 0
        C, norms = C[keep], norms[keep]
        if not C.shape[0]:
            return C
        C = C / norms[:, None]
        for _ in range(2):
            if count:
                C = C - (C @ Q[:count].conj().T) @ Q[:count]
        # rank-revealing orthonormalization of the residuals
        u, s, vh = np.linalg.svd(C, full_matrices=False)
        new = int(np.sum(s > _RTOL))
        if new:
            smallest = min(smallest, float(s[new - 1]))
        if new < s.size:
            largest = max(largest, float(s[new]))
        new = min(new, dim - count)
        rows = vh[:new]
        for _ in range(2):  # the SVD's rows are orthonormal; one more pass against Q for safety
            if count:
                rows = rows - (rows @ Q[:count].conj().T) @ Q[:count]
            rows = rows / np.linalg.norm(rows, axis=1)[:, None]
        Q[count:count + new] = rows
        count += new
        return rows

    offer(np.array([blocks.row([g.toarray() for g in blocks.gens[k]]) for k in range(K)]))
    # brackets of random elements of the whole span: a random X has ||[G_k, X]|| of the order of
    # ||G_k|| ||X||, so rounding errors are not amplified by near-commuting pairs (as they are when only
    # the newest directions are bracketed, level by level)
    # and brackets [Y, X] of two random elements reach the last directions of a nearly closed span with
    # weight of order one, where brackets with the generators alone may reach them only weakly
    stalls = 0
    while count < dim:
        s = int(min(BATCH, dim - count + 4))
        Y = rng.normal(size=(s, count)) @ Q[:count]
        Z = _pair_brackets(blocks, Y, rng.normal(size=(s, count)) @ Q[:count])
        for k in range(K):  # one random combination per candidate: s candidates for up to s directions
            Z += blocks.brackets(rng.normal(size=(s, count)) @ Q[:count], k, None)
        got = offer(Z)
        stalls = stalls + 1 if not got.shape[0] else 0
        if stalls >= 3:
            raise UncertifiedError(f"the matrix-representation basis stops at {count} of {dim} dimensions")
    gap = smallest / max(largest, 1e-300)
    if largest > 0 and gap < 1e3:
        raise UncertifiedError(f"the matrix-representation basis has no clear gap ({gap:.1f})")
    return Q, {"smallest_accepted": smallest, "largest_rejected": largest}


def _pair_brackets(blocks, Y: np.ndarray, X: np.ndarray) -> np.ndarray:
    """[Y_j, X_j] row by row, block by block (dense stacks)."""
    out = np.empty_like(X)
    for b, d in enumerate(blocks.dims):
        o0, o1 = blocks.offsets[b], blocks.offsets[b + 1]
        Yb, Xb = Y[:, o0:o1].reshape(-1, d, d), X[:, o0:o1].reshape(-1, d, d)
        out[:, o0:o1] = (np.matmul(Yb, Xb) - np.matmul(Xb, Yb)).reshape(-1, d * d)
    return out


@with_blas_threads  # one thread, as the modular engines (liealg.blas: two cost a table row its certificate)
def decompose_rep(gens, dim: int, *, seed: int = 0):
    """Decomposition (center dimension, simple ideals) of the DLA of `gens`, whose exact dimension is
    `dim`, from its action on the whole space block by block (module docstring)."""

    problem, blocks = representation(gens)
    return decompose_blocks(blocks, dim, seed=seed)


def decompose_blocks(blocks: GeneratorBlocks, dim: int, *, seed: int = 0):
    """The same analysis for any faithful block representation: `blocks` holds the generators' Hermitian
    blocks, `dim` the dimension of the algebra they generate."""
    Q, _ = float_basis(blocks, dim, seed)
    rng = np.random.default_rng(seed + 1)
    # a random element of g: the anti-Hermitian part of a random element of g_C
    Y = rng.normal(size=dim) @ Q + 1j * (rng.normal(size=dim) @ Q)
    diag_rows, pair_norms, deltas = [], [], []
    offsets = blocks.offsets
    for b, d in enumerate(blocks.dims):
        o0, o1 = offsets[b], offsets[b + 1]
        Yb = Y[o0:o1].reshape(d, d)
        Xb = (Yb - Yb.conj().T) / 2
        mu, V = np.linalg.eigh(-1j * Xb)  # X_b = V diag(i mu) V^H
        Bb = Q[:, o0:o1].reshape(dim, d, d)
        Bp = np.matmul(np.matmul(V.conj().T[None], Bb), V[None])  # every row in X's eigenbasis
        diag_rows.append(np.einsum("jaa->ja", Bp))
        pair_norms.append((np.abs(Bp) ** 2).sum(axis=0))
        deltas.append(mu)
    P = np.concatenate(diag_rows, axis=1)  # (dim, m): diagonals of g_C's basis in X's eigenbasis
    # t's diagonals: the row space of P (a complex space closed under conjugation); a real orthonormal basis
    # (orthonormal rows: the singular values are cosines, exactly 1 on t and 0 on the root directions)
    _, s, vh = np.linalg.svd(P, full_matrices=False)
    r = int(np.sum(s > 0.5))
    if np.any((s > 1e-6) & (s < 1 - 1e-6)):
        bad = s[(s > 1e-6) & (s < 1 - 1e-6)]
        raise UncertifiedError(f"the Cartan subalgebra is not clear: singular value {bad[0]:.2e} is neither 0 "
                               "nor 1")
    W = np.concatenate([vh[:r].real, vh[:r].imag])
    _, s2, vt = np.linalg.svd(W, full_matrices=False)
    T = vt[:r]  # (r, m): lambda_a = T[:, a], real, orthonormal in the trace form
    if r < s2.size and s2[r] > 1e-6 * s2[0]:
        raise UncertifiedError("the Cartan subalgebra is not spanned by real diagonal elements")
    # roots: weight differences within a block whose entries carry norm
    diffs, mass, values = [], [], []
    start = 0
    for b, d in enumerate(blocks.dims):
        lam = T[:, start:start + d]  # (r, d)
        mu = deltas[b]
        norms = pair_norms[b]
        a_idx, b_idx = np.nonzero(norms > 1e-12)
        off = a_idx != b_idx
        a_idx, b_idx = a_idx[off], b_idx[off]
        dv = (lam[:, a_idx] - lam[:, b_idx]).T
        big = np.linalg.norm(dv, axis=1) > 1e-7  # a zero difference (weight multiplicity) is t, not a root
        diffs.append(dv[big])
        mass.append(norms[a_idx[big], b_idx[big]])
        values.append((mu[a_idx] - mu[b_idx])[big])
        start += d
    diffs = np.concatenate(diffs) if diffs else np.zeros((0, r))
    mass = np.concatenate(mass) if mass else np.zeros(0)
    values = np.concatenate(values) if values else np.zeros(0)
    roots, root_mass = _group(diffs, mass, values)
    keep = root_mass > 0.5
    if np.any(np.abs(root_mass[keep] - 1) > 1e-6) or np.any(root_mass[~keep] > 1e-6):
        raise UncertifiedError("root spaces are not one-dimensional to working precision")
    roots = roots[keep]
    if r + len(roots) != dim:
        raise UncertifiedError(f"rank {r} and {len(roots)} roots do not add up to dim {dim}")
    if len(roots):
        _, sr, vr = np.linalg.svd(roots, full_matrices=False)
        rank_ss = int(np.sum(sr > 1e-7 * sr[0]))
        coords = roots @ vr[:rank_ss].T
    else:
        rank_ss, coords = 0, np.zeros((0, 0))
    pos = coords[_positive(roots, T, rng)] if len(roots) else coords
    ideals, _ = ideals_from_roots(pos, rank_ss) if len(roots) else ([], [])
    center_dim = r - rank_ss
    if sum(i.dim for i in ideals) + center_dim != dim:
        raise UncertifiedError("the ideals and the center do not add up to the dimension")
    dec = Decomposition(ideals, int(center_dim), int(dim), rank=int(r))
    dec.method = "root-system (matrix representation)"
    return dec


def _group(diffs: np.ndarray, mass: np.ndarray, values: np.ndarray):
    """Distinct difference vectors and the mass on each: sorted by their value on X (generic, so equal
    vectors have equal values and distinct roots almost surely distinct ones), split where the value
    jumps, then by the vectors themselves within a run."""
    if not len(diffs):
        return diffs, mass
    order = np.argsort(values, kind="stable")
    diffs, mass, values = diffs[order], mass[order], values[order]
    scale = max(np.abs(values).max(), 1e-300)
    cuts = np.flatnonzero(np.diff(values) > 1e-9 * scale) + 1
    out_v, out_m = [], []
    for run in np.split(np.arange(len(values)), cuts):
        reps: list[int] = []
        for i in run:
            for j, rep in enumerate(reps):
                if np.linalg.norm(diffs[i] - diffs[rep]) <= 1e-6 * max(1.0, np.linalg.norm(diffs[rep])):
                    out_m[len(out_m) - len(reps) + j] += mass[i]
                    break
            else:
                reps.append(i)
                out_v.append(diffs[i])
                out_m.append(mass[i])
    return np.array(out_v), np.array(out_m)


def _positive(roots: np.ndarray, T: np.ndarray, rng) -> np.ndarray:
    """One of each pair +-alpha: positive on a random direction of t."""
    h = rng.normal(size=roots.shape[1])
    vals = roots @ h
    if np.any(np.abs(vals) < 1e-9 * np.abs(vals).max()):
        raise UncertifiedError("a root vanishes on the random Cartan element")
    return vals > 0
