// activ tests — input generators and bit-level helpers.
//
// All generators are deterministic: they take a std::mt19937_64 (fixed seeds in the tests) and
// build values from its raw 64-bit outputs only (no std:: distributions, whose results differ
// between standard libraries), so every platform and compiler sees the same inputs.
#pragma once

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

namespace activ_test {

// ---------------------------------------------------------------------------------------------
// Bits

template <class T>
using bits_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;

template <class T>
bits_t<T> to_bits(T x) {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "");
    bits_t<T> b;
    std::memcpy(&b, &x, sizeof b);
    return b;
}

template <class T>
T from_bits(bits_t<T> b) {
    T x;
    std::memcpy(&x, &b, sizeof x);
    return x;
}

/// Bitwise equality, except that any two NaNs compare equal (payloads are not specified).
template <class T>
bool same_bits(T a, T b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return to_bits(a) == to_bits(b);
}

/// Exact bitwise equality, NaN payload included (for guard/sentinel checks).
template <class T>
bool identical_bits(T a, T b) {
    return to_bits(a) == to_bits(b);
}

/// A value and its bit pattern in hex, for failure messages.
template <class T>
std::string describe(T x) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.*g [%a, 0x%0*llx]", std::numeric_limits<T>::max_digits10,
                  static_cast<double>(x), static_cast<double>(x), static_cast<int>(2 * sizeof(T)),
                  static_cast<unsigned long long>(to_bits(x)));
    return buf;
}

/// A NaN with a recognisable payload that activ never produces: the sentinel written into
/// guard elements (compared with identical_bits).
template <class T>
T sentinel() {
    if constexpr (sizeof(T) == 4)
        return from_bits<float>(0x7fa5a5a5u);
    else
        return from_bits<double>(0x7ff5a5a5a5a5a5a5ull);
}

// ---------------------------------------------------------------------------------------------
// Random values

/// Uniform in [0, 1) with 53 random bits.
inline double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1p-53; }

/// Uniform in [lo, hi] (rounded to T).
template <class T>
T uniform(std::mt19937_64& rng, double lo, double hi) {
    return static_cast<T>(lo + (hi - lo) * unit(rng));
}

/// Random finite value over the whole range: random sign, biased exponent uniform over every
/// finite exponent (0 = zero/subnormal included), random mantissa.
template <class T>
T random_finite(std::mt19937_64& rng) {
    using U = bits_t<T>;
    constexpr int mant_bits = std::numeric_limits<T>::digits - 1;           // 23 / 52
    constexpr int exp_count = 2 * std::numeric_limits<T>::max_exponent - 1; // 255 / 2047 finite
    const std::uint64_t r = rng();
    const U sign = static_cast<U>(r >> 63) << (8 * sizeof(T) - 1);
    const U expo = static_cast<U>(rng() % static_cast<std::uint64_t>(exp_count)) << mant_bits;
    const U mant = static_cast<U>(rng()) & ((U(1) << mant_bits) - 1);
    return from_bits<T>(sign | expo | mant);
}

/// Random subnormal (nonzero), random sign.
template <class T>
T random_subnormal(std::mt19937_64& rng) {
    using U = bits_t<T>;
    constexpr int mant_bits = std::numeric_limits<T>::digits - 1;
    U mant = static_cast<U>(rng()) & ((U(1) << mant_bits) - 1);
    if (mant == 0) mant = 1;
    const U sign = static_cast<U>(rng() >> 63) << (8 * sizeof(T) - 1);
    return from_bits<T>(sign | mant);
}

// ---------------------------------------------------------------------------------------------
// Accuracy inputs

enum class family { sigmoid, tanh };

struct interval {
    double lo, hi;
};

