"""Symmetry sectors: invariant subspaces V of the generators, and the generators restricted to V.

A symmetry commuting with every generator H_k splits the state space into sectors; a
circuit started in one sector V only sees g_V = {X|_V : X in g}, a homomorphic image of g.
Sectors here are joint eigenspaces of (qubit 0 is the leftmost letter, as everywhere):

    weight=W       basis states with W qubits in |1> (U(1) charge; sum of Z = n - 2W)
    zparity=+-1    eigenvalue of Z...Z
    flip=+-1       eigenvalue of X...X
    momentum=K     translation q -> q+1 (mod n), eigenvalue exp(2 pi i K / n)
    reflection=+-1 qubit q -> n-1-q

weight and zparity select basis states; flip, translation and reflection permute them.
With G the group the permuting keys generate and chi its character of the requested
eigenvalues, V is spanned by the unnormalized vectors

    v_x = sum_{g in G} chi(g)^-1 |g x>,   x an orbit representative with chi = 1 on Stab(x)

(orthogonal, with integer or cyclotomic entries: |x> + |flip x>, sums of n-th roots of unity).
Translation and reflection do not commute; together they need momentum 0 (or n/2), where
chi is a character of the dihedral group. The matrix of a Pauli sum on this basis is read
off directly from its terms, <y|P|z> for the states z of each orbit, without ever forming a
2^n x 2^n matrix: O(dim V x terms) work, entries exact in GF(p) (with i and the n-th roots of
unity of GF(p)) or complex for the float cross-check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np

from .automorphisms import apply_to_states
from .errors import SizeLimitError
from .pauli import PauliString
from .sums import PauliSum

KEYS = ("weight", "zparity", "flip", "momentum", "reflection")
#: largest number of basis states a sector may be built from (the diagonal selection)
MAX_STATES = 1 << 22
#: largest sector dimension the dense engines take
MAX_SUBSPACE = 1 << 14


class SectorError(ValueError):
    """A sector that cannot be formed (unknown key, bad value, non-commuting keys, broken symmetry)."""


@dataclass(frozen=True)
class Sector:
    """A joint eigenspace of the symmetry keys (None: the key is not imposed).

    >>> Sector.parse(["weight=3", "reflection=-1"], 6)
    Sector(n=6, weight=3, reflection=-1)
    """

    n: int
    weight: int | None = None
    zparity: int | None = None
    flip: int | None = None
    momentum: int | None = None
    reflection: int | None = None

    def __post_init__(self):
        n = self.n
        for key in ("zparity", "flip", "reflection"):
            v = getattr(self, key)
            if v is not None and v not in (1, -1):
                raise SectorError(f"{key}={v}: the eigenvalue of {key} is +1 or -1")
        if self.weight is not None and not 0 <= self.weight <= n:
            raise SectorError(f"weight={self.weight} is out of range for {n} qubits (0..{n})")
        if self.momentum is not None and not 0 <= self.momentum < n:
            raise SectorError(f"momentum={self.momentum} is out of range for {n} qubits (0..{n - 1})")
        if self.flip is not None and self.weight is not None and 2 * self.weight != n:
            raise SectorError(f"flip and weight={self.weight} do not commute: X...X maps weight {self.weight} "
                              f"to {n - self.weight} (only weight={n / 2:g} is flip-invariant)")
        if self.flip is not None and self.zparity is not None and n % 2:
            raise SectorError(f"flip and zparity anticommute on an odd number of qubits ({n})")
        if self.momentum is not None and self.reflection is not None and (2 * self.momentum) % n:
            raise SectorError(f"momentum={self.momentum} and reflection do not commute (reflection maps momentum K "
                              f"to -K; only K = 0{' or ' + str(n // 2) if n % 2 == 0 else ''} are compatible)")
        if self.weight is not None and self.zparity is not None and (-1) ** self.weight != self.zparity:
            raise SectorError(f"weight={self.weight} has zparity {(-1) ** self.weight:+d}, not {self.zparity:+d}")

    @classmethod
    def parse(cls, spec, n: int) -> Sector:
        """From a dict {'weight': 3}, a Sector, or strings like ['weight=3', 'flip=-1'] (also 'weight=3,flip=-1')."""
        if isinstance(spec, Sector):
            if spec.n != n:
                raise SectorError(f"the sector is for {spec.n} qubits, the generators act on {n}")
            return spec
        if isinstance(spec, str):
            spec = [spec]
        items = {}
        if isinstance(spec, dict):
            items = dict(spec)
        else:
            for text in spec:
                for part in str(text).split(","):
                    key, eq, value = part.strip().partition("=")
                    if not eq:
                        raise SectorError(f"{part.strip()!r}: write KEY=VALUE (keys: {', '.join(KEYS)})")
                    if key.strip() in items:
                        raise SectorError(f"{key.strip()} is given twice")
                    items[key.strip()] = value.strip()
        out = {}
        for key, value in items.items():
            if key not in KEYS:
                raise SectorError(f"unknown sector key {key!r} (keys: {', '.join(KEYS)})")
            try:
                out[key] = int(str(value).replace("+", "")) if not isinstance(value, int) else value
            except ValueError:
                raise SectorError(f"{key}={value}: the value must be an integer") from None
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise SectorError(f"{key}={value}: the value must be an integer")
        return cls(n, **out)

    @property
    def keys(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "n" and getattr(self, f.name) is not None}

    @property
    def is_real(self) -> bool:
        """Whether the sector basis has real (integer) entries: no momentum other than 0 or n/2."""
        return self.momentum is None or (2 * self.momentum) % self.n == 0

    def __str__(self) -> str:
        parts = [f"{k}={v:+d}" if k in ("zparity", "flip", "reflection") else f"{k}={v}" for k, v in self.keys.items()]
        return ", ".join(parts) if parts else "the whole space"

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v}" for k, v in self.keys.items())
        return f"Sector(n={self.n}{', ' + inner if inner else ''})"


# --- symmetries of generators -----------------------------------------------------------------
def _rotated(p: PauliSum, shift: int) -> PauliSum:
    labels = p.strings.labels()
    return PauliSum.from_terms([(c, lab[-shift:] + lab[:-shift]) for c, lab in zip(p.coeffs, labels)], p.n)


def _reflected(p: PauliSum) -> PauliSum:
    return PauliSum.from_terms([(c, lab[::-1]) for c, lab in zip(p.coeffs, p.strings.labels())], p.n)


def _same(a: PauliSum, b: PauliSum) -> bool:
    from .coefficients import is_zero

    if a.keys.shape != b.keys.shape or not np.array_equal(a.keys, b.keys):
        return False
    return all(x == y or is_zero(x - y) for x, y in zip(a.coeffs, b.coeffs))


def _conserves_weight(h: PauliSum) -> bool:
    """[sum_j Z_j, H] = 0, exactly: [Z_j, P] = 2 Z_j P = 2 i^k R (k = 1 or 3) when P has X or Y on qubit j."""
    terms: dict = {}
    for c, s in zip(h.coeffs, h.strings):
        x = s.x
        while x:
            low = x & -x
            x ^= low
            prod = PauliString(n=h.n, z=low) * s  # i^k R with k odd
            key = (prod.x, prod.z)
            terms[key] = terms.get(key, 0) + (c if prod.phase == 1 else -c)
    from .coefficients import is_zero

    return all(v == 0 or is_zero(v) for v in terms.values())


def breaks(h: PauliSum, key: str) -> str | None:
    """Why generator h does not commute with symmetry `key` (None when it does)."""
    n = h.n
    if key == "weight":
        return None if _conserves_weight(h) else "it changes the number of qubits in |1> (weight)"
    if key == "zparity":
        bad = [lab for s, lab in zip(h.strings, h.strings.labels()) if bin(s.x).count("1") % 2]
        return f"its term {bad[0]} anticommutes with Z...Z" if bad else None
    if key == "flip":
        bad = [lab for s, lab in zip(h.strings, h.strings.labels()) if bin(s.z).count("1") % 2]
        return f"its term {bad[0]} anticommutes with X...X" if bad else None
    if key == "momentum":
        return None if n == 1 or _same(_rotated(h, 1), h) else "it is not invariant under translation q -> q+1"
    if key == "reflection":
        return None if _same(_reflected(h), h) else "it is not invariant under the reflection q -> n-1-q"
    raise SectorError(f"unknown sector key {key!r}")


def symmetries(gens: list[PauliSum]) -> dict[str, bool]:
    """Which of the sector symmetries commute with every generator."""
    return {key: all(breaks(g, key) is None for g in gens) for key in KEYS}


def check_preserved(gens: list[PauliSum], sector: Sector) -> None:
    """SectorError naming the first generator that does not commute with a requested symmetry."""
    for key in sector.keys:
        for k, g in enumerate(gens):
            why = breaks(g, key)
            if why:
                text = str(g) if len(str(g)) <= 60 else str(g)[:57] + "..."
                raise SectorError(f"generator {k + 1} ({text}) does not preserve the sector {sector}: {why}")


# --- the sector basis --------------------------------------------------------------------------
def _states(sector: Sector) -> np.ndarray:
    """Sorted basis states (bit q = qubit q) meeting the diagonal keys."""
    n = sector.n
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
    from itertools import combinations

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
    `sector_problem`; `liealg.automorphisms`), empty for a sector itself.
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
    sector's keys and with each other (`liealg.automorphisms`): one basis per sign choice, in the order
    of itertools.product((1, -1), repeat=len(involutions)). The orbits of the whole group are found
    once; a character only decides which orbits survive and with which signs."""
    from itertools import product

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


