"""The block representation the irreducible-block engines read, and module maps modulo p.

`block_data(problem)` holds the generators' blocks on the symmetry blocks of the whole space as floats
(i H_k on orthonormal bases) and, modulo two primes that serve the coefficients, as residues (full and
traceless). `hom_basis` finds the module maps between two blocks modulo p from a cyclic vector of a
random combination; `hom_words` (where no cyclic vector exists: parts that repeat) from a spanning set
of words in the generators; `commutant_dim_mod` chooses. Used by `liealg.closure.irreducible` (the su
route) and `liealg.closure.parts` (beyond su).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np

from liealg.closure.dense import float_generator_blocks, sector_rings
from liealg.coefficients.fields import field_of
from liealg.decomposition import Decomposition, SimpleIdeal
from liealg.errors import SizeLimitError, UncertifiedError
from liealg.modp import matmul_mod, null_space_dense_mod
from liealg.resources import memory_budget, memory_text


@dataclass
class IrreducibleResult:
    dim: int
    center_dim: int
    classes: list[tuple[int, list[int], str]]  # (d, blocks, links "inner"/"outer" | image "su"/"so"/"sp")
    blocks: list[int]
    certificate: dict = field(default_factory=dict)
    seconds: float = 0.0
    ideals: list | None = None  # one SimpleIdeal per class where they are not all su(d) (the parts route)
    parts: dict | None = None  # the parts route's components, for `liealg.structure.isotypic`

    def decomposition(self):
        ideals = self.ideals if self.ideals is not None else [
            SimpleIdeal(f"su({d})", f"A{d - 1}", d * d - 1, d - 1) for d, _, _ in self.classes]
        dec = Decomposition(ideals, self.center_dim, self.dim, rank=sum(i.rank for i in ideals)
                            + self.center_dim)
        dec.method = "irreducible-blocks"
        return dec


def block_data(problem, seed: int) -> dict:
    """The generators' blocks as floats (i H_k on orthonormal bases) and, modulo two primes that serve the
    coefficients, as residues (full and traceless)."""


    rings, mods = [], []
    for ring in sector_rings(problem, field_of(problem.generators), random.Random(seed)):
        try:
            mod = [mod_block(problem, ring, b) for b in range(len(problem.blocks))]
        except ZeroDivisionError:
            continue
        rings.append(ring)
        mods.append(mod)
        if len(rings) == 2:
            break
    if len(rings) < 2:
        raise UncertifiedError("no two primes below 2^21 serve these coefficients")
    return {"float": float_generator_blocks(problem), "rings": rings, "mods": mods, "split": {}}


def mulmod(a: np.ndarray, b: np.ndarray, p: int) -> np.ndarray:
    return np.fmod(matmul_mod(a, b, p) + p, p)


def _chars(basis) -> str:
    return "".join(f", involution {i + 1}={e:+d}" for i, (_, e) in enumerate(basis.characters))


def block_name(problem, b) -> str:
    return f"{b} ({problem.blocks[b].sector}{_chars(problem.blocks[b])})"


def mod_block(problem, ring, b) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The generators' (i H_k) block b and its traceless parts, dense float64 residues mod p."""
    import scipy.sparse as sp

    p = ring.p
    d = problem.blocks[b].dim
    inv_d = pow(d, -1, p)
    full, traceless = [], []
    for k, g in enumerate(problem.generators):
        rows, cols, vals = ring.entries(g, problem.coo[k][b])
        m = sp.csr_matrix((vals.astype(np.int64), (rows, cols)), shape=(d, d), dtype=np.int64).toarray() % p
        full.append(m.astype(np.float64))
        tr = int(np.trace(m) % p)
        traceless.append(((m - np.eye(d, dtype=np.int64) * (tr * inv_d % p)) % p).astype(np.float64))
    return full, traceless


