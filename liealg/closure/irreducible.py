"""Dimension and type of a DLA from its action on symmetry blocks, without holding its span.

The whole space splits into blocks V_b of exact symmetries of the generators (weight, flip, reflection,
qubit involutions: `liealg.sectors.sector_problem`), and g acts on each. A block splits further into
parts, g-invariant subspaces on which g's image contains all of su(part), and one-dimensional
submodules. Then g is reductive and Goursat's lemma decides it:

    g = z + [g, g],   [g, g] = one su(d) for each class of linked parts of d >= 2 states,

where two parts are *linked* when g's traceless parts on them are related by an automorphism of su(d)
(inner: a unitary; outer: a unitary composed with complex conjugation), and z, the center, is scalar on
every part, so dim z is the rank of the generators' traces on the parts (and their characters on the
one-dimensional submodules). Hence

    dim g = dim z + sum over classes of (d^2 - 1),   type = the su(d) of the classes + u(1)^dim z.

Nothing here grows with dim g (the XXZ HVA on 11 qubits has dim 352,711): each step works on one or two
blocks of at most a few thousand states. Algebras whose image on a part is so(d) or sp(d), parts that
occur twice in one block and a part with its dual in one block are refused by this route, with the
reason; `close` then tries the parts route (`liealg.closure.parts`), and what both refuse (the spin
representations of free-fermion algebras, for one) the exact closures (`liealg.closure.sparse`,
`liealg.closure.dense`) take.

Certificates (any step that cannot be certified refuses the whole answer):

1. su(part) lies in g's image, by a regular element. A = sum_k c_k H_k (small random integers c_k, the
   same on every block) is in g. In A's eigenbasis, ad_A turns the plane of the entries (i, j) at
   frequency lambda_j - lambda_i; where that frequency differs from every other pair's of the block,
   g's image meets the plane in 0 or all of it, and all of it when a generator has a nonzero (i, j)
   entry. Such planes on the edges of a connected graph over a part's states generate su(part).
   Float64 with error bounds: the eigenvalues are within delta of the true ones (backward stability,
   Weyl), a frequency counts as isolated when it is more than 4 delta from every other, an entry as
   nonzero when it exceeds 4 times the bound its eigenvectors' errors (Davis-Kahan) allow. These are
   lower bounds only: an entry that is not certified is not used.
2. The parts are exact invariant subspaces. The float parts can only be finer than the true ones; over
   GF(p), N (the largest invariant subspace on which the generators commute: the one-dimensional
   submodules) must have as many states as the float singletons, and the commutant of g on V_b / N
   must have exactly one dimension per part (it contains the parts' projectors, and it is no larger
   only if they are invariant and pairwise non-isomorphic). Commutants are found from a cyclic vector
   of A: an intertwiner U is fixed by u = U v, a linear system of d unknowns; every solution is checked
   as a full intertwiner.
3. Linkage. Linked parts have equal traceless spectra of A (inner) or opposite ones (outer); spectra
   further apart than 4 delta prove two parts unlinked. Candidates are decided over GF(p): for whole
   blocks, by an invertible intertwiner of their traceless matrices; otherwise by counting the module
   maps between the two blocks' quotients, which must equal the number of candidate pairs.
4. dim z: the rank of those traces and characters, exact modulo each prime, must equal the float rank.

Dimensions of commutants modulo p are at least the true ones; the answer stands when two primes agree
with the float structure (the two-prime standard of the exact engines). `liealg.closure.lie_closure`
(engine 'auto') tries this engine when a sparse closure saturates or reaches dim 1024 on blocks of at
least AUTO_BOUND entries, and the result carries its decomposition (`LieAlgebra.decomposition`), so
`classify` costs nothing more.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from liealg.blas import with_blas_threads
from liealg.closure.blockrep import IrreducibleResult, block_data, block_name, hom_basis, inverse_mod, mulmod
from liealg.closure.dense import DENSE_QUBITS, float_rank
from liealg.closure.parts import irreducible_parts
from liealg.closure.problem import Closure, ClosureProblem
from liealg.errors import SizeLimitError, UncertifiedError
from liealg.modp import null_space_dense_mod, rref_dense_mod
from liealg.sectors.blocks import sector_problem
from liealg.sectors.sector import Sector

#: `lie_closure(engine="auto")` tries the engine when a sparse closure saturates (dim 64) or reaches dim
#: 1024 and one element of the block representation has at least this many entries (sum_b d_b^2); the
#: exact closures of smaller algebras are fast and prove more (a basis)
AUTO_BOUND = 4096
#: largest block (eigendecomposition, d^2/2 frequencies, GF(p) intertwiners of d x 2d)
MAX_BLOCK = 2048
_EPS = np.finfo(float).eps
#: delta = _SAFETY * d * eps * ||A||_F bounds the eigenvalue errors of A's blocks
_SAFETY = 8.0


def whole_space_problem(gens):
    n = gens[0].n
    if n > DENSE_QUBITS:
        raise SizeLimitError(f"the irreducible-block engine works up to {DENSE_QUBITS} qubits, not {n}")
    return sector_problem(gens, Sector(n))


#: regular elements tried before a structure mismatch refuses the answer (a frequency that happens to
#: coincide, or an entry too small to certify, leaves a part split in floats; another element may not)
ATTEMPTS = 3


class _Mismatch(UncertifiedError):
    """The float parts and the exact structure modulo a prime disagree for this regular element."""


def irreducible_blocks(gens, *, problem=None, seed: int = 0, cache: dict | None = None) -> IrreducibleResult:
    """dim g, its center and simple ideals from g's action on symmetry blocks (module docstring);
    UncertifiedError (with the reason) when a block or a pair of blocks cannot be certified. A float
    structure that the exact one contradicts is tried again with another regular element, up to
    ATTEMPTS in all."""
    problem = problem if problem is not None else whole_space_problem(gens)
    # what does not depend on the regular element: float and modular blocks, N and V / N (`cache`: shared
    # with the parts route, which reads the blocks)
    cache = {} if cache is None else cache
    for attempt in range(ATTEMPTS):
        try:
            res = _irreducible_blocks(problem, seed + attempt, seed, cache)
        except _Mismatch as exc:
            if attempt == ATTEMPTS - 1:
                raise UncertifiedError(f"{exc} (after {ATTEMPTS} regular elements)") from None
            continue
        res.certificate["regular_elements_tried"] = attempt + 1
        return res
    raise AssertionError("unreachable")


def _irreducible_blocks(problem, seed: int, base_seed: int, cache: dict) -> IrreducibleResult:
    t0 = time.perf_counter()
    dims = [b.dim for b in problem.blocks]
    if max(dims) > MAX_BLOCK:
        raise SizeLimitError(f"the irreducible-block engine takes blocks of up to {MAX_BLOCK} states, not "
                             f"{max(dims)}")
    K = len(problem.generators)
    rng = np.random.default_rng(seed)
    c = rng.integers(1, 8, size=K) * rng.choice([-1, 1], size=K)
    if not cache:
        cache.update(block_data(problem, base_seed))
    fl, rings, mods, split = cache["float"], cache["rings"], cache["mods"], cache["split"]
    blocks, worst = [], {"isolated_fraction": 1.0, "edge_margin": np.inf}
    for b in range(len(dims)):
        Hs = [(-1j * fl[k][b]).toarray() for k in range(K)]
        blk = _certify_block(Hs, c, block_name(problem, b))
        blocks.append(blk)
        for key in worst:
            worst[key] = min(worst[key], blk.info.get(key, np.inf))
    # exact structure per block and prime: N, the sum of its one-dimensional submodules (as many states as
    # the float singletons), and the quotient Q = V_b / N, whose commutant has one dimension per big part
    quot = [[None] * len(dims) for _ in rings]
    funcs = [[] for _ in rings]  # per prime: rows (one functional of the generators each) spanning z*
    for b, blk in enumerate(blocks):
        for r, ring in enumerate(rings):
            pr = ring.p
            if (r, b) not in split:
                split[r, b] = _split_abelian(mods[r][b][0], pr)
            XN, XQ = split[r, b]
            if XN[0].shape[0] != blk.n_single:
                raise _Mismatch(f"block {block_name(problem, b)}: {blk.n_single} states look one-dimensional "
                                f"under g, the exact count modulo {pr} is {XN[0].shape[0]}")
            quot[r][b] = XQ
            if XN[0].size:
                funcs[r].extend(np.stack([X.reshape(-1) for X in XN], axis=1).astype(np.int64))
            nbig = len(blk.big)
            if not nbig:
                continue
            if nbig == 1 and not blk.n_single:
                ends = [None]
            else:
                ends = hom_basis(XQ, XQ, c, pr, False, seed)
                if ends is None or len(ends) != nbig:
                    got = "undetermined" if ends is None else len(ends)
                    raise _Mismatch(f"block {block_name(problem, b)}: a regular element splits it into {nbig} "
                                    f"parts of two or more states, but their commutant modulo {pr} has "
                                    f"dimension {got}")
            funcs[r].extend([[int(np.trace(X if U is None else mulmod(U, X, pr)) % pr) for X in XQ]
                             for U in ends])
    # center: the rank of those functionals, exact per prime, and from the float parts
    tau_float = float_rank(np.concatenate([blk.funcs for blk in blocks], axis=0))
    for r, ring in enumerate(rings):
        tau_p = len(rref_dense_mod(np.array(funcs[r], dtype=np.int64).reshape(-1, K), ring.p)[1])
        if tau_p != tau_float:
            raise _Mismatch(f"the center's dimension is {tau_float} from float traces, {tau_p} modulo "
                            f"{ring.p}")
    # linkage of the parts
    parts = [(b, j) for b, blk in enumerate(blocks) for j in blk.big]
    parent = list(range(len(parts)))
    kind = [""] * len(parts)

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    exact_tests = 0
    pending: dict[tuple, list] = {}  # (b1, b2, how) -> part pairs with a module map (decided per block pair)
    self_dual: dict[int, int] = {}  # block -> its parts P with P = P* (size 2: su(2)), for Hom(Q*, Q)
    for t1, (b1, j1) in enumerate(parts):
        lam1 = blocks[b1].part(j1)
        if np.max(np.abs(np.sort(-lam1) - lam1)) <= 8 * blocks[b1].delta:
            self_dual[b1] = self_dual.get(b1, 0) + 1
        for t2 in range(t1 + 1, len(parts)):
            b2, j2 = parts[t2]
            lam2 = blocks[b2].part(j2)
            if lam2.size != lam1.size:
                continue
            tol = 4 * (blocks[b1].delta + blocks[b2].delta)
            refs = {"inner": lam1, "outer": np.sort(-lam1)}
            traceless = [how for how, ref in refs.items()
                         if np.max(np.abs((ref - ref.mean()) - (lam2 - lam2.mean()))) <= tol]
            if not traceless:
                continue  # unlinked, proved: the traceless spectra differ both ways
            if blocks[b1].whole and blocks[b2].whole:  # exact traceless blocks: decide the pair now
                for how in traceless:
                    exact_tests += 1
                    votes = [_linked(mods[r][b1][1], mods[r][b2][1], c, ring.p, how == "outer", seed)
                             for r, ring in enumerate(rings)]
                    if any(v is None for v in votes):
                        raise UncertifiedError(f"blocks {block_name(problem, b1)} and {block_name(problem, b2)}: the "
                                               "intertwiners modulo a prime are not determined")
                    if all(votes):
                        _union(find, parent, kind, t1, t2, how)
                        break
                continue
            full = [how for how in traceless if np.max(np.abs(refs[how] - lam2)) <= tol]
            if not full:
                raise UncertifiedError(
                    f"parts of blocks {block_name(problem, b1)} and {block_name(problem, b2)} ({lam1.size} states) "
                    f"look {traceless[0]}-linked up to a central shift, which the engine cannot decide")
            if b1 == b2 and "inner" in full:
                raise UncertifiedError(f"block {block_name(problem, b1)}: two parts with one spectrum")
            for how in full:
                pending.setdefault((b1, b2, how), []).append((t1, t2))
    for (b1, b2, how), pairs in pending.items():
        expected = len(pairs) if b1 != b2 else 2 * len(pairs) + self_dual.get(b1, 0)
        exact_tests += 1
        for r, ring in enumerate(rings):
            basis = hom_basis(quot[r][b1], quot[r][b2], c, ring.p, how == "outer", seed)
            if basis is None or len(basis) != expected:
                got = "undetermined" if basis is None else len(basis)
                raise _Mismatch(f"blocks {block_name(problem, b1)} and {block_name(problem, b2)}: {expected} "
                                f"{how} module maps expected between their parts, modulo {ring.p} {got}")
        for t1, t2 in pairs:
            _union(find, parent, kind, t1, t2, how)
    classes: dict[int, list[int]] = {}
    for t in range(len(parts)):
        classes.setdefault(find(t), []).append(t)
    out = []
    for root, members in classes.items():
        size = blocks[parts[root][0]].part(parts[root][1]).size
        out.append((size, sorted({parts[m][0] for m in members}),
                    "+".join(sorted({kind[m] for m in members if kind[m]})) or "-"))
    out.sort(key=lambda t: (-t[0], t[1]))
    dim = tau_float + sum(d * d - 1 for d, _, _ in out)
    cert = {"engine": "irreducible-blocks", "blocks": dims, "parts": [len(blk.big) for blk in blocks],
            "one_dimensional": sum(blk.n_single for blk in blocks),
            "classes": len(out), "center": tau_float, "primes": [r.p for r in rings],
            "exact_linkage_tests": exact_tests,
            "bound_unlinked": sum(d * d - 1 for d in dims) + tau_float,
            "min_isolated_fraction": round(float(worst["isolated_fraction"]), 4),
            "min_edge_margin": float(worst["edge_margin"])}
    return IrreducibleResult(dim, tau_float, out, dims, cert, time.perf_counter() - t0)


def _union(find, parent, kind, t1, t2, how):
    r1, r2 = find(t1), find(t2)
    if r1 != r2:
        parent[r2] = r1
        kind[t2] = how


@dataclass
class _Block:
    lam: np.ndarray  # eigenvalues of A, ascending
    labels: np.ndarray  # part of each eigenvector (a state alone is a part of one)
    big: list  # the parts of two or more states
    n_single: int  # states alone
    delta: float
    funcs: np.ndarray  # (rows, K): the generators' traces on big parts, entries on one-state clusters
    info: dict

    @property
    def whole(self) -> bool:
        return len(self.big) == 1 and self.n_single == 0

    def part(self, j: int) -> np.ndarray:
        return self.lam[self.labels == j]


def _certify_block(Hs: list[np.ndarray], c, label: str) -> _Block:
    """A regular element's eigenbasis on one block, split into the parts its certified planes connect;
    g's image contains su(part) for each part of two or more states (module docstring, 1)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    d = Hs[0].shape[0]
    A = sum(float(ck) * H for ck, H in zip(c, Hs))
    normA = float(np.linalg.norm(A))
    delta = _SAFETY * d * _EPS * max(normA, 1.0)
    lam, V = np.linalg.eigh(A)
    Ws = [V.conj().T @ H @ V for H in Hs]
    # eigenvalue clusters (within 4 delta): a cluster's eigenvectors are not determined one by one
    cut = np.flatnonzero(np.diff(lam) > 4 * delta) + 1
    cluster = np.zeros(d, dtype=int)
    if d > 1:
        cluster[cut] = 1
        cluster = np.cumsum(cluster)
    # eigenvector error bounds (Davis-Kahan): theta_i <= delta / (gap_i - delta), gap to other clusters
    below = np.concatenate([[np.inf], lam[cut] - lam[cut - 1]]) if d > 1 else np.array([np.inf])
    gap_c = np.minimum(below, np.concatenate([below[1:], [np.inf]]))
    gaps = gap_c[cluster]
    theta = np.where(gaps > 2 * delta, delta / np.maximum(gaps - delta, 1e-300), np.inf)
    # isolated nonzero frequencies lambda_j - lambda_i (i < j)
    iu, ju = np.triu_indices(d, 1)
    freq = lam[ju] - lam[iu]
    order = np.argsort(freq, kind="stable")
    fs = freq[order]
    near = np.full(fs.shape, np.inf)
    if fs.size > 1:
        dif = np.diff(fs)
        near[1:] = dif
        near[:-1] = np.minimum(near[:-1], dif)
    isolated = np.zeros(freq.shape, dtype=bool)
    isolated[order] = (near > 4 * delta) & (fs > 4 * delta)
    edge = np.zeros(freq.shape, dtype=bool)
    margin = np.zeros(freq.shape)
    for H, W in zip(Hs, Ws):
        nh = float(np.linalg.norm(H))
        err = nh * (theta[iu] + theta[ju] + 2 * d * _EPS)
        val = np.abs(W[iu, ju])
        edge |= val > 4 * err
        margin = np.maximum(margin, val / np.maximum(err, 1e-300))
    use = edge & isolated
    graph = coo_matrix((np.ones(int(use.sum())), (iu[use], ju[use])), shape=(d, d))
    _, labels = connected_components(graph, directed=False)
    sizes = np.bincount(labels)
    big = [int(j) for j in np.flatnonzero(sizes >= 2)]
    single = sizes[labels] == 1
    rows = [[float(np.real(W.diagonal()[labels == j].sum())) for W in Ws] for j in big]
    for cl in np.unique(cluster[single]):
        idx = np.flatnonzero(single & (cluster == cl))
        block = np.stack([W[np.ix_(idx, idx)].reshape(-1) for W in Ws], axis=1)  # (m^2, K)
        rows.extend(np.real(block).tolist())
        rows.extend(np.imag(block).tolist())
    funcs = np.array(rows, dtype=float).reshape(-1, len(Hs))
    used_margin = float(margin[use].min()) if use.any() else np.inf
    return _Block(lam, labels, big, int(single.sum()), delta, funcs,
                  {"isolated_fraction": float(isolated.mean()) if isolated.size else 1.0,
                   "edge_margin": used_margin})


