"""Commands about named families and their precomputed tables: generators, tables list/show/lookup/build."""

from __future__ import annotations

import os
import sys
import textwrap

import click

from . import common as c


@click.command()
@click.argument("family")
@click.option("--qubits", "-n", type=click.IntRange(min=2), required=True, help="Number of qubits.")
@click.option("--topology", "-t", default=None,
              help="open, ring, complete (QAOA: path, ring, complete, regular3); default: the family's first.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seed of random graphs and couplings (>= 0).")
@click.option("--edges", "edge_text", default=None, metavar="EDGES",
              help="qaoa-maxcut on your own graph: edges like '0-1,1-2,2-0' (instead of --topology).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the generator file here instead of stdout.")
def generators(family, qubits, topology, seed, edge_text, output):
    """Write the generator file of a named FAMILY (see `liealg tables list`).

    \b
    Example:
        $ liealg generators tfim-hva --qubits 4 --topology ring
        ZZII + IZZI + IIZZ + ZIIZ
        XIII + IXII + IIXI + IIIX
    """
    from liealg.tables.families import FAMILIES, family_generators, qaoa_maxcut

    if output:
        c.writable(output, "--output")
    try:
        if edge_text is not None:
            if family != "qaoa-maxcut":
                raise ValueError("--edges applies to qaoa-maxcut")
            lines = qaoa_maxcut(qubits, _edges(edge_text, qubits))
        else:
            lines = family_generators(family, qubits, topology, seed)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="FAMILY/--topology/--edges") from None
    fam = FAMILIES[family]
    where = f"--edges {edge_text}" if edge_text else f"--topology {topology or fam.topologies[0]}"
    about = "".join(f"# {line}\n" for line in textwrap.wrap(fam.description, 98))
    header = f"# liealg generators {family} --qubits {qubits} {where}{f' --seed {seed}' if seed else ''}\n{about}"
    text = header + "\n".join(lines) + "\n"
    if output:
        with open(output, "w") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


@click.command()
@click.option("--copy", "copy_to", default=None, metavar="DIR", type=click.Path(file_okay=False),
              help="Copy the example files into DIR (created if needed).")
def examples(copy_to):
    """List the shipped example generator files (any FILE option takes example:NAME).

    \b
    Example:
        $ liealg dim -g example:so6_chain.txt
        15
    """
    import shutil

    from liealg.io.generators import examples_dir

    files = sorted(examples_dir().glob("*.txt"))
    if copy_to:
        c.writable_dir(copy_to, "--copy")
        for f in files:
            shutil.copy(f, os.path.join(copy_to, f.name))
    for f in files:
        lines = [ln for ln in f.read_text().splitlines() if ln.strip()]
        header = " ".join(ln.lstrip("#").strip() for ln in lines[:next((i for i, ln in enumerate(lines)
                                                                         if not ln.startswith("#")), len(lines))])
        about = header.split(". ")[0].rstrip(".") + "." if header else ""  # its first sentence, whole
        k = sum(1 for ln in lines if not ln.startswith("#"))
        click.echo(f"example:{f.name:<22} {k:>3} line{' ' if k == 1 else 's'}  {about}")
    if copy_to:
        click.echo(f"copied {len(files)} files to {copy_to}", err=True)


def _edges(text: str, n: int) -> list[tuple[int, int]]:
    out = []
    for part in text.replace(" ", "").split(","):
        try:
            a, b = (int(v) for v in part.split("-"))
        except ValueError:
            raise ValueError(f"edge {part!r}: write edges as 0-1,1-2") from None
        if not (0 <= a < n and 0 <= b < n) or a == b:
            raise ValueError(f"edge {part!r} is not a pair of distinct qubits below {n}")
        out.append((a, b))
    return out


@click.group()
def tables():
    """Precomputed algebra tables (dim, center, type) for the named families."""


def _family_arg(family: str) -> str:
    from liealg.tables.families import FAMILIES

    if family not in FAMILIES:
        raise click.BadParameter(f"unknown family {family!r}; see 'liealg tables list'", param_hint="FAMILY")
    return family


