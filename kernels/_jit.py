"""`njit` for liealg's kernels: numba's, compiled lazily, cached per user, with a pure-Python mode.

Three things set these kernels apart from a plain ``numba.njit(cache=True)``:

* **Lazy.** A kernel is compiled (or loaded from the cache) on its first compiled call;
  numba itself is imported only then. Importing liealg, `liealg --help`, and any command
  that ends up calling no compiled kernel never pay numba's start-up (about 0.6 s: the
  import and the target initialization of its first dispatch).
* **Pure-Python mode.** Inside ``with pure_python():`` every kernel runs its original
  Python function (``py_func``) on the same numpy arrays, nested kernel calls included, or
  the numpy twin registered with ``@kernel.vectorized`` (the hot ones of a small sum closure).
  Callers use it for inputs so small that interpreting beats starting numba (a classifier
  on a handful of strings, the first elements of a closure) and leave it (``leave_pure``)
  as soon as the work grows. The same source runs both ways; tests compare the two.
* **Cache outside the package.** numba's default cache sits next to the sources
  (``__pycache__`` in the installed package), where a later ``pip install`` leaves it
  behind to shadow the new install. The kernels cache in ``$NUMBA_CACHE_DIR`` when the
  user sets one, else ``$XDG_CACHE_HOME/liealg/numba`` (``~/.cache/liealg/numba``), else a
  directory in the system's temporary folder; only liealg's kernels are affected (the
  directory is set while each kernel is compiled, when numba picks its cache locator).

A kernel referenced from another kernel is resolved by numba through a `typeof`
registration that hands over the underlying dispatcher.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import signal
import tempfile
import threading
import time

try:  # the C function: signal.getsignal wraps it in an enum conversion that costs 1.6 us a call
    from _signal import getsignal as _getsignal
except ImportError:  # pragma: no cover - not CPython
    _getsignal = signal.getsignal
_MAIN_THREAD = threading.main_thread().ident
_kernel_depth = 0  # > 0 while a compiled kernel (or its compilation) runs in the main thread
_interrupt_pending = False  # Ctrl-C arrived inside a kernel: raised when the kernel returns
_HERE = os.path.dirname(os.path.abspath(__file__))
_pure_depth = 0  # > 0 inside pure_python()
_pure_since = 0.0  # perf_counter() when the outermost pure_python() block began
_pure_total = 0.0  # seconds spent in earlier budgeted pure_python() blocks of this process
_pure_forced = 0  # > 0 inside a pure_python() block opened on purpose (not counted, never overdue)
#: pure-Python mode's budget in a process, about a quarter of numba's start-up with the kernels
#: cached (import, target initialization, cache loads: 0.5-0.6 s here). Work that has run this long
#: interpreted compiles from there on (`pure_overdue`), so a process loses at most this much to
#: interpreting, and small jobs never start numba (rent, then buy)
PURE_BUDGET = 0.15
_started = False  # a kernel was compiled or loaded from the cache in this process
#: called once, just before the first kernel is compiled or loaded (the CLI says so on a terminal)
compile_notice = None


def cache_dir() -> str:
    """Where liealg's compiled kernels are cached (created if needed)."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return os.environ["NUMBA_CACHE_DIR"]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    uid = os.getuid() if hasattr(os, "getuid") else 0
    for path in (os.path.join(base, "liealg", "numba"), os.path.join(tempfile.gettempdir(), f"liealg-numba-{uid}")):
        try:
            os.makedirs(path, exist_ok=True)
            if os.access(path, os.W_OK):
                return path
        except OSError:
            continue
    return ""  # numba falls back to its own choice


@functools.cache
def _numba():
    """Import numba once, and teach it that a Kernel stands for its dispatcher."""
    import numba
    from numba.core.typing.typeof import typeof_impl

    @typeof_impl.register(Kernel)
    def _typeof_kernel(val, c):
        return typeof_impl(val.dispatcher(), c)

    return numba


