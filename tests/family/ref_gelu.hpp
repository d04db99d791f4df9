// activ tests — MPFR references for gelu (tests/family/test_gelu.cpp and the accuracy tool):
// the exact formulas with Phi(x) = erfc(-x/sqrt2)/2 (see detail::normal_tail), at family_precision
// (256 bits: the derivative's sum Phi(x) + x phi(x) cancels near its root x0 = -0.7517916, which
// costs at most ~60 of them for a double input).
#pragma once

#include "../support/mp.hpp"

namespace activ_test::ref {

namespace detail {
/// out = Q(a) = Phi(-a) = erfc(a/sqrt2)/2 for a >= 0 (or NaN, +inf). MPFR's erfc takes
/// milliseconds for large arguments, so from a = 4 on Q = phi(a) M(a) with Laplace's continued
/// fraction for Mills' ratio, M(a) = 1/(a + 1/(a + 2/(a + 3/(a + ...)))), evaluated backwards
/// from N = 3000/a^2 + 20 terms at 192 bits: relative error < 2^-140 for every a >= 4 (checked
/// against MPFR's erfc in test_gelu.cpp).
inline void normal_tail(mpfr_ptr out, mpfr_srcptr a) {
    mp s;
    if (!(mpfr_cmp_ui(a, 4) >= 0)) { // below 4, or NaN
        mpfr_sqrt_ui(s, 2, MPFR_RNDN);
        mpfr_div(out, a, s, MPFR_RNDN);
        mpfr_erfc(out, out, MPFR_RNDN);
        mpfr_mul_2si(out, out, -1, MPFR_RNDN);
        return;
    }
    mpfr_t f, t;
    mpfr_init2(f, 192);
    mpfr_init2(t, 192);
    const double ad = mpfr_get_d(a, MPFR_RNDN);
    const unsigned long n = 20 + static_cast<unsigned long>(ad < 1e6 ? 3000.0 / (ad * ad) : 0.0);
    mpfr_set(f, a, MPFR_RNDN);
    for (unsigned long k = n; k >= 1; --k) {
        mpfr_ui_div(t, k, f, MPFR_RNDN);
        mpfr_add(f, a, t, MPFR_RNDN);
    }
    // phi(a) / f = e^{-a^2/2} / (sqrt(2 pi) f)
    mpfr_sqr(t, a, MPFR_RNDN);
    mpfr_mul_2si(t, t, -1, MPFR_RNDN);
    mpfr_neg(t, t, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN);
    mpfr_div(t, t, f, MPFR_RNDN);
    mpfr_const_pi(s, MPFR_RNDN);
    mpfr_mul_2si(s, s, 1, MPFR_RNDN);
    mpfr_sqrt(s, s, MPFR_RNDN);
    mpfr_div(out, t, s, MPFR_RNDN);
    mpfr_clear(f);
    mpfr_clear(t);
}

/// out = Phi(x): Q(-x) below zero, 1 - Q(x) above (no cancellation: Q <= 1/2).
inline void normal_cdf(mpfr_ptr out, mpfr_srcptr x) {
    mp a;
    mpfr_abs(a, x, MPFR_RNDN);
    normal_tail(out, a);
    if (mpfr_sgn(x) > 0) mpfr_ui_sub(out, 1, out, MPFR_RNDN);
}
} // namespace detail

/// gelu(x) = x Phi(x) (PyTorch's approximate='none').
inline mp_ref gelu() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        mp p;
        detail::normal_cdf(p, x);
        mpfr_mul(out, x, p, MPFR_RNDN);
    };
}

/// gelu'(x) = Phi(x) + x phi(x), phi(x) = e^{-x^2/2} / sqrt(2 pi).
inline mp_ref gelu_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        mp p, e, s;
        detail::normal_cdf(p, x);
        mpfr_sqr(e, x, MPFR_RNDN);
        mpfr_mul_2si(e, e, -1, MPFR_RNDN);
        mpfr_neg(e, e, MPFR_RNDN);
        mpfr_exp(e, e, MPFR_RNDN);
        mpfr_const_pi(s, MPFR_RNDN);
        mpfr_mul_2si(s, s, 1, MPFR_RNDN);
        mpfr_sqrt(s, s, MPFR_RNDN);
        mpfr_div(e, e, s, MPFR_RNDN);
        mpfr_mul(e, e, x, MPFR_RNDN);
        mpfr_add(out, p, e, MPFR_RNDN);
    };
}

} // namespace activ_test::ref
