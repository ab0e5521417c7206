"""g_V, the DLA restricted to a symmetry sector V: `sector_closure`, with the sector's own result type.

`sector_closure(generators, sector)` builds the sector (`liealg.sectors`: V as blocks over the finer
sectors of every other symmetry of the generators) and has the router (`liealg.closure.router`) close
it: `dense-blocks` (`liealg.closure.dense`: the restricted generators on V itself, right for small
subspaces carrying big algebras, the XXZ HVA in a weight sector) or `pauli-image`
(`liealg.closure.image`: g closed as Pauli sums and restricted, right for big subspaces carrying small
algebras, the TFIM HVA in a momentum sector), whichever is cheaper; method 'float' runs the dense
engine's float cross-check on an orthonormal sector basis. The same answers come from
`lie_closure(generators, sector=...)`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from liealg.closure.dense import sector_blocks
from liealg.closure.problem import DEFAULT_MAX_DIM, ClosureProblem
from liealg.closure.router import route
from liealg.sectors.blocks import SectorProblem
from liealg.sectors.sector import Sector

#: sector engines by their names here -> the router's `engine=`
ENGINE_NAMES = {"auto": "auto", "dense-blocks": "dense", "pauli-image": "pauli-image"}


@dataclass
class SectorResult:
    dim: int
    subspace_dim: int
    sector: Sector
    engine: str
    shortcut: str | None
    certificate: dict
    seconds: float
    blocks: list[int] = field(default_factory=list)
    problem: SectorProblem | None = field(default=None, repr=False)


def sector_closure(gens, sector, *, method: str = "auto", max_dim: int = DEFAULT_MAX_DIM, progress=None,
                   engine: str = "auto") -> SectorResult:
    """dim g_V for the sector V (a Sector, dict or KEY=VALUE strings) of the generators (PauliSums)."""
    t0 = time.perf_counter()
    sector = Sector.parse(sector, gens[0].n)
    if method not in ("auto", "exact", "float"):
        raise ValueError(f"method {method!r} does not apply to sectors: use auto, exact or float")
    if engine not in ENGINE_NAMES:
        raise ValueError(f"unknown sector engine {engine!r}: use auto, dense-blocks or pauli-image")
    problem = ClosureProblem(list(gens), method=method, engine=ENGINE_NAMES[engine], sector=sector,
                             max_dim=max_dim, progress=progress)
    res = route(problem)
    return SectorResult(res.dim, res.subspace_dim, sector, res.engine, res.shortcut, res.certificate,
                        time.perf_counter() - t0, res.blocks, sector_blocks(problem))
