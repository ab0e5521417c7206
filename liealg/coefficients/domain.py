"""The interface every coefficient field offers, and its maps into GF(p).

In the basis iP the structure constants are integers, so a closure needs only ring operations on
the coefficients: any ring homomorphism phi from the ring the coefficients generate into GF(p)
turns the closure into one over GF(p). Its dimension never exceeds the true one (every
(d+1)-minor of the nested commutators is zero, and phi maps zero to zero), and equals it unless
phi kills one d-minor. A field (`rational.RationalField`, `number_fields.CoefficientField`)
offers: kind, degree, symbols, transcendentals, independence, algebraic_numbers, describe(),
is_zero(c), t_degree(coeffs), substitute(expr), evaluations(count, seed) and
residue(c, evaluation); an `Evaluation` is one such map.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from liealg.errors import InputError

#: The primes of the exact path over Q (all below 2^31 so products fit in int64).
PRIMES = (2147483647, 2147483629, 2147483587, 2147483579)


class UnsupportedCoefficient(InputError):
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
