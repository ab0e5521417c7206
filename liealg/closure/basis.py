"""The basis a closure engine held, behind one small interface, and the certificate it earned.

An engine that holds a span of g returns it in one of four shapes; `held_basis` wraps each in a
`Basis`, which answers the two questions asked of a basis:

    sums()        Hermitian Pauli sums H whose iH span g (exact rationals, or orthonormal floats)
    contains(op)  is i*op in g? (exact for strings and for spans over primes)

    StringBasis      the Pauli strings P spanning g (string engines, and sums proved to be S)
    EchelonBasis     an echelon span over GF(p) per prime, on the columns of one registry (sparse)
    OrthonormalBasis an orthonormal float span (the float engine), certified by its gap
    ExplicitBasis    the elements themselves (one generator)

Engines that hold no span (the anticommutation-graph classifier, the dense and irreducible block
engines) have none; `liealg.structure.algebra.LieAlgebra` then asks the router for one.

`Certificate` is the record of how an answer is known: a mapping (the per-prime dimensions, the
engine, the shortcut that proved it, ...: what `--json` prints) with the method, shortcut and
seconds of the closure as attributes.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from liealg.closure.spans import FloatSpan, ModSpan
from liealg.coefficients.grammar import is_zero
from liealg.kernels import hashset as _hs
from liealg.modp import crt_reconstruct, rational_reconstruct, to_mod
from liealg.pauli import PauliList
from liealg.sums import PauliSum, approximate


class Certificate(dict):
    """How a closure's answer is known: the engine's evidence as a mapping (JSON-ready), plus `engine`
    (the engine that answered), `method` (the arithmetic and engine, as `--json` names it), `shortcut`
    (the exact shortcut that ended it, or None) and `seconds`."""

    def __init__(self, evidence: dict | None = None, *, engine: str = "", method: str = "",
                 shortcut: str | None = None, seconds: float = 0.0):
        super().__init__(evidence or {})
        self.engine = engine or self.get("engine", method)  # the engine that answered
        self.method, self.shortcut, self.seconds = method, shortcut, seconds

    def __repr__(self) -> str:
        return f"Certificate({dict(self)!r}, method={self.method!r}, shortcut={self.shortcut!r})"


class StringBasis:
    """g spanned by Pauli strings: `keys` packed (dim, 2W), in the engine's order."""

    exact = True

    def __init__(self, keys: np.ndarray, n_qubits: int):
        self.keys = np.ascontiguousarray(keys, dtype=np.uint64)
        self.n_qubits = n_qubits
        self._table = None

    def __len__(self) -> int:
        return self.keys.shape[0]

    @property
    def strings(self) -> PauliList:
        """The strings, sorted."""
        return PauliList(self.keys, self.n_qubits).sorted()

    def sums(self) -> list[PauliSum]:
        return [PauliSum.from_terms([(1, p)], self.n_qubits) for p in self.strings]

    def contains(self, op: PauliSum) -> bool:
        if self._table is None:
            self._table = _hs.build(self.keys)
        keys = np.ascontiguousarray(op.keys)
        nonzero = keys.any(axis=1)  # the identity is never a basis string
        return bool(np.all(_hs.contains(self._table, keys) & nonzero))


class EchelonBasis:
    """g as an echelon span over GF(p) for each prime of the certificate (`spans`), on the columns of
    one `registry`; `field` is the coefficient field, `evaluations` its map into each GF(p)."""

    def __init__(self, spans: list, registry, field, evaluations: list, n_qubits: int):
        self.spans, self.registry, self.field, self.evaluations = spans, registry, field, evaluations
        self.n_qubits = n_qubits

    def __len__(self) -> int:
        return self.spans[-1].dim

    @property
    def exact(self) -> bool:
        """Whether `sums()` gives exact rows: over Q (rational reconstruction); beyond Q the exact rows are
        not printable and the caller takes a certified float basis instead."""
        return getattr(self.field, "kind", "rational") == "rational"

    def sums(self) -> list[PauliSum]:
        if not self.exact:
            raise ValueError(f"an exact basis over {self.field.describe()} is not printed: take a float basis")
        return _rational_rows(self.spans, self.registry, self.n_qubits)

    def contains(self, op: PauliSum) -> bool:
        cols = self.registry.lookup(op.keys)
        if np.any(cols < 0):
            return False
        return all(span.contains(cols, self._residues(op, t, span.p)) for t, span in enumerate(self.spans))

    def _residues(self, op: PauliSum, t: int, p: int) -> np.ndarray:
        if self.field is None or self.field.kind == "rational":
            if not op.is_rational:
                raise ValueError("exact membership in an algebra over Q needs rational coefficients")
            return np.array([to_mod(c, p) for c in op.coeffs], dtype=np.int64)
        try:
            return np.array([self.field.residue(c, self.evaluations[t]) for c in op.coeffs], dtype=np.int64)
        except Exception:
            raise ValueError("the operator's coefficients lie outside the algebra's coefficient field "
                             f"({self.field.describe()}); membership cannot be decided exactly") from None


