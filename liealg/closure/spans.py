"""Linear spans of sparse Pauli-sum elements: the column registry, an exact
echelon form over GF(p) and an orthonormal float basis.

Both spans work on rows (cols, vals) over the columns of one `Registry`.
"""

from __future__ import annotations

import numpy as np

from liealg.errors import SizeLimitError
from liealg.kernels import sums as _ks

#: Largest number of term pairs one sparse commutator may form (40 bytes each): beyond it the
#: elements are too dense for the sparse engine, which refuses instead of exhausting memory.
MAX_PAIRS = 50_000_000



class Registry:
    """Pauli string <-> column id, shared by every span of one closure."""

    def __init__(self, width: int, capacity: int = 1024):
        self.table, self.col_keys = _ks.registry_new(width, capacity)
        self.ncols = 0

    def ids(self, keys: np.ndarray) -> np.ndarray:
        ids, self.table, self.col_keys, self.ncols = _ks.registry_ids(
            self.table, self.col_keys, self.ncols, np.ascontiguousarray(keys, dtype=np.uint64))
        return ids

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        return _ks.registry_lookup(self.table, self.col_keys, np.ascontiguousarray(keys, dtype=np.uint64))

    def keys_of(self, cols: np.ndarray) -> np.ndarray:
        return self.col_keys[cols]

    def commutator_terms(self, a_cols, b_cols):
        """(ia, ib, cols, sign) of the anticommuting products of two rows."""
        pairs = a_cols.shape[0] * b_cols.shape[0]
        if pairs > MAX_PAIRS:

            raise SizeLimitError(f"a commutator of elements with {a_cols.shape[0]:,} and {b_cols.shape[0]:,} "
                                 f"Pauli terms forms {pairs:,} products, beyond the sparse engine's limit of "
                                 f"{MAX_PAIRS:,}")
        ia, ib, keys, sign = _ks.commutator_products(a_cols, b_cols, self.col_keys)
        return ia, ib, self.ids(keys), sign


