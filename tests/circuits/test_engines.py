"""Circuit engines beyond the statevector: free fermions (covariance matrices) and g-sim (adjoint
representation) against the statevector, which is the reference for n <= 12."""

import json

import numpy as np
import pytest
from clitools import run

from liealg.circuits.base import observable_sum
from liealg.circuits.chooser import circuit
from liealg.circuits.fermion import FermionQNN, quadratic_form
from liealg.circuits.gsim import GsimQNN
from liealg.circuits.statevector import Operator, PeriodicQNN
from liealg.errors import EngineError
from liealg.tables.families import family_generators
from liealg.trainability.loss_variance import variance
from liealg.trainability.qfi import qfi_rank_sweep
from liealg.trainability.training import train

RTOL = 1e-9


def _close(a, b, what):
    a, b = np.asarray(a), np.asarray(b)
    scale = max(float(np.abs(b).max()), 1.0)
    assert np.abs(a - b).max() <= RTOL * scale, f"{what}: {np.abs(a - b).max()} vs scale {scale}"


def _agree(engine_cls, gens, state, obs, layers=3, seed=0, qfi=True, **kw):
    e = engine_cls(gens, layers, state, **kw)
    s = PeriodicQNN(gens, layers, state)
    rng = np.random.default_rng(seed)
    for _ in range(2):
        th = rng.uniform(0, 2 * np.pi, s.n_params)
        ve, ge = e.value_and_grad(th, obs)
        vs, gs = s.value_and_grad(th, obs)
        _close(ve, vs, "energy")
        _close(ge, gs, "gradient")
        _close(e.expectation(th, obs), vs, "expectation")
        _close(e.hessian(th, obs), s.hessian(th, obs), "Hessian")
        if qfi:
            _close(e.qfi(th), s.qfi(th), "QFI")


def _tfim_h(n, topology):
    return " + ".join(family_generators("tfim-hva", n, topology)).replace(" + X", " + 0.7 X")


@pytest.mark.parametrize("n,topology", [(4, "open"), (5, "ring"), (6, "ring"), (8, "open"), (10, "ring"),
                                        (12, "open")])
def test_fermion_agrees_with_statevector_on_tfim_hva(n, topology):
    gens = family_generators("tfim-hva", n, topology)
    _agree(FermionQNN, gens, "plus", _tfim_h(n, topology), layers=2 if n >= 10 else 3)


@pytest.mark.parametrize("state", ["000000", "010110", "111000"])
def test_fermion_and_gsim_agree_with_statevector_on_the_matchgate_chain(state):
    n = 6
    gens = [("I" * j + "XX" + "I" * (n - j - 2)) for j in range(n - 1)] + [("I" * j + "Z" + "I" * (n - j - 1))
                                                                         for j in range(n)]
    obs = "XXIIII + 0.5 IIZIII - 2 IIIIXX + 0.3 XZZXII + 0.25 IIIIII"
    _agree(FermionQNN, gens, state, obs, layers=2)
    _agree(GsimQNN, gens, state, obs, layers=2, qfi=False)


def test_fermion_handles_generators_whose_terms_do_not_commute():
    gens = ["XXII + IXXI + 0.7 IIZI", "ZIII + IZII + IIZI + IIIZ", "IIXX + XYII"]
    assert not FermionQNN(gens, 1, "1000").disjoint
    _agree(FermionQNN, gens, "1000", "XXII + 0.5 IZII - 2 IIXX")


@pytest.mark.parametrize("family,n,topology,state", [("hea", 3, "open", "010"), ("xxz-hva", 4, "open", "0101"),
                                                     ("heisenberg-hva", 4, "ring", "0110"),
                                                     ("tfim-hva", 5, "open", "plus")])
def test_gsim_agrees_with_statevector_beyond_free_fermions(family, n, topology, state):
    gens = family_generators(family, n, topology)
    obs = " + ".join(gens) if family != "hea" else "0.5 XII + IYI + ZZI - 0.2 III"
    _agree(GsimQNN, gens, state, obs, layers=2, qfi=False)


