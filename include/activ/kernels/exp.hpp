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
//   e^x = e^r * 2^n1 * 2^n2  with n1 = max(n, -40), n2 = n - n1 (double: -300).
//
// Splitting 2^n into two normal powers of two lets the result reach the subnormal range with
// a single rounding (the first product is exact, the second rounds once): e^x is correct to
// within ~0.6 ULP down to the smallest subnormal instead of flushing to 0 at -87 (float).
// No branch: x below `lowest` is clamped (the result is 0 there anyway), NaN propagates.
//
// With AVX-512 the lean form (exp_split: sigmoid, sigmoid', tanh', silu) reduces further, to
// |r| <= ln2/32, with a 16-entry table of 2^(i/16) read by one permute; see exp_split below.
#pragma once

#include "ops.hpp"

namespace activ::kernels {

template <class S>
struct exp_constants;

template <>
struct exp_constants<float> {
    static constexpr float lowest = -110.0f; // e^-110 * 4 < half the smallest subnormal
    static constexpr float tiny = -60.0f;    // exp_split::not_tiny (ACTIV_ASSIST_FREE)
    static constexpr float tiny_value = 0x1p-60f; // 2^tiny (raised operands)
    static constexpr float split = -40.0f;        // exp_nonpositive_parts: 2^n1, n1 >= split
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
    static constexpr double tiny = -500.0;
    static constexpr double tiny_value = 0x1p-500; // 2^tiny
    static constexpr double split = -300.0;
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
    ACTIV_INLINE T value() const noexcept {
        return hi * kernels::pow2_from_magic<j>(t_k);
    }
    /// The rounding error of value<j>() (as far as float can hold it; 0 deep in the subnormals).
    template <int j = 0>
    ACTIV_INLINE T value_lo() const noexcept {
        return kernels::opaque(T(lo * kernels::pow2_from_magic<j>(t_k)));
    }

