"""Bad input is one line on stderr and exit status 2 (or 130 for Ctrl-C), never a traceback, an
"internal error" or a wrong number; tiny inputs ask for bounded work; tables never lose rows;
conclusions need evidence. One regression test per class of the bad-input sweep."""

import json
import os
import sys

import numpy as np
import pytest
from clitools import EXAMPLES, one_line_error, run

import liealg
from liealg import tables

EX = str(EXAMPLES) + "/"



@pytest.mark.parametrize("content, words", [
    ("X100000000\n", "beyond the limit of 1,000,000 qubits"),          # 11 bytes; was 45 min
    ("X" + "9" * 5000 + "\n", "beyond the limit"),                     # int() refuses 5000 digits
    ("9^9^9 XX + ZZ\n", "more than 10000 digits"),
    ("1e999999999 XX + ZZ\n", "exponent"),
    ("pi**100000 XX + ZZ\n", "exponent 100000"),
    ("1,000 XX\n", "thousands separators"),
    ("sin XX\n", "sin needs its argument in parentheses"),
    ("2 3 XI\n", "no implicit multiplication"),
    ("2pi XI\n", "no implicit multiplication"),
    ("1.2.3 XI\n", "malformed number '1.2.3'"),
    ("1..2 XI\n", "malformed number '1..2'"),
    ("sqrt(2,3) XI\n", "sqrt takes 1 argument"),
    ("Rational(1,3,5) XI\n", "Rational takes 2 arguments"),
    ("(cos(1)**2+sin(1)**2-1) ZI\n", "is zero"),
    ("cos(1)^2 XX + sin(1)^2 XX - XX\n", "terms cancel"),
    ("log(0) XX\n", "not finite"),
    ("sqrt(-2) XX\n", "not real"),
    ("XX\nX0 Y0\n", "appears twice"),
])
def test_bad_generator_files(tmp_path, capsys, content, words):
    f = tmp_path / "g.txt"
    f.write_text(content)
    status, out, err = run(["dim", "-g", str(f)], capsys)
    one_line_error(status, out, err)
    assert words in err


def test_sparse_labels_run_together(capsys, tmp_path):
    f = tmp_path / "g.txt"
    f.write_text("X0Z1 + Y2\nZ0 Z1Z2\n")
    status, out, _ = run(["dim", "-g", str(f)], capsys)
    assert status == 0 and int(out) == liealg.lie_closure(["XZI + IIY", "ZZZ"]).dim


def test_unbounded_files_are_capped(capsys):
    status, out, err = run(["dim", "-g", "/dev/zero"], capsys)
    one_line_error(status, out, err)
    assert "MiB" in err


def test_nul_bytes_are_not_text(tmp_path, capsys):
    f = tmp_path / "g.txt"
    f.write_bytes(b"XX\n\0\0\n")
    status, out, err = run(["dim", "-g", str(f)], capsys)
    one_line_error(status, out, err)
    assert ":2:" in err and "NUL" in err


def test_stdin_generators(monkeypatch, capsys):
    import io

    class Stdin:
        buffer = io.BytesIO(b"XXI\nIXX\nZII\nIZI\nIIZ\n")

    monkeypatch.setattr(sys, "stdin", Stdin)
    status, out, _ = run(["dim", "-g", "-"], capsys)
    assert status == 0 and out == "15\n"


def test_many_strings_classify_quickly():
    rng = np.random.default_rng(3)
    labels = ["".join(rng.choice(list("IXYZ"), 6)) for _ in range(10_000)]
    labels = [s for s in labels if s != "IIIIII"]
    assert str(liealg.classify(labels)) == "su(64)"  # bit-packed F_2 elimination (was > 60 s)


