"""Qubit permutations that leave every generator unchanged: commuting involutions for sector blocks.

A permutation s of the qubits with s(H_k) = H_k for every generator (same strings, same exact
coefficients) commutes with the whole algebra, so its eigenspaces split every sector into smaller
invariant blocks. The QAOA cost on a graph is invariant under the graph's automorphisms, the complete
graph under every permutation; the dense engines work block by block, and their cost falls with the
square of the block size (`liealg.sectors.sector_problem`).

Only involutions that commute with each other (and with the translation or reflection that a sector
already uses) are taken: they generate an elementary abelian group Z_2^k whose characters are +-1, so
sector bases stay real and the blocks are the joint +-1 eigenspaces. The search is a backtracking over
qubit images with two kinds of pruning: qubit colours (a few rounds of refinement by the generators'
terms: a permutation maps each qubit to one of its colour) and the terms themselves (a term whose
qubits all have images must map to a term of the same generator with the same coefficient). Commuting
with the group found so far, s(h q) = h s(q), fixes s on whole orbits at once. Every search has a
node budget; running out only means fewer blocks (each involution is checked in full), never a wrong
one.
"""

from __future__ import annotations

import numpy as np

from liealg.sums import PauliSum

#: assignments tried per involution search (a search that runs out stops adding involutions)
NODE_BUDGET = 20_000


def _generator_terms(gens: list[PauliSum]) -> list[dict]:
    """Per generator: {(x mask, z mask): coefficient id}, ids equal only for exactly equal coefficients."""
    ids: dict = {}
    out = []
    for g in gens:
        terms = {}
        for c, s in zip(g.coeffs, g.strings):
            terms[(s.x, s.z)] = ids.setdefault(c, len(ids))
        out.append(terms)
    return out


def _incidence(terms: list[dict], n: int) -> list[list]:
    """Per qubit: (generator, x mask, z mask, coefficient id, qubits of the term) for each term on it."""
    by_qubit: list[list] = [[] for _ in range(n)]
    for k, tk in enumerate(terms):
        for (x, z), c in tk.items():
            support = [q for q in range(n) if (x | z) >> q & 1]
            for q in support:
                by_qubit[q].append((k, x, z, c, support))
    return by_qubit


def _colours(by_qubit: list[list], n: int) -> list[int]:
    """Qubit colours: refined from (generator, coefficient, letter, term weight) incidences until stable.
    A generator-preserving permutation maps every qubit to one of the same colour."""
    colour = [0] * n
    for _ in range(n):
        sig = []
        for q in range(n):
            parts = []
            for k, x, z, c, support in by_qubit[q]:
                letter = (x >> q & 1) + 2 * (z >> q & 1)
                others = sorted((colour[r], (x >> r & 1) + 2 * (z >> r & 1)) for r in support if r != q)
                parts.append((k, c, letter, tuple(others)))
            sig.append((colour[q], tuple(sorted(parts))))
        order = {s: i for i, s in enumerate(sorted(set(sig)))}
        new = [order[s] for s in sig]
        if len(set(new)) == len(set(colour)):
            return new
        colour = new
    return colour


def _permute_mask(m: int, perm: list[int]) -> int:
    out = 0
    while m:
        low = m & -m
        out |= 1 << perm[low.bit_length() - 1]
        m ^= low
    return out


def _compose(a: tuple, b: tuple) -> tuple:
    """a after b."""
    return tuple(a[b[q]] for q in range(len(b)))


def _group(gens: list[tuple], n: int) -> set:
    """The elements of the group the permutations generate (small groups only)."""
    identity = tuple(range(n))
    seen = {identity}
    frontier = [identity]
    while frontier:
        nxt = []
        for g in frontier:
            for s in gens:
                h = _compose(s, g)
                if h not in seen:
                    seen.add(h)
                    nxt.append(h)
        frontier = nxt
    return seen


def is_symmetry(gens: list[PauliSum], perm) -> bool:
    """Whether the qubit permutation maps every generator to itself (exact coefficients)."""
    perm = list(perm)
    for terms in _generator_terms(gens):
        for (x, z), c in terms.items():
            if terms.get((_permute_mask(x, perm), _permute_mask(z, perm))) != c:
                return False
    return True


def commuting_involutions(gens: list[PauliSum], commute_with: list | tuple = (), *, max_count: int = 6,
                          budget: int = NODE_BUDGET) -> list[tuple]:
    """Up to `max_count` qubit involutions that preserve every generator, commute with each other and
    with the permutations `commute_with`, and generate with them a group in which each new one is
    independent (a direct factor Z_2). Involutions with more transpositions come first (their +-1
    eigenspaces are closer to equal halves)."""
    n = gens[0].n
    terms = _generator_terms(gens)
    by_qubit = _incidence(terms, n)
    colour = _colours(by_qubit, n)
    fixed = [tuple(int(v) for v in p) for p in commute_with]
    chosen: list[tuple] = []
    while len(chosen) < max_count:
        group = _group(fixed + chosen, n)
        found = _search(n, colour, terms, by_qubit, sorted(group), group, budget)
        if found is None:
            break
        chosen.append(found)
    return chosen


def _search(n, colour, terms, by_qubit, group_list, group, budget):
    """One involution commuting with every element of `group_list` and not in `group` (or None)."""
    sigma = [-1] * n
    nodes = [0]

    def term_ok(q: int) -> bool:
        for k, x, z, c, support in by_qubit[q]:
            if all(sigma[r] >= 0 for r in support):
                if terms[k].get((_permute_mask(x, sigma), _permute_mask(z, sigma))) != c:
                    return False
        return True

    def assign(a: int, b: int, trail: list) -> bool:
        """sigma(a) = b and everything it forces (involution, commuting with the group)."""
        stack = [(a, b)]
        used = set(v for v in sigma if v >= 0)
        while stack:
            a, b = stack.pop()
            if sigma[a] >= 0:
                if sigma[a] != b:
                    return False
                continue
            if b in used or colour[a] != colour[b]:
                return False
            sigma[a] = b
            used.add(b)
            trail.append(a)
            stack.append((b, a))
            for h in group_list:
                stack.append((h[a], h[b]))
        return all(term_ok(q) for q in trail)

    def undo(trail: list) -> None:
        for a in trail:
            sigma[a] = -1

    def rec() -> tuple | None:
        nodes[0] += 1
        if nodes[0] > budget:
            return None
        free = [q for q in range(n) if sigma[q] < 0]
        if not free:
            cand = tuple(sigma)
            return None if cand in group else cand
        q = free[0]
        # images: other qubits first (more transpositions), q itself last
        options = [r for r in range(n) if r != q and sigma[r] < 0 and colour[r] == colour[q]] + [q]
        for r in options:
            trail: list = []
            if assign(q, r, trail):
                got = rec()
                if got is not None:
                    return got
            undo(trail)
            if nodes[0] > budget:
                return None
        return None

    return rec()


def translation(n: int) -> tuple:
    """The qubit permutation q -> q + 1 (mod n)."""
    return tuple((q + 1) % n for q in range(n))


def reflection(n: int) -> tuple:
    """The qubit permutation q -> n - 1 - q."""
    return tuple(n - 1 - q for q in range(n))


def apply_to_states(states: np.ndarray, perm) -> np.ndarray:
    """Basis states (bit q = qubit q) with bit q moved to bit perm[q]."""
    out = np.zeros_like(states)
    one = np.uint64(1)
    for q, r in enumerate(perm):
        out |= ((states >> np.uint64(q)) & one) << np.uint64(r)
    return out
