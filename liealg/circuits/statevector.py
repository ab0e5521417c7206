"""Periodic quantum neural networks: statevector simulation, exact gradients, QFI, Hessian.

U(theta) = prod_l prod_k exp(-i theta_lk H_k), applied to an initial state;
theta is a flat array of M = L*K parameters, theta[l*K + k] (one parameter per
generator per layer: a sum generator is one tied parameter). Basis states are
indexed with qubit 0 as the most significant bit, like `PauliSum.to_matrix`
(and PennyLane).

A generator whose Pauli terms commute is applied as a product of Pauli
rotations on the state (numba kernels, no matrices); otherwise exp(-i theta H)
uses the eigendecomposition of H, computed once per generator.

Derivatives are exact (adjoint method): the gradient of <O> costs three sweeps;
the Jacobian J = [|d_1 psi>, ..., |d_M psi>] is built in one forward sweep that
carries earlier derivative vectors along, and gives the quantum Fisher
information F_ij = 4 Re[<d_i psi|d_j psi> - <d_i psi|psi><psi|d_j psi>] and,
with adjoint vectors, the Hessian of <O>.
"""

from __future__ import annotations

import numpy as np

from liealg.circuits.base import PeriodicCircuit, layer_count, observable_sum
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state
from liealg.kernels import pauli as _kp
from liealg.kernels import statevec as _sv
from liealg.sums import PauliSum

MAX_QUBITS = 24


def _reverse_bits(v: np.ndarray, n: int) -> np.ndarray:
    out = np.zeros_like(v)
    for j in range(n):
        out |= ((v >> j) & 1) << (n - 1 - j)
    return out


def parity(v: np.ndarray) -> np.ndarray:
    """Parity of the set bits of each entry of a non-negative integer array (same dtype)."""
    v = v.copy()
    for shift in (32, 16, 8, 4, 2, 1):
        v ^= v >> v.dtype.type(shift)
    return v & v.dtype.type(1)


def pauli_masks(keys: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, z, ny) of packed strings, masks in the statevector's bit order (qubit 0 = MSB)."""
    if n > 62:
        raise ValueError(f"statevector simulation supports up to 62-qubit masks, not {n}")
    keys = keys.astype(np.int64)
    x, z = keys[:, 0], keys[:, 1]
    ny = np.array([bin(int(v)).count("1") for v in (x & z)], dtype=np.int64).reshape(-1)
    return _reverse_bits(x, n), _reverse_bits(z, n), ny


