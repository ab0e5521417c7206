"""The state's own sector: the smallest invariant subspace that contains it, whatever the symmetry.

A conserved quantity Q (any operator commuting with every generator) that has the initial state psi as
an eigenvector, Q psi = lambda psi, cuts out an invariant subspace ker(Q - lambda) that contains psi.
The intersection of all of them, W, is psi's sector under every symmetry the circuit has, named or not
(U(1) charges, S^2, the hidden symmetries of QAOA graphs, ...). It is the cyclic module

    W = A psi,   A the associative algebra the generators generate (with 1):

W lies in every ker(Q - lambda) because Q commutes with A; conversely the orthogonal projector onto W
is itself conserved (A is closed under adjoints, so the complement of W is invariant too) and has
eigenvalue 1 on psi. So W is found without naming a symmetry: it is the Krylov space of psi under the
generators. Its dimension is exact (over GF(p), p = 1 mod 4 so that i is a residue, two primes agreeing;
a rank modulo p never exceeds the true rank), and so is dim g_W, the algebra the circuit sees from psi:
the generators' matrices on W (in the basis of W the reduction found) are closed by the dense engine
modulo the same primes (`liealg.closure.dense.close_blocks_mod`). R = dim g_W - dim{X in g_W : [X, rho]
= 0} is read off an orthonormal float basis of W (a float Krylov with a decision gap, of the exact
dimension), as for named sectors.

`state_sector` also names W: the conserved quantities of weight <= LOCALITY (the k-local commutant,
`liealg.structure.commutant`; Sum Z_i, S^2, a graph's symmetric sums, ...) that have psi as an
eigenvector form a subspace (lambda(Q) = <psi, Q psi> / <psi, psi> is linear in Q), given as a reduced
basis of exact Pauli sums with their eigenvalues; W lies in their joint eigenspace.

The state must have exact entries: a product state ('plus', 'zero', a bit string) or a vector whose
entries are Gaussian-rational multiples of one of them (e.g. a product of singlets, entries +-1/sqrt 2^k).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import scipy.sparse as sp

from liealg.closure.certificate import agreed, prime_record
from liealg.closure.dense import (
    FLOAT_GAP,
    DenseModSpan,
    GeneratorBlocks,
    close_blocks_mod,
    close_float_blocks,
)
from liealg.coefficients.fields import field_of
from liealg.errors import AlgebraTooLargeError, InputError, SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state, product_state
from liealg.kernels.pauli import popcounts
from liealg.modp import null_space_dense_mod, reconstruct_rows, roots_mod, rref_rows_mod, sector_primes, to_mod
from liealg.resources import memory_budget, memory_text
from liealg.sectors.bases import sector_basis
from liealg.sectors.preserved import symmetries
from liealg.sectors.states import state_sector as named_sector
from liealg.structure.commutant import combination, commutant
from liealg.sums import PauliSum

#: the Krylov space is built on vectors of the whole 2^n-dimensional space up to this many qubits
MAX_QUBITS = 14
#: the sector's basis (dim W x 2^n residues) may hold at most this many entries
MAX_ENTRIES = 1 << 27
#: dim W^2 x 2^n, the reduction work of the Krylov space, is kept below this (about 10 s here)
MAX_WORK = 1 << 36
#: the conserved quantities that name W are sums of Pauli strings of at most this weight
LOCALITY = 2
#: the algebra on W is closed by dense matrices on W up to this dim W
MAX_BLOCK = 64
#: largest dim g_W the sector closure goes to (beyond, dim W alone is given)
MAX_DIM = 1 << 16
_CLOSE_RTOL = 1e-6  # ... and a float closure candidate on W (rounding grows with the nesting depth)
_FLOOR = 1e-11  # singular values of the tangent vectors below this are rounding (trainability.ranks.NOISE_FLOOR)
_RTOL = 1e-9  # a float Krylov candidate below this fraction of its scale is dependent
_PRIMES = 6  # primes tried before the dimension of W is refused


@dataclass
class StateSector:
    """The smallest invariant subspace W containing the state: `dim_V` = dim W, `dim_g_V` = dim g_W (exact;
    None with `note` when it is not given), `R_V` (float, of the exact dimension), the named sector it lies in
    (`named`, `named_dim`), the conserved quantities of the commutant with the state as an eigenvector
    (`conserved`: operator text and eigenvalue), and the certificate."""

    n_qubits: int
    dim_V: int
    dim_g_V: int | None
    R_V: int | None
    named: dict | None
    named_dim: int | None
    conserved: list = field(default_factory=list)
    certificate: dict = field(default_factory=dict)
    note: str | None = None
    seconds: float = 0.0

    @property
    def smaller_than_named(self) -> bool:
        """Is W a proper part of the named sector (or of the whole space, when there is none)?"""
        return self.dim_V < (self.named_dim if self.named_dim is not None else 1 << self.n_qubits)

    def as_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k not in ("seconds", "conserved")}
        out["conserved"] = [{"operator": str(c["operator"]), "eigenvalue": str(c["eigenvalue"])}
                            for c in self.conserved]
        out["seconds"] = round(self.seconds, 6)
        return out

    def summary(self) -> str:
        """One line: dim W against the named sector, dim g_W and R."""
        named = (f"the named sector {', '.join(f'{k}={v}' for k, v in self.named.items())} has {self.named_dim}"
                 if self.named else f"the whole space has {1 << self.n_qubits}")
        return (f"dim W = {self.dim_V} ({named})   dim g_W = {'not given' if self.dim_g_V is None else self.dim_g_V}"
                f"   R from g_W = {'not given' if self.R_V is None else self.R_V}")


# --- the state, exactly -------------------------------------------------------------------------------
def exact_state(state, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(re, im): int64 vectors with psi proportional to re + i im (qubit 0 the most significant bit), or
    InputError when the state's entries are not Gaussian-rational multiples of one entry."""
    spec = product_state(state, n)
    N = 1 << n
    if spec == "+":
        return np.ones(N, dtype=np.int64), np.zeros(N, dtype=np.int64)
    if spec is not None:
        re = np.zeros(N, dtype=np.int64)
        re[int(spec, 2)] = 1
        return re, np.zeros(N, dtype=np.int64)
    psi = initial_state(state, n)
    support = np.flatnonzero(np.abs(psi) > 1e-12 * np.abs(psi).max())
    ratios = psi[support] / psi[support[np.argmax(np.abs(psi[support]))]]
    parts, denominators = [], 1
    for r in ratios:
        pair = []
        for x in (r.real, r.imag):
            q = Fraction(float(x)).limit_denominator(1 << 12)
            if abs(float(q) - x) > 1e-9:
                raise InputError("the state's own sector needs exact entries: a product state, or a vector whose "
                                 "entries are rational (or Gaussian-rational) multiples of one another; "
                                 f"this one has a ratio {complex(r):.6g}")
            pair.append(q)
            denominators = denominators * q.denominator // np.gcd(denominators, q.denominator)
        parts.append(pair)
    re, im = np.zeros(N, dtype=np.int64), np.zeros(N, dtype=np.int64)
    for j, (a, b) in zip(support, parts):
        re[j], im[j] = int(a * denominators), int(b * denominators)
    return re, im


