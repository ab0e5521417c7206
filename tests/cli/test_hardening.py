"""The hardening round (issue 21): four wrong numbers that are now refused or withheld, the
library's bad-input exceptions mapped in one place, and requests whose work or memory is bounded
before it starts. Each test is the class of a bad-input sweep's finding, not only its example."""

import ast
import importlib
from pathlib import Path

import numpy as np
import pytest
import sympy
from clitools import EXAMPLES, one_line_error

import liealg
from liealg.errors import EXPECTED, InputError, TableError

EX = str(EXAMPLES) + "/"
TFIM4 = EX + "tfim_hva_open4.txt"
ROOT = Path(__file__).resolve().parents[2]



# --- wrong numbers ----------------------------------------------------------------------------
def test_no_variance_prediction_where_the_purity_formula_does_not_hold(cli, tmp_path):
    """TFIM HVA, n = 4, O = XYZI, |+>: neither O nor rho - 1/16 lies in i*g. The purity sum is 0 there
    while the Monte Carlo variance is about 0.1: no prediction is printed."""
    from liealg.trainability.loss_variance import variance

    gens = liealg.read_generators(TFIM4)
    res = variance(gens, "plus", "XYZI", circuits=300, seed=1)
    assert res.predicted is None and not (res.observable_in_algebra or res.state_in_algebra)
    assert res.monte_carlo > 0.05 and res.monte_carlo > 5 * res.mc_stderr  # the variance it would have called 0
    obs = tmp_path / "o.txt"
    obs.write_text("XYZI\n")
    status, out, err = cli(["variance", "-g", TFIM4, "--observable", str(obs), "--circuits", "0"])
    assert status == 0 and "predicted Var =" not in out and "predicted Var: none" in out
    # where the theorem holds the prediction stays: so(2n) chain, O = Z0 in i*g
    inside = variance(liealg.read_generators(EX + "so6_chain.txt"), "000", "ZII", circuits=0)
    assert inside.predicted is not None and inside.predicted > 0


@pytest.mark.parametrize("e0", ["100", "-4.7"])
def test_a_given_ground_energy_above_a_reached_energy_is_refused(cli, e0):
    status, out, err = cli(["train", "-g", TFIM4, "--hamiltonian", EX + "tfim_open4_h.txt", "--layers", "2",
                            "--inits", "3", "--ground-energy", e0])
    one_line_error(status, out, err)
    assert "ground energy" in err


def test_the_exact_ground_energy_is_accepted(cli):
    from liealg.trainability.training import train

    computed = train(liealg.read_generators(TFIM4), liealg.read_generators(EX + "tfim_open4_h.txt"), layers=[2],
                     inits=2)
    given = train(liealg.read_generators(TFIM4), liealg.read_generators(EX + "tfim_open4_h.txt"), layers=[2],
                  inits=2, ground_energy=computed.ground_energy)
    assert given.ground_energy_source == "given" and given.rows[0].median_residual >= 0


HEADER = "topology,n_qubits,dim,center_dim,type,method,seconds,liealg_version\n"


@pytest.mark.parametrize("body, words", [
    (HEADER + "ring,8,-255,,x,m,0.1,0\n", ":2: dim -255 is outside"),
    (HEADER + "ring,8,999,,x,m,0.1,0\n", ":2: tfim-hva ring n=8 has dim 999, the shipped table 23"),
    (HEADER + "ring,30,5,,x,m,0.1,0\nring,30,6,,x,m,0.1,0\n", ":3: a second row for ring n=30"),
    ("topology,n_qubits,dim\nring,30,5\n", ":1: the header lacks"),
    (HEADER + 'ring,30,"5,,x,m,0.1,0\n', "not a readable CSV table"),
    (HEADER + "ring,30,5.5,,x,m,0.1,0\n", ":2: dim '5.5' is not an integer"),
    (HEADER + "moebius,30,5,,x,m,0.1,0\n", ":2: unknown topology"),
    (HEADER + "ring,3,70,,x,m,0.1,0\n", ":2: dim 70 is outside"),  # more than dim u(8) = 64
    (HEADER + "ring,30,5,7,x,m,0.1,0\n", ":2: center_dim 7 is outside"),
])
def test_a_corrupted_user_table_is_named_and_skipped(cli, tmp_path, monkeypatch, body, words):
    monkeypatch.setenv("LIEALG_TABLES_DIR", str(tmp_path))
    path = tmp_path / "tfim-hva.csv"
    path.write_text(body)
    with pytest.raises(TableError, match=words.replace("(", r"\(")):
        liealg.tables.load("tfim-hva")
    for args in (["tables", "lookup", "tfim-hva", "-n", "8", "-t", "ring"], ["tables", "show", "tfim-hva"]):
        status, out, err = cli(args)
        one_line_error(status, out, err)
        assert str(path) in err and words in err
    status, out, err = cli(["tables", "list"])
    assert status == 0 and "tfim-hva" not in out and "xxz-hva" in out
    assert err.count("\n") == 1 and str(path) in err and "skipped" in err


