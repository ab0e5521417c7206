"""The algebra tables on disk: rows, reading, lookup and writing.

One CSV file a family in `data/tables/` (shipped inside the wheel as `liealg/data/tables/`), one
row per (topology, n_qubits):

    topology, n_qubits, dim, center_dim, type, method, seconds, liealg_version

and one file a family in `data/tables/sectors/` for g_V on symmetry sectors. A user directory
(`user_dir`, `$LIEALG_TABLES_DIR`) holds tables built locally.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from liealg import __version__
from liealg.errors import TableError
from liealg.sectors.sector import Sector, SectorError
from liealg.tables.families import FAMILIES

COLUMNS = ["topology", "n_qubits", "dim", "center_dim", "type", "method", "seconds", "liealg_version"]


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


def running_version() -> str:
    return __version__


def list_families() -> list[str]:
    return list(FAMILIES)


def load(family: str, directory: Path | None = None) -> list[Row]:
    """All rows of a family's table (empty if it has none): the shipped table with the rows of
    your user table directory (`user_dir`, written by `build`) over it; only `directory` when given."""
    if family not in FAMILIES:
        raise KeyError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    if directory is not None:
        return _read(Path(directory) / f"{family}.csv", family)
    shipped = tables_dir() / f"{family}.csv"
    rows = {(r.topology, r.n_qubits): r for r in _read(shipped, family)}
    mine = user_dir() / f"{family}.csv"
    for r, line in _records(mine, family, COLUMNS, _row):
        old = rows.get((r.topology, r.n_qubits))
        if old is not None and (old.dim != r.dim or None not in (old.center_dim, r.center_dim)
                                and old.center_dim != r.center_dim):
            raise TableError(f"{mine}:{line}: {family} {r.topology} n={r.n_qubits} has dim {r.dim}"
                             f"{_center(r)}, the shipped table {old.dim}{_center(old)}: one of them is wrong "
                             f"(rebuild the row with `liealg tables build --refresh`, or remove it)")
        rows[(r.topology, r.n_qubits)] = r
    return list(rows.values())


def _center(r: Row) -> str:
    return "" if r.center_dim is None else f" (center {r.center_dim})"


def _read(path: Path, family: str) -> list[Row]:
    return [r for r, _ in _records(path, family, COLUMNS, _row)]


def _int(rec: dict, key: str, low: int, high: int | None = None) -> int:
    text = rec[key].strip()
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{key} {text!r} is not an integer") from None
    if value < low or (high is not None and value > high):
        raise ValueError(f"{key} {value} is outside {low}..{high if high is not None else ''}")
    return value


def _seconds(rec: dict) -> float:
    try:
        value = float(rec["seconds"])
    except ValueError:
        raise ValueError(f"seconds {rec['seconds']!r} is not a number") from None
    if not (value >= 0 and value != float("inf")):
        raise ValueError(f"seconds {rec['seconds']!r} is not a finite time")
    return value


def _topology(rec: dict, family: str) -> str:
    topology = rec["topology"].strip()
    if topology not in FAMILIES[family].topologies:
        raise ValueError(f"unknown topology {topology!r} (the {family} family has "
                         f"{', '.join(FAMILIES[family].topologies)})")
    return topology


def _row(rec: dict, family: str) -> Row:
    n = _int(rec, "n_qubits", 1, 1_000_000)
    # a DLA is a subalgebra of su(2^n) (u(2^n) with the identity): 1 <= dim <= 4^n
    dim = _int(rec, "dim", 1, 4 ** n if n < 64 else None)
    center = _int(rec, "center_dim", 0, dim) if rec["center_dim"].strip() else None
    return Row(family, _topology(rec, family), n, dim, center, rec["type"], rec["method"], _seconds(rec),
               rec["liealg_version"])


def _sector_row(rec: dict, family: str) -> SectorRow:
    n = _int(rec, "n_qubits", 1, 1_000_000)
    try:
        sector = sector_key(Sector.parse(rec["sector"], n))
    except SectorError as exc:
        raise ValueError(f"sector {rec['sector']!r}: {exc}") from None
    sub = _int(rec, "subspace_dim", 1, 2 ** n if n < 64 else None)
    dim = _int(rec, "dim", 0, sub * sub)  # g_V lies in u(V)
    return SectorRow(family, _topology(rec, family), n, sector, sub, dim, rec["engine"], _seconds(rec),
                     rec["liealg_version"])


def _records(path: Path, family: str, columns: list[str], parse: Callable) -> list[tuple]:
    """(row, line) of a table file, every value checked: a missing column, a bad value, an
    unbalanced quote or two different rows for one key is a TableError naming path and line."""
    if not path.exists():
        return []
    out, seen = [], {}
    try:
        with open(path, newline="") as fh:
            reader = csv.reader(fh, strict=True)
            header = next(reader, None)
            if header is None:
                return []
            header = [h.strip() for h in header]
            missing = [c for c in columns if c not in header]
            if missing:
                raise TableError(f"{path}:1: the header lacks {', '.join(missing)} (expected {','.join(columns)})")
            for fields in reader:
                line = reader.line_num
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) != len(header):
                    raise TableError(f"{path}:{line}: {len(fields)} fields, the header has {len(header)}")
                try:
                    row = parse(dict(zip(header, fields)), family)
                except ValueError as exc:
                    raise TableError(f"{path}:{line}: {exc}") from None
                key = (row.topology, row.n_qubits, getattr(row, "sector", None))
                if key in seen:
                    first_line, first = seen[key]
                    if (first.dim, getattr(first, "center_dim", None)) != (row.dim, getattr(row, "center_dim", None)):
                        raise TableError(f"{path}:{line}: a second row for {row.topology} n={row.n_qubits}"
                                         f"{' ' + key[2] if key[2] else ''} with dim {row.dim}; line {first_line} "
                                         f"has {first.dim}")
                    continue
                seen[key] = (line, row)
                out.append((row, line))
    except csv.Error as exc:
        raise TableError(f"{path}:{reader.line_num}: not a readable CSV table ({exc})") from None
    except UnicodeDecodeError:
        raise TableError(f"{path}: not a text file") from None
    return out


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


def write_rows(path: Path, rows: Iterable[Row]) -> None:
    """Write a table atomically (`_write_csv`), rows by topology and n."""
    _write_csv(path, COLUMNS, list(rows), lambda r, order: (order.get(r.topology, 99), r.n_qubits))


def _write_csv(path: Path, header: list[str], rows: list, key: Callable) -> None:
    """Write rows atomically: a temporary file in the same directory, renamed into place, so an
    interruption leaves either the old table or the new one, never a part. Rows are sorted by
    key(row, topology order of the family)."""

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


def sector_path(directory: Path, family: str) -> Path:
    return directory / "sectors" / f"{family}.csv"


def load_sectors(family: str, directory: Path | None = None) -> list[SectorRow]:
    """The sector rows of a family (shipped, with your user rows over them; only `directory` when given)."""
    dirs = [Path(directory)] if directory is not None else [tables_dir(), user_dir()]
    rows: dict = {}
    for d in dirs:
        path = sector_path(d, family)
        for row, line in _records(path, family, SECTOR_COLUMNS, _sector_row):
            key = (row.topology, row.n_qubits, row.sector)
            old = rows.get(key)
            if old is not None and (old.dim, old.subspace_dim) != (row.dim, row.subspace_dim):
                raise TableError(f"{path}:{line}: {family} {row.topology} n={row.n_qubits} {row.sector} has dim "
                                 f"{row.dim} (subspace {row.subspace_dim}), an earlier table {old.dim} (subspace "
                                 f"{old.subspace_dim}): one of them is wrong")
            rows[key] = row
    return list(rows.values())


def lookup_sector(family: str, n_qubits: int, sector, topology: str | None = None,
                  directory: Path | None = None) -> SectorRow | None:
    """The tabulated dim g_V of a family in a sector ({'weight': 4}, 'weight=4' or a Sector), or None.

    >>> lookup_sector("xxz-hva", 6, "weight=3", "open").subspace_dim
    20
    """

    if family not in FAMILIES:
        raise KeyError(f"unknown family {family!r}; known: {', '.join(FAMILIES)}")
    topology = topology or FAMILIES[family].topologies[0]
    topology = "ring" if topology == "periodic" else topology
    key = sector_key(Sector.parse(sector, n_qubits))
    for row in load_sectors(family, directory):
        if row.topology == topology and row.n_qubits == n_qubits and row.sector == key:
            return row
    return None


def sector_key(sector) -> str:
    return ",".join(f"{k}={v}" for k, v in sector.keys.items())


def _natural(key: str) -> list:
    return [(k, int(v)) for k, v in (part.split("=") for part in key.split(","))]


def write_sector_rows(path: Path, rows: list[SectorRow]) -> None:
    _write_csv(path, SECTOR_COLUMNS, rows,
               lambda r, order: (order.get(r.topology, 99), r.n_qubits, _natural(r.sector)))
