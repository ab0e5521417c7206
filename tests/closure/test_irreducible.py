"""The irreducible-block engine (`liealg.irreducible`): dim g and its type from g's action on symmetry
blocks. Every answer it gives must equal the exact closure's; where it cannot certify, it refuses."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest
from clitools import run

import liealg
from liealg.closure import blockrep, irreducible
from liealg.errors import UncertifiedError
from liealg.io.inputs import as_generators
from liealg.structure.ideals import decompose
from liealg.tables.families import family_generators

P = 2097133  # a prime below 2^21, = 1 mod 4


def _exact(lines):
    return liealg.lie_closure(lines, engine="dense")


# rows the engine certifies, against the exact dense closure (dimension and type)
CERTIFIED = [("xxz-hva", 5, "open"), ("xxz-hva", 6, "open"),
             pytest.param("xxz-hva", 7, "ring", marks=pytest.mark.slow), ("xxz-hva", 6, "ring"),
             ("heisenberg-hva", 5, "ring"), ("heisenberg-hva", 6, "open"),
             pytest.param("heisenberg-hva", 7, "ring", marks=pytest.mark.slow),
             pytest.param("spin-glass", 7, "complete", marks=pytest.mark.slow)]


@pytest.mark.parametrize("family,n,topology", CERTIFIED)
def test_agrees_with_the_exact_closure(family, n, topology):
    lines = family_generators(family, n, topology)
    res = irreducible.irreducible_blocks(as_generators(lines))
    exact = _exact(lines)
    assert res.dim == exact.dim
    assert str(res.decomposition()) == str(decompose(exact))


SMALL = [(f, n, t) for f, t in [("xxz-hva", "open"), ("xxz-hva", "ring"), ("heisenberg-hva", "open"),
                                ("heisenberg-hva", "ring"), ("tfim-hva", "open"), ("tfim-hva", "complete"),
                                ("qaoa-maxcut", "regular3"), ("qaoa-maxcut", "complete"),
                                ("spin-glass", "complete"), ("spin-glass", "ring")]
         for n in (4, 5, 6) if not (t == "regular3" and n % 2)]


@pytest.mark.parametrize("family,n,topology", SMALL)
def test_certified_or_refused_never_wrong(family, n, topology):
    """Free-fermion algebras (many one-dimensional and repeated parts) and sp/so parts are refused; all
    other answers equal the exact closure."""
    lines = family_generators(family, n, topology)
    try:
        res = irreducible.irreducible_blocks(as_generators(lines))
    except UncertifiedError as exc:
        assert str(exc)
        return
    assert res.dim == _exact(lines).dim


@pytest.mark.parametrize("n,topology", [(9, "open"), (9, "ring"), pytest.param(11, "open", marks=pytest.mark.slow)])
def test_xxz_odd_n_is_the_sum_over_weights(n, topology):
    """Odd n: X...X links weight w to n - w, and g = sum_{w < n/2} su(C(n, w)) + u(1) (the U(1)
    commutant bound is met by every weight pair)."""
    res = irreducible.irreducible_blocks(as_generators(family_generators("xxz-hva", n, topology)))
    expected = sum(comb(n, w) ** 2 - 1 for w in range(1, (n + 1) // 2)) + 1
    assert res.dim == expected and res.center_dim == 1
    assert str(res.decomposition()) == " ⊕ ".join(f"su({comb(n, w)})" for w in range((n - 1) // 2, 0, -1)) + " ⊕ u(1)"


def test_auto_uses_it_for_large_bounds_and_classify_is_free():
    lines = family_generators("xxz-hva", 9, "open")
    alg = liealg.lie_closure(lines)
    assert alg.method == "irreducible-blocks" and alg.dim == 24306
    assert alg.certificate["engine"] == "irreducible-blocks" and "4,096 entries" in alg.certificate["engine_choice"]
    assert str(liealg.classify(lines)) == "su(126) ⊕ su(84) ⊕ su(36) ⊕ su(9) ⊕ u(1)"
    # below the bound the exact closure runs, as before
    assert liealg.lie_closure(family_generators("xxz-hva", 6, "open")).method == "exact-gf(p)"


@pytest.mark.slow
def test_auto_answers_beyond_su_faster_than_the_dense_closure():
    """heisenberg-hva open n=8 has an sp(2) part: the su route refuses, the parts route answers (the
    table's dense closure took 6 s)."""
    from liealg.sectors.blocks import entries

    lines = family_generators("heisenberg-hva", 8, "open")
    assert entries(as_generators(lines)) >= irreducible.AUTO_BOUND  # the gate auto uses
    alg = liealg.lie_closure(lines)
    assert alg.dim == 724 and alg.method == "irreducible-blocks"
    assert alg.certificate["route"] == "parts"


def test_auto_records_a_refusal_and_closes_exactly(monkeypatch):
    """tfim-hva open n=9 (free fermions: spin representations on the parts) offered to the engine at
    once: both routes refuse, auto closes exactly and says why in the certificate."""
    from liealg.closure import router

    monkeypatch.setattr(router, "ATTEMPT_AFTER", 0.0)
    alg = liealg.lie_closure(family_generators("tfim-hva", 9, "open"))
    assert alg.dim == 81 and alg.method.startswith("exact")
    assert alg.certificate["irreducible_blocks"].startswith("refused: ")
    assert "beyond su: " in alg.certificate["irreducible_blocks"]


def test_engine_irreducible_refuses_with_the_reason():
    with pytest.raises(UncertifiedError, match="cannot certify"):
        liealg.lie_closure(family_generators("tfim-hva", 8, "ring"), engine="irreducible")


def test_irrational_coefficients():
    """XXZ with anisotropy sqrt(2) on one layer: same answer as the exact closure over Q(sqrt 2)."""
    lines = family_generators("xxz-hva", 5, "open")
    lines = [" + ".join(f"sqrt(2) {t}" for t in line.split(" + ")) if set(line) <= set("ZI +") else line
             for line in lines]
    assert any("sqrt(2)" in line for line in lines)
    assert irreducible.irreducible_blocks(as_generators(lines)).dim == _exact(lines).dim


# --- the exact pieces over GF(p) ----------------------------------------------------------------------
def _random_invertible(d, rng):
    while True:
        M = rng.integers(0, P, size=(d, d)).astype(np.float64)
        if blockrep.inverse_mod(M, P) is not None:
            return M


def _conj(M, Y):
    return blockrep.mulmod(blockrep.mulmod(M, Y, P), blockrep.inverse_mod(M, P), P)


@pytest.mark.parametrize("outer", [False, True])
def test_linkage_modulo_p(outer):
    rng = np.random.default_rng(1)
    d = 6
    Y1 = [rng.integers(0, P, size=(d, d)).astype(np.float64) for _ in range(2)]
    M = _random_invertible(d, rng)
    img = [np.fmod(P - Y.T, P) for Y in Y1] if outer else Y1
    Y2 = [_conj(M, Y) for Y in img]
    c = [3, -5]
    assert irreducible._linked(Y1, Y2, c, P, outer, 0) is True
    assert irreducible._linked(Y1, Y2, c, P, not outer, 0) is False
    other = [rng.integers(0, P, size=(d, d)).astype(np.float64) for _ in range(2)]
    assert irreducible._linked(Y1, other, c, P, outer, 0) is False


def test_commutant_and_module_maps_between_blocks_of_different_sizes():
    """X = S1 + S2 (two random 3-dim modules) and X' = S1 + S3 + S4: one map from the first to the
    second; the commutant of the first has dimension 2."""
    rng = np.random.default_rng(2)

    def rand():
        return [rng.integers(0, P, size=(3, 3)).astype(np.float64) for _ in range(2)]

    def direct(*mods):
        d = 3 * len(mods)
        out = []
        for k in range(2):
            X = np.zeros((d, d))
            for i, m in enumerate(mods):
                X[3 * i:3 * i + 3, 3 * i:3 * i + 3] = m[k]
            out.append(X)
        return out

    S1, S2, S3, S4 = rand(), rand(), rand(), rand()
    c = [2, 7]
    assert len(blockrep.hom_basis(direct(S1, S2), direct(S1, S2), c, P, False, 0)) == 2
    assert len(blockrep.hom_basis(direct(S1, S2), direct(S3, S1, S4), c, P, False, 0)) == 1


def test_one_dimensional_submodules_are_split_off():
    """Two characters (one twice) beside a 3-dim simple module: N has dimension 3, the quotient 3."""
    rng = np.random.default_rng(3)
    S = [rng.integers(0, P, size=(3, 3)).astype(np.float64) for _ in range(2)]
    chars = [(5.0, 5.0, 9.0), (1.0, 1.0, 4.0)]
    Xs = []
    for k in range(2):
        X = np.zeros((6, 6))
        X[:3, :3] = S[k]
        X[3:, 3:] = np.diag(chars[k])
        Xs.append(X)
    M = _random_invertible(6, rng)
    Xs = [_conj(M, X) for X in Xs]
    XN, XQ = irreducible._split_abelian(Xs, P)
    assert XN[0].shape == (3, 3) and XQ[0].shape == (3, 3)


def test_cli_engine_option(capsys, tmp_path):
    path = tmp_path / "xxz9.txt"
    path.write_text("\n".join(family_generators("xxz-hva", 9, "open")) + "\n")
    status, out, _ = run(["dim", "-g", str(path), "--engine", "irreducible", "--max-dim", "100"], capsys)
    assert status == 0 and out.strip() == "24306"  # nothing is enumerated: --max-dim does not apply
    bad = tmp_path / "tfim8.txt"
    bad.write_text("\n".join(family_generators("tfim-hva", 8, "ring")) + "\n")
    status, out, err = run(["dim", "-g", str(bad), "--engine", "irreducible"], capsys)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1 and "cannot certify" in err
    status, out, _ = run(["classify", "-g", str(path), "--engine", "irreducible"], capsys)
    assert status == 0 and out.startswith("su(126) ⊕ su(84) ⊕ su(36) ⊕ su(9) ⊕ u(1)")
