"""The commutant of a set of generators: every operator C with [H_k, C] = 0 for all k.

Two views of it:

* `string_commutant(gens)`: the Pauli *strings* that commute with every generator. A string commutes
  with a sum when it commutes with each of its terms (distinct strings are linearly independent), so
  these are the null space over F_2 of the symplectic products with the constituent strings.
* `commutant(gens, locality=k)`: every *Pauli sum* of strings of weight <= k that commutes with every
  generator (k = n, the default up to WHOLE_QUBITS qubits: the whole commutant, of dimension
  sum_lambda m_lambda^2 for H = sum_lambda V_lambda (x) C^{m_lambda}). Writing C = sum_c x_c P_c,
  [H, C] = 0 is one linear equation per (generator, string Q) with integral coefficients in the
  generators' coefficients (`liealg.kernels.commutant`): a sparse system, solved over GF(p) for two
  primes (its rank modulo p is at most the true rank, so the null space modulo p is at least the true
  one). With rational coefficients the reduced basis is reconstructed as rationals (CRT + Wang) and
  *proved*: every element is checked to satisfy every equation in integer arithmetic (modulo primes
  whose product exceeds twice a bound on the entries), and there are as many as the null space
  modulo p has, which is at least the true dimension. Polynomial in n for fixed k: the 2-local
  commutant of a 100-qubit chain has 44,851 unknowns.

`Commutant.center()` and `Commutant.commuting_set()` (whole commutant, up to DENSE_QUBITS qubits) and
`isotypic` (the irreducible components with their multiplicities) build on the whole commutant.
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product

import numpy as np

from liealg.closure.certificate import agreed, certified_dimension
from liealg.coefficients.fields import field_of
from liealg.errors import SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.kernels.pauli import popcounts
from liealg.modp import (
    csr_of,
    matmul_mod,
    null_space_dense_mod,
    null_space_mod,
    reconstruct_rows,
    roots_mod,
    rref_rows_mod,
    sector_primes,
    to_mod,
)
from liealg.pauli import PauliList, PauliString, n_words
from liealg.sums import PauliSum


# --- the Pauli-string commutant ---------------------------------------------------------------
def string_commutant(gens: list[PauliSum]):
    """A basis (over F_2, i.e. generators of the group up to phases) of all Pauli strings commuting with
    every generator. For a sum H = sum_j c_j P_j, a string commutes with H iff it commutes with every P_j
    (the products with distinct P_j are distinct strings), so this is the symplectic complement of the
    constituent strings: the F_2 null space of their symplectic form, polynomial time at any n."""
    from liealg.kernels import f2 as _f2

    n = gens[0].n
    keys = np.unique(np.concatenate([g.keys for g in gens]), axis=0)
    w = keys.shape[1] // 2
    # row t: (z_t, x_t), so that row . (x_s, z_s) = <s, t> the symplectic form
    swapped = np.ascontiguousarray(np.concatenate([keys[:, w:], keys[:, :w]], axis=1))
    bits = _f2.unpack(swapped, 2 * 64 * w)
    cols = [c for c in range(2 * 64 * w) if (c % (64 * w)) < n]  # only real qubit columns
    A = bits[:, cols]
    packed = _f2.pack(A)
    reduced, pivots = _f2.rref(np.ascontiguousarray(packed))
    R = _f2.unpack(reduced, len(cols)) if len(pivots) else np.zeros((0, len(cols)), dtype=bool)
    pivots = list(pivots)
    free = [c for c in range(len(cols)) if c not in set(pivots)]
    out = []
    for f in free:
        v = np.zeros(len(cols), dtype=bool)
        v[f] = True
        for i, pc in enumerate(pivots):
            if R[i, f]:
                v[pc] = True
        x = sum(1 << q for q in range(n) if v[q])
        z = sum(1 << q for q in range(n) if v[n + q])
        out.append(PauliString(n=n, x=x, z=z))
    return PauliList.from_strings(out, n) if out else PauliList(np.zeros((0, 2 * w), dtype=np.uint64), n)


# --- the commutant as Pauli sums --------------------------------------------------------------
#: the whole commutant (every Pauli string an unknown) up to this many qubits
WHOLE_QUBITS = 8
#: most unknowns (Pauli strings of weight <= k) the linear system takes
MAX_COLUMNS = 6_000_000
#: most residues a null basis may hold (its dimension times the unknowns); beyond, the dimension only
MAX_BASIS_ENTRIES = 60_000_000
_X_BIT = np.array([1, 1, 0], dtype=np.uint64)  # letters X, Y, Z
_Z_BIT = np.array([0, 1, 1], dtype=np.uint64)


@dataclass
class Commutant:
    """The operators of weight <= `locality` that commute with every generator (all of them when
    locality = n_qubits): `dim`, an exact `basis` of Hermitian Pauli sums (primitive integer
    coefficients, reduced: each element has a leading string the others lack) or None with
    `basis_note`, and the `certificate`."""

    n_qubits: int
    locality: int
    dim: int
    columns: int
    basis: list | None
    certificate: dict
    generators: list = field(default_factory=list, repr=False)
    basis_note: str | None = None
    seconds: float = 0.0
    _center: object = field(default=None, repr=False)

    @property
    def whole(self) -> bool:
        """Is this the whole commutant (every weight)?"""
        return self.locality >= self.n_qubits

    def __len__(self) -> int:
        return self.dim

    def structure(self):
        """Center and a maximal commuting set of the whole commutant (`CommutantStructure`)."""
        if self._center is None:
            self._center = commutant_structure(self)
        return self._center

    def center(self) -> list:
        """A basis of the center of the whole commutant (its dimension is the number of isotypic
        components of the generators' action)."""
        return self.structure().center

    def commuting_set(self) -> list:
        """A commuting set of the whole commutant containing its center, maximal (sum_lambda m_lambda
        elements: the conserved quantities that split the space into irreducible copies) unless
        `structure().maximal` is False."""
        return self.structure().commuting


def count_local_strings(n: int, k: int) -> int:
    """Pauli strings on n qubits of weight at most k (the identity included)."""
    return sum(math.comb(n, w) * 3 ** w for w in range(min(k, n) + 1))


def local_strings(n: int, k: int) -> np.ndarray:
    """Packed keys of every Pauli string of weight <= k, by weight, then sites, then letters (X < Y < Z
    on the leftmost site first); the identity first."""
    width = n_words(n)
    blocks = [np.zeros((1, 2 * width), dtype=np.uint64)]
    for w in range(1, min(k, n) + 1):
        sites = np.array(list(combinations(range(n), w)), dtype=np.int64).reshape(-1, w)
        letters = np.array(list(product(range(3), repeat=w)), dtype=np.int64).reshape(-1, w)
        site_rep = np.repeat(sites, len(letters), axis=0)
        let_rep = np.tile(letters, (len(sites), 1))
        keys = np.zeros((len(site_rep), 2 * width), dtype=np.uint64)
        for t in range(w):
            s = site_rep[:, t]
            bit = np.left_shift(np.uint64(1), (s % 64).astype(np.uint64))
            word = s // 64
            for ww in np.unique(word):
                sel = word == ww
                keys[sel, ww] |= bit[sel] * _X_BIT[let_rep[sel, t]]
                keys[sel, width + ww] |= bit[sel] * _Z_BIT[let_rep[sel, t]]
        blocks.append(keys)
    return np.concatenate(blocks)


class _System:
    """The equations [H_k, C] = 0 with one unknown per column string: entries (row, column, term, sign);
    row = (generator, Q), value sign * h_term."""

    def __init__(self, gens: list[PauliSum], columns: np.ndarray):
        from liealg.kernels import commutant as _kc
        from liealg.kernels.hashset import row_keys

        self.columns = columns
        terms = np.ascontiguousarray(np.concatenate([g.keys for g in gens]))
        self.term_gen = np.repeat(np.arange(len(gens)), [len(g) for g in gens])
        self.coeffs = [c for g in gens for c in g.coeffs]
        cols, tix, signs, keys = _kc.constraint_entries(np.ascontiguousarray(columns), terms)
        tagged = np.concatenate([keys, self.term_gen[tix].astype(np.uint64)[:, None]], axis=1)
        _, rows = np.unique(row_keys(tagged), return_inverse=True)
        self.rows, self.cols, self.terms, self.signs = rows.ravel().astype(np.int64), cols, tix, signs

    @property
    def entries(self) -> int:
        return int(self.cols.shape[0])

    def csr(self, term_residues: np.ndarray, p: int):
        vals = term_residues[self.terms]
        vals = np.where(self.signs > 0, vals, (p - vals) % p)
        return csr_of(self.rows, self.cols, vals, p)

    def satisfied_exactly(self, gens: list[PauliSum], rows: list[list[tuple[int, Fraction]]]) -> int:
        """Every rational vector (column, value) satisfies every equation, checked in integer arithmetic
        modulo primes whose product exceeds twice the largest possible entry; returns the number of
        primes used. Raises UncertifiedError when one does not."""
        scale = [math.lcm(*(c.denominator for c in g.coeffs)) for g in gens]
        h_int = [int(c * scale[self.term_gen[t]]) for t, c in enumerate(self.coeffs)]
        h_abs = np.array([float(abs(h)) for h in h_int])
        order = np.argsort(self.rows, kind="stable")
        rows_sorted, cols_sorted, terms_sorted = self.rows[order], self.cols[order], self.terms[order]
        signs_sorted = self.signs[order]
        starts = np.flatnonzero(np.r_[True, rows_sorted[1:] != rows_sorted[:-1]]) if rows_sorted.size else []
        used = 0
        for row in rows:
            lcm = math.lcm(*(v.denominator for _, v in row))
            v_int = {c: int(v * lcm) for c, v in row}
            v_abs = np.zeros(self.columns.shape[0])
            for c, v in v_int.items():
                v_abs[c] = float(abs(v))
            if not self.entries:
                continue
            bound = np.add.reduceat(h_abs[terms_sorted] * v_abs[cols_sorted], starts).max() * (1 + 1e-9) + 1
            primes, modulus = _verification_primes(2 * bound)
            used = max(used, len(primes))
            for p in primes:
                h_mod = np.array([h % p for h in h_int], dtype=np.int64)
                v_mod = np.zeros(self.columns.shape[0], dtype=np.int64)
                for c, v in v_int.items():
                    v_mod[c] = v % p
                prod = h_mod[terms_sorted] * v_mod[cols_sorted] % p
                prod = np.where(signs_sorted > 0, prod, (p - prod) % p)
                if np.any(np.add.reduceat(prod, starts) % p):
                    raise UncertifiedError("a reconstructed commutant element fails an equation exactly: "
                                           "its coefficients are not the reduced residues' rationals")
        return used


def _verification_primes(bound: float) -> tuple[list[int], int]:
    """Primes below 2^31 whose product exceeds `bound`."""
    import sympy

    primes, modulus, p = [], 1, 1 << 31
    while modulus <= bound:
        p = int(sympy.prevprime(p))
        primes.append(p)
        modulus *= p
    return primes, modulus


def commutant(generators, *, locality: int | None = None, max_columns: int = MAX_COLUMNS,
              n_qubits: int | None = None) -> Commutant:
    """The operators commuting with every generator, as Pauli sums of strings of weight <= `locality`
    (default: every weight, the whole commutant, up to WHOLE_QUBITS qubits); see the module docstring.

    Example:
        >>> c = commutant(["XX", "YY", "ZZ"])   # the two-qubit Heisenberg exchange
        >>> c.dim, [str(b) for b in c.basis]
        (4, ['II', 'XX', 'YY', 'ZZ'])
        >>> commutant(["XXI + YYI + ZZI", "IXX + IYY + IZZ"], locality=1).dim   # 1, S_x, S_y, S_z
        4
    """
    t0 = time.perf_counter()
    gens = as_generators(generators, n_qubits)
    n = gens[0].n
    if locality is None:
        if n > WHOLE_QUBITS:
            raise SizeLimitError(f"the whole commutant is solved over all 4^n Pauli strings up to {WHOLE_QUBITS} "
                                 f"qubits, not {n}; a k-local commutant (locality=k; --locality K) works at any "
                                 "qubit count")
        k = n
    else:
        k = int(locality)
        if not 0 <= k:
            raise ValueError(f"locality must be at least 0, not {locality}")
        k = min(k, n)
    count = count_local_strings(n, k)
    if count > max_columns:
        raise SizeLimitError(f"{count:,} Pauli strings of weight <= {k} on {n} qubits, beyond the limit of "
                             f"{max_columns:,} unknowns")
    fld = field_of(gens)
    columns = local_strings(n, k)
    system = _System(gens, columns)
    ranks, reduced, pivots = {}, {}, {}
    note = None
    for ev in fld.evaluations(4):
        p = ev.p
        residues = np.array([fld.residue(c, ev) for c in system.coeffs], dtype=np.int64)
        row_ptr, cols, vals = system.csr(residues, p)
        rank, free, basis = null_space_mod(row_ptr, cols, vals, count, p, MAX_BASIS_ENTRIES)
        ranks[p] = rank
        if basis is not None:
            reduced[p], pivots[p] = rref_rows_mod(basis, p)
        else:
            note = (f"{count - rank:,} elements over {count:,} strings: more than the {MAX_BASIS_ENTRIES:,} "
                    "coefficients a listed basis may hold")
        if agreed(ranks):
            break
    rank = certified_dimension(ranks, what="the commutant's rank is", seen="ranks modulo the primes")
    top = [p for p in ranks if ranks[p] == rank]
    dim = count - rank
    certificate = {"primes": {str(p): count - r for p, r in ranks.items()}, "agree": True,
                   "unknowns": count, "equations": int(system.rows.max()) + 1 if system.entries else 0,
                   "field": fld.describe()}
    basis_sums = None
    if note is None and fld.kind != "rational":
        note = (f"coefficients in {fld.describe()}: the dimension is certified by two primes; an exact basis "
                "is reconstructed over Q only")
    elif note is None:
        good = [p for p in top if p in reduced and pivots[p] == pivots[top[0]]]
        rows = reconstruct_rows({p: reduced[p] for p in good}) if len(good) >= 2 else None
        if rows is None:
            note = "the reduced basis's coefficients have no small rational reconstruction from the primes"
        else:
            used = system.satisfied_exactly(gens, rows)
            certificate["basis"] = ("exact: each element satisfies every equation in integer arithmetic (checked "
                                    f"modulo {used} primes whose product exceeds twice the largest entry); there "
                                    "are as many as the null space modulo p has, at least the true dimension")
            basis_sums = [_primitive_sum(row, columns, n) for row in rows]
    return Commutant(n, k, dim, count, basis_sums, certificate, gens, note, time.perf_counter() - t0)


def _primitive_sum(row: list[tuple[int, Fraction]], columns: np.ndarray, n: int) -> PauliSum:
    """The Pauli sum of a rational row, scaled to coprime integers with a positive leading coefficient."""
    lcm = math.lcm(*(v.denominator for _, v in row))
    ints = [int(v * lcm) for _, v in row]
    g = math.gcd(*ints)
    ints = [i // g for i in ints]
    if ints[0] < 0:
        ints = [-i for i in ints]
    return PauliSum.from_distinct(n, columns[[c for c, _ in row]], [Fraction(i) for i in ints])


# --- center and a maximal commuting set of the whole commutant ---------------------------------------
#: the center and a maximal commuting set are found on dense matrices up to this many qubits
DENSE_QUBITS = 7
#: ... for commutants of at most this dimension
MAX_STRUCTURE_DIM = 2048
#: sketches tried before the center or a centralizer is refused
_SKETCHES = 4


@dataclass
class CommutantStructure:
    """The center of the whole commutant (one element per isotypic component) and a commuting set
    containing it, maximal (sum_lambda m_lambda elements) unless `maximal` is False, as exact Pauli sums,
    with the certificate."""

    center: list
    commuting: list
    certificate: dict
    maximal: bool = True  # False: the commuting set could not be completed with exact elements


class _DenseMod:
    """The commutant's basis as dense matrices over GF(p), p = 1 mod 4 (i is a residue), p < 2^21, and
    sketches of centralizers: for a fixed element f, the columns [M_i, f] W (W a random N x w matrix)
    compressed by a random (N w) x K matrix S_f into one K-vector per basis element i. Summed over the
    fixed elements, their null space contains the coordinates of the centralizer (a sketch can only
    enlarge it), and equals it unless the random matrices are unlucky."""

    def __init__(self, basis: list[PauliSum], n: int, p: int, iota: int, width: int, seed: int):
        self.p, self.N, self.m = p, 1 << n, len(basis)
        self.mats = np.stack([_dense_mod(b, n, p, iota) for b in basis])
        self.K = self.m + 8
        self.rng = np.random.default_rng(seed)
        self.W = self.rng.integers(0, p, size=(self.N, width)).astype(float)
        self.MW = np.fmod(np.matmul(self.mats, self.W), p)  # exact: N products below 2^42 a sum (N <= 128)

    def combine(self, alpha: np.ndarray) -> np.ndarray:
        flat = matmul_mod(np.asarray(alpha, dtype=float)[None] % self.p, self.mats.reshape(self.m, -1), self.p)
        return flat.reshape(self.N, self.N) % self.p

    def commutator(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (matmul_mod(a, b, self.p) - matmul_mod(b, a, self.p)) % self.p

    def sketch(self, f: np.ndarray) -> np.ndarray:
        """(m, K): the compressed columns [M_i, f] W of one fixed element f."""
        p = self.p
        fW = matmul_mod(f, self.W, p)
        cols = (np.fmod(np.matmul(self.mats, fW), p) - np.fmod(np.matmul(f, self.MW), p)) % p
        S = self.rng.integers(0, p, size=(cols.shape[1] * cols.shape[2], self.K)).astype(float)
        return matmul_mod(cols.reshape(self.m, -1), S, p) % p

    def null_rows(self, sketch: np.ndarray) -> np.ndarray:
        """RREF rows (over the basis coordinates) of the null space of the summed sketch (m, K)."""
        null = null_space_dense_mod(sketch.T, self.p).T
        return rref_rows_mod(null, self.p)[0] if len(null) else null


def _dense_mod(s: PauliSum, n: int, p: int, iota: int) -> np.ndarray:
    """The matrix of a rational Pauli sum over GF(p) (P|r> = i^{#Y} (-1)^{|r & z|} |r ^ x>), as float64
    residues."""
    N = 1 << n
    r = np.arange(N, dtype=np.int64)
    out = np.zeros((N, N), dtype=np.int64)
    x = s.keys[:, 0].astype(np.int64)
    z = s.keys[:, 1].astype(np.int64)
    ys = np.array([bin(v).count("1") for v in (x & z)], dtype=np.int64)
    coeffs = np.array([to_mod(c, p) * pow(iota, int(y), p) % p for c, y in zip(s.coeffs, ys)], dtype=np.int64)
    for xv in np.unique(x):
        sel = np.flatnonzero(x == xv)
        signs = popcounts((r[None, :] & z[sel, None]).astype(np.uint64)) & 1
        column = (coeffs[sel, None] * (1 - 2 * signs)).sum(axis=0) % p
        out[r ^ int(xv), r] = (out[r ^ int(xv), r] + column) % p
    return out.astype(float)


def commutant_structure(c: Commutant, *, seed: int = 0) -> CommutantStructure:
    """Center and a maximal commuting set of the whole commutant `c` (exact Pauli sums).

    Over GF(p) (p = 1 mod 4, p < 2^21), the centralizer of elements in the commutant is the null space
    of their commutators; each is found from a random sketch (which can only enlarge it), modulo four
    primes; the first two must agree, and the reduced rows are reconstructed as rationals (CRT over as
    many of the four as that needs); the results are checked to commute modulo all four. A sketch
    whose primes disagree is replaced (the last one is the full map). The center is the centralizer of two random
    elements (generic pairs generate the commutant); the commuting set grows from the center by the
    first reduced centralizer element outside it until the centralizer is the set itself (maximal:
    the centralizer modulo p is at least the true one)."""
    if not c.whole:
        raise ValueError("the center and commuting sets are those of the whole commutant (locality = n)")
    if c.basis is None:
        raise UncertifiedError(f"the commutant has no exact basis: {c.basis_note}")
    n, m = c.n_qubits, c.dim
    if n > DENSE_QUBITS:
        raise SizeLimitError(f"the commutant's center is found on dense matrices up to {DENSE_QUBITS} qubits, "
                             f"not {n}")
    if m > MAX_STRUCTURE_DIM:
        raise SizeLimitError(f"a commutant of dimension {m:,}: its center is found up to dimension "
                             f"{MAX_STRUCTURE_DIM:,}")
    primes = list(sector_primes(4, 4))
    iotas = [roots_mod(p, 1)[0] for p in primes]
    rng = np.random.default_rng(seed)
    generic = [[Fraction(int(v)) for v in rng.integers(-3, 4, size=m)] for _ in range(2)]
    N = 1 << n
    for attempt in range(_SKETCHES):
        # X -> X W is injective on the commutators when W has at least max m_lambda / d_lambda columns
        # (the commutant is sum 1_d (x) M_m), and m_lambda <= sqrt(dim): a wider W each retry, the last
        # one the identity (no sketch)
        width = N if attempt == _SKETCHES - 1 else min(N, (math.isqrt(m) + 2) << attempt)
        spaces = [_DenseMod(c.basis, n, p, iota, width, seed + 7919 * attempt + i)
                  for i, (p, iota) in enumerate(zip(primes, iotas))]
        try:
            center, commuting, maximal = _center_and_commuting(spaces, generic, m)
            _check_commuting(spaces, center, commuting)
        except _Disagree:
            continue
        break
    else:
        raise UncertifiedError(f"the commutant's center could not be certified: the primes disagree after "
                               f"{_SKETCHES} sketches")
    cert = {"primes": primes, "center": f"dimension {len(center)}: the centralizer of two random elements "
            f"modulo {primes[0]} and {primes[1]} (an upper bound), reached by elements that commute with "
            "the whole commutant modulo all four primes",
            "commuting_set": f"{len(commuting)} elements, pairwise commuting modulo all four primes; " + (
                "their centralizer in the commutant has no other element modulo the first two (maximal)" if maximal
                else "not maximal: no further element of their centralizer has a rational reconstruction "
                "from the primes (its reduced coordinates are too large)")}
    return CommutantStructure([combination(c.basis, x, n) for x in center],
                              [combination(c.basis, x, n) for x in commuting], cert, maximal)


def _check_commuting(spaces: list[_DenseMod], center, commuting) -> None:
    """Modulo every prime: the center commutes with the whole commutant, the set pairwise (the
    centralizer sizes modulo p are upper bounds, so then both are as large as they can be)."""
    for sp in spaces:
        for z in center:  # all basis elements at once (exact: N products below 2^42 a sum)
            X = sp.combine(_residues(z, sp.p))
            if np.any(np.fmod(np.matmul(X, sp.mats), sp.p) != np.fmod(np.matmul(sp.mats, X), sp.p)):
                raise _Disagree
        S = [sp.combine(_residues(x, sp.p)) for x in commuting[len(center):]]
        if any(np.any(sp.commutator(X, Y)) for i, X in enumerate(S) for Y in S[i + 1:]):
            raise _Disagree


class _Disagree(Exception):
    """The two primes' sketched centralizers differ (an unlucky sketch or prime): try another."""


def _residues(coords: list[Fraction], p: int) -> np.ndarray:
    return _residues_of(tuple(coords), p)


@functools.lru_cache(maxsize=4096)
def _residues_of(coords: tuple, p: int) -> np.ndarray:
    out = np.array([to_mod(v, p) for v in coords], dtype=np.int64)
    out.setflags(write=False)
    return out


def _center_and_commuting(spaces: list[_DenseMod], generic: list[list[Fraction]], m: int):
    """(center, commuting set) as rational coordinates over the commutant's basis (see
    `commutant_structure`); _Disagree when the primes do not give the same reduced rows."""
    pair = spaces  # the first two decide; the others serve the rational reconstruction only

    extras: list[list[Fraction]] = []  # the commuting set beyond the center
    later: dict[int, np.ndarray] = {}  # the other primes' sketches, summed on demand

    def rational(rows: dict[int, np.ndarray], index=None) -> list[list[Fraction]]:
        """The rows of the first two primes (which must agree) as rationals (only row `index` if given),
        CRT over as many primes as a reconstruction needs (the other primes' rows computed then)."""
        pick = (lambda r: r) if index is None else (lambda r: r[index:index + 1])
        for count in range(2, len(pair) + 1):
            if count > len(rows):
                sp = pair[count - 1]
                if sp.p not in later:
                    later[sp.p] = sum((sp.sketch(sp.combine(_residues(x, sp.p))) for x in extras),
                                      np.zeros((m, sp.K))) % sp.p
                rows[sp.p] = sp.null_rows(later[sp.p])
                first = next(iter(rows.values()))
                if rows[sp.p].shape != first.shape or not np.array_equal(rows[sp.p] != 0, first != 0):
                    raise _Disagree
            coords = reconstruct_rows({p: pick(r) for p, r in list(rows.items())[:count]})
            if coords is not None:
                break
        else:
            raise _Disagree
        dense = [[Fraction(0)] * m for _ in coords]
        for i, row in enumerate(coords):
            for col, v in row:
                dense[i][col] = v
        return dense

    sums = {sp.p: sum(sp.sketch(sp.combine(_residues(g, sp.p))) for g in generic) % sp.p for sp in pair}
    rows = {sp.p: sp.null_rows(sums[sp.p]) for sp in pair}
    if rows[pair[0].p].shape != rows[pair[1].p].shape or not np.array_equal(rows[pair[0].p] != 0,
                                                                              rows[pair[1].p] != 0):
        raise _Disagree
    center = rational(rows)
    commuting = list(center)  # central elements commute with everything: no columns
    sums = {sp.p: np.zeros((m, sp.K)) for sp in pair[:2]}
    span = _Echelon(pair[0].p)  # the commuting set's coordinates modulo the first prime
    for z in center:
        span.add(_residues(z, span.p))
    while True:
        rows = {sp.p: sp.null_rows(sums[sp.p]) for sp in pair[:2]}
        first = list(rows.values())
        if first[0].shape != first[1].shape or not np.array_equal(first[0] != 0, first[1] != 0):
            raise _Disagree
        if first[0].shape[0] == len(commuting):
            return center, commuting, True
        # the next element: a basis element of the commutant in the centralizer (readable), else the first
        # reduced row outside the set whose coefficients reconstruct (rows of a large centralizer can
        # carry rationals beyond the primes' reach); with neither, the set stays as it is, not maximal
        extra = None
        for row in first[0]:  # e_i lies in the span of reduced rows iff one of them is e_i
            nz = np.flatnonzero(row)
            if len(nz) == 1:
                unit = np.zeros(m, dtype=np.int64)
                unit[nz[0]] = 1
                if span.independent(unit):
                    extra = [Fraction(int(j == nz[0])) for j in range(m)]
                    break
        for i in range(first[0].shape[0]) if extra is None else ():
            if not span.independent(first[0][i]):
                continue
            try:
                extra = rational(rows, i)[0]
            except _Disagree:
                continue
            break
        if extra is None:
            return center, commuting, False
        commuting.append(extra)
        extras.append(extra)
        later.clear()
        span.add(_residues(extra, span.p))
        for sp in pair[:2]:
            sums[sp.p] = (sums[sp.p] + sp.sketch(sp.combine(_residues(extra, sp.p)))) % sp.p


class _Echelon:
    """Vectors over GF(p) in echelon form (pivot = first nonzero entry, value 1): independence tests."""

    def __init__(self, p: int):
        self.p, self.rows, self.pivots = p, [], []

    def reduce(self, v: np.ndarray) -> np.ndarray:
        v = np.asarray(v, dtype=np.int64) % self.p
        for r, c in zip(self.rows, self.pivots):
            if v[c]:
                v = (v - v[c] * r) % self.p
        return v

    def independent(self, v: np.ndarray) -> bool:
        return bool(np.any(self.reduce(v)))

    def add(self, v: np.ndarray) -> None:
        v = self.reduce(v)
        nz = np.flatnonzero(v)
        if len(nz):
            self.rows.append(v * pow(int(v[nz[0]]), self.p - 2, self.p) % self.p)
            self.pivots.append(int(nz[0]))


def combination(basis: list[PauliSum], coords: list[Fraction], n: int) -> PauliSum:
    """sum_i coords_i basis_i as a Pauli sum scaled to coprime integers, positive leading coefficient."""
    terms = {}
    for a, b in zip(coords, basis):
        if a:
            for key, v in zip(b.keys, b.coeffs):
                kb = key.tobytes()
                terms[kb] = (key, terms.get(kb, (key, Fraction(0)))[1] + a * v)
    items = [(k, v) for k, v in terms.values() if v]
    lcm = math.lcm(*(v.denominator for _, v in items))
    ints = [int(v * lcm) for _, v in items]
    g = math.gcd(*ints)
    s = PauliSum.from_distinct(n, np.array([k for k, _ in items]), [Fraction(i // g) for i in ints])
    if s.coeffs[0] < 0:
        s = PauliSum.from_distinct(n, s.keys, [-v for v in s.coeffs])
    return s
