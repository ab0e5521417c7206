"""The `liealg` command line (installed as ``liealg.cli``): click commands only.

Submodules (`liealg.cli.main`, `liealg.cli.closure`, ...) load on first attribute access (PEP 562).
"""

from liealg._lazy import lazy_package

__getattr__, __dir__ = lazy_package(__name__, {})
