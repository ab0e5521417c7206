"""QFI rank sweeps: the capacity of a circuit and the critical parameter count M_c.

`qfi_rank_sweep` computes the maximal rank of the quantum Fisher information over random
parameter points for depths L = 1, 2, ...; the rank saturates at R (`orbit_dimension`) once
M = L K passes M_c (Larocca et al., Nat. Comput. Sci. 3, 542 (2023)). The circuit engine is
chosen by `liealg.circuits.chooser.circuit`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from liealg.circuits.base import check_work, layer_count
from liealg.circuits.chooser import circuit, closure_for
from liealg.circuits.statevector import MAX_QUBITS, qfi_matrix
from liealg.errors import EngineError, InputError, SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.resources import check_memory
from liealg.structure.isotypic import SPACE_QUBITS, component_spaces
from liealg.trainability.components import ComponentQFI, ComponentSweep, component_orbit
from liealg.trainability.orbit import orbit_dimension
from liealg.trainability.ranks import NOISE_FLOOR, RTOL, TANGENT_RTOL, generator_scale, rank_and_gap, saturation
from liealg.trainability.sector import SectorReport, own_sector, sector_report

#: the state's own sector (every conserved quantity, `liealg.structure.cyclic`) is reported up to this many qubits
OWN_SECTOR_QUBITS = 14
#: R, capacity and M_c per isotypic component (statevector engine) up to the components' aligned bases' limit
COMPONENT_QUBITS = SPACE_QUBITS


# --- QFI rank sweep ------------------------------------------------------------------
@dataclass
class RankRow:
    layers: int
    M: int
    rank: int | None  # max over points; None when a point's rank exceeded R (the numerics failed)
    gap: float  # smallest counted / largest uncounted eigenvalue, for the sample reaching `rank`
    ranks: list  # per sample (None where the rank exceeded R)


@dataclass
class SweepResult:
    rows: list[RankRow]
    dim_g: int
    R: int
    K: int
    rtol: float
    seconds: float
    floor: float = 0.0
    notes: list[str] = field(default_factory=list)
    sector: SectorReport | None = None  # the symmetry sector of the initial state, when there is one
    own_sector: object = None  # liealg.structure.cyclic.StateSector: the state's sector under every symmetry
    engine: dict | None = None  # the circuit engine and why (liealg.circuits.chooser.Choice.as_dict)
    components: list[ComponentSweep] | None = None  # per isotypic component the state has weight on

    @property
    def max_rank(self) -> int | None:
        ranks = [r.rank for r in self.rows if r.rank is not None]
        return max(ranks) if ranks else None

    @property
    def capacity(self) -> int | None:
        """The circuit's capacity, its effective quantum dimension (Larocca et al. 2023; Haug et al. 2021):
        the maximal QFI rank over parameters at the largest depth swept. It can reach R and no more."""
        return self.rows[-1].rank if self.rows else None

    @property
    def M_c(self) -> int | None:
        """The smallest M at which the max QFI rank reaches its largest value and stays there for at
        least two consecutive depths; None when that is not seen (see `M_c_reason`)."""
        return self._saturation()[0]

    @property
    def M_c_reason(self) -> str:
        return self._saturation()[1]

    def _saturation(self) -> tuple[int | None, str]:
        return saturation(self.rows)

    def as_dict(self) -> dict:
        return {"dim_g": self.dim_g, "R": self.R, "K": self.K, "M_c": self.M_c, "M_c_reason": self.M_c_reason,
                "max_rank": self.max_rank, "capacity": self.capacity, "noise_floor": self.floor,
                "sector": self.sector.as_dict() if self.sector else None,
                "own_sector": self.own_sector.as_dict() if self.own_sector else None, "engine": self.engine,
                "components": None if self.components is None else [c.as_dict() for c in self.components],
                "rtol": self.rtol, "seconds": round(self.seconds, 4), "notes": self.notes,
                "rows": [{"layers": r.layers, "M": r.M, "rank": r.rank, "gap": r.gap, "ranks": r.ranks}
                         for r in self.rows]}




def _tangent_ranks(T: np.ndarray, sizes: list[int], rtol: float, h: float) -> list[tuple[int, float]]:
    """(rank, gap) of F = T T^T restricted to the first m parameters, for each m in `sizes`.

    One QR of T^T gives all of them: the leading m x m block of its triangular factor has the
    singular values of T[:m]. A singular value counts when it exceeds rtol times the largest
    and the rounding floor 1e-15 sqrt(m) max|H_k|; the gap is reported for the eigenvalues of F
    (the squared ratio of the smallest counted to the largest dropped singular value).
    """
    import scipy.linalg as sla

    Rf = sla.qr(T[: max(sizes)].T, mode="r")[0] if T.size else np.zeros((0, 0))
    out = []
    for m in sizes:
        s = np.linalg.svd(Rf[:m, :m], compute_uv=False) if m else np.zeros(0)
        if s.size == 0 or s[0] == 0:
            out.append((0, float("inf")))
            continue
        floor = 1e-15 * np.sqrt(m) * h
        cut = max(rtol * s[0], floor)
        r = int(np.sum(s > cut))
        if r == 0:
            out.append((0, float("inf")))
            continue
        below = s[r] if r < s.size else 0.0
        out.append((r, float((s[r - 1] / max(below, floor)) ** 2)))
    return out




def _components(gens, state, R: int):
    """([ComponentSweep], ComponentQFI) for the components the state has weight on, or (None, reason).
    R_lambda is checked against the exact R: max R_lambda <= R <= sum R_lambda + t - 1."""
    try:
        _, spaces = component_spaces(gens, state)
        sweeps = []
        for sp in spaces:
            Rc, r = component_orbit(sp)
            c = sp.component
            sweeps.append(ComponentSweep(c.d, c.m, c.image_type, c.weight, Rc, r))
    except (UncertifiedError, SizeLimitError) as exc:
        return None, str(exc)
    Rs = [c.R for c in sweeps]
    if not Rs or max(Rs) > R or R > sum(Rs) + len(Rs) - 1:
        return None, (f"the float ranks R_lambda = {Rs} contradict the exact R = {R} (max R_lambda <= R <= "
                      "sum R_lambda + t - 1)")
    return (sweeps, ComponentQFI(spaces)), None


def qfi_rank_sweep(generators, state="plus", layers: Sequence[int] = range(1, 11), points: int = 5,
                   rtol: float | None = None, seed: int = 0, alg=None, progress: Callable | None = None,
                   sectors: bool = True, engine: str = "auto", exact: bool = False,
                   on_point: Callable | None = None, components: bool = True) -> SweepResult:
    """Max QFI rank over `points` random parameter points theta for each depth in `layers`, beside
    dim g and R.

    One Jacobian at the largest depth per sample gives every depth: the QFI of the
    first L layers is the leading M x M block of the deeper circuit's QFI (the
    later layers act unitarily on both psi and its derivatives).

    `engine` (auto, statevector, fermion) simulates the circuit (`liealg.circuits.chooser`). The
    free-fermion engine gives the Jacobian itself (F = T T^T): its rank is taken from the
    singular values of T, to full double precision, and `rtol` (default TANGENT_RTOL) then
    applies to them (the QFI eigenvalues are their squares); the statevector engine takes the
    eigenvalues of F (`rtol` default RTOL).

    `exact` (free-fermion engine): ranks modulo a prime at random rational points instead
    (`FermionQNN.exact_ranks`): no tolerance, each a lower bound of the generic rank that is
    certified when it equals M or R; the gap column is then inf.

    `components` (statevector engine, n <= COMPONENT_QUBITS): also R, capacity and M_c per isotypic
    component the state has weight on (`liealg.trainability.components`), from the same points.

    `on_point(done, points, best)` is called after each point with the largest rank per depth
    so far (None where a rank exceeded R): partial results for a log while a long sweep runs.
    """
    t0 = time.perf_counter()
    gens = as_generators(generators)
    layers = sorted(set(layer_count(x) for x in layers))
    if not layers:
        raise InputError("no depths to sweep")
    if points < 1:
        raise InputError("points must be at least 1")
    check_work("QFI points x parameters", points, layers[-1] * len(gens))
    if rtol is not None and not (0 < rtol < 1):
        raise ValueError(f"rtol must lie in (0, 1), not {rtol}")
    alg = alg if alg is not None else closure_for(gens, state, engine)
    R = orbit_dimension(alg, state)

    qnn, choice = circuit(gens, layers[-1], state, engine, need="qfi", alg=alg)
    check_memory(f"the QFI of {qnn.n_params:,} parameters ({qnn.engine} engine)", qnn.work_memory("qfi"))
    rng = np.random.default_rng(seed)
    K = qnn.K
    h = generator_scale(gens)
    tangent = qnn.gives_tangents
    rtol = rtol if rtol is not None else (TANGENT_RTOL if tangent else RTOL)
    per_sample = []
    comp_notes: list[str] = []
    parts = None
    if components and not tangent and not exact and qnn.n <= COMPONENT_QUBITS:
        parts, why = _components(gens, state, R)
        if parts is None:
            comp_notes.append(f"R and M_c per isotypic component are not given: {why}")
    elif components and qnn.n <= COMPONENT_QUBITS:
        comp_notes.append(f"R and M_c per isotypic component come from the statevector engine (--engine "
                          f"statevector), not the {qnn.engine} engine{' with exact ranks' if exact else ''}")
    comp_samples = []
    if exact and not tangent:
        raise EngineError(f"exact QFI ranks come from the free-fermion engine, not the {qnn.engine} engine")
    for s in range(points):
        theta = rng.uniform(0, 2 * np.pi, qnn.n_params)
        if exact:
            per_sample.append([(r, float("inf")) for r in qnn.exact_ranks([L * K for L in layers], rng)])
        elif tangent:
            per_sample.append(_tangent_ranks(qnn.qfi_factor(theta), [L * K for L in layers], rtol, h))
        else:
            if parts is None:
                F = qnn.qfi(theta)
            else:  # the Jacobian serves the whole circuit's QFI and the components'
                psi, J = qnn.jacobian(theta)
                F = qfi_matrix(psi, J)
            per_sample.append([rank_and_gap(F[: L * K, : L * K], rtol, NOISE_FLOOR * L * K * h * h)
                               for L in layers])
        if parts is not None:
            try:
                Fs = parts[1].matrices(psi, J)
            except UncertifiedError as exc:
                comp_notes.append(f"R and M_c per isotypic component are not given: {exc}")
                parts = None
            else:
                comp_samples.append([[rank_and_gap(Fc[: L * K, : L * K], rtol, NOISE_FLOOR * L * K * h * h
                                                   / c.weight) for L in layers]
                                     for Fc, c in zip(Fs, parts[0])])
        if on_point:
            on_point(s + 1, points, [None if any(ps[t][0] > R for ps in per_sample) else
                                     max(ps[t][0] for ps in per_sample) for t in range(len(layers))])
        if progress:
            progress(s + 1, points)
    rows, failed = [], []
    for t, L in enumerate(layers):
        ranks = [ps[t][0] if ps[t][0] <= R else None for ps in per_sample]
        if any(r is None for r in ranks):  # impossible in exact arithmetic: the numerics failed
            failed.append(L)
            rows.append(RankRow(L, L * K, None, float("nan"), ranks))
            continue
        best = int(np.argmax(ranks))
        rows.append(RankRow(L, L * K, ranks[best], per_sample[best][t][1], ranks))
    res = SweepResult(rows, alg.dim, R, K, rtol, time.perf_counter() - t0, NOISE_FLOOR * h * h,
                      engine=choice.as_dict())
    if parts is not None:
        for i, comp in enumerate(parts[0]):
            for t, L in enumerate(layers):
                ranks = [cs[i][t][0] for cs in comp_samples]
                best = int(np.argmax(ranks))
                rank = ranks[best] if ranks[best] <= comp.R else None  # above R_lambda: the numerics failed
                comp.rows.append(RankRow(L, L * K, rank, comp_samples[best][i][t][1], ranks))
        res.components = parts[0]
        weak = sorted({r.layers for c in parts[0] for r in c.rows if r.rank is not None and r.gap < 1e3})
        if weak:
            comp_notes.append(f"at L = {', '.join(map(str, weak))} a component's rank cut has a gap below 1e3, so "
                              "that component's rank may be low")
    res.notes.extend(comp_notes)
    if sectors and qnn.n <= MAX_QUBITS:  # the sector bases are vectors of the 2^n-dimensional space
        res.sector = sector_report(gens, state)
        if res.sector is not None and res.sector.R_V is None:
            res.notes.append("R from g_V is not given: the float closure of the sector disagreed with the exact "
                             "dim g_V")
        elif res.sector is not None and res.sector.R_V != R:  # theory: the same orbit; a mismatch is numerical
            res.notes.append(f"R from g_V ({res.sector.R_V}) differs from the exact R ({R}): the float sector rank "
                             "failed, and is not given")
            res.sector.R_V = None
        if qnn.n <= OWN_SECTOR_QUBITS:
            res.own_sector, why = own_sector(gens, state)
            if res.own_sector is None:
                res.notes.append(f"the state's own sector is not given: {why}")
            elif res.own_sector.R_V is not None and res.own_sector.R_V != R:
                res.notes.append(f"R from g_W ({res.own_sector.R_V}) differs from the exact R ({R}): the float rank "
                                 "failed, and is not given")
                res.own_sector.R_V = None
    if exact:
        res.notes.append("exact ranks modulo 2^31-1 at random rational points: lower bounds of the generic rank "
                         "(equal to it with high probability), certified where they equal M or R")
    else:
        weak = [r.layers for r in rows if r.rank is not None and r.gap < 1e3]
        if weak:
            res.notes.append(f"at L = {', '.join(map(str, weak))} the rank cut has a gap below 1e3, so the rank "
                             "may be low" + (" (--exact-ranks certifies lower bounds)" if tangent else ""))
    if failed:
        res.notes.append(f"at L = {', '.join(map(str, failed))} a QFI rank exceeded R = {R}, which theory "
                         "forbids: those rows are refused (the floating-point rank failed; try another --rtol)")
    if res.M_c is None:
        res.notes.append(f"M_c not determined: {res.M_c_reason}")
    return res
