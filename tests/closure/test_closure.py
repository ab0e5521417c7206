"""String closures against dimensions known from the literature."""

import pytest

import liealg
from liealg import AlgebraTooLargeError, PauliList, PauliString, lie_closure
from liealg.tables.families import single_site, two_local


@pytest.mark.parametrize("n", range(2, 9))
def test_matchgate_chain_is_so_2n(n):
    # {X_i X_(i+1)} u {Z_i}, open chain: free fermions, so(2n)
    assert lie_closure(two_local(n, ["XX"]) + single_site(n, "Z")).dim == n * (2 * n - 1)


@pytest.mark.parametrize("n", range(4, 9))
def test_xy_xz_chain(n):
    # Wiersema et al. 2023: {XY, XZ} on an open chain, sp(2^(n-2)) of dim 2^(n-2)(2^(n-1)+1)
    assert lie_closure(two_local(n, ["XY", "XZ"])).dim == 2 ** (n - 2) * (2 ** (n - 1) + 1)


@pytest.mark.parametrize("n", range(4, 9))
def test_xx_xy_yz_chain_is_universal(n):
    assert lie_closure(two_local(n, ["XX", "XY", "YZ"])).dim == 4 ** n - 1


@pytest.mark.parametrize("n", list(range(2, 9)) + [63, 64, 65, 70, 130])
def test_xy_chain_is_so_n(n):
    # also exercises multi-word strings in the closure kernel
    assert lie_closure(two_local(n, ["XY"])).dim == n * (n - 1) // 2


def test_five_strings_give_15():
    alg = lie_closure(["YY", "ZI", "IX", "IZ", "ZY"])
    assert alg.dim == 15 and alg.n_qubits == 2 and alg.method == "string-bfs"


def test_matchgate_across_word_boundary():
    n = 66
    assert lie_closure(two_local(n, ["XX"]) + single_site(n, "Z")).dim == n * (2 * n - 1)


def test_basis_is_closed_and_spans_generators():
    gens = two_local(4, ["XY", "XZ"])
    alg = lie_closure(gens)
    basis = list(alg.basis)
    assert len(set(basis)) == alg.dim
    for g in gens:
        assert alg.contains(g)
    # closed under commutators with every element, not just generators
    for p in basis:
        for q in basis:
            c, r = p.commutator(q)
            assert c == 0 or r in alg
    assert not alg.contains("ZZZZ") or alg.dim == 255


def test_contains_rejects_outside_elements():
    alg = lie_closure(two_local(3, ["XX"]) + single_site(3, "Z"))
    assert alg.contains("XZX") and alg.contains(PauliString("YZY"))
    assert not alg.contains("XII") and not alg.contains("III")


def test_duplicate_and_scaled_generators():
    gens = liealg.parse_generators("XX\n2 XX\n-1/3 ZI\nIZ")
    assert lie_closure(gens).dim == 6


def test_max_dim_stops_the_closure():
    with pytest.raises(AlgebraTooLargeError) as info:
        lie_closure(two_local(6, ["XX", "XY", "YZ"]), max_dim=1000)
    assert info.value.max_dim == 1000
    assert lie_closure(two_local(4, ["XY", "XZ"]), max_dim=36).dim == 36


def test_progress_callback_is_called():
    seen = []
    liealg.string_closure(PauliList.from_labels(two_local(5, ["XX", "XY", "YZ"])),
                          progress=lambda c, h: seen.append((c, h)), chunk=100)
    assert len(seen) > 3 and seen[-1] == (1023, 1023)


def test_mixed_qubit_counts_rejected():
    with pytest.raises(ValueError):
        lie_closure([PauliString("XX"), PauliString("XXX")])
