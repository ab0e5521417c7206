"""Overparametrization: dim g, the orbit bound R, QFI ranks, training transition, variance.

Expectations from Larocca et al., Nat. Comput. Sci. 3, 542 (2023), and Ragone et al. (2024).
"""

import json

import pytest
from clitools import run

import liealg
from liealg.tables.families import single_site, summed, two_local
from liealg.trainability.loss_variance import variance
from liealg.trainability.orbit import orbit_dimension
from liealg.trainability.qfi import qfi_rank_sweep
from liealg.trainability.training import train


def tfim(n, topology):
    return [summed(two_local(n, ["ZZ"], topology)), summed(single_site(n, "X"))]


def tfim_h(n, topology):
    return "-1 " + " - ".join(two_local(n, ["ZZ"], topology) + single_site(n, "X"))


@pytest.mark.parametrize("n", [4, 5, 6, 7, 8])
def test_tfim_dim_and_orbit_bound(n):
    ring = liealg.lie_closure(tfim(n, "ring"))
    open_ = liealg.lie_closure(tfim(n, "open"))
    assert ring.dim == 3 * n - 1 and orbit_dimension(ring, "plus") == 2 * (n // 2)
    assert open_.dim == n * n and orbit_dimension(open_, "plus") == n * n // 2


@pytest.mark.parametrize("n, topology, layers, R, saturated_from", [
    (4, "ring", 6, 4, 4), (6, "ring", 8, 6, 8), (8, "ring", 8, 8, None),
    (4, "open", 8, 8, 8), (6, "open", 12, 18, 20),
])
def test_qfi_rank_saturates_at_R(n, topology, layers, R, saturated_from):
    res = qfi_rank_sweep(tfim(n, topology), "plus", range(1, layers + 1), points=3)
    assert res.R == R and res.max_rank == R
    assert all(r.rank <= min(r.M, R) for r in res.rows)
    if saturated_from:
        assert all(r.rank == R for r in res.rows if r.M >= saturated_from)
    assert res.M_c is not None and res.M_c <= (saturated_from or res.rows[-1].M)


@pytest.mark.parametrize("n", [2, 3, 4])
def test_hea_orbit_bound(n):
    alg = liealg.lie_closure(single_site(n, "X") + single_site(n, "Y") + [summed(two_local(n, ["ZZ"]))])
    assert alg.dim == 4 ** n - 1 and orbit_dimension(alg, "0" * n) == 2 * (2 ** n - 1)


def test_exact_orbit_dimension_agrees_with_numerics():
    cases = [(tfim(5, "open"), "plus"), (tfim(4, "ring"), "0110"), (two_local(3, ["XX", "YZ"]), "plus"),
             (two_local(4, ["XY", "XZ"]), "0101"), (two_local(4, ["XY", "XZ"]), "plus")]  # strings: fast path
    for gens, state in cases:
        alg = liealg.lie_closure(gens)
        vec = liealg.qnn.initial_state(state, alg.n_qubits)
        assert orbit_dimension(alg, state) == orbit_dimension(alg, vec)


def test_training_transition_periodic_n6():
    res = train(tfim(6, "ring"), tfim_h(6, "ring"), "plus", [2, 4], inits=10, seed=1)
    low, high = res.rows
    assert low.M == 4 and low.success == 0 and 0.2 < low.median_residual < 0.32
    assert high.M == 8 and high.success == 1
    assert high.hessian_rank <= 6  # the Hessian rank at a minimum is bounded by R too


@pytest.mark.slow
def test_training_transition_open_n4():
    res = train(tfim(4, "open"), tfim_h(4, "open"), "plus", [4, 8], inits=30, seed=0)
    assert res.rows[0].M == 8 and res.rows[0].success < 1
    assert res.rows[1].M == 16 and res.rows[1].success == 1


def test_variance_so6():
    res = variance(two_local(3, ["XX"]) + single_site(3, "Z"), "000", "ZII", circuits=2000, seed=3)
    assert res.predicted == pytest.approx(0.2, abs=1e-12)
    assert [i["name"] for i in res.ideals] == ["su(4)"] and res.observable_in_algebra
    assert res.monte_carlo == pytest.approx(0.2, rel=0.08)


def test_variance_with_several_ideals_and_center():
    # so(4) = su(2) + su(2): O = ZI splits over both ideals
    two = variance(["XX", "ZI", "IZ"], "00", "ZI", circuits=3000, seed=5)
    assert [i["name"] for i in two.ideals] == ["su(2)", "su(2)"]
    assert two.monte_carlo == pytest.approx(two.predicted, rel=0.08)
    # XXI, YYI, ZZI commute (a center u(1)^3): its part of O = ZZI + IIZ adds no variance
    cen = variance(["XXI", "YYI", "ZZI", "IIX", "IIZ"], "000", "ZZI + IIZ", circuits=3000, seed=5)
    assert cen.predicted == pytest.approx(1 / 3) and [i["name"] for i in cen.ideals] == ["su(2)"]
    assert cen.monte_carlo == pytest.approx(cen.predicted, rel=0.08)


def test_cli_overparam_train_variance(tmp_path, capsys):
    ex = "data/examples/"
    status, out, _ = run(["overparam", "-g", ex + "tfim_hva_open4.txt", "--layers", "1:6", "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["dim_g"] == 16 and rec["R"] == 8 and rec["M_c"] == 8
    status, out, _ = run(["overparam", "-g", ex + "tfim_hva_open4.txt", "--layers", "1:3"], capsys)
    assert status == 0 and "not determined" in out
    status, out, _ = run(["train", "-g", ex + "tfim_hva_open4.txt", "--hamiltonian", ex + "tfim_open4_h.txt",
                          "--layers", "8", "--inits", "3", "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["rows"][0]["success"] == 1.0 and rec["ground_energy"] < -4.75
    status, out, _ = run(["variance", "-g", ex + "so6_chain.txt", "--state", "000", "--observable", ex + "z0.txt",
                          "--circuits", "0"], capsys)
    assert status == 0 and "0.200000" in out


@pytest.mark.parametrize("args, message", [
    (["--state", "01"], "bits for 4 qubits"),
    (["--layers", "0:3"], "positive"),
    (["--layers", "a"], "START:STOP"),
])
def test_cli_bad_input_is_one_line(args, message, capsys):
    status, out, err = run(["overparam", "-g", "data/examples/tfim_hva_open4.txt"] + args, capsys)
    assert status == 2 and out == "" and err.count("\n") == 1 and message in err


def test_observables_may_carry_an_identity_term(tmp_path, capsys):
    obs = tmp_path / "obs.txt"
    obs.write_text("ZII + 3 III\n")  # the identity shifts <O> only: the variance is that of ZII
    ex = "data/examples/"
    status, out, err = run(["variance", "-g", ex + "so6_chain.txt", "--state", "000", "--observable", str(obs),
                            "--circuits", "0"], capsys)
    assert status == 0 and "0.200000" in out, err
    gens = tmp_path / "gens.txt"
    gens.write_text("XXI + III\n")
    status, out, err = run(["dim", "-g", str(gens)], capsys)
    assert status == 2 and "identity term in a generator" in err


def test_first_compilation_says_so_once_on_a_terminal(monkeypatch, capsys):
    from liealg.cli import main as cli_main
    from liealg.kernels import _jit

    monkeypatch.setattr(_jit, "compiled_before", lambda task: False)
    monkeypatch.setattr(cli_main.sys.stderr, "isatty", lambda: True, raising=False)
    assert cli_main._first_run_notice(["dim", "-g", "x.txt"]) == "dim"
    notice = _jit.compile_notice
    assert notice is not None
    monkeypatch.setattr(_jit, "compile_notice", None)
    notice()
    assert "compiling the numba kernels" in capsys.readouterr().err
