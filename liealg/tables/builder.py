"""Building the algebra tables: one row per (family, topology, n), computed and certified.

One CSV file a family in `data/tables/` (shipped inside the wheel as
`liealg/data/tables/`), one row per (topology, n_qubits):

    topology, n_qubits, dim, center_dim, type, method, seconds, liealg_version

`dim` is exact. `center_dim` and `type` come from the anticommutation-graph
classifier for single-string families and for sums that a shortcut proved equal
to the algebra of their strings (any size), and from the root-system analysis
for other sums up to dim 5000 (DECOMPOSE_DIM; the Pauli-product or the matrix-representation route,
whichever is cheaper, see `liealg.structure.choose_route`); they are empty otherwise. `type_rows`
fills the type of stored rows that lack one (the representation analysis must reproduce the stored
dimension exactly, so it checks the row too).
`build` (re)computes rows in parallel on local cores or on a Dask cluster and
keeps finished rows when interrupted. Closed-form dimensions from the
literature are in FORMULAS; the tests check every computed row against them.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from liealg.errors import AlgebraTooLargeError, SizeLimitError, UncertifiedError
from liealg.io.inputs import as_generators
from liealg.sectors.sector import Sector, SectorError
from liealg.structure.algebra import lie_closure, sector_closure
from liealg.structure.classification import classify, classify_closed
from liealg.structure.ideals import decompose
from liealg.structure.representation import decompose_rep
from liealg.tables.families import FAMILIES, family_generators
from liealg.tables.store import (
    Row,
    SectorRow,
    load,
    load_sectors,
    running_version,
    sector_key,
    sector_path,
    user_dir,
    write_rows,
    write_sector_rows,
)

N_MIN, N_MAX = 3, 14
TIME_BUDGET = 200.0  # seconds a row may take: n stops growing once a row takes over a tenth of this
DECOMPOSE_DIM = 5000  # sum algebras up to this dim get a root-system type in the tables
MAX_DIM = 1 << 22


def _ring_xx_yy(n: int) -> int:
    return n * (2 * n - 1) if n % 2 else 2 * n * (n - 1)


#: (family, topology) -> dim(n) (None below the formula's range), from the literature
#: (Larocca et al. 2022/2023, Wiersema et al. 2023)
FORMULAS: dict[tuple[str, str], Callable[[int], int | None]] = {
    **{("hea", t): (lambda n: 4 ** n - 1) for t in ("open", "ring", "complete")},
    ("tfim-hva", "open"): lambda n: n * n,
    ("tfim-hva", "ring"): lambda n: 3 * n - 1,
    ("qaoa-maxcut", "path"): lambda n: n * n,
    ("qaoa-maxcut", "ring"): lambda n: 3 * n - 1,
    ("a0", "open"): lambda n: n - 1,
    ("a1", "open"): lambda n: n * (n - 1) // 2,
    ("a1", "ring"): lambda n: n * (n - 1),
    ("a2", "open"): lambda n: n * (n - 1),
    ("a4", "open"): lambda n: n * (n - 1),
    ("a4", "ring"): _ring_xx_yy,
    ("a7", "open"): lambda n: 4 ** (n - 1) - 1 if n % 2 else 4 * (4 ** (n - 2) - 1),
    ("a8", "open"): lambda n: (2 * n - 1) * (n - 1),
    ("a9", "open"): lambda n: 2 ** (n - 2) * (2 ** (n - 1) + 1),
    # the generic form of a11 and a12 starts at n = 4 (n = 3 gives 21 and 36, checked by enumeration)
    ("a11", "open"): lambda n: 2 ** (n - 1) * (2 ** n - 1) if n >= 4 else None,
    ("a12", "open"): lambda n: 4 ** n - 1 if n >= 4 else None,
    ("a13", "open"): lambda n: 2 * (4 ** (n - 1) - 1),
    ("a14", "open"): lambda n: n * (2 * n - 1),
    ("b0", "open"): lambda n: n,
    ("b1", "open"): lambda n: 2 * n - 1,
    ("b3", "open"): lambda n: 3 * n,
}


def compute_row(family: str, topology: str, n: int, max_dim: int = MAX_DIM) -> Row:
    """Compute one table row, as `liealg dim` and `liealg classify` would."""

    t0 = time.perf_counter()
    gens = as_generators(family_generators(family, n, topology))
    alg = lie_closure(gens, max_dim=max_dim, basis=False)
    dim, center, typ = alg.dim, None, ""
    method = alg.method + (f"+{alg.shortcut}" if alg.shortcut else "")
    dec = classify_closed(alg, gens)
    if dec is None and dim <= DECOMPOSE_DIM:
        try:
            dec = decompose(alg)
        except SizeLimitError:  # structure constants too large to hold
            pass
    if dec is not None:
        center, typ = dec.center_dim, str(dec)
    return Row(family, topology, n, dim, center, typ, method, time.perf_counter() - t0, running_version())


def type_rows(families: Iterable[str] | None = None, directory: Path | None = None, max_dim: int = DECOMPOSE_DIM,
              progress: Callable | None = None) -> list[str]:
    """Fill center_dim and type of the rows of `directory` (default: the user table directory) that lack
    them, dim <= max_dim, by the matrix-representation analysis on the stored dimension (which it must
    reproduce: rank + roots = dim). Returns one line for each row it could not type."""


    directory = Path(directory or user_dir())
    failures = []
    for f in families or list(FAMILIES):
        rows = load(f, directory)
        for i, r in enumerate(rows):
            if r.type or r.dim > max_dim:
                continue
            t0 = time.perf_counter()
            try:
                dec = decompose_rep(as_generators(family_generators(f, r.n_qubits, r.topology)), r.dim)
            except (SizeLimitError, UncertifiedError) as exc:
                failures.append(f"{f} {r.topology} n={r.n_qubits}: {exc}")
                continue
            rows[i] = dataclasses.replace(r, center_dim=dec.center_dim, type=str(dec),
                                          seconds=r.seconds + time.perf_counter() - t0)
            write_rows(directory / f"{f}.csv", rows)
            if progress:
                progress(rows[i])
    return failures


def _row_or_none(family: str, topology: str, n: int) -> Row | None:
    """compute_row, or None when the algebra exceeds the build's size limit."""

    try:
        return compute_row(family, topology, n)
    except (AlgebraTooLargeError, SizeLimitError):
        return None


