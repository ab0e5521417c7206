"""Standard generator sets, built as dense labels.

>>> two_local(3, ["XY"])
['XYI', 'IXY']
>>> single_site(2, "Z")
['ZI', 'IZ']
"""

from __future__ import annotations

import random
from dataclasses import dataclass

TOPOLOGIES = ("open", "ring", "complete")


def edges(n: int, topology: str = "open") -> list[tuple[int, int]]:
    """Qubit pairs of an open chain, a ring (periodic chain) or the complete graph."""
    if topology == "open":
        return [(i, i + 1) for i in range(n - 1)]
    if topology in ("ring", "periodic"):
        if n < 3:
            return [(i, i + 1) for i in range(n - 1)]
        return [(i, (i + 1) % n) for i in range(n)]
    if topology == "complete":
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    raise ValueError(f"unknown topology {topology!r}; use one of {', '.join(TOPOLOGIES)}")


def place(n: int, ops: dict[int, str]) -> str:
    """Dense label with letter ops[q] on qubit q and I elsewhere."""
    return "".join(ops.get(q, "I") for q in range(n))


def two_local(n: int, patterns: list[str], topology: str = "open") -> list[str]:
    """Each two-letter pattern (e.g. 'XY') on every edge, first letter on the lower qubit."""
    return [place(n, {i: p[0], j: p[1]}) for i, j in edges(n, topology) for p in patterns]


def single_site(n: int, letter: str) -> list[str]:
    """The letter on every qubit, one string each."""
    return [place(n, {i: letter}) for i in range(n)]


def summed(labels: list[str]) -> str:
    """One generator line that ties the labels' parameters: 'A + B + C'."""
    return " + ".join(labels)


# --- named families ------------------------------------------------------------------
# 2-local sets of Wiersema, Kokcu, Kemper, Bakalov (arXiv:2309.05690, Table I): each two-letter
# pattern on every edge is its own generator (no tied parameters); 'XI', 'IX' put single-site terms.
WKKB_SETS: dict[str, list[str]] = {
    "a0": ["XX"], "a1": ["XY"], "a2": ["XY", "YX"], "a3": ["XX", "YZ"], "a4": ["XX", "YY"],
    "a5": ["XY", "YZ"], "a6": ["XX", "YZ", "ZY"], "a7": ["XX", "YY", "ZZ"], "a8": ["XX", "XZ"],
    "a9": ["XY", "XZ"], "a10": ["XY", "YZ", "ZX"], "a11": ["XY", "YX", "YZ"], "a12": ["XX", "XY", "YZ"],
    "a13": ["XX", "YY", "YZ"], "a14": ["XX", "YY", "XY"], "a15": ["XX", "XY", "XZ"],
    "a16": ["XY", "YX", "YZ", "ZY"], "a17": ["XX", "XY", "ZX"], "a18": ["XX", "XZ", "YY", "ZY"],
    "a19": ["XX", "XY", "ZX", "YZ"], "a20": ["XX", "YY", "ZZ", "ZY"], "a21": ["XX", "YY", "XY", "ZX"],
    "a22": ["XX", "XY", "XZ", "YX"],
    "b0": ["XI", "IX"], "b1": ["XX", "XI", "IX"], "b2": ["XY", "XI", "IX"], "b3": ["XI", "YI", "IX", "IY"],
    "b4": ["XX", "XY", "XZ", "XI", "IX", "IY", "IZ"],
}

GRAPHS = ("path", "ring", "complete", "regular3")


def graph_edges(n: int, graph: str = "path", seed: int = 0) -> list[tuple[int, int]]:
    """Edges of a built-in graph: path, ring, complete, or a seeded random 3-regular graph."""
    if graph in ("path", "open"):
        return edges(n, "open")
    if graph in ("ring", "periodic", "complete"):
        return edges(n, graph)
    if graph.startswith("regular"):
        return random_regular(n, int(graph[len("regular"):] or 3), seed)
    raise ValueError(f"unknown graph {graph!r}; use one of {', '.join(GRAPHS)} or an edge list")


def random_regular(n: int, d: int, seed: int = 0) -> list[tuple[int, int]]:
    """A uniformly drawn simple d-regular graph on n vertices (pairing model with rejection)."""

    if n * d % 2 or d >= n:
        raise ValueError(f"no simple {d}-regular graph on {n} vertices")
    rng = random.Random(seed)
    for _ in range(10000):
        stubs = [v for v in range(n) for _ in range(d)]
        rng.shuffle(stubs)
        pairs = {tuple(sorted(stubs[i:i + 2])) for i in range(0, len(stubs), 2)}
        if len(pairs) == n * d // 2 and all(a != b for a, b in pairs):
            return sorted(pairs)
    raise RuntimeError("could not draw a simple regular graph")  # pragma: no cover


def _split_edges(n: int, topology: str) -> tuple[list, list]:
    """The layers of brickwork HVAs: even bonds (i, i+1), then odd bonds; on an odd ring the wrap
    bond (n-1, 0) would overlap bond (0, 1), so it is a third layer of its own (as in the HVA
    literature); the bonds within a layer never share a qubit."""
    es = edges(n, topology)
    wrap = [e for e in es if e == (n - 1, 0)] if topology in ("ring", "periodic") and n % 2 else []
    rest = [e for e in es if e not in wrap]
    return [e for e in rest if e[0] % 2 == 0], [e for e in rest if e[0] % 2 == 1], wrap


