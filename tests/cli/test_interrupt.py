"""Ctrl-C is one line, `liealg: error: interrupted`, and exit status 130: at any moment, in every
engine. The interrupt is deferred while a compiled kernel runs (a KeyboardInterrupt raised while
numba boxes a kernel's results left a half-built tuple and the process died with SIGSEGV) and
honoured when the kernel returns; long kernels return between chunks."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from liealg.tables.families import two_local

_SMALL_ARGS = ["dim", "-g", "{small}", "--enumerate"]


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _interrupt(args, cpu: float, cwd, group: bool = False):
    """Start `liealg ARGS`, send SIGINT once it has used `cpu` CPU seconds (or, with `group`, after
    `cpu` wall seconds to its whole process group, as a terminal does); (status, stdout, stderr)."""
    proc = subprocess.Popen([sys.executable, "-m", "liealg.cli.main", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=group,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if (time.time() - (deadline - 120) if group else _cpu_seconds(proc.pid)) > cpu:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the command finished before the interrupt: give it more work"
    os.killpg(proc.pid, signal.SIGINT) if group else proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """The 13-qubit {XX, XY, YZ} chain (a string closure that runs for minutes), kernels warm."""
    d = tmp_path_factory.mktemp("ctrl-c")
    small, big = d / "small.txt", d / "big.txt"
    small.write_text("\n".join(two_local(5, ["XX", "XY", "YZ"])) + "\n")
    big.write_text("\n".join(two_local(13, ["XX", "XY", "YZ"])) + "\n")
    # compile (or load) the kernels once, so that the delays below fall in start-up, in the
    # cache load and deep in the closure kernel
    subprocess.run([sys.executable, "-m", "liealg.cli.main", "dim", "-g", str(small), "--enumerate"],
                   capture_output=True, timeout=600, check=True)
    return big


@pytest.mark.parametrize("cpu", [0.3, 0.9, 1.5, pytest.param(2.5, marks=pytest.mark.slow),
                                 pytest.param(4.0, marks=pytest.mark.slow)])
def test_ctrl_c_in_the_string_closure(chain, cpu, tmp_path):
    status, out, err = _interrupt(["dim", "-g", str(chain), "--enumerate"], cpu, tmp_path)
    assert (status, out, err) == (130, "", "liealg: error: interrupted\n")


def test_a_kernel_call_defers_ctrl_c_to_its_return():
    """In-process: SIGINT while the compiled string closure runs is a KeyboardInterrupt at the
    next chunk, and the kernels work afterwards."""
    from liealg.closure.strings import string_closure
    from liealg.pauli import PauliList

    strings = PauliList.from_labels(two_local(12, ["XX", "XY", "YZ"]))
    string_closure(PauliList.from_labels(["XX", "ZI"]))  # compiled and cached before the clock starts
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        string_closure(strings, max_dim=1 << 26)
    timer.join()
    assert time.perf_counter() - start < 30
    assert string_closure(PauliList.from_labels(["XX", "ZI", "IZ"])).shape == (6, 2)
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN


def test_an_application_handler_is_left_alone():
    from liealg.closure.strings import string_closure
    from liealg.pauli import PauliList

    seen = []
    previous = signal.signal(signal.SIGINT, lambda *a: seen.append(a))
    try:
        string_closure(PauliList.from_labels(["XX", "ZI", "IZ"]))
        assert signal.getsignal(signal.SIGINT) is not previous and len(seen) == 0
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.slow
@pytest.mark.parametrize("family, n, extra", [
    ("xxz-hva", 10, ["dim", "--engine", "sparse"]),
    ("xxz-hva", 10, ["dim", "--engine", "dense"]),
    ("xxz-hva", 10, ["dim", "--method", "float"]),
    ("xxz-hva", 12, ["dim", "--engine", "irreducible", "-t"]),
    ("heisenberg-hva", 8, ["overparam"]),
    ("heisenberg-hva", 8, ["variance", "--observable", "{obs}"]),
    ("heisenberg-hva", 8, ["train", "--hamiltonian", "{gens}", "--inits", "2000"]),
])
def test_ctrl_c_in_every_engine(family, n, extra, tmp_path):
    topology = ["-t", "ring"] if "-t" in extra else []
    extra = [e for e in extra if e != "-t"]
    gens = tmp_path / "g.txt"
    subprocess.run([sys.executable, "-m", "liealg.cli.main", "generators", family, "-n", str(n), *topology,
                    "-o", str(gens)], check=True, capture_output=True)
    (tmp_path / "obs.txt").write_text("X" + "I" * (n - 1) + "\n")
    args = [extra[0], "-g", str(gens)] + [a.format(obs=tmp_path / "obs.txt", gens=gens) for a in extra[1:]]
    for cpu in (0.5, 1.5, 3.0):
        status, out, err = _interrupt(args, cpu, tmp_path)
        assert (status, err) == (130, "liealg: error: interrupted\n"), (cpu, status, err)


@pytest.mark.slow
def test_ctrl_c_in_tables_build_leaves_no_worker_tracebacks(tmp_path):
    for wall in (2.0, 5.0):
        status, out, err = _interrupt(["tables", "build", "--families", "xxz-hva", "--n-max", "12",
                                       "--dir", str(tmp_path), "--refresh"], wall, tmp_path, group=True)
        assert status == 130 and err.endswith("liealg: error: interrupted\n"), err[-500:]
        assert "Traceback" not in err and err.count("liealg: error") == 1, err[-500:]
