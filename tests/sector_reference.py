"""An independent dense reference for sector algebras (small n): full 2^n matrices, the sector's
projector from the symmetry operators themselves, an orthonormal basis of its range by SVD, and a
float closure of the projected generators with scale-aware rank decisions."""

import numpy as np


def _perm(n, f):
    N = 2 ** n
    P = np.zeros((N, N))
    for b in range(N):
        bits = [(b >> (n - 1 - q)) & 1 for q in range(n)]  # qubit 0 is the most significant bit
        c = sum(bit << (n - 1 - q) for q, bit in enumerate(f(bits)))
        P[c, b] = 1
    return P


def sector_space(n, weight=None, zparity=None, flip=None, momentum=None, reflection=None):
    N = 2 ** n
    weights = np.array([bin(b).count("1") for b in range(N)])
    P = np.eye(N, dtype=complex)
    if weight is not None:
        P = P @ np.diag((weights == weight).astype(float))
    if zparity is not None:
        P = P @ np.diag(((-1.0) ** weights == zparity).astype(float))
    if flip is not None:
        P = P @ (np.eye(N) + flip * _perm(n, lambda b: [1 - x for x in b])) / 2
    if reflection is not None:
        P = P @ (np.eye(N) + reflection * _perm(n, lambda b: b[::-1])) / 2
    if momentum is not None:
        T = _perm(n, lambda b: [b[(q - 1) % n] for q in range(n)])  # qubit q -> q+1
        w = np.exp(2j * np.pi * momentum / n)
        P = P @ sum(w ** (-j) * np.linalg.matrix_power(T, j) for j in range(n)) / n
    U, s, _ = np.linalg.svd(P)
    return U[:, s > 0.5]


def sector_dla_dim(gens, **sector):
    """(dim V, dim g_V) by dense float linear algebra."""
    return closure_on(gens, sector_space(gens[0].n, **sector))


def closure_on(gens, V):
    """(dim V, dim g_V) for the invariant subspace spanned by the orthonormal columns of V."""
    d = V.shape[1]
    mats = [V.conj().T @ (1j * g.to_matrix()) @ V for g in gens]
    basis = []

    def add(M):
        v = M.reshape(-1)
        nv = np.linalg.norm(v)
        if nv < 1e-12:
            return False
        v = v / nv
        if basis:
            B = np.array(basis)
            for _ in range(2):
                v = v - (B.conj() @ v) @ B
        if np.linalg.norm(v) > 1e-8:
            basis.append(v / np.linalg.norm(v))
            return True
        return False

    frontier = [basis[-1].reshape(d, d) for m in mats if add(m)]
    while frontier:
        new = []
        for X in frontier:
            for G in mats:
                C = G @ X - X @ G
                if np.linalg.norm(C) < 1e-10 * np.linalg.norm(G) * np.linalg.norm(X):
                    continue  # cancels to rounding noise
                if add(C):
                    new.append(basis[-1].reshape(d, d))
        frontier = new
    return d, len(basis)
