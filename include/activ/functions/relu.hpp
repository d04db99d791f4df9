// activ::relu — rectified linear unit.
//
//   relu(x) = x for x >= 0, 0 for x < 0          exact (0 ULP)
//   relu'(x) = 1 for x > 0, 0 for x <= 0          (0 at the kink: PyTorch's convention)
//   relu'(x) from y = relu(x): 1 for y > 0, 0 otherwise
//
// Special values: NaN -> NaN in all three (x86 `maxps(x, 0)` would return 0 for NaN: activ
// computes max(0, x), which returns x); relu(-0) = -0 (a non-negative input passes unchanged);
// relu(+inf) = +inf, relu(-inf) = 0.
#pragma once

#include "activation.hpp"

namespace activ {

struct relu : activation<relu> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 1; // instructions per element (Eigen's cost model)

private:
    friend struct activation<relu>;

    // max(0, x) with x second: x86's MAXPS returns its second operand for a NaN and for equal
    // operands, so NaN and -0 pass through (one instruction).
    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        return kernels::at_least(x, T(0));
    }

    // 1 where positive, else 0; NaN kept: shared by both derivative forms.
    template <class T>
    ACTIV_INLINE static T indicator(const T& v) noexcept {
        return kernels::by_sign_zero<0, 1>(v);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        return indicator(x);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
        return indicator(y);
    }
};

} // namespace activ
