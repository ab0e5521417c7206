"""What the command groups share: options, reading generators, one closure call, progress, checks.

Nothing here imports numpy, numba or sympy at module level: `liealg --help` loads click only.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import time

import click

from liealg.closure import DEFAULT_MAX_DIM, ENGINES, METHODS
from liealg.errors import SizeLimitError

# --- options ---------------------------------------------------------------------------
generators_option = click.option(
    "--generators", "-g", "path", required=True, metavar="FILE",
    help="Generator file: one Hermitian generator per line (see README); '-' reads stdin; "
         "a .npy file holds a (k, 2^n, 2^n) stack of Hermitian matrices.")
qubits_option = click.option(
    "--qubits", "-n", type=click.IntRange(min=1), default=None,
    help="Qubit count when the file uses only sparse labels (X0 Z3).")
method_option = click.option(
    "--method", type=click.Choice(METHODS), default="auto", show_default=True,
    help="strings: Pauli-string BFS; exact: closure over primes (rational, algebraic and transcendental "
         "coefficients); float: certified Gram-Schmidt in float64; auto picks strings or exact.")
enumerate_option = click.option(
    "--enumerate", "enumerate_", is_flag=True,
    help="Close the algebra element by element even for single Pauli strings "
         "(default for those: the polynomial-time anticommutation-graph classifier).")
max_dim_option = click.option(
    "--max-dim", type=click.IntRange(min=1), default=DEFAULT_MAX_DIM, show_default=True,
    help="Stop with an error once an enumerated algebra would exceed this dimension "
         "(the anticommutation-graph classifier enumerates nothing).")
engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default="auto", show_default=True,
    help="Engine for Pauli sums: sparse (term by term), dense (block matrices modulo primes), irreducible "
         "(dim and type from g's action on symmetry blocks, no span held; refused with the reason where it "
         "cannot certify); with --sector: dense or pauli-image (g closed as sums, restricted to V); auto "
         "chooses, and says which in --json.")
drop_below_option = click.option(
    "--drop-below", type=click.FloatRange(min=0, max=1, min_open=True), default=None, metavar="RTOL",
    help="For .npy matrices: drop Pauli coefficients below RTOL times the largest (default: keep every term "
         "exactly and refuse terms at float64 rounding level).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print a JSON record.")
sector_option = click.option(
    "--sector", "sector_items", multiple=True, metavar="KEY=VALUE",
    help="Restrict to a symmetry sector: weight=W, zparity=±1, flip=±1, momentum=K, reflection=±1 "
         "(repeat to intersect). The answer is dim g_V, g restricted to the sector.")
seed_option = click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
                           help="Random seed (>= 0).")
progress_option = click.option("--progress/--no-progress", default=None,
                               help="Progress bar on stderr (default: when stderr is a terminal; otherwise a "
                                    "heartbeat line at most every 30 s, which --no-progress silences).")
state_option = click.option("--state", default="plus", show_default=True, metavar="STATE",
                            help="Initial state: plus (|+>^n), zero, a bit string like 0101, or a .npy vector.")


def version() -> str:
    import liealg

    return liealg.__version__


# --- input -----------------------------------------------------------------------------
def read(path: str, qubits: int | None, drop_below: float | None = None):
    """Generators from a text file (or stdin '-', or `example:NAME`) or a .npy stack of matrices."""
    from liealg.io.generators import resolve_path

    path = resolve_path(path)
    if path.endswith(".npy"):
        from liealg.io.matrices import read_matrix_generators

        return read_matrix_generators(path, drop_below)
    if drop_below is not None:
        raise click.BadParameter("applies to .npy matrix files only", param_hint="--drop-below")
    from liealg.io.generators import read_generators

    return read_generators(path, qubits)


def observable(path: str, n: int):
    """An observable file: generator-file format, lines summed, identity terms allowed."""
    from liealg.circuits.base import OBSERVABLE_RANGE
    from liealg.io.generators import read_generators

    gens = read_generators(path, n, allow_identity=True, float_range=OBSERVABLE_RANGE)
    if gens[0].n != n:
        from liealg.errors import GeneratorFileError

        raise GeneratorFileError(path, None, None, f"acts on {gens[0].n} qubits, the generators on {n}")
    return gens


def closure(gens, method: str, max_dim: int, sector=None, engine: str = "auto", basis: bool = True):
    """`liealg.lie_closure` with progress on stderr; a method that does not apply is an input error."""
    from liealg.structure.algebra import lie_closure

    with ClosureProgress() as progress:
        try:
            return lie_closure(gens, method=method, max_dim=max_dim, progress=progress, sector=sector or None,
                               engine=engine, basis=basis)
        except ValueError as exc:  # a method that does not apply to these generators
            raise SizeLimitError(str(exc)) from None


def echo_json(record: dict) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


# --- progress (click's progress bar) -----------------------------------------------------
#: seconds between two heartbeat lines when stderr is not a terminal (a log file, a batch job)
HEARTBEAT = 30.0


class Heartbeat:
    """One line on stderr at most every HEARTBEAT seconds, for long runs whose stderr is not a terminal:
    a killed job leaves its last progress in the log."""

    def __init__(self, label: str):
        self.label = label
        self.start = self.last = time.monotonic()

    def __call__(self, text: str) -> None:
        now = time.monotonic()
        if now - self.last >= HEARTBEAT:
            self.last = now
            click.echo(f"liealg: {self.label}: {text}, {now - self.start:.0f} s", err=True)
            sys.stderr.flush()


class ClosureProgress:
    """A closure's element count on stderr: a live line on a terminal, else a heartbeat (`Heartbeat`)."""

    def __init__(self):
        self.bar = None
        self.active = sys.stderr.isatty()
        self.heartbeat = None if self.active else Heartbeat("closure")

    def __enter__(self):
        return self

    def __call__(self, count: int, head: int) -> None:
        if not self.active:
            self.heartbeat(f"{count:,} elements, {head:,} expanded")
            return
        if self.bar is None:
            self.bar = click.progressbar(length=1, label="closure", file=sys.stderr, show_eta=False,
                                         show_percent=False, show_pos=False, bar_template="%(label)s: %(info)s",
                                         item_show_func=lambda text: text)
            self.bar.__enter__()
        self.bar.update(0, f"{count:,} elements, {head:,} expanded")

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
            click.echo("\r\033[K", nl=False, err=True)


