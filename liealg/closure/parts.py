"""The irreducible-block engine beyond su: parts that repeat, dual parts in one block, so and sp images.

`liealg.closure.irreducible` reads g off its action on symmetry blocks when every block splits into
pairwise non-isomorphic parts on which g's image is all of su(part). It refuses the rest: a block that
holds two copies of one irreducible module (the commutant is then a matrix algebra), a part together with
its dual (every frequency of the one recurs in the other), and parts with an invariant bilinear form
(so(d) and sp(d) images, whose frequencies come in mirror pairs). This engine takes those, part by part:

1. **The parts.** A = sum_k c_k H_k + sum c_kl i[H_k, H_l] (random real c) is in g. Every commutant
   element commutes with A, so in A's eigenbasis it is block diagonal over the clusters of equal
   eigenvalues; the conditions [H_k, X] = 0 on those blocks are a small Hermitian system (its unknowns
   are sum over clusters of size^2) whose null space is the block's commutant, sum_lambda m_lambda^2
   dimensions (each candidate's residual, computed from the matrices, below 1e-10 or above 1e-5). A
   generic Hermitian element of it splits the clusters; in the joint eigenbasis the irreducible copies
   are the connected components of the generators' nonzero entries, and two copies are isomorphic
   when a second generic commutant element couples them. The counts must reproduce the commutant's
   dimension. Exactly: the commutant's dimension modulo two primes (module maps found from a cyclic
   vector of A, or from a spanning set of words in the generators where no cyclic vector exists) must
   equal sum m_lambda^2 on every block.
2. **g's image on one copy P** (traceless parts; scalars go to the center), with A regular on P:
   * su(P) when the planes (i, j) at frequencies lambda_j - lambda_i that no other pair of P shares,
     with a generator's entry there, connect P's states (`liealg.closure.irreducible`, step 1, within an
     exact invariant subspace);
   * so(P) or sp(P) when P carries an invariant bilinear form B (found in A's eigenbasis, where it pairs
     the state of eigenvalue mu with that of -mu; its null space must be one-dimensional), symmetric or
     antisymmetric. Then g's image lies in so(B) or sp(B), whose root space at an isolated frequency is
     one-dimensional, so a generator's entry there puts the whole root space in the image; root vectors
     of lambda_j - lambda_i and lambda_k - lambda_j bracket to that of lambda_k - lambda_i whenever the
     latter is a root (Humphreys, Prop. 8.4), and the closure of the certified roots under that rule
     must be every root;
   * anything else is refused with the reason.
3. **Linkage.** Two components whose images are the same su(d), so(d) or sp(d) carry one simple ideal
   of g iff their traceless modules are isomorphic or (su, d >= 3) dual. A linking map sends A's
   traceless eigenvalues on the one to those on the other (equal, or opposite for the dual), so differing
   spectra prove two components unlinked; matching ones fix the map up to phases, which the generators'
   entries then decide (all equal in modulus and consistent around every cycle: linked; a modulus that
   differs beyond rounding: unlinked; anything between: refused). Components of different natural
   dimension whose images are isomorphic (su(2) = so(3) = sp(2), sp(4) = so(5), su(4) = so(6)), so(4)
   (not simple) and so(8) parts with different spectra (triality) are refused.
4. **Center.** z acts by a scalar on every irreducible part, so dim z is the rank of the generators'
   traces on the parts (and characters on one-dimensional parts), with a gap.

dim g = dim z + sum over linked classes of dim(image). Float64 with explicit gaps throughout; the
decomposition into parts is checked exactly (1), everything else is decided with margins of at least
10^4 between what counts as zero and what counts as nonzero, or refused.
"""

from __future__ import annotations

import time

import numpy as np

from liealg.closure.blockrep import IrreducibleResult, block_data, block_name, commutant_dim_mod
from liealg.decomposition import SimpleIdeal
from liealg.errors import UncertifiedError

#: entries below ZERO * scale are zero, above NONZERO * scale nonzero (scale: the generator's norm);
#: frequencies and eigenvalues closer than TIE * ||A|| are equal, further apart than SEPARATE * ||A||
#: distinct; anything between refuses
ZERO, NONZERO = 1e-11, 1e-7
TIE, SEPARATE = 1e-11, 1e-7
ATTEMPTS = 3


