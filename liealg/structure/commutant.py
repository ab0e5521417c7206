"""The Pauli-string commutant: every Pauli string that commutes with all the generators.

A string commutes with a sum when it commutes with each of its terms (distinct strings are
linearly independent), so the commutant strings are the null space over F_2 of the symplectic
products with the constituent strings, enumerated from a basis of that null space.
"""

from __future__ import annotations

import numpy as np

from liealg.pauli import PauliList, PauliString
from liealg.sums import PauliSum


# --- the Pauli-string commutant ---------------------------------------------------------------
def string_commutant(gens: list[PauliSum]):
    """A basis (over F_2, i.e. generators of the group up to phases) of all Pauli strings commuting with
    every generator. For a sum H = sum_j c_j P_j, a string commutes with H iff it commutes with every P_j
    (the products with distinct P_j are distinct strings), so this is the symplectic complement of the
    constituent strings: the F_2 null space of their symplectic form, polynomial time at any n."""
    from liealg.kernels import f2 as _f2

    n = gens[0].n
    keys = np.unique(np.concatenate([g.keys for g in gens]), axis=0)
    w = keys.shape[1] // 2
    # row t: (z_t, x_t), so that row . (x_s, z_s) = <s, t> the symplectic form
    swapped = np.ascontiguousarray(np.concatenate([keys[:, w:], keys[:, :w]], axis=1))
    bits = _f2.unpack(swapped, 2 * 64 * w)
    cols = [c for c in range(2 * 64 * w) if (c % (64 * w)) < n]  # only real qubit columns
    A = bits[:, cols]
    packed = _f2.pack(A)
    reduced, pivots = _f2.rref(np.ascontiguousarray(packed))
    R = _f2.unpack(reduced, len(cols)) if len(pivots) else np.zeros((0, len(cols)), dtype=bool)
    pivots = list(pivots)
    free = [c for c in range(len(cols)) if c not in set(pivots)]
    out = []
    for f in free:
        v = np.zeros(len(cols), dtype=bool)
        v[f] = True
        for i, pc in enumerate(pivots):
            if R[i, f]:
                v[pc] = True
        x = sum(1 << q for q in range(n) if v[q])
        z = sum(1 << q for q in range(n) if v[n + q])
        out.append(PauliString(n=n, x=x, z=z))
    return PauliList.from_strings(out, n) if out else PauliList(np.zeros((0, 2 * w), dtype=np.uint64), n)
