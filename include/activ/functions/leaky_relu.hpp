// activ::leaky_relu — ReLU with a small slope below zero (PyTorch's LeakyReLU).
//
//   leaky_relu(x)  = x for x > 0,  s x otherwise              s = negative_slope, default 0.01
//   leaky_relu'(x) = 1 for x > 0,  s otherwise                (s at the kink x = 0: PyTorch's
//                                                              convention)
//   from y = leaky_relu(x): 1 for y > 0, s otherwise          (y > 0 iff x > 0 because s >= 0)
//
// Error: 0 ULP for x > 0 (x itself). For x <= 0 the product s x is rounded once with s rounded
// to the element type, so in float the result is within 1 ULP of the exact s x for the double
// s given (0.5 ULP for s's rounding to float, 0.5 for the product); exact in double up to the
// product's 0.5 ULP. The derivatives are s rounded to the element type (<= 0.5 ULP).
// Parameter: s must be finite and >= 0 (std::invalid_argument otherwise): a negative slope
// makes the output ambiguous for derivative_from_output (PyTorch rejects it in its result-based
// backward too).
// Special values: NaN -> NaN (value and both derivatives); leaky_relu(+inf) = +inf,
// leaky_relu(-inf) = -inf for s > 0 and -0 for s = 0; leaky_relu(-0) = -0 (s x).
#pragma once

#include <cfloat>

#include "activation.hpp"

namespace activ {

struct leaky_relu : activation<leaky_relu> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 3; // instructions per element (Eigen's cost model)

    explicit leaky_relu(double negative_slope = 0.01) : slope_(negative_slope) {
        detail::require(negative_slope >= 0 && negative_slope <= FLT_MAX,
                        "activ::leaky_relu: negative_slope must be finite and >= 0");
    }

    double negative_slope() const noexcept { return slope_.get(); }

private:
    friend struct activation<leaky_relu>;

    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
        const T s(slope_.value<scalar_type_t<T>>());
        // s x keeps NaN, -inf and -0 for s > 0. For s = 0 (a branch on the parameter, not on
        // the data) 0 * -inf would be NaN where the limit is -0.
        if (slope_.get() == 0.0)
            return kernels::select(x > T(0), x, kernels::select(kernels::is_nan(x), x, T(-0.0)));
        return kernels::select(x > T(0), x, T(s * x));
    }

    // 1 above zero, s otherwise, NaN kept: shared by both derivative forms.
    template <class T>
    ACTIV_INLINE T slope_of(const T& v) const noexcept {
        const T s(slope_.value<scalar_type_t<T>>());
        // One VFIXUPIMM on AVX-512 (kernels::by_sign): s for x <= 0 and -inf, 1 above, NaN kept.
        return kernels::by_sign<kernels::as_at_zero, 1>(v, s);
    }

    template <class T>
    ACTIV_INLINE T eval_derivative(const T& x) const noexcept {
        return slope_of(x);
    }

    template <class T>
    ACTIV_INLINE T eval_derivative_from_output(const T& y) const noexcept {
        return slope_of(y);
    }

    detail::parameter slope_;
};

} // namespace activ
