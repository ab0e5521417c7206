"""Every closure engine that applies to a known algebra gives its dimension from the literature and the same type.

The engines are the table `liealg.closure.ENGINE_MODULES`; each is asked directly,
through the one interface (`applies`, `close`), with the arithmetic the problem allows (auto, exact,
float). Expectations: so(2n) for the matchgate chain; n^2 for the TFIM HVA on an open chain and
3n - 1 on a ring (Wiersema et al., PRX Quantum 1, 020319 (2020); Larocca et al., Quantum 6, 824
(2022)); 4^n - 1 for the hardware-efficient ansatz; for the XXZ HVA the sum over weight sectors of
su(C(n, w)), with the flip pairing w and n - w, plus the center (Wiersema et al. 2020).
"""

from __future__ import annotations

import pytest
from known_algebras import canonical

from liealg.closure import ENGINE_MODULES
from liealg.closure import engine as engine_module
from liealg.closure.problem import ClosureProblem
from liealg.errors import SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.sectors.sector import Sector
from liealg.structure.algebra import LieAlgebra
from liealg.structure.classification import classify_closed
from liealg.structure.ideals import decompose
from liealg.tables.families import family_generators

CASES = {
    "one generator": (["ZZI + XXI"], None, 1, "u(1)"),
    "so(6) matchgate chain": (["XXI", "IXX", "ZII", "IZI", "IIZ"], None, 15, "su(4)"),
    "TFIM HVA open n=4": (family_generators("tfim-hva", 4, "open"), None, 4 * 4, "su(4) ⊕ u(1)"),
    "TFIM HVA ring n=5": (family_generators("tfim-hva", 5, "ring"), None, 3 * 5 - 1, "4 × su(2) ⊕ u(1)^2"),
    "HEA n=3": (family_generators("hea", 3, "open"), None, 4 ** 3 - 1, "su(8)"),
    "XXZ HVA open n=5": (family_generators("xxz-hva", 5, "open"), None, (10 ** 2 - 1) + (5 ** 2 - 1) + 1,
                         "su(10) ⊕ su(5) ⊕ u(1)"),
    # in the weight-2 sector (dim C(5, 2) = 10) the circuit sees u(10): su(10), and the center as a scalar on V
    "XXZ HVA open n=5, weight=2": (family_generators("xxz-hva", 5, "open"), {"weight": 2}, 10 ** 2, None),
}
METHODS = ("auto", "exact", "float")


def problems(case: str):
    labels, sector, _, _ = CASES[case]
    gens = as_generators(labels)
    sec = Sector.parse(sector, gens[0].n) if sector is not None else None
    return gens, [ClosureProblem(gens, method=m, sector=sec, need_basis=False) for m in METHODS]


@pytest.mark.parametrize("engine", sorted(ENGINE_MODULES))
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_engine_that_applies_agrees_with_the_literature(case, engine):
    module = engine_module(engine)
    gens, candidates = problems(case)
    _, _, dim, typ = CASES[case]
    ran = 0
    for problem in candidates:
        if module.applies(problem) is not None:
            continue
        try:
            closure = module.close(problem)
        except (UncertifiedError, SizeLimitError) as exc:
            # only the irreducible-block engine may refuse (its su(part) certificate does not always hold)
            assert engine == "irreducible-blocks", f"{engine} refused {case}: {exc}"
            continue
        assert closure.dim == dim, f"{engine} ({problem.method}) gives {closure.dim} for {case}, not {dim}"
        ran += 1
        if typ is not None:
            alg = LieAlgebra.from_closure(closure, gens)
            dec = classify_closed(alg, gens) or decompose(alg)
            assert canonical(str(dec)) == canonical(typ), f"{engine} ({problem.method}): {dec}"
    if ran == 0:
        pytest.skip(f"{engine} does not apply to {case} (or refuses it)")


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_known_algebra_is_cross_checked_by_two_engines(case):
    _, candidates = problems(case)
    applying = {name for name in ENGINE_MODULES for p in candidates if engine_module(name).applies(p) is None}
    assert len(applying) >= 2, applying


def test_the_table_is_the_interface():
    for name in ENGINE_MODULES:
        module = engine_module(name)
        assert module.NAME == name
        for part in ("applies", "estimate", "close"):
            assert callable(getattr(module, part)), (name, part)
