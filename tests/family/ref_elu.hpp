// activ tests — MPFR references for elu, selu and celu (tests/family/test_elu.cpp and the
// accuracy tool), with alpha exactly as given (a double) and SELU's constants exactly as
// PyTorch writes them. Kinks follow PyTorch's elu_backward: x <= 0 (y <= 0) takes the
// exponential branch.
#pragma once

#include "../support/mp.hpp"

namespace activ_test::ref {

namespace elu_detail {
/// SELU's alpha and lambda (PyTorch's decimal constants, taken as exact).
inline void selu_alpha(mpfr_ptr out) {
    mpfr_set_str(out, "1.6732632423543772848170429916717", 10, MPFR_RNDN);
}
inline void selu_lambda(mpfr_ptr out) {
    mpfr_set_str(out, "1.0507009873554804934193349852946", 10, MPFR_RNDN);
}

/// out = scale * x for x > 0; neg(out, x) otherwise; NaN -> NaN.
template <class Negative>
inline void piecewise(mpfr_ptr out, mpfr_srcptr x, mpfr_srcptr scale, Negative&& neg) {
    if (mpfr_nan_p(x))
        mpfr_set_nan(out);
    else if (mpfr_sgn(x) > 0)
        mpfr_mul(out, x, scale, MPFR_RNDN);
    else
        neg(out, x);
}
} // namespace elu_detail

// --- elu ------------------------------------------------------------------------------------
inline mp_ref elu(double alpha) {
    return [alpha](mpfr_ptr out, mpfr_srcptr x) {
        const mp one(1.0);
        elu_detail::piecewise(out, x, one, [alpha](mpfr_ptr o, mpfr_srcptr v) {
            mpfr_expm1(o, v, MPFR_RNDN);
            mpfr_mul_d(o, o, alpha, MPFR_RNDN);
        });
    };
}
inline mp_ref elu_derivative(double alpha) {
    return [alpha](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_sgn(x) > 0) {
            mpfr_set_d(out, 1.0, MPFR_RNDN);
        } else {
            mpfr_exp(out, x, MPFR_RNDN);
            mpfr_mul_d(out, out, alpha, MPFR_RNDN);
        }
    };
}
/// 1 for y > 0, y + alpha otherwise, exactly on y.
inline mp_ref elu_derivative_from_output(double alpha) {
    return [alpha](mpfr_ptr out, mpfr_srcptr y) {
        if (mpfr_nan_p(y))
            mpfr_set_nan(out);
        else if (mpfr_sgn(y) > 0)
            mpfr_set_d(out, 1.0, MPFR_RNDN);
        else
            mpfr_add_d(out, y, alpha, MPFR_RNDN);
    };
}

// --- selu -----------------------------------------------------------------------------------
inline mp_ref selu() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        mp lambda;
        elu_detail::selu_lambda(lambda);
        elu_detail::piecewise(out, x, lambda, [&lambda](mpfr_ptr o, mpfr_srcptr v) {
            mp alpha;
            elu_detail::selu_alpha(alpha);
            mpfr_expm1(o, v, MPFR_RNDN);
            mpfr_mul(o, o, alpha, MPFR_RNDN);
            mpfr_mul(o, o, lambda, MPFR_RNDN);
        });
    };
}
inline mp_ref selu_derivative() {
    return [](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
            return;
        }
        mp lambda;
        elu_detail::selu_lambda(lambda);
        if (mpfr_sgn(x) > 0) {
            mpfr_set(out, lambda, MPFR_RNDN);
            return;
        }
        mp alpha;
        elu_detail::selu_alpha(alpha);
        mpfr_exp(out, x, MPFR_RNDN);
        mpfr_mul(out, out, alpha, MPFR_RNDN);
        mpfr_mul(out, out, lambda, MPFR_RNDN);
    };
}
/// lambda for y > 0, y + lambda alpha otherwise, exactly on y.
inline mp_ref selu_derivative_from_output() {
    return [](mpfr_ptr out, mpfr_srcptr y) {
        if (mpfr_nan_p(y)) {
            mpfr_set_nan(out);
            return;
        }
        mp lambda;
        elu_detail::selu_lambda(lambda);
        if (mpfr_sgn(y) > 0) {
            mpfr_set(out, lambda, MPFR_RNDN);
            return;
        }
        mp alpha;
        elu_detail::selu_alpha(alpha);
        mpfr_mul(out, alpha, lambda, MPFR_RNDN);
        mpfr_add(out, out, y, MPFR_RNDN);
    };
}

// --- celu -----------------------------------------------------------------------------------
inline mp_ref celu(double alpha) {
    return [alpha](mpfr_ptr out, mpfr_srcptr x) {
        const mp one(1.0);
        elu_detail::piecewise(out, x, one, [alpha](mpfr_ptr o, mpfr_srcptr v) {
            mpfr_div_d(o, v, alpha, MPFR_RNDN);
            mpfr_expm1(o, o, MPFR_RNDN);
            mpfr_mul_d(o, o, alpha, MPFR_RNDN);
        });
    };
}
inline mp_ref celu_derivative(double alpha) {
    return [alpha](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x)) {
            mpfr_set_nan(out);
        } else if (mpfr_sgn(x) > 0) {
            mpfr_set_d(out, 1.0, MPFR_RNDN);
        } else {
            mpfr_div_d(out, x, alpha, MPFR_RNDN);
            mpfr_exp(out, out, MPFR_RNDN);
        }
    };
}
/// 1 for y > 0, (y + alpha) / alpha otherwise, exactly on y.
inline mp_ref celu_derivative_from_output(double alpha) {
    return [alpha](mpfr_ptr out, mpfr_srcptr y) {
        if (mpfr_nan_p(y)) {
            mpfr_set_nan(out);
        } else if (mpfr_sgn(y) > 0) {
            mpfr_set_d(out, 1.0, MPFR_RNDN);
        } else {
            mpfr_add_d(out, y, alpha, MPFR_RNDN);
            mpfr_div_d(out, out, alpha, MPFR_RNDN);
        }
    };
}

} // namespace activ_test::ref
