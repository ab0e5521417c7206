"""Exact symbolic closure with sympy, an independent check of the fast engines.

Builds the 2^n x 2^n matrices iH_k exactly (rationals, sqrt(2), ... stay
exact) and closes them by right-nested commutators [iH_k, X], keeping the
span in echelon form. Anti-Hermitian matrices are linearly independent over
the reals iff they are over the complex numbers (apply the adjoint to a
complex relation), so the elimination runs over the exact complex field that
sympy constructs for the entries. Only for n <= MAX_QUBITS: the cost is
O(dim * K * 8^n) exact operations.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import reduce

import sympy
from sympy.polys.constructor import construct_domain
from sympy.polys.domains import QQ_I
from sympy.polys.matrices import DomainMatrix

from .errors import SizeLimitError
from .sums import PauliSum

MAX_QUBITS = 3

_PAULI = {
    "I": sympy.Matrix([[1, 0], [0, 1]]),
    "X": sympy.Matrix([[0, 1], [1, 0]]),
    "Y": sympy.Matrix([[0, -sympy.I], [sympy.I, 0]]),
    "Z": sympy.Matrix([[1, 0], [0, -1]]),
}


def check_size(n_qubits: int) -> None:
    if n_qubits > MAX_QUBITS:
        raise SizeLimitError(f"the symbolic check works up to {MAX_QUBITS} qubits; this input has {n_qubits} "
                             f"(run without --check)")


def pauli_matrix(label: str) -> sympy.Matrix:
    """Exact matrix of a dense label, qubit 0 the most significant tensor factor."""
    return reduce(sympy.kronecker_product, (_PAULI[c] for c in label))


def generator_matrix(gen: PauliSum) -> sympy.Matrix:
    """Exact i*H for a Hermitian Pauli sum H."""
    out = sympy.zeros(2 ** gen.n, 2 ** gen.n)
    for c, label in zip(gen.coeffs, gen.strings.labels()):
        out += sympy.I * c * pauli_matrix(label)
    return out


@dataclass
class SymbolicAlgebra:
    dim: int
    basis: list  # sympy matrices i*H spanning the algebra
    seconds: float


def symbolic_closure(generators: list[PauliSum]) -> SymbolicAlgebra:
    """Exact DLA of the generators by sympy arithmetic (n <= MAX_QUBITS).

    >>> from liealg import parse_generators
    >>> symbolic_closure(parse_generators("XXI\\nIXX\\nZII\\nIZI\\nIIZ")).dim
    15
    """
    start = time.perf_counter()
    n = generators[0].n
    check_size(n)
    mats = [generator_matrix(g) for g in generators]
    entries = [e for m in mats for e in m if e != 0]
    domain = QQ_I
    if not all(_is_gaussian_rational(e) for e in entries):
        domain, _ = construct_domain(entries, extension=True)
    gens = [DomainMatrix.from_Matrix(m).convert_to(domain) for m in mats]
    pivots: list[tuple[int, list]] = []  # (pivot column, normalized row)
    basis: list[DomainMatrix] = []

    def add(mat: DomainMatrix) -> bool:
        vec = [e for row in mat.to_list() for e in row]
        for col, row in pivots:
            f = vec[col]
            if f:
                vec = [a - f * b for a, b in zip(vec, row)]
        lead = next((k for k, e in enumerate(vec) if e), None)
        if lead is None:
            return False
        inv = domain.quo(domain.one, vec[lead])
        pivots.append((lead, [e * inv for e in vec]))
        basis.append(mat)
        return True

    queue = [g for g in gens if add(g)]
    while queue:
        x = queue.pop()
        for g in gens:
            c = g.matmul(x) - x.matmul(g)
            if add(c):
                queue.append(c)
    seconds = time.perf_counter() - start
    return SymbolicAlgebra(len(basis), [b.to_Matrix() for b in basis], seconds)


def _is_gaussian_rational(e) -> bool:
    re, im = e.as_real_imag()
    return re.is_Rational and im.is_Rational
