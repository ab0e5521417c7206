"""Precomputed algebra tables: look a DLA up instead of recomputing it.

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

import csv
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .families import FAMILIES, family_generators

COLUMNS = ["topology", "n_qubits", "dim", "center_dim", "type", "method", "seconds", "liealg_version"]
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


@dataclass
class Row:
    family: str
    topology: str
    n_qubits: int
    dim: int
    center_dim: int | None
    type: str
    method: str
    seconds: float
    liealg_version: str

    def as_csv(self) -> list:
        return [self.topology, self.n_qubits, self.dim, "" if self.center_dim is None else self.center_dim,
                self.type, self.method, f"{self.seconds:.4f}", self.liealg_version]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def user_dir() -> Path:
    """Where `build` writes by default and what `load` reads over the shipped tables:
    $LIEALG_TABLES_DIR, else $XDG_DATA_HOME/liealg/tables (~/.local/share/liealg/tables)."""
    if os.environ.get("LIEALG_TABLES_DIR"):
        return Path(os.environ["LIEALG_TABLES_DIR"])
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "liealg" / "tables"


def tables_dir() -> Path:
    """The shipped tables: liealg/data/tables in an installation, data/tables in a source tree."""
    try:
        path = Path(str(resources.files("liealg.data") / "tables"))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - source tree without the data package
        pass
    return Path(__file__).resolve().parents[1] / "data" / "tables"


def _version() -> str:
    from . import __version__

    return __version__


def compute_row(family: str, topology: str, n: int, max_dim: int = MAX_DIM) -> Row:
    """Compute one table row, as `liealg dim` and `liealg classify` would."""
    from .classification import classify_closed
    from .closure import as_generators, lie_closure, single_strings
    from .errors import SizeLimitError
    from .pauli_graph import classify_strings
    from .structure import decompose

    t0 = time.perf_counter()
    gens = as_generators(family_generators(family, n, topology))
    strings = single_strings(gens)
    if strings is not None:
        dec = classify_strings(strings).decomposition()
        dim, center, typ, method = dec.dim, dec.center_dim, str(dec), "anticommutation-graph"
    else:
        alg = lie_closure(gens, max_dim=max_dim)
        dim, center, typ = alg.dim, None, ""
        method = alg.method + (f"+{alg.shortcut}" if alg.shortcut else "")
        dec = classify_closed(alg, gens)
        if dec is not None:
            center, typ = dec.center_dim, str(dec)
        elif dim <= DECOMPOSE_DIM:
            try:
                dec = decompose(alg)
                center, typ = dec.center_dim, str(dec)
            except SizeLimitError:  # structure constants too large to hold
                pass
    return Row(family, topology, n, dim, center, typ, method, time.perf_counter() - t0, _version())


def type_rows(families: Iterable[str] | None = None, directory: Path | None = None, max_dim: int = DECOMPOSE_DIM,
              progress: Callable | None = None) -> list[str]:
    """Fill center_dim and type of the rows of `directory` (default: the user table directory) that lack
    them, dim <= max_dim, by the matrix-representation analysis on the stored dimension (which it must
    reproduce: rank + roots = dim). Returns one line for each row it could not type."""
    import dataclasses

    from .closure import as_generators
    from .errors import SizeLimitError, UncertifiedError
    from .rep_structure import decompose_rep

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
            _write(directory / f"{f}.csv", rows)
            if progress:
                progress(rows[i])
    return failures


def _row_or_none(family: str, topology: str, n: int) -> Row | None:
    """compute_row, or None when the algebra exceeds the build's size limit."""
    from .errors import AlgebraTooLargeError, SizeLimitError

    try:
        return compute_row(family, topology, n)
    except (AlgebraTooLargeError, SizeLimitError):
        return None


def list_families() -> list[str]:
    return list(FAMILIES)


def load(family: str, directory: Path | None = None) -> list[Row]:
    """All rows of a family's table (empty if it has none): the shipped table with the rows of
    your user table directory (`user_dir`, written by `build`) over it; only `directory` when given."""
    if family not in FAMILIES:
        raise KeyError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    if directory is not None:
        return _read(Path(directory) / f"{family}.csv", family)
    rows = {(r.topology, r.n_qubits): r for r in _read(tables_dir() / f"{family}.csv", family)}
    rows.update({(r.topology, r.n_qubits): r for r in _read(user_dir() / f"{family}.csv", family)})
    return list(rows.values())


def _read(path: Path, family: str) -> list[Row]:
    if not path.exists():
        return []
    rows = []
    with open(path, newline="") as fh:
        for rec in csv.DictReader(fh):
            rows.append(Row(family, rec["topology"], int(rec["n_qubits"]), int(rec["dim"]),
                            int(rec["center_dim"]) if rec["center_dim"] else None, rec["type"], rec["method"],
                            float(rec["seconds"]), rec["liealg_version"]))
    return rows


def lookup(family: str, n_qubits: int, topology: str | None = None, directory: Path | None = None) -> Row | None:
    """The table row for (family, topology, n), or None when the table does not have it.

    >>> lookup("tfim-hva", 8, "ring").dim
    23
    """
    rows = load(family, directory)  # KeyError for an unknown family
    topology = topology or FAMILIES[family].topologies[0]
    topology = "ring" if topology == "periodic" else topology
    for row in rows:
        if row.topology == topology and row.n_qubits == n_qubits:
            return row
    return None