# --- blocks: finer sectors inside V --------------------------------------------------------
def refinements(sector: Sector, syms: dict[str, bool]) -> list[Sector]:
    """V as a direct sum of finer sectors, using symmetries of the generators that the request does not
    fix and that commute with it (the closure then works on block-diagonal elements)."""
    n = sector.n
    split_weight = (syms.get("weight") and sector.weight is None and sector.zparity is None
                    and sector.flip is None)
    options: list[tuple[str, list[int]]] = []
    if split_weight:  # the finest U(1) split first: blocks of C(n, w) states
        options.append(("weight", list(range(n + 1))))
    elif syms.get("zparity") and sector.zparity is None and sector.weight is None and not (
            sector.flip is not None and n % 2):
        options.append(("zparity", [1, -1]))
    if syms.get("flip") and sector.flip is None and (split_weight or sector.weight is None
                                                     or 2 * sector.weight == n) and not (
            sector.zparity is not None and n % 2):
        options.append(("flip", [1, -1]))  # after a weight split: only where 2w = n
    if syms.get("reflection") and sector.reflection is None and (
            sector.momentum is None or (2 * sector.momentum) % n == 0):
        options.append(("reflection", [1, -1]))
    if syms.get("momentum") and sector.momentum is None and sector.reflection is None and not any(
            k == "reflection" for k, _ in options):
        options.append(("momentum", list(range(n))))
    out = [sector]
    for key, values in options:
        finer = []
        for s in out:
            try:  # a sector the key does not commute with stays whole; a key is never half-applied to it
                finer.extend(Sector(**{**s.keys, "n": n, key: v}) for v in values)
            except SectorError:
                finer.append(s)
        out = finer
    return out


