"""Coefficient fields of Pauli-sum generators and their maps into GF(p): the interface.

In the basis iP the structure constants are integers, so a closure needs only
ring operations on the coefficients: any ring homomorphism phi from the ring the
coefficients generate into GF(p) turns the closure into one over GF(p). Its
dimension never exceeds the true one (every (d+1)-minor of the nested commutators
is zero, and phi maps zero to zero), and equals it unless phi kills one d-minor.

`field_of(generators)` gives the field of a closure: `RationalField` (here, no
sympy) when every coefficient is rational, else `liealg.number_fields.
CoefficientField` (number fields such as Q(sqrt(2)), transcendental constants as
indeterminates). Both offer: kind, degree, symbols, transcendentals,
independence, algebraic_numbers, describe(), is_zero(c), t_degree(coeffs),
substitute(expr), evaluations(count, seed) and residue(c, evaluation).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

#: The primes of the exact path over Q (all below 2^31 so products fit in int64).
PRIMES = (2147483647, 2147483629, 2147483587, 2147483579)


class UnsupportedCoefficient(ValueError):
    """A coefficient outside the fields the exact path handles (or beyond its limits)."""

    def __init__(self, expr, reason: str):
        self.expr, self.reason = expr, reason
        super().__init__(f"coefficient {expr}: {reason}")


@dataclass
class Evaluation:
    """One ring homomorphism into GF(p): theta -> theta_root, indeterminate t_i -> values[i]."""

    p: int
    theta_root: int | None
    values: tuple[int, ...]


def rational_residue(q: Fraction, p: int) -> int:
    """A rational as an element of GF(p); ZeroDivisionError when p divides its denominator."""
    if q.denominator % p == 0:
        raise ZeroDivisionError(f"denominator of {q} is divisible by the prime {p}")
    return q.numerator % p * pow(q.denominator, -1, p) % p


class RationalField:
    """Q, with reduction modulo the primes PRIMES."""

    kind = "rational"
    degree = 1
    symbols: list = []
    transcendentals: list = []
    algebraic_numbers: list = []
    independence = None

    def describe(self) -> dict:
        return {"kind": "rational"}

    def is_zero(self, c) -> bool:
        return c == 0

    def t_degree(self, coeffs) -> int:
        return 0

    def substitute(self, expr):
        return expr

    def evaluations(self, count: int, *, seed: int = 0) -> list[Evaluation]:
        return [Evaluation(p, None, ()) for p in PRIMES[:count]]

    def evaluation_at(self, p: int, rng=None) -> Evaluation:
        return Evaluation(p, None, ())

    def residue(self, c: Fraction, ev: Evaluation) -> int:
        return rational_residue(c, ev.p)


def field_of(gens):
    """The coefficient field of a list of PauliSums (UnsupportedCoefficient when the exact path
    cannot take a coefficient)."""
    coeffs = [c for g in gens for c in g.coeffs]
    if all(isinstance(c, Fraction) for c in coeffs):
        return RationalField()
    from .number_fields import CoefficientField

    return CoefficientField(coeffs)


def __getattr__(name: str):
    if name == "CoefficientField":
        from .number_fields import CoefficientField

        return CoefficientField
    raise AttributeError(f"module 'liealg.fields' has no attribute {name!r}")


__all__ = ["Evaluation", "PRIMES", "RationalField", "UnsupportedCoefficient", "field_of", "rational_residue"]
