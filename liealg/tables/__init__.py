"""Generator families and precomputed algebra tables.

    families  named generator families (HEA, TFIM/XXZ/Heisenberg HVA, QAOA, spin glass, WKKB a0..b4)
    store     the tables on disk: rows, reading, lookup, writing
    builder   computing rows, building tables (local processes or Dask), verifying stored rows
"""

from liealg._lazy import lazy_package

#: public name -> the module that defines it
NAMES = {
    "BuildResult": "builder",
    "COLUMNS": "store",
    "DECOMPOSE_DIM": "builder",
    "FAMILIES": "families",
    "FORMULAS": "builder",
    "GRAPHS": "families",
    "TOPOLOGIES": "families",
    "Family": "families",
    "MAX_DIM": "builder",
    "N_MAX": "builder",
    "N_MIN": "builder",
    "Row": "store",
    "SECTOR_COLUMNS": "store",
    "SECTOR_FAMILIES": "builder",
    "SectorRow": "store",
    "TIME_BUDGET": "builder",
    "build": "builder",
    "build_sectors": "builder",
    "compute_row": "builder",
    "compute_sector_row": "builder",
    "edges": "families",
    "family_generators": "families",
    "graph_edges": "families",
    "hea": "families",
    "heisenberg_hva": "families",
    "list_families": "store",
    "load": "store",
    "load_sectors": "store",
    "lookup": "store",
    "lookup_sector": "store",
    "place": "families",
    "qaoa_maxcut": "families",
    "random_regular": "families",
    "running_version": "store",
    "sector_key": "store",
    "sector_path": "store",
    "single_site": "families",
    "spin_glass": "families",
    "summed": "families",
    "tables_dir": "store",
    "tfim_hva": "families",
    "two_local": "families",
    "type_rows": "builder",
    "user_dir": "store",
    "verify": "builder",
    "warm_up": "builder",
    "write_rows": "store",
    "write_sector_rows": "store",
    "xxz_hva": "families",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