    // For callers that keep Intel's microcode assists out (ACTIV_ASSIST_FREE: ~150 cycles for
    // each instruction that multiplies a subnormal or underflows):
    /// The lanes where k = 0, e^x >= 2^split: there hi + lo is e^x itself, with no product
    /// (and NaN, so that NaN goes through the caller's arithmetic).
    ACTIV_INLINE auto unscaled() const noexcept {
        return !(t_k < T(ieee<scalar_type_t<T>>::magic));
    }
    /// hi + lo on the lanes of unscaled(), 0 + 0 on the others: e^x for a caller's 1 + e^x,
    /// log1p(e^x) or powers of e^x, where it matters there and nowhere is scaled.
    ACTIV_INLINE pair<T> unscaled_or_zero() const noexcept {
        const auto kept = unscaled();
        return {kernels::select(kept, hi, T(0)), kernels::select(kept, lo, T(0))};
    }
    /// The same for e^{x + a_lo} ~ e^x (1 + a_lo), a_lo a small correction of the argument.
    ACTIV_INLINE pair<T> unscaled_or_zero(const T& a_lo) const noexcept {
        const auto kept = unscaled();
        return {kernels::select(kept, hi, T(0)),
                kernels::select(kept, kernels::madd(hi, a_lo, lo), T(0))};
    }
    /// e^x (1 + a_lo) for a small a_lo (a correction of the argument), rounded to the type
    /// (twice at most: hi + ..., then into the subnormals) by kernels::ldexp_gradual.
    ACTIV_INLINE T value_gradual(const T& a_lo = T(0)) const noexcept {
        return kernels::ldexp_gradual(T(hi + kernels::madd(hi, a_lo, lo)), t_k);
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

    ACTIV_INLINE exp_reduction(const T& x_in, scalar_type_t<T> lowest) noexcept
        : x(kernels::at_least(x_in, T(lowest))), t(kernels::madd(x, T(constants::log2e), T(magic))),
          n(t - T(magic)),
          r(kernels::nmadd(n, T(constants::ln2_lo), kernels::nmadd(n, T(constants::ln2_hi), x))) {}
    /// The same for x + x_lo, a low part |x_lo| <~ ulp(x) (an argument computed as a pair):
    /// x_lo joins n ln2_lo, so r = (x - n ln2_hi) - (n ln2_lo - x_lo) still rounds once.
    ACTIV_INLINE exp_reduction(const T& x_in, const T& x_lo, scalar_type_t<T> lowest) noexcept
        : x(kernels::at_least(x_in, T(lowest))), t(kernels::madd(x, T(constants::log2e), T(magic))),
          n(t - T(magic)), r(T(kernels::nmadd(n, T(constants::ln2_hi), x) -
                               kernels::madd(n, T(constants::ln2_lo), T(-x_lo)))) {}

private:
    using constants = exp_constants<scalar_type_t<T>>;
    static constexpr scalar_type_t<T> magic = ieee<scalar_type_t<T>>::magic;
};

/// e^x for x <= 0 (or -inf, or NaN), split as exp_parts. With reduced_exactly (FMA targets),
/// lo also carries the rounding error of the reduced argument r = x - n ln2 (up to ulp(r)/2:
/// ~2^-26 of e^x in float), as p r_lo: then hi + lo is e^x to ~2^-2p plus the polynomial's
/// error, for callers that amplify e^x's error (mish' with AVX2: double 2.83 -> 2.30 ULP where
/// mish' crosses 2^-4; float unchanged, 2.51 -> 2.54 ULP over every input, within the noise).
template <bool reduced_exactly = false, class T>
ACTIV_INLINE exp_parts<T> exp_nonpositive_parts(const T& x) noexcept {
    using S = scalar_type_t<T>;
    using K = exp_constants<S>;
    const T magic(ieee<S>::magic);
    const T one(S(1));
    const exp_reduction<T> red(x, K::lowest);
    const T &r = red.r, &n = red.n;
    const T tail = kernels::madd(r * r, kernels::horner(r, K::q), r); // e^r - 1
    const T p = one + tail;
    T p_lo = (one - p) + tail; // Fast2Sum: 1 >= |tail|
    if constexpr (reduced_exactly) {
        // r = RN(r1 - n ln2_lo) with r1 = x - n ln2_hi exact: r1 - r is exact (Sterbenz), and
        // the rest of the true r1 - n ln2_lo rounds once in the FMA.
        const T r1 = kernels::nmadd(n, T(K::ln2_hi), red.x);
        p_lo = kernels::madd(p, kernels::nmadd(n, T(K::ln2_lo), T(r1 - r)), p_lo);
    }
    // n1 = max(n, split), n2 = n - n1: hi keeps e^x itself down to 2^split, so that its
    // low part lo = p_lo 2^n1 and the callers' products with hi stay normal (an Intel core
    // takes a ~150-cycle assist for each subnormal result), and 2^n2 >= 2^(lowest/ln2 - split)
    // is still normal.
    const T n1 = kernels::at_least(n, T(K::split));
    const T t1 = n1 + magic;
    const T t2 = (n - n1) + magic; // n2 + magic, exact
    const T scale1 = kernels::pow2_from_magic<0>(t1);
    return {p * scale1, p_lo * scale1, t2};
}

#if ACTIV_AVX512
// With AVX-512 the lean exponential takes four more bits from a table (Tang's method): the
// 16 values 2^(i/16) fit one register of floats (two of doubles), one permute reads them, and
// VSCALEF applies the whole power of two at the end:
//
//   k = round(16 x / ln2),  r = x - (k/16) ln2  (|r| <= ln2/32),  e^x = 2^floor(k/16) T_i e^r,
//   i = k mod 16,  T_i = 2^(i/16) = hi_i + lo_i,  e^r = 1 + r + r^2 q(r)
//
// q has degree 1 in float (4.0e-9 relative) and 5 in double (4.1e-20): two and five FMAs
// fewer than the plain reduction's degree 4 and 10, which is what bounds the throughput of
// sigmoid and tanh on the FMA pipes. The table's own rounding cannot be left in (0.5 ULP of
// 2^(i/16) alone): each entry is a pair. k/16 comes straight from the magic-number rounding
// (t = x log2e + 1.5 2^19: its last four mantissa bits are i, the permute's index), and
// r_hi = x - (k/16) ln2_hi is exact in one FMA (|r| < 2^-5 fits the significand).
//
// Double: r = r_hi - (k/16) ln2_lo in a second FMA, and p = hi + (hi (e^r - 1) + lo) rounds once.
// Float folds both low parts into the polynomial's linear term instead, off the dependency
// chain: e^r (1 + lo/hi) - 1 = r_hi + r_hi^2 q(r_hi) + (lo/hi - (k/16) ln2_lo), to within
// (k/16) ln2_lo r (0.06 ULP at x = -110, the clamp) and lo/hi r (0.01 ULP); the correction
// lo/hi - (k/16) ln2_lo forms while r_hi^2 does, and p = hi + hi tail is one FMA. The chain from
// x to p is 6 cycles shorter (Zen 5: one FMA and one addition), and a smooth activation runs
// as fast as the scheduler overlaps its batches' chains: sigmoid float 0.91x the time.
template <class S>
struct exp_table_constants;

template <>
struct exp_table_constants<float> {
    static constexpr float magic = 786432.0f; // 1.5 * 2^19: x + magic rounds x to 1/16ths
    static constexpr float ln2_hi = 0x1.62e43p-1f;
    static constexpr float ln2_lo = -0x1.05c61p-29f;
    static constexpr std::array<float, 2> q = {0.500011086464f, 0.166666358709f};
    static constexpr std::array<float, 16> hi = {
        1.0f,          1.0442737341f, 1.0905077457f, 1.1387885809f,
        1.1892070770f, 1.2418577671f, 1.2968395948f, 1.3542555571f,
        1.4142135382f, 1.4768261909f, 1.5422108173f, 1.6104903221f,
        1.6817928553f, 1.7562521696f, 1.8340080976f, 1.9152065516f};
    // lo_i / hi_i = (2^(i/16) - hi_i) / hi_i, rounded: the table's own rounding as a relative
    // correction, which joins the reduced argument (see exp_split).
    static constexpr std::array<float, 16> lo_rel = {
        0.000000000e+00f,  4.628547146e-08f, -1.199215749e-08f, 4.729782432e-08f,
        3.193418152e-08f,  3.621057232e-08f, -3.099071932e-08f, -7.475213337e-09f,
        1.711427089e-08f,  -3.047683350e-08f, 5.233334210e-09f, 6.107591766e-09f,
        -1.471960509e-08f, -5.258795177e-09f, -6.128259677e-09f, 5.140609272e-09f};
};

template <>
struct exp_table_constants<double> {
    static constexpr double magic = 422212465065984.0; // 1.5 * 2^48
    static constexpr double ln2_hi = 0x1.62e42fefa39efp-1;
    static constexpr double ln2_lo = 0x1.abc9e3b39803fp-56;
    static constexpr std::array<double, 6> q = {
        0.50000000000000011102, 0.16666666666666668517,   0.041666666663594247033,
        0.0083333333329919535154, 0.0013889063475567629651, 0.00019841463826261545016};
    static constexpr std::array<double, 16> hi = {
        1.0,                1.0442737824274138, 1.0905077326652577, 1.1387886347566916,
        1.189207115002721,  1.241857812073484,  1.2968395546510096, 1.3542555469368927,
        1.4142135623730951, 1.4768261459394993, 1.5422108254079407, 1.6104903319492543,
        1.681792830507429,  1.7562521603732995, 1.8340080864093424, 1.9152065613971474};
    static constexpr std::array<double, 16> lo = {
        0.0,                    8.551889705537965e-17,  -3.046782079812471e-17,
        8.912812676025408e-17,  3.982015231465646e-17,  4.658027591836937e-17,
        2.5382502794888315e-17, 7.70094837980299e-17,   -9.667293313452913e-17,
        -3.483994556892796e-17, 7.949834809697621e-17,  2.4707192569797888e-17,
        8.199010020581497e-17,  2.960140695448873e-17,  3.283107224245627e-17,
        -1.0619946056195963e-16};
};

namespace detail {
/// The coefficients of q in r^2 q(r) as a polynomial in s = r / f: c_j f^(2 + j). For f a power
/// of two each Horner step on s is exactly f^(2 + j) times the step on r (the same bits), so a
/// reduction of x = f a can run on a (no f a formed).
template <int f, class S, std::size_t N, std::size_t... j>
constexpr std::array<S, N> coefficients_for_reduced(const std::array<S, N>& c,
                                                    std::index_sequence<j...>) noexcept {
    constexpr auto power = [](std::size_t k) {
        S v = 1;
        for (std::size_t i = 0; i < k; ++i) v *= S(f);
        return v;
    };
    return {{(c[j] * power(j + 2))...}};
}
template <int f, class S, std::size_t N>
constexpr std::array<S, N> coefficients_for_reduced(const std::array<S, N>& c) noexcept {
    return coefficients_for_reduced<f>(c, std::make_index_sequence<N>{});
}
} // namespace detail

/// e^x = p 2^floor(m) for x <= 0, unscaled (m = k/16, p = T_i e^r in [0.98, 1.96]): the lean
/// form for callers that need no low part (sigmoid, tanh' and silu). value<j>() is
/// 2^j e^x = VSCALEF(p, m + j): an exact factor 2^j folds into the single rounding, and a
/// subnormal result is rounded once from p. 0 below the subnormal range, NaN for NaN. The
/// members are computed in place (see exp_reduction).
template <class T, int f = 1>
struct exp_split {
    using S = scalar_type_t<T>;
    using K = exp_table_constants<S>;
    static constexpr bool folded = std::is_same<S, float>::value; // float: low parts folded

