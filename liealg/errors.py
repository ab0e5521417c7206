"""Exceptions liealg raises on purpose (everything else is a bug).

Each is one clear line for the command line: the CLI prints it and exits with status 2. Bad
input of every kind is an `InputError` (a ValueError), whatever module found it; the CLI maps
`InputError`, `AlgebraTooLargeError` and `UncertifiedError` (the `EXPECTED` tuple) in one place.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input to a library call: the message says what and where, in one line."""


class GeneratorFileError(InputError):
    """A problem in a generator file, located at file:line:column."""

    def __init__(self, path: str, line: int | None, col: int | None, message: str):
        self.path, self.line, self.col, self.message = path, line, col, message
        where = path
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {message}")


class AlgebraTooLargeError(RuntimeError):
    """The closure would exceed the caller's dimension ceiling (max_dim)."""

    def __init__(self, reached: int, max_dim: int):
        self.reached, self.max_dim = reached, max_dim
        super().__init__(f"the algebra has more than {max_dim:,} elements (stopped at {reached:,}); "
                         f"raise --max-dim (memory grows about 32 bytes per element per 64 qubits)")


class SizeLimitError(InputError):
    """An exact/symbolic method was asked for a case beyond its size limit."""


class FloatRangeError(InputError):
    """A coefficient (or a ratio of coefficients) that float64 cannot represent faithfully."""


class UncertifiedError(RuntimeError):
    """The engine computed an answer it cannot stand behind (e.g. a float rank without a clear gap);
    it refuses instead of printing a guess."""


class EngineError(InputError):
    """A circuit engine cannot serve the request (the state, generators or observable are outside
    what it simulates, or it cannot compute the asked quantity); the message says why."""


class TableError(InputError):
    """A table file that cannot be trusted (a missing header, a bad value, two rows for one key),
    named by path and line."""


#: what a command prints as one line with exit status 2
EXPECTED = (InputError, AlgebraTooLargeError, UncertifiedError)

__all__ = ["EXPECTED", "AlgebraTooLargeError", "EngineError", "FloatRangeError", "GeneratorFileError", "InputError",
           "SizeLimitError", "TableError", "UncertifiedError"]
