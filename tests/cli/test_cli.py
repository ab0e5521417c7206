"""The command line, through click's runner and as a real subprocess."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from clitools import EXAMPLES, run


def test_dim_prints_the_number_alone(capsys):
    status, out, err = run(["dim", "--generators", str(EXAMPLES / "so6_chain.txt")], capsys)
    assert (status, out, err) == (0, "15\n", "")


def test_dim_json_record(capsys):
    status, out, _ = run(["dim", "-g", str(EXAMPLES / "su16_xx_xy_yz.txt"), "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["dim"] == 255 and rec["n_qubits"] == 4 and rec["n_generators"] == 9
    assert rec["method"] == "anticommutation-graph" and rec["type"] == "su(16)"
    assert rec["seconds"] >= 0 and rec["version"]
    status, out, _ = run(["dim", "-g", str(EXAMPLES / "su16_xx_xy_yz.txt"), "--json", "--enumerate"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["dim"] == 255 and rec["method"] == "string-bfs"


def test_dim_beyond_enumeration_uses_the_classifier(tmp_path, capsys):
    from liealg.tables.families import two_local

    f = tmp_path / "big.txt"
    f.write_text("\n".join(two_local(400, ["XY", "YX", "YZ"])) + "\n")
    status, out, _ = run(["dim", "-g", str(f)], capsys)
    assert status == 0 and int(out) == 2 ** 399 * (2 ** 400 - 1)  # so(2^400), never enumerated
    status, out, _ = run(["classify", "-g", str(f), "--json"], capsys)
    rec = json.loads(out)
    assert rec["type"] == "so(2^400)" and rec["method"] == "anticommutation-graph"


def test_dim_check_agrees(capsys):
    status, out, err = run(["dim", "-g", str(EXAMPLES / "so6_chain.txt"), "--check", "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["check"]["agrees"] and rec["check"]["dim"] == 15
    assert "agrees" in err


def test_check_refuses_politely_above_its_limit(capsys):
    status, out, err = run(["dim", "-g", str(EXAMPLES / "su16_xx_xy_yz.txt"), "--check"], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "up to 3 qubits" in err


def test_basis_lists_strings(capsys):
    status, out, _ = run(["basis", "-g", str(EXAMPLES / "so6_chain.txt")], capsys)
    lines = out.split()
    assert status == 0 and len(lines) == 15 and "XZX" in lines and len(set(lines)) == 15
    status, out, _ = run(["basis", "-g", str(EXAMPLES / "sparse_labels.txt"), "--qubits", "6", "--sparse"], capsys)
    assert status == 0 and "X0 Z1 X2" in out.splitlines()


def test_max_dim_is_a_clean_error(capsys):
    status, out, err = run(["dim", "-g", str(EXAMPLES / "su16_xx_xy_yz.txt"), "--enumerate", "--max-dim", "100"],
                           capsys)
    assert status == 2 and out == "" and err.count("\n") == 1 and "--max-dim" in err


@pytest.mark.parametrize("content, expected", [
    ("XX\nXQZ\n", ":2:2: unknown Pauli letter 'Q'"),
    ("XX\nXXX\n", ":2:1: label 'XXX' has 3 qubits"),
    ("", ":1: no generators"),
    ("XX + 0.5j ZZ\n", ":1:"),
    ("XX + abc ZZ\n", ":1:6: unknown name 'abc'"),
    ("II\n", ":1:1: generator is the identity only"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, content, expected):
    f = tmp_path / "gens.txt"
    f.write_text(content)
    status, out, err = run(["dim", "-g", str(f)], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("liealg: error: " + str(f) + expected), err


def test_usage_errors_are_one_line(capsys):
    for args in (["dim"], ["dim", "-g", "/no/such/file.txt"], ["dim", "-g", str(EXAMPLES / "so6_chain.txt"),
                                                                    "--max-dim", "0"], ["nonsense"]):
        status, out, err = run(args, capsys)
        assert status == 2 and out == "" and err.count("\n") == 1 and err.startswith("liealg: error:"), err


def test_help_has_examples(capsys):
    for cmd in ("dim", "basis"):
        status, out, _ = run([cmd, "--help"], capsys)
        assert status == 0 and "Example" in out and "liealg " + cmd in out


def test_real_subprocess(tmp_path):
    exe = shutil.which("liealg")
    cmd = [exe] if exe else [sys.executable, "-m", "liealg.cli.main"]
    ok = subprocess.run(cmd + ["dim", "--generators", str(EXAMPLES / "so6_chain.txt")],
                        capture_output=True, text=True, timeout=300)
    assert (ok.returncode, ok.stdout, ok.stderr) == (0, "15\n", "")
    bad = tmp_path / "bad.txt"
    bad.write_text("XY\nZ\n")
    fail = subprocess.run(cmd + ["dim", "-g", str(bad)], capture_output=True, text=True, timeout=300)
    assert fail.returncode == 2 and fail.stdout == "" and "Traceback" not in fail.stderr
    assert fail.stderr.strip().splitlines() == [f"liealg: error: {bad}:2:1: label 'Z' has 1 qubits but line 1 has 2 "
                                                "(ragged qubit count)"]


def test_numba_cache_is_reused(tmp_path):
    """A second process loads every kernel from numba's cache instead of compiling."""
    exe = shutil.which("liealg")
    cmd = [exe] if exe else [sys.executable, "-m", "liealg.cli.main"]
    n = 20  # TFIM HVA on 20 qubits: 39 terms, more than a closure starts interpreted (sparse.PURE_TERMS)
    gens = tmp_path / "tfim20.txt"
    gens.write_text(" + ".join("I" * i + "ZZ" + "I" * (n - 2 - i) for i in range(n - 1)) + "\n"
                    + " + ".join("I" * i + "X" + "I" * (n - 1 - i) for i in range(n)) + "\n")
    args = cmd + ["dim", "-g", str(gens)]  # the compiled sparse closure
    subprocess.run(args, capture_output=True, timeout=300, check=True)
    env = dict(os.environ, NUMBA_DEBUG_CACHE="1")
    second = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env, check=True)
    log = second.stdout + second.stderr
    assert "data loaded" in log and "data saved" not in log, log[-2000:]


