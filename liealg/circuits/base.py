"""What every circuit engine shares: periodic circuits, initial states, observables.

U(theta) = prod_l prod_k exp(-i theta_lk H_k): theta is a flat array of M = L*K parameters,
theta[l*K + k]. `PeriodicCircuit` is the interface the engines implement (statevector,
free fermions, g-sim) and the trainability layer talks to; `observable_sum` reads an observable
as one PauliSum. The state specifications ("plus", "zero", a bit string, a vector or a .npy file)
are read by `liealg.io.states` (`initial_state`, `product_state`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from liealg.errors import EngineError, FloatRangeError, InputError
from liealg.io.inputs import as_generators
from liealg.sums import PauliSum, float_magnitude


class PeriodicCircuit(ABC):
    """The interface every circuit engine implements, and what they share.

    M = layers * K parameters, theta[l*K + k]; `observable` converts an observable once into the
    engine's own form (cached per object), and every method taking an observable accepts either.
    Capabilities beyond expectations, gradients and Hessians are declared, not probed:
    `gives_qfi` (`qfi`), `gives_tangents` (`qfi_factor`: F = T T^T, exact ranks) and
    `gives_least_squares` (`least_squares`: the energy as an exact sum of squares). The
    trainability layer talks to engines only through this interface; `liealg.circuits.chooser`
    picks one by `layer_cost`.
    """

    #: the engine's name (`liealg.circuits.ENGINES`)
    engine = ""
    gives_qfi = True
    gives_tangents = False
    gives_least_squares = False
    #: the space whose ground energy `ground_energy` reports
    ground_space = "whole space"
    layers: int
    K: int
    n: int

    @property
    def n_params(self) -> int:
        return self.layers * self.K

    def _check(self, theta) -> np.ndarray:
        theta = np.asarray(theta, dtype=float).reshape(-1)
        if theta.size != self.n_params:
            raise ValueError(f"expected {self.n_params} parameters, got {theta.size}")
        return theta

    def _converted(self, observable, convert):
        """convert(PauliSum) of an observable, cached per object (kept alive, so its id stays unique)."""
        ops = self.__dict__.setdefault("_ops", {})
        key = id(observable)
        if key not in ops:
            ops[key] = (observable, convert(observable_sum(observable, self.n)))
        return ops[key][1]

    @abstractmethod
    def observable(self, observable):
        """The observable in this engine's form (a PauliSum, text or file lines; converted once)."""

    @abstractmethod
    def expectation(self, theta, observable) -> float:
        """<psi(theta)|O|psi(theta)>."""

    @abstractmethod
    def value_and_grad(self, theta, observable) -> tuple[float, np.ndarray]:
        """The expectation and its exact gradient in theta."""

    @abstractmethod
    def hessian(self, theta, observable) -> np.ndarray:
        """The exact Hessian of the expectation in theta."""

    @abstractmethod
    def ground_energy(self, observable) -> float:
        """The lowest eigenvalue of O on `ground_space`."""

    @abstractmethod
    def energies(self, thetas: np.ndarray, observable) -> np.ndarray:
        """Expectations at many parameter vectors (rows of `thetas`)."""

    @abstractmethod
    def work_memory(self, need: str) -> float:
        """Estimated peak bytes of one call for `need` ("qfi", "hessian" or "expectation") at this depth:
        what `liealg.resources.check_memory` weighs before a sweep starts."""

    @abstractmethod
    def layer_cost(self) -> float:
        """Estimated operations of one layer of gates (what `liealg.circuits.chooser` compares)."""

    def qfi(self, theta) -> np.ndarray:
        """The quantum Fisher information F_ij = 4 Re[<d_i psi|d_j psi> - <d_i psi|psi><psi|d_j psi>]."""
        raise EngineError(f"the {self.engine} engine does not give the quantum Fisher information")

    def qfi_factor(self, theta) -> np.ndarray:
        """T with F = T T^T (exact ranks by singular values of T)."""
        raise EngineError(f"the {self.engine} engine gives no factor of the QFI")

    def least_squares(self, observable):
        """The energy as an exact sum of squares: (residual, jacobian, E0)."""
        raise EngineError(f"the {self.engine} engine gives no sum-of-squares form of the energy")


#: most circuit parameters a request may sample or hold at once (8 bytes each, several copies)
MAX_PARAMETERS = 50_000_000


def layer_count(layers) -> int:
    """A circuit depth: an integer >= 1 (TypeError for a non-integer, InputError below 1)."""
    if isinstance(layers, bool) or not isinstance(layers, (int, np.integer)):
        raise TypeError(f"layers must be an integer, not {type(layers).__name__}")
    if layers < 1:
        raise InputError(f"layers must be at least 1, not {layers}")
    return int(layers)


def check_work(what: str, count: int, per_item: int, limit: int = MAX_PARAMETERS) -> None:
    """Refuse, before the work, a request for `count` items of `per_item` parameters beyond `limit` in all."""
    if count * per_item > limit:
        raise InputError(f"{what}: {count:,} x {per_item:,} parameters is beyond the {limit:,} liealg samples in "
                         f"one request (about {8 * count * per_item / 2**30:.1f} GiB per copy); ask for fewer")


#: an observable's coefficients must lie in [1/R, R]: variances and Hessians square them in float64
OBSERVABLE_RANGE = 1e150


def observable_sum(observable, n: int) -> PauliSum:
    """An observable as one PauliSum (several lines of a file are summed; identity terms allowed);
    coefficients beyond OBSERVABLE_RANGE are refused (FloatRangeError)."""
    if isinstance(getattr(observable, "sum", None), PauliSum):  # an engine's converted observable (Operator)
        return observable.sum
    if isinstance(observable, PauliSum):
        total = observable
    else:
        gens = as_generators(observable, n, allow_identity=True)
        if gens[0].n != n:
            raise InputError(f"the observable acts on {gens[0].n} qubits, the circuit on {n}")
        total = PauliSum(n, np.concatenate([g.keys for g in gens]), [c for g in gens for c in g.coeffs])
    if total.n != n:
        raise InputError(f"the observable acts on {total.n} qubits, the circuit on {n}")
    magnitudes = np.array([float_magnitude(c) for c in total.coeffs])
    bad = np.flatnonzero((magnitudes > OBSERVABLE_RANGE) | (magnitudes < 1 / OBSERVABLE_RANGE))
    if bad.size:
        raise FloatRangeError(f"observable coefficient {total.coeffs[bad[0]]} is outside {1 / OBSERVABLE_RANGE:g} .. "
                              f"{OBSERVABLE_RANGE:g}, the range the float64 circuit engines square faithfully; "
                              f"rescale it")
    return total