@dataclass
class SectorProblem:
    """The generators restricted to V, as blocks over finer sectors: what the dense engines close."""

    sector: Sector
    blocks: list[SectorBasis]
    generators: list[PauliSum]
    coo: list[list] = field(default_factory=list)  # coo[k][b]: restrict_coo of generator k on block b

    @property
    def subspace_dim(self) -> int:
        return sum(b.dim for b in self.blocks)

    @property
    def is_real(self) -> bool:
        return all(b.sector.is_real for b in self.blocks)


def sector_problem(gens: list[PauliSum], sector: Sector, refine: bool = True) -> SectorProblem:
    """Validate the sector for the generators and restrict them to it (block by block)."""
    if sector.n > 62:
        raise SizeLimitError(f"symmetry sectors work up to 62 qubits, not {sector.n}")
    check_preserved(gens, sector)
    blocks = block_bases(gens, sector, refine)
    dim = sum(b.dim for b in blocks)
    if dim > MAX_SUBSPACE:
        raise SizeLimitError(f"the sector {sector} has dimension {dim:,}; the dense sector engine takes up to "
                             f"{MAX_SUBSPACE:,}: add keys to make it smaller")
    coo = [[restrict_coo(g, b) for b in blocks] for g in gens]
    return SectorProblem(sector, blocks, gens, coo)


#: blocks from qubit involutions are kept at least this large on average (smaller ones cost more in
#: per-block overhead than they save)
MIN_MEAN_BLOCK = 16


def block_bases(gens: list[PauliSum], sector: Sector, refine: bool = True) -> list[SectorBasis]:
    """The non-empty blocks of V: its finer sectors (`refinements`), each split by the +-1 eigenvalues of
    commuting qubit involutions that preserve every generator (`liealg.automorphisms`, e.g. a graph's
    automorphisms), as many as keep the mean block at least MIN_MEAN_BLOCK states."""
    from .automorphisms import commuting_involutions, reflection, translation

    if not refine:
        return [b for b in [sector_basis(sector)] if b.dim > 0]
    parts = [b for b in (sector_basis(s) for s in refinements(sector, symmetries(gens))) if b.dim > 0]
    total = sum(b.dim for b in parts)
    room = int(math.log2(max(total / (max(len(parts), 1) * MIN_MEAN_BLOCK), 1)))
    if room == 0 or sector.n < 3:
        return parts
    keys = {k for b in parts for k in b.sector.keys}
    fixed = ([translation(sector.n)] if "momentum" in keys else []) + (
        [reflection(sector.n)] if "reflection" in keys else [])
    involutions = commuting_involutions(gens, fixed, max_count=room)
    if not involutions:
        return parts
    return [b for part in parts for b in sector_bases(part.sector, involutions) if b.dim > 0]


