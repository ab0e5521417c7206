"""liealg: dynamical Lie algebras of parameterized quantum circuits.

>>> import liealg
>>> liealg.lie_closure(["XXI", "IXX", "ZII", "IZI", "IIZ"]).dim   # so(6)
15

Names and submodules load on first use (PEP 562), so `import liealg` and
`liealg --help` stay fast: `liealg.tables`, `liealg.families`, `liealg.qnn`,
`liealg.overparam`, `liealg.structure`, `liealg.interop`, ... need no import of
their own.
"""

from __future__ import annotations

import importlib
import os

_here = os.path.dirname(os.path.abspath(__file__))
_root = os.path.dirname(_here)
if not os.path.isdir(os.path.join(_here, "kernels")) and os.path.isfile(os.path.join(_root, "kernels", "__init__.py")):
    # a source checkout: kernels/, cli/ and data/ sit beside liealg/ (the wheel installs them inside it)
    __path__.append(_root)  # noqa: F821  (the package's own __path__)

#: public name -> the submodule that defines it
_NAMES = {
    "LieAlgebra": "algebra", "classify": "classification", "DEFAULT_MAX_DIM": "closure", "lie_closure": "closure",
    "string_closure": "closure", "AlgebraTooLargeError": "errors", "FloatRangeError": "errors",
    "GeneratorFileError": "errors", "SizeLimitError": "errors", "UncertifiedError": "errors",
    "parse_generators": "io", "read_generators": "io", "PauliList": "pauli", "PauliString": "pauli",
    "PauliSum": "sums",
}
_SUBMODULES = {
    "algebra", "classification", "closure", "coefficients", "engines", "errors", "families", "fermion", "fields",
    "gsim", "interop", "io", "matrices", "number_fields", "overparam", "pauli", "pauli_graph", "qnn", "span",
    "strings", "structure", "sum_closure", "sums", "symbolic", "tables", "kernels", "cli",
}


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("liealg")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0+unknown"
    elif name in _NAMES:
        value = getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'liealg' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_NAMES) | _SUBMODULES | {"__version__"})


__all__ = sorted(_NAMES) + ["__version__"]
