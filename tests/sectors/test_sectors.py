"""Symmetry sectors: the sector bases, g_V by both exact engines and the float path against an
independent dense computation, the acceptance numbers of the issue, the string commutant, R from
g_V, the command line and the sector tables."""

import json
import random

import pytest
from clitools import run
from sector_reference import sector_dla_dim, sector_space

import liealg
from liealg.sectors.bases import sector_basis
from liealg.sectors.preserved import symmetries
from liealg.sectors.sector import Sector, SectorError
from liealg.sectors.states import joint_sectors
from liealg.structure.algebra import sector_closure
from liealg.structure.commutant import string_commutant
from liealg.tables.families import family_generators


def gens_of(family, n, topology):
    return liealg.parse_generators("\n".join(family_generators(family, n, topology)))


@pytest.mark.parametrize("spec", [
    dict(weight=2), dict(weight=3, reflection=-1), dict(zparity=-1), dict(flip=1), dict(flip=-1, reflection=1),
    dict(momentum=0), dict(momentum=1), dict(momentum=3, flip=-1), dict(momentum=0, reflection=-1),
    dict(momentum=3, reflection=1), dict(weight=3, flip=1), dict(zparity=1, flip=-1, momentum=2),
])
def test_sector_dimensions_match_the_projectors(spec):
    n = 6
    assert sector_basis(Sector(n, **spec)).dim == sector_space(n, **spec).shape[1]


CASES = [
    ("xxz-hva", 6, "open", dict(weight=3)),
    ("xxz-hva", 5, "open", dict(weight=2)),
    ("heisenberg-hva", 6, "open", dict(weight=3)),
    ("heisenberg-hva", 6, "ring", dict(weight=2)),
    ("tfim-hva", 6, "ring", dict(flip=1)),
    ("tfim-hva", 6, "ring", dict(momentum=3)),
    ("tfim-hva", 6, "ring", dict(momentum=1, flip=-1)),
    ("tfim-hva", 6, "ring", dict(momentum=0, reflection=-1)),
    ("tfim-hva", 5, "open", dict(flip=1, reflection=1)),
    ("qaoa-maxcut", 6, "complete", dict(flip=-1)),
    ("a7", 5, "open", dict(zparity=1)),
]


@pytest.mark.parametrize("family, n, topology, spec", CASES)
def test_both_engines_and_float_agree_with_dense(family, n, topology, spec):
    gens = gens_of(family, n, topology)
    d_ref, dim_ref = sector_dla_dim(gens, **spec)
    for engine in ("dense-blocks", "pauli-image"):
        res = sector_closure(gens, spec, engine=engine)
        assert (res.subspace_dim, res.dim) == (d_ref, dim_ref), engine
    assert sector_closure(gens, spec, method="float").dim == dim_ref
    assert liealg.lie_closure(gens, sector=spec).dim == dim_ref


@pytest.mark.parametrize("seed", range(3))
def test_random_weight_conserving_sums(seed):
    rng = random.Random(seed)
    n = 5
    lines = []
    for _ in range(3):
        terms = []
        for _ in range(rng.randint(1, 3)):
            i, j = sorted(rng.sample(range(n), 2))
            kind = rng.choice(["hop", "zz", "z"])
            c = rng.choice(["1", "2", "1/3", "-3/2", "sqrt(2)"])
            if kind == "hop":
                terms.append(f"({c}) X{i} X{j} + ({c}) Y{i} Y{j}")
            elif kind == "zz":
                terms.append(f"({c}) Z{i} Z{j}")
            else:
                terms.append(f"({c}) Z{i}")
        lines.append(" + ".join(terms))
    gens = liealg.parse_generators("\n".join(lines), n_qubits=n)
    for w in range(1, n):
        assert sector_closure(gens, {"weight": w}).dim == sector_dla_dim(gens, weight=w)[1], (lines, w)


def test_acceptance_numbers():
    xxz = liealg.lie_closure(family_generators("xxz-hva", 6, "open"), sector={"weight": 3})
    assert xxz.subspace_dim == 20
    heis = liealg.lie_closure(family_generators("heisenberg-hva", 6, "open"), sector=["weight=3"])
    assert heis.subspace_dim == 20
    ring = family_generators("tfim-hva", 8, "ring")
    dims = [liealg.lie_closure(ring, sector={"flip": f}).dim for f in (1, -1)]
    assert sum(dims) == liealg.lie_closure(ring).dim == 23  # g embeds in the sum, and nothing is lost


@pytest.mark.parametrize("family, n, topology", [("tfim-hva", 6, "ring"), ("xxz-hva", 5, "open"),
                                                 ("heisenberg-hva", 4, "ring"), ("qaoa-maxcut", 5, "complete")])
def test_g_embeds_in_the_sum_over_joint_sectors(family, n, topology):
    from liealg.sectors.states import table_keys

    gens = gens_of(family, n, topology)
    secs = joint_sectors(table_keys(symmetries(gens), n), n)
    assert sum(sector_basis(s).dim for s in secs) == 2 ** n  # the sectors split the whole space
    dims = [sector_closure(gens, s).dim for s in secs]
    whole = liealg.lie_closure(gens).dim
    assert max(dims) <= whole <= sum(dims)