def test_sums_json_reports_method_and_certificate(capsys):
    status, out, _ = run(["dim", "-g", str(EXAMPLES / "tfim_hva_open4.txt"), "--json"], capsys)
    rec = json.loads(out)
    assert status == 0 and rec["dim"] == 16 and rec["method"] == "exact-gf(p)"
    assert rec["certificate"]["agree"] and len(rec["certificate"]["primes"]) == 2
    status, out, _ = run(["dim", "-g", str(EXAMPLES / "tfim_hva_open4.txt"), "--json", "--method", "float"], capsys)
    assert json.loads(out)["dim"] == 16 and json.loads(out)["method"] == "float-cgs2"


def test_method_that_does_not_apply_is_exit_2(tmp_path, capsys):
    status, out, err = run(["dim", "-g", str(EXAMPLES / "tfim_hva_open4.txt"), "--method", "strings"], capsys)
    assert status == 2 and out == "" and err.count("\n") == 1
    f = tmp_path / "irr.txt"
    f.write_text("ZZ\nXI + exp(pi) IX\n")
    status, out, err = run(["dim", "-g", str(f), "--method", "exact"], capsys)
    assert status == 2 and "exp(pi)" in err and "float" in err and err.count("\n") == 1


def test_sum_basis_prints_echelon_rows(capsys):
    status, out, _ = run(["basis", "-g", str(EXAMPLES / "tfim_hva_open4.txt")], capsys)
    rows = out.splitlines()
    assert status == 0 and len(rows) == 16
    import liealg
    alg = liealg.lie_closure(liealg.read_generators(EXAMPLES / "tfim_hva_open4.txt"))
    assert all(alg.contains(g) for g in liealg.parse_generators("\n".join(rows)))


def test_matrix_generators_from_npy(tmp_path, capsys):
    import numpy as np

    import liealg
    gens = liealg.read_generators(EXAMPLES / "tfim_hva_open4.txt")
    f = tmp_path / "gens.npy"
    np.save(f, np.array([g.to_matrix() for g in gens]))
    status, out, _ = run(["dim", "-g", str(f)], capsys)
    assert (status, out) == (0, "16\n")
    np.save(f, np.array([[[0, 1], [0, 0]]]))
    status, out, err = run(["dim", "-g", str(f)], capsys)
    assert status == 2 and "not Hermitian" in err and err.count("\n") == 1
    f.write_bytes(b"garbage")
    status, out, err = run(["dim", "-g", str(f)], capsys)
    assert status == 2 and "npy" in err and err.count("\n") == 1


def test_tiny_inputs_do_not_start_numba():
    """The README's first command interprets its few kernels: numba is never imported."""
    code = ("import sys; from liealg.cli.main import main\n"
            "try:\n    main(['dim', '-g', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print('numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "so6_chain.txt")], capture_output=True,
                         text=True, timeout=300).stdout.split()
    assert out == ["15", "False"]
    out = subprocess.run([sys.executable, "-c", "import sys, liealg; from liealg.cli import main; "
                          "print(any(m in sys.modules for m in ('numba', 'sympy', 'scipy')))"],
                         capture_output=True, text=True, timeout=300).stdout.split()
    assert out == ["False"]


def test_every_option_has_help_text():
    import click

    from liealg.cli.main import cli

    def walk(cmd, path):
        yield path, cmd
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                yield from walk(sub, path + [name])

    missing = []
    for path, cmd in walk(cli, ["liealg"]):
        assert cmd.help, path
        for param in cmd.params:
            if isinstance(param, click.Option) and not param.help:
                missing.append(" ".join(path) + " " + param.opts[0])
    assert not missing, missing
