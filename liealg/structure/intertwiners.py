"""Float commutants and intertwiners of representations given by Hermitian generator matrices.

`float_intertwiners(src, dst, X_src, X_dst)`: every T with T A = A' T for the generators (A, A') of two
representations, given the same element X of the Lie algebra in each (`hermitian_element`, a fixed random
combination of the generators and their brackets to depth 3). T maps X's eigenspaces onto the eigenspaces
of X' with the same eigenvalue, so the unknowns are those blocks only and the solve is the null space of
a small normal matrix; refused without a clear gap (null below 1e-12 of the largest eigenvalue, kept above
1e-8). `float_commutant` is the case src = dst. Schur's lemma makes these the tests of isomorphism and the
alignment of irreducible copies (`liealg.structure.isotypic`, `liealg.structure.operators`).
"""

from __future__ import annotations

import numpy as np

from liealg.errors import UncertifiedError

#: eigenvalues closer than this (relative to the spectral spread) are one cluster ...
TIE = 1e-9
#: ... and clusters must lie further apart than this
GAP = 1e-6
#: an eigenvalue of the normal matrix counts as zero below _NULL of the largest, and as nonzero above
#: _SOLID; in between the solve is refused
_NULL = 1e-12
_SOLID = 1e-8


def eigen_clusters(values: np.ndarray) -> list[np.ndarray]:
    """Indices of sorted eigenvalues in clusters, refused without a clear gap."""
    spread = max(float(values[-1] - values[0]), 1.0)
    diffs = np.diff(values) / spread
    if np.any((diffs > TIE) & (diffs < GAP)):
        raise UncertifiedError("no clear gap between eigenvalues of a generic element")
    cuts = np.flatnonzero(diffs >= GAP) + 1
    return np.split(np.arange(values.shape[0]), cuts)


def hermitian_element(blocks: list[np.ndarray], coeffs: list) -> np.ndarray:
    """The same element X of g (a fixed combination of generators and their brackets to depth 3, made
    Hermitian) in the representation whose generators act by `blocks`."""
    X = sum(c * h for c, h in zip(coeffs[0], blocks))
    brackets = []
    for (k, q), c in coeffs[1]:
        B = blocks[k] @ blocks[q] - blocks[q] @ blocks[k]
        brackets.append(B)
        X = X + c * 1j * B
    for (i, m), c in coeffs[2]:
        B = brackets[i]
        X = X + c * (B @ blocks[m] - blocks[m] @ B)
    return (X + X.conj().T) / 2


def element_coefficients(K: int, rng) -> list:
    pairs = [(k, q) for k in range(K) for q in range(k + 1, K)]
    return [rng.normal(size=K), [(p, rng.normal()) for p in pairs],
            [((i, m), rng.normal()) for i in range(len(pairs)) for m in range(K)]]


def float_commutant(mats: list[np.ndarray], X: np.ndarray) -> list[np.ndarray]:
    """An orthonormal (Frobenius) basis of {C : [A, C] = 0 for every A in mats}, for Hermitian mats, given a
    Hermitian X in the Lie algebra they generate (`float_intertwiners` from the representation to itself)."""
    return float_intertwiners(mats, mats, X, X)


def float_intertwiners(src: list[np.ndarray], dst: list[np.ndarray], X_src: np.ndarray,
                       X_dst: np.ndarray) -> list[np.ndarray]:
    """An orthonormal (Frobenius) basis of {T : T A = A' T for every pair (A, A') of src, dst}, for Hermitian
    generators of two representations and the same Hermitian element X of the algebra in each: T maps X's
    eigenspaces to the eigenspaces of X' with the same eigenvalue, so the unknowns are those blocks, and the
    solve is the null space of sum (ad')^2 on them (L(T) = A'T - TA, L^dag L(T) = A'^2 T - 2 A'TA + TA^2),
    refused without a clear gap."""
    vs, Es = np.linalg.eigh(X_src)
    vd, Ed = np.linalg.eigh(X_dst)
    cs, cd = eigen_clusters(vs), eigen_clusters(vd)
    # match clusters by eigenvalue; unmatched eigenspaces carry no intertwiner
    spread = max(float(np.ptp(np.concatenate([vs, vd]))), 1.0)
    pairs = []
    j = 0
    for c in cs:
        while j < len(cd) and vd[cd[j][0]] < vs[c[0]] - 1e-7 * spread:
            j += 1
        if j < len(cd) and abs(vd[cd[j][0]] - vs[c[0]]) <= 1e-7 * spread:
            pairs.append((cd[j], c))
    top = max(max(float(np.linalg.norm(A)) for A in src + dst), 1.0)
    if not pairs:
        return []
    # the unknowns: entries (a, b) of T in the eigenbases, a in a dst cluster, b in its matched src cluster
    a_idx = np.concatenate([np.repeat(a, len(b)) for a, b in pairs])
    b_idx = np.concatenate([np.tile(b, len(a)) for a, b in pairs])
    N = np.zeros((len(a_idx), len(a_idx)), dtype=complex)
    same_b = b_idx[:, None] == b_idx[None, :]
    same_a = a_idx[:, None] == a_idx[None, :]
    for A0, A1 in zip(src, dst):
        A = Es.conj().T @ A0 @ Es
        Ap = Ed.conj().T @ A1 @ Ed
        N += np.where(same_b, (Ap @ Ap)[np.ix_(a_idx, a_idx)], 0)
        N += np.where(same_a, (A @ A)[np.ix_(b_idx, b_idx)].T, 0)
        N -= 2 * Ap[np.ix_(a_idx, a_idx)] * A[np.ix_(b_idx, b_idx)].T
    w, V = np.linalg.eigh((N + N.conj().T) / 2)
    scale = max(float(w[-1]), top * top)
    rel = w / scale
    if np.any((rel > _NULL) & (rel < _SOLID)):
        raise UncertifiedError("no clear gap in the null space of an intertwiner's linear system")
    out = []
    for v in V[:, rel <= _NULL].T:
        Tp = np.zeros((Ed.shape[0], Es.shape[0]), dtype=complex)
        Tp[a_idx, b_idx] = v
        out.append(Ed @ Tp @ Es.conj().T)
    for T in out:
        for A0, A1 in zip(src, dst):
            if np.linalg.norm(T @ A0 - A1 @ T) > 1e-8 * top:
                raise UncertifiedError("a float intertwiner fails to intertwine")
    return out




def unitary_intertwiner(src: list[np.ndarray], dst: list[np.ndarray], X_src: np.ndarray, X_dst: np.ndarray,
                        tol: float = 1e-8) -> np.ndarray | None:
    """The unitary T with T A T^dag = A' for the generators of two irreducible representations (Schur:
    the intertwiners are one line or none), None when they are not isomorphic; refused when there is more
    than one up to scale, or the normalized one is not unitary or does not carry the action, to `tol`."""
    found = float_intertwiners(src, dst, X_src, X_dst)
    if not found:
        return None
    if len(found) != 1:
        raise UncertifiedError(f"two irreducible copies have {len(found)} independent intertwiners, not 0 or 1")
    d = src[0].shape[0]
    T = found[0] * np.sqrt(d) / np.linalg.norm(found[0])
    if np.linalg.norm(T.conj().T @ T - np.eye(d)) > tol:
        raise UncertifiedError("an intertwiner between two irreducible copies is not unitary")
    top = max(max(float(np.linalg.norm(y)) for y in dst), 1.0)
    if any(np.linalg.norm(T @ x @ T.conj().T - y) > tol * top for x, y in zip(src, dst)):
        raise UncertifiedError("two aligned irreducible copies carry different actions")
    return T
