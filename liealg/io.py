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
from dataclasses import dataclass

import sympy
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication,
    parse_expr,
    rationalize,
    standard_transformations,
)

from .pauli import PauliString
from .sums import PauliSum

_TOKEN = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)"
    r"|(?P<op>\*\*|[-+*/^(),])"
)
_DENSE = re.compile(r"[IXYZ]+")
_SPARSE = re.compile(r"([IXYZ])(\d+)")
_ALLOWED_NAMES = {
    "sqrt": sympy.sqrt, "pi": sympy.pi, "E": sympy.E, "exp": sympy.exp, "log": sympy.log,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "Rational": sympy.Rational,
}
_IMAGINARY_NAMES = {"I", "i", "j", "J", "im", "imag"}
_TRANSFORMS = standard_transformations + (implicit_multiplication, convert_xor, rationalize)


class GeneratorFileError(ValueError):
    """A problem in a generator file, located at file:line:column."""

    def __init__(self, path: str, line: int | None, col: int | None, message: str):
        self.path, self.line, self.col, self.message = path, line, col, message
        where = path
        if line is not None:
            where += f":{line}"
            if col is not None:
                where += f":{col}"
        super().__init__(f"{where}: {message}")


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
        if last_text.isupper() or re.fullmatch(r"[A-Z]\d+", last_text):
            k = bad[0]
            err(last_col - 1 + k, f"unknown Pauli letter {last_text[k]!r} in {last_text!r} (use I, X, Y, Z)")
        if last_text in _IMAGINARY_NAMES:
            err(last_col - 1, f"term ends in {last_text!r}: complex coefficients are not allowed")
        err(last_col - 1, f"{last_text!r} is not a Pauli label (dense like XIZY or sparse like X0 Z3)")
    coeff = tokens[: len(tokens) - len(label)]
    if coeff and coeff[-1][1] == "*":
        coeff = coeff[:-1]
        if not coeff:
            err(label[0][2] - 1, "'*' without a coefficient")
    return coeff, label


def _coefficient(tokens, err) -> sympy.Expr:
    if not tokens:
        return sympy.Integer(1)
    col0 = tokens[0][2]
    for kind, text, col in tokens:
        if kind == "name":
            if text in _IMAGINARY_NAMES:
                err(col - 1, f"complex coefficient ({text!r}): generators must be Hermitian, coefficients real")
            if text not in _ALLOWED_NAMES:
                if _DENSE.fullmatch(text) or _SPARSE.fullmatch(text):
                    err(col - 1, f"two Pauli labels in one term ({text!r}); separate terms with + or -")
                err(col - 1, f"unknown name {text!r} in coefficient")
    text = " ".join(t for _, t, _ in tokens)
    try:
        value = parse_expr(text, local_dict=dict(_ALLOWED_NAMES), global_dict={"Integer": sympy.Integer,
                           "Float": sympy.Float, "Rational": sympy.Rational, "Symbol": sympy.Symbol},
                           transformations=_TRANSFORMS)
        value = sympy.sympify(value)
    except Exception as exc:  # sympy raises many types on malformed input
        err(col0 - 1, f"cannot read coefficient {text!r} ({type(exc).__name__})")
    if value.free_symbols:
        err(col0 - 1, f"coefficient {text!r} is not a number")
    if value.is_finite is False or value.has(sympy.zoo, sympy.nan, sympy.oo):
        err(col0 - 1, f"coefficient {text!r} is not finite")
    if value.is_real is not True:
        if value.is_real is False or value.as_real_imag()[1] != 0:
            err(col0 - 1, f"coefficient {text!r} is not real: generators must be Hermitian")
    if value == 0:
        err(col0 - 1, f"coefficient {text!r} is zero")
    return value


def _parse_line(text: str, err):
    """Terms of one line as (coefficient, kind, label text, column)."""
    tokens = _tokenize(text, err)
    out = []
    for term in _split_terms(tokens, err):
        coeff = term.sign * _coefficient(term.coeff_tokens, err)
        lab = term.label_tokens
        kind = "dense" if _DENSE.fullmatch(lab[0][1]) else "sparse"
        out.append((coeff, kind, " ".join(t for _, t, _ in lab), lab[0][2]))
    return out


def parse_generators(text: str, n_qubits: int | None = None, *, source: str = "<text>") -> list[PauliSum]:
    """Parse generator text into Hermitian PauliSums (one per non-empty line).

    >>> [str(g) for g in parse_generators("XXI\\nZZI + 1/2 IZZ")]
    ['XXI', 'ZZI + 1/2 IZZ']
    """
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
    max_sparse = -1
    for lineno, terms in parsed:
        for _, kind, lab, col in terms:
            if kind == "dense":
                if n is None:
                    n, n_from = len(lab), f"line {lineno}"
                elif len(lab) != n:
                    raise GeneratorFileError(
                        source, lineno, col,
                        f"label {lab!r} has {len(lab)} qubits but {n_from} has {n} (ragged qubit count)")
            else:
                for tok in lab.split():
                    max_sparse = max(max_sparse, int(_SPARSE.fullmatch(tok).group(2)))
    if n is None:
        n = max_sparse + 1

    gens = []
    for lineno, terms in parsed:
        items = []
        for coeff, kind, lab, col in terms:
            if kind == "dense":
                p = PauliString(lab)
            else:
                try:
                    p = PauliString.from_sparse(lab, n)
                except ValueError as exc:
                    raise GeneratorFileError(source, lineno, col, f"{exc} ({n} qubits from {n_from})") from None
            items.append((coeff, p))
        gen = PauliSum.from_terms(items, n)
        if len(gen) == 0:
            raise GeneratorFileError(source, lineno, 1, "generator is zero (its terms cancel)")
        for (_, p), (_, _, _, col) in zip(items, terms):
            if p.is_identity():
                what = "generator is the identity only" if len(items) == 1 else "identity term in a generator"
                raise GeneratorFileError(source, lineno, col,
                                         f"{what}: a global phase, not part of the circuit's algebra; remove it")
        gens.append(gen)
    return gens


def read_generators(path: str | os.PathLike, n_qubits: int | None = None) -> list[PauliSum]:
    """Read a generator file; raises GeneratorFileError (file:line:column) on bad input."""
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        raise GeneratorFileError(path, None, None, "no such file") from None
    except IsADirectoryError:
        raise GeneratorFileError(path, None, None, "is a directory, not a generator file") from None
    except PermissionError:
        raise GeneratorFileError(path, None, None, "permission denied") from None
    except UnicodeDecodeError as exc:
        line = text_line_of_offset(path, exc.start)
        raise GeneratorFileError(path, line, None, "not UTF-8 text") from None
    return parse_generators(text, n_qubits, source=path)


def text_line_of_offset(path: str, offset: int) -> int:
    with open(path, "rb") as fh:
        return fh.read(offset).count(b"\n") + 1
