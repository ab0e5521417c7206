"""One generator: [iH, iH] = 0, so g is the span of iH, answered without forming a single product."""

from __future__ import annotations

from liealg.closure.problem import Closure, ClosureProblem

NAME = "single-generator"


def applies(problem: ClosureProblem) -> str | None:
    if problem.sector is not None:
        return "a sector: the sector engines close g_V"
    return None if len(problem.generators) == 1 else "more than one generator"


def estimate(problem: ClosureProblem) -> float:
    return 0.0


def close(problem: ClosureProblem, watch=None) -> Closure:
    return Closure(dim=1, engine=NAME, method=NAME, elements=[problem.generators[0]])
