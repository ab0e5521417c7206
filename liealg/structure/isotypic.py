"""The isotypic decomposition of the generators' action: H = sum_lambda V_lambda (x) C^{m_lambda}.

g acts on V_lambda irreducibly (dimension d_lambda) and on the multiplicity space C^{m_lambda} not at
all; the commutant is sum_lambda 1 (x) M_{m_lambda}, of dimension sum_lambda m_lambda^2, its center has
one dimension per component, and a maximal commuting set in it (the maximal abelian subalgebra
sum_lambda 1 (x) diag(m_lambda)) has sum_lambda m_lambda elements. All three are exact
(`liealg.structure.commutant`). The components are read off dense float matrices: a generic Hermitian element
a of the commutant has, on each component, m_lambda distinct eigenvalues each d_lambda times (their
eigenspaces are the irreducible copies), and a second generic element b couples two copies iff they
belong to the same component. The float clustering is accepted only with clear gaps and when its
counts reproduce every exact number: sum m_lambda^2 (the commutant), sum d_lambda m_lambda = 2^n, the
number of components (dim of the center) and sum m_lambda (a maximal commuting set) where those are
certified; otherwise it is refused.

The image of g on one copy of V_lambda is closed in floats (its dimension with a gap); an irreducible
image of dimension d^2 - 1, d^2, d(d-1)/2 or d(d+1)/2 is su(d), su(d) + u(1), so(d) or sp(d/2); any
other is typed from its roots on that block (`liealg.structure.representation.decompose_blocks`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from liealg.closure.dense import GeneratorBlocks, float_generator_blocks
from liealg.closure.irreducible import whole_space_problem
from liealg.closure.parts import irreducible_parts, isotypic_classes
from liealg.errors import SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state
from liealg.sectors.bases import coordinates, embedding
from liealg.structure.commutant import DENSE_QUBITS, Commutant, commutant
from liealg.structure.intertwiners import (
    GAP,
    TIE,
    eigen_clusters,
    element_coefficients,
    hermitian_element,
    unitary_intertwiner,
)
from liealg.structure.representation import decompose_blocks
from liealg.sums import PauliSum

_ATTEMPTS = 3
#: a second generic element couples two copies of one component by at least this fraction of its norm,
#: and copies of different components by at most _UNLINKED (exactly 0 up to rounding)
_LINK = 1e-6
_UNLINKED = 1e-10
#: aligned copies: intertwiners unitary, and generators' actions equal, to this (relative)
_ALIGN = 1e-8
#: a component the state has less weight on than this is not reported as touched
_WEIGHTLESS = 1e-12
#: the components' aligned copies (2^n x d) are built up to this many qubits (beyond DENSE_QUBITS from the
#: irreducible-block engine's parts route)
SPACE_QUBITS = 12


@dataclass
class IsotypicComponent:
    """One isotypic component: the irrep's dimension d, its multiplicity m, and g's image on it."""

    d: int
    m: int
    image_dim: int
    image_type: str
    weight: float | None = None  # the state's weight <psi|P_lambda|psi>, when a state was given

    def as_dict(self) -> dict:
        out = {"d": self.d, "m": self.m, "image_dim": self.image_dim, "image_type": self.image_type}
        if self.weight is not None:
            out["weight"] = self.weight
        return out


@dataclass
class Isotypic:
    """The components of H = sum_lambda V_lambda (x) C^{m_lambda}, largest d first."""

    n_qubits: int
    components: list[IsotypicComponent]
    commutant_dim: int
    certificate: dict = field(default_factory=dict)

    def __iter__(self):
        return iter(self.components)

    def __len__(self) -> int:
        return len(self.components)


def dense_matrix(s: PauliSum) -> np.ndarray:
    """The complex matrix of a Pauli sum in the computational basis, qubit 0 the most significant bit
    (the convention of `PauliSum.to_matrix` and `liealg.io.states`), built one X-pattern at a time."""
    return _dense(s.keys, np.array(s.float_coeffs, dtype=float), s.n)


def _dense(keys: np.ndarray, coeffs: np.ndarray, n: int) -> np.ndarray:
    from liealg.kernels.pauli import popcounts

    N = 1 << n
    r = np.arange(N, dtype=np.int64)
    out = np.zeros((N, N), dtype=complex)
    shifts = np.arange(n, dtype=np.int64)

    def index_masks(v: np.ndarray) -> np.ndarray:  # bit q (qubit q) -> bit n-1-q of the index
        bits = (v[:, None] >> shifts[None, :]) & 1
        return (bits << (n - 1 - shifts)[None, :]).sum(axis=1)

    xs = index_masks(keys[:, 0].astype(np.int64))
    zs = index_masks(keys[:, 1].astype(np.int64))
    phased = coeffs.astype(complex) * (1j ** (popcounts((xs & zs).astype(np.uint64)) % 4))
    for xv in np.unique(xs):
        sel = np.flatnonzero(xs == xv)
        signs = 1 - 2 * (popcounts((r[None, :] & zs[sel, None]).astype(np.uint64)) & 1)
        out[r ^ int(xv), r] += (phased[sel, None] * signs).sum(axis=0)
    return out


def _generic(basis: list[PauliSum], rng) -> np.ndarray:
    """The dense matrix of a random real combination of the basis (Hermitian)."""
    n = basis[0].n
    keys = np.concatenate([b.keys for b in basis])
    vals = np.concatenate([rng.normal() * np.array(b.float_coeffs, dtype=float) for b in basis])
    from liealg.kernels.hashset import row_keys

    uniq, inv = np.unique(row_keys(keys), return_inverse=True)
    first = np.zeros(len(uniq), dtype=np.int64)
    first[inv.ravel()] = np.arange(len(keys))
    summed = np.bincount(inv.ravel(), weights=vals, minlength=len(uniq))
    return _dense(keys[first], summed, n)


def isotypic(generators, *, state=None, n_qubits: int | None = None, seed: int = 0,
             com: Commutant | None = None) -> Isotypic:
    """The isotypic components (d_lambda, m_lambda, g's image on V_lambda) of the generators' action on
    the whole space, and a state's weight on each (module docstring).

    Example:
        >>> iso = isotypic(["XXI + YYI + ZZI", "IXX + IYY + IZZ"])   # Heisenberg chain, 3 qubits
        >>> [(c.d, c.m, c.image_type) for c in iso]   # spin 1/2 twice, spin 3/2 four times
        [(2, 2, 'su(2) ⊕ u(1)'), (1, 4, 'u(1)')]
    """
    gens = as_generators(generators, n_qubits)
    if gens[0].n > DENSE_QUBITS:
        return _from_blocks(gens, state, seed)
    return _dense_route(gens, state, seed, com)[0]


def component_spaces(generators, state, *, n_qubits: int | None = None, seed: int = 0,
                     com: Commutant | None = None) -> tuple[Isotypic, list[ComponentSpace]]:
    """The isotypic decomposition (dense route up to DENSE_QUBITS, the parts route to SPACE_QUBITS) and, for
    each component the state has weight on (above 1e-12; every component when `state` is None), its copies
    in aligned bases (`ComponentSpace`, phi None without a state), in the order of the components.

    Example:
        >>> iso, spaces = component_spaces(["XXI + YYI + ZZI", "IXX + IYY + IZZ"], "010")
        >>> [(s.component.d, s.component.m, round(s.component.weight, 4)) for s in spaces]
        [(2, 2, 0.6667), (1, 4, 0.3333)]
    """
    gens = as_generators(generators, n_qubits)
    n = gens[0].n
    if n > SPACE_QUBITS:
        raise SizeLimitError(f"the components' aligned bases are vectors of 2^n amplitudes, found up to "
                             f"{SPACE_QUBITS} qubits; the generators act on {n}")
    if n > DENSE_QUBITS:
        return _spaces_from_blocks(gens, state, seed)
    return _dense_route(gens, state, seed, com, spaces=True)


@dataclass
class ComponentSpace:
    """One isotypic component H_lambda = V_lambda (x) C^m the state has weight on, in an aligned basis:
    copies[j] (2^n x d, orthonormal columns) carries copy j, and every generator H acts on each copy by
    the same d x d matrix `blocks[k]` = copies[j]^dag H_k copies[j] (the copies are aligned by the
    intertwiners a generic commutant element gives). phi (d x m) is the state's component in these
    coordinates: psi's projection is sum_j copies[j] @ phi[:, j], of squared norm component.weight (None
    when no state was given)."""

    component: IsotypicComponent
    copies: list[np.ndarray]
    blocks: list[np.ndarray]
    phi: np.ndarray | None

    @property
    def projector(self) -> np.ndarray:
        """The 2^n x d m isometry onto H_lambda (the copies side by side)."""
        return np.hstack(self.copies)


def _dense_route(gens: list[PauliSum], state, seed: int, com: Commutant | None, spaces: bool = False):
    n = gens[0].n
    com = com if com is not None else commutant(gens)
    if com.basis is None:
        raise UncertifiedError(f"the commutant has no exact basis: {com.basis_note}")
    N = 1 << n
    rng = np.random.default_rng(seed)
    for attempt in range(_ATTEMPTS):
        try:
            b = _generic(com.basis, rng) if spaces else None
            groups = irreducible_copies(_generic(com.basis, rng), _generic(com.basis, rng))
        except UncertifiedError:
            if attempt == _ATTEMPTS - 1:
                raise
            continue
        break
    ds = [g[0].shape[1] for g in groups]
    ms = [len(g) for g in groups]
    checks = {"sum m^2": (sum(m * m for m in ms), com.dim), "sum d m": (sum(d * m for d, m in zip(ds, ms)), N)}
    try:
        st = com.structure()
    except (UncertifiedError, SizeLimitError) as exc:
        center_note = f"the number of components is not checked against the center: {exc}"
    else:
        checks["components"] = (len(groups), len(st.center))
        if st.maximal:
            checks["sum m"] = (sum(ms), len(st.commuting))
        center_note = None
    bad = [f"{k} {a} != {b}" for k, (a, b) in checks.items() if a != b]
    if bad:
        raise UncertifiedError("the float clustering does not reproduce the exact counts: " + "; ".join(bad))
    psi = initial_state(state, n) if state is not None else None
    H = [dense_matrix(g) for g in gens]
    comps, found = [], []
    for g in groups:
        U = g[0]
        blocks = [U.conj().T @ h @ U for h in H]
        image_dim = _image_dim(blocks)
        d = U.shape[1]
        weight = None
        if psi is not None:
            weight = round(float(sum(np.linalg.norm(V.conj().T @ psi) ** 2 for V in g)), 12) + 0.0
        comps.append(IsotypicComponent(d, len(g), image_dim, _image_type(blocks, d, image_dim), weight))
        if spaces and (psi is None or weight > _WEIGHTLESS):
            copies = align_copies(g, b, H, blocks)
            phi = None if psi is None else np.stack([V.conj().T @ psi for V in copies], axis=1)
            found.append(ComponentSpace(comps[-1], copies, blocks, phi))
    order = sorted(range(len(comps)), key=lambda i: (-comps[i].d, -comps[i].m))
    cert = {"exact_counts": {k: a for k, (a, _) in checks.items()},
            "float": f"eigenvalue clusters within {TIE:g} of the spread, {GAP:g} apart; copies linked by a "
                     f"second generic element above {_LINK:g} of its norm, unlinked below {_UNLINKED:g}"}
    if center_note:
        cert["note"] = center_note
    iso = Isotypic(n, [comps[i] for i in order], com.dim, cert)
    if not spaces:
        return iso, []
    rank = {id(comps[i]): r for r, i in enumerate(order)}
    return iso, sorted(found, key=lambda s: rank[id(s.component)])


def align_copies(copies: list[np.ndarray], b: np.ndarray, H: list[np.ndarray], blocks: list[np.ndarray]):
    """The copies of one component in bases where every generator acts by the same matrix: a generic
    commutant element b maps copy 0 to copy j by c_j T_j with T_j a unitary intertwiner (Schur), so
    copies[j] T_j carries the action of copy 0. Refused when an intertwiner is not unitary to 1e-8 or a
    generator's action differs by more than 1e-8 of its norm."""
    first = copies[0]
    out = [first]
    bU = b @ first
    for V in copies[1:]:
        T = V.conj().T @ bU
        c = np.linalg.norm(T) / np.sqrt(T.shape[0])
        if c < _LINK * max(np.linalg.norm(b), 1.0):
            raise UncertifiedError("a generic commutant element does not link two copies of one component")
        T = T / c
        if np.linalg.norm(T.conj().T @ T - np.eye(T.shape[0])) > _ALIGN:
            raise UncertifiedError("an intertwiner between two copies of one component is not unitary")
        out.append(V @ T)
    top = max(max(float(np.linalg.norm(x)) for x in blocks), 1.0)
    for V in out[1:]:
        for h, x in zip(H, blocks):
            if np.linalg.norm(V.conj().T @ h @ V - x) > _ALIGN * top:
                raise UncertifiedError("two aligned copies of one component carry different actions")
    return out


