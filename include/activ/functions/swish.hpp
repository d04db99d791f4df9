// activ::swish — x sigmoid(beta x) (Ramachandran et al.; PyTorch has only SiLU, beta = 1).
//
//   swish(x)  = x sigma(z),  z = beta x
//   swish'(x) = sigma(z) + beta x sigma(z) sigma(-z) = silu'(z)       (the same function of z)
//   derivative_from_output: none (not monotonic).
//
// beta == 1 runs silu's code (a branch on the parameter): swish{1} equals silu bit for bit.
// beta == 0 is the linear x / 2 (derivative 1/2). Otherwise z = beta x is carried as a pair:
// z_hi + z_lo = two_prod(beta_hi, x) + beta_lo x (beta_lo: the part of the double beta that
// float misses), because sigma(z) ~ e^z in the negative tail turns an absolute error of z
// into the same relative error of the result (|z| up to 104 float / 745 double: a rounded z
// alone would cost up to ~2^6 / 2^9 ULP there); e^{-|z|} = e^{-|z_hi|} (1 - sign(z) z_lo).
// The rest is silu's method (silu.hpp): with FMA the lean form (silu_impl::x_sigmoid_lean,
// z_lo joining the exponential's reduction); without, the numerator x (hi + lo) divided by
// 1 + e; either way scaled by 2^k afterwards (subnormal e^z with a normal result); and
// silu'(z) near its root z = x0 = -1.278... as u P(u), u = (z_hi - x0_hi) + (z_lo - x0_lo).
// swish' with FMA and AVX-512 is silu's lean derivative of the pair z
// (silu_impl::silu_slope_lean<true>): 1.84 -> 1.12 TSC cycles per float, 4.34 -> 3.02 per
// double at beta = 2 against the pair form (4096 elements through activ::apply, both forms in
// one process, AMD Zen 5); every 16th float: the same 2.01 ULP maximum, inside the root
// polynomial.
//
// Error against MPFR (tests/family/test_silu.cpp, 10^6 samples per form, type and beta in
// {2, 0.5, 1.7, -1}, dense at the root and the tails):
//   with FMA     swish  float 1.48 ULP   double 1.42 ULP      swish'  float 2.01   double 1.99
//   without FMA  swish  float 1.03 ULP   double 1.08 ULP      swish'  float 2.04   double 1.99
// (with FMA, every float at beta = 2, bench/activ_accuracy --only swish: 1.51 ULP; the pair
// form measured 1.03 ULP and took 2.65 / 7.36 against 1.84 / 5.01 TSC cycles per float /
// double, beta = 2, 4096 elements through activ::apply in one process on an Intel Xeon)
// Parameter: beta finite with beta == 0 or 1e-6 <= |beta| <= 1e6 (std::invalid_argument
// otherwise). Negative beta is allowed (computed directly, the same accuracy; the tails swap
// sides). Below 1e-6, x sigma(beta x) can be a normal number while
// e^{beta x} is below the exponential's range (|x| e^z with |x| = |z| / beta); above 1e6 the
// float product beta x has no exact split without FMA. Either way swish is then x/2 or ReLU.
// Special values: NaN -> NaN; swish(-0) = -0; swish(x) -> x where beta x -> +inf, -> +-0 (the
// sign of x, never NaN) where beta x -> -inf; swish'(x) -> 1 and -0 there; swish'(0) = 0.5.
#pragma once

#include <cmath>

#include "silu.hpp"

namespace activ {

struct swish : activation<swish> {
    static constexpr bool has_derivative_from_output = false;
    static constexpr int cost = 60; // instructions per element (Eigen's cost model)

    explicit swish(double beta = 1.0) : beta_(beta) {
        const double b = std::fabs(beta);
        detail::require(b == 0 || (b >= 1e-6 && b <= 1e6),
                        "activ::swish: beta must be 0 or between 1e-6 and 1e6 in magnitude");
    }

    double beta() const noexcept { return beta_.get(); }

    // activ::apply runs beta = 1 as silu in a loop of its own: with the branch on beta inside
    // one loop, GCC keeps registers for every form and spills (double: 0.59 against silu's
    // 0.87 Gitems/s at L1).
    ACTIV_INLINE bool has_fast_form() const noexcept { return beta_.get() == 1.0; }
    silu fast_form() const noexcept { return {}; }

private:
    friend struct activation<swish>;

    // z = beta x as z_hi + z_lo; z_lo is dropped where |z_hi| is beyond any use (and may be
    // NaN: an overflowed product, or Dekker's split of a huge x without FMA).
    template <class T>
    ACTIV_INLINE kernels::pair<T> argument(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        const kernels::pair<T> p = kernels::two_prod(T(beta_.value<S>()), x);
        const T lo = kernels::madd(T(beta_.rest<S>()), x, p.lo);
        return {p.hi, kernels::select(kernels::abs(p.hi) < T(S(1e4)), lo, T(0))};
    }

    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
        if (beta_.get() == 1.0) return silu::eval(x);
        if (beta_.get() == 0.0) return x * T(0.5);
        const kernels::pair<T> z = argument(x);
#if ACTIV_HAS_FMA
        return detail::silu_impl::x_sigmoid_lean(x, z);
#else
        return detail::silu_impl::x_sigmoid<true>(x, z.hi, z.lo);
#endif
    }

    template <class T>
    ACTIV_INLINE T eval_derivative(const T& x) const noexcept {
        if (beta_.get() == 1.0) return silu::eval_derivative(x);
        if (beta_.get() == 0.0) return kernels::select(kernels::is_nan(x), x, T(0.5));
        const kernels::pair<T> z = argument(x);
#if ACTIV_HAS_FMA && ACTIV_AVX512
        return detail::silu_impl::silu_slope_lean<true>(z.hi, z.lo);
#else
        return detail::silu_impl::silu_slope<true>(z.hi, z.lo);
#endif
    }

    detail::parameter beta_;
};

} // namespace activ
