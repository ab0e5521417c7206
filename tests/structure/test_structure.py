"""Center, simple ideals and types against the Wiersema-Kokcu-Kemper-Bakalov classification."""

import json

import numpy as np
import pytest
from known_algebras import WKKB_OPEN, canonical, repeat

from liealg import lie_closure
from liealg.cli.main import main
from liealg.structure.ideals import decompose
from liealg.tables.families import single_site, summed, two_local


def types(labels_or_gens):
    return str(decompose(lie_closure(labels_or_gens)))



@pytest.mark.parametrize("n", [4, 5])
@pytest.mark.parametrize("patterns, expected", WKKB_OPEN, ids=lambda x: "".join(x) if isinstance(x, list) else "")
def test_two_local_classification(patterns, expected, n):
    assert types(two_local(n, patterns)) == canonical(expected(n))


def test_low_dimensional_coincidences_and_b_vs_c():
    assert types(["XX", "ZI", "IZ"]) == "2 × su(2)"          # so(4)
    assert types(two_local(3, ["XX"]) + single_site(3, "Z")) == "su(4)"  # so(6)
    assert types(["X", "Z"]) == "su(2)"
    # same dimension 36 and rank 4, told apart by root lengths
    assert types(two_local(5, ["XX", "XZ"])) == "so(9)"
    assert types(two_local(4, ["XY", "XZ"])) == "sp(4)"


def test_star_and_b1_family():
    star = lie_closure(["XIII", "IXII", "IIXI", "ZZZX"])
    assert star.dim == 12 and str(decompose(star)) == repeat("su(2)", 4)
    b1 = lie_closure(["XIIIII", "ZXIIII", "ZZXIII", "ZZZXII", "ZZZZXI", "ZIZIZX"])
    dec = decompose(b1)
    assert b1.dim == 36 and dec.center_dim == 0 and len(dec.ideals) == 1 and dec.ideals[0].rank == 4


@pytest.mark.parametrize("n", [4, 5, 6])
def test_tfim_centers(n):
    ring = lie_closure([summed(two_local(n, ["ZZ"], "ring")), summed(single_site(n, "X"))])
    open_ = lie_closure([summed(two_local(n, ["ZZ"])), summed(single_site(n, "X"))])
    assert len(ring.center()) == 2 and decompose(ring).center_dim == 2
    assert len(open_.center()) == 1 and decompose(open_).center_dim == 1
    # the center really commutes with the generators
    for alg in (ring, open_):
        for c in alg.center():
            cm = c.to_matrix()
            assert alg.contains(c) if not alg.is_pauli_algebra and c.is_rational else True
            for g in alg.generators:
                gm = g.to_matrix()
                assert np.allclose(cm @ gm - gm @ cm, 0, atol=1e-8)


def test_pauli_center_is_exact_strings():
    alg = lie_closure(["XXI", "ZZI", "IIZ"])
    centers = sorted(str(c) for c in alg.center())
    assert "IIZ" in centers and alg.derived_dim() == alg.dim - len(centers)


def test_structure_constants_match_matrices():
    alg = lie_closure(two_local(3, ["XY", "XZ"]))
    i, j, k, v = alg.structure_constants()
    basis = [1j * p.to_matrix() for p in alg.basis]
    for a, b, c, val in list(zip(i, j, k, v))[:200]:
        comm = basis[a] @ basis[b] - basis[b] @ basis[a]
        assert np.allclose(comm, val * basis[c])
    # antisymmetry
    f = {(a, b, c): val for a, b, c, val in zip(i, j, k, v)}
    assert all(f[b, a, c] == -val for (a, b, c), val in f.items())


def test_sum_algebra_structure_constants_are_consistent():
    alg = lie_closure([summed(two_local(3, ["ZZ"])), summed(single_site(3, "X"))])
    i, j, k, v = alg.structure_constants()
    f = np.zeros((alg.dim,) * 3)
    f[i, j, k] = v
    assert np.allclose(f, -f.transpose(1, 0, 2), atol=1e-9)
    # Jacobi identity in the adjoint representation: [ad_a, ad_b] = ad_[a,b]
    ad = f.transpose(0, 2, 1)
    lhs = np.einsum("akm,bmj->abkj", ad, ad) - np.einsum("bkm,amj->abkj", ad, ad)
    rhs = np.einsum("abc,ckj->abkj", f, ad)
    assert np.allclose(lhs, rhs, atol=1e-8)


def test_classify_cli(tmp_path, capsys):
    f = tmp_path / "g.txt"
    f.write_text("\n".join([summed(two_local(4, ["ZZ"], "ring")), summed(single_site(4, "X"))]))
    try:
        main(["classify", "-g", str(f), "--json"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    rec = json.loads(capsys.readouterr().out)
    assert rec["dim"] == 11 and rec["center_dim"] == 2
    assert sum(i["dim"] * i["copies"] for i in rec["ideals"]) + rec["center_dim"] == rec["dim"]
