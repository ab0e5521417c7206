"""Symmetry sectors: invariant subspaces V of the generators and the blocks inside them.

    sector         Sector (weight, zparity, flip, momentum, reflection) and its parsing
    preserved      which built-in symmetries a set of generators preserves
    bases          sector bases, restricted matrices (COO) and the rings their entries live in
    blocks         finer blocks inside V: refinements and qubit involutions; `sector_problem`
    states         sector tables and the sector of an initial state
    automorphisms  qubit permutations that preserve every generator (commuting involutions)
"""

from liealg._lazy import lazy_package

#: public name -> the module that defines it
NAMES = {
    "KEYS": "sector",
    "MAX_STATES": "sector",
    "MAX_SUBSPACE": "sector",
    "MIN_MEAN_BLOCK": "blocks",
    "Ring": "bases",
    "Sector": "sector",
    "SectorBasis": "bases",
    "SectorError": "sector",
    "SectorProblem": "blocks",
    "apply_to_states": "automorphisms",
    "block_bases": "blocks",
    "breaks": "preserved",
    "check_preserved": "preserved",
    "commuting_involutions": "automorphisms",
    "coordinates": "bases",
    "is_symmetry": "automorphisms",
    "joint_sectors": "states",
    "omega_table": "liealg.modp",
    "refinements": "blocks",
    "reflection": "automorphisms",
    "restrict_coo": "bases",
    "roots_mod": "liealg.modp",
    "sector_bases": "bases",
    "sector_basis": "bases",
    "sector_problem": "blocks",
    "state_sector": "states",
    "string_commutant": "liealg.structure.commutant",
    "symmetries": "preserved",
    "table_keys": "states",
    "translation": "automorphisms",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
