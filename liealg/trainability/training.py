"""Training across the overparametrization transition: many initializations, one depth at a time.

Larocca et al. (2023): once M passes M_c, gradient descent typically reaches the global
minimum of the loss (a computational phase transition). `train` runs L-BFGS, Adam or
Gauss-Newton (Levenberg-Marquardt on the energy as a sum of squares, free-fermion engine) from
random starts and reports the success fraction, the median error and the Hessian rank.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from liealg.circuits.base import check_work, layer_count, observable_sum
from liealg.circuits.chooser import circuit
from liealg.errors import EngineError, InputError
from liealg.io.inputs import as_generators
from liealg.resources import check_memory
from liealg.trainability import OPTIMIZERS
from liealg.trainability.ranks import NOISE_FLOOR, generator_scale, rank_and_gap

#: a training run counts as converged (its Hessian is taken) when |grad| <= GTOL |O| max_k |H_k|
GTOL = 1e-6


# --- training --------------------------------------------------------------------------
@dataclass
class TrainRow:
    layers: int
    M: int
    success: float  # fraction of runs with residual < tol
    median_residual: float
    residuals: list[float]
    hessian_rank: int | None  # max Hessian rank at converged end points (None: no run converged)
    converged: int = 0  # runs whose final gradient norm is below the GTOL threshold


@dataclass
class TrainResult:
    rows: list[TrainRow]
    ground_energy: float
    tol: float
    optimizer: str
    seconds: float
    engine: dict | None = None
    ground_energy_source: str = "whole space"  # or "parity sector of the initial state", "given"

    def as_dict(self) -> dict:
        return {"ground_energy": self.ground_energy, "ground_energy_source": self.ground_energy_source,
                "tol": self.tol, "optimizer": self.optimizer, "engine": self.engine,
                "seconds": round(self.seconds, 3),
                "rows": [{"layers": r.layers, "M": r.M, "success": r.success,
                          "median_residual": r.median_residual, "hessian_rank": r.hessian_rank,
                          "converged": r.converged} for r in self.rows]}


def _minimize(qnn, op, theta0: np.ndarray, optimizer: str,
              maxiter: int, memory: int = 10) -> tuple[float, np.ndarray]:
    fun = lambda t: qnn.value_and_grad(t, op)  # noqa: E731
    if optimizer == "lbfgs":
        from scipy.optimize import minimize

        res = minimize(fun, theta0, jac=True, method="L-BFGS-B",
                       options={"maxiter": maxiter, "gtol": 1e-9, "ftol": 1e-14, "maxcor": memory})
        return float(res.fun), res.x
    if optimizer == "adam":
        theta, m, v = theta0.copy(), np.zeros_like(theta0), np.zeros_like(theta0)
        lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
        value = np.inf
        for t in range(1, maxiter + 1):
            value, g = fun(theta)
            if np.linalg.norm(g) < 1e-7:
                break
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            theta -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + eps)
        return float(qnn.expectation(theta, op)), theta
    if optimizer == "gauss-newton":
        residual, jacobian = _least_squares(qnn, op)
        theta = levenberg_marquardt(residual, jacobian, theta0, maxiter)
        return float(qnn.expectation(theta, op)), theta
    raise ValueError(f"unknown optimizer {optimizer!r}: use one of {', '.join(OPTIMIZERS)}")




def _least_squares(qnn, op):
    """The engine's energy-as-sum-of-squares form (`FermionQNN.least_squares`), or EngineError."""

    if not qnn.gives_least_squares:
        raise EngineError(f"the gauss-newton optimizer needs the energy as a sum of squares, which the free-fermion "
                          f"engine gives for quadratic Hamiltonians; the {qnn.engine} engine does not "
                          "(use --engine fermion, or --optimizer lbfgs)")
    return qnn.least_squares(op)


