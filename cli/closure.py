"""Commands about the algebra itself: dim, basis, classify."""

from __future__ import annotations

import sys

import click

from . import common as c


@click.command()
@c.generators_option
@c.qubits_option
@c.method_option
@c.enumerate_option
@c.max_dim_option
@c.drop_below_option
@c.sector_option
@c.engine_option
@click.option("--json", "as_json", is_flag=True, help="Print a JSON record instead of the number.")
@click.option("--check", is_flag=True,
              help="Also close the generators symbolically with sympy (<= 3 qubits) and compare.")
def dim(path, qubits, method, enumerate_, max_dim, drop_below, sector_items, engine, as_json, check):
    """Print the dimension of the dynamical Lie algebra of the generators in FILE.

    With --sector, print dim g_V: the algebra restricted to that symmetry sector V.

    \b
    Example:
        $ liealg dim --generators data/examples/so6_chain.txt
        15
        $ liealg generators xxz-hva -n 6 | liealg dim -g - --sector weight=3
        115
    """
    from liealg.errors import UncertifiedError

    gens = c.read(path, qubits, drop_below)
    n = gens[0].n
    if sector_items:
        if check:
            raise click.BadParameter("--check does not apply with --sector", param_hint="--check")
        alg = c.closure(gens, method, max_dim, list(sector_items))
        record = {"dim": alg.dim, "subspace_dim": alg.subspace_dim, "sector": alg.sector.keys,
                  "n_qubits": n, "n_generators": len(gens), "method": alg.method, "shortcut": alg.shortcut,
                  "certificate": alg.certificate, "seconds": round(alg.seconds, 6), "version": c.version(),
                  "file": path}
        click.echo(c.json.dumps(record, ensure_ascii=False) if as_json else alg.dim)
        return
    if check:
        from liealg.closure import symbolic

        symbolic.check_size(n)
    alg = c.closure(gens, method, max_dim, engine=engine, basis=enumerate_)
    record = {"dim": alg.dim, "n_qubits": alg.n_qubits, "n_generators": len(gens), "method": alg.method}
    if alg.has_basis or alg.decomposition is None:
        record["shortcut"] = alg.shortcut
    else:  # the engine read the type off (the anticommutation graph, irreducible blocks)
        record["type"] = str(alg.decomposition)
    record.update({"seconds": round(alg.seconds, 6), "version": c.version(), "file": path})
    if alg.certificate:
        record["certificate"] = alg.certificate
    if check:
        sym = symbolic.symbolic_closure(gens)
        agrees = sym.dim == record["dim"]
        record["check"] = {"method": "sympy-exact", "dim": sym.dim, "agrees": agrees,
                           "seconds": round(sym.seconds, 6)}
        verdict = "agrees" if agrees else "DISAGREES"
        click.echo(f"check: sympy exact closure gives {sym.dim}; {verdict} ({sym.seconds:.2f} s)", err=True)
        if not agrees:
            raise UncertifiedError(f"the engine gives {record['dim']} but the sympy check gives {sym.dim}: "
                                   "no dimension is printed (please report this input)")
    click.echo(c.json.dumps(record, ensure_ascii=False) if as_json else record["dim"])


@click.command()
@c.generators_option
@c.qubits_option
@c.method_option
@c.max_dim_option
@c.drop_below_option
@click.option("--sparse", is_flag=True, help="Print sparse labels (X0 Z3) instead of dense ones.")
def basis(path, qubits, method, max_dim, drop_below, sparse):
    """Print a basis of the algebra, one element H a line (the algebra element is i*H).

    For Pauli algebras these are strings; otherwise sums in reduced echelon
    form with exact rational coefficients (orthonormal rows with --method float,
    or when the coefficients are irrational), in the generator file format.

    \b
    Example:
        $ liealg basis --generators data/examples/so6_chain.txt | head -3
    """
    from liealg.closure.basis import EchelonBasis

    alg = c.closure(c.read(path, qubits, drop_below), method, max_dim)
    out = sys.stdout
    held = alg.held
    if isinstance(held, EchelonBasis) and not held.exact:
        click.echo(f"note: the coefficients are {held.field.kind}: the rows are an orthonormal float basis from a "
                   f"certified float closure of dimension {alg.dim}", err=True)
    if not alg.is_pauli_algebra:
        for h in alg.basis_sums():
            out.write((_sparse_sum(h) if sparse else str(h)) + "\n")
        return
    if sparse:
        for p in alg.basis:
            out.write(p.sparse_label + "\n")
    else:
        labels = alg.basis.labels()
        for start in range(0, len(labels), 65536):
            out.write("\n".join(labels[start:start + 65536]) + "\n")


def _sparse_sum(h) -> str:
    text = str(h)
    for lab, p in zip(h.strings.labels(), h.strings):
        text = text.replace(lab, p.sparse_label)
    return text


@click.command()
@c.generators_option
@c.qubits_option
@c.method_option
@c.enumerate_option
@c.max_dim_option
@c.drop_below_option
@c.engine_option
@c.json_option
def classify(path, qubits, method, enumerate_, max_dim, drop_below, engine, as_json):
    """Print the isomorphism type of the algebra: simple ideals and center.

    Copies of one simple ideal are written k × g; the center is u(1)^k. Where two
    names coincide, the family's own name comes first: so(6) ≅ su(4).

    \b
    Example:
        $ liealg classify --generators data/examples/so6_chain.txt
        so(6) ≅ su(4)   (dim 15: so(6) ≅ su(4) [A3, dim 15, rank 3])
    """
    from liealg.closure import graph
    from liealg.decomposition import short_number
    from liealg.structure.classification import classify_closed
    from liealg.structure.ideals import decompose

    gens = c.read(path, qubits, drop_below)
    alg = c.closure(gens, method, max_dim, engine=engine, basis=enumerate_)
    dec = classify_closed(alg, gens) or decompose(alg)
    closure_method = None if alg.method == graph.NAME else alg.method  # no closure ran before the classifier
    if as_json:
        rec = dec.as_dict()
        rec.update({"n_qubits": gens[0].n, "version": c.version(), "file": path})
        if closure_method:
            rec["closure_method"] = closure_method
        c.echo_json(rec)
        return
    # numbers beyond 24 digits in scientific notation (the exact ones: --json); spaces, as the help shows
    click.echo(f"{dec}   (dim {short_number(dec.dim)}: {dec.details(digits=24)})")


COMMANDS = [dim, basis, classify]
