"""Pauli strings as bit-packed integers.

`PauliString` is one phased string i^k P with Python-int X and Z masks (any
qubit count; qubit 0 is bit 0 and the leftmost letter of a dense label).
`PauliList` is an array of strings packed into an (m, 2W) uint64 array, the
layout every kernel in `liealg.kernels` works on (see `liealg.kernels.pauli`).

>>> p, q = PauliString("XYZ"), PauliString("ZII")
>>> str(p * q), p.commutes(q)
('-iYYZ', False)
>>> p.commutator(q)
(-2j, PauliString('YYZ'))
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy as np

from liealg.kernels import pauli as _k

LETTERS = "IXZY"  # index = x + 2 z
_PHASE_TEXT = {0: "", 1: "i", 2: "-", 3: "-i"}
_PHASE_PARSE = {"": 0, "+": 0, "i": 1, "+i": 1, "-": 2, "-i": 3}
_PHASE_VALUE = (1, 1j, -1, -1j)
_LABEL = re.compile(r"^([+-]?i?)([IXYZ]+)$")
_SPARSE_TERM = re.compile(r"([IXYZ])(\d+)")


def n_words(n_qubits: int) -> int:
    """uint64 words per mask: ceil(n/64), at least 1."""
    return max(1, (n_qubits + 63) // 64)


def _int_to_words(v: int, w: int) -> np.ndarray:
    """The w little-endian 64-bit words of a non-negative int (linear time at any size)."""
    return np.frombuffer(v.to_bytes(8 * w, "little"), dtype="<u8").astype(np.uint64)


def _words_to_int(words) -> int:
    return int.from_bytes(np.ascontiguousarray(words, dtype="<u8").tobytes(), "little")


def _bits_to_int(bits: np.ndarray) -> int:
    """An int whose bit j is bits[j] (a boolean vector)."""
    return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")


def _int_to_bits(v: int, n: int) -> np.ndarray:
    raw = np.frombuffer(v.to_bytes((n + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


def phase_of_product(x1: int, z1: int, x2: int, z2: int) -> int:
    """k with P1 P2 = i^k P(x1^x2, z1^z2); see liealg.kernels.pauli."""
    X1, Y1, Z1 = x1 & ~z1, x1 & z1, ~x1 & z1
    X2, Y2, Z2 = x2 & ~z2, x2 & z2, ~x2 & z2
    cyc = ((X1 & Y2) | (Y1 & Z2) | (Z1 & X2)).bit_count()
    acyc = ((Y1 & X2) | (Z1 & Y2) | (X1 & Z2)).bit_count()
    return (cyc - acyc) & 3


class PauliString:
    """A phased Pauli string i^phase * P on n qubits; immutable and hashable."""

    __slots__ = ("n", "x", "z", "phase")

    def __init__(self, label: str | None = None, *, n: int | None = None,
                 x: int = 0, z: int = 0, phase: int = 0):
        if label is not None:
            m = _LABEL.match(label.strip())
            if not m:
                raise ValueError(f"not a Pauli label: {label!r} (letters I, X, Y, Z, optional +, -, i, -i prefix)")
            phase = _PHASE_PARSE[m.group(1)]
            letters = m.group(2)
            codes = np.frombuffer(letters.encode(), dtype=np.uint8)
            x = _bits_to_int((codes == ord("X")) | (codes == ord("Y")))
            z = _bits_to_int((codes == ord("Z")) | (codes == ord("Y")))
            if n is not None and n != len(letters):
                raise ValueError(f"label {label!r} has {len(letters)} qubits, expected {n}")
            n = len(letters)
        if n is None:
            raise ValueError("PauliString needs a label or n")
        if (x | z) >> n:
            raise ValueError(f"masks address qubits beyond n={n}")
        self.n, self.x, self.z, self.phase = n, x, z, phase & 3

    @classmethod
    def from_sparse(cls, text: str, n: int) -> PauliString:
        """From a sparse label such as 'X0 Z3' on n qubits."""
        x = z = 0
        body = text.replace("*", " ").split()
        for tok in body:
            m = _SPARSE_TERM.fullmatch(tok)
            if not m:
                raise ValueError(f"not a sparse Pauli term: {tok!r}")
            q = int(m.group(2))
            if q >= n:
                raise ValueError(f"qubit {q} out of range for n={n}")
            if (x | z) >> q & 1:
                raise ValueError(f"qubit {q} appears twice in {text!r}")
            if m.group(1) in "XY":
                x |= 1 << q
            if m.group(1) in "ZY":
                z |= 1 << q
        return cls(n=n, x=x, z=z)

    @classmethod
    def from_row(cls, row: np.ndarray, n: int, phase: int = 0) -> PauliString:
        w = row.shape[0] // 2
        return cls(n=n, x=_words_to_int(row[:w]), z=_words_to_int(row[w:]), phase=int(phase))

    # --- text ---------------------------------------------------------
    @property
    def label(self) -> str:
        """Dense label without phase, qubit 0 leftmost."""
        codes = _int_to_bits(self.x, self.n) + 2 * _int_to_bits(self.z, self.n).astype(np.uint8)
        return np.frombuffer(LETTERS.encode(), dtype=np.uint8)[codes].tobytes().decode()

    @property
    def sparse_label(self) -> str:
        """Sparse label such as 'X0 Z3' ('I' for the identity)."""
        parts = [f"{c}{j}" for j, c in enumerate(self.label) if c != "I"]
        return " ".join(parts) if parts else "I"

    def __str__(self) -> str:
        return _PHASE_TEXT[self.phase] + self.label

    def __repr__(self) -> str:
        return f"PauliString({str(self)!r})"

    # --- algebra ------------------------------------------------------
    def _check(self, other: PauliString) -> None:
        if not isinstance(other, PauliString):
            raise TypeError(f"expected PauliString, got {type(other).__name__}")
        if other.n != self.n:
            raise ValueError(f"qubit counts differ: {self.n} and {other.n}")

    def __mul__(self, other: PauliString) -> PauliString:
        self._check(other)
        k = phase_of_product(self.x, self.z, other.x, other.z)
        return PauliString(n=self.n, x=self.x ^ other.x, z=self.z ^ other.z,
                           phase=self.phase + other.phase + k)

    def __neg__(self) -> PauliString:
        return PauliString(n=self.n, x=self.x, z=self.z, phase=self.phase + 2)

    def commutes(self, other: PauliString) -> bool:
        self._check(other)
        return ((self.x & other.z) ^ (self.z & other.x)).bit_count() % 2 == 0

    def commutator(self, other: PauliString) -> tuple[complex, PauliString]:
        """[self, other] = c * R with R unphased; c is 0 or +-2i times the phases."""
        prod = self * other
        unsigned = PauliString(n=self.n, x=prod.x, z=prod.z)
        if self.commutes(other):
            return 0j, unsigned
        return 2 * _PHASE_VALUE[prod.phase], unsigned

    @property
    def weight(self) -> int:
        return (self.x | self.z).bit_count()

    @property
    def unsigned(self) -> PauliString:
        return PauliString(n=self.n, x=self.x, z=self.z)

    def is_identity(self) -> bool:
        return (self.x | self.z) == 0

    def row(self) -> np.ndarray:
        w = n_words(self.n)
        return np.concatenate([_int_to_words(self.x, w), _int_to_words(self.z, w)])

    def to_matrix(self) -> np.ndarray:
        """Dense 2^n x 2^n complex matrix (qubit 0 is the most significant tensor factor)."""
        if self.n > 14:
            raise ValueError(f"dense matrix of {self.n} qubits is too large")
        single = {
            "I": np.eye(2, dtype=complex),
            "X": np.array([[0, 1], [1, 0]], dtype=complex),
            "Y": np.array([[0, -1j], [1j, 0]], dtype=complex),
            "Z": np.array([[1, 0], [0, -1]], dtype=complex),
        }
        m = np.ones((1, 1), dtype=complex)
        for c in self.label:
            m = np.kron(m, single[c])
        return _PHASE_VALUE[self.phase] * m

    def __eq__(self, other) -> bool:
        return (isinstance(other, PauliString) and self.n == other.n and self.x == other.x
                and self.z == other.z and self.phase == other.phase)

    def __hash__(self) -> int:
        return hash((self.n, self.x, self.z, self.phase))


def dense_keys(labels: list[str]) -> np.ndarray | None:
    """Packed keys (len(labels), 2W) of plain dense labels of one length (letters IXYZ only, no
    phase), vectorized over all of them (the inverse of `PauliList.labels`); None for anything else."""
    if not labels:
        return None
    n = len(labels[0])
    if n == 0 or any(len(s) != n for s in labels):
        return None
    try:
        buf = "".join(labels).encode("ascii")
    except UnicodeEncodeError:
        return None
    a = np.frombuffer(buf, dtype=np.uint8)
    d = a - np.uint8(ord("X"))  # X, Y, Z -> 0, 1, 2 (uint8 arithmetic wraps: I -> 241)
    if np.count_nonzero(d <= 2) + np.count_nonzero(a == ord("I")) != a.size:
        return None
    x = (d <= 1).reshape(len(labels), n)  # X, Y
    z = ((d - np.uint8(1)) <= 1).reshape(len(labels), n)  # Y, Z
    w = n_words(n)
    out = np.zeros((len(labels), 2, w * 8), dtype=np.uint8)
    out[:, 0, : (n + 7) // 8] = np.packbits(x, axis=1, bitorder="little")
    out[:, 1, : (n + 7) // 8] = np.packbits(z, axis=1, bitorder="little")
    return out.reshape(len(labels), 2 * w * 8).view("<u8").astype(np.uint64)


class PauliList:
    """An array of m Pauli strings on n qubits: keys (m, 2W) uint64 plus phases (m,)."""

    __slots__ = ("n", "keys", "phases")

    def __init__(self, keys: np.ndarray, n: int, phases: np.ndarray | None = None):
        keys = np.ascontiguousarray(keys, dtype=np.uint64)
        if keys.ndim != 2 or keys.shape[1] != 2 * n_words(n):
            raise ValueError(f"keys must have shape (m, {2 * n_words(n)}) for n={n}")
        self.n = n
        self.keys = keys
        self.phases = (np.zeros(len(keys), dtype=np.uint8) if phases is None
                       else np.asarray(phases, dtype=np.uint8) & 3)

    @classmethod
    def from_strings(cls, strings: Iterable[PauliString], n: int | None = None) -> PauliList:
        strings = list(strings)
        if n is None:
            if not strings:
                raise ValueError("cannot infer n from an empty list")
            n = strings[0].n
        keys = np.zeros((len(strings), 2 * n_words(n)), dtype=np.uint64)
        for i, p in enumerate(strings):
            if p.n != n:
                raise ValueError(f"string {i} has {p.n} qubits, expected {n}")
            keys[i] = p.row()
        return cls(keys, n, np.array([p.phase for p in strings], dtype=np.uint8))

    @classmethod
    def from_labels(cls, labels: Iterable[str]) -> PauliList:
        labels = list(labels)
        keys = dense_keys(labels)
        if keys is not None:  # plain labels of one length: vectorized
            return cls(keys, len(labels[0]))
        return cls.from_strings([PauliString(s) for s in labels])

    def __len__(self) -> int:
        return self.keys.shape[0]

    def __getitem__(self, i):
        if isinstance(i, (int, np.integer)):
            return PauliString.from_row(self.keys[i], self.n, self.phases[i])
        return PauliList(self.keys[i], self.n, self.phases[i])

    def __iter__(self) -> Iterator[PauliString]:
        for i in range(len(self)):
            yield self[i]

    def __repr__(self) -> str:
        head = ", ".join(str(p) for p in self[:6])
        more = ", ..." if len(self) > 6 else ""
        return f"PauliList([{head}{more}], n={self.n}, m={len(self)})"

    def labels(self) -> list[str]:
        """Dense labels (no phases), vectorized over the whole list."""
        if len(self) == 0:
            return []
        w = self.keys.shape[1] // 2
        as_bytes = self.keys.astype("<u8").view(np.uint8).reshape(len(self), 2, w * 8)
        bits = np.unpackbits(as_bytes, axis=2, bitorder="little")[:, :, : self.n]
        codes = bits[:, 0, :] + 2 * bits[:, 1, :]
        chars = np.frombuffer(LETTERS.encode(), dtype=np.uint8)[codes]
        return [row.tobytes().decode() for row in chars]

    def commutes_with(self, p: PauliString) -> np.ndarray:
        """Boolean vector: does each string commute with p?"""
        return ~_k.anticommutes_with(self.keys, p.row())

    def anticommutation_matrix(self) -> np.ndarray:
        return _k.anticommutation_matrix(self.keys)

    def __mul__(self, other: PauliList) -> PauliList:
        """Elementwise product with exact phases."""
        if len(other) != len(self) or other.n != self.n:
            raise ValueError("elementwise product needs lists of equal length and qubit count")
        keys, phases = _k.multiply(self.keys, self.phases, other.keys, other.phases)
        return PauliList(keys, self.n, phases)

    def weights(self) -> np.ndarray:
        return _k.weights(self.keys)

    def sorted(self) -> PauliList:
        """Lexicographic on (x words, z words)."""
        order = np.lexsort(self.keys.T[::-1])
        return PauliList(self.keys[order], self.n, self.phases[order])
