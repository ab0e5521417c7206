"""Linear algebra over F_2 on bit-packed rows (numba kernels).

A vector of F_2^m is a row of ceil(m/64) uint64 words, bit j of word j // 64
holding coordinate j. These kernels serve the anticommutation-graph classifier:
radicals of the commutation form, kernels of the map from generator subsets to
Pauli strings, the Arf invariant of a quadratic form, and greedy bases.
"""

import numpy as np

from ._jit import njit
from .pauli import parity64, popcount64


def pack(mat: np.ndarray) -> np.ndarray:
    """Pack a boolean (r, m) matrix into (r, ceil(m/64)) uint64 rows."""
    mat = np.asarray(mat, dtype=bool)
    r, m = mat.shape
    w = max(1, (m + 63) // 64)
    padded = np.zeros((r, w * 64), dtype=bool)
    padded[:, :m] = mat
    return np.packbits(padded, axis=1, bitorder="little").view("<u8").astype(np.uint64).reshape(r, w)


def unpack(rows: np.ndarray, m: int) -> np.ndarray:
    """Inverse of pack: (r, w) uint64 rows to a boolean (r, m) matrix."""
    rows = np.ascontiguousarray(rows, dtype="<u8")
    bits = np.unpackbits(rows.view(np.uint8).reshape(len(rows), -1), axis=1, bitorder="little")
    return bits[:, :m].astype(bool)


@njit(cache=True, inline="always")
def _bit(row, j):
    return (row[j >> 6] >> np.uint64(j & 63)) & np.uint64(1)


@njit(cache=True)
def eliminate(rows, order, track_words):
    """Gaussian elimination of rows[order[0]], rows[order[1]], ... in that order.

    Returns (independent, combo): independent[i] tells whether rows[i] is
    independent of the rows before it in `order`; for a dependent row,
    combo[i] is the set (a bit row over original indices, track_words wide)
    of earlier independent rows summing to it.
    """
    m, w = rows.shape
    independent = np.zeros(m, dtype=np.bool_)
    combo = np.zeros((m, track_words), dtype=np.uint64)
    piv_rows = np.zeros((len(order), w), dtype=np.uint64)
    piv_comb = np.zeros((len(order), track_words), dtype=np.uint64)
    piv_col = np.zeros(len(order), dtype=np.int64)
    npiv = 0
    r = np.empty(w, dtype=np.uint64)
    c = np.empty(track_words, dtype=np.uint64)
    for t in range(len(order)):
        i = order[t]
        r[:] = rows[i]
        c[:] = 0
        for p in range(npiv):
            if _bit(r, piv_col[p]):
                for k in range(w):
                    r[k] ^= piv_rows[p, k]
                for k in range(track_words):
                    c[k] ^= piv_comb[p, k]
        col = -1
        for k in range(w):
            if r[k]:
                v = r[k]
                b = 0
                while not (v >> np.uint64(b)) & np.uint64(1):
                    b += 1
                col = k * 64 + b
                break
        if col < 0:
            combo[i] = c
            continue
        independent[i] = True
        c[i >> 6] ^= np.uint64(1) << np.uint64(i & 63)
        piv_rows[npiv] = r
        piv_comb[npiv] = c
        piv_col[npiv] = col
        npiv += 1
    return independent, combo


@njit(cache=True)
def quadratic(adj, x):
    """q(x) = |x| + #edges inside x (mod 2): the form with q(e_i) = 1 polarizing to A."""
    m = adj.shape[0]
    count = 0
    inner = 0
    for i in range(m):
        if _bit(x, i):
            count += 1
            for k in range(adj.shape[1]):
                inner += popcount64(adj[i, k] & x[k])
    return (count + inner // 2) & 1


@njit(cache=True)
def arf(adj):
    """Arf invariant of q on V / rad(A), assuming q vanishes on the radical.

    Symplectic Gram-Schmidt on the unit vectors: pick a hyperbolic pair (e, f),
    add q(e) q(f), project the rest onto the orthogonal complement of the pair.
    """
    m, w = adj.shape
    vec = np.zeros((m, w), dtype=np.uint64)
    img = adj.copy()  # img[i] = A vec[i]
    qv = np.ones(m, dtype=np.int64)
    for i in range(m):
        vec[i, i >> 6] = np.uint64(1) << np.uint64(i & 63)
    active = np.ones(m, dtype=np.bool_)
    total = 0
    for i in range(m):
        if not active[i]:
            continue
        active[i] = False
        j = -1
        for t in range(i + 1, m):
            if active[t] and _dot(vec[i], img[t], w):
                j = t
                break
        if j < 0:
            continue  # radical direction
        active[j] = False
        total ^= qv[i] & qv[j]
        for t in range(i + 1, m):
            if not active[t]:
                continue
            a = _dot(vec[t], img[j], w)  # Omega(v_t, f)
            b = _dot(vec[t], img[i], w)  # Omega(v_t, e)
            if a or b:
                qv[t] ^= (a & qv[i]) ^ (b & qv[j]) ^ (a & b)  # q(v + a e + b f), Omega(e, f) = 1
                for k in range(w):
                    if a:
                        vec[t, k] ^= vec[i, k]
                        img[t, k] ^= img[i, k]
                    if b:
                        vec[t, k] ^= vec[j, k]
                        img[t, k] ^= img[j, k]
    return total


@njit(cache=True, inline="always")
def _dot(u, v, w):
    acc = np.uint64(0)
    for k in range(w):
        acc ^= u[k] & v[k]
    return parity64(acc)


@njit(cache=True)
def rref(rows):
    """Reduced row echelon form of bit-packed rows over F_2: (the nonzero reduced rows, their pivot
    columns), pivots ascending (a row's pivot is its lowest set coordinate). O(cols * r + rank * r * w)."""
    r, w = rows.shape
    mat = rows.copy()
    pivots = np.empty(r, dtype=np.int64)
    rank = 0
    for col in range(w * 64):
        if rank == r:
            break
        word = col >> 6
        bit = np.uint64(1) << np.uint64(col & 63)
        piv = -1
        for i in range(rank, r):
            if mat[i, word] & bit:
                piv = i
                break
        if piv < 0:
            continue
        if piv != rank:
            for k in range(w):
                mat[rank, k], mat[piv, k] = mat[piv, k], mat[rank, k]
        for i in range(r):
            if i != rank and mat[i, word] & bit:
                for k in range(word, w):
                    mat[i, k] ^= mat[rank, k]
        pivots[rank] = col
        rank += 1
    return mat[:rank], pivots[:rank]
