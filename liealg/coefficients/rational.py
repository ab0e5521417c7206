"""The field Q: rational coefficients, reduced modulo the primes PRIMES (no sympy)."""

from __future__ import annotations

from fractions import Fraction

from liealg.coefficients.domain import PRIMES, Evaluation, rational_residue


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
