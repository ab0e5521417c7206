"""Structure of a DLA: center, derived algebra, simple ideals and their types.

A DLA of anti-Hermitian operators is compact, hence reductive:
g = z(g) + [g, g] with [g, g] semisimple and the Hilbert-Schmidt inner product
ad-invariant. The semisimple part is classified through its roots: for a
random H in [g, g] the centralizer h is a Cartan subalgebra (its dimension is
the rank), the eigenvalues of ad_H are i*alpha(H), and evaluating ad on h
gives every root alpha as a vector in h* (h orthonormal, so the inner product
is the dot product, proportional to the Killing form on each simple ideal).
Roots split into irreducible systems (connected by non-orthogonal pairs);
each gives one simple ideal, typed by (rank, number of roots, root lengths):

    A_r su(r+1)    B_r so(2r+1)   C_r sp(r)    D_r so(2r)   E6 E7 E8 F4 G2

Conventions: sp(N) is the compact symplectic algebra of dimension N(2N+1)
(sp(1) = su(2)). Low-rank coincidences are named once: A1 = B1 = C1 is su(2),
B2 = C2 is sp(2) (= so(5)), D3 = A3 is su(4) (= so(6)); so(4) = su(2) + su(2)
appears as two ideals, since D2 is not irreducible.

Numerical linear algebra (float64) on the adjoint representation, limited to
dim <= MAX_DIM; the centers of Pauli-string algebras are exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from liealg.decomposition import Decomposition, SimpleIdeal, ideals_from_roots
from liealg.errors import SizeLimitError
from liealg.kernels import structure as _kst
from liealg.pauli import PauliList
from liealg.sectors.blocks import entries
from liealg.structure import representation
from liealg.structure.representation import decompose_rep
from liealg.sums import PauliSum, approximate

MAX_DIM = 2500
_TOL = 1e-8








# --- structure constants ---------------------------------------------------------
def structure_constants(alg):
    """Sparse f with [b_i, b_j] = sum_k f_ijk b_k as COO arrays (i, j, k, values).

    For Pauli algebras b_i = iP_i (the sorted basis strings) and the values are
    +-2, exactly. Otherwise b_i is the orthonormal basis `orthonormal_basis(alg)`.
    """
    return _structure_constants(alg, orthonormal_basis(alg))


def _structure_constants(alg, basis):
    """Structure constants in `basis` = orthonormal_basis(alg), computed by the caller once."""
    if alg.is_pauli_algebra:
        i, j, k, v, closed = _kst.string_structure_constants(basis[0])
        if not closed:  # pragma: no cover - a closure always returns a closed basis
            raise AssertionError("basis not closed under commutators")
        return i, j, k, v
    return _dense_structure_constants(alg, basis)


def orthonormal_basis(alg) -> tuple[np.ndarray, np.ndarray]:
    """(column keys (ncols, 2W), Q (dim, ncols)) with Q's rows orthonormal coefficient vectors."""
    if alg.is_pauli_algebra:
        keys = alg.basis.keys
        return keys, np.eye(alg.dim)
    rows = alg.basis_sums()
    keys = np.unique(np.concatenate([h.keys for h in rows]), axis=0)
    lookup = {k.tobytes(): c for c, k in enumerate(keys)}
    mat = np.zeros((len(rows), len(keys)))
    for r, h in enumerate(rows):
        for k, c in zip(h.keys, h.float_coeffs):
            mat[r, lookup[k.tobytes()]] = c
    q, _ = np.linalg.qr(mat.T)
    return keys, q.T


