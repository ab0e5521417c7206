"""`LieAlgebra` is a plain result: dim, generators, the basis the engine held (one `Basis` type per
shape), the decomposition, one `Certificate`; a sector restriction is the same type."""

import dataclasses
import importlib

import pytest

import liealg
from liealg.closure.basis import Certificate, EchelonBasis, ExplicitBasis, OrthonormalBasis, StringBasis, held_basis
from liealg.structure.algebra import LieAlgebra, lie_closure, sector_closure

TFIM3 = ["ZZI + IZZ", "XII + IXI + IIX"]


def test_fields_are_the_plain_result():
    public = [f.name for f in dataclasses.fields(LieAlgebra) if not f.name.startswith("_")]
    assert public == ["n_qubits", "dim", "generators", "held", "certificate", "decomposition", "sector",
                      "subspace_dim", "blocks"]


@pytest.mark.parametrize("gens, kwargs, kind, dim, outside", [
    (["XX", "ZI", "IZ"], {}, StringBasis, 6, "XI"),
    (TFIM3, {}, EchelonBasis, 9, "ZII"),
    (TFIM3, {"method": "float"}, OrthonormalBasis, 9, "ZII"),
    (["XXI + IXX"], {}, ExplicitBasis, 1, "XXI"),
])
def test_each_engine_holds_one_basis_type(gens, kwargs, kind, dim, outside):
    alg = lie_closure(gens, **kwargs)
    assert isinstance(alg.held, kind) and len(alg.held) == alg.dim == dim
    sums = alg.held.sums()
    assert len(sums) == dim and all(alg.held.contains(h) for h in sums)
    assert alg.contains(gens[0]) and not alg.contains(outside)


def test_no_span_held_asks_the_router_for_one():
    dense = lie_closure(TFIM3, engine="dense")
    assert dense.held is None and dense.engine == "dense-blocks"
    sparse = lie_closure(TFIM3)
    assert [str(h) for h in dense.basis] == [str(h) for h in sparse.basis]
    assert dense.contains("ZZI + IZZ") and not dense.contains("ZZI")
    assert dense._with_basis().engine == "sparse"  # the router chose, asked for an engine that holds a span
    graph = lie_closure(["XX", "ZI", "IZ"], basis=False)
    assert graph.held is None and graph.engine == "anticommutation-graph" and len(graph.basis) == 6


def test_certificate_is_a_mapping_with_attributes():
    alg = lie_closure(TFIM3)
    cert = alg.certificate
    assert isinstance(cert, Certificate) and isinstance(cert, dict)
    assert cert["agree"] and cert["engine"] == cert.engine == alg.engine == "sparse"
    assert cert.method == alg.method == "exact-gf(p)" and cert.shortcut is alg.shortcut is None
    assert cert.seconds == alg.seconds > 0
    assert dict(cert) == dict(lie_closure(TFIM3).certificate)


def test_sector_restriction_is_a_lie_algebra():
    gens = liealg.io.inputs.as_generators(["XXII + IXXI + IIXX + YYII + IYYI + IIYY", "ZZII + IZZI + IIZZ"])
    res = sector_closure(gens, {"weight": 2})
    assert isinstance(res, LieAlgebra) and res.subspace_dim == 6 and sum(res.blocks) == 6
    assert res.engine in ("dense-blocks", "pauli-image") and res.seconds > 0
    assert res.dim == lie_closure(gens, sector={"weight": 2}).dim
    with pytest.raises(ValueError, match="sector"):
        res.basis_sums()


def test_held_basis_of_an_empty_closure_is_none():
    class Found:
        keys = elements = registry = coefficient_field = None
        spans, evaluations = [], []

    assert held_basis(Found(), 2) is None


@pytest.mark.parametrize("old, new", [("liealg.structure.anticommutation", "liealg.closure.anticommutation"),
                                      ("liealg.structure.types", "liealg.decomposition"),
                                      ("liealg.closure.sector", "liealg.structure.algebra")])
def test_moved_modules_still_import(old, new):
    assert importlib.import_module(old) is importlib.import_module(new)
