"""Sectors nobody named: the joint eigenspaces of the conserved quantities the commutant discovers.

The built-in sectors (`liealg.sectors`) need the symmetry named: weight, flip, momentum, ... Here the
symmetries are found instead. A commuting set {Q_1, ..., Q_r} of conserved quantities (Hermitian Pauli
sums commuting with every generator and with one another) splits the space into the joint eigenspaces

    V_lambda = ker(Q_1 - lambda_1) ∩ ... ∩ ker(Q_r - lambda_r),

each invariant under the circuit, and the circuit started in V_lambda sees only g_V = {X|_V : X in g}.
The commuting set comes from the commutant (`liealg.structure.commutant`):

- `locality=None`: the whole commutant (up to 8 qubits) and its maximal commuting set, which contains
  the center; then every V_lambda is one irreducible copy, the finest split there is;
- `locality=k`: the conserved sums of weight <= k, and a maximal abelian subspace of them found greedily
  (the centralizer of the elements chosen so far, over GF(p) from sketches on random vectors, two
  primes and rational reconstruction; maximal because a centralizer modulo p is never smaller than the
  true one). For the Heisenberg chain and k = 2 it is Sum Z_i, its square and S^2 - S_z^2: the sectors
  are the total spins j with their magnetization m.

Exact throughout. The spectrum of each Q (scaled to integer coefficients) is read in floats and every
eigenvalue must be an integer; the minimal polynomial prod (x - mu) is then checked to annihilate
random vectors modulo two primes, so each Q is diagonalizable with exactly that spectrum (a quantity
with irrational eigenvalues is left out of the split, and said so). The eigenspaces are cut out
modulo p by the projector polynomials (a spectrum split in halves recursively, prod_{mu in B}(Q - mu)
mapping onto the eigenspaces of the other half), starting from the whole space; dim V_lambda modulo p
never exceeds the true dimension, and the dimensions must add up to 2^n (and agree for two primes), so
each is exact. dim g_V then comes from the dense engine on the generators' matrices on V, modulo the
same primes (`liealg.closure.dense.close_blocks_mod`; proved when it reaches dim u(V) = dim V^2, else
two primes agree), for sectors up to `max_block` dimensions.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm

import numpy as np

from liealg.closure.certificate import agreed
from liealg.closure.dense import DenseModSpan, GeneratorBlocks, close_blocks_mod
from liealg.coefficients.fields import field_of
from liealg.errors import AlgebraTooLargeError, SizeLimitError
from liealg.io.inputs import as_generators
from liealg.modp import null_space_dense_mod, reconstruct_rows, rref_rows_mod, sector_primes, to_mod
from liealg.structure.commutant import combination, commutant
from liealg.structure.cyclic import apply_mod, mod_tables, restricted_mod
from liealg.structure.isotypic import dense_matrix
from liealg.sums import PauliSum

#: the sectors are cut out of the whole 2^n-dimensional space (dense rows modulo p) up to this many qubits
MAX_QUBITS = 11
#: the whole commutant (and its maximal commuting set) is used up to this many qubits
WHOLE_QUBITS = 8
#: the algebra on a sector is closed by dense matrices on it up to this dimension
MAX_BLOCK = 64
#: largest dim g_V the sector closure goes to
MAX_DIM = 1 << 16
_SKETCH = 4  # random vectors per sketch of a commutator
_CHUNK = 512  # rows reduced at a time


@dataclass
class DiscoveredSector:
    """One joint eigenspace: `labels` (the eigenvalue of each conserved quantity, in the order of
    `DiscoveredSectors.conserved`), dim V (exact), dim g_V (exact, or None with `note`)."""

    labels: tuple
    dim_V: int
    dim_g_V: int | None
    note: str | None = None

    def as_dict(self) -> dict:
        return {"labels": [str(v) for v in self.labels], "dim_V": self.dim_V, "dim_g_V": self.dim_g_V,
                "note": self.note}


@dataclass
class DiscoveredSectors:
    """The split of the space by discovered conserved quantities (module docstring): `conserved` (the
    commuting set used, exact Pauli sums), `left_out` (quantities not used, with the reason), whether the
    set is `maximal` (in the whole commutant when `whole`, else among the sums of weight <= `locality`),
    the `sectors`, the certificate."""

    n_qubits: int
    locality: int | None
    whole: bool
    conserved: list
    maximal: bool
    sectors: list
    left_out: list = field(default_factory=list)
    certificate: dict = field(default_factory=dict)
    seconds: float = 0.0

    def __iter__(self):
        return iter(self.sectors)

    def __len__(self) -> int:
        return len(self.sectors)

    def as_dict(self) -> dict:
        return {"n_qubits": self.n_qubits, "locality": self.locality, "whole": self.whole,
                "conserved": [str(q) for q in self.conserved], "maximal": self.maximal,
                "left_out": [{"operator": str(q), "reason": why} for q, why in self.left_out],
                "sectors": [s.as_dict() for s in self.sectors], "certificate": self.certificate,
                "seconds": round(self.seconds, 6)}


# --- Pauli sums modulo p on rows of vectors --------------------------------------------------------------
def _integer(q: PauliSum) -> tuple[PauliSum, int]:
    """(D q with coprime integer coefficients' common denominator cleared, D)."""
    d = lcm(*(Fraction(c).denominator for c in q.coeffs))
    return PauliSum.from_distinct(q.n, q.keys, [Fraction(c) * d for c in q.coeffs]), d


def _tables_mod(q: PauliSum, p: int) -> list:
    """The X-pattern tables of the integer Pauli sum q modulo p (`cyclic.mod_tables`, rational field)."""
    return mod_tables([q], q.n, field_of([q]), p, random.Random(0))[0]


def _apply_poly(tabs, roots: list[int], rows: np.ndarray, p: int) -> np.ndarray:
    """prod_{mu in roots} (Q - mu) applied to each row, modulo p."""
    for mu in roots:
        rows = np.fmod(apply_mod(tabs, rows, p) - np.fmod(rows * (mu % p), p), p)
    return rows


def _reduce(rows: np.ndarray, p: int, N: int) -> DenseModSpan:
    span = DenseModSpan(p, N)
    for s in range(0, rows.shape[0], _CHUNK):
        span.add(rows[s:s + _CHUNK].copy())
    return span


def _basis(span: DenseModSpan) -> np.ndarray:
    return np.concatenate([r for r, _ in span.panels]) if span.panels else np.zeros((0, span.L))


# --- the commuting set ------------------------------------------------------------------------------------
def _local_commuting(basis: list[PauliSum], n: int, seed: int) -> tuple[list[PauliSum], bool]:
    """A maximal abelian subspace of span(basis) (conserved sums, none the identity), built greedily: the
    centralizer of the chosen elements modulo two primes, reconstructed, its first new element added."""
    m = len(basis)
    if m == 0:
        return [], True
    primes = list(sector_primes(4, 2))
    rng = np.random.default_rng(seed)
    N = 1 << n
    K = {}
    for p in primes:  # K[i, j] = sketch of [b_i, b_j]
        tabs = [_tables_mod(b, p) for b in basis]
        V = rng.integers(0, p, size=(_SKETCH, N)).astype(np.float64)
        BV = [apply_mod(t, V, p) for t in tabs]
        P = np.array([[apply_mod(tabs[i], BV[j], p) for j in range(m)] for i in range(m)])
        K[p] = np.mod(P - P.transpose(1, 0, 2, 3), p).reshape(m, m, -1).astype(np.int64)
    chosen: list[list[Fraction]] = []
    while True:
        reduced = {}
        for p in primes:
            if chosen:
                X = np.array([[to_mod(v, p) for v in x] for x in chosen], dtype=np.int64)
                # column j of the system: sum_i x_i [b_i, b_j] for every chosen x
                cols = [np.concatenate([np.mod(X[a] @ K[p][:, j, :], p) for a in range(len(chosen))])
                        for j in range(m)]
                null = null_space_dense_mod(np.array(cols).T, p).T
            else:
                null = np.eye(m, dtype=np.int64)
            reduced[p] = rref_rows_mod(null, p)[0] if len(null) else np.zeros((0, m), dtype=np.int64)
        if reduced[primes[0]].shape != reduced[primes[1]].shape:
            return [combination(basis, x, n) for x in chosen], False
        if reduced[primes[0]].shape[0] == len(chosen):  # the centralizer is the span of the chosen: maximal
            return [combination(basis, x, n) for x in chosen], True
        rows = reconstruct_rows(reduced)
        if rows is None:
            return [combination(basis, x, n) for x in chosen], False
        p = primes[0]
        have = np.array([[to_mod(v, p) for v in x] for x in chosen], dtype=np.int64).reshape(-1, m)
        rank = len(rref_rows_mod(have, p)[1]) if len(have) else 0
        for row in rows:
            x = [Fraction(0)] * m
            for c, v in row:
                x[c] = v
            trial = np.vstack([have, np.array([[to_mod(v, p) for v in x]], dtype=np.int64)])
            if len(rref_rows_mod(trial, p)[1]) > rank:
                chosen.append(x)
                break
        else:
            return [combination(basis, x, n) for x in chosen], False


def _spectrum(q: PauliSum) -> list[int] | None:
    """The distinct eigenvalues of the integer Pauli sum q, when they are all integers (floats, rounded;
    checked exactly by the caller), else None."""
    values = np.linalg.eigvalsh(dense_matrix(q))
    ints = np.rint(values)
    if np.max(np.abs(values - ints)) > 1e-6:
        return None
    return sorted({int(v) for v in ints})


def _annihilates(tabs, roots: list[int], p: int, N: int, rng) -> bool:
    V = rng.integers(0, p, size=(2, N)).astype(np.float64)
    return not np.any(_apply_poly(tabs, roots, V, p))


def _split(tabs, roots: list[int], rows: np.ndarray, p: int, N: int) -> list[tuple[int, np.ndarray]]:
    """The eigenspaces (root, basis rows) of Q inside the invariant span of `rows` (Q diagonalizable with
    spectrum `roots`): the roots split in halves, each half's part the image of the other half's product."""
    if rows.shape[0] == 0:
        return []
    if len(roots) == 1:
        return [(roots[0], rows)]
    a, b = roots[:len(roots) // 2], roots[len(roots) // 2:]
    out = []
    for keep, kill in ((a, b), (b, a)):
        img = _basis(_reduce(_apply_poly(tabs, kill, rows, p), p, N))
        out.extend(_split(tabs, keep, img, p, N))
    return out


# --- the answer -----------------------------------------------------------------------------------------
def check_size(n: int, locality: int | None) -> bool:
    """Refuse (SizeLimitError) what the split cannot do at n qubits, before any work; True when the whole
    commutant is used (no locality, or one of at least n)."""
    if n > MAX_QUBITS:
        raise SizeLimitError(f"the discovered sectors are cut out of the whole space, up to {MAX_QUBITS} qubits, "
                             f"not {n}")
    whole = locality is None or locality >= n
    if whole and n > WHOLE_QUBITS:
        raise SizeLimitError(f"the whole commutant is used up to {WHOLE_QUBITS} qubits, not {n}; give a locality")
    return whole


def discovered_sectors(generators, *, locality: int | None = 2, max_dim: int = MAX_DIM,
                       max_block: int = MAX_BLOCK, seed: int = 0) -> DiscoveredSectors:
    """The joint eigenspaces of a maximal commuting set of discovered conserved quantities, with dim V and
    dim g_V exact (module docstring). `locality=None` uses the whole commutant (n <= 8)."""
    t0 = time.perf_counter()
    gens = as_generators(generators)
    n = gens[0].n
    N = 1 << n
    whole = check_size(n, locality)
    com = commutant(gens) if whole else commutant(gens, locality=locality)
    cert: dict = {"commutant": f"dimension {com.dim}" + ("" if whole else f" (sums of weight <= {locality})")}
    if com.basis is None:
        raise SizeLimitError(f"the commutant has no exact basis here ({com.basis_note})")
    if whole:
        struct = com.structure()
        candidates, maximal = list(struct.commuting), struct.maximal
        cert["commuting_set"] = struct.certificate.get("commuting_set")
    else:
        basis = [b for b in com.basis if b.keys.any()]
        candidates, maximal = _local_commuting(basis, n, seed)
        cert["commuting_set"] = (f"{len(candidates)} conserved sums: the centralizer of the chosen ones modulo two "
                                 "primes, from sketches on random vectors (an upper bound), " +
                                 ("has no other element (maximal)" if maximal else "not shown maximal"))
    candidates = [q for q in candidates if q.keys.any()]
    primes = list(sector_primes(4, 6))
    rng = np.random.default_rng(seed)
    conserved, spectra, left_out, integral = [], [], [], []
    for q in candidates:
        qi, scale = _integer(q)
        roots = _spectrum(qi)
        if roots is None:
            left_out.append((q, "its eigenvalues are not all rational"))
            continue
        if len(roots) == 1:
            continue  # a multiple of the identity splits nothing
        if not all(_annihilates(_tables_mod(qi, p), roots, p, N, rng) for p in primes[:2]):
            left_out.append((q, "its float spectrum is not confirmed modulo p"))
            continue
        conserved.append(q)
        spectra.append(roots)
        integral.append((qi, scale))
    cert["spectra"] = ("each quantity's integer eigenvalues (floats, rounded) annihilate random vectors modulo two "
                       "primes as prod (Q - mu): Q is diagonalizable with that spectrum")
    results: dict[int, dict] = {}
    for p in primes:
        found = {(): np.eye(N)}
        for (qi, _), roots in zip(integral, spectra):
            tabs = _tables_mod(qi, p)
            nxt = {}
            for label, rows in found.items():
                for mu, part in _split(tabs, roots, rows, p, N):
                    nxt[label + (mu,)] = part
            found = nxt
        if sum(r.shape[0] for r in found.values()) == N:
            results[p] = found
        if len(results) == 2:
            break
    if len(results) < 2:
        raise AlgebraTooLargeError("the discovered sectors are not certified: their dimensions modulo p do not "
                                   "add up to 2^n for two primes")
    first, second = list(results)
    dims = {k: v.shape[0] for k, v in results[first].items()}
    if dims != {k: v.shape[0] for k, v in results[second].items()}:
        raise AlgebraTooLargeError("the discovered sectors are not certified: two primes disagree on them")
    cert["dim_V"] = (f"the eigenspaces modulo {first} and {second} (projector polynomials): each never larger than "
                     "the true one, together 2^n, so each exact")
    scales = [s for _, s in integral]
    fld = field_of(gens)
    rrng = random.Random(seed)
    out = []
    for label in sorted(dims, key=lambda k: (dims[k], k)):
        d = dims[label]
        values = tuple(Fraction(mu, s) for mu, s in zip(label, scales))
        if d > max_block:
            out.append(DiscoveredSector(values, d, None, f"dim g_V is closed on V up to dim V = {max_block}"))
            continue
        got: dict[int, int] = {}
        note, proved = None, False
        try:
            for p in (first, second):
                tables = mod_tables(gens, n, fld, p, rrng)
                if tables is None:
                    continue
                span = _reduce(results[p][label], p, N)
                mats, traces = restricted_mod(tables, span, p)
                bound = d * d if np.any(traces) else None  # a nonzero trace modulo p is nonzero: u(V) bounds it
                got[p], reached = close_blocks_mod(GeneratorBlocks([d], mats), p, max_dim=max_dim, bound=bound,
                                                   seed=seed)
                if reached:
                    proved = True
                    break
            dim_g = max(got.values()) if got and (proved or agreed(got)) else None
            if dim_g is None:
                note = "dim g_V is not certified: " + ", ".join(f"{p}: {v}" for p, v in got.items())
        except (SizeLimitError, AlgebraTooLargeError) as exc:
            dim_g, note = None, f"dim g_V is not given: {exc}"
        out.append(DiscoveredSector(values, d, dim_g, note))
    cert["dim_g_V"] = ("the dense closure of the generators' matrices on V modulo p: proved where it reaches "
                       "dim V^2 (a generator with nonzero trace there), else two primes agree")
    return DiscoveredSectors(n, None if whole else locality, whole, conserved, maximal, out, left_out, cert,
                             time.perf_counter() - t0)