def test_sector_ground_energy_is_the_minimum_in_the_parity_sector():
    for n, topology, signs in [(5, "ring", 1), (4, "ring", -1), (4, "open", 1)]:
        gens = family_generators("tfim-hva", n, topology)
        obs = observable_sum(_tfim_h(n, topology), n)
        if signs < 0:
            obs = observable_sum(" - ".join(["0"] + [g for g in gens]).replace("0 - ", "-1 ", 1), n)
        H = Operator(obs).sparse().toarray()
        N = 2 ** n
        flip = np.zeros((N, N))
        flip[np.arange(N) ^ (N - 1), np.arange(N)] = 1
        basis = np.linalg.svd((np.eye(N) + flip) / 2)[0][:, : N // 2]  # flip = +1, the sector of |+>^n
        expected = np.linalg.eigvalsh(basis.T @ H @ basis)[0]
        assert abs(FermionQNN(gens, 1, "plus").ground_energy(obs) - expected) < 1e-10


def test_majorana_form_of_a_quadratic_string_matches_its_matrix():
    """(i/2) h_pq g_p g_q reproduces each string, for every pattern the parser accepts."""
    from liealg.circuits.fermion import _majorana

    n = 4
    gam = [_majorana(m, n).to_matrix() for m in range(2 * n)]
    for label in ["ZIII", "IIIZ", "XXII", "XYII", "YXII", "YYII", "IXZX", "IYZY", "XZZY", "YZZX"]:
        qd = quadratic_form(observable_sum(label, n), "Z", 1)
        mat = sum(0.5j * w * gam[p] @ gam[q] for (p, q), w in qd.pairs.items())
        assert np.allclose(mat, Operator(observable_sum(label, n)).sparse().toarray()), label
    for label in ["XIII", "ZZII", "XIXI", "XZZZ"]:
        with pytest.raises(EngineError, match="not quadratic"):
            quadratic_form(observable_sum(label, n), "Z", 1)


def test_ranks_agree_between_engines():
    gens = family_generators("tfim-hva", 6, "ring")
    rows = {}
    for engine in ("statevector", "fermion"):
        res = qfi_rank_sweep(gens, "plus", range(1, 10), points=2, engine=engine, sectors=False)
        rows[engine] = [r.rank for r in res.rows]
        assert res.engine["engine"] == engine
    assert rows["statevector"] == rows["fermion"]


def test_auto_chooses_statevector_small_and_fermion_large():
    small = circuit(family_generators("tfim-hva", 4, "open"), 2, "plus")[1]
    assert small.engine == "statevector"
    large = circuit(family_generators("tfim-hva", 30, "open"), 2, "plus")[1]
    assert large.engine == "fermion" and "24 qubits" in large.candidates["statevector"]
    rec = large.as_dict()
    assert set(rec["candidates"]) == {"statevector", "fermion", "gsim"}


def test_requests_an_engine_cannot_serve_are_refused():
    gens = family_generators("tfim-hva", 4, "open")
    with pytest.raises(EngineError, match="quantum Fisher"):
        circuit(gens, 2, "plus", "gsim", need="qfi")
    with pytest.raises(EngineError, match="not quadratic"):
        circuit(gens, 2, "0000", "fermion")  # frame Z: sum X is not quadratic there
    with pytest.raises(EngineError, match="not in the algebra"):
        circuit(gens, 2, "plus", "gsim", need="train", observable="YIII")
    with pytest.raises(EngineError, match="product"):
        GsimQNN(gens, 1, np.ones(16) / 4)
    with pytest.raises(EngineError, match="no engine applies"):
        circuit(family_generators("hea", 30, "open"), 1, "plus")


def test_overparam_at_thirty_qubits_has_rank_two_per_layer_below_saturation():
    res = qfi_rank_sweep(family_generators("tfim-hva", 30, "open"), "plus", [5, 10, 20], points=1)
    assert res.dim_g == 900 and res.R == 450
    assert res.engine["engine"] == "fermion"
    assert [r.rank for r in res.rows] == [10, 20, 40]


@pytest.mark.slow
def test_train_through_the_fermion_engine_shows_the_transition():
    n = 8  # R = n^2 / 2 = 32: underparametrized at M = 8, overparametrized at M = 48
    gens = family_generators("tfim-hva", n, "open")
    h = " + ".join(gens)  # the critical TFIM: its ground state lies in the orbit of |+>^n (not so for h != 1)
    res = train(gens, h, "plus", [4, 24], inits=3, engine="fermion", seed=1)
    assert res.engine["engine"] == "fermion"
    assert res.ground_energy_source.startswith("parity sector")
    assert abs(res.ground_energy - Operator(observable_sum(h, n)).ground_energy()) < 1e-9  # same sector here
    assert [r.success for r in res.rows] == [0.0, 1.0]
    sv = train(gens, h, "plus", [4, 24], inits=3, engine="statevector", seed=1)
    assert np.allclose([r.residuals for r in sv.rows], [r.residuals for r in res.rows], atol=1e-6)


def test_variance_of_the_matchgate_chain_matches_ragone_through_free_fermions():
    n = 16  # random matchgate chains mix over SO(2n) diffusively: depth ~ 4 n^2 layers
    gens = [("I" * j + "XX" + "I" * (n - j - 2)) for j in range(n - 1)] + [("I" * j + "Z" + "I" * (n - j - 1))
                                                                         for j in range(n)]
    res = variance(gens, "0" * n, "Z" + "I" * (n - 1), circuits=400, depth=4 * n * n)
    assert res.engine["engine"] == "fermion"
    assert abs(res.predicted - 1 / (2 * n - 1)) < 1e-12  # P(rho) P(O) / dim so(2n) = n / (n (2n - 1))
    assert abs(res.monte_carlo - res.predicted) <= 4 * res.mc_stderr and not res.notes
    shallow = variance(gens, "0" * n, "Z" + "I" * (n - 1), circuits=400, depth=4, engine="gsim")
    assert shallow.engine["engine"] == "gsim" and "not have mixed" in shallow.notes[0]
    auto = variance(gens, "0" * n, "Z" + "I" * (n - 1), circuits=400)  # default depth 4n + 1: doubled until mixed
    assert auto.depth > 4 * n + 1 and "was doubled" in auto.notes[0]
    assert abs(auto.monte_carlo - auto.predicted) <= 4 * auto.mc_stderr


@pytest.mark.slow
def test_cli_engine_option_and_errors(tmp_path, capsys):
    gfile = tmp_path / "g.txt"
    gfile.write_text("\n".join(family_generators("tfim-hva", 30, "open")) + "\n")
    status, out, err = run(["overparam", "-g", str(gfile), "--layers", "2,4", "--points", "1", "--json"], capsys)
    assert status == 0, err
    rec = json.loads(out)
    assert rec["engine"]["engine"] == "fermion" and [r["rank"] for r in rec["rows"]] == [4, 8]
    status, out, err = run(["overparam", "-g", str(gfile), "--layers", "2,4", "--points", "1", "--exact-ranks"],
                           capsys)
    assert status == 0 and "engine fermion" in out and "exact ranks" in err
    hfile = tmp_path / "h.txt"
    hfile.write_text(" + ".join(family_generators("tfim-hva", 30, "open")) + "\n")
    status, out, err = run(["train", "-g", str(gfile), "--hamiltonian", str(hfile), "--layers", "2", "--inits", "2",
                            "--lbfgs-memory", "5", "--maxiter", "50", "--json"], capsys)
    assert status == 0, err
    rec = json.loads(out)
    assert rec["engine"]["engine"] == "fermion" and rec["ground_energy_source"].startswith("parity sector")
    for extra, message in [(["--engine", "gsim"], "quantum Fisher"), (["--engine", "statevector"], "24 qubits"),
                           (["--state", "0" * 30, "--engine", "fermion"], "not quadratic")]:
        status, out, err = run(["overparam", "-g", str(gfile), "--layers", "2", *extra], capsys)
        assert status == 2 and message in err and len(err.strip().splitlines()) == 1, (extra, err)


def test_exact_ranks_certify_the_ring_where_floats_cannot():
    """On the n = 40 ring the Jacobian's singular values fall below double precision before M reaches R;
    the ranks modulo a prime at rational points are exact: 2L up to R = n, then R."""
    gens = family_generators("tfim-hva", 40, "ring")
    res = qfi_rank_sweep(gens, "plus", [5, 10, 20, 25], points=1, exact=True)
    assert res.R == 40 and [r.rank for r in res.rows] == [10, 20, 40, 40]
    assert "exact ranks" in res.notes[0]
    small = qfi_rank_sweep(family_generators("tfim-hva", 8, "open"), "plus", range(1, 20, 3), points=2,
                           engine="fermion", sectors=False)
    exact = qfi_rank_sweep(family_generators("tfim-hva", 8, "open"), "plus", range(1, 20, 3), points=2,
                           exact=True, sectors=False)
    assert [r.rank for r in small.rows] == [r.rank for r in exact.rows]
    with pytest.raises(EngineError, match="free-fermion"):
        qfi_rank_sweep(family_generators("tfim-hva", 4, "open"), "plus", [1], engine="statevector", exact=True)


def test_train_through_gsim_matches_the_statevector():
    gens = family_generators("a8", 4, "open")  # {XX, XZ} chain: a string algebra, not free-fermionic
    h = " + ".join(gens)
    g = train(gens, h, "0000", [2, 4], inits=2, engine="gsim", seed=3, maxiter=200)
    s = train(gens, h, "0000", [2, 4], inits=2, engine="statevector", seed=3, maxiter=200)
    assert g.engine["engine"] == "gsim" and g.ground_energy == pytest.approx(s.ground_energy, abs=1e-12)
    assert np.allclose([r.residuals for r in g.rows], [r.residuals for r in s.rows], atol=1e-6)
    assert [r.hessian_rank for r in g.rows] == [r.hessian_rank for r in s.rows]


def test_training_threads_give_the_same_runs():
    gens = family_generators("tfim-hva", 10, "open")
    h = " + ".join(gens)
    one = train(gens, h, "plus", [6, 60], inits=4, engine="fermion", seed=2, maxiter=300)
    two = train(gens, h, "plus", [6, 60], inits=4, engine="fermion", seed=2, maxiter=300, workers=2)
    assert [r.residuals for r in one.rows] == [r.residuals for r in two.rows]
    assert [(r.hessian_rank, r.converged) for r in one.rows] == [(r.hessian_rank, r.converged) for r in two.rows]


@pytest.mark.parametrize("n,topology,h_field", [(8, "open", 1.0), (8, "open", 0.7), (7, "ring", 1.0)])
def test_energy_is_an_exact_sum_of_squares_for_gauss_newton(n, topology, h_field):
    gens = family_generators("tfim-hva", n, topology)
    h = " + ".join(gens).replace(" + X", f" + {h_field} X")
    q = FermionQNN(gens, 5, "plus")
    try:
        residual, jacobian = q.least_squares(h)
    except EngineError as exc:  # the parity sector's ground state has a mode excited: refused, with the reason
        assert "mode excited" in str(exc)
        return
    e0 = q.ground_energy(h)
    rng = np.random.default_rng(3)
    for _ in range(3):
        th = rng.uniform(0, 2 * np.pi, q.n_params)
        r = residual(th)
        assert abs(r @ r - (q.expectation(th, h) - e0)) < 1e-10
        J = jacobian(th)
        eps = 1e-6
        for j in (0, q.n_params // 2, q.n_params - 1):
            step = np.zeros_like(th)
            step[j] = eps
            fd = (residual(th + step) - residual(th - step)) / (2 * eps)
            assert np.abs(J[:, j] - fd).max() < 1e-7


def test_gauss_newton_shows_the_transition_and_reaches_the_ground_state():
    n = 8  # R = 32: underparametrized at M = 8, overparametrized at M = 48
    gens = family_generators("tfim-hva", n, "open")
    h = " + ".join(gens)
    res = train(gens, h, "plus", [4, 24], inits=4, optimizer="gauss-newton", maxiter=200, seed=1)
    assert res.engine["engine"] == "fermion"  # auto picks the engine that has the sum-of-squares form
    assert [r.success for r in res.rows] == [0.0, 1.0]
    assert max(res.rows[1].residuals) < 1e-9  # quadratic convergence into the zero-residual minimum
    lb = train(gens, h, "plus", [4], inits=4, engine="fermion", seed=1)
    assert min(res.rows[0].residuals) > 0.1 and min(lb.rows[0].residuals) > 0.1  # both trapped below M_c
    with pytest.raises(EngineError, match="sum of squares"):
        train(gens, h, "plus", [4], inits=1, optimizer="gauss-newton", engine="statevector")


def test_cli_gauss_newton(tmp_path, capsys):
    gfile, hfile = tmp_path / "g.txt", tmp_path / "h.txt"
    gfile.write_text("\n".join(family_generators("tfim-hva", 6, "open")) + "\n")
    hfile.write_text(" + ".join(family_generators("tfim-hva", 6, "open")) + "\n")
    base = ["train", "-g", str(gfile), "--hamiltonian", str(hfile), "--layers", "30", "--inits", "2",
            "--optimizer", "gauss-newton", "--maxiter", "100"]
    status, out, err = run(base + ["--json"], capsys)
    assert status == 0, err
    rec = json.loads(out)
    assert rec["optimizer"] == "gauss-newton" and rec["engine"]["engine"] == "fermion"
    assert rec["rows"][0]["success"] == 1.0
    status, out, err = run(base + ["--engine", "statevector"], capsys)
    assert status == 2 and "sum of squares" in err and len(err.strip().splitlines()) == 1, err