def levenberg_marquardt(residual, jacobian, theta0: np.ndarray, maxiter: int, ftol: float = 1e-14) -> np.ndarray:
    """Minimize |residual(theta)|^2 by Levenberg-Marquardt: steps (J^T J + mu) delta = -J^T r, mu adapted by
    the ratio of actual to predicted decrease (Nielsen's rule). Every accepted step lowers the loss, so
    it is a descent method on the same landscape; near a zero-residual minimum it converges
    quadratically, also when overparametrized (J^T J singular). Stops after `maxiter` Jacobians, when
    the loss is below `ftol` times its start, or when no step of any damping lowers it."""
    theta = np.array(theta0, dtype=float)
    r = residual(theta)
    f = float(r @ r)
    f_start = f
    mu, nu = None, 2.0
    for _ in range(maxiter):
        if f <= ftol * f_start:
            break
        J = jacobian(theta)
        A = J.T @ J
        g = J.T @ r
        if mu is None:
            mu = 1e-3 * max(float(np.max(np.diag(A))), 1e-300)
        eye = np.eye(A.shape[0])
        while True:
            delta = np.linalg.solve(A + mu * eye, -g)
            r_new = residual(theta + delta)
            f_new = float(r_new @ r_new)
            predicted = -(2 * g @ delta + delta @ A @ delta)
            rho = (f - f_new) / predicted if predicted > 0 else -1.0
            if rho > 0:
                theta, r, f = theta + delta, r_new, f_new
                mu *= max(1 / 3, 1 - (2 * rho - 1) ** 3)
                nu = 2.0
                break
            mu *= nu
            nu *= 2
            if mu > 1e16 * max(float(np.max(np.diag(A))), 1e-300):
                return theta  # no damping lowers the loss: a (numerically) stationary point
    return theta


def _check_given_e0(e0: float, source: str, reached: float, o_norm: float) -> None:
    if source == "given" and reached < e0 - 1e-8 * max(1.0, o_norm):
        raise InputError(f"the given ground energy {e0:.10g} is above the energy {reached:.10g} the circuit "
                         f"reaches (no state has an energy below E0): give the exact E0, or leave it out to "
                         f"have it computed")


