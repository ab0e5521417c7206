"""Statevector kernels: Pauli strings and Pauli rotations applied without matrices.

A Pauli string on n <= 62 qubits is (x, z, ny): the X and Z masks as integers
(qubit j is bit j, and basis index b has qubit j in bit j) and ny the number of
Y letters, so P = i^ny X^x Z^z and (P psi)[b ^ x] = i^ny (-1)^popcount(b & z) psi[b].
States are complex128 arrays of shape (2^n,) or (2^n, k) for k states at once.
"""

import numpy as np

from ._jit import njit
from .pauli import popcount64


@njit(cache=True, inline="always")
def _factor(b, z, ny):
    """i^ny (-1)^popcount(b & z) as a complex number."""
    sign = 1 - 2 * (popcount64(np.uint64(b & z)) & 1)
    k = ny & 3
    if k == 0:
        return complex(sign, 0.0)
    if k == 1:
        return complex(0.0, sign)
    if k == 2:
        return complex(-sign, 0.0)
    return complex(0.0, -sign)


@njit(cache=True)
def apply_pauli_add(psi, out, x, z, ny, coeff):
    """out += coeff * P psi, for psi and out of shape (2^n, k)."""
    dim, k = psi.shape
    for b in range(dim):
        f = coeff * _factor(b, z, ny)
        t = b ^ x
        for c in range(k):
            out[t, c] += f * psi[b, c]


@njit(cache=True)
def rotate(psi, x, z, ny, angle):
    """psi <- exp(-i angle P) psi in place, psi of shape (2^n, k)."""
    dim, k = psi.shape
    c = np.cos(angle)
    s = np.sin(angle)
    if x == 0:
        for b in range(dim):
            g = c - 1j * s * _factor(b, z, ny)
            for j in range(k):
                psi[b, j] *= g
        return
    for b in range(dim):
        t = b ^ x
        if t < b:
            continue
        fb = -1j * s * _factor(b, z, ny)  # P maps b -> t with factor _factor(b)
        ft = -1j * s * _factor(t, z, ny)  # and t -> b with factor _factor(t)
        for j in range(k):
            vb = psi[b, j]
            vt = psi[t, j]
            psi[b, j] = c * vb + ft * vt
            psi[t, j] = c * vt + fb * vb


@njit(cache=True)
def expectations(psi, xs, zs, nys):
    """<psi|P_m|psi> for each string m (real parts; the strings are Hermitian)."""
    dim = psi.shape[0]
    out = np.zeros(len(xs))
    for m in range(len(xs)):
        acc = 0.0 + 0.0j
        x, z, ny = xs[m], zs[m], nys[m]
        for b in range(dim):
            acc += np.conj(psi[b ^ x]) * _factor(b, z, ny) * psi[b]
        out[m] = acc.real
    return out
