"""Circuit engines and the one function that chooses between them.

Every engine simulates U(theta) = prod_l prod_k exp(-i theta_lk H_k) on an initial state behind
the same interface (`n_params`, `expectation`, `value_and_grad`, `hessian`, and `qfi` where
the engine can give it; `engine` names it):

* ``statevector`` (`liealg.circuits.statevector.PeriodicQNN`): any generators and state, n <= 24 qubits;
* ``fermion`` (`liealg.circuits.fermion.FermionQNN`): generators quadratic in Jordan-Wigner Majoranas
  (rings in the state's parity sector), computational basis states or |+>^n; cost
  polynomial in n (2n x 2n covariance matrices);
* ``gsim`` (`liealg.circuits.gsim.GsimQNN`): the adjoint representation of g (dim g <= 20,000), product
  states, observables in g; no QFI.

`circuit` returns the engine and why; ``auto`` takes the cheapest engine that applies (g-sim is
only considered when free fermions do not apply and the statevector does not, or when n > 12
and the caller passes the closure), by the cost of one gate: 2^n amplitudes times the Pauli
terms for the statevector, 8n covariance entries per term for free fermions, the rotated pairs
of the expectation vector (or d^2 for a dense adjoint matrix) for g-sim.
"""

from __future__ import annotations

from dataclasses import dataclass

from liealg.circuits import ENGINES
from liealg.circuits.fermion import FermionQNN
from liealg.circuits.gsim import MAX_DIM, GsimQNN
from liealg.circuits.statevector import MAX_QUBITS, PeriodicQNN
from liealg.closure import DEFAULT_MAX_DIM
from liealg.errors import AlgebraTooLargeError, EngineError, SizeLimitError
from liealg.io.inputs import as_generators
from liealg.structure.algebra import lie_closure

NEEDS = ("qfi", "train", "expectation")


@dataclass
class Choice:
    engine: str
    reason: str
    candidates: dict  # engine -> estimated cost of one layer, or the reason it does not apply

    def as_dict(self) -> dict:
        return {"engine": self.engine, "reason": self.reason,
                "candidates": {k: v if isinstance(v, str) else float(v) for k, v in self.candidates.items()}}


#: the terms a closure for g-sim may hold (32 bytes each): 16M terms for at most MAX_DIM elements
GSIM_CLOSURE_BYTES = 512 << 20


def closure_plan(generators, state="plus", engine: str = "auto", max_dim: int | None = None) -> tuple[int, bool]:
    """(the largest dim g worth closing before a circuit of `engine` is built, whether only g-sim can
    run), checked before any closure: a requested free-fermion engine that does not apply is refused at
    once (the test needs no closure), and when only g-sim can run (requested, or auto beyond the
    statevector's qubits with non-quadratic generators) the closure stops at g-sim's limit instead of
    at `max_dim`."""
    if engine not in ("auto", *ENGINES):
        raise EngineError(f"unknown engine {engine!r}: use auto, {', '.join(ENGINES)}")
    gens = as_generators(generators)
    cap = DEFAULT_MAX_DIM if max_dim is None else max_dim
    if engine == "statevector":
        return cap, False
    fermion_why = _try(lambda: FermionQNN(gens, 1, state))[1]
    if engine == "fermion" and fermion_why:
        raise EngineError(f"--engine fermion: {fermion_why}")
    if engine == "gsim" or (engine == "auto" and gens[0].n > MAX_QUBITS and fermion_why):
        return min(cap, MAX_DIM), True
    return cap, False