def pauli_terms(h: PauliSum) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x, z, ny, coeffs) per term of a Pauli sum (see `pauli_masks`)."""
    return (*pauli_masks(h.keys, h.n), np.asarray(h.float_coeffs, dtype=float))


class Operator:
    """A Hermitian Pauli sum acting on states: `apply`, `expectation`, sparse matrix."""

    def __init__(self, h: PauliSum):
        self.sum = h
        self.n = h.n
        self.x, self.z, self.ny, self.coeffs = pauli_terms(h)
        self.commuting = not _kp.anticommutation_matrix(np.ascontiguousarray(h.keys)).any()

    def apply(self, psi: np.ndarray) -> np.ndarray:
        """H psi (psi of shape (2^n,) or (2^n, k))."""
        p2 = psi.reshape(psi.shape[0], -1)
        out = np.zeros(p2.shape, dtype=complex)
        for x, z, ny, c in zip(self.x, self.z, self.ny, self.coeffs):
            _sv.apply_pauli_add(p2, out, x, z, ny, complex(c))
        return out.reshape(psi.shape)

    def expectation(self, psi: np.ndarray) -> float:
        return float(np.real(np.vdot(psi, self.apply(psi))))

    def sparse(self):
        """scipy.sparse CSR matrix of H (for eigensolvers)."""
        import scipy.sparse as sp

        dim = 1 << self.n
        b = np.arange(dim, dtype=np.int64)
        mat = sp.csr_matrix((dim, dim), dtype=complex)
        for x, z, ny, c in zip(self.x, self.z, self.ny, self.coeffs):
            signs = 1 - 2 * parity(b & z)
            vals = c * (1j ** int(ny)) * signs
            mat = mat + sp.csr_matrix((vals, (b ^ x, b)), shape=(dim, dim))
        return mat

    def ground_energy(self) -> float:
        """Smallest eigenvalue (dense for <= 10 qubits, else Lanczos)."""
        if self.n <= 10:
            return float(np.linalg.eigvalsh(self.sparse().toarray())[0])
        from scipy.sparse.linalg import eigsh

        return float(eigsh(self.sparse(), k=1, which="SA", return_eigenvectors=False)[0])


class Gate(Operator):
    """exp(-i theta H) for one generator H."""

    def __init__(self, h: PauliSum):
        super().__init__(h)
        self._eig = None
        if not self.commuting:
            self._eig = np.linalg.eigh(h.to_matrix())

    def apply_exp(self, psi2: np.ndarray, theta: float) -> None:
        """psi2 <- exp(-i theta H) psi2 in place (psi2 of shape (2^n, k))."""
        if self._eig is None:
            for x, z, ny, c in zip(self.x, self.z, self.ny, self.coeffs):
                _sv.rotate(psi2, x, z, ny, theta * c)
        else:
            w, v = self._eig
            psi2[...] = v @ (np.exp(-1j * theta * w)[:, None] * (v.conj().T @ psi2))


class PeriodicQNN(PeriodicCircuit):
    """U(theta) = prod_l prod_k exp(-i theta_lk H_k) on `state`.

    >>> qnn = PeriodicQNN(["ZZI + IZZ", "XII + IXI + IIX"], layers=2, state="plus")
    >>> qnn.n_params
    4
    >>> bool(np.isclose(np.linalg.norm(qnn.state(np.ones(4))), 1.0))
    True
    """

    engine = "statevector"

    def __init__(self, generators, layers: int, state="plus", n_qubits: int | None = None):
        gens = as_generators(generators, n_qubits)
        self.n = gens[0].n
        if self.n > MAX_QUBITS:
            raise ValueError(f"statevector simulation is limited to {MAX_QUBITS} qubits, not {self.n}")
        self.generators = gens
        self.gates = [Gate(g) for g in gens]
        self.K = len(gens)
        self.layers = layer_count(layers)
        self.psi0 = initial_state(state, self.n)

    def observable(self, observable) -> Operator:
        """The observable as an `Operator` (a sparse matrix applied to states), converted once."""
        if isinstance(observable, Operator):
            return observable
        return self._converted(observable, Operator)

    def layer_cost(self) -> float:
        """2^n amplitudes times the Pauli terms of one layer."""
        return float(2 ** self.n * sum(len(g) for g in self.generators))

    def work_memory(self, need: str) -> float:
        """QFI: the Jacobian (2^n x M complex) and its conjugate, F; Hessian: the adjoint vectors, J and O J."""
        dim, M = float(self.psi0.size), float(self.n_params)
        if need == "qfi":
            return 32 * dim * M + 40 * M * M  # F, its leading blocks and the eigensolver's copy
        if need == "hessian":
            return 64 * dim * M + 48 * M * M
        return 160 * dim + 8 * M

    def _gate(self, j: int) -> Gate:
        return self.gates[j % self.K]

    def state(self, theta) -> np.ndarray:
        theta = self._check(theta)
        psi = self.psi0.copy().reshape(-1, 1)
        for j, t in enumerate(theta):
            self._gate(j).apply_exp(psi, t)
        return psi[:, 0]

    def expectation(self, theta, observable) -> float:
        return as_operator(observable, self.n).expectation(self.state(theta))

    def value_and_grad(self, theta, observable) -> tuple[float, np.ndarray]:
        """<O> and its exact gradient (adjoint method: one forward and one backward sweep)."""
        theta = self._check(theta)
        op = as_operator(observable, self.n)
        psi = self.state(theta).reshape(-1, 1)
        lam = op.apply(psi)
        value = float(np.real(np.vdot(psi, lam)))
        grad = np.empty(theta.size)
        for j in range(theta.size - 1, -1, -1):
            gate = self._gate(j)
            grad[j] = 2.0 * np.real(np.vdot(lam, -1j * gate.apply(psi)))
            gate.apply_exp(psi, -theta[j])
            gate.apply_exp(lam, -theta[j])
        return value, grad

    def jacobian(self, theta) -> tuple[np.ndarray, np.ndarray]:
        """(psi, J) with J[:, j] = d psi / d theta_j, exact."""
        return self._forward(self._check(theta), None)

    def qfi(self, theta) -> np.ndarray:
        """Quantum Fisher information matrix F (M x M, real symmetric)."""
        return qfi_matrix(*self.jacobian(theta))

    def hessian(self, theta, observable) -> np.ndarray:
        """Exact Hessian of <O> (M x M)."""
        theta = self._check(theta)
        op = as_operator(observable, self.n)
        # adjoint vectors lam_j = U_{>j}^dag O psi, in the frame right after gate j
        psi = self.state(theta).reshape(-1, 1)
        lam = op.apply(psi)
        lams = np.empty((theta.size, psi.shape[0]), dtype=complex)
        for j in range(theta.size - 1, -1, -1):
            lams[j] = lam[:, 0]
            self._gate(j).apply_exp(lam, -theta[j])
        second = np.zeros((theta.size, theta.size), dtype=complex)
        psi, J = self._forward(theta, (lams, second))
        OJ = op.apply(J)
        hess = 2.0 * np.real(second + J.conj().T @ OJ)
        upper = np.triu(hess)
        return upper + np.triu(hess, 1).T

    def ground_energy(self, observable) -> float:
        """The smallest eigenvalue of the observable (dense for <= 10 qubits, else Lanczos)."""
        return as_operator(observable, self.n).ground_energy()

    def energies(self, thetas: np.ndarray, observable) -> np.ndarray:
        """<O> for each row of `thetas` (Monte Carlo)."""
        op = as_operator(observable, self.n)
        return np.array([op.expectation(self.state(t)) for t in np.asarray(thetas, dtype=float)])

    def _forward(self, theta, hessian_data):
        """One sweep carrying earlier derivative vectors; optionally the <lam|d_i d_j psi> terms."""
        dim = self.psi0.size
        M = theta.size
        psi = self.psi0.copy().reshape(-1, 1)
        J = np.zeros((dim, M), dtype=complex)
        for j in range(M):
            gate = self._gate(j)
            gate.apply_exp(psi, theta[j])
            if j:
                gate.apply_exp(J[:, :j], theta[j])
            hpsi = gate.apply(psi)
            J[:, j] = -1j * hpsi[:, 0]
            if hessian_data is not None:
                lams, second = hessian_data
                lh = 1j * gate.apply(lams[j][:, None])[:, 0]  # <lam_j| (-iH_j) |x> = <(iH_j) lam_j | x>
                if j:
                    second[:j, j] = lh.conj() @ J[:, :j]
                second[j, j] = -np.vdot(lams[j], gate.apply(hpsi)[:, 0])
        return psi[:, 0], J




def qfi_matrix(psi: np.ndarray, J: np.ndarray) -> np.ndarray:
    """F = 4 Re(J^dag J - (J^dag psi)(psi^dag J)) for a unit state psi and its derivatives J (columns)."""
    overlap = psi.conj() @ J
    F = 4.0 * np.real(J.conj().T @ J - np.outer(overlap.conj(), overlap))
    return (F + F.T) / 2


def as_operator(observable, n: int) -> Operator:
    if isinstance(observable, Operator):
        return observable
    return Operator(observable_sum(observable, n))
