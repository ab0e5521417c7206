"""Named generator families and the precomputed tables."""

import csv
import dataclasses
import json
import random
import subprocess
import sys

import pytest
from clitools import run

import liealg
from liealg import tables
from liealg.tables.families import FAMILIES, family_generators, qaoa_maxcut, random_regular


@pytest.mark.parametrize("name", list(FAMILIES))
def test_every_family_builds_and_parses(name):
    fam = FAMILIES[name]
    for topology in fam.topologies:
        lines = family_generators(name, 4, topology)
        gens = liealg.parse_generators("\n".join(lines))
        assert len(gens) == len(lines) and all(g.n == 4 for g in gens)


def test_graphs_and_seeds():
    es = random_regular(10, 3, seed=4)
    degree = [sum(v in e for e in es) for v in range(10)]
    assert degree == [3] * 10 and len(set(es)) == 15 and random_regular(10, 3, seed=4) == es
    assert qaoa_maxcut(3, [(0, 2)]) == ["ZIZ", "XII + IXI + IIX"]
    assert family_generators("spin-glass", 5, seed=1) == family_generators("spin-glass", 5, seed=1)
    assert family_generators("spin-glass", 5, seed=1) != family_generators("spin-glass", 5, seed=2)
    with pytest.raises(ValueError):
        family_generators("tfim-hva", 4, "star")
    with pytest.raises(ValueError):
        family_generators("nope", 4)


def test_generators_command(tmp_path, capsys):
    status, out, _ = run(["generators", "tfim-hva", "--qubits", "4", "--topology", "ring"], capsys)
    assert status == 0 and "ZZII + IZZI + IIZZ + ZIIZ" in out
    f = tmp_path / "g.txt"
    status, _, _ = run(["generators", "hea", "-n", "3", "-o", str(f)], capsys)
    status, out, _ = run(["dim", "-g", str(f)], capsys)
    assert status == 0 and out.strip() == "63"
    status, out, err = run(["generators", "hea", "-n", "3", "-t", "star"], capsys)
    assert status == 2 and err.count("\n") == 1


def all_rows():
    return [r for name in FAMILIES for r in tables.load(name)]


def test_tables_cover_the_families():
    pairs = {(r.family, r.topology) for r in all_rows()}
    assert len(pairs) >= 60
    for name, fam in FAMILIES.items():
        for t in fam.topologies:
            assert any(r.n_qubits == max(3, fam.min_qubits) for r in tables.load(name) if r.topology == t), (name, t)


def test_rows_agree_with_closed_forms():
    checked = 0
    for r in all_rows():
        formula = tables.FORMULAS.get((r.family, r.topology))
        expected = formula(r.n_qubits) if formula else None
        if expected is not None:
            assert r.dim == expected, r
            checked += 1
    assert checked >= 100


def test_known_values():
    assert tables.lookup("tfim-hva", 8, "ring").dim == 23
    assert tables.lookup("tfim-hva", 6, "open").dim == 36
    assert tables.lookup("hea", 5, "open").dim == 4 ** 5 - 1
    assert tables.lookup("a4", 5, "ring").dim == 5 * 9 and tables.lookup("a4", 6, "ring").dim == 2 * 6 * 5
    assert tables.lookup("a1", 7, "ring").dim == 42
    assert tables.lookup("tfim-hva", 99, "ring") is None


def test_a_seeded_sample_of_rows_recomputes():
    rng = random.Random(2026)
    quick = [r for r in all_rows() if r.seconds < 0.5]
    for r in rng.sample(quick, 12):
        again = tables.compute_row(r.family, r.topology, r.n_qubits)
        assert (again.dim, again.center_dim, again.type) == (r.dim, r.center_dim, r.type), r


def test_lookup_cli_from_another_directory(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "liealg.cli.main", "tables", "lookup", "tfim-hva",
                           "--qubits", "8", "--topology", "ring"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == "23"


def test_tables_cli(capsys):
    status, out, _ = run(["tables", "list"], capsys)
    assert status == 0 and "tfim-hva" in out and "a22" in out
    status, out, _ = run(["tables", "show", "tfim-hva", "--topology", "ring"], capsys)
    rows = list(csv.DictReader(out.splitlines()))
    assert status == 0 and rows[0]["topology"] == "ring" and rows[0]["n_qubits"] == "3"
    status, out, _ = run(["tables", "lookup", "hea", "-n", "4", "--json"], capsys)
    assert status == 0 and json.loads(out)["dim"] == 255
    status, out, err = run(["tables", "lookup", "hea", "-n", "99"], capsys)
    assert status == 2 and out == "" and err.count("\n") == 1
    status, out, err = run(["tables", "show", "nope"], capsys)
    assert status == 2 and err.count("\n") == 1


def test_build_resumes_and_runs_in_parallel(tmp_path):
    added = tables.build(["tfim-hva", "a1"], tmp_path, jobs=1, n_max=5).added
    assert added == {"tfim-hva": 9, "a1": 9}
    path = tmp_path / "tfim-hva.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n")  # an interrupted build lost its last row
    assert tables.build(["tfim-hva", "a1"], tmp_path, jobs=2, n_max=5).added == {"tfim-hva": 1, "a1": 0}
    assert tables.load("tfim-hva", tmp_path) == tables.load("tfim-hva", tmp_path)
    assert tables.lookup("tfim-hva", 5, "ring", tmp_path).dim == 14


