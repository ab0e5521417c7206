"""BLAS threads, chosen rather than inherited.

The dense, sector and irreducible-block engines multiply matrices through the OpenBLAS that
numpy and scipy bundle. Left alone, OpenBLAS starts one thread per core. Measured on this
2-core machine (`tests/benchmarks/bench_blas.py`, the same closures with one and two threads):
for the modular engines two threads gain 2-4% when the machine is idle and lose 30-50% when
one core is busy elsewhere (xxz-hva open n = 10, heisenberg-hva open n = 8, xxz-hva ring n = 9),
so they run with `DEFAULT_THREADS` (1). The float matrix-representation analysis (classify's
root system: large complex products) gains 32% idle with two threads and loses 63% with a core
busy; it runs with one thread too, because with two the rounding of its float basis changed enough
that complete-graph QAOA on 11 qubits (a table row) lost its certified gap and was refused (found
by `liealg tables verify`, 2026-12-03). `liealg --blas-threads N`, `$LIEALG_BLAS_THREADS` or
`blas_threads(N)` around library calls override it.

The libraries are found among the process's loaded objects (/proc/self/maps) and set through
their own `*openblas_set_num_threads*` entry points (ctypes); where none is found (another
BLAS, another platform) nothing is changed and `current()` returns {}.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os

import numpy  # noqa: F401 - the BLAS bundled with numpy is loaded with it

#: BLAS threads the engines use unless $LIEALG_BLAS_THREADS or --blas-threads says otherwise
DEFAULT_THREADS = 1

_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads64_",
            "openblas_set_num_threads")
_GETTERS = ("scipy_openblas_get_num_threads64_", "scipy_openblas_get_num_threads", "openblas_get_num_threads64_",
            "openblas_get_num_threads")
_resolved: dict = {}  # library path -> (setter, getter), or None where it has no such entry points
_chosen: int | None = None  # set_default: the CLI's --blas-threads


def _libraries() -> dict:
    """path -> (setter, getter) of every OpenBLAS loaded in this process now (a library loaded later, e.g.
    scipy's with scipy.linalg, is found on the next call)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower() and ".so" in line}
    except OSError:
        paths = set()
    for path in paths - _resolved.keys():
        _resolved[path] = None
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        setter = next((getattr(lib, s) for s in _SETTERS if hasattr(lib, s)), None)
        getter = next((getattr(lib, s) for s in _GETTERS if hasattr(lib, s)), None)
        if setter is not None and getter is not None:
            setter.argtypes, setter.restype, getter.restype = [ctypes.c_int], None, ctypes.c_int
            _resolved[path] = (setter, getter)
    return {p: _resolved[p] for p in sorted(paths) if _resolved[p] is not None}


def current() -> dict[str, int]:
    """Threads of each loaded OpenBLAS (library file name -> threads)."""
    return {os.path.basename(p): int(get()) for p, (_, get) in _libraries().items()}


def set_threads(k: int) -> None:
    for setter, _ in _libraries().values():
        setter(int(k))


def set_default(k: int | None) -> None:
    """Fix the engines' BLAS threads for this process (None: $LIEALG_BLAS_THREADS or DEFAULT_THREADS)."""
    global _chosen
    _chosen = None if k is None else max(1, int(k))


def chosen(default: int | None = None) -> int:
    """The BLAS threads an engine uses: set_default's, else $LIEALG_BLAS_THREADS, else the engine's own
    `default` (what measured fastest for it), else DEFAULT_THREADS."""
    if _chosen is not None:
        return _chosen
    text = os.environ.get("LIEALG_BLAS_THREADS", "").strip()
    if text.isdigit() and int(text) >= 1:
        return int(text)
    return DEFAULT_THREADS if default is None else default


@contextlib.contextmanager
def blas_threads(k: int | None = None, default: int | None = None):
    """Run the block with k BLAS threads (default `chosen(default)`), then restore what was there. The
    copies loaded when the block starts are set (the engines use numpy's; scipy.linalg is not imported
    for this)."""
    global _chosen
    libs = _libraries()
    before = {p: int(get()) for p, (_, get) in libs.items()}
    outer = _chosen
    if k is not None:  # engines entered inside the block (with_blas_threads) keep k
        _chosen = max(1, int(k))
    set_threads(chosen(default))
    try:
        yield
    finally:
        _chosen = outer
        for p, (setter, _) in libs.items():
            setter(before[p])


def with_blas_threads(func=None, *, default: int | None = None):
    """Decorator: the engine entry point runs under `blas_threads(default=default)`."""
    if func is None:
        return functools.partial(with_blas_threads, default=default)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with blas_threads(default=default):
            return func(*args, **kwargs)

    return wrapper


#: every core (`blas_threads(ALL_CORES)`): the float matrix-representation analysis is faster so on an
#: idle machine (xxz-hva open n = 7, classify 6.8 s with two threads, 10.1 s with one), but not the
#: default (module docstring)
ALL_CORES = os.cpu_count() or 1
