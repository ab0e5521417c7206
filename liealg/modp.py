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


