"""The isotypic decomposition of the operator space End(H) under the adjoint action of g, from pairs of H's
components: what second moments over deep circuits are made of.

With H = sum_lambda V_lambda (x) C^{m_lambda} (`liealg.structure.isotypic`, aligned copies), an operator
splits into blocks X_{lambda mu} in Hom(H_mu, H_lambda) = W_{lambda mu} (x) C^{m_lambda} (x) C^{m_mu},
and g acts only on W_{lambda mu} = V_lambda (x) V_mu^*, by h_lambda (x) 1 - 1 (x) h_mu^T. Each W is small
(d_lambda d_mu) and is split here into irreducible copies: its commutant in floats, block diagonal in the
eigenspaces of an element X of g's image (so the linear system is small), then two generic commutant
elements give the copies and group the isomorphic ones (`liealg.structure.isotypic.irreducible_copies`),
aligned by intertwiners. Copies in different pairs with equal spectra under X are joined when an intertwiner
exists (`liealg.structure.intertwiners.unitary_intertwiner`) and aligned by it. The result,
End(H) = sum_nu V_nu (x) C^{mu_nu}, is checked: sum d_nu mu_nu = 4^n, and in each pair sum m^2 equals the
dimension of its commutant. Where the image on V_lambda is su(d) (or su(d) + u(1)), V (x) V^* is the
adjoint plus the trivial representation, used without a solve when d^2 exceeds MAX_PAIR.

Second moments (Schur orthogonality on each class nu): E_U |<o, Ad_U r>|^2 = sum_nu |R_nu O_nu^dag|_F^2 / d_nu,
with R_nu (d_nu x mu_nu) the coordinates of r in the aligned copies of nu (`second_moment`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from liealg.errors import SizeLimitError, UncertifiedError
from liealg.structure.intertwiners import element_coefficients, float_commutant, hermitian_element, unitary_intertwiner
from liealg.structure.isotypic import ComponentSpace, align_copies, irreducible_copies

#: pairs of components whose W = V_lambda (x) V_mu^* is larger than this are refused (or, for lambda = mu
#: with an su(d) image, split by theory)
MAX_PAIR = 1024
_ATTEMPTS = 3


@dataclass
class OperatorCopy:
    """One irreducible copy in W_{lambda mu}: its D x d isometry, aligned to its class's representative."""

    pair: tuple[int, int]
    U: np.ndarray


@dataclass
class OperatorClass:
    """One isotypic class nu of End(H): the irrep's dimension, its copies (mu_nu = the copies times the
    multiplicity pairs m_lambda m_mu of each), and g's action on the representative (`blocks`)."""

    d: int
    copies: list[OperatorCopy]
    blocks: list[np.ndarray] | None = field(repr=False)  # None for a class split by theory (su adjoint)
    spectrum: np.ndarray | None = field(default=None, repr=False)  # of X on the representative (d > 1)
    X: np.ndarray | None = field(default=None, repr=False)  # X on the representative (d > 1)
    trivial: bool = False

    def multiplicity(self, spaces: list[ComponentSpace]) -> int:
        return sum(spaces[c.pair[0]].component.m * spaces[c.pair[1]].component.m for c in self.copies)


@dataclass
class OperatorIsotypic:
    """End(H) = sum_nu V_nu (x) C^{mu_nu} under the adjoint action; `spaces` are H's components (aligned)."""

    spaces: list[ComponentSpace]
    classes: list[OperatorClass]
    certificate: dict

    @property
    def commutant_dim(self) -> int:
        """sum_nu mu_nu^2: the dimension of the commutant of the doubled action (second-moment commutant)."""
        return sum(c.multiplicity(self.spaces) ** 2 for c in self.classes)


def _generic(basis: list[np.ndarray], rng) -> np.ndarray:
    a = sum(rng.normal() * (C + C.conj().T) / 2 + rng.normal() * 1j * (C - C.conj().T) / 2 for C in basis)
    return (a + a.conj().T) / 2


