"""Free-fermion (matchgate) circuit engine: fermionic Gaussian states as 2n x 2n covariance matrices.

Majoranas by Jordan-Wigner in the given qubit order (qubit 0 first), in a *frame* chosen by
the initial state:

* frame Z: computational basis states |b>;  g_2j = Z..Z X_j,  g_2j+1 = Z..Z Y_j;
* frame X: |+>^n, after a Hadamard on every qubit (X <-> Z, Y -> -Y), where |+>^n is |0...0>.

A Hermitian Pauli string is quadratic, P = i^k g_p g_q, when (in the frame) its support is
a run of qubits a..b with Z inside and X or Y at both ends (p = 2a + [X at a], q = 2b + [Y at
b]), or a single Z. A generator H = (i/2) sum_{p<q} h_pq g_p g_q (h real antisymmetric) acts
on the covariance G_pq = (i/2) <[g_p, g_q]> as G <- e^{theta h} G e^{theta h}^T, and a
quadratic observable O = (i/4) sum o_pq g_p g_q + c has <O> = (1/4) sum o_pq G_pq + c.

The wrap bond of a ring (X_{n-1} X_0 in frame X after the Hadamards) is the parity
Q = prod Z_j times a quadratic string; the circuit conserves Q and every allowed initial
state is a Q eigenstate (q = (-1)^|b|; q = +1 for |+>^n), so in the state's parity sector such
a term is q times the quadratic string. That is exact in the sector, which is where the
circuit lives.

For a pure Gaussian state (G^2 = -1) the quantum Fisher information of parameters with
final-frame generators k_i is F_ij = (1/4) Tr(D_i^T D_j), D_i = [k_i, G] = dG/dtheta_i (Wick),
and the Hessian of <O> is H_ij = -(1/4) Tr([o, k_j] [k_i, G]) for i <= j.
"""

from __future__ import annotations

import numpy as np

from liealg.circuits.base import PeriodicCircuit, layer_count
from liealg.errors import EngineError
from liealg.io.inputs import as_generators
from liealg.io.states import product_state
from liealg.kernels import gaussian as _kg
from liealg.pauli import PauliString, phase_of_product

#: the prime of `FermionQNN.exact_ranks`: 2^31 - 1 = 3 mod 4, so 1 + t^2 is never 0 modulo it
EXACT_PRIME = 2_147_483_647


class NotGaussian(EngineError):
    """The free-fermion engine does not apply (with the reason)."""


def frame_of(state, n: int) -> tuple[str, str]:
    """(frame, logical bit string) for the Gaussian initial states: 'plus' (frame X, all zeros) and
    computational basis states (frame Z); NotGaussian for anything else."""

    product = product_state(state, n) if isinstance(state, str) else None
    if product is None:
        raise NotGaussian("the free-fermion engine takes computational basis states (frame Z) and |+>^n "
                          "(frame X); this initial state is neither")
    if product == "+":
        return "X", "0" * n
    return "Z", product


def _to_frame(x: int, z: int, frame: str) -> tuple[int, int, int]:
    """(x', z', sign) of a Pauli string in the frame (Hadamard on every qubit for frame X)."""
    if frame == "Z":
        return x, z, 1
    return z, x, -1 if (x & z).bit_count() % 2 else 1


def _majorana(m: int, n: int) -> PauliString:
    j, y = divmod(m, 2)
    low = (1 << j) - 1  # Z on qubits < j
    return PauliString(n=n, x=1 << j, z=low | (y << j))


def _pair(x: int, z: int) -> tuple[int, int] | None:
    """(p, q) with p < q when the string (x, z) is +-i g_p g_q, else None (identity excluded)."""
    support = x | z
    if not support:
        return None
    a = (support & -support).bit_length() - 1
    b = support.bit_length() - 1
    if a == b:
        return (2 * a, 2 * a + 1) if not (x >> a) & 1 else None
    inner = support & ~(1 << a) & ~(1 << b)
    if inner != ((1 << b) - (1 << (a + 1))) or (x & inner) or (z & inner) != inner:
        return None
    if not ((x >> a) & 1 and (x >> b) & 1):
        return None
    xa = not (z >> a) & 1  # letter at a is X
    yb = (z >> b) & 1  # letter at b is Y
    return 2 * a + int(xa), 2 * b + int(yb)


