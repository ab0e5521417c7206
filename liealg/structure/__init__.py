"""Structure of a closed algebra: the `LieAlgebra` result and what is derived from it.

    algebra          LieAlgebra: dim, basis, certificate; membership, center, decomposition
    ideals           structure constants, center, simple ideals and their types (root systems)
    representation   the type read off the matrix representation in symmetry blocks
    anticommutation  the anticommutation-graph classifier of Pauli-string algebras (any n)
    classification   `classify`: the isomorphism type by the cheapest exact route
    commutant        the Pauli-string commutant of a set of generators
"""

from liealg._lazy import lazy_package

#: public name -> the module that defines it
NAMES = {
    "Component": "anticommutation",
    "Decomposition": "types",
    "GraphClassification": "anticommutation",
    "IdealBases": "ideals",
    "LieAlgebra": "algebra",
    "MAX_DIM": "ideals",
    "SimpleIdeal": "types",
    "ad_matrix": "ideals",
    "center": "ideals",
    "choose_route": "ideals",
    "classify": "classification",
    "classify_closed": "classification",
    "classify_strings": "anticommutation",
    "decompose": "ideals",
    "graph_classification": "classification",
    "ideal_bases": "ideals",
    "ideals_from_roots": "types",
    "orthonormal_basis": "ideals",
    "simple_ideals": "anticommutation",
    "structure_constants": "ideals",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