def hom_basis(Y1: list[np.ndarray], Y2: list[np.ndarray], c, p: int, outer: bool, seed: int) -> list | None:
    """A basis of {U : U Y1_k = Y2_k U for every k} modulo p (Y1_k -> -Y1_k^T when `outer`), each checked
    in full; None when it cannot be determined (no cyclic vector of A1 = sum c_k Y1_k, or a candidate
    from the reduced system fails the check).

    U is fixed by u = U v for a cyclic vector v of A1: U = K2(u) K1^-1 with K_i the Krylov matrices. The
    conditions s^T (U Y1_k - Y2_k U) = 0 for random s (at least 3 d2 of them) are linear in u:
    (M_k^T S - T_k) u = 0 with M_k = K1^-1 Y1_k K1, S and T_k the Krylov rows of s and Y2_k^T s under
    A2^T."""
    if outer:
        Y1 = [np.fmod(p - Y.T, p) for Y in Y1]
    d, d2 = Y1[0].shape[0], Y2[0].shape[0]
    rng = np.random.default_rng(seed + 7)
    A1 = np.fmod(sum((int(ck) % p) * Y for ck, Y in zip(c, Y1)), p)
    A2 = np.fmod(sum((int(ck) % p) * Y for ck, Y in zip(c, Y2)), p)
    for _ in range(3):
        v = rng.integers(0, p, size=d).astype(np.float64)
        K1 = krylov(A1, v, p)
        K1inv = inverse_mod(K1, p)
        if K1inv is not None:
            break
    else:
        return None
    Ms = [mulmod(mulmod(K1inv, Y, p), K1, p) for Y in Y1]
    rows = []
    for _ in range(max(2, -(-3 * d2 // (len(Y1) * d)))):  # at least 3 d2 conditions on d2 unknowns
        s = rng.integers(0, p, size=d2).astype(np.float64)
        S = krylov(A2.T.copy(), s, p, d).T  # row j < d: s^T A2^j
        for M, Y_2 in zip(Ms, Y2):
            T = krylov(A2.T.copy(), np.fmod(Y_2.T @ s, p), p, d).T
            rows.append(np.fmod(mulmod(M.T, S, p) - T + p, p))
    out = []
    for u in null_space_dense_mod(np.concatenate(rows), p).T:
        U = mulmod(krylov(A2, u.astype(np.float64), p, d), K1inv, p)
        for Y_1, Y_2 in zip(Y1, Y2):
            if np.any(np.fmod(mulmod(U, Y_1, p) - mulmod(Y_2, U, p) + p, p) != 0):
                return None
        out.append(U)
    return out


def krylov(A: np.ndarray, v: np.ndarray, p: int, m: int | None = None) -> np.ndarray:
    """Columns v, A v, ..., A^(m-1) v modulo p, m = d by default (exact: d < 2^11 products below 2^42
    per sum)."""
    d = A.shape[0]
    m = d if m is None else m
    out = np.empty((d, m))
    x = np.fmod(v, p)
    for j in range(m):
        out[:, j] = x
        x = np.fmod(A @ x, p)
    return out


def inverse_mod(M: np.ndarray, p: int) -> np.ndarray | None:
    from liealg.kernels.dense import eliminate_panel

    d = M.shape[0]
    aug = np.concatenate([M.astype(np.int64) % p, np.eye(d, dtype=np.int64)], axis=1)
    rank, pivots = eliminate_panel(aug, p)
    if rank < d or np.any(pivots[:d] >= d):
        return None
    inv = np.empty((d, d))
    inv[pivots[:d]] = aug[:d, d:]
    return inv


def commutant_dim_mod(Ys: list[np.ndarray], p: int, seed: int, cyclic: bool) -> int:
    """dim {U : U Y_k = Y_k U for every k} modulo p: from a cyclic vector of a random combination where
    one may exist (`cyclic`: no part repeats), otherwise from a spanning set of words in the Y_k."""
    d = Ys[0].shape[0]
    if d == 1:
        return 1
    if cyclic:
        rng = np.random.default_rng(seed + 11)
        c = rng.integers(1, 64, size=len(Ys))
        basis = hom_basis(Ys, Ys, c, p, False, seed)
        if basis is not None:
            return len(basis)
    return hom_words(Ys, p, seed)


def hom_words(Ys: list[np.ndarray], p: int, seed: int) -> int:
    """dim End_g(V) modulo p from words: V is spanned by vectors w(Y) v_r (words w applied to a few
    random roots v_r); an endomorphism U is fixed by the images u_r = U v_r, U w(Y) v_r = w(Y) u_r, and
    the conditions U Y_k b = Y_k U b on the spanning basis b are linear in the u_r. Random combinations
    of the conditions (three times as many as unknowns) give a superset of the solutions; each basis
    solution is then checked in full, and a failure refuses."""
    from liealg.kernels.dense import eliminate_panel

    d = Ys[0].shape[0]
    K = len(Ys)
    rng = np.random.default_rng(seed + 13)
    cols: list[np.ndarray] = []  # spanning basis vectors b_t
    origin: list[tuple] = []  # (root r,) or (parent t, generator k)
    roots = 0

    def independent(cands: np.ndarray) -> list[int]:
        M = np.concatenate([np.array(cols).T if cols else np.zeros((d, 0)), cands], axis=1)
        E = np.ascontiguousarray(M.astype(np.int64) % p)
        rank, piv = eliminate_panel(E, p)
        piv = piv[:rank].tolist()
        return [c - len(cols) for c in piv if c >= len(cols)]

    frontier: list[int] = []
    while len(cols) < d:
        if not frontier:
            v = rng.integers(0, p, size=d).astype(np.float64)
            if not independent(v[:, None]):
                continue
            cols.append(v)
            origin.append((roots,))
            roots += 1
            frontier = [len(cols) - 1]
            continue
        cands, whence = [], []
        for t in frontier:
            for k in range(K):
                cands.append(np.fmod(Ys[k] @ cols[t], p))
                whence.append((t, k))
        keep = independent(np.array(cands).T)
        frontier = []
        for i in keep:
            if len(cols) == d:
                break
            cols.append(np.fmod(cands[i] + p, p))
            origin.append(whence[i])
            frontier.append(len(cols) - 1)
    B = np.array(cols).T  # d x d, invertible
    Binv = inverse_mod(B, p)
    if Binv is None:
        raise UncertifiedError("the spanning words are not a basis modulo a prime")
    unknowns = roots * d
    need = 8 * d * d * unknowns  # Phi below: one d x unknowns map per spanning vector
    if need > memory_budget():
        raise SizeLimitError(f"module maps from words on a block of {d} states need {memory_text(need)}, over "
                             f"the memory limit {memory_text(memory_budget())}")
    Phi = np.zeros((d, d, unknowns))  # Phi[t]: U b_t as a linear map of the unknowns
    depth = np.zeros(d, dtype=int)
    for t, o in enumerate(origin):
        if len(o) == 1:
            Phi[t][:, o[0] * d:(o[0] + 1) * d] = np.eye(d)
        else:
            depth[t] = depth[o[0]] + 1
    for level in range(1, int(depth.max()) + 1):  # one product per level and generator
        for k in range(K):
            kids = [t for t in np.flatnonzero(depth == level) if origin[t][1] == k]
            if not kids:
                continue
            par = [origin[t][0] for t in kids]
            stack = Phi[par].transpose(1, 0, 2).reshape(d, -1)  # (d, kids * unknowns)
            Phi[kids] = mulmod(Ys[k], stack, p).reshape(d, len(kids), unknowns).transpose(1, 0, 2)
    Ms = [mulmod(mulmod(Binv, Y, p), B, p) for Y in Ys]
    Phi_flat = Phi.reshape(d, d * unknowns)
    rows = []
    reps = max(1, -(-3 * unknowns // (d * K)))
    for _ in range(reps):
        for k in range(K):
            a = rng.integers(0, p, size=d).astype(np.float64)
            beta = np.fmod(Ms[k] @ a, p)  # U Y_k (sum_t a_t b_t) = sum_s beta_s U b_s
            lhs = np.fmod(beta @ Phi_flat, p).reshape(d, unknowns)
            rhs = mulmod(Ys[k], np.fmod(a @ Phi_flat, p).reshape(d, unknowns), p)
            rows.append(np.fmod(lhs - rhs + 2 * p, p))
    sols = null_space_dense_mod(np.concatenate(rows).astype(np.int64), p)
    if sols.shape[1]:  # every solution checked in full, all at once
        Ub = np.fmod(np.tensordot(Phi, sols.astype(np.float64), axes=(2, 0)), p)  # (t, row, solution)
        s_ = sols.shape[1]
        Us = mulmod(Binv.T, Ub.reshape(d, d * s_), p).reshape(d, d, s_).transpose(2, 1, 0)  # U = Ub Binv
        for Y in Ys:
            left = mulmod(Us.reshape(s_ * d, d), Y, p).reshape(s_, d, d)
            right = mulmod(Y, Us.transpose(1, 0, 2).reshape(d, s_ * d), p).reshape(d, s_, d).transpose(1, 0, 2)
            if np.any(np.fmod(left - right + 2 * p, p) != 0):
                raise UncertifiedError("a module map from the reduced conditions fails the full check")
    return sols.shape[1]
