"""The certificate of every modular engine: two primes agree on the largest dimension.

For any ring map of the coefficients into GF(p) the dimension modulo p is at most the true one (every
(d+1)-minor of the nested commutators is zero and stays zero), with equality for all but finitely
many primes (and, with indeterminates, all but a fraction of the points: Schwartz-Zippel). So the
answer is the largest dimension seen, certified when at least two primes reach it, or proved by an
exact shortcut from one prime (an upper bound reached, or the constituent strings contained).
"""

from __future__ import annotations

from liealg.errors import UncertifiedError


def agreed(dims: dict[int, int]) -> bool:
    """Do at least two primes reach the largest dimension seen so far?"""
    best = max(dims.values())
    return sum(1 for d in dims.values() if d == best) >= 2


def certified_dimension(dims: dict[int, int], *, proved: bool = False, what: str = "the exact closure is",
                        seen: str = "dimensions modulo the primes") -> int:
    """The largest of the per-prime dimensions `dims` (prime -> dim), when two primes agree on it or a
    shortcut `proved` it; UncertifiedError otherwise (the per-prime dimensions in the message)."""
    if not dims:
        raise UncertifiedError(f"{what} not certified: no prime served")
    if proved or agreed(dims):
        return max(dims.values())
    raise UncertifiedError(f"{what} not certified: {seen} "
                           f"{', '.join(f'{p}: {d}' for p, d in dims.items())} do not agree twice at the top")


def prime_record(dims: dict[int, int]) -> dict:
    """The certificate's per-prime part."""
    return {"primes": {str(p): d for p, d in dims.items()}, "agree": True}
