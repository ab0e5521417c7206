"""Packages whose names load on first use (PEP 562), so that `import liealg` and `liealg --help` stay fast.

`lazy_package(__name__, NAMES)` returns the package's `__getattr__` and `__dir__`: a public name
loads from the module its table names (relative to the package, or a full ``liealg.`` path), and
any submodule loads on attribute access (``liealg.closure.dense``). Tables are checked against the
modules by ``tests/test_architecture.py``.
"""

from __future__ import annotations

import importlib
import os
import sys


def module_path(package: str, where: str) -> str:
    """The full module name of a table entry."""
    return where if where.startswith("liealg") else f"{package}.{where}"


def submodules(package: str) -> list[str]:
    """Names of the package's direct submodules and subpackages (public ones)."""
    names = set()
    for where in sys.modules[package].__path__:
        for entry in os.listdir(where):
            name, ext = os.path.splitext(entry)
            if name.isidentifier() and not name.startswith("_") and (
                    ext == ".py" or os.path.isfile(os.path.join(where, entry, "__init__.py"))):
                names.add(name)
    return sorted(names)


def submodule(package: str, attr: str):
    """The submodule `package.attr`, imported; AttributeError when there is none."""
    if not attr.startswith("_"):
        try:
            return importlib.import_module(f"{package}.{attr}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{package}.{attr}":
                raise  # the submodule exists and failed to import something
    raise AttributeError(f"module {package!r} has no attribute {attr!r}")


def lazy_package(package: str, names: dict[str, str]):
    """(__getattr__, __dir__) for `package`: `names` maps a public name to the module that defines it."""

    def __getattr__(attr: str):
        if attr in names:
            value = getattr(importlib.import_module(module_path(package, names[attr])), attr)
        else:
            value = submodule(package, attr)
        setattr(sys.modules[package], attr, value)
        return value

    def __dir__():
        return sorted(set(vars(sys.modules[package])) | set(names) | set(submodules(package)))

    return __getattr__, __dir__
