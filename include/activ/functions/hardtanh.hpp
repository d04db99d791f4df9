// activ::hardtanh — clamp to [min_val, max_val] (PyTorch's Hardtanh, defaults -1 and 1).
//
//   hardtanh(x)  = min_val for x < min_val,  max_val for x > max_val,  x otherwise
//   hardtanh'(x) = 1 for min_val < x < max_val (strictly),  0 otherwise
//   from y = hardtanh(x): 1 for min_val < y < max_val (strictly),  0 otherwise
//
// Kinks: the derivative is 0 AT both bounds, as PyTorch's hardtanh_backward (it passes the
// gradient only where min < x < max). derivative_from_output follows the same rule on y: an
// output equal to a bound means the input was clamped (or sat exactly on the bound): 0.
// Computation: two clamps, no arithmetic (kernels::at_least/at_most: MAXPS/MINPS with x as the
// second operand, which they return for a NaN: NaN passes through, and the bits are those of
// the selects x < min ? min : x, r > max ? max : r, -0 included): 1.38x the selects' speed on
// Zen 5 (4096 floats through activ::apply).
// Error: 0 ULP wherever the result is x. A clamped result is the bound rounded to the element
// type: exact in double and for bounds representable in float (the defaults), <= 0.5 ULP
// otherwise. The derivative compares x with the bounds exactly as given: in float it uses the
// float just below min_val and the float just above max_val, which give the same answer for
// every float x as a comparison with the exact double (0 ULP, checked in the tests).
// derivative_from_output compares y with the bounds as the function outputs them (rounded to
// the element type): y at a rounded bound is a clamped output, hence 0.
// Measured (tests/family/test_hard.cpp, 10^5 samples per form, with and without FMA):
//   value, derivative, derivative_from_output: 0 ULP for the defaults and for bounds exact in
//   float; 0.5 ULP (value only, float only) for bounds such as -0.1, 0.3.
// Special values: NaN -> NaN (value and both derivatives); -0 -> -0 when min <= 0 <= max (the
// input passes unchanged); +-inf -> the bounds; derivative(+-inf) = 0.
// Parameters: finite, min_val <= max_val (std::invalid_argument otherwise; PyTorch rejects
// min_val > max_val too). min_val == max_val is a constant function with derivative 0.
#pragma once

#include <cmath>
#include <limits>

#include "activation.hpp"

namespace activ {

struct hardtanh : activation<hardtanh> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 2; // instructions per element (Eigen's cost model)

    explicit hardtanh(double min_val = -1.0, double max_val = 1.0)
        : min_(checked(min_val, max_val)), max_(max_val), min_below_(float_below(min_val)),
          max_above_(float_above(max_val)) {}

    double min_val() const noexcept { return min_.get(); }
    double max_val() const noexcept { return max_.get(); }

private:
    friend struct activation<hardtanh>;

    static double checked(double min_val, double max_val) {
        detail::require(std::isfinite(min_val), "activ::hardtanh: min_val must be finite");
        detail::require(std::isfinite(max_val), "activ::hardtanh: max_val must be finite");
        detail::require(min_val <= max_val,
                        "activ::hardtanh: min_val must not be greater than max_val");
        return min_val;
    }
    // The largest float <= v and the smallest float >= v (+-inf beyond float's range).
    static float float_below(double v) {
        float f = static_cast<float>(v);
        if (static_cast<double>(f) > v)
            f = std::nextafter(f, -std::numeric_limits<float>::infinity());
        return f;
    }
    static float float_above(double v) {
        float f = static_cast<float>(v);
        if (static_cast<double>(f) < v)
            f = std::nextafter(f, std::numeric_limits<float>::infinity());
        return f;
    }

    // Bounds for the derivative's comparisons: for a float x, x > min_below_ iff x > min_val.
    template <class S>
    ACTIV_INLINE S lower_cmp() const noexcept {
        if constexpr (std::is_same<S, float>::value)
            return min_below_;
        else
            return min_.get();
    }
    template <class S>
    ACTIV_INLINE S upper_cmp() const noexcept {
        if constexpr (std::is_same<S, float>::value)
            return max_above_;
        else
            return max_.get();
    }

    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        const T lo(min_.value<S>()), hi(max_.value<S>());
        return kernels::at_most(kernels::at_least(x, lo), hi);
    }

    template <class T>
    ACTIV_INLINE T eval_derivative(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        return kernels::inside_or_zero(x, T(lower_cmp<S>()), T(upper_cmp<S>()), T(1));
    }

    template <class T>
    ACTIV_INLINE T eval_derivative_from_output(const T& y) const noexcept {
        using S = scalar_type_t<T>;
        return kernels::inside_or_zero(y, T(min_.value<S>()), T(max_.value<S>()), T(1));
    }

    detail::parameter min_;
    detail::parameter max_;
    float min_below_;
    float max_above_;
};

} // namespace activ
