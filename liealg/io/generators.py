"""Generator files: one Hermitian generator per line.

Grammar (see README.md, "Generator files")::

    # comment; blank lines ignored
    XXII                 one generator: a dense label, qubit 0 is the leftmost letter
    ZZII + IZZI + IIZZ   one generator that is a sum (parameters tied)
    0.5 XYII - 2 IIZZ    real coefficients: integers, decimals, fractions, sqrt(2), pi/4
    X0 Y3 + Z1           sparse labels (letter + qubit index)

A term is ``[sign] [coefficient [*]] label``. Decimal literals are read as the
exact decimal fraction they spell (0.1 is 1/10). The qubit count comes from the
dense labels, else from ``n_qubits``, else from the largest sparse index + 1.
Every problem raises GeneratorFileError naming file:line:column.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path

import numpy as np

from liealg.coefficients.grammar import IMAGINARY_NAMES, ExpressionError, check_value, parse_coefficient
from liealg.errors import GeneratorFileError
from liealg.pauli import PauliString, dense_keys, n_words
from liealg.sums import PauliSum, float_magnitude

#: Largest qubit count (dense label length, sparse index + 1, or --qubits).
MAX_QUBITS = 1_000_000
#: Largest generator file read (bytes).
MAX_FILE_BYTES = 64 << 20
#: Largest packed size of all terms of a file (bytes): terms x 16 x ceil(n/64).
MAX_TERM_BYTES = 2 << 30

_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/^(),])"
)
_DENSE = re.compile(r"[IXYZ]+")
_SPARSE = re.compile(r"(?:[IXYZ]\d+)+")  # X0 Z3, or run together: X0Z3
_SPARSE_PART = re.compile(r"([IXYZ])(\d+)")


@dataclass
class _Term:
    sign: int
    coeff_tokens: list  # (kind, text, col)
    label_tokens: list  # (kind, text, col)
    col: int


def _tokenize(text: str, err) -> list[tuple[str, str, int]]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            ch = text[pos]
            hint = " (complex coefficients are not allowed: generators must be Hermitian)" if ch == "j" else ""
            err(pos, f"unexpected character {ch!r}{hint}")
        kind = m.lastgroup
        if kind != "ws":
            tokens.append((kind, m.group(), pos + 1))
        pos = m.end()
    return tokens


def _split_terms(tokens, err) -> list[_Term]:
    """Split at top-level + and - that are not unary inside a coefficient."""
    terms: list[_Term] = []
    current: list = []
    sign, start_col, depth = 1, tokens[0][2] if tokens else 1, 0
    for tok in tokens:
        kind, text, col = tok
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth < 0:
                err(col - 1, "unbalanced ')'")
        prev = current[-1][1] if current else None
        if text in "+-" and kind == "op" and depth == 0 and prev not in ("*", "/", "^", "**", "("):
            if current:
                terms.append(_Term(sign, *_split_label(current, err), start_col))
                current, sign, start_col = [], 1, col
            # a sign right after another one is unary: 'XX + -2 ZZ' = 'XX - 2 ZZ'
            sign *= -1 if text == "-" else 1
            continue
        current.append(tok)
    if depth != 0:
        err(len(tokens) and tokens[-1][2], "unbalanced '('")
    if not current:
        err(start_col - 1, "a term is missing after the sign")
    terms.append(_Term(sign, *_split_label(current, err), start_col))
    return terms


def _split_label(tokens, err):
    """Separate a term's trailing Pauli label from its leading coefficient."""
    last_kind, last_text, last_col = tokens[-1]
    if last_kind != "name":
        err(last_col - 1, f"term ending in {last_text!r} has no Pauli label")
    if _DENSE.fullmatch(last_text):
        label = [tokens[-1]]
    elif _SPARSE.fullmatch(last_text):
        i = len(tokens)
        while i > 0 and tokens[i - 1][0] == "name" and _SPARSE.fullmatch(tokens[i - 1][1]):
            i -= 1
        label = tokens[i:]
    else:
        bad = [k for k, c in enumerate(last_text) if c not in "IXYZ0123456789"]
        if bad and (last_text.isupper() or re.fullmatch(r"(?:[A-Z]\d+)+", last_text)):
            k = bad[0]
            err(last_col - 1 + k, f"unknown Pauli letter {last_text[k]!r} in {last_text!r} (use I, X, Y, Z)")
        if last_text in IMAGINARY_NAMES:
            err(last_col - 1, f"term ends in {last_text!r}: complex coefficients are not allowed")
        err(last_col - 1, f"{last_text!r} is not a Pauli label (dense like XIZY or sparse like X0 Z3)")
    coeff = tokens[: len(tokens) - len(label)]
    if coeff and coeff[-1][1] == "*":
        coeff = coeff[:-1]
        if not coeff:
            err(label[0][2] - 1, "'*' without a coefficient")
    return coeff, label


