"""The plain-label fast path of `parse_generators` (one dense or sparse label per line, no
coefficients) against the full grammar: the same PauliSums, or the same error, on every input."""

import numpy as np
import pytest

from liealg.io import generators as G
from liealg.pauli import PauliList, PauliString, dense_keys


def both(text, n_qubits=None, allow_identity=False):
    out = []
    for fast in (True, False):
        saved = G._plain_labels
        if not fast:
            G._plain_labels = lambda *args: None
        try:
            out.append(("ok", G.parse_generators(text, n_qubits, allow_identity=allow_identity)))
        except Exception as exc:  # noqa: BLE001 - the same exception, class and text, is the assertion
            out.append((type(exc).__name__, str(exc)))
        finally:
            G._plain_labels = saved
    return out


def same(a, b):
    if a[0] != "ok" or b[0] != "ok":
        return a == b
    return len(a[1]) == len(b[1]) and all(
        x.n == y.n and x.keys.shape == y.keys.shape and np.array_equal(x.keys, y.keys) and x.coeffs == y.coeffs
        and [type(c) for c in x.coeffs] == [type(c) for c in y.coeffs] for x, y in zip(a[1], b[1]))


CASES = ["XYZ\nZZI\n", "XY # c\n\n  IZ  \n", "XYZ\nIII\n", "XY\nXYZ\n", "xy\n", "XQ\n", "X0 Y3\nZ1\n",
         "X0Y3\n", "X0 X0\n", "X0 Y3\nXX\n", "X1 3Z\n", "I0 X1\n", "X0 Y99999999\n", "X0 + Y1\n", "2 XX\n",
         "-XX\n", "XÄ\n", "", "# only\n", "X0\n", "Z64 X0\nY127\n", "X" * 65 + "\n" + "Z" * 65 + "\n"]


@pytest.mark.parametrize("text", CASES)
@pytest.mark.parametrize("n_qubits", [None, 2, 70])
@pytest.mark.parametrize("allow_identity", [False, True])
def test_fast_path_equals_the_full_grammar(text, n_qubits, allow_identity):
    a, b = both(text, n_qubits, allow_identity)
    assert same(a, b), (a, b)


def test_random_files_parse_the_same_both_ways():
    rng = np.random.default_rng(7)
    for _ in range(60):
        n = int(rng.integers(1, 140))
        k = int(rng.integers(1, 8))
        if rng.random() < 0.5:
            lines = ["".join(rng.choice(list("IXYZ"), n)) for _ in range(k)]
        else:
            picks = [rng.choice(n, int(rng.integers(1, min(n, 4) + 1)), replace=False) for _ in range(k)]
            lines = [" ".join(f"{rng.choice(list('XYZ'))}{q}" for q in qs) for qs in picks]
        a, b = both("\n".join(lines) + "\n")
        assert same(a, b) and a[0] == "ok", (lines, a, b)


def test_dense_keys_is_the_inverse_of_labels():
    rng = np.random.default_rng(3)
    for n in (1, 7, 63, 64, 65, 130):
        labels = ["".join(rng.choice(list("IXYZ"), n)) for _ in range(5)]
        keys = dense_keys(labels)
        assert np.array_equal(keys, PauliList.from_strings([PauliString(s) for s in labels]).keys)
        assert PauliList(keys, n).labels() == labels
    assert dense_keys(["XY", "XYZ"]) is None and dense_keys(["X@"]) is None and dense_keys(["-X"]) is None
