"""Symmetry sectors: invariant subspaces V of the generators, and the generators restricted to V.

A symmetry commuting with every generator H_k splits the state space into sectors; a
circuit started in one sector V only sees g_V = {X|_V : X in g}, a homomorphic image of g.
Sectors here are joint eigenspaces of (qubit 0 is the leftmost letter, as everywhere):

    weight=W       basis states with W qubits in |1> (U(1) charge; sum of Z = n - 2W)
    zparity=+-1    eigenvalue of Z...Z
    flip=+-1       eigenvalue of X...X
    momentum=K     translation q -> q+1 (mod n), eigenvalue exp(2 pi i K / n)
    reflection=+-1 qubit q -> n-1-q

weight and zparity select basis states; flip, translation and reflection permute them.
With G the group the permuting keys generate and chi its character of the requested
eigenvalues, V is spanned by the unnormalized vectors

    v_x = sum_{g in G} chi(g)^-1 |g x>,   x an orbit representative with chi = 1 on Stab(x)

(orthogonal, with integer or cyclotomic entries: |x> + |flip x>, sums of n-th roots of unity).
Translation and reflection do not commute; together they need momentum 0 (or n/2), where
chi is a character of the dihedral group. The matrix of a Pauli sum on this basis is read
off directly from its terms, <y|P|z> for the states z of each orbit, without ever forming a
2^n x 2^n matrix: O(dim V x terms) work, entries exact in GF(p) (with i and the n-th roots of
unity of GF(p)) or complex for the float cross-check.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from liealg.errors import InputError

KEYS = ("weight", "zparity", "flip", "momentum", "reflection")
#: largest number of basis states a sector may be built from (the diagonal selection)
MAX_STATES = 1 << 22
#: largest sector dimension the dense engines take
MAX_SUBSPACE = 1 << 14


class SectorError(InputError):
    """A sector that cannot be formed (unknown key, bad value, non-commuting keys, broken symmetry)."""


@dataclass(frozen=True)
class Sector:
    """A joint eigenspace of the symmetry keys (None: the key is not imposed).

    >>> Sector.parse(["weight=3", "reflection=-1"], 6)
    Sector(n=6, weight=3, reflection=-1)
    """

    n: int
    weight: int | None = None
    zparity: int | None = None
    flip: int | None = None
    momentum: int | None = None
    reflection: int | None = None

    def __post_init__(self):
        n = self.n
        for key in ("zparity", "flip", "reflection"):
            v = getattr(self, key)
            if v is not None and v not in (1, -1):
                raise SectorError(f"{key}={v}: the eigenvalue of {key} is +1 or -1")
        if self.weight is not None and not 0 <= self.weight <= n:
            raise SectorError(f"weight={self.weight} is out of range for {n} qubits (0..{n})")
        if self.momentum is not None and not 0 <= self.momentum < n:
            raise SectorError(f"momentum={self.momentum} is out of range for {n} qubits (0..{n - 1})")
        if self.flip is not None and self.weight is not None and 2 * self.weight != n:
            raise SectorError(f"flip and weight={self.weight} do not commute: X...X maps weight {self.weight} "
                              f"to {n - self.weight} (only weight={n / 2:g} is flip-invariant)")
        if self.flip is not None and self.zparity is not None and n % 2:
            raise SectorError(f"flip and zparity anticommute on an odd number of qubits ({n})")
        if self.momentum is not None and self.reflection is not None and (2 * self.momentum) % n:
            raise SectorError(f"momentum={self.momentum} and reflection do not commute (reflection maps momentum K "
                              f"to -K; only K = 0{' or ' + str(n // 2) if n % 2 == 0 else ''} are compatible)")
        if self.weight is not None and self.zparity is not None and (-1) ** self.weight != self.zparity:
            raise SectorError(f"weight={self.weight} has zparity {(-1) ** self.weight:+d}, not {self.zparity:+d}")

    @classmethod
    def parse(cls, spec, n: int) -> Sector:
        """From a dict {'weight': 3}, a Sector, or strings like ['weight=3', 'flip=-1'] (also 'weight=3,flip=-1')."""
        if isinstance(spec, Sector):
            if spec.n != n:
                raise SectorError(f"the sector is for {spec.n} qubits, the generators act on {n}")
            return spec
        if isinstance(spec, str):
            spec = [spec]
        items = {}
        if isinstance(spec, dict):
            items = dict(spec)
        else:
            for text in spec:
                for part in str(text).split(","):
                    key, eq, value = part.strip().partition("=")
                    if not eq:
                        raise SectorError(f"{part.strip()!r}: write KEY=VALUE (keys: {', '.join(KEYS)})")
                    if key.strip() in items:
                        raise SectorError(f"{key.strip()} is given twice")
                    items[key.strip()] = value.strip()
        out = {}
        for key, value in items.items():
            if key not in KEYS:
                raise SectorError(f"unknown sector key {key!r} (keys: {', '.join(KEYS)})")
            try:
                out[key] = int(str(value).replace("+", "")) if not isinstance(value, int) else value
            except ValueError:
                raise SectorError(f"{key}={value}: the value must be an integer") from None
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise SectorError(f"{key}={value}: the value must be an integer")
        return cls(n, **out)

    @property
    def keys(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name != "n" and getattr(self, f.name) is not None}

    @property
    def is_real(self) -> bool:
        """Whether the sector basis has real (integer) entries: no momentum other than 0 or n/2."""
        return self.momentum is None or (2 * self.momentum) % self.n == 0

    def __str__(self) -> str:
        parts = [f"{k}={v:+d}" if k in ("zparity", "flip", "reflection") else f"{k}={v}" for k, v in self.keys.items()]
        return ", ".join(parts) if parts else "the whole space"

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v}" for k, v in self.keys.items())
        return f"Sector(n={self.n}{', ' + inner if inner else ''})"
