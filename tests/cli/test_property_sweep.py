"""A property-based sweep over the command line's option space (hypothesis): random small generator
sets, states, observables, sectors, engines and table keys for `dim`, `sectors`, `overparam`,
`train`, `variance` and `tables lookup`. Every run either exits 0 with numbers that an independent
dense computation (`sector_reference`: 2^n matrices, a float closure) confirms, or exits 2 with one
line on stderr, and bad input (an unknown letter, a ragged qubit count, a complex or zero
coefficient, an empty file) always exits 2. Never a traceback, an internal error or another status."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sector_reference import sector_dla_dim

import liealg
from liealg.io.generators import parse_generators
from liealg.sums import PauliSum

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
COEFFICIENTS = ["", "2 ", "-1 ", "1/2 ", "sqrt(2) ", "3*pi "]


@st.composite
def generator_files(draw, max_qubits: int = 3, max_generators: int = 4):
    """(file text, the generators as PauliSums or None where the text is bad input)."""
    n = draw(st.integers(1, max_qubits))
    label = st.text("IXYZ", min_size=n, max_size=n).filter(lambda s: set(s) != {"I"})
    lines = []
    for _ in range(draw(st.integers(1, max_generators))):
        terms = draw(st.lists(st.tuples(st.sampled_from(COEFFICIENTS), label), min_size=1, max_size=3,
                              unique_by=lambda t: t[1]))
        lines.append(" + ".join(c + lab for c, lab in terms))
    flaw = draw(st.sampled_from([None] * 6 + ["letter", "ragged", "complex", "zero", "empty"]))
    if flaw == "letter":
        lines[0] = lines[0][:-1] + "Q"
    elif flaw == "ragged":
        lines.append("X" * (n + 1))
    elif flaw == "complex":
        lines[0] = "1j " + lines[0].split(" + ")[0].split(" ")[-1]
    elif flaw == "zero":
        lines[0] = "0 " + lines[0].split(" + ")[0].split(" ")[-1]
    elif flaw == "empty":
        lines = ["# nothing here"]
    text = "\n".join(lines) + "\n"
    return text, None if flaw else parse_generators(text)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _check_outcome(status, out, err, bad_input: bool):
    assert "Traceback" not in err and "internal error" not in err, err
    if bad_input:
        assert status == 2, (status, out, err)
    assert status in (0, 2), (status, out, err)
    if status == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith("liealg: error: "), (out, err)
    return status == 0


def _whole(gens) -> int:
    return sector_dla_dim(gens)[1]


SECTORS = st.sampled_from([None, "weight=0", "weight=1", "weight=2", "zparity=1", "zparity=-1", "flip=1",
                           "flip=-1", "reflection=1", "reflection=-1", "momentum=0", "momentum=1", "weight=9",
                           "flip=2", "colour=1"])


@SETTINGS
@given(data=generator_files(), sector=SECTORS, engine=st.sampled_from(["auto", "sparse", "dense", "irreducible"]),
       method=st.sampled_from(["auto", "exact", "float", "strings"]))
def test_dim(cli, tmp_path, data, sector, engine, method):
    text, gens = data
    args = ["dim", "-g", _write(tmp_path, "g.txt", text), "--method", method]
    args += ["--sector", sector] if sector else ["--engine", engine]
    status, out, err = cli(args)
    if _check_outcome(status, out, err, gens is None):
        dim = int(out)
        if sector:
            key, value = sector.split("=")
            assert dim == sector_dla_dim(gens, **{key: int(value)})[1], (text, sector)
        else:
            assert dim == _whole(gens), text


@SETTINGS
@given(data=generator_files())
def test_sectors(cli, tmp_path, data):
    text, gens = data
    status, out, err = cli(["sectors", "-g", _write(tmp_path, "g.txt", text)])
    if not _check_outcome(status, out, err, gens is None):
        return
    lines = out.splitlines()
    header = next((i for i, ln in enumerate(lines) if "dim g_V" in ln), None)
    if header is None:  # no symmetry: the only sector is the whole space
        return
    keys = lines[header].replace("dim V", "dimV").replace("dim g_V", "dimgV").split()
    for row in lines[header + 1:]:
        if row.startswith("sum over sectors"):
            assert f"dim g = {_whole(gens)} " in row
            break
        fields = dict(zip(keys, row.split()))
        sector = {k: int(v) for k, v in fields.items() if k not in ("dimV", "dimgV") and v != "-"}
        assert (int(fields["dimV"]), int(fields["dimgV"])) == sector_dla_dim(gens, **sector), (text, row)


STATES = st.sampled_from(["plus", "zero", "0", "1", "01", "110", "2", "bogus"])


def _state_fits(state: str, n: int) -> bool:
    return state in ("plus", "zero", "0") or (set(state) <= {"0", "1"} and len(state) == n)  # "0": zero


@SETTINGS
@given(data=generator_files(), state=STATES, engine=st.sampled_from(["auto", "statevector", "fermion", "gsim"]))
def test_overparam(cli, tmp_path, data, state, engine):
    text, gens = data
    status, out, err = cli(["overparam", "-g", _write(tmp_path, "g.txt", text), "--layers", "1:2", "--points", "2",
                            "--state", state, "--engine", engine])
    bad = gens is None or not _state_fits(state, gens[0].n)
    if _check_outcome(status, out, err, bad):
        assert out.startswith(f"dim g = {_whole(gens)} "), (text, out)


def _hamiltonian(gens) -> PauliSum:
    return PauliSum(gens[0].n, np.concatenate([g.keys for g in gens]), [Fraction(1)] * sum(len(g) for g in gens))


@SETTINGS
@given(data=generator_files(), state=STATES, e0=st.sampled_from([None, "100", "-1000"]))
def test_train(cli, tmp_path, data, state, e0):
    text, gens = data
    path = _write(tmp_path, "g.txt", text)
    args = ["train", "-g", path, "--hamiltonian", path, "--layers", "1", "--inits", "2", "--maxiter", "30",
            "--state", state] + (["--ground-energy", e0] if e0 else [])
    status, out, err = cli(args)
    bad = gens is None or not _state_fits(state, gens[0].n) or e0 == "100"
    if not _check_outcome(status, out, err, bad):
        return
    if e0 is None and "(whole space)" in out:
        h = sum(np.asarray(g.to_matrix()) for g in gens)
        assert float(out.split()[2]) == pytest.approx(np.linalg.eigvalsh(h)[0], abs=1e-8)


@SETTINGS
@given(data=generator_files(), state=STATES, observable=st.sampled_from(["X", "Z", "XY", "ZZZ", "Q"]),
       circuits=st.sampled_from([0, 20]))
def test_variance(cli, tmp_path, data, state, observable, circuits):
    text, gens = data
    obs = _write(tmp_path, "o.txt", observable + "\n")
    status, out, err = cli(["variance", "-g", _write(tmp_path, "g.txt", text), "--observable", obs,
                            "--state", state, "--circuits", str(circuits)])
    n = None if gens is None else gens[0].n
    bad = gens is None or not _state_fits(state, n) or observable == "Q" or len(observable) != n
    if not _check_outcome(status, out, err, bad):
        return
    o = np.asarray(liealg.read_generators(obs)[0].to_matrix())
    bound = float(np.linalg.norm(o, 2)) ** 2  # Var <O> <= ||O||^2
    for line in out.splitlines():
        if line.startswith(("predicted Var =", "Monte Carlo Var =")):
            value = float(line.split("=")[1].split()[0])
            assert -1e-12 <= value <= bound + 1e-9, line


@SETTINGS
@given(family=st.sampled_from(["tfim-hva", "hea", "xxz-hva", "qaoa-maxcut", "a3", "nope"]),
       n=st.integers(1, 4), topology=st.sampled_from([None, "open", "ring", "complete", "moebius"]))
def test_tables_lookup(cli, family, n, topology):
    """n <= 4: the dense reference of hea n=5 (dim 1,023) alone takes 50-90 s here; the stored rows of
    n = 5 are recomputed by `tables verify` (tests/tables)."""
    from liealg.tables.families import FAMILIES, family_generators

    status, out, err = cli(["tables", "lookup", family, "-n", str(n)] + (["-t", topology] if topology else []))
    if not _check_outcome(status, out, err, family == "nope"):
        return
    gens = parse_generators("\n".join(family_generators(family, n, topology)))
    assert int(out) == _whole(gens) and family in FAMILIES
