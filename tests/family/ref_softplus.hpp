// activ tests — MPFR references for softplus, log_sigmoid and mish
// (tests/family/test_softplus.cpp and the accuracy tool), with beta and the threshold exactly
// as given (doubles) and the threshold switch decided on the exact product beta x.
// The forms avoid MPFR's exponent range (exp(1e30) overflows there): only exponentials of
// non-positive arguments, except under the threshold.
#pragma once

#include "../support/mp.hpp"

namespace activ_test::ref {

namespace detail {
/// RAII temporary at the family precision (products of two doubles are exact there).
class tmp {
public:
    tmp() { mpfr_init2(v_, family_precision); }
    tmp(const tmp&) = delete;
    tmp& operator=(const tmp&) = delete;
    ~tmp() { mpfr_clear(v_); }
    operator mpfr_ptr() { return v_; }

private:
    mpfr_t v_;
};

/// out = log1p(e^{-|z|}) for z (any sign).
inline void log1p_exp_neg_abs(mpfr_ptr out, mpfr_srcptr z) {
    tmp a;
    mpfr_abs(a, z, MPFR_RNDN);
    mpfr_neg(a, a, MPFR_RNDN);
    mpfr_exp(a, a, MPFR_RNDN);
    mpfr_log1p(out, a, MPFR_RNDN);
}

/// out = sigmoid(z) = 1 / (1 + e^{-z}), from e^{-|z|}.
inline void sigmoid(mpfr_ptr out, mpfr_srcptr z) {
    tmp e, d;
    mpfr_abs(e, z, MPFR_RNDN);
    mpfr_neg(e, e, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_add_ui(d, e, 1, MPFR_RNDN);
    if (mpfr_sgn(z) >= 0)
        mpfr_ui_div(out, 1, d, MPFR_RNDN);
    else
        mpfr_div(out, e, d, MPFR_RNDN);
}
} // namespace detail

/// (1/beta) log(1 + e^{beta x}), x where beta x > threshold (exactly).
inline mp_ref softplus(double beta, double threshold) {
    return [beta, threshold](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) return mpfr_set_nan(out);
        detail::tmp z, l;
        mpfr_mul_d(z, x, beta, MPFR_RNDN);
        if (mpfr_cmp_d(static_cast<mpfr_ptr>(z), threshold) > 0) {
            mpfr_set(out, x, MPFR_RNDN);
            return;
        }
        detail::log1p_exp_neg_abs(l, z); // log1p(e^z) = max(z, 0) + log1p(e^{-|z|})
        if (mpfr_sgn(static_cast<mpfr_srcptr>(static_cast<mpfr_ptr>(z))) > 0)
            mpfr_add(l, l, z, MPFR_RNDN);
        mpfr_div_d(out, l, beta, MPFR_RNDN);
    };
}
/// sigmoid(beta x), 1 where beta x > threshold.
inline mp_ref softplus_derivative(double beta, double threshold) {
    return [beta, threshold](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) return mpfr_set_nan(out);
        detail::tmp z;
        mpfr_mul_d(z, x, beta, MPFR_RNDN);
        if (mpfr_cmp_d(static_cast<mpfr_ptr>(z), threshold) > 0)
            mpfr_set_ui(out, 1, MPFR_RNDN);
        else
            detail::sigmoid(out, z);
    };
}
/// 1 - e^{-beta y} on y, 1 where beta y > threshold.
inline mp_ref softplus_derivative_from_output(double beta, double threshold) {
    return [beta, threshold](mpfr_ptr out, mpfr_srcptr y) {
        if (mpfr_nan_p(y)) return mpfr_set_nan(out);
        detail::tmp z;
        mpfr_mul_d(z, y, beta, MPFR_RNDN);
        if (mpfr_cmp_d(static_cast<mpfr_ptr>(z), threshold) > 0) {
            mpfr_set_ui(out, 1, MPFR_RNDN);
            return;
        }
        mpfr_neg(z, z, MPFR_RNDN);
        mpfr_expm1(z, z, MPFR_RNDN);
        mpfr_neg(out, z, MPFR_RNDN);
    };
}

/// log(sigmoid(x)) = min(x, 0) - log1p(e^{-|x|}).
inline mp_ref log_sigmoid() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) return mpfr_set_nan(out);
        detail::tmp l;
        detail::log1p_exp_neg_abs(l, x);
        if (mpfr_sgn(x) < 0)
            mpfr_sub(out, x, l, MPFR_RNDN);
        else
            mpfr_neg(out, l, MPFR_RNDN);
    };
}
/// sigmoid(-x).
inline mp_ref log_sigmoid_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) return mpfr_set_nan(out);
        detail::tmp z;
        mpfr_neg(z, x, MPFR_RNDN);
        detail::sigmoid(out, z);
    };
}
/// 1 - e^y on y.
inline mp_ref log_sigmoid_derivative_from_output() {
    return [](mpfr_ptr out, mpfr_srcptr y) {
        if (mpfr_nan_p(y)) return mpfr_set_nan(out);
        detail::tmp z;
        mpfr_expm1(z, y, MPFR_RNDN);
        mpfr_neg(out, z, MPFR_RNDN);
    };
}

namespace detail {
/// sp = softplus(x) = max(x, 0) + log1p(e^{-|x|}).
inline void softplus1(mpfr_ptr sp, mpfr_srcptr x) {
    log1p_exp_neg_abs(sp, x);
    if (mpfr_sgn(x) > 0) mpfr_add(sp, sp, x, MPFR_RNDN);
}
} // namespace detail

/// x tanh(softplus(x)).
inline mp_ref mish() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) return mpfr_set_nan(out);
        detail::tmp sp;
        detail::softplus1(sp, x);
        mpfr_tanh(sp, sp, MPFR_RNDN);
        mpfr_mul(out, x, sp, MPFR_RNDN);
    };
}
/// tanh(sp) + x sech^2(sp) sigmoid(x), sp = softplus(x) (the sum cancels near the root
/// x0 = -1.19243..., by at most ~60 bits for a double input: > 190 bits remain).
inline mp_ref mish_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) return mpfr_set_nan(out);
        detail::tmp sp, t, s, g;
        detail::softplus1(sp, x);
        mpfr_tanh(t, sp, MPFR_RNDN);
        mpfr_sech(s, sp, MPFR_RNDN);
        mpfr_sqr(s, s, MPFR_RNDN);
        detail::sigmoid(g, x);
        mpfr_mul(s, s, g, MPFR_RNDN);
        mpfr_mul(s, s, x, MPFR_RNDN);
        mpfr_add(out, t, s, MPFR_RNDN);
    };
}

} // namespace activ_test::ref
