// activ tests — MPFR references of the hard (piecewise) family and softsign: relu6, hardtanh,
// hardsigmoid, hardswish, softsign. Parameters exactly as given (doubles), exact constants;
// each reference sets NaN for a NaN input. Used by tests/family/test_hard.cpp and the accuracy
// tool.
#pragma once

#include "../support/mp.hpp"

namespace activ_test::ref {

namespace hard_detail {
// out = clamp(x, lo, hi), the input itself when inside.
inline void clamp(mpfr_ptr out, mpfr_srcptr x, double lo, double hi) {
    if (mpfr_nan_p(x))
        mpfr_set_nan(out);
    else if (mpfr_cmp_d(x, lo) < 0)
        mpfr_set_d(out, lo, MPFR_RNDN);
    else if (mpfr_cmp_d(x, hi) > 0)
        mpfr_set_d(out, hi, MPFR_RNDN);
    else
        mpfr_set(out, x, MPFR_RNDN);
}
// out = inside for lo < x < hi (strictly), 0 otherwise.
inline void indicator(mpfr_ptr out, mpfr_srcptr x, double lo, double hi, double inside) {
    if (mpfr_nan_p(x))
        mpfr_set_nan(out);
    else
        mpfr_set_d(out, mpfr_cmp_d(x, lo) > 0 && mpfr_cmp_d(x, hi) < 0 ? inside : 0.0, MPFR_RNDN);
}
} // namespace hard_detail

/// hardtanh(x) = clamp(x, min_val, max_val).
inline mp_ref hardtanh(double min_val, double max_val) {
    return [=](mpfr_ptr out, mpfr_srcptr x) { hard_detail::clamp(out, x, min_val, max_val); };
}
/// hardtanh'(x) = 1 strictly inside (min_val, max_val), 0 elsewhere (PyTorch).
inline mp_ref hardtanh_derivative(double min_val, double max_val) {
    return
        [=](mpfr_ptr out, mpfr_srcptr x) { hard_detail::indicator(out, x, min_val, max_val, 1.0); };
}
/// The same rule on y. The functor compares y with the bounds as it outputs them (rounded to
/// the element type): pass those rounded bounds here.
inline mp_ref hardtanh_derivative_from_output(double min_val, double max_val) {
    return hardtanh_derivative(min_val, max_val);
}

inline mp_ref relu6() { return hardtanh(0.0, 6.0); }
inline mp_ref relu6_derivative() { return hardtanh_derivative(0.0, 6.0); }
inline mp_ref relu6_derivative_from_output() { return hardtanh_derivative(0.0, 6.0); }

/// hardsigmoid(x) = 0 for x <= -3, 1 for x >= 3, (x + 3) / 6 between.
inline mp_ref hardsigmoid() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x))
            mpfr_set_nan(out);
        else if (mpfr_cmp_si(x, -3) <= 0)
            mpfr_set_zero(out, 1);
        else if (mpfr_cmp_si(x, 3) >= 0)
            mpfr_set_ui(out, 1, MPFR_RNDN);
        else {
            mpfr_add_si(out, x, 3, MPFR_RNDN);
            mpfr_div_ui(out, out, 6, MPFR_RNDN);
        }
    };
}
/// 1/6 strictly inside (-3, 3), 0 elsewhere (PyTorch's hardsigmoid_backward).
inline mp_ref hardsigmoid_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_cmp_si(x, -3) > 0 && mpfr_cmp_si(x, 3) < 0) {
            mpfr_set_ui(out, 1, MPFR_RNDN);
            mpfr_div_ui(out, out, 6, MPFR_RNDN);
        } else {
            mpfr_set_zero(out, 1);
        }
    };
}
/// 1/6 for 0 < y < 1, 0 elsewhere.
inline mp_ref hardsigmoid_derivative_from_output() {
    return [](mpfr_ptr out, mpfr_srcptr y) {
        if (mpfr_nan_p(y)) {
            mpfr_set_nan(out);
        } else if (mpfr_sgn(y) > 0 && mpfr_cmp_ui(y, 1) < 0) {
            mpfr_set_ui(out, 1, MPFR_RNDN);
            mpfr_div_ui(out, out, 6, MPFR_RNDN);
        } else {
            mpfr_set_zero(out, 1);
        }
    };
}

/// hardswish(x) = 0 for x <= -3, x for x >= 3, x (x + 3) / 6 between.
inline mp_ref hardswish() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_cmp_si(x, -3) <= 0) {
            mpfr_set_zero(out, -1);
        } else if (mpfr_cmp_si(x, 3) >= 0) {
            mpfr_set(out, x, MPFR_RNDN);
        } else {
            mp t;
            mpfr_add_si(t, x, 3, MPFR_RNDN);
            mpfr_mul(out, x, t, MPFR_RNDN);
            mpfr_div_ui(out, out, 6, MPFR_RNDN);
        }
    };
}
/// hardswish'(x) = 0 for x <= -3, 1 for x >= 3, (2x + 3) / 6 between (PyTorch >= 2.7).
inline mp_ref hardswish_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_cmp_si(x, -3) <= 0) {
            mpfr_set_zero(out, 1);
        } else if (mpfr_cmp_si(x, 3) >= 0) {
            mpfr_set_ui(out, 1, MPFR_RNDN);
        } else {
            mpfr_mul_2ui(out, x, 1, MPFR_RNDN);
            mpfr_add_si(out, out, 3, MPFR_RNDN);
            mpfr_div_ui(out, out, 6, MPFR_RNDN);
        }
    };
}

/// softsign(x) = x / (1 + |x|); +-1 at +-inf.
inline mp_ref softsign() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_inf_p(x)) {
            mpfr_set_si(out, mpfr_sgn(x), MPFR_RNDN);
        } else {
            mp d;
            mpfr_abs(d, x, MPFR_RNDN);
            mpfr_add_ui(d, d, 1, MPFR_RNDN);
            mpfr_div(out, x, d, MPFR_RNDN);
        }
    };
}
/// softsign'(x) = 1 / (1 + |x|)^2; 0 at +-inf.
inline mp_ref softsign_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_inf_p(x)) {
            mpfr_set_zero(out, 1);
        } else {
            mp d;
            mpfr_abs(d, x, MPFR_RNDN);
            mpfr_add_ui(d, d, 1, MPFR_RNDN);
            mpfr_sqr(d, d, MPFR_RNDN);
            mpfr_ui_div(out, 1, d, MPFR_RNDN);
        }
    };
}
/// (1 - |y|)^2, exactly on y.
inline mp_ref softsign_derivative_from_output() {
    return [](mpfr_ptr out, mpfr_srcptr y) {
        if (mpfr_nan_p(y)) {
            mpfr_set_nan(out);
        } else {
            mp t;
            mpfr_abs(t, y, MPFR_RNDN);
            mpfr_ui_sub(t, 1, t, MPFR_RNDN);
            mpfr_sqr(out, t, MPFR_RNDN);
        }
    };
}

} // namespace activ_test::ref