def test_sector_errors():
    gens = gens_of("tfim-hva", 6, "ring")
    for spec, words in [({"bogus": 1}, "unknown sector key"), ({"flip": 2}, r"\+1 or -1"), (["weight=x"], "integer"),
                        ({"weight": 9}, "out of range"), ({"momentum": 1, "reflection": 1}, "do not commute"),
                        ({"weight": 2, "flip": 1}, "do not commute"), ({"weight": 3}, "does not preserve"),
                        ({"momentum": 1, "flip": 1}, None)]:
        if words is None:
            assert liealg.lie_closure(gens, sector=spec).dim > 0
            continue
        with pytest.raises(SectorError, match=words):
            liealg.lie_closure(gens, sector=spec)
    with pytest.raises(SectorError, match="translation"):
        liealg.lie_closure(family_generators("tfim-hva", 6, "open"), sector={"momentum": 0})


def test_string_commutant_by_brute_force():
    from itertools import product

    for lines in (["XX + YY", "ZI"], family_generators("tfim-hva", 4, "ring"), ["XXI", "IXX", "ZII"],
                  ["XY", "YX"], family_generators("xxz-hva", 4, "open")):
        gens = liealg.parse_generators("\n".join(lines))
        n = gens[0].n
        basis = string_commutant(gens)
        consts = [s for g in gens for s in g.strings]
        brute = [liealg.PauliString("".join(p)) for p in product("IXYZ", repeat=n)]
        brute = [p for p in brute if all(p.commutes(q) for q in consts)]
        assert len(brute) == 2 ** len(basis)  # the commutant group, identity included
        assert all(all(p.commutes(q) for q in consts) for p in basis)


@pytest.mark.parametrize("family, n, topology, state", [
    ("tfim-hva", 6, "ring", "plus"), ("tfim-hva", 5, "open", "plus"), ("xxz-hva", 6, "open", "010101"),
    pytest.param("heisenberg-hva", 6, "open", "010101", marks=pytest.mark.slow), ("heisenberg-hva", 4, "ring", "0101")])
def test_orbit_bound_from_the_sector_equals_r(family, n, topology, state):
    from liealg.trainability.orbit import orbit_dimension
    from liealg.trainability.qfi import qfi_rank_sweep
    from liealg.trainability.sector import sector_report

    gens = family_generators(family, n, topology)
    rep = sector_report(gens, state)
    assert rep is not None and rep.R_V == orbit_dimension(liealg.lie_closure(gens), state)
    sweep = qfi_rank_sweep(gens, state, [1, 2, 3], points=2)
    assert sweep.sector.dim_g_V == rep.dim_g_V and all(r.rank <= sweep.R for r in sweep.rows)


def test_cli_sector_commands(capsys, tmp_path):
    f = tmp_path / "xxz.txt"
    f.write_text("\n".join(family_generators("xxz-hva", 6, "open")) + "\n")
    status, out, _ = run(["dim", "-g", str(f), "--sector", "weight=3"], capsys)
    assert (status, out) == (0, "115\n")
    status, out, _ = run(["dim", "-g", str(f), "--sector", "weight=3", "--sector", "reflection=-1", "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["subspace_dim"] == 10 and rec["sector"] == {"weight": 3, "reflection": -1}
    assert rec["method"].startswith("sector-") and rec["certificate"]["agree"]
    for bad in (["--sector", "weight=9"], ["--sector", "spin=1"], ["--sector", "weight=1.5"],
                ["--sector", "weight=2", "--sector", "flip=1"], ["--sector", "momentum=0"]):
        status, out, err = run(["dim", "-g", str(f)] + bad, capsys)
        assert status == 2 and out == "" and err.count("\n") == 1, (bad, err)
    status, out, _ = run(["sectors", "-g", str(f), "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["symmetries"]["weight"] and rec["dim"] <= rec["sum_of_sector_dims"]
    status, out, err = run(["symmetries", "-g", str(f)], capsys)
    assert status == 0 and out.split() == ["XXXXXX", "ZZZZZZ"] and "weight" in err


def test_sector_tables_answer_lookups(capsys):
    from liealg import tables

    row = tables.lookup_sector("xxz-hva", 6, "weight=3", "open")
    assert row is not None and row.subspace_dim == 20 and row.dim == 115
    status, out, _ = run(["tables", "lookup", "xxz-hva", "-n", "8", "-t", "open", "--sector", "weight=4"], capsys)
    assert status == 0 and int(out) == tables.lookup_sector("xxz-hva", 8, {"weight": 4}, "open").dim
    rng = random.Random(12)
    rows = [r for f in tables.SECTOR_FAMILIES for r in tables.load_sectors(f) if r.seconds < 1]
    for r in rng.sample(rows, 6):  # a seeded sample recomputes
        again = tables.compute_sector_row(r.family, r.topology, r.n_qubits, r.sector)
        assert (again.subspace_dim, again.dim) == (r.subspace_dim, r.dim), r


@pytest.mark.parametrize("lines", [["XXI + IXX", "ZZI + IZZ"], ["XXIII + IIXXI", "ZIIIZ", "YYYYY"],
                                   family_generators("tfim-hva", 5, "ring"), family_generators("xxz-hva", 5, "open")])
def test_the_whole_space_in_blocks_is_faithful(lines):
    """No keys: V is the whole space, split by every symmetry that commutes (zparity and flip anticommute on odd
    n: only one of them is used); the blocks cover it and g_V is g itself."""
    from liealg.sectors.blocks import sector_problem

    gens = liealg.parse_generators("\n".join(lines))
    problem = sector_problem(gens, Sector(gens[0].n))
    assert problem.subspace_dim == 2 ** gens[0].n
    assert sector_closure(gens, {}).dim == liealg.lie_closure(gens).dim
