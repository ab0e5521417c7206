"""`LieAlgebra`: the result of a closure and the entry point for analysis."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .kernels import hashset as _hs
from .pauli import PauliList, PauliString
from .sums import PauliSum


@dataclass
class LieAlgebra:
    """A real Lie algebra of anti-Hermitian operators on n qubits.

    For algebras spanned by Pauli strings the basis is the strings P (the
    elements are iP), held packed in `keys` (dim, 2W) uint64 in closure order.

    Attributes: n_qubits, dim, basis (PauliList, sorted), generators, method
    (how it was computed), seconds (closure time).
    """

    n_qubits: int
    keys: np.ndarray
    generators: list = field(default_factory=list)
    method: str = ""
    seconds: float = 0.0
    _table: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_strings(cls, keys: np.ndarray, n: int, **info) -> LieAlgebra:
        return cls(n_qubits=n, keys=np.ascontiguousarray(keys, dtype=np.uint64), **info)

    @property
    def dim(self) -> int:
        return int(self.keys.shape[0])

    def __len__(self) -> int:
        return self.dim

    @property
    def basis(self) -> PauliList:
        """Basis Pauli strings P (elements iP), sorted lexicographically."""
        return PauliList(self.keys, self.n_qubits).sorted()

    def __repr__(self) -> str:
        return (f"LieAlgebra(dim={self.dim}, n_qubits={self.n_qubits}, "
                f"generators={len(self.generators)}, method={self.method!r})")

    def _contains_keys(self, keys: np.ndarray) -> np.ndarray:
        if self._table is None:
            self._table = _hs.build(self.keys)
        keys = np.ascontiguousarray(keys, dtype=np.uint64)
        nonzero = keys.any(axis=1)  # the identity is never a basis string
        return _hs.contains(self._table, keys) & nonzero

    def contains(self, op) -> bool:
        """Is i*op in the algebra? op: a label, PauliString or Hermitian PauliSum."""
        if isinstance(op, str):
            op = PauliString(op)
        if isinstance(op, PauliString):
            if op.phase % 2:
                raise ValueError(f"{op} is not Hermitian")
            op = PauliSum.from_terms([(1, op.unsigned)], op.n)
        if op.n != self.n_qubits:
            raise ValueError(f"operator acts on {op.n} qubits, the algebra on {self.n_qubits}")
        return bool(np.all(self._contains_keys(op.keys)))

    def __contains__(self, op) -> bool:
        return self.contains(op)
