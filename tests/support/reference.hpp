// activ tests — MPFR reference values for the smooth activations and their derivatives.
//
// Header-only; used by tests/test_accuracy.cpp, tests/test_special.cpp and reusable by accuracy
// tools (e.g. in bench/): a function *name* maps to an MPFR evaluator through
// `activ_test::ref_fn_from_name`, and `activ_test::reference` evaluates it.
//
// Precision: 128 bits by default (`reference::default_precision`). Every evaluator below is a
// handful of correctly rounded MPFR operations on well-conditioned forms (no cancellation), so
// the reference carries a relative error of a few 2^-128 — about 2^-100 of a float ULP and 2^-71
// of a double ULP — negligible for error bounds of a few ULP. The value is NOT rounded to
// float/double: the ULP measure (support/ulp.hpp) compares against the 128-bit value.
//
// Formulas (a = |x|):
//   sigmoid(x)            = 1/(1+e^-a)                     for x >= 0
//                         = e^-a/(1+e^-a)                  for x <  0
//   sigmoid'(x)           = e^-a/(1+e^-a)^2
//   sigmoid dfo(y)        = y(1-y)         (the formula itself, evaluated on the given y)
//   tanh(x)               = sign(x) * (1-e)/(1+e),  e = e^-2a, with 1-e = -expm1(-2a) for
//                           e > 1/2 (accurate also for tiny |x|)
//   tanh'(x)              = 4e/(1+e)^2
//   tanh dfo(y)           = 1 - y^2        (the formula itself, evaluated on the given y)
// The derivative_from_output references are the exact values of the formula on the float/double
// y (y, 1-y and y^2 are exact at 128 bits), i.e. the correctly rounded result is within 0.5 ULP
// of them; they do not measure the cancellation of the formula w.r.t. the true derivative.
//
// MPFR's exponent range (default about +-2^30) is much wider than double's: e^-a for the largest
// double a underflows inside MPFR to 0, which is then also the correct reference for the ULP
// measure (the exact value is far below half the smallest subnormal).
#pragma once

#include <mpfr.h>

#include <cmath>
#include <cstring>
#include <optional>
#include <string_view>
#include <type_traits>

#include "ulp.hpp"

namespace activ_test {

/// Every function with an MPFR reference.
enum class ref_fn {
    sigmoid,
    sigmoid_derivative,
    sigmoid_derivative_from_output,
    tanh,
    tanh_derivative,
    tanh_derivative_from_output,
};

/// Name, id and the documented accuracy bound in ULP (same for float and double).
struct ref_fn_info {
    const char* name;
    ref_fn id;
    double bound_ulp;
};

inline constexpr ref_fn_info ref_functions[] = {
    {"sigmoid", ref_fn::sigmoid, 2.0},
    {"sigmoid.derivative", ref_fn::sigmoid_derivative, 4.0},
    {"sigmoid.derivative_from_output", ref_fn::sigmoid_derivative_from_output, 2.0},
    {"tanh", ref_fn::tanh, 2.0},
    {"tanh.derivative", ref_fn::tanh_derivative, 4.0},
    {"tanh.derivative_from_output", ref_fn::tanh_derivative_from_output, 2.0},
};

inline const ref_fn_info& info(ref_fn f) {
    for (const auto& i : ref_functions)
        if (i.id == f) return i;
    return ref_functions[0]; // unreachable: every enumerator is listed
}

inline const char* name(ref_fn f) { return info(f).name; }
inline double bound_ulp(ref_fn f) { return info(f).bound_ulp; }

/// "sigmoid", "sigmoid.derivative", "sigmoid.derivative_from_output", "tanh", ... (also accepts
/// '_' or ':' in place of the '.', e.g. "tanh_derivative").
inline std::optional<ref_fn> ref_fn_from_name(std::string_view s) {
    for (const auto& i : ref_functions) {
        std::string_view n = i.name;
        if (n.size() != s.size()) continue;
        bool eq = true;
        for (std::size_t k = 0; k < n.size() && eq; ++k) {
            const char a = n[k], b = s[k];
            eq = a == b || (a == '.' && (b == '_' || b == ':'));
        }
        if (eq) return i.id;
    }
    return std::nullopt;
}

/// RAII MPFR number.
class mpfr_number {
public:
    explicit mpfr_number(mpfr_prec_t prec = 128) { mpfr_init2(v_, prec); }
    ~mpfr_number() { mpfr_clear(v_); }
    mpfr_number(const mpfr_number&) = delete;
    mpfr_number& operator=(const mpfr_number&) = delete;
    mpfr_ptr get() { return v_; }
    mpfr_srcptr get() const { return v_; }
    operator mpfr_ptr() { return v_; }
    operator mpfr_srcptr() const { return v_; }
    /// Correctly rounded to T (round to nearest even), subnormals included.
    template <class T>
    T to() const {
        if constexpr (std::is_same<T, float>::value)
            return mpfr_get_flt(v_, MPFR_RNDN);
        else
            return mpfr_get_d(v_, MPFR_RNDN);
    }

private:
    mpfr_t v_;
};

/// Evaluates the reference functions at a given precision. Not thread-safe (owns scratch
/// numbers); use one per thread.
class reference {
public:
    static constexpr mpfr_prec_t default_precision = 128;

