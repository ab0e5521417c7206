"""`njit` for liealg's kernels: numba's, with the compiled-kernel cache kept out of the package.

numba's default cache sits next to the sources (``__pycache__`` inside the installed
package). A later ``pip install`` removes the package but not those files, which then
shadow the new install as an empty namespace package. So the kernels cache in a
per-user directory instead: ``$NUMBA_CACHE_DIR`` when the user sets one, else
``$XDG_CACHE_HOME/liealg/numba`` (``~/.cache/liealg/numba``), else a directory in
the system's temporary folder. Only liealg's kernels are affected: the directory is
set while each kernel is decorated (numba picks a function's cache locator then)
and restored afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile

import numba
from numba.core import config

_HERE = os.path.dirname(os.path.abspath(__file__))


def cache_dir() -> str:
    """Where liealg's compiled kernels are cached (created if needed)."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return os.environ["NUMBA_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for path in (os.path.join(base, "liealg", "numba"),
                 os.path.join(tempfile.gettempdir(), f"liealg-numba-{os.getuid() if hasattr(os, 'getuid') else 0}")):
        try:
            os.makedirs(path, exist_ok=True)
            if os.access(path, os.W_OK):
                return path
        except OSError:
            continue
    return ""  # numba falls back to its own choice


_CACHE_DIR = cache_dir()


@contextlib.contextmanager
def _our_cache():
    saved = config.CACHE_DIR
    config.CACHE_DIR = _CACHE_DIR or saved
    try:
        yield
    finally:
        config.CACHE_DIR = saved


def njit(*args, **kwargs):
    """numba.njit with cache=True into liealg's cache directory (same signature as numba.njit)."""
    kwargs.setdefault("cache", True)
    if args and callable(args[0]):
        with _our_cache():
            return numba.njit(**kwargs)(args[0])
    decorator = numba.njit(*args, **kwargs)

    def apply(func):
        with _our_cache():
            return decorator(func)

    return apply


def _marker(task: str) -> str:
    tag = hashlib.sha1(f"{_HERE}|{numba.__version__}|{task}".encode()).hexdigest()[:16]
    return os.path.join(_CACHE_DIR or tempfile.gettempdir(), f".liealg-compiled-{tag}")


def compiled_before(task: str) -> bool:
    """Whether the kernels of `task` (a command name) of this installation are in the cache."""
    return os.path.exists(_marker(task))


def mark_compiled(task: str) -> None:
    with contextlib.suppress(OSError):
        open(_marker(task), "w").close()
