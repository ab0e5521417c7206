"""Structure of a closed algebra: the `LieAlgebra` result and what is derived from it.

    algebra          `lie_closure` and `sector_closure` (they ask the closure router) and their result,
                     LieAlgebra: dim, basis, certificate; membership, center, decomposition
    ideals           structure constants, center, simple ideals and their types (root systems)
    representation   the type read off the matrix representation in symmetry blocks
    classification   `classify`: the isomorphism type by the cheapest exact route

The types themselves (`SimpleIdeal`, `Decomposition`) are in `liealg.decomposition`, beneath the
closure engines that read them off; the anticommutation-graph classifier of Pauli-string algebras is
the closure engine `liealg.closure.anticommutation` (`graph`).
    commutant        the Pauli-string commutant of a set of generators
"""

from liealg._lazy import lazy_package

#: public name -> the module that defines it
NAMES = {
    "Component": "liealg.closure.anticommutation",
    "Decomposition": "liealg.decomposition",
    "GraphClassification": "liealg.closure.anticommutation",
    "IdealBases": "ideals",
    "LieAlgebra": "algebra",
    "lie_closure": "algebra",
    "sector_closure": "algebra",
    "MAX_DIM": "ideals",
    "SimpleIdeal": "liealg.decomposition",
    "ad_matrix": "ideals",
    "center": "ideals",
    "choose_route": "ideals",
    "classify": "classification",
    "classify_closed": "classification",
    "classify_strings": "liealg.closure.anticommutation",
    "decompose": "ideals",
    "graph_classification": "classification",
    "ideal_bases": "ideals",
    "ideals_from_roots": "liealg.decomposition",
    "orthonormal_basis": "ideals",
    "simple_ideals": "liealg.closure.anticommutation",
    "structure_constants": "ideals",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
