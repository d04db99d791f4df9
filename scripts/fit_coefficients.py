#!/usr/bin/env python3
"""Fit the polynomial coefficients used by include/activ/kernels/ (needs python3-mpmath).

  exp:  e^r = 1 + r + r^2 * q(r)        on |r| <= ln2/2 (+ slack for rounding n)

float: q of degree 4 by Remez exchange on the relative error of e^r,
(e^r - 1 - r - r^2 q(r)) / e^r, then q's constant term rounded to float and the
other four refitted around it (the printed error is that of the float-rounded
coefficients, in exact arithmetic).  double: q of degree 10, a Chebyshev fit
(near-minimax; its error, 2.4e-19, is far below double's 1.1e-16).

With AVX-512, exp_split reads 2^(i/16) from a 16-entry table first (|r| <= ln2/32):
float q of degree 1, double of degree 5; the tables' hi + lo pairs are printed next.
tanh's one_minus_exp_and_exp (kernels/expm1.hpp) rounds k up instead (r in [-ln2/N, 0]),
with N = 32 entries in float and 16 in double: q fitted to e^r - 1 relative to e^r - 1
itself (Chebyshev, float degree 2, double degree 5), hi_i = 2^(i/N) rounded to one bit
fewer than the type has, and lo_i / hi_i; printed last.

The printed error is the fit's own, before any rounding of the arithmetic; the
measured end-to-end error of every function is what tests/ and bench/accuracy check.
(Without AVX-512 tanh has no polynomial of its own: -m / (2 + m) with m = e^{-2|x|} - 1
from the plain exp polynomial, see include/activ/functions/tanh.hpp.)
"""
import struct

import mpmath as mp

mp.mp.dps = 60

R = mp.log(2) / 2 * mp.mpf("1.0001")


def q_exp(r):
    if abs(r) < mp.mpf("1e-20"):
        return mp.mpf(1) / 2 + r / 6
    return (mp.exp(r) - 1 - r) / (r * r)


def to_float(x):
    return mp.mpf(struct.unpack("f", struct.pack("f", float(x)))[0])


def remez(f, weight, degree, a, b, iterations=30, grid=4000):
    """Coefficients c (lowest first) minimizing max |weight(x) (f(x) - c(x))| on [a, b]."""
    n = degree + 1
    # Initial reference: Chebyshev extrema, without the point nearest 0 (where the weight of
    # the exp fit vanishes).
    xs = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (n + 1 - i) / (n + 1)) for i in range(n + 2)]
    xs.sort(key=abs)
    xs = sorted(xs[1:])
    points = [a + (b - a) * i / grid for i in range(grid + 1)]
    c = None
    for _ in range(iterations):
        A = mp.matrix(n + 1, n + 1)
        y = mp.matrix(n + 1, 1)
        for i, x in enumerate(xs):
            for j in range(n):
                A[i, j] = weight(x) * x**j
            A[i, n] = (-1) ** i
            y[i] = weight(x) * f(x)
        sol = mp.lu_solve(A, y)
        c = [sol[j] for j in range(n)]
        err = [weight(x) * (f(x) - mp.polyval(c[::-1], x)) for x in points]
        extrema = []
        for i, v in enumerate(err):
            left = err[i - 1] if i > 0 else None
            right = err[i + 1] if i + 1 < len(err) else None
            if v != 0 and (left is None or abs(v) >= abs(left)) and (right is None or abs(v) >= abs(right)):
                if extrema and mp.sign(extrema[-1][1]) == mp.sign(v):
                    if abs(v) > abs(extrema[-1][1]):
                        extrema[-1] = (points[i], v)
                else:
                    extrema.append((points[i], v))
        while len(extrema) > n + 1:
            extrema.pop(0 if abs(extrema[0][1]) < abs(extrema[-1][1]) else -1)
        if len(extrema) < n + 1:
            break
        xs = [x for x, _ in extrema]
    return c


def fit_exp_float(degree):
    def rel(r):
        return r * r / mp.exp(r)

    c0 = to_float(remez(q_exp, rel, degree, -R, R)[0])

    def rest(r):  # (q(r) - c0) / r, fitted with weight r^3 / e^r
        if abs(r) < mp.mpf("1e-20"):
            return mp.mpf(1) / 6
        return (q_exp(r) - c0) / r

    c = [c0] + [to_float(v) for v in remez(rest, lambda r: r * rel(r), degree - 1, -R, R)]
    points = [-R + 2 * R * i / 20000 for i in range(20001)]
    err = max(abs(rel(r) * (q_exp(r) - mp.polyval(c[::-1], r))) for r in points)
    return c, err