def _coefficient(tokens, err, line: str = ""):
    if not tokens:
        return Fraction(1)
    col0 = tokens[0][2]
    for kind, text, col in tokens:
        if kind == "name" and text in IMAGINARY_NAMES:
            err(col - 1, f"complex coefficient ({text!r}): generators must be Hermitian, coefficients real")
        if kind == "name" and (_DENSE.fullmatch(text) or _SPARSE.fullmatch(text)):
            err(col - 1, f"two Pauli labels in one term ({text!r}); separate terms with + or -")
    last = tokens[-1]
    text = line[col0 - 1: last[2] - 1 + len(last[1])] if line else " ".join(t for _, t, _ in tokens)
    try:
        value = parse_coefficient(tokens)
        check_value(value, col0 - 1, text)
    except ExpressionError as exc:
        err(exc.col, exc.message)
    return value


def _parse_line(text: str, err):
    """Terms of one line as (coefficient, kind, label text, column)."""
    tokens = _tokenize(text, err)
    out = []
    for term in _split_terms(tokens, err):
        coeff = term.sign * _coefficient(term.coeff_tokens, err, text)
        lab = term.label_tokens
        kind = "dense" if _DENSE.fullmatch(lab[0][1]) else "sparse"
        out.append((coeff, kind, " ".join(t for _, t, _ in lab), lab[0][2]))
    return out


def parse_generators(text: str, n_qubits: int | None = None, *, source: str = "<text>",
                     allow_identity: bool = False, float_range: float | None = None) -> list[PauliSum]:
    """Parse generator text into Hermitian PauliSums (one per non-empty line).

    Identity terms are refused (in a generator they are a global phase) unless
    `allow_identity` (observables: an identity term shifts the expectation). With `float_range`
    R, every coefficient's magnitude must lie in [1/R, R] (observables of the float64 circuit
    engines, whose variances and Hessians square them).

    >>> [str(g) for g in parse_generators("XXI\\nZZI + 1/2 IZZ")]
    ['XXI', 'ZZI + 1/2 IZZ']
    """
    plain = _plain_labels(text, n_qubits, allow_identity)
    if plain is not None:
        return plain
    parsed = []  # (line number, terms, raw line)
    for lineno, raw in enumerate(text.splitlines(), start=1):
        body = raw.split("#", 1)[0]
        if not body.strip():
            continue

        def err(col0, message, _lineno=lineno):
            raise GeneratorFileError(source, _lineno, None if col0 is None else col0 + 1, message)

        parsed.append((lineno, _parse_line(body, err)))
    if not parsed:
        raise GeneratorFileError(source, 1, None, "no generators (the input is empty or only comments)")

    n = n_qubits
    n_from = "--qubits" if n is not None else None
    if n is not None and not 1 <= n <= MAX_QUBITS:
        raise GeneratorFileError(source, None, None, f"{n} qubits: liealg handles 1 to {MAX_QUBITS:,}")
    max_sparse, n_terms = -1, 0
    for lineno, terms in parsed:
        for _, kind, lab, col in terms:
            n_terms += 1
            if kind == "dense":
                if len(lab) > MAX_QUBITS:
                    raise GeneratorFileError(source, lineno, col, f"label of {len(lab):,} qubits; liealg handles "
                                                                  f"up to {MAX_QUBITS:,}")
                if n is None:
                    n, n_from = len(lab), f"line {lineno}"
                elif len(lab) != n:
                    raise GeneratorFileError(
                        source, lineno, col,
                        f"label {lab!r} has {len(lab)} qubits but {n_from} has {n} (ragged qubit count)")
            else:
                for _, index, at in _sparse_parts(lab, col):
                    if len(index) > 7 or int(index) >= MAX_QUBITS:
                        raise GeneratorFileError(source, lineno, at, f"qubit index {_short(index)} is beyond the "
                                                                     f"limit of {MAX_QUBITS:,} qubits")
                    max_sparse = max(max_sparse, int(index))
    if n is None:
        n = max_sparse + 1
    need = n_terms * 16 * n_words(n)
    if need > MAX_TERM_BYTES:
        raise GeneratorFileError(source, None, None, f"{n_terms:,} terms on {n:,} qubits need "
                                                     f"{need / 2**30:.1f} GiB packed (limit "
                                                     f"{MAX_TERM_BYTES / 2**30:.0f} GiB)")

    gens = []
    for lineno, terms in parsed:
        items = []
        for coeff, kind, lab, col in terms:
            if float_range is not None:
                _check_float_range(coeff, float_range, source, lineno, col)
            if kind == "dense":
                p = PauliString(lab)
            else:
                p = _sparse_string(lab, col, n, n_from, source, lineno)
            items.append((coeff, p))
        gen = PauliSum.from_terms(items, n)
        if len(gen) == 0:
            raise GeneratorFileError(source, lineno, 1, "generator is zero (its terms cancel)")
        for (_, p), (_, _, _, col) in zip(items, terms):
            if p.is_identity() and not allow_identity:
                what = "generator is the identity only" if len(items) == 1 else "identity term in a generator"
                raise GeneratorFileError(source, lineno, col,
                                         f"{what}: a global phase, not part of the circuit's algebra; remove it")
        gens.append(gen)
    return gens


