"""g-sim: circuits simulated in the adjoint representation of their dynamical Lie algebra.

For a basis B_a of g (Hermitian; Pauli strings when g is spanned by strings, else an
orthonormal basis of Pauli sums), the expectations e_a = <B_a> of the evolving state stay in
g: a gate exp(-i theta H) with H in g maps e to exp(theta A_H) e, where i[H, B_a] = sum_b
(A_H)_ab B_b (A_H real antisymmetric). No statevector is formed: the initial e is computed from
a product state (a Pauli string's expectation in |b> or |+>^n is a product of one-qubit
values), and an observable O in g (plus a multiple of the identity) has <O> = o . e + c.

A generator whose terms are Pauli strings that commute is, in a string basis, a product of
plane rotations (ad of a string pairs each anticommuting B_a with +-B_(P B_a)); otherwise
exp(theta A_H) comes from the eigendecomposition of A_H (dense, d <= DENSE_MAX_DIM).

Gradients are exact (adjoint method in the d-dimensional space); Hessians sweep once per
parameter. The quantum Fisher information needs <B_a B_b>, products outside g: g-sim cannot
give it (use the statevector or free-fermion engine).

Ref.: Goh et al., "Lie-algebraic classical simulations for variational quantum computing"
(arXiv:2308.01432).
"""

from __future__ import annotations

import numpy as np

from liealg.circuits.base import PeriodicCircuit, layer_count, observable_sum
from liealg.circuits.statevector import MAX_QUBITS, Operator, parity
from liealg.errors import EngineError
from liealg.io.inputs import as_generators
from liealg.io.states import product_state
from liealg.kernels import gaussian as _kg
from liealg.pauli import PauliString
from liealg.structure.algebra import lie_closure
from liealg.structure.ideals import orthonormal_basis

MAX_DIM = 20_000  # g-sim keeps a few d-vectors per parameter
DENSE_MAX_DIM = 3_000  # dense generators: a d x d eigendecomposition each


class GsimError(EngineError):
    """g-sim cannot serve this request (with the reason)."""