def irreducible_parts(problem, *, seed: int = 0, blocks: dict | None = None,
                      vectors: bool = False) -> IrreducibleResult:
    """dim g, its center and simple ideals from the irreducible parts of the symmetry blocks (module
    docstring); UncertifiedError with the reason when some step cannot be decided. `blocks`: the
    problem's `block_data`, when the su route has computed it; `vectors`: keep each component's copies
    as orthonormal columns in the block's coordinates (for state weights)."""
    t0 = time.perf_counter()
    cache = blocks if blocks is not None else block_data(problem, seed)
    last = None
    for attempt in range(ATTEMPTS):
        try:
            res = _parts(problem, cache, seed + attempt, vectors)
        except _Retry as exc:
            last = exc
            continue
        res.seconds = time.perf_counter() - t0
        res.certificate["regular_elements_tried"] = attempt + 1
        return res
    raise UncertifiedError(f"{last} (after {ATTEMPTS} regular elements)")


class _Retry(UncertifiedError):
    """This regular element is not generic enough; another may be."""


def _pairs(K: int) -> list[tuple[int, int]]:
    return [(k, m) for k in range(min(K, 3)) for m in range(k + 1, min(K, 4))]


def _regular(Hs: list[np.ndarray], c: np.ndarray) -> np.ndarray:
    """sum_k c_k H_k + sum c_km i[H_k, H_m]: one element of g, the same coefficients on every block."""
    K = len(Hs)
    A = sum(ck * H for ck, H in zip(c, Hs))
    for ckm, (k, m) in zip(c[K:], _pairs(K)):
        A = A + ckm * 1j * (Hs[k] @ Hs[m] - Hs[m] @ Hs[k])
    return (A + A.conj().T) / 2


def _clusters(lam: np.ndarray, scale: float) -> np.ndarray:
    d = lam.size
    if d < 2:
        return np.zeros(d, dtype=int)
    # eigenvalues not clearly apart share a cluster: more unknowns for the commutant, never fewer
    return np.concatenate([[0], np.cumsum(np.diff(lam) >= SEPARATE * scale)])


def _commutant(Ws: list[np.ndarray], cl: np.ndarray, label: str) -> np.ndarray:
    """Basis (columns, over the cluster-diagonal positions) of the matrices commuting with every W."""
    d = cl.size
    L, J = [], []
    for c in np.unique(cl):
        idx = np.flatnonzero(cl == c)
        ll, jj = np.meshgrid(idx, idx, indexing="ij")
        L.append(ll.ravel())
        J.append(jj.ravel())
    L, J = np.concatenate(L), np.concatenate(J)
    N = np.zeros((L.size, L.size), dtype=complex)
    eye_L = L[:, None] == L[None, :]
    eye_J = J[:, None] == J[None, :]
    for W in Ws:
        # ||(W X - X W)||^2 as a Hermitian form on the cluster-diagonal entries X[L, J] of X
        G = W.conj().T @ W
        F = W.conj() @ W.T
        N += np.where(eye_J, G[L[:, None], L[None, :]], 0)
        N -= W[J[None, :], J[:, None]] * W[L[None, :], L[:, None]].conj()
        N -= W[J[:, None], J[None, :]].conj() * W[L[:, None], L[None, :]]
        N += np.where(eye_L, F[J[:, None], J[None, :]], 0)
    ev, vec = np.linalg.eigh((N + N.conj().T) / 2)
    # N = M^H M squares the condition: its eigenvalues only select candidates; each candidate's actual
    # residual ||[W, X]|| (X of unit norm), computed from the matrices, decides
    top = max(float(ev[-1]), 1e-300)
    cand = int(np.sum(ev < 1e-8 * top)) + 3
    wn = max(float(np.linalg.norm(W, 2)) for W in Ws)
    if wn == 0:  # the generators vanish on the block: every matrix commutes
        basis = np.zeros((d, d, d * d), dtype=complex)
        basis.reshape(d * d, d * d)[:] = np.eye(d * d)
        return basis
    res = np.zeros(min(cand, ev.size))
    for t in range(res.size):
        X = np.zeros((d, d), dtype=complex)
        X[L, J] = vec[:, t]
        res[t] = np.sqrt(sum(float(np.linalg.norm(W @ X - X @ W)) ** 2 for W in Ws)) / wn
    null = res < 1e-10
    if np.any(~null & (res < 1e-5)) or (null.any() and not null[:int(null.sum())].all()):
        raise _Retry(f"block {label}: the commutant has no clear gap")
    basis = np.zeros((d, d, int(null.sum())), dtype=complex)
    basis[L, J, :] = vec[:, :int(null.sum())]
    return basis