def _plain_labels(text: str, n_qubits: int | None, allow_identity: bool) -> list[PauliSum] | None:
    """The common file, one dense label per line (comments allowed, no coefficients), parsed at once
    (`pauli.dense_keys`); None for anything else, or anything wrong, which the full grammar then
    parses or reports with its line and column."""
    labels = [body for body in (raw.split("#", 1)[0].strip() for raw in text.splitlines()) if body]
    if not labels:
        return None
    if labels[0][-1].isdigit():  # sparse labels such as X0 Y3
        return _plain_sparse(labels, n_qubits)  # never the identity: every factor is X, Y or Z
    n = len(labels[0])
    if (n_qubits is not None and n != n_qubits) or n > MAX_QUBITS or len(labels) * 16 * n_words(n) > MAX_TERM_BYTES:
        return None
    keys = dense_keys(labels)
    if keys is None or (not allow_identity and not keys.any(axis=1).all()):
        return None
    return PauliSum.units(keys, n)


_PLAIN_SPARSE = re.compile(r"(?:[XYZ]\d{1,7}\s*)+")
_SPARSE_FACTOR = re.compile(r"([XYZ])(\d+)")


def _plain_sparse(labels: list[str], n_qubits: int | None) -> list[PauliSum] | None:
    """`_plain_labels` for sparse labels (X0 Y3, X0Y3): each line's factors set their bits at once."""
    rows, letters, qubits = [], [], []
    for i, body in enumerate(labels):
        if not _PLAIN_SPARSE.fullmatch(body):
            return None
        factors = _SPARSE_FACTOR.findall(body)
        qs = [int(q) for _, q in factors]
        if len(set(qs)) != len(qs):
            return None
        rows.extend([i] * len(qs))
        letters.extend(letter for letter, _ in factors)
        qubits.extend(qs)
    q = np.array(qubits, dtype=np.int64)
    top = int(q.max())
    n = top + 1 if n_qubits is None else n_qubits
    if top >= n or n > MAX_QUBITS or len(labels) * 16 * n_words(n) > MAX_TERM_BYTES:
        return None
    w = n_words(n)
    r = np.array(rows, dtype=np.int64)
    code = np.frombuffer("".join(letters).encode("ascii"), dtype=np.uint8)
    bits = np.left_shift(np.uint64(1), (q & 63).astype(np.uint64))
    keys = np.zeros((len(labels), 2 * w), dtype=np.uint64)
    x, z = code != ord("Z"), code != ord("X")  # X and Y set x; Y and Z set z
    np.bitwise_or.at(keys, (r[x], q[x] >> 6), bits[x])
    np.bitwise_or.at(keys, (r[z], w + (q[z] >> 6)), bits[z])
    return PauliSum.units(keys, n)


