"""Commands about symmetries: sectors (g_V over every joint sector), symmetries (the string commutant),
commutant (every operator commuting with the generators), irreps (the isotypic decomposition)."""

from __future__ import annotations

import click

from . import common as c


@click.command()
@c.generators_option
@c.qubits_option
@c.max_dim_option
@click.option("--state", default=None, metavar="STATE",
              help="Also the sector of this initial state (plus, zero, a bit string like 0101, or a .npy vector "
                   "with exact entries) under every conserved quantity, named or not: the smallest invariant "
                   "subspace W containing it, dim g_W, R, and the conserved sums of weight <= 2 it is an "
                   "eigenvector of (n <= 14).")
@click.option("--discover", is_flag=True,
              help="Also split the space by discovered conserved quantities (a maximal commuting set of the "
                   "commutant), not only the named symmetries: dim V and dim g_V of every joint eigenspace "
                   "(n <= 11).")
@click.option("--locality", default="2", metavar="K|all", show_default=True,
              help="With --discover: the conserved quantities are sums of strings of weight <= K, or 'all' for "
                   "the whole commutant (n <= 7; then every sector is one irreducible copy, unless said otherwise).")
@c.json_option
def sectors(path, qubits, max_dim, state, discover, locality, as_json):
    """Which symmetries the generators have, and dim g_V in every joint sector.

    The symmetries tested: weight (U(1) charge), zparity (Z...Z), flip (X...X),
    momentum (translation q -> q+1 mod n) and reflection (q -> n-1-q). The table runs
    over the joint sectors of a commuting set of them (weight or zparity; flip;
    momentum or reflection); the sectors split the whole space, so g embeds in the sum
    of the g_V: dim g <= the total.

    With --state, the state's own sector W: every conserved quantity Q with Q psi =
    lambda psi (a hidden symmetry of a QAOA graph, S^2 of a Heisenberg circuit, ...)
    cuts the space, and W is what is left - the Krylov space of the state under the
    generators, exact over two primes. The circuit started there sees only g_W.

    With --discover, the sectors nobody named: the joint eigenspaces of a maximal
    commuting set of conserved quantities found in the commutant (sums of weight <= K,
    e.g. S_z and S^2 of a Heisenberg circuit, or the whole commutant), each with dim V
    and dim g_V exact.

    \b
    Examples:
        $ liealg generators tfim-hva -n 8 -t ring | liealg sectors -g -
        $ liealg generators heisenberg-hva -n 10 -t ring | liealg sectors -g - --state 0101010101
        $ liealg generators heisenberg-hva -n 8 -t ring | liealg sectors -g - --discover
    """
    from liealg.errors import AlgebraTooLargeError
    from liealg.sectors.preserved import symmetries
    from liealg.sectors.states import joint_sectors, table_keys
    from liealg.structure.algebra import lie_closure, sector_closure

    gens = c.read(path, qubits)
    n = gens[0].n
    if state is not None:  # checked before the tables are computed
        from liealg.io.states import initial_state, product_state
        from liealg.structure.cyclic import MAX_QUBITS

        try:
            if product_state(state, n) is None and n <= MAX_QUBITS:
                initial_state(state, n)
        except ValueError as exc:
            raise click.BadParameter(f"{state!r}: {exc}", param_hint="--state") from None
    k = _locality(locality, n)
    if discover:  # refused before the named tables are computed
        from liealg.structure.discovered import check_size

        check_size(n, k)
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
    own = None
    if state is not None:
        from liealg.structure.cyclic import state_sector

        own = state_sector(gens, state, max_dim=max_dim)
    found = None
    if discover:
        from liealg.structure.discovered import discovered_sectors

        found = discovered_sectors(gens, locality=k, max_dim=max_dim)
    if as_json:
        c.echo_json({"n_qubits": n, "symmetries": syms, "keys": keys, "sectors": rows, "dim": whole,
                     "sum_of_sector_dims": total, "state": state, "own_sector": own.as_dict() if own else None,
                     "discovered": found.as_dict() if found else None, "version": c.version(), "file": path})
        return
    click.echo("symmetries: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in syms.items()))
    if not rows:
        click.echo("no symmetry of these kinds: the only sector is the whole space")
    if own is not None:
        _print_own(own, state)
    if found is not None:
        _print_discovered(found, whole)
    if not rows:
        return
    header = " ".join(f"{k:>10}" for k in keys)
    click.echo(f"{header} {'dim V':>8} {'dim g_V':>9}")
    for r in rows:
        cells = " ".join(f"{_fmt(k, r['sector'].get(k)):>10}" for k in keys)
        click.echo(f"{cells} {r['subspace_dim']:>8} {r['dim']:>9}")
    verdict = "" if whole is None else f";  dim g = {whole} (g embeds in the sum: {whole} <= {total})"
    click.echo(f"sum over sectors: {total}{verdict}")


def _print_own(own, state) -> None:
    click.echo(f"state {state}: its own sector W (every conserved quantity, named or not): {own.summary()}")
    if own.note:
        click.echo(f"  ({own.note})")
    if own.conserved:
        click.echo(f"  conserved sums of weight <= 2 with the state as an eigenvector ({len(own.conserved)}, a basis):")
        for q in own.conserved:
            click.echo(f"    {_short(_text(q['operator']))} = {q['eigenvalue']}")
    elif "conserved" in own.certificate and "no local" in str(own.certificate["conserved"]):
        click.echo(f"  ({own.certificate['conserved']})")


def _locality(text: str, n: int) -> int | None:
    if text.strip().lower() == "all":
        return None
    try:
        k = int(text)
    except ValueError:
        k = 0
    if k < 1:
        raise click.BadParameter(f"{text!r} is not a positive weight or 'all'", param_hint="--locality")
    return None if k >= n else k


def _print_discovered(found, whole_dim) -> None:
    from liealg.structure.discovered import Roots

    kind = "the whole commutant" if found.whole else f"conserved sums of weight <= {found.locality}"
    one = found.strings == 1
    joined = (f", and {found.strings} Pauli-string symmetr{'y' if one else 'ies'} of any weight that "
              f"commute{'s' if one else ''} with it and split{'s' if one else ''} it further") if found.strings else ""
    local = len(found.conserved) - found.strings
    click.echo(f"discovered conserved quantities ({kind}; a {'maximal' if found.maximal else 'not maximal'} "
               f"commuting set of {local}{joined}):")
    for j, q in enumerate(found.conserved, 1):
        click.echo(f"  Q{j} = {_short(_text(q))}" + ("   (string symmetry)" if j > local else ""))
    for q, why in found.left_out:
        click.echo(f"  left out: {_short(_text(q), 60)} ({why})")
    wide = len(found.conserved) > 4
    widths = [max([8] + [len(str(s.labels[j])) for s in found.sectors]) for j in range(len(found.conserved))]
    header = "copy" if wide else " ".join(f"{'Q' + str(j + 1):>{w}}" for j, w in enumerate(widths))
    click.echo(f"{header:>8} {'dim V':>8} {'dim g_V':>9}")
    for i, s in enumerate(found.sectors, 1):
        cells = f"{i:>8}" if wide else " ".join(f"{str(v):>{w}}" for v, w in zip(s.labels, widths))
        click.echo(f"{cells} {s.dim_V:>8} {'-' if s.dim_g_V is None else s.dim_g_V:>9}")
    notes = sorted({s.note for s in found.sectors if s.note})
    for note in notes:
        click.echo(f"  ({note})")
    if wide:
        click.echo("  (the eigenvalues of every Q on each copy are in --json)")
    given = [s.dim_g_V for s in found.sectors if s.dim_g_V is not None]
    verdict = "" if whole_dim is None or len(given) < len(found.sectors) else \
        f";  dim g = {whole_dim} <= {sum(given)}"
    if any(isinstance(v, Roots) for s in found.sectors for v in s.labels):
        click.echo("  ({a,b,...}: the sum of that Q's eigenspaces for the conjugate irrational roots a, b, ... of one "
                   "irreducible polynomial, in --json)")
    irreducible = found.irreducible
    click.echo(f"{len(found.sectors)} discovered sectors, dim V adding up to {sum(s.dim_V for s in found.sectors)}"
               f"{verdict}" + ("; each is one irreducible copy" if irreducible else ""))


def _short(text: str, width: int = 100) -> str:
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 2)[0] + f" ... ({text.count(' + ') + text.count(' - ') + 1} terms)"


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


