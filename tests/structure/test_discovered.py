"""Sectors nobody named (liealg.structure.discovered): the joint eigenspaces of discovered conserved
quantities, against an independent dense computation (each sector cut out by float projectors from the
conserved operators' own matrices, its algebra by a float closure), Schur-Weyl duality, the named weight
sectors and the isotypic decomposition."""

from __future__ import annotations

import json
from collections import Counter
from itertools import combinations
from math import comb

import numpy as np
import pytest
from clitools import one_line_error
from sector_reference import closure_on, sector_dla_dim

from liealg.errors import SizeLimitError
from liealg.io.inputs import as_generators
from liealg.structure.discovered import Roots, discovered_sectors
from liealg.tables.families import FAMILIES


def family(name: str, n: int, topology: str = "open") -> list[str]:
    return FAMILIES[name].build(n, topology)


def exchange_all_pairs(n: int) -> list[str]:
    def label(p, i, j):
        return "".join(p if q in (i, j) else "I" for q in range(n))
    return [" + ".join(label(p, i, j) for p in "XYZ") for i, j in combinations(range(n), 2)]


def young(n: int, j: int) -> int:
    """Standard Young tableaux of the two-row shape (n/2 + j, n/2 - j): the S_n irrep of total spin j
    (hook length: C(n, b) - C(n, b - 1) for the second row's length b)."""
    b = n // 2 - j
    return comb(n, b) - (comb(n, b - 1) if b > 0 else 0)


def joint_eigenspace(found, labels) -> np.ndarray:
    """Orthonormal columns spanning the joint eigenspace (for a `Roots` label, the sum of the eigenspaces of
    all its roots), from the float eigenvectors of each quantity's own matrix."""
    N = 1 << found.n_qubits
    P = np.eye(N, dtype=complex)
    for q, mu in zip(found.conserved, labels):
        values, vecs = np.linalg.eigh(q.to_matrix())
        wanted = mu.values if isinstance(mu, Roots) else [float(mu)]
        pick = vecs[:, [any(abs(v - w) < 1e-6 for w in wanted) for v in values]]
        P = P @ pick @ pick.conj().T
    U, s, _ = np.linalg.svd(P)
    return U[:, s > 0.5]


CASES = [
    (lambda: family("xxz-hva", 5), 1),
    (lambda: family("heisenberg-hva", 5), 2),
    (lambda: family("heisenberg-hva", 6, "ring"), 2),
    (lambda: family("qaoa-maxcut", 5, "path"), None),
    (lambda: exchange_all_pairs(5), 2),
    (lambda: family("heisenberg-hva", 5), None),  # the whole commutant, conjugate irrational roots
    (lambda: family("tfim-hva", 5, "ring"), 2),  # one quantity, roots of x^4 - 40 x^2 + 80 and x^4 - 20 x^2 + 80
]


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if c == 5 else c for c in range(len(CASES))])
def test_against_the_dense_reference(case):
    build, k = CASES[case]
    lines = build()
    gens = as_generators(lines)
    found = discovered_sectors(lines, locality=k)
    assert sum(s.dim_V for s in found) == 1 << found.n_qubits
    H = [g.to_matrix() for g in gens]
    mats = [q.to_matrix() for q in found.conserved]
    for Q in mats:  # conserved, Hermitian, and commuting with one another
        assert np.allclose(Q, Q.conj().T)
        assert all(np.abs(Q @ h - h @ Q).max() < 1e-9 for h in H)
        assert all(np.abs(Q @ R - R @ Q).max() < 1e-9 for R in mats)
    for s in found:
        V = joint_eigenspace(found, s.labels)
        for Q, mu in zip(mats, s.labels):
            if isinstance(mu, Roots):  # V is invariant and Q's eigenvalues on it are exactly those roots
                assert np.allclose(Q @ V, V @ (V.conj().T @ Q @ V))
                assert np.allclose(np.polyval([float(c) for c in mu.poly], np.array(mu.values)), 0, atol=1e-6)
            else:
                assert np.allclose(Q @ V, float(mu) * V)  # the labels are the eigenvalues
        assert (s.dim_V, s.dim_g_V) == closure_on(gens, V), s


