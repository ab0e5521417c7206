"""Commands about symmetries: sectors (g_V over every joint sector), symmetries (the string commutant)."""

from __future__ import annotations

import click

from . import common as c


@click.command()
@c.generators_option
@c.qubits_option
@c.max_dim_option
@c.json_option
def sectors(path, qubits, max_dim, as_json):
    """Which symmetries the generators have, and dim g_V in every joint sector.

    The symmetries tested: weight (U(1) charge), zparity (Z...Z), flip (X...X),
    momentum (translation q -> q+1 mod n) and reflection (q -> n-1-q). The table runs
    over the joint sectors of a commuting set of them (weight or zparity; flip;
    momentum or reflection); the sectors split the whole space, so g embeds in the sum
    of the g_V: dim g <= the total.

    \b
    Example:
        $ liealg generators tfim-hva -n 8 -t ring | liealg sectors -g -
    """
    from liealg.errors import AlgebraTooLargeError
    from liealg.sectors.preserved import symmetries
    from liealg.sectors.states import joint_sectors, table_keys
    from liealg.structure.algebra import lie_closure, sector_closure

    gens = c.read(path, qubits)
    n = gens[0].n
    syms = symmetries(gens)
    keys = table_keys(syms, n)
    rows = []
    for sec in joint_sectors(keys, n) if keys else []:
        res = sector_closure(gens, sec, max_dim=max_dim)
        rows.append({"sector": sec.keys, "subspace_dim": res.subspace_dim, "dim": res.dim, "engine": res.engine})
    try:
        whole = lie_closure(gens, max_dim=max_dim).dim
    except AlgebraTooLargeError:
        whole = None
    total = sum(r["dim"] for r in rows)
    if as_json:
        c.echo_json({"n_qubits": n, "symmetries": syms, "keys": keys, "sectors": rows, "dim": whole,
                     "sum_of_sector_dims": total, "version": c.version(), "file": path})
        return
    click.echo("symmetries: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in syms.items()))
    if not rows:
        click.echo("no symmetry of these kinds: the only sector is the whole space")
        return
    header = " ".join(f"{k:>10}" for k in keys)
    click.echo(f"{header} {'dim V':>8} {'dim g_V':>9}")
    for r in rows:
        cells = " ".join(f"{_fmt(k, r['sector'].get(k)):>10}" for k in keys)
        click.echo(f"{cells} {r['subspace_dim']:>8} {r['dim']:>9}")
    verdict = "" if whole is None else f";  dim g = {whole} (g embeds in the sum: {whole} <= {total})"
    click.echo(f"sum over sectors: {total}{verdict}")


def _fmt(key, value):
    if value is None:
        return "-"
    return f"{value:+d}" if key in ("zparity", "flip", "reflection") else str(value)


@click.command()
@c.generators_option
@c.qubits_option
@c.json_option
def symmetries(path, qubits, as_json):
    """The Pauli strings commuting with every generator: a basis of their group (up to phases).

    For a generator that is a sum, a string commutes with it iff it commutes with
    every term, so this is the F_2 null space of the symplectic form of the
    constituent strings (polynomial time at any qubit count). Also says which of
    the sector symmetries (see `liealg sectors`) the generators have.

    \b
    Example:
        $ liealg generators tfim-hva -n 4 -t ring | liealg symmetries -g -
        XXXX
    """
    from liealg.sectors.preserved import symmetries as named
    from liealg.structure.commutant import string_commutant

    gens = c.read(path, qubits)
    basis = string_commutant(gens)
    labels = basis.labels() if gens[0].n <= 200 else [p.sparse_label for p in basis]
    syms = named(gens) if gens[0].n <= 62 else {}
    if as_json:
        c.echo_json({"n_qubits": gens[0].n, "commutant_basis": labels, "commutant_size": f"2^{len(labels)}",
                     "symmetries": syms, "version": c.version(), "file": path})
        return
    for lab in labels:
        click.echo(lab)
    held = [k for k, v in syms.items() if v]
    click.echo(f"{len(labels)} independent string{'' if len(labels) == 1 else 's'} (a group of 2^{len(labels)} "
               f"strings up to phases); "
               f"sector symmetries: {', '.join(held) if held else 'none'}", err=True)


COMMANDS = [sectors, symmetries]
