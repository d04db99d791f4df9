// activ::celu — the continuously differentiable exponential linear unit (PyTorch's CELU).
//
//   celu(x)  = max(0, x) + min(0, alpha (e^{x/alpha} - 1))          alpha default 1
//            = x for x > 0,  alpha (e^{x/alpha} - 1) otherwise
//   celu'(x) = 1 for x > 0,  e^{x/alpha} otherwise                   (1 at the kink x = 0, from
//                                                                     either side; PyTorch's
//                                                                     elu_backward takes x <= 0)
//   from y = celu(x): 1 for y > 0,  (y + alpha) / alpha otherwise    (PyTorch's is_result form)
//
// How: the quotient q = x / alpha is rounded, and e^{x/alpha} amplifies that rounding by |q|
// (up to ~100 in float, ~700 in double, where the derivative goes subnormal): it is carried as
// q + q_lo, q_lo = (x - q alpha_hi - q alpha_lo) / alpha_hi, with the residual x - q alpha_hi
// exact (one FMA; without FMA Dekker's two_prod and Sterbenz), and applied as
// e^{q + q_lo} = e^q (1 + q_lo). The value alpha (e^{x/alpha} - 1) is far less sensitive (the
// factor is |q| e^q / (1 - e^q) <= 1) but gets the same correction, (e^q - 1) + e^q q_lo, then
// the product with alpha_hi + alpha_lo as in activ::elu (one rounding with FMA). Where
// |x / alpha| < 2^-60 (float) / 2^-500 (double) the value is x itself (the exact value differs
// by a factor 1 + x/(2 alpha)): this also keeps full precision where q alone would be
// subnormal. For alpha = 1 (a branch on the parameter) q = x and there is no division.
// derivative_from_output: ((y + alpha_hi) + alpha_lo) / (alpha_hi + alpha_lo) with
// kernels::divide, y + alpha_hi with its Fast2Sum error term (exact near y = -alpha: Sterbenz).
//
// Error against MPFR (alpha exactly as given; tests/family/test_elu.cpp with
// ACTIV_ACCURACY_SAMPLES=10^6 per case, alpha in {1, 0.5, 2.5, 1e-3, 0.3}; tails of x / alpha
// in [-110, -80] / [-750, -700], saturation and tiny |x| included). Worst over the alphas:
//                      float                            double
//   AVX-512      celu  1.15 ULP (a 2.5, x = -3.83)      1.20 ULP (a 1e-3, x = -1.24e-4)
//   FMA only     celu  1.23 ULP (a 2.5, x = -0.863)     1.24 ULP (a 2.5, x = -0.840)
//   (both)       celu' 0.97 ULP (a 0.3, x = -21.3)      0.95 ULP (a 0.5, x = -17.1)
//                dfo   1.00 ULP (a 1e-3, y ~ -alpha)    0.50 ULP
//   without FMA  celu  1.65 ULP (a 2.5, x = -0.843)     1.68 ULP (a 2.5, x = -0.793)
//                celu' 0.93 ULP                         0.95 ULP
//                dfo   1.22 ULP (a 1e-3)                1.30 ULP (a 2.5)
// Without the q_lo correction the derivative's error would grow like |x / alpha| / 2 ULP (the
// quotient's rounding, amplified: ~50 ULP at x / alpha = -100).
// Parameter: alpha must be finite, > 0 and <= FLT_MAX (std::invalid_argument otherwise; PyTorch
// rejects alpha = 0, a division by zero). The compensation q_lo is used for alpha in
// [2^-60, 2^60] (outside, the plain quotient: Dekker's split would overflow without FMA).
// Special values: NaN -> NaN (value and both derivatives); celu(+inf) = +inf,
// celu(-inf) = -alpha (rounded to the type); celu(-0) = -0, celu(+0) = +0; celu'(-inf) = 0,
// celu'(+inf) = 1; celu'(+-0) = 1; derivative_from_output(+-0) = 1.
#pragma once

#include "elu.hpp"

namespace activ {

struct celu : activation<celu> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 55; // instructions per element (Eigen's cost model)

    explicit celu(double alpha = 1.0) : alpha_(alpha) {
        detail::require(alpha > 0 && alpha <= FLT_MAX, "activ::celu: alpha must be finite and > 0");
    }

    double alpha() const noexcept { return alpha_.get(); }

private:
    friend struct activation<celu>;

    /// x / alpha as q + q_lo (q_lo = 0 where e^q is 0 anyway, so that no inf or NaN arises
    /// from an overflowing quotient).
    template <class T>
    ACTIV_INLINE kernels::pair<T> quotient(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        const double a = alpha_.get();
        if (a == 1.0) return {x, T(0)};
        const T a_hi(alpha_.value<S>()), a_lo(alpha_.rest<S>());
        const T q = x / a_hi;
        if (!(a >= 0x1p-60 && a <= 0x1p60)) return {q, T(0)};
#if ACTIV_HAS_FMA
        const T residual = kernels::nmadd(q, a_hi, x); // x - q alpha_hi, exact
#else
        const kernels::pair<T> p = kernels::two_prod(q, a_hi);
        const T residual = (x - p.hi) - p.lo; // x - p.hi exact (Sterbenz); the result is exact
#endif
        const T q_lo = kernels::nmadd(q, a_lo, residual) / a_hi;
        const T limit(-kernels::exp_constants<S>::lowest);
        return {q, kernels::select(kernels::abs(q) < limit, q_lo, T(0))};
    }

    template <class S>
    ACTIV_INLINE static constexpr S tiny_quotient() noexcept {
        if constexpr (std::is_same<S, float>::value)
            return S(0x1p-60);
        else
            return S(0x1p-500);
    }

    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        const T a_hi(alpha_.value<S>()), a_lo(alpha_.rest<S>());
        const kernels::pair<T> q = quotient(x);
        const kernels::pair<T> m = kernels::expm1_nonpositive_parts(q.hi);
        // e^{q + q_lo} - 1 = (e^q - 1) + e^q q_lo, e^q = 1 + m.
        const T m_lo = kernels::madd(T(m.hi + T(1)), q.lo, m.lo);
        const T negative = detail::elu_scaled(a_hi, a_lo, kernels::pair<T>{m.hi, m_lo});
        // x > 0, +-0 and tiny |x| / alpha: x itself.
        return kernels::select(q.hi > T(-tiny_quotient<S>()), x, negative);
    }

    template <class T>
    ACTIV_INLINE T eval_derivative(const T& x) const noexcept {
        const kernels::pair<T> q = quotient(x);
        return kernels::select(x > T(0), T(1), detail::elu_scaled_exp(T(1), T(0), q.hi, q.lo));
    }

    template <class T>
    ACTIV_INLINE T eval_derivative_from_output(const T& y) const noexcept {
        using S = scalar_type_t<T>;
        const T a_hi(alpha_.value<S>()), a_lo(alpha_.rest<S>());
        const kernels::pair<T> s = detail::elu_plus(y, a_hi, a_lo);
        return kernels::select(y > T(0), T(1), kernels::divide(s, kernels::pair<T>{a_hi, a_lo}));
    }

    detail::parameter alpha_;
};

} // namespace activ
