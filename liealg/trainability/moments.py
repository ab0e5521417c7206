"""Exact first and second moments of <O> over deep circuits, for any state and observable.

A deep circuit's unitary is distributed as the Haar measure on the group G = exp(g); averaging U X U^dag
over it is the orthogonal (Hilbert-Schmidt) projection onto the commutant of g, and averaging
(U (x) U) Y (U (x) U)^dag the projection onto the commutant of the doubled action X (x) 1 + 1 (x) X
on H (x) H (2n qubits). With an exact basis C_i of a commutant (`liealg.structure.commutant`) and its
Gram matrix G_ij = tr(C_i C_j) (for Pauli sums, 2^m times the dot product of their coefficients),

    E[<O>]   = sum_ij tr(O C_i) (G^-1)_ij tr(C_j rho),
    E[<O>^2] = sum_ij tr((O (x) O) D_i) (G2^-1)_ij tr(D_j (rho (x) rho)),

and Var = E[<O>^2] - E[<O>]^2. Rational throughout for rational O and a product state (a bit string,
zero, plus), solved over Q; a state vector makes the traces with rho float. This holds for every rho
and O, where the g-purity formula (Ragone et al.) needs O or rho in i*g (and where, Diaz et al.,
arXiv:2310.11505, the algebra alone does not decide the variance).

Where the doubled system's commutant has no exact basis (beyond MAX_QUBITS, or too many elements, e.g. the
Heisenberg chain of 4 with 3,166), the second moment comes from the isotypic classes of End(H) under ad g
(`liealg.structure.operators`, n <= COMPONENT_QUBITS): E[<O>^2] = sum_nu |R_nu O_nu^dag|^2 / d_nu by Schur
orthogonality, in floats (`exact` False); the mean stays exact and must equal the trivial class's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from liealg.errors import SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state, product_state
from liealg.modp import crt_reconstruct, rref_dense_mod, to_mod
from liealg.structure.commutant import WHOLE_QUBITS, commutant
from liealg.structure.isotypic import component_spaces, dense_matrix
from liealg.structure.operators import operator_isotypic, second_moment
from liealg.sums import PauliSum

#: the doubled system has 2n qubits: its whole commutant is solved up to WHOLE_QUBITS of them
MAX_QUBITS = WHOLE_QUBITS // 2
#: beyond it, the second moment comes from the isotypic classes of End(H), up to the exact first moment's limit
COMPONENT_QUBITS = WHOLE_QUBITS
#: Gram systems up to this size are solved over Q (modulo primes); larger ones in float64 (reported)
EXACT_SOLVE = 3000
#: a float64 solve of the Gram system is refused beyond this condition number
MAX_CONDITION = 1e10
#: primes tried for one exact solve
MAX_SOLVE_PRIMES = 12


@dataclass
class Moments:
    """Deep-circuit moments of <O>: mean, second moment and variance (Fractions when exact)."""

    mean: Fraction | float
    second: Fraction | float
    variance: Fraction | float
    exact: bool
    commutant_dims: tuple[int, int]  # (first-moment commutant, second-moment commutant on 2n qubits)
    certificate: dict = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        out = {k: (str(v) if isinstance(v, Fraction) else v) for k, v in self.__dict__.items()}
        out.update({"mean_float": float(self.mean), "variance_float": float(self.variance)})
        return out


def doubled(gens: list[PauliSum]) -> list[PauliSum]:
    """H (x) 1 + 1 (x) H on 2n qubits for each generator H (copy 1 on qubits 0..n-1)."""
    n = gens[0].n
    out = []
    for g in gens:
        x, z = g.keys[:, 0].astype(np.uint64), g.keys[:, 1].astype(np.uint64)
        shift = np.uint64(n)
        keys = np.concatenate([np.stack([x, z], axis=1), np.stack([x << shift, z << shift], axis=1)])
        out.append(PauliSum(2 * n, keys, list(g.coeffs) * 2))
    return out


def exact_moments(generators, state, observable, *, n_qubits: int | None = None) -> Moments:
    """E[<O>], E[<O>^2] and Var[<O>] over deep circuits of the generators, exactly (module docstring).

    Example:
        >>> m = exact_moments(["XXI + YYI + ZZI", "IXX + IYY + IZZ"], "010", "ZII")
        >>> m.mean, m.variance        # spin 3/2 and spin 1/2 components both reached
        (Fraction(1, 3), Fraction(64, 243))
    """
    t0 = time.perf_counter()
    gens = as_generators(generators, n_qubits)
    n = gens[0].n
    if n > COMPONENT_QUBITS:
        raise SizeLimitError(f"second moments are found up to {COMPONENT_QUBITS} qubits (the doubled system's "
                             f"commutant up to {MAX_QUBITS}, the components of End(H) beyond), not {n}")
    obs = _observable(observable, n)
    c1 = commutant(gens)
    if c1.basis is None:
        raise UncertifiedError(f"the first-moment commutant has no exact basis: {c1.basis_note}")
    expect = _expectations(state, n)
    o1 = [_trace_product(obs, b, n) for b in c1.basis]
    r1 = [expect(b) for b in c1.basis]
    mean, exact1 = _project(c1.basis, o1, r1, 1 << n)
    c2 = commutant(doubled(gens)) if n <= MAX_QUBITS else None
    if c2 is None or c2.basis is None:
        why = (f"the doubled system's commutant has no exact basis ({c2.basis_note})" if c2 is not None
               else f"the doubled system has {2 * n} qubits, beyond the exact commutant's {2 * MAX_QUBITS}")
        return _by_components(gens, state, obs, c1, mean, exact1, why, t0)
    oo = _tensor_square(obs)
    o2 = [_trace_product(oo, b, 2 * n) for b in c2.basis]
    r2 = [_pair_expectation(expect, b, n) for b in c2.basis]
    second, exact2 = _project(c2.basis, o2, r2, 1 << (2 * n))
    exact = exact1 and exact2 and all(isinstance(v, Fraction) for v in r1 + r2)
    if not exact:
        mean, second = float(mean), float(second)
    cert = {"first_commutant": c1.certificate, "second_commutant": c2.certificate,
            "solve": "over Q" if exact else "float64 (a state vector, or a Gram matrix beyond EXACT_SOLVE)"}
    return Moments(mean, second, second - mean * mean, exact, (c1.dim, c2.dim), cert, time.perf_counter() - t0)


def _by_components(gens, state, obs: PauliSum, c1, mean, exact1: bool, why: str, t0: float) -> Moments:
    """The second moment from the isotypic classes of End(H) (`liealg.structure.operators`), in floats; the
    mean exact from the first-moment commutant and checked against the trivial class's."""
    n = gens[0].n
    _, spaces = component_spaces(gens, None, com=c1)
    dec = operator_isotypic(spaces)
    psi = initial_state(state, n)
    mean_f, second = second_moment(dec, np.outer(psi, psi.conj()), dense_matrix(obs))
    scale = max(float(np.abs(np.array(obs.float_coeffs)).sum()), 1.0)
    if abs(mean_f - float(mean)) > 1e-8 * scale:
        raise UncertifiedError(f"the mean from End(H)'s trivial class ({mean_f:.12g}) differs from the exact one "
                               f"({float(mean):.12g})")
    mean_v = mean if exact1 else float(mean)
    variance = second - float(mean) ** 2
    if abs(variance) <= 1e-12 * scale * scale:
        variance = 0.0
    cert = {"first_commutant": c1.certificate, "second": "isotypic classes of End(H) under ad g (float)",
            "why not exact": why, "operator_classes": len(dec.classes), **dec.certificate,
            "mean": "exact over Q" if exact1 else "float64"}
    return Moments(mean_v, second, variance, False, (c1.dim, dec.commutant_dim), cert, time.perf_counter() - t0)


