"""Input and output: generator files and text, Hermitian matrices, other libraries' operators.

    generators  the generator-file grammar: `parse_generators`, `read_generators` (file:line:col errors)
    matrices    Hermitian matrices (.npy) to Pauli sums, exactly
    interop     PennyLane, Qiskit and OpenFermion operators (the optional `interop` extra)
    inputs      `as_generators`: every accepted input to a list of PauliSums
    states      state specifications ("plus", "zero", a bit string, a vector, a .npy file)
"""

from liealg._lazy import lazy_package

#: public name -> the module that defines it
NAMES = {
    "IdentityDropped": "interop",
    "MAX_FILE_BYTES": "generators",
    "MAX_QUBITS": "generators",
    "MAX_TERM_BYTES": "generators",
    "from_any": "interop",
    "from_openfermion": "interop",
    "from_pennylane": "interop",
    "from_qiskit": "interop",
    "generators_from_matrices": "matrices",
    "initial_state": "states",
    "is_foreign": "interop",
    "parse_generators": "generators",
    "pauli_coefficients": "matrices",
    "pauli_decompose": "matrices",
    "product_state": "states",
    "read_generators": "generators",
    "read_matrix_generators": "matrices",
    "to_pennylane": "interop",
    "to_qiskit": "interop",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
