"""`classify`: the isomorphism type of a DLA, by the cheapest exact route that applies."""

from __future__ import annotations

from .closure import DEFAULT_MAX_DIM, as_generators, lie_closure, single_strings
from .pauli_graph import GraphClassification, classify_strings
from .structure import Decomposition, decompose


def classify(generators, *, enumerate: bool = False, method: str = "auto", max_dim: int = DEFAULT_MAX_DIM,
             n_qubits: int | None = None) -> Decomposition:
    """Simple ideals (with copies) and center of the DLA of `generators`.

    Single Pauli strings go to the anticommutation-graph classifier (polynomial
    time, any number of qubits) unless `enumerate` is true; otherwise the
    algebra is closed (`lie_closure`); when an exact shortcut shows it equals the
    algebra of its constituent strings, those go to the classifier, else its root
    system is analysed (`liealg.structure.decompose`, dim <= 2500).
    `Decomposition.method` says which.

    >>> str(classify(["XIII", "IXII", "IIXI", "ZZZX"]))   # the star K_{1,3}: so(4) + so(4)
    'su(2) ⊕ su(2) ⊕ su(2) ⊕ su(2)'
    >>> from liealg.families import two_local
    >>> d = classify(two_local(100, ["XY", "YX", "YZ"]))
    >>> str(d), d.method
    ('so(2^100)', 'anticommutation-graph')
    """
    gens = as_generators(generators, n_qubits)
    graph = graph_classification(gens, enumerate=enumerate, method=method)
    if graph is not None:
        return graph.decomposition()
    alg = lie_closure(gens, method=method, max_dim=max_dim)
    return classify_closed(alg, gens) or decompose(alg)


def graph_classification(gens, *, enumerate: bool = False, method: str = "auto") -> GraphClassification | None:
    """The anticommutation-graph classification when it applies: every generator a single string,
    method 'auto' and no `enumerate`; None otherwise."""
    strings = None if enumerate or method != "auto" else single_strings(gens)
    return classify_strings(strings) if strings is not None else None


def classify_closed(alg, gens) -> Decomposition | None:
    """The classifier's answer for a closed sum algebra that a shortcut proved equal to the algebra of
    its constituent strings (then it is a Pauli algebra of any size); None otherwise."""
    if getattr(alg, "decomposition", None) is not None:  # the irreducible-block engine's answer
        return alg.decomposition
    if not alg.shortcut:
        return None
    from .sum_closure import constituent_strings

    return classify_strings(constituent_strings(gens)).decomposition()