def _observable(observable, n: int) -> PauliSum:
    if isinstance(observable, PauliSum):
        return observable
    sums = as_generators(observable, n, allow_identity=True)
    if len(sums) == 1:
        return sums[0]
    keys = np.concatenate([s.keys for s in sums])
    return PauliSum(n, keys, [c for s in sums for c in s.coeffs])


def _coefficients(s: PauliSum) -> dict[bytes, Fraction]:
    return {k.tobytes(): c for k, c in zip(s.keys, s.coeffs)}


def _trace_product(a: PauliSum, b: PauliSum, m: int) -> Fraction:
    """tr(A B) for Hermitian Pauli sums on m qubits: 2^m sum_P a_P b_P."""
    ca = _coefficients(a)
    return (1 << m) * sum((ca[k.tobytes()] * v for k, v in zip(b.keys, b.coeffs) if k.tobytes() in ca), Fraction(0))


def _tensor_square(o: PauliSum) -> PauliSum:
    n = o.n
    x, z = o.keys[:, 0], o.keys[:, 1]
    shift = np.uint64(n)
    keys = np.stack([(x[:, None] | (x[None, :] << shift)).ravel(), (z[:, None] | (z[None, :] << shift)).ravel()],
                    axis=1)
    coeffs = [a * b for a in o.coeffs for b in o.coeffs]
    return PauliSum(2 * n, keys, coeffs)


