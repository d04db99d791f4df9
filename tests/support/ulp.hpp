// activ tests — the ULP error measure used by every accuracy check (tests and bench tools).
//
// Definition (used consistently everywhere in activ's tests and accuracy tools):
//
//     err(computed, exact) = |computed - exact| / ulp(exact)
//
// where `exact` is the MPFR reference value (at least 128 bits, never rounded to T first) and
//
//     ulp(v) = 2^(max(e, emin) - (p - 1)),   e = floor(log2 |v|)   (e = -inf for v == 0)
//
// with, for float, p = 24 and emin = -126, so ulp = 2^(max(e, -126) - 23); for double, p = 53 and
// emin = -1022, so ulp = 2^(max(e, -1022) - 52). In the subnormal range (and at 0) the ulp is
// therefore the smallest subnormal, 2^-149 for float and 2^-1074 for double: an error of one
// smallest subnormal counts as 1 ULP, however small the exact value is.
//
// Special cases:
//   * exact NaN: error 0 if computed is NaN, +inf otherwise; computed NaN with a non-NaN exact:
//   +inf.
//   * |exact| beyond the largest finite T (> max()): the exact value is treated as infinite with
//     its sign; the error is 0 if computed is that infinity, +inf otherwise. Both infinite with
//     the same sign: 0.
//   * computed infinite while exact is finite (and <= max()): +inf.
//   * The sign of a zero is not part of this measure (tests check signbit separately).
//
// The difference computed - exact is formed in MPFR (64-bit result precision, so the measured
// error itself carries a relative error below 2^-63) and scaled by the power of two ulp(exact)
// exactly, so no intermediate underflows or cancels.
#pragma once

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <type_traits>

namespace activ_test {

namespace detail {

// RAII scratch for the ULP measure: one set per thread, initialised once.
struct ulp_scratch {
    mpfr_t computed; // holds a float/double exactly
    mpfr_t diff;     // computed - exact, rounded to 64 bits
    mpfr_t limit;    // largest finite T
    ulp_scratch() {
        mpfr_init2(computed, 64);
        mpfr_init2(diff, 64);
        mpfr_init2(limit, 64);
    }
    ~ulp_scratch() {
        mpfr_clear(computed);
        mpfr_clear(diff);
        mpfr_clear(limit);
    }
    ulp_scratch(const ulp_scratch&) = delete;
    ulp_scratch& operator=(const ulp_scratch&) = delete;
};

inline ulp_scratch& scratch() {
    thread_local ulp_scratch s;
    return s;
}

} // namespace detail

/// Exponent k such that ulp(v) = 2^k for the non-NaN, finite MPFR value v, per the definition
/// above (v == 0 gives the subnormal ulp).
template <class T>
long ulp_exponent(mpfr_srcptr v) {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "ulp_exponent: float or double");
    constexpr long p = std::numeric_limits<T>::digits;              // 24 / 53
    constexpr long emin = std::numeric_limits<T>::min_exponent - 1; // -126 / -1022
    long e = emin;
    if (mpfr_regular_p(v)) {
        // MPFR: v = m * 2^E with 0.5 <= |m| < 1, so floor(log2 |v|) = E - 1.
        e = std::max(static_cast<long>(mpfr_get_exp(v)) - 1, emin);
    }
    return e - (p - 1);
}

/// The ULP error of `computed` against the exact value `exact` (see the definition above).
template <class T>
double ulp_error(T computed, mpfr_srcptr exact) {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "ulp_error: float or double");
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (mpfr_nan_p(exact)) return std::isnan(computed) ? 0.0 : inf;
    if (std::isnan(computed)) return inf;

    auto& s = detail::scratch();
    bool exact_is_inf = mpfr_inf_p(exact) != 0;
    if (!exact_is_inf) {
        mpfr_set_d(s.limit, static_cast<double>(std::numeric_limits<T>::max()), MPFR_RNDN);
        exact_is_inf = mpfr_cmpabs(exact, s.limit) > 0;
    }
    if (exact_is_inf) {
        const bool exact_neg = mpfr_signbit(exact) != 0;
        return (std::isinf(computed) && std::signbit(computed) == exact_neg) ? 0.0 : inf;
    }
    if (std::isinf(computed)) return inf;

    mpfr_set_d(s.computed, static_cast<double>(computed), MPFR_RNDN); // exact: 53 <= 64 bits
    mpfr_sub(s.diff, s.computed, exact, MPFR_RNDN);
    mpfr_mul_2si(s.diff, s.diff, -ulp_exponent<T>(exact), MPFR_RNDN); // exact scaling
    return std::fabs(mpfr_get_d(s.diff, MPFR_RNDN));
}

/// ULP error of `computed` against an exact value given as a double (for values that are
/// exactly representable in double, e.g. hand-derived expectations).
template <class T>
double ulp_error(T computed, double exact) {
    mpfr_t e;
    mpfr_init2(e, 64);
    mpfr_set_d(e, exact, MPFR_RNDN);
    const double r = ulp_error<T>(computed, e);
    mpfr_clear(e);
    return r;
}

} // namespace activ_test
