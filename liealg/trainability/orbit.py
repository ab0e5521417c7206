"""The orbit dimension R = dim g - dim{X in g : [X, rho] = 0}, exactly.

Larocca et al., "Theory of overparametrization in quantum neural networks", Nat. Comput. Sci. 3,
542 (2023): the rank of the quantum Fisher information of U(theta)|psi> is at most R, the
dimension of the orbit of rho under the dynamical Lie group, and saturates at R once the number
of parameters passes M_c. For product states the stabilizer {X : [X, rho] = 0} is computed
exactly over GF(p); otherwise in floating point with a certified gap.
"""

from __future__ import annotations

import numpy as np

from liealg.circuits.statevector import Operator, parity, pauli_masks
from liealg.closure.basis import EchelonBasis, ExplicitBasis, StringBasis
from liealg.coefficients.grammar import is_zero
from liealg.io.states import initial_state, product_state
from liealg.modp import rref_dense_mod
from liealg.structure.algebra import LieAlgebra, lie_closure
from liealg.trainability.ranks import NOISE_FLOOR


# --- the orbit dimension R -------------------------------------------------------------
def orbit_dimension(alg, state) -> int:
    """R = dim g - dim{X in g : [X, |psi><psi|] = 0}, the bound on the QFI rank.

    Exact for computational basis states and |+>^n (rational arithmetic modulo two
    primes on the vectors (1 - |psi><psi|) X |psi>); numerical (SVD, relative
    tolerance 1e-9) for other state vectors.

    >>> import liealg
    >>> alg = liealg.lie_closure(["ZZIII + IZZII + IIZZI + IIIZZ", "XIIII + IXIII + IIXII + IIIXI + IIIIX"])
    >>> alg.dim, orbit_dimension(alg, "plus")      # TFIM HVA, open chain: n^2 and floor(n^2/2)
    (25, 12)

    `alg` may also be the generators (anything `lie_closure` takes); they are closed first.
    """
    if not isinstance(alg, LieAlgebra):
        alg = lie_closure(alg)  # TypeError for what is not generators
    product = product_state(state, alg.n_qubits)
    if product is None:
        psi = initial_state(state, alg.n_qubits)
        product = _recognize_product(psi, alg.n_qubits)
    if product is not None:
        return _orbit_dimension_exact(alg, None if product == "+" else product)
    return _orbit_dimension_float(alg, psi)


def _recognize_product(psi: np.ndarray, n: int) -> str | None:
    """'+' or the bit string when psi is |+>^n or a basis state up to a global phase (to 1e-12)."""
    k = int(np.argmax(np.abs(psi)))
    v = psi * (np.conj(psi[k]) / abs(psi[k]))
    basis = np.zeros_like(v)
    basis[k] = 1
    if np.linalg.norm(v - basis) <= 1e-12:
        return format(k, f"0{n}b")
    if np.linalg.norm(v - 1 / np.sqrt(v.size)) <= 1e-12:
        return "+"
    return None


def _orbit_dimension_exact(alg, bits: str | None) -> int:
    """Basis state |bits> (or |+>^n when bits is None, by conjugating with H^n).

    Pauli algebras: counted from the strings. Sum algebras closed over GF(p): the rank, modulo
    each prime of the closure, of the vectors (1 - |psi><psi|) iX|psi> for the echelon rows X of
    the closure mod p (any coefficient field; the largest rank over the primes, which never
    exceeds the true one and equals it for all but finitely many primes). A single generator:
    exact sympy arithmetic. Float-method algebras go to the float path.
    """

    held = alg.held
    if isinstance(held, StringBasis):
        return _orbit_dimension_strings(held.strings.keys, bits is None)
    b = int(bits, 2) if bits else 0
    if isinstance(held, ExplicitBasis):  # one generator: R is 0 or 1
        h = held.elements[0]
        row = _orbit_row(h.keys, h.coeffs, alg.n_qubits, b, bits is None, lambda v: v)
        return int(any(not is_zero(v) for v in row.values() if v != 0))
    if not isinstance(held, EchelonBasis):
        return _orbit_dimension_float(alg, initial_state("plus" if bits is None else bits, alg.n_qubits))
    best = 0
    for span in held.spans:
        p = span.p
        col_of: dict = {}
        entries = []
        for r in range(span.dim):
            cols, vals = span.row(r)
            row = _orbit_row(held.registry.keys_of(cols), vals, alg.n_qubits, b, bits is None, int)
            entries.append([(col_of.setdefault(k, len(col_of)), v % p) for k, v in row.items() if v % p])
        if col_of:
            mat = np.zeros((len(entries), len(col_of)), dtype=np.int64)
            for i, row in enumerate(entries):
                for c, v in row:
                    mat[i, c] = v
            best = max(best, len(rref_dense_mod(mat, p)[1]))
    return best


def _orbit_row(keys, coeffs, n: int, b: int, plus: bool, conv) -> dict:
    """(1 - |b><b|) iH|b> for H = sum coeffs P (in the Hadamard frame when `plus`), as
    {(target basis state, real/imaginary part): coefficient}."""
    x, z, ny = pauli_masks(np.asarray(keys), n)
    if plus:  # H^n P H^n = (-1)^ny P with X and Z swapped; then act on |0...0>
        x, z = z, x
    row: dict = {}
    for xc, zc, nyc, coeff in zip(x, z, ny, coeffs):
        target = int(b ^ xc)
        if target == b:
            continue  # diagonal: |psi> is an eigenvector, projected out
        # i P |b> = i^(ny+1) (-1)^popcount(b & z) |b ^ x>  (times (-1)^ny for the Hadamard frame)
        power = int(nyc) + 1
        sign = (-1) ** (bin(b & int(zc)).count("1") + (int(nyc) if plus else 0))
        sign *= 1 if power % 4 in (0, 1) else -1
        key = (target, power % 2)
        row[key] = row.get(key, 0) + sign * conv(coeff)
    return row


def _orbit_dimension_strings(keys: np.ndarray, plus: bool) -> int:
    """For an algebra spanned by strings iP: iP|b> = phase |b ^ x>, real or imaginary as ny is odd or
    even, so R counts the distinct (x != 0, ny mod 2); for |+>^n, x is the Z mask (Hadamard frame)."""
    w = keys.shape[1] // 2
    x, z = keys[:, :w], keys[:, w:]
    flip = z if plus else x
    ny_parity = parity(np.bitwise_xor.reduce(x & z, axis=1))
    moving = np.any(flip != 0, axis=1)
    pairs = np.concatenate([flip[moving], ny_parity[moving, None]], axis=1)
    return int(len(np.unique(pairs, axis=0))) if len(pairs) else 0


def _orbit_dimension_float(alg, psi: np.ndarray) -> int:
    """Rank of the vectors (1 - |psi><psi|) iH |psi>: singular values above 1e-9 of the largest and
    above the rounding floor NOISE_FLOOR max|H| (so a state fixed by g gives 0, not noise)."""
    vecs, scale = [], 0.0
    for h in alg.basis_sums():
        scale = max(scale, float(np.abs(h.float_coeffs).sum()))
        v = 1j * Operator(h).apply(psi)
        v = v - np.vdot(psi, v) * psi
        vecs.append(np.concatenate([v.real, v.imag]))
    if not vecs:
        return 0
    s = np.linalg.svd(np.array(vecs), compute_uv=False)
    return int(np.sum(s > max(1e-9 * s[0], NOISE_FLOOR * scale)))