def _from_blocks(gens: list[PauliSum], state, seed: int) -> Isotypic:
    """Beyond DENSE_QUBITS: the components from the irreducible-block engine's parts route
    (`liealg.closure.parts`: the parts of every symmetry block, their multiplicities checked by exact
    commutant dimensions per block, copies in different blocks joined when their modules are isomorphic),
    up to the dense engines' qubit limit; a state's weights from its coordinates in the blocks."""
    n = gens[0].n
    problem = whole_space_problem(gens)
    coords = None
    if state is not None:
        psi = initial_state(state, n)
        coords = [coordinates(b, psi) for b in problem.blocks]
    res = irreducible_parts(problem, seed=seed, vectors=state is not None)
    classes = isotypic_classes(res, coords)
    return _parts_isotypic(n, res, [_parts_component(c, coords) for c in classes], coords)


def _parts_component(c: dict, coords) -> IsotypicComponent:
    if c["kind"] == "one":
        typ = "u(1)" if c["scalar"] else "trivial"
    else:
        typ = c["ideal"] + (" ⊕ u(1)" if c["scalar"] else "")
    weight = None if coords is None else round(c["weight"], 12) + 0.0
    return IsotypicComponent(c["d"], c["m"], c["image_dim"], typ, weight)


def _parts_isotypic(n: int, res, comps: list[IsotypicComponent], coords) -> Isotypic:
    total = sum(c.d * c.m for c in comps)
    if total != 1 << n:
        raise UncertifiedError(f"the components add up to {total} states, not 2^{n}")
    if coords is not None and abs(sum(c.weight for c in comps) - 1) > 1e-9:
        raise UncertifiedError("the state's weights on the components do not add up to 1")
    comps = sorted(comps, key=lambda c: (-c.d, -c.m))
    cert = {"route": "irreducible-block parts", "exact_counts": {"sum d m": total},
            "block_commutant_dims": res.certificate["commutant_dims"], "primes": res.certificate["primes"]}
    return Isotypic(n, comps, sum(c.m * c.m for c in comps), cert)


