"""Hermitian matrices as Pauli sums, exactly, by a fast Walsh-Hadamard-type transform.

For P(x, z) = i^{|x&z|} X^x Z^z, <a|P|b> = i^{|x&z|} (-1)^{z.b} [a = b xor x], so
the coefficient of P in H is

    c(x, z) = 2^-n (-i)^{|x&z|} sum_b (-1)^{z.b} H[b xor x, b],

one Walsh-Hadamard transform over b for every x: O(n 4^n) time, no products
of Pauli matrices. Basis index bit n-1-j is qubit j (qubit 0 most significant,
as in `PauliString.to_matrix`).

Every float64 is a dyadic rational, so `pauli_decompose` runs the transform on
exact integers (the entries times a common power of two) and returns exact
rational coefficients: no term is lost to a threshold, however small it is
relative to the others. The Hermitian part (H + H^dag)/2 is taken, and a matrix
whose anti-Hermitian part exceeds 1e-10 of its largest entry is refused.
Coefficients at the rounding level of the entries (below ROUNDING_LEVEL times
the largest entry) cannot be told from noise of a floating-point computation:
they are refused unless the caller names a relative cut (`drop_below`).
"""

from __future__ import annotations

import math
import os
from fractions import Fraction

import numpy as np

from liealg.errors import GeneratorFileError
from liealg.sums import PauliSum

MAX_QUBITS = 10
#: Coefficients below this fraction of the largest matrix entry are at float64 rounding level.
ROUNDING_LEVEL = 64 * np.finfo(float).eps
#: Widest span of binary exponents among the nonzero entries of one matrix.
MAX_EXPONENT_SPAN = 4096
#: Largest .npy file read.
MAX_NPY_BYTES = 1 << 30


def _walsh_hadamard(v: np.ndarray) -> np.ndarray:
    """Unnormalized WHT along the last axis (length 2^n), vectorized butterflies (any dtype, object too)."""
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


def _popcount(v: np.ndarray) -> np.ndarray:
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(v)
    return np.vectorize(lambda t: bin(int(t)).count("1"))(v)


def pauli_coefficients(h: np.ndarray) -> np.ndarray:
    """Complex float array c[x, z] with H = sum c[x, z] P(x, z) (x, z in matrix-index bit order)."""
    dim = h.shape[0]
    b = np.arange(dim)
    x = np.arange(dim)
    gathered = h[b[None, :] ^ x[:, None], b[None, :]]          # [x, b] = H[b ^ x, b]
    w = _walsh_hadamard(gathered)                               # [x, z]
    overlap = _popcount(x[:, None] & b[None, :])
    return w * ((-1j) ** (overlap % 4)) / dim


def _as_integers(a: np.ndarray, name: str) -> tuple[np.ndarray, int]:
    """(I, E) with a = I * 2^E exactly, I an object array of Python ints."""
    nz = a[a != 0]
    if nz.size == 0:
        return np.zeros(a.shape, dtype=object), 0
    _, exps = np.frexp(nz)
    low, high = int(exps.min()) - 53, int(exps.max())
    if high - low > MAX_EXPONENT_SPAN:
        raise ValueError(f"{name}: entries span more than 2^{MAX_EXPONENT_SPAN} in magnitude")
    mant, e = np.frexp(a)
    ints = (mant * 2.0 ** 53).astype(np.int64).astype(object)
    shift = (e.astype(np.int64) - 53 - low).astype(object)
    return np.where(a != 0, ints * (2 ** shift), 0), low


def _exact_coefficients(h: np.ndarray, name: str):
    """Exact (real parts, imaginary parts, exponent E, n) with c[x, z] = (re + i im) 2^E / 2^n."""
    dim = h.shape[0]
    re_i, e_re = _as_integers(np.ascontiguousarray(h.real), name)
    im_i, e_im = _as_integers(np.ascontiguousarray(h.imag), name)
    low = min(e_re, e_im)
    re_i = re_i * 2 ** (e_re - low)
    im_i = im_i * 2 ** (e_im - low)
    b = np.arange(dim)
    rows = b[None, :] ^ b[:, None]
    wr = _walsh_hadamard(re_i[rows, b[None, :]])
    wi = _walsh_hadamard(im_i[rows, b[None, :]])
    phase = _popcount(b[:, None] & b[None, :]) % 4  # c = (-i)^phase (wr + i wi) / dim
    # (-i)^k (a + ib): k=0: a+ib; k=1: b-ia; k=2: -a-ib; k=3: -b+ia
    cr = np.select([phase == 0, phase == 1, phase == 2], [wr, wi, -wr], -wi)
    ci = np.select([phase == 0, phase == 1, phase == 2], [wi, -wr, -wi], wr)
    return cr, ci, low


def _to_float(i: int, exp: int) -> float:
    """i * 2^exp as a float, without overflow in the conversion of a large i."""

    s = max(0, i.bit_length() - 60)
    return math.ldexp(float(i >> s), s + exp)


