"""Every input a closure or a circuit accepts, as a list of PauliSums (`as_generators`)."""

from __future__ import annotations

import numpy as np

from liealg.io.generators import parse_generators
from liealg.io.interop import from_any, is_foreign
from liealg.io.matrices import generators_from_matrices
from liealg.pauli import PauliList, PauliString
from liealg.sums import PauliSum


def as_generators(generators, n_qubits: int | None = None, *, allow_identity: bool = False) -> list[PauliSum]:
    """Accept PauliSums, PauliStrings, labels, a PauliList, Hermitian matrices, or PennyLane /
    Qiskit / OpenFermion operators (`liealg.io.interop`); return PauliSums. Identity terms are refused
    (a global phase) unless `allow_identity` (observables)."""

    if is_foreign(generators):
        return from_any(generators, n_qubits)
    if isinstance(generators, (str, PauliString, PauliSum)):
        generators = [generators]
    if isinstance(generators, PauliList):
        generators = list(generators)
    if isinstance(generators, np.ndarray) and generators.ndim in (2, 3) and generators.dtype != object:

        return generators_from_matrices(generators)
    out = []
    for g in generators:
        if isinstance(g, str):

            out.extend(parse_generators(g, n_qubits, allow_identity=allow_identity))
        elif isinstance(g, PauliString):
            if g.is_identity() and not allow_identity:
                raise ValueError("the identity is a global phase, not a generator")
            out.append(PauliSum.from_terms([(1, g.unsigned)], g.n))
        elif isinstance(g, PauliSum):
            out.append(g)
        else:
            raise TypeError(f"cannot use {type(g).__name__} as a generator")
    if not out:
        raise ValueError("no generators")
    ns = {g.n for g in out}
    if len(ns) != 1:
        raise ValueError(f"generators act on different qubit counts: {sorted(ns)}")
    return out


def single_strings(gens: list[PauliSum]) -> PauliList | None:
    """The generators as a PauliList when each is one Pauli string (coefficients ignored), else None."""
    if not all(g.is_single_string for g in gens):
        return None
    return PauliList(np.concatenate([g.keys for g in gens]), gens[0].n)
