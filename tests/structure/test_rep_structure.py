"""Structure from the matrix representation (liealg.rep_structure) against the Pauli-product route and
the literature."""

from __future__ import annotations

import pytest

import liealg
from liealg.errors import UncertifiedError
from liealg.io.inputs import as_generators
from liealg.structure.ideals import choose_route, decompose
from liealg.structure.representation import decompose_rep
from liealg.tables.families import family_generators

CASES = [("tfim-hva", 4, "open"), ("tfim-hva", 5, "ring"), ("xxz-hva", 4, "open"), ("xxz-hva", 5, "ring"),
         ("heisenberg-hva", 6, "open"), ("qaoa-maxcut", 5, "complete"), ("tfim-hva", 5, "complete")]


@pytest.mark.parametrize("family,n,topology", CASES)
def test_both_routes_agree(family, n, topology):
    alg = liealg.lie_closure(family_generators(family, n, topology))
    pauli = decompose(alg, route="pauli")
    rep = decompose(alg, route="matrix-representation")
    assert rep.canonical() == pauli.canonical() and rep.center_dim == pauli.center_dim
    assert rep.rank == pauli.rank and rep.dim == alg.dim
    assert rep.method.endswith("(matrix representation)")


@pytest.mark.parametrize("lines", [["sqrt(2) XXI + YYI", "IZZ + 1/3 ZIZ", "XIX"],
                                   ["XYZ + ZZI", "pi/4 IXX + YIY"], ["XX + YY", "ZI", "IZ"]])
def test_irrational_and_small_sums(lines):
    alg = liealg.lie_closure(lines)
    assert decompose(alg, route="matrix-representation").canonical() == decompose(alg, route="pauli").canonical()


@pytest.mark.parametrize("n", [6, 7])
def test_tfim_hva_open_is_u_n(n):
    """Wiersema et al. / Larocca et al.: the open-chain TFIM HVA has dim n^2, and its DLA is u(n)."""
    alg = liealg.lie_closure(family_generators("tfim-hva", n, "open"))
    dec = decompose(alg, route="matrix-representation")
    assert alg.dim == n * n and dec.canonical() == f"su({n}) ⊕ u(1)"


def test_dense_sum_algebras_take_the_representation_route():
    """tfim-hva on the complete graph, n=7: every element carries hundreds of strings; the route is the
    representation, and the type adds up (dim 54)."""
    alg = liealg.lie_closure(family_generators("tfim-hva", 7, "complete"))
    assert choose_route(alg) == "matrix-representation"
    dec = liealg.classify(family_generators("tfim-hva", 7, "complete"))
    assert dec.dim == 54 and sum(i.dim * i.copies for i in dec.grouped()) + dec.center_dim == 54


def test_a_wrong_dimension_is_refused():
    """The counts must add up to the exact dimension: a dimension that is not the algebra's is refused."""
    alg = liealg.lie_closure(family_generators("xxz-hva", 4, "open"))
    with pytest.raises(UncertifiedError):
        decompose_rep(alg.generators, alg.dim + 1)
    with pytest.raises(UncertifiedError):
        decompose_rep(alg.generators, alg.dim - 1)


def test_the_readme_states_the_limits_the_code_has():
    """Issue 13: the documented structure limits (docs/closures.md) are the code's."""
    from pathlib import Path

    from liealg.structure import ideals as structure
    from liealg.structure import representation as rep_structure

    text = Path(__file__).resolve().parents[2].joinpath("docs", "closures.md").read_text()
    assert f"up to dim {structure.MAX_DIM}" in text
    assert f"fits in {rep_structure.MAX_BYTES >> 30} GiB" in text and "up to 16 qubits" in text


def test_beyond_the_limits_the_type_is_refused(monkeypatch):
    from liealg.errors import SizeLimitError
    from liealg.structure import representation as rep_structure

    alg = liealg.lie_closure(family_generators("xxz-hva", 5, "open"))
    monkeypatch.setattr(rep_structure, "MAX_BYTES", 1 << 16)
    with pytest.raises(SizeLimitError, match="needs 488 KiB here .* limit 64 KiB"):
        decompose(alg, route="matrix-representation")


@pytest.mark.slow
def test_heisenberg_hva_open_7_is_typed():
    """It stopped with 'structure constants need 5 GB' on the Pauli route (dim 400)."""
    dec = liealg.classify(family_generators("heisenberg-hva", 7, "open"))
    assert dec.dim == 400 and dec.canonical() == "2 × su(14) ⊕ 3 × su(2) ⊕ u(1)"


@pytest.mark.slow
def test_the_float_basis_keeps_its_gap_on_complete_graph_qaoa():
    """With two BLAS threads the float basis of complete-graph QAOA on 11 qubits lost its certified gap and
    the table row was refused (`liealg tables verify`, 2026-12-03); one thread, the default, types it."""
    from liealg import tables

    row = tables.lookup("qaoa-maxcut", 11, "complete")
    dec = decompose_rep(as_generators(family_generators("qaoa-maxcut", 11, "complete")), row.dim)
    assert (dec.center_dim, str(dec)) == (row.center_dim, row.type)