def test_empty_and_malformed_npy(tmp_path, capsys):
    for name, arr in [("empty.npy", np.zeros((0, 4, 4))), ("flat.npy", np.zeros(5)),
                      ("text.npy", np.array([["a", "b"], ["c", "d"]]))]:
        f = tmp_path / name
        np.save(f, arr)
        status, out, err = run(["dim", "-g", str(f)], capsys)
        one_line_error(status, out, err)
    status, out, err = run(["dim", "-g", EX + "so6_chain.txt", "--drop-below", "1e-9"], capsys)
    one_line_error(status, out, err)


@pytest.mark.parametrize("args, words", [
    (["generators", "hea", "-n", "3", "-o", "/proc/nope/g.txt"], "cannot write"),
    (["overparam", "-g", EX + "tfim_hva_open4.txt", "--seed", "-1"], "--seed"),
    (["overparam", "-g", EX + "tfim_hva_open4.txt", "--layers", "3:1:-1"], "--layers"),
    (["overparam", "-g", EX + "tfim_hva_open4.txt", "--layers", "3:1"], "--layers"),
    (["overparam", "-g", EX + "tfim_hva_open4.txt", "--layers", "1:2:3:4"], "--layers"),
    (["overparam", "-g", EX + "tfim_hva_open4.txt", "--layers", "1_000"], "--layers"),
    (["overparam", "-g", EX + "tfim_hva_open4.txt", "--rtol", "nan"], "--rtol"),
    (["overparam", "-g", EX + "tfim_hva_open4.txt", "--rtol", "inf"], "--rtol"),
    (["variance", "-g", EX + "so6_chain.txt", "--state", "000", "--observable", EX + "z0.txt", "--circuits", "1"],
     "--circuits"),
    (["tables", "build", "--families", "a0", "--dir", "/proc/nope"], "cannot write"),
])
def test_bad_options(args, words, capsys):
    status, out, err = run(args, capsys)
    one_line_error(status, out, err)
    assert words in err


def test_unwritable_plot_fails_before_the_work(capsys):
    pytest.importorskip("matplotlib")
    status, out, err = run(["overparam", "-g", EX + "tfim_hva_open4.txt", "--plot", "/proc/nope/p.png"], capsys)
    one_line_error(status, out, err)
    assert "--plot" in err


def test_failed_plot_still_prints_the_table(monkeypatch, capsys, tmp_path):
    """A write that fails after the sweep (a full disk) is an error after the table, not 'plot written'."""
    import errno

    pytest.importorskip("matplotlib")
    from liealg.cli import circuits as cli_circuits

    def full_disk(path, mode="r", *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cli_circuits, "open", full_disk, raising=False)
    status, out, err = run(["overparam", "-g", EX + "tfim_hva_open4.txt", "--layers", "1:3",
                            "--plot", str(tmp_path / "p.png")], capsys)
    assert status == 1 and "max rank" in out and "plot written" not in err
    assert err.endswith("liealg: error: the plot could not be written to " + str(tmp_path / "p.png")
                        + ": No space left on device\n"), err


@pytest.mark.parametrize("name", ["rank.txt", "rank", "/dev/full"])
def test_a_plot_format_matplotlib_cannot_write_is_refused_before_the_work(capsys, name, tmp_path):
    pytest.importorskip("matplotlib")
    status, out, err = run(["overparam", "-g", EX + "tfim_hva_open4.txt", "--plot", name], capsys)
    one_line_error(status, out, err)
    assert "--plot" in err and "image format" in err


# --- tables never lose rows -----------------------------------------------------------
def _copy_table(tmp_path, family):
    src = tables.tables_dir() / f"{family}.csv"
    dst = tmp_path / f"{family}.csv"
    dst.write_text(src.read_text())
    return dst


def test_refresh_replaces_only_recomputed_rows(tmp_path):
    dst = _copy_table(tmp_path, "a7")
    before = tables.load("a7", tmp_path)
    tables.build(["a7"], tmp_path, n_max=3, refresh=True)
    after = tables.load("a7", tmp_path)
    assert len(after) == len(before) > 3
    assert {(r.topology, r.n_qubits, r.dim) for r in after} == {(r.topology, r.n_qubits, r.dim) for r in before}
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]
    assert dst.exists()