@dataclass
class BuildResult:
    added: dict[str, int]  # rows computed per family
    stops: list[str]  # why each (family, topology) stopped before n_max


def build(families: Iterable[str] | None = None, directory: Path | None = None, jobs: int = 1,
          scheduler: str | None = None, n_min: int = N_MIN, n_max: int = N_MAX, budget: float = TIME_BUDGET,
          progress: Callable[[Row], None] | None = None, refresh: bool = False) -> BuildResult:
    """Compute missing rows for every (family, topology) and n = n_min.. until n_max or a slow row.

    Writes into `directory`, by default your user table directory (never the installed
    package): there it starts from the shipped rows. Rows already present are kept (so an
    interrupted build resumes). With `refresh` they are recomputed too, each replaced as its
    new value arrives; rows the build does not reach stay as they were. Every write is atomic.
    Work runs in `jobs` local processes (each with single-threaded BLAS, kernels compiled before
    any row is timed), or on the Dask cluster at `scheduler` (needs `liealg[distributed]`).
    """
    default = directory is None
    directory = Path(directory or user_dir())
    directory.mkdir(parents=True, exist_ok=True)
    families = list(families or FAMILIES)
    for f in families:
        if f not in FAMILIES:
            raise KeyError(f"unknown family {f!r}; known: {', '.join(FAMILIES)}")
    stored = {f: {(r.topology, r.n_qubits): r for r in load(f, None if default else directory)} for f in families}
    have = {f: ({} if refresh else dict(stored[f])) for f in families}  # rows that steer this build
    added = {f: 0 for f in families}
    stops: list[str] = []

    def first_task(f, t):
        n = max(n_min, FAMILIES[f].min_qubits)
        while n <= n_max:
            if not _valid(t, n):  # e.g. odd n of regular3: no row, look at the next n
                n += 1
                continue
            row = have[f].get((t, n))
            if row is None:
                return n
            why = _why_not_grow(row, budget)
            if why:
                stops.append(f"{f} {t}: after n={n}: {why}")
                return None
            n += 1
        return None

    pending = [(f, t, n) for f in families for t in FAMILIES[f].topologies
               if (n := first_task(f, t)) is not None]
    executor = _executor(jobs, scheduler)
    try:
        futures = {executor.submit(_row_or_none, *task): task for task in pending}
        while futures:
            done = executor.wait_one(futures)
            f, t, n = futures.pop(done)
            row = done.result()
            if row is None:
                stops.append(f"{f} {t}: at n={n}: the algebra exceeds the table build's size limit "
                             f"({MAX_DIM:,} elements)")
                continue
            have[f][(t, n)] = row
            stored[f][(t, n)] = row
            added[f] += 1
            write_rows(directory / f"{f}.csv", list(stored[f].values()))
            if progress:
                progress(row)
            why = _why_not_grow(row, budget)
            nxt = _next_valid(t, n, n_max)
            if why:
                stops.append(f"{f} {t}: after n={n}: {why}")
            elif nxt is not None and (t, nxt) not in have[f]:
                futures[executor.submit(_row_or_none, f, t, nxt)] = (f, t, nxt)
    finally:
        executor.close()
    return BuildResult(added, stops)