# --- Pauli sums on vectors --------------------------------------------------------------------------
def _index_masks(v: np.ndarray, n: int) -> np.ndarray:
    """Bit q (qubit q) of each mask -> bit n-1-q of the state index (qubit 0 the most significant)."""
    shifts = np.arange(n, dtype=np.int64)
    bits = (v[:, None].astype(np.int64) >> shifts[None, :]) & 1
    return (bits << (n - 1 - shifts)[None, :]).sum(axis=1)


def pauli_tables(g: PauliSum, n: int, coeffs: np.ndarray, unit) -> list[tuple[np.ndarray, np.ndarray]]:
    """(perm, D) per X pattern: (H v)[j] = sum over patterns of D[j ^ X] v[j ^ X] (perm = r ^ X). `coeffs`
    are the terms' coefficients (residues or floats), `unit` the powers of i (a function of #Y)."""
    N = 1 << n
    r = np.arange(N, dtype=np.int64)
    xs = _index_masks(g.keys[:, 0], n)
    zs = _index_masks(g.keys[:, 1], n)
    ys = popcounts((g.keys[:, 0] & g.keys[:, 1]).astype(np.uint64)).astype(np.int64)
    out = []
    for xv in np.unique(xs):
        sel = np.flatnonzero(xs == xv)
        signs = 1 - 2 * (popcounts((r[None, :] & zs[sel, None]).astype(np.uint64)) & 1).astype(np.int64)
        D = sum(unit(int(ys[t]), coeffs[t]) * signs[i] for i, t in enumerate(sel))
        out.append((r ^ int(xv), D))
    return out