def _check_float_range(coeff, limit: float, source: str, lineno: int, col: int) -> None:
    magnitude = float_magnitude(coeff)
    if not 1 / limit <= magnitude <= limit:
        shown = str(coeff) if len(str(coeff)) <= 40 else f"{magnitude:.3g}"
        raise GeneratorFileError(source, lineno, col, f"coefficient {shown} is outside {1 / limit:g} .. {limit:g}, "
                                                      f"the range the float64 circuit engines square faithfully; "
                                                      f"rescale it")


def _short(digits: str) -> str:
    return digits if len(digits) <= 12 else f"{digits[:6]}...({len(digits)} digits)"


def _sparse_parts(label: str, col: int):
    """(letter, index digits, 1-based column) of each factor of a sparse label like 'X0 Y3' or 'X0Y3'."""
    for word in re.finditer(r"\S+", label):
        for m in _SPARSE_PART.finditer(word.group()):
            yield m.group(1), m.group(2), col + word.start() + m.start()


def _sparse_string(label: str, col: int, n: int, n_from, source: str, lineno: int) -> PauliString:
    x = z = 0
    seen: set[int] = set()
    for letter, index, at in _sparse_parts(label, col):
        q = int(index)
        if q >= n:
            raise GeneratorFileError(source, lineno, at, f"qubit {q} out of range for {n} qubits (from {n_from})")
        if q in seen:
            raise GeneratorFileError(source, lineno, at, f"qubit {q} appears twice in {label!r}")
        seen.add(q)
        if letter in "XY":
            x |= 1 << q
        if letter in "ZY":
            z |= 1 << q
    return PauliString(n=n, x=x, z=z)


#: a path written `example:NAME` names one of the shipped examples (`liealg examples` lists them)
EXAMPLE_PREFIX = "example:"


def examples_dir() -> Path:
    """The shipped example files: liealg/data/examples in an installation, data/examples in a source tree."""
    try:
        path = Path(str(resources.files("liealg.data") / "examples"))
        if path.is_dir():
            return path
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - a source tree without the data package
        pass
    return Path(__file__).resolve().parents[2] / "data" / "examples"


def resolve_path(path: str | os.PathLike) -> str:
    """A path as given, or for `example:NAME` the shipped example's path (GeneratorFileError if none)."""
    path = os.fspath(path)
    if not path.startswith(EXAMPLE_PREFIX):
        return path
    name = path[len(EXAMPLE_PREFIX):]
    found = examples_dir() / name
    if not name or "/" in name or not found.is_file():
        known = ", ".join(sorted(p.name for p in examples_dir().glob("*.txt")))
        raise GeneratorFileError(path, None, None, f"no shipped example of that name (examples: {known})")
    return str(found)


def read_generators(path: str | os.PathLike, n_qubits: int | None = None, *,
                    allow_identity: bool = False, float_range: float | None = None) -> list[PauliSum]:
    """Read a generator file (`example:NAME` for a shipped example); raises GeneratorFileError
    (file:line:column) on bad input."""
    path = resolve_path(path)
    try:
        if path == "-":

            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
            path = "<stdin>"
        else:
            with open(path, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise GeneratorFileError(path, None, None, f"larger than {MAX_FILE_BYTES >> 20} MiB; "
                                                       "a generator file this size is not a text file of generators")
        if b"\0" in data:
            line = data[: data.index(b"\0")].count(b"\n") + 1
            raise GeneratorFileError(path, line, None, "contains NUL bytes: not a text file")
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise GeneratorFileError(path, None, None, "no such file") from None
    except IsADirectoryError:
        raise GeneratorFileError(path, None, None, "is a directory, not a generator file") from None
    except PermissionError:
        raise GeneratorFileError(path, None, None, "permission denied") from None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GeneratorFileError(path, line, None, "not UTF-8 text") from None
    except OSError as exc:
        raise GeneratorFileError(path, None, None, f"cannot read ({exc.strerror or exc})") from None
    return parse_generators(text, n_qubits, source=path, allow_identity=allow_identity, float_range=float_range)
