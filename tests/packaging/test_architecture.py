"""The architecture, checked from the source: imports run one way, no cycles, no private names cross a
module, function-local imports only for heavy dependencies, public-name tables that cannot drift.

The import graph is read with `ast` from liealg/, kernels/ (liealg.kernels) and cli/ (liealg.cli), counting
imports inside functions; docs/architecture.md states the rules.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: third-party and standard-library modules heavy enough to be imported only where they are used
HEAVY = ("sympy", "mpmath", "scipy", "matplotlib", "dask", "distributed", "pennylane", "qiskit", "openfermion", "numba",
         "llvmlite", "concurrent", "multiprocessing", "importlib.metadata")


def modules() -> dict[str, Path]:
    """Module name -> file."""
    out = {}
    for pkg, d in {"liealg": ROOT / "liealg", "liealg.kernels": ROOT / "kernels", "liealg.cli": ROOT / "cli"}.items():
        for f in sorted(d.rglob("*.py")):
            parts = list(f.relative_to(d).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join([pkg, *parts])] = f
    return out


MODULES = modules()


def imports(mod: str):
    """(target module or None, imported name or None, function-local?, line) for each import in `mod`."""
    path = MODULES[mod]
    tree = ast.parse(path.read_text())
    local = {id(sub) for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
             for sub in ast.walk(node) if isinstance(sub, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, None, id(node) in local, node.lineno
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = mod.split(".") if path.name == "__init__.py" else mod.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            for a in node.names:
                sub = f"{target}.{a.name}"
                if sub in MODULES:
                    yield sub, None, id(node) in local, node.lineno
                else:
                    yield target, a.name, id(node) in local, node.lineno


def owner(target: str) -> str | None:
    """The liealg module an import lands in, or None for a module outside liealg."""
    while target:
        if target in MODULES:
            return target
        if "." not in target:
            return None
        target = target.rsplit(".", 1)[0]
    return None


def edges(top_level_only: bool = False) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {m: set() for m in MODULES}
    for m in MODULES:
        for target, _name, local, _line in imports(m):
            o = owner(target)
            if o is not None and o != m and not (top_level_only and local):
                out[m].add(o)
    return out


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found = []
    for root in sorted(graph):
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on.add(root)
        work = [(root, iter(sorted(graph[root])))]
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))
    return found


def is_heavy(name: str) -> bool:
    return any(name == h or name.startswith(h + ".") for h in HEAVY)


def heavy_modules() -> set[str]:
    """liealg modules whose import loads a heavy module (at top level, directly or through other modules)."""
    heavy = {m for m in MODULES for target, _n, local, _l in imports(m) if not local and owner(target) is None
             and is_heavy(target)}
    top = edges(top_level_only=True)
    grown = True
    while grown:
        grown = False
        for m, ws in top.items():
            if m not in heavy and ws & heavy:
                heavy.add(m)
                grown = True
    return heavy


def test_the_graph_is_read():
    graph = edges()
    assert "liealg.structure.algebra" in graph["liealg.cli.common"] | graph["liealg.cli.closure"]
    assert "liealg.closure.router" in graph["liealg.structure.algebra"]
    assert "liealg.closure.problem" in graph["liealg.closure.router"]


def test_no_import_cycle_counting_function_local_imports():
    assert strongly_connected(edges()) == []


def test_imports_run_one_way():
    """cli -> liealg -> kernels: kernels import only kernels, the library never imports the command line (but
    `liealg.__main__`, which is an entry point like the `liealg` console script, and nothing imports it)."""
    graph = edges()
    wrong = [f"{m} -> {t}" for m, ts in graph.items() for t in ts
             if (m.startswith("liealg.kernels") and not t.startswith("liealg.kernels"))
             or (not m.startswith(("liealg.cli", "liealg.__main__")) and t.startswith("liealg.cli"))]
    assert not any("liealg.__main__" in ts for ts in graph.values())
    assert wrong == []


def test_no_private_name_crosses_a_module():
    wrong = [f"{MODULES[m].relative_to(ROOT)}:{line} imports {name} from {target}"
             for m in MODULES for target, name, _local, line in imports(m)
             if name and name.startswith("_") and not name.startswith("__") and owner(target) is not None]
    assert wrong == []


def test_function_local_imports_only_for_heavy_dependencies():
    """Inside liealg/, an import in a function body must be of a heavy module (sympy, scipy, numba kernels, the
    interop libraries, ...) or of a liealg module that loads one; everything else is imported at the top."""
    heavy = heavy_modules()
    wrong = []
    for m in MODULES:
        if m.startswith(("liealg.cli", "liealg.kernels")):
            continue
        for target, _name, local, line in imports(m):
            if not local:
                continue
            o = owner(target)
            fine = is_heavy(target) if o is None else (o in heavy or o.startswith("liealg.kernels"))
            if not fine:
                wrong.append(f"{MODULES[m].relative_to(ROOT)}:{line} {target}")
    assert wrong == []


# --- public names ----------------------------------------------------------------------------------------
def packages() -> list[str]:
    return sorted(m for m, f in MODULES.items() if f.name == "__init__.py" and m.count(".") == 1
                  and not m.startswith(("liealg.kernels", "liealg.cli")))


@pytest.mark.parametrize("package", ["liealg"] + [p for p in packages() if p != "liealg"])
def test_name_tables_point_at_the_defining_module(package):
    """Each lazily loaded public name resolves, and a function or class is defined where its table says."""
    from liealg._lazy import module_path

    pkg = importlib.import_module(package)
    base = "liealg" if package == "liealg" else package
    for name, where in pkg.NAMES.items():
        full = f"liealg.{where}" if package == "liealg" else module_path(base, where)
        value = getattr(pkg, name)
        assert value is getattr(importlib.import_module(full), name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__ == full, f"{package}.{name} is defined in {value.__module__}, not {full}"


def test_no_submodule_shadows_a_public_name():
    """A package's submodule `x` and a public name `x` in its table cannot both be `package.x`."""
    clashes = []
    for package in packages():
        pkg = importlib.import_module(package)
        subs = {m.rsplit(".", 1)[1] for m in MODULES if m.rsplit(".", 1)[0] == package}
        clashes += [f"{package}.{name}" for name in sorted(subs & set(pkg.NAMES))]
    assert clashes == []


