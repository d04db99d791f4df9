// activ::relu6 — ReLU capped at 6 (PyTorch's ReLU6 = Hardtanh(0, 6)).
//
//   relu6(x)  = 0 for x < 0,  6 for x > 6,  x otherwise          exact (0 ULP)
//   relu6'(x) = 1 for 0 < x < 6 (strictly),  0 otherwise         (0 at both kinks: PyTorch's
//                                                                 hardtanh_backward)
//   from y = relu6(x): 1 for 0 < y < 6,  0 otherwise             (y = 0 or 6: clamped)
//
// Computation: two clamps, kernels::at_least/at_most: MAXPS/MINPS with x as the second operand,
// which they return for a NaN (and for -0 against 0: the same bits as the selects
// x < 0 ? 0 : x and r > 6 ? 6 : r, in one instruction each). relu6(-0) = -0, as activ::relu:
// an input in [0, 6], -0 included, passes unchanged. Against the two selects (Zen 5, 4096
// floats through activ::apply): 1.38x; the derivatives' 0-or-NaN by kernels::by_sign, 1.24x.
// relu6(+inf) = 6, relu6(-inf) = 0; both derivatives are 0 there. NaN -> NaN in all three forms.
// Measured error: 0 ULP in every form (value, derivative, derivative_from_output; float and double;
// with and without FMA; 10^5 samples per form, tests/family/test_hard.cpp).
#pragma once

#include "activation.hpp"

namespace activ {

struct relu6 : activation<relu6> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 2; // instructions per element (Eigen's cost model)

private:
    friend struct activation<relu6>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        return kernels::at_most(kernels::at_least(x, T(0)), T(6));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        return kernels::inside_or_zero(x, T(0), T(6), T(1));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
        return kernels::inside_or_zero(y, T(0), T(6), T(1));
    }
};

} // namespace activ
