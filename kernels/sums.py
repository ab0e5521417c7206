"""Sparse Pauli sums: column registry, commutators and echelon reduction over GF(p).

An algebra element sum_j c_j iP_j is a sparse row over *columns*: every Pauli
string met during a closure gets a column id (the order of first appearance)
in a registry made of `col_keys` (ncols, 2W) and a key hash table mapping a
string to its id. With the anti-Hermitian basis iP the bracket is integral:
[iP, iQ] = -2 i^(k-1) iR when PQ = i^k R anticommute (k odd); the common
factor 2 is dropped (it does not change spans), leaving a sign
s = -1 for k = 1 and s = +1 for k = 3.

Echelon form: each basis row's pivot is its largest column and the row is
scaled so the pivot coefficient is 1. Reducing a vector pops its largest
column from a max-heap; subtracting a row only adds smaller columns, so one
sweep leaves a residual free of pivots (or zero). Primes are below 2^31 so
products of two residues fit in int64.
"""

import numpy as np

from ._jit import njit
from .hashset import hash_row, hash_rows, row_keys, table_size
from .pauli import anticommute_rows, popcounts, product_phase_rows


# --- column registry -------------------------------------------------------
@njit(cache=True, inline="always")
def _find(table, col_keys, row):
    """Slot whose id names `row`, or the empty slot (-1 id) where it would go."""
    mask = np.uint64(table.shape[0] - 1)
    s = hash_row(row) & mask
    width = row.shape[0]
    while True:
        e = table[s]
        if e < 0:
            return s
        same = True
        for k in range(width):
            if col_keys[e, k] != row[k]:
                same = False
                break
        if same:
            return s
        s = (s + np.uint64(1)) & mask


@njit(cache=True)
def registry_new(width, capacity):
    """Empty registry: (id table, column keys) for about `capacity` strings."""
    return np.full(table_size(capacity), -1, dtype=np.int64), np.zeros((max(capacity, 16), width), dtype=np.uint64)


@njit(cache=True)
def registry_ids(table, col_keys, ncols, rows):
    """Column ids of `rows`, registering new ones; returns (ids, table, col_keys, ncols)."""
    ids = np.empty(rows.shape[0], dtype=np.int64)
    for i in range(rows.shape[0]):
        s = _find(table, col_keys, rows[i])
        if table[s] < 0:
            if ncols == col_keys.shape[0]:
                bigger = np.zeros((2 * col_keys.shape[0], col_keys.shape[1]), dtype=np.uint64)
                bigger[:ncols] = col_keys[:ncols]
                col_keys = bigger
            col_keys[ncols] = rows[i]
            table[s] = ncols
            ncols += 1
            if 2 * ncols > table.shape[0]:
                table = np.full(2 * table.shape[0], -1, dtype=np.int64)
                for c in range(ncols):
                    table[_find(table, col_keys, col_keys[c])] = c
            s = _find(table, col_keys, rows[i])
        ids[i] = table[s]
    return ids, table, col_keys, ncols


def _lookup_numpy(table, col_keys, rows):
    """The column id of every row at once, -1 where it is not registered: linear probing in lockstep."""
    mask = np.uint64(table.shape[0] - 1)
    slot = hash_rows(rows) & mask
    ids = np.full(rows.shape[0], -1, dtype=np.int64)
    active = np.arange(rows.shape[0])
    while active.shape[0]:
        e = table[slot[active].astype(np.int64)]
        full = e >= 0
        same = np.zeros(active.shape[0], dtype=bool)
        same[full] = (col_keys[e[full]] == rows[active[full]]).all(axis=1)
        ids[active[same]] = e[same]
        active = active[full & ~same]
        slot[active] = (slot[active] + np.uint64(1)) & mask
    return ids


def _insert_numpy(table, col_keys, start, stop):
    """Put columns start..stop-1 into the table (linear probing from each hash), in order."""
    mask = table.shape[0] - 1
    for c, h in zip(range(start, stop), (hash_rows(col_keys[start:stop]) & np.uint64(mask)).tolist()):
        while table[h] >= 0:
            h = (h + 1) & mask
        table[h] = c


