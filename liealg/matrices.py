"""Hermitian matrices as Pauli sums, by a fast Walsh-Hadamard-type transform.

For P(x, z) = i^{|x&z|} X^x Z^z, <a|P|b> = i^{|x&z|} (-1)^{z.b} [a = b xor x], so
the coefficient of P in H is

    c(x, z) = 2^-n (-i)^{|x&z|} sum_b (-1)^{z.b} H[b xor x, b],

one Walsh-Hadamard transform over b for every x: O(n 4^n) time, no products
of Pauli matrices. Basis index bit n-1-j is qubit j (qubit 0 most significant,
as in `PauliString.to_matrix`).
"""

from __future__ import annotations

import os
from fractions import Fraction

import numpy as np
import sympy

from .io import GeneratorFileError
from .sums import PauliSum

MAX_QUBITS = 10


def _walsh_hadamard(v: np.ndarray) -> np.ndarray:
    """Unnormalized WHT along the last axis (length 2^n), vectorized butterflies."""
    v = v.copy()
    m, length = v.shape[0], v.shape[-1]
    h = 1
    while h < length:
        v = v.reshape(m, -1, 2, h)
        a, b = v[:, :, 0, :].copy(), v[:, :, 1, :].copy()
        v[:, :, 0, :], v[:, :, 1, :] = a + b, a - b
        v = v.reshape(m, length)
        h *= 2
    return v


def pauli_coefficients(h: np.ndarray) -> np.ndarray:
    """Complex array c[x, z] with H = sum c[x, z] P(x, z) (x, z in matrix-index bit order)."""
    dim = h.shape[0]
    b = np.arange(dim)
    x = np.arange(dim)
    gathered = h[b[None, :] ^ x[:, None], b[None, :]]          # [x, b] = H[b ^ x, b]
    w = _walsh_hadamard(gathered)                               # [x, z]
    overlap = np.bitwise_count(x[:, None] & b[None, :]) if hasattr(np, "bitwise_count") else \
        np.vectorize(lambda v: bin(v).count("1"))(x[:, None] & b[None, :])
    return w * ((-1j) ** (overlap % 4)) / dim


def _reverse_bits(v: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros_like(v)
    for j in range(n):
        out |= ((v >> (n - 1 - j)) & 1) << j
    return out


def pauli_decompose(h: np.ndarray, *, atol: float = 1e-10, name: str = "matrix") -> PauliSum:
    """Hermitian matrix -> PauliSum (identity part dropped: a global phase).

    Coefficients within atol * max|c| of a fraction with denominator <= 10^6
    become exact rationals (so the exact closure applies), others stay floats.

    >>> str(pauli_decompose(np.array([[1, 1], [1, -1]])))
    'X + Z'
    """
    h = np.asarray(h)
    if h.ndim != 2 or h.shape[0] != h.shape[1] or h.shape[0] & (h.shape[0] - 1) or h.shape[0] < 2:
        raise ValueError(f"{name}: expected a 2^n x 2^n matrix, got shape {h.shape}")
    n = h.shape[0].bit_length() - 1
    if n > MAX_QUBITS:
        raise ValueError(f"{name}: {n} qubits; matrix input is limited to {MAX_QUBITS}")
    if not np.all(np.isfinite(h)):
        raise ValueError(f"{name}: has non-finite entries")
    scale = max(np.abs(h).max(), 1e-300)
    if not np.allclose(h, h.conj().T, atol=atol * scale, rtol=0):
        raise ValueError(f"{name}: not Hermitian (generators must be Hermitian)")
    c = pauli_coefficients(h.astype(complex))
    c[0, 0] = 0  # identity: a global phase
    keep = np.abs(c) > atol * scale
    xs, zs = np.nonzero(keep)
    vals = c[xs, zs].real
    cmax = np.abs(vals).max() if vals.size else 0.0
    keys = np.stack([_reverse_bits(xs, n), _reverse_bits(zs, n)], axis=1).astype(np.uint64)
    coeffs = []
    for v in vals:
        frac = Fraction(float(v)).limit_denominator(10 ** 6)
        coeffs.append(sympy.Rational(frac.numerator, frac.denominator)
                      if abs(float(frac) - v) <= 1e-12 * max(cmax, 1.0) else sympy.Float(float(v)))
    gen = PauliSum(n, keys, coeffs)
    if len(gen) == 0:
        raise ValueError(f"{name}: is a multiple of the identity (a global phase), not a generator")
    return gen


def generators_from_matrices(mats, *, source: str = "<matrices>") -> list[PauliSum]:
    """A (k, 2^n, 2^n) stack (or list) of Hermitian matrices -> PauliSums."""
    mats = np.asarray(mats)
    if mats.ndim == 2:
        mats = mats[None]
    if mats.ndim != 3 or mats.shape[0] == 0:
        raise ValueError(f"{source}: expected a stack of square matrices, got shape {mats.shape}")
    return [pauli_decompose(m, name=f"{source}: matrix {i}") for i, m in enumerate(mats)]


def read_matrix_generators(path: str | os.PathLike) -> list[PauliSum]:
    """Generators from a .npy file holding a (k, 2^n, 2^n) stack of Hermitian matrices."""
    path = os.fspath(path)
    try:
        mats = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise GeneratorFileError(path, None, None, "no such file") from None
    except (ValueError, OSError) as exc:
        raise GeneratorFileError(path, None, None, f"not a readable .npy array ({exc})") from None
    try:
        return generators_from_matrices(mats, source=path)
    except ValueError as exc:
        msg = str(exc)
        msg = msg[len(path) + 2:] if msg.startswith(path + ": ") else msg
        raise GeneratorFileError(path, None, None, msg) from None
