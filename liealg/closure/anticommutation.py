"""Classify the DLA of single Pauli strings from their anticommutation graph.

Polynomial time in the number of strings and qubits; the algebra is never
enumerated. Type and dimension for thousands of strings take well under a second.

Setting (Aguilar, Cichy, Eisert, Bittel, arXiv:2408.00081; the quadratic-space
view follows Cuypers, arXiv:2603.08373). Deduplicate the strings and split
them into connected components of the anticommutation graph; components
commute and their algebras share no strings, so the DLA is their direct sum
(an isolated string is a u(1) of the center). For one component with m
strings let V = F_2^m index products of generators (x <-> prod_{i in x} iP_i),
with the form Omega(x, y) = x^T A y (A the anticommutation graph) and the
quadratic form q(x) = |x| + #edges inside x (mod 2), which polarizes to Omega
and is 1 on every generator. q(x) = 1 iff the product is anti-Hermitian, and
a commutator of two q = 1 elements that anticommute has q = 1 again, so the
closure S of the generators lies in Q = {q = 1} minus the radical R of Omega.

Let R0 = {r in R: q(r) = 0}. Modulo R0 the closure is one of two kinds:
  * free-fermionic: quadratic Majorana monomials of N modes, so(N). Detected
    constructively: greedily pick a basis of the generators modulo R0 in BFS
    order, require its graph to be the line graph of a tree (which then names
    the Majorana modes) and every dropped generator to be a quadratic in those
    modes (or, once, a monomial that adds one more mode).
  * otherwise the whole quadric (the classification theorem): with 2k the rank
    of Omega, su(2^k) when q is not zero on R, else so(2^k) (Arf invariant 0)
    or sp(2^(k-1)) (Arf invariant 1, sp(N) of dimension N(2N+1)).
The closure has c copies of that simple algebra: c = |H| / |H cap K0|, with
H = R0 for the quadric and H the group of cycle "voltages" (the R0 parts of
closed walks of generators) for free fermions, and K0 the products of
generators that equal a real multiple of the identity (they identify copies).

Small algebras coincide across the kinds (so(3) = su(2), so(4) = 2 su(2),
so(5) = sp(2), so(6) = su(4)); the canonical names follow `liealg.structure`, and
a free-fermion so(5) or so(6) also carries its family name (printed "so(6) ≅ su(4)";
so(3) and so(4) are printed su(2) and 2 × su(2)).
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from liealg.decomposition import Decomposition, SimpleIdeal
from liealg.kernels import f2 as _f2
from liealg.kernels import pauli as _kp
from liealg.kernels._jit import pure_if_cold
from liealg.pauli import PauliList

#: classify in pure-Python kernels when strings x words is at most this (no numba start-up)
PURE_SIZE = 64
FREE_FERMION_MIN_RANK = 6  # below this (dim V/R0 < 6) every free-fermion algebra is also a full quadric


@dataclass
class Component:
    """One connected component of the anticommutation graph and its algebra."""

    generators: list[int]  # indices into the deduplicated strings
    kind: str  # "so", "su", "sp" or "u(1)"
    N: int  # the N of so(N), su(N), sp(N); 1 for u(1)
    copies: int
    dim: int
    branch: str  # "free-fermion", "quadric" or "abelian"
    invariants: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return "u(1)" if self.kind == "u(1)" else f"{self.kind}({self.N})"


@dataclass
class GraphClassification:
    """Result of `classify_strings`: components, total dim and the decomposition."""

    n_qubits: int
    n_strings: int  # after removing duplicates
    components: list[Component]
    seconds: float

    @property
    def dim(self) -> int:
        return sum(c.dim for c in self.components)

    def decomposition(self) -> Decomposition:
        """As a `Decomposition` (which merges isomorphic ideals when printed)."""
        center = sum(c.copies for c in self.components if c.kind == "u(1)")
        ideals = [SimpleIdeal(i.name, i.cartan, i.dim, i.rank, i.copies * comp.copies, i.alias, i.per_alias)
                  for comp in self.components if comp.kind != "u(1)" for i in simple_ideals(comp.kind, comp.N)]
        dim = sum(i.dim * i.copies for i in ideals) + center
        rank = sum(i.rank * i.copies for i in ideals) + center
        return Decomposition(ideals, center, dim, rank=rank, method="anticommutation-graph")


def _num(v: int) -> str:
    """2^k (or 2^k-1) for huge powers of two, else the digits."""
    for off, suffix in ((0, ""), (1, "-1")):
        if v > 1 << 20 and (v + off) & (v + off - 1) == 0:
            return f"2^{(v + off).bit_length() - 1}{suffix}"
    return str(v)


def simple_ideals(kind: str, N: int) -> list[SimpleIdeal]:
    """The simple ideals of su(N), so(N) or sp(N), with the low-rank coincidences resolved."""
    if kind == "su":
        return [SimpleIdeal("su(2)", "A1", 3, 1)] if N == 2 else [
            SimpleIdeal(f"su({_num(N)})", f"A{_num(N - 1)}", N * N - 1, N - 1)]
    if kind == "sp":
        if N == 1:
            return [SimpleIdeal("su(2)", "A1", 3, 1)]
        return [SimpleIdeal(f"sp({_num(N)})", f"C{_num(N)}", N * (2 * N + 1), N)]
    if kind == "so":
        if N == 3:
            return [SimpleIdeal("su(2)", "A1", 3, 1)]
        if N == 4:
            return [SimpleIdeal("su(2)", "A1", 3, 1, 2)]
        if N == 5:
            return [SimpleIdeal("sp(2)", "C2", 10, 2, alias="so(5)")]
        if N == 6:
            return [SimpleIdeal("su(4)", "A3", 15, 3, alias="so(6)")]
        r = N // 2
        return [SimpleIdeal(f"so({_num(N)})", f"{'B' if N % 2 else 'D'}{_num(r)}", N * (N - 1) // 2, r)]
    raise ValueError(f"unknown kind {kind!r}")


def _algebra_dim(kind: str, N: int) -> int:
    return sum(i.dim * i.copies for i in simple_ideals(kind, N))


def classify_strings(strings: PauliList) -> GraphClassification:
    """Classify the DLA generated by the Pauli strings (phases are irrelevant).

    >>> from liealg import PauliList
    >>> r = classify_strings(PauliList.from_labels(["XIII", "IXII", "IIXI", "ZZZX"]))
    >>> r.dim, str(r.decomposition())
    (12, '4 × su(2)')
    """
    t0 = time.perf_counter()
    keys = np.unique(np.ascontiguousarray(strings.keys), axis=0)
    keys = keys[np.any(keys != 0, axis=1)]  # the identity generates nothing
    comps = []
    # a handful of strings: interpreting the kernels beats starting numba (see liealg.kernels._jit)
    with pure_if_cold(keys.shape[0] * keys.shape[1] <= PURE_SIZE):
        adj = _kp.anticommutation_matrix(keys)
        for members in _components(adj):
            comps.append(_classify_component(keys[members], adj[np.ix_(members, members)], members,
                                             name_free_fermions=strings.n >= 2))
    comps.sort(key=lambda c: -c.dim)
    return GraphClassification(strings.n, len(keys), comps, time.perf_counter() - t0)


def _components(adj: np.ndarray) -> list[list[int]]:
    unseen = np.ones(len(adj), dtype=bool)
    out = []
    for s in range(len(adj)):
        if unseen[s]:
            members = _bfs(adj, unseen, s)
            unseen[members] = False
            out.append(sorted(members))
    return out


def _classify_component(keys: np.ndarray, adj: np.ndarray, members: list[int],
                        name_free_fermions: bool = True) -> Component:
    m = len(keys)
    if m == 1:
        return Component(members, "u(1)", 1, 1, 1, "abelian", {"m": 1})
    A = _f2.pack(adj)
    tw = A.shape[1]
    order = np.arange(m, dtype=np.int64)
    # radical of Omega: dependent rows of A give x with x^T A = 0
    indep, combo = _f2.eliminate(A, order, tw)
    radical = [_with_unit(combo[i], i) for i in np.flatnonzero(~indep)]
    r0, r_one = _split_by_q(A, radical)
    # K: products of generators equal to a multiple of the identity
    indep_k, combo_k = _f2.eliminate(np.ascontiguousarray(keys), order, tw)
    k0, _ = _split_by_q(A, [_with_unit(combo_k[i], i) for i in np.flatnonzero(~indep_k)])
    rank2k = m - len(radical)
    k = rank2k // 2
    inv = {"m": m, "radical_dim": len(radical), "R0_dim": len(r0), "kernel_dim": int((~indep_k).sum()),
           "symplectic_rank": rank2k}
    small = m - len(r0) < FREE_FERMION_MIN_RANK
    # small free-fermion algebras are full quadrics too (so(5) = sp(2), so(6) = su(4)): the free-fermion
    # test then only names them as a user of Majorana chains expects (not for single-qubit strings)
    ff = _free_fermion(A, adj, r0) if not small or name_free_fermions else None
    if ff is None or small:
        H = r0
        branch = "quadric"
        if r_one is not None:
            kind, N = "su", 2 ** k
        else:
            a = int(_f2.arf(A))
            inv["arf"] = a
            kind, N = ("so", 2 ** k) if a == 0 else ("sp", 2 ** (k - 1))
    if ff is not None:
        N_ff, volts = ff
        log2_ff = _rank(volts + k0, tw) - _rank(k0, tw)
        same = (N_ff in (5, 6) and log2_ff == 0 and _algebra_dim("so", N_ff)
                == 2 ** (_rank(r0 + k0, tw) - _rank(k0, tw)) * _algebra_dim(kind, N))
        if not small or same:
            kind, N, branch, H = "so", N_ff, "free-fermion", volts
    copies_log2 = _rank(H + k0, tw) - _rank(k0, tw)  # dim H - dim(H cap K0)
    copies = 2 ** copies_log2
    inv["copies_log2"] = copies_log2
    return Component(members, kind, N, copies, copies * _algebra_dim(kind, N), branch, inv)


def _with_unit(row: np.ndarray, i: int) -> np.ndarray:
    out = row.copy()
    out[i >> 6] ^= np.uint64(1) << np.uint64(i & 63)
    return out


def _split_by_q(A: np.ndarray, vectors: list[np.ndarray]):
    """Basis of {v in span(vectors): q(v) = 0} (q is linear there), and one v with q(v) = 1 or None."""
    zero, one = [], None
    for v in vectors:
        if _f2.quadratic(A, v) == 0:
            zero.append(v)
        elif one is None:
            one = v
        else:
            zero.append(v ^ one)
    return zero, one


def _rank(vectors: list[np.ndarray], tw: int) -> int:
    if not vectors:
        return 0
    rows = np.ascontiguousarray(np.array(vectors, dtype=np.uint64).reshape(len(vectors), -1))
    return len(_f2.rref(rows)[1])


def _free_fermion(A: np.ndarray, adj: np.ndarray, r0: list[np.ndarray]):
    """(N, voltages) if the closure modulo R0 is free-fermionic so(N), else None."""
    m, tw = A.shape
    canon = _quotient_reps(r0, m, tw)
    # one representative per class modulo R0; duplicates are 2-cycles whose voltage is their sum
    volts, reps, seen = [], [], {}
    for i in range(m):
        key = canon[i].tobytes()
        if key in seen:
            j = seen[key]
            volts.append(_with_unit(_unit(j, tw), i))
        else:
            seen[key] = i
            reps.append(i)
    is_rep = np.zeros(m, dtype=bool)
    is_rep[reps] = True
    order = _bfs(adj, is_rep, reps[0])
    indep, combo = _f2.eliminate(canon, np.array(order, dtype=np.int64), tw)
    kept = [i for i in order if indep[i]]
    ends = _line_graph_of_tree(adj[np.ix_(kept, kept)])
    if ends is None:
        return None
    n_modes = len(kept) + 1
    position = {g: t for t, g in enumerate(kept)}
    first_new = None
    for i in order:
        if indep[i]:
            continue
        members = [position[j] for j in np.flatnonzero(_f2.unpack(combo[i:i + 1], m)[0])]
        parity: dict[int, int] = {}
        for t in members:
            for e in ends[t]:
                parity[e] = parity.get(e, 0) ^ 1
        boundary = sum(parity.values())
        lift = _with_unit(combo[i], i)  # e_i + sum of the kept generators it reduces to: in R0
        if boundary == 2:
            volts.append(lift)
        elif boundary == n_modes - 1:  # gamma_a gamma_new for one extra mode
            if first_new is None:
                first_new = lift
            else:
                volts.append(lift ^ first_new)
        else:
            return None
    return n_modes + (first_new is not None), volts


def _unit(i: int, tw: int) -> np.ndarray:
    return _with_unit(np.zeros(tw, dtype=np.uint64), i)


def _quotient_reps(r0: list[np.ndarray], m: int, tw: int) -> np.ndarray:
    """Canonical representatives of the unit vectors modulo span(r0) (reduced echelon form)."""
    canon = _f2.pack(np.eye(m, dtype=bool))
    if not r0:
        return canon
    reduced, pivots = _f2.rref(np.ascontiguousarray(np.array(r0, dtype=np.uint64).reshape(len(r0), -1)))
    for t, col in enumerate(pivots):
        canon[col] ^= reduced[t]  # e_col is congruent to its reduced row minus e_col modulo R0
    return canon


def _bfs(adj: np.ndarray, allowed: np.ndarray, start: int) -> list[int]:
    """Breadth-first order of the vertices reachable from start through allowed ones."""
    seen = ~allowed
    seen[start] = True
    order, queue = [], deque([start])
    while queue:
        i = queue.popleft()
        order.append(i)
        new = np.flatnonzero(adj[i] & ~seen)
        seen[new] = True
        queue.extend(new.tolist())
    return order


def _line_graph_of_tree(adj: np.ndarray):
    """For the line graph of a tree: each vertex's two end nodes in the tree; else None.

    A line graph of a tree is a claw-free block graph: the neighbourhood of every
    vertex v splits into at most two cliques (the edges at either end of v) with
    no edges between them, every such clique is seen the same way by all its
    members, and the tree so built has exactly one node more than it has edges.
    """
    m = len(adj)
    rows = [int.from_bytes(r.tobytes(), "little") for r in _f2.pack(adj)]
    cliques: dict[int, int] = {}
    ends: list[list[int]] = []
    for v in range(m):
        nb = rows[v]
        if not nb:
            return None
        u = nb.bit_length() - 1
        first = (1 << u) | (rows[u] & nb)
        ends_v = []
        for group in (first, nb & ~first):
            if not group:
                continue
            clique = group | (1 << v)
            if clique not in cliques:
                for i in _bits(clique):
                    if (rows[i] | (1 << i)) & clique != clique:
                        return None
                cliques[clique] = len(cliques)
            ends_v.append(cliques[clique])
        ends.append(ends_v)
    for clique, cid in cliques.items():
        if any(cid not in ends[i] for i in _bits(clique)):
            return None
    n_nodes = len(cliques)
    for e in ends:
        while len(e) < 2:
            e.append(n_nodes)
            n_nodes += 1
    return ends if n_nodes == m + 1 else None


def _bits(x: int):
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low
