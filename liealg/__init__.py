"""liealg: dynamical Lie algebras of parameterized quantum circuits.

>>> import liealg
>>> liealg.lie_closure(["XXI", "IXX", "ZII", "IZI", "IIZ"]).dim   # so(6)
15

Names and submodules load on first use (PEP 562), so `import liealg` and
`liealg --help` stay fast: `liealg.closure`, `liealg.structure`, `liealg.sectors`,
`liealg.circuits`, `liealg.trainability`, `liealg.tables`, `liealg.io`, ... need no
import of their own. The layers are described in ``docs/architecture.md``.

Modules of the flat layout before the packages (`liealg.overparam`, `liealg.qnn`,
`liealg.families`, `liealg.sum_closure`, ...) still import: `MOVED` says where each lives now.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys

from liealg._lazy import submodule, submodules

_here = os.path.dirname(os.path.abspath(__file__))
_root = os.path.dirname(_here)
if not os.path.isdir(os.path.join(_here, "kernels")) and os.path.isfile(os.path.join(_root, "kernels", "__init__.py")):
    # a source checkout: kernels/, cli/ and data/ sit beside liealg/ (the wheel installs them inside it)
    __path__.append(_root)  # noqa: F821  (the package's own __path__)

#: public name -> the module that defines it
NAMES = {
    "AlgebraTooLargeError": "errors",
    "DEFAULT_MAX_DIM": "closure",
    "FloatRangeError": "errors",
    "GeneratorFileError": "errors",
    "LieAlgebra": "structure.algebra",
    "PauliList": "pauli",
    "PauliString": "pauli",
    "PauliSum": "sums",
    "SizeLimitError": "errors",
    "UncertifiedError": "errors",
    "classify": "structure.classification",
    "commutant": "structure.commutant",
    "isotypic": "structure.isotypic",
    "lie_closure": "structure.algebra",
    "parse_generators": "io.generators",
    "read_generators": "io.generators",
    "string_closure": "closure.strings",
}

#: a module of an earlier layout (the flat one, or a package's module that moved) -> the module or
#: package that holds its names now
MOVED = {
    "algebra": "structure.algebra",
    "automorphisms": "sectors.automorphisms",
    "classification": "structure.classification",
    "closure.sector": "structure.algebra",
    "dense_closure": "closure.dense",
    "engines": "circuits.chooser",
    "families": "tables.families",
    "fermion": "circuits.fermion",
    "fields": "coefficients",
    "gsim": "circuits.gsim",
    "interop": "io.interop",
    "irreducible": "closure.irreducible",
    "matrices": "io.matrices",
    "number_fields": "coefficients.number_fields",
    "overparam": "trainability",
    "pauli_graph": "closure.anticommutation",
    "qnn": "circuits",
    "rep_structure": "structure.representation",
    "sector_closure": "structure.algebra",
    "span": "closure.spans",
    "strings": "closure.strings",
    "structure.anticommutation": "closure.anticommutation",
    "structure.types": "decomposition",
    "sum_closure": "closure.sparse",
    "symbolic": "closure.symbolic",
}


class _MovedModules:
    """`import liealg.overparam` (a module of the flat layout) gives the module that holds its names now
    (a meta path finder and its loader)."""

    def find_spec(self, fullname, path=None, target=None):
        head, _, tail = fullname.partition(".")
        if head == __name__ and tail in MOVED:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        module = importlib.import_module(f"{__name__}.{MOVED[spec.name.partition('.')[2]]}")
        spec.loader_state = (module.__name__, module.__spec__)
        return module

    def exec_module(self, module):
        # the import system stamped the alias's name and spec on the real module: give it back its own
        module.__name__, module.__spec__ = module.__spec__.loader_state


if not any(isinstance(f, _MovedModules) for f in sys.meta_path):
    sys.meta_path.insert(0, _MovedModules())  # before path finders: a stale file of the old layout never wins


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("liealg")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0+unknown"
    elif name in NAMES:
        value = getattr(importlib.import_module(f".{NAMES[name]}", __name__), name)
    elif name in MOVED:
        value = importlib.import_module(f".{MOVED[name]}", __name__)
    else:
        value = submodule(__name__, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(NAMES) | set(submodules(__name__)) | {"__version__"})


__all__ = sorted(NAMES) + ["__version__"]
