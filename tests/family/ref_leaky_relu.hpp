// activ tests — MPFR references for leaky_relu (tests/family/test_leaky_relu.cpp and the
// accuracy tool), with the slope exactly as given (a double).
#pragma once

#include "../support/mp.hpp"

namespace activ_test::ref {

// References with the slope exactly as given (a double).
inline mp_ref leaky_relu(double s) {
    return [s](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_sgn(x) > 0 || mpfr_nan_p(x))
            mpfr_set(out, x, MPFR_RNDN);
        else
            mpfr_mul_d(out, x, s, MPFR_RNDN);
    };
}
inline mp_ref leaky_relu_derivative(double s) {
    return [s](mpfr_ptr out, mpfr_srcptr x) {
        if (mpfr_nan_p(x))
            mpfr_set_nan(out);
        else
            mpfr_set_d(out, mpfr_sgn(x) > 0 ? 1.0 : s, MPFR_RNDN);
    };
}

/// y > 0 iff x > 0: the derivative's reference, on the output.
inline mp_ref leaky_relu_derivative_from_output(double s) { return leaky_relu_derivative(s); }

} // namespace activ_test::ref
