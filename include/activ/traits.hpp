// activ — which argument types the functors accept, and the scalar type behind each.
#pragma once

#include <type_traits>

#include "config.hpp"

namespace activ {

namespace detail {
template <class T>
struct is_real : std::integral_constant<bool, std::is_same<T, float>::value ||
                                                  std::is_same<T, double>::value> {};

template <class T>
struct batch_traits {
    static constexpr bool is_batch = false;
    using scalar = T;
};

template <class T, class A>
struct batch_traits<xsimd::batch<T, A>> {
    static constexpr bool is_batch = true;
    using scalar = T;
};
} // namespace detail

/// True for float, double, xsimd::batch<float, A> and xsimd::batch<double, A>.
template <class T>
inline constexpr bool
    is_supported_v = detail::is_real<typename detail::batch_traits<T>::scalar>::value &&
                     (std::is_same<T, float>::value || std::is_same<T, double>::value ||
                      detail::batch_traits<T>::is_batch);

/// True for the xsimd batch types.
template <class T>
inline constexpr bool is_batch_v = detail::batch_traits<T>::is_batch;

/// float or double: the element type of T.
template <class T>
using scalar_type_t = typename detail::batch_traits<T>::scalar;

/// True when F has a closed-form derivative in terms of its output, f'(x) = g(f(x)).
template <class F>
inline constexpr bool has_derivative_from_output_v = F::has_derivative_from_output;

namespace detail {
// Evaluated in an `if constexpr` so that an unsupported type stops at this one readable
// message instead of a cascade of errors from inside the kernels.
template <class T>
constexpr bool accepts() {
    static_assert(is_supported_v<T>,
                  "activ: unsupported argument type. activ functors accept float, double, "
                  "xsimd::batch<float, A> and xsimd::batch<double, A> (convert integers and "
                  "long double to float or double first; for arrays use activ::apply)");
    return is_supported_v<T>;
}
} // namespace detail

} // namespace activ