def _decompose(mats: list[np.ndarray], X: np.ndarray, rng) -> list[list[np.ndarray]]:
    """The irreducible copies of the representation by Hermitian `mats`, grouped into classes and aligned
    (each a list of D x d isometries on which every generator acts by the same matrix)."""
    D = X.shape[0]
    basis = float_commutant(mats, X)
    for attempt in range(_ATTEMPTS):
        try:
            b = _generic(basis, rng)
            groups = irreducible_copies(_generic(basis, rng), _generic(basis, rng))
            ms = [len(g) for g in groups]
            if sum(m * m for m in ms) != len(basis) or sum(g[0].shape[1] * len(g) for g in groups) != D:
                raise UncertifiedError(f"the copies of a pair do not reproduce its commutant ({sum(m * m for m in ms)}"
                                       f" != {len(basis)}) or its dimension")
            return [align_copies(g, b, mats, [g[0].conj().T @ A @ g[0] for A in mats]) for g in groups]
        except UncertifiedError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def operator_isotypic(spaces: list[ComponentSpace], seed: int = 0) -> OperatorIsotypic:
    """End(H)'s isotypic classes under ad g from every component of H (`component_spaces(gens, None)`);
    a random element X of g whose eigenvalues come too close (no clear gap) is drawn again, twice."""
    for attempt in range(_ATTEMPTS):
        try:
            return _operator_isotypic(spaces, seed + attempt)
        except UncertifiedError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _operator_isotypic(spaces: list[ComponentSpace], seed: int) -> OperatorIsotypic:
    rng = np.random.default_rng(seed)
    K = len(spaces[0].blocks)
    coeffs = element_coefficients(K, rng)
    Xs = [hermitian_element(s.blocks, coeffs) for s in spaces]
    classes: list[OperatorClass] = []
    theory = 0
    for li, sl in enumerate(spaces):
        for mi, sm in enumerate(spaces):
            dl, dm = sl.component.d, sm.component.d
            D = dl * dm
            if D > MAX_PAIR:
                if li != mi or sl.component.image_type not in (f"su({dl})", f"su({dl}) ⊕ u(1)"):
                    raise SizeLimitError(f"a pair of components has V (x) V^* of dimension {D} (d = {dl}, {dm}); "
                                         f"pairs are split up to {MAX_PAIR}")
                one, rest = _su_adjoint(dl)
                _place_trivial(classes, OperatorCopy((li, mi), one))
                if any(c.d == D - 1 for c in classes):
                    raise UncertifiedError(f"an su({dl}) adjoint class of dimension {D - 1} meets another class of "
                                           "that dimension, and the two are not compared")
                classes.append(OperatorClass(D - 1, [OperatorCopy((li, mi), rest)], None))
                theory += 1
                continue
            mats = [np.kron(hl, np.eye(dm)) - np.kron(np.eye(dl), hm.T) for hl, hm in zip(sl.blocks, sm.blocks)]
            Xw = np.kron(Xs[li], np.eye(dm)) - np.kron(np.eye(dl), Xs[mi].T)
            for g in _decompose(mats, Xw, rng):
                _place(classes, (li, mi), g, mats, Xw)
    total = sum(c.d * c.multiplicity(spaces) for c in classes)
    N = sum(s.component.d * s.component.m for s in spaces)
    if total != N * N:
        raise UncertifiedError(f"the classes of End(H) add up to {total} dimensions, not {N * N}")
    cert = {"sum d mu": total, "pairs": len(spaces) ** 2, "pairs split by theory (su adjoint)": theory,
            "float": "commutants and intertwiners from null spaces with a clear gap (liealg.structure.intertwiners)"}
    classes.sort(key=lambda c: (-c.d, -c.multiplicity(spaces)))
    return OperatorIsotypic(spaces, classes, cert)


def _su_adjoint(d: int) -> tuple[np.ndarray, np.ndarray]:
    """V (x) V^* for an su(d) image: the trivial copy vec(1)/sqrt(d) and the adjoint, its complement."""
    one = np.eye(d).reshape(-1, 1).astype(complex) / np.sqrt(d)
    Q, _ = np.linalg.qr(np.concatenate([one, np.eye(d * d)[:, 1:]], axis=1).astype(complex))
    return one, Q[:, 1:]


