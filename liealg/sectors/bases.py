"""Sector bases and the generators restricted to them.

A sector basis is a list of orbit representatives x with the characters of the permuting
symmetries; the matrix of a Pauli sum on it is read off its terms (`restrict_coo`: COO arrays of
rows, columns, term, sign, powers of i and of omega, and a rational scale), without forming a
2^n x 2^n matrix; `Ring` turns those into entries in GF(p) (with i and the n-th roots of unity) or
complex numbers. `coordinates` expresses a state in the basis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations, product

import numpy as np

from liealg.errors import SizeLimitError
from liealg.modp import omega_table
from liealg.sectors.automorphisms import apply_to_states
from liealg.sectors.sector import MAX_STATES, Sector
from liealg.sums import PauliSum

# --- the sector basis --------------------------------------------------------------------------
#: basis states are 64-bit words (sums of two states' bits stay below 2^63)
MAX_SECTOR_QUBITS = 62


def check_sector_qubits(n: int) -> None:
    """SizeLimitError beyond MAX_SECTOR_QUBITS."""
    if n > MAX_SECTOR_QUBITS:
        raise SizeLimitError(f"symmetry sectors work up to {MAX_SECTOR_QUBITS} qubits (a basis state is one 64-bit "
                             f"word), not {n}")


def _states(sector: Sector) -> np.ndarray:
    """Sorted basis states (bit q = qubit q) meeting the diagonal keys."""
    n = sector.n
    check_sector_qubits(n)
    if sector.weight is not None:
        count = math.comb(n, sector.weight)
        if count > MAX_STATES:
            raise SizeLimitError(f"the weight={sector.weight} sector of {n} qubits has {count:,} basis states "
                                 f"(limit {MAX_STATES:,})")
        out = _combinations(n, sector.weight)
    else:
        if 2 ** n > MAX_STATES:
            raise SizeLimitError(f"{n} qubits without a weight key: {2 ** n:,} basis states (limit {MAX_STATES:,}); "
                                 "add weight=W")
        out = np.arange(2 ** n, dtype=np.uint64)
    if sector.zparity is not None:
        par = _popcount(out) % 2
        out = out[par == (0 if sector.zparity == 1 else 1)]
    return out


def _combinations(n: int, w: int) -> np.ndarray:
    """All n-bit integers with w bits set, ascending (Gosper's hack, vectorized by blocks)."""
    if w == 0:
        return np.zeros(1, dtype=np.uint64)
    if w == n:
        return np.array([(1 << n) - 1], dtype=np.uint64)
    if n <= 22:
        allv = np.arange(2 ** n, dtype=np.uint64)
        return allv[_popcount(allv) == w]
    out = []

    for combo in combinations(range(n), w):
        out.append(sum(1 << q for q in combo))
    return np.sort(np.array(out, dtype=np.uint64))


def _popcount(v: np.ndarray) -> np.ndarray:
    v = v.astype(np.uint64)
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(v).astype(np.int64)
    c = np.zeros(v.shape, dtype=np.int64)
    while np.any(v):
        c += (v & np.uint64(1)).astype(np.int64)
        v = v >> np.uint64(1)
    return c


def _reverse(v: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros_like(v)
    for q in range(n):
        out |= ((v >> np.uint64(q)) & np.uint64(1)) << np.uint64(n - 1 - q)
    return out


def _rotate(v: np.ndarray, j: int, n: int) -> np.ndarray:
    """Translation q -> q + j (mod n) of the qubits: bit q moves to bit q + j."""
    if j % n == 0:
        return v.copy()
    mask = np.uint64((1 << n) - 1)
    return ((v << np.uint64(j)) | (v >> np.uint64(n - j))) & mask


@dataclass
class SectorBasis:
    """The basis v_x of a sector (module docstring).

    states: sorted states of the diagonal selection; orbit[i]: index of the basis vector whose
    support contains states[i] (-1: the orbit does not survive the character); sign[i], power[i]:
    the coefficient of states[i] in its basis vector is stab * sign * omega^power, omega =
    exp(2 pi i / n); reps, stab: representative state and stabilizer size of each basis vector.
    characters: (qubit involution, eigenvalue +-1) pairs that split the sector further (a block of
    `sector_problem`; `liealg.sectors.automorphisms`), empty for a sector itself.
    """

    sector: Sector
    states: np.ndarray
    orbit: np.ndarray
    sign: np.ndarray
    power: np.ndarray
    reps: np.ndarray
    stab: np.ndarray
    group_order: int
    characters: tuple = ()

    @property
    def dim(self) -> int:
        return int(self.reps.shape[0])


def sector_basis(sector: Sector) -> SectorBasis:
    return sector_bases(sector)[0]


def sector_bases(sector: Sector, involutions: tuple | list = ()) -> list[SectorBasis]:
    """The sector's basis, split by the +-1 eigenvalues of qubit involutions that commute with the
    sector's keys and with each other (`liealg.sectors.automorphisms`): one basis per sign choice, in the order
    of itertools.product((1, -1), repeat=len(involutions)). The orbits of the whole group are found
    once; a character only decides which orbits survive and with which signs."""

    n = sector.n
    states = _states(sector)
    flips = [0, 1] if sector.flip is not None else [0]
    shifts = range(n) if sector.momentum is not None else [0]
    refls = [0, 1] if sector.reflection is not None else [0]
    subsets = list(product((0, 1), repeat=len(involutions)))
    K = sector.momentum or 0
    phi, rho = sector.flip or 1, sector.reflection or 1
    full = np.uint64((1 << n) - 1)
    elements = [(a, j, b, c) for c in range(len(subsets)) for b in refls for j in shifts for a in flips]
    perms = []
    for sub in subsets:
        perm = list(range(n))
        for use, s in zip(sub, involutions):
            if use:
                perm = [s[q] for q in perm]
        perms.append(None if sub.count(1) == 0 else perm)

    def act(v, g):
        a, j, b, c = g
        w = _rotate(_reverse(v, n) if b else v, j, n)
        if perms[c] is not None:
            w = apply_to_states(w, perms[c])
        return w ^ full if a else w

    order = len(elements)
    base_signs = np.array([phi ** a * rho ** b for a, _, b, _ in elements], dtype=np.int64)
    powers = np.array([(K * j) % n for _, j, _, _ in elements], dtype=np.int64)
    # the representative of a state is the least state of its orbit; remember the element reaching it
    rep_state = states.copy()
    arg = np.zeros(states.shape[0], dtype=np.int64)
    for t, g in enumerate(elements[1:], start=1):
        img = act(states, g)
        better = img < rep_state
        rep_state = np.where(better, img, rep_state)
        arg = np.where(better, t, arg)
    rep_idx = np.flatnonzero(rep_state == states)
    reps = states[rep_idx]
    fixed = np.array([act(reps, g) == reps for g in elements]).reshape(order, -1)
    stab = fixed.sum(axis=0).astype(np.int64)
    stab_all = np.zeros(states.shape[0], dtype=np.int64)
    stab_all[rep_idx] = stab
    out = []
    for chi in product((1, -1), repeat=len(involutions)):
        extra = np.array([np.prod([e for e, use in zip(chi, subsets[c]) if use], dtype=np.int64)
                          for _, _, _, c in elements], dtype=np.int64)
        signs = base_signs * extra
        # chi(g) = 1 for g fixing the representative: sign 1 and omega^power = 1, or sign -1 and omega^power = -1
        trivial = ((signs == 1) & (powers == 0)) | ((signs == -1) & (2 * powers == n))
        survives = ~np.any(fixed & ~trivial[:, None], axis=0)
        valid_reps = rep_idx[survives]
        index_of = np.full(states.shape[0], -1, dtype=np.int64)
        index_of[valid_reps] = np.arange(valid_reps.shape[0])
        orbit = index_of[np.searchsorted(states, rep_state)]
        out.append(SectorBasis(sector, states, orbit, signs[arg], powers[arg], states[valid_reps],
                               stab_all[valid_reps], order,
                               tuple((tuple(s), e) for s, e in zip(involutions, chi))))
    return out


# --- restricted matrices -------------------------------------------------------------------
def _terms(keys: np.ndarray):
    """(x mask, z mask, number of Y) per term of packed keys (n <= 63: one word per mask)."""
    x, z = keys[:, 0].astype(np.uint64), keys[:, 1].astype(np.uint64)
    ny = _popcount(x & z)
    return [(int(a), int(b), int(c)) for a, b, c in zip(x, z, ny)]


def restrict_coo(h, basis: SectorBasis):
    """The matrix of H on the sector basis as (rows, cols, term index, sign, i-power, omega-power, scale):
    entry (rows, cols) gets coeff[term] * (-1)^sign * i^ipow * omega^opow * scale, summed over duplicates;
    scale = stab(col) / stab(row) (a rational)."""
    reps = basis.reps
    rows_all, cols_all, term_all, sign_all, ipow_all, opow_all, snum_all, sden_all = ([] for _ in range(8))
    keys = h if isinstance(h, np.ndarray) else h.keys
    for t, (xm, zm, ny) in enumerate(_terms(keys)):
        z = reps ^ np.uint64(xm)
        idx = np.searchsorted(basis.states, z)
        idx = np.minimum(idx, basis.states.shape[0] - 1)
        ok = basis.states[idx] == z
        orb = np.where(ok, basis.orbit[idx], -1)
        keep = orb >= 0
        if not keep.any():
            continue
        r = np.flatnonzero(keep)
        zz = z[keep]
        ii = idx[keep]
        # <y|P|z> = i^ny (-1)^{popcount(zmask & z)}; coefficient of z in v_x: stab_x * sign * omega^power
        parity = _popcount(zz & np.uint64(zm)) % 2
        sgn = parity + (basis.sign[ii] < 0)
        rows_all.append(r)
        cols_all.append(orb[keep])
        term_all.append(np.full(r.shape[0], t))
        sign_all.append(sgn % 2)
        ipow_all.append(np.full(r.shape[0], ny % 4))
        opow_all.append(basis.power[ii])
        snum_all.append(basis.stab[orb[keep]])
        sden_all.append(basis.stab[r])
    if not rows_all:
        return tuple(np.zeros(0, dtype=np.int64) for _ in range(8))
    return tuple(np.concatenate(a).astype(np.int64) for a in
                 (rows_all, cols_all, term_all, sign_all, ipow_all, opow_all, snum_all, sden_all))


@dataclass
class Ring:
    """Where matrix entries live: GF(p) with i and a primitive n-th root of unity, or the complex numbers."""

    p: int | None  # None: complex128
    i_unit: int = 0
    omega: int = 0
    n: int = 1
    residue: object = None  # coefficient -> element (GF(p) only)

    def entries(self, h: PauliSum, coo, times_i: bool = True):
        """Entries (rows, cols, values) of (i*H if times_i else H) on the basis; values int64 mod p or complex."""
        rows, cols, term, sign, ipow, opow, snum, sden = coo
        ipow = (ipow + (1 if times_i else 0)) % 4
        if self.p is None:
            c = np.asarray(h.float_coeffs, dtype=float)[term]
            val = c * (-1.0) ** sign * (1j ** ipow) * np.exp(2j * np.pi * opow / self.n) * snum / sden
            return rows, cols, val.astype(complex)
        p = self.p
        coeff = np.array([self.residue(c) for c in h.coeffs], dtype=np.int64)[term]
        ipows = np.array([pow(self.i_unit, k, p) for k in range(4)], dtype=np.int64)[ipow]
        opows = omega_table(p, self.omega, self.n)[opow]
        inv = {int(d): pow(int(d), -1, p) for d in np.unique(sden)}
        scale = snum % p * np.array([inv[int(d)] for d in sden], dtype=np.int64) % p
        val = coeff * ipows % p * opows % p * scale % p
        val = np.where(sign == 1, (p - val) % p, val)
        return rows, cols, val


def coordinates(basis: SectorBasis, psi: np.ndarray) -> np.ndarray:
    """<u_x|psi> for the orthonormal sector vectors u_x = v_x / |v_x| (psi a statevector, qubit 0 the
    most significant bit of the index, as in `liealg.circuits.statevector`)."""
    n = basis.sector.n
    index = _reverse(basis.states, n).astype(np.int64)
    ok = basis.orbit >= 0
    amp = psi[index[ok]]
    coeff = basis.sign[ok] * np.exp(-2j * np.pi * basis.power[ok] / n)  # conj of sign * omega^power
    out = np.zeros(basis.dim, dtype=complex)
    np.add.at(out, basis.orbit[ok], coeff * amp)
    stab = basis.stab.astype(float)
    return out * stab / np.sqrt(basis.group_order * stab)


def embedding(basis: SectorBasis):
    """The 2^n x dim sparse matrix E whose columns are the orthonormal sector vectors u_x, so that
    `coordinates(basis, psi)` = E^dag psi and E @ c is the state of coordinates c."""
    import scipy.sparse as sp

    n = basis.sector.n
    index = _reverse(basis.states, n).astype(np.int64)
    ok = basis.orbit >= 0
    coeff = basis.sign[ok] * np.exp(-2j * np.pi * basis.power[ok] / n)
    stab = basis.stab.astype(float)
    w = stab / np.sqrt(basis.group_order * stab)
    orbit = basis.orbit[ok]
    vals = np.conj(coeff) * w[orbit]
    return sp.csr_matrix((vals, (index[ok], orbit)), shape=(1 << n, basis.dim))
