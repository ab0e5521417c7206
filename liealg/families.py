"""Standard generator sets, built as dense labels.

>>> two_local(3, ["XY"])
['XYI', 'IXY']
>>> single_site(2, "Z")
['ZI', 'IZ']
"""

from __future__ import annotations

TOPOLOGIES = ("open", "ring", "complete")


def edges(n: int, topology: str = "open") -> list[tuple[int, int]]:
    """Qubit pairs of an open chain, a ring (periodic chain) or the complete graph."""
    if topology == "open":
        return [(i, i + 1) for i in range(n - 1)]
    if topology in ("ring", "periodic"):
        if n < 3:
            return [(i, i + 1) for i in range(n - 1)]
        return [(i, (i + 1) % n) for i in range(n)]
    if topology == "complete":
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    raise ValueError(f"unknown topology {topology!r}; use one of {', '.join(TOPOLOGIES)}")


def place(n: int, ops: dict[int, str]) -> str:
    """Dense label with letter ops[q] on qubit q and I elsewhere."""
    return "".join(ops.get(q, "I") for q in range(n))


def two_local(n: int, patterns: list[str], topology: str = "open") -> list[str]:
    """Each two-letter pattern (e.g. 'XY') on every edge, first letter on the lower qubit."""
    return [place(n, {i: p[0], j: p[1]}) for i, j in edges(n, topology) for p in patterns]


def single_site(n: int, letter: str) -> list[str]:
    """The letter on every qubit, one string each."""
    return [place(n, {i: letter}) for i in range(n)]


def summed(labels: list[str]) -> str:
    """One generator line that ties the labels' parameters: 'A + B + C'."""
    return " + ".join(labels)
