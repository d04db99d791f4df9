#!/usr/bin/env python3
"""Fit the polynomial coefficients used by include/activ/kernels/ (needs python3-mpmath).

Each kernel evaluates a correction term g on a small interval; the fitted
polynomial is a near-minimax (Chebyshev) fit in high precision, then rounded to
the target type.  The printed 'max rel err' is the fit's own error, before any
rounding of the arithmetic; the measured end-to-end error of every function is
what tests/ and bench/accuracy check.

  exp:  e^r = 1 + r + r^2 * q(r)        on |r| <= ln2/2 (+ slack for rounding n)

(tanh no longer has a polynomial of its own: it is -m / (2 + m) with m = e^{-2|x|} - 1
from the same exp polynomial, see include/activ/functions/tanh.hpp.)
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


if __name__ == "__main__":
    for deg, ctype in ((5, "float"), (10, "double")):
        c, e = fit(q_exp, -R, R, deg)
        show(f"exp q(r), degree {deg}", c, e * R * R / mp.exp(-R), ctype)