def apply_mod(tables, rows: np.ndarray, p: int) -> np.ndarray:
    """H applied to each row (float64 residues in (-p, p)), modulo p, exactly (products below 2^42)."""
    out = np.zeros_like(rows)
    for perm, D in tables:
        out = np.fmod(out + np.fmod(rows * D[None, :], p)[:, perm], p)
    return out


def apply_float(tables, rows: np.ndarray) -> np.ndarray:
    out = np.zeros(rows.shape, dtype=complex)
    for perm, D in tables:
        out += (rows * D[None, :])[:, perm]
    return out


# --- the Krylov space modulo p ------------------------------------------------------------------------
def mod_tables(gens: list[PauliSum], n: int, fld, p: int, rng) -> list | None:
    ev = fld.evaluation_at(p, rng)
    if ev is None:
        return None
    iota = roots_mod(p, 1)[0]
    powers = [1, iota, p - 1, p - iota]
    try:
        residues = [np.array([fld.residue(c, ev) for c in g.coeffs], dtype=np.int64) for g in gens]
    except ZeroDivisionError:
        return None
    return [[(perm, np.mod(D, p).astype(np.float64)) for perm, D in
             pauli_tables(g, n, res, lambda y, c, p=p: int(c) * powers[y % 4] % p)] for g, res in zip(gens, residues)]