def _parts(problem, cache, seed: int, vectors: bool = False) -> IrreducibleResult:
    rng = np.random.default_rng(1000 + seed)
    fl, rings, mods = cache["float"], cache["rings"], cache["mods"]
    K = len(problem.generators)
    coeffs = rng.normal(size=K + len(_pairs(K)))
    comps = []  # one entry per isotypic component (block, m, lam traceless, Ws traceless, trace row)
    funcs = []
    singles = []  # one-dimensional components: block, multiplicity, character
    comm_dims = []
    gscale = 0.0
    for b in range(len(problem.blocks)):
        label = block_name(problem, b)
        Hs = [(-1j * fl[k][b]).toarray() for k in range(K)]
        d = Hs[0].shape[0]
        gscale = max(gscale, max(float(np.abs(H).max()) for H in Hs))
        A = _regular(Hs, coeffs)
        scale = max(float(np.linalg.norm(A, 2)), 1e-300)
        lam, V = np.linalg.eigh(A)
        cl = _clusters(lam, scale)
        Ws = [V.conj().T @ H @ V for H in Hs]
        C = _commutant(Ws, cl, label)
        cdim = C.shape[2]
        # a generic Hermitian element of the commutant splits the clusters
        X = np.tensordot(C, rng.normal(size=cdim) + 1j * rng.normal(size=cdim), axes=(2, 0))
        X = (X + X.conj().T) / 2
        R = np.eye(d, dtype=complex)
        for c in np.unique(cl):
            idx = np.flatnonzero(cl == c)
            if idx.size > 1:
                _, vv = np.linalg.eigh(X[np.ix_(idx, idx)])
                R[np.ix_(idx, idx)] = vv
        Ws = [R.conj().T @ W @ R for W in Ws]
        X2 = np.tensordot(C, rng.normal(size=cdim) + 1j * rng.normal(size=cdim), axes=(2, 0))
        X2 = R.conj().T @ ((X2 + X2.conj().T) / 2) @ R
        labels = _components(Ws, label)
        copies = [np.flatnonzero(labels == j) for j in range(labels.max() + 1)]
        # copies coupled by the second generic commutant element are isomorphic
        xs = max(float(np.abs(X2).max()), 1e-300)
        group = list(range(len(copies)))
        for i in range(len(copies)):
            for j in range(i + 1, len(copies)):
                v = float(np.abs(X2[np.ix_(copies[i], copies[j])]).max())
                if v > 1e-6 * xs:
                    if copies[i].size != copies[j].size:
                        raise _Retry(f"block {label}: copies of different sizes look isomorphic")
                    group[j] = group[i] if group[j] == j else group[j]
                elif v > 1e-10 * xs:
                    raise _Retry(f"block {label}: whether two parts are isomorphic is not clear")
        mult: dict[int, list[int]] = {}
        for j, gj in enumerate(group):
            mult.setdefault(gj, []).append(j)
        if sum(len(v) ** 2 for v in mult.values()) != cdim:
            raise _Retry(f"block {label}: the parts' multiplicities give sum m^2 = "
                         f"{sum(len(v) ** 2 for v in mult.values())}, the commutant has dimension {cdim}")
        comm_dims.append((cdim, all(len(v) == 1 for v in mult.values())))
        VR = V @ R if vectors else None
        for members in mult.values():
            idx = copies[members[0]]
            Us = [VR[:, copies[j]] for j in members] if vectors else None
            lp = lam[idx]
            Wp = [W[np.ix_(idx, idx)] for W in Ws]
            tr = np.array([float(np.real(np.trace(W))) for W in Wp])
            funcs.append(tr)
            if idx.size == 1:
                singles.append({"block": b, "m": len(members), "scalars": tr, "label": label, "U": Us})
                continue
            order = np.argsort(lp)
            lp = lp[order]
            Wp = [W[np.ix_(order, order)] for W in Wp]
            dp = lp.size
            Wt = [W - np.eye(dp) * (np.trace(W).real / dp) for W in Wp]
            comps.append({"block": b, "m": len(members), "lam": lp - lp.mean(), "W": Wt,
                          "scale": scale, "label": label, "scalars": tr / dp, "U": Us})
    # the exact check of the parts: commutant dimensions modulo two primes
    for b, (cdim, cyclic) in enumerate(comm_dims):
        for r, ring in enumerate(rings):
            got = commutant_dim_mod(mods[r][b][0], ring.p, seed, cyclic)
            if got != cdim:
                raise _Retry(f"block {block_name(problem, b)}: the commutant has dimension {cdim} in floats, "
                             f"{got} modulo {ring.p}")
    for comp in comps:
        comp["kind"] = _image(comp)
    classes = _link(comps)
    # the traces are sums of at most 2^n entries of size up to the generators' norms: the scale is absolute
    # (a generator traceless on every part must count for nothing, not for its rounding error)
    F = np.array(funcs).reshape(-1, K)
    sv = np.linalg.svd(F, compute_uv=False) if F.size else np.zeros(0)
    unit = max(gscale, 1e-300) * max(b.dim for b in problem.blocks)
    center = int(np.sum(sv > 1e-8 * unit))
    if np.any((sv > 1e-11 * unit) & (sv <= 1e-8 * unit)):
        raise UncertifiedError("the center's dimension is not clear from the traces (no gap)")
    ideals = [_ideal(kind, d) for (kind, d), _ in classes]
    dim = center + sum(i.dim for i in ideals)
    out = IrreducibleResult(dim, center, [(d, sorted(bl), kind) for (kind, d), bl in classes],
                            [b.dim for b in problem.blocks])
    out.ideals = ideals
    out.parts = {"components": comps, "singles": singles, "unit": unit}  # for the isotypic decomposition
    out.certificate = {"engine": "irreducible-blocks", "route": "parts", "blocks": out.blocks,
                       "components": len(comps), "classes": len(classes), "center": center,
                       "commutant_dims": [c for c, _ in comm_dims], "primes": [r.p for r in rings],
                       "images": {k: sum(1 for c in comps if c["kind"] == k) for k in ("su", "so", "sp")}}
    return out