@registry_ids.vectorized
def _registry_ids_numpy(table, col_keys, ncols, rows):
    ids = _lookup_numpy(table, col_keys, rows)
    missing = np.flatnonzero(ids < 0)
    if missing.shape[0]:
        new = rows[missing]
        _, first, inverse = np.unique(row_keys(new), return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # new strings get ids in the order they first appear
        rank = np.empty(order.shape[0], dtype=np.int64)
        rank[order] = np.arange(order.shape[0])
        fresh = new[first[order]]
        if ncols + fresh.shape[0] > col_keys.shape[0]:
            bigger = np.zeros((max(2 * col_keys.shape[0], ncols + fresh.shape[0]), col_keys.shape[1]), dtype=np.uint64)
            bigger[:ncols] = col_keys[:ncols]
            col_keys = bigger
        col_keys[ncols:ncols + fresh.shape[0]] = fresh
        ids[missing] = ncols + rank[inverse.ravel()]
        start, ncols = ncols, ncols + fresh.shape[0]
        if 2 * ncols > table.shape[0]:
            size = table.shape[0]
            while 2 * ncols > size:
                size *= 2
            table = np.full(size, -1, dtype=np.int64)
            start = 0
        _insert_numpy(table, col_keys, start, ncols)
    return ids, table, col_keys, ncols


@njit(cache=True)
def registry_lookup(table, col_keys, rows):
    """Column id of each row, or -1 when the string was never registered."""
    out = np.empty(rows.shape[0], dtype=np.int64)
    for i in range(rows.shape[0]):
        out[i] = table[_find(table, col_keys, rows[i])]
    return out


@registry_lookup.vectorized
def _registry_lookup_numpy(table, col_keys, rows):
    return _lookup_numpy(table, col_keys, rows)


# --- commutators -------------------------------------------------------------
@njit(cache=True)
def commutator_products(a_cols, b_cols, col_keys):
    """All anticommuting pairs of two sparse rows.

    Returns (ia, ib, keys, sign): term a_cols[ia] times b_cols[ib] gives the
    string keys[t] with sign[t] in {+1, -1}; the caller multiplies values,
    registers the keys and merges equal columns.
    """
    w = col_keys.shape[1] // 2
    n_a, n_b = a_cols.shape[0], b_cols.shape[0]
    cap = n_a * n_b
    ia = np.empty(cap, dtype=np.int64)
    ib = np.empty(cap, dtype=np.int64)
    sign = np.empty(cap, dtype=np.int64)
    keys = np.empty((cap, 2 * w), dtype=np.uint64)
    t = 0
    for i in range(n_a):
        ka = col_keys[a_cols[i]]
        for j in range(n_b):
            kb = col_keys[b_cols[j]]
            if anticommute_rows(ka, kb, w):
                for k in range(2 * w):
                    keys[t, k] = ka[k] ^ kb[k]
                sign[t] = -1 if product_phase_rows(ka, kb, w) == 1 else 1
                ia[t] = i
                ib[t] = j
                t += 1
    return ia[:t], ib[:t], keys[:t], sign[:t]


@commutator_products.vectorized
def _commutator_products_numpy(a_cols, b_cols, col_keys):
    w = col_keys.shape[1] // 2
    ka, kb = col_keys[a_cols], col_keys[b_cols]
    acc = np.zeros((ka.shape[0], kb.shape[0]), dtype=np.uint64)
    for k in range(w):
        acc ^= (ka[:, None, k] & kb[None, :, w + k]) ^ (ka[:, None, w + k] & kb[None, :, k])
    ia, ib = np.nonzero(popcounts(acc) & 1)  # row-major: the loops' order
    a, b = ka[ia], kb[ib]
    x1, z1, x2, z2 = a[:, :w], a[:, w:], b[:, :w], b[:, w:]
    big_x1, big_y1, big_z1 = x1 & ~z1, x1 & z1, ~x1 & z1
    big_x2, big_y2, big_z2 = x2 & ~z2, x2 & z2, ~x2 & z2
    cyc = popcounts((big_x1 & big_y2) | (big_y1 & big_z2) | (big_z1 & big_x2)).sum(axis=1)
    acyc = popcounts((big_y1 & big_x2) | (big_z1 & big_y2) | (big_x1 & big_z2)).sum(axis=1)
    sign = np.where((cyc - acyc) & 3 == 1, -1, 1).astype(np.int64)
    return ia.astype(np.int64), ib.astype(np.int64), a ^ b, sign


@njit(cache=True)
def merge_mod(cols, vals, p):
    """Sum values of equal columns mod p; drop zeros; columns sorted descending."""
    order = np.argsort(-cols, kind="mergesort")
    out_c = np.empty(cols.shape[0], dtype=np.int64)
    out_v = np.empty(cols.shape[0], dtype=np.int64)
    m = 0
    i = 0
    while i < order.shape[0]:
        c = cols[order[i]]
        acc = 0
        while i < order.shape[0] and cols[order[i]] == c:
            acc = (acc + vals[order[i]]) % p
            i += 1
        if acc != 0:
            out_c[m] = c
            out_v[m] = acc
            m += 1
    return out_c[:m], out_v[:m]


@merge_mod.vectorized
def _merge_mod_numpy(cols, vals, p):
    uniq, inverse = np.unique(cols, return_inverse=True)
    acc = np.zeros(uniq.shape[0], dtype=np.int64)
    np.add.at(acc, inverse.ravel(), vals % p)  # residues below 2^31: no int64 overflow below 2^32 terms
    acc %= p
    keep = np.flatnonzero(acc[::-1])
    return uniq[::-1][keep].astype(np.int64), acc[::-1][keep]


@njit(cache=True)
def product_values_mod(a_vals, b_vals, ia, ib, sign, p):
    out = np.empty(ia.shape[0], dtype=np.int64)
    for t in range(ia.shape[0]):
        v = (a_vals[ia[t]] * b_vals[ib[t]]) % p
        out[t] = v if sign[t] > 0 else (p - v) % p
    return out


@product_values_mod.vectorized
def _product_values_mod_numpy(a_vals, b_vals, ia, ib, sign, p):
    v = (a_vals[ia] * b_vals[ib]) % p
    return np.where(sign > 0, v, (p - v) % p).astype(np.int64)


# --- echelon form over GF(p) ----------------------------------------------------
@njit(cache=True)
def inverse_mod(a, p):
    """a^(-1) mod p by the extended Euclidean algorithm (p prime, a != 0 mod p)."""
    t, new_t = 0, 1
    r, new_r = p, a % p
    while new_r != 0:
        q = r // new_r
        t, new_t = new_t, t - q * new_t
        r, new_r = new_r, r - q * new_r
    return t % p


@njit(cache=True)
def _heap_push(heap, size, c):
    i = size
    heap[i] = c
    while i > 0:
        parent = (i - 1) >> 1
        if heap[parent] >= heap[i]:
            break
        heap[parent], heap[i] = heap[i], heap[parent]
        i = parent
    return size + 1


@njit(cache=True)
def _heap_pop(heap, size):
    top = heap[0]
    size -= 1
    heap[0] = heap[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        big = left
        if left + 1 < size and heap[left + 1] > heap[left]:
            big = left + 1
        if heap[i] >= heap[big]:
            break
        heap[i], heap[big] = heap[big], heap[i]
        i = big
    return top, size


@njit(cache=True)
def reduce_mod(cols, vals, pivot_row, row_ptr, pool_cols, pool_vals, p, acc, in_heap, heap, normalize):
    """Residual of (cols, vals) modulo the echelon rows; scaled to leading value 1 if normalize.

    pivot_row[c] is the row whose pivot is column c or -1; row r occupies
    pool[row_ptr[r]:row_ptr[r+1]] in descending column order, pivot first.
    acc, in_heap and heap are scratch arrays of length >= ncols, all zero.
    Returns (cols, vals) descending, empty when the vector is in the span.
    """
    size = 0
    for t in range(cols.shape[0]):
        c = cols[t]
        acc[c] = (acc[c] + vals[t]) % p
        if not in_heap[c]:
            in_heap[c] = True
            size = _heap_push(heap, size, c)
    out_c = np.empty(16, dtype=np.int64)
    out_v = np.empty(16, dtype=np.int64)
    m = 0
    while size > 0:
        c, size = _heap_pop(heap, size)
        in_heap[c] = False
        v = acc[c]
        acc[c] = 0
        if v == 0:
            continue
        r = pivot_row[c]
        if r < 0:
            if m == out_c.shape[0]:
                out_c = np.concatenate((out_c, np.empty(m, dtype=np.int64)))
                out_v = np.concatenate((out_v, np.empty(m, dtype=np.int64)))
            out_c[m] = c
            out_v[m] = v
            m += 1
            continue
        for k in range(row_ptr[r] + 1, row_ptr[r + 1]):
            cc = pool_cols[k]
            acc[cc] = (acc[cc] + (p - v) * pool_vals[k]) % p
            if not in_heap[cc]:
                in_heap[cc] = True
                size = _heap_push(heap, size, cc)
    if m > 0 and normalize:
        inv = inverse_mod(out_v[0], p)
        for t in range(m):
            out_v[t] = (out_v[t] * inv) % p
    return out_c[:m], out_v[:m]
