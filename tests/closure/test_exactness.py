"""No wrong number: exact closures over number fields and with transcendental constants, a float
path that refuses instead of over-counting, and coefficients that float64 cannot hold.

Independent references: the sympy closure (`liealg.symbolic`, exact arithmetic over Q(i) or a
number field; transcendental constants at a random rational point), and dense float linear
algebra on the 2^n x 2^n matrices.
"""

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liealg import lie_closure, parse_generators
from liealg.closure.symbolic import symbolic_closure
from liealg.coefficients.domain import UnsupportedCoefficient
from liealg.coefficients.number_fields import CoefficientField
from liealg.errors import FloatRangeError, GeneratorFileError, UncertifiedError

PI_CASE = ["1/2 ZXI + pi/4 YIY + ZYY", "pi/4 XYY + 2 YYY + YXY + 2 XZI"]


def sym_dim(lines):
    return symbolic_closure(parse_generators("\n".join(lines))).dim


def test_pi_coefficient_is_exact_and_generic():
    alg = lie_closure(PI_CASE)
    assert alg.dim == 25 and alg.method == "exact-gf(p)"
    field = alg.certificate["field"]
    assert field["kind"] == "transcendental" and field["transcendentals"] == ["pi"]
    assert field["independence"] == "proved"
    assert alg.certificate["failure_probability_bound"] < 1e-9
    # the same generators with rationals in place of pi: the generic value, and the sympy closure
    for q in ("3/4", "7/9", "22/7"):
        assert lie_closure([line.replace("pi/4", q) for line in PI_CASE]).dim == 25
    assert sym_dim(PI_CASE) == 25
    assert lie_closure(PI_CASE, method="float").dim == 25


@pytest.mark.parametrize("lines", [
    ["ZZI + IZZ", "XII + sqrt(2)/100 IXI + IIX"],
    pytest.param(["XY + sqrt(2) YX + sqrt(3) ZZ", "ZI + sqrt(6) IZ"], marks=pytest.mark.slow),  # one field
    ["XX + 2**(1/3) YY", "ZI + 3 IZ"],
    ["sqrt(2) XY + pi YX", "ZI + cos(1) IZ + sin(1) XX"],
    ["exp(1000) XX + ZZ", "ZI"],
    ["E XY + exp(1/2) YX", "ZI + log(6) IZ"],
])
def test_irrational_fields_agree_with_sympy(lines):
    alg = lie_closure(lines)
    assert alg.method == "exact-gf(p)"
    assert alg.dim == sym_dim(lines)


def test_algebraic_trig_values_against_dense_float():
    lines = ["XX + cos(pi/7) YY + ZZ", "ZI + sin(2*pi/5) IZ"]
    alg = lie_closure(lines)
    assert alg.certificate["field"]["kind"] == "algebraic"
    mats = [1j * g.to_matrix() for g in parse_generators("\n".join(lines))]
    span = list(mats)
    for _ in range(4):  # nested commutators up to depth 5 span this small algebra
        span += [a @ b - b @ a for a in mats for b in span]
    s = np.linalg.svd(np.array([m.ravel() for m in span]), compute_uv=False)
    assert alg.dim == int(np.sum(s > 1e-9 * s[0]))


def test_field_reduction_finds_hidden_relations():
    F = CoefficientField([sympy.sqrt(2), sympy.sqrt(3), sympy.sqrt(6)])
    assert F.kind == "algebraic" and F.degree == 4  # not 8: sqrt(6) = sqrt(2) sqrt(3)
    c = sympy.cos(1) ** 2 + sympy.sin(1) ** 2 - 1
    G = CoefficientField([c, sympy.sin(2), sympy.exp(2), sympy.E, sympy.log(6) - sympy.log(2) - sympy.log(3)])
    assert G.is_zero(c) and G.is_zero(sympy.log(6) - sympy.log(2) - sympy.log(3))
    assert not G.is_zero(sympy.sin(2)) and not G.is_zero(sympy.exp(2) - sympy.E)
    assert set(G.transcendentals) == {"tan(1/2)", "e", "log(2)", "log(3)"}
    assert G.independence.startswith("assumed")
    assert CoefficientField([sympy.E, sympy.sin(sympy.Rational(1, 3))]).independence == "proved"  # L-W


def test_several_transcendentals_are_cross_checked_by_float():
    alg = lie_closure(["pi XY + E YX", "ZI + IZ"])
    assert alg.certificate["field"]["independence"].startswith("assumed")
    assert alg.certificate["float_check"]["agrees"] is True


@pytest.mark.parametrize("coeff", ["exp(pi)", "sqrt(pi)", "sin(sqrt(2))", "pi**pi"])
def test_constants_outside_the_exact_fields_are_refused_not_guessed(coeff):
    with pytest.raises(ValueError, match="method 'float'"):
        lie_closure([f"XX + {coeff} YY", "ZI"])
    assert lie_closure([f"XX + {coeff} YY", "ZI"], method="float").dim > 0


def test_extreme_magnitudes_are_exact():
    base = lie_closure(["ZZI + IZZ", "XII + 3 IXI + IIX"]).dim
    for c in ("1e-300", "10^300", "sqrt(2)*1e-300", "exp(1000)", "exp(-1000)"):
        assert lie_closure(["ZZI + IZZ", f"XII + {c} IXI + IIX"]).dim == base, c
    # within one generator, a 1e-12 term is kept exactly (a tolerance would drop it)
    assert lie_closure(["sqrt(2) ZI + 1e-12 IZ", "XX"]).dim == lie_closure(["ZI + 3 IZ", "XX"]).dim == 6
    assert lie_closure(["ZI", "XX"]).dim == 3  # what dropping the small term would give


