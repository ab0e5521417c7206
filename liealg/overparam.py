"""Overparametrization, trainability and loss variance of periodic QNNs.

Larocca et al., "Theory of overparametrization in quantum neural networks",
Nat. Comput. Sci. 3, 542 (2023): the rank of the quantum Fisher information of
U(theta)|psi> over M parameters is at most R = dim g - dim{X in g: [X, rho] = 0}
(the dimension of the orbit of rho under the dynamical Lie group), and it
saturates at R once M passes a critical M_c; then (and only then) gradient
descent typically reaches the global minimum of a loss (a computational phase
transition). Ragone et al., Nat. Commun. 15, 7172 (2024): for a deep circuit
Var[<O>] = sum_j P_gj(rho) P_gj(O) / dim g_j over the simple ideals g_j of g
(the center contributes none), with g-purities P_g(A) = sum_k |Tr(B_k^dag A)|^2
for an orthonormal basis B_k of g; valid when O or rho lies in i*g.

Functions: `orbit_dimension` (exact), `qfi_rank_sweep`, `train`, `variance`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .closure import DEFAULT_MAX_DIM, as_generators, lie_closure
from .errors import AlgebraTooLargeError, EngineError
from .kernels import statevec as _sv
from .qnn import MAX_QUBITS, Operator, _as_operator, initial_state, parity, pauli_masks, product_state
from .span import rref_dense_mod

#: engines that give the Jacobian T (F = T T^T, free fermions) count a singular value of T above
#: TANGENT_RTOL times the largest: T is accurate to ~1e-16 relative, and the smallest genuine singular
#: values of deep random circuits reach 1e-12 (checked in extended precision at n = 60)
TANGENT_RTOL = 1e-14
RTOL = 1e-8  # an eigenvalue of the QFI counts when it exceeds RTOL times the largest ...
#: ... and this absolute floor times the scale of the matrix (M max_k |H_k|^2 for the QFI, with |H| the
#: 1-norm of the Pauli coefficients): rounding noise of a matrix that is exactly zero stays below it
NOISE_FLOOR = 1e-11
#: variance with the default depth doubles it until the Monte Carlo estimate agrees with half the depth, at most
#: this many times (random local circuits can mix slowly: matchgate chains need ~4 n^2 layers)
DEPTH_DOUBLINGS = 6
#: a training run counts as converged (its Hessian is taken) when |grad| <= GTOL |O| max_k |H_k|
GTOL = 1e-6


# --- the orbit dimension R -------------------------------------------------------------
def orbit_dimension(alg, state) -> int:
    """R = dim g - dim{X in g : [X, |psi><psi|] = 0}, the bound on the QFI rank.

    Exact for computational basis states and |+>^n (rational arithmetic modulo two
    primes on the vectors (1 - |psi><psi|) X |psi>); numerical (SVD, relative
    tolerance 1e-9) for other state vectors.

    >>> import liealg
    >>> alg = liealg.lie_closure(["ZZIII + IZZII + IIZZI + IIIZZ", "XIIII + IXIII + IIXII + IIIXI + IIIIX"])
    >>> alg.dim, orbit_dimension(alg, "plus")      # TFIM HVA, open chain: n^2 and floor(n^2/2)
    (25, 12)
    """
    product = product_state(state, alg.n_qubits)
    if product is None:
        psi = initial_state(state, alg.n_qubits)
        product = _recognize_product(psi, alg.n_qubits)
    if product is not None:
        return _orbit_dimension_exact(alg, None if product == "+" else product)
    return _orbit_dimension_float(alg, psi)


def _recognize_product(psi: np.ndarray, n: int) -> str | None:
    """'+' or the bit string when psi is |+>^n or a basis state up to a global phase (to 1e-12)."""
    k = int(np.argmax(np.abs(psi)))
    v = psi * (np.conj(psi[k]) / abs(psi[k]))
    basis = np.zeros_like(v)
    basis[k] = 1
    if np.linalg.norm(v - basis) <= 1e-12:
        return format(k, f"0{n}b")
    if np.linalg.norm(v - 1 / np.sqrt(v.size)) <= 1e-12:
        return "+"
    return None


def _orbit_dimension_exact(alg, bits: str | None) -> int:
    """Basis state |bits> (or |+>^n when bits is None, by conjugating with H^n).

    Pauli algebras: counted from the strings. Sum algebras closed over GF(p): the rank, modulo
    each prime of the closure, of the vectors (1 - |psi><psi|) iX|psi> for the echelon rows X of
    the closure mod p (any coefficient field; the largest rank over the primes, which never
    exceeds the true one and equals it for all but finitely many primes). A single generator:
    exact sympy arithmetic. Float-method algebras go to the float path.
    """
    from .span import ModSpan

    if alg.is_pauli_algebra:
        return _orbit_dimension_strings(alg.basis.keys, bits is None)
    b = int(bits, 2) if bits else 0
    if alg.elements is not None:  # one generator: R is 0 or 1
        from .coefficients import is_zero

        h = alg.elements[0]
        row = _orbit_row(h.keys, h.coeffs, alg.n_qubits, b, bits is None, lambda v: v)
        return int(any(not is_zero(v) for v in row.values() if v != 0))
    spans = [s for s in alg.spans if isinstance(s, ModSpan)]
    if not spans:
        return _orbit_dimension_float(alg, initial_state("plus" if bits is None else bits, alg.n_qubits))
    best = 0
    for span in spans:
        p = span.p
        col_of: dict = {}
        entries = []
        for r in range(span.dim):
            cols, vals = span.row(r)
            row = _orbit_row(alg.registry.keys_of(cols), vals, alg.n_qubits, b, bits is None, int)
            entries.append([(col_of.setdefault(k, len(col_of)), v % p) for k, v in row.items() if v % p])
        if col_of:
            mat = np.zeros((len(entries), len(col_of)), dtype=np.int64)
            for i, row in enumerate(entries):
                for c, v in row:
                    mat[i, c] = v
            best = max(best, len(rref_dense_mod(mat, p)[1]))
    return best


def _orbit_row(keys, coeffs, n: int, b: int, plus: bool, conv) -> dict:
    """(1 - |b><b|) iH|b> for H = sum coeffs P (in the Hadamard frame when `plus`), as
    {(target basis state, real/imaginary part): coefficient}."""
    x, z, ny = pauli_masks(np.asarray(keys), n)
    if plus:  # H^n P H^n = (-1)^ny P with X and Z swapped; then act on |0...0>
        x, z = z, x
    row: dict = {}
    for xc, zc, nyc, coeff in zip(x, z, ny, coeffs):
        target = int(b ^ xc)
        if target == b:
            continue  # diagonal: |psi> is an eigenvector, projected out
        # i P |b> = i^(ny+1) (-1)^popcount(b & z) |b ^ x>  (times (-1)^ny for the Hadamard frame)
        power = int(nyc) + 1
        sign = (-1) ** (bin(b & int(zc)).count("1") + (int(nyc) if plus else 0))
        sign *= 1 if power % 4 in (0, 1) else -1
        key = (target, power % 2)
        row[key] = row.get(key, 0) + sign * conv(coeff)
    return row


def _orbit_dimension_strings(keys: np.ndarray, plus: bool) -> int:
    """For an algebra spanned by strings iP: iP|b> = phase |b ^ x>, real or imaginary as ny is odd or
    even, so R counts the distinct (x != 0, ny mod 2); for |+>^n, x is the Z mask (Hadamard frame)."""
    w = keys.shape[1] // 2
    x, z = keys[:, :w], keys[:, w:]
    flip = z if plus else x
    ny_parity = parity(np.bitwise_xor.reduce(x & z, axis=1))
    moving = np.any(flip != 0, axis=1)
    pairs = np.concatenate([flip[moving], ny_parity[moving, None]], axis=1)
    return int(len(np.unique(pairs, axis=0))) if len(pairs) else 0


def _orbit_dimension_float(alg, psi: np.ndarray) -> int:
    """Rank of the vectors (1 - |psi><psi|) iH |psi>: singular values above 1e-9 of the largest and
    above the rounding floor NOISE_FLOOR max|H| (so a state fixed by g gives 0, not noise)."""
    vecs, scale = [], 0.0
    for h in alg.basis_sums():
        scale = max(scale, float(np.abs(h.float_coeffs).sum()))
        v = 1j * Operator(h).apply(psi)
        v = v - np.vdot(psi, v) * psi
        vecs.append(np.concatenate([v.real, v.imag]))
    if not vecs:
        return 0
    s = np.linalg.svd(np.array(vecs), compute_uv=False)
    return int(np.sum(s > max(1e-9 * s[0], NOISE_FLOOR * scale)))


# --- QFI rank sweep ------------------------------------------------------------------
@dataclass
class RankRow:
    layers: int
    M: int
    rank: int | None  # max over points; None when a point's rank exceeded R (the numerics failed)
    gap: float  # smallest counted / largest uncounted eigenvalue, for the sample reaching `rank`
    ranks: list  # per sample (None where the rank exceeded R)


@dataclass
class SweepResult:
    rows: list[RankRow]
    dim_g: int
    R: int
    K: int
    rtol: float
    seconds: float
    floor: float = 0.0
    notes: list[str] = field(default_factory=list)
    sector: SectorReport | None = None  # the symmetry sector of the initial state, when there is one
    engine: dict | None = None  # the circuit engine and why (liealg.engines.Choice.as_dict)

    @property
    def max_rank(self) -> int | None:
        ranks = [r.rank for r in self.rows if r.rank is not None]
        return max(ranks) if ranks else None

    @property
    def M_c(self) -> int | None:
        """The smallest M at which the max QFI rank reaches its largest value and stays there for at
        least two consecutive depths; None when that is not seen (see `M_c_reason`)."""
        return self._saturation()[0]

    @property
    def M_c_reason(self) -> str:
        return self._saturation()[1]

    def _saturation(self) -> tuple[int | None, str]:
        rows = self.rows
        if any(r.rank is None for r in rows):
            return None, "the numerics failed at some depth (a rank above R)"
        if len(rows) < 2:
            return None, "one depth cannot show saturation; give a range such as --layers 1:10"
        top = self.max_rank
        for a, b in zip(rows, rows[1:]):
            if a.rank == top and b.rank == top:
                return a.M, "saturated"
        return None, "the rank still grows at the largest depth (or never repeats); add layers"

    def as_dict(self) -> dict:
        return {"dim_g": self.dim_g, "R": self.R, "K": self.K, "M_c": self.M_c, "M_c_reason": self.M_c_reason,
                "max_rank": self.max_rank, "noise_floor": self.floor,
                "sector": self.sector.as_dict() if self.sector else None, "engine": self.engine,
                "rtol": self.rtol, "seconds": round(self.seconds, 4), "notes": self.notes,
                "rows": [{"layers": r.layers, "M": r.M, "rank": r.rank, "gap": r.gap, "ranks": r.ranks}
                         for r in self.rows]}


def _rank_and_gap(F: np.ndarray, rtol: float, floor: float) -> tuple[int, float]:
    """Rank of a symmetric matrix and the gap at the cut.

    An eigenvalue counts when |lambda| exceeds both rtol times the largest and the absolute
    `floor` (the rounding noise of a matrix of that scale), so a matrix that is zero to working
    precision has rank 0. The gap is the smallest counted eigenvalue over the largest of the
    first dropped one and the floor (inf when nothing is dropped, or nothing counted).
    """
    w = np.sort(np.abs(np.linalg.eigvalsh(F)))[::-1]
    if w.size == 0:
        return 0, float("inf")
    cut = max(rtol * w[0], floor)
    r = int(np.sum(w > cut))
    if r == 0:
        return 0, float("inf")
    below = w[r] if r < w.size else 0.0
    return r, float(w[r - 1] / max(below, floor))


def _tangent_ranks(T: np.ndarray, sizes: list[int], rtol: float, h: float) -> list[tuple[int, float]]:
    """(rank, gap) of F = T T^T restricted to the first m parameters, for each m in `sizes`.

    One QR of T^T gives all of them: the leading m x m block of its triangular factor has the
    singular values of T[:m]. A singular value counts when it exceeds rtol times the largest
    and the rounding floor 1e-15 sqrt(m) max|H_k|; the gap is reported for the eigenvalues of F
    (the squared ratio of the smallest counted to the largest dropped singular value).
    """
    import scipy.linalg as sla

    Rf = sla.qr(T[: max(sizes)].T, mode="r")[0] if T.size else np.zeros((0, 0))
    out = []
    for m in sizes:
        s = np.linalg.svd(Rf[:m, :m], compute_uv=False) if m else np.zeros(0)
        if s.size == 0 or s[0] == 0:
            out.append((0, float("inf")))
            continue
        floor = 1e-15 * np.sqrt(m) * h
        cut = max(rtol * s[0], floor)
        r = int(np.sum(s > cut))
        if r == 0:
            out.append((0, float("inf")))
            continue
        below = s[r] if r < s.size else 0.0
        out.append((r, float((s[r - 1] / max(below, floor)) ** 2)))
    return out


def _generator_scale(gens) -> float:
    """max_k |H_k|, with |H| the 1-norm of its Pauli coefficients (a bound on the operator norm)."""
    return max(float(np.abs(g.float_coeffs).sum()) for g in gens)


def qfi_rank_sweep(generators, state="plus", layers: Sequence[int] = range(1, 11), points: int = 5,
                   rtol: float | None = None, seed: int = 0, alg=None, progress: Callable | None = None,
                   sectors: bool = True, engine: str = "auto", exact: bool = False) -> SweepResult:
    """Max QFI rank over `points` random parameter points theta for each depth in `layers`, beside
    dim g and R.

    One Jacobian at the largest depth per sample gives every depth: the QFI of the
    first L layers is the leading M x M block of the deeper circuit's QFI (the
    later layers act unitarily on both psi and its derivatives).

    `engine` (auto, statevector, fermion) simulates the circuit (`liealg.engines`). The
    free-fermion engine gives the Jacobian itself (F = T T^T): its rank is taken from the
    singular values of T, to full double precision, and `rtol` (default TANGENT_RTOL) then
    applies to them (the QFI eigenvalues are their squares); the statevector engine takes the
    eigenvalues of F (`rtol` default RTOL).

    `exact` (free-fermion engine): ranks modulo a prime at random rational points instead
    (`FermionQNN.exact_ranks`): no tolerance, each a lower bound of the generic rank that is
    certified when it equals M or R; the gap column is then inf.
    """
    t0 = time.perf_counter()
    gens = as_generators(generators)
    layers = sorted(set(int(x) for x in layers))
    if not layers or layers[0] < 1:
        raise ValueError("layers must be positive integers")
    if points < 1:
        raise ValueError("points must be at least 1")
    if rtol is not None and not (0 < rtol < 1):
        raise ValueError(f"rtol must lie in (0, 1), not {rtol}")
    alg = alg if alg is not None else lie_closure(gens)
    R = orbit_dimension(alg, state)
    from .engines import circuit

    qnn, choice = circuit(gens, layers[-1], state, engine, need="qfi", alg=alg)
    rng = np.random.default_rng(seed)
    K = qnn.K
    h = _generator_scale(gens)
    tangent = hasattr(qnn, "qfi_factor")
    rtol = rtol if rtol is not None else (TANGENT_RTOL if tangent else RTOL)
    per_sample = []
    if exact and not tangent:
        raise EngineError(f"exact QFI ranks come from the free-fermion engine, not the {qnn.engine} engine")
    for s in range(points):
        theta = rng.uniform(0, 2 * np.pi, qnn.n_params)
        if exact:
            per_sample.append([(r, float("inf")) for r in qnn.exact_ranks([L * K for L in layers], rng)])
        elif tangent:
            per_sample.append(_tangent_ranks(qnn.qfi_factor(theta), [L * K for L in layers], rtol, h))
        else:
            F = qnn.qfi(theta)
            per_sample.append([_rank_and_gap(F[: L * K, : L * K], rtol, NOISE_FLOOR * L * K * h * h)
                               for L in layers])
        if progress:
            progress(s + 1, points)
    rows, failed = [], []
    for t, L in enumerate(layers):
        ranks = [ps[t][0] if ps[t][0] <= R else None for ps in per_sample]
        if any(r is None for r in ranks):  # impossible in exact arithmetic: the numerics failed
            failed.append(L)
            rows.append(RankRow(L, L * K, None, float("nan"), ranks))
            continue
        best = int(np.argmax(ranks))
        rows.append(RankRow(L, L * K, ranks[best], per_sample[best][t][1], ranks))
    res = SweepResult(rows, alg.dim, R, K, rtol, time.perf_counter() - t0, NOISE_FLOOR * h * h,
                      engine=choice.as_dict())
    if sectors and qnn.n <= MAX_QUBITS:  # the sector bases are vectors of the 2^n-dimensional space
        res.sector = sector_report(gens, state)
        if res.sector is not None and res.sector.R_V is None:
            res.notes.append("R from g_V is not given: the float closure of the sector disagreed with the exact "
                             "dim g_V")
        elif res.sector is not None and res.sector.R_V != R:  # theory: the same orbit; a mismatch is numerical
            res.notes.append(f"R from g_V ({res.sector.R_V}) differs from the exact R ({R}): the float sector rank "
                             "failed, and is not given")
            res.sector.R_V = None
    if exact:
        res.notes.append("exact ranks modulo 2^31-1 at random rational points: lower bounds of the generic rank "
                         "(equal to it with high probability), certified where they equal M or R")
    else:
        weak = [r.layers for r in rows if r.rank is not None and r.gap < 1e3]
        if weak:
            res.notes.append(f"at L = {', '.join(map(str, weak))} the rank cut has a gap below 1e3, so the rank "
                             "may be low" + (" (--exact-ranks certifies lower bounds)" if tangent else ""))
    if failed:
        res.notes.append(f"at L = {', '.join(map(str, failed))} a QFI rank exceeded R = {R}, which theory "
                         "forbids: those rows are refused (the floating-point rank failed; try another --rtol)")
    if res.M_c is None:
        res.notes.append(f"M_c not determined: {res.M_c_reason}")
    return res


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


OPTIMIZERS = ("lbfgs", "adam", "gauss-newton")


def _least_squares(qnn, op):
    """The engine's energy-as-sum-of-squares form (`FermionQNN.least_squares`), or EngineError."""
    from .errors import EngineError

    if not hasattr(qnn, "least_squares"):
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