def test_identical_duplicate_rows_are_one_row(tmp_path, monkeypatch):
    monkeypatch.setenv("LIEALG_TABLES_DIR", str(tmp_path))
    (tmp_path / "tfim-hva.csv").write_text(HEADER + "ring,30,5,,x,m,0.1,0\nring,30,5,,x,m,0.2,0\n")
    assert liealg.tables.lookup("tfim-hva", 30, "ring").dim == 5


@pytest.mark.parametrize("coefficient", [1j, 2 + 1e-3j, sympy.I, sympy.sqrt(-2), sympy.Symbol("x"), sympy.oo])
def test_every_entry_point_refuses_a_coefficient_that_is_not_a_real_number(coefficient):
    from liealg.sums import PauliSum

    with pytest.raises(ValueError, match="not real|not a number|not finite"):
        PauliSum.from_terms([(coefficient, "XX")])
    with pytest.raises(ValueError):
        PauliSum(2, liealg.PauliList.from_labels(["XX"]).keys, [coefficient])


def test_a_complex_number_with_zero_imaginary_part_is_its_real_part():
    from liealg.sums import PauliSum

    assert str(PauliSum.from_terms([(np.complex128(2), "XX"), (complex(-1, 0), "ZZ")])) == "-ZZ + 2 XX"


