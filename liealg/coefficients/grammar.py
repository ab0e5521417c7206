"""Coefficient expressions of generator files: a strict grammar, evaluated exactly, with bounded work.

    expr    := term (('+' | '-') term)*
    term    := unary (('*' | '/') unary)*
    unary   := ('+' | '-') unary | power
    power   := primary (('^' | '**') unary)?          (right associative, binds tighter than unary minus)
    primary := NUMBER | CONSTANT | FUNCTION '(' expr ')' | 'Rational' '(' expr ',' expr ')' | '(' expr ')'

NUMBER is an integer or decimal literal, optionally with an exponent (1e-3);
it is read as the exact rational it spells (0.1 is 1/10). CONSTANT is pi or E;
FUNCTION is sqrt, exp, log, sin, cos or tan. There is no implicit
multiplication: '2 3', '2pi' and '1.2.3' are errors, not products.

Everything is exact: rational arithmetic in `fractions.Fraction` (sympy is not
even imported for a file of rational coefficients), sympy numbers as soon as a
constant, a function or a fractional power appears. Sizes are checked before
anything is evaluated, so that a short line cannot ask for unbounded work:
literal exponents beyond +-MAX_EXPONENT, integer powers whose result would
exceed MAX_DIGITS digits, and roots of degree above MAX_ROOT are refused.
"""

from __future__ import annotations

import math
from fractions import Fraction

from liealg.coefficients.domain import UnsupportedCoefficient
from liealg.errors import InputError

MAX_EXPONENT = 1000  # |e| in a literal like 1e-300
MAX_DIGITS = 10_000  # digits of an exact rational produced by a power
MAX_POWER = 4096  # |n| in x^n for irrational x
MAX_ROOT = 64  # q in x^(p/q)
MAX_LITERAL_DIGITS = 1000

CONSTANTS = ("pi", "E")
FUNCTIONS = ("sqrt", "exp", "log", "sin", "cos", "tan")
IMAGINARY_NAMES = {"I", "i", "j", "J", "im", "imag"}


class ExpressionError(InputError):
    """A malformed or too-large coefficient, at 0-based column `col` of its line."""

    def __init__(self, col: int, message: str):
        self.col, self.message = col, message
        super().__init__(message)


def _sympy():
    import sympy

    return sympy


def _exact(value):
    """Fraction when the value is rational, else the sympy expression."""
    if isinstance(value, Fraction):
        return value
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return value


def _binary(op: str, a, b):
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return {"+": a + b, "-": a - b, "*": a * b, "/": a / b}[op]
    sp = _sympy()
    a, b = sp.sympify(a), sp.sympify(b)
    return _exact({"+": a + b, "-": a - b, "*": a * b, "/": a / b}[op])


def literal(text: str, col: int) -> Fraction:
    """The exact rational a decimal literal spells."""
    mant, _, exp = text.lower().partition("e")
    digits = mant.replace(".", "")
    if len(digits) > MAX_LITERAL_DIGITS:
        raise ExpressionError(col, f"number with more than {MAX_LITERAL_DIGITS} digits")
    e = 0
    if exp:
        if len(exp.lstrip("+-")) > 6 or abs(int(exp)) > MAX_EXPONENT:
            raise ExpressionError(col, f"exponent in {text!r} is beyond ±{MAX_EXPONENT}")
        e = int(exp)
    whole, _, frac = mant.partition(".")
    value = Fraction(int(whole or "0") * 10 ** len(frac) + int(frac or "0"))
    return value * Fraction(10) ** (e - len(frac))