def _spaces_from_blocks(gens: list[PauliSum], state, seed: int) -> tuple[Isotypic, list[ComponentSpace]]:
    """Beyond DENSE_QUBITS: the components' copies from the parts route, embedded in the whole space, and
    aligned across blocks and within them by intertwiners (`liealg.structure.intertwiners`: exactly one
    up to scale between copies of one component, Schur), checked to carry the same action."""
    n = gens[0].n
    problem = whole_space_problem(gens)
    psi = initial_state(state, n) if state is not None else None
    coords = None if psi is None else [coordinates(b, psi) for b in problem.blocks]
    res = irreducible_parts(problem, seed=seed, vectors=True)
    classes = isotypic_classes(res, coords)
    fl = float_generator_blocks(problem)
    K = len(gens)
    emb = [embedding(b) for b in problem.blocks]
    coeffs = element_coefficients(K, np.random.default_rng(seed))
    comps, spaces = [], []
    for c in classes:
        comp = _parts_component(c, coords)
        comps.append(comp)
        if psi is not None and comp.weight <= _WEIGHTLESS:
            continue
        copies, first = [], None
        for member in c["members"]:
            b = member["block"]
            H = [(-1j * fl[k][b]) for k in range(K)]
            for U in member["U"]:
                blocks = [U.conj().T @ (h @ U) for h in H]
                if first is None:
                    first, X0 = blocks, hermitian_element(blocks, coeffs)
                    T = np.eye(U.shape[1])
                else:
                    T = unitary_intertwiner(blocks, first, hermitian_element(blocks, coeffs), X0, _ALIGN)
                    if T is None:
                        raise UncertifiedError("two copies of one component have no intertwiner")
                copies.append(np.asarray(emb[b] @ (U @ T.conj().T)))
        phi = None if psi is None else np.stack([V.conj().T @ psi for V in copies], axis=1)
        spaces.append(ComponentSpace(comp, copies, first, phi))
    iso = _parts_isotypic(n, res, comps, coords)
    rank = {id(x): r for r, x in enumerate(iso.components)}
    return iso, sorted(spaces, key=lambda s: rank[id(s.component)])


