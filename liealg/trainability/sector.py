"""The initial state's symmetry sector V and the algebra g_V the circuit sees there."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from liealg.closure.dense import close_float
from liealg.errors import AlgebraTooLargeError, InputError, SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.io.states import initial_state
from liealg.sectors.bases import coordinates
from liealg.sectors.blocks import sector_problem
from liealg.sectors.preserved import symmetries
from liealg.sectors.states import state_sector
from liealg.structure.algebra import sector_closure
from liealg.structure.cyclic import state_sector as cyclic_sector
from liealg.trainability.ranks import NOISE_FLOOR


# --- symmetry sectors ----------------------------------------------------------------------------
@dataclass
class SectorReport:
    """The sector V of the generators' symmetries that the initial state lies in, dim V, dim g_V (exact)
    and R_V = dim g_V - dim{X in g_V : [X, rho] = 0} (float, on an orthonormal sector basis), which
    equals R: the orbit of rho only sees g_V."""

    sector: dict
    subspace_dim: int
    dim_g_V: int
    R_V: int | None  # None when the float closure of the sector disagrees with the exact dim g_V
    engine: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def own_sector(generators, state):
    """The state's own sector (`liealg.structure.cyclic.state_sector`: the smallest invariant subspace that
    contains it, cut out by every conserved quantity, named or not), or (None, reason)."""
    try:
        return cyclic_sector(generators, state), None
    except (InputError, SizeLimitError, UncertifiedError) as exc:
        return None, str(exc)


def sector_report(generators, state) -> SectorReport | None:
    """SectorReport for a product state ('plus', 'zero', '0101') in a sector of the generators'
    symmetries; None when the state lies in no such sector (or the generators have none)."""

    gens = as_generators(generators)
    n = gens[0].n
    if n > 62:
        return None
    sec = state_sector(state, n, symmetries(gens))
    if sec is None:
        return None
    exact = sector_closure(gens, sec)
    problem = sector_problem(gens, sec)
    psi = initial_state(state, n)
    coords = [coordinates(b, psi) for b in problem.blocks]
    if abs(sum(float(np.vdot(c, c).real) for c in coords) - 1.0) > 1e-9:
        return None  # not in the sector after all
    try:
        flt = close_float(problem, max_dim=exact.dim)  # more elements than the exact dim: rounding, stop
    except AlgebraTooLargeError:
        flt = None
    if flt is None or len(flt.spans[0]) != exact.dim:  # the float basis of g_V is not trustworthy: no R_V
        return SectorReport(sec.keys, exact.subspace_dim, exact.dim, None, exact.engine)
    layout = flt.blocks_layout
    vecs = []
    for q in flt.spans[0]:
        parts = []
        for b, c in enumerate(coords):
            d = problem.blocks[b].dim
            Xb = q[layout.offsets[b]:layout.offsets[b + 1]].reshape(d, d)
            parts.append(Xb @ c)
        v = np.concatenate(parts)
        psi_v = np.concatenate(coords)
        v = v - np.vdot(psi_v, v) * psi_v
        vecs.append(np.concatenate([v.real, v.imag]))
    R_V = 0
    if vecs:
        s = np.linalg.svd(np.array(vecs), compute_uv=False)
        R_V = int(np.sum(s > max(1e-9 * s[0], NOISE_FLOOR)))
    return SectorReport(sec.keys, exact.subspace_dim, exact.dim, R_V, exact.engine)
