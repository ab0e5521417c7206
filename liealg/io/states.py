"""State specifications: "plus" (|+>^n), "zero", a bit string like "0101", a state vector or a .npy file.

`product_state` recognizes the product states (the engines that never build a statevector need
only that); `initial_state` gives the normalized state vector of any specification.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def product_state(spec, n: int) -> str | None:
    """'+' for 'plus' (|+>^n), the bits for 'zero' or a bit string like '0101' (length
    checked), None for any other state specification."""
    if not isinstance(spec, str) or spec.endswith(".npy"):
        return None
    if spec in ("plus", "+"):
        return "+"
    bits = "0" * n if spec in ("zero", "0") else spec
    if not set(bits) <= {"0", "1"}:
        return None
    if len(bits) != n:
        raise ValueError(f"bit string {bits!r} has {len(bits)} bits for {n} qubits")
    return bits


def initial_state(spec, n: int) -> np.ndarray:
    """A normalized state vector from 'plus', 'zero', a bit string like '0101', a .npy path or an array."""
    dim = 1 << n
    product = product_state(spec, n)
    if product == "+":
        return np.full(dim, 1 / np.sqrt(dim), dtype=complex)
    if product is not None:
        psi = np.zeros(dim, dtype=complex)
        psi[int(product, 2)] = 1.0
        return psi
    if isinstance(spec, np.ndarray):
        psi = np.asarray(spec, dtype=complex).reshape(-1)
    elif isinstance(spec, (str, Path)) and str(spec).endswith(".npy"):
        try:
            psi = np.load(spec, allow_pickle=False).astype(complex).reshape(-1)
        except FileNotFoundError:
            raise ValueError(f"{spec}: no such file") from None
        except (ValueError, OSError, EOFError, TypeError) as exc:  # EOFError: an empty file
            raise ValueError(f"{spec}: not a readable .npy state vector ({exc or 'empty file'})") from None
    else:
        raise ValueError(f"unknown state {spec!r}: use 'plus', 'zero', a bit string like '0101' or a .npy file")
    if psi.shape != (dim,):
        raise ValueError(f"state vector has {psi.size} entries; {n} qubits need {dim}")
    norm = np.linalg.norm(psi)
    if not np.isfinite(norm) or norm == 0:
        raise ValueError("state vector is zero or not finite")
    return psi / norm