def irreducible_copies(a: np.ndarray, b: np.ndarray) -> list[list[np.ndarray]]:
    """The eigenspaces of a generic Hermitian element a of the commutant (a = sum 1_d (x) A_lambda: each
    is one irreducible copy) grouped into components: two copies are isomorphic iff a second generic
    element b couples them (b = sum 1_d (x) B_lambda); refused without clear gaps."""
    vals, vecs = np.linalg.eigh((a + a.conj().T) / 2)
    copies = [vecs[:, idx] for idx in eigen_clusters(vals)]
    norm = max(np.linalg.norm(b), 1.0)
    parent = list(range(len(copies)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, U in enumerate(copies):
        bU = b @ U
        for j in range(i + 1, len(copies)):
            c = np.linalg.norm(copies[j].conj().T @ bU) / norm
            if _UNLINKED < c < _LINK:
                raise UncertifiedError("no clear gap between linked and unlinked irreducible copies")
            if c >= _LINK:
                parent[find(j)] = find(i)
    groups: dict[int, list[np.ndarray]] = {}
    for i, U in enumerate(copies):
        groups.setdefault(find(i), []).append(U)
    out = list(groups.values())
    for g in out:
        if len({U.shape[1] for U in g}) != 1:
            raise UncertifiedError("copies of one component have different dimensions")
    return out


def _image_dim(blocks: list[np.ndarray]) -> int:
    """Dimension of the real Lie algebra the anti-Hermitian i*blocks generate (float closure with a gap)."""
    return len(image_basis(blocks))


def image_basis(blocks: list[np.ndarray]) -> list[np.ndarray]:
    """A basis (anti-Hermitian d x d matrices) of the real Lie algebra the anti-Hermitian i*blocks generate:
    the float closure by nested brackets with the generators, a direction kept when its residual exceeds
    1e-6 of its norm, dropped below 1e-9, refused in between."""
    d = blocks[0].shape[0]
    basis: list[np.ndarray] = []

    def vec(X: np.ndarray) -> np.ndarray:
        return np.concatenate([X.real.ravel(), X.imag.ravel()])

    Q = np.zeros((0, 2 * d * d))

    def add(X: np.ndarray) -> bool:
        nonlocal Q
        v = vec(X)
        norm = np.linalg.norm(v)
        if norm < 1e-12:
            return False
        for _ in range(2):
            v = v - Q.T @ (Q @ v)
        r = np.linalg.norm(v) / norm
        if r < 1e-9:
            return False
        if r < 1e-6:
            raise UncertifiedError("no clear gap in the closure of g's image on a component")
        Q = np.vstack([Q, v / np.linalg.norm(v)])
        return True

    top = max(float(np.linalg.norm(b)) for b in blocks)
    # a generator that vanishes on the component up to rounding is zero there
    gens = [1j * b for b in blocks if np.linalg.norm(b) > 1e-12 * max(top, 1e-300)]
    new = [X for X in gens if add(X)]
    basis.extend(new)
    while new:
        fresh = []
        for X in new:
            for G in gens:
                C = X @ G - G @ X
                # a bracket that vanishes up to rounding (relative to |X| max|G|) is zero, not a direction
                scale = np.linalg.norm(C)
                if scale <= 1e-10 * np.linalg.norm(X) * top:
                    continue
                C = C / scale  # unit norm: products do not grow level by level
                if add(C):
                    fresh.append(C)
        basis.extend(fresh)
        new = fresh
    return basis


def _image_type(blocks: list[np.ndarray], d: int, dim: int) -> str:
    """The image's type: named by its dimension where that decides it (an irreducible action on C^d),
    else read off its roots on the one block (`liealg.structure.representation`)."""
    name = _type_name(d, dim)
    if not name.startswith("dim "):
        return name
    import scipy.sparse as sp

    try:
        dec = decompose_blocks(GeneratorBlocks([d], [[sp.csr_matrix(b)] for b in blocks]), dim)
    except UncertifiedError:
        return name
    return str(dec)


def _type_name(d: int, dim: int) -> str:
    """The image's name for an irreducible action on C^d, where its dimension decides it."""
    if d == 1:
        return "trivial" if dim == 0 else "u(1)"
    if dim == d * d - 1:
        return f"su({d})"
    if dim == d * d:
        return f"su({d}) ⊕ u(1)"
    if dim == d * (d - 1) // 2 and d >= 3:
        return f"so({d})"
    if d % 2 == 0 and dim == d * (d + 1) // 2:
        return f"sp({d // 2})"
    return f"dim {dim}"
