"""Qubit involutions that preserve the generators, and the blocks they split sectors into: the
involutions are symmetries that commute, the blocks are orthogonal +-1 eigenspaces that every
generator maps into themselves, and closures on the finer blocks give the same dimensions."""

import numpy as np
import pytest

import liealg
from liealg.closure.dense import close_mod
from liealg.sectors.automorphisms import _compose, commuting_involutions, is_symmetry, reflection
from liealg.sectors.bases import sector_basis
from liealg.sectors.blocks import block_bases, sector_problem
from liealg.sectors.sector import Sector
from liealg.tables.families import family_generators


def gens_of(family, n, topology):
    if family == "xy-complete":  # XX + YY on every pair and a uniform Z field: weight-conserving, S_n-symmetric
        def term(i, j, a):
            return "".join(a if q in (i, j) else "I" for q in range(n))
        hop = " + ".join(term(i, j, a) for i in range(n) for j in range(i + 1, n) for a in "XY")
        field = " + ".join(term(q, q, "Z") for q in range(n))
        return liealg.parse_generators(hop + "\n" + field)
    return liealg.parse_generators("\n".join(family_generators(family, n, topology)))


def basis_matrix(basis) -> np.ndarray:
    """The block's unnormalized vectors v_x as columns of a 2^n x dim matrix (qubit 0 the most significant
    bit of the index, as in the statevector code)."""
    n = basis.sector.n
    out = np.zeros((2 ** n, basis.dim), dtype=complex)
    for s, o, sg, pw in zip(basis.states, basis.orbit, basis.sign, basis.power):
        if o >= 0:
            index = int(f"{int(s):0{n}b}"[::-1], 2)
            out[index, o] += sg * np.exp(2j * np.pi * pw / n)
    return out


def permutation_matrix(perm, n) -> np.ndarray:
    """|b> -> |b'> with bit q of b moved to bit perm[q] (bit q = qubit q)."""
    P = np.zeros((2 ** n, 2 ** n))
    for b in range(2 ** n):
        bits = [(b >> (n - 1 - q)) & 1 for q in range(n)]
        image = [0] * n
        for q in range(n):
            image[perm[q]] = bits[q]
        P[int("".join(map(str, image)), 2), b] = 1
    return P


@pytest.mark.parametrize("family,n,topology", [("qaoa-maxcut", 8, "regular3"), ("qaoa-maxcut", 6, "complete"),
                                               ("tfim-hva", 7, "complete"), ("qaoa-maxcut", 6, "regular3")])
def test_involutions_are_commuting_independent_symmetries(family, n, topology):
    gens = gens_of(family, n, topology)
    found = commuting_involutions(gens, max_count=8)
    assert found, "these generators have qubit symmetries"
    identity = tuple(range(n))
    group = {identity}
    for s in found:
        assert is_symmetry(gens, s)
        assert _compose(s, s) == identity and s != identity
        assert s not in group  # independent of the ones before
        group |= {_compose(s, g) for g in group}
        for t in found:
            assert _compose(s, t) == _compose(t, s)
    assert len(group) == 2 ** len(found)


def test_the_seeded_regular_graph_has_its_two_automorphism_involutions():
    """The seeded 3-regular graph on 8 vertices has automorphism group Z2 x Z2 (brute force over 8!)."""
    from itertools import permutations

    gens = gens_of("qaoa-maxcut", 8, "regular3")
    autos = [p for p in permutations(range(8)) if is_symmetry(gens, p)]
    assert len(autos) == 4
    assert len(commuting_involutions(gens)) == 2


def test_unequal_coefficients_break_the_symmetry():
    assert commuting_involutions(liealg.parse_generators("ZZII + IIZZ\nXIII + IXII + IIXI + IIIX"))
    assert not is_symmetry(liealg.parse_generators("ZZII + 2 IIZZ\nXIII + IXII + IIXI + IIIX"), (3, 2, 1, 0))
    found = commuting_involutions(liealg.parse_generators("ZZII + 2 IIZZ\nXIII + IXII + IIXI + 2 IIIX"))
    assert all(is_symmetry(liealg.parse_generators("ZZII + 2 IIZZ\nXIII + IXII + IIXI + 2 IIIX"), s)
               for s in found)
    assert (3, 2, 1, 0) not in found and (2, 3, 0, 1) not in found  # they would swap the two bonds
    assert (1, 0, 2, 3) in found  # swapping the qubits of the first bond keeps everything


def test_a_search_out_of_budget_finds_fewer_never_wrong():
    gens = gens_of("qaoa-maxcut", 8, "complete")
    assert commuting_involutions(gens, budget=1) == []
    for s in commuting_involutions(gens, budget=30):
        assert is_symmetry(gens, s)


@pytest.mark.parametrize("family,n,topology,spec", [("qaoa-maxcut", 6, "regular3", {}),
                                                    ("qaoa-maxcut", 8, "complete", {"flip": -1}),
                                                    ("xy-complete", 10, "complete", {"weight": 5}),
                                                    ("tfim-hva", 6, "open", {"reflection": 1})])
def test_blocks_are_orthogonal_invariant_eigenspaces(family, n, topology, spec):
    gens = gens_of(family, n, topology)
    sector = Sector(n, **spec)
    blocks = block_bases(gens, sector)
    assert any(b.characters for b in blocks) or spec.get("reflection")
    mats = [basis_matrix(b) for b in blocks]
    V = np.concatenate(mats, axis=1)
    gram = V.conj().T @ V
    assert np.allclose(gram, np.diag(np.diag(gram)))  # orthogonal, across blocks too
    assert V.shape[1] == sector_basis(sector).dim  # the blocks split the sector, nothing lost
    H = [g_.to_matrix() for g_ in gens]
    for b, M in zip(blocks, mats):
        for perm, sign in b.characters:
            assert np.allclose(permutation_matrix(perm, n) @ M, sign * M)
        Q, _ = np.linalg.qr(M)
        for h in H:
            image = h @ Q
            assert np.allclose(Q @ (Q.conj().T @ image), image)  # H maps the block into itself


@pytest.mark.parametrize("family,n,topology", [("qaoa-maxcut", 6, "regular3"), ("qaoa-maxcut", 6, "complete"),
                                               ("tfim-hva", 7, "complete"), ("spin-glass", 5, "complete")])
def test_closures_on_finer_blocks_give_the_same_dimension(family, n, topology, monkeypatch):
    gens = gens_of(family, n, topology)
    fine = close_mod(sector_problem(gens, Sector(n)), max_dim=10 ** 5)
    import liealg.sectors.blocks as blocks

    monkeypatch.setattr(blocks, "commuting_involutions", lambda *a, **k: [])
    coarse = close_mod(sector_problem(gens, Sector(n)), max_dim=10 ** 5)
    sparse = liealg.lie_closure(gens, engine="sparse")
    assert fine.dim == coarse.dim == sparse.dim
    assert len(fine.blocks) >= len(coarse.blocks)


def test_reflection_sectors_take_only_involutions_that_commute_with_it():
    gens = gens_of("tfim-hva", 6, "complete")
    found = commuting_involutions(gens, [reflection(6)])
    for s in found:
        assert _compose(s, reflection(6)) == _compose(reflection(6), s)
        assert s != reflection(6)
