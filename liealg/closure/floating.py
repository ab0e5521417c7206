"""The float closure engine: Pauli sums in floating point, certified by the gap of its decisions.

Orthonormal CGS2 in float64 with per-generator scaled coefficients; every accept/reject decision
compares a residual with the scale of the bracket that produced it, and the result is refused unless
the smallest accepted ratio exceeds the largest rejected one by FLOAT_GAP. The exact shortcuts of
`liealg.closure.sparse` apply here too (a constituent string counts as contained only at rounding
level). `method='float'` takes coefficients the exact path refuses (exp(pi), sqrt(pi)).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from liealg.closure.problem import Closure, ClosureProblem
from liealg.closure.spans import FloatSpan, Registry
from liealg.closure.sparse import (
    Shortcuts,
    SumClosureResult,
    as_closure,
    check_density,
    constituent_strings,
    string_bound,
)
from liealg.closure.strings import string_closure
from liealg.errors import AlgebraTooLargeError, UncertifiedError
from liealg.pauli import n_words
from liealg.sums import PauliSum

#: Float path: a sum of products whose magnitude is below _CANCEL times the sum of the
#: products' magnitudes is rounding noise of an exact cancellation, and counts as zero.
_CANCEL = 1024 * np.finfo(float).eps

#: Float path: entries of a basis row below this fraction of its largest are rounding noise.
_NOISE = 16 * np.finfo(float).eps

#: Float path certificate: smallest accepted / largest rejected residual ratio must exceed this.
FLOAT_GAP = 1e3


def float_closure(gens: list[PauliSum], *, max_dim: int, rtol: float = 1e-9,
                  progress: Callable | None = None) -> SumClosureResult:
    """Floating-point closure (CGS2; module docstring). Coefficients are scaled per generator (largest 1);
    raises FloatRangeError when a generator's coefficients do not fit float64 after scaling, and
    UncertifiedError when the decisions leave no gap of FLOAT_GAP."""
    check_density(gens)
    registry = Registry(2 * n_words(gens[0].n))
    span = FloatSpan(registry, rtol)
    gen_rows = [(registry.ids(g.keys), g.normalized_float_coeffs()) for g in gens]
    gen_scale = [float(np.abs(v).sum()) for _, v in gen_rows]
    constituents = constituent_strings(gens)
    bound = string_bound(constituents)
    bound_keys = None
    # a constituent string counts as contained only when its residual is at rounding level
    shortcuts = Shortcuts(bound, registry.ids(constituents.keys),
                           lambda c: span.contains(np.array([c]), np.array([1.0]), tol=1e-12))
    span.add_batch(gen_rows)
    frontier = [_sparse_row(q) for q in span.Q[: span.dim, : registry.ncols]]
    shortcut = None
    while frontier and shortcut is None:
        candidates, scales = [], []
        for x_cols, x_vals in frontier:
            for (g_cols, g_vals), g_scale in zip(gen_rows, gen_scale):
                ia, ib, cols, sign = registry.commutator_terms(g_cols, x_cols)
                if cols.shape[0]:
                    vals = sign * g_vals[ia] * x_vals[ib]
                    uc, inv = np.unique(cols, return_inverse=True)
                    uv = np.bincount(inv, weights=vals)
                    # a merged coefficient below the rounding error of its sum is an exact zero
                    noise = _CANCEL * np.bincount(inv, weights=np.abs(vals))
                    keep = np.abs(uv) > noise
                    if keep.any():
                        candidates.append((uc[keep], uv[keep]))
                        scales.append(2 * g_scale * np.linalg.norm(x_vals))
        new = []
        for start in range(0, len(candidates), 256):
            before = span.dim
            span.add_batch(candidates[start:start + 256], scales[start:start + 256])
            # bracket the orthonormal new directions, not the raw candidates: nested
            # commutators grow nearly parallel (as in a Krylov sequence) and lose rank
            new.extend(_sparse_row(q) for q in span.Q[before:span.dim, : registry.ncols])
            if span.dim > max_dim:
                raise AlgebraTooLargeError(span.dim, max_dim)
            shortcut = shortcuts.check(span.dim)
            if shortcut:
                break
        if progress is not None:
            progress(span.dim, 0)
        frontier = new
    if span.gap < FLOAT_GAP and shortcut is None:
        raise UncertifiedError(
            f"the float path cannot certify dimension {span.dim}: the weakest accepted direction "
            f"(residual {span.smallest_accepted:.1e} of its scale) is only {span.gap:.1f}x the strongest "
            f"rejected one ({span.largest_rejected:.1e}); use the exact method")
    if shortcut:  # the algebra is S: enumerate it
        bound_keys = string_closure(constituents, max_dim=max_dim)
    dim = bound_keys.shape[0] if shortcut else span.dim
    certificate = {"rtol": rtol, "gap": float(span.gap), "smallest_accepted": float(span.smallest_accepted),
                   "largest_rejected": float(span.largest_rejected), "required_gap": FLOAT_GAP}
    return SumClosureResult(dim, registry, shortcut, bound_keys if shortcut else None, {}, [span], certificate)


def _sparse_row(q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    nz = np.flatnonzero(np.abs(q) > _NOISE * np.abs(q).max())
    return nz.astype(np.int64), q[nz]


# --- the closure-engine interface (liealg.closure.problem) -------------------------------------------
NAME = "float"


def applies(problem: ClosureProblem) -> str | None:
    if problem.sector is not None:
        return "a sector: the dense engine's float path closes g_V"
    if problem.method != "float":
        return f"method {problem.method!r} asks for exact arithmetic"
    return None


def estimate(problem: ClosureProblem) -> float:
    terms = sum(len(g) for g in problem.generators)
    return float(terms * terms)


def close(problem: ClosureProblem, watch=None) -> Closure:
    res = float_closure(problem.generators, max_dim=problem.max_dim, rtol=problem.rtol, progress=problem.progress)
    return as_closure(res, NAME, "float-cgs2")
