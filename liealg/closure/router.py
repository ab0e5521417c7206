"""The router: `route(problem)`, the one place that chooses a closure engine (`lie_closure` asks it).

The DLA of Hermitian generators H_k is the real span of the iH_k and all their
nested commutators; right-nested commutators [H_k1, [H_k2, ... H_km]] already
span it, so every closure here brackets new elements with the generators only.

Every engine is a sibling module behind one interface (`liealg.closure.problem`): it takes a
`ClosureProblem` and returns a `Closure`. `liealg.closure.ENGINE_MODULES` is the table of engines
(loaded on first use, so a closure of strings never imports the dense engines); `auto` chooses
from the problem's shape, in this order:

    a sector V               the cheaper (`estimate`) of pauli-image and dense-blocks: pauli-image
                             when an element of V's blocks has more than `image.DENSE_L` entries
                             (it falls back to dense-blocks when g is too large to hold)
    single Pauli strings     the anticommutation-graph classifier when no basis is needed, else
                             the string BFS
    one generator            answered without a closure (a one-dimensional algebra)
    sums, exact              sparse, watched by `Switches`: the irreducible-block engine is offered
                             the closure on a large block representation, and a support that
                             saturates moves it to dense-blocks
    sums, float              float

A refusal (`applies` returning a reason, or an engine refusing while it runs) is recorded in the
certificate; an engine asked for by name that cannot take the problem raises with the reason.
"""

from __future__ import annotations

import time

from liealg.closure import ENGINE_MODULES, ENGINES, METHODS, REQUESTED, engine
from liealg.closure.problem import DEFAULT_MAX_DIM, Closure, ClosureProblem, ProgressCallback
from liealg.coefficients.domain import UnsupportedCoefficient
from liealg.errors import AlgebraTooLargeError, FloatRangeError, SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.sectors.sector import Sector

__all__ = ["ENGINE_MODULES", "REQUESTED", "Switches", "problem_of", "route", "timed_route"]

#: the exact engines for sums, which the router orchestrates (sparse under `Switches`, then dense or irreducible)
EXACT_SUMS = ("sparse", "dense-blocks", "irreducible-blocks", "pauli-image")

#: the switches watch a sparse closure from this many elements on (the first levels are always sparse)
WATCH_AT = 64
#: a closure still growing at this many elements on a large block representation is offered to the
#: irreducible-block engine (small algebras never reach it) ...
ATTEMPT_AT = 1024
#: ... or one still growing after this many seconds (from WATCH_AT elements on): elements of thousands
#: of terms make a few hundred of them cost minutes (the Heisenberg HVA ring of 10 qubits reaches 1024
#: after five), and a refusal costs the engine's few seconds once
ATTEMPT_AFTER = 2.0


def problem_of(generators, *, method: str = "auto", max_dim: int = DEFAULT_MAX_DIM,
               progress: ProgressCallback | None = None, n_qubits: int | None = None, rtol: float = 1e-9,
               sector=None, engine: str = "auto", basis: bool = True, max_memory: int | None = None) -> ClosureProblem:
    """The ClosureProblem of `liealg.structure.algebra.lie_closure`'s arguments (which it documents),
    checked: unknown methods and engines are refused here."""
    gens = as_generators(generators, n_qubits)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    if sector is not None:
        sector = Sector.parse(sector, gens[0].n)
    return ClosureProblem(gens, method=method, engine=engine, sector=sector, max_dim=max_dim, rtol=rtol,
                          progress=progress, need_basis=basis, max_memory=max_memory)


def timed_route(problem: ClosureProblem) -> Closure:
    """`route(problem)` with the seconds it took recorded on the Closure."""
    start = time.perf_counter()
    closure = route(problem)
    closure.seconds = time.perf_counter() - start
    return closure


def route(problem: ClosureProblem) -> Closure:
    """The engine for `problem`, run; its Closure (module docstring)."""
    if problem.sector is not None:
        return _sector(problem)
    all_strings = problem.strings is not None
    if problem.method == "strings" and not all_strings:
        raise ValueError("method 'strings' needs every generator to be a single Pauli string")
    for name in ENGINE_MODULES:  # engines that answer outright, in the table's order, up to the exact sum engines
        if name in EXACT_SUMS:
            break
        if engine(name).applies(problem) is None:
            return engine(name).close(problem)
    if problem.engine == "irreducible":
        return _irreducible(problem, strict=True)[0]
    try:
        fld = problem.field
    except UnsupportedCoefficient as exc:
        where = next((i for i, g in enumerate(problem.generators) if exc.expr in g.coeffs), None)
        which = f"generator {where + 1}: " if where is not None else ""
        raise ValueError(f"{which}{exc}; the exact path cannot take it (method 'float' can)") from None
    if problem.engine == "dense":
        closure = _dense(problem, "requested", strict=True)
    else:
        sparse = engine("sparse")
        watched = problem.engine == "auto" and problem.n_qubits <= engine("dense-blocks").DENSE_QUBITS
        switches = Switches(problem) if watched else None
        closure = sparse.close(problem, watch=switches)
        if closure.stopped is not None:
            if switches.answer is not None:
                return switches.answer
            closure = _dense(problem, closure.stopped, strict=False) or sparse.close(problem)
        if switches is not None and switches.refused:
            closure.certificate["irreducible_blocks"] = switches.refused
    if fld.independence and fld.independence != "proved":
        closure.certificate["float_check"] = _float_check(problem, closure.dim)
    return closure


