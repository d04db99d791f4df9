// activ — SIMD math kernels, layer 1: e^x for x <= 0, subnormal results included.
//
// Every activation in activ needs the exponential only of a non-positive argument (e^{-|x|}
// keeps sigmoid, tanh and their derivatives free of overflow and cancellation), so this kernel
// covers [-inf, 0] and no more:
//
//   n = round(x / ln2),  r = x - n ln2  (|r| <= ln2/2; Cody-Waite: ln2 = C1 + C2 where n*C1 is
//   exact, so r has a single rounding),  e^r = 1 + r + r^2 q(r)  (q: minimax fit of e^r's
//   relative error, scripts/fit_coefficients.py; float degree 4, 3.2e-9; double degree 10,
//   2.4e-19),
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
    // Degree 4 (one FMA fewer than a degree-5 fit): its error, 3.2e-9 relative to e^r, is 0.05
    // ULP, small beside the ~0.8 ULP the evaluation's roundings leave.
    static constexpr std::array<float, 5> q = {0.4999999404f, 0.1666651666f, 0.04166810215f,
                                               0.008369182236f, 0.001383886207f};
};

template <>
struct exp_constants<double> {
    static constexpr double lowest = -750.0;
    static constexpr double log2e = 1.44269504088896340736;
    static constexpr double ln2_hi = 6.93145751953125e-1; // 15 significant bits
    static constexpr double ln2_lo = 1.42860682030941723212e-6;
    static constexpr std::array<double, 11> q = {0.5,
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

/// e^x = (hi + lo) * 2^k: hi is the rounded value of e^r * 2^n1 (an exact product), lo the
/// rounding error of hi, and t_k = k + magic holds the remaining power of two. Callers that
/// divide by 1 + e^x use lo to remove exp's own rounding (kernels::divide), and can fold a
/// further exact 2^j into the single final rounding (tanh' needs 4 e^{-2|x|} with no double
/// rounding in the subnormals).
template <class T>
struct exp_parts {
    T hi;
    T lo;
    T t_k;

    /// 2^j e^x, rounded once.
    template <int j = 0>
    T value() const noexcept {
        return hi * kernels::pow2_from_magic<j>(t_k);
    }
    /// The rounding error of value<j>() (as far as float can hold it; 0 deep in the subnormals).
    template <int j = 0>
    T value_lo() const noexcept {
        return kernels::opaque(T(lo * kernels::pow2_from_magic<j>(t_k)));
    }
};

/// The range reduction every exponential kernel shares: x clamped below at `lowest` (NaN stays
/// NaN), n = round(x / ln2) with t = n + magic (2^n is pow2_from_magic(t)), and
/// r = x - n ln2 in two Cody-Waite steps (the first exact, fused or not). The members are
/// computed in place by the constructor: GCC 12 does not forward a batch member copied out of a
/// returned aggregate and keeps a dead store per element in the loop.
template <class T>
struct exp_reduction {
    T x;
    T t;
    T n;
    T r;

    exp_reduction(const T& x_in, scalar_type_t<T> lowest) noexcept
        : x(kernels::at_least(x_in, T(lowest))), t(kernels::madd(x, T(constants::log2e), T(magic))),
          n(t - T(magic)),
          r(kernels::nmadd(n, T(constants::ln2_lo), kernels::nmadd(n, T(constants::ln2_hi), x))) {}

private:
    using constants = exp_constants<scalar_type_t<T>>;
    static constexpr scalar_type_t<T> magic = ieee<scalar_type_t<T>>::magic;
};

/// e^x for x <= 0 (or -inf, or NaN), split as exp_parts.
template <class T>
ACTIV_INLINE exp_parts<T> exp_nonpositive_parts(const T& x) noexcept {
    using S = scalar_type_t<T>;
    using K = exp_constants<S>;
    const T magic(ieee<S>::magic);
    const T one(S(1));
    const exp_reduction<T> red(x, K::lowest);
    const T &r = red.r, &n = red.n;
    const T tail = kernels::madd(r * r, kernels::horner(r, K::q), r); // e^r - 1
    const T p = one + tail;
    const T p_lo = (one - p) + tail;                 // Fast2Sum: 1 >= |tail|
    const T t1 = kernels::madd(n, T(S(0.5)), magic); // n1 + magic, n1 = round(n/2)
    const T n1 = t1 - magic;
    const T t2 = (n - n1) + magic; // n2 + magic, exact
    const T scale1 = kernels::pow2_from_magic<0>(t1);
    return {p * scale1, p_lo * scale1, t2};
}

/// e^x = p 2^n for x <= 0, unscaled: the lean form for callers that need no low part (sigmoid,
/// tanh and their derivatives). The same reduction and polynomial as exp_nonpositive_parts,
/// e^r = 1 + r + r^2 q(r) by Horner to the end (the last step rounds once); value<j>() is
/// 2^j e^x = p 2^(n + j) by scale_pow2 (one instruction on AVX-512) instead of the split powers,
/// so an exact factor 2^j folds into the single rounding. Max error ~0.8 ULP (measured through
/// its callers), subnormal results rounded once from p, 0 below the subnormal range, NaN for NaN.
template <class T>
struct exp_split {
    exp_reduction<T> reduced; // holds n; computed in place (see exp_reduction)
    T p;

    explicit exp_split(const T& x) noexcept
        : reduced(x, exp_constants<scalar_type_t<T>>::lowest),
          p(kernels::madd(
              kernels::madd(kernels::horner(reduced.r, exp_constants<scalar_type_t<T>>::q),
                            reduced.r, T(1)),
              reduced.r, T(1))) {}

    template <int j = 0>
    T value() const noexcept {
        if constexpr (j == 0)
            return kernels::scale_pow2(p, reduced.n);
        else
            return kernels::scale_pow2(p, T(reduced.n + T(scalar_type_t<T>(j))));
    }
};

template <class T>
ACTIV_INLINE exp_split<T> exp_nonpositive_split(const T& x) noexcept {
    return exp_split<T>(x);
}

/// e^x for x <= 0, one value (exp_nonpositive_split(x).value()).
template <class T>
ACTIV_INLINE T exp_nonpositive(const T& x) noexcept {
    return kernels::exp_nonpositive_split(x).value();
}

} // namespace activ::kernels