def test_every_submodule_is_an_attribute():
    """`liealg.x.y` works without an import of its own for every module of the package."""
    import liealg

    names = [m for m in MODULES if not any(part.startswith("_") for part in m.split("."))]
    assert "liealg.closure.irreducible" in names and "liealg.cli.main" in names
    for name in names:
        obj = liealg
        for part in name.split(".")[1:]:
            obj = getattr(obj, part)
        assert obj is importlib.import_module(name)


def test_modules_of_the_flat_layout_still_import():
    import liealg

    for old, new in liealg.MOVED.items():
        mod = importlib.import_module(f"liealg.{old}")
        assert mod is importlib.import_module(f"liealg.{new}") is getattr(liealg, old)
        assert mod.__name__ == f"liealg.{new}"  # the alias leaves the module its own name
    from liealg.overparam import orbit_dimension
    from liealg.qnn import PeriodicQNN

    assert PeriodicQNN.__module__ == "liealg.circuits.statevector"
    assert orbit_dimension.__module__ == "liealg.trainability.orbit"


def test_cli_choices_are_the_library_tuples():
    from liealg import circuits, closure, trainability
    from liealg.cli.main import cli

    def choices(command, option):
        param = next(p for p in cli.commands[command].params if p.name == option)
        return tuple(param.type.choices)

    assert choices("dim", "method") == closure.METHODS
    assert choices("dim", "engine") == closure.ENGINES
    assert choices("overparam", "engine") == ("auto", *circuits.ENGINES)
    assert choices("train", "optimizer") == trainability.OPTIMIZERS


@pytest.mark.slow
def test_docstring_examples_in_every_module():
    """The doctests of every module of liealg (as `--doctest-modules` would collect them) pass."""
    import doctest

    failed, tried = [], 0
    for name in MODULES:
        if name.startswith("liealg.cli"):
            continue
        result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
        tried += result.attempted
        if result.failed:
            failed.append(name)
    assert failed == [] and tried > 20
