"""Statevector simulation, exact derivatives, QFI and Hessian against dense references."""

import numpy as np
import pytest
import scipy.linalg as sl

from liealg.circuits.statevector import Operator, PeriodicQNN
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state

GENS = ["ZZI + IZZ", "XII + IXI + IIX", "XYZ + 0.5 ZZX", "0.3 YII"]  # the third does not commute
OBS = "ZII + 0.3 XXI - 0.2 IYY"


@pytest.fixture(scope="module")
def setup():
    qnn = PeriodicQNN(GENS, layers=3, state="plus")
    theta = np.random.default_rng(7).uniform(0, 2 * np.pi, qnn.n_params)
    mats = [g.to_matrix() for g in as_generators(GENS)]
    obs = as_generators(OBS)[0].to_matrix()
    return qnn, theta, mats, obs


def dense_state(qnn, theta, mats):
    psi = qnn.psi0.copy()
    for j, t in enumerate(theta):
        psi = sl.expm(-1j * t * mats[j % len(mats)]) @ psi
    return psi


def test_state_matches_dense_exponentials(setup):
    qnn, theta, mats, _ = setup
    assert [g.commuting for g in qnn.gates] == [True, True, False, True]
    assert np.allclose(qnn.state(theta), dense_state(qnn, theta, mats), atol=1e-12)


def test_gradient_hessian_qfi_match_finite_differences(setup):
    qnn, theta, mats, obs = setup
    f = lambda t: np.real(np.vdot(dense_state(qnn, t, mats), obs @ dense_state(qnn, t, mats)))  # noqa: E731
    eye, h = np.eye(theta.size), 1e-5
    value, grad = qnn.value_and_grad(theta, OBS)
    assert value == pytest.approx(f(theta), abs=1e-12)
    fd = np.array([(f(theta + h * e) - f(theta - h * e)) / (2 * h) for e in eye])
    assert np.allclose(grad, fd, atol=1e-7)
    g = lambda t: qnn.value_and_grad(t, OBS)[1]  # noqa: E731
    fd_hess = np.array([(g(theta + h * e) - g(theta - h * e)) / (2 * h) for e in eye])
    hess = qnn.hessian(theta, OBS)
    assert np.allclose(hess, hess.T) and np.allclose(hess, fd_hess, atol=1e-6)
    J = np.array([(qnn.state(theta + h * e) - qnn.state(theta - h * e)) / (2 * h) for e in eye]).T
    psi = qnn.state(theta)
    ov = psi.conj() @ J
    F_fd = 4 * np.real(J.conj().T @ J - np.outer(ov.conj(), ov))
    assert np.allclose(qnn.qfi(theta), F_fd, atol=1e-6)


def test_qfi_of_a_shallow_circuit_is_a_block_of_the_deep_one(setup):
    qnn, theta, _, _ = setup
    shallow = PeriodicQNN(GENS, layers=2, state="plus")
    assert np.allclose(shallow.qfi(theta[:8]), qnn.qfi(theta)[:8, :8], atol=1e-12)


def test_states_and_operators():
    assert np.allclose(initial_state("010", 3), np.eye(8)[2])
    assert np.allclose(initial_state("zero", 2), [1, 0, 0, 0])
    assert np.allclose(initial_state("plus", 2), 0.5)
    assert np.allclose(initial_state(np.array([3, 4j]), 1), [0.6, 0.8j])
    for bad in ("01", "abc", np.zeros(2)):
        with pytest.raises(ValueError):
            initial_state(bad, 3 if isinstance(bad, str) else 1)
    op = Operator(as_generators("-1 ZZ - 0.5 XI - 0.5 IX")[0])
    assert np.allclose(op.sparse().toarray(), as_generators("-1 ZZ - 0.5 XI - 0.5 IX")[0].to_matrix())
    assert op.ground_energy() == pytest.approx(-np.sqrt(2))
