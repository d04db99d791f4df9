// activ — derivatives as functors of their own (layer 2).
//
// activ::derivative(f) and activ::derivative_from_output(f) wrap f.derivative and
// f.derivative_from_output so that everything that takes a functor (activ::apply, the Eigen
// adapter, the benchmarks) takes a derivative too:
//   activ::apply(activ::derivative(activ::tanh{}), x, dx, n);
//   activ::apply(activ::derivative_from_output(activ::sigmoid{}), y, dy, n);
#pragma once

#include <type_traits>
#include <utility>

#include "activation.hpp"

namespace activ {

/// x -> f'(x).
template <class F>
struct derivative_fn {
    static constexpr bool has_derivative_from_output = false;
    F f;

    // F's fast form (activ::apply's loop of its own), where that form has a derivative too
    // (swish's beta = 1 is silu).
    template <class G = F, class H = decltype(std::declval<const G&>().fast_form()),
              class = decltype(std::declval<const H&>().derivative(0.0f))>
    ACTIV_INLINE bool has_fast_form() const noexcept {
        return f.has_fast_form();
    }
    template <class G = F, class H = decltype(std::declval<const G&>().fast_form()),
              class = decltype(std::declval<const H&>().derivative(0.0f))>
    derivative_fn<H> fast_form() const noexcept {
        return {f.fast_form()};
    }

    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        if constexpr (detail::accepts<T>())
            return f.derivative(x);
        else
            return x;
    }
};

/// y = f(x) -> f'(x).
template <class F>
struct derivative_from_output_fn {
    static_assert(has_derivative_from_output_v<F>,
                  "activ: this function has no closed-form derivative in terms of its output; "
                  "use activ::derivative(f) on the input instead");
    static constexpr bool has_derivative_from_output = false;
    F f;

    template <class T>
    ACTIV_INLINE T operator()(const T& y) const noexcept {
        if constexpr (detail::accepts<T>())
            return f.derivative_from_output(y);
        else
            return y;
    }
};

template <class F>
constexpr derivative_fn<F> derivative(const F& f) noexcept {
    return {f};
}

template <class F>
constexpr derivative_from_output_fn<F> derivative_from_output(const F& f) noexcept {
    return {f};
}

namespace detail {
// Approximate instructions per element (a functor's static cost, 20 where it declares none):
// Eigen's cost model in the adapter, the array layer's choice to prefetch.
template <class F, class = void>
struct cost_of : std::integral_constant<int, 20> {};
template <class F>
struct cost_of<F, std::void_t<decltype(F::cost)>> : std::integral_constant<int, F::cost> {};
template <class F>
struct cost_of<derivative_fn<F>> : cost_of<F> {};
template <class F>
struct cost_of<derivative_from_output_fn<F>> : std::integral_constant<int, 3> {};
} // namespace detail

} // namespace activ
