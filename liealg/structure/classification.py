"""`classify`: the isomorphism type of a DLA, by the cheapest exact route that applies."""

from __future__ import annotations

from liealg.closure import graph
from liealg.closure.anticommutation import GraphClassification, classify_strings
from liealg.closure.problem import DEFAULT_MAX_DIM, ClosureProblem
from liealg.closure.sparse import constituent_strings
from liealg.decomposition import Decomposition
from liealg.io.inputs import as_generators
from liealg.structure.algebra import lie_closure
from liealg.structure.ideals import decompose


def classify(generators, *, enumerate: bool = False, method: str = "auto", max_dim: int = DEFAULT_MAX_DIM,
             n_qubits: int | None = None, engine: str = "auto") -> Decomposition:
    """Simple ideals (with copies) and center of the DLA of `generators`.

    The router (`lie_closure(..., basis=False)`) picks the engine: single Pauli strings go to the
    anticommutation-graph classifier (polynomial time, any number of qubits) unless `enumerate`
    is true; the irreducible-block engine reads the type off the blocks. Otherwise the algebra is
    closed; when an exact shortcut shows it equals the algebra of its constituent strings, those go
    to the classifier, else its root system is analysed (`liealg.structure.ideals.decompose`).
    `Decomposition.method` says which.

    >>> str(classify(["XIII", "IXII", "IIXI", "ZZZX"]))   # the star K_{1,3}: so(4) + so(4)
    '4 × su(2)'
    >>> from liealg.tables.families import two_local
    >>> d = classify(two_local(100, ["XY", "YX", "YZ"]))
    >>> str(d), d.method
    ('so(2^100)', 'anticommutation-graph')
    """
    gens = as_generators(generators, n_qubits)
    alg = lie_closure(gens, method=method, max_dim=max_dim, engine=engine, basis=enumerate)
    return classify_closed(alg, gens) or decompose(alg)


def graph_classification(gens, *, enumerate: bool = False, method: str = "auto") -> GraphClassification | None:
    """The anticommutation-graph classification when the graph engine applies (`liealg.closure.graph.applies`:
    every generator a single string, method 'auto' and no `enumerate`); None otherwise."""
    problem = ClosureProblem(list(gens), method=method, need_basis=enumerate)
    return classify_strings(problem.strings) if graph.applies(problem) is None else None


def classify_closed(alg, gens) -> Decomposition | None:
    """The classifier's answer for a closed sum algebra that a shortcut proved equal to the algebra of
    its constituent strings (then it is a Pauli algebra of any size); None otherwise."""
    if alg.decomposition is not None:  # the engine's own answer (graph classifier, irreducible blocks)
        return alg.decomposition
    if not alg.shortcut:
        return None

    return classify_strings(constituent_strings(gens)).decomposition()
