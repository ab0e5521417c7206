"""Converters between liealg's Pauli sums and PennyLane, Qiskit and OpenFermion objects.

Install with ``pip install 'liealg[interop]'``; nothing here imports those packages
until a converter runs. `lie_closure`, `classify` and the QNN functions accept these
objects directly (through `from_any`).

Qubit identity is kept explicitly everywhere, since the conventions differ:

* liealg: qubit 0 is the leftmost letter of a dense label ("XYI" is X on qubit 0).
* PennyLane: operators act on wires, arbitrary hashable labels. Integer wires 0..n-1 are
  qubits 0..n-1; otherwise pass `wire_order` (the wire of qubit 0 first), or the order in
  which the wires first appear (in the order the operators are given) is used.
* Qiskit: labels are little-endian, the rightmost letter is qubit 0 ("XYI" is I on
  qubit 0, Y on qubit 1, X on qubit 2); the converters read the x/z bit arrays, indexed by
  qubit, so no label is ever reversed by hand.
* OpenFermion: QubitOperator terms name qubits by index; a FermionOperator is mapped
  to qubits by the Jordan-Wigner transformation (mode j -> qubit j).

Coefficients must be real (Hermitian generators); a float is kept as the exact dyadic
rational it holds. An identity term is a global phase: it is dropped, with an
`IdentityDropped` warning.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np

from liealg.errors import InputError, SizeLimitError
from liealg.io.generators import MAX_QUBITS
from liealg.pauli import PauliString
from liealg.sums import PauliSum

__all__ = ["IdentityDropped", "from_any", "from_openfermion", "from_pennylane", "from_qiskit", "is_foreign",
           "to_pennylane", "to_qiskit"]

#: imaginary parts up to this fraction of the largest coefficient are rounding of a Hermitian operator
IMAG_RTOL = 1e-12


class IdentityDropped(UserWarning):
    """An identity term (a global phase, not part of the algebra) was dropped in a conversion."""


def _library(obj) -> str | None:
    mod = type(obj).__module__.split(".")[0]
    return mod if mod in ("pennylane", "qiskit", "openfermion") else None


def is_foreign(obj) -> bool:
    """Whether obj (or the first item of a list) is a PennyLane, Qiskit or OpenFermion object."""
    if isinstance(obj, (list, tuple)) and obj:
        obj = obj[0]
    return _library(obj) is not None


def from_any(obj, n_qubits: int | None = None, wire_order=None) -> list[PauliSum]:
    """One foreign operator or a list of them -> a list of PauliSums on a common qubit count."""
    items = list(obj) if isinstance(obj, (list, tuple)) else [obj]
    libs = {_library(x) for x in items}
    if len(libs) != 1 or None in libs:
        raise TypeError("mixing operators of different libraries (or with liealg's) is not supported")
    lib = libs.pop()
    if lib == "pennylane":
        return from_pennylane(items, n_qubits=n_qubits, wire_order=wire_order)
    if wire_order is not None:
        raise InputError("wire_order applies to PennyLane operators only")
    if lib == "qiskit":
        out = [from_qiskit(x) for x in items]
    else:
        out = [from_openfermion(x, n_qubits=n_qubits) for x in items]
    n = max(p.n for p in out) if n_qubits is None else n_qubits
    return [_widen(p, n) for p in out]


def _widen(p: PauliSum, n: int) -> PauliSum:
    if p.n == n:
        return p
    if p.n > n:
        raise InputError(f"operator acts on {p.n} qubits, more than n_qubits={n}")
    terms = [(c, PauliString(n=n, x=s.x, z=s.z)) for c, s in zip(p.coeffs, p.strings)]
    return PauliSum.from_terms(terms, n)


def _real(coeffs, what: str) -> list[Fraction]:
    """Real parts of (possibly complex) float coefficients as exact rationals; refuses non-Hermitian."""
    arr = np.asarray(coeffs, dtype=complex).reshape(-1)
    if arr.size and not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)][0]
        raise InputError(f"{what}: coefficient {bad} is not finite")
    scale = float(np.abs(arr).max()) if arr.size else 0.0
    if arr.size and float(np.abs(arr.imag).max()) > IMAG_RTOL * scale:
        raise InputError(f"{what}: a coefficient has an imaginary part: the operator is not Hermitian")
    return [Fraction(float(v)) for v in arr.real]


def check_qubits(n: int, what: str) -> None:
    """The qubit limit of generator files holds for converted operators too (before any allocation)."""
    if n > MAX_QUBITS:
        raise SizeLimitError(f"{what}: acts on qubit {n - 1:,}, beyond the limit of {MAX_QUBITS:,} qubits")


def _build(terms: list[tuple], n: int, what: str) -> PauliSum:
    """PauliSum from (coefficient, {qubit: letter}) pairs; the identity dropped with a warning."""
    check_qubits(n, what)
    kept = []
    for c, letters in terms:
        if not letters:
            if c != 0:
                warnings.warn(f"{what}: identity term {float(c):g} dropped (a global phase)", IdentityDropped,
                              stacklevel=3)
            continue
        x = z = 0
        for q, letter in letters.items():
            if letter in "XY":
                x |= 1 << q
            if letter in "ZY":
                z |= 1 << q
        kept.append((c, PauliString(n=n, x=x, z=z)))
    if not kept:
        raise InputError(f"{what}: no non-identity term (the operator is a global phase)")
    gen = PauliSum.from_terms(kept, n)
    if len(gen) == 0:
        raise InputError(f"{what}: the terms cancel")
    return gen


# --- PennyLane ----------------------------------------------------------------------------
def _pennylane_sentence(op):
    """A PauliSentence for a PauliWord, PauliSentence or operator (its pauli_rep, else decomposed)."""
    from pennylane.pauli import PauliSentence, PauliWord

    if isinstance(op, PauliSentence):
        return op
    if isinstance(op, PauliWord):
        return PauliSentence({op: 1.0})
    rep = getattr(op, "pauli_rep", None)
    if rep is not None:
        return rep
    import pennylane as qml

    wires = list(op.wires)
    if len(wires) > 10:
        raise InputError(f"{op}: no Pauli representation, and too many wires to decompose its matrix")
    return qml.pauli_decompose(qml.matrix(op, wire_order=wires), wire_order=wires, pauli=True)


def from_pennylane(ops, n_qubits: int | None = None, wire_order=None):
    """PennyLane PauliWord / PauliSentence / operator (or a list of them, e.g. what qml.lie_closure
    returns) -> PauliSum (or a list). Wires: see the module docstring."""
    single = not isinstance(ops, (list, tuple))
    sentences = [_pennylane_sentence(op) for op in ([ops] if single else ops)]
    wires = []
    for s in sentences:
        for word in s:
            for w in word:
                if w not in wires:
                    wires.append(w)
    if wire_order is None:
        if all(isinstance(w, (int, np.integer)) and w >= 0 for w in wires):
            index = {w: int(w) for w in wires}
        else:
            index = {w: i for i, w in enumerate(wires)}
    else:
        index = {w: i for i, w in enumerate(wire_order)}
        missing = [w for w in wires if w not in index]
        if missing:
            raise InputError(f"wires {missing} are not in wire_order")
    n = n_qubits if n_qubits is not None else max(index.values(), default=0) + 1
    if index and max(index.values()) >= n:
        raise InputError(f"wire {max(index, key=index.get)!r} is qubit {max(index.values())}, beyond "
                         f"n_qubits={n}")
    out = []
    for k, s in enumerate(sentences):
        words = list(s)
        coeffs = _real([s[w] for w in words], f"PennyLane operator {k}")
        out.append(_build([(c, {index[w]: word[w] for w in word}) for c, word in zip(coeffs, words)], n,
                          f"PennyLane operator {k}"))
    return out[0] if single else out


def to_pennylane(p, wire_order=None):
    """PauliSum / PauliString / label (or a list, e.g. `alg.basis`) -> PennyLane PauliSentence(s) on
    wires 0..n-1, or on `wire_order[q]` for qubit q."""
    from pennylane.pauli import PauliSentence, PauliWord

    if isinstance(p, (list, tuple)) or (hasattr(p, "keys") and not isinstance(p, (PauliSum, PauliString))):
        return [to_pennylane(x, wire_order) for x in p]
    p = _as_sum(p)
    wire = (lambda q: q) if wire_order is None else (lambda q: list(wire_order)[q])
    out = PauliSentence()
    for c, label in zip(p.float_coeffs, p.strings.labels()):
        out[PauliWord({wire(q): letter for q, letter in enumerate(label) if letter != "I"})] = float(c)
    return out


def _as_sum(p) -> PauliSum:
    if isinstance(p, PauliSum):
        return p
    if isinstance(p, str):
        p = PauliString(p)
    if isinstance(p, PauliString):
        if p.phase % 2:
            raise InputError(f"{p} is not Hermitian")
        return PauliSum.from_terms([(1, p)], p.n)
    raise TypeError(f"cannot convert {type(p).__name__}")


# --- Qiskit --------------------------------------------------------------------------------
def from_qiskit(op) -> PauliSum:
    """Qiskit SparsePauliOp or Pauli -> PauliSum (qubit j of Qiskit is qubit j of liealg)."""
    from qiskit.quantum_info import Pauli, SparsePauliOp

    if isinstance(op, Pauli):
        op = SparsePauliOp(op)
    if not isinstance(op, SparsePauliOp):
        raise TypeError(f"expected a qiskit SparsePauliOp or Pauli, got {type(op).__name__}")
    raw = np.asarray(op.coeffs)
    if raw.size and not np.all(np.isfinite(raw)):
        raise InputError(f"Qiskit operator: coefficient {raw[~np.isfinite(raw)][0]} is not finite")
    check_qubits(op.num_qubits, "Qiskit operator")
    x, z = np.asarray(op.paulis.x), np.asarray(op.paulis.z)
    phases = (-1j) ** np.asarray(op.paulis.phase)  # Pauli phase convention: (-i)^phase P
    coeffs = _real(np.asarray(op.coeffs) * phases, "Qiskit operator")
    letters = np.array(["I", "X", "Z", "Y"])[x.astype(int) + 2 * z.astype(int)]
    terms = [(c, {q: letter for q, letter in enumerate(row) if letter != "I"}) for c, row in zip(coeffs, letters)]
    return _build(terms, op.num_qubits, "Qiskit operator")


def to_qiskit(p):
    """PauliSum / PauliString / label -> Qiskit SparsePauliOp (qubit j stays qubit j)."""
    from qiskit.quantum_info import SparsePauliOp

    p = _as_sum(p)
    terms = []
    for c, label in zip(p.float_coeffs, p.strings.labels()):
        qubits = [q for q, letter in enumerate(label) if letter != "I"]
        terms.append(("".join(label[q] for q in qubits), qubits, float(c)))
    return SparsePauliOp.from_sparse_list(terms, num_qubits=p.n)


# --- OpenFermion ---------------------------------------------------------------------------
def from_openfermion(op, n_qubits: int | None = None) -> PauliSum:
    """OpenFermion QubitOperator -> PauliSum; a FermionOperator goes through Jordan-Wigner first."""
    import openfermion

    if isinstance(op, openfermion.FermionOperator):
        op = openfermion.jordan_wigner(op)
    if not isinstance(op, openfermion.QubitOperator):
        raise TypeError(f"expected an openfermion QubitOperator or FermionOperator, got {type(op).__name__}")
    items = list(op.terms.items())
    n = n_qubits if n_qubits is not None else 1 + max((q for term, _ in items for q, _ in term), default=0)
    coeffs = _real([c for _, c in items], "OpenFermion operator")
    terms = [(c, dict(term)) for c, (term, _) in zip(coeffs, items)]
    if any(q >= n for _, letters in terms for q in letters):
        raise InputError(f"the operator acts beyond n_qubits={n}")
    return _build(terms, n, "OpenFermion operator")
