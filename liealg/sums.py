"""Hermitian Pauli sums H = sum_j c_j P_j with real coefficients.

A generator of a QNN is one such sum (a single string is a sum of one term);
the Lie algebra element it contributes is iH. Terms are stored as sorted,
distinct packed keys (m, 2W) with exact coefficients: rationals as
`fractions.Fraction` (so the common case never imports sympy), anything else
(sqrt(2), pi/4) as a sympy expression. A Python float is the dyadic rational it
holds; a sympy Float marks an approximate value (liealg's own float results).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from liealg.coefficients.grammar import ExpressionError, is_zero
from liealg.errors import FloatRangeError, InputError
from liealg.pauli import PauliList, PauliString, n_words

_ONE = (Fraction(1),)

#: Smallest ratio of two coefficients of one generator that the float path keeps faithfully.
FLOAT_RATIO_LIMIT = 1e-290


class PauliSum:
    """A real linear combination of unphased Pauli strings on n qubits."""

    __slots__ = ("n", "keys", "coeffs")

    def __init__(self, n: int, keys: np.ndarray, coeffs: Iterable):
        keys = np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1, 2 * n_words(n))
        coeffs = [exact_number(c) for c in coeffs]
        if len(coeffs) != len(keys):
            raise ValueError("one coefficient per key is needed")
        # merge duplicate strings and drop zero coefficients
        merged: dict[bytes, list] = {}
        for row, c in zip(keys, coeffs):
            entry = merged.setdefault(row.tobytes(), [row, Fraction(0), 0])
            entry[1] = exact_number(entry[1] + c)
            entry[2] += 1
        rows = [(r, c) for r, c, count in merged.values() if c != 0 and not (count > 1 and _cancels(c))]
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
    def units(cls, keys: np.ndarray, n: int) -> list[PauliSum]:
        """One single-string sum with coefficient 1 per row of `keys` (distinct from the identity or
        not: the caller checks), without the merging `__init__` does for arbitrary terms."""
        keys = np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1, 2 * n_words(n))
        out = []
        for i in range(keys.shape[0]):
            p = object.__new__(cls)
            p.n, p.keys, p.coeffs = n, keys[i: i + 1].copy(), _ONE
            out.append(p)
        return out

    @classmethod
    def from_distinct(cls, n: int, keys: np.ndarray, coeffs: Iterable[Fraction]) -> PauliSum:
        """From distinct keys with nonzero rational coefficients (a result the caller built so), sorted
        here, without the merging `__init__` does for arbitrary terms."""
        keys = np.ascontiguousarray(keys, dtype=np.uint64).reshape(-1, 2 * n_words(n))
        coeffs = tuple(coeffs)
        order = np.lexsort(keys.T[::-1])
        p = object.__new__(cls)
        p.n, p.keys, p.coeffs = n, keys[order], tuple(coeffs[i] for i in order)
        return p

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
        """The coefficients as float64; FloatRangeError when one does not fit (exp(1000), 1e-400)."""
        out = np.array([_float(c) for c in self.coeffs], dtype=np.float64)
        bad = np.flatnonzero(~np.isfinite(out) | (out == 0) | (np.abs(out) < 1e-300))
        if bad.size:
            raise FloatRangeError(f"coefficient {self.coeffs[bad[0]]} of {self} is outside the float64 range")
        return out

    def normalized_float_coeffs(self) -> np.ndarray:
        """The coefficients divided by the largest in magnitude, as float64 (the ratios are computed
        with 30 significant digits first, so huge or tiny common scales do not overflow)."""
        if self.is_rational:
            qs = self.coeffs
            top = max(abs(q) for q in qs)
            ratios = [float(q / top) for q in qs]
        else:
            import sympy

            vals = [sympy.sympify(c).evalf(30) for c in self.coeffs]
            top = max(abs(v) for v in vals)
            ratios = [float(v / top) for v in vals]
        out = np.array(ratios, dtype=np.float64)
        small = np.flatnonzero(np.abs(out) < FLOAT_RATIO_LIMIT)
        if small.size:
            raise FloatRangeError(f"coefficients of one generator differ by more than 10^290 in magnitude "
                                  f"({self.coeffs[small[0]]} in {self}): beyond float64; use the exact path")
        return out

    @property
    def is_rational(self) -> bool:
        return all(isinstance(c, Fraction) for c in self.coeffs)

    @property
    def is_single_string(self) -> bool:
        return len(self.coeffs) == 1

    def __str__(self) -> str:
        parts = []
        for c, lab in zip(self.coeffs, self.strings.labels()):
            negative = c < 0 if isinstance(c, Fraction) else bool(c.is_negative)
            sign = "-" if negative else "+"
            mag = -c if negative else c
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


def exact_number(c):
    """A coefficient as an exact number: Fraction for rationals (ints, Python floats as the dyadic
    rationals they hold, sympy Rationals), a sympy expression otherwise (a sympy Float, liealg's
    marker of an approximate value, stays one)."""
    if isinstance(c, Fraction):
        return c
    if isinstance(c, (int, np.integer)):
        return Fraction(int(c))
    if isinstance(c, (float, np.floating)):
        if not np.isfinite(c):
            raise InputError(f"coefficient {c} is not finite")
        return Fraction(float(c))
    if isinstance(c, (complex, np.complexfloating)):
        if c.imag != 0:
            raise InputError(f"coefficient {c} is not real: generators must be Hermitian")
        return exact_number(c.real)
    if type(c).__module__.startswith("sympy"):
        if getattr(c, "is_Rational", False):
            return Fraction(int(c.p), int(c.q))
        _check_real(c)
        return c
    import sympy

    return exact_number(sympy.sympify(c))


def _check_real(c) -> None:
    """Refuse a sympy coefficient that is not a finite real number (as the file grammar does)."""
    import sympy

    if not isinstance(c, sympy.Basic) or not c.is_number:
        raise InputError(f"coefficient {c} is not a number")
    if c.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise InputError(f"coefficient {c} is not finite")
    if c.is_real is False or c.has(sympy.I):
        raise InputError(f"coefficient {c} is not real: generators must be Hermitian")


def approximate(values) -> list:
    """Float values as coefficients that say they are approximate (sympy Floats), for the float
    results liealg computes (orthonormal bases, centers); exact paths refuse them."""
    import sympy

    return [sympy.Float(float(v)) for v in values]


def float_magnitude(c) -> float:
    """|c| as a float64, inf where it does not fit (1e400, exp(1000))."""
    try:
        return abs(float(c))
    except (OverflowError, TypeError, ValueError):
        return float("inf")


def _float(c) -> float:
    try:
        return float(c)
    except (OverflowError, TypeError, ValueError):
        return float("nan")


def _cancels(c) -> bool:
    """Whether a merged irrational coefficient is exactly zero (e.g. cos(1)^2 XX + sin(1)^2 XX - XX)."""
    if isinstance(c, Fraction):
        return c == 0

    try:
        return is_zero(c)
    except ExpressionError as exc:
        raise ValueError(exc.message) from None
