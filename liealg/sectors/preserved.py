"""Which built-in symmetries (weight, zparity, flip, momentum, reflection) generators preserve.

`breaks(h, key)` says why a generator breaks one (None if it preserves it), `symmetries` gives
all of them, `check_preserved` refuses a sector whose symmetry a generator breaks.
"""

from __future__ import annotations

import numpy as np

from liealg.coefficients.grammar import is_zero
from liealg.pauli import PauliString
from liealg.sectors.sector import KEYS, Sector, SectorError
from liealg.sums import PauliSum


# --- symmetries of generators -----------------------------------------------------------------
def _rotated(p: PauliSum, shift: int) -> PauliSum:
    labels = p.strings.labels()
    return PauliSum.from_terms([(c, lab[-shift:] + lab[:-shift]) for c, lab in zip(p.coeffs, labels)], p.n)


def _reflected(p: PauliSum) -> PauliSum:
    return PauliSum.from_terms([(c, lab[::-1]) for c, lab in zip(p.coeffs, p.strings.labels())], p.n)


def _same(a: PauliSum, b: PauliSum) -> bool:
    if a.keys.shape != b.keys.shape or not np.array_equal(a.keys, b.keys):
        return False
    return all(x == y or is_zero(x - y) for x, y in zip(a.coeffs, b.coeffs))


def _conserves_weight(h: PauliSum) -> bool:
    """[sum_j Z_j, H] = 0, exactly: [Z_j, P] = 2 Z_j P = 2 i^k R (k = 1 or 3) when P has X or Y on qubit j."""
    terms: dict = {}
    for c, s in zip(h.coeffs, h.strings):
        x = s.x
        while x:
            low = x & -x
            x ^= low
            prod = PauliString(n=h.n, z=low) * s  # i^k R with k odd
            key = (prod.x, prod.z)
            terms[key] = terms.get(key, 0) + (c if prod.phase == 1 else -c)

    return all(v == 0 or is_zero(v) for v in terms.values())


def breaks(h: PauliSum, key: str) -> str | None:
    """Why generator h does not commute with symmetry `key` (None when it does)."""
    n = h.n
    if key == "weight":
        return None if _conserves_weight(h) else "it changes the number of qubits in |1> (weight)"
    if key == "zparity":
        bad = [lab for s, lab in zip(h.strings, h.strings.labels()) if bin(s.x).count("1") % 2]
        return f"its term {bad[0]} anticommutes with Z...Z" if bad else None
    if key == "flip":
        bad = [lab for s, lab in zip(h.strings, h.strings.labels()) if bin(s.z).count("1") % 2]
        return f"its term {bad[0]} anticommutes with X...X" if bad else None
    if key == "momentum":
        return None if n == 1 or _same(_rotated(h, 1), h) else "it is not invariant under translation q -> q+1"
    if key == "reflection":
        return None if _same(_reflected(h), h) else "it is not invariant under the reflection q -> n-1-q"
    raise SectorError(f"unknown sector key {key!r}")


def symmetries(gens: list[PauliSum]) -> dict[str, bool]:
    """Which of the sector symmetries commute with every generator."""
    return {key: all(breaks(g, key) is None for g in gens) for key in KEYS}


def check_preserved(gens: list[PauliSum], sector: Sector) -> None:
    """SectorError naming the first generator that does not commute with a requested symmetry."""
    for key in sector.keys:
        for k, g in enumerate(gens):
            why = breaks(g, key)
            if why:
                text = str(g) if len(str(g)) <= 60 else str(g)[:57] + "..."
                raise SectorError(f"generator {k + 1} ({text}) does not preserve the sector {sector}: {why}")
