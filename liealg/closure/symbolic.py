"""Exact symbolic closure with sympy, an independent check of the fast engines.

Builds the 2^n x 2^n matrices iH_k exactly (rationals, sqrt(2), ... stay
exact) and closes them by right-nested commutators [iH_k, X], keeping the
span in echelon form. Anti-Hermitian matrices are linearly independent over
the reals iff they are over the complex numbers (apply the adjoint to a
complex relation), so the elimination runs over an exact complex field built
by sympy: Q(i) or a number field Q(alpha, i) for algebraic coefficients.
Transcendental constants (pi, e, sin(1), ...) are first replaced by independent
indeterminates as in `liealg.coefficients`, and these by random rationals (seeded),
so the answer is the generic dimension unless the point is unlucky (the
dimension at a point never exceeds the generic one). Only for n <= MAX_QUBITS: the cost is
O(dim * K * 8^n) exact operations.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from functools import reduce

import sympy
from sympy.polys.domains import QQ_I
from sympy.polys.matrices import DomainMatrix

from liealg.coefficients.fields import field_of
from liealg.errors import SizeLimitError
from liealg.sums import PauliSum

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


def symbolic_closure(generators: list[PauliSum], seed: int = 0) -> SymbolicAlgebra:
    """Exact DLA of the generators by sympy arithmetic (n <= MAX_QUBITS).

    >>> from liealg import parse_generators
    >>> symbolic_closure(parse_generators("XXI\\nIXX\\nZII\\nIZI\\nIIZ")).dim
    15
    """
    start = time.perf_counter()
    n = generators[0].n
    check_size(n)

    fld = field_of(generators)
    rng = random.Random(seed)
    point = {t: sympy.Rational(rng.randint(100, 10_000), rng.randint(100, 10_000)) for t in fld.symbols}
    mats = [generator_matrix(g).applyfunc(lambda e: sympy.sympify(fld.substitute(e)).xreplace(point))
            for g in generators]
    domain = QQ_I
    if fld.algebraic_numbers:
        domain = sympy.QQ.algebraic_field(*fld.algebraic_numbers, sympy.I)
    gens = [DomainMatrix([[domain.from_sympy(e) for e in row] for row in m.tolist()], m.shape, domain)
            for m in mats]
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