@click.command()
@c.generators_option
@c.qubits_option
@click.option("--locality", "-k", type=click.IntRange(min=0), default=None, metavar="K",
              help="Only sums of Pauli strings of weight <= K (any qubit count; polynomial in n for fixed K). "
                   "Default: the whole commutant, up to 8 qubits.")
@click.option("--center", "with_center", is_flag=True,
              help="Also the center and a maximal commuting set (the whole commutant, up to 7 qubits).")
@c.json_option
def commutant(path, qubits, locality, with_center, as_json):
    """Every operator that commutes with all the generators, as an exact basis of Pauli sums.

    The basis is reduced (each element has a leading string the others lack) with coprime integer
    coefficients, found over two primes and proved exactly; its dimension is sum_lambda m_lambda^2
    over the isotypic components (see `liealg irreps`). The output is a generator file: comment
    lines (#) head each section.

    \b
    Example:
        $ liealg generators heisenberg-hva -n 100 -t open | liealg commutant -g - -k 1
        # commutant: 4 operators of weight <= 1 commute with every generator
        I
        X0 + X1 + X2 + ... (100 terms)
        ...
    """
    from liealg.structure.commutant import commutant as find

    gens = c.read(path, qubits)
    n = gens[0].n
    com = find(gens, locality=locality)
    structure = com.structure() if with_center else None
    scope = "" if com.whole else f" of weight <= {com.locality}"
    if as_json:
        record = {"n_qubits": n, "locality": com.locality, "whole": com.whole, "dim": com.dim,
                  "basis": None if com.basis is None else [_text(b) for b in com.basis],
                  "basis_note": com.basis_note, "certificate": com.certificate,
                  "seconds": round(com.seconds, 6), "version": c.version(), "file": path}
        if structure is not None:
            record.update({"center": [_text(z) for z in structure.center],
                           "commuting_set": [_text(t) for t in structure.commuting],
                           "structure_certificate": structure.certificate})
        c.echo_json(record)
        return
    click.echo(f"# commutant: {com.dim} operator{'s' if com.dim != 1 else ''}{scope} commute with every generator")
    if com.basis is None:
        click.echo(f"# no basis listed: {com.basis_note}")
    for b in com.basis or []:
        click.echo(_text(b))
    if structure is not None:
        click.echo(f"# center: {len(structure.center)} (the number of isotypic components)")
        for z in structure.center:
            click.echo(_text(z))
        click.echo(f"# maximal commuting set: {len(structure.commuting)} (sum of the multiplicities)")
        for t in structure.commuting:
            click.echo(_text(t))