    explicit reference(mpfr_prec_t prec = default_precision)
        : prec_(prec), x_(prec), a_(prec), e_(prec), t_(prec), u_(prec) {}

    mpfr_prec_t precision() const { return prec_; }

    /// out = f(x). out may have any precision (use at least precision()).
    void eval(ref_fn f, double x, mpfr_ptr out) {
        switch (f) {
        case ref_fn::sigmoid:
            sigmoid(x, out, nullptr);
            break;
        case ref_fn::sigmoid_derivative:
            sigmoid(x, nullptr, out);
            break;
        case ref_fn::tanh:
            tanh(x, out, nullptr);
            break;
        case ref_fn::tanh_derivative:
            tanh(x, nullptr, out);
            break;
        case ref_fn::sigmoid_derivative_from_output:
            sigmoid_dfo(x, out);
            break;
        case ref_fn::tanh_derivative_from_output:
            tanh_dfo(x, out);
            break;
        }
    }

    /// f(x) correctly rounded to T (for spot checks; the ULP measure should use eval()).
    template <class T>
    T rounded(ref_fn f, T x) {
        mpfr_number r(prec_);
        eval(f, static_cast<double>(x), r);
        return r.template to<T>();
    }

    /// Value and/or derivative of sigmoid at x in one exp (either pointer may be null).
    void sigmoid(double x, mpfr_ptr value, mpfr_ptr deriv) {
        if (std::isnan(x)) {
            if (value) mpfr_set_nan(value);
            if (deriv) mpfr_set_nan(deriv);
            return;
        }
        mpfr_set_d(x_, x, MPFR_RNDN); // exact
        mpfr_abs(a_, x_, MPFR_RNDN);
        mpfr_neg(a_, a_, MPFR_RNDN);
        mpfr_exp(e_, a_, MPFR_RNDN);       // e = e^-|x|  in (0, 1]
        mpfr_add_ui(t_, e_, 1, MPFR_RNDN); // t = 1 + e   in (1, 2]
        if (value) {
            if (x >= 0)
                mpfr_ui_div(value, 1, t_, MPFR_RNDN);
            else
                mpfr_div(value, e_, t_, MPFR_RNDN);
        }
        if (deriv) {
            mpfr_sqr(u_, t_, MPFR_RNDN);
            mpfr_div(deriv, e_, u_, MPFR_RNDN);
        }
    }

    /// Value and/or derivative of tanh at x (either pointer may be null).
    void tanh(double x, mpfr_ptr value, mpfr_ptr deriv) {
        if (std::isnan(x)) {
            if (value) mpfr_set_nan(value);
            if (deriv) mpfr_set_nan(deriv);
            return;
        }
        mpfr_set_d(x_, x, MPFR_RNDN);
        mpfr_abs(a_, x_, MPFR_RNDN);
        mpfr_mul_si(a_, a_, -2, MPFR_RNDN); // -2|x|, exact (power of two)
        mpfr_exp(e_, a_, MPFR_RNDN);        // e = e^-2|x|  in [0, 1]
        // m = e - 1 = expm1(-2|x|) in [-1, 0]. Subtracting is exact enough for e <= 1/2 (no
        // cancellation); for e > 1/2 (|x| < ln(2)/2) use expm1 so that tiny |x| keeps its
        // relative accuracy. (Conversely 1 + expm1(.) would lose e entirely for large |x|.)
        if (mpfr_cmp_d(e_, 0.5) <= 0)
            mpfr_sub_ui(u_, e_, 1, MPFR_RNDN);
        else
            mpfr_expm1(u_, a_, MPFR_RNDN);
        mpfr_add_ui(t_, e_, 1, MPFR_RNDN); // t = 1 + e  in [1, 2]
        if (value) {
            mpfr_neg(u_, u_, MPFR_RNDN);
            mpfr_div(value, u_, t_, MPFR_RNDN); // |tanh x| = (1 - e) / (1 + e)
            mpfr_setsign(value, value, std::signbit(x), MPFR_RNDN);
        }
        if (deriv) {
            mpfr_mul_2ui(u_, e_, 2, MPFR_RNDN); // 4e
            mpfr_sqr(a_, t_, MPFR_RNDN);
            mpfr_div(deriv, u_, a_, MPFR_RNDN); // 4e / (1 + e)^2
        }
    }

    /// y(1 - y), exact inputs, one rounding to the precision of out.
    void sigmoid_dfo(double y, mpfr_ptr out) {
        mpfr_set_d(x_, y, MPFR_RNDN);
        mpfr_ui_sub(t_, 1, x_, MPFR_RNDN); // relative error <= 2^-prec (exact unless y is tiny)
        mpfr_mul(out, x_, t_, MPFR_RNDN);
    }

    /// 1 - y^2.
    void tanh_dfo(double y, mpfr_ptr out) {
        mpfr_set_d(x_, y, MPFR_RNDN);
        mpfr_sqr(t_, x_, MPFR_RNDN); // exact at >= 106 bits
        mpfr_ui_sub(out, 1, t_, MPFR_RNDN);
    }

private:
    mpfr_prec_t prec_;
    mpfr_number x_, a_, e_, t_, u_;
};

} // namespace activ_test
