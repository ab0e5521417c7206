"""R, capacity and M_c per isotypic component (liealg.trainability.components), against an independent
dense computation: the orbit dimension of the state's normalized projection onto each component under a
float basis of the whole algebra on 2^n dimensions (no aligned copies, no su(d) formula)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from liealg.io.inputs import as_generators
from liealg.structure.isotypic import component_spaces
from liealg.tables.families import FAMILIES
from liealg.trainability.components import component_orbit
from liealg.trainability.orbit import orbit_dimension
from liealg.trainability.qfi import qfi_rank_sweep


def family(name: str, n: int, topology: str = "open") -> list[str]:
    return FAMILIES[name].build(n, topology)


def algebra_basis(gens) -> list[np.ndarray]:
    """A float basis of g (anti-Hermitian 2^n x 2^n matrices): nested brackets with the generators,
    orthogonalized as real vectors."""
    mats = [1j * g.to_matrix() for g in as_generators(gens)]
    basis, Q = [], []

    def add(X):
        v = np.concatenate([X.real.ravel(), X.imag.ravel()])
        nv = np.linalg.norm(v)
        if nv < 1e-12:
            return False
        v = v / nv
        for _ in range(2):
            for q in Q:
                v = v - (q @ v) * q
        if np.linalg.norm(v) < 1e-8:
            return False
        Q.append(v / np.linalg.norm(v))
        basis.append(X / nv)
        return True

    frontier = [X for X in mats if add(X)]
    while frontier:
        new = []
        for X in frontier:
            for G in mats:
                C = G @ X - X @ G
                if np.linalg.norm(C) > 1e-10 * np.linalg.norm(G) * np.linalg.norm(X) and add(C):
                    new.append(basis[-1])
        frontier = new
    return basis


def dense_orbit(basis, phi) -> int:
    """Rank of (1 - |phi><phi|) X phi over the basis (phi a unit vector of 2^n amplitudes)."""
    vecs = []
    for X in basis:
        v = X @ phi
        v = v - np.vdot(phi, v) * phi
        vecs.append(np.concatenate([v.real, v.imag]))
    s = np.linalg.svd(np.array(vecs), compute_uv=False)
    return int(np.sum(s > max(1e-9 * s[0], 1e-10)))  # the basis has unit norm: rounding stays below 1e-10


CASES = [
    (family("heisenberg-hva", 4, "open"), "0101"),
    (family("heisenberg-hva", 5, "ring"), "01011"),
    (family("xxz-hva", 5, "open"), "01010"),
    (family("tfim-hva", 4, "ring"), "plus"),
    (family("qaoa-maxcut", 5, "path"), "plus"),
    (family("qaoa-maxcut", 4, "ring"), "0110"),
    (["XXI + YYI + ZZI", "IXX + IYY + IZZ"], "010"),
]


@pytest.mark.parametrize("gens, state", CASES)
def test_component_orbits_equal_the_dense_orbits_of_the_projected_state(gens, state):
    from liealg.io.states import initial_state

    gens = as_generators(gens)
    n = gens[0].n
    psi = initial_state(state, n)
    basis = algebra_basis(gens)
    iso, spaces = component_spaces(gens, state)
    touched = [c for c in iso if c.weight > 1e-12]
    assert len(spaces) == len(touched) and abs(sum(s.component.weight for s in spaces) - 1) < 1e-9
    Rs = []
    for sp in spaces:
        P = sp.projector
        part = P @ (P.conj().T @ psi)
        assert np.isclose(np.vdot(part, part).real, sp.component.weight)
        # the aligned coordinates rebuild the projection, and every generator acts the same on each copy
        rebuilt = sum(V @ sp.phi[:, j] for j, V in enumerate(sp.copies))
        assert np.allclose(rebuilt, part)
        for g, b in zip(gens, sp.blocks):
            h = g.to_matrix()
            for V in sp.copies:
                assert np.allclose(V.conj().T @ h @ V, b)
        R_c, _ = component_orbit(sp)
        assert R_c == dense_orbit(basis, part / np.linalg.norm(part))
        Rs.append(R_c)
    R = orbit_dimension(gens, state)
    assert max(Rs) <= R <= sum(Rs) + len(Rs) - 1


def test_su_formula_equals_the_tangent_rank():
    # Heisenberg ring 5, state 01011: components with su(d) images; their R by 2dr - r^2 - 1 and by the
    # tangent vectors over a float basis of the image on the aligned copies agree
    from liealg.structure.isotypic import image_basis

    _, spaces = component_spaces(family("heisenberg-hva", 5, "ring"), "01011")
    checked = 0
    for sp in spaces:
        if not sp.component.image_type.startswith("su("):
            continue
        phi = sp.phi / np.linalg.norm(sp.phi)
        vecs = []
        for X in image_basis(sp.blocks):
            v = X @ phi - np.vdot(phi, X @ phi) * phi
            vecs.append(np.concatenate([v.real.ravel(), v.imag.ravel()]))
        s = np.linalg.svd(np.array(vecs), compute_uv=False)
        assert component_orbit(sp)[0] == int(np.sum(s > 1e-9 * s[0]))
        checked += 1
    assert checked >= 2


def test_sweep_reports_components_reaching_their_R():
    # Heisenberg open chain of 5 from the Neel state: four components, su(d) images, a product state in
    # each (Schmidt rank 1: R = 2d - 2); each component's capacity reaches its R_lambda, never later than
    # the circuit's own M_c, and the circuit's R = 15 meets the upper bound
    res = qfi_rank_sweep(family("heisenberg-hva", 5, "open"), "01010", range(1, 12), points=2)
    comps = res.components
    assert res.R == 15 and res.M_c == 16
    assert [(c.d, c.m) for c in comps] == [(5, 2), (2, 4), (2, 4), (1, 6)]
    assert [c.schmidt_rank for c in comps] == [1, 1, 1, 1]
    assert [c.R for c in comps] == [2 * c.d - 2 for c in comps] == [8, 2, 2, 0]
    assert sum(c.R for c in comps) + len(comps) - 1 == res.R
    for c in comps:
        assert c.capacity == c.R and c.M_c is not None and c.M_c <= res.M_c
        assert all(r.rank <= c.R for r in c.rows)
    assert [c.M_c for c in comps if c.R == 0] == [0]
    assert abs(sum(c.weight for c in comps) - 1) < 1e-9


def test_state_in_one_component_has_the_circuits_R_and_M_c():
    res = qfi_rank_sweep(family("tfim-hva", 4, "open"), "plus", range(1, 9), points=3, engine="statevector")
    (only,) = res.components
    assert only.weight == 1 and only.R == res.R == 8 and only.M_c == res.M_c == 8
    assert only.image_type == "so(6)"


def test_cli_table_json_and_switch(cli, examples):
    f = str(examples / "tfim_hva_open4.txt")
    code, out, _ = cli(["overparam", "-g", f, "--layers", "1:8", "--points", "2"])
    assert code == 0 and "per isotypic component" in out and "so(6)" in out
    code, out, _ = cli(["overparam", "-g", f, "--layers", "1:8", "--points", "2", "--no-components"])
    assert code == 0 and "per isotypic component" not in out
    code, out, _ = cli(["overparam", "-g", f, "--layers", "1:8", "--points", "2", "--json"])
    (comp,) = json.loads(out)["components"]
    assert comp["R"] == 8 and comp["M_c"] == 8 and comp["capacity"] == 8 and comp["weight"] == 1


def test_fermion_engine_says_where_components_come_from(cli, examples):
    code, out, _ = cli(["overparam", "-g", str(examples / "tfim_hva_open4.txt"), "--layers", "1:3", "--points", "1",
                        "--engine", "fermion", "--json"])
    rec = json.loads(out)
    assert code == 0 and rec["components"] is None
    assert any("statevector engine" in note for note in rec["notes"])


def test_beyond_the_dense_route_the_parts_give_aligned_copies():
    """Heisenberg open chain of 8 from the Neel state (the parts route of the irreducible-block engine):
    the copies rebuild the state's projection, carry one action, and the weights are isotypic()'s."""
    from liealg.io.states import initial_state
    from liealg.structure.isotypic import isotypic

    gens = as_generators(family("heisenberg-hva", 8, "open"))
    iso, spaces = component_spaces(gens, "01010101")
    psi = initial_state("01010101", 8)
    assert [(s.component.d, s.component.m, round(s.component.weight, 9)) for s in spaces] == [
        (c.d, c.m, round(c.weight, 9)) for c in isotypic(gens, state="01010101") if c.weight > 1e-12]
    H = [g.to_matrix() for g in gens]
    for sp in spaces:
        P = sp.projector
        assert np.allclose(P.conj().T @ P, np.eye(P.shape[1]))
        assert np.allclose(sum(V @ sp.phi[:, j] for j, V in enumerate(sp.copies)), P @ (P.conj().T @ psi))
        for h, b in zip(H, sp.blocks):
            for V in sp.copies:
                assert np.allclose(V.conj().T @ h @ V, b)


@pytest.mark.slow
def test_sweep_reports_components_at_eight_qubits():
    res = qfi_rank_sweep(family("heisenberg-hva", 8, "open"), "01010101", range(1, 4), points=1)
    comps = res.components
    assert comps and abs(sum(c.weight for c in comps) - 1) < 1e-9
    assert max(c.R for c in comps) <= res.R <= sum(c.R for c in comps) + len(comps) - 1
    assert all(r.rank is not None and r.rank <= c.R for c in comps for r in c.rows)