def train(generators, hamiltonian, state="plus", layers: Sequence[int] = range(1, 7), inits: int = 50,
          optimizer: str = "lbfgs", tol: float = 1e-3, maxiter: int = 2000, seed: int = 0, lbfgs_memory: int = 10,
          hessian_runs: int = 3, progress: Callable | None = None, engine: str = "auto",
          ground_energy: float | None = None, workers: int = 1,
          on_row: Callable | None = None) -> TrainResult:
    """VQE from `inits` random initializations per depth; success = E - E0 < tol.

    `on_row(row, result_so_far)` is called as each depth's TrainRow is finished (the CLI prints
    it at once, so a killed run keeps its finished rows).

    E0 is `ground_energy` when given, else computed: the exact ground energy of `hamiltonian`
    (statevector and g-sim: dense for <= 10 qubits, else Lanczos, n <= 24; free fermions: the
    smallest energy in the initial state's parity sector, which the circuit never leaves).
    The exact Hessian of the energy is evaluated at the end points of the first
    `hessian_runs` runs per depth that converged (gradient norm <= GTOL |O| max|H_k|):
    away from a critical point its rank says nothing about the landscape. Its rank
    (relative tolerance 1e-6 and the noise floor) is reported as the maximum, None
    when no run converged. `engine`: auto, statevector, fermion or gsim (`liealg.circuits.chooser`).
    `lbfgs_memory`: the number of correction pairs L-BFGS keeps (scipy's maxcor); more helps on
    the ill-conditioned landscapes of deep circuits. `workers` > 1 runs the initializations in
    that many threads (the free-fermion and g-sim kernels release the GIL; the results do not
    depend on it).

    `optimizer`: lbfgs, adam, or gauss-newton: Levenberg-Marquardt on the energy written exactly as
    a sum of squares, E - E0 = |r(theta)|^2 (`FermionQNN.least_squares`; free-fermion engine and a
    quadratic Hamiltonian, which `engine` auto then picks). It descends the same landscape, so it
    is trapped where a descent method is, but converges quadratically near a zero-residual minimum,
    where L-BFGS creeps; `maxiter` counts its Jacobians.
    """

    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}: use one of {', '.join(OPTIMIZERS)}")
    if optimizer == "gauss-newton" and engine == "auto":
        engine = "fermion"  # the one engine with the sum-of-squares form
    t0 = time.perf_counter()
    gens = as_generators(generators)
    ham = observable_sum(hamiltonian, gens[0].n)
    rng = np.random.default_rng(seed)
    layers = sorted(set(layer_count(x) for x in layers))
    if not layers:
        raise InputError("no depths to train")
    check_work("training runs x parameters", inits * len(layers), layers[-1] * len(gens))
    total, done = len(layers) * inits, 0
    rows = []
    h = generator_scale(gens)
    o_norm = float(np.abs(ham.float_coeffs).sum())
    choice, alg, e0 = None, None, ground_energy
    source = "given"
    for L in layers:
        qnn, c = circuit(gens, L, state, engine if choice is None else choice.engine, need="train",
                         observable=ham, alg=alg)
        choice = choice or c
        alg = getattr(qnn, "alg", None)
        if hessian_runs:  # the Hessian at the end points is the largest array of a depth: refused before it runs
            check_memory(f"the Hessian of {qnn.n_params:,} parameters ({qnn.engine} engine)",
                         qnn.work_memory("hessian"))
        op = qnn.observable(ham)
        if e0 is None:
            e0 = qnn.ground_energy(ham)
            source = qnn.ground_space
        residuals, h_rank, converged, examined = [], None, 0, 0
        if not rows:  # the initial state's energy is one the circuit reaches: a given E0 above it is wrong
            _check_given_e0(e0, source, qnn.value_and_grad(np.zeros(qnn.n_params), op)[0], o_norm)
        starts = [rng.uniform(0, 2 * np.pi, qnn.n_params) for _ in range(inits)]

        def run(theta0, qnn=qnn, op=op):
            energy, theta = _minimize(qnn, op, theta0, optimizer, maxiter, lbfgs_memory)
            return energy, theta, np.linalg.norm(qnn.value_and_grad(theta, op)[1]) <= GTOL * o_norm * h

        if workers > 1 and inits > 1:
            from concurrent.futures import ThreadPoolExecutor

            qnn.value_and_grad(starts[0], op)  # compile or load the kernels once, before the threads share them
            with ThreadPoolExecutor(workers) as pool:
                futures = [pool.submit(run, t) for t in starts]
                outcomes = []
                for f in futures:
                    outcomes.append(f.result())
                    done += 1
                    if progress:
                        progress(done, total)
        else:
            outcomes = []
            for t in starts:
                outcomes.append(run(t))
                done += 1
                if progress:
                    progress(done, total)
        _check_given_e0(e0, source, min(energy for energy, _, _ in outcomes), o_norm)
        for energy, theta, ok in outcomes:  # in the order of the initializations, whatever the threads did
            residuals.append(max(energy - e0, 0.0))
            if ok:
                converged += 1
                if examined < hessian_runs:
                    examined += 1
                    floor = NOISE_FLOOR * qnn.n_params * o_norm * h * h
                    rank = rank_and_gap(qnn.hessian(theta, op), 1e-6, floor)[0]
                    h_rank = rank if h_rank is None else max(h_rank, rank)
        res = np.array(residuals)
        rows.append(TrainRow(L, qnn.n_params, float(np.mean(res < tol)), float(np.median(res)), residuals, h_rank,
                             converged))
        if on_row is not None:
            on_row(rows[-1], TrainResult(rows, float(e0), tol, optimizer, time.perf_counter() - t0,
                                         choice.as_dict() if choice else None, source))
    return TrainResult(rows, float(e0), tol, optimizer, time.perf_counter() - t0, choice.as_dict() if choice else None,
                       source)
