"""The anticommutation-graph classifier against enumeration and the literature."""

import random

import numpy as np
import pytest
from known_algebras import WKKB_OPEN

from liealg import PauliList, lie_closure, string_closure
from liealg.closure.anticommutation import classify_strings
from liealg.structure.ideals import decompose
from liealg.tables.families import single_site, two_local


def graph_strings(adj: np.ndarray) -> PauliList:
    """Strings whose anticommutation graph is adj: X_i times Z_j for j < i adjacent to i."""
    m = len(adj)
    labels = []
    for i in range(m):
        row = ["I"] * m
        row[i] = "X"
        for j in range(i):
            if adj[i, j]:
                row[j] = "Z"
        labels.append("".join(row))
    return PauliList.from_labels(labels)


def random_graph(rng: random.Random, m: int, p: float) -> np.ndarray:
    adj = np.zeros((m, m), dtype=bool)
    for i in range(m):
        for j in range(i):
            adj[i, j] = adj[j, i] = rng.random() < p
    return adj


def enumerated(strings: PauliList) -> int:
    return len(string_closure(strings))


def test_issue_examples():
    star = classify_strings(PauliList.from_labels(["XIII", "IXII", "IIXI", "ZZZX"]))
    assert star.dim == 12 and str(star.decomposition()) == "4 × su(2)"
    b1 = classify_strings(PauliList.from_labels(["XIIIII", "ZXIIII", "ZZXIII", "ZZZXII", "ZZZZXI", "ZIZIZX"]))
    assert b1.dim == 36 and str(b1.decomposition()) == "sp(4)"
    cycle = graph_strings(np.roll(np.eye(4, dtype=bool), 1, axis=1) | np.roll(np.eye(4, dtype=bool), -1, axis=1))
    assert classify_strings(cycle).dim == enumerated(cycle) == 12


def test_b1_type_agrees_with_root_lengths():
    labels = ["XIIIII", "ZXIIII", "ZZXIII", "ZZZXII", "ZZZZXI", "ZIZIZX"]
    fast = classify_strings(PauliList.from_labels(labels)).decomposition()
    assert decompose(lie_closure(labels)).canonical() == fast.canonical()


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs_agree_with_enumeration(seed):
    rng = random.Random(seed)
    for _ in range(50):
        m = rng.randint(2, 12)
        adj = random_graph(rng, m, rng.choice([0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 0.9]))
        strings = graph_strings(adj)
        assert classify_strings(strings).dim == enumerated(strings), adj.astype(int).tolist()


@pytest.mark.parametrize("seed", range(4))
def test_random_strings_agree_with_enumeration(seed):
    # few qubits: products of generators often equal +-1 or +-i (copies identified, centers realized)
    rng = random.Random(100 + seed)
    for _ in range(50):
        n = rng.randint(2, 6)
        labels = ["".join(rng.choice("IXYZ") for _ in range(n)) for _ in range(rng.randint(2, 10))]
        labels = [lab for lab in labels if set(lab) != {"I"}] or ["X" * n]
        strings = PauliList.from_labels(labels)
        assert classify_strings(strings).dim == enumerated(strings), labels


@pytest.mark.parametrize("seed", range(3))
def test_random_types_agree_with_root_analysis(seed):
    rng = random.Random(200 + seed)
    checked = 0
    while checked < 12:
        m = rng.randint(3, 9)
        strings = graph_strings(random_graph(rng, m, rng.choice([0.2, 0.35, 0.5, 0.7])))
        fast = classify_strings(strings)
        if fast.dim > 300:
            continue
        slow = decompose(lie_closure(strings.labels()))
        assert fast.decomposition().canonical() == slow.canonical(), strings.labels()
        checked += 1



@pytest.mark.parametrize("n", [4, 5, 6, 7, 8])
@pytest.mark.parametrize("patterns, expected", WKKB_OPEN, ids=lambda x: "".join(x) if isinstance(x, list) else "")
def test_wkkb_classification(patterns, expected, n):
    strings = PauliList.from_labels(two_local(n, patterns))
    fast = classify_strings(strings)
    assert str(fast.decomposition()) == expected(n)
    assert fast.dim == enumerated(strings)


@pytest.mark.parametrize("n", [5, 6, 7, 8])
def test_ring_families(n):
    xy = classify_strings(PauliList.from_labels(two_local(n, ["XY"], "ring")))
    assert xy.dim == n * (n - 1)
    xxyy = classify_strings(PauliList.from_labels(two_local(n, ["XX", "YY"], "ring")))
    assert xxyy.dim == (n * (2 * n - 1) if n % 2 else 2 * n * (n - 1))
    hea = classify_strings(PauliList.from_labels(two_local(n, ["ZZ"]) + single_site(n, "X") + single_site(n, "Y")))
    assert hea.dim == 4 ** n - 1 and str(hea.decomposition()) == f"su({2 ** n})"


def test_hundreds_of_qubits_without_enumeration():
    n = 300
    assert str(classify_strings(PauliList.from_labels(two_local(n, ["XY"]))).decomposition()) == f"so({n})"
    assert classify_strings(PauliList.from_labels(two_local(n, ["XX", "XZ"]))).dim == (2 * n - 1) * (n - 1)
    big = classify_strings(PauliList.from_labels(two_local(n, ["XY", "YX", "YZ"])))
    assert big.dim == 2 ** (n - 1) * (2 ** n - 1) and str(big.decomposition()) == f"so(2^{n})"
    ring = classify_strings(PauliList.from_labels(two_local(n, ["XY"], "ring")))
    assert ring.dim == n * (n - 1)


def test_duplicates_identity_and_center():
    r = classify_strings(PauliList.from_labels(["XX", "XX", "ZZ", "YY", "ZI", "II"]))
    assert r.dim == enumerated(PauliList.from_labels(["XX", "ZZ", "YY", "ZI"]))
    iso = classify_strings(PauliList.from_labels(["ZI", "IZ"]))
    assert iso.dim == 2 and iso.decomposition().center_dim == 2


def test_sums_proved_equal_to_their_strings_use_the_classifier():
    from liealg import classify
    from liealg.structure.ideals import decompose
    from liealg.tables.families import hea

    small = lie_closure(hea(3))
    assert small.shortcut and str(classify(hea(3))) == str(decompose(small)) == "su(8)"
    big = classify(hea(7))  # dim 16383: beyond the root-system analysis
    assert str(big) == "su(128)" and big.method == "anticommutation-graph" and big.dim == 4 ** 7 - 1
