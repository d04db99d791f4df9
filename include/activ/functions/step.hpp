// activ::step — the Heaviside step: a neuron that fires all-or-nothing.
//
//   step(x) = 1 for x > 0, 0 for x < 0, at_zero for x = +-0      exact
//   at_zero is a constructor parameter (numpy.heaviside's h0), default 0: the unit fires only
//   when the input is strictly above the threshold.
//   step'(x) = 0: the true derivative is 0 everywhere but a Dirac delta at 0, which no number
//   represents. Training through a step needs a surrogate gradient instead.
//   step'(x) from y: 0.
//
// Special values: NaN -> NaN in all three; step(+inf) = 1, step(-inf) = 0.
#pragma once

#include "activation.hpp"

namespace activ {

struct step : activation<step> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 3; // instructions per element (Eigen's cost model)

    constexpr step() noexcept = default;
    constexpr explicit step(double at_zero_value) noexcept : at_zero(at_zero_value) {}

    double at_zero = 0.0;

private:
    friend struct activation<step>;
    static constexpr double plus_zero = 0.0;

    // One table lookup by sign class (kernels::by_sign: VFIXUPIMM on AVX-512). Elsewhere the
    // default at_zero = +0 takes by_sign_zero's compare masks: a branch on the parameter's bits,
    // which GCC hoists out of apply's loop (it did not for at_zero == 0.0: step with AVX2 at
    // 4096 floats, Xeon, 14.2 Gitems/s against 17.4).
    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
#if !ACTIV_AVX512
        if (std::memcmp(&at_zero, &plus_zero, sizeof(double)) == 0)
            return kernels::by_sign_zero<0, 1>(x);
#endif
        return kernels::by_sign<0, 1>(x, kernels::constant<T>(at_zero));
    }

    // 0, NaN kept.
    template <class T>
    ACTIV_INLINE static T zero_or_nan(const T& v) noexcept {
        return kernels::by_sign_zero<0, 0>(v);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        return zero_or_nan(x);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
        return zero_or_nan(y);
    }
};

} // namespace activ