    T x; // x_in clamped below at exp_constants::lowest / f (e^(f x) for f = 2: of_twice)
    T t; // m + magic
    T m; // k/16
    T r; // the polynomial's argument: r_hi (float), r = r_hi - m ln2_lo (double)
    T u; // the tail's linear term: r + lo_i/hi_i - m ln2_lo (float), r (double)
    T p;

    ACTIV_INLINE explicit exp_split(const T& x_in) noexcept
        : x(kernels::at_least(x_in, T(exp_constants<S>::lowest / S(f)))),
          t(kernels::madd(x, T(S(f) * exp_constants<S>::log2e), T(K::magic))), m(t - T(K::magic)),
          r(reduced(x, m)), u(linear_term(T(m * T(K::ln2_lo)))), p(sum(parts())) {}
    /// e^(x + x_lo), a low part |x_lo| <~ ulp(x): in float it joins r (see reduced), in double
    /// m ln2_lo, so that r still rounds once.
    ACTIV_INLINE exp_split(const T& x_in, const T& x_lo) noexcept
        : x(kernels::at_least(x_in, T(exp_constants<S>::lowest))),
          t(kernels::madd(x, T(exp_constants<S>::log2e), T(K::magic))), m(t - T(K::magic)),
          r(reduced(x, m, x_lo)), u(linear_term(T(m * T(K::ln2_lo)))), p(sum(parts())) {
        static_assert(f == 1, "activ: a low part only for e^x itself");
    }

