"""Structure of a closed algebra: the `LieAlgebra` result and what is derived from it.

    algebra          `lie_closure` and `sector_closure` (they ask the closure router) and their result,
                     LieAlgebra: dim, basis, certificate; membership, center, decomposition
    ideals           structure constants, center, simple ideals and their types (root systems)
    representation   the type read off the matrix representation in symmetry blocks
    classification   `classify`: the isomorphism type by the cheapest exact route
    commutant        the operators commuting with the generators: Pauli strings (F_2) and Pauli sums
                     (exact, whole or k-local), the center and a maximal commuting set
    isotypic         the isotypic decomposition sum V_lambda (x) C^m_lambda of the action on the space

The types themselves (`SimpleIdeal`, `Decomposition`) are in `liealg.decomposition`, beneath the
closure engines that read them off; the anticommutation-graph classifier of Pauli-string algebras is
the closure engine `liealg.closure.anticommutation` (`graph`).
"""

from liealg._lazy import lazy_package

#: public name -> the module that defines it
NAMES = {
    "Commutant": "commutant",
    "CommutantStructure": "commutant",
    "Component": "liealg.closure.anticommutation",
    "Decomposition": "liealg.decomposition",
    "GraphClassification": "liealg.closure.anticommutation",
    "IdealBases": "ideals",
    "Isotypic": "isotypic",
    "IsotypicComponent": "isotypic",
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
    "commutant_structure": "commutant",
    "decompose": "ideals",
    "graph_classification": "classification",
    "ideal_bases": "ideals",
    "ideals_from_roots": "liealg.decomposition",
    "orthonormal_basis": "ideals",
    "simple_ideals": "liealg.closure.anticommutation",
    "string_commutant": "commutant",
    "structure_constants": "ideals",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