def _bond_sum(n: int, bonds, letters: list[str], signs=None) -> str:
    """One tied generator: the patterns on every bond, with +-1 signs per bond if given."""
    text = ""
    for t, (i, j) in enumerate(bonds):
        for pat in letters:
            minus = signs is not None and signs[t] < 0
            text += (" - " if minus else " + ") if text else ("-" if minus else "")
            text += place(n, {i: pat[0], j: pat[1]})
    return text


def hea(n: int, topology: str = "open") -> list[str]:
    """Larocca et al. 2022 hardware-efficient ansatz: X_i, Y_i and sum ZZ on the topology's edges."""
    return single_site(n, "X") + single_site(n, "Y") + [_bond_sum(n, edges(n, topology), ["ZZ"])]


def tfim_hva(n: int, topology: str = "ring") -> list[str]:
    """Transverse-field Ising HVA: sum ZZ and sum X."""
    return [_bond_sum(n, edges(n, topology), ["ZZ"]), summed(single_site(n, "X"))]


def xxz_hva(n: int, topology: str = "ring") -> list[str]:
    """XXZ HVA (Wiersema et al. 2020): XX+YY and ZZ on even bonds, then on odd bonds (odd rings: the
    wrap bond as a third layer)."""
    return [g for layer in _split_edges(n, topology) for g in (_bond_sum(n, layer, ["XX", "YY"]),
                                                              _bond_sum(n, layer, ["ZZ"])) if g]


def heisenberg_hva(n: int, topology: str = "ring") -> list[str]:
    """Heisenberg HVA: XX+YY+ZZ summed over even bonds, then over odd bonds (odd rings: the wrap bond as
    a third layer)."""
    return [g for layer in _split_edges(n, topology) for g in (_bond_sum(n, layer, ["XX", "YY", "ZZ"]),) if g]


def qaoa_maxcut(n: int, graph="ring", seed: int = 0) -> list[str]:
    """QAOA for MaxCut: the cost sum_{(i,j) in E} Z_i Z_j and the mixer sum X_i.

    `graph` is a built-in name (path, ring, complete, regular3) or an edge list.
    """
    es = graph if not isinstance(graph, str) else graph_edges(n, graph, seed)
    return [_bond_sum(n, es, ["ZZ"]), summed(single_site(n, "X"))]


def spin_glass(n: int, topology: str = "complete", seed: int = 0) -> list[str]:
    """QAOA for a +-J spin glass (Sherrington-Kirkpatrick on the complete graph): seeded couplings."""

    es = edges(n, topology)
    rng = random.Random(seed)
    return [_bond_sum(n, es, ["ZZ"], [rng.choice((1, -1)) for _ in es]), summed(single_site(n, "X"))]


@dataclass(frozen=True)
class Family:
    name: str
    topologies: tuple[str, ...]
    build: object  # (n, topology, seed) -> list of generator lines
    description: str
    min_qubits: int = 3


def _summary(build) -> str:
    """A family's description: the first paragraph of its builder's docstring, whole."""
    return " ".join(build.__doc__.split("\n\n")[0].split())


def _wkkb_family(key: str) -> Family:
    pats = WKKB_SETS[key]
    return Family(key, TOPOLOGIES, lambda n, t, seed=0: sorted(set(two_local(n, pats, t)), key=lambda s: s[::-1]),
                  f"Wiersema et al. 2-local set {{{', '.join(pats)}}}, each term its own generator.")


FAMILIES: dict[str, Family] = {
    "hea": Family("hea", TOPOLOGIES, lambda n, t, seed=0: hea(n, t), _summary(hea)),
    "tfim-hva": Family("tfim-hva", TOPOLOGIES, lambda n, t, seed=0: tfim_hva(n, t),
                       _summary(tfim_hva)),
    "xxz-hva": Family("xxz-hva", ("open", "ring"), lambda n, t, seed=0: xxz_hva(n, t),
                      _summary(xxz_hva), 4),
    "heisenberg-hva": Family("heisenberg-hva", ("open", "ring"), lambda n, t, seed=0: heisenberg_hva(n, t),
                             _summary(heisenberg_hva), 4),
    "qaoa-maxcut": Family("qaoa-maxcut", GRAPHS, lambda n, t, seed=0: qaoa_maxcut(n, t, seed),
                          _summary(qaoa_maxcut), 4),
    "spin-glass": Family("spin-glass", ("complete", "ring"), lambda n, t, seed=0: spin_glass(n, t, seed),
                         _summary(spin_glass)),
    **{key: _wkkb_family(key) for key in WKKB_SETS},
}


def family_generators(name: str, n: int, topology: str | None = None, seed: int = 0) -> list[str]:
    """Generator lines of a named family (see FAMILIES) on n qubits.

    >>> family_generators("tfim-hva", 3, "ring")
    ['ZZI + IZZ + ZIZ', 'XII + IXI + IIX']
    """
    fam = FAMILIES.get(name)
    if fam is None:
        raise ValueError(f"unknown family {name!r}; known: {', '.join(FAMILIES)}")
    topology = topology or fam.topologies[0]
    if topology == "periodic":
        topology = "ring"
    if topology not in fam.topologies:
        raise ValueError(f"family {name} has topologies {', '.join(fam.topologies)}, not {topology!r}")
    if n < 2 or (topology == "regular3" and n % 2):
        raise ValueError(f"family {name} on {topology} needs {'an even number of' if n >= 2 else 'at least 2'} "
                         "qubits")
    return fam.build(n, topology, seed)
