"""Rotation kernels for circuits simulated in a small real representation.

Two engines share them:

* free fermions: the state is a real antisymmetric 2n x 2n covariance matrix G and a
  gate exp(-i theta H) with H = (i/2) sum w_pq g_p g_q over *disjoint* Majorana pairs
  (p, q) acts as G <- R G R^T, R a product of plane rotations by theta * w on (p, q);
* g-sim: the state is the vector of expectations <b_a> over a basis of the algebra, and a
  gate whose Pauli terms commute acts as a product of plane rotations on that vector.

A circuit is a program: parameter j uses generator j % K, whose rotations are
ps[ptr[k]:ptr[k+1]], qs[...], ws[...] (angle theta_j * w). The value-and-gradient kernels release
the GIL, so training runs can share a process's cores through threads.
"""

import numpy as np

from ._jit import njit


@njit(cache=True, inline="always", nogil=True)
def _rotate_rows(G, p, q, c, s):
    for a in range(G.shape[1]):
        gp, gq = G[p, a], G[q, a]
        G[p, a] = c * gp + s * gq
        G[q, a] = -s * gp + c * gq


@njit(cache=True, inline="always", nogil=True)
def _rotate_cols(G, p, q, c, s):
    for a in range(G.shape[0]):
        gp, gq = G[a, p], G[a, q]
        G[a, p] = c * gp + s * gq
        G[a, q] = -s * gp + c * gq


@njit(cache=True, nogil=True)
def conjugate(G, ps, qs, angles):
    """G <- R G R^T in place, R the product of the plane rotations [[c, s], [-s, c]] on the
    disjoint pairs (ps[i], qs[i]) by angles[i] (a negative angle undoes it)."""
    for i in range(ps.shape[0]):
        c, s = np.cos(angles[i]), np.sin(angles[i])
        _rotate_rows(G, ps[i], qs[i], c, s)
        _rotate_cols(G, ps[i], qs[i], c, s)


@njit(cache=True, nogil=True)
def rotate_vector(v, ps, qs, angles):
    """v <- R v for the same rotations (g-sim: the expectation vector; pairs may repeat only
    between commuting gates, so the order of application does not matter)."""
    for i in range(ps.shape[0]):
        c, s = np.cos(angles[i]), np.sin(angles[i])
        a, b = v[ps[i]], v[qs[i]]
        v[ps[i]] = c * a + s * b
        v[qs[i]] = -s * a + c * b


@njit(cache=True, nogil=True)
def covariance_forward(G, theta, K, ptr, ps, qs, ws):
    """Apply the whole circuit to the covariance matrix G in place."""
    for j in range(theta.shape[0]):
        k = j % K
        lo, hi = ptr[k], ptr[k + 1]
        conjugate(G, ps[lo:hi], qs[lo:hi], theta[j] * ws[lo:hi])


@njit(cache=True, nogil=True)
def covariance_value_and_grad(G, o, theta, K, ptr, ps, qs, ws):
    """<O> - const = (1/4) sum o_ab G_ab at the end of the circuit, and its gradient by the
    adjoint method: d_j = -(1/2) Tr(o_j h_j G_j), with G_j the covariance after gate j and o_j
    the observable carried back to that point. G (the initial covariance) and o are copied."""
    M = theta.shape[0]
    G = G.copy()
    o = o.copy()
    covariance_forward(G, theta, K, ptr, ps, qs, ws)
    d = G.shape[0]
    value = 0.0
    for a in range(d):
        for b in range(d):
            value += o[a, b] * G[a, b]
    value *= 0.25
    grad = np.zeros(M)
    for j in range(M - 1, -1, -1):
        k = j % K
        lo, hi = ptr[k], ptr[k + 1]
        acc = 0.0
        for i in range(lo, hi):
            p, q, w = ps[i], qs[i], ws[i]
            # Tr(o h G) for h = w (E_pq - E_qp): w sum_a (o_ap G_qa - o_aq G_pa)
            t = 0.0
            for a in range(d):
                t += o[a, p] * G[q, a] - o[a, q] * G[p, a]
            acc += w * t
        grad[j] = -0.5 * acc
        angles = -theta[j] * ws[lo:hi]
        conjugate(G, ps[lo:hi], qs[lo:hi], angles)
        conjugate(o, ps[lo:hi], qs[lo:hi], angles)
    return value, grad


