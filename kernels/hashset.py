"""Open-addressing hash set of packed Pauli strings.

`table` is a (size, 2W) uint64 array, size a power of two, holding the keys
themselves so that a lookup touches one cache line instead of two. The
all-zero row (the identity string) marks an empty slot: the identity is never
an element of a Pauli-string closure (a product of two anticommuting strings
is never the identity), and callers must not insert it. Linear probing; the
caller keeps the load factor at most 1/2 with `grow`, so probes stay short.
"""

import numpy as np

from ._jit import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


@njit(cache=True, inline="always")
def hash_row(row):
    """splitmix64 finalizer folded over the words of a row."""
    h = np.uint64(0)
    for k in range(row.shape[0]):
        h = (h ^ row[k]) + _GOLDEN
        h = (h ^ (h >> np.uint64(30))) * _MIX1
        h = (h ^ (h >> np.uint64(27))) * _MIX2
        h = h ^ (h >> np.uint64(31))
    return h


def hash_rows(rows: np.ndarray) -> np.ndarray:
    """`hash_row` of every row of an (m, width) array at once (numpy; for the numpy twins)."""
    h = np.zeros(rows.shape[0], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(rows.shape[1]):
            h = (h ^ rows[:, k]) + _GOLDEN
            h = (h ^ (h >> np.uint64(30))) * _MIX1
            h = (h ^ (h >> np.uint64(27))) * _MIX2
            h = h ^ (h >> np.uint64(31))
    return h


def row_keys(rows: np.ndarray) -> np.ndarray:
    """One comparable value per packed row (numpy; for sorting, `unique` and `searchsorted` in the numpy
    twins): the word itself for one-word rows, else the row's bytes."""
    rows = np.ascontiguousarray(rows)
    if rows.shape[1] == 1:
        return rows[:, 0]
    return rows.view(np.dtype((np.void, 8 * rows.shape[1]))).ravel()


@njit(cache=True, inline="always")
def find_slot(table, row):
    """(slot, found): the slot holding `row`, or the empty slot where it would go."""
    mask = np.uint64(table.shape[0] - 1)
    s = hash_row(row) & mask
    width = table.shape[1]
    while True:
        same = True
        empty = True
        for k in range(width):
            t = table[s, k]
            if t != row[k]:
                same = False
            if t != 0:
                empty = False
        if same:
            return s, True
        if empty:
            return s, False
        s = (s + np.uint64(1)) & mask


@njit(cache=True)
def table_size(capacity_hint):
    """Slots for capacity_hint keys at load factor <= 1/2: a power of two, at least 16."""
    size = 16
    while size < 2 * capacity_hint:
        size *= 2
    return size


@njit(cache=True)
def new_table(capacity_hint, width):
    """Empty table with at least 2 * capacity_hint slots (a power of two)."""
    return np.zeros((table_size(capacity_hint), width), dtype=np.uint64)


@njit(cache=True)
def grow(table, rows, count):
    """A table twice as large holding rows[0:count] (distinct, non-identity)."""
    out = np.zeros((2 * table.shape[0], table.shape[1]), dtype=np.uint64)
    for i in range(count):
        s, _ = find_slot(out, rows[i])
        out[s] = rows[i]
    return out


@njit(cache=True)
def build(rows):
    """Table holding the (non-identity) rows."""
    table = new_table(rows.shape[0], rows.shape[1])
    for i in range(rows.shape[0]):
        s, _ = find_slot(table, rows[i])
        table[s] = rows[i]
    return table


@njit(cache=True)
def contains(table, queries):
    """Boolean vector: is each query row in the table?"""
    out = np.empty(queries.shape[0], dtype=np.bool_)
    for i in range(queries.shape[0]):
        _, out[i] = find_slot(table, queries[i])
    return out
