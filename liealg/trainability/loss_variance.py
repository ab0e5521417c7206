"""Loss variance of deep circuits: Monte Carlo, and the g-purity prediction where it holds.

Ragone et al., Nat. Commun. 15, 7172 (2024): Var[<O>] = sum_j P_gj(rho) P_gj(O) / dim g_j over
the simple ideals g_j of g (the center contributes none), with g-purities
P_g(A) = sum_k |Tr(B_k^dag A)|^2 for an orthonormal basis B_k of g; valid when O or rho lies in
i*g.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from liealg.circuits.base import MAX_PARAMETERS, check_work, observable_sum
from liealg.circuits.chooser import circuit, closure_for
from liealg.circuits.gsim import product_expectations
from liealg.circuits.statevector import MAX_QUBITS, pauli_masks
from liealg.closure.problem import DEFAULT_MAX_DIM
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state, product_state
from liealg.kernels import statevec as _sv
from liealg.structure.classification import classify_closed, graph_classification
from liealg.structure.ideals import ideal_bases

#: variance with the default depth doubles it until the Monte Carlo estimate agrees with half the depth, at most
#: this many times (random local circuits can mix slowly: matchgate chains need ~4 n^2 layers)
DEPTH_DOUBLINGS = 6


# --- variance --------------------------------------------------------------------------
@dataclass
class VarianceResult:
    predicted: float | None  # None where the formula does not hold (neither O nor rho - 1/2^n in i*g)
    monte_carlo: float | None
    mc_stderr: float | None
    ideals: list[dict]  # name, label (as classify writes it), dim, purity_state, purity_observable, contribution
    observable_in_algebra: bool
    state_in_algebra: bool
    circuits: int
    depth: int
    seconds: float
    engine: dict | None = None
    monte_carlo_half_depth: float | None = None  # the same estimate with circuits of depth // 2 layers
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def g_purities(ib, vectors: dict[str, np.ndarray], n: int):
    """Purities of Hermitian operators, given by their Pauli coefficients h_c on the columns
    `ib.keys` of `structure.ideal_bases`: per simple ideal, and on all of g."""
    N = 2 ** n
    per_ideal = []
    for ideal, W in ib.ideals:
        proj = W.T @ ib.Q
        per_ideal.append((ideal, {k: float(N * np.sum((proj @ h) ** 2)) for k, h in vectors.items()}))
    total = {k: float(N * np.sum((ib.Q @ h) ** 2)) for k, h in vectors.items()}
    return per_ideal, total


#: angles drawn at once in the Monte Carlo estimate (8 bytes each)
THETA_CHUNK = 1 << 20


def variance(generators, state, observable, circuits: int = 1000, depth: int | None = None, seed: int = 0,
             alg=None, max_dim: int = DEFAULT_MAX_DIM, engine: str = "auto") -> VarianceResult:
    """Predicted Var[<O>] from g-purities (Ragone et al.) and a Monte Carlo estimate beside it.

    The prediction is made only where the theorem holds, O or the traceless part of rho in i*g;
    elsewhere `predicted` is None (the per-ideal purities are still reported).

    The Monte Carlo estimate samples theta uniformly in [0, 2pi)^M for `circuits` deep
    circuits of `depth` layers; `circuits=0` skips it. It is repeated at half the depth, and
    a difference beyond three standard errors means the circuits have not mixed over the
    group: the default depth (enough that M >= 4 dim g + 20) then doubles until the two agree
    within two standard errors (at most DEPTH_DOUBLINGS times); an explicit `depth` gets a note
    instead.
    The circuits run on `engine` (auto, statevector, fermion, gsim; `liealg.circuits.chooser`). Purities of
    product states need no statevector (a Pauli string's expectation is a product), and a
    simple Pauli-string algebra needs no structure constants (its strings are an orthogonal
    basis of its only ideal), so the prediction runs at any n for those.
    """

    if circuits == 1 or circuits < 0:
        raise ValueError("circuits must be 0 (prediction only) or at least 2 (one circuit has no variance)")
    t0 = time.perf_counter()
    gens = as_generators(generators)
    n = gens[0].n
    alg = alg if alg is not None else closure_for(gens, state, engine, max_dim)
    obs = observable_sum(observable, n)
    product = product_state(state, n) if isinstance(state, str) else None
    if product is None and n > MAX_QUBITS:
        raise ValueError(f"a {n}-qubit state other than a product state needs a statevector (n <= {MAX_QUBITS})")
    ideals, predicted, in_alg_o, in_alg_rho = _purity_prediction(alg, gens, obs, state, product, seed)
    if not (in_alg_o or in_alg_rho):
        predicted = None  # the sum of purities is then no statement about the variance (it can be 0 while Var > 0)
    mc = stderr = None
    L0 = max(2, int(np.ceil((4 * alg.dim + 20) / len(gens))))
    L = depth or L0
    if circuits:
        check_work("variance circuits x parameters", circuits, L * len(gens))
    choice = None
    if circuits:

        rng = np.random.default_rng(seed)
        qnn, choice = circuit(gens, L, state, engine, need="expectation", observable=obs, alg=alg)
        op = qnn.observable(obs)

        def estimate(layers: int) -> tuple[float, float]:
            """(variance, its standard error) over `circuits` random circuits of `layers` layers."""
            M = layers * len(gens)
            mask = np.arange(qnn.n_params) < M
            # the angles in chunks of at most THETA_CHUNK numbers (the same random stream as one draw): the
            # memory stays ~10 MB per chunk where circuits x parameters can reach MAX_PARAMETERS
            step = max(1, THETA_CHUNK // qnn.n_params)
            values = np.concatenate([qnn.energies(rng.uniform(0, 2 * np.pi, (min(step, circuits - i), qnn.n_params))
                                                  * mask, op) for i in range(0, circuits, step)])
            v = float(np.var(values, ddof=1))
            return v, v * float(np.sqrt(2.0 / max(circuits - 1, 1)))

        def moved(a, b, z: float = 3.0) -> bool:
            return abs(a[0] - b[0]) > z * np.hypot(a[1], b[1])

        # the same estimate at half the depth: a clear difference means the circuits have not mixed yet; by
        # default the depth doubles until the two agree (up to DEPTH_DOUBLINGS times)
        half, full = estimate(max(1, L // 2)), estimate(L)
        doublings = 0
        while (depth is None and moved(half, full, 2.0) and doublings < DEPTH_DOUBLINGS
               and circuits * 2 * L * len(gens) <= MAX_PARAMETERS):
            L, doublings = 2 * L, doublings + 1
            qnn, _ = circuit(gens, L, state, choice.engine, need="expectation", observable=obs, alg=alg)
            op = qnn.observable(obs)
            half, full = full, estimate(L)
        (mc, stderr), mc_half = full, half[0]
    res = VarianceResult(predicted, mc, stderr, ideals, in_alg_o, in_alg_rho, circuits, L,
                         time.perf_counter() - t0)
    res.engine = choice.as_dict() if choice else None
    if circuits:
        res.monte_carlo_half_depth = mc_half
        if moved(half, full):
            res.notes.append(f"the Monte Carlo variance moved from {mc_half:.6g} at depth {L // 2} to {mc:.6g} at "
                             f"depth {L}: the random circuits may not have mixed over the group yet (raise --depth)")
        elif depth is None and L > L0:
            res.notes.append(f"the default depth {L0} had not mixed: the depth was doubled to {L}, where the "
                             f"estimate agrees with depth {L // 2}")
    return res


def _purity_prediction(alg, gens, obs, state, product, seed):
    """(ideals, predicted variance, O in i*g, traceless rho in i*g)."""
    n = alg.n_qubits
    N = 2.0 ** n
    traceless = obs.keys.any(axis=1)  # an identity term shifts <O> and adds no variance
    norm_o = float(N * np.sum(np.asarray(obs.float_coeffs)[traceless] ** 2))
    simple = None
    if alg.is_pauli_algebra:

        graph = graph_classification(gens)
        dec = graph.decomposition() if graph is not None else classify_closed(alg, gens)
        if dec is not None and dec.center_dim == 0 and len(dec.ideals) == 1 and dec.ideals[0].copies == 1:
            simple = dec.ideals[0]
    if simple is not None:  # the strings P/sqrt(N) are an orthonormal basis of the one ideal
        keys = alg.basis.keys
        ev = _product_or_statevector_expectations(keys, n, state, product)
        lookup = {k.tobytes(): c for c, k in enumerate(keys)}
        p_rho = float(np.sum(ev ** 2) / N)
        p_o = float(N * sum(c * c for k, c in zip(obs.keys, obs.float_coeffs) if k.tobytes() in lookup))
        contrib = p_rho * p_o / simple.dim
        ideals = [{"name": simple.name, "label": str(simple), "dim": simple.dim, "purity_state": p_rho,
                   "purity_observable": p_o, "contribution": contrib}]
        return ideals, contrib, abs(p_o - norm_o) <= 1e-9 * max(norm_o, 1.0), abs(p_rho - (1.0 - 1.0 / N)) <= 1e-9

    ib = ideal_bases(alg, seed)
    lookup = {k.tobytes(): c for c, k in enumerate(ib.keys)}
    h_obs = np.zeros(len(ib.keys))
    for k, c in zip(obs.keys, obs.float_coeffs):
        if k.tobytes() in lookup:
            h_obs[lookup[k.tobytes()]] = c
    h_rho = _product_or_statevector_expectations(ib.keys, n, state, product) / N
    per_ideal, total = g_purities(ib, {"rho": h_rho, "O": h_obs}, n)
    ideals = []
    predicted = 0.0
    for ideal, pur in per_ideal:
        contrib = pur["rho"] * pur["O"] / ideal.dim
        predicted += contrib
        ideals.append({"name": ideal.name, "label": str(ideal), "dim": ideal.dim, "purity_state": pur["rho"],
                       "purity_observable": pur["O"], "contribution": contrib})
    in_alg_o = abs(total["O"] - norm_o) <= 1e-9 * max(norm_o, 1.0)
    # the identity part of rho is never in i*g: test its traceless part, of purity 1 - 1/2^n
    in_alg_rho = abs(total["rho"] - (1.0 - 1.0 / N)) <= 1e-9
    return ideals, predicted, in_alg_o, in_alg_rho


def _product_or_statevector_expectations(keys, n: int, state, product) -> np.ndarray:
    if product is not None:

        return product_expectations(keys, n, product)
    return _sv.expectations(initial_state(state, n), *pauli_masks(keys, n))