def _reverse_bits(v: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros_like(v)
    for j in range(n):
        out |= ((v >> (n - 1 - j)) & 1) << j
    return out


def pauli_decompose(h: np.ndarray, *, drop_below: float | None = None, name: str = "matrix") -> PauliSum:
    """Hermitian matrix -> PauliSum with exact rational coefficients (identity part dropped: a global phase).

    drop_below: drop coefficients smaller than this fraction of the largest one (None: keep
    every term, and refuse coefficients at the rounding level of the entries).

    >>> str(pauli_decompose(np.array([[1, 1], [1, -1]])))
    'Z + X'
    >>> g = pauli_decompose(np.diag([2e-12, 0, 0, 0]))   # tiny terms are kept, exactly
    >>> g.strings.labels(), float(g.coeffs[0])
    (['ZI', 'IZ', 'ZZ'], 5e-13)
    """
    h = np.asarray(h)
    if h.dtype == object or not (np.issubdtype(h.dtype, np.number) or h.dtype == bool):
        raise ValueError(f"{name}: entries must be numbers, not {h.dtype}")
    if h.ndim != 2 or h.shape[0] != h.shape[1] or h.shape[0] & (h.shape[0] - 1) or h.shape[0] < 2:
        raise ValueError(f"{name}: expected a 2^n x 2^n matrix, got shape {h.shape}")
    n = h.shape[0].bit_length() - 1
    if n > MAX_QUBITS:
        raise ValueError(f"{name}: {n} qubits; matrix input is limited to {MAX_QUBITS}")
    h = h.astype(complex)
    if not np.all(np.isfinite(h)):
        raise ValueError(f"{name}: has non-finite entries")
    scale = float(np.abs(h).max())
    if scale == 0:
        raise ValueError(f"{name}: is zero, not a generator")
    cr, ci, low = _exact_coefficients(h, name)
    cr[0, 0] = ci[0, 0] = 0  # identity: a global phase
    dim = 1 << n
    big = max(abs(int(v)) for v in cr.ravel())
    if _to_float(max(abs(int(v)) for v in ci.ravel()), low - n) > 1e-10 * scale:
        raise ValueError(f"{name}: not Hermitian (generators must be Hermitian)")
    xs, zs = np.nonzero(cr != 0)
    if xs.size == 0:
        raise ValueError(f"{name}: is a multiple of the identity (a global phase), not a generator")
    mags = np.array([_to_float(abs(int(cr[x, z])), low - n) for x, z in zip(xs, zs)])
    if drop_below is not None:
        keep = np.array([abs(int(cr[x, z])) >= drop_below * big for x, z in zip(xs, zs)], dtype=bool)
        xs, zs = xs[keep], zs[keep]
    else:
        tiny = mags <= ROUNDING_LEVEL * scale
        if tiny.any():
            raise ValueError(f"{name}: {int(tiny.sum())} Pauli coefficient(s) at float64 rounding level "
                             f"(below {ROUNDING_LEVEL:.1e} of the largest entry, e.g. {mags[tiny].max():.1e}) "
                             f"cannot be told from noise; round the matrix or pass drop_below "
                             f"(--drop-below) to cut them")
    keys = np.stack([_reverse_bits(xs, n), _reverse_bits(zs, n)], axis=1).astype(np.uint64)
    factor = Fraction(2) ** low / dim
    coeffs = [int(cr[x, z]) * factor for x, z in zip(xs, zs)]
    gen = PauliSum(n, keys, coeffs)
    if len(gen) == 0:
        raise ValueError(f"{name}: no coefficient is left above drop_below={drop_below}")
    return gen


def generators_from_matrices(mats, *, source: str = "<matrices>", drop_below: float | None = None) -> list[PauliSum]:
    """A (k, 2^n, 2^n) stack (or list) of Hermitian matrices -> PauliSums (see `pauli_decompose`)."""
    mats = np.asarray(mats)
    if mats.ndim == 2:
        mats = mats[None]
    if mats.ndim != 3 or mats.shape[0] == 0 or mats.size == 0:
        raise ValueError(f"{source}: expected a non-empty (k, 2^n, 2^n) stack of matrices, got shape {mats.shape}")
    return [pauli_decompose(m, drop_below=drop_below, name=f"{source}: matrix {i}") for i, m in enumerate(mats)]


def read_matrix_generators(path: str | os.PathLike, drop_below: float | None = None) -> list[PauliSum]:
    """Generators from a .npy file holding a (k, 2^n, 2^n) stack of Hermitian matrices."""
    path = os.fspath(path)
    try:
        if os.path.getsize(path) > MAX_NPY_BYTES:
            raise GeneratorFileError(path, None, None, f"larger than {MAX_NPY_BYTES >> 20} MiB")
        mats = np.load(path, allow_pickle=False)
    except FileNotFoundError:
        raise GeneratorFileError(path, None, None, "no such file") from None
    except (ValueError, OSError, EOFError) as exc:  # EOFError: an empty or truncated file
        raise GeneratorFileError(path, None, None, f"not a readable .npy array ({exc or 'empty file'})") from None
    try:
        return generators_from_matrices(mats, source=path, drop_below=drop_below)
    except ValueError as exc:
        msg = str(exc)
        msg = msg[len(path) + 2:] if msg.startswith(path + ": ") else msg
        raise GeneratorFileError(path, None, None, msg) from None
