"""Closure engines: what is g, the real span of the iH_k and their nested commutators?

`lie_closure` (`router`) is the one place that chooses an engine. Engines, one module each:

    strings      breadth-first search over bit-packed Pauli strings (single-string generators)
    sparse       Pauli sums over GF(p), two primes, exact shortcuts
    dense        the generators' matrices in symmetry blocks, BLAS panels modulo primes
    irreducible  dim g and its type from g's action on irreducible symmetry blocks, no span held
    graph        the anticommutation-graph classifier (`anticommutation`): dim and type of string
                 algebras, no basis
    single       one generator: a one-dimensional algebra, no closure
    floating     Pauli sums in floating point, certified by the gap of its decisions
    image        g_V as the image of g under restriction to the sector V (pauli-image)
    symbolic     an independent exact sympy closure for up to 3 qubits (`liealg dim --check`)

`problem` holds the interface (`ClosureProblem` in, `Closure` out); `basis` the bases engines hold and
the `Certificate`; `certificate` the two-prime certificate every modular engine uses. `router` is the
one place that chooses (`route`); `liealg.structure.algebra.lie_closure` asks it and wraps the
answer in a `LieAlgebra`.

`spans` holds the sparse engines' data structures (column registry, GF(p) echelon span, float
orthonormal span).
"""

import importlib

from liealg._lazy import lazy_package
from liealg.resources import memory_budget  # noqa: F401  (the one budget, re-exported)

#: Default ceiling on the dimension of a closure (about 1.1 GB for <= 64 qubits).
DEFAULT_MAX_DIM = 1 << 26


#: `lie_closure(method=...)`: the arithmetic of a closure
METHODS = ("auto", "strings", "exact", "float")
#: the closure engines, in the order `auto` considers them (`router`): engine name -> module of this package,
#: each with NAME, applies, estimate and close (`problem`); loaded on first use by `engine(name)`
ENGINE_MODULES = {
    "anticommutation-graph": "graph",
    "string-bfs": "strings",
    "single-generator": "single",
    "float": "floating",
    "sparse": "sparse",
    "dense-blocks": "dense",
    "irreducible-blocks": "irreducible",
    "pauli-image": "image",
}
#: `lie_closure(engine=...)`: the engines a caller may ask for by name -> the engine's NAME
REQUESTED = {"sparse": "sparse", "dense": "dense-blocks", "irreducible": "irreducible-blocks",
             "pauli-image": "pauli-image"}
ENGINES = ("auto", *REQUESTED)


def engine(name: str):
    """The closure engine called `name` (a key of ENGINE_MODULES), imported on first use."""
    return importlib.import_module(f"{__name__}.{ENGINE_MODULES[name]}")


#: public name -> the module that defines it
NAMES = {
    "DENSE_QUBITS": "dense",
    "ProgressCallback": "problem",
    "as_generators": "liealg.io.inputs",
    "close_float": "dense",
    "close_mod": "dense",
    "exact_closure": "sparse",
    "float_closure": "floating",
    "irreducible_blocks": "irreducible",
    "Certificate": "basis",
    "Closure": "problem",
    "ClosureProblem": "problem",
    "lie_closure": "liealg.structure.algebra",
    "sector_closure": "liealg.structure.algebra",
    "single_strings": "liealg.io.inputs",
    "string_closure": "strings",
    "symbolic_closure": "symbolic",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