def verify(families: Iterable[str] | None = None, directory: Path | None = None, jobs: int = 1,
           max_seconds: float | None = None, sectors: bool = True,
           progress: Callable[[object, bool], None] | None = None) -> tuple[int, list[str]]:
    """Recompute the stored rows (as `load` and `load_sectors` read them from `directory`, by default the
    shipped and user tables) whose stored time is at most `max_seconds` (default: every row), and
    compare: dim, center dimension and type of an algebra row (a row the closure leaves untyped is
    typed as the build's `--types` step does), subspace and algebra dimension of a sector row.
    Returns (rows checked, one line for each row that differs or could not be recomputed: a
    refusal is reported, not raised); progress(stored row, agrees)."""
    families = list(families or FAMILIES)
    for f in families:
        if f not in FAMILIES:
            raise KeyError(f"unknown family {f!r}; known: {', '.join(FAMILIES)}")
    stored = [r for f in families for r in load(f, directory)]
    if sectors:
        stored += [r for f in families if f in SECTOR_FAMILIES for r in load_sectors(f, directory)]
    stored = [r for r in stored if max_seconds is None or r.seconds <= max_seconds]
    stored.sort(key=lambda r: -r.seconds)  # the long rows first, so that the workers finish together
    differ = []
    executor = _executor(jobs, None)
    try:
        futures = {executor.submit(_recompute, r): r for r in stored}
        while futures:
            done = executor.wait_one(futures)
            old = futures.pop(done)
            why = _difference(old, done.result())
            if why:
                differ.append(why)
            if progress:
                progress(old, why is None)
    finally:
        executor.close()
    return len(stored), differ


def _recompute(row):
    """A stored row computed afresh (in a worker): the same kind of row, or why it could not be (a refusal:
    a size limit, an answer that cannot be certified)."""
    try:
        if isinstance(row, SectorRow):
            return compute_sector_row(row.family, row.topology, row.n_qubits, row.sector.split(","))
        fresh = compute_row(row.family, row.topology, row.n_qubits)
        if not fresh.type and row.type:
            gens = as_generators(family_generators(row.family, row.n_qubits, row.topology))
            try:
                dec = decompose_rep(gens, fresh.dim)
            except (SizeLimitError, UncertifiedError) as exc:
                return f"dim {fresh.dim} reproduced, the type not: {exc}"
            fresh = dataclasses.replace(fresh, center_dim=dec.center_dim, type=str(dec))
        return fresh
    except (AlgebraTooLargeError, SizeLimitError, UncertifiedError) as exc:
        return f"not recomputed: {exc}"


