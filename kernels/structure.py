"""Structure constants of a Lie algebra spanned by Pauli strings.

For basis strings P_i (elements iP_i), [iP_i, iP_j] = -2 i^(k-1) iP_k when
P_i P_j = i^k P_k anticommute: a sparse tensor with entries +-2.
"""

import numpy as np
from numba import njit

from .hashset import build, find_slot
from .pauli import anticommute_rows, product_phase_rows


@njit(cache=True)
def string_structure_constants(keys):
    """COO (i, j, k, value) of f with [b_i, b_j] = sum_k f_ijk b_k, i != j."""
    m = keys.shape[0]
    w = keys.shape[1] // 2
    table = build(keys)
    # slot -> basis index, found by a second table of indices in the same slots
    index = np.full(table.shape[0], -1, dtype=np.int64)
    for i in range(m):
        s, _ = find_slot(table, keys[i])
        index[s] = i
    cap = 1024
    out_i = np.empty(cap, dtype=np.int64)
    out_j = np.empty(cap, dtype=np.int64)
    out_k = np.empty(cap, dtype=np.int64)
    out_v = np.empty(cap, dtype=np.float64)
    t = 0
    scratch = np.empty(2 * w, dtype=np.uint64)
    for i in range(m):
        for j in range(m):
            if i == j or not anticommute_rows(keys[i], keys[j], w):
                continue
            for q in range(2 * w):
                scratch[q] = keys[i, q] ^ keys[j, q]
            s, found = find_slot(table, scratch)
            if not found:
                return out_i[:0], out_j[:0], out_k[:0], out_v[:0], False
            if t == cap:
                cap *= 2
                out_i = np.concatenate((out_i, np.empty(cap - t, dtype=np.int64)))
                out_j = np.concatenate((out_j, np.empty(cap - t, dtype=np.int64)))
                out_k = np.concatenate((out_k, np.empty(cap - t, dtype=np.int64)))
                out_v = np.concatenate((out_v, np.empty(cap - t, dtype=np.float64)))
            out_i[t] = i
            out_j[t] = j
            out_k[t] = index[s]
            out_v[t] = -2.0 if product_phase_rows(keys[i], keys[j], w) == 1 else 2.0
            t += 1
    return out_i[:t], out_j[:t], out_k[:t], out_v[:t], True