def _components(Ws: list[np.ndarray], label: str) -> np.ndarray:
    from scipy.sparse.csgraph import connected_components

    mag = np.zeros(Ws[0].shape)
    for W in Ws:
        mag = np.maximum(mag, np.abs(W) / max(float(np.abs(W).max()), 1e-300))
    np.fill_diagonal(mag, 0)
    if np.any((mag > ZERO) & (mag < NONZERO)):
        raise _Retry(f"block {label}: an entry in the regular element's eigenbasis is neither zero nor "
                     "clearly nonzero")
    _, labels = connected_components(mag >= NONZERO, directed=False)
    return labels


def _image(comp: dict) -> str:
    """'su', 'so' or 'sp': g's (traceless) image on one copy of the component (module docstring, 2)."""
    lam, Ws, scale, d = comp["lam"], comp["W"], comp["scale"], comp["lam"].size
    label = comp["label"]
    gaps = np.diff(lam)
    if np.any(gaps < SEPARATE * scale):
        raise _Retry(f"block {label}: the regular element is not regular on a part of {d} states")
    mag = np.zeros((d, d))
    for W in Ws:
        mag = np.maximum(mag, np.abs(W) / max(float(np.abs(W).max()), 1e-300))
    if np.any((mag > ZERO) & (mag < NONZERO)):
        raise _Retry(f"block {label}: an entry on a part is neither zero nor clearly nonzero")
    nz = mag >= NONZERO
    iu, ju = np.triu_indices(d, 1)
    freq = lam[ju] - lam[iu]
    # su: frequencies no other pair of the part shares
    iso = _isolated(freq, np.zeros(freq.size, dtype=int) - 1, scale)
    use = iso & nz[iu, ju]
    if _connected(d, iu[use], ju[use]):
        return "su"
    # so / sp: an invariant bilinear form pairing mu with -mu
    mirror = np.arange(d)[::-1]  # lam ascending and distinct: a symmetric spectrum pairs i with d-1-i
    if np.max(np.abs(lam + lam[mirror])) > TIE * scale * 10 + 8 * d * np.finfo(float).eps * scale:
        raise UncertifiedError(f"block {label}: g's image on a part of {d} states is not all of su({d}) "
                               "as far as the regular element shows, and the part carries no invariant "
                               "bilinear form")
    sign = _form_sign(Ws, mirror, label)
    kind = "so" if sign > 0 else "sp"
    if kind == "so" and d == 4:
        raise UncertifiedError(f"block {label}: g's image on a part of 4 states lies in so(4) = su(2) + su(2), "
                               "whose two ideals this engine does not type")
    if kind == "sp" and np.any(mirror == np.arange(d)):
        raise _Retry(f"block {label}: the regular element vanishes on a state of an sp part")
    # roots: pairs (i, j), i != j, (so: j != mirror i), identified with their mirror (mirror j, mirror i)
    ii, jj = np.meshgrid(np.arange(d), np.arange(d), indexing="ij")
    ii, jj = ii.ravel(), jj.ravel()
    keep = ii != jj
    if kind == "so":
        keep &= jj != mirror[ii]
    ii, jj = ii[keep], jj[keep]
    pair_id = np.minimum(ii * d + jj, mirror[jj] * d + mirror[ii])
    f = lam[jj] - lam[ii]
    iso = _isolated(f, pair_id, scale)
    cert = iso & nz[ii, jj]
    roots = np.zeros((d, d), dtype=bool)
    roots[ii[cert], jj[cert]] = True
    roots[mirror[jj[cert]], mirror[ii[cert]]] = True
    roots |= roots.T
    full = np.zeros((d, d), dtype=bool)
    full[ii, jj] = True
    if not (_root_closure(roots, mirror, kind) == full).all():
        raise _Retry(f"block {label}: the certified roots of a {kind}({d}) part do not generate it")
    return kind