@njit(cache=True, nogil=True)
def vector_forward(v, theta, K, ptr, ps, qs, ws):
    """g-sim: apply the whole circuit to the expectation vector v in place."""
    for j in range(theta.shape[0]):
        k = j % K
        lo, hi = ptr[k], ptr[k + 1]
        rotate_vector(v, ps[lo:hi], qs[lo:hi], theta[j] * ws[lo:hi])


@njit(cache=True, nogil=True)
def vector_value_and_grad(v, o, theta, K, ptr, ps, qs, ws):
    """g-sim: <O> = o . v at the end of the circuit (v the initial expectation vector, copied)
    and the adjoint gradient d_j = o_j . (A_j v_j), with A_j v the generator of the rotations
    (d/dt of the rotated vector at t = 0) and o_j the observable carried back."""
    M = theta.shape[0]
    v = v.copy()
    o = o.copy()
    vector_forward(v, theta, K, ptr, ps, qs, ws)
    value = 0.0
    for a in range(v.shape[0]):
        value += o[a] * v[a]
    grad = np.zeros(M)
    for j in range(M - 1, -1, -1):
        k = j % K
        lo, hi = ptr[k], ptr[k + 1]
        acc = 0.0
        for i in range(lo, hi):
            p, q, w = ps[i], qs[i], ws[i]
            # d/dt of (v_p, v_q) under [[c, s], [-s, c]] at t = 0 is w (v_q, -v_p)
            acc += w * (o[p] * v[q] - o[q] * v[p])
        grad[j] = acc
        angles = -theta[j] * ws[lo:hi]
        rotate_vector(v, ps[lo:hi], qs[lo:hi], angles)
        rotate_vector(o, ps[lo:hi], qs[lo:hi], angles)
    return value, grad


@njit(cache=True)
def vector_forward_many(V, thetas, K, ptr, ps, qs, ws):
    """g-sim Monte Carlo: V[c] <- circuit(thetas[c]) V[c] for each row c."""
    for c in range(V.shape[0]):
        vector_forward(V[c], thetas[c], K, ptr, ps, qs, ws)


@njit(cache=True)
def covariance_energies(G0, o, thetas, K, ptr, ps, qs, ws):
    """Free fermions, Monte Carlo: (1/4) sum o_ab G_ab after the circuit, for each row of thetas."""
    out = np.empty(thetas.shape[0])
    d = G0.shape[0]
    for c in range(thetas.shape[0]):
        G = G0.copy()
        covariance_forward(G, thetas[c], K, ptr, ps, qs, ws)
        acc = 0.0
        for a in range(d):
            for b in range(d):
                acc += o[a, b] * G[a, b]
        out[c] = 0.25 * acc
    return out


@njit(cache=True)
def rotate_rows_only(G, ps, qs, angles):
    """G <- R G (rows only), for P <- P R^T written on P's transpose."""
    for i in range(ps.shape[0]):
        c, s = np.cos(angles[i]), np.sin(angles[i])
        _rotate_rows(G, ps[i], qs[i], c, s)


@njit(cache=True)
def covariance_energies_rows(G0, rows, o_rows, thetas, K, ptr, ps, qs, ws):
    """Monte Carlo in the Heisenberg picture: with R the circuit's rotation and S = `rows` the Majorana
    indices the observable touches, <O> - const = (1/4) sum_(a,b in S) o_ab (W G0 W^T)_ab for the
    rows W = R[S, :], built by applying the gates to W from the right, last gate first: O(|S|) per
    plane rotation instead of O(n)."""
    out = np.empty(thetas.shape[0])
    m = rows.shape[0]
    d = G0.shape[0]
    M = thetas.shape[1]
    W = np.zeros((m, d))
    for c in range(thetas.shape[0]):
        W[:, :] = 0.0
        for a in range(m):
            W[a, rows[a]] = 1.0
        for j in range(M - 1, -1, -1):
            k = j % K
            for i in range(ptr[k], ptr[k + 1]):
                ang = thetas[c, j] * ws[i]
                cs, sn = np.cos(ang), np.sin(ang)
                p, q = ps[i], qs[i]
                for a in range(m):
                    wp, wq = W[a, p], W[a, q]
                    W[a, p] = cs * wp - sn * wq
                    W[a, q] = sn * wp + cs * wq
        WG = W @ G0
        acc = 0.0
        for a in range(m):
            for b in range(m):
                if o_rows[a, b] != 0.0:
                    t = 0.0
                    for e in range(d):
                        t += WG[a, e] * W[b, e]
                    acc += o_rows[a, b] * t
        out[c] = 0.25 * acc
    return out


