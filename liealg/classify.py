"""`classify`: the isomorphism type of a DLA, by the cheapest exact route that applies."""

from __future__ import annotations

from .closure import DEFAULT_MAX_DIM, as_generators, lie_closure, single_strings
from .pauli_graph import classify_strings
from .structure import Decomposition, decompose


def classify(generators, *, enumerate: bool = False, method: str = "auto", max_dim: int = DEFAULT_MAX_DIM,
             n_qubits: int | None = None) -> Decomposition:
    """Simple ideals (with copies) and center of the DLA of `generators`.

    Single Pauli strings go to the anticommutation-graph classifier (polynomial
    time, any number of qubits) unless `enumerate` is true; otherwise the
    algebra is closed (`lie_closure`) and its root system analysed
    (`liealg.structure.decompose`, dim <= 2500). `Decomposition.method` says which.

    >>> str(classify(["XIII", "IXII", "IIXI", "ZZZX"]))   # the star K_{1,3}: so(4) + so(4)
    'su(2) ⊕ su(2) ⊕ su(2) ⊕ su(2)'
    >>> from liealg.families import two_local
    >>> d = classify(two_local(100, ["XY", "YX", "YZ"]))
    >>> str(d), d.method
    ('so(2^100)', 'anticommutation-graph')
    """
    gens = as_generators(generators, n_qubits)
    strings = None if enumerate or method != "auto" else single_strings(gens)
    if strings is not None:
        return classify_strings(strings).decomposition()
    return decompose(lie_closure(gens, method=method, max_dim=max_dim))