class Bar:
    """A progress callback (done, total) drawn by click.progressbar on stderr; where stderr is not a terminal
    (and --no-progress was not given) a heartbeat line instead."""

    def __init__(self, label: str, enabled: bool | None):
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.heartbeat = Heartbeat(label) if enabled is None and not self.enabled else None
        self.bar = None
        self.detail = ""  # partial results carried by the heartbeat line (`note`)

    def note(self, text: str) -> None:
        """Partial results so far, appended to the next heartbeat line."""
        self.detail = text

    def __enter__(self):
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.heartbeat is not None:
            self.heartbeat(f"{done:,}/{total:,} done" + (f"; {self.detail}" if self.detail else ""))
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)


# --- checks --------------------------------------------------------------------------------
_LAYERS = re.compile(r"(\d{1,6})(?::(\d{1,6})(?::(\d{1,6}))?)?|\d{1,6}(?:,\d{1,6})+")


def layer_list(text: str) -> list[int]:
    """'1:20' (inclusive), '1:20:2', '1,2,5' or '7': positive, increasing depths."""
    bad = click.BadParameter(f"{text!r}: use START:STOP[:STEP] (inclusive, increasing, STEP >= 1), "
                             "a comma list like 1,2,5, or one depth", param_hint="--layers")
    m = _LAYERS.fullmatch(text.strip())
    if not m:
        raise bad
    if "," in text:
        out = [int(p) for p in text.split(",")]
        if out != sorted(set(out)):
            raise bad
    elif m.group(2) is None:
        out = [int(m.group(1))]
    else:
        start, stop, step = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        if stop < start or step < 1:
            raise bad
        out = list(range(start, stop + 1, step))
    if min(out) < 1:
        raise click.BadParameter(f"{text!r}: layer counts must be positive", param_hint="--layers")
    if len(out) > 10_000:
        raise click.BadParameter(f"{text!r}: more than 10,000 depths", param_hint="--layers")
    return out


def finite(value, option: str):
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number", param_hint=option)
    return value


def writable(path: str, option: str) -> None:
    """Fail before any work when `path` cannot be written (the file is not left behind)."""
    existed = os.path.exists(path)
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        raise click.BadParameter(f"cannot write {path!r} ({exc.strerror or exc})", param_hint=option) from None
    if not existed:
        os.remove(path)


def writable_dir(directory: str, option: str) -> None:
    import tempfile

    try:
        os.makedirs(directory, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise click.BadParameter(f"cannot write in {directory!r} ({exc.strerror or exc})",
                                 param_hint=option) from None