def _isolated(freq: np.ndarray, pair_id: np.ndarray, scale: float) -> np.ndarray:
    """Which frequencies differ (by SEPARATE * scale) from every other pair's, mirror pairs (equal
    pair_id >= 0) excepted, and from 0."""
    order = np.argsort(freq, kind="stable")
    fs, ids = freq[order], pair_id[order]
    ok = np.ones(fs.size, dtype=bool)
    if fs.size:  # runs: consecutive differences below SEPARATE * scale chain frequencies together
        dif = np.diff(fs)  # frequencies not clearly apart are not isolated (a certificate not used)
        run = np.concatenate([[0], np.cumsum(dif >= SEPARATE * scale)])
        for r in np.unique(run):
            sel = np.flatnonzero(run == r)
            if sel.size > 1:
                u = np.unique(ids[sel])
                if not (ids[sel[0]] >= 0 and u.size == 1):
                    ok[sel] = False
        ok &= np.abs(fs) >= SEPARATE * scale
    out = np.empty(fs.size, dtype=bool)
    out[order] = ok
    return out


def _connected(d: int, a: np.ndarray, b: np.ndarray) -> bool:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    g = coo_matrix((np.ones(a.size), (a, b)), shape=(d, d))
    return connected_components(g, directed=False)[0] == 1


def _form_sign(Ws: list[np.ndarray], mirror: np.ndarray, label: str) -> int:
    """+1 (symmetric) or -1 (antisymmetric): the invariant bilinear form B (B W + W^T B = 0 for every
    traceless generator W), which in A's eigenbasis has entries B[i, mirror i] = b_i only."""
    d = mirror.size
    rows = []
    for W in Ws:
        # (B W + W^T B)[i, j] = b_i W[mi, j] + b_{mj} W[mj, i]
        for i in range(d):
            row = np.zeros((d, d), dtype=complex)
            row[:, i] += W[mirror[i], :]
            row[np.arange(d), mirror] += W[mirror, i]
            rows.append(row)
    M = np.concatenate(rows)
    _, s, vh = np.linalg.svd(M, full_matrices=False)
    top = max(float(s[0]), 1e-300)
    if not (s[-1] < 1e-10 * top and (d < 2 or s[-2] > 1e-6 * top)):
        raise UncertifiedError(f"block {label}: a part's spectrum is symmetric, but it carries no unique "
                               "invariant bilinear form")
    bvec = vh[-1].conj()
    ratio = bvec[mirror] / np.where(np.abs(bvec) > 0, bvec, 1)
    if np.allclose(ratio, 1, atol=1e-8):
        return 1
    if np.allclose(ratio, -1, atol=1e-8):
        return -1
    raise UncertifiedError(f"block {label}: the invariant form of a part is neither symmetric nor "
                           "antisymmetric")