def _dense_structure_constants(alg, basis):
    keys, Q = basis
    n = alg.n_qubits
    d = Q.shape[0]
    strings = PauliList(keys, n)
    lookup = {k.tobytes(): c for c, k in enumerate(keys)}
    # commutators of the column strings, as a sparse map (a, b) -> (c, sign)
    anti = strings.anticommutation_matrix()
    a_idx, b_idx = np.nonzero(anti)
    prods = (strings[a_idx] * strings[b_idx]) if len(a_idx) else None
    if prods is None:
        return (np.zeros(0, int),) * 3 + (np.zeros(0),)
    target = np.array([lookup.get(k.tobytes(), -1) for k in prods.keys])
    sign = np.where(prods.phases == 1, -2.0, 2.0)
    # a product outside the columns cancels in every commutator of basis elements (g is closed)
    inside = target >= 0
    a_idx, b_idx, target, sign = a_idx[inside], b_idx[inside], target[inside], sign[inside]
    # f_ijk = sum_p sign_p Q[i, a_p] Q[j, b_p] Q[k, t_p]: group the pairs by a, form
    # A_a[j, k] = sum_{p: a_p = a} sign_p Q[j, b_p] Q[k, t_p], then f = Q @ A (one BLAS product
    # a block of i at a time)
    order = np.argsort(a_idx, kind="stable")
    a_s, b_s, t_s, s_s = a_idx[order], b_idx[order], target[order], sign[order]
    starts = np.searchsorted(a_s, np.arange(len(keys) + 1))
    need = len(keys) * d * d * 8
    if need > 2 << 30:
        raise SizeLimitError(f"structure constants of this sum algebra (dim {d}, {len(keys):,} strings) "
                             f"need {need / 2**30:.0f} GB")
    A = np.zeros((len(keys), d * d))
    for a in range(len(keys)):
        lo, hi = starts[a], starts[a + 1]
        if hi > lo:
            A[a] = ((Q[:, b_s[lo:hi]] * s_s[lo:hi]) @ Q[:, t_s[lo:hi]].T).reshape(-1)
    out_i, out_j, out_k, out_v = [], [], [], []
    block = max(1, int(2e7 // max(d * d, 1)))
    for i0 in range(0, d, block):
        f = (Q[i0:i0 + block] @ A).reshape(-1, d, d)
        f[np.abs(f) <= 1e-12] = 0.0
        ii, jj, kk = np.nonzero(f)
        keep = ii + i0 != jj
        out_i.append(ii[keep] + i0)
        out_j.append(jj[keep])
        out_k.append(kk[keep])
        out_v.append(f[ii[keep], jj[keep], kk[keep]])
    return (np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_k), np.concatenate(out_v))


def choose_route(alg) -> str:
    """How `decompose` analyses a closed algebra: "pauli" (structure constants from Pauli products;
    exact centers for Pauli algebras) or "matrix-representation" (`liealg.structure.representation`: the algebra's
    action on the whole space, block by block), whichever costs less. Pauli products cost about
    (strings) x dim^3 flops and strings x dim^2 memory; the representation about 16 L dim^2 flops for
    L = sum of the squared block sizes."""
    if alg.is_pauli_algebra:
        return "pauli"
    if getattr(alg, "sector", None) is not None:
        alg.require_whole_space("a structure analysis")
    registry = getattr(alg, "registry", None)
    strings = getattr(registry, "ncols", None)
    if not alg.has_basis:  # block matrices (dense or irreducible blocks): no Pauli basis at hand
        strings = float("inf")
    elif strings is None:
        return "pauli"

    try:
        L = entries(alg.generators)
    except Exception:  # noqa: BLE001 - no block representation (e.g. too many qubits): the Pauli route
        return "pauli"
    if 16.0 * L < float(strings) * alg.dim or (alg.dim > MAX_DIM and L * alg.dim * 16 <= representation.MAX_BYTES):
        return "matrix-representation"
    return "pauli"


def _check_size(alg) -> None:
    if alg.dim > MAX_DIM:
        raise SizeLimitError(f"structure analysis works up to dim {MAX_DIM}; this algebra has {alg.dim:,}")


# --- center ------------------------------------------------------------------------
def center(alg) -> list[PauliSum]:
    """A basis of the center {X in g : [X, g] = 0}.

    Pauli algebras (exact): an element commutes with a string P iff all its
    strings anticommuting with P have coefficient 0 (their products with P are
    distinct strings), so the center is spanned by the basis strings that
    commute with every generator string. Otherwise: null space of
    X -> ([X, g_1], ..., [X, g_K]) in floating point.
    """
    if alg.is_pauli_algebra:
        basis = alg.basis
        gens = PauliList(np.concatenate([g.keys for g in alg.generators]), alg.n_qubits)
        anti = np.zeros(len(basis), dtype=bool)
        for g in gens:
            anti |= ~basis.commutes_with(g)
        return [PauliSum.from_terms([(1, p)], alg.n_qubits) for p in basis[~anti]]
    keys, Q = basis = orthonormal_basis(alg)
    coo = _structure_constants(alg, basis)
    out = []
    for vec in _center_coords(alg, coo, Q, keys).T:
        coeffs = vec @ Q
        nz = np.flatnonzero(np.abs(coeffs) > 1e-10)
        out.append(PauliSum(alg.n_qubits, keys[nz], approximate(coeffs[nz])))
    return out


def ad_matrix(coo, x: np.ndarray, d: int) -> np.ndarray:
    """Matrix of ad_X for X = sum_i x_i b_i, from COO structure constants."""
    i, j, k, v = coo
    out = np.zeros((d, d), dtype=np.result_type(x, float))
    np.add.at(out, (k, j), x[i] * v)
    return out


def _generator_coords(alg, Q, keys) -> np.ndarray:
    lookup = {kk.tobytes(): c for c, kk in enumerate(keys)}
    coords = []
    for g in alg.generators:
        vec = np.zeros(len(keys))
        for kk, c in zip(g.keys, g.float_coeffs):
            vec[lookup[kk.tobytes()]] = c
        coords.append(Q @ vec)
    return np.array(coords)


def _center_coords(alg, coo, Q, keys) -> np.ndarray:
    """Orthonormal columns spanning the center, as the common kernel of ad_{g_k}."""
    d = alg.dim
    gram = np.zeros((d, d))
    for x in _generator_coords(alg, Q, keys):
        a = ad_matrix(coo, x, d)
        gram += a.T @ a
    return _null_space(gram)


def _null_space(mat: np.ndarray) -> np.ndarray:
    """Orthonormal basis (columns) of the null space of mat, relative tolerance _TOL."""
    if mat.size == 0:
        return np.eye(mat.shape[1])
    _, s, vt = np.linalg.svd(mat, full_matrices=True)
    scale = s[0] if s.size and s[0] > 0 else 1.0
    rank = int(np.sum(s > _TOL * scale))
    return vt[rank:].T


# --- decomposition -------------------------------------------------------------------
def decompose(alg, seed: int = 0, route: str = "auto") -> Decomposition:
    """Center dimension and simple ideals (type, dim, rank) of the algebra; `route` is "auto" (the
    cheaper of the two, see `route`), "pauli" or "matrix-representation".

    >>> import liealg
    >>> str(decompose(liealg.lie_closure(["XX", "ZI", "IZ"])))
    '2 × su(2)'
    """
    known = getattr(alg, "decomposition", None)
    if known is not None and route == "auto":
        return known
    return _analyse(alg, seed, with_bases=False, route=route)[0]


@dataclass
class IdealBases:
    """Orthonormal bases of the center and of each simple ideal, in the coordinates of
    `orthonormal_basis(alg)` = (keys, Q): column t of W is the element i * sum_c (W[:, t] @ Q)[c] P_c."""

    keys: np.ndarray
    Q: np.ndarray
    center: np.ndarray  # (dim, center_dim)
    ideals: list[tuple[SimpleIdeal, np.ndarray]]  # (ideal, (dim, ideal.dim))


def ideal_bases(alg, seed: int = 0) -> IdealBases:
    """The center and the simple ideals as subspaces (dim <= MAX_DIM), e.g. for g-purities."""
    return _analyse(alg, seed, with_bases=True)[1]


def _analyse(alg, seed: int, with_bases: bool, route: str = "auto"):
    if route not in ("auto", "pauli", "matrix-representation"):
        raise ValueError(f"unknown structure route {route!r}: use auto, pauli or matrix-representation")
    if route == "auto":
        route = "pauli" if with_bases else choose_route(alg)
    if route == "matrix-representation":
        if with_bases:
            raise ValueError("ideal bases come from the Pauli route")

        return decompose_rep(alg.generators, alg.dim, seed=seed), None
    _check_size(alg)
    rng = np.random.default_rng(seed)
    d = alg.dim
    keys, Q = basis = orthonormal_basis(alg)
    coo = _structure_constants(alg, basis)
    z = _center_coords(alg, coo, Q, keys)
    center_dim = z.shape[1]
    # semisimple part: orthogonal complement of the center (the HS form is invariant)
    s_basis = _null_space(z.T) if center_dim else np.eye(d)
    r = s_basis.shape[1]
    if r == 0:
        return Decomposition([], center_dim, d, rank=center_dim), IdealBases(keys, Q, z, [])
    H = s_basis @ rng.normal(size=r)
    ad_H = ad_matrix(coo, H, d)
    restricted = ad_H if center_dim == 0 else s_basis.T @ ad_H @ s_basis
    h_coords = _null_space(restricted)
    cartan = h_coords if center_dim == 0 else s_basis @ h_coords  # (d, rank), orthonormal columns
    rank = cartan.shape[1]
    evals, evecs = np.linalg.eig(restricted)
    scale = np.abs(evals).max()
    keep = (np.abs(evals) > 1e-7 * scale) & (evals.imag > 0)  # one of each +-alpha pair
    U = evecs[:, keep] if center_dim == 0 else s_basis @ evecs[:, keep]
    norms = np.einsum("ij,ij->j", U.conj(), U).real
    # alpha(h_t) from <u, ad_{h_t} u> / <u, u> for an orthonormal basis h_t of the Cartan subalgebra
    roots = np.array([(U.conj() * (ad_matrix(coo, c, d) @ U)).sum(axis=0).imag / norms for c in cartan.T]).T
    ideals, comps = ideals_from_roots(roots.reshape(-1, rank), rank)
    dec = Decomposition(ideals, int(center_dim), int(d), rank=int(rank + center_dim))
    if not with_bases:
        return dec, None
    spaces = []
    for ideal, comp in zip(ideals, comps):
        # real and imaginary parts of the root vectors, and their brackets (the ideal's Cartan part)
        re, im = U[:, comp].real, U[:, comp].imag
        brackets = np.array([ad_matrix(coo, a, d) @ b for a, b in zip(re.T, im.T)]).T
        span = np.concatenate([re, im, brackets], axis=1)
        u, sv, _ = np.linalg.svd(span, full_matrices=False)
        W = u[:, : int(np.sum(sv > 1e-7 * sv[0]))]
        if W.shape[1] != ideal.dim:
            raise ArithmeticError(f"ideal {ideal.name}: spanned {W.shape[1]} dimensions, expected {ideal.dim}")
        spaces.append((ideal, W))
    return dec, IdealBases(keys, Q, z, spaces)