def _digits(q: Fraction) -> int:
    return max(len(str(abs(q.numerator))), len(str(q.denominator)))


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]]):
        self.tokens, self.i = tokens, 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def end_col(self) -> int:
        kind, text, col = self.tokens[-1]
        return col - 1 + len(text)

    def expect(self, text: str, what: str):
        tok = self.peek()
        if tok is None or tok[1] != text:
            col = tok[2] - 1 if tok else self.end_col()
            raise ExpressionError(col, f"expected {text!r} {what}")
        return self.take()

    def parse(self):
        value = self.expr()
        tok = self.peek()
        if tok is not None:
            self.unexpected(tok)
        return value

    def unexpected(self, tok):
        kind, text, col = tok
        if text == ",":
            raise ExpressionError(col - 1, "',' in a coefficient: write numbers without thousands separators "
                                           "(1000, not 1,000)")
        if text in IMAGINARY_NAMES:
            raise ExpressionError(col - 1, f"complex coefficient ({text!r}): generators must be Hermitian, "
                                           "coefficients real")
        prev = self.tokens[self.i - 1][1] if self.i else ""
        if kind == "num" and self.i and self.tokens[self.i - 1][0] == "num" and (
                text.startswith(".") or prev.endswith(".")):
            raise ExpressionError(col - 1 - len(prev), f"malformed number {prev + text!r}")
        if kind == "num" or kind == "name" or text == "(":
            raise ExpressionError(col - 1, f"{text!r} follows {prev!r} without an operator: write "
                                           f"{prev}*{text} for a product (there is no implicit multiplication)")
        raise ExpressionError(col - 1, f"unexpected {text!r}")

    def expr(self):
        value = self.term()
        while (tok := self.peek()) is not None and tok[1] in "+-" and tok[0] == "op":
            self.take()
            rhs = self.term()
            value = _binary(tok[1], value, rhs)
        return value

    def term(self):
        value = self.unary()
        while (tok := self.peek()) is not None and tok[1] in ("*", "/"):
            self.take()
            rhs = self.unary()
            if tok[1] == "/" and rhs == 0:
                raise ExpressionError(tok[2] - 1, "division by zero: the coefficient is not finite")
            value = _binary(tok[1], value, rhs)
        return value

    def unary(self):
        tok = self.peek()
        if tok is not None and tok[1] in ("+", "-") and tok[0] == "op":
            self.take()
            value = self.unary()
            return -value if tok[1] == "-" else value
        return self.power()

    def power(self):
        base = self.primary()
        tok = self.peek()
        if tok is not None and tok[1] in ("^", "**"):
            self.take()
            exponent = self.unary()
            return _checked_power(base, exponent, tok[2] - 1)
        return base

    def primary(self):
        tok = self.take()
        if tok is None:
            raise ExpressionError(self.end_col(), "the coefficient ends where a number was expected")
        kind, text, col = tok
        if kind == "num":
            return literal(text, col - 1)
        if text == "(":
            value = self.expr()
            self.expect(")", "to close '('")
            return value
        if kind == "name":
            if text in CONSTANTS:
                return getattr(_sympy(), text)
            if text in IMAGINARY_NAMES:
                raise ExpressionError(col - 1, f"complex coefficient ({text!r}): generators must be Hermitian, "
                                               "coefficients real")
            if text in FUNCTIONS or text == "Rational":
                return self.call(text, col - 1)
            raise ExpressionError(col - 1, f"unknown name {text!r} in a coefficient (known: "
                                           f"{', '.join([*CONSTANTS, *FUNCTIONS, 'Rational'])})")
        raise ExpressionError(col - 1, f"unexpected {text!r}")

    def call(self, name: str, col: int):
        tok = self.peek()
        if tok is None or tok[1] != "(":
            raise ExpressionError(col, f"{name} needs its argument in parentheses: {name}(...)")
        self.take()
        args = [self.expr()]
        while (tok := self.peek()) is not None and tok[1] == ",":
            self.take()
            args.append(self.expr())
        self.expect(")", f"to close {name}(")
        want = 2 if name == "Rational" else 1
        if len(args) != want:
            raise ExpressionError(col, f"{name} takes {want} argument{'s' if want > 1 else ''}, not {len(args)}")
        if name == "Rational":
            a, b = args
            if not (isinstance(a, Fraction) and isinstance(b, Fraction) and a.denominator == b.denominator == 1):
                raise ExpressionError(col, "Rational(p, q) needs two integers")
            if b == 0:
                raise ExpressionError(col, "division by zero")
            return a / b
        if name == "sqrt":
            return _checked_power(args[0], Fraction(1, 2), col)
        sp = _sympy()
        return _exact(getattr(sp, name)(sp.sympify(args[0])))


