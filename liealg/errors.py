"""Exceptions liealg raises on purpose (everything else is a bug)."""

from .io import GeneratorFileError


class AlgebraTooLargeError(RuntimeError):
    """The closure would exceed the caller's dimension ceiling (max_dim)."""

    def __init__(self, reached: int, max_dim: int):
        self.reached, self.max_dim = reached, max_dim
        super().__init__(f"the algebra has more than {max_dim:,} elements (stopped at {reached:,}); "
                         f"raise --max-dim (memory grows about 32 bytes per element per 64 qubits)")


class SizeLimitError(ValueError):
    """An exact/symbolic method was asked for a case beyond its size limit."""


__all__ = ["AlgebraTooLargeError", "GeneratorFileError", "SizeLimitError"]