    /// p before its rounding, as T_i + (T_i (e^r - 1) + lo_i): the low part is good to ~2^-p
    /// of itself and at most 2^-5 of T_i, so the pair carries e^x to ~2^-2p (silu').
    ACTIV_INLINE pair<T> parts() const noexcept {
        const T hi = kernels::lookup(K::hi, t);
        if constexpr (folded)
            return {hi, T(hi * tail())};
        else
            return {hi, kernels::madd(hi, tail(), kernels::lookup(K::lo, t))};
    }
    /// v 2^max(floor(m), tiny): the power of two of value_raised() applied to another value.
    ACTIV_INLINE T raised(const T& v) const noexcept {
        return kernels::scale_pow2_floor(v, kernels::at_least(m, T(exp_constants<S>::tiny)));
    }

    template <int j = 0>
    ACTIV_INLINE T value() const noexcept {
        return scale<j>(p);
    }
    /// v 2^(floor(m) + j): e^x's power of two applied to another value (silu's quotient).
    template <int j = 0>
    ACTIV_INLINE T scale(const T& v) const noexcept {
        if constexpr (j == 0)
            return kernels::scale_pow2_floor(v, m);
        else
            return kernels::scale_pow2_floor(v, T(m + T(S(j))));
    }

    // The assist-free forms (ACTIV_ASSIST_FREE), for results that follow e^x into the subnormal
    // range: an Intel core takes a microcode assist (~150 cycles) for an instruction that
    // multiplies a subnormal or underflows, unless FTZ/DAZ are set.
    /// 2^j e^x, rounded once, subnormal included, by kernels::scale_pow2_floor_gradual.
    template <int j = 0>
    ACTIV_INLINE T value_gradual() const noexcept {
        return kernels::scale_pow2_floor_gradual<j>(p, m);
    }
    /// The lanes where e^x >= 2^-60 (float; 2^-500 double): there a product of values of
    /// e^x's size does not underflow; elsewhere n / (1 + e^x) rounds to n (and n - n^2 to n).
    ACTIV_INLINE lane_mask<T> not_tiny() const noexcept {
        return kernels::not_below(m, exp_constants<S>::tiny);
    }
    /// e^x on the lanes of not_tiny(), 0 on the others (with no assist).
    ACTIV_INLINE T value_not_tiny(const lane_mask<T>& k) const noexcept {
        return kernels::scale_pow2_floor_where(k, p, m);
    }
    /// e^x where e^x >= 2^tiny, and about 2^tiny below (the power of two clamped): for a value
    /// that only enters 1 + e^x and products negligible beside it (silu's quotient).
    ACTIV_INLINE T value_raised() const noexcept { return value_raised_to(exp_constants<S>::tiny); }
    /// As value_raised(), the power of two clamped at 2^lowest (mish: products with e^2).
    ACTIV_INLINE T value_raised_to(S lowest) const noexcept {
        return kernels::scale_pow2_floor(p, kernels::at_least(m, T(lowest)));
    }
    /// v 2^floor(m) for a normal v, rounded once with no assist (kernels::ldexp_floor_gradual).
    ACTIV_INLINE T scale_gradual(const T& v) const noexcept {
        return kernels::ldexp_floor_gradual(v, m);
    }

private:
    // Float: r_hi (the low parts join u); double: r = r_hi - m ln2_lo, rounded once. With a low
    // part x_lo, float's r is r_hi + x_lo: x_lo reaches ulp(x) (4e-6 at x = -87), and left out
    // of r^2 q(r) it would cost x_lo r relative (gelu_tanh: 4.1 ULP at x = -10).
    // With f = 2 (of_twice) r is kept as r / f, exactly (one rounding commutes with the power of
    // two), and tail() scales back: x + x is never formed.
    ACTIV_INLINE static T reduced(const T& x, const T& m) noexcept {
        const T r_hi = kernels::nmadd(m, T(K::ln2_hi / S(f)), x);
        if constexpr (folded)
            return r_hi;
        else
            return kernels::nmadd(m, T(K::ln2_lo / S(f)), r_hi);
    }
    ACTIV_INLINE static T reduced(const T& x, const T& m, const T& x_lo) noexcept {
        const T r_hi = kernels::nmadd(m, T(K::ln2_hi), x);
        if constexpr (folded)
            return T(r_hi + x_lo);
        else
            return T(r_hi - kernels::madd(m, T(K::ln2_lo), T(-x_lo)));
    }
    // e^r - 1 (double), e^r (1 + lo_i/hi_i) - 1 (float): r + r^2 q(r) with u as the linear term.
    // For f = 2, r is r / 2 here: q's coefficients scaled (detail::coefficients_for_reduced).
    ACTIV_INLINE T tail() const noexcept {
        static constexpr auto q = detail::coefficients_for_reduced<f>(K::q);
        return kernels::madd(T(r * r), kernels::horner(r, q), u);
    }
    ACTIV_INLINE T linear_term(const T& low) const noexcept {
        if constexpr (folded) {
            const T lo = kernels::lookup(K::lo_rel, t) - low;
            if constexpr (f == 1)
                return T(r + lo);
            else
                return kernels::madd(r, T(S(f)), lo);
        } else {
            return f == 1 ? r : T(S(f) * r);
        }
    }
    // Float: hi + hi tail in one FMA (the pair's low part is hi tail rounded); double: the sum.
    ACTIV_INLINE T sum(const pair<T>& v) const noexcept {
        if constexpr (folded)
            return kernels::madd(v.hi, tail(), v.hi);
        else
            return v.hi + v.lo;
    }
};
#else
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

