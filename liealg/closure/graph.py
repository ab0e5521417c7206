"""The anticommutation-graph classifier as a closure engine: dim g and its type for Pauli-string generators.

Nothing is enumerated (`liealg.closure.anticommutation`: polynomial time, any number of qubits), so
the router uses it when the caller needs a certified dimension and type but no basis
(`lie_closure(..., basis=False)`: `liealg dim`, `classify`, the tables); a basis is derived on demand.
"""

from __future__ import annotations

from liealg.closure.anticommutation import classify_strings
from liealg.closure.problem import Closure, ClosureProblem

NAME = "anticommutation-graph"


def applies(problem: ClosureProblem) -> str | None:
    if problem.sector is not None:
        return "a sector: the sector engines close g_V"
    if problem.need_basis:
        return "a basis is asked for, and the classifier holds none"
    if problem.strings is None:
        return "a generator is a sum of Pauli strings"
    if problem.method != "auto":
        return f"method {problem.method!r} asks for a closure"
    return None


def estimate(problem: ClosureProblem) -> float:
    """F_2 elimination on the m x m anticommutation graph of the m generators."""
    m = len(problem.generators)
    return float(m * m * (1 + problem.n_qubits // 64))


def close(problem: ClosureProblem, watch=None) -> Closure:
    res = classify_strings(problem.strings)
    return Closure(dim=res.dim, engine=NAME, method=NAME, decomposition=res.decomposition(), seconds=res.seconds)
