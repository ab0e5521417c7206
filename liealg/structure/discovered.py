"""Sectors nobody named: the joint eigenspaces of the conserved quantities the commutant discovers.

The built-in sectors (`liealg.sectors`) need the symmetry named: weight, flip, momentum, ... Here the
symmetries are found instead. A commuting set {Q_1, ..., Q_r} of conserved quantities (Hermitian Pauli
sums commuting with every generator and with one another) splits the space into the joint eigenspaces

    V_lambda = ker(Q_1 - lambda_1) ∩ ... ∩ ker(Q_r - lambda_r),

each invariant under the circuit, and the circuit started in V_lambda sees only g_V = {X|_V : X in g}.
The commuting set comes from the commutant (`liealg.structure.commutant`):

- `locality=None`: the whole commutant (up to 7 qubits, where its center is found) and its maximal
  commuting set, which contains the center; then every V_lambda is one irreducible copy, the finest
  split there is (unless a part is a sum of conjugate eigenspaces, below);
- `locality=k`: the conserved sums of weight <= k, and a maximal abelian subspace of them found greedily
  (the centralizer of the elements chosen so far, over GF(p) from sketches on random vectors, two
  primes and rational reconstruction; maximal because a centralizer modulo p is never smaller than the
  true one). For the Heisenberg chain and k = 2 it is Sum Z_i, its square and S^2 - S_z^2: the sectors
  are the total spins j with their magnetization m. The Pauli strings of any weight that commute with
  every generator (the F_2 basis of the string commutant: flip X...X, parities, ...) join the set where
  they commute with it, so the named string symmetries and the discovered ones split together.

Exact throughout. The spectrum of each Q (scaled to integer coefficients) is read in floats; integer
eigenvalues give the factors x - mu of its minimal polynomial, and an irrational one (an algebraic
integer) the monic irreducible integer polynomial PSLQ finds for it, refined to ~25 digits as an exact
Rayleigh quotient, all of whose roots must be eigenvalues. Its part of the space is then the sum of the
eigenspaces of those conjugate roots (the finest split over the rationals; labelled `Roots`). The
product of the factors is checked to annihilate random vectors modulo two primes, so Q is
diagonalizable with exactly those parts (a quantity whose polynomial is not found is left out of the
split, and said so). The parts are cut out modulo p by projector polynomials (the factors split in
halves recursively, the product of one half mapping onto the parts of the other half), starting from
the whole space; dim V_lambda modulo p
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
from liealg.structure.commutant import DENSE_QUBITS, combination, commutant, string_commutant
from liealg.structure.cyclic import apply_mod, mod_tables, restricted_mod
from liealg.structure.isotypic import dense_matrix
from liealg.sums import PauliSum

#: the sectors are cut out of the whole 2^n-dimensional space (dense rows modulo p) up to this many qubits
MAX_QUBITS = 11
#: the whole commutant's maximal commuting set is used up to this many qubits (its center's dense limit)
WHOLE_QUBITS = DENSE_QUBITS
#: the algebra on a sector is closed by dense matrices on it up to this dimension
MAX_BLOCK = 64
#: largest dim g_V the sector closure goes to
MAX_DIM = 1 << 16
_SKETCH = 4  # random vectors per sketch of a commutator
_REFINE = 512  # irrational eigenvalues are refined (exact Rayleigh quotients) up to this many states
_DEGREE = 8  # highest degree of an irreducible factor looked for
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
        out = {"labels": [str(v) for v in self.labels], "dim_V": self.dim_V, "dim_g_V": self.dim_g_V,
               "note": self.note}
        roots = {j: v.polynomial() for j, v in enumerate(self.labels) if isinstance(v, Roots)}
        if roots:  # the sum of the eigenspaces of quantity j for every root of this polynomial
            out["roots_of"] = {str(j + 1): f for j, f in roots.items()}
        return out


@dataclass(frozen=True)
class Roots:
    """The label of a sector cut out by an irreducible factor f of a quantity's minimal polynomial with
    irrational roots: the sector is the sum of that quantity's eigenspaces for all roots of f (Galois
    conjugates, so of equal dimensions). `poly` is f for the quantity itself (rational coefficients,
    highest degree first), `values` its roots in floats."""

    poly: tuple
    values: tuple

    def __str__(self) -> str:
        return "{" + ",".join(f"{v:.4g}" for v in self.values) + "}"

    def polynomial(self) -> str:
        """f as text in x, e.g. 'x**2 - 5'."""
        import sympy

        x = sympy.Symbol("x")
        return str(sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in self.poly], x).as_expr())


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
    strings: int = 0  # how many of `conserved` are Pauli-string symmetries joined on the k-local route

    def __iter__(self):
        return iter(self.sectors)

    def __len__(self) -> int:
        return len(self.sectors)

    @property
    def irreducible(self) -> bool:
        """Every sector is one irreducible copy: the whole commutant's maximal commuting set, none of it
        left out and no sector a sum of conjugate eigenspaces."""
        return (self.whole and self.maximal and not self.left_out and
                not any(isinstance(v, Roots) for s in self.sectors for v in s.labels))

    def as_dict(self) -> dict:
        return {"n_qubits": self.n_qubits, "locality": self.locality, "whole": self.whole,
                "conserved": [str(q) for q in self.conserved], "maximal": self.maximal,
                "left_out": [{"operator": str(q), "reason": why} for q, why in self.left_out],
                "sectors": [s.as_dict() for s in self.sectors], "certificate": self.certificate,
                "strings": self.strings, "seconds": round(self.seconds, 6)}


# --- Pauli sums modulo p on rows of vectors --------------------------------------------------------------
def _integer(q: PauliSum) -> tuple[PauliSum, int]:
    """(D q with coprime integer coefficients' common denominator cleared, D)."""
    d = lcm(*(Fraction(c).denominator for c in q.coeffs))
    return PauliSum.from_distinct(q.n, q.keys, [Fraction(c) * d for c in q.coeffs]), d


def _tables_mod(q: PauliSum, p: int) -> list:
    """The X-pattern tables of the integer Pauli sum q modulo p (`cyclic.mod_tables`, rational field)."""
    return mod_tables([q], q.n, field_of([q]), p, random.Random(0))[0]


def _apply_poly(tabs, factors: list[tuple[int, ...]], rows: np.ndarray, p: int) -> np.ndarray:
    """prod_f f(Q) applied to each row, modulo p (each f monic with integer coefficients, highest degree
    first; x - mu for an eigenvalue mu), by Horner's rule."""
    for f in factors:
        acc = rows
        for c in f[1:]:
            acc = np.fmod(apply_mod(tabs, acc, p) + np.fmod(rows * (c % p), p), p)
        rows = acc
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


def _spectrum(q: PauliSum) -> tuple[list[tuple[int, ...]] | None, str]:
    """The minimal polynomial of the integer Pauli sum q as its irreducible monic integer factors (x - mu for
    each integer eigenvalue; for irrational ones, the polynomial an integer relation finds for its value
    refined to ~25 digits, all of whose roots must be eigenvalues), or (None, the reason). Floats and
    relations only propose: the caller checks the product annihilates q modulo two primes, and the split
    is certified by its dimensions."""
    H = dense_matrix(q)
    values, vecs = np.linalg.eigh(H)
    ints = np.rint(values)
    if np.max(np.abs(values - ints)) <= 1e-6:
        return [(1, -int(v)) for v in sorted({int(v) for v in ints})], ""
    clusters: list[list[int]] = []
    for i, v in enumerate(values):
        if clusters and abs(v - values[clusters[-1][-1]]) <= 1e-6:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    centers = [float(np.mean(values[c])) for c in clusters]
    if H.shape[0] > _REFINE:
        return None, f"its eigenvalues are not all rational (irrational ones are refined up to {_REFINE} states)"
    failed = "its eigenvalues are not all rational, and no integer polynomial was found for one"
    factors, used = [], set()
    for j, c in enumerate(clusters):
        if j in used:
            continue
        if abs(centers[j] - round(centers[j])) <= 1e-6:
            factors.append((1, -int(round(centers[j]))))
            used.add(j)
            continue
        f = _minimal_polynomial(H, vecs[:, c[0]])
        if f is None:
            return None, failed
        hit = []
        for r in np.roots(np.array(f, dtype=float)):
            k = int(np.argmin([abs(r - x) for x in centers]))
            if abs(r.imag) > 1e-6 or abs(r.real - centers[k]) > 1e-6 or k in used or k in hit:
                return None, failed
            hit.append(k)
        used.update(hit)
        factors.append(tuple(f))
    return factors, ""


def _minimal_polynomial(H: np.ndarray, v: np.ndarray) -> list[int] | None:
    """The monic integer polynomial of least degree (<= _DEGREE) vanishing at the eigenvalue of H for the
    float eigenvector v, found by PSLQ on the eigenvalue refined as the exact Rayleigh quotient of v
    rounded to 50 bits (Hermitian H: the error is of order |H v - lambda v|^2, ~25 digits)."""
    import mpmath
    import sympy

    re = np.rint(H.real).astype(np.int64).astype(object)
    im = np.rint(H.imag).astype(np.int64).astype(object)
    wr = np.array([int(x) for x in np.rint(v.real * 2.0 ** 50)], dtype=object)
    wi = np.array([int(x) for x in np.rint(v.imag * 2.0 ** 50)], dtype=object)
    a, b = re.dot(wr) - im.dot(wi), re.dot(wi) + im.dot(wr)
    num, den = int(wr.dot(a) + wi.dot(b)), int(wr.dot(wr) + wi.dot(wi))
    x = sympy.Symbol("x")
    with mpmath.workdps(40):
        value = mpmath.mpf(num) / den
        for d in range(2, _DEGREE + 1):
            rel = mpmath.findpoly(value, d, maxcoeff=10 ** 6, maxsteps=10 ** 4, tol=mpmath.mpf(10) ** -20)
            if rel is None:
                continue
            rel = [int(c) for c in rel]
            if rel[0] < 0:
                rel = [-c for c in rel]
            if rel[0] != 1 or len(sympy.Poly(rel, x).factor_list()[1]) != 1:
                return None  # an eigenvalue of an integer matrix is an algebraic integer: a monic factor
            return rel
    return None


def _annihilates(tabs, factors: list[tuple[int, ...]], p: int, N: int, rng) -> bool:
    V = rng.integers(0, p, size=(2, N)).astype(np.float64)
    return not np.any(_apply_poly(tabs, factors, V, p))


def _split(tabs, factors: list[tuple[int, ...]], rows: np.ndarray, p: int,
           N: int) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """The parts ker f(Q) (f, basis rows) inside the invariant span of `rows`, for the factors f of Q's
    minimal polynomial (Q diagonalizable): the factors split in halves, each half's part the image of the
    other half's product."""
    if rows.shape[0] == 0:
        return []
    if len(factors) == 1:
        return [(factors[0], rows)]
    a, b = factors[:len(factors) // 2], factors[len(factors) // 2:]
    out = []
    for keep, kill in ((a, b), (b, a)):
        img = _basis(_reduce(_apply_poly(tabs, kill, rows, p), p, N))
        out.extend(_split(tabs, keep, img, p, N))
    return out


def _inside(tabs, factors: list[tuple[int, ...]], rows: np.ndarray, p: int, rng) -> tuple[int, ...] | None:
    """The factor f with f(Q) killing the span of `rows` (two random combinations of them; a nonzero map
    kills both with probability <= 1/p^2), if there is one: that part needs no split."""
    C = rng.integers(0, p, size=(2, rows.shape[0]), dtype=np.int64)
    V = np.mod(C @ np.mod(rows.astype(np.int64), p), p).astype(np.float64)  # below 2^63: p^2 * rows < 2^53
    for f in factors:
        if not np.any(_apply_poly(tabs, [f], V, p)):
            return f
    return None


def _label(f: tuple[int, ...], scale: int):
    """The eigenvalue -f[1]/scale of the original quantity for a linear factor; else `Roots` of f(scale x)
    made monic."""
    if len(f) == 2:
        return Fraction(-f[1], scale)
    poly = tuple(Fraction(c, scale ** i) for i, c in enumerate(f))  # f(scale x) / scale^d
    values = tuple(sorted(float(r.real) / scale for r in np.roots(np.array(f, dtype=float))))
    return Roots(poly, values)


# --- the answer -----------------------------------------------------------------------------------------
def _commuting_strings(gens: list[PauliSum], chosen: list[PauliSum]) -> list[PauliSum]:
    """The F_2 basis strings of the string commutant (`string_commutant`) that commute with every chosen
    quantity and with one another (greedy, in basis order), as Pauli sums with coefficient 1. A string
    commutes with a sum iff it commutes with each of its strings (distinct strings give distinct products)."""
    out: list[PauliSum] = []
    for st in string_commutant(gens):
        if all(q.strings.commutes_with(st).all() for q in chosen + out):
            out.append(PauliSum.from_terms([(Fraction(1), st)], gens[0].n))
    return out


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
                       max_block: int = MAX_BLOCK, seed: int = 0, strings: bool = True) -> DiscoveredSectors:
    """The joint eigenspaces of a maximal commuting set of discovered conserved quantities, with dim V and
    dim g_V exact (module docstring). `locality=None` uses the whole commutant (n <= WHOLE_QUBITS); with a
    locality, `strings` also joins the Pauli-string symmetries of any weight that commute with the set
    (flip X...X, parities, ...: the named fast path's string symmetries)."""
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
    joined: list[PauliSum] = []
    if not whole and strings:  # the named fast path's string symmetries (any weight) join the set
        joined = _commuting_strings(gens, candidates)
        candidates += joined
        cert["strings"] = (f"{len(joined)} Pauli-string symmetries of any weight joined (the F_2 basis of the "
                           "string commutant, each kept when it commutes with the quantities chosen so far)")
    primes = list(sector_primes(4, 6))
    rng = np.random.default_rng(seed)
    conserved, spectra, left_out, integral = [], [], [], []
    for q in candidates:
        qi, scale = _integer(q)
        roots, why = _spectrum(qi)
        if roots is None:
            left_out.append((q, why))
            continue
        if len(roots) == 1 and len(roots[0]) == 2:
            continue  # a multiple of the identity splits nothing
        if not all(_annihilates(_tables_mod(qi, p), roots, p, N, rng) for p in primes[:2]):
            left_out.append((q, "its float spectrum is not confirmed modulo p"))
            continue
        conserved.append(q)
        spectra.append(roots)
        integral.append((qi, scale))
    cert["spectra"] = ("each quantity's minimal polynomial (integer eigenvalues from floats, irreducible factors for "
                       "irrational ones from integer relations) annihilates random vectors modulo two primes: Q is "
                       "diagonalizable, its parts the kernels of the factors")
    results: dict[int, dict] = {}
    splits: dict[int, set] = {}
    for p in primes:
        found = {(): np.eye(N)}
        split_by = set()
        for i, ((qi, _), roots) in enumerate(zip(integral, spectra)):
            tabs = _tables_mod(qi, p)
            nxt = {}
            for label, rows in found.items():
                f = _inside(tabs, roots, rows, p, rng)
                if f is not None:  # the part lies in one ker f(Q) already: nothing to split
                    nxt[label + (f,)] = rows
                    continue
                parts = _split(tabs, roots, rows, p, N)
                if len(parts) > 1:
                    split_by.add(i)
                for mu, part in parts:
                    nxt[label + (mu,)] = part
            found = nxt
        if sum(r.shape[0] for r in found.values()) == N:
            results[p] = found
            splits[p] = split_by
        if len(results) == 2:
            break
    if len(results) < 2:
        raise AlgebraTooLargeError("the discovered sectors are not certified: their dimensions modulo p do not "
                                   "add up to 2^n for two primes")
    # a joined string that split no part is a function of the others: it is dropped (labels stay unique,
    # since a coordinate that never split cannot tell two parts apart)
    drop = {i for i, q in enumerate(conserved) if any(q is j for j in joined) and
            all(i not in sp for sp in splits.values())}
    if joined:
        cert["strings"] += f"; {len(drop)} of them split nothing and were dropped"
    if drop:
        keep = [i for i in range(len(conserved)) if i not in drop]
        conserved = [conserved[i] for i in keep]
        spectra = [spectra[i] for i in keep]
        integral = [integral[i] for i in keep]
        results = {p: {tuple(k[i] for i in keep): v for k, v in r.items()} for p, r in results.items()}
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
    for label in sorted(dims, key=lambda k: (dims[k], [(len(f), -f[1]) if len(f) == 2 else (len(f), *f) for f in k])):
        d = dims[label]
        values = tuple(_label(f, s) for f, s in zip(label, scales))
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
    strings = sum(1 for q in conserved if len(q) == 1 and any(q is s for s in joined))
    return DiscoveredSectors(n, None if whole else locality, whole, conserved, maximal, out, left_out, cert,
                             time.perf_counter() - t0, strings)
