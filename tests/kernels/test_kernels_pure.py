"""The kernels run the same source compiled (numba) or interpreted (pure_python, for tiny inputs):
both ways must give the same answers."""

import random

import numpy as np
import pytest

from liealg import PauliList, lie_closure
from liealg.closure.anticommutation import classify_strings
from liealg.kernels import _jit, f2, pauli, sums
from liealg.kernels._jit import in_pure_python, pure_python


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


@pytest.mark.parametrize("w", [1, 2, 3])
def test_commutator_products_numpy_twin(w):
    """The numpy twin pure-Python mode runs gives the loops' pairs, in their order, with their signs."""
    rng = np.random.default_rng(w)
    keys = rng.integers(0, 2 ** 63, size=(40, 2 * w), dtype=np.uint64)
    if w == 1:
        keys &= np.uint64(0xFFF)  # few qubits: many commuting pairs
    for _ in range(25):
        a = rng.integers(0, 40, size=rng.integers(0, 9))
        b = rng.integers(0, 40, size=rng.integers(1, 9))
        loops = sums.commutator_products.py_func(a, b, keys)
        with pure_python():
            twin = sums.commutator_products(a, b, keys)
        compiled = sums.commutator_products(a, b, keys)
        for x, y, z in zip(loops, twin, compiled):
            np.testing.assert_array_equal(x, y)
            np.testing.assert_array_equal(x, z)
            assert x.dtype == y.dtype


@pytest.mark.parametrize("n", [3, 7, 31, 33, 64, 70, 130])
def test_numpy_string_search_same_basis(n):
    """Pure-Python mode's numpy search returns the compiled search's basis in the same order."""
    from liealg.closure import strings

    rng = random.Random(n)
    for _ in range(4):
        labels = random_labels(rng, n, rng.randint(2, 6 if n > 8 else 2 * n))
        plist = PauliList.from_labels(labels)
        compiled = strings.string_closure(plist, max_dim=100_000)
        with pure_python():
            numpy_path = strings._numpy_search(np.ascontiguousarray(plist.keys), 100_000, None)
        np.testing.assert_array_equal(compiled, numpy_path)


def test_numpy_string_search_limits(monkeypatch):
    """The numpy search stops at the same max_dim, and hands over to the compiled search when pure mode
    has lasted too long (same answer)."""
    from liealg.closure import strings
    from liealg.errors import AlgebraTooLargeError

    plist = PauliList.from_labels(["XXI", "YZX", "ZIY", "IXZ"])
    full = strings.string_closure(plist)
    for cap in (3, 5, full.shape[0] - 1):
        with pytest.raises(AlgebraTooLargeError) as compiled:
            strings.string_closure(plist, max_dim=cap)
        with pure_python(), pytest.raises(AlgebraTooLargeError) as interpreted:
            strings.string_closure(plist, max_dim=cap)
        assert str(compiled.value) == str(interpreted.value)
    with pure_python():  # opened on purpose: never overdue
        assert strings._numpy_search(np.ascontiguousarray(plist.keys), 10_000, None) is not None
    monkeypatch.setattr(_jit, "PURE_BUDGET", -1.0)
    with pure_python(budgeted=True):
        assert strings._numpy_search(np.ascontiguousarray(plist.keys), 10_000, None) is None
        np.testing.assert_array_equal(strings.string_closure(plist), full)
        assert not in_pure_python()  # it left pure mode for the compiled search


def test_sparse_closure_leaves_pure_mode_on_time(monkeypatch):
    """The sum closure compiles once pure mode has used up its budget; the answer does not change."""
    from liealg.closure import sparse

    gens = ["XXI + IXX", "ZII + IZI + IIZ", "YZI"]
    expected = lie_closure(gens, method="exact")
    monkeypatch.setattr(_jit, "PURE_BUDGET", -1.0)
    left = []
    monkeypatch.setattr(sparse, "leave_pure", lambda: (left.append(1), _leave()))
    with pure_python(budgeted=True):
        got = lie_closure(gens, method="exact")
    assert left and (got.dim, got.certificate) == (expected.dim, expected.certificate)


def _leave():
    from liealg.kernels import _jit

    _jit.leave_pure()


def test_pure_budget_is_per_process(monkeypatch):
    """Time in pure mode adds up over blocks; once the budget is spent, pure_if_cold no longer enters it."""
    monkeypatch.setattr(_jit, "_started", False)
    monkeypatch.setattr(_jit, "_pure_total", 0.0)
    with pure_python():
        pass
    assert _jit.pure_seconds() == 0  # a block opened on purpose does not count
    with _jit.pure_if_cold(True):
        assert in_pure_python()
    assert 0 < _jit.pure_seconds() < 1
    monkeypatch.setattr(_jit, "_pure_total", _jit.PURE_BUDGET + 1)
    assert _jit.pure_overdue()
    with _jit.pure_if_cold(True):
        assert not in_pure_python()


@pytest.mark.parametrize("width", [2, 4])
def test_registry_numpy_twins(width):
    """The numpy registry gives every string the loops' id, and the compiled lookups work on its table
    (a closure that leaves pure mode goes on with the same registry)."""
    rng = np.random.default_rng(width)
    loops, twin = sums.registry_new(width, 4), sums.registry_new(width, 4)
    n_loops = n_twin = 0
    for _ in range(40):
        rows = rng.integers(0, 40, size=(rng.integers(0, 50), width)).astype(np.uint64)
        ids_a, *loops, n_loops = sums.registry_ids.py_func(*loops, n_loops, rows)
        with pure_python():
            ids_b, *twin, n_twin = sums.registry_ids(*twin, n_twin, rows)
        np.testing.assert_array_equal(ids_a, ids_b)
        assert n_loops == n_twin
        np.testing.assert_array_equal(loops[1][:n_loops], twin[1][:n_twin])
        probe = rng.integers(0, 45, size=(30, width)).astype(np.uint64)
        expected = sums.registry_lookup.py_func(*loops, probe)
        np.testing.assert_array_equal(sums.registry_lookup(*twin, probe), expected)  # compiled, on the twin's table
        with pure_python():
            np.testing.assert_array_equal(sums.registry_lookup(*twin, probe), expected)


def test_merge_and_product_numpy_twins():
    rng = np.random.default_rng(7)
    p = 2147483629
    for _ in range(100):
        m = int(rng.integers(0, 40))
        cols = rng.integers(0, 15, size=m).astype(np.int64)
        vals = rng.integers(0, p, size=m).astype(np.int64)
        vals[: m // 2] = (p - vals[m - m // 2:][::-1]) % p if m > 1 else vals[: m // 2]  # cancellations
        a_vals, b_vals = rng.integers(0, p, size=(2, 10)).astype(np.int64)
        ia, ib = rng.integers(0, 10, size=(2, m)).astype(np.int64)
        sign = rng.choice([-1, 1], size=m).astype(np.int64)
        loops = (*sums.merge_mod.py_func(cols, vals, p),
                 sums.product_values_mod.py_func(a_vals, b_vals, ia, ib, sign, p))
        with pure_python():
            twin = (*sums.merge_mod(cols, vals, p), sums.product_values_mod(a_vals, b_vals, ia, ib, sign, p))
        for x, y in zip(loops, twin):
            np.testing.assert_array_equal(x, y)
            assert x.dtype == y.dtype
