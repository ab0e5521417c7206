"""Exact deep-circuit moments (projections onto the first- and second-moment commutants) against the
g-purity formula where it holds and against Monte Carlo where it does not."""

from __future__ import annotations

from fractions import Fraction

import pytest
from clitools import EXAMPLES, one_line_error

from liealg.errors import SizeLimitError
from liealg.io.inputs import as_generators
from liealg.tables.families import FAMILIES
from liealg.trainability.loss_variance import variance
from liealg.trainability.moments import doubled, exact_moments

SO6 = ["XXI", "IXX", "ZII", "IZI", "IIZ"]


@pytest.mark.parametrize("gens,state,obs", [
    (SO6, "000", "ZII"),
    (SO6, "010", "1/2 XXI + IZI"),
    (["XII", "YII", "IXI", "IYI", "IIX", "IIY", "ZZI", "IZZ"], "000", "ZII"),  # su(8)
    (FAMILIES["tfim-hva"].build(3, "open"), "plus", "ZZI + IZZ"),  # O in i*g
])
def test_equals_the_g_purity_formula_where_it_holds(gens, state, obs):
    m = exact_moments(gens, state, obs)
    predicted = variance(gens, state, obs, circuits=0).predicted
    assert predicted is not None and m.exact
    assert float(m.variance) == pytest.approx(predicted, rel=1e-9, abs=1e-12)


def test_so6_values_are_rational():
    m = exact_moments(SO6, "000", "ZII")
    assert (m.mean, m.variance, m.commutant_dims) == (Fraction(0), Fraction(1, 5), (2, 14))


@pytest.mark.slow
def test_agrees_with_monte_carlo_where_the_formula_does_not_hold():
    """O and rho both outside i*g (the TFIM HVA from |0000>, Z on one qubit): no g-purity prediction."""
    gens = FAMILIES["tfim-hva"].build(4, "open")
    m = exact_moments(gens, "0000", "ZIII")
    mc = variance(gens, "0000", "ZIII", circuits=1500, seed=3)
    assert mc.predicted is None and not mc.observable_in_algebra and not mc.state_in_algebra
    assert m.variance == Fraction(1, 8)
    assert abs(mc.monte_carlo - float(m.variance)) < 4 * mc.mc_stderr


def test_a_symmetry_forces_zero():
    """|+> is a flip eigenstate and Z0 anticommutes with the flip: <Z0> = 0 on every circuit."""
    m = exact_moments(FAMILIES["tfim-hva"].build(4, "open"), "plus", "ZIII")
    assert m.mean == 0 and m.variance == 0


def test_doubled_commutant_of_su_is_identity_and_swap():
    gens = ["XI", "YI", "IX", "IY", "ZZ"]  # su(4)
    m = exact_moments(gens, "01", "ZI")
    assert m.commutant_dims == (1, 2)
    d = doubled(as_generators(gens))
    assert [str(g) for g in d[:2]] == ["XIII + IIXI", "YIII + IIYI"]


def test_limits():
    with pytest.raises(SizeLimitError, match="up to 8 qubits"):
        exact_moments(FAMILIES["tfim-hva"].build(9, "open"), "0" * 9, "Z" + "I" * 8)


def test_cli_exact(cli):
    status, out, err = cli(["variance", "-g", str(EXAMPLES / "tfim_hva_open4.txt"), "--state", "0000",
                            "--observable", str(EXAMPLES / "z0_4.txt"), "--exact", "--circuits", "0"])
    assert status == 0, err
    assert out.splitlines()[0] == "exact Var = 1/8 = 0.125000   (mean 0; commutants of dim 5 and 105)"


def test_cli_exact_refuses_beyond_eight_qubits(cli, tmp_path):
    gens = tmp_path / "g.txt"
    gens.write_text("\n".join(FAMILIES["tfim-hva"].build(9, "open")) + "\n")
    obs = tmp_path / "o.txt"
    obs.write_text("Z" + "I" * 8 + "\n")
    one_line_error(*cli(["variance", "-g", str(gens), "--state", "0" * 9, "--observable", str(obs), "--exact"]))