/// The ranges where results go subnormal or saturate, per family and type: the tails that a
/// dense sample of [-30, 30] and a sample of the whole range would both visit too rarely.
template <class T>
std::vector<interval> accuracy_tails(family f) {
    constexpr bool is_float = std::is_same<T, float>::value;
    if (f == family::sigmoid) {
        if (is_float)
            // sigmoid(x) subnormal for x in about [-103.97, -87.3]; sigmoid'(x) for |x| there;
            // sigmoid(x) rounds to 1 from x ~ 16.6.
            return {{-105, -80}, {80, 105}, {8, 20}, {-20, -8}};
        // double: subnormal sigmoid/sigmoid' for |x| in about [708.4, 745.2]; 1 from ~36.7.
        return {{-746, -700}, {700, 746}, {30, 40}, {-40, -30}};
    }
    if (is_float)
        // tanh rounds to +-1 from |x| ~ 9.01; tanh'(x) = 4e^-2|x| subnormal for |x| in
        // about [44.4, 52.7].
        return {{8, 20}, {-20, -8}, {40, 53}, {-53, -40}};
    // double: tanh saturates from |x| ~ 19.06; tanh' subnormal for |x| in about [355, 373.3].
    return {{15, 25}, {-25, -15}, {350, 375}, {-375, -350}};
}

/// n inputs: ~1/2 dense uniform in [-30, 30], ~1/4 over the whole finite range (random_finite),
/// ~1/4 spread evenly over accuracy_tails(f). Deterministic for a given seed.
template <class T>
std::vector<T> accuracy_inputs(family f, std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto tails = accuracy_tails<T>(f);
    std::vector<T> v;
    v.reserve(n);
    const std::size_t n_dense = n / 2, n_whole = n / 4;
    for (std::size_t i = 0; i < n_dense; ++i) v.push_back(uniform<T>(rng, -30.0, 30.0));
    for (std::size_t i = 0; i < n_whole; ++i) v.push_back(random_finite<T>(rng));
    for (std::size_t i = 0; v.size() < n; ++i) {
        const interval& t = tails[i % tails.size()];
        v.push_back(uniform<T>(rng, t.lo, t.hi));
    }
    return v;
}

/// Number of accuracy samples per (function, type): ACTIV_ACCURACY_SAMPLES or 10^6.
inline std::size_t accuracy_sample_count(std::size_t fallback = 1000000) {
    if (const char* s = std::getenv("ACTIV_ACCURACY_SAMPLES")) {
        char* end = nullptr;
        const unsigned long long v = std::strtoull(s, &end, 10);
        if (end != s && v > 0) return static_cast<std::size_t>(v);
    }
    return fallback;
}

// ---------------------------------------------------------------------------------------------
// Special values

/// NaNs, infinities, zeros, subnormal extremes, normal extremes, and values around them.
template <class T>
std::vector<T> special_values() {
    using L = std::numeric_limits<T>;
    const T qnan = L::quiet_NaN();
    const T neg_nan = -L::quiet_NaN();
    std::vector<T> v = {qnan,
                        neg_nan,
                        L::infinity(),
                        -L::infinity(),
                        T(0),
                        -T(0),
                        L::denorm_min(),
                        -L::denorm_min(),
                        std::nextafter(L::min(), T(0)), // largest subnormal
                        -std::nextafter(L::min(), T(0)),
                        L::min(),
                        -L::min(),
                        L::max(),
                        -L::max(),
                        std::nextafter(L::max(), T(0)),
                        L::epsilon(),
                        -L::epsilon(),
                        T(1),
                        T(-1)};
    return v;
}

/// Mixed inputs for the identity tests: ordinary values in [-30, 30] with specials and large or
/// tiny values interleaved at pseudo-random positions.
template <class T>
std::vector<T> identity_inputs(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto specials = special_values<T>();
    std::vector<T> v(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t k = rng() % 8;
        if (k == 0)
            v[i] = specials[rng() % specials.size()];
        else if (k == 1)
            v[i] = random_finite<T>(rng);
        else if (k == 2)
            v[i] = uniform<T>(rng, -800.0, 800.0);
        else
            v[i] = uniform<T>(rng, -30.0, 30.0);
    }
    return v;
}

} // namespace activ_test
