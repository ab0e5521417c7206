"""Coefficients of Pauli sums: the grammar, and the fields a closure computes over.

    grammar        the coefficient expression grammar (exact rationals, sympy for the rest)
    domain         the interface of a field: Evaluation (a map into GF(p)), PRIMES, UnsupportedCoefficient
    rational       Q (no sympy)
    number_fields  number fields Q(theta) and transcendental constants as indeterminates (sympy)
    fields         `field_of`: the field of a list of generators
"""

from liealg._lazy import lazy_package

#: public name -> the module that defines it
NAMES = {
    "CONSTANTS": "grammar",
    "CoefficientField": "number_fields",
    "Evaluation": "domain",
    "ExpressionError": "grammar",
    "FUNCTIONS": "grammar",
    "IMAGINARY_NAMES": "grammar",
    "MAX_DIGITS": "grammar",
    "MAX_EXPONENT": "grammar",
    "MAX_LITERAL_DIGITS": "grammar",
    "MAX_POWER": "grammar",
    "MAX_ROOT": "grammar",
    "RationalField": "rational",
    "UnsupportedCoefficient": "domain",
    "check_value": "grammar",
    "field_of": "fields",
    "is_zero": "grammar",
    "literal": "grammar",
    "parse_coefficient": "grammar",
    "rational_residue": "domain",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
