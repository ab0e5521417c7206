"""The commutant (exact Pauli sums, whole and k-local), its center and maximal commuting set, and the
isotypic decomposition, against independent dense computations and Schur-Weyl duality."""

from __future__ import annotations

import json
import math
from itertools import combinations

import numpy as np
import pytest
from clitools import one_line_error

from liealg.errors import SizeLimitError
from liealg.io.inputs import as_generators
from liealg.pauli import PauliString
from liealg.structure.commutant import commutant, count_local_strings, local_strings
from liealg.structure.isotypic import dense_matrix, isotypic
from liealg.tables.families import FAMILIES


def exchange_all_pairs(n: int) -> list[str]:
    """X_iX_j + Y_iY_j + Z_iZ_j on every pair (dense labels)."""
    def label(p, i, j):
        return "".join(p if q in (i, j) else "I" for q in range(n))
    return [" + ".join(label(p, i, j) for p in "XYZ") for i, j in combinations(range(n), 2)]


def family(name: str, n: int, topology: str = "open") -> list[str]:
    return FAMILIES[name].build(n, topology)


def superop(gens) -> np.ndarray:
    """The stacked maps C -> [H_k, C] on vec(C) (dense, 4^n columns)."""
    N = 1 << gens[0].n
    eye = np.eye(N)
    return np.vstack([np.kron(h, eye) - np.kron(eye, h.T) for h in (g.to_matrix() for g in gens)])


def dense_commutant_dim(gens, columns: np.ndarray | None = None) -> int:
    """Null space of the stacked maps (optionally restricted to the span of some Pauli strings)."""
    A = superop(gens)
    if columns is not None:
        n = gens[0].n
        V = np.stack([PauliString.from_row(k, n).to_matrix().reshape(-1) for k in columns], axis=1)
        A = A @ V
    w = np.linalg.eigvalsh(A.conj().T @ A)
    return int(np.sum(w < 1e-8 * max(w.max(), 1.0)))


CASES = [
    ("heisenberg chain", family("heisenberg-hva", 4)),
    ("heisenberg ring", family("heisenberg-hva", 4, "ring")),
    ("tfim hva", family("tfim-hva", 4)),
    ("xxz hva", family("xxz-hva", 4)),
    ("qaoa maxcut", family("qaoa-maxcut", 4, "ring")),
    ("strings", ["XXII", "IYYI", "IIZZ", "ZIII"]),
    ("rational sums", ["1/2 XXII + 3 IZZI - 2/3 IIXY", "ZIII + 5/7 IXXI", "YYII"]),
    ("all pairs", exchange_all_pairs(4)),
]


@pytest.mark.parametrize("name,lines", CASES, ids=[c[0] for c in CASES])
def test_whole_commutant_against_dense_null_space(name, lines):
    gens = as_generators(lines)
    com = commutant(gens)
    assert com.whole and com.columns == 4 ** gens[0].n
    assert com.dim == dense_commutant_dim(gens)
    assert com.basis is not None and len(com.basis) == com.dim
    mats = [dense_matrix(b) for b in com.basis]
    for h in (g.to_matrix() for g in gens):
        for C in mats:
            assert np.linalg.norm(h @ C - C @ h) < 1e-9
    # independent, Hermitian, coprime integer coefficients
    assert np.linalg.matrix_rank(np.stack([M.reshape(-1) for M in mats]), tol=1e-8) == com.dim
    for b in com.basis:
        assert all(c.denominator == 1 for c in b.coeffs) and math.gcd(*(int(c) for c in b.coeffs)) == 1
    assert "exact" in com.certificate["basis"]


def test_five_qubits_against_dense():
    gens = as_generators(family("xxz-hva", 5, "ring"))
    assert commutant(gens).dim == dense_commutant_dim(gens)


@pytest.mark.parametrize("name,lines", CASES[:5], ids=[c[0] for c in CASES[:5]])
@pytest.mark.parametrize("k", [1, 2, 3])
def test_local_commutant_against_dense(name, lines, k):
    gens = as_generators(lines)
    com = commutant(gens, locality=k)
    assert com.columns == count_local_strings(4, k)
    assert com.dim == dense_commutant_dim(gens, local_strings(4, k))
    assert all(len(b.keys) and max(PauliString.from_row(r, 4).weight for r in b.keys) <= k for b in com.basis)


