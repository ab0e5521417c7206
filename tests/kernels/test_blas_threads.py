"""BLAS threads are chosen (liealg.blas), set around the engines and restored afterwards."""

import pytest

from liealg import blas


def test_blas_threads_are_set_and_restored():
    if not blas.current():
        pytest.skip("no OpenBLAS loaded here")
    with blas.blas_threads(2):
        before = blas.current()
    with blas.blas_threads(1):
        assert set(blas.current().values()) == {1}

        @blas.with_blas_threads
        def inside():
            return blas.current()

        assert set(inside().values()) == {1}
    with blas.blas_threads(2):  # an engine entered inside the block keeps the caller's choice
        assert set(inside().values()) == {2}
    assert blas.current().keys() == before.keys()


def test_the_choice_comes_from_the_option_the_environment_or_the_default(monkeypatch, cli):
    monkeypatch.delenv("LIEALG_BLAS_THREADS", raising=False)
    assert blas.chosen() == blas.DEFAULT_THREADS == 1
    monkeypatch.setenv("LIEALG_BLAS_THREADS", "2")
    assert blas.chosen() == 2
    seen = []
    monkeypatch.setattr(blas, "set_threads", lambda k: seen.append(k))
    from clitools import EXAMPLES

    status, out, err = cli(["--blas-threads", "3", "dim", "-g", str(EXAMPLES / "tfim_hva_open4.txt"),
                            "--engine", "dense"])
    assert status == 0 and 3 in seen, (status, out, err, seen)
    assert blas.chosen() == 2  # the option lasts one command
