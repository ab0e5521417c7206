"""liealg: dynamical Lie algebras of parameterized quantum circuits.

>>> import liealg
>>> liealg.lie_closure(["XXI", "IXX", "ZII", "IZI", "IIZ"]).dim   # so(6)
15
"""

from importlib.metadata import PackageNotFoundError, version

from .algebra import LieAlgebra
from .classify import classify
from .closure import DEFAULT_MAX_DIM, lie_closure, string_closure
from .errors import AlgebraTooLargeError, GeneratorFileError, SizeLimitError
from .io import parse_generators, read_generators
from .pauli import PauliList, PauliString
from .sums import PauliSum

try:
    __version__ = version("liealg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "AlgebraTooLargeError", "DEFAULT_MAX_DIM", "GeneratorFileError", "LieAlgebra", "PauliList",
    "PauliString", "PauliSum", "SizeLimitError", "classify", "lie_closure", "parse_generators",
    "read_generators", "string_closure", "__version__",
]
