// activ::apply — a functor over a raw array (layer 3).
//
//   activ::apply(f, in, out, n)   out[i] = f(in[i]),  i < n
//   activ::apply(f, data, n)      data[i] = f(data[i])
//
// Full xsimd batches of the default arch, then one partial batch for the tail: the last
// n mod W elements are copied into a zero-filled batch on the stack, computed by the same
// batch code and copied back (xsimd 8.1 has no masked load). Element i of the result is
// therefore bitwise f(in[i]) whatever n, the alignment or the offset: an array never gets a
// different answer because it got longer.
//
// Contract: T is float or double; any alignment; in == out is allowed (each element is read
// before it is written); other partial overlaps of in and out are not (as for memcpy);
// n == 0 reads and writes nothing (null pointers are fine then); nothing is written outside
// out[0, n); no heap allocation.
#pragma once

#include <cstddef>
#include <cstring>
#include <type_traits>

#include "../functions/activation.hpp"

namespace activ {

namespace detail {
template <class T>
constexpr bool accepts_array_element() {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "activ: unsupported array element type. activ::apply takes arrays of float "
                  "or double");
    return std::is_same<T, float>::value || std::is_same<T, double>::value;
}
} // namespace detail

template <class F, class T>
void apply(const F& f, const T* in, T* out, std::size_t n) noexcept {
    if constexpr (detail::accepts_array_element<T>()) {
        using B = xsimd::batch<T>;
        constexpr std::size_t width = B::size;
        std::size_t i = 0;
        for (; i + width <= n; i += width) f(B::load_unaligned(in + i)).store_unaligned(out + i);
        const std::size_t rest = n - i;
        if (rest != 0) {
            alignas(B::arch_type::alignment()) T buffer[width] = {};
            std::memcpy(buffer, in + i, rest * sizeof(T));
            f(B::load_aligned(buffer)).store_aligned(buffer);
            std::memcpy(out + i, buffer, rest * sizeof(T));
        }
    }
}

template <class F, class T>
void apply(const F& f, T* data, std::size_t n) noexcept {
    apply(f, static_cast<const T*>(data), data, n);
}

} // namespace activ
