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


def test_agrees_with_monte_carlo_where_the_formula_does_not_hold():
    """O and rho both outside i*g (the TFIM HVA from |0000>, Z on one qubit): no g-purity prediction."""
    gens = FAMILIES["tfim-hva"].build(4, "open")
    m = exact_moments(gens, "0000", "ZIII")
    mc = variance(gens, "0000", "ZIII", circuits=3000, seed=3)
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
    with pytest.raises(SizeLimitError, match="doubled"):
        exact_moments(FAMILIES["tfim-hva"].build(5, "open"), "00000", "ZIIII")


def test_cli_exact(cli):
    status, out, err = cli(["variance", "-g", str(EXAMPLES / "tfim_hva_open4.txt"), "--state", "0000",
                            "--observable", str(EXAMPLES / "z0_4.txt"), "--exact", "--circuits", "0"])
    assert status == 0, err
    assert out.splitlines()[0] == "exact Var = 1/8 = 0.125000   (mean 0; commutants of dim 5 and 105)"


def test_cli_exact_refuses_beyond_four_qubits(cli, tmp_path):
    gens = tmp_path / "g.txt"
    gens.write_text("\n".join(FAMILIES["tfim-hva"].build(5, "open")) + "\n")
    obs = tmp_path / "o.txt"
    obs.write_text("ZIIII\n")
    one_line_error(*cli(["variance", "-g", str(gens), "--state", "00000", "--observable", str(obs), "--exact"]))


def test_a_state_vector_gives_the_same_moments_in_float():
    import numpy as np

    gens = FAMILIES["tfim-hva"].build(4, "open")
    psi = np.zeros(16)
    psi[0b0100] = 1
    m = exact_moments(gens, psi, "ZIII")
    assert not m.exact and m.variance == pytest.approx(float(exact_moments(gens, "0100", "ZIII").variance))
