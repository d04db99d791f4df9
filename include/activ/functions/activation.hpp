// activ — the protocol every activation functor follows (layer 2).
//
// A functor F derives from activation<F> and defines, privately, one generic body each:
//   eval(x)                        f(x)
//   eval_derivative(x)             f'(x)
//   eval_derivative_from_output(y) f'(x) from y = f(x)   (only when has_derivative_from_output)
// The public operator(), derivative and derivative_from_output check the argument type once,
// with one readable static_assert, and forward. T is float, double or an xsimd batch of
// either; the body is the same for all of them, so scalar and SIMD results are bit-identical.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "../kernels/ops.hpp"

namespace activ {

namespace detail {
/// Parameter check at construction: a parameter that makes no sense (NaN, a negative softplus
/// beta, hardtanh bounds in the wrong order) throws std::invalid_argument with `message`; with
/// exceptions disabled (-fno-exceptions) it prints the message and aborts. Never a silent
/// wrong number later.
inline void require(bool ok, const char* message) {
    if (ok) return;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    throw std::invalid_argument(message);
#else
    std::fprintf(stderr, "%s\n", message);
    std::abort();
#endif
}

/// A parameter given as double, kept for each element type: value<S>() is the parameter rounded
/// to S (what products like slope * x use: one extra rounding, <= 0.5 ULP, in float), and
/// value<S>() + rest<S>() carries it to about twice S's precision, for the sums that cancel
/// (ELU's y + alpha near y = -alpha). For double, rest is 0: the parameter is exact.
class parameter {
public:
    constexpr explicit parameter(double v) noexcept
        : d_(v), f_(static_cast<float>(v)),
          f_rest_(static_cast<float>(v - static_cast<double>(static_cast<float>(v)))) {}
    template <class S>
    ACTIV_INLINE constexpr S value() const noexcept {
        if constexpr (std::is_same<S, float>::value)
            return f_;
        else
            return d_;
    }
    template <class S>
    ACTIV_INLINE constexpr S rest() const noexcept {
        if constexpr (std::is_same<S, float>::value)
            return f_rest_;
        else
            return 0.0;
    }
    constexpr double get() const noexcept { return d_; }

private:
    double d_;
    float f_;
    float f_rest_;
};
} // namespace detail

template <class F>
struct activation {
    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        if constexpr (detail::accepts<T>())
            return self().eval(x);
        else
            return x;
    }

    template <class T>
    ACTIV_INLINE T derivative(const T& x) const noexcept {
        if constexpr (detail::accepts<T>())
            return self().eval_derivative(x);
        else
            return x;
    }

    template <class T>
    ACTIV_INLINE T derivative_from_output(const T& y) const noexcept {
        if constexpr (!has_output_form()) {
            static_assert(has_output_form(),
                          "activ: this function has no closed-form derivative in terms of its "
                          "output; use derivative(x) on the input instead "
                          "(see activ::has_derivative_from_output_v)");
            return y;
        } else if constexpr (detail::accepts<T>()) {
            return self().eval_derivative_from_output(y);
        } else {
            return y;
        }
    }

private:
    static constexpr bool has_output_form() { return F::has_derivative_from_output; }
    const F& self() const noexcept { return static_cast<const F&>(*this); }
};

} // namespace activ