def train(generators, hamiltonian, state="plus", layers: Sequence[int] = range(1, 7), inits: int = 50,
          optimizer: str = "lbfgs", tol: float = 1e-3, maxiter: int = 2000, seed: int = 0, lbfgs_memory: int = 10,
          hessian_runs: int = 3, progress: Callable | None = None, engine: str = "auto",
          ground_energy: float | None = None, workers: int = 1) -> TrainResult:
    """VQE from `inits` random initializations per depth; success = E - E0 < tol.

    E0 is `ground_energy` when given, else computed: the exact ground energy of `hamiltonian`
    (statevector and g-sim: dense for <= 10 qubits, else Lanczos, n <= 24; free fermions: the
    smallest energy in the initial state's parity sector, which the circuit never leaves).
    The exact Hessian of the energy is evaluated at the end points of the first
    `hessian_runs` runs per depth that converged (gradient norm <= GTOL |O| max|H_k|):
    away from a critical point its rank says nothing about the landscape. Its rank
    (relative tolerance 1e-6 and the noise floor) is reported as the maximum, None
    when no run converged. `engine`: auto, statevector, fermion or gsim (`liealg.engines`).
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
    from .engines import circuit
    from .qnn import observable_sum

    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}: use one of {', '.join(OPTIMIZERS)}")
    if optimizer == "gauss-newton" and engine == "auto":
        engine = "fermion"  # the one engine with the sum-of-squares form
    t0 = time.perf_counter()
    gens = as_generators(generators)
    ham = observable_sum(hamiltonian, gens[0].n)
    rng = np.random.default_rng(seed)
    layers = sorted(set(int(x) for x in layers))
    total, done = len(layers) * inits, 0
    rows = []
    h = _generator_scale(gens)
    o_norm = float(np.abs(ham.float_coeffs).sum())
    choice, alg, e0 = None, None, ground_energy
    source = "given"
    for L in layers:
        qnn, c = circuit(gens, L, state, engine if choice is None else choice.engine, need="train",
                         observable=ham, alg=alg)
        choice = choice or c
        alg = getattr(qnn, "alg", None)
        op = _as_operator(ham, qnn.n) if qnn.engine == "statevector" else qnn.observable(ham)
        if e0 is None:
            e0 = qnn.ground_energy(ham)
            source = "parity sector of the initial state" if qnn.engine == "fermion" else "whole space"
        residuals, h_rank, converged, examined = [], None, 0, 0
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
        for energy, theta, ok in outcomes:  # in the order of the initializations, whatever the threads did
            residuals.append(max(energy - e0, 0.0))
            if ok:
                converged += 1
                if examined < hessian_runs:
                    examined += 1
                    floor = NOISE_FLOOR * qnn.n_params * o_norm * h * h
                    rank = _rank_and_gap(qnn.hessian(theta, op), 1e-6, floor)[0]
                    h_rank = rank if h_rank is None else max(h_rank, rank)
        res = np.array(residuals)
        rows.append(TrainRow(L, qnn.n_params, float(np.mean(res < tol)), float(np.median(res)), residuals, h_rank,
                             converged))
    return TrainResult(rows, float(e0), tol, optimizer, time.perf_counter() - t0, choice.as_dict() if choice else None,
                       source)


# --- variance --------------------------------------------------------------------------
@dataclass
class VarianceResult:
    predicted: float
    monte_carlo: float | None
    mc_stderr: float | None
    ideals: list[dict]  # name, dim, purity_state, purity_observable, contribution
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


def variance(generators, state, observable, circuits: int = 1000, depth: int | None = None, seed: int = 0,
             alg=None, max_dim: int = DEFAULT_MAX_DIM, engine: str = "auto") -> VarianceResult:
    """Predicted Var[<O>] from g-purities (Ragone et al.) and a Monte Carlo estimate beside it.

    The Monte Carlo estimate samples theta uniformly in [0, 2pi)^M for `circuits` deep
    circuits of `depth` layers; `circuits=0` skips it. It is repeated at half the depth, and
    a difference beyond three standard errors means the circuits have not mixed over the
    group: the default depth (enough that M >= 4 dim g + 20) then doubles until the two agree
    within two standard errors (at most DEPTH_DOUBLINGS times); an explicit `depth` gets a note
    instead.
    The circuits run on `engine` (auto, statevector, fermion, gsim; `liealg.engines`). Purities of
    product states need no statevector (a Pauli string's expectation is a product), and a
    simple Pauli-string algebra needs no structure constants (its strings are an orthogonal
    basis of its only ideal), so the prediction runs at any n for those.
    """
    from .qnn import observable_sum

    if circuits == 1 or circuits < 0:
        raise ValueError("circuits must be 0 (prediction only) or at least 2 (one circuit has no variance)")
    t0 = time.perf_counter()
    gens = as_generators(generators)
    n = gens[0].n
    alg = alg if alg is not None else lie_closure(gens, max_dim=max_dim)
    obs = observable_sum(observable, n)
    product = product_state(state, n) if isinstance(state, str) else None
    if product is None and n > MAX_QUBITS:
        raise ValueError(f"a {n}-qubit state other than a product state needs a statevector (n <= {MAX_QUBITS})")
    ideals, predicted, in_alg_o, in_alg_rho = _purity_prediction(alg, gens, obs, state, product, seed)
    mc = stderr = None
    L0 = max(2, int(np.ceil((4 * alg.dim + 20) / len(gens))))
    L = depth or L0
    choice = None
    if circuits:
        from .engines import circuit

        rng = np.random.default_rng(seed)
        qnn, choice = circuit(gens, L, state, engine, need="expectation", observable=obs, alg=alg)
        op = qnn.observable(obs) if qnn.engine != "statevector" else _as_operator(obs, n)

        def estimate(layers: int) -> tuple[float, float]:
            """(variance, its standard error) over `circuits` random circuits of `layers` layers."""
            M = layers * len(gens)
            thetas = rng.uniform(0, 2 * np.pi, (circuits, qnn.n_params)) * (np.arange(qnn.n_params) < M)
            v = float(np.var(qnn.energies(thetas, op), ddof=1))
            return v, v * float(np.sqrt(2.0 / max(circuits - 1, 1)))

        def moved(a, b, z: float = 3.0) -> bool:
            return abs(a[0] - b[0]) > z * np.hypot(a[1], b[1])

        # the same estimate at half the depth: a clear difference means the circuits have not mixed yet; by
        # default the depth doubles until the two agree (up to DEPTH_DOUBLINGS times)
        half, full = estimate(max(1, L // 2)), estimate(L)
        doublings = 0
        while depth is None and moved(half, full, 2.0) and doublings < DEPTH_DOUBLINGS:
            L, doublings = 2 * L, doublings + 1
            qnn, _ = circuit(gens, L, state, choice.engine, need="expectation", observable=obs, alg=alg)
            op = qnn.observable(obs) if qnn.engine != "statevector" else _as_operator(obs, n)
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
        from .classification import classify_closed, graph_classification

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
        ideals = [{"name": simple.name, "dim": simple.dim, "purity_state": p_rho, "purity_observable": p_o,
                   "contribution": contrib}]
        return ideals, contrib, abs(p_o - norm_o) <= 1e-9 * max(norm_o, 1.0), abs(p_rho - (1.0 - 1.0 / N)) <= 1e-9
    from .structure import ideal_bases

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
        ideals.append({"name": ideal.name, "dim": ideal.dim, "purity_state": pur["rho"],
                       "purity_observable": pur["O"], "contribution": contrib})
    in_alg_o = abs(total["O"] - norm_o) <= 1e-9 * max(norm_o, 1.0)
    # the identity part of rho is never in i*g: test its traceless part, of purity 1 - 1/2^n
    in_alg_rho = abs(total["rho"] - (1.0 - 1.0 / N)) <= 1e-9
    return ideals, predicted, in_alg_o, in_alg_rho


def _product_or_statevector_expectations(keys, n: int, state, product) -> np.ndarray:
    if product is not None:
        from .gsim import product_expectations

        return product_expectations(keys, n, product)
    return _sv.expectations(initial_state(state, n), *pauli_masks(keys, n))


# --- symmetry sectors ----------------------------------------------------------------------------
@dataclass
class SectorReport:
    """The sector V of the generators' symmetries that the initial state lies in, dim V, dim g_V (exact)
    and R_V = dim g_V - dim{X in g_V : [X, rho] = 0} (float, on an orthonormal sector basis), which
    equals R: the orbit of rho only sees g_V."""

    sector: dict
    subspace_dim: int
    dim_g_V: int
    R_V: int | None  # None when the float closure of the sector disagrees with the exact dim g_V
    engine: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def sector_report(generators, state) -> SectorReport | None:
    """SectorReport for a product state ('plus', 'zero', '0101') in a sector of the generators'
    symmetries; None when the state lies in no such sector (or the generators have none)."""
    from .dense_closure import close_float
    from .sector_closure import sector_closure
    from .sectors import coordinates, sector_problem, state_sector, symmetries

    gens = as_generators(generators)
    n = gens[0].n
    if n > 62:
        return None
    sec = state_sector(state, n, symmetries(gens))
    if sec is None:
        return None
    exact = sector_closure(gens, sec)
    problem = sector_problem(gens, sec)
    psi = initial_state(state, n)
    coords = [coordinates(b, psi) for b in problem.blocks]
    if abs(sum(float(np.vdot(c, c).real) for c in coords) - 1.0) > 1e-9:
        return None  # not in the sector after all
    try:
        flt = close_float(problem, max_dim=exact.dim)  # more elements than the exact dim: rounding, stop
    except AlgebraTooLargeError:
        flt = None
    if flt is None or len(flt.spans[0]) != exact.dim:  # the float basis of g_V is not trustworthy: no R_V
        return SectorReport(sec.keys, exact.subspace_dim, exact.dim, None, exact.engine)
    layout = flt.blocks_layout
    vecs = []
    for q in flt.spans[0]:
        parts = []
        for b, c in enumerate(coords):
            d = problem.blocks[b].dim
            Xb = q[layout.offsets[b]:layout.offsets[b + 1]].reshape(d, d)
            parts.append(Xb @ c)
        v = np.concatenate(parts)
        psi_v = np.concatenate(coords)
        v = v - np.vdot(psi_v, v) * psi_v
        vecs.append(np.concatenate([v.real, v.imag]))
    R_V = 0
    if vecs:
        s = np.linalg.svd(np.array(vecs), compute_uv=False)
        R_V = int(np.sum(s > max(1e-9 * s[0], NOISE_FLOOR)))
    return SectorReport(sec.keys, exact.subspace_dim, exact.dim, R_V, exact.engine)