class Switches:
    """The switches `auto` makes during a sparse closure, as explicit state.

    Called by the sparse engine with (dim, terms of the newest element); returns None to go on, or why
    the closure should stop. Elements WATCH_AT/2 .. WATCH_AT carrying on average more than L/16 Pauli
    terms (L: entries of one element in the block representation) mean the support saturates: the dense
    engine is the better one. On a block representation of at least `irreducible.AUTO_BOUND` entries the
    irreducible-block engine is offered the algebra (once) at saturation, at ATTEMPT_AT elements or after
    ATTEMPT_AFTER seconds; its answer (`answer`) stops the closure, its refusal (`refused`) lets it go on.
    """

    def __init__(self, problem: ClosureProblem):
        self.problem = problem
        self.start = time.perf_counter()
        self.sizes: list[int] = []
        self.entries: int | None = None
        self.tried = False
        self.answer: Closure | None = None
        self.refused: str | None = None

    def __call__(self, dim: int, terms: int) -> str | None:
        if WATCH_AT // 2 < dim <= WATCH_AT:
            self.sizes.append(terms)
        if dim == WATCH_AT:
            mean = sum(self.sizes) / max(len(self.sizes), 1)
            self.entries = size = engine("dense-blocks").block_entries(self.problem)
            if 16 * mean > size:
                if self._offer():
                    return "answered by the irreducible-block engine"
                return (f"the elements' Pauli support saturates: {mean:.0f} terms on average at dim {WATCH_AT}, "
                        f"against {size:,} entries in the block representation")
        elif self.entries is not None and not self.tried and (
                dim == ATTEMPT_AT or time.perf_counter() - self.start > ATTEMPT_AFTER) and self._offer():
            return "answered by the irreducible-block engine"
        return None

    def _offer(self) -> bool:
        if self.tried or self.entries < engine("irreducible-blocks").AUTO_BOUND:
            return False
        self.tried = True
        self.answer, self.refused = _irreducible(self.problem, strict=False)
        return self.answer is not None


def _irreducible(problem: ClosureProblem, strict: bool) -> tuple[Closure | None, str | None]:
    """(the irreducible-block engine's answer, None), or (None, why not); `strict` (asked for by name)
    raises the refusal instead. Nothing is enumerated, so `max_dim` does not apply."""
    irreducible = engine("irreducible-blocks")
    try:
        closure = irreducible.close(problem)
    except (SizeLimitError, UncertifiedError, UnsupportedCoefficient, FloatRangeError) as exc:
        if strict:
            if isinstance(exc, (UnsupportedCoefficient, FloatRangeError)):
                raise ValueError(f"{exc}; the irreducible-block engine cannot take it") from None
            refusal = type(exc)("the irreducible-block engine cannot certify this algebra: it answers when g's "
                                "image on each irreducible part of the symmetry blocks is all of su, so or sp "
                                "of the part, and here it cannot show that; leave out the engine (or ask for "
                                "'sparse' or 'dense') for the exact closure")
            refusal.detail = str(exc)  # the engine's own reason (the CLI's --json shows it)
            raise refusal from None
        return None, f"refused: {exc}"
    closure.certificate["engine_choice"] = ("requested" if strict else "a sparse closure grew on a block "
                                            f"representation of at least {irreducible.AUTO_BOUND:,} entries")
    return closure, None


def _dense(problem: ClosureProblem, reason: str, strict: bool) -> Closure | None:
    """The dense engine on the whole space in symmetry blocks; None when it cannot run here (memory,
    size) and `strict` is false: the caller goes on with the sparse engine."""
    dense = engine("dense-blocks")
    why = dense.applies(problem)
    try:
        if why is not None:
            raise SizeLimitError(why)
        closure = dense.close(problem)
    except SizeLimitError:
        if strict:
            raise
        return None
    closure.certificate["engine_choice"] = reason
    return closure


def _sector(problem: ClosureProblem) -> Closure:
    """g_V: the cheaper of the sector engines that apply (pauli-image when an element of V's blocks has more
    than `image.DENSE_L` entries); pauli-image falls back to dense-blocks when g is too large to hold."""
    if problem.engine not in ("auto", "dense", "pauli-image"):
        raise ValueError(f"engine {problem.engine!r} does not apply to a sector: use auto, dense or pauli-image")
    dense, image = engine("dense-blocks"), engine("pauli-image")
    if problem.engine != "auto":
        chosen = engine(REQUESTED[problem.engine])
        why = chosen.applies(problem)
        if why is not None:
            raise ValueError(f"the {chosen.NAME} engine cannot take this sector: {why}")
    else:
        chosen = min((m for m in (dense, image) if m.applies(problem) is None), key=lambda m: m.estimate(problem))
    if chosen is image:
        try:
            return image.close(problem)
        except AlgebraTooLargeError:  # g has more than IMAGE_MAX_DIM elements
            if dense.estimate(problem) > 4 * image.DENSE_L:
                raise
    return dense.close(problem)


def _float_check(problem: ClosureProblem, dim: int) -> dict:
    """The float path beside an exact answer that assumed its transcendental constants independent:
    agreement is recorded; a certified disagreement refuses the answer."""
    fld = problem.field
    try:
        res = engine("float").float_closure(problem.generators, max_dim=problem.max_dim, rtol=problem.rtol)
    except (UncertifiedError, FloatRangeError) as exc:
        return {"dim": None, "agrees": None, "note": str(exc)}
    if res.dim != dim:
        raise UncertifiedError(f"the exact path, treating {', '.join(fld.transcendentals)} as algebraically "
                               f"independent, gives {dim}; the float path gives {res.dim} with gap "
                               f"{res.certificate['gap']:.1e}: the answer cannot be certified")
    return {"dim": res.dim, "agrees": True, "gap": res.certificate["gap"]}