def _root_closure(roots: np.ndarray, mirror: np.ndarray, kind: str) -> np.ndarray:
    """The root pairs (i, j) generated from `roots` (a symmetric boolean matrix closed under the mirror)
    by [E_(i->j), E_(j->k)] = E_(i->k) when i -> k is a root: for each i, every k reachable from i in
    the graph without mirror(i) (so) or in the whole graph (sp)."""
    from scipy.sparse.csgraph import breadth_first_order

    d = roots.shape[0]
    R = roots.copy()
    while True:
        new = R.copy()
        for i in range(d):
            G = R.copy()
            if kind == "so":
                G[mirror[i], :] = False
                G[:, mirror[i]] = False
            reach = breadth_first_order(G, i, directed=False, return_predecessors=False)
            new[i, reach] = True
        np.fill_diagonal(new, False)
        if kind == "so":
            new[np.arange(d), mirror] = False
        new |= new.T
        new |= new[np.ix_(mirror, mirror)].T
        if (new == R).all():
            return R
        R = new


def _link(comps: list[dict]) -> list:
    """Classes of linked components: [((kind, d), blocks), ...] (module docstring, 3)."""
    n = len(comps)
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    cartan = [_ideal(c["kind"], c["lam"].size).cartan for c in comps]
    for i in range(n):
        for j in range(i + 1, n):
            if cartan[i] != cartan[j]:
                continue
            ci, cj = comps[i], comps[j]
            if (ci["kind"], ci["lam"].size) != (cj["kind"], cj["lam"].size):
                # isomorphic images on parts of different size: the small part's square (Sym^2 of su(2),
                # Lambda^2 of su(4), Lambda^2_0 of sp(4)) is the natural module of the other's so(d)
                small, big = (ci, cj) if ci["lam"].size < cj["lam"].size else (cj, ci)
                if _spectra(_square(small), big, False) and _intertwined(_square(small), big, False):
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[rj] = ri
                continue
            if cartan[i] == "D4" and not _spectra(ci, cj, False):
                raise UncertifiedError(f"two so(8) parts (blocks {ci['label']} and {cj['label']}) with "
                                       "different spectra may carry one ideal (triality); this engine does "
                                       "not decide it")
            for outer in (False, True):
                if outer and (ci["kind"] != "su" or ci["lam"].size < 3):
                    continue
                if not _spectra(ci, cj, outer):
                    continue
                if _intertwined(ci, cj, outer):
                    ri, rj = find(i), find(j)
                    if ri != rj:
                        parent[rj] = ri
                    break
    classes: dict[int, list] = {}
    for i in range(n):
        classes.setdefault(find(i), []).append(i)
    out = [((comps[r]["kind"], comps[r]["lam"].size), {comps[m]["block"] for m in members})
           for r, members in classes.items()]
    out.sort(key=lambda t: (-t[0][1], t[0][0], sorted(t[1])))
    return out


