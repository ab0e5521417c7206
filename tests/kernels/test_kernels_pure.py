"""The kernels run the same source compiled (numba) or interpreted (pure_python, for tiny inputs):
both ways must give the same answers."""

import random

import numpy as np
import pytest

from liealg import PauliList, lie_closure
from liealg.kernels import f2, pauli, sums
from liealg.kernels._jit import in_pure_python, pure_python
from liealg.structure.anticommutation import classify_strings


def random_labels(rng, n, m):
    out = []
    while len(out) < m:
        lab = "".join(rng.choice("IXYZ") for _ in range(n))
        if set(lab) != {"I"}:
            out.append(lab)
    return out


@pytest.mark.parametrize("seed", range(3))
def test_bit_kernels_agree(seed):
    rng = random.Random(seed)
    keys = PauliList.from_labels(random_labels(rng, 70, 20)).keys  # two words per mask
    rows = np.ascontiguousarray(np.random.default_rng(seed).integers(0, 2 ** 63, size=(15, 3), dtype=np.uint64))
    compiled = (pauli.anticommutation_matrix(keys), pauli.weights(keys), f2.rref(rows), pauli.multiply(
        keys, np.zeros(20, np.uint8), keys[::-1].copy(), np.ones(20, np.uint8)))
    with pure_python():
        assert in_pure_python()
        interpreted = (pauli.anticommutation_matrix(keys), pauli.weights(keys), f2.rref(rows), pauli.multiply(
            keys, np.zeros(20, np.uint8), keys[::-1].copy(), np.ones(20, np.uint8)))
    assert not in_pure_python()
    for a, b in zip(compiled, interpreted):
        for x, y in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
            np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("seed", range(4))
def test_classifier_and_closures_agree(seed):
    rng = random.Random(10 + seed)
    for _ in range(6):
        strings = PauliList.from_labels(random_labels(rng, rng.randint(2, 5), rng.randint(2, 8)))
        fast = classify_strings(strings)
        with pure_python():
            slow = classify_strings(strings)
        assert (fast.dim, str(fast.decomposition())) == (slow.dim, str(slow.decomposition()))
    gens = [" + ".join(random_labels(rng, 3, 2)) for _ in range(2)]
    with pure_python():
        interpreted = lie_closure(gens, method="exact").dim
    assert interpreted == lie_closure(gens, method="exact").dim


def test_registry_kernels_agree():
    keys = PauliList.from_labels(["XXI", "ZZI", "IYY", "XXI"]).keys
    a = sums.registry_ids(*sums.registry_new(2, 4), 0, keys)
    with pure_python():
        b = sums.registry_ids(*sums.registry_new(2, 4), 0, keys)
    np.testing.assert_array_equal(a[0], b[0])
    assert a[3] == b[3] == 3
