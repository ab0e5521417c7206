"""Converters to and from PennyLane, Qiskit and OpenFermion (the `interop` extra): qubit identity
survives both ways, coefficients stay exact, identity terms are dropped with a warning, and the
library entry points take the foreign objects directly."""

import warnings

import numpy as np
import pytest

import liealg
from liealg.io.interop import IdentityDropped, from_openfermion, from_pennylane, from_qiskit, to_pennylane, to_qiskit


def test_pennylane_round_trip_and_wires():
    qml = pytest.importorskip("pennylane")
    op = 0.5 * qml.X(0) @ qml.Y(2) - qml.Z(1)
    p = from_pennylane(op)
    assert str(p) == "-IZI + 1/2 XIY" and p.n == 3
    back = to_pennylane(p)
    assert back == op.pauli_rep
    # non-integer wires: the order of appearance, or wire_order
    ops = [qml.X("a") @ qml.X("b"), qml.Z("b")]
    assert [str(g) for g in from_pennylane(ops)] == ["XX", "IZ"]
    assert [str(g) for g in from_pennylane(ops, wire_order=["b", "a"])] == ["XX", "ZI"]
    assert to_pennylane(liealg.PauliString("XZ"), wire_order=["a", "b"]) == (qml.X("a") @ qml.Z("b")).pauli_rep
    # operators without a Pauli representation are decomposed
    h = from_pennylane(qml.Hadamard(0))
    assert sorted(h.strings.labels()) == ["X", "Z"] and np.allclose(h.float_coeffs, 2 ** -0.5)


def test_pennylane_objects_go_straight_into_the_library():
    qml = pytest.importorskip("pennylane")
    gens = [qml.X(0) @ qml.X(1), qml.Z(0), qml.Z(1)]
    assert liealg.lie_closure(gens).dim == 6
    assert str(liealg.classify(gens)) == "2 × su(2)"
    closed = qml.lie_closure(gens)  # PennyLane's own closure: the list it returns converts too
    assert liealg.lie_closure(closed).dim == len(closed) == 6
    from liealg.circuits.statevector import PeriodicQNN

    qnn = PeriodicQNN(gens, 1, "zero")
    assert qnn.expectation(np.zeros(3), qml.Z(0)) == pytest.approx(1.0)


def test_pennylane_identity_is_dropped_with_a_warning():
    qml = pytest.importorskip("pennylane")
    with pytest.warns(IdentityDropped):
        p = from_pennylane(qml.X(0) + 2.0 * qml.Identity(0))
    assert str(p) == "X"
    with pytest.raises(ValueError, match="Hermitian"):
        from_pennylane(qml.X(0) + 1j * qml.Z(0))


def test_qiskit_is_little_endian_and_round_trips():
    qk = pytest.importorskip("qiskit.quantum_info")
    op = qk.SparsePauliOp(["XYI", "IIZ"], coeffs=[0.5, -1.0])  # rightmost letter is qubit 0
    p = from_qiskit(op)
    assert p.n == 3 and dict(zip(p.strings.labels(), map(str, p.coeffs))) == {"IYX": "1/2", "ZII": "-1"}
    back = to_qiskit(p)
    assert back.equiv(op) and len((back - op).simplify()) == 1 and np.allclose((back - op).simplify().coeffs, 0)
    assert from_qiskit(qk.Pauli("-Y")).coeffs[0] == -1  # the Pauli's own phase counts
    assert liealg.lie_closure([qk.SparsePauliOp("XX"), qk.SparsePauliOp("IZ")]).dim == 3


def test_openfermion_qubit_and_fermion_operators():
    of = pytest.importorskip("openfermion")
    q = of.QubitOperator("X0 Y2", 0.5) + of.QubitOperator("Z1", -1.0)
    p = from_openfermion(q)
    assert p.n == 3 and str(p) == "-IZI + 1/2 XIY"
    hop = of.FermionOperator("1^ 0", 0.5) + of.FermionOperator("0^ 1", 0.5) + of.FermionOperator("1^ 1", 1.0)
    with pytest.warns(IdentityDropped, match="global phase"):
        jw = from_openfermion(hop)
    assert str(jw) == "-1/2 IZ + 1/4 XX + 1/4 YY"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IdentityDropped)
        hops = [of.FermionOperator(f"{j + 1}^ {j}", 1.0) + of.FermionOperator(f"{j}^ {j + 1}", 1.0) for j in range(3)]
        ns = [of.FermionOperator(f"{j}^ {j}", 1.0) for j in range(4)]
        assert liealg.lie_closure(hops + ns).dim == 16  # particle-number-conserving quadratics: u(4)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # qiskit multiplies the infinite coefficient itself
def test_converters_refuse_bad_operators_with_input_errors():
    from liealg.errors import InputError, SizeLimitError

    qk = pytest.importorskip("qiskit.quantum_info")
    of = pytest.importorskip("openfermion")
    with pytest.raises(InputError, match="not finite"):
        from_qiskit(qk.SparsePauliOp(["XX", "ZZ"], coeffs=[np.inf, 1.0]))
    with pytest.raises(InputError, match="not Hermitian"):
        from_qiskit(qk.SparsePauliOp(["XX"], coeffs=[1j]))
    with pytest.raises(SizeLimitError, match="1,000,000 qubits"):  # was a MemoryError
        from_openfermion(of.QubitOperator("X0 X10000000"))
    with pytest.raises(InputError, match="not finite"):
        from_openfermion(of.QubitOperator("X0", float("nan")))
