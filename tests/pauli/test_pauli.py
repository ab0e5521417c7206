"""PauliString / PauliList and the bit kernels against dense matrices and a letter-by-letter reference."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liealg import PauliList, PauliString
from liealg.kernels import pauli as kp

SINGLE = {"I": np.eye(2), "X": np.array([[0, 1], [1, 0]]),
          "Y": np.array([[0, -1j], [1j, 0]]), "Z": np.diag([1, -1])}
# single-qubit products: (a, b) -> (phase power of i, letter)
TABLE = {}
for a in "IXYZ":
    for b in "IXYZ":
        m = SINGLE[a] @ SINGLE[b]
        for c in "IXYZ":
            for k, ph in enumerate((1, 1j, -1, -1j)):
                if np.allclose(m, ph * SINGLE[c]):
                    TABLE[a, b] = (k, c)


def labels(n):
    return st.text(alphabet="IXYZ", min_size=n, max_size=n)


def dense(label, phase=0):
    m = np.ones((1, 1))
    for c in label:
        m = np.kron(m, SINGLE[c])
    return (1, 1j, -1, -1j)[phase] * m


def reference_product(a: str, b: str):
    k, out = 0, []
    for x, y in zip(a, b):
        dk, c = TABLE[x, y]
        k += dk
        out.append(c)
    return k % 4, "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.tuples(labels(n), labels(n), st.integers(0, 3), st.integers(0, 3))))
def test_product_and_commutator_match_dense_matrices(case):
    a, b, pa, pb = case
    p, q = PauliString(a), PauliString(b)
    p = PauliString(n=p.n, x=p.x, z=p.z, phase=pa)
    q = PauliString(n=q.n, x=q.x, z=q.z, phase=pb)
    np.testing.assert_allclose((p * q).to_matrix(), dense(a, pa) @ dense(b, pb), atol=1e-12)
    mp, mq = p.to_matrix(), q.to_matrix()
    comm = mp @ mq - mq @ mp
    assert p.commutes(q) == np.allclose(comm, 0)
    c, r = p.commutator(q)
    np.testing.assert_allclose(c * r.to_matrix(), comm, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([1, 63, 64, 65, 127, 128, 130]).flatmap(
    lambda n: st.lists(st.tuples(labels(n), labels(n)), min_size=1, max_size=4)))
def test_kernels_across_word_boundaries(pairs):
    """Vectorized kernels agree with the letter-by-letter reference for n around multiples of 64."""
    left = PauliList.from_labels([a for a, _ in pairs])
    right = PauliList.from_labels([b for _, b in pairs])
    prod = left * right
    keys, factor = kp.commutator(left.keys, right.keys)
    for i, (a, b) in enumerate(pairs):
        k, lab = reference_product(a, b)
        assert prod.labels()[i] == lab and prod.phases[i] == k
        anti = sum(x != "I" and y != "I" and x != y for x, y in zip(a, b)) % 2 == 1
        assert PauliString(a).commutes(PauliString(b)) == (not anti)
        assert bool(kp.anticommutes_with(left.keys[i:i + 1], right.keys[i])[0]) == anti
        assert factor[i] == (0 if not anti else (1 if k == 1 else -1))
        assert PauliString(a) * PauliString(b) == PauliString(("", "i", "-", "-i")[k] + lab)
        assert PauliList(keys[i:i + 1], len(a)).labels() == [lab]


@given(st.integers(1, 140).flatmap(labels))
def test_labels_round_trip(label):
    p = PauliString(label)
    assert p.label == label
    assert PauliString(str(-p)) == -p
    assert PauliString.from_sparse(p.sparse_label, p.n) == p if not p.is_identity() else True
    assert PauliList.from_labels([label]).labels() == [label]
    assert PauliString.from_row(p.row(), p.n) == p


def test_anticommutation_matrix_and_weights():
    pl = PauliList.from_labels(["XXI", "ZII", "IZI", "IIZ"])
    expected = np.array([[0, 1, 1, 0], [1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 0, 0]], dtype=bool)
    assert (pl.anticommutation_matrix() == expected).all()
    assert list(pl.weights()) == [2, 1, 1, 1]
    assert list(pl.commutes_with(PauliString("XII"))) == [True, False, True, True]


def test_bad_labels():
    for bad in ["XAZ", "", "xyz", "X Y"]:
        with pytest.raises(ValueError):
            PauliString(bad)
    with pytest.raises(ValueError):
        PauliString.from_sparse("X0 X0", 3)
    with pytest.raises(ValueError):
        PauliString.from_sparse("X5", 3)
    with pytest.raises(ValueError):
        PauliString("XX") * PauliString("XXX")
