"""The fast engine against an exact sympy closure on many random small generator sets."""

import random

import pytest

from liealg import SizeLimitError, lie_closure, parse_generators
from liealg.closure.symbolic import MAX_QUBITS, symbolic_closure


def random_sets(seed, count):
    rng = random.Random(seed)
    for _ in range(count):
        n = rng.randint(1, MAX_QUBITS)
        k = rng.randint(1, min(4, 4 ** n - 1))
        gens = set()
        while len(gens) < k:
            label = "".join(rng.choice("IXYZ") for _ in range(n))
            if set(label) != {"I"}:
                gens.add(label)
        yield sorted(gens)


@pytest.mark.parametrize("labels", list(random_sets(2024, 60)), ids=str)
def test_random_string_sets_agree_with_sympy(labels):
    gens = parse_generators("\n".join(labels))
    assert lie_closure(gens).dim == symbolic_closure(gens).dim


def test_symbolic_known_cases():
    assert symbolic_closure(parse_generators("XX\nZI\nIZ")).dim == 6
    assert symbolic_closure(parse_generators("YY\nZI\nIX\nIZ\nZY")).dim == 15
    # a sum with an irrational coefficient: sympy works in Q(sqrt 2, i)
    assert symbolic_closure(parse_generators("ZZ\nXI + sqrt(2) IX")).dim >= 2


def test_symbolic_refuses_large_inputs():
    with pytest.raises(SizeLimitError):
        symbolic_closure(parse_generators("XXXX"))
