"""The specialised string-BFS kernels (one-word keys n <= 32, two-word keys n <= 64) against the
generic multi-word kernel: the same basis in the same order, through pauses and ceilings."""

import numpy as np
import pytest

from liealg.closure.strings import string_closure
from liealg.errors import AlgebraTooLargeError
from liealg.kernels import string_closure as sc
from liealg.pauli import PauliList
from liealg.tables.families import two_local


def generic(strings: PauliList) -> np.ndarray:
    gens = np.ascontiguousarray(strings.keys)
    basis, table, count = sc.string_closure_init(gens, 16)
    head = 0
    while True:
        basis, table, count, head, status = sc.string_closure_run(gens, basis, table, count, head, 1 << 30, 1 << 30)
        if status == sc.DONE:
            return basis[:count]


@pytest.mark.parametrize("n", [2, 5, 31, 32, 33, 47, 64])
def test_specialised_keys_give_the_generic_basis_in_order(n):
    rng = np.random.default_rng(n)
    for _ in range(6):
        labels = ["".join(rng.choice(list("IXYZ"), n)) for _ in range(int(rng.integers(2, 5)))]
        labels = [s for s in labels if set(s) != {"I"}] or ["X" * n]
        strings = PauliList.from_labels(labels)
        ref = generic(strings)
        if ref.shape[0] > 100_000:
            continue
        for kwargs in ({}, {"chunk": 3}, {"expected": ref.shape[0]}, {"expected": 2}):
            out = string_closure(strings, **kwargs)
            assert out.dtype == np.uint64 and out.shape == ref.shape and np.array_equal(out, ref), (labels, kwargs)


@pytest.mark.parametrize("n, dim", [(6, 4095), (40, 780), (64, 2016)])
def test_specialised_keys_stop_at_the_ceiling(n, dim):
    labels = two_local(n, ["XX", "XY", "YZ"]) if n == 6 else two_local(n, ["XY"])  # su(2^6), so(n)
    strings = PauliList.from_labels(labels)
    assert string_closure(strings).shape[0] == dim
    assert string_closure(strings, max_dim=dim).shape[0] == dim
    with pytest.raises(AlgebraTooLargeError) as info:
        string_closure(strings, max_dim=dim - 1, chunk=5)
    assert info.value.reached == dim
