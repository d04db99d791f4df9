// activ tests — MPFR references for silu, swish and gelu_tanh (tests/family/test_silu.cpp and
// the accuracy tool), with the parameters exactly as given (doubles) and the exact constants
// sqrt(2/pi) and 0.044715 (the decimal, not its double).
//
// All three are x sigma(z) for an argument z(x): silu z = x, swish z = beta x, gelu_tanh
// z = 2 sqrt(2/pi) (x + 0.044715 x^3) (0.5 x (1 + tanh(z/2)) = x sigma(z); the sigmoid form
// does not cancel for z << 0, where 1 + tanh needs more than 256 bits once z < -180).
// sigma(z) = 1 / (1 + e^{-z}) and sigma(-z) = 1 / (1 + e^z) are both formed directly (no
// 1 - sigma). The derivative sigma(z) + x sigma(z) sigma(-z) z'(x) cancels only near its root,
// which costs < 64 of the 256 bits for a double input.
#pragma once

#include "../support/mp.hpp"

namespace activ_test::ref {

namespace silu_detail {

/// out = sigma(z) (sign = +1) or sigma(-z) (sign = -1).
inline void sigma(mpfr_ptr out, mpfr_srcptr z, int sign) {
    mpfr_t t;
    mpfr_init2(t, mpfr_get_prec(out) + 64);
    if (sign > 0)
        mpfr_neg(t, z, MPFR_RNDN);
    else
        mpfr_set(t, z, MPFR_RNDN);
    mpfr_exp(t, t, MPFR_RNDN); // may overflow to +inf: then sigma = 0, as it should
    mpfr_add_ui(t, t, 1, MPFR_RNDN);
    mpfr_ui_div(out, 1, t, MPFR_RNDN);
    mpfr_clear(t);
}

/// out = x sigma(z).
inline void x_sigma(mpfr_ptr out, mpfr_srcptr x, mpfr_srcptr z) {
    mpfr_t s;
    mpfr_init2(s, mpfr_get_prec(out) + 64);
    sigma(s, z, 1);
    mpfr_mul(out, x, s, MPFR_RNDN);
    if (mpfr_nan_p(out) && !mpfr_nan_p(x)) // -inf * sigma(-inf): the limit is -0
        mpfr_set_zero(out, mpfr_signbit(x) ? -1 : 1);
    mpfr_clear(s);
}

/// out = sigma(z) + x sigma(z) sigma(-z) dz (dz = z'(x)).
inline void slope(mpfr_ptr out, mpfr_srcptr x, mpfr_srcptr z, mpfr_srcptr dz) {
    const mpfr_prec_t p = mpfr_get_prec(out) + 64;
    mpfr_t s, m, t;
    mpfr_inits2(p, s, m, t, static_cast<mpfr_ptr>(nullptr));
    sigma(s, z, 1);
    sigma(m, z, -1);
    mpfr_mul(t, s, m, MPFR_RNDN);
    mpfr_mul(t, t, x, MPFR_RNDN);
    mpfr_mul(t, t, dz, MPFR_RNDN);
    if (mpfr_nan_p(t) && !mpfr_nan_p(x)) // 0 * inf at |x| = inf: the limit of that term is 0
        mpfr_set_zero(t, 1);
    mpfr_add(out, s, t, MPFR_RNDN);
    mpfr_clears(s, m, t, static_cast<mpfr_ptr>(nullptr));
}

/// gelu_tanh's argument z = c (x + k x^3) and z' = c (1 + 3 k x^2), c = 2 sqrt(2/pi),
/// k = 0.044715.
inline void gelu_tanh_argument(mpfr_ptr z, mpfr_ptr dz, mpfr_srcptr x) {
    const mpfr_prec_t p = mpfr_get_prec(z);
    mpfr_t c, k, x2;
    mpfr_inits2(p, c, k, x2, static_cast<mpfr_ptr>(nullptr));
    mpfr_const_pi(c, MPFR_RNDN);
    mpfr_ui_div(c, 2, c, MPFR_RNDN);
    mpfr_sqrt(c, c, MPFR_RNDN);
    mpfr_mul_ui(c, c, 2, MPFR_RNDN);
    mpfr_set_str(k, "0.044715", 10, MPFR_RNDN);
    mpfr_sqr(x2, x, MPFR_RNDN);
    mpfr_mul(z, k, x2, MPFR_RNDN);    // k x^2
    mpfr_mul_ui(dz, z, 3, MPFR_RNDN); // 3 k x^2
    mpfr_add_ui(z, z, 1, MPFR_RNDN);
    mpfr_mul(z, z, x, MPFR_RNDN);
    mpfr_mul(z, z, c, MPFR_RNDN);
    mpfr_add_ui(dz, dz, 1, MPFR_RNDN);
    mpfr_mul(dz, dz, c, MPFR_RNDN);
    mpfr_clears(c, k, x2, static_cast<mpfr_ptr>(nullptr));
}

} // namespace silu_detail

/// x sigma(beta x) (silu: beta = 1).
inline mp_ref swish(double beta) {
    return [beta](mpfr_ptr out, mpfr_srcptr x) {
        mpfr_t z;
        mpfr_init2(z, mpfr_get_prec(out) + 64);
        mpfr_mul_d(z, x, beta, MPFR_RNDN); // exact: 53 + 53 bits fit
        if (mpfr_nan_p(z) && !mpfr_nan_p(x))
            mpfr_set_zero(z, 1); // beta = 0, x = +-inf: z = 0 (the value x/2)
        silu_detail::x_sigma(out, x, z);
        mpfr_clear(z);
    };
}

/// sigma(z) + z sigma(z) sigma(-z) at z = beta x (d/dx x sigma(beta x) = silu'(beta x)).
inline mp_ref swish_derivative(double beta) {
    return [beta](mpfr_ptr out, mpfr_srcptr x) {
        mpfr_t z, one;
        mpfr_inits2(mpfr_get_prec(out) + 64, z, one, static_cast<mpfr_ptr>(nullptr));
        mpfr_mul_d(z, x, beta, MPFR_RNDN);
        if (mpfr_nan_p(z) && !mpfr_nan_p(x)) mpfr_set_zero(z, 1);
        mpfr_set_ui(one, 1, MPFR_RNDN);
        silu_detail::slope(out, z, z, one);
        mpfr_clears(z, one, static_cast<mpfr_ptr>(nullptr));
    };
}

inline mp_ref silu() { return swish(1.0); }
inline mp_ref silu_derivative() { return swish_derivative(1.0); }

/// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x sigma(z).
inline mp_ref gelu_tanh() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        const mpfr_prec_t p = mpfr_get_prec(out) + 64;
        mpfr_t z, dz;
        mpfr_inits2(p, z, dz, static_cast<mpfr_ptr>(nullptr));
        silu_detail::gelu_tanh_argument(z, dz, x);
        silu_detail::x_sigma(out, x, z);
        mpfr_clears(z, dz, static_cast<mpfr_ptr>(nullptr));
    };
}

/// sigma(z) + x sigma(z) sigma(-z) z'(x).
inline mp_ref gelu_tanh_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        const mpfr_prec_t p = mpfr_get_prec(out) + 64;
        mpfr_t z, dz;
        mpfr_inits2(p, z, dz, static_cast<mpfr_ptr>(nullptr));
        silu_detail::gelu_tanh_argument(z, dz, x);
        silu_detail::slope(out, x, z, dz);
        mpfr_clears(z, dz, static_cast<mpfr_ptr>(nullptr));
    };
}

} // namespace activ_test::ref