def closure_for(generators, state="plus", engine: str = "auto", max_dim: int | None = None, **kwargs):
    """`lie_closure` bounded by `closure_plan`: beyond g-sim's limit, where only g-sim could run, an
    EngineError that says so instead of a long closure."""
    cap, gsim_cap = closure_plan(generators, state, engine, max_dim)
    # beyond the statevector's qubits only g-sim could run, and g-sim holds its structure constants: an algebra
    # whose elements need more than GSIM_CLOSURE_BYTES is out of its reach (below, the router's switch to the
    # dense engines stays free to finish the closure)
    gsim_only = gsim_cap and as_generators(generators)[0].n > MAX_QUBITS
    if gsim_only:
        kwargs.setdefault("max_memory", GSIM_CLOSURE_BYTES)
    try:
        return lie_closure(generators, max_dim=cap, **kwargs)
    except SizeLimitError as exc:
        if not gsim_only or "memory budget" not in str(exc):
            raise
        raise EngineError(f"{'--engine gsim' if engine == 'gsim' else 'no engine applies'}: g-sim needs dim g <= "
                          f"{MAX_DIM:,} with elements it can hold; this closure passed {GSIM_CLOSURE_BYTES >> 20} MiB "
                          f"of Pauli terms before reaching that size ({exc})") from None
    except AlgebraTooLargeError:
        if not gsim_cap:
            raise
        if engine == "gsim":
            raise EngineError(f"--engine gsim: g-sim needs dim g <= {MAX_DIM:,}; this algebra is larger") from None
        n = as_generators(generators)[0].n
        raise EngineError(f"no engine applies: {n} qubits are beyond the statevector engine's {MAX_QUBITS}, the "
                          f"generators are not quadratic in Majoranas, and g-sim needs dim g <= {MAX_DIM:,}; "
                          f"this algebra is larger") from None


def _try(build):
    try:
        return build(), None
    except (EngineError, SizeLimitError, MemoryError) as exc:
        return None, str(exc) or type(exc).__name__


def circuit(generators, layers: int, state="plus", engine: str = "auto", *, need: str = "qfi",
            observable=None, alg=None):
    """(the circuit object of the chosen engine, Choice). EngineError when the requested engine
    (or, for auto, every engine) cannot serve `need` for these inputs."""

    if engine not in ("auto", *ENGINES):
        raise ValueError(f"unknown engine {engine!r}: use auto, {', '.join(ENGINES)}")
    if need not in NEEDS:
        raise ValueError(f"unknown need {need!r}")
    gens = as_generators(generators)
    n = gens[0].n
    terms = sum(len(g) for g in gens)
    built: dict = {}
    cost: dict = {}

    def statevector():
        if n > MAX_QUBITS:
            raise EngineError(f"the statevector engine is limited to {MAX_QUBITS} qubits, not {n}")
        return PeriodicQNN(gens, layers, state)

    def fermion():
        qnn = FermionQNN(gens, layers, state)
        if observable is not None:
            qnn.observable(observable)
        return qnn

    def gsim():
        if need == "qfi":
            raise EngineError("g-sim cannot give the quantum Fisher information: it needs expectations of "
                              "products of algebra elements, which lie outside g")
        a = alg
        if a is None:

            try:
                a = lie_closure(gens, max_dim=MAX_DIM)
            except AlgebraTooLargeError:
                raise EngineError(f"g-sim needs dim g <= {MAX_DIM:,}; this algebra is larger") from None
        qnn = GsimQNN(gens, layers, state, alg=a)
        if observable is not None:
            qnn.observable(observable)
        return qnn

    builders = {"statevector": statevector, "fermion": fermion, "gsim": gsim}
    if engine != "auto":
        qnn, why = _try(builders[engine])
        if qnn is None:
            raise EngineError(f"--engine {engine}: {why}")
        return qnn, Choice(engine, "requested", {engine: qnn.layer_cost()})
    # auto: the cheap tests first; the statevector is built only if chosen (2^n amplitudes); g-sim only when
    # free fermions do not apply and the statevector does not or is not small and the closure is at hand
    for name in ENGINES:
        if name == "statevector":
            if n > MAX_QUBITS:
                cost[name] = f"the statevector engine is limited to {MAX_QUBITS} qubits, not {n}"
            else:
                cost[name] = float(2 ** n * terms)
            continue
        sv_applies = not isinstance(cost["statevector"], str)
        if name == "gsim" and ("fermion" in built or (sv_applies and (n <= 12 or alg is None))):
            # small statevectors are cheap; without the caller's closure, g-sim would first have to close g
            # (possibly up to its dimension limit) just to compare costs
            cost[name] = "not tried (a cheaper engine applies)"
            continue
        qnn, why = _try(builders[name])
        if qnn is None:
            cost[name] = why
        else:
            built[name] = qnn
            cost[name] = qnn.layer_cost()
    ranked = sorted((c, k) for k, c in cost.items() if not isinstance(c, str))
    for _, name in ranked:
        if name not in built:
            qnn, why = _try(builders[name])
            if qnn is None:
                cost[name] = why
                continue
            built[name] = qnn
        return built[name], Choice(name, "cheapest engine that applies", cost)
    raise EngineError("no engine applies: " + "; ".join(f"{k}: {v}" for k, v in cost.items()))
