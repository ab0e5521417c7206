"""Arithmetic in GF(p), for every exact engine.

Residues are int64 in [0, p). Here: the reduction of rationals (`to_mod`) and their
reconstruction from residues (`rational_reconstruct`, Wang's algorithm), reduced row echelon
form of dense matrices (`rref_dense_mod`), products of residue matrices by float64 BLAS in
panels that stay exact (`matmul_mod`: p < PRIME_LIMIT = 2^21, so a sum of EXACT_CHUNK = 2^11
products of two residues stays below 2^53), primes p = 1 mod m for rings with an m-th root of
unity (`sector_primes`) and those roots (`roots_mod`, `omega_table`).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from liealg.coefficients.domain import rational_residue

#: primes of the dense engine lie below this: products of two residues are below 2^42, so float64
#: BLAS sums up to 2^11 of them exactly
PRIME_LIMIT = 1 << 21


EXACT_CHUNK = 1 << 11


def matmul_mod(a: np.ndarray, b: np.ndarray, p: int) -> np.ndarray:
    """(a @ b) mod p (a residue in (-p, p)) for float64 arrays of integers in (-p, p), p < 2^21, exactly,
    with BLAS: at most 2^11 products below 2^42 are summed before each reduction."""
    k = a.shape[1]
    if k <= EXACT_CHUNK:
        out = a @ b
        return np.fmod(out, p, out=out)
    out = np.zeros((a.shape[0], b.shape[1]))
    for s in range(0, k, EXACT_CHUNK):
        out += a[:, s:s + EXACT_CHUNK] @ b[s:s + EXACT_CHUNK]
        out = np.fmod(out, p)
    return out


def sector_primes(modulus: int, count: int):
    import sympy

    p = PRIME_LIMIT
    while count:
        p = int(sympy.prevprime(p))
        if p % modulus == 1:
            yield p
            count -= 1


def omega_table(p: int, omega: int, n: int) -> np.ndarray:
    """omega^k mod p for k = 0..n-1, omega = exp(2 pi i / n) in GF(p). omega = 0 stands for a real
    sector (momentum 0 or n/2), where only omega^0 = 1 and omega^(n/2) = -1 occur."""
    if omega:
        return np.array([pow(omega, k, p) for k in range(n)], dtype=np.int64)
    return np.array([1 if k == 0 else (p - 1 if 2 * k == n else 0) for k in range(n)], dtype=np.int64)


def roots_mod(p: int, n: int) -> tuple[int, int]:
    """(i, omega) in GF(p): a square root of -1 and a primitive n-th root of unity (p = 1 mod lcm(4, n));
    n = 1 (a real sector) gives omega = 0, see `omega_table`."""
    def primitive(order: int) -> int:
        factors = _prime_factors(order)
        for a in range(2, p):
            w = pow(a, (p - 1) // order, p)
            if all(pow(w, order // q, p) != 1 for q in factors):
                return w
        raise ValueError(f"GF({p}) has no primitive {order}-th root of unity")

    return primitive(4), (primitive(n) if n > 1 else 0)


def _prime_factors(m: int) -> list[int]:
    out, q = [], 2
    while q * q <= m:
        if m % q == 0:
            out.append(q)
            while m % q == 0:
                m //= q
        q += 1
    if m > 1:
        out.append(m)
    return out


def to_mod(value, p: int) -> int:
    """A rational (Fraction, int or sympy Rational) as an element of GF(p)."""
    q = Fraction(int(value.p), int(value.q)) if hasattr(value, "q") else Fraction(value)
    return rational_residue(q, p)


def rref_dense_mod(mat: np.ndarray, p: int) -> tuple[np.ndarray, list[int]]:
    """Reduced row echelon form of a dense integer matrix modulo p (p = 2 included):
    (the nonzero rows, their pivot columns)."""
    mat = np.asarray(mat, dtype=np.int64) % p
    rank, pivots = 0, []
    rows, cols = mat.shape
    for c in range(cols):
        if rank == rows:
            break
        nz = np.flatnonzero(mat[rank:, c])
        if len(nz) == 0:
            continue
        piv = rank + nz[0]
        mat[[rank, piv]] = mat[[piv, rank]]
        mat[rank] = mat[rank] * pow(int(mat[rank, c]), p - 2, p) % p
        others = np.flatnonzero(mat[:, c])
        others = others[others != rank]
        if len(others):
            mat[others] = (mat[others] - np.outer(mat[others, c], mat[rank]) % p) % p
        pivots.append(c)
        rank += 1
    return mat[:rank], pivots


def rational_reconstruct(a: int, m: int) -> Fraction | None:
    """The fraction n/d = a mod m with |n|, d <= sqrt(m/2), if there is one."""
    bound = int((m // 2) ** 0.5)
    r0, r1 = m, a % m
    s0, s1 = 0, 1
    while r1 > bound:
        q = r0 // r1
        r0, r1 = r1, r0 - q * r1
        s0, s1 = s1, s0 - q * s1
    if s1 == 0 or abs(s1) > bound:
        return None
    frac = Fraction(r1, s1)
    if (frac.numerator - a * frac.denominator) % m != 0:
        return None
    return frac




def crt_reconstruct(residues, primes) -> Fraction | None:
    """The rational with these residues modulo the primes (CRT, then Wang's reconstruction), or None."""
    m, a = 1, 0
    for r, p in zip(residues, primes):
        t = ((int(r) - a) * pow(m, -1, p)) % p  # combine a mod m with r mod p
        a, m = a + m * t, m * p
    return rational_reconstruct(a, m)


def null_space_dense_mod(M: np.ndarray, p: int) -> np.ndarray:
    """A basis (columns) of {x : M x = 0} modulo p < 2^21, one column per free column of M's reduced form
    (1 there, 0 on the other free columns)."""
    from liealg.kernels.dense import eliminate_panel

    cols = M.shape[1]
    E = np.ascontiguousarray(M, dtype=np.int64) % p
    rank, pivots = eliminate_panel(E, p) if E.shape[0] else (0, np.zeros(0, dtype=np.int64))
    pivots = pivots.tolist()
    free = sorted(set(range(cols)) - set(pivots))
    out = np.zeros((cols, len(free)), dtype=np.int64)
    for t, f in enumerate(free):
        out[f, t] = 1
        for r, col in enumerate(pivots):
            out[col, t] = (-E[r, f]) % p
    return out


# --- null spaces of sparse systems ---------------------------------------------------------------
def csr_of(row_ids: np.ndarray, cols: np.ndarray, vals: np.ndarray, p: int):
    """Entries (row, column, value) as CSR (row_ptr, cols, vals) with duplicate entries summed mod p and
    zeros dropped; rows numbered 0..max(row_ids)."""
    n_rows = int(row_ids.max()) + 1 if row_ids.size else 0
    ncols = int(cols.max()) + 1 if cols.size else 1
    flat = row_ids.astype(np.int64) * ncols + cols.astype(np.int64)
    order = np.argsort(flat, kind="stable")
    flat, v = flat[order], np.asarray(vals, dtype=np.int64)[order] % p
    uniq, start = np.unique(flat, return_index=True)
    summed = np.add.reduceat(v, start) % p if v.size else v  # residues < 2^31: sums of < 2^32 fit
    keep = summed != 0
    uniq, summed = uniq[keep], summed[keep]
    rows = uniq // ncols
    row_ptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.add.at(row_ptr, rows + 1, 1)
    return np.cumsum(row_ptr), (uniq % ncols).astype(np.int64), summed.astype(np.int64)


def null_space_mod(row_ptr: np.ndarray, cols: np.ndarray, vals: np.ndarray, ncols: int, p: int,
                   max_entries: int | None = None):
    """The null space over GF(p) of a sparse matrix given as CSR (residues): (rank, free columns, null
    basis), the basis one row per free column (1 there, 0 on the other free columns), or None for the
    basis when it would hold more than `max_entries` residues."""
    from liealg.kernels import commutant as _kc

    pivot_row, e_ptr, e_cols, e_vals = _kc.echelon_mod(row_ptr, cols, vals, ncols, p)
    free = np.flatnonzero(pivot_row < 0)
    rank = ncols - free.shape[0]
    if max_entries is not None and free.shape[0] * ncols > max_entries:
        return rank, free, None
    return rank, free, _kc.null_basis_mod(pivot_row, e_ptr, e_cols, e_vals, free, p)


def rref_rows_mod(basis: np.ndarray, p: int) -> tuple[np.ndarray, list[int]]:
    """The reduced row echelon form of the span of `basis`'s rows over GF(p) (unique for the span and
    the column order), computed only over the columns where some row is nonzero."""
    support = np.flatnonzero(np.any(basis != 0, axis=0))
    reduced, pivots = rref_dense_mod(basis[:, support], p)
    out = np.zeros((reduced.shape[0], basis.shape[1]), dtype=np.int64)
    out[:, support] = reduced
    return out, [int(support[c]) for c in pivots]


def reconstruct_rows(residues: dict[int, np.ndarray]) -> list[list[tuple[int, Fraction]]] | None:
    """Rational rows from the same reduced matrix modulo several primes (CRT, then Wang's rational
    reconstruction): per row, the (column, value) of its nonzero entries; None when an entry has no
    reconstruction with numerator and denominator below sqrt(M/2), M the product of the primes."""
    primes = list(residues)
    mats = [residues[p] for p in primes]
    out = []
    for i in range(mats[0].shape[0]):
        support = np.flatnonzero(np.any(np.stack([m[i] for m in mats]) != 0, axis=0))
        row = []
        for c in support:
            frac = crt_reconstruct([mat[i, c] for mat in mats], primes)
            if frac is None:
                return None
            row.append((int(c), frac))
        out.append(row)
    return out