def _split_abelian(Xs: list[np.ndarray], p: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(X_k on N, X_k on V / N) modulo p, N the largest invariant subspace on which the generators
    commute: the sum of the one-dimensional submodules (g acts on it by characters; the rest of the
    block carries no one-dimensional submodule)."""
    d = Xs[0].shape[0]
    K = len(Xs)
    # two random combinations of the commutators [X_k, X_m]: an invariant subspace on which both vanish
    # carries no simple module of dimension two or more, except with probability about 1/p
    rng = np.random.default_rng(p)
    comms = []
    if K > 1:
        for _ in range(2):
            a = rng.integers(0, p, size=K).astype(np.float64)
            b = rng.integers(0, p, size=K).astype(np.float64)
            Xa = np.fmod(sum(ak * X for ak, X in zip(a, Xs)), p)
            Xb = np.fmod(sum(bk * X for bk, X in zip(b, Xs)), p)
            comms.append(np.fmod(mulmod(Xa, Xb, p) - mulmod(Xb, Xa, p) + p, p))
    B = null_space_dense_mod(np.concatenate(comms), p) if comms else np.eye(d, dtype=np.int64)
    while 0 < B.shape[1] < d:
        L = null_space_dense_mod(B.T, p).T  # rows: functionals vanishing on span(B)
        Bf = B.astype(np.float64)
        M = np.concatenate([mulmod(L.astype(np.float64), mulmod(X, Bf, p), p) for X in Xs])
        Y = null_space_dense_mod(M.astype(np.int64), p)
        if Y.shape[1] == B.shape[1]:
            break
        B = mulmod(Bf, Y.astype(np.float64), p).astype(np.int64) if Y.shape[1] else B[:, :0]
    r = B.shape[1]
    if r == 0:
        return [np.zeros((0, 0)) for _ in Xs], Xs
    # a basis T = [B | unit vectors off B's pivots]; X in it is block upper triangular

    _, piv = rref_dense_mod(B.T.copy(), p)
    rest = [j for j in range(d) if j not in set(piv)]
    T = np.concatenate([B, np.eye(d, dtype=np.int64)[:, rest]], axis=1).astype(np.float64)
    Tinv = inverse_mod(T, p)
    XN, XQ = [], []
    for X in Xs:
        Xt = mulmod(mulmod(Tinv, X, p), T, p)
        if np.any(Xt[r:, :r] != 0):
            raise UncertifiedError("the one-dimensional submodules modulo a prime are not invariant")
        XN.append(Xt[:r, :r])
        XQ.append(np.ascontiguousarray(Xt[r:, r:]))
    return XN, XQ


# --- exact linkage over GF(p) -----------------------------------------------------------------------
def _linked(Y1: list[np.ndarray], Y2: list[np.ndarray], c, p: int, outer: bool, seed: int) -> bool | None:
    """Whether an invertible U with U Y1_k = Y2_k U for every k exists modulo p (Y1_k -> -Y1_k^T when
    `outer`), for irreducible blocks: True, False, or None (undetermined)."""
    basis = hom_basis(Y1, Y2, c, p, outer, seed)
    if basis is None or len(basis) > 1:
        return None
    return bool(basis) and inverse_mod(basis[0], p) is not None


# --- the closure-engine interface (liealg.closure.problem) -------------------------------------------
NAME = "irreducible-blocks"


def applies(problem: ClosureProblem) -> str | None:
    if problem.sector is not None:
        return "a sector: the sector engines close g_V"
    if problem.method not in ("auto", "exact"):
        return f"method {problem.method!r} asks for another arithmetic"
    if problem.n_qubits > DENSE_QUBITS:
        return f"the irreducible-block engine works up to {DENSE_QUBITS} qubits, not {problem.n_qubits}"
    return None


def estimate(problem: ClosureProblem) -> float:
    """A few eigendecompositions of blocks of the whole space (4^n bounds their entries)."""
    return 4.0 ** problem.n_qubits


@with_blas_threads
def close(problem: ClosureProblem, watch=None) -> Closure:
    """dim g and its type from the irreducible blocks; UncertifiedError / SizeLimitError with the reason.
    Where the su route refuses, the parts route (`liealg.closure.parts`: repeated and dual parts, so and
    sp images) is tried; both refusing gives both reasons."""
    sub = whole_space_problem(problem.generators)
    try:
        cache: dict = {}
        res = irreducible_blocks(problem.generators, problem=sub, cache=cache)
    except UncertifiedError as first:
        try:
            res = irreducible_parts(sub, blocks=cache or None)
        except UncertifiedError as second:
            raise UncertifiedError(f"{first}; beyond su: {second}") from None
    return Closure(dim=res.dim, engine=NAME, method=NAME, certificate=dict(res.certificate),
                   decomposition=res.decomposition(), blocks=res.blocks)