def test_float_path_refuses_what_float64_cannot_hold():
    with pytest.raises(FloatRangeError):
        lie_closure(["1e-300 XX + 1e300 ZZ", "ZI"], method="float")
    assert lie_closure(["1e-300 XX + 1e300 ZZ", "ZI"]).dim == 4  # the exact path is unaffected


def test_float_refuses_without_a_gap(monkeypatch):
    from liealg.closure import floating

    monkeypatch.setattr(floating, "FLOAT_GAP", 1e300)  # no closure can show such a gap
    with pytest.raises(UncertifiedError, match="cannot certify"):
        lie_closure(PI_CASE, method="float")


def test_single_dense_generator_needs_no_closure():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(256, 256)) + 1j * rng.normal(size=(256, 256))
    alg = lie_closure(a + a.conj().T)  # 65,535 Pauli terms; pairs of them would need 4e9 products
    assert alg.dim == 1 and alg.method == "single-generator"
    assert alg.contains(alg.generators[0])


def test_dense_pairs_are_refused_not_allocated():
    from liealg.closure.spans import MAX_PAIRS
    from liealg.errors import SizeLimitError

    rng = np.random.default_rng(1)
    mats = []
    for _ in range(2):
        a = rng.normal(size=(256, 256)) + 1j * rng.normal(size=(256, 256))
        mats.append(a + a.conj().T)
    assert (4 ** 8 - 1) ** 2 > MAX_PAIRS
    with pytest.raises(SizeLimitError, match="products"):
        lie_closure(np.array(mats))


def test_npy_keeps_tiny_terms():
    X, Z, I2 = np.array([[0, 1], [1, 0]]), np.diag([1.0, -1.0]), np.eye(2)
    stack = np.array([2e-12 * np.kron(X, I2) + 1e-12 * np.kron(I2, Z), np.kron(Z, I2)])
    assert lie_closure(stack).dim == 4
    assert lie_closure(stack, method="float").dim == 4


def test_npy_rounding_level_terms_are_refused_or_dropped_on_request():
    from liealg.io.matrices import pauli_decompose

    X, Z = np.array([[0, 1], [1, 0]]), np.diag([1.0, -1.0])
    h = np.kron(X, X) + np.kron(Z, np.eye(2)) * 1e-17
    with pytest.raises(ValueError, match="rounding level"):
        pauli_decompose(h)
    assert pauli_decompose(h, drop_below=1e-12).strings.labels() == ["XX"]


# --- property tests --------------------------------------------------------------------
LETTERS = "IXYZ"


def _label(n):
    return st.text(LETTERS, min_size=n, max_size=n).filter(lambda s: set(s) != {"I"})


COEFFS = {
    "rational": st.sampled_from(["1", "2", "1/3", "-5/2", "7/100", "13"]),
    "sqrt": st.sampled_from(["1", "sqrt(2)", "-sqrt(2)/2", "sqrt(2)+1", "2"]),  # one field: sympy stays fast
    "pi": st.sampled_from(["1", "pi", "pi/4", "-2", "pi**2/3"]),
}


@st.composite
def generator_sets(draw, kind):
    n = draw(st.integers(2, 3))
    gens = []
    for _ in range(draw(st.integers(2, 3))):
        terms = draw(st.lists(st.tuples(COEFFS[kind], _label(n)), min_size=1, max_size=3))
        gens.append(" + ".join(f"({c}) {lab}" for c, lab in terms))
    return gens


@pytest.mark.parametrize("kind", [pytest.param(k, marks=pytest.mark.slow) if k in ("sqrt", "pi") else k
                                  for k in sorted(COEFFS)])
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_auto_equals_exact_equals_sympy_and_float_never_exceeds(kind, data):
    lines = data.draw(generator_sets(kind))
    try:
        gens = parse_generators("\n".join(lines))
    except GeneratorFileError:  # terms that cancel to zero
        return
    exact = lie_closure(gens, method="exact")
    assert lie_closure(gens).dim == exact.dim
    assert exact.dim == symbolic_closure(gens).dim
    try:
        flt = lie_closure(gens, method="float").dim
    except UncertifiedError:
        return  # refusing is allowed; a wrong number is not
    assert flt == exact.dim


def test_unsupported_coefficient_error_names_the_coefficient():
    with pytest.raises(UnsupportedCoefficient, match="exp"):
        CoefficientField([sympy.exp(sympy.sqrt(2))])


def test_orbit_bound_over_a_number_field_matches_the_generic_rational():
    from liealg.trainability.orbit import orbit_dimension

    irr = lie_closure(["ZZII + IZZI + IIZZ", "XIII + sqrt(2) IXII + IIXI + pi IIIX"])
    rat = lie_closure(["ZZII + IZZI + IIZZ", "XIII + 3/2 IXII + IIXI + 7/3 IIIX"])
    assert irr.dim == rat.dim
    for state in ("plus", "0000", "0110"):
        assert orbit_dimension(irr, state) == orbit_dimension(rat, state)