class Kernel:
    """A lazily compiled numba function (see the module docstring); call it like the function."""

    def __init__(self, func, options: dict):
        self.py_func = func
        self._plain = func  # what pure-Python mode runs: py_func, or a numpy twin (`vectorized`)
        self._options = options
        self._dispatcher = None
        functools.update_wrapper(self, func)

    def vectorized(self, func):
        """Decorator: `func`, the same function written with numpy's array operations, is what
        pure-Python mode runs instead of the loops of py_func (same arguments, same results: tests
        compare the two)."""
        self._plain = func
        return func

    def dispatcher(self):
        if self._dispatcher is None:
            global compile_notice
            if compile_notice is not None:
                notice, compile_notice = compile_notice, None
                notice()
            numba = _numba()
            from numba.core import config

            saved = config.CACHE_DIR
            config.CACHE_DIR = _CACHE_DIR or saved
            try:
                self._dispatcher = numba.njit(**self._options)(self.py_func)
            finally:
                config.CACHE_DIR = saved
            global _started
            _started = True
        return self._dispatcher

    def __call__(self, *args):
        global _kernel_depth, _interrupt_pending
        if _pure_depth:
            return self._plain(*args)
        dispatcher = self._dispatcher or self.dispatcher()
        if threading.get_ident() != _MAIN_THREAD:  # Python delivers signals to the main thread only
            return dispatcher(*args)
        if not _kernel_depth and _getsignal(signal.SIGINT) is signal.default_int_handler:
            signal.signal(signal.SIGINT, _on_sigint)  # a handler the application installed is left alone
        _kernel_depth += 1
        try:
            return dispatcher(*args)
        finally:
            _kernel_depth -= 1
            if _interrupt_pending and not _kernel_depth:
                _interrupt_pending = False
                raise KeyboardInterrupt  # noqa: B012 - the user's Ctrl-C wins over a result

    def __repr__(self) -> str:
        return f"<liealg kernel {self.py_func.__module__}.{self.py_func.__name__}>"


def _on_sigint(signum, frame):
    """Python's Ctrl-C, except inside a compiled kernel: there it is noted and raised on return.

    A KeyboardInterrupt raised while numba boxes a kernel's results (its C code can run the
    interpreter's pending-signal check) leaves a half-built tuple behind and the process dies
    with SIGSEGV; kernels that run long return PAUSED between chunks, so a deferred interrupt
    is honoured within one chunk."""
    global _interrupt_pending
    if _kernel_depth:
        _interrupt_pending = True
        return
    signal.default_int_handler(signum, frame)


def njit(*args, **kwargs):
    """Like numba.njit (cache=True by default), returning a lazy `Kernel`."""
    kwargs.setdefault("cache", True)
    if args and callable(args[0]):
        return Kernel(args[0], kwargs)
    return lambda func: Kernel(func, kwargs)


@contextlib.contextmanager
def pure_python(enabled: bool = True, *, budgeted: bool = False):
    """Run the kernels as plain Python within the block (numpy arrays in and out; integer
    overflow of uint64 arithmetic wraps silently, as in compiled code). A `budgeted` block (what
    `pure_if_cold` opens) counts against PURE_BUDGET; a block opened on purpose (tests, or a
    caller that knows its input is tiny) stays pure to its end."""
    global _pure_depth, _pure_since, _pure_total, _pure_forced
    if not enabled:
        yield
        return
    import numpy as np

    outermost = not _pure_depth
    if outermost:
        _pure_since = time.perf_counter()
    _pure_depth += 1
    _pure_forced += not budgeted
    try:
        with np.errstate(over="ignore"):
            yield
    finally:
        _pure_forced -= not budgeted
        if outermost and budgeted and _pure_depth:  # (leave_pure has counted a block it ended)
            _pure_total += time.perf_counter() - _pure_since
        _pure_depth = max(0, _pure_depth - 1)


def pure_if_cold(small: bool):
    """pure_python() for a small input while no kernel has been compiled or loaded in this process
    (numba's start-up would dominate) and pure mode has not used up PURE_BUDGET; once a kernel has
    been loaded, the compiled kernels are the faster choice."""
    return pure_python(small and not _started and _pure_total <= PURE_BUDGET, budgeted=True)


def prefer_compiled() -> None:
    """From now on small inputs run compiled too (warm-ups of benchmarks and table builds)."""
    global _started
    _started = True


def leave_pure() -> None:
    """Compile from here on, even inside pure_python() (the work has grown)."""
    global _pure_depth, _pure_total
    if _pure_depth and not _pure_forced:
        _pure_total += time.perf_counter() - _pure_since
    _pure_depth = 0


def in_pure_python() -> bool:
    return _pure_depth > 0


def pure_seconds() -> float:
    """How long the kernels have run as plain Python in budgeted blocks of this process, the current one
    included."""
    return _pure_total + (time.perf_counter() - _pure_since if _pure_depth and not _pure_forced else 0.0)


def pure_overdue() -> bool:
    """A budgeted pure-Python block has used up PURE_BUDGET: a caller in it should `leave_pure` (or start
    again compiled). Never inside a block opened on purpose."""
    return not _pure_forced and pure_seconds() > PURE_BUDGET


_CACHE_DIR = cache_dir()


def _marker(task: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        numba_version = version("numba")
    except PackageNotFoundError:  # pragma: no cover
        numba_version = "?"
    tag = hashlib.sha1(f"{_HERE}|{numba_version}|{task}".encode()).hexdigest()[:16]
    return os.path.join(_CACHE_DIR or tempfile.gettempdir(), f".liealg-compiled-{tag}")


def compiled_before(task: str) -> bool:
    """Whether the kernels of `task` (a command name) of this installation are in the cache."""
    return os.path.exists(_marker(task))


def mark_compiled(task: str) -> None:
    with contextlib.suppress(OSError):
        open(_marker(task), "w").close()
