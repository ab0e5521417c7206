"""The results of a structure analysis: simple ideals with their types, and decompositions g = z + sum of
simple ideals."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class SimpleIdeal:
    name: str  # canonical, e.g. "su(4)"
    cartan: str  # e.g. "A3"
    dim: int  # of one copy
    rank: int  # of one copy
    copies: int = 1  # the ideal occurs this many times (all isomorphic)
    alias: str | None = None  # the family's own name where names coincide, e.g. "so(6)" for su(4)
    per_alias: int = 1  # copies of this ideal in one `alias` (2 for so(4) = su(2) + su(2))

    def __str__(self) -> str:
        canonical = f"{_times(self.copies)}{self.name}"
        if self.alias is None:
            return canonical
        return f"{_times(self.copies // self.per_alias)}{self.alias} ≅ {canonical}"


def _times(k: int) -> str:
    return "" if k == 1 else f"{k} × "


@dataclass
class Decomposition:
    """g = ideals[0] + ideals[1] + ... + u(1)^center_dim."""

    ideals: list[SimpleIdeal]
    center_dim: int
    dim: int
    rank: int = 0
    notes: list[str] = field(default_factory=list)
    method: str = "root-system"  # or "anticommutation-graph"

    def grouped(self) -> list[SimpleIdeal]:
        """The ideals with isomorphic ones (of the same family name) merged into one entry with
        `copies`, largest first."""
        merged: dict[tuple, SimpleIdeal] = {}
        for i in self.ideals:
            key = (i.name, i.alias)
            prev = merged.get(key)
            copies = i.copies + (prev.copies if prev else 0)
            merged[key] = SimpleIdeal(i.name, i.cartan, i.dim, i.rank, copies, i.alias, i.per_alias)
        return sorted(merged.values(), key=lambda i: (-i.dim, i.name, i.alias or ""))

    def __str__(self) -> str:
        """One vocabulary everywhere: 'k × g' for k copies of a simple ideal, '⊕' between different
        ones, 'u(1)^k' for the center, and 'so(6) ≅ su(4)' where the family's name and the
        canonical one differ."""
        parts = [str(i) for i in self.grouped()]
        if self.center_dim:
            parts.append("u(1)" if self.center_dim == 1 else f"u(1)^{self.center_dim}")
        return " ⊕ ".join(parts) if parts else "0"

    def canonical(self) -> str:
        """The type in canonical names only (no family names): for comparing decompositions."""
        parts = [f"{_times(i.copies)}{i.name}" for i in self.grouped()]
        if self.center_dim:
            parts.append("u(1)" if self.center_dim == 1 else f"u(1)^{self.center_dim}")
        return " ⊕ ".join(parts) if parts else "0"

    def details(self, digits: int | None = None) -> str:
        """Each ideal with its Cartan type, dimension and rank; the center with its dimension. With
        `digits`, a number of more digits is written in scientific notation (`short_number`)."""
        num = (lambda v: str(v)) if digits is None else (lambda v: short_number(v, digits))
        parts = [f"{i} [{i.cartan}, dim {num(i.dim)}, rank {num(i.rank)}]" for i in self.grouped()]
        if self.center_dim:
            u = "u(1)" if self.center_dim == 1 else f"u(1)^{self.center_dim}"
            parts.append(f"{u} [center, dim {num(self.center_dim)}]")
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"dim": self.dim, "type": str(self), "center_dim": self.center_dim, "rank": self.rank,
                "method": self.method,
                "ideals": [{"name": i.name, "cartan": i.cartan, "dim": i.dim, "rank": i.rank, "copies": i.copies,
                            **({"alias": i.alias} if i.alias else {})} for i in self.grouped()]}


def short_number(value: int, digits: int = 24) -> str:
    """An integer as written, or, beyond `digits` digits, as 1.1481e602 (its exact digits are in --json).

    >>> short_number(15), short_number(4**1000 - 1)
    ('15', '1.1481e602')
    """
    text = str(value)
    if len(text.lstrip("-")) <= digits:
        return text
    sign, body = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}{body[0]}.{body[1:5]}e{len(body) - 1}"


def ideals_from_roots(pos_roots: np.ndarray, rank: int) -> tuple[list[SimpleIdeal], list[list[int]]]:
    m = len(pos_roots)
    norms = np.linalg.norm(pos_roots, axis=1) if m else np.zeros(0)
    scale = norms.max() if m else 1.0
    gram = pos_roots @ pos_roots.T if m else np.zeros((0, 0))
    adjacency = np.abs(gram) > 1e-6 * scale ** 2
    seen = np.zeros(m, dtype=bool)
    ideals, comps = [], []
    for start in range(m):
        if seen[start]:
            continue
        comp, stack = [], [start]
        seen[start] = True
        while stack:
            a = stack.pop()
            comp.append(a)
            for b in np.flatnonzero(adjacency[a] & ~seen):
                seen[b] = True
                stack.append(b)
        comp_roots = pos_roots[comp]
        r = int(np.linalg.matrix_rank(comp_roots, tol=1e-6 * scale))
        lengths = np.linalg.norm(comp_roots, axis=1) ** 2
        ideals.append(_name(r, 2 * len(comp), lengths))
        comps.append(comp)
    used = sum(i.rank for i in ideals)
    if used != rank:  # abelian directions of [g,g] cannot exist for a semisimple part
        raise ArithmeticError(f"root analysis inconsistent (rank {rank}, ideals use {used}); "
                              "the numerical rank detection failed")
    return ideals, comps


def _name(r: int, n_roots: int, sq_lengths: np.ndarray) -> SimpleIdeal:
    dim = r + n_roots
    longest = sq_lengths.max()
    n_long = int(np.sum(sq_lengths > 0.75 * longest)) * 2
    n_short = n_roots - n_long
    if r == 1:
        return SimpleIdeal("su(2)", "A1", dim, 1)
    if n_short == 0:
        if n_roots == r * (r + 1):
            return SimpleIdeal("su(4)" if r == 3 else f"su({r + 1})", f"A{r}", dim, r)
        if n_roots == 2 * r * (r - 1):
            return SimpleIdeal(f"so({2 * r})", f"D{r}", dim, r)
        exceptional = {(6, 72): "e6", (7, 126): "e7", (8, 240): "e8"}
        if (r, n_roots) in exceptional:
            name = exceptional[r, n_roots]
            return SimpleIdeal(name, name.upper(), dim, r)
    else:
        if r == 2 and n_roots == 12:
            return SimpleIdeal("g2", "G2", dim, r)
        if r == 4 and n_roots == 48:
            return SimpleIdeal("f4", "F4", dim, r)
        if n_roots == 2 * r * r:
            if r == 2:
                return SimpleIdeal("sp(2)", "C2", dim, r)
            # B_r: 2r short roots; C_r: 2r long roots
            if n_short == 2 * r:
                return SimpleIdeal(f"so({2 * r + 1})", f"B{r}", dim, r)
            if n_long == 2 * r:
                return SimpleIdeal(f"sp({r})", f"C{r}", dim, r)
    raise ArithmeticError(f"unrecognized root system: rank {r}, {n_roots} roots, {n_short} short")