def _text(s) -> str:
    """A Pauli sum as a generator-file line (sparse labels beyond 12 qubits; the identity as I)."""
    if s.n <= 12:
        return str(s)
    from liealg.pauli import PauliString

    parts = []
    for key, v in zip(s.keys, s.coeffs):
        label = PauliString.from_row(key, s.n).sparse_label or "I"
        parts.append(("- " if v < 0 else "+ ") + ("" if abs(v) == 1 else f"{abs(v)} ") + label)
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else "-" + text[1:]


@click.command()
@c.generators_option
@c.qubits_option
@click.option("--state", default=None, metavar="STATE",
              help="Also the weight of this state on each component: plus, zero, a bit string or a .npy vector.")
@c.json_option
def irreps(path, qubits, state, as_json):
    """The isotypic decomposition H = sum V_lambda (x) C^m_lambda of the generators' action.

    One row per component: the irrep's dimension d, its multiplicity m, the dimension and type of
    g's image on V_lambda, and with --state the state's weight on the component. Exact counts (from
    the commutant, its center and a maximal commuting set) check the float clustering: the number
    of components, sum m, sum m^2 and sum d m = 2^n. Up to 7 qubits; from 8 to 14 qubits the
    components come from the irreducible-block engine's parts (multiplicities checked by exact
    commutant dimensions per symmetry block).

    \b
    Example:
        $ liealg irreps -g data/examples/heisenberg_chain_3.txt --state 000
            d    m  image            weight
            2    2  su(2) ⊕ u(1)          0
            1    4  u(1)                  1
        sum d m = 8 = 2^3; sum m^2 = 20 = dim of the commutant; 2 components
    """
    from liealg.structure.isotypic import isotypic

    gens = c.read(path, qubits)
    n = gens[0].n
    iso = isotypic(gens, state=state)
    if as_json:
        c.echo_json({"n_qubits": n, "components": [comp.as_dict() for comp in iso],
                     "commutant_dim": iso.commutant_dim, "certificate": iso.certificate,
                     "version": c.version(), "file": path})
        return
    head = f"{'d':>5} {'m':>4}  {'image':<14}" + (f" {'weight':>8}" if state is not None else "")
    click.echo(head)
    for comp in iso:
        row = f"{comp.d:>5} {comp.m:>4}  {comp.image_type:<14}"
        if comp.weight is not None:
            row += f" {comp.weight:>8.4g}"
        click.echo(row)
    total = sum(comp.d * comp.m for comp in iso)
    squares = sum(comp.m ** 2 for comp in iso)
    click.echo(f"sum d m = {total} = 2^{n}; sum m^2 = {squares} = dim of the commutant; {len(iso)} component"
               f"{'s' if len(iso) != 1 else ''}")


COMMANDS = [sectors, symmetries, commutant, irreps]