class Quadratic:
    """A Hermitian Pauli sum in Majorana form: (i/2) sum_{p<q} h_pq g_p g_q + const."""

    def __init__(self, n: int, pairs: dict, const: float):
        self.n = n
        self.const = const
        self.pairs = {pq: w for pq, w in pairs.items() if w != 0.0}

    @property
    def matrix(self) -> np.ndarray:
        h = np.zeros((2 * self.n, 2 * self.n))
        for (p, q), w in self.pairs.items():
            h[p, q] += w
            h[q, p] -= w
        return h

    @property
    def disjoint(self) -> bool:
        """True when no Majorana index repeats, i.e. the terms commute (the gate is a product of
        plane rotations)."""
        seen = [i for pq in self.pairs for i in pq]
        return len(seen) == len(set(seen))


def quadratic_form(h, frame: str, parity: int, what: str = "generator") -> Quadratic:
    """A PauliSum in Majorana form, in `frame`, on the parity sector `parity` (+-1)."""
    n = h.n
    Q = PauliString(n=n, z=(1 << n) - 1)
    pairs: dict = {}
    const = 0.0
    for row, c in zip(h.keys, h.float_coeffs):
        P = PauliString.from_row(row, n)
        x, z, sign = _to_frame(P.x, P.z, frame)
        c = float(c) * sign
        if not (x | z):
            const += c
            continue
        factor = 1
        pq = _pair(x, z)
        if pq is None:  # the parity times a quadratic string (a ring's wrap bond)?
            k = phase_of_product(x, z, Q.x, Q.z)  # P Q = i^k P'', so P = i^k P'' Q = i^k q P'' on the sector
            x2, z2 = x ^ Q.x, z ^ Q.z
            pq = _pair(x2, z2)
            if pq is None or k % 2:
                label = PauliString(n=n, x=P.x, z=P.z).label
                raise NotGaussian(f"the {what} term {label} is not quadratic in Majoranas (Jordan-Wigner in "
                                  f"qubit order, frame {frame}): the free-fermion engine does not apply")
            factor = (1 if k == 0 else -1) * parity
            x, z = x2, z2
        p, q = pq
        gp, gq = _majorana(p, n), _majorana(q, n)
        k = phase_of_product(gp.x, gp.z, gq.x, gq.z)  # g_p g_q = i^k P
        # P = i^-k g_p g_q and c P = (i/2) h_pq g_p g_q  =>  h_pq = -2 i c i^-k = -2 c i^(1-k)
        w = -2.0 * c * factor * (1 if (1 - k) % 4 == 0 else -1)
        pairs[(p, q)] = pairs.get((p, q), 0.0) + w
    return Quadratic(n, pairs, const)


def initial_covariance(bits: str) -> np.ndarray:
    """Covariance of the logical basis state |bits>: G_{2j,2j+1} = -(-1)^b_j."""
    n = len(bits)
    G = np.zeros((2 * n, 2 * n))
    for j, b in enumerate(bits):
        s = 1.0 if b == "1" else -1.0
        G[2 * j, 2 * j + 1] = s
        G[2 * j + 1, 2 * j] = -s
    return G


def normal_modes(h: np.ndarray) -> tuple[np.ndarray, list[tuple[int, float]], float]:
    """The real Schur form of a real antisymmetric h = W T W^T: (W, modes, vacuum parity).

    modes: (row i, l) for each block of T, a 2x2 block [[0, l], [-l, 0]] at rows i, i+1 (l != 0) or a 1x1
    zero block at row i (l = 0.0). The mode vacuum (each l_k mode empty) has parity
    det(W) prod sign(l_k), reported as 0.0 when a 1x1 zero block lets either parity reach it."""
    from scipy.linalg import schur

    T, W = schur(h, output="real")
    d = h.shape[0]
    modes, parity, i = [], float(np.sign(np.linalg.det(W))), 0
    while i < d:
        if i + 1 < d and T[i + 1, i] != 0:
            lam = float(T[i, i + 1])
            modes.append((i, lam))
            parity *= np.sign(lam)
            i += 2
        else:  # a 1x1 block: a zero mode, so either parity has the same minimum
            modes.append((i, 0.0))
            parity = 0.0
            i += 1
    return W, modes, parity


def sector_ground_energy(o: Quadratic, parity: int) -> float:
    """Smallest eigenvalue of a quadratic Hamiltonian on the parity sector `parity`.

    o = W (+) [[0, l_k], [-l_k, 0]] W^T (real Schur form, `normal_modes`) gives H = sum_k (l_k / 2)
    i g'_2k g'_2k+1 + const with minimum -(1/2) sum |l_k|, reached by a Gaussian state of parity
    det(W) prod sign(l_k); in the other sector the smallest mode is excited.
    """
    h = o.matrix
    if not h.any():
        return o.const
    _, modes, gs_parity = normal_modes(h)
    lams = np.array([abs(lam) for _, lam in modes])
    e = -0.5 * lams.sum() + o.const
    scale = max(lams.max(), 1e-300)
    if gs_parity == parity or lams.min() <= 1e-12 * scale:
        return float(e)
    return float(e + lams.min())