def product_expectations(keys: np.ndarray, n: int, product: str) -> np.ndarray:
    """<P> for packed strings P in |+>^n (product '+') or the basis state |bits> (qubit 0 first):
    0 unless every letter is diagonal in the state's basis, else a sign."""

    w = keys.shape[1] // 2
    x, z = keys[:, :w], keys[:, w:]
    if product == "+":  # only I and X letters survive, each with value 1
        return np.where(np.any(z != 0, axis=1), 0.0, 1.0)
    b = np.zeros(w, dtype=np.uint64)
    for j, c in enumerate(product):
        if c == "1":
            b[j // 64] |= np.uint64(1) << np.uint64(j % 64)
    sign = 1.0 - 2.0 * parity(np.bitwise_xor.reduce(z & b, axis=1))
    return np.where(np.any(x != 0, axis=1), 0.0, sign)


class GsimQNN(PeriodicCircuit):
    """U(theta) = prod_l prod_k exp(-i theta_lk H_k) simulated on the expectation vector of g's basis.

    Interface of `PeriodicQNN` (`n_params`, `expectation`, `value_and_grad`, `hessian`); `qfi`
    raises GsimError. Observables must lie in g plus a multiple of the identity.
    """

    engine = "gsim"
    gives_qfi = False

    def __init__(self, generators, layers: int, state="plus", alg=None, n_qubits: int | None = None):
        gens = as_generators(generators, n_qubits)
        self.n = n = gens[0].n
        product = product_state(state, n) if isinstance(state, str) else None
        if product is None:
            raise GsimError("g-sim takes product initial states (plus, zero, a bit string): their expectations "
                            "are products of one-qubit values")
        alg = alg if alg is not None else lie_closure(gens, max_dim=MAX_DIM)
        if alg.dim > MAX_DIM:
            raise GsimError(f"dim g = {alg.dim:,} exceeds g-sim's limit of {MAX_DIM:,}")
        self.alg, self.generators, self.K, self.layers = alg, gens, len(gens), layer_count(layers)
        self.dim = alg.dim
        self.strings = bool(alg.is_pauli_algebra)
        if self.strings:
            self.keys = np.ascontiguousarray(alg.basis.keys)
            self.Q = None
        else:

            self.keys, self.Q = orthonormal_basis(alg)
        self._col = {k.tobytes(): c for c, k in enumerate(self.keys)}
        ev = product_expectations(self.keys, n, product)
        self.e0 = ev if self.Q is None else self.Q @ ev
        self._prog = self._rotations(gens) if self.strings else None
        if self._prog is None:
            if self.dim > DENSE_MAX_DIM:
                raise GsimError(f"these generators need dense {self.dim} x {self.dim} adjoint matrices "
                                f"(g-sim's dense limit is {DENSE_MAX_DIM:,})")
            self._A = [self._adjoint(g) for g in gens]
            self._eig = [np.linalg.eigh(1j * A) for A in self._A]  # iA Hermitian: A = -i V diag(w) V^H

    # --- the representation --------------------------------------------------------
    def _rotations(self, gens):
        """(ptr, ps, qs, ws) when every generator is a sum of commuting strings of the basis, else None."""
        from liealg.kernels import pauli as _kp

        ptr, ps, qs, ws = [0], [], [], []
        for g in gens:
            if _kp.anticommutation_matrix(np.ascontiguousarray(g.keys)).any():
                return None
            for key, c in zip(g.keys, g.float_coeffs):
                if key.tobytes() not in self._col:
                    return None
                mask = _kp.anticommutes_with(self.keys, key)
                a = np.flatnonzero(mask)
                prods, factor = _kp.commutator(np.repeat(key[None, :], len(a), axis=0), self.keys[a])
                b = np.array([self._col[k.tobytes()] for k in prods], dtype=np.int64)
                # [P, B_a] = +-2i B_b, so i[cP, B_a] = -+2c B_b: A_ab = -2 c factor
                w = -2.0 * float(c) * factor.astype(float)
                keep = a < b
                ps.extend(a[keep])
                qs.extend(b[keep])
                ws.extend(w[keep])
            ptr.append(len(ps))
        return (np.array(ptr, dtype=np.int64), np.array(ps, dtype=np.int64), np.array(qs, dtype=np.int64),
                np.array(ws, dtype=np.float64))

    def _coords(self, h, what: str) -> tuple[np.ndarray, float]:
        """(coordinates in the basis, identity coefficient) of a Pauli sum in g + R*1."""
        ident = 0.0
        vec = np.zeros(len(self.keys))
        outside = []
        for key, c in zip(h.keys, h.float_coeffs):
            if not key.any():
                ident += float(c)
            elif key.tobytes() in self._col:
                vec[self._col[key.tobytes()]] += float(c)
            else:
                outside.append(key)
        coords = vec if self.Q is None else self.Q @ vec
        resid = 0.0 if self.Q is None else float(np.linalg.norm(vec - self.Q.T @ coords))
        scale = max(float(np.abs(h.float_coeffs).sum()), 1e-300)
        if outside or resid > 1e-9 * scale:

            example = PauliString.from_row(outside[0], self.n).label if outside else "a combination of its terms"
            raise GsimError(f"the {what} is not in the algebra g ({example} is outside): g-sim evaluates only "
                            "observables in g plus the identity")
        return coords, ident

    def _adjoint(self, g) -> np.ndarray:
        """A with i[H, B_a] = sum_b A_ab B_b, from the column strings: i[cP, P_c] = -+2c P_c' is a signed
        map S on the columns, and A = Q S^T Q^T for the orthonormal rows of Q."""
        from liealg.kernels import pauli as _kp

        self._coords(g, "generator")  # H must lie in g
        m = len(self.keys)
        S = np.zeros((m, m))
        for key, c in zip(g.keys, g.float_coeffs):
            a = np.flatnonzero(_kp.anticommutes_with(self.keys, key))
            prods, factor = _kp.commutator(np.repeat(key[None, :], len(a), axis=0), self.keys[a])
            b = np.array([self._col.get(k.tobytes(), -1) for k in prods], dtype=np.int64)
            if (b < 0).any():  # pragma: no cover - g is closed, so its brackets stay on its strings
                raise GsimError("a bracket left the algebra's strings")
            S[b, a] += -2.0 * float(c) * factor
        A = self.Q @ S.T @ self.Q.T
        return (A - A.T) / 2  # antisymmetric up to rounding; exactly so for a stable exponential

    def layer_cost(self) -> float:
        """The rotated pairs of the expectation vector (Pauli algebras), else d^2 for a dense adjoint matrix."""
        if self._prog is not None:
            return float(4 * len(self._prog[1]))
        return float(self.K * self.dim ** 2)

    def observable(self, observable) -> tuple[np.ndarray, float]:
        """(coordinates in the basis, identity coefficient) of an observable in g + R*1 (GsimError if not)."""
        if isinstance(observable, tuple):
            return observable
        return self._converted(observable, lambda h: self._coords(h, "observable"))

    # --- the circuit ------------------------------------------------------------------
    def _gate(self, k: int, t: float, v: np.ndarray) -> np.ndarray:
        """exp(t A_k) v = V exp(-i t w) V^H v."""
        w, V = self._eig[k]
        return np.real(V @ (np.exp(-1j * t * w) * (V.conj().T @ v)))

    def _apply_A(self, k: int, v: np.ndarray) -> np.ndarray:
        if self._prog is None:
            return self._A[k] @ v
        ptr, ps, qs, ws = self._prog
        lo, hi = ptr[k], ptr[k + 1]
        out = np.zeros_like(v)
        np.add.at(out, ps[lo:hi], ws[lo:hi] * v[qs[lo:hi]])
        np.add.at(out, qs[lo:hi], -ws[lo:hi] * v[ps[lo:hi]])
        return out

    def _rotate(self, k: int, t: float, v: np.ndarray) -> np.ndarray:
        if self._prog is None:
            return self._gate(k, t, v)
        ptr, ps, qs, ws = self._prog
        lo, hi = ptr[k], ptr[k + 1]
        v = v.copy()
        _kg.rotate_vector(v, ps[lo:hi], qs[lo:hi], t * ws[lo:hi])
        return v

    def expectations(self, theta) -> np.ndarray:
        """The vector <B_a> after the circuit."""
        theta = self._check(theta)
        v = self.e0.copy()
        if self._prog is not None:
            _kg.vector_forward(v, theta, self.K, *self._prog)
            return v
        for j, t in enumerate(theta):
            v = self._rotate(j % self.K, t, v)
        return v

    def expectation(self, theta, observable) -> float:
        o, c = self.observable(observable)
        return float(o @ self.expectations(theta) + c)

    def value_and_grad(self, theta, observable) -> tuple[float, np.ndarray]:
        """<O> and its exact gradient (adjoint method on the expectation vector)."""
        theta = self._check(theta)
        o, c = self.observable(observable)
        if self._prog is not None:
            value, grad = _kg.vector_value_and_grad(self.e0, o, theta, self.K, *self._prog)
            return float(value + c), grad
        v = self.expectations(theta)
        value = float(o @ v + c)
        lam = o.copy()
        grad = np.empty(theta.size)
        for j in range(theta.size - 1, -1, -1):
            k = j % self.K
            grad[j] = lam @ self._apply_A(k, v)
            v = self._rotate(k, -theta[j], v)
            lam = self._rotate(k, -theta[j], lam)
        return value, grad

    def work_memory(self, need: str) -> float:
        """Hessian: forward and adjoint vectors of dim g per parameter and the M x M result."""
        D, M = float(self.dim), float(self.n_params)
        if need in ("qfi", "hessian"):
            return 16 * M * D + 8 * M * M
        return 64 * D + 8 * M

    def hessian(self, theta, observable) -> np.ndarray:
        """Exact Hessian: H_ij = lam_j . A_j R_(i,j] A_i v_i for i <= j (one forward sweep per i)."""
        theta = self._check(theta)
        o, _ = self.observable(observable)
        M = theta.size
        vs = np.empty((M, self.dim))
        v = self.e0.copy()
        for j in range(M):
            v = self._rotate(j % self.K, theta[j], v)
            vs[j] = v
        lams = np.empty((M, self.dim))
        lam = o.copy()
        for j in range(M - 1, -1, -1):
            lams[j] = lam
            lam = self._rotate(j % self.K, -theta[j], lam)
        H = np.zeros((M, M))
        for i in range(M):
            u = self._apply_A(i % self.K, vs[i])
            H[i, i] = lams[i] @ self._apply_A(i % self.K, u)
            for j in range(i + 1, M):
                u = self._rotate(j % self.K, theta[j], u)
                H[i, j] = H[j, i] = lams[j] @ self._apply_A(j % self.K, u)
        return H

    def ground_energy(self, observable) -> float:
        """The observable's smallest eigenvalue, from a statevector eigensolver (n <= 24): g-sim itself
        has no access to it (give it with ground_energy= / --ground-energy beyond that)."""

        if self.n > MAX_QUBITS:
            raise GsimError(f"the exact ground energy of a {self.n}-qubit observable outside the free-fermion "
                            "class needs a statevector eigensolver (n <= 24): give it with --ground-energy")
        return Operator(observable_sum(observable, self.n)).ground_energy()

    def qfi(self, theta):
        raise GsimError("g-sim cannot give the quantum Fisher information: it needs expectations of products "
                        "of algebra elements, which lie outside g (use --engine statevector or fermion)")

    def energies(self, thetas: np.ndarray, observable) -> np.ndarray:
        """<O> for each row of `thetas` (Monte Carlo)."""
        o, c = self.observable(observable)
        thetas = np.ascontiguousarray(thetas, dtype=float)
        if self._prog is not None:
            V = np.repeat(self.e0[None, :], thetas.shape[0], axis=0)
            _kg.vector_forward_many(V, thetas, self.K, *self._prog)
            return V @ o + c
        return np.array([o @ self.expectations(t) + c for t in thetas])
