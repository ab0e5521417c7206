"""The generator file grammar and its error messages (file:line:column)."""

from fractions import Fraction

import pytest
import sympy

from liealg import GeneratorFileError, parse_generators, read_generators


def test_dense_sums_coefficients_and_comments():
    text = """
    # a comment
    XXII                      # trailing comment
    ZZII + IZZI + IIZZ
    0.5 XYII - 2 IIZZ
    1/3 XIII + sqrt(2) IXII - 2*pi/4 IIXI
    -IIIZ
    """
    gens = parse_generators(text)
    assert len(gens) == 5 and all(g.n == 4 for g in gens)
    assert str(gens[0]) == "XXII"
    assert len(gens[1]) == 3 and gens[1].is_rational
    assert dict(zip(gens[2].strings.labels(), gens[2].coeffs)) == {"XYII": sympy.Rational(1, 2), "IIZZ": -2}
    coeffs = dict(zip(gens[3].strings.labels(), gens[3].coeffs))
    assert coeffs["XIII"] == sympy.Rational(1, 3) and coeffs["IXII"] == sympy.sqrt(2)
    assert coeffs["IIXI"] == -sympy.pi / 2 and not gens[3].is_rational
    assert gens[4].coeffs == (-1,)


def test_decimals_are_exact():
    (g,) = parse_generators("0.1 XX + 1e-3 ZZ + 2.50 YY")
    assert set(g.coeffs) == {Fraction(1, 10), Fraction(1, 1000), Fraction(5, 2)}  # exact rationals


def test_sparse_labels():
    gens = parse_generators("X0 Y3 + Z1\nX2", n_qubits=5)
    assert gens[0].n == 5 and gens[0].strings.labels() == ["IZIII", "XIIYI"]
    assert parse_generators("X0 X1\nZ2")[0].n == 3  # n from the largest index
    assert parse_generators("X0 X1\nZZZZ")[0].n == 4  # n from dense labels


def test_unary_sign_after_binary_sign():
    (g,) = parse_generators("XX + -2 ZZ - -1/2 YY")
    assert dict(zip(g.strings.labels(), g.coeffs)) == {"XX": 1, "ZZ": -2, "YY": sympy.Rational(1, 2)}


def test_like_terms_merge():
    (g,) = parse_generators("XX + XX + 1/2 ZZ")
    assert dict(zip(g.strings.labels(), g.coeffs)) == {"XX": 2, "ZZ": sympy.Rational(1, 2)}


@pytest.mark.parametrize("text, line, col, words", [
    ("XX\nXAZ", 2, 2, "unknown Pauli letter 'A'"),
    ("XX\nXXX", 2, 1, "ragged qubit count"),
    ("XX\nZZ + ZZZ", 2, 6, "ragged qubit count"),
    ("XX + 2i ZZ", 1, 7, "complex coefficient"),
    ("XX + 2*I ZZ", 1, 8, "complex coefficient"),
    ("XX + 1j ZZ", 1, 7, "complex"),
    ("XX + sqrt(-1) ZZ", 1, 6, "not real"),
    ("XX + foo ZZ", 1, 6, "unknown name 'foo'"),
    ("XX + 3", 1, 6, "has no Pauli label"),
    ("XX + $ ZZ", 1, 6, "unexpected character '$'"),
    ("XX + 0 ZZ", 1, 6, "is zero"),
    ("XX - XX", 1, 1, "terms cancel"),
    ("II", 1, 1, "identity only"),
    ("XX + II", 1, 6, "identity term"),
    ("XX +", 1, 4, "missing"),
    ("X0 X0", 1, 4, "appears twice"),
    ("XX ZZ", 1, 1, "two Pauli labels"),
    ("(1 XX", 1, None, "unbalanced"),
    ("1/0 XX", 1, 2, "not finite"),
    ("xx", 1, 1, "not a Pauli label"),
])
def test_errors_name_line_and_column(text, line, col, words):
    with pytest.raises(GeneratorFileError) as info:
        parse_generators(text, source="f.txt")
    err = info.value
    assert words in err.message, err.message
    assert err.path == "f.txt" and err.line == line
    if col is not None:
        assert err.col == col, str(err)
    assert str(err).startswith(f"f.txt:{line}")
    assert "\n" not in str(err)


def test_sparse_index_beyond_qubits():
    with pytest.raises(GeneratorFileError, match="qubit 7 out of range"):
        parse_generators("X0 X7", n_qubits=4)
    with pytest.raises(GeneratorFileError, match="ragged"):
        parse_generators("XXX", n_qubits=4)


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# only a comment\n\n")
    with pytest.raises(GeneratorFileError, match="no generators") as info:
        read_generators(empty)
    assert str(info.value).startswith(str(empty) + ":1")
    with pytest.raises(GeneratorFileError, match="no such file"):
        read_generators(tmp_path / "missing.txt")
    with pytest.raises(GeneratorFileError, match="directory"):
        read_generators(tmp_path)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"XX\n\xff\xfe\n")
    with pytest.raises(GeneratorFileError, match="not UTF-8") as info:
        read_generators(binary)
    assert info.value.line == 2