def test_interrupted_refresh_keeps_every_row(tmp_path, monkeypatch):
    _copy_table(tmp_path, "hea")
    before = tables.load("hea", tmp_path)
    calls = []
    from liealg.tables import builder as table_build

    real = table_build.compute_row

    def interrupting(family, topology, n, *args):
        calls.append(n)
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real(family, topology, n, *args)

    monkeypatch.setattr(table_build, "compute_row", interrupting)
    with pytest.raises(KeyboardInterrupt):
        tables.build(["hea"], tmp_path, refresh=True, jobs=1)
    after = tables.load("hea", tmp_path)
    assert len(after) == len(before)
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


# --- conclusions need evidence ---------------------------------------------------------
def test_m_c_needs_two_saturated_depths(capsys):
    status, out, _ = run(["overparam", "-g", EX + "tfim_hva_open4.txt", "--layers", "2", "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["M_c"] is None and "one depth" in rec["M_c_reason"]
    status, out, _ = run(["overparam", "-g", EX + "tfim_hva_open4.txt", "--layers", "4,5", "--json"], capsys)
    rec = json.loads(out)
    assert rec["M_c"] == 8 and rec["max_rank"] == rec["R"] == 8


def test_zero_qfi_has_rank_zero():
    from liealg.tables.families import family_generators
    from liealg.trainability.qfi import qfi_rank_sweep

    gens = family_generators("heisenberg-hva", 4, "ring")  # |+>^n is an eigenvector of both generators
    res = qfi_rank_sweep(gens, "plus", range(1, 5), points=3)
    assert res.R == 0 and all(r.rank == 0 for r in res.rows) and not res.notes[:-1]
    res = qfi_rank_sweep(gens, "0000", range(1, 4), points=2)
    assert all(r.rank is not None and r.rank <= res.R for r in res.rows)
    assert all(r.gap == float("inf") or r.gap < 1e20 for r in res.rows)


def test_orbit_dimension_ignores_a_global_phase():
    from liealg.tables.families import family_generators
    from liealg.trainability.orbit import orbit_dimension

    alg = liealg.lie_closure(family_generators("heisenberg-hva", 4, "ring"))
    psi = np.exp(0.3j) * np.ones(16) / 4
    assert orbit_dimension(alg, psi) == orbit_dimension(alg, "plus") == 0
    noisy = psi + 1e-3 * np.arange(16) / 16  # not a product state: the float path, with its floor
    assert orbit_dimension(alg, noisy) > 0


def test_hessian_rank_only_at_converged_minima_and_never_above_r():
    from liealg.tables.families import family_generators
    from liealg.trainability.orbit import orbit_dimension
    from liealg.trainability.training import train

    gens = family_generators("tfim-hva", 4, "open")
    ham = "ZZII + IZZI + IIZZ + XIII + IXII + IIXI + IIIX"
    res = train(gens, ham, "plus", [2, 6], inits=6, seed=1)
    R = orbit_dimension(liealg.lie_closure(gens), "plus")
    for row in res.rows:
        assert row.hessian_rank is None or row.hessian_rank <= R
        assert 0 <= row.converged <= 6


def test_state_in_algebra_uses_the_traceless_part():
    from liealg.trainability.loss_variance import variance

    res = variance(["X", "Z"], "0", "Z", circuits=0)  # su(2): rho - I/2 = Z/2 is in i*g
    assert res.state_in_algebra and res.observable_in_algebra
    res = variance(["XX", "ZI", "IZ"], "00", "ZI", circuits=0)  # ZZ of |00><00| is outside so(4)
    assert not res.state_in_algebra
    with pytest.raises(ValueError, match="at least 2"):
        variance(["X", "Z"], "0", "Z", circuits=1)