class OrthonormalBasis:
    """g as an orthonormal float span (`span`, a FloatSpan) on the columns of `registry`."""

    exact = False

    def __init__(self, span: FloatSpan, registry, n_qubits: int):
        self.span, self.registry, self.n_qubits = span, registry, n_qubits

    def __len__(self) -> int:
        return self.span.dim

    def sums(self) -> list[PauliSum]:
        rows = []
        for q in self.span.Q[: self.span.dim, : self.registry.ncols]:
            nz = np.flatnonzero(np.abs(q) > 1e-12)
            rows.append(PauliSum(self.n_qubits, self.registry.keys_of(nz), approximate(q[nz])))
        return rows

    def contains(self, op: PauliSum) -> bool:
        cols = self.registry.lookup(op.keys)
        if np.any(cols < 0):
            return False
        return self.span.contains(cols, op.normalized_float_coeffs(), tol=1e-10)


class ExplicitBasis:
    """g given by its elements (one generator: a one-dimensional algebra)."""

    exact = True

    def __init__(self, elements: list[PauliSum]):
        self.elements = list(elements)
        self.n_qubits = self.elements[0].n

    def __len__(self) -> int:
        return len(self.elements)

    def sums(self) -> list[PauliSum]:
        return list(self.elements)

    def contains(self, op: PauliSum) -> bool:
        return len(self.elements) == 1 and _proportional(op, self.elements[0])


def held_basis(found, n_qubits: int):
    """The Basis a closure engine's result (`liealg.closure.problem.Closure`) holds, or None."""
    if found.keys is not None:
        return StringBasis(found.keys, n_qubits)
    if found.elements is not None:
        return ExplicitBasis(found.elements)
    if found.spans and isinstance(found.spans[-1], FloatSpan):
        return OrthonormalBasis(found.spans[-1], found.registry, n_qubits)
    if found.spans:
        return EchelonBasis([s for s in found.spans if isinstance(s, ModSpan)], found.registry,
                            found.coefficient_field, found.evaluations, n_qubits)
    return None


def _proportional(a: PauliSum, b: PauliSum) -> bool:
    """Whether a = c b for a real c, exactly."""
    if a.keys.shape != b.keys.shape or not np.array_equal(a.keys, b.keys):
        return False
    ratios = [x / y for x, y in zip(a.coeffs, b.coeffs)]
    return all(r == ratios[0] or is_zero(r - ratios[0]) for r in ratios[1:])


def _rational_rows(spans, registry, n) -> list[PauliSum]:
    """RREF rows with rational coefficients reconstructed from the primes (checked on all)."""
    rrefs = [s.rref_rows() for s in spans]
    primes = [s.p for s in spans]
    out = []
    for r, (cols, vals) in enumerate(rrefs[0]):
        coeffs = []
        for k, v in enumerate(vals):
            frac = rational_reconstruct(int(v), primes[0])
            if frac is None or any(not _agrees(frac, rr[r], cols, k, p) for rr, p in zip(rrefs[1:], primes[1:])):
                frac = crt_reconstruct([int(rr[r][1][k]) for rr in rrefs], primes)
            if frac is None:
                raise ValueError("basis coefficients too large for rational reconstruction; "
                                 "use method='float' for a numerical basis")
            coeffs.append(frac)
        out.append(PauliSum(n, registry.keys_of(cols), coeffs))
    return out


def _agrees(frac: Fraction, row, cols, k, p) -> bool:
    c2, v2 = row
    if c2.shape[0] != cols.shape[0] or c2[k] != cols[k]:
        return False
    return (frac.numerator - int(v2[k]) * frac.denominator) % p == 0

