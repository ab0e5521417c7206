"""Coefficient fields beyond Q (number fields, transcendental constants) and their maps into GF(p).

The light interface and the field of rationals live in `liealg.coefficients`; this module (sympy)
is imported only when a coefficient is irrational.


In the basis iP the structure constants are integers, so a closure needs only
ring operations on the coefficients: any ring homomorphism phi from the ring
the coefficients generate into GF(p) turns the closure into one over GF(p).
Its dimension is never larger than the true one (every (d+1)-minor of the
nested commutators is zero, and phi maps zero to zero) and equals it unless
phi kills one d-minor, which happens for finitely many primes (and, with
indeterminates, for few evaluation points). This module finds such maps.

Fields, from the atoms of the coefficient expressions:

* rational:       Q. phi is reduction mod p.
* algebraic:      a number field Q(theta) (sqrt(2), 3**(1/3), cos(pi/7), ...):
                  theta is a primitive element with minimal polynomial f, and
                  phi sends theta to a root of f mod p, for primes p where f
                  has a root and p does not divide its discriminant.
* transcendental: Q(theta)(t_1..t_k) with t_i algebraically independent
                  indeterminates; phi also sends t_i to random elements of GF(p).
                  The dimension found is the generic one; by the Schwartz-Zippel
                  lemma it falls short with probability at most D/p per prime
                  (D bounds the degree of a d-minor: `sz_degree`).

Transcendental atoms are brought to independent generators first, so that no
hidden relation (cos(1)^2 + sin(1)^2 = 1, exp(2) = exp(1)^2, log(6) = log(2) +
log(3)) can make the generic answer wrong:

* exp(r), r rational (E = exp(1)):  b^(r L) with b = exp(1/L), L = lcm of the
  denominators;
* sin, cos, tan of rationals:       rational functions of u = tan(g/2), g the
  greatest common divisor of the angles (e^(ikg) = ((1 + iu)/(1 - iu))^k);
* log(r), r > 0 rational:           integer combinations of log(q), q prime;
* pi.

Independence is a theorem for a single transcendental (each is transcendental
over the algebraic numbers) and for exp together with trig (Lindemann-
Weierstrass: e^(1/L) and e^(ig) are algebraically independent); for other
combinations (pi and e, several logs) it is Schanuel's conjecture, and the
field says so (`independence`). Anything else (exp(pi), sqrt(pi), sin(sqrt(2)))
is refused with UnsupportedCoefficient: the float path can still take it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce

import sympy

from liealg.coefficients.domain import Evaluation, UnsupportedCoefficient

#: limits that keep the symbolic work on one input bounded
MAX_FIELD_DEGREE = 32  # [Q(theta) : Q] (sympy's primitive element takes seconds at 32)
MAX_ALGEBRAIC_ATOMS = 8
MAX_TRANSCENDENTALS = 8
MAX_POWER = 4096  # largest degree a coefficient may have in one indeterminate (exp(4096), sin(2048 g))
MAX_EXPR_OPS = 400  # sympy operations in one coefficient

_THETA = sympy.Symbol("theta")


def _is_rational_number(e) -> bool:
    return isinstance(e, sympy.Rational)


def _pi_multiple(a):
    """a / pi when it is rational, else None."""
    if not a.has(sympy.pi):
        return None
    q = a / sympy.pi
    return q if q.is_Rational else None


@dataclass
class _Atoms:
    algebraic: dict = field(default_factory=dict)  # expr -> None
    pi: bool = False
    exp_args: set = field(default_factory=set)  # rationals r of exp(r)
    trig_args: set = field(default_factory=set)  # rationals r of sin/cos/tan(r)
    log_args: set = field(default_factory=set)  # positive rationals

    def collect(self, e, root) -> None:
        if _is_rational_number(e):
            return
        if isinstance(e, sympy.Float):
            raise UnsupportedCoefficient(root, "an approximate floating-point value is not exact")
        if e.is_Add or e.is_Mul:
            for a in e.args:
                self.collect(a, root)
            return
        if e is sympy.pi:
            self.pi = True
            return
        if e is sympy.E:
            self.exp_args.add(sympy.Integer(1))
            return
        if e.is_Pow:
            base, ex = e.args
            if ex.is_Integer:
                if abs(int(ex)) > MAX_POWER:
                    raise UnsupportedCoefficient(root, f"power {ex} is beyond the exact path's limit {MAX_POWER}")
                self.collect(base, root)
                return
            if ex.is_Rational and _is_algebraic_constant(base):
                self._algebraic(e, root)
                return
            raise UnsupportedCoefficient(root, f"{e} is not a supported constant")
        if isinstance(e, sympy.exp):
            a = e.args[0]
            if a.is_Rational:
                self.exp_args.add(a)
                return
            raise UnsupportedCoefficient(root, f"exp of a non-rational argument ({e})")
        if isinstance(e, (sympy.sin, sympy.cos, sympy.tan)):
            a = e.args[0]
            if a.is_Rational:
                self.trig_args.add(a)
                return
            if _pi_multiple(a) is not None:  # sin(r pi) is algebraic
                self._algebraic(e, root)
                return
            raise UnsupportedCoefficient(root, f"{e.func.__name__} of an argument that is neither rational "
                                               f"nor a rational multiple of pi")
        if isinstance(e, sympy.log):
            a = e.args[0]
            if a.is_Rational and a > 0:
                self.log_args.add(a)
                return
            raise UnsupportedCoefficient(root, f"log of an argument that is not a positive rational ({e})")
        if _is_algebraic_constant(e):
            self._algebraic(e, root)
            return
        raise UnsupportedCoefficient(root, f"{e} is not a supported constant")

    def _algebraic(self, e, root) -> None:
        if e.is_real is not True:
            raise UnsupportedCoefficient(root, f"{e} is not real")
        self.algebraic[e] = None
        if len(self.algebraic) > MAX_ALGEBRAIC_ATOMS:
            raise UnsupportedCoefficient(root, f"more than {MAX_ALGEBRAIC_ATOMS} distinct algebraic numbers")


def _is_algebraic_constant(e) -> bool:
    if e.free_symbols:
        return False
    if e.is_Rational:
        return True
    if e.is_Add or e.is_Mul:
        return all(_is_algebraic_constant(a) for a in e.args)
    if e.is_Pow:
        return e.args[1].is_Rational and _is_algebraic_constant(e.args[0])
    if isinstance(e, (sympy.sin, sympy.cos, sympy.tan)):
        return _pi_multiple(e.args[0]) is not None
    return False


def _lcm(values) -> int:
    return reduce(lambda a, b: a * b // math.gcd(a, b), values, 1)


def _rational_gcd(values) -> sympy.Rational:
    nums = [abs(int(v.p)) for v in values]
    dens = [int(v.q) for v in values]
    return sympy.Rational(reduce(math.gcd, nums), _lcm(dens))


def _trig_parts(k: int, u):
    """(cos(k g), sin(k g)) as rational functions of u = tan(g/2)."""
    m = abs(k)
    re = sum(math.comb(2 * m, j) * (-1) ** (j // 2) * u ** j for j in range(0, 2 * m + 1, 2))
    im = sum(math.comb(2 * m, j) * (-1) ** ((j - 1) // 2) * u ** j for j in range(1, 2 * m + 1, 2))
    den = (1 + u ** 2) ** m
    return re / den, (im if k >= 0 else -im) / den


class CoefficientField:
    """The field generated by a set of real coefficient expressions (see the module docstring).

    Build it from every coefficient of a closure's generators; `evaluations(k)`
    gives k maps into GF(p) for distinct primes p, and `residue(c, ev)` maps
    one coefficient (one of those it was built from).
    """

    def __init__(self, coeffs):
        self.coeffs = list(dict.fromkeys(sympy.sympify(c) for c in coeffs))
        atoms = _Atoms()
        for c in self.coeffs:
            if c.count_ops() > MAX_EXPR_OPS:
                raise UnsupportedCoefficient(c, f"more than {MAX_EXPR_OPS} operations")
            atoms.collect(c, c)
        self._atoms = atoms
        self._build_algebraic(list(atoms.algebraic))
        self._build_transcendental(atoms)
        self.kind = "transcendental" if self.symbols else ("algebraic" if self.degree > 1 else "rational")
        self._reduced: dict = {}
        for c in self.coeffs:
            self._reduce(c)

    # --- construction ----------------------------------------------------------
    def _build_algebraic(self, alg_atoms) -> None:
        x = sympy.Symbol("x")
        self.degree, self.minpoly, self._alg_subs = 1, [1, 0], {}
        if not alg_atoms:
            return
        bound = 1
        for a in alg_atoms:
            mp = sympy.Poly(sympy.minimal_polynomial(a, x), x)
            bound *= mp.degree()
        if bound > MAX_FIELD_DEGREE:
            raise UnsupportedCoefficient(alg_atoms[0], f"the algebraic numbers {', '.join(map(str, alg_atoms))} "
                                                        f"generate a field of degree up to {bound} "
                                                        f"(limit {MAX_FIELD_DEGREE})")
        from sympy.polys.numberfields import primitive_element

        f, _, reps = primitive_element(alg_atoms, x, ex=True)
        f = sympy.Poly(f, x)
        if f.degree() > MAX_FIELD_DEGREE:
            raise UnsupportedCoefficient(alg_atoms[0], f"field degree {f.degree()} exceeds {MAX_FIELD_DEGREE}")
        _, f = f.clear_denoms()
        f = f.primitive()[1]
        self.degree = f.degree()
        self.minpoly = [int(c) for c in f.all_coeffs()]
        self._minpoly_theta = sympy.Poly(f.as_expr().subs(x, _THETA), _THETA)
        for a, rep in zip(alg_atoms, reps):
            coeffs = [sympy.Rational(int(q.numerator), int(q.denominator)) for q in rep]
            self._alg_subs[a] = sum(c * _THETA ** k for k, c in enumerate(reversed(coeffs)))
        self._disc = int(sympy.discriminant(f))

    def _build_transcendental(self, atoms: _Atoms) -> None:
        subs, symbols, names, families = {}, [], [], []
        if atoms.pi:
            t = sympy.Symbol("t_pi")
            subs[sympy.pi] = t
            symbols.append(t)
            names.append("pi")
            families.append("pi")
        if atoms.exp_args:
            L = _lcm(int(a.q) for a in atoms.exp_args)
            b = sympy.Symbol("t_exp")
            symbols.append(b)
            names.append(f"exp(1/{L})" if L > 1 else "e")
            families.append("exp")
            for a in atoms.exp_args:
                k = int(a * L)
                if abs(k) > MAX_POWER:
                    raise UnsupportedCoefficient(sympy.exp(a), f"exp({a}) is exp(1/{L})^{k}, beyond the exact "
                                                               f"path's degree limit {MAX_POWER}")
                subs[sympy.exp(a)] = b ** k
                if a == 1:
                    subs[sympy.E] = b ** k
        if atoms.trig_args:
            g = _rational_gcd(atoms.trig_args)
            u = sympy.Symbol("t_tan")
            symbols.append(u)
            names.append(f"tan({g / 2})")
            families.append("trig")
            for a in atoms.trig_args:
                k = int(a / g)
                if 2 * abs(k) > MAX_POWER:
                    raise UnsupportedCoefficient(sympy.sin(a), f"angle {a} is {k} times {g}, beyond the exact "
                                                               f"path's degree limit")
                c, s = _trig_parts(k, u)
                subs[sympy.cos(a)], subs[sympy.sin(a)], subs[sympy.tan(a)] = c, s, s / c
                subs[sympy.cos(-a)], subs[sympy.sin(-a)], subs[sympy.tan(-a)] = c, -s, -s / c
        if atoms.log_args:
            primes: dict[int, sympy.Symbol] = {}
            for a in atoms.log_args:
                if max(abs(int(a.p)), int(a.q)) > 10 ** 18:
                    raise UnsupportedCoefficient(sympy.log(a), "log of a number above 10^18")
                expr = 0
                for part, sign in ((int(a.p), 1), (int(a.q), -1)):
                    for q, e in sympy.factorint(part).items():
                        if q not in primes:
                            primes[q] = sympy.Symbol(f"t_log{q}")
                        expr += sign * e * primes[q]
                subs[sympy.log(a)] = expr
            for q in sorted(primes):
                symbols.append(primes[q])
                names.append(f"log({q})")
                families.append("log")
        if len(symbols) > MAX_TRANSCENDENTALS:
            raise UnsupportedCoefficient(", ".join(names), f"more than {MAX_TRANSCENDENTALS} independent "
                                                           f"transcendental constants")
        self.symbols, self.transcendentals, self._trans_subs = symbols, names, subs
        self.algebraic_numbers = list(atoms.algebraic)
        if not symbols:
            self.independence = None
        elif len(symbols) == 1 or sorted(families) == ["exp", "trig"]:
            self.independence = "proved"  # one transcendental, or exp and trig (Lindemann-Weierstrass)
        else:
            self.independence = "assumed (Schanuel's conjecture)"

    def _reduce(self, c):
        """(num, den) polynomials over Q in (theta, t_1..t_k), theta-degree < field degree."""
        hit = self._reduced.get(c)
        if hit is not None:
            return hit
        if c.is_Rational:
            out = ("rational", Fraction(int(c.p), int(c.q)))
            self._reduced[c] = out
            return out
        e = c.xreplace(self._alg_subs).xreplace(self._trans_subs)
        gens = ([_THETA] if self.degree > 1 else []) + self.symbols
        num, den = sympy.fraction(sympy.cancel(sympy.together(e)))
        num_p, den_p = sympy.Poly(num, *gens, domain="QQ"), sympy.Poly(den, *gens, domain="QQ")
        if self.degree > 1:
            num_p = self._mod_minpoly(num_p, gens)
            den_p = self._mod_minpoly(den_p, gens)
        if den_p.is_zero:
            raise UnsupportedCoefficient(c, "division by zero")
        for poly in (num_p, den_p):
            for mono in poly.monoms():
                if any(d > MAX_POWER for d in mono):
                    raise UnsupportedCoefficient(c, f"degree beyond the exact path's limit {MAX_POWER}")
        out = ("poly", _terms(num_p), _terms(den_p), _t_degree(num_p, self.degree > 1),
               _t_degree(den_p, self.degree > 1))
        self._reduced[c] = out
        return out

    def _mod_minpoly(self, poly, gens):
        f = sympy.Poly(self._minpoly_theta.as_expr(), *gens, domain="QQ")
        return poly.rem(f) if poly.degree(_THETA) >= self.degree else poly

    def substitute(self, expr):
        """`expr` with its transcendental constants replaced by the independent indeterminates
        (sympy Symbols `symbols`): e.g. cos(1)^2 + sin(1)^2 becomes a rational function of t_tan."""
        return sympy.sympify(expr).xreplace(self._trans_subs)

    # --- queries ------------------------------------------------------------------
    def is_zero(self, c) -> bool:
        """Whether the coefficient is exactly zero (in the field, with independent indeterminates)."""
        r = self._reduce(sympy.sympify(c))
        return r[1] == 0 if r[0] == "rational" else not r[1]

    def t_degree(self, coeffs) -> int:
        """Total degree in the indeterminates of the generator with these coefficients once its
        denominators are cleared (the generator times the product of its coefficients' denominators)."""
        if not self.symbols:
            return 0
        reds = [self._reduce(sympy.sympify(c)) for c in coeffs]
        dens = [r[4] if r[0] == "poly" else 0 for r in reds]
        nums = [r[3] if r[0] == "poly" else 0 for r in reds]
        total = sum(dens)
        return max(n + total - d for n, d in zip(nums, dens))

    def describe(self) -> dict:
        out: dict = {"kind": self.kind}
        if self.degree > 1:
            x = sympy.Symbol("x")
            out["degree"] = self.degree
            out["minimal_polynomial"] = str(sympy.Poly(self.minpoly, x).as_expr())
            out["algebraic_numbers"] = [str(a) for a in self._atoms.algebraic]
        if self.symbols:
            out["transcendentals"] = self.transcendentals
            out["independence"] = self.independence
        return out

    # --- maps into GF(p) ---------------------------------------------------------
    def evaluations(self, count: int, *, seed: int = 0, start: int = (1 << 31) - 1,
                    max_tries: int = 4000) -> list[Evaluation]:
        """`count` homomorphisms into GF(p) for distinct primes p < 2^31, largest primes first."""
        rng = random.Random(seed)
        out: list[Evaluation] = []
        p = start + 1
        for _ in range(max_tries):
            p = int(sympy.prevprime(p))
            ev = self.evaluation_at(p, rng)
            if ev is not None:
                out.append(ev)
                if len(out) == count:
                    return out
        raise UnsupportedCoefficient(self.coeffs[0], f"found only {len(out)} of {count} primes that the "
                                                     f"coefficient field maps into")

    def evaluation_at(self, p: int, rng: random.Random) -> Evaluation | None:
        """A homomorphism into GF(p), or None when this prime does not serve."""
        roots: list[int | None] = [None]
        if self.degree > 1:
            if self.minpoly[0] % p == 0 or self._disc % p == 0:
                return None
            roots = _roots_mod(self.minpoly, p, rng)
        for root in roots:
            for _ in range(4 if self.symbols else 1):
                values = tuple(rng.randrange(2, p - 1) for _ in self.symbols)
                ev = Evaluation(p, root, values)
                try:
                    for c in self.coeffs:
                        self.residue(c, ev)
                except ZeroDivisionError:
                    continue
                return ev
        return None

    def residue(self, c, ev: Evaluation) -> int:
        """phi(c) in GF(p); ZeroDivisionError when phi is not defined at c."""
        r = self._reduce(sympy.sympify(c))
        p = ev.p
        if r[0] == "rational":
            q = r[1]
            if q.denominator % p == 0:
                raise ZeroDivisionError(f"denominator of {q} is divisible by {p}")
            return q.numerator % p * pow(q.denominator, -1, p) % p
        num, den = _eval_terms(r[1], ev), _eval_terms(r[2], ev)
        if den == 0:
            raise ZeroDivisionError("denominator vanishes")
        return num * pow(den, -1, p) % p


def _terms(poly) -> list[tuple[tuple[int, ...], Fraction]]:
    return [(m, Fraction(int(c.p), int(c.q))) for m, c in poly.terms() if c != 0]


def _t_degree(poly, has_theta: bool) -> int:
    if poly.is_zero:
        return 0
    return max(sum(m[1:] if has_theta else m) for m in poly.monoms())


def _eval_terms(terms, ev: Evaluation) -> int:
    p = ev.p
    point = ([ev.theta_root] if ev.theta_root is not None else []) + list(ev.values)
    acc = 0
    for mono, q in terms:
        if q.denominator % p == 0:
            raise ZeroDivisionError(f"denominator of {q} is divisible by {p}")
        v = q.numerator % p * pow(q.denominator, -1, p) % p
        for base, e in zip(point, mono):
            if e:
                v = v * pow(base, e, p) % p
        acc += v
    return acc % p


def _roots_mod(coeffs: list[int], p: int, rng: random.Random) -> list[int]:
    """The roots in GF(p) of an integer polynomial (highest degree first), by distinct- and
    equal-degree factorization (sympy's galoistools)."""
    from sympy.polys import galoistools as gt
    from sympy.polys.domains import ZZ

    f = gt.gf_monic(gt.gf_from_int_poly(coeffs, p), p, ZZ)[1]
    xp = gt.gf_pow_mod([1, 0], p, f, p, ZZ)
    g = gt.gf_gcd(gt.gf_sub(xp, [1, 0], p, ZZ), f, p, ZZ)  # product of the linear factors
    if len(g) <= 1:
        return []
    if len(g) == 2:
        return [(-g[1]) % p]
    return sorted((-h[1]) % p for h in gt.gf_edf_zassenhaus(g, 1, p, ZZ))


__all__ = ["CoefficientField"]
