"""`LieAlgebra`: the result of a closure, and the entry point for what is derived from it.

A plain result: the dimension, the basis the engine found (Pauli strings, an echelon span per prime,
a float span, or none), the certificate, the generators; `lie_closure` builds it from an engine's
`liealg.closure.problem.Closure`. Derived answers (center, decomposition, structure constants)
come from the structure layer (`liealg.structure.ideals`, loaded when first asked for). An
algebra whose engine held no span (the dense and irreducible block engines, the
anticommutation-graph classifier) gets a basis on demand from the string or sparse engine, which
must reach the same dimension.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from liealg import closure, structure
from liealg.closure.problem import ClosureProblem
from liealg.closure.spans import FloatSpan, ModSpan
from liealg.coefficients.grammar import is_zero
from liealg.errors import UncertifiedError
from liealg.io.generators import parse_generators
from liealg.kernels import hashset as _hs
from liealg.modp import rational_reconstruct, to_mod
from liealg.pauli import PauliList, PauliString
from liealg.sums import PauliSum, approximate


@dataclass
class LieAlgebra:
    """A real Lie algebra of anti-Hermitian operators i*H on n qubits.

    When the algebra is spanned by Pauli strings (always for string
    generators, and for sums whenever a shortcut proved it) `keys` holds the
    strings P packed (dim, 2W). Otherwise the basis is an echelon form of
    Pauli sums (`spans`: one per prime, or a float orthonormal basis).

    Attributes: n_qubits, dim, generators, method, seconds, shortcut (which
    exact shortcut ended a sum closure), certificate (per-prime dimensions).
    """

    n_qubits: int
    dim: int
    keys: np.ndarray | None = None
    generators: list = field(default_factory=list)
    method: str = ""
    seconds: float = 0.0
    shortcut: str | None = None
    certificate: dict = field(default_factory=dict)
    spans: list = field(default_factory=list, repr=False)
    registry: object = field(default=None, repr=False)
    coefficient_field: object = field(default=None, repr=False)
    evaluations: list = field(default_factory=list, repr=False)  # one per ModSpan in spans
    elements: list | None = field(default=None, repr=False)  # an explicit basis (a single generator)
    subspace_dim: int | None = None  # g restricted to a symmetry sector: dim V (`sector`)
    sector: object = None
    _table: np.ndarray | None = field(default=None, repr=False)
    _float_basis: object = field(default=None, repr=False)
    _with_basis_algebra: object = field(default=None, repr=False)
    decomposition: object = field(default=None, repr=False)  # known without a structure analysis

    @classmethod
    def from_closure(cls, found, generators: list) -> LieAlgebra:
        """The algebra of an engine's result (`liealg.closure.problem.Closure`)."""
        keys = None if found.keys is None else np.ascontiguousarray(found.keys, dtype=np.uint64)
        return cls(n_qubits=generators[0].n, dim=found.dim, keys=keys, generators=generators,
                   method=found.method, seconds=found.seconds, shortcut=found.shortcut,
                   certificate=found.certificate, spans=found.spans, registry=found.registry,
                   coefficient_field=found.coefficient_field, evaluations=found.evaluations,
                   elements=found.elements, subspace_dim=found.subspace_dim, sector=found.sector,
                   decomposition=found.decomposition)

    @property
    def has_basis(self) -> bool:
        """Whether the engine left a basis (strings, spans or explicit elements); else one is closed on demand."""
        return self.keys is not None or bool(self.spans) or self.elements is not None

    @property
    def is_pauli_algebra(self) -> bool:
        """True when the basis consists of single Pauli strings."""
        return self.keys is not None

    def __len__(self) -> int:
        return self.dim

    @property
    def basis(self):
        """Basis: a sorted PauliList of strings P (elements iP) for Pauli algebras,
        else a list of Hermitian PauliSums H (elements iH) in reduced echelon form
        (exact rationals) or orthonormal (float method)."""
        if self.keys is not None:
            return PauliList(self.keys, self.n_qubits).sorted()
        if not self.has_basis and self.sector is None:
            return self._with_basis().basis
        return self.basis_sums()

    def require_whole_space(self, what: str) -> None:
        if self.sector is not None:
            raise ValueError(f"{what} is not available for g restricted to the sector {self.sector} "
                             "(its elements are matrices on V); close without a sector for it")

    def basis_sums(self) -> list[PauliSum]:
        """A basis as Hermitian PauliSums: strings, exact rational RREF rows, or (float method, and
        coefficient fields beyond Q) orthonormal float rows."""
        self.require_whole_space("a Pauli-sum basis")
        if not self.has_basis:
            return self._with_basis().basis_sums()
        if self.keys is not None:
            return [PauliSum.from_terms([(1, p)], self.n_qubits) for p in self.basis]
        if self.elements is not None:
            return list(self.elements)
        span = self.spans[-1]
        if isinstance(span, FloatSpan):
            return _float_rows(span, self.registry, self.n_qubits)
        field_kind = getattr(self.coefficient_field, "kind", "rational")
        if field_kind != "rational":
            return _float_rows(*self._float_span(), self.n_qubits)
        return _rational_rows(self.spans, self.registry, self.n_qubits)

    def _with_basis(self) -> LieAlgebra:
        """The same algebra closed by an engine that holds a basis (strings: the string BFS; sums: the sparse
        engine), for what block matrices or the classifier do not give: a basis and membership of Pauli sums.
        It must reach the same dimension."""
        if self._with_basis_algebra is None:
            start = time.perf_counter()
            problem = ClosureProblem(self.generators, method="exact")
            engine = closure.engine("string-bfs" if problem.strings is not None else "sparse")
            found = engine.close(problem)
            found.seconds = time.perf_counter() - start
            self._with_basis_algebra = LieAlgebra.from_closure(found, self.generators)
            if found.dim != self.dim:
                raise UncertifiedError(f"the {engine.NAME} engine gives {found.dim}, the {self.method} engine "
                                       f"{self.dim}")
        return self._with_basis_algebra

    def _float_span(self):
        """A certified float closure of the same generators, which must reach the exact dimension
        (the exact basis over a number field or with indeterminates is not printed)."""
        if self._float_basis is None:
            res = closure.engine("float").float_closure(self.generators, max_dim=max(self.dim, 1))
            if res.dim != self.dim:
                raise UncertifiedError(f"the float basis has dimension {res.dim}, the exact closure {self.dim}: "
                                       "no basis can be given")
            self._float_basis = (res.spans[0], res.registry)
        return self._float_basis

    def __repr__(self) -> str:
        extra = f", shortcut={self.shortcut!r}" if self.shortcut else ""
        if self.sector is not None:
            extra += f", sector={str(self.sector)!r}, subspace_dim={self.subspace_dim}"
        return (f"LieAlgebra(dim={self.dim}, n_qubits={self.n_qubits}, "
                f"generators={len(self.generators)}, method={self.method!r}{extra})")

    def contains(self, op) -> bool:
        """Is i*op in the algebra? op: a label or sum text ("ZZII + IZZI"), PauliString or PauliSum."""
        self.require_whole_space("membership")
        if isinstance(op, str):

            sums = parse_generators(op, self.n_qubits, source="<operator>", allow_identity=True)
            if len(sums) != 1:
                raise ValueError("contains() takes one operator (one line)")
            op = sums[0]
        if isinstance(op, PauliString):
            if op.phase % 2:
                raise ValueError(f"{op} is not Hermitian")
            op = PauliSum.from_terms([(1, op.unsigned)], op.n)
        if op.n != self.n_qubits:
            raise ValueError(f"operator acts on {op.n} qubits, the algebra on {self.n_qubits}")
        if not np.all(op.keys.any(axis=1)):
            return False  # an identity part is never in a DLA of traceless generators
        if self.elements is not None:
            return _proportional(op, self.elements[0])
        if not self.has_basis:
            return self._with_basis().contains(op)
        if self.keys is not None:
            if self._table is None:
                self._table = _hs.build(self.keys)
            keys = np.ascontiguousarray(op.keys)
            nonzero = keys.any(axis=1)  # the identity is never a basis string
            return bool(np.all(_hs.contains(self._table, keys) & nonzero))
        cols = self.registry.lookup(op.keys)
        if np.any(cols < 0):
            return False
        verdicts = []
        for t, span in enumerate(self.spans):
            if isinstance(span, ModSpan):
                verdicts.append(span.contains(cols, self._residues(op, t, span.p)))
            else:
                verdicts.append(span.contains(cols, op.normalized_float_coeffs(), tol=1e-10))
        return all(verdicts)

    def _residues(self, op, t: int, p: int) -> np.ndarray:
        fld = self.coefficient_field
        if fld is None or fld.kind == "rational":
            if not op.is_rational:
                raise ValueError("exact membership in an algebra over Q needs rational coefficients")
            return np.array([to_mod(c, p) for c in op.coeffs], dtype=np.int64)
        try:
            return np.array([fld.residue(c, self.evaluations[t]) for c in op.coeffs], dtype=np.int64)
        except Exception:
            raise ValueError("the operator's coefficients lie outside the algebra's coefficient field "
                             f"({fld.describe()}); membership cannot be decided exactly") from None

    def __contains__(self, op) -> bool:
        return self.contains(op)

    # --- structure (see liealg.structure) ---------------------------------
    def center(self) -> list[PauliSum]:
        """Basis of the center {X in g : [X, g] = 0} (exact for Pauli algebras)."""

        return structure.center(self)

    def decompose(self, seed: int = 0, route: str = "auto"):
        """Simple ideals with types, dims and ranks, plus the center: a `Decomposition` (`route`: see
        `liealg.structure.decompose`)."""

        return structure.decompose(self, seed=seed, route=route)

    def derived_dim(self) -> int:
        """dim [g, g] = dim g - dim z(g) (g is reductive)."""
        return self.dim - len(self.center())

    def structure_constants(self):
        """COO arrays (i, j, k, f_ijk) with [b_i, b_j] = sum_k f_ijk b_k; see `liealg.structure`."""

        return structure.structure_constants(self)


def _float_rows(span, registry, n) -> list[PauliSum]:
    rows = []
    for q in span.Q[: span.dim, : registry.ncols]:
        nz = np.flatnonzero(np.abs(q) > 1e-12)
        rows.append(PauliSum(n, registry.keys_of(nz), approximate(q[nz])))
    return rows


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
                frac = _crt_reconstruct([int(rr[r][1][k]) for rr in rrefs], primes)
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


def _crt_reconstruct(residues, primes) -> Fraction | None:
    m, a = 1, 0
    for r, p in zip(residues, primes):
        # combine a mod m with r mod p
        t = ((r - a) * pow(m, -1, p)) % p
        a, m = a + m * t, m * p
    return rational_reconstruct(a, m)
