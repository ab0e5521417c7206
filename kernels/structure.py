"""Structure constants of a Lie algebra spanned by Pauli strings.

For basis strings P_i (elements iP_i), [iP_i, iP_j] = -2 i^(k-1) iP_k when
P_i P_j = i^k P_k anticommute: a sparse tensor with entries +-2.
"""

import numpy as np

from ._jit import njit
from .pauli import anticommute_rows, product_phase_rows
from .sums import registry_ids, registry_lookup, registry_new


@njit(cache=True)
def string_structure_constants(keys):
    """COO (i, j, k, value) of f with [b_i, b_j] = sum_k f_ijk b_k, i != j."""
    m = keys.shape[0]
    w = keys.shape[1] // 2
    table, col_keys = registry_new(keys.shape[1], m)
    _, table, col_keys, _ = registry_ids(table, col_keys, 0, keys)  # distinct keys: id i is keys[i]
    one = np.empty((1, 2 * w), dtype=np.uint64)
    cap = 1024
    out_i = np.empty(cap, dtype=np.int64)
    out_j = np.empty(cap, dtype=np.int64)
    out_k = np.empty(cap, dtype=np.int64)
    out_v = np.empty(cap, dtype=np.float64)
    t = 0
    for i in range(m):
        for j in range(m):
            if i == j or not anticommute_rows(keys[i], keys[j], w):
                continue
            for q in range(2 * w):
                one[0, q] = keys[i, q] ^ keys[j, q]
            k = registry_lookup(table, col_keys, one)[0]
            if k < 0:
                return out_i[:0], out_j[:0], out_k[:0], out_v[:0], False
            if t == cap:
                cap *= 2
                out_i = np.concatenate((out_i, np.empty(cap - t, dtype=np.int64)))
                out_j = np.concatenate((out_j, np.empty(cap - t, dtype=np.int64)))
                out_k = np.concatenate((out_k, np.empty(cap - t, dtype=np.int64)))
                out_v = np.concatenate((out_v, np.empty(cap - t, dtype=np.float64)))
            out_i[t] = i
            out_j[t] = j
            out_k[t] = k
            out_v[t] = -2.0 if product_phase_rows(keys[i], keys[j], w) == 1 else 2.0
            t += 1
    return out_i[:t], out_j[:t], out_k[:t], out_v[:t], True