    ACTIV_INLINE explicit exp_split(const T& x) noexcept
        : reduced(x, exp_constants<scalar_type_t<T>>::lowest), p(evaluate(reduced.r)) {}
    /// e^(x + x_lo), a low part |x_lo| <~ ulp(x) (see exp_reduction).
    ACTIV_INLINE exp_split(const T& x, const T& x_lo) noexcept
        : reduced(x, x_lo, exp_constants<scalar_type_t<T>>::lowest), p(evaluate(reduced.r)) {}

    ACTIV_INLINE static T evaluate(const T& r) noexcept {
        return kernels::madd(
            kernels::madd(kernels::horner(r, exp_constants<scalar_type_t<T>>::q), r, T(1)), r,
            T(1));
    }

    /// 2^j e^x, rounded once, subnormal included, with no instruction that multiplies a
    /// subnormal or underflows (ACTIV_ASSIST_FREE; kernels::scale_pow2_gradual).
    template <int j = 0>
    ACTIV_INLINE T value_gradual() const noexcept {
        return kernels::scale_pow2_gradual<j>(p, reduced.t);
    }
    /// e^x where e^x >= 2^tiny, and about 2^tiny below (the power of two clamped): for a value
    /// that only enters 1 + e^x and products negligible beside it (silu's quotient).
    ACTIV_INLINE T value_raised() const noexcept {
        return value_raised_to(exp_constants<scalar_type_t<T>>::tiny);
    }
    /// As value_raised(), the power of two clamped at 2^lowest (mish: products with e^2).
    ACTIV_INLINE T value_raised_to(scalar_type_t<T> lowest) const noexcept {
        return kernels::scale_pow2(p, kernels::at_least(reduced.n, T(lowest)));
    }
    /// v 2^n for a normal v, rounded once with no assist (kernels::ldexp_gradual).
    ACTIV_INLINE T scale_gradual(const T& v) const noexcept {
        return kernels::ldexp_gradual(v, reduced.t);
    }
    template <int j = 0>
    ACTIV_INLINE T value() const noexcept {
        if constexpr (j == 0)
            return kernels::scale_pow2(p, reduced.n);
        else
            return kernels::scale_pow2(p, T(reduced.n + T(scalar_type_t<T>(j))));
    }
    /// v 2^(n + j): e^x's power of two applied to another value (silu's quotient).
    template <int j = 0>
    ACTIV_INLINE T scale(const T& v) const noexcept {
        if constexpr (j == 0)
            return kernels::scale_pow2(v, reduced.n);
        else
            return kernels::scale_pow2(v, T(reduced.n + T(scalar_type_t<T>(j))));
    }
};
#endif

template <class T>
ACTIV_INLINE exp_split<T> exp_nonpositive_split(const T& x) noexcept {
    return exp_split<T>(x);
}
/// e^(x + x_lo) for x <= 0 and a low part |x_lo| <~ ulp(x), as exp_split.
template <class T>
ACTIV_INLINE exp_split<T> exp_nonpositive_split(const T& x, const T& x_lo) noexcept {
    return exp_split<T>(x, x_lo);
}

/// e^{2a} for a <= 0, as exp_nonpositive_split(a + a) (the same bits): with AVX-512 the
/// reduction runs on a itself, one instruction fewer (tanh').
template <class T>
ACTIV_INLINE auto exp_nonpositive_split_of_twice(const T& a) noexcept {
#if ACTIV_AVX512
    return exp_split<T, 2>(a);
#else
    return exp_split<T>(T(a + a));
#endif
}

/// e^x for x <= 0, one value (exp_nonpositive_split(x).value()).
template <class T>
ACTIV_INLINE T exp_nonpositive(const T& x) noexcept {
    return kernels::exp_nonpositive_split(x).value();
}

} // namespace activ::kernels
