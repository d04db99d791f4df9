// activ::elu — the exponential linear unit (PyTorch's ELU).
//
//   elu(x)  = x for x > 0,  alpha (e^x - 1) otherwise              alpha default 1
//   elu'(x) = 1 for x > 0,  alpha e^x otherwise                    (alpha at the kink x = 0:
//                                                                   PyTorch's elu_backward
//                                                                   takes the x <= 0 branch)
//   from y = elu(x): 1 for y > 0,  y + alpha otherwise             (PyTorch's is_result form)
//
// How: e^x - 1 comes from kernels::expm1_nonpositive_parts as hi + lo (no cancellation near 0:
// elu(x) = alpha x for tiny x), and the product with alpha (alpha_hi + alpha_lo in float, exact
// in double) is formed as alpha_hi m_hi + (alpha_lo m_hi + alpha_hi m_lo): one final rounding
// with FMA. The derivative multiplies alpha by exp's unscaled parts and applies the power of two
// 2^k last, so alpha e^x is rounded once even where e^x alone would be subnormal (alpha > 1 keeps
// the result normal there). derivative_from_output: y + alpha_hi with its rounding error
// (Fast2Sum), then + alpha_lo; y + alpha_hi is exact near y = -alpha (Sterbenz), where the sum
// cancels, so the result keeps its relative accuracy down to y = -alpha.
//
// Error against MPFR (alpha exactly as given; tests/family/test_elu.cpp with
// ACTIV_ACCURACY_SAMPLES=10^6 per case, alpha in {1, 0.5, 2.5, 0.1}; tails [-110, -80] /
// [-750, -700], saturation and tiny |x| included). Worst case over the alphas:
//                      float                           double
//   AVX-512      elu   1.20 ULP (a 0.1, x = -2.92e-7)  1.28 ULP (a 0.1, x = -1.40e-13)
//   FMA only     elu   1.39 ULP (a 0.1, x = -0.342)    1.38 ULP (a 0.1, x = -0.316)
//   (both)       elu'  1.07 ULP (a 2.5, x = -5.87)     1.07 ULP (a 2.5, x = -4.46)
//                dfo   0.50 ULP                        0.50 ULP
//   without FMA  elu   1.63 ULP (a 0.1, x = -0.300)    1.59 ULP (a 2.5, x = -0.360)
//                elu'  1.39 ULP (a 2.5, x = -5.83)     1.40 ULP (a 2.5, x = -4.47)
//                dfo   0.50 ULP                        0.50 ULP
// Intel: expm1 clamps x at -40, and with ACTIV_ASSIST_FREE the derivative's 2^k is applied by
// kernels::ldexp_gradual, so no instruction underflows (a ~150-cycle microcode assist each);
// the same bits as without, over every float.
// Without AVX-512 the value's error peaks near x = -ln2/2, where kernels::expm1 switches its
// range reduction (~0.9 / 1.1 ULP there by itself), plus the product's rounding. With AVX-512
// expm1 is the table form (kernels::expm1_nonpositive_parts), whose error is its reduced
// polynomial's rounding: every float with alpha = 1 (bench/accuracy) 1.17 ULP at x = -0.0643
// (0.94 before), every 2^26-th double 1.04 ULP (1.09), for 1.6x the throughput (0.92 -> 0.58
// cycles per float at L1 on an Intel Xeon).
// Parameter: alpha must be finite, >= 0 and <= FLT_MAX (std::invalid_argument otherwise): a
// negative alpha makes the sign of y useless for derivative_from_output (PyTorch rejects it in
// its result-based backward). In float the derivative overflows for alpha > FLT_MAX / sqrt(2).
// Special values: NaN -> NaN (value and both derivatives); elu(+inf) = +inf, elu(-inf) = -alpha
// (rounded to the type); elu(-0) = -0, elu(+0) = +0; elu'(-inf) = 0, elu'(+inf) = 1;
// elu'(+-0) = alpha; derivative_from_output(+-0) = alpha.
#pragma once

#include <cfloat>

