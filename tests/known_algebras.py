"""Expectations from the literature, shared by several test modules (in liealg's printed vocabulary:
k × g for k copies, the family's own name first where two names coincide)."""


def repeat(name: str, k: int) -> str:
    return name if k == 1 else f"{k} × {name}"


# Wiersema, Kokcu, Kemper, Bakalov (arXiv:2309.05690): 2-local patterns on open chains of n qubits
WKKB_OPEN = [
    (["XY"], lambda n: {4: "2 × su(2)", 5: "so(5) ≅ sp(2)", 6: "so(6) ≅ su(4)"}.get(n, f"so({n})")),
    (["XX", "XZ"], lambda n: f"so({2 * n - 1})"),
    (["XX", "YY", "XY"], lambda n: f"so({2 * n})"),
    (["XY", "XZ"], lambda n: f"sp({2 ** (n - 2)})"),
    (["XY", "YX", "YZ"], lambda n: f"so({2 ** n})"),
    (["XX", "YY", "YZ"], lambda n: repeat(f"su({2 ** (n - 1)})", 2)),
    (["XX", "YY", "ZZ"], lambda n: f"su({2 ** (n - 1)})" if n % 2 else repeat(f"su({2 ** (n - 2)})", 4)),
]


def canonical(printed: str) -> str:
    """The canonical names only: 'so(5) ≅ sp(2)' -> 'sp(2)' (the root-system analysis knows no family)."""
    return " ⊕ ".join(part.split(" ≅ ")[-1] for part in printed.split(" ⊕ "))