def _krylov_mod(tables, start: np.ndarray, p: int, N: int) -> DenseModSpan:
    span = DenseModSpan(p, N)
    frontier = span.add(start[None, :].copy())
    most = min(MAX_ENTRIES, memory_budget() // 8)
    while frontier.shape[0]:
        new = []
        for t in tables:
            for s in range(0, frontier.shape[0], 256):
                got = span.add(apply_mod(t, frontier[s:s + 256], p))
                if got.shape[0]:
                    new.append(got)
            if span.dim * N > most:
                raise SizeLimitError(f"the state's sector has more than {span.dim:,} dimensions; its basis of "
                                     f"{N:,} entries each exceeds the limit ({memory_text(8 * most)})")
            if span.dim * span.dim * N > MAX_WORK:
                raise SizeLimitError(f"the state's sector has more than {span.dim:,} dimensions of {N:,} entries: "
                                     "its Krylov space is built up to about 2^36 operations")
        frontier = np.concatenate(new) if new else np.zeros((0, N))
    return span


def _coordinates(span: DenseModSpan, V: np.ndarray) -> np.ndarray:
    """Coordinates (m x dim) of rows V of the span in the span's rows, panel by panel (each panel is in
    reduced row echelon form and zero in the pivots of the panels before it)."""
    p = span.p
    parts = []
    for rows, piv in span.panels:
        f = V[:, piv].copy()
        parts.append(f)
        if f.any():
            V = np.fmod(V - np.fmod(f @ rows, p), p)  # f @ rows: a panel has under 2^11 rows (exact)
    if np.any(V):
        raise UncertifiedError("a generator maps the state's Krylov space outside itself modulo p")
    return np.concatenate(parts, axis=1) if parts else np.zeros((V.shape[0], 0))


def restricted_mod(tables, span: DenseModSpan, p: int) -> tuple[list, np.ndarray]:
    """The matrices of i H_k on W (CSR of residues; column j = the image of basis row j) and their traces."""
    iota = roots_mod(p, 1)[0]
    basis = np.concatenate([rows for rows, _ in span.panels])
    mats, traces = [], []
    for t in tables:
        C = _coordinates(span, apply_mod(t, basis, p)).T  # H_k b_j = sum_a C[a, j] b_a
        C = np.mod(C, p)
        traces.append(int(np.trace(C.astype(np.int64)) % p) if C.size else 0)
        m = sp.csr_matrix(np.mod(C * iota, p))
        m.eliminate_zeros()
        mats.append([m])
    return mats, np.array(traces)


# --- the float side: an orthonormal basis of W ---------------------------------------------------------
def _krylov_float(tables, psi: np.ndarray, scales: list[float], limit: int) -> tuple[np.ndarray, float]:
    """Orthonormal rows spanning the float Krylov space of psi (CGS2), and the decision gap (smallest
    accepted / largest rejected residual, relative to the generator's norm)."""
    Q = psi[None, :] / np.linalg.norm(psi)
    frontier, smallest, largest = Q, np.inf, 0.0
    while frontier.shape[0]:
        new = []
        for t, sc in zip(tables, scales):
            C = apply_float(t, frontier)
            for _ in range(2):
                C = C - (C @ Q.conj().T) @ Q
            for r in C:
                for _ in range(2):
                    if new:
                        A = np.array(new)
                        r = r - (A.conj() @ r) @ A
                nr = np.linalg.norm(r)
                ratio = nr / sc if sc > 0 else 0.0
                if ratio > _RTOL:
                    new.append(r / nr)
                    smallest = min(smallest, ratio)
                else:
                    largest = max(largest, ratio)
            if Q.shape[0] + len(new) > limit:
                return np.concatenate([Q, np.array(new)]), 0.0
        frontier = np.array(new) if new else np.zeros((0, Q.shape[1]), dtype=complex)
        if new:
            Q = np.concatenate([Q, frontier])
    return Q, smallest / max(largest, 1e-300)


@dataclass
class _FloatBasis:
    Q: np.ndarray | None  # orthonormal rows spanning W
    H: list  # the generators' Hermitian matrices on W
    tau: int | None  # the rank of their traces
    note: str | None


def _float_basis(gens, n, psi, dim_W) -> _FloatBasis:
    tables = [pauli_tables(g, n, np.asarray(g.float_coeffs, dtype=float), lambda y, c: c * (1j ** y)) for g in gens]
    scales = [float(np.abs(np.asarray(g.float_coeffs, dtype=float)).sum()) for g in gens]
    Q, gap = _krylov_float(tables, psi, scales, dim_W)
    if Q.shape[0] != dim_W or gap < FLOAT_GAP:
        return _FloatBasis(None, [], None, f"R is not given: the float Krylov space ({Q.shape[0]} dimensions, gap "
                                           f"{gap:.1f}) does not reproduce dim W = {dim_W}")
    H = [Q.conj() @ apply_float(t, Q).T for t in tables]  # H[a, b] = <q_a | H | q_b>
    traces = np.array([[np.trace(h).real] for h in H])
    s = np.linalg.svd(traces, compute_uv=False)
    tau = int(np.sum(s > 1e-9 * max(s[0], 1.0)))
    return _FloatBasis(Q, H, tau, None)


def _float_R(fb: _FloatBasis, psi: np.ndarray, dim_g: int) -> tuple[int | None, str | None]:
    """R = the rank of {X psi - <psi, X psi> psi : X in g_W}, from g_W closed in floats to its exact dimension."""
    if fb.Q is None:
        return None, fb.note
    d = fb.Q.shape[0]
    try:
        flt = close_float_blocks([d], [[sp.csr_matrix(1j * h)] for h in fb.H], max_dim=dim_g, rtol=_CLOSE_RTOL)
    except AlgebraTooLargeError:
        return None, f"R is not given: the float closure on W passes dim g_W = {dim_g} (rounding)"
    except UncertifiedError as exc:
        return None, f"R is not given: {exc}"
    if flt.dim != dim_g:
        return None, f"R is not given: the float closure on W has dimension {flt.dim}, not {dim_g}"
    c = fb.Q.conj() @ psi
    vecs = []
    for q in flt.spans[0]:
        v = q.reshape(d, d) @ c
        v = v - np.vdot(c, v) * c
        vecs.append(np.concatenate([v.real, v.imag]))
    if not vecs:
        return 0, None
    sv = np.linalg.svd(np.array(vecs), compute_uv=False)
    return int(np.sum(sv > max(1e-9 * sv[0], _FLOOR))), None


# --- names: the local conserved quantities with psi as an eigenvector ---------------------------------
def _gauss_apply(Q: PauliSum, n: int, re: np.ndarray, im: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    """(Re, Im) of Q psi modulo p, psi = re + i im, Q a rational Pauli sum: no i in GF(p) needed (the real and
    imaginary parts of the terms i^#Y are kept apart)."""
    res = np.array([to_mod(c, p) for c in Q.coeffs], dtype=np.int64)
    parts = [pauli_tables(Q, n, res,
                          lambda y, c, k=k: int(c) * ((1 if y % 4 == k else 0) - (1 if y % 4 == k + 2 else 0)))
             for k in (0, 1)]  # the real (y = 0 mod 4 minus y = 2) and imaginary (1 minus 3) coefficients
    a = np.mod(np.stack([re, im]), p).astype(np.float64)
    out_r, out_i = np.zeros(re.shape[0]), np.zeros(re.shape[0])
    for (perm, Dr), (_, Di) in zip(*parts):
        Dr, Di = np.mod(Dr, p).astype(np.float64), np.mod(Di, p).astype(np.float64)
        r, i = np.fmod(a[0] * Dr, p) - np.fmod(a[1] * Di, p), np.fmod(a[1] * Dr, p) + np.fmod(a[0] * Di, p)
        out_r = np.fmod(out_r + r[perm], p)
        out_i = np.fmod(out_i + i[perm], p)
    return np.mod(out_r, p), np.mod(out_i, p)


def _conserved(gens, n, re, im, locality: int) -> tuple[list, str | None]:
    """The Hermitian conserved quantities of weight <= `locality` (`commutant(locality=k)`, exact) that have psi
    as an eigenvector: Q psi = lambda(Q) psi with lambda(Q) = <psi, Q psi> / <psi, psi> is real linear in Q's
    real coordinates, so they are a subspace, the null space of Q -> (Re, Im)(Q psi - lambda(Q) psi) over the
    commutant's basis, found modulo two primes and reconstructed as rationals (each element then checked
    modulo a third prime)."""
    try:
        com = commutant(gens, locality=locality)
    except (SizeLimitError, UncertifiedError) as exc:
        return [], f"no local conserved quantities named ({exc})"
    if com.basis is None:
        return [], f"no local conserved quantities named ({com.basis_note})"
    basis = [b for b in com.basis if not (len(b) == 1 and not b.keys.any())]  # the identity names nothing
    if not basis:
        return [], None
    primes = list(sector_primes(4, 3))
    reduced = {}
    for p in primes[:2]:
        norm = int(np.mod(re * re + im * im, p).sum() % p)
        if norm == 0:
            continue
        rows = []
        for Q in basis:
            wr, wi = _gauss_apply(Q, n, re, im, p)
            lam = int((np.mod(re, p) * wr % p + np.mod(im, p) * wi % p).astype(np.int64).sum() % p)
            lam = lam * pow(norm, p - 2, p) % p
            rows.append(np.concatenate([np.mod(wr - lam * np.mod(re, p), p), np.mod(wi - lam * np.mod(im, p), p)]))
        null = null_space_dense_mod(np.array(rows).T, p).T  # coordinates over the basis
        reduced[p] = rref_rows_mod(null, p)[0] if len(null) else np.zeros((0, len(basis)), dtype=np.int64)
    if len(reduced) < 2:
        return [], "no local conserved quantities named (no prime served)"
    first, second = reduced
    if reduced[first].shape != reduced[second].shape:
        return [], "no local conserved quantities named (the primes disagree)"
    if not reduced[first].shape[0]:
        return [], None
    coords = reconstruct_rows(reduced)
    if coords is None:
        return [], "no local conserved quantities named (no small rational reconstruction)"
    out = []
    psi_f = re + 1j * im
    for row in coords:
        x = [Fraction(0)] * len(basis)
        for c, v in row:
            x[c] = v
        Q = combination(basis, x, n)
        tab = pauli_tables(Q, n, np.asarray(Q.float_coeffs, dtype=float), lambda y, c: c * (1j ** y))
        lam = np.vdot(psi_f, apply_float(tab, psi_f[None, :].astype(complex))[0]) / np.vdot(psi_f, psi_f)
        value = Fraction(float(lam.real)).limit_denominator(1 << 20)
        if abs(float(value) - lam.real) > 1e-9 * max(1.0, abs(lam.real)) or not _eigen_mod(Q, n, re, im, value,
                                                                                            primes[2]):
            return [], "no local conserved quantities named (a reconstructed element fails its check)"
        out.append({"operator": Q, "eigenvalue": value})
    return out, None


def _eigen_mod(Q: PauliSum, n: int, re, im, value: Fraction, p: int) -> bool:
    """Q psi = value psi modulo p (psi = re + i im)."""
    wr, wi = _gauss_apply(Q, n, re, im, p)
    lam = to_mod(value, p)
    return bool(np.all(wr == np.mod(lam * np.mod(re, p), p)) and np.all(wi == np.mod(lam * np.mod(im, p), p)))


# --- the answer ---------------------------------------------------------------------------------------------
def state_sector(generators, state, *, max_dim: int = MAX_DIM, locality: int = LOCALITY,
                 seed: int = 0) -> StateSector:
    """The smallest invariant subspace W containing `state` (the module docstring): dim W and dim g_W exact,
    R from g_W, the named sector the state lies in, and the conserved quantities that name W."""
    t0 = time.perf_counter()
    gens = as_generators(generators)
    n = gens[0].n
    if n > MAX_QUBITS:
        raise SizeLimitError(f"the state's own sector is found on vectors of the whole space, up to {MAX_QUBITS} "
                             f"qubits, not {n}")
    re, im = exact_state(state, n)
    N = 1 << n
    fld = field_of(gens)
    rng = random.Random(seed)
    dims_W: dict[int, int] = {}
    found = {}
    for p in sector_primes(4, _PRIMES):
        tables = mod_tables(gens, n, fld, p, rng)
        if tables is None:
            continue
        iota = roots_mod(p, 1)[0]
        start = np.mod(re + iota * im, p).astype(np.float64)
        span = _krylov_mod(tables, start, p, N)
        dims_W[p] = span.dim
        found[p] = (tables, span)
        if agreed(dims_W):
            break
    if not dims_W or not agreed(dims_W):
        raise UncertifiedError("the dimension of the state's sector is not certified: "
                               + ", ".join(f"{p}: {d}" for p, d in dims_W.items()))
    dim_W = max(dims_W.values())
    primes = [p for p, d in dims_W.items() if d == dim_W]
    psi = initial_state(state, n) if product_state(state, n) is None else (re + 1j * im) / np.linalg.norm(re + 1j * im)
    sec = named_sector(state, n, symmetries(gens)) if product_state(state, n) is not None else None
    named_dim = sector_basis(sec).dim if sec is not None else None
    cert = {"dim_V": {**prime_record({p: dims_W[p] for p in dims_W}),
                      "how": "the Krylov space of the state under the generators modulo p (two primes agree)"}}
    note = None
    dim_g, R = None, None
    fb = _float_basis(gens, n, psi, dim_W) if dim_W <= MAX_BLOCK else None  # only g_W needs it
    tau, float_note = (fb.tau, fb.note) if fb is not None else (None, None)
    dims_g: dict[int, int] = {}
    proved = False
    try:
        if dim_W > MAX_BLOCK:
            raise SizeLimitError(f"the state's sector has {dim_W:,} dimensions; its algebra is closed on W up to "
                                 f"{MAX_BLOCK}")
        for p in primes:
            tables, span = found[p]
            mats, traces = restricted_mod(tables, span, p)
            tau_p = 1 if np.any(traces) else 0
            bound = dim_W * dim_W - 1 + tau if tau is not None and tau == tau_p else None
            d, reached = close_blocks_mod(GeneratorBlocks([dim_W], mats), p, max_dim=max_dim, bound=bound,
                                          seed=seed + len(dims_g))
            dims_g[p] = d
            if reached:
                proved = True
                break
        if not proved and not agreed(dims_g):
            for p in sector_primes(4, 4 * _PRIMES):  # more primes that reach dim W
                if p in dims_W:
                    continue
                tables = mod_tables(gens, n, fld, p, rng)
                if tables is None:
                    continue
                iota = roots_mod(p, 1)[0]
                span = _krylov_mod(tables, np.mod(re + iota * im, p).astype(np.float64), p, N)
                if span.dim != dim_W:
                    continue
                mats, _ = restricted_mod(tables, span, p)
                dims_g[p], _ = close_blocks_mod(GeneratorBlocks([dim_W], mats), p, max_dim=max_dim, seed=seed)
                if agreed(dims_g):
                    break
        if proved or agreed(dims_g):
            dim_g = max(dims_g.values())
            cert["dim_g_V"] = {**prime_record(dims_g), "shortcut": "upper-bound" if proved else None,
                               "how": "the dense closure of the generators' matrices on W modulo p"}
        else:
            note = "dim g_W is not certified: " + ", ".join(f"{p}: {d}" for p, d in dims_g.items())
    except (SizeLimitError, AlgebraTooLargeError) as exc:
        note = f"dim g_W is not given: {exc}"
    if dim_g is not None and proved:  # g_W contains su(W): the orbit is the whole sphere of W
        R = 2 * (dim_W - 1)
        cert["R_V"] = "g_W contains su(W) (the upper bound was reached), so R = 2 (dim W - 1)"
    elif dim_g is not None:
        R, float_note = _float_R(fb, psi, dim_g)
        if R is not None:
            cert["R_V"] = "the rank of X psi - <psi, X psi> psi over a float basis of g_W closed to its exact dimension"
    if float_note and note is None:
        note = float_note
    conserved, label_note = ([], None)
    if locality:
        conserved, label_note = _conserved(gens, n, re, im, locality)
    cert["conserved"] = label_note or (
        f"every conserved quantity of weight <= {locality} with the state as an eigenvector (a reduced basis "
        "of that subspace, exact rationals from two primes, each checked modulo a third)")
    return StateSector(n, dim_W, dim_g, R, sec.keys if sec is not None else None, named_dim,
                       conserved, cert, note, time.perf_counter() - t0)