def show(name, coeffs, err, ctype):
    print(f"// {name}: max relative error {mp.nstr(err, 3)}")
    for i, c in enumerate(coeffs):
        if ctype == "float":
            print(f"  c{i} = {mp.nstr(c, 10)}f")
        else:
            print(f"  c{i} = {mp.nstr(c, 20)}")


def fit_exp_table_float():
    """q of degree 1 for the AVX-512 table path (|r| <= ln2/32): the weight r^2 vanishes at 0,
    which Remez's exchange above does not survive at this degree; a search over float
    coefficients near the analytic optimum (c0 = 1/2 + ~8.5e-6, c1 = 1/6 + ~2.3e-6) instead."""
    a = mp.log(2) / 32 * mp.mpf("1.0001")
    pts = [-a + 2 * a * i / 1000 for i in range(1001)]
    table = [(r, q_exp(r), r * r / mp.exp(r)) for r in pts]

    def err(c0, c1):
        return max(abs(w * (q - c0 - c1 * r)) for r, q, w in table)

    def step(x, k):  # k float ULPs above x (x > 0)
        b = struct.unpack("I", struct.pack("f", float(x)))[0] + k
        return mp.mpf(struct.unpack("f", struct.pack("I", b))[0])

    c0 = to_float(mp.mpf(1) / 2 + mp.mpf("8.49e-6"))
    c1 = to_float(mp.mpf(1) / 6 + mp.mpf("2.3e-6"))
    best = (err(c0, c1), c0, c1)
    for span0, span1, stride0, stride1 in ((40, 150, 4, 25), (4, 25, 1, 5)):
        _, b0, b1 = best
        for k1 in range(-span1, span1 + 1, stride1):
            for k0 in range(-span0, span0 + 1, stride0):
                cand = (err(step(b0, k0), step(b1, k1)), step(b0, k0), step(b1, k1))
                if cand[0] < best[0]:
                    best = cand
    return [best[1], best[2]], best[0]


if __name__ == "__main__":
    c, e = fit_exp_float(4)
    show("exp q(r), float, degree 4 (Remez)", c, e, "float")
    c, e = mp.chebyfit(q_exp, [-R, R], 11, error=True)
    show("exp q(r), double, degree 10 (Chebyshev)", list(reversed(c)), e * R * R / mp.exp(-R), "double")
    # The AVX-512 table path (kernels/exp.hpp, exp_split): e^x = 2^(k/16) e^r, |r| <= ln2/32.
    c, e = fit_exp_table_float()
    show("exp q(r) with the 16-entry table, float, degree 1", c, e, "float")
    R16 = mp.log(2) / 32 * mp.mpf("1.0001")
    c, e = mp.chebyfit(q_exp, [-R16, R16], 6, error=True)
    show("exp q(r) with the 16-entry table, double, degree 5 (Chebyshev)", list(reversed(c)),
         e * R16 * R16 / mp.exp(-R16), "double")
    for i in range(16):
        v = mp.mpf(2) ** (mp.mpf(i) / 16)
        print(f"  2^({i}/16): float {mp.nstr(to_float(v), 11)}f + {mp.nstr(to_float(v - to_float(v)), 10)}f,"
              f" double {repr(float(v))} + {repr(float(v - mp.mpf(float(v))))}")
    # tanh's table (kernels/expm1.hpp, one_minus_exp_and_exp): k rounded up, r in [-ln2/N, 0].
    for name, n, bits, degree, conv in (("float", 32, 23, 2, to_float),
                                        ("double", 16, 52, 5, lambda v: mp.mpf(float(v)))):
        a = mp.log(2) / n * mp.mpf("1.0002")
        c = [conv(v) for v in reversed(mp.chebyfit(q_exp, [-a, mp.mpf("1e-6")], degree + 1))]
        pts = [-a * i / 2000 for i in range(1, 2001)]
        err = max(abs((r + r * r * mp.polyval(c[::-1], r) - mp.expm1(r)) / mp.expm1(r)) for r in pts)
        show(f"e^r - 1 on [-ln2/{n}, 0] relative to itself, {name}, degree {degree}", c, err,
             name)
        for i in range(n):
            v = mp.mpf(2) ** (mp.mpf(i) / n)
            hi = mp.nint(v * 2 ** (bits - 1)) / 2 ** (bits - 1)  # one bit fewer than the type
            print(f"  2^({i}/{n}): hi {mp.nstr(hi, 17)}, lo/hi {mp.nstr(conv((v - hi) / hi), 10)}")