def test_a_state_vector_gives_the_same_moments_in_float():
    import numpy as np

    gens = FAMILIES["tfim-hva"].build(4, "open")
    psi = np.zeros(16)
    psi[0b0100] = 1
    m = exact_moments(gens, psi, "ZIII")
    assert not m.exact and m.variance == pytest.approx(float(exact_moments(gens, "0100", "ZIII").variance))


# --- beyond the exact doubled commutant: the isotypic classes of End(H) (liealg.structure.operators) ---

@pytest.mark.parametrize("gens,state,obs", [
    (["XXI + YYI + ZZI", "IXX + IYY + IZZ"], "010", "ZII"),
    (FAMILIES["tfim-hva"].build(4, "open"), "0000", "ZIII"),
    (FAMILIES["tfim-hva"].build(4, "open"), "0110", "XXII + IZZI"),
    (SO6, "010", "1/2 XXI + IZI"),
    (FAMILIES["qaoa-maxcut"].build(4, "path"), "plus", "ZZII"),
])
def test_classes_of_End_H_equal_the_exact_moments(gens, state, obs):
    """Where the doubled commutant has an exact basis, the float route gives the same second moment and
    the same commutant dimension sum mu^2."""
    import numpy as np

    from liealg.io.states import initial_state
    from liealg.structure.isotypic import component_spaces, dense_matrix
    from liealg.structure.operators import operator_isotypic, second_moment
    from liealg.trainability.moments import _observable

    m = exact_moments(gens, state, obs)
    assert m.exact
    g = as_generators(gens)
    n = g[0].n
    _, spaces = component_spaces(g, None)
    dec = operator_isotypic(spaces)
    psi = initial_state(state, n)
    mean, second = second_moment(dec, np.outer(psi, psi.conj()), dense_matrix(_observable(obs, n)))
    assert dec.commutant_dim == m.commutant_dims[1]
    assert dec.certificate["sum d mu"] == 4 ** n
    assert mean == pytest.approx(float(m.mean), abs=1e-10)
    assert second == pytest.approx(float(m.second), rel=1e-9, abs=1e-12)


@pytest.mark.slow
def test_heisenberg_chain_of_four_whose_doubled_commutant_is_too_large():
    """The exact route lists no basis for 3,166 elements on 8 qubits; the classes of End(H) give the second
    moment (float, the mean exact), against Monte Carlo."""
    gens = FAMILIES["heisenberg-hva"].build(4, "open")
    m = exact_moments(gens, "0101", "ZIII")
    assert not m.exact and m.commutant_dims == (44, 3166) and m.mean == 0
    assert "no exact basis" in m.certificate["why not exact"]
    mc = variance(gens, "0101", "ZIII", circuits=1000, depth=40, seed=5)
    assert abs(mc.monte_carlo - m.variance) < 4 * mc.mc_stderr


@pytest.mark.parametrize("name,n,topology,state,obs", [
    ("tfim-hva", 5, "ring", "plus", "XXIII"),
    ("xxz-hva", 5, "open", "01010", "XXIII"),
])
def test_five_qubits_against_monte_carlo_where_the_formula_does_not_hold(name, n, topology, state, obs):
    gens = FAMILIES[name].build(n, topology)
    m = exact_moments(gens, state, obs)
    mc = variance(gens, state, obs, circuits=1000, depth=50, seed=7)
    assert mc.predicted is None and not m.exact
    assert abs(mc.monte_carlo - m.variance) < 4 * mc.mc_stderr