def _difference(old, new) -> str | None:
    """None when the recomputed row agrees with the stored one, else what differs."""
    where = f"{old.family} {old.topology} n={old.n_qubits}"
    if isinstance(new, str):  # a refusal: the row is not reproduced
        if new.startswith("dim ") and not new.startswith(f"dim {old.dim} "):
            return f"{where}: dim {old.dim} stored, {new}"
        return f"{where}: {new}"
    if isinstance(old, SectorRow):
        where += f" {old.sector}"
        pairs = [("subspace_dim", old.subspace_dim, new.subspace_dim), ("dim", old.dim, new.dim)]
    else:
        pairs = [("dim", old.dim, new.dim), ("center_dim", old.center_dim, new.center_dim),
                 ("type", old.type, new.type)]
    wrong = [f"{name} {a} stored, {b} now" for name, a, b in pairs if a != b]
    return f"{where}: {'; '.join(wrong)}" if wrong else None


def _why_not_grow(row: Row, budget: float) -> str | None:
    """Why not to try n + 1 after this row (None: go on): it was slow, or a closure would pass MAX_DIM
    (the classifier and the irreducible-block engine enumerate nothing)."""
    if row.seconds * 10 > budget:
        return f"the row took {row.seconds:.1f} s, over a tenth of the {budget:g} s budget (--budget)"
    if row.method not in ("anticommutation-graph", "irreducible-blocks") and row.dim * 4 > MAX_DIM:
        return f"dim {row.dim:,}: the next closure would pass the size limit {MAX_DIM:,}"
    return None


def _valid(t: str, n: int) -> bool:
    return not (t == "regular3" and n % 2)


def _next_valid(t: str, n: int, n_max: int) -> int | None:
    n += 1
    while n <= n_max and not _valid(t, n):
        n += 1
    return n if n <= n_max else None


_SINGLE_THREAD = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def warm_up() -> None:
    """Run every kernel a row needs once, so that compilation (or loading the cache) is not timed."""
    from liealg.kernels._jit import prefer_compiled

    prefer_compiled()  # small inputs would otherwise run as plain Python and load nothing
    classify(["XXI", "IXX", "ZII"])
    decompose(lie_closure(["ZZI + IZZ", "XII + IXI + IIX"]))
    lie_closure(["XI", "YI", "ZZ"], max_dim=100)
    lie_closure(["XI + IX", "YI", "ZZ"], max_dim=100)


def _worker_warm_up() -> None:
    """`warm_up` in a worker: a Ctrl-C to the process group that lands while it compiles ends the warm-up
    quietly (the parent is interrupted too and shuts the pool down; concurrent.futures would otherwise
    print the worker's traceback as "Exception in initializer")."""
    try:
        warm_up()
    except KeyboardInterrupt:
        return


class _Local:
    """concurrent.futures on local processes (spawned, BLAS single-threaded, kernels warmed up), or
    in-process for jobs == 1."""

    def __init__(self, jobs: int):
        import multiprocessing as mp
        from concurrent.futures import Future, ProcessPoolExecutor

        self._future = Future
        self._saved = {k: os.environ.get(k) for k in _SINGLE_THREAD}
        if jobs > 1:
            os.environ.update(_SINGLE_THREAD)  # inherited by the spawned workers before numpy loads
            self._pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("spawn"), initializer=_worker_warm_up)
        else:
            self._pool = None
            warm_up()

    def submit(self, fn, *args):
        if self._pool is not None:
            return self._pool.submit(fn, *args)
        fut = self._future()
        fut.set_result(fn(*args))
        return fut

    def wait_one(self, futures):
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(list(futures), return_when=FIRST_COMPLETED)
        return next(iter(done))

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
        for k, v in self._saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _Dask:
    """The same interface on an existing Dask distributed cluster."""

    def __init__(self, address):
        try:
            from dask.distributed import Client
        except ImportError:
            raise RuntimeError("--scheduler needs Dask: pip install 'liealg[distributed]'") from None
        self._client = address if hasattr(address, "submit") else Client(address)
        self._own = not hasattr(address, "submit")
        self._client.run(warm_up)

    def submit(self, fn, *args):
        return self._client.submit(fn, *args, pure=False)

    def wait_one(self, futures):
        from dask.distributed import wait

        done = wait(list(futures), return_when="FIRST_COMPLETED").done
        return next(iter(done))

    def close(self):
        if self._own:
            self._client.close()