def test_schur_weyl_exchange_on_every_pair():
    """Exchange on every pair of 6: a 2-local maximal commuting set is S_z-like and S^2-like; the sectors are
    the total spins j with a magnetization m, each of dimension d_j (standard Young tableaux), 2j + 1 of
    them for each j; g_V is u(d_j) - the S_n irrep's full algebra - on every one."""
    n = 6
    found = discovered_sectors(exchange_all_pairs(n), locality=2)
    assert found.maximal and not found.left_out
    expected = Counter()
    for j in range(n // 2 + 1):
        expected[young(n, j)] += 2 * j + 1
    assert Counter(s.dim_V for s in found) == expected  # {1: 7, 5: 5 + 1, 9: 3}
    assert all(s.dim_g_V == s.dim_V ** 2 for s in found)


@pytest.mark.slow
def test_schur_weyl_heisenberg_ring_8():
    """The Heisenberg HVA ring of 8 (the stop-31 hand check): 25 sectors, dims the SYT counts 1/7/20/28/14
    with 9/7/5/3/1 copies."""
    found = discovered_sectors(family("heisenberg-hva", 8, "ring"), locality=2)
    assert Counter(s.dim_V for s in found) == Counter({1: 9, 7: 7, 20: 5, 28: 3, 14: 1})
    assert all(s.dim_g_V is not None for s in found)


def test_young_counts():
    assert [young(8, j) for j in range(5)] == [14, 28, 20, 7, 1]
    assert [young(6, j) for j in range(4)] == [5, 9, 5, 1]


def test_locality_one_gives_the_named_weight_sectors():
    """XXZ HVA: the only 1-local conserved sum is Sum Z_i; its eigenvalue n - 2w is the weight sector w."""
    lines = family("xxz-hva", 6)
    gens = as_generators(lines)
    found = discovered_sectors(lines, locality=1)
    assert [str(q) for q in found.conserved] == [" + ".join("I" * q + "Z" + "I" * (5 - q) for q in range(6))]
    got = {int(s.labels[0]): (s.dim_V, s.dim_g_V) for s in found}
    assert got == {6 - 2 * w: sector_dla_dim(gens, weight=w) for w in range(7)}


@pytest.mark.parametrize("name, n, top", [("qaoa-maxcut", 5, "path"), ("xxz-hva", 4, "ring"),
                                          ("qaoa-maxcut", 4, "ring")])
def test_the_whole_commutant_gives_irreducible_copies(name, n, top):
    """The whole commutant: one sector per irreducible copy, so the sector dims are the isotypic
    decomposition's d_lambda, each m_lambda times (`liealg.structure.isotypic`, its own route), and g_V on a
    copy is the component's image."""
    from liealg.structure.isotypic import isotypic

    lines = family(name, n, top)
    found = discovered_sectors(lines, locality=None)
    assert found.whole and found.maximal and not found.left_out
    iso = isotypic(lines)
    copies = Counter()
    images = {}
    for comp in iso.components:
        copies[comp.d] += comp.m
        images.setdefault(comp.d, set()).add(comp.image_dim)
    assert Counter(s.dim_V for s in found) == copies
    assert all(s.dim_g_V in images[s.dim_V] for s in found)
    if (name, n) == ("qaoa-maxcut", 5):
        assert sorted(s.dim_V for s in found) == [1, 1, 5, 5, 10, 10]


def test_irrational_spectra_split_by_their_rational_factors(cli, tmp_path):
    """TFIM HVA ring of 5, 2-local: the one conserved sum beyond the identity has the eigenvalues 0 and the
    roots of two quartics (momentum-like, 2 cos(2 pi k / 5) in them): three parts, each a sum of conjugate
    eigenspaces of equal dimension."""
    found = discovered_sectors(family("tfim-hva", 5, "ring"), locality=2, strings=False)
    assert not found.left_out and not found.irreducible
    assert [(s.dim_V, s.dim_g_V) for s in found] == [(8, 14), (8, 2), (16, 14)]
    polys = sorted(s.as_dict().get("roots_of", {}).get("1", "") for s in found)
    assert polys == ["", "x**4 - 20*x**2 + 80", "x**4 - 40*x**2 + 80"]
    Q = found.conserved[0].to_matrix()
    values = np.linalg.eigvalsh(Q)
    for s in found:
        if isinstance(s.labels[0], Roots):  # conjugate roots: equal multiplicities dim V / degree
            counts = [int(np.sum(np.abs(values - r) < 1e-6)) for r in s.labels[0].values]
            assert counts == [s.dim_V // 4] * 4
    path = tmp_path / "heis.txt"  # the whole commutant with conjugate parts: not claimed the finest split
    path.write_text("\n".join(family("heisenberg-hva", 5)) + "\n")
    status, out, _ = cli(["sectors", "-g", str(path), "--discover", "--locality", "all", "--json"])
    rec = json.loads(out)["discovered"]
    assert status == 0 and sum(s["dim_V"] for s in rec["sectors"]) == 32
    assert any("roots_of" in s for s in rec["sectors"])
    status, out, _ = cli(["sectors", "-g", str(path), "--discover", "--locality", "all"])
    assert status == 0 and "conjugate irrational roots" in out and "irreducible copy" not in out


def test_a_quantity_whose_polynomial_is_not_found_is_left_out(monkeypatch):
    import liealg.structure.discovered as discovered

    monkeypatch.setattr(discovered, "_DEGREE", 1)  # no irreducible factor of degree >= 2 is looked for
    found = discovered_sectors(family("tfim-hva", 5, "ring"), locality=2, strings=False)
    assert found.left_out and all("no integer polynomial was found" in why for _, why in found.left_out)
    assert [s.dim_V for s in found] == [32] and found.sectors[0].dim_g_V == 14


def test_a_large_sector_says_why_its_algebra_is_not_given():
    found = discovered_sectors(family("xxz-hva", 8), locality=1, max_block=40)
    big = [s for s in found if s.dim_V > 40]
    assert big and all(s.dim_g_V is None and "up to dim V = 40" in s.note for s in big)
    assert sum(s.dim_V for s in found) == 256


def test_limits_refuse():
    with pytest.raises(SizeLimitError, match="up to 11 qubits"):
        discovered_sectors(["Z" * 12], locality=1)
    with pytest.raises(SizeLimitError, match="whole commutant is used up to 7"):
        discovered_sectors(family("xxz-hva", 8), locality=None)  # refused before the commutant is solved


def test_as_dict_is_json():
    found = discovered_sectors(family("xxz-hva", 4), locality=1)
    rec = json.loads(json.dumps(found.as_dict()))
    assert rec["locality"] == 1 and rec["maximal"] and sum(s["dim_V"] for s in rec["sectors"]) == 16
    assert sorted(s["labels"][0] for s in rec["sectors"]) == ["-2", "-4", "0", "2", "4"]


def test_cli_discover(cli, tmp_path):
    path = tmp_path / "xxz.txt"
    path.write_text("\n".join(family("xxz-hva", 5)) + "\n")
    status, out, _ = cli(["sectors", "-g", str(path), "--discover", "--locality", "1"])
    assert status == 0
    assert "Q1 = ZIIII + IZIII + IIZII + IIIZI + IIIIZ" in out
    assert "6 discovered sectors, dim V adding up to 32;  dim g = 124 <= 252" in out
    assert "irreducible copy" not in out  # a 1-local split is not claimed to be the finest
    status, out, _ = cli(["sectors", "-g", str(path), "--discover", "--locality", "1", "--json"])
    rec = json.loads(out)["discovered"]
    assert [(s["dim_V"], s["dim_g_V"]) for s in rec["sectors"]] == [(1, 1), (1, 1), (5, 25), (5, 25),
                                                                   (10, 100), (10, 100)]
    path.write_text("\n".join(family("qaoa-maxcut", 5, "path")) + "\n")
    status, out, _ = cli(["sectors", "-g", str(path), "--discover", "--locality", "all"])
    assert status == 0 and "6 discovered sectors, dim V adding up to 32" in out and "one irreducible copy" in out


@pytest.mark.parametrize("bad", ["0", "-1", "two", "1.5"])
def test_cli_bad_locality(cli, tmp_path, bad):
    path = tmp_path / "xxz.txt"
    path.write_text("\n".join(family("xxz-hva", 4)) + "\n")
    status, out, err = cli(["sectors", "-g", str(path), "--discover", "--locality", bad])
    one_line_error(status, out, err)
    assert "--locality" in err and "positive weight or 'all'" in err


def test_cli_too_many_qubits(cli, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("\n".join(family("xxz-hva", 12)) + "\n")
    status, out, err = cli(["sectors", "-g", str(path), "--discover"])  # refused before the named tables
    one_line_error(status, out, err)
    assert "up to 11 qubits" in err
    path.write_text("\n".join(family("xxz-hva", 8)) + "\n")
    status, out, err = cli(["sectors", "-g", str(path), "--discover", "--locality", "all"])
    one_line_error(status, out, err)
    assert "whole commutant is used up to 7 qubits" in err


def test_string_symmetries_join_the_k_local_split(cli, tmp_path):
    """TFIM HVA ring of 6, k = 2: the flip X...X (weight 6) is no 2-local sum, but it commutes with the
    2-local conserved quantities and joins them; the split refines (every sector is inside one flip
    eigenspace, checked on the dense matrix) and the sectors still add up to 2^n."""
    gens = family("tfim-hva", 6, "ring")
    plain = discovered_sectors(gens, locality=2, strings=False)
    joined = discovered_sectors(gens, locality=2)
    assert joined.strings >= 1 and "XXXXXX" in [str(q).replace("1 ", "") for q in joined.conserved]
    assert plain.strings == 0
    assert sum(s.dim_V for s in joined) == sum(s.dim_V for s in plain) == 64
    assert len(joined) > len(plain)
    flip_at = [str(q).replace("1 ", "") for q in joined.conserved].index("XXXXXX")
    assert {s.labels[flip_at] for s in joined} == {1, -1}
    # refinement: each joined sector's labels on the 2-local quantities are one of the plain sectors'
    local = len(joined.conserved) - joined.strings
    plain_labels = {tuple(s.labels) for s in plain}
    assert all(tuple(s.labels[:local]) in plain_labels for s in joined)
    path = tmp_path / "tfim6.txt"
    path.write_text("\n".join(gens) + "\n")
    code, out, _ = cli(["sectors", "-g", str(path), "--discover"])
    assert code == 0 and "XXXXXX   (string symmetry)" in out and "1 Pauli-string symmetry" in out