def test_local_strings_enumeration():
    for n, k in [(5, 2), (70, 2), (130, 1)]:
        keys = local_strings(n, k)
        assert keys.shape[0] == count_local_strings(n, k)
        assert np.unique(keys, axis=0).shape[0] == keys.shape[0]
        weights = [PauliString.from_row(r, n).weight for r in keys[:: max(1, len(keys) // 500)]]
        assert max(weights) <= k and weights == sorted(weights)


@pytest.mark.parametrize("n", [4, 6, 9, 30])
def test_heisenberg_local_commutant_is_su2_polynomials(n):
    """Degree <= 2 polynomials in the total spin: 1 + 3 + 6 two-local, 1 + 3 one-local (the chain's
    even and odd bond layers do not commute, so no Hamiltonian is conserved)."""
    lines = family("heisenberg-hva", n)
    assert commutant(lines, locality=1).dim == 4
    c2 = commutant(lines, locality=2)
    assert c2.dim == 10
    texts = [str(b) for b in c2.basis]
    assert " + ".join("I" * i + "Z" + "I" * (n - 1 - i) for i in range(n)) in texts or n > 12


def test_hundred_qubit_two_local_commutant():
    com = commutant(family("heisenberg-hva", 100), locality=2)
    assert com.dim == 10 and com.columns == 44_851
    sizes = sorted(len(b) for b in com.basis)
    assert sizes == [1, 100, 100, 100, 4950, 4950, 4950, 9900, 9900, 9900]


def _schur_weyl(n: int):
    """(d, m) per total spin j = n/2 - k: d = #SYT of shape (n-k, k), m = 2j + 1."""
    return sorted(((math.comb(n, k) - (math.comb(n, k - 1) if k else 0), n - 2 * k + 1) for k in range(n // 2 + 1)),
                  reverse=True)


@pytest.mark.parametrize("n", [3, 4, 5, 6])
def test_schur_weyl(n):
    gens = exchange_all_pairs(n)
    expected = _schur_weyl(n)
    com = commutant(gens, n_qubits=n)
    assert com.dim == sum(m * m for _, m in expected)
    st = com.structure()
    assert len(st.center) == len(expected)
    assert len(st.commuting) == sum(m for _, m in expected)
    iso = isotypic(gens, n_qubits=n, com=com)
    assert sorted(((c.d, c.m) for c in iso), reverse=True) == expected
    assert sum(c.d * c.m for c in iso) == 2 ** n


@pytest.mark.parametrize("n", [8, pytest.param(10, marks=pytest.mark.slow)])
def test_schur_weyl_beyond_the_dense_route(n):
    """Past 7 qubits the components come from the irreducible-block engine's parts (exchange on every
    pair: g = the S_n-symmetric algebra, each total spin j one component of multiplicity 2j + 1)."""
    iso = isotypic(exchange_all_pairs(n), n_qubits=n)
    assert iso.certificate["route"] == "irreducible-block parts"
    assert sorted(((c.d, c.m) for c in iso), reverse=True) == _schur_weyl(n)
    assert iso.commutant_dim == sum(m * m for _, m in _schur_weyl(n))


ROUTES = [pytest.param("heisenberg-hva", 6, "open", marks=pytest.mark.slow),
          pytest.param("heisenberg-hva", 7, "open", marks=pytest.mark.slow),
          ("spin-glass", 6, "complete")]


@pytest.mark.parametrize("fam,n,top", ROUTES)
def test_the_two_routes_agree(fam, n, top):
    """Components, images and a state's weights: the dense route and the blocks' parts agree."""
    from liealg.structure.isotypic import _from_blocks

    gens = as_generators(family(fam, n, top))
    state = ("01" * n)[:n]
    dense = sorted((c.d, c.m, c.image_type, c.image_dim, round(c.weight, 9)) for c in isotypic(gens, state=state))
    blocks = sorted((c.d, c.m, c.image_type, c.image_dim, round(c.weight, 9)) for c in _from_blocks(gens, state, 0))
    assert dense == blocks


def test_state_weights_beyond_the_dense_route():
    iso = isotypic(family("heisenberg-hva", 8, "open"), state="plus")
    assert iso.certificate["route"] == "irreducible-block parts"
    assert abs(sum(c.weight for c in iso) - 1) < 1e-9
    # |+>^8 is the top of the total-spin-4 multiplet (S_x = 4): all its weight on the j = 4 component
    top = [c for c in iso if c.d == 1 and c.m == 9]
    assert len(top) == 1 and abs(top[0].weight - 1) < 1e-9
    # the Neel state 01010101 has weight 1 / C(8, 4) on the symmetric j = 4 multiplet
    neel = isotypic(family("heisenberg-hva", 8, "open"), state="01010101")
    assert abs(next(c.weight for c in neel if c.d == 1 and c.m == 9) - 1 / 70) < 1e-9


def test_the_two_routes_agree_on_a_u5_component():
    from liealg.structure.isotypic import _from_blocks

    found = {}
    for fam, n, top in [("xxz-hva", 6, "ring")]:
        gens = as_generators(family(fam, n, top))
        dense = sorted((c.d, c.m, c.image_type, c.image_dim) for c in isotypic(gens))
        blocks = sorted((c.d, c.m, c.image_type, c.image_dim) for c in _from_blocks(gens, None, 0))
        assert dense == blocks, (fam, n, top)
        found[fam] = dense
    # xxz-hva ring 6: a 5-state component whose image is u(5) (the dense closure once counted rounding
    # noise of vanishing brackets as directions and reported dim 50)
    assert (5, 4, "su(5) ⊕ u(1)", 25) in found["xxz-hva"]


def test_center_and_commuting_set_commute_exactly():
    gens = as_generators(family("heisenberg-hva", 4, "ring"))
    com = commutant(gens)
    st = com.structure()
    basis = [dense_matrix(b) for b in com.basis]
    for z in map(dense_matrix, st.center):
        assert all(np.linalg.norm(z @ B - B @ z) < 1e-8 for B in basis)
    sets = [dense_matrix(t) for t in st.commuting]
    for i, a in enumerate(sets):
        assert all(np.linalg.norm(a @ b - b @ a) < 1e-8 for b in sets[i + 1:])
    assert [str(z) for z in st.center][0] == "IIII"


@pytest.mark.parametrize("name,lines", CASES[:6], ids=[c[0] for c in CASES[:6]])
def test_isotypic_counts_add_up(name, lines):
    iso = isotypic(lines, state="0101")
    n = 4
    assert sum(c.d * c.m for c in iso) == 2 ** n
    assert sum(c.m ** 2 for c in iso) == iso.commutant_dim
    assert abs(sum(c.weight for c in iso) - 1) < 1e-9
    for c in iso:
        assert c.image_dim <= c.d * c.d


def test_isotypic_state_weights():
    iso = isotypic(["XXI + YYI + ZZI", "IXX + IYY + IZZ"], state="010")
    weights = {(c.d, c.m): c.weight for c in iso}
    assert weights == {(2, 2): pytest.approx(2 / 3), (1, 4): pytest.approx(1 / 3)}


def test_number_field_coefficients_certify_the_dimension_only():
    com = commutant(["sqrt(2) XXI + YYI", "IZZ + sqrt(3) IXX"])
    assert com.basis is None and "over Q" in com.basis_note
    assert com.dim == dense_commutant_dim(as_generators(["sqrt(2) XXI + YYI", "IZZ + sqrt(3) IXX"]))


def test_limits_refuse():
    with pytest.raises(SizeLimitError, match="k-local"):
        commutant(family("heisenberg-hva", 9))
    with pytest.raises(SizeLimitError, match="unknowns"):
        commutant(family("heisenberg-hva", 60), locality=3, max_columns=10_000)


def test_lie_algebra_methods():
    import liealg

    alg = liealg.lie_closure(["XXI + YYI + ZZI", "IXX + IYY + IZZ"])
    assert alg.commutant().dim == 20 and alg.commutant(1).dim == 4
    assert [(c.d, c.m) for c in alg.isotypic()] == [(2, 2), (1, 4)]
    assert liealg.commutant(["XX", "YY", "ZZ"]).dim == 4


def test_cli_commutant(cli, examples, tmp_path):
    status, out, err = cli(["commutant", "-g", str(examples / "heisenberg_chain_3.txt"), "--center"])
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "# commutant: 20 operators commute with every generator"
    assert "# center: 2 (the number of isotypic components)" in lines
    assert "# maximal commuting set: 6 (sum of the multiplicities)" in lines
    status, out, err = cli(["commutant", "-g", str(examples / "heisenberg_chain_3.txt"), "-k", "1", "--json"])
    record = json.loads(out)
    assert record["dim"] == 4 and record["basis"][1] == "XII + IXI + IIX" and not record["whole"]
    big = tmp_path / "big.txt"
    big.write_text("\n".join(family("heisenberg-hva", 10)) + "\n")
    one_line_error(*cli(["commutant", "-g", str(big)]))
    status, out, err = cli(["commutant", "-g", str(big), "-k", "2"])
    assert status == 0 and out.startswith("# commutant: 10 operators of weight <= 2")
    assert "Z0 + Z1 + Z2 + Z3 + Z4 + Z5 + Z6 + Z7 + Z8 + Z9" not in out  # dense labels up to 12 qubits
    assert "IIIIIIIIIZ" in out


def test_cli_irreps(cli, examples):
    status, out, err = cli(["irreps", "-g", str(examples / "heisenberg_chain_3.txt"), "--state", "000"])
    assert status == 0, err
    assert out.splitlines()[1].split() == ["2", "2", "su(2)", "⊕", "u(1)", "0"]
    assert out.splitlines()[2].split() == ["1", "4", "u(1)", "1"]
    assert "sum d m = 8 = 2^3; sum m^2 = 20" in out
    status, out, err = cli(["irreps", "-g", str(examples / "heisenberg_chain_3.txt"), "--json"])
    assert json.loads(out)["components"][0] == {"d": 2, "m": 2, "image_dim": 4, "image_type": "su(2) ⊕ u(1)"}