def _place_trivial(classes: list[OperatorClass], copy: OperatorCopy) -> None:
    for cls in classes:
        if cls.trivial:
            cls.copies.append(copy)
            return
    classes.append(OperatorClass(1, [copy], None, trivial=True))


def _place(classes: list[OperatorClass], pair: tuple[int, int], group: list[np.ndarray], mats,
           Xw: np.ndarray) -> None:
    """Put the aligned copies of one class of a pair into their class of End(H) (aligned to its
    representative by one intertwiner), or start a class."""
    U = group[0]
    d = U.shape[1]
    blocks = [U.conj().T @ A @ U for A in mats]
    top = max(max(float(np.linalg.norm(A)) for A in mats), 1.0)
    copies = [OperatorCopy(pair, V) for V in group]
    if d == 1:  # a character: isomorphic copies act by the same scalars; the trivial one by zeros
        scalars = np.array([b[0, 0].real for b in blocks])
        if np.all(np.abs(scalars) <= 1e-9 * top):
            for c in copies:
                _place_trivial(classes, c)
            return
        for cls in classes:
            if cls.d == 1 and not cls.trivial and np.all(
                    np.abs(scalars - np.array([b[0, 0].real for b in cls.blocks])) <= 1e-9 * top):
                cls.copies.extend(copies)
                return
        classes.append(OperatorClass(1, copies, blocks))
        return
    X = U.conj().T @ Xw @ U
    new = OperatorClass(d, copies, blocks, np.linalg.eigvalsh(X), X)
    for cls in classes:
        if cls.d != d or cls.blocks is None:
            continue
        if np.max(np.abs(new.spectrum - cls.spectrum)) > 1e-6 * max(1.0, float(np.max(np.abs(cls.spectrum)))):
            continue  # different weights: not isomorphic
        T = unitary_intertwiner(new.blocks, cls.blocks, X, cls.X)
        if T is not None:
            cls.copies.extend(OperatorCopy(pair, V @ T.conj().T) for V in group)
            return
    if any(cls.d == d and cls.blocks is None for cls in classes):
        raise UncertifiedError(f"a class of dimension {d} meets an su adjoint class of that dimension, and the two "
                               "are not compared")
    classes.append(new)


def coordinates(dec: OperatorIsotypic, X: np.ndarray) -> list[np.ndarray]:
    """For an operator X (2^n x 2^n): per class nu, the d_nu x mu_nu matrix of its coordinates in the
    class's aligned copies (each copy once per multiplicity pair (j, k) of its components)."""
    spaces = dec.spaces
    Qs = [np.hstack(s.copies) for s in spaces]
    blocks = {}
    out = []
    for cls in dec.classes:
        cols = []
        for c in cls.copies:
            li, mi = c.pair
            if c.pair not in blocks:
                sl, sm = spaces[li].component, spaces[mi].component
                B = Qs[li].conj().T @ X @ Qs[mi]
                blocks[c.pair] = B.reshape(sl.m, sl.d, sm.m, sm.d).transpose(1, 3, 0, 2).reshape(
                    sl.d * sm.d, sl.m * sm.m)
            cols.append(c.U.conj().T @ blocks[c.pair])
        out.append(np.hstack(cols))
    return out


def second_moment(dec: OperatorIsotypic, rho: np.ndarray, obs: np.ndarray) -> tuple[float, float]:
    """(E[<O>], E[<O>^2]) over the Haar measure of exp(g), for dense rho and O (module docstring); the mean
    from the trivial class."""
    second, mean = 0.0, 0.0
    for cls, r, o in zip(dec.classes, coordinates(dec, rho), coordinates(dec, obs)):
        M = r @ o.conj().T
        second += float(np.linalg.norm(M) ** 2) / cls.d
        if cls.trivial:
            mean += float(np.real(np.vdot(o, r)))
    return mean, second