def test_resuming_skips_the_odd_n_of_regular_graphs(tmp_path):
    """regular3 exists for even n only: a resumed build goes past the missing odd rows instead of
    recomputing the next even one."""
    assert tables.build(["qaoa-maxcut"], tmp_path, jobs=1, n_max=6).added == {"qaoa-maxcut": 11}
    assert tables.build(["qaoa-maxcut"], tmp_path, jobs=1, n_max=6).added == {"qaoa-maxcut": 0}


def test_build_on_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        added = tables.build(["a8"], tmp_path, scheduler=cluster.scheduler_address, n_max=4).added
    assert added == {"a8": 6}
    assert tables.lookup("a8", 4, "open", tmp_path).dim == 7 * 3


def test_qaoa_on_an_edge_list(capsys):
    status, out, _ = run(["generators", "qaoa-maxcut", "-n", "4", "--edges", "0-1,1-2,2-0,2-3"], capsys)
    assert status == 0 and "ZZII + IZZI + ZIZI + IIZZ" in out
    status, out, err = run(["generators", "qaoa-maxcut", "-n", "4", "--edges", "0-9"], capsys)
    assert status == 2 and err.count("\n") == 1 and "distinct qubits" in err


def test_build_defaults_to_the_user_directory_and_says_why_it_stops(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LIEALG_TABLES_DIR", str(tmp_path / "user"))
    shipped = tables.tables_dir() / "a0.csv"
    before = shipped.read_bytes()
    status, _, err = run(["tables", "build", "--families", "a0", "--n-max", "15", "-j", "1"], capsys)
    assert status == 0 and shipped.read_bytes() == before  # never the installed package or the source tree
    assert tables.lookup("a0", 15, "open") is not None  # the user rows are read over the shipped ones
    assert (tmp_path / "user" / "a0.csv").exists() and "rows computed into" in err
    status, _, err = run(["tables", "build", "--families", "a0", "--n-max", "16", "--budget", "1e-9", "-j", "1"],
                         capsys)
    assert status == 0 and "stopped: a0 open: after n=" in err and "budget" in err


def _ideal_dim(name: str) -> int:
    import re

    kind, k = re.fullmatch(r"(su|so|sp)\((\d+)\)", name).groups() if "(" in name else (name, 0)
    k = int(k)
    return {"su": k * k - 1, "so": k * (k - 1) // 2, "sp": k * (2 * k + 1)}.get(
        kind, {"g2": 14, "f4": 52, "e6": 78, "e7": 133, "e8": 248}.get(kind, -1))


def _type_dim(typ: str) -> int:
    """dim of a type string in canonical names, such as '2 × su(28) ⊕ sp(2) ⊕ u(1)^3'."""
    total = 0
    for part in typ.split(" ⊕ "):
        copies, _, name = part.rpartition(" × ")
        if name.startswith("u(1)"):
            total += int(name.partition("^")[2] or 1)
        else:
            total += int(copies or 1) * _ideal_dim(name)
    return total


def test_every_row_up_to_5000_is_typed_and_its_type_adds_up():
    """Issue 13: every shipped row with dim <= DECOMPOSE_DIM carries center and type; every type's ideals
    and center add up to the row's dimension."""
    for r in all_rows():
        if r.dim <= tables.DECOMPOSE_DIM:
            assert r.type and r.center_dim is not None, r
        if r.type and " ≅ " not in r.type:
            assert _type_dim(r.type) == r.dim, r


def test_verify_recomputes_and_reports(tmp_path, capsys):
    """`tables verify` recomputes stored rows; a row written wrong is reported and the status is 1."""
    from liealg.tables.store import write_rows

    checked, differ = tables.verify(["tfim-hva"], max_seconds=0.05, jobs=1)
    assert checked > 5 and differ == []
    rows = tables.load("tfim-hva")
    good = [r for r in rows if r.seconds <= 0.05]
    wrong = dataclasses.replace(good[0], dim=good[0].dim + 1)
    write_rows(tmp_path / "tfim-hva.csv", [wrong] + good[1:3])
    checked, differ = tables.verify(["tfim-hva"], tmp_path, sectors=False)
    assert checked == 3 and len(differ) == 1 and f"dim {wrong.dim} stored, {good[0].dim} now" in differ[0]
    from liealg.cli.main import main

    with pytest.raises(SystemExit) as exit_:
        main(["tables", "verify", "--families", "tfim-hva", "--dir", str(tmp_path), "--no-sectors", "-j", "1"])
    out = capsys.readouterr().out
    assert exit_.value.code == 1 and "differs: tfim-hva" in out and "2 of 3 rows reproduce" in out


def test_verify_reports_a_refusal_instead_of_raising(monkeypatch):
    from liealg.errors import UncertifiedError
    from liealg.tables import builder

    def refuse(*args, **kwargs):
        raise UncertifiedError("no clear gap")

    monkeypatch.setattr(builder, "compute_row", refuse)
    checked, differ = builder.verify(["tfim-hva"], max_seconds=0.01, jobs=1, sectors=False)
    assert checked >= 1 and len(differ) == checked and all("not recomputed: no clear gap" in d for d in differ)
