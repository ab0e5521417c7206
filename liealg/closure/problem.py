"""What every closure engine takes and returns, and the interface an engine implements.

A closure engine is a module of `liealg.closure` with

    NAME                                  the engine's name (`certificate["engine"]`, `--engine`)
    applies(problem) -> str | None        None when it can take the problem, else why not (one line)
    estimate(problem) -> float            a rough relative cost (lower is cheaper; inf: not worth it)
    close(problem, watch=None) -> Closure the certified answer, or an UncertifiedError / SizeLimitError

`ClosureProblem` holds the generators and everything the caller asked for (coefficient arithmetic,
an engine by name, a sector, a size ceiling, whether a basis is needed); what several engines
derive from it (the single strings, the coefficient field; an engine's `derived` values such as
the symmetry blocks) is computed once, on first use. `Closure` is the one result type: the
dimension, how it was computed and its certificate, and whatever basis or decomposition the
engine found. The router
(`liealg.structure.algebra.lie_closure`) is the only place that chooses an engine; it wraps the
result in a `liealg.structure.algebra.LieAlgebra`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from liealg.closure import DEFAULT_MAX_DIM
from liealg.coefficients.fields import field_of
from liealg.io.inputs import single_strings

#: progress(dim, done): called now and then as a closure grows
ProgressCallback = Callable[[int, int], None]
#: a watch sees the closure grow: watch(dim, terms of the newest element) -> None (go on) or why it stops
Watch = Callable[[int, int], "str | None"]


@dataclass
class ClosureProblem:
    """The generators of a closure and what the caller asked for.

    generators: PauliSums on one qubit count (`liealg.io.inputs.as_generators` makes them).
    method: the arithmetic: 'auto', 'strings', 'exact' (GF(p), two primes) or 'float'.
    engine: an engine the caller asked for by name, or 'auto' (the router chooses).
    sector: a `liealg.sectors.sector.Sector`: close g_V, the algebra restricted to V.
    need_basis: False when a certified dimension (and type) suffices, so that an engine that
        holds no span (the anticommutation-graph classifier, the irreducible blocks) may answer.
    """

    generators: list
    method: str = "auto"
    engine: str = "auto"
    sector: object = None
    max_dim: int = DEFAULT_MAX_DIM
    rtol: float = 1e-9
    progress: Callable | None = None
    need_basis: bool = True
    max_memory: int | None = None  # bytes a span may hold (None: `liealg.closure.memory_budget()`)

    @property
    def n_qubits(self) -> int:
        return self.generators[0].n

    @cached_property
    def strings(self):
        """The generators as a PauliList when each is one Pauli string, else None."""
        return single_strings(self.generators)

    @cached_property
    def field(self):
        """The coefficient field (`liealg.coefficients.fields.field_of`); UnsupportedCoefficient if none."""

        return field_of(self.generators)

    def derived(self, key: str, compute: Callable):
        """What an engine derives from the problem (its symmetry blocks, say), computed once: compute(self)."""
        cache = self.__dict__.setdefault("_derived", {})
        if key not in cache:
            cache[key] = compute(self)
        return cache[key]


@dataclass
class Closure:
    """What a closure engine returns: the dimension and how it is known.

    keys: the Pauli strings spanning g (packed, when g is a Pauli algebra); spans/registry: the echelon
    span per prime (or the float span) of a sum closure; decomposition: the type, when the engine read
    it off (no span held); stopped: why a watch stopped the engine early (the result is then partial).
    """

    dim: int
    engine: str
    method: str
    certificate: dict = field(default_factory=dict)
    seconds: float = 0.0
    shortcut: str | None = None
    keys: np.ndarray | None = None
    spans: list = field(default_factory=list)
    registry: object = None
    coefficient_field: object = None
    evaluations: list = field(default_factory=list)
    elements: list | None = None
    decomposition: object = None
    subspace_dim: int | None = None
    sector: object = None
    blocks: list = field(default_factory=list)
    stopped: str | None = None