# --- sector tables and state sectors ---------------------------------------------------------
def table_keys(syms: dict[str, bool], n: int) -> list[str]:
    """A commuting set of the generators' symmetries to tabulate sectors by: weight (else zparity), flip,
    and momentum (else reflection: translation and reflection do not commute)."""
    keys = []
    if syms.get("weight"):
        keys.append("weight")
    elif syms.get("zparity"):
        keys.append("zparity")
    if syms.get("flip"):
        keys.append("flip")
    if syms.get("momentum"):
        keys.append("momentum")
    elif syms.get("reflection"):
        keys.append("reflection")
    return keys


def joint_sectors(keys: list[str], n: int) -> list[Sector]:
    """Every non-empty joint sector of the keys (which split the whole space between them)."""
    values = {"weight": list(range(n + 1)), "zparity": [1, -1], "flip": [1, -1], "momentum": list(range(n)),
              "reflection": [1, -1]}
    out = [{}]
    for key in keys:
        nxt = []
        for partial in out:
            if key == "flip" and partial.get("weight") is not None and 2 * partial["weight"] != n:
                nxt.append(partial)  # flip does not act on this weight: no flip quantum number here
                continue
            for v in values[key]:
                nxt.append({**partial, key: v})
        out = nxt
    sectors = []
    for spec in out:
        try:
            s = Sector(n, **spec)
        except SectorError:
            continue
        if sector_basis(s).dim:
            sectors.append(s)
    return sectors


def state_sector(state, n: int, syms: dict[str, bool]) -> Sector | None:
    """The sector of the generators' symmetries that a product state ('plus', 'zero', '0101') lies in,
    or None (not a product state, or no symmetry keeps it)."""
    from .qnn import product_state

    spec = product_state(state, n)
    if spec is None:
        return None
    keys = {}
    if spec == "+":
        if syms.get("flip"):
            keys["flip"] = 1
        if syms.get("momentum"):
            keys["momentum"] = 0
        if syms.get("reflection"):
            keys["reflection"] = 1
    else:
        w = spec.count("1")
        if syms.get("weight"):
            keys["weight"] = w
        elif syms.get("zparity"):
            keys["zparity"] = (-1) ** w
        # a basis state is never a flip eigenstate (X...X maps it to its complement)
        if syms.get("momentum") and len(set(spec)) == 1:
            keys["momentum"] = 0
        if syms.get("reflection") and spec == spec[::-1]:
            keys["reflection"] = 1
    if not keys:
        return None
    try:
        return Sector(n, **keys)
    except SectorError:  # e.g. momentum and reflection: keep the first compatible ones
        keys.pop("reflection", None)
        return Sector(n, **keys) if keys else None


def coordinates(basis: SectorBasis, psi: np.ndarray) -> np.ndarray:
    """<u_x|psi> for the orthonormal sector vectors u_x = v_x / |v_x| (psi a statevector, qubit 0 the
    most significant bit of the index, as in `liealg.qnn`)."""
    n = basis.sector.n
    index = _reverse(basis.states, n).astype(np.int64)
    ok = basis.orbit >= 0
    amp = psi[index[ok]]
    coeff = basis.sign[ok] * np.exp(-2j * np.pi * basis.power[ok] / n)  # conj of sign * omega^power
    out = np.zeros(basis.dim, dtype=complex)
    np.add.at(out, basis.orbit[ok], coeff * amp)
    stab = basis.stab.astype(float)
    return out * stab / np.sqrt(basis.group_order * stab)


# --- the Pauli-string commutant ---------------------------------------------------------------
def string_commutant(gens: list[PauliSum]):
    """A basis (over F_2, i.e. generators of the group up to phases) of all Pauli strings commuting with
    every generator. For a sum H = sum_j c_j P_j, a string commutes with H iff it commutes with every P_j
    (the products with distinct P_j are distinct strings), so this is the symplectic complement of the
    constituent strings: the F_2 null space of their symplectic form, polynomial time at any n."""
    from .kernels import f2 as _f2
    from .pauli import PauliList

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
