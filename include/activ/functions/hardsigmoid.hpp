// activ::hardsigmoid — piecewise-linear sigmoid (PyTorch's Hardsigmoid): relu6(x + 3) / 6.
//
//   hardsigmoid(x)  = 0 for x <= -3,  1 for x >= 3,  (x + 3) / 6 otherwise
//   hardsigmoid'(x) = 1/6 for -3 < x < 3 (strictly),  0 otherwise   (0 at both kinks:
//                     PyTorch's hardsigmoid_backward)
//   from y = hardsigmoid(x): 1/6 for 0 < y < 1,  0 otherwise        (y = 0 or 1: saturated)
//
// Computation of the middle piece, correctly rounded up to ~2^-p ULP, with or without FMA:
// x + 3 = s + e exactly (Fast2Sum: |x| < 3 there); q = s RN(1/6) (within ~1 ULP); the remainder
// s - 6q is exact as (s - 4q) - 2q (4q, 2q are exact and each subtraction is exact by
// Sterbenz); the result is q + (remainder + e) / 6, one final rounding of a tiny correction.
// Why: the plain (x + 3) / 6 rounds twice, and x + 3 is rounded on an 6x coarser grid than the
// result (ulp(s) / 6 can be 4/3 ulp(result)): up to 1.8 ULP for x in [-1, 0). x / 6 + 1/2
// would cancel near x = -3 where the result goes to 0.
// Measured (tests/family/test_hard.cpp, 10^5 samples per form; float also exhaustively over
// (-3, 3) against a double reference): value 0.5 ULP (float and double, with and without
// FMA); derivative and derivative_from_output: 1/6 rounded, 0.33 ULP.
// Special values: NaN -> NaN in all three forms; hardsigmoid(-inf) = 0, (+inf) = 1,
// (+-0) = 0.5; the derivatives are 0 at +-inf.
#pragma once

#include "activation.hpp"

namespace activ {

namespace detail {
/// (hi + lo) / 6 with one final rounding of a small correction: within 0.5 ULP + ~2^-p ULP,
/// with or without FMA, and no division instruction (two per batch made hardswish
/// division-bound: a 512-bit VDIVPS issues once per ~10 cycles on Intel). q = hi * RN(1/6),
/// within ~1 ULP of hi / 6; the remainder hi - 6q is computed exactly as (hi - 4q) - 2q (the
/// products by powers of two are exact, and so is any contraction of them; both subtractions
/// are exact by Sterbenz's lemma for any q within a few percent of hi / 6: 4q ~ 2hi/3 and
/// hi - 4q ~ 2q). The correction (remainder + lo) / 6 is below ~2 ULP of q, so the relative
/// error of RN(1/6) in it moves the result by ~2^-p ULP only.
/// Requires |lo| << |hi| or hi = 0, and no overflow of 4q.
template <class T>
ACTIV_INLINE T divide_by_6(const T& hi, const T& lo) noexcept {
    const T sixth = kernels::constant<T>(1.0 / 6.0);
    const T q = hi * sixth;
    const T remainder = T(hi - T(4) * q) - T(2) * q;
    return kernels::madd(T(remainder + lo), sixth, q);
}
} // namespace detail

struct hardsigmoid : activation<hardsigmoid> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 12; // instructions per element (Eigen's cost model)

private:
    friend struct activation<hardsigmoid>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        // x clamped to [-3, 3] (NaN kept): the middle piece gives exactly +0 at -3 and 1 at 3
        // (6 RN(1/6) rounds to 1 in float and double), so two clamps replace two compares and
        // two blends: the same bits over every float (AVX-512, AVX2, SSE4), 1.16x faster in
        // float and 1.13x in double on Zen 5 (4096 elements through activ::apply).
        // x + 3 = s + e exactly (Fast2Sum, valid for |x| < 4).
        const T xc = kernels::at_most(kernels::at_least(x, T(-3)), T(3));
        const T s = T(3) + xc;
        const T e = xc - T(s - T(3));
        return detail::divide_by_6(s, e);
    }

    // 1/6 where lo < v < hi, else 0; NaN kept.
    template <class T>
    ACTIV_INLINE static T sixth_inside(const T& v, const T& lo, const T& hi) noexcept {
        return kernels::inside_or_zero(v, lo, hi, kernels::constant<T>(1.0 / 6.0));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        return sixth_inside(x, T(-3), T(3));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
        return sixth_inside(y, T(0), T(1));
    }
};

} // namespace activ
