// activ — SIMD math kernels, layer 1: e^x for x <= 0, subnormal results included.
//
// Every activation in activ needs the exponential only of a non-positive argument (e^{-|x|}
// keeps sigmoid, tanh and their derivatives free of overflow and cancellation), so this kernel
// covers [-inf, 0] and no more:
//
//   n = round(x / ln2),  r = x - n ln2  (|r| <= ln2/2; Cody-Waite: ln2 = C1 + C2 where n*C1 is
//   exact, so r has a single rounding),  e^r = 1 + r + r^2 q(r)  (q: near-minimax fit,
//   scripts/fit_coefficients.py; float degree 5, fit error 2.4e-10; double degree 10, 2.4e-19),
//   e^x = e^r * 2^n1 * 2^n2  with n1 = round(n/2), n2 = n - n1.
//
// Splitting 2^n into two normal powers of two lets the result reach the subnormal range with
// a single rounding (the first product is exact, the second rounds once): e^x is correct to
// within ~0.6 ULP down to the smallest subnormal instead of flushing to 0 at -87 (float).
// No branch: x below `lowest` is clamped (the result is 0 there anyway), NaN propagates.
#pragma once

#include "ops.hpp"

namespace activ::kernels {

template <class S>
struct exp_constants;

template <>
struct exp_constants<float> {
    static constexpr float lowest = -110.0f; // e^-110 * 4 < half the smallest subnormal
    static constexpr float log2e = 1.44269504088896340736f;
    static constexpr float ln2_hi = 0.693359375f; // 9 significant bits: n * ln2_hi is exact
    static constexpr float ln2_lo = -2.12194440e-4f;
    static constexpr std::array<float, 6> q = {0.5f,          0.1666666668f,  0.04166646493f,
                                               0.008333310925f, 0.001393365f, 0.0001989099082f};
};

template <>
struct exp_constants<double> {
    static constexpr double lowest = -750.0;
    static constexpr double log2e = 1.44269504088896340736;
    static constexpr double ln2_hi = 6.93145751953125e-1; // 15 significant bits
    static constexpr double ln2_lo = 1.42860682030941723212e-6;
    static constexpr std::array<double, 11> q = {
        0.5,
        0.16666666666666670991,
        0.041666666666666669755,
        0.0083333333333261351258,
        0.0013888888888883748305,
        0.00019841269874820625271,
        0.000024801587325547741216,
        2.755725540020642443e-6,
        2.7557273643110295328e-7,
        2.5105217004720745164e-8,
        2.0914686968086877233e-9};
};

/// e^x = mantissa * 2^k, where `mantissa` is normal and exact and t_k = k + magic holds the
/// remaining power of two. Kept apart so that a caller can fold a further exact 2^j into the
/// single final rounding (tanh' needs 4 e^{-2|x|} with no double rounding in the subnormals).
template <class T>
struct exp_parts {
    T mantissa;
    T t_k;

    /// 2^j * e^x with one rounding.
    template <int j = 0>
    T times_pow2() const noexcept {
        return mantissa * kernels::pow2_from_magic<j>(t_k);
    }
};

/// e^x for x <= 0 (or -inf, or NaN), split as exp_parts.
template <class T>
inline exp_parts<T> exp_nonpositive_parts(const T& x_in) noexcept {
    using S = scalar_type_t<T>;
    using K = exp_constants<S>;
    const T magic(ieee<S>::magic);
    const T lowest(K::lowest);
    const T x = kernels::select(x_in < lowest, lowest, x_in); // NaN compares false and stays NaN
    const T t = kernels::madd(x, T(K::log2e), magic);          // n + magic: round to nearest integer
    const T n = t - magic;
    T r = kernels::nmadd(n, T(K::ln2_hi), x); // exact (Sterbenz), fused or not
    r = kernels::nmadd(n, T(K::ln2_lo), r);
    const T q = kernels::horner(r, K::q);
    const T p = T(S(1)) + kernels::madd(r * r, q, r);
    const T t1 = kernels::madd(n, T(S(0.5)), magic); // n1 + magic, n1 = round(n/2)
    const T n1 = t1 - magic;
    const T t2 = (n - n1) + magic; // n2 + magic, exact
    return {p * kernels::pow2_from_magic<0>(t1), t2};
}

/// e^x for x <= 0: max error ~0.6 ULP (measured by bench/accuracy), subnormal results with a
/// single rounding, 0 below the subnormal range, NaN for NaN.
template <class T>
inline T exp_nonpositive(const T& x) noexcept {
    return exp_nonpositive_parts(x).times_pow2();
}

} // namespace activ::kernels
