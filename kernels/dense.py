"""Dense elimination over GF(p) on rows of integers (the dense-block sector engine's inner loop).

Rows are int64 arrays with entries in [0, p), p < 2^31 (products of two entries fit in int64).
The block products around this kernel (reducing a batch against earlier panels, brackets)
are BLAS calls in Python; what is left, eliminating a batch of m candidate rows among
themselves, is O(m^2 L) scalar work and lives here.
"""

import numpy as np

from ._jit import njit
from .sums import inverse_mod


@njit(cache=True)
def eliminate_panel(rows, p):
    """Reduced row echelon form of `rows` (m x L, modified in place) over GF(p), p < 2^21.

    Returns (k, pivots): the first k rows are the nonzero reduced rows, each with a 1 in its
    pivot column pivots[t] and 0 in the other rows' pivot columns; rows k.. are garbage.
    Reduction is lazy: an update row -= f * pivot_row (f, pivot_row < p < 2^21) moves an entry by
    under 2^42, so m <= 2^20 updates stay within int64 before a row is reduced mod p, which happens
    once, when the row is read (as the next pivot row, or for a multiplier) and at the end.
    """
    m, L = rows.shape
    pivots = np.empty(m, dtype=np.int64)
    k = 0
    for i in range(m):
        if i != k:
            for c in range(L):
                rows[k, c] = rows[i, c]
        col = -1
        for c in range(L):
            v = rows[k, c] % p
            rows[k, c] = v
            if v != 0 and col < 0:
                col = c
        if col < 0:
            continue
        inv = inverse_mod(rows[k, col], p)
        for c in range(col, L):
            rows[k, c] = rows[k, c] * inv % p
        # clear the pivot column in the earlier pivot rows, and in the rows still to come
        for t in range(k):
            f = rows[t, col] % p
            if f != 0:
                for c in range(col, L):
                    rows[t, c] -= f * rows[k, c]
        for t in range(i + 1, m):
            f = rows[t, col] % p
            if f != 0:
                for c in range(col, L):
                    rows[t, c] -= f * rows[k, c]
        pivots[k] = col
        k += 1
    for t in range(k):
        for c in range(L):
            rows[t, c] = rows[t, c] % p
    return k, pivots[:k]
