"""numba kernels of liealg: pure functions over uint64 arrays of packed Pauli strings.

Installed as ``liealg.kernels``. Nothing here imports the rest of liealg, does
I/O or builds Python objects; see ``pauli`` for the packed layout.
"""
