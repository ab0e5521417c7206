"""`field_of(generators)`: the coefficient field a closure computes over.

`RationalField` (no sympy) when every coefficient is rational, else
`liealg.coefficients.number_fields.CoefficientField` (number fields such as Q(sqrt(2)),
transcendental constants as indeterminates); see `liealg.coefficients.domain` for the interface.
"""

from __future__ import annotations

from fractions import Fraction

from liealg.coefficients.rational import RationalField


def field_of(gens):
    """The coefficient field of a list of PauliSums (UnsupportedCoefficient when the exact path
    cannot take a coefficient)."""
    coeffs = [c for g in gens for c in g.coeffs]
    if all(isinstance(c, Fraction) for c in coeffs):
        return RationalField()
    from liealg.coefficients.number_fields import CoefficientField

    return CoefficientField(coeffs)


__all__ = ["field_of"]