def _executor(jobs: int, scheduler):
    return _Dask(scheduler) if scheduler is not None else _Local(max(1, int(jobs)))


# --- sector rows -----------------------------------------------------------------------------------
#: family -> the sector key its rows are tabulated by (every value of it, every topology of the family)
SECTOR_FAMILIES = {"xxz-hva": "weight", "heisenberg-hva": "weight", "tfim-hva": "flip", "qaoa-maxcut": "flip"}


def compute_sector_row(family: str, topology: str, n: int, sector) -> SectorRow:
    t0 = time.perf_counter()
    gens = as_generators(family_generators(family, n, topology))
    res = sector_closure(gens, sector)
    return SectorRow(family, topology, n, sector_key(res.sector), res.subspace_dim, res.dim, res.engine,
                     time.perf_counter() - t0, running_version())


def build_sectors(families: Iterable[str] | None = None, directory: Path | None = None, n_min: int = N_MIN,
                  n_max: int = 10, budget: float = TIME_BUDGET, progress: Callable | None = None) -> BuildResult:
    """Sector rows for SECTOR_FAMILIES: every value of the family's key, n = n_min.. until n_max or until
    a sector took over a tenth of `budget`; rows already present are kept; atomic writes."""

    directory = Path(directory or user_dir())
    (directory / "sectors").mkdir(parents=True, exist_ok=True)
    families = [f for f in (families or SECTOR_FAMILIES) if f in SECTOR_FAMILIES]
    added = {f: 0 for f in families}
    stops: list[str] = []
    warm_up()
    for f in families:
        key = SECTOR_FAMILIES[f]
        stored = {(r.topology, r.n_qubits, r.sector): r for r in load_sectors(f, directory)}
        for t in FAMILIES[f].topologies:
            for n in range(max(n_min, FAMILIES[f].min_qubits), n_max + 1):
                if not _valid(t, n):
                    continue
                values = range(n + 1) if key == "weight" else (1, -1)
                slow = None
                for v in values:
                    try:
                        sec = Sector(n, **{key: v})
                    except SectorError:
                        continue
                    old = stored.get((t, n, sector_key(sec)))
                    if old is not None:
                        if old.seconds * 10 > budget:
                            slow = (f"the sector {old.sector} took {old.seconds:.1f} s, over a tenth of the "
                                    f"{budget:g} s budget")
                        continue
                    try:
                        row = compute_sector_row(f, t, n, sec)
                    except (SectorError, ValueError) as exc:  # the family breaks the symmetry on this topology
                        stops.append(f"{f} {t}: n={n}: {exc}")
                        slow = "broken"
                        break
                    stored[(t, n, row.sector)] = row
                    added[f] += 1
                    write_sector_rows(sector_path(directory, f), list(stored.values()))
                    if progress:
                        progress(row)
                    if row.seconds * 10 > budget:
                        slow = (f"the sector {row.sector} took {row.seconds:.1f} s, over a tenth of the "
                                f"{budget:g} s budget")
                if slow:
                    if slow != "broken":
                        stops.append(f"{f} {t}: sectors after n={n}: {slow}")
                    break
    return BuildResult(added, stops)