class ModSpan:
    """Echelon basis over GF(p); each row's pivot is its largest column, scaled to 1."""

    def __init__(self, p: int, registry: Registry):
        self.p = p
        self.registry = registry
        self.pivot_row = np.full(1024, -1, dtype=np.int64)
        self.row_ptr = np.zeros(1, dtype=np.int64)
        self.pool_cols = np.zeros(4096, dtype=np.int64)
        self.pool_vals = np.zeros(4096, dtype=np.int64)
        self.pivots: list[int] = []
        self._scratch(1024)

    def _scratch(self, size: int) -> None:
        self.acc = np.zeros(size, dtype=np.int64)
        self.in_heap = np.zeros(size, dtype=np.bool_)
        self.heap = np.zeros(size, dtype=np.int64)

    @property
    def dim(self) -> int:
        return len(self.pivots)

    def _fit(self) -> None:
        n = self.registry.ncols
        if n > self.acc.shape[0]:
            size = max(n, 2 * self.acc.shape[0])
            self._scratch(size)
            grown = np.full(size, -1, dtype=np.int64)
            grown[: self.pivot_row.shape[0]] = self.pivot_row
            self.pivot_row = grown

    def reduce(self, cols: np.ndarray, vals: np.ndarray, normalize: bool = True):
        """Residual of a row modulo the span (empty when inside), leading value 1 if normalize."""
        self._fit()
        return _ks.reduce_mod(np.ascontiguousarray(cols, dtype=np.int64), np.ascontiguousarray(vals, dtype=np.int64),
                              self.pivot_row, self.row_ptr, self.pool_cols, self.pool_vals,
                              self.p, self.acc, self.in_heap, self.heap, normalize)

    def add(self, cols: np.ndarray, vals: np.ndarray) -> None:
        """Append a residual returned by `reduce` (pivot first, pivot value 1)."""
        start = self.row_ptr[-1]
        end = start + cols.shape[0]
        if end > self.pool_cols.shape[0]:
            size = max(end, 2 * self.pool_cols.shape[0])
            self.pool_cols = np.resize(self.pool_cols, size)
            self.pool_vals = np.resize(self.pool_vals, size)
        self.pool_cols[start:end] = cols
        self.pool_vals[start:end] = vals
        self.row_ptr = self._grow_ptr(end)
        self.pivot_row[cols[0]] = len(self.pivots)
        self.pivots.append(int(cols[0]))

    def _grow_ptr(self, end: int) -> np.ndarray:
        # amortized append: keep spare capacity behind a view
        n = len(self.pivots) + 1
        base = getattr(self, "_ptr_base", None)
        if base is None or base.shape[0] < n + 1:
            base = np.zeros(max(2 * (n + 1), 128), dtype=np.int64)
            base[:n] = self.row_ptr
            self._ptr_base = base
        base[n] = end
        return base[: n + 1]

    def row(self, r: int):
        a, b = self.row_ptr[r], self.row_ptr[r + 1]
        return self.pool_cols[a:b], self.pool_vals[a:b]

    def contains(self, cols: np.ndarray, vals: np.ndarray) -> bool:
        return self.reduce(cols, vals)[0].shape[0] == 0

    def rref_rows(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """The reduced row echelon form (unique for the span and column order),
        rows in ascending pivot order."""
        reduced = ModSpan(self.p, self.registry)
        out = []
        for r in np.argsort(self.pivots):
            cols, vals = self.row(int(r))
            tail_c, tail_v = reduced.reduce(cols[1:], vals[1:], normalize=False)
            row = (np.concatenate(([cols[0]], tail_c)).astype(np.int64),
                   np.concatenate(([1], tail_v)).astype(np.int64))
            reduced.add(*row)
            out.append(row)
        return out


class FloatSpan:
    """Orthonormal float basis with classical Gram-Schmidt and re-orthogonalization (CGS2).

    A candidate c comes with a scale: an upper bound on the norm it would have
    without cancellation (for a bracket [G, x] of unit x, the 1-norm of G). It
    is new when, after projecting out the basis twice, its residual exceeds
    `rtol` times that scale. Measuring against the scale rather than against
    |c| matters: a bracket that cancels to rounding noise (x commuting with G
    up to noise) has a residual that is large relative to |c| but tiny
    relative to the scale.

    Every decision is recorded: `smallest_accepted` and `largest_rejected`
    ratios residual/scale. Their quotient `gap` is the certificate of a float
    closure: when it is large, no decision was close; when it is small, the
    dimension cannot be trusted (see `liealg.closure.sparse.float_closure`).
    Candidates are taken in batches so the projections are matrix products (BLAS).
    """

    def __init__(self, registry: Registry, rtol: float = 1e-9):
        self.registry = registry
        self.rtol = rtol
        self.Q = np.zeros((64, 256))
        self.dim = 0
        self.smallest_accepted = np.inf
        self.largest_rejected = 0.0

    @property
    def gap(self) -> float:
        return self.smallest_accepted / max(self.largest_rejected, 1e-300)

    def _fit(self, extra_rows: int = 1) -> None:
        need_cols = self.registry.ncols
        rows, cols = self.Q.shape
        if need_cols > cols or self.dim + extra_rows > rows:
            grown = np.zeros((max(rows, 2 * (self.dim + extra_rows)), max(cols, 2 * need_cols)))
            grown[:rows, :cols] = self.Q
            self.Q = grown

    def dense(self, rows: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        self._fit()
        out = np.zeros((len(rows), self.Q.shape[1]))
        for i, (c, v) in enumerate(rows):
            np.add.at(out[i], c, v)
        return out

    def add_batch(self, rows: list[tuple[np.ndarray, np.ndarray]], scales=None) -> list[int]:
        """Indices of the candidates that enlarge the span (they are added). `scales` default to the
        candidates' norms."""
        if not rows:
            return []
        self._fit(len(rows))
        C = self.dense(rows)
        scales = np.linalg.norm(C, axis=1) if scales is None else np.asarray(scales, dtype=float)
        Q = self.Q[: self.dim]
        for _ in range(2):
            if self.dim:
                C -= (C @ Q.T) @ Q
        accepted = []
        for i in range(C.shape[0]):
            r = C[i]
            for _ in range(2):
                if accepted:
                    Qn = self.Q[self.dim - len(accepted): self.dim]
                    r = r - (Qn @ r) @ Qn
            nr = np.linalg.norm(r)
            if scales[i] <= 0:
                continue
            ratio = nr / scales[i]
            if ratio > self.rtol:
                self.Q[self.dim, : r.shape[0]] = r / nr
                self.dim += 1
                accepted.append(i)
                self.smallest_accepted = min(self.smallest_accepted, ratio)
            else:
                self.largest_rejected = max(self.largest_rejected, ratio)
        return accepted

    def residual(self, cols: np.ndarray, vals: np.ndarray) -> float:
        """Norm of the part of a vector outside the span, relative to the vector's norm."""
        c = self.dense([(cols, vals)])[0]
        Q = self.Q[: self.dim, : c.shape[0]]
        nrm = np.linalg.norm(c)
        for _ in range(2):
            c = c - (Q @ c) @ Q
        return float(np.linalg.norm(c) / nrm) if nrm else 0.0

    def contains(self, cols: np.ndarray, vals: np.ndarray, tol: float | None = None) -> bool:
        return self.residual(cols, vals) <= (self.rtol if tol is None else tol)
