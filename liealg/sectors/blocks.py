"""Blocks inside a sector: finer sectors and qubit involutions that split V further.

`sector_problem(generators, sector)` is what the dense engines take: the generators restricted to
each block of V (the refinements by the symmetries the generators preserve, and the +-1
characters of commuting qubit involutions), with the block bases.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from liealg.errors import SizeLimitError
from liealg.sectors.automorphisms import commuting_involutions, reflection, translation
from liealg.sectors.bases import SectorBasis, check_sector_qubits, restrict_coo, sector_bases, sector_basis
from liealg.sectors.preserved import check_preserved, symmetries
from liealg.sectors.sector import MAX_SUBSPACE, Sector, SectorError
from liealg.sums import PauliSum


# --- blocks: finer sectors inside V --------------------------------------------------------
def refinements(sector: Sector, syms: dict[str, bool]) -> list[Sector]:
    """V as a direct sum of finer sectors, using symmetries of the generators that the request does not
    fix and that commute with it (the closure then works on block-diagonal elements)."""
    n = sector.n
    split_weight = (syms.get("weight") and sector.weight is None and sector.zparity is None
                    and sector.flip is None)
    options: list[tuple[str, list[int]]] = []
    if split_weight:  # the finest U(1) split first: blocks of C(n, w) states
        options.append(("weight", list(range(n + 1))))
    elif syms.get("zparity") and sector.zparity is None and sector.weight is None and not (
            sector.flip is not None and n % 2):
        options.append(("zparity", [1, -1]))
    if syms.get("flip") and sector.flip is None and (split_weight or sector.weight is None
                                                     or 2 * sector.weight == n) and not (
            sector.zparity is not None and n % 2):
        options.append(("flip", [1, -1]))  # after a weight split: only where 2w = n
    if syms.get("reflection") and sector.reflection is None and (
            sector.momentum is None or (2 * sector.momentum) % n == 0):
        options.append(("reflection", [1, -1]))
    if syms.get("momentum") and sector.momentum is None and sector.reflection is None and not any(
            k == "reflection" for k, _ in options):
        options.append(("momentum", list(range(n))))
    out = [sector]
    for key, values in options:
        finer = []
        for s in out:
            try:  # a sector the key does not commute with stays whole; a key is never half-applied to it
                finer.extend(Sector(**{**s.keys, "n": n, key: v}) for v in values)
            except SectorError:
                finer.append(s)
        out = finer
    return out


@dataclass
class SectorProblem:
    """The generators restricted to V, as blocks over finer sectors: what the dense engines close."""

    sector: Sector
    blocks: list[SectorBasis]
    generators: list[PauliSum]
    coo: list[list] = field(default_factory=list)  # coo[k][b]: restrict_coo of generator k on block b

    @property
    def subspace_dim(self) -> int:
        return sum(b.dim for b in self.blocks)

    @property
    def is_real(self) -> bool:
        return all(b.sector.is_real for b in self.blocks)


def sector_problem(gens: list[PauliSum], sector: Sector, refine: bool = True) -> SectorProblem:
    """Validate the sector for the generators and restrict them to it (block by block)."""
    check_sector_qubits(sector.n)
    check_preserved(gens, sector)
    blocks = block_bases(gens, sector, refine)
    dim = sum(b.dim for b in blocks)
    if dim == 0:
        raise SectorError(f"the sector {sector} is empty on {sector.n} qubit{'s' if sector.n != 1 else ''}: no "
                          f"basis state has these eigenvalues, so there is no g_V to close")
    if dim > MAX_SUBSPACE:
        raise SizeLimitError(f"the sector {sector} has dimension {dim:,}; the dense sector engine takes up to "
                             f"{MAX_SUBSPACE:,}: add keys to make it smaller")
    coo = [[restrict_coo(g, b) for b in blocks] for g in gens]
    return SectorProblem(sector, blocks, gens, coo)


#: blocks from qubit involutions are kept at least this large on average (smaller ones cost more in
#: per-block overhead than they save)
MIN_MEAN_BLOCK = 16


def block_bases(gens: list[PauliSum], sector: Sector, refine: bool = True) -> list[SectorBasis]:
    """The non-empty blocks of V: its finer sectors (`refinements`), each split by the +-1 eigenvalues of
    commuting qubit involutions that preserve every generator (`liealg.sectors.automorphisms`, e.g. a graph's
    automorphisms), as many as keep the mean block at least MIN_MEAN_BLOCK states."""

    if not refine:
        return [b for b in [sector_basis(sector)] if b.dim > 0]
    parts = [b for b in (sector_basis(s) for s in refinements(sector, symmetries(gens))) if b.dim > 0]
    total = sum(b.dim for b in parts)
    room = int(math.log2(max(total / (max(len(parts), 1) * MIN_MEAN_BLOCK), 1)))
    if room == 0 or sector.n < 3:
        return parts
    keys = {k for b in parts for k in b.sector.keys}
    fixed = ([translation(sector.n)] if "momentum" in keys else []) + (
        [reflection(sector.n)] if "reflection" in keys else [])
    involutions = commuting_involutions(gens, fixed, max_count=room)
    if not involutions:
        return parts
    return [b for part in parts for b in sector_bases(part.sector, involutions) if b.dim > 0]


def entries(gens) -> int:
    """L: entries of one element in the block representation (sum of squared block sizes)."""
    n = gens[0].n
    if n > 16:
        raise SizeLimitError(f"the block representation is built up to 16 qubits, not {n}")
    return sum(b.dim ** 2 for b in block_bases(gens, Sector(n)))