def _program(quads: list[Quadratic]):
    """(ptr, ps, qs, ws) of the rotation kernels for generators whose pairs are disjoint."""
    ptr, ps, qs, ws = [0], [], [], []
    for qd in quads:
        for (p, q), w in sorted(qd.pairs.items()):
            ps.append(p)
            qs.append(q)
            ws.append(w)
        ptr.append(len(ps))
    return (np.array(ptr, dtype=np.int64), np.array(ps, dtype=np.int64), np.array(qs, dtype=np.int64),
            np.array(ws, dtype=np.float64))


class FermionQNN(PeriodicCircuit):
    """U(theta) = prod_l prod_k exp(-i theta_lk H_k) on a fermionic Gaussian state (see the module).

    The same interface as the statevector's `PeriodicQNN`: `n_params`, `expectation`,
    `value_and_grad`, `qfi`, `hessian`, `ground_energy`; observables are quadratic Pauli sums
    (identity terms allowed).
    """

    engine = "fermion"
    gives_tangents = True
    gives_least_squares = True
    ground_space = "parity sector of the initial state"

    def __init__(self, generators, layers: int, state="plus", n_qubits: int | None = None):
        gens = as_generators(generators, n_qubits)
        self.n = gens[0].n
        self.frame, self.bits = frame_of(state, self.n)
        self.parity = -1 if self.bits.count("1") % 2 else 1
        self.generators = gens
        self.quads = [quadratic_form(g, self.frame, self.parity) for g in gens]
        self.K = len(gens)
        self.layers = layer_count(layers)
        self.G0 = initial_covariance(self.bits)
        self.disjoint = all(q.disjoint for q in self.quads)
        self._prog = _program(self.quads) if self.disjoint else None
        # h real antisymmetric: ih is Hermitian, h = -i V diag(w) V^H, e^(t h) = V e^(-i t w) V^H
        self._eig = None if self.disjoint else [np.linalg.eigh(1j * q.matrix) for q in self.quads]

    def layer_cost(self) -> float:
        """8n covariance entries per Pauli term for commuting quadratic pairs, else one (2n)^3 product a gate."""
        terms = sum(len(g) for g in self.generators)
        return float(8 * self.n * terms if self.disjoint else self.K * (2 * self.n) ** 3)

    def observable(self, observable) -> Quadratic:
        """An observable in this engine's Majorana form (NotGaussian when it is not quadratic)."""
        if isinstance(observable, Quadratic):
            return observable
        return self._converted(observable, lambda h: quadratic_form(h, self.frame, self.parity, "observable"))

    # --- the circuit ------------------------------------------------------------------
    def _rotation(self, k: int, t: float) -> np.ndarray:
        w, v = self._eig[k]
        return np.real((v * np.exp(-1j * t * w)) @ v.conj().T)

    def covariance(self, theta) -> np.ndarray:
        """The covariance matrix G(theta) after the circuit (2n x 2n, real antisymmetric)."""
        theta = self._check(theta)
        G = self.G0.copy()
        if self.disjoint:
            _kg.covariance_forward(G, theta, self.K, *self._prog)
            return G
        for j, t in enumerate(theta):
            R = self._rotation(j % self.K, t)
            G = R @ G @ R.T
        return G

    def _final_generators(self, theta: np.ndarray, basis: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(G, k) with k[j] = R_{>j} h_j R_{>j}^T, the generators carried to the end of the circuit; with an
        orthogonal `basis` B, both in it: (B G B^T, B k_j B^T) at no extra cost per parameter."""
        G = self.covariance(theta)
        d = G.shape[0]
        M = theta.size
        k = np.empty((M, d, d))
        P = np.eye(d) if basis is None else np.array(basis, dtype=float)
        if basis is not None:
            G = P @ G @ P.T
        hs = [q.matrix for q in self.quads]
        for j in range(M - 1, -1, -1):
            kj = P @ hs[j % self.K] @ P.T
            k[j] = kj
            if self.disjoint:  # P <- P R_j: rotate the columns
                lo, hi = self._prog[0][j % self.K], self._prog[0][j % self.K + 1]
                Pt = np.ascontiguousarray(P.T)
                _kg.rotate_rows_only(Pt, self._prog[1][lo:hi], self._prog[2][lo:hi], -theta[j] * self._prog[3][lo:hi])
                P = Pt.T
            else:
                P = P @ self._rotation(j % self.K, theta[j])
        return G, k

    def expectation(self, theta, observable) -> float:
        o = self.observable(observable)
        G = self.covariance(theta)
        return float(0.25 * np.sum(o.matrix * G) + o.const)

    def value_and_grad(self, theta, observable) -> tuple[float, np.ndarray]:
        """<O> and its exact gradient (adjoint method on the covariance matrix)."""
        theta = self._check(theta)
        o = self.observable(observable)
        if self.disjoint:
            value, grad = _kg.covariance_value_and_grad(self.G0, o.matrix, theta, self.K, *self._prog)
            return float(value + o.const), grad
        G, k = self._final_generators(theta)
        om = o.matrix
        grad = np.array([-0.25 * np.sum(om * (kj @ G - G @ kj).T) for kj in k])
        return float(0.25 * np.sum(om * G) + o.const), grad

    def work_memory(self, need: str) -> float:
        """QFI and Hessian: M tangent matrices of (2n)^2 entries, a few at once, and M x M products."""
        d2, M = float(2 * self.n) ** 2, float(self.n_params)
        if need == "qfi":
            return 20 * M * d2 + 2 * M * M  # the tangents, T and its SVD (no M x M matrix)
        if need == "hessian":
            return 32 * M * d2 + 24 * M * M
        return 64 * d2 + 8 * M

    def tangents(self, theta, basis: np.ndarray | None = None) -> np.ndarray:
        """D_j = dG/dtheta_j = [k_j, G], flattened (M, 4n^2); with an orthogonal `basis` B, B D_j B^T."""
        A = self._half_tangents(theta, basis)
        return (A - A.transpose(0, 2, 1)).reshape(A.shape[0], -1)

    def _half_tangents(self, theta, basis: np.ndarray | None = None) -> np.ndarray:
        """A_j = k_j G (M, d, d), so that D_j = A_j - A_j^T (k_j and G are antisymmetric: G k_j = (k_j G)^T);
        one BLAS product for all j."""
        G, k = self._final_generators(self._check(theta), basis)
        M, d = k.shape[0], G.shape[0]
        return (k.reshape(M * d, d) @ G).reshape(M, d, d)

    def qfi_factor(self, theta) -> np.ndarray:
        """T (M x n(2n-1)) with F = T T^T: the upper triangles of the D_j over sqrt(2) (D_j is
        antisymmetric, so (1/4) Tr(D_i^T D_j) = (1/2) sum_(a<b) D_i,ab D_j,ab)."""
        D = self.tangents(theta)
        d = 2 * self.n
        iu = np.triu_indices(d, 1)
        return D.reshape(-1, d, d)[:, iu[0], iu[1]] / np.sqrt(2.0)

    def exact_ranks(self, sizes, rng, p: int = EXACT_PRIME) -> list[int]:
        """Ranks of the QFI of the first m parameters, for m in `sizes`, exactly modulo the prime p at a
        random point where every rotation is rational: cos = (1 - t^2)/(1 + t^2), sin = 2t/(1 + t^2)
        with t uniform mod p (1 + t^2 never vanishes: p = 3 mod 4).

        Every minor of the Jacobian is a polynomial in the t_j with integer coefficients, so the rank
        modulo p never exceeds the generic rank over the reals, and equals it unless the point is a
        root of a nonzero minor (Schwartz-Zippel: rare for p ~ 2^31). A rank equal to m (or to R) is
        therefore certified. Needs commensurate weights within each generator (integer multiples
        of one unit), so that one t fixes all its rotations.
        """
        if not self.disjoint:
            raise NotGaussian("exact ranks need generators whose terms commute (plane rotations)")
        ptr, ps, qs, ws = self._prog
        ms = np.zeros(len(ws), dtype=np.int64)
        for k in range(self.K):
            w = ws[ptr[k]:ptr[k + 1]]
            if not w.size:
                continue
            unit = np.abs(w).min()
            ratio = w / unit
            if np.abs(ratio - np.round(ratio)).max() > 1e-12 or np.abs(ratio).max() > 64:
                raise NotGaussian("exact ranks need the coefficients of each generator to be small integer "
                                  "multiples of one another")
            ms[ptr[k]:ptr[k + 1]] = np.round(ratio).astype(np.int64)
        M = max(sizes)
        ts = rng.integers(0, p, size=M, dtype=np.int64)
        G0 = np.rint(self.G0).astype(np.int64)
        out = _kg.exact_tangent_ranks(G0, ts, self.K, ptr, ps, qs, ms, np.int64(p))
        return [int(out[m]) for m in sizes]

    def qfi(self, theta) -> np.ndarray:
        """Quantum Fisher information F_ij = (1/4) Tr(D_i^T D_j) (exact for pure Gaussian states)."""
        D = self.tangents(theta)
        F = 0.25 * (D @ D.T)
        return (F + F.T) / 2

    def hessian(self, theta, observable) -> np.ndarray:
        """Exact Hessian of <O>: H_ij = -(1/4) Tr([o, k_j] [k_i, G]) for i <= j."""
        theta = self._check(theta)
        om = self.observable(observable).matrix
        G, k = self._final_generators(theta)
        M = len(k)
        D = (k @ G - G @ k).reshape(M, -1)
        C = (om @ k - k @ om).reshape(M, -1)  # antisymmetric, so Tr(C D) = -sum C * D
        A = 0.25 * (C @ D.T)  # A[j, i] = -(1/4) Tr(C_j D_i)
        upper = np.triu(A.T)
        return upper + np.triu(upper, 1).T

    def ground_energy(self, observable) -> float:
        """The smallest energy of a quadratic observable in the initial state's parity sector (the
        circuit never leaves it)."""
        return sector_ground_energy(self.observable(observable), self.parity)

    def least_squares(self, observable):
        """(residual, jacobian) with <O>(theta) - E0 = |residual(theta)|^2 exactly, E0 the sector's ground
        energy (`ground_energy`): the energy as a sum of squares, for Gauss-Newton.

        In the real Schur basis W of o, mode k has energy |l_k| / 2 and the ground state the covariance
        G* = W (+)_k s_k J W^T (s_k = -sign l_k). For a pure state (G orthogonal) each mode's occupation
        (1 - s_k Y_2k,2k+1) / 2, Y = W^T G W, is a quarter of the squared norm of rows 2k, 2k+1 of
        Y - W^T G* W, so <O> - E0 = sum_a w_a^2 |row_a of (Y - Y*)|^2 with w_a^2 = |l_k| / 8 on both rows
        of mode k; Y - Y* is antisymmetric, so this is sum_(a<b) (w_a^2 + w_b^2) (Y - Y*)_ab^2: the
        residual is the upper triangle, weighted, and its Jacobian the same map applied to the tangents
        W^T D_j W (`tangents` in the basis W^T). Refused (NotGaussian) when the sector's ground state has
        the smallest mode excited (the other parity), where the energy is not such a sum."""
        h = self.observable(observable).matrix
        d = h.shape[0]
        W, modes, parity = normal_modes(h)
        w2 = np.zeros(d)
        target = np.zeros((d, d))
        for i, lam in modes:
            if lam:
                s = -np.sign(lam)
                target[i, i + 1], target[i + 1, i] = s, -s
                w2[i] = w2[i + 1] = abs(lam) / 8
        if parity not in (0.0, self.parity) and np.any(w2):
            raise NotGaussian("Gauss-Newton needs the ground state of the initial state's parity sector to be the "
                              "mode vacuum; here that sector's ground state has a mode excited")
        rows, cols = np.triu_indices(d, 1)
        c = np.sqrt(w2[rows] + w2[cols])
        Wt = np.ascontiguousarray(W.T)

        def residual(theta) -> np.ndarray:
            Y = Wt @ self.covariance(theta) @ W - target
            return c * Y[rows, cols]

        def jacobian(theta) -> np.ndarray:
            A = self._half_tangents(theta, Wt)  # W^T D_j W = A_j - A_j^T
            return np.ascontiguousarray(((A[:, rows, cols] - A[:, cols, rows]) * c).T)

        return residual, jacobian

    def energies(self, thetas: np.ndarray, observable) -> np.ndarray:
        """<O> for each row of `thetas` (Monte Carlo)."""
        o = self.observable(observable)
        thetas = np.ascontiguousarray(thetas, dtype=float)
        if self.disjoint:
            om = o.matrix
            rows = np.flatnonzero(np.abs(om).sum(axis=1))
            if 2 * rows.size <= om.shape[0]:  # a local observable: evolve its rows backwards (Heisenberg)
                return _kg.covariance_energies_rows(self.G0, rows, np.ascontiguousarray(om[np.ix_(rows, rows)]),
                                                    thetas, self.K, *self._prog) + o.const
            return _kg.covariance_energies(self.G0, om, thetas, self.K, *self._prog) + o.const
        return np.array([self.expectation(t, o) for t in thetas])