#include "../kernels/expm1.hpp"
#include "activation.hpp"

namespace activ {

namespace detail {
/// (c_hi + c_lo)(m.hi + m.lo) for |m| <= 1 (c: a parameter or constant as hi + lo): the cross
/// terms first, then one fused step (two roundings without FMA).
template <class T>
ACTIV_INLINE T elu_scaled(const T& c_hi, const T& c_lo, const kernels::pair<T>& m) noexcept {
    const T cross = kernels::madd(c_lo, m.hi, kernels::opaque(T(c_hi * m.lo)));
    return kernels::madd(c_hi, m.hi, cross);
}

/// (c_hi + c_lo) e^{x} (1 + x_lo) for x <= 0: c times exp's unscaled parts hi + lo (hi is a
/// normal number), then 2^k, so that a subnormal result is rounded once. x_lo: a small
/// correction of the argument (CELU's x / alpha), 0 for ELU and SELU.
template <class T>
ACTIV_INLINE T elu_scaled_exp(const T& c_hi, const T& c_lo, const T& x, const T& x_lo) noexcept {
    // x <= 0 (a positive x comes from the caller's other branch: its exponent would be garbage).
    const auto e = kernels::exp_nonpositive_parts(kernels::at_most(x, T(0)));
    const T lo = kernels::madd(e.hi, x_lo, e.lo); // e^{x + x_lo} ~ e^x (1 + x_lo)
#if ACTIV_ASSIST_FREE
    // Rounded once with no instruction that underflows (an Intel core's ~150-cycle assist).
    return kernels::ldexp_gradual(elu_scaled(c_hi, c_lo, kernels::pair<T>{e.hi, lo}), e.t_k);
#else
    return elu_scaled(c_hi, c_lo, kernels::pair<T>{e.hi, lo}) * kernels::pow2_from_magic<0>(e.t_k);
#endif
}

/// y + (c_hi + c_lo) as a pair, for y <= 0 and |y| <~ c (an output of the function): Fast2Sum
/// gives the rounding error of y + c_hi exactly (and y + c_hi is itself exact near y = -c,
/// where the sum cancels), then c_lo joins the low part.
template <class T>
ACTIV_INLINE kernels::pair<T> elu_plus(const T& y, const T& c_hi, const T& c_lo) noexcept {
    const T s = y + c_hi;
    return {s, T(T(T(c_hi - s) + y) + c_lo)};
}
} // namespace detail

struct elu : activation<elu> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 40; // instructions per element (Eigen's cost model)

    explicit elu(double alpha = 1.0) : alpha_(alpha) {
        detail::require(alpha >= 0 && alpha <= FLT_MAX,
                        "activ::elu: alpha must be finite and >= 0");
    }

    double alpha() const noexcept { return alpha_.get(); }

private:
    friend struct activation<elu>;

    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        const T a_hi(alpha_.value<S>()), a_lo(alpha_.rest<S>());
        // expm1 returns +0 for -0: the sign of x puts back elu(-0) = -0 (and -0 for alpha = 0).
        const T negative = kernels::copysign(
            detail::elu_scaled(a_hi, a_lo, kernels::expm1_nonpositive_parts(x)), x);
        return kernels::select(x > T(0), x, negative);
    }

    template <class T>
    ACTIV_INLINE T eval_derivative(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        const T a_hi(alpha_.value<S>()), a_lo(alpha_.rest<S>());
        return kernels::select(x > T(0), T(1), detail::elu_scaled_exp(a_hi, a_lo, x, T(0)));
    }

    template <class T>
    ACTIV_INLINE T eval_derivative_from_output(const T& y) const noexcept {
        using S = scalar_type_t<T>;
        const T a_hi(alpha_.value<S>()), a_lo(alpha_.rest<S>());
        const kernels::pair<T> s = detail::elu_plus(y, a_hi, a_lo);
        return kernels::select(y > T(0), T(1), T(s.hi + s.lo));
    }

    detail::parameter alpha_;
};

} // namespace activ
