#!/usr/bin/env python3
"""Fit the polynomial coefficients used by include/activ/kernels/ (needs python3-mpmath).

Each kernel evaluates a correction term g on a small interval; the fitted
polynomial is a near-minimax (Chebyshev) fit in high precision, then rounded to
the target type.  The printed 'max rel err' is the fit's own error, before any
rounding of the arithmetic; the measured end-to-end error of every function is
what tests/ and bench/accuracy check.

  exp:  e^r = 1 + r + r^2 * q(r)        on |r| <= ln2/2 (+ slack for rounding n)
  tanh: tanh(x) = x + x^3 * g(x^2)      on |x| <= TANH_POLY_LIMIT
"""
import mpmath as mp

mp.mp.dps = 60


def fit(f, a, b, degree):
    coeffs, err = mp.chebyfit(f, [a, b], degree + 1, error=True)
    return list(reversed(coeffs)), err  # lowest degree first


def show(name, coeffs, err, ctype):
    print(f"// {name}: fit error {mp.nstr(err, 3)}")
    for i, c in enumerate(coeffs):
        if ctype == "float":
            print(f"  c{i} = {mp.nstr(c, 10)}f")
        else:
            print(f"  c{i} = {mp.nstr(c, 20)}")


R = mp.log(2) / 2 * mp.mpf("1.0001")


def q_exp(r):
    if abs(r) < mp.mpf("1e-20"):
        return mp.mpf(1) / 2 + r / 6
    return (mp.exp(r) - 1 - r) / (r * r)


TANH_POLY_LIMIT = mp.mpf("0.625")


def g_tanh(u):
    if u < mp.mpf("1e-30"):
        return mp.mpf(-1) / 3
    x = mp.sqrt(u)
    return (mp.tanh(x) - x) / (x * u)


if __name__ == "__main__":
    for deg, ctype in ((5, "float"), (10, "double")):
        c, e = fit(q_exp, -R, R, deg)
        show(f"exp q(r), degree {deg}", c, e * R * R / mp.exp(-R), ctype)
    L2 = TANH_POLY_LIMIT ** 2
    for deg, ctype in ((5, "float"), (11, "double")):
        c, e = fit(g_tanh, 0, L2, deg)
        show(f"tanh g(u), degree {deg}", c, e * L2 / mp.tanh(TANH_POLY_LIMIT) * TANH_POLY_LIMIT, ctype)
