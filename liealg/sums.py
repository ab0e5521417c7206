"""Hermitian Pauli sums H = sum_j c_j P_j with real coefficients.

A generator of a QNN is one such sum (a single string is a sum of one term);
the Lie algebra element it contributes is iH. Terms are stored as sorted,
distinct packed keys (m, 2W) and their coefficients twice: exactly, as sympy
numbers (rationals stay rationals, sqrt(2) stays sqrt(2)), and as float64.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import sympy

from .pauli import PauliList, PauliString, n_words


class PauliSum:
    """A real linear combination of unphased Pauli strings on n qubits."""

    __slots__ = ("n", "keys", "coeffs")

    def __init__(self, n: int, keys: np.ndarray, coeffs: Iterable):
        keys = np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1, 2 * n_words(n))
        coeffs = [sympy.Float(c) if isinstance(c, float) else sympy.sympify(c) for c in coeffs]
        if len(coeffs) != len(keys):
            raise ValueError("one coefficient per key is needed")
        # merge duplicate strings and drop zero coefficients
        merged: dict[bytes, list] = {}
        for row, c in zip(keys, coeffs):
            entry = merged.setdefault(row.tobytes(), [row, sympy.Integer(0)])
            entry[1] = entry[1] + c
        rows = [(r, c) for r, c in merged.values() if c != 0]
        if rows:
            k = np.array([r for r, _ in rows], dtype=np.uint64)
            order = np.lexsort(k.T[::-1])
            self.keys = k[order]
            self.coeffs = tuple(rows[i][1] for i in order)
        else:
            self.keys = np.zeros((0, 2 * n_words(n)), dtype=np.uint64)
            self.coeffs = ()
        self.n = n

    @classmethod
    def from_terms(cls, terms: Iterable[tuple], n: int | None = None) -> PauliSum:
        """From (coefficient, PauliString or label) pairs."""
        strings, coeffs = [], []
        for c, p in terms:
            p = PauliString(p) if isinstance(p, str) else p
            if p.phase % 2:
                raise ValueError(f"{p} is not Hermitian")
            strings.append(p.unsigned)
            coeffs.append(-c if p.phase == 2 else c)
        if n is None:
            n = strings[0].n
        return cls(n, PauliList.from_strings(strings, n).keys, coeffs)

    def __len__(self) -> int:
        return len(self.coeffs)

    @property
    def strings(self) -> PauliList:
        return PauliList(self.keys, self.n)

    @property
    def float_coeffs(self) -> np.ndarray:
        return np.array([float(c) for c in self.coeffs], dtype=np.float64)

    @property
    def is_rational(self) -> bool:
        return all(c.is_Rational for c in self.coeffs)

    @property
    def is_single_string(self) -> bool:
        return len(self.coeffs) == 1

    def __str__(self) -> str:
        parts = []
        for c, lab in zip(self.coeffs, self.strings.labels()):
            sign = "-" if c.is_negative else "+"
            mag = -c if c.is_negative else c
            term = lab if mag == 1 else f"{mag} {lab}"
            parts.append((sign, term))
        if not parts:
            return "0"
        text = ("-" if parts[0][0] == "-" else "") + parts[0][1]
        for sign, term in parts[1:]:
            text += f" {sign} {term}"
        return text

    def __repr__(self) -> str:
        return f"PauliSum({str(self)!r}, n={self.n})"

    def to_matrix(self) -> np.ndarray:
        """Dense Hermitian matrix (small n only)."""
        out = 0
        for c, p in zip(self.float_coeffs, self.strings):
            out = out + c * p.to_matrix()
        return np.asarray(out)