# --- one place maps bad input to exit status 2 -------------------------------------------------
def _library_modules():
    for path in sorted((ROOT / "liealg").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        yield ".".join(rel.parts).removesuffix(".__init__"), path


def test_every_exception_class_of_the_library_is_expected_by_the_cli():
    """A class of liealg's that derives from ValueError is bad input: it must be an InputError, which the CLI
    maps to one line and exit 2 (`liealg.errors.EXPECTED`); the other deliberate ones are listed there. Private
    classes are control flow inside one module and never leave it."""
    found = []
    for name, path in _library_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and node.bases and not node.name.startswith("_"):  # private: control flow
                found.append((name, node.name))
    classes = [getattr(importlib.import_module(m), c) for m, c in found]
    errors = [c for c in classes if isinstance(c, type) and issubclass(c, Exception) and not issubclass(c, Warning)]
    assert len(errors) >= 10
    for cls in errors:
        assert issubclass(cls, EXPECTED), f"{cls.__module__}.{cls.__name__} is not mapped to exit status 2"
        if issubclass(cls, ValueError):
            assert issubclass(cls, InputError), cls


@pytest.mark.parametrize("args, words", [
    (["tables", "lookup", "xxz-hva", "-n", "8", "--sector", "reflection=2"], "+1 or -1"),
    (["tables", "lookup", "xxz-hva", "-n", "8", "--sector", "foo=1"], "unknown sector key"),
    (["dim", "-g", "{x1}", "--sector", "reflection=-1"], "is empty on 1 qubit"),
    (["dim", "-g", "{x1}", "--sector", "reflection=-1", "--engine", "pauli-image"], "is empty on 1 qubit"),
    (["variance", "-g", TFIM4, "--observable", "{big}"], "big.txt:1:7: coefficient"),
    (["variance", "-g", TFIM4, "--observable", "{tiny}"], "tiny.txt:1:8: coefficient 1e-200 is outside"),
    (["variance", "-g", TFIM4, "--observable", "{obs}", "--depth", "1000000000"], "beyond"),
    (["variance", "-g", TFIM4, "--observable", "{obs}", "--circuits", "1000000000"], "beyond"),
    (["overparam", "-g", TFIM4, "--points", "1000000000"], "beyond"),
    (["train", "-g", TFIM4, "--hamiltonian", EX + "tfim_open4_h.txt", "--inits", "1000000000"], "beyond"),
    (["sectors", "-g", "{sparse100}"], "up to 62 qubits"),  # was an OverflowError
    (["sectors", "-g", "{sparse1m}"], "up to 62 qubits"),
    (["dim", "-g", "{empty_npy}"], "not a readable .npy array"),
    (["overparam", "-g", TFIM4, "--state", "{empty_npy}"], "not a readable .npy state vector"),
])
def test_ordinary_mistakes_are_one_line_and_exit_2(cli, tmp_path, args, words):
    files = {"x1": "X\n", "big": "1e308 XIII + 1e308 ZIII\n", "tiny": "1e-200 XIII\n", "obs": "XIII\n",
             "sparse100": "X0 X99 + Y0 Y99\n", "sparse1m": "X0 X999999 + Y0 Y999999\n"}
    paths = {}
    for key, text in files.items():
        paths[key] = tmp_path / f"{key}.txt"
        paths[key].write_text(text)
    paths["empty_npy"] = tmp_path / "empty.npy"
    paths["empty_npy"].write_bytes(b"")
    status, out, err = cli([a.format(**paths) for a in args])
    one_line_error(status, out, err)
    assert words in err, err


def test_a_requested_free_fermion_engine_is_refused_before_any_closure(monkeypatch):
    from liealg.circuits import chooser
    from liealg.errors import EngineError
    from liealg.tables.families import family_generators

    def no_closure(*a, **k):
        raise AssertionError("the free-fermion test needs no closure")

    monkeypatch.setattr(chooser, "lie_closure", no_closure)
    gens = family_generators("heisenberg-hva", 12)
    with pytest.raises(EngineError, match="not quadratic in Majoranas"):
        chooser.closure_for(gens, "plus", "fermion")
    assert chooser.closure_plan(gens, "plus", "auto") == (chooser.DEFAULT_MAX_DIM, False)
    assert chooser.closure_plan(gens, "plus", "gsim") == (chooser.MAX_DIM, True)


def test_circuit_depths_are_checked():
    from liealg.circuits.statevector import PeriodicQNN

    with pytest.raises(InputError, match="at least 1"):
        PeriodicQNN(["XX", "ZI"], -1)
    with pytest.raises(TypeError):
        PeriodicQNN(["XX", "ZI"], "3")
    assert PeriodicQNN(["XX", "ZI"], np.int64(2)).n_params == 4


def test_a_sparse_closure_beyond_the_memory_budget_refuses(monkeypatch):
    from liealg.errors import SizeLimitError
    from liealg.tables.families import family_generators

    monkeypatch.setenv("LIEALG_MAX_MEMORY", str(2 / 1024))  # 2 MiB
    with pytest.raises(SizeLimitError, match="memory budget"):
        liealg.lie_closure(family_generators("heisenberg-hva", 10), engine="sparse")
    monkeypatch.delenv("LIEALG_MAX_MEMORY")
    assert liealg.lie_closure(family_generators("tfim-hva", 4)).dim > 0


def test_long_runs_leave_a_heartbeat_when_stderr_is_not_a_terminal(cli, monkeypatch):
    from liealg.cli import common

    monkeypatch.setattr(common, "HEARTBEAT", 0.0)
    status, out, err = cli(["train", "-g", TFIM4, "--hamiltonian", EX + "tfim_open4_h.txt", "--layers", "1:2",
                            "--inits", "3"])
    beats = [line for line in err.splitlines() if line.startswith("liealg: training: ")]
    assert status == 0 and len(beats) == 6 and beats[-1].startswith("liealg: training: 6/6 done, ")
    status, out, err = cli(["train", "-g", TFIM4, "--hamiltonian", EX + "tfim_open4_h.txt", "--layers", "1:2",
                            "--inits", "3", "--no-progress"])
    assert status == 0 and "liealg: training" not in err


def test_an_overparam_heartbeat_carries_the_ranks_so_far(cli, monkeypatch):
    from liealg.cli import common

    monkeypatch.setattr(common, "HEARTBEAT", 0.0)
    status, out, err = cli(["overparam", "-g", TFIM4, "--layers", "1:3", "--points", "2", "--no-sector",
                            "--no-components"])
    beats = [line for line in err.splitlines() if line.startswith("liealg: QFI points: ")]
    assert status == 0 and len(beats) == 2 and beats[0].startswith("liealg: QFI points: 1/2 done; max rank so far L=1:")
    final = {int(row.split()[0]): int(row.split()[2]) for row in out.splitlines() if row.strip()[:1].isdigit()}
    last = dict(part.split(":") for part in beats[-1].split("so far ")[1].split(",")[0].split() if "=" in part)
    assert {int(k[2:]): int(v) for k, v in last.items()} == final  # the partial ranks of the last point = the table


# --- a newcomer's confusions ----------------------------------------------------------------------
def test_python_dash_m_liealg_is_the_command(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "liealg", "dim", "-g", "example:so6_chain.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "15\n", "")


def test_shipped_examples_work_from_any_directory(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = cli(["examples", "--copy", str(tmp_path / "ex")])
    assert status == 0 and "example:so6_chain.txt" in out and (tmp_path / "ex" / "so6_chain.txt").is_file()
    assert cli(["dim", "-g", "example:so6_chain.txt"])[:2] == (0, "15\n")
    assert cli(["dim", "-g", str(tmp_path / "ex" / "so6_chain.txt")])[:2] == (0, "15\n")
    status, out, err = cli(["dim", "-g", "example:nope.txt"])
    one_line_error(status, out, err)
    assert "so6_chain.txt" in err


def test_help_lists_whole_command_summaries(cli):
    from liealg.cli.main import cli as group

    status, out, err = cli(["--help"])
    assert status == 0 and "..." not in out.split("Commands:")[1]
    for name, command in group.commands.items():
        assert command.get_short_help_str().endswith("."), name


def test_classify_prints_huge_dimensions_short_and_spaces_not_tabs(cli, tmp_path):
    from liealg.tables.families import two_local

    f = tmp_path / "s.txt"
    f.write_text("\n".join(two_local(1000, ["XX", "XY", "YZ"])) + "\n")
    status, out, err = cli(["classify", "-g", str(f)])
    assert status == 0 and "\t" not in out and len(out) < 200, out
    assert out.startswith("su(2^1000)   (dim 1.1481e602: ")
    status, out, err = cli(["classify", "-g", str(f), "--json"])
    assert status == 0 and str(4 ** 1000 - 1) in out  # every digit where a program reads it


def test_variance_names_ideals_as_classify_does(cli):
    status, out, err = cli(["variance", "-g", EX + "so6_chain.txt", "--state", "000", "--observable", EX + "z0.txt",
                            "--circuits", "0"])
    assert status == 0 and "so(6) ≅ su(4)" in out


def test_an_engine_refusal_speaks_user_terms_with_details_in_json(cli, tmp_path):
    from liealg.tables.families import family_generators

    path = tmp_path / "tfim_ring8.txt"  # free fermions: spin representations on the parts, refused
    path.write_text("\n".join(family_generators("tfim-hva", 8, "ring")) + "\n")
    status, out, err = cli(["dim", "-g", str(path), "--engine", "irreducible"])
    one_line_error(status, out, err)
    assert "leave out the engine" in err and "modulo" not in err
    status, out, err = cli(["dim", "-g", str(path), "--engine", "irreducible", "--json"])
    import json

    record = json.loads(out)
    assert status == 2 and record["kind"] == "UncertifiedError" and "modulo" in record["detail"]


def test_wrong_types_are_type_errors():
    from liealg.trainability import orbit_dimension

    gens = ["ZZ", "XI", "IX"]
    assert orbit_dimension(gens, "plus") == orbit_dimension(liealg.lie_closure(gens), "plus")
    for call in (lambda: orbit_dimension(42, "plus"), lambda: liealg.lie_closure(42), lambda: liealg.lie_closure([42]),
                 lambda: liealg.classify(3.5)):
        with pytest.raises(TypeError):
            call()


def test_train_hands_over_each_row_as_it_is_finished():
    from liealg.trainability.training import train

    seen = []
    res = train(liealg.read_generators(TFIM4), liealg.read_generators(EX + "tfim_open4_h.txt"), layers=[1, 2],
                inits=2, on_row=lambda row, so_far: seen.append((row.layers, len(so_far.rows))))
    assert seen == [(1, 1), (2, 2)] and [r.layers for r in res.rows] == [1, 2]


def test_only_g_sim_beyond_the_statevector_refuses_before_a_long_closure(monkeypatch):
    """Heisenberg HVA on 25 qubits: not quadratic, beyond the statevector; g-sim would need the closure, whose
    elements grow without bound. It refused after ~10 min at 12 GB; now at g-sim's budget of held terms."""
    from liealg.circuits import chooser
    from liealg.errors import EngineError, SizeLimitError
    from liealg.tables.families import family_generators

    monkeypatch.setattr(chooser, "GSIM_CLOSURE_BYTES", 1 << 20)
    gens = family_generators("heisenberg-hva", 25)
    for engine in ("auto", "gsim"):
        with pytest.raises(EngineError, match="g-sim needs dim g"):
            chooser.closure_for(gens, "plus", engine)
    with pytest.raises(SizeLimitError, match="memory budget of 1 MiB"):
        liealg.lie_closure(family_generators("heisenberg-hva", 10), engine="sparse", max_memory=1 << 20)


# --- memory: one budget, stated and enforced before the work ---------------------------------------
def _chain(n):  # {X_i X_(i+1)} and {Z_i}: so(2n), free fermions
    return ["I" * i + "XX" + "I" * (n - i - 2) for i in range(n - 1)] + ["I" * i + "Z" + "I" * (n - i - 1)
                                                                          for i in range(n)]


@pytest.mark.parametrize("engine, n, need, layers", [("statevector", 8, "qfi", 20), ("statevector", 4, "qfi", 100),
                                                     ("statevector", 8, "hessian", 20), ("fermion", 10, "qfi", 20),
                                                     ("fermion", 10, "hessian", 20),
                                                     pytest.param("gsim", 6, "hessian", 20, marks=pytest.mark.slow)])
def test_circuit_memory_estimates_track_the_measured_peak(engine, n, need, layers):
    import tracemalloc

    from liealg.circuits.chooser import circuit
    from liealg.trainability.qfi import _tangent_ranks
    from liealg.trainability.ranks import rank_and_gap

    qnn, _ = circuit(_chain(n), layers, "zero", engine, need="qfi" if need == "qfi" else "train",
                     observable="Z" + "I" * (n - 1))
    theta = np.random.default_rng(0).uniform(0, 2 * np.pi, qnn.n_params)
    op = qnn.observable("Z" + "I" * (n - 1))
    sizes = [L * qnn.K for L in range(1, layers + 1)]
    if need == "hessian":
        def work():
            return qnn.hessian(theta, op)
    elif qnn.gives_tangents:  # what qfi_rank_sweep does with each point
        def work():
            return _tangent_ranks(qnn.qfi_factor(theta), sizes, 1e-14, 1.0)
    else:
        def work():
            F = qnn.qfi(theta)
            return [rank_and_gap(F[:m, :m], 1e-8, 1e-15) for m in sizes]
    work()  # kernels loaded
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert 0.7 * peak <= qnn.work_memory(need) <= 3 * peak


def test_max_memory_refuses_before_the_work_and_large_work_is_stated(cli, monkeypatch):
    from liealg import resources

    mib = str(1 / 1024)  # the closure fits, the 400-parameter QFI (6.6 MB) does not
    status, out, err = cli(["--max-memory", mib, "overparam", "-g", TFIM4, "--layers", "1:200", "--no-sector"])
    one_line_error(status, out, err)
    assert "QFI of 400 parameters (statevector engine) needs about 6 MiB" in err and "--max-memory" in err
    status, out, err = cli(["--max-memory", mib, "train", "-g", TFIM4, "--hamiltonian", EX + "tfim_open4_h.txt",
                            "--layers", "100", "--inits", "2", "--no-progress"])
    one_line_error(status, out, err)
    assert "Hessian of 200 parameters (statevector engine) needs about 2 MiB" in err
    status, out, err = cli(["--max-memory", "1e-6", "dim", "-g", EX + "su16_xx_xy_yz.txt", "--method", "exact"])
    one_line_error(status, out, err)  # the sparse closure's budget is the same one
    assert "memory budget" in err
    status, out, err = cli(["--max-memory", "1e-6", "dim", "-g", EX + "su16_xx_xy_yz.txt", "--enumerate"])
    one_line_error(status, out, err)  # and the string engine's
    assert "the string closure passed" in err and "memory budget of 1 KiB" in err
    assert resources.memory_budget() > 2**30  # the option lasts one command
    monkeypatch.setattr(resources, "NOTICE_BYTES", 0)
    status, out, err = cli(["overparam", "-g", TFIM4, "--layers", "1:3", "--no-sector", "--no-progress"])
    assert status == 0 and "liealg: note: the QFI of 6 parameters (statevector engine): expected peak memory " \
                           "about" in err
    assert cli(["--max-memory", "0", "dim", "-g", TFIM4])[0] == 2


def test_monte_carlo_angles_in_chunks_give_the_same_estimate(monkeypatch):
    from liealg.trainability import loss_variance

    args = (_chain(4), "zero", "ZIII")
    whole = loss_variance.variance(*args, circuits=50, seed=3)
    monkeypatch.setattr(loss_variance, "THETA_CHUNK", 7)  # one or two circuits per chunk
    chunked = loss_variance.variance(*args, circuits=50, seed=3)
    assert (chunked.monte_carlo, chunked.depth) == (whole.monte_carlo, whole.depth) and whole.monte_carlo > 0
