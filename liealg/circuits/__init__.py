"""Circuit engines: what does U(theta) do to a state?

    base         PeriodicCircuit (the interface every engine implements), initial states
    statevector  PeriodicQNN: the dense statevector engine (n <= 24)
    fermion      FermionQNN: free fermions by 2n x 2n covariance matrices
    gsim         GsimQNN: the adjoint representation of g (g-sim)
    chooser      `circuit(...)`: the one place that picks an engine, with the reason
"""

from liealg._lazy import lazy_package

#: the circuit engines, by name (`circuit(..., engine=...)`, `--engine`)
ENGINES = ("statevector", "fermion", "gsim")

#: public name -> the module that defines it
NAMES = {
    "Choice": "chooser",
    "FermionQNN": "fermion",
    "Gate": "statevector",
    "GsimError": "gsim",
    "GsimQNN": "gsim",
    "NotGaussian": "fermion",
    "Operator": "statevector",
    "PeriodicCircuit": "base",
    "PeriodicQNN": "statevector",
    "Quadratic": "fermion",
    "as_operator": "statevector",
    "circuit": "chooser",
    "frame_of": "fermion",
    "initial_covariance": "fermion",
    "initial_state": "liealg.io.states",
    "normal_modes": "fermion",
    "observable_sum": "base",
    "parity": "statevector",
    "pauli_masks": "statevector",
    "pauli_terms": "statevector",
    "product_expectations": "gsim",
    "product_state": "liealg.io.states",
    "quadratic_form": "fermion",
    "sector_ground_energy": "fermion",
}
__getattr__, __dir__ = lazy_package(__name__, NAMES)
__all__ = sorted(NAMES)