def _square(comp: dict) -> dict:
    """The part's symmetric (d = 2) or antisymmetric (d = 4) square as a component of its own (the
    invariant vector of Lambda^2 removed for sp(4)), in the eigenbasis of A on it: the natural module
    of so(3), so(6) or so(5) through su(2), su(4) or sp(4)."""
    if "square" in comp:
        return comp["square"]
    d = comp["lam"].size
    sym = d == 2
    pairs = [(a, b) for a in range(d) for b in range(a if sym else a + 1, d)]
    S = np.zeros((len(pairs), d * d))
    for t, (a, b) in enumerate(pairs):
        if a == b:
            S[t, a * d + a] = 1.0
        else:
            S[t, a * d + b] = 1 / np.sqrt(2)
            S[t, b * d + a] = (1.0 if sym else -1.0) / np.sqrt(2)
    eye = np.eye(d)
    Ws = [S @ (np.kron(W, eye) + np.kron(eye, W)) @ S.T for W in comp["W"]]
    A = S @ (np.kron(np.diag(comp["lam"]), eye) + np.kron(eye, np.diag(comp["lam"]))) @ S.T
    if comp["kind"] == "sp":  # drop the invariant vector (the form)
        M = np.concatenate(Ws)
        _, sv, vh = np.linalg.svd(M)
        if not (sv[-1] < 1e-10 * sv[0] and sv[-2] > 1e-6 * sv[0]):
            raise UncertifiedError(f"block {comp['label']}: the square of an sp(4) part has no unique "
                                   "invariant vector")
        Q = vh[:-1].conj().T  # orthonormal basis of its complement (an invariant subspace)
        Ws = [Q.conj().T @ W @ Q for W in Ws]
        A = Q.conj().T @ A @ Q
    lam, V = np.linalg.eigh((A + A.conj().T) / 2)
    out = {"block": comp["block"], "m": comp["m"], "lam": lam - lam.mean(),
           "W": [V.conj().T @ W @ V for W in Ws], "scale": comp["scale"], "label": comp["label"],
           "kind": "so"}
    if np.any(np.diff(lam) < SEPARATE * comp["scale"]):
        raise UncertifiedError(f"block {comp['label']}: the regular element is not regular on a part's square")
    comp["square"] = out
    return out


def _spectra(ci: dict, cj: dict, outer: bool) -> bool:
    a = np.sort(-ci["lam"]) if outer else ci["lam"]
    diff = float(np.max(np.abs(a - cj["lam"])))
    scale = max(ci["scale"], cj["scale"])
    if TIE * scale * 10 < diff < SEPARATE * scale:
        raise UncertifiedError(f"blocks {ci['label']} and {cj['label']}: two parts' spectra are neither "
                               "equal nor clearly apart")
    return diff <= TIE * scale * 10


def _intertwined(ci: dict, cj: dict, outer: bool) -> bool:
    """Whether a diagonal unitary u (in the matched eigenbases) carries one part's traceless generators
    to the other's: W_j = u W_i u^H (inner) or W_j[pi, pi] = -u conj(W_i) u^H (outer)."""
    d = ci["lam"].size
    perm = np.arange(d)[::-1] if outer else np.arange(d)
    Wi = [(-W.conj()) if outer else W for W in ci["W"]]
    Wj = [W[np.ix_(perm, perm)] for W in cj["W"]]
    top = max(max(float(np.abs(W).max()) for W in Wi), 1e-300)
    worst = max(float(np.abs(np.abs(a) - np.abs(b)).max()) for a, b in zip(Wi, Wj))
    if worst > 1e-6 * top:
        return False
    if worst > 1e-10 * top:
        raise UncertifiedError(f"blocks {ci['label']} and {cj['label']}: whether two parts are linked is "
                               "not clear")
    # phases along a spanning tree, then every entry
    from scipy.sparse.csgraph import breadth_first_order

    mag = sum(np.abs(W) for W in Wi)
    order, pred = breadth_first_order(mag > NONZERO * top, 0, directed=False)
    if order.size != d:
        raise UncertifiedError(f"block {ci['label']}: a part's generators are not connected")
    u = np.ones(d, dtype=complex)
    for v in order[1:]:
        p = pred[v]
        k = max(range(len(Wi)), key=lambda t: abs(Wi[t][p, v]))
        # Wj[p, v] = u_p conj(u_v) Wi[p, v]
        u[v] = np.conj(Wj[k][p, v] / (u[p] * Wi[k][p, v]))
        u[v] /= abs(u[v])
    err = max(float(np.abs(Wj_ - (u[:, None] * Wi_ * u.conj()[None, :])).max()) for Wi_, Wj_ in zip(Wi, Wj))
    if err <= 1e-10 * top:
        return True
    if err >= 1e-6 * top:
        return False
    raise UncertifiedError(f"blocks {ci['label']} and {cj['label']}: whether two parts are linked is not "
                           "clear")


