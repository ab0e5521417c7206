"""The state's own sector (liealg.structure.cyclic): the smallest invariant subspace W containing the
state, dim g_W, R and the local conserved quantities naming it, against independent dense computations,
Schur-Weyl duality and the named-sector route."""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pytest
from clitools import one_line_error

from liealg.errors import InputError, SizeLimitError
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state
from liealg.structure.cyclic import exact_state, state_sector
from liealg.tables.families import FAMILIES
from liealg.trainability.sector import sector_report


def family(name: str, n: int, topology: str = "open") -> list[str]:
    return FAMILIES[name].build(n, topology)


def exchange_all_pairs(n: int) -> list[str]:
    def label(p, i, j):
        return "".join(p if q in (i, j) else "I" for q in range(n))
    return [" + ".join(label(p, i, j) for p in "XYZ") for i, j in combinations(range(n), 2)]


def singlets(n: int) -> np.ndarray:
    """(|01> - |10>)/sqrt 2 on the pairs (0,1), (2,3), ...: total spin 0."""
    pair = np.array([0, 1, -1, 0]) / np.sqrt(2)
    psi = np.ones(1)
    for _ in range(n // 2):
        psi = np.kron(psi, pair)
    return psi


def dense_orthonormal(M: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Orthonormal rows spanning the rows of M (SVD, relative cut)."""
    if not len(M):
        return M
    _, s, vh = np.linalg.svd(M, full_matrices=False)
    return vh[: int(np.sum(s > tol * s[0]))]


def dense_reference(lines, psi):
    """(dim W, dim g_W) the plain way: the Krylov space from dense matrices and an SVD per step, then the Lie
    closure of the restricted generators level by level, the whole span re-orthonormalized by an SVD."""
    H = [g.to_matrix() for g in as_generators(lines)]
    W = dense_orthonormal(psi[None, :])
    while True:
        grown = dense_orthonormal(np.vstack([W] + [(h @ W.T).T for h in H]))
        if grown.shape[0] == W.shape[0]:
            break
        W = grown
    d = W.shape[0]
    gens = [1j * (W.conj() @ h @ W.T) for h in H]
    span = dense_orthonormal(np.array([g.reshape(-1) for g in gens]), 1e-8)
    while True:
        mats = [v.reshape(d, d) for v in span]
        brackets = [(g @ X - X @ g).reshape(-1) for g in gens for X in mats]
        grown = dense_orthonormal(np.vstack([span] + brackets), 1e-8)
        if grown.shape[0] == span.shape[0]:
            return d, span.shape[0]
        span = grown


CASES = [
    ("xxz-hva", 6, "open", "010101"),
    ("heisenberg-hva", 6, "ring", "010101"),
    ("heisenberg-hva", 6, "open", "000111"),
    ("qaoa-maxcut", 6, "ring", "plus"),
    ("tfim-hva", 6, "ring", "plus"),
    ("tfim-hva", 5, "open", "zero"),
]


@pytest.mark.parametrize("name, n, top, state", CASES)
def test_against_the_dense_reference(name, n, top, state):
    lines = family(name, n, top)
    got = state_sector(lines, state)
    d, dim_g = dense_reference(lines, initial_state(state, n))
    assert (got.dim_V, got.dim_g_V) == (d, dim_g)
    assert got.certificate["dim_V"]["agree"]


@pytest.mark.parametrize("name, n, top, state", CASES[:4])
def test_R_equals_the_named_sector_route(name, n, top, state):
    """The orbit of rho only sees g_W (and g_V): R from g_W equals R from the named sector's g_V."""
    lines = family(name, n, top)
    own = state_sector(lines, state)
    named = sector_report(lines, state)
    assert own.R_V is not None and own.R_V == named.R_V
    assert own.dim_V <= named.subspace_dim and own.dim_g_V <= named.dim_g_V
    assert own.named == named.sector and own.named_dim == named.subspace_dim


def test_schur_weyl_singlets():
    """Exchange on every pair, the product of singlets (total spin 0): W is one copy of the S_6 irrep of the
    two-row shape (3, 3), of dimension 5 (its standard Young tableaux); named symmetries see only a state
    vector, not a product state. S^2 (as sum_{i<j} sigma_i . sigma_j = (4 S^2 - 3n)/2 = -9) and S_x, S_y, S_z
    are among the conserved quantities it is an eigenvector of."""
    n = 6
    lines = exchange_all_pairs(n)
    got = state_sector(lines, singlets(n))
    assert got.dim_V == 5 and got.named is None
    assert got.dim_g_V == dense_reference(lines, singlets(n))[1] == 25  # u(5)
    values = {}
    ops = [c["operator"] for c in got.conserved]
    span = np.array([o.to_matrix().reshape(-1) for o in ops])
    casimir = as_generators([" + ".join(exchange_all_pairs(n))])[0].to_matrix().reshape(-1)
    sz = as_generators([" + ".join("I" * q + "Z" + "I" * (n - 1 - q) for q in range(n))])[0].to_matrix().reshape(-1)
    for target, value in ((casimir, -9), (sz, 0)):
        coef, *_ = np.linalg.lstsq(span.T, target, rcond=None)
        assert np.allclose(span.T @ coef, target)  # in the span of the conserved quantities named
        psi = singlets(n)
        values[value] = np.vdot(psi, target.reshape(1 << n, 1 << n) @ psi).real
    assert values == {-9: pytest.approx(-9), 0: pytest.approx(0)}


@pytest.mark.parametrize("name, n, top, state", CASES[:4] + [("qaoa-maxcut", 8, "regular3", "plus")])
def test_conserved_quantities_commute_and_have_the_state_as_eigenvector(name, n, top, state):
    lines = family(name, n, top)
    got = state_sector(lines, state)
    H = [g.to_matrix() for g in as_generators(lines)]
    psi = initial_state(state, n)
    for c in got.conserved:
        Q = c["operator"].to_matrix()
        assert all(np.abs(Q @ h - h @ Q).max() < 1e-9 for h in H)
        assert np.allclose(Q @ psi, float(c["eigenvalue"]) * psi)


def test_a_qaoa_graph_symmetry_nobody_named():
    """MaxCut QAOA on a 3-regular graph of 8 vertices from |+>: its only named symmetry is flip (128 states),
    but the graph's automorphisms and the mixer's structure keep the state in 43 dimensions (dense Krylov);
    g_W is all of u(43) there, so R = 2 (43 - 1) exactly."""
    lines = family("qaoa-maxcut", 8, "regular3")
    got = state_sector(lines, "plus")
    H = [g.to_matrix() for g in as_generators(lines)]
    W = dense_orthonormal(initial_state("plus", 8)[None, :])
    while True:
        grown = dense_orthonormal(np.vstack([W] + [(h @ W.T).T for h in H]))
        if grown.shape[0] == W.shape[0]:
            break
        W = grown
    assert got.dim_V == W.shape[0] == 43 and got.named == {"flip": 1} and got.named_dim == 128
    assert got.dim_g_V == 43 * 43 and got.R_V == 84
    assert got.smaller_than_named


def test_exact_state_forms():
    re, im = exact_state("0101", 4)
    assert re[0b0101] == 1 and re.sum() == 1 and not im.any()
    re, _ = exact_state(singlets(4), 4)
    assert sorted(set(re.tolist())) == [-1, 0, 1]
    re, im = exact_state(np.array([1, 1j, 0, 0.5]), 2)
    assert re.tolist() == [2, 0, 0, 1] and im.tolist() == [0, 2, 0, 0]
    with pytest.raises(InputError, match="exact entries"):
        exact_state(np.array([1, np.sqrt(2), 0, 0]), 2)


def test_limits_refuse():
    with pytest.raises(SizeLimitError, match="up to 14 qubits"):
        state_sector(["X" * 15], "plus")


def test_a_large_sector_gives_its_dimension_and_says_why_not_its_algebra():
    got = state_sector(family("heisenberg-hva", 10, "ring"), "0101010101")
    assert got.dim_V == 42 and got.dim_g_V == 429  # components d = 14, 10, 10, 6, 1, 1 (liealg irreps --state)
    got = state_sector(family("qaoa-maxcut", 10, "regular3"), "plus")
    assert got.dim_g_V is None and "closed on W up to" in got.note and got.dim_V > 64


def test_cli_sectors_state(cli, tmp_path):
    path = tmp_path / "xxz.txt"
    path.write_text("\n".join(family("xxz-hva", 6, "open")) + "\n")
    status, out, _ = cli(["sectors", "-g", str(path), "--state", "010101"])
    assert status == 0
    assert "its own sector W" in out and "dim W = 14 (the named sector weight=3 has 20)" in out
    assert "dim g_W = 98" in out and "= -3" in out  # sum_{i<j} Z_i Z_j on the Neel state
    status, out, _ = cli(["sectors", "-g", str(path), "--state", "010101", "--json"])
    rec = json.loads(out)
    assert rec["own_sector"]["dim_V"] == 14 and rec["own_sector"]["dim_g_V"] == 98
    assert any(c["eigenvalue"] == "0" for c in rec["own_sector"]["conserved"])


def test_cli_sectors_state_errors(cli, tmp_path):
    path = tmp_path / "xxz.txt"
    path.write_text("\n".join(family("xxz-hva", 4, "open")) + "\n")
    vec = tmp_path / "psi.npy"
    np.save(vec, np.array([1, np.sqrt(2), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0]))
    status, out, err = cli(["sectors", "-g", str(path), "--state", str(vec)])
    one_line_error(status, out, err)
    assert "exact entries" in err
    status, out, err = cli(["sectors", "-g", str(path), "--state", "0101010"])
    one_line_error(status, out, err)
    assert "7 bits for 4 qubits" in err


def test_overparam_reports_the_own_sector(cli, tmp_path):
    path = tmp_path / "heis.txt"
    path.write_text("\n".join(family("heisenberg-hva", 6, "ring")) + "\n")
    status, out, _ = cli(["overparam", "-g", str(path), "--state", "010101", "--layers", "1:2", "--points", "1",
                          "--no-components"])
    assert status == 0 and "own sector W" in out and "dim W = 8" in out and "dim g_W = 17" in out
    status, out, _ = cli(["overparam", "-g", str(path), "--state", "010101", "--layers", "1:2", "--points", "1",
                          "--no-components", "--json"])
    rec = json.loads(out)
    assert rec["own_sector"]["dim_V"] == 8 and rec["own_sector"]["R_V"] == rec["R"]