def _write(path: Path, rows: Iterable[Row]) -> None:
    """Write a table atomically (`_write_csv`), rows by topology and n."""
    _write_csv(path, COLUMNS, list(rows), lambda r, order: (order.get(r.topology, 99), r.n_qubits))


def _write_csv(path: Path, header: list[str], rows: list, key: Callable) -> None:
    """Write rows atomically: a temporary file in the same directory, renamed into place, so an
    interruption leaves either the old table or the new one, never a part. Rows are sorted by
    key(row, topology order of the family)."""
    import tempfile

    order = {t: i for i, t in enumerate(FAMILIES[rows[0].family].topologies)} if rows else {}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            for r in sorted(rows, key=lambda r: key(r, order)):
                w.writerow(r.as_csv())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a table is for everyone who can read the directory
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


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
            _write(directory / f"{f}.csv", list(stored[f].values()))
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
    from .classification import classify
    from .closure import lie_closure
    from .kernels._jit import prefer_compiled
    from .structure import decompose

    prefer_compiled()  # small inputs would otherwise run as plain Python and load nothing
    classify(["XXI", "IXX", "ZII"])
    decompose(lie_closure(["ZZI + IZZ", "XII + IXI + IIX"]))
    lie_closure(["XI", "YI", "ZZ"], max_dim=100)
    lie_closure(["XI + IX", "YI", "ZZ"], max_dim=100)


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
            self._pool = ProcessPoolExecutor(jobs, mp_context=mp.get_context("spawn"), initializer=warm_up)
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
SECTOR_COLUMNS = ["topology", "n_qubits", "sector", "subspace_dim", "dim", "engine", "seconds", "liealg_version"]


@dataclass
class SectorRow:
    family: str
    topology: str
    n_qubits: int
    sector: str  # e.g. "weight=4"
    subspace_dim: int
    dim: int
    engine: str
    seconds: float
    liealg_version: str

    def as_csv(self) -> list:
        return [self.topology, self.n_qubits, self.sector, self.subspace_dim, self.dim, self.engine,
                f"{self.seconds:.4f}", self.liealg_version]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _sector_path(directory: Path, family: str) -> Path:
    return directory / "sectors" / f"{family}.csv"


def load_sectors(family: str, directory: Path | None = None) -> list[SectorRow]:
    """The sector rows of a family (shipped, with your user rows over them; only `directory` when given)."""
    dirs = [Path(directory)] if directory is not None else [tables_dir(), user_dir()]
    rows: dict = {}
    for d in dirs:
        path = _sector_path(d, family)
        if not path.exists():
            continue
        with open(path, newline="") as fh:
            for rec in csv.DictReader(fh):
                row = SectorRow(family, rec["topology"], int(rec["n_qubits"]), rec["sector"],
                                int(rec["subspace_dim"]), int(rec["dim"]), rec["engine"], float(rec["seconds"]),
                                rec["liealg_version"])
                rows[(row.topology, row.n_qubits, row.sector)] = row
    return list(rows.values())


def lookup_sector(family: str, n_qubits: int, sector, topology: str | None = None,
                  directory: Path | None = None) -> SectorRow | None:
    """The tabulated dim g_V of a family in a sector ({'weight': 4}, 'weight=4' or a Sector), or None.

    >>> lookup_sector("xxz-hva", 6, "weight=3", "open").subspace_dim
    20
    """
    from .sectors import Sector

    if family not in FAMILIES:
        raise KeyError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    topology = topology or FAMILIES[family].topologies[0]
    topology = "ring" if topology == "periodic" else topology
    key = _sector_key(Sector.parse(sector, n_qubits))
    for row in load_sectors(family, directory):
        if row.topology == topology and row.n_qubits == n_qubits and row.sector == key:
            return row
    return None


def _sector_key(sector) -> str:
    return ",".join(f"{k}={v}" for k, v in sector.keys.items())


def compute_sector_row(family: str, topology: str, n: int, sector) -> SectorRow:
    from .closure import as_generators
    from .sector_closure import sector_closure

    t0 = time.perf_counter()
    gens = as_generators(family_generators(family, n, topology))
    res = sector_closure(gens, sector)
    return SectorRow(family, topology, n, _sector_key(res.sector), res.subspace_dim, res.dim, res.engine,
                     time.perf_counter() - t0, _version())


def build_sectors(families: Iterable[str] | None = None, directory: Path | None = None, n_min: int = N_MIN,
                  n_max: int = 10, budget: float = TIME_BUDGET, progress: Callable | None = None) -> BuildResult:
    """Sector rows for SECTOR_FAMILIES: every value of the family's key, n = n_min.. until n_max or until
    a sector took over a tenth of `budget`; rows already present are kept; atomic writes."""
    from .sectors import Sector, SectorError

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
                    old = stored.get((t, n, _sector_key(sec)))
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
                    _write_sectors(_sector_path(directory, f), list(stored.values()))
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


def _natural(key: str) -> list:
    return [(k, int(v)) for k, v in (part.split("=") for part in key.split(","))]


def _write_sectors(path: Path, rows: list[SectorRow]) -> None:
    _write_csv(path, SECTOR_COLUMNS, rows,
               lambda r, order: (order.get(r.topology, 99), r.n_qubits, _natural(r.sector)))
