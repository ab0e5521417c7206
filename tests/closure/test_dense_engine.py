"""The dense engine on the whole space (symmetry blocks), its automatic choice, the graded (k + p)
elimination and the lazy in-batch elimination kernel."""

from __future__ import annotations

import random

import numpy as np
import pytest

import liealg
from liealg.closure import dense as dense_closure
from liealg.kernels.dense import eliminate_panel
from liealg.structure.algebra import sector_closure
from liealg.tables.families import family_generators

FAMILIES = [("tfim-hva", 5, "ring"), ("xxz-hva", 5, "open"), ("heisenberg-hva", 6, "open"),
            ("qaoa-maxcut", 6, "regular3"), ("tfim-hva", 5, "complete"), ("xxz-hva", 4, "ring")]


@pytest.mark.parametrize("family,n,topology", FAMILIES)
def test_dense_and_sparse_engines_agree(family, n, topology):
    lines = family_generators(family, n, topology)
    sparse = liealg.lie_closure(lines, engine="sparse")
    dense = liealg.lie_closure(lines, engine="dense")
    assert dense.dim == sparse.dim and dense.method == "exact-dense-blocks"
    assert dense.certificate["engine"] == "dense-blocks" and sparse.certificate["engine"] == "sparse"


@pytest.mark.parametrize("seed", range(4))
def test_random_sums_with_irrational_coefficients(seed):
    """No symmetry, complex strings (odd numbers of Y), sqrt(2) and pi: the dense engine (one block of
    2^n, ungraded) agrees with the sparse one."""
    rng = random.Random(seed)
    n = 4
    coeffs = ["1", "sqrt(2)", "pi/4", "3/7"]
    lines = []
    for _ in range(3):
        terms = ["".join(rng.choice("IXYZ") for _ in range(n)) for _ in range(3)]
        lines.append(" + ".join(f"{rng.choice(coeffs)} {t}" for t in terms if set(t) != {"I"}) or "XIII")
    assert liealg.lie_closure(lines, engine="dense").dim == liealg.lie_closure(lines, engine="sparse").dim


def test_auto_moves_to_the_dense_engine_when_the_support_saturates():
    lines = family_generators("heisenberg-hva", 6, "open")
    alg = liealg.lie_closure(lines)
    assert alg.dim == 66 and alg.method == "exact-dense-blocks"
    assert "saturates" in alg.certificate["engine_choice"]
    # what the block matrices do not give comes from the sparse engine, on demand
    assert alg.contains(lines[0]) and not alg.contains("XIIIII")
    assert len(alg.basis_sums()) == 66
    assert liealg.classify(lines).canonical() == "su(6) ⊕ su(4) ⊕ su(3) ⊕ 2 × su(2) ⊕ u(1)^2"
    # sparse elements stay sparse
    assert liealg.lie_closure(family_generators("xxz-hva", 6, "open")).method == "exact-gf(p)"


@pytest.mark.parametrize("family,n,topology,sector", [("xxz-hva", 6, "open", {"weight": 3}),
                                                      ("tfim-hva", 8, "ring", {"flip": 1}),
                                                      ("qaoa-maxcut", 6, "regular3", {"flip": -1}),
                                                      ("heisenberg-hva", 6, "open", {}),
                                                      ("tfim-hva", 6, "ring", {"momentum": 1})])
def test_graded_and_plain_elimination_agree(family, n, topology, sector, monkeypatch):
    gens = liealg.parse_generators("\n".join(family_generators(family, n, topology)))
    graded = sector_closure(gens, sector)
    monkeypatch.setattr(dense_closure, "_grading", lambda *a: None)
    plain = sector_closure(gens, sector)
    assert graded.dim == plain.dim
    assert graded.certificate["graded"] == (sector.get("momentum") is None) and not plain.certificate["graded"]


def test_the_closure_check_is_reported():
    gens = liealg.parse_generators("\n".join(family_generators("tfim-hva", 8, "ring")))
    res = sector_closure(gens, {"flip": 1})
    assert res.dim == 12 and 0 < res.certificate["failure_probability_bound"] < 1e-15


@pytest.mark.parametrize("seed", range(3))
def test_lazy_elimination_is_reduced_row_echelon_form(seed):
    """eliminate_panel against a plain Gaussian elimination in Python integers."""
    p = 2097143
    rng = np.random.default_rng(seed)
    m, L, r = 12, 40, 7
    A = rng.integers(0, p, size=(r, L))
    rows = (rng.integers(0, p, size=(m, r)).astype(object) @ A.astype(object)) % p
    rows[:, :3] = 0
    work = np.array(rows, dtype=np.int64)
    k, piv = eliminate_panel(work, p)
    ref = [list(map(int, row)) for row in rows]
    pivots, out = [], []
    for row in ref:  # RREF by hand
        for prow, c in zip(out, pivots):
            f = row[c]
            row = [(x - f * y) % p for x, y in zip(row, prow)]
        nz = next((c for c, x in enumerate(row) if x), None)
        if nz is None:
            continue
        inv = pow(row[nz], -1, p)
        row = [x * inv % p for x in row]
        out = [[(x - prow[nz] * y) % p for x, y in zip(prow, row)] for prow in out]
        out.append(row)
        pivots.append(nz)
    assert k == r == len(out) and list(piv) == pivots
    assert np.array_equal(work[:k], np.array(out, dtype=np.int64))
