// activ tests — MPFR references for activ::spike and its surrogates (tests/family/test_spike.cpp
// and the accuracy tool), with every parameter exactly as given (a double) and exact constants.
#pragma once

#include "../support/mp.hpp"

namespace activ_test::ref {

/// step(x): 1 above 0, 0 below, at_zero at +-0, NaN kept.
inline mp_ref spike(double at_zero) {
    return [at_zero](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x))
            mpfr_set_nan(out);
        else
            mpfr_set_d(out, mpfr_zero_p(x) ? at_zero : (mpfr_sgn(x) > 0 ? 1.0 : 0.0), MPFR_RNDN);
    };
}

namespace spike_detail {
// out = f(|x|) for finite x; NaN -> NaN; +-inf -> at_inf.
template <class F>
mp_ref even(double at_inf, F f) {
    return [at_inf, f](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_inf_p(x)) {
            mpfr_set_d(out, at_inf, MPFR_RNDN);
        } else {
            mp a;
            mpfr_abs(a, x, MPFR_RNDN);
            f(out, a);
        }
    };
}
} // namespace spike_detail

/// 1.
inline mp_ref surrogate_straight_through() {
    return spike_detail::even(1.0, [](mpfr_ptr out, mpfr_ptr) { mpfr_set_ui(out, 1, MPFR_RNDN); });
}

/// 1 / (1 + k a)^2.
inline mp_ref surrogate_fast_sigmoid(double k) {
    return spike_detail::even(0.0, [k](mpfr_ptr out, mpfr_ptr a) {
        mp d;
        mpfr_mul_d(d, a, k, MPFR_RNDN);
        mpfr_add_ui(d, d, 1, MPFR_RNDN);
        mpfr_sqr(d, d, MPFR_RNDN);
        mpfr_ui_div(out, 1, d, MPFR_RNDN);
    });
}

/// k e / (1 + e)^2, e = e^{-k a}  (= k sigma(kx)(1 - sigma(kx))).
inline mp_ref surrogate_sigmoid(double k) {
    return spike_detail::even(0.0, [k](mpfr_ptr out, mpfr_ptr a) {
        mp e, d;
        mpfr_mul_d(e, a, -k, MPFR_RNDN);
        mpfr_exp(e, e, MPFR_RNDN);
        mpfr_add_ui(d, e, 1, MPFR_RNDN);
        mpfr_sqr(d, d, MPFR_RNDN);
        mpfr_mul_d(e, e, k, MPFR_RNDN);
        mpfr_div(out, e, d, MPFR_RNDN);
    });
}

/// (alpha/2) / (1 + (pi alpha a / 2)^2).
inline mp_ref surrogate_atan(double alpha) {
    return spike_detail::even(0.0, [alpha](mpfr_ptr out, mpfr_ptr a) {
        mp t, h;
        mpfr_const_pi(t, MPFR_RNDN);
        mpfr_set_d(h, alpha, MPFR_RNDN);
        mpfr_div_2ui(h, h, 1, MPFR_RNDN); // alpha / 2, exact
        mpfr_mul(t, t, h, MPFR_RNDN);
        mpfr_mul(t, t, a, MPFR_RNDN);
        mpfr_sqr(t, t, MPFR_RNDN);
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
        mpfr_div(out, h, t, MPFR_RNDN);
    });
}

/// max(0, 1 - a/width) / width.
inline mp_ref surrogate_triangle(double width) {
    return spike_detail::even(0.0, [width](mpfr_ptr out, mpfr_ptr a) {
        mp t;
        mpfr_div_d(t, a, width, MPFR_RNDN);
        mpfr_ui_sub(t, 1, t, MPFR_RNDN);
        if (mpfr_sgn(static_cast<mpfr_srcptr>(t)) <= 0)
            mpfr_set_zero(out, 1);
        else
            mpfr_div_d(out, t, width, MPFR_RNDN);
    });
}

/// e^{-a^2 / (2 sigma^2)} / (sigma sqrt(2 pi)).
inline mp_ref surrogate_gaussian(double sigma) {
    return spike_detail::even(0.0, [sigma](mpfr_ptr out, mpfr_ptr a) {
        mp z, n;
        mpfr_div_d(z, a, sigma, MPFR_RNDN);
        mpfr_sqr(z, z, MPFR_RNDN);
        mpfr_div_2ui(z, z, 1, MPFR_RNDN);
        mpfr_neg(z, z, MPFR_RNDN);
        mpfr_exp(z, z, MPFR_RNDN);
        mpfr_const_pi(n, MPFR_RNDN);
        mpfr_mul_2ui(n, n, 1, MPFR_RNDN);
        mpfr_sqrt(n, n, MPFR_RNDN);
        mpfr_mul_d(n, n, sigma, MPFR_RNDN);
        mpfr_div(out, z, n, MPFR_RNDN);
    });
}

} // namespace activ_test::ref
