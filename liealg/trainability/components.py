"""R, capacity and M_c per isotypic component the initial state touches.

The circuit preserves every isotypic component H_lambda = V_lambda (x) C^{m_lambda} of the generators'
action (`liealg.structure.isotypic`), and acts on it as g's image g_lambda on V_lambda, the same on
every copy. A state psi = sum_lambda psi_lambda therefore evolves in each component on its own: the
normalized part phi_lambda = psi_lambda / |psi_lambda| (a d x m matrix in aligned copy bases) has the
orbit dimension

    R_lambda = dim g_lambda - dim{X in g_lambda : [X, |phi_lambda><phi_lambda|] = 0},

the bound on the QFI rank of the circuit seen from that component alone (Larocca et al. 2023, applied to
the state phi_lambda), reached from some M_c,lambda on. The circuit's own R lies between them:
max_lambda R_lambda <= R <= sum_lambda R_lambda + t - 1 over the t components touched (a direction that
fixes psi fixes each phi_lambda; the orbit of psi lies in the product of the components' orbits and their
phases). The components show which part of the state the parameters reach first and which sets M_c.

Where the image is su(d) (or su(d) + u(1)), R_lambda = 2 d r - r^2 - 1 for phi_lambda of Schmidt rank r
across V_lambda (x) C^m (the orbit of a rank-r matrix under U(d), less the phase); otherwise it is the
rank of the tangent vectors X phi - <phi, X phi> phi over a float basis of g_lambda (d <= TANGENT_D).
Both are floating-point ranks with a gap, like R from g_V; the components' counts are exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from liealg.circuits.statevector import qfi_matrix
from liealg.errors import SizeLimitError, UncertifiedError
from liealg.structure.isotypic import ComponentSpace, image_basis
from liealg.trainability.ranks import NOISE_FLOOR, saturation

#: a singular value counts when it exceeds this fraction of the largest (the Schmidt rank, tangent ranks)
_RTOL = 1e-9
#: ... and is refused as uncertain between _RTOL and this fraction
_UNSURE = 1e-6
#: images that are not su(d) are closed in floats on d x d blocks up to this d
TANGENT_D = 32


@dataclass
class ComponentSweep:
    """One component the state has weight on: d, m, g's image there, the state's weight, R_lambda and the
    maximal QFI rank of the component's state at each depth swept (`rows`: (layers, M, rank, gap))."""

    d: int
    m: int
    image_type: str
    weight: float
    R: int
    schmidt_rank: int
    rows: list = field(default_factory=list)  # liealg.trainability.qfi.RankRow per depth

    @property
    def capacity(self) -> int | None:
        """The component's maximal QFI rank at the largest depth swept: at most R."""
        return self.rows[-1].rank if self.rows else None

    @property
    def M_c(self) -> int | None:
        return saturation(self.rows)[0]

    @property
    def M_c_reason(self) -> str:
        return saturation(self.rows)[1]

    def as_dict(self) -> dict:
        return {"d": self.d, "m": self.m, "image_type": self.image_type, "weight": self.weight, "R": self.R,
                "schmidt_rank": self.schmidt_rank, "capacity": self.capacity, "M_c": self.M_c,
                "M_c_reason": self.M_c_reason,
                "rows": [{"layers": r.layers, "M": r.M, "rank": r.rank, "gap": r.gap} for r in self.rows]}


def _rank(s: np.ndarray, what: str) -> int:
    """Singular values (descending) counted above _RTOL of the largest and the rounding floor; refused when
    one lies between _RTOL and _UNSURE of the largest."""
    if s.size == 0 or s[0] <= NOISE_FLOOR:
        return 0
    rel = s / s[0]
    if np.any((rel > _RTOL) & (rel < _UNSURE)):
        raise UncertifiedError(f"no clear gap in the singular values of {what}")
    return int(np.sum((rel >= _UNSURE) & (s > NOISE_FLOOR)))


def schmidt_rank(space: ComponentSpace) -> int:
    """The rank of the state's part in V_lambda (x) C^m, as a d x m matrix in the aligned bases."""
    return _rank(np.linalg.svd(space.phi, compute_uv=False), "the state's part in a component")


def component_orbit(space: ComponentSpace) -> tuple[int, int]:
    """(R_lambda, Schmidt rank r) of the state's normalized part in one component (module docstring)."""
    c = space.component
    d = c.d
    r = schmidt_rank(space)
    if c.image_type in (f"su({d})", f"su({d}) ⊕ u(1)") or d == 1:
        return (2 * d * r - r * r - 1 if r else 0), r
    if d > TANGENT_D:
        raise SizeLimitError(f"R on a component whose image is {c.image_type} is found on float bases up to "
                             f"d = {TANGENT_D}, not {d}")
    phi = space.phi / np.linalg.norm(space.phi)
    vecs = []
    for X in image_basis(space.blocks):
        v = X @ phi
        v = v - np.vdot(phi, v) * phi
        vecs.append(np.concatenate([v.real.ravel(), v.imag.ravel()]))
    if not vecs:
        return 0, r
    return _rank(np.linalg.svd(np.array(vecs), compute_uv=False), "a component's tangent vectors"), r


class ComponentQFI:
    """The QFI of each component's normalized state, from the circuit's state and Jacobian (psi, J):
    the circuit keeps each component's weight, which is checked at every point."""

    def __init__(self, spaces: list[ComponentSpace]):
        self.spaces = spaces
        self.adjoints = [np.hstack(s.copies).conj().T for s in spaces]

    def matrices(self, psi: np.ndarray, J: np.ndarray) -> list[np.ndarray]:
        out = []
        for s, A in zip(self.spaces, self.adjoints):
            c, Jc = A @ psi, A @ J
            w = float(np.vdot(c, c).real)
            if abs(w - s.component.weight) > 1e-8:
                raise UncertifiedError(f"the circuit changed the state's weight on a component "
                                       f"({s.component.weight:.6g} -> {w:.6g}): the components are not invariant")
            out.append(qfi_matrix(c / np.sqrt(w), Jc / np.sqrt(w)))
        return out