def _expectations(state, n: int):
    """<psi|A|psi> for Pauli sums A: exact for product states (a string's expectation is a sign or 0),
    float from the state vector otherwise."""
    product = product_state(state, n) if isinstance(state, str) else None
    if product == "+":
        def string(x: int, z: int) -> int:
            return 1 if z == 0 else 0
    elif product is not None:
        bits = sum(1 << q for q, ch in enumerate(product) if ch == "1")

        def string(x: int, z: int) -> int:
            return 0 if x else (-1 if bin(bits & z).count("1") & 1 else 1)
    else:
        psi = initial_state(state, n)

        def sum_value(a: PauliSum) -> float:
            return float(np.real(np.vdot(psi, dense_matrix(a) @ psi)))

        sum_value.string, sum_value.psi = None, psi
        return sum_value

    def sum_value(a: PauliSum) -> Fraction:
        return sum((c * string(int(k[0]), int(k[1])) for k, c in zip(a.keys, a.coeffs)), Fraction(0))

    sum_value.string = string
    return sum_value


def _pair_expectation(expect, d: PauliSum, n: int):
    """<psi psi| D |psi psi> for a Pauli sum D on 2n qubits."""
    if expect.string is None:  # a state vector: through the dense product state (copy 1 the high qubits)
        pp = np.kron(expect.psi, expect.psi)
        return float(np.real(np.vdot(pp, dense_matrix(d) @ pp)))
    mask = (1 << n) - 1
    s = expect.string
    total = Fraction(0)
    for k, c in zip(d.keys, d.coeffs):
        x, z = int(k[0]), int(k[1])
        a = s(x & mask, z & mask)
        if a:
            total += c * a * s(x >> n, z >> n)
    return total


def _project(basis: list[PauliSum], o: list, r: list, dim: int):
    """o^T G^-1 r with G_ij = tr(C_i C_j) = dim * (coefficient dot product): (value, over Q?). The basis
    elements have coprime integer coefficients, so the dot products are an integer matrix."""
    import scipy.sparse as sp

    from liealg.kernels.hashset import row_keys

    m = len(basis)
    keys = np.concatenate([b.keys for b in basis])
    _, cols = np.unique(row_keys(keys), return_inverse=True)
    rows = np.repeat(np.arange(m), [len(b) for b in basis])
    vals = np.array([int(c) for b in basis for c in b.coeffs], dtype=np.int64)
    B = sp.csr_matrix((vals, (rows, cols.ravel())), shape=(m, int(cols.max()) + 1))
    G = (B @ B.T).toarray().astype(np.int64)
    if m <= EXACT_SOLVE and all(isinstance(v, Fraction) for v in r):
        value = _solve_exact(G, o, r)
        if value is not None:
            return value / dim, True
    Gf = G.astype(float)
    if np.linalg.cond(Gf) > MAX_CONDITION:
        raise UncertifiedError(f"the Gram matrix of the commutant (dimension {m}) is too ill-conditioned for a "
                               "float64 solve")
    y = np.linalg.solve(Gf, np.array([float(v) for v in r]))
    return float(np.dot([float(v) for v in o], y)) / dim, False


def _solve_exact(G: np.ndarray, o: list[Fraction], r: list[Fraction]) -> Fraction | None:
    """o^T G^-1 r over Q: solved modulo primes below 2^31 (Gauss-Jordan on [G | r]), the scalar CRT-combined
    and rationally reconstructed until one more prime confirms it; None if that does not happen within
    MAX_SOLVE_PRIMES primes (or G is singular modulo every prime tried)."""
    import sympy

    m = len(G)
    residues, value, p = [], None, 1 << 31
    for _ in range(MAX_SOLVE_PRIMES):
        p = int(sympy.prevprime(p))
        try:
            aug = np.concatenate([G % p, np.array([[to_mod(b, p)] for b in r], dtype=np.int64)], axis=1)
            ov = np.array([to_mod(v, p) for v in o], dtype=np.int64)
        except ZeroDivisionError:
            continue
        reduced, pivots = rref_dense_mod(aug, p)
        if pivots != list(range(m)):
            continue  # singular modulo p
        y = reduced[:, m]
        t = int(sum(int(a) * int(b) % p for a, b in zip(ov, y)) % p)
        if value is not None and (value.numerator - t * value.denominator) % p == 0:
            return value  # the reconstruction from the earlier primes holds modulo this one too
        residues.append((p, t))
        value = crt_reconstruct([u for _, u in residues], [q for q, _ in residues])
    return None