@njit(cache=True, inline="always")
def _inv_mod(a, p):
    r, e, b = 1, p - 2, a % p
    while e:
        if e & 1:
            r = r * b % p
        b = b * b % p
        e >>= 1
    return r


@njit(cache=True)
def exact_tangent_ranks(G0, ts, K, ptr, ps, qs, ms, p):
    """Ranks of the leading blocks of the free-fermion Jacobian modulo the prime p (< 2^31), at the
    point where gate j rotates by the angle phi_j with cos = (1 - t^2)/(1 + t^2), sin = 2t/(1 + t^2)
    (t = ts[j]); a pair of weight m times the generator's unit turns by m phi_j. Rows are the upper
    triangles of D_j = [k_j, G] (k_j the generator, in units, carried to the end of the circuit);
    out[m] is the rank of the first m rows."""
    M = ts.shape[0]
    d = G0.shape[0]
    G = G0 % p
    npairs = ps.shape[0]
    cs = np.empty((M, npairs), dtype=np.int64)  # per gate, per pair of its generator
    sn = np.empty((M, npairs), dtype=np.int64)
    for j in range(M):
        t = ts[j] % p
        den = _inv_mod((1 + t * t) % p, p)
        c1 = (1 - t * t) % p * den % p
        s1 = 2 * t % p * den % p
        k = j % K
        for i in range(ptr[k], ptr[k + 1]):
            m = ms[i]
            c, s = 1, 0
            for _ in range(abs(m)):
                c, s = (c * c1 - s * s1) % p, (c * s1 + s * c1) % p
            if m < 0:
                s = (p - s) % p
            cs[j, i - ptr[k]] = c
            sn[j, i - ptr[k]] = s
            a, b = ps[i], qs[i]
            for e in range(d):  # rows
                ga, gb = G[a, e], G[b, e]
                G[a, e] = (c * ga + s * gb) % p
                G[b, e] = ((p - s) * ga + c * gb) % p
            for e in range(d):  # columns
                ga, gb = G[e, a], G[e, b]
                G[e, a] = (c * ga + s * gb) % p
                G[e, b] = ((p - s) * ga + c * gb) % p
    N = d * (d - 1) // 2
    rows = np.zeros((M, N), dtype=np.int64)
    P = np.eye(d, dtype=np.int64)
    kj = np.zeros((d, d), dtype=np.int64)
    for j in range(M - 1, -1, -1):
        k = j % K
        kj[:, :] = 0
        for i in range(ptr[k], ptr[k + 1]):  # k_j = sum m (P_a P_b^T - P_b P_a^T)
            a, b, m = ps[i], qs[i], ms[i] % p
            for x in range(d):
                pa = P[x, a] * m % p
                pb = P[x, b] * m % p
                for y in range(d):
                    kj[x, y] = (kj[x, y] + pa * P[y, b] - pb * P[y, a]) % p
        r = 0
        for x in range(d):
            for y in range(x + 1, d):
                acc = 0
                for z in range(d):
                    acc = (acc + kj[x, z] * G[z, y] - G[x, z] * kj[z, y]) % p
                rows[j, r] = acc
                r += 1
        for i in range(ptr[k], ptr[k + 1]):  # P <- P R_j (columns)
            c, s = cs[j, i - ptr[k]], sn[j, i - ptr[k]]
            a, b = ps[i], qs[i]
            for x in range(d):
                pa, pb = P[x, a], P[x, b]
                P[x, a] = (c * pa + (p - s) * pb) % p
                P[x, b] = (s * pa + c * pb) % p
    # incremental echelon form, rows in parameter order
    basis = np.zeros((min(M, N), N), dtype=np.int64)
    pivots = np.empty(min(M, N), dtype=np.int64)
    out = np.zeros(M + 1, dtype=np.int64)
    rank = 0
    for j in range(M):
        v = rows[j]
        for b in range(rank):
            f = v[pivots[b]]
            if f:
                row = basis[b]
                for e in range(pivots[b], N):
                    if row[e]:
                        v[e] = (v[e] - f * row[e]) % p
        piv = -1
        for e in range(N):
            if v[e]:
                piv = e
                break
        if piv >= 0 and rank < basis.shape[0]:
            inv = _inv_mod(v[piv], p)
            for e in range(piv, N):
                basis[rank, e] = v[e] * inv % p
            pivots[rank] = piv
            rank += 1
        out[j + 1] = rank
    return out
