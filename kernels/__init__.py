"""numba kernels of liealg: pure functions over uint64 arrays of packed Pauli strings.

Installed as ``liealg.kernels``. Nothing here imports the rest of liealg, does
I/O or builds Python objects; see ``pauli`` for the packed layout.
"""


def __getattr__(name: str):
    """`liealg.kernels.dense` and the rest load on first attribute access (PEP 562), like the library's
    packages (the kernels import nothing of liealg, so this is written out here)."""
    import importlib

    if not name.startswith("_"):
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
        else:
            globals()[name] = module
            return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
