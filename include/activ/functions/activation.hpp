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

#include "../kernels/ops.hpp"

namespace activ {

template <class F>
struct activation {
    template <class T>
    T operator()(const T& x) const noexcept {
        if constexpr (detail::accepts<T>())
            return self().eval(x);
        else
            return x;
    }

    template <class T>
    T derivative(const T& x) const noexcept {
        if constexpr (detail::accepts<T>())
            return self().eval_derivative(x);
        else
            return x;
    }

    template <class T>
    T derivative_from_output(const T& y) const noexcept {
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