@pytest.mark.parametrize("name,topology,state,obs", [
    ("tfim-hva", "ring", "00000", "XIIII + IXIII + IIXII + IIIXI + IIIIX"),  # O in i*g
    ("xxz-hva", "open", "01010", "ZZIII"),
])
def test_five_qubits_equal_the_g_purity_formula_where_it_holds(name, topology, state, obs):
    gens = FAMILIES[name].build(5, topology)
    m = exact_moments(gens, state, obs)
    predicted = variance(gens, state, obs, circuits=0).predicted
    assert predicted is not None and not m.exact
    assert m.variance == pytest.approx(predicted, rel=1e-9, abs=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("name,topology,state,obs", [
    ("xxz-hva", "ring", "010101", "ZZIIII"),
    ("heisenberg-hva", "open", "010101", "ZIIIII"),
    ("tfim-hva", "open", "000000", "ZIIIII"),
])
def test_six_qubits_against_monte_carlo(name, topology, state, obs):
    gens = FAMILIES[name].build(6, topology)
    m = exact_moments(gens, state, obs)
    mc = variance(gens, state, obs, circuits=2000, depth=60, seed=11)
    assert mc.predicted is None
    assert abs(mc.monte_carlo - m.variance) < 4 * mc.mc_stderr


def test_cli_exact_at_five_qubits_is_float(cli, tmp_path):
    gens = tmp_path / "g.txt"
    gens.write_text("\n".join(FAMILIES["tfim-hva"].build(5, "ring")) + "\n")
    obs = tmp_path / "o.txt"
    obs.write_text("XXIII\n")
    status, out, err = cli(["variance", "-g", str(gens), "--state", "plus", "--observable", str(obs), "--exact",
                            "--circuits", "0"])
    assert status == 0, err
    first = out.splitlines()[0]
    assert first.startswith("deep-circuit Var = 0.0568") and "mean 1/5" in first
    assert "isotypic classes of End(H)" in first


@pytest.mark.slow
def test_random_sum_generators_classes_of_End_H_equal_the_exact_route():
    """A seeded sweep: 100 random sum-generator sets on 2-3 qubits (su, so, sp and u(1) images, complex and
    real representations), random product states and observables; both routes give the same second moment,
    mean and second-moment commutant dimension."""
    import random

    import numpy as np

    from liealg.io.states import initial_state
    from liealg.structure.isotypic import component_spaces, dense_matrix
    from liealg.structure.operators import operator_isotypic, second_moment
    from liealg.trainability.moments import _observable

    rnd = random.Random(2026)

    def string(n):
        while True:
            s = "".join(rnd.choice("IXYZ") for _ in range(n))
            if s != "I" * n:
                return s

    checked = 0
    for _ in range(100):
        n = rnd.choice([2, 3, 3])
        gens = [" + ".join(f"{rnd.choice(['1', '2', '-1', '1/2'])} {string(n)}" for _ in range(rnd.choice([1, 2, 3])))
                for _ in range(rnd.choice([1, 2, 3]))]
        state = "".join(rnd.choice("01") for _ in range(n)) if rnd.random() < 0.7 else "plus"
        obs = " + ".join(f"{rnd.choice(['1', '-2', '1/3'])} {string(n)}" for _ in range(rnd.choice([1, 2])))
        m = exact_moments(gens, state, obs)
        if not m.exact:
            continue
        _, spaces = component_spaces(as_generators(gens), None)
        dec = operator_isotypic(spaces)
        psi = initial_state(state, n)
        mean, second = second_moment(dec, np.outer(psi, psi.conj()), dense_matrix(_observable(obs, n)))
        assert dec.commutant_dim == m.commutant_dims[1], gens
        assert mean == pytest.approx(float(m.mean), abs=1e-9), gens
        assert second == pytest.approx(float(m.second), rel=1e-8, abs=1e-10), gens
        checked += 1
    assert checked >= 90


@pytest.mark.slow
def test_eight_qubits_from_the_parts_route_against_monte_carlo():
    """XXZ HVA ring of 8 from the Neel state, O = Z0 Z1: components from the parts route (beyond the dense
    route's 7 qubits), End(H)'s classes from their pairs; 1,000 deep random circuits agree."""
    import numpy as np

    from liealg.circuits.statevector import PeriodicQNN

    gens = FAMILIES["xxz-hva"].build(8, "ring")
    m = exact_moments(gens, "01010101", "ZZIIIIII")
    assert m.mean == Fraction(-1, 4) and not m.exact
    qnn = PeriodicQNN(gens, 60, "01010101")
    obs = qnn.observable("ZZIIIIII")
    rng = np.random.default_rng(8)
    values = [qnn.expectation(rng.uniform(0, 2 * np.pi, qnn.n_params), obs) for _ in range(1000)]
    assert abs(np.mean(values) - float(m.mean)) < 4 * np.std(values) / np.sqrt(len(values))
    var = np.var(values, ddof=1)
    stderr = np.std((np.array(values) - np.mean(values)) ** 2) / np.sqrt(len(values))
    assert abs(var - m.variance) < 4 * stderr