@tables.command("list")
def tables_list():
    """The families, their topologies and the qubit counts the tables cover."""
    from liealg import tables as tb
    from liealg.errors import TableError
    from liealg.tables.families import FAMILIES

    for name, fam in FAMILIES.items():
        try:
            rows = tb.load(name)
        except TableError as exc:  # a corrupted table is named and skipped; the others are listed
            click.echo(f"liealg: warning: skipped the {name} table: {exc}", err=True)
            continue
        cover = []
        for t in fam.topologies:
            ns = sorted(r.n_qubits for r in rows if r.topology == t)
            cover.append(f"{t} {ns[0]}..{ns[-1]}" if ns else f"{t} -")
        click.echo(f"{name:<15} {', '.join(cover):<58} {fam.description}")  # whole: a table line may be long


@tables.command("show")
@click.argument("family")
@click.option("--topology", "-t", default=None, help="Only this topology.")
@click.option("--json", "as_json", is_flag=True, help="JSON records instead of CSV.")
def tables_show(family, topology, as_json):
    """Print a family's table (CSV)."""
    from liealg import tables as tb

    rows = [r for r in tb.load(_family_arg(family)) if topology in (None, r.topology)]
    if as_json:
        c.echo_json([r.as_dict() for r in rows])
        return
    click.echo(",".join(tb.COLUMNS))
    for r in rows:
        click.echo(",".join(str(v) for v in r.as_csv()))


@tables.command("lookup")
@click.argument("family")
@click.option("--qubits", "-n", type=click.IntRange(min=1), required=True, help="Number of qubits.")
@click.option("--topology", "-t", default=None, help="Default: the family's first topology.")
@click.option("--json", "as_json", is_flag=True, help="The whole row as JSON instead of the dimension.")
@click.option("--sector", "sector_items", multiple=True, metavar="KEY=VALUE",
              help="The tabulated dim g_V of a symmetry sector (weight=W for xxz-hva and heisenberg-hva, "
                   "flip=±1 for tfim-hva and qaoa-maxcut).")
def tables_lookup(family, qubits, topology, as_json, sector_items):
    """Print the tabulated dimension of FAMILY on --qubits qubits.

    \b
    Example:
        $ liealg tables lookup tfim-hva --qubits 8 --topology ring
        23
        $ liealg tables lookup xxz-hva -n 8 -t open --sector weight=4
    """
    from liealg import tables as tb
    from liealg.errors import SizeLimitError

    if sector_items:
        row = tb.lookup_sector(_family_arg(family), qubits, list(sector_items), topology)
        if row is None:
            raise SizeLimitError(f"the {family} sector table has no row for {qubits} qubits, "
                                 f"{' '.join(sector_items)} ({topology or 'default topology'}); compute it: "
                                 f"liealg generators {family} -n {qubits} | liealg dim -g - "
                                 + " ".join(f"--sector {s}" for s in sector_items))
        if as_json:
            c.echo_json(row.as_dict())
        else:
            click.echo(row.dim)
        return
    row = tb.lookup(_family_arg(family), qubits, topology)
    if row is None:
        raise SizeLimitError(f"the {family} table has no row for {qubits} qubits ({topology or 'default topology'});"
                             f" compute it: liealg generators {family} -n {qubits} | liealg dim -g -")
    if as_json:
        c.echo_json(row.as_dict())
    else:
        click.echo(row.dim)


@tables.command("build")
@click.option("--families", default=None, help="Comma-separated families (default: all).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Local worker processes (each runs BLAS single-threaded).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on an existing Dask distributed cluster (pip install 'liealg[distributed]').")
@click.option("--n-max", type=click.IntRange(min=3), default=None, help="Largest qubit count (default 14).")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Seconds a row may take; n stops growing after a row over a tenth of this (default 200). "
                   "Kernel compilation is not counted.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Table directory to write (default: your user table directory, which `tables` commands "
                   "read over the shipped tables; never the installed package).")