def _ideal(kind: str, d: int) -> SimpleIdeal:
    if kind == "su" or (kind == "sp" and d == 2) or (kind == "so" and d == 3):
        if kind == "so":
            return SimpleIdeal("su(2)", "A1", 3, 1)
        return SimpleIdeal("su(4)" if d == 4 else f"su({d})", f"A{d - 1}", d * d - 1, d - 1)
    r = d // 2
    if kind == "sp":
        if r == 2:
            return SimpleIdeal("sp(2)", "C2", 10, 2)
        return SimpleIdeal(f"sp({r})", f"C{r}", r * (2 * r + 1), r)
    dim = d * (d - 1) // 2
    if d % 2:
        if r == 2:
            return SimpleIdeal("sp(2)", "C2", 10, 2)
        return SimpleIdeal(f"so({d})", f"B{r}", dim, r)
    if r == 2:
        return SimpleIdeal("so(4)", "D2", 6, 2)
    if r == 3:
        return SimpleIdeal("su(4)", "A3", 15, 3)
    return SimpleIdeal(f"so({d})", f"D{r}", dim, r)


# --- the isotypic decomposition from the parts ---------------------------------------------------------
def isotypic_classes(res: IrreducibleResult, coords: list | None = None) -> list[dict]:
    """The isotypic components of the whole space from a parts-route answer: copies in different blocks
    are one component when their modules are isomorphic (traceless parts linked by an inner map and
    equal scalar parts; one-dimensional parts: equal characters). One dict per component: d, m, kind
    ('su', 'so', 'sp' or 'one'), dim of g's image on it and whether that image has a scalar part, and its
    `members` (the parts' dicts: block, m and, computed with `vectors`, the copies U in block coordinates);
    with `coords` (a state's coordinates per block) its weight."""

    def weight(c: dict) -> float:
        if coords is None:
            return 0.0
        return float(sum(np.linalg.norm(U.conj().T @ coords[c["block"]]) ** 2 for U in c["U"]))

    if res.parts is None:
        raise UncertifiedError("the isotypic decomposition needs the parts route's components")
    comps, singles, unit = res.parts["components"], res.parts["singles"], res.parts["unit"]
    tol, clear = 1e-11 * unit, 1e-8 * unit

    def same_scalars(a: np.ndarray, b: np.ndarray) -> bool:
        diff = float(np.max(np.abs(a - b))) if a.size else 0.0
        if tol < diff < clear:
            raise UncertifiedError("two parts' scalar parts are neither equal nor clearly apart")
        return diff <= tol

    out: list[dict] = []
    reps: list[dict] = []
    for c in comps:
        for rep, o in zip(reps, out):
            if (rep["kind"], rep["lam"].size) == (c["kind"], c["lam"].size) and same_scalars(
                    rep["scalars"], c["scalars"]) and _spectra(rep, c, False) and _intertwined(rep, c, False):
                o["m"] += c["m"]
                o["weight"] += weight(c)
                o["members"].append(c)
                break
        else:
            reps.append(c)
            scalar = bool(np.max(np.abs(c["scalars"])) > clear) if c["scalars"].size else False
            out.append({"d": c["lam"].size, "m": c["m"], "kind": c["kind"], "scalar": scalar,
                        "image_dim": _ideal(c["kind"], c["lam"].size).dim + int(scalar),
                        "ideal": str(_ideal(c["kind"], c["lam"].size)), "weight": weight(c), "members": [c]})
    chars: list[np.ndarray] = []
    ones: list[dict] = []
    for s in singles:
        for ch, o in zip(chars, ones):
            if same_scalars(ch, s["scalars"]):
                o["m"] += s["m"]
                o["weight"] += weight(s)
                o["members"].append(s)
                break
        else:
            chars.append(s["scalars"])
            scalar = bool(np.max(np.abs(s["scalars"])) > clear) if s["scalars"].size else False
            ones.append({"d": 1, "m": s["m"], "kind": "one", "scalar": scalar, "image_dim": int(scalar),
                         "ideal": "", "weight": weight(s), "members": [s]})
    return out + ones
