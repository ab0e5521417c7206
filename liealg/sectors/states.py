"""Sector tables and the sector of an initial state.

`table_keys` and `joint_sectors` enumerate the joint sectors of a family's symmetries (the rows
of the sector tables); `state_sector` finds the sector a product state lies in.
"""

from __future__ import annotations

from liealg.io.states import product_state
from liealg.sectors.bases import check_sector_qubits, sector_basis
from liealg.sectors.sector import Sector, SectorError


# --- sector tables and state sectors ---------------------------------------------------------
def table_keys(syms: dict[str, bool], n: int) -> list[str]:
    """A commuting set of the generators' symmetries to tabulate sectors by: weight (else zparity), flip,
    and momentum (else reflection: translation and reflection do not commute)."""
    keys = []
    if syms.get("weight"):
        keys.append("weight")
    elif syms.get("zparity"):
        keys.append("zparity")
    if syms.get("flip"):
        keys.append("flip")
    if syms.get("momentum"):
        keys.append("momentum")
    elif syms.get("reflection"):
        keys.append("reflection")
    return keys


def joint_sectors(keys: list[str], n: int) -> list[Sector]:
    """Every non-empty joint sector of the keys (which split the whole space between them)."""
    check_sector_qubits(n)  # before the sectors are listed
    values = {"weight": list(range(n + 1)), "zparity": [1, -1], "flip": [1, -1], "momentum": list(range(n)),
              "reflection": [1, -1]}
    out = [{}]
    for key in keys:
        nxt = []
        for partial in out:
            if key == "flip" and partial.get("weight") is not None and 2 * partial["weight"] != n:
                nxt.append(partial)  # flip does not act on this weight: no flip quantum number here
                continue
            for v in values[key]:
                nxt.append({**partial, key: v})
        out = nxt
    sectors = []
    for spec in out:
        try:
            s = Sector(n, **spec)
        except SectorError:
            continue
        if sector_basis(s).dim:
            sectors.append(s)
    return sectors


def state_sector(state, n: int, syms: dict[str, bool]) -> Sector | None:
    """The sector of the generators' symmetries that a product state ('plus', 'zero', '0101') lies in,
    or None (not a product state, or no symmetry keeps it)."""

    spec = product_state(state, n)
    if spec is None:
        return None
    keys = {}
    if spec == "+":
        if syms.get("flip"):
            keys["flip"] = 1
        if syms.get("momentum"):
            keys["momentum"] = 0
        if syms.get("reflection"):
            keys["reflection"] = 1
    else:
        w = spec.count("1")
        if syms.get("weight"):
            keys["weight"] = w
        elif syms.get("zparity"):
            keys["zparity"] = (-1) ** w
        # a basis state is never a flip eigenstate (X...X maps it to its complement)
        if syms.get("momentum") and len(set(spec)) == 1:
            keys["momentum"] = 0
        if syms.get("reflection") and spec == spec[::-1]:
            keys["reflection"] = 1
    if not keys:
        return None
    try:
        return Sector(n, **keys)
    except SectorError:  # e.g. momentum and reflection: keep the first compatible ones
        keys.pop("reflection", None)
        return Sector(n, **keys) if keys else None