@click.option("--refresh", is_flag=True, help="Recompute rows that exist (default: keep them and resume).")
@click.option("--sectors", "sector_rows", is_flag=True,
              help="Build the sector tables instead (weight sectors of xxz-hva and heisenberg-hva, flip sectors "
                   "of tfim-hva and qaoa-maxcut), in-process.")
@click.option("--types", "type_only", is_flag=True,
              help="Only fill the center and type of stored rows that lack them (dim <= 5000), by the "
                   "matrix-representation analysis, which must reproduce each row's dimension.")
def tables_build(families, jobs, scheduler, n_max, budget, directory, refresh, sector_rows, type_only):
    """Compute missing table rows in parallel; finished rows survive an interruption.

    \b
    Example:
        $ liealg tables build --families tfim-hva --n-max 10
    """
    from liealg import tables as tb

    fams = [_family_arg(f.strip()) for f in families.split(",")] if families else None
    directory = directory or str(tb.user_dir())
    c.writable_dir(directory, "--dir")

    def report(row):
        click.echo(f"{row.family:<15} {row.topology:<9} n={row.n_qubits:<3} dim {row.dim:<12} "
                   f"{row.type[:40]:<40} {row.seconds:8.2f} s", err=True)

    if type_only:
        failures = tb.type_rows(fams, directory, progress=report)
        for line in failures:
            click.echo(f"not typed: {line}", err=True)
        return
    if sector_rows:
        def report_sector(row):
            click.echo(f"{row.family:<15} {row.topology:<9} n={row.n_qubits:<3} {row.sector:<12} dim V "
                       f"{row.subspace_dim:<6} dim g_V {row.dim:<8} {row.seconds:8.2f} s", err=True)

        result = tb.build_sectors(fams, directory, n_max=n_max or 10, budget=budget or tb.TIME_BUDGET,
                                  progress=report_sector)
    else:
        result = tb.build(fams, directory, jobs=jobs, scheduler=scheduler, n_max=n_max or tb.N_MAX,
                          budget=budget or tb.TIME_BUDGET, progress=report, refresh=refresh)
    for stop in result.stops:
        click.echo(f"stopped: {stop}", err=True)
    click.echo(f"{sum(result.added.values())} rows computed into {directory}", err=True)


@tables.command("verify")
@click.option("--families", default=None, help="Comma-separated families (default: all).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Local worker processes (each runs BLAS single-threaded).")
@click.option("--max-seconds", type=click.FloatRange(min=0), default=None,
              help="Only rows whose stored time is at most this (default: every row).")
@click.option("--no-sectors", is_flag=True, help="Only the algebra rows, not the sector rows.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Table directory to read (default: the shipped tables and your user table directory).")
def tables_verify(families, jobs, max_seconds, no_sectors, directory):
    """Recompute the stored rows and compare them (dimension, center and type; sector rows: dim V and
    dim g_V). Exit status 1 when a row differs.

    \b
    Example:
        $ liealg tables verify --families tfim-hva --max-seconds 1
    """
    from liealg import tables as tb

    fams = [_family_arg(f.strip()) for f in families.split(",")] if families else None
    if directory is not None and not os.path.isdir(directory):
        raise click.BadParameter(f"{directory}: no such directory", param_hint="--dir")
    done = [0]

    def report(row, agrees):
        done[0] += 1
        if sys.stderr.isatty() or not agrees:
            click.echo(f"{done[0]:>5} {row.family:<15} {row.topology:<9} n={row.n_qubits:<3} "
                       f"{getattr(row, 'sector', ''):<10} {'ok' if agrees else 'DIFFERS'}", err=True)

    checked, differ = tb.verify(fams, directory, jobs=jobs, max_seconds=max_seconds, sectors=not no_sectors,
                                progress=report)
    for line in differ:
        click.echo(f"differs: {line}")
    click.echo(f"{checked - len(differ)} of {checked} rows reproduce")
    if differ:
        sys.exit(1)


COMMANDS = [generators, examples, tables]
