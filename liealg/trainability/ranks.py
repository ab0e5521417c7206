"""Numerical ranks of QFI, Hessian and tangent matrices: the tolerances and the gap that certify them."""

from __future__ import annotations

import numpy as np

#: engines that give the Jacobian T (F = T T^T, free fermions) count a singular value of T above
#: TANGENT_RTOL times the largest: T is accurate to ~1e-16 relative, and the smallest genuine singular
#: values of deep random circuits reach 1e-12 (checked in extended precision at n = 60)
TANGENT_RTOL = 1e-14

RTOL = 1e-8  # an eigenvalue of the QFI counts when it exceeds RTOL times the largest ...

#: ... and this absolute floor times the scale of the matrix (M max_k |H_k|^2 for the QFI, with |H| the
#: 1-norm of the Pauli coefficients): rounding noise of a matrix that is exactly zero stays below it
NOISE_FLOOR = 1e-11


def rank_and_gap(F: np.ndarray, rtol: float, floor: float) -> tuple[int, float]:
    """Rank of a symmetric matrix and the gap at the cut.

    An eigenvalue counts when |lambda| exceeds both rtol times the largest and the absolute
    `floor` (the rounding noise of a matrix of that scale), so a matrix that is zero to working
    precision has rank 0. The gap is the smallest counted eigenvalue over the largest of the
    first dropped one and the floor (inf when nothing is dropped, or nothing counted).
    """
    w = np.sort(np.abs(np.linalg.eigvalsh(F)))[::-1]
    if w.size == 0:
        return 0, float("inf")
    cut = max(rtol * w[0], floor)
    r = int(np.sum(w > cut))
    if r == 0:
        return 0, float("inf")
    below = w[r] if r < w.size else 0.0
    return r, float(w[r - 1] / max(below, floor))


def generator_scale(gens) -> float:
    """max_k |H_k|, with |H| the 1-norm of its Pauli coefficients (a bound on the operator norm)."""
    return max(float(np.abs(g.float_coeffs).sum()) for g in gens)


def saturation(rows) -> tuple[int | None, str]:
    """(M_c, reason) for rank rows (each with .M and .rank, by depth): the smallest M at which the rank reaches
    its largest value and stays there for at least two consecutive depths, else None and why."""
    if any(r.rank is None for r in rows):
        return None, "the numerics failed at some depth (a rank above R)"
    if len(rows) < 2:
        return None, "one depth cannot show saturation; give a range such as --layers 1:10"
    top = max(r.rank for r in rows)
    if top == 0:
        return 0, "no parameter moves the state: the rank is 0 at every depth"
    for a, b in zip(rows, rows[1:]):
        if a.rank == top and b.rank == top:
            return a.M, "saturated"
    return None, "the rank still grows at the largest depth (or never repeats); add layers"
