// activ::hardswish — x * relu6(x + 3) / 6 (PyTorch's Hardswish, MobileNetV3).
//
//   hardswish(x)  = 0 for x <= -3,  x for x >= 3,  x (x + 3) / 6 otherwise
//   hardswish'(x) = 0 for x <= -3,  1 for x >= 3,  (2x + 3) / 6 for -3 < x < 3
//   no derivative_from_output: y does not determine x (y takes every value of [-3/8, 0] twice
//   on [-3, 0]), so has_derivative_from_output = false.
//
// Kinks (PyTorch's hardswish_backward since 2.7, pytorch/pytorch#148049): 0 at x = -3 and 1 at
// x = 3, the one-sided values of the flat and identity pieces. PyTorch <= 2.6 applied
// x/3 + 1/2 on the closed [-3, 3] (-0.5 at -3, 1.5 at 3) in its scalar path.
// Computation of the middle pieces (each correctly rounded up to ~2^-p ULP, FMA or not):
//   value: x + 3 = s + e exactly (Fast2Sum, |x| < 4); x s = p_hi + p_lo exactly (two_prod);
//          x (x + 3) = p_hi + (p_lo + x e) and its sixth via the exact remainder of p_hi / 6
//          (detail::divide_by_6, see hardsigmoid.hpp). The plain x (x + 3) / 6 rounds 3 times.
//          Near x = -3 the result goes to 0: s is then exact (Sterbenz) and so is the product.
//          The sign is copied from x (the result has x's sign on (-3, 3)), so -0 -> -0.
//   derivative: 2x + 3 = t + f exactly (2Sum), then (t + f) / 6 the same way. At the root
//          x = -1.5 it is exact: 2x + 3 cancels exactly (Sterbenz) and nothing else is rounded.
// Measured (tests/family/test_hard.cpp, 10^5 samples per form; float also exhaustively over
// (-3, 3) against a double reference: x (x + 3) and 2x + 3 are exact in double), with and without
// FMA:
//   value      float 0.50 ULP, double 0.50 ULP;  derivative float 0.50 ULP, double 0.50 ULP.
// Results below the smallest normal (x within ~2^-125 of 0 in float) may lose bits.
// Special values: NaN -> NaN (value and derivative); hardswish(-inf) = -0 and hardswish(x) =
// -0 for every x <= -3 (PyTorch's x * 0); hardswish(+inf) = +inf; hardswish(+-0) = +-0;
// hardswish'(-inf) = 0, hardswish'(+inf) = 1.
#pragma once

#include "activation.hpp"
#include "hardsigmoid.hpp"

namespace activ {

struct hardswish : activation<hardswish> {
    static constexpr bool has_derivative_from_output = false;
    static constexpr int cost = 24; // instructions per element (Eigen's cost model)

private:
    friend struct activation<hardswish>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        // x clamped below at -3 (NaN kept): there the middle piece is -3 * 0 / 6 = -0 exactly,
        // so a clamp replaces a compare and a blend (the same bits over every float; 1.06x
        // faster in float, 1.07x in double on Zen 5, 4096 elements through activ::apply).
        const T xc = kernels::at_least(x, T(-3));
        const T s = T(3) + xc;
        const T e = xc - T(s - T(3)); // x + 3 = s + e exactly for |x| < 4
        const kernels::pair<T> p = kernels::two_prod(xc, s);
        const T middle = detail::divide_by_6(p.hi, kernels::madd(xc, e, p.lo));
        return kernels::select(x >= T(3), x, kernels::copysign(middle, xc));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        // 2Sum: 2x + 3 = t + f exactly, whatever the magnitudes.
        const T a = x + x;
        const T t = a + T(3);
        const T b = t - a;
        const T f = T(a - T(t - b)) + T(T(3) - b);
        const T middle = detail::divide_by_6(t, f);
        return kernels::select(x <= T(-3), T(0), kernels::select(x >= T(3), T(1), middle));
    }
};

} // namespace activ