def _checked_power(base, exponent, col: int):
    """base ** exponent, refused when the exact result would be unreasonably large."""
    rational_base = isinstance(base, Fraction)
    if isinstance(exponent, Fraction) and exponent.denominator == 1:
        n = abs(exponent.numerator) if len(str(exponent.numerator)) < 12 else math.inf
        if rational_base:
            if base in (0, 1, -1):
                if base == 0 and exponent < 0:
                    raise ExpressionError(col, "division by zero (0 to a negative power)")
                return base ** int(exponent)
            if n * _digits(base) > MAX_DIGITS:
                raise ExpressionError(col, f"power {base}^{exponent} has more than {MAX_DIGITS} digits")
            return base ** int(exponent)
        if n > MAX_POWER:
            raise ExpressionError(col, f"power with exponent {exponent} (limit ±{MAX_POWER} for irrational bases)")
        return _exact(base ** int(exponent))
    sp = _sympy()
    if isinstance(exponent, Fraction):
        if exponent.denominator > MAX_ROOT or abs(exponent.numerator) > MAX_POWER:
            raise ExpressionError(col, f"root {exponent} is beyond the limits (denominator <= {MAX_ROOT}, "
                                       f"numerator <= {MAX_POWER})")
        if rational_base and _digits(base) * abs(exponent.numerator) > MAX_DIGITS:
            raise ExpressionError(col, f"power {base}^({exponent}) is too large")
    return _exact(sp.Pow(sp.sympify(base), sp.sympify(exponent)))


def parse_coefficient(tokens: list[tuple[str, str, int]]):
    """The exact value of a coefficient given as tokens (kind, text, 1-based column)."""
    return _Parser(tokens).parse()


def check_value(value, col: int, text: str) -> None:
    """Refuse coefficients that are not finite nonzero real numbers (exactly, or to 30 certain digits)."""
    if isinstance(value, Fraction):
        if value == 0:
            raise ExpressionError(col, f"coefficient {text!r} is zero")
        return
    sympy = _sympy()
    if value.free_symbols:
        raise ExpressionError(col, f"coefficient {text!r} is not a number")
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ExpressionError(col, f"coefficient {text!r} is not finite")
    if value.is_Rational:
        if value == 0:
            raise ExpressionError(col, f"coefficient {text!r} is zero")
        return
    if value.is_real is False or value.has(sympy.I):
        raise ExpressionError(col, f"coefficient {text!r} is not real: generators must be Hermitian")
    try:
        zero = is_zero(value)
    except ExpressionError as exc:
        raise ExpressionError(col, exc.message) from None
    if zero:
        raise ExpressionError(col, f"coefficient {text!r} is zero")


def is_zero(value) -> bool:
    """Exact zero test: in the coefficient field when liealg.coefficients handles the value, else
    by evaluation to 30 significant digits (refused when even that cannot decide)."""
    if isinstance(value, Fraction):
        return value == 0
    from liealg.coefficients.number_fields import CoefficientField

    try:
        return CoefficientField([value]).is_zero(value)
    except UnsupportedCoefficient:
        pass
    try:
        v = value.evalf(30, strict=True, maxn=400)
    except Exception:  # sympy's PrecisionExhausted and friends: the value sits at zero to working precision
        raise ExpressionError(0, f"cannot tell whether coefficient {value} is zero (it vanishes to 120 digits); "
                                 "simplify it") from None
    if v.as_real_imag()[1] != 0:
        raise ExpressionError(0, f"coefficient {value} is not real")
    return v == 0
