"""Bit operations on packed Pauli strings.

A Pauli string on n qubits is a row of 2W uint64 words, W = ceil(n/64): words
[0, W) hold the X mask and words [W, 2W) the Z mask; qubit j is bit j % 64 of
word j // 64. Letters: I=(0,0), X=(1,0), Z=(0,1), Y=(1,1). An (m, 2W) array is
a list of m strings. Every function here is a pure numba kernel over such arrays.

The product phase uses the single-qubit rule XY = iZ, YZ = iX, ZX = iY: the
phase of P*Q is i^(c - a) where c (a) counts qubits whose letter pair is in
cyclic (anti-cyclic) order. Two strings anticommute iff the symplectic form
popcount(x1 & z2 ^ z1 & x2) is odd.
"""

import numpy as np

from ._jit import njit

_M1 = np.uint64(0x5555555555555555)
_M2 = np.uint64(0x3333333333333333)
_M4 = np.uint64(0x0F0F0F0F0F0F0F0F)
_H01 = np.uint64(0x0101010101010101)


def popcounts(v: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 of an array, as int64 (numpy's popcount where it has one; for the
    numpy twins of pure-Python mode)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(v).astype(np.int64)
    v = v - ((v >> np.uint64(1)) & _M1)
    v = (v & _M2) + ((v >> np.uint64(2)) & _M2)
    v = (v + (v >> np.uint64(4))) & _M4
    return ((v * _H01) >> np.uint64(56)).astype(np.int64)


@njit(cache=True, inline="always")
def popcount64(v):
    """Number of set bits of a uint64 (SWAR; LLVM lowers it to popcnt)."""
    v = v - ((v >> np.uint64(1)) & _M1)
    v = (v & _M2) + ((v >> np.uint64(2)) & _M2)
    v = (v + (v >> np.uint64(4))) & _M4
    return np.int64((v * _H01) >> np.uint64(56))


@njit(cache=True, inline="always")
def parity64(v):
    """Parity (0 or 1) of the set bits of a uint64."""
    v ^= v >> np.uint64(32)
    v ^= v >> np.uint64(16)
    v ^= v >> np.uint64(8)
    v ^= v >> np.uint64(4)
    v ^= v >> np.uint64(2)
    v ^= v >> np.uint64(1)
    return np.int64(v & np.uint64(1))


@njit(cache=True, inline="always")
def anticommute_rows(a, b, w):
    """True iff the packed strings a and b (1-D rows of 2w words) anticommute."""
    acc = np.uint64(0)
    for k in range(w):
        acc ^= (a[k] & b[w + k]) ^ (a[w + k] & b[k])
    return parity64(acc) == 1


@njit(cache=True, inline="always")
def product_phase_rows(a, b, w):
    """Power k in {0,1,2,3} with P_a P_b = i^k P_(a xor b)."""
    cyc = np.int64(0)
    acyc = np.int64(0)
    for k in range(w):
        x1 = a[k]
        z1 = a[w + k]
        x2 = b[k]
        z2 = b[w + k]
        X1 = x1 & ~z1
        Y1 = x1 & z1
        Z1 = ~x1 & z1
        X2 = x2 & ~z2
        Y2 = x2 & z2
        Z2 = ~x2 & z2
        cyc += popcount64((X1 & Y2) | (Y1 & Z2) | (Z1 & X2))
        acyc += popcount64((Y1 & X2) | (Z1 & Y2) | (X1 & Z2))
    return (cyc - acyc) & 3


@njit(cache=True)
def anticommutes_with(keys, row):
    """Boolean vector: does keys[i] anticommute with the single string row?"""
    m = keys.shape[0]
    w = keys.shape[1] // 2
    out = np.empty(m, dtype=np.bool_)
    for i in range(m):
        out[i] = anticommute_rows(keys[i], row, w)
    return out


@njit(cache=True)
def anticommutation_matrix(keys):
    """Symmetric boolean matrix A[i, j] = keys[i] and keys[j] anticommute."""
    m = keys.shape[0]
    w = keys.shape[1] // 2
    out = np.zeros((m, m), dtype=np.bool_)
    for i in range(m):
        for j in range(i + 1, m):
            if anticommute_rows(keys[i], keys[j], w):
                out[i, j] = True
                out[j, i] = True
    return out


@njit(cache=True)
def multiply(keys_a, phases_a, keys_b, phases_b):
    """Elementwise product of two equally long lists of phased strings.

    Returns (keys, phases) with phases as powers of i modulo 4.
    """
    m = keys_a.shape[0]
    w = keys_a.shape[1] // 2
    keys = np.empty_like(keys_a)
    phases = np.empty(m, dtype=np.uint8)
    for i in range(m):
        for k in range(2 * w):
            keys[i, k] = keys_a[i, k] ^ keys_b[i, k]
        ph = product_phase_rows(keys_a[i], keys_b[i], w)
        phases[i] = np.uint8((ph + phases_a[i] + phases_b[i]) & 3)
    return keys, phases


@njit(cache=True)
def commutator(keys_a, keys_b):
    """Elementwise [P_a, P_b] = c * P_(a xor b) for unphased strings.

    c is 0 when the strings commute and 2 i^k (k odd, so +-2i) otherwise;
    returned as (keys, factor) with factor in {0, +1, -1} meaning 0, +2i, -2i.
    """
    m = keys_a.shape[0]
    w = keys_a.shape[1] // 2
    keys = np.empty_like(keys_a)
    factor = np.zeros(m, dtype=np.int8)
    for i in range(m):
        for k in range(2 * w):
            keys[i, k] = keys_a[i, k] ^ keys_b[i, k]
        if anticommute_rows(keys_a[i], keys_b[i], w):
            ph = product_phase_rows(keys_a[i], keys_b[i], w)
            factor[i] = 1 if ph == 1 else -1
    return keys, factor


@njit(cache=True)
def weights(keys):
    """Number of non-identity letters of each string."""
    m = keys.shape[0]
    w = keys.shape[1] // 2
    out = np.zeros(m, dtype=np.int64)
    for i in range(m):
        for k in range(w):
            out[i] += popcount64(keys[i, k] | keys[i, w + k])
    return out
