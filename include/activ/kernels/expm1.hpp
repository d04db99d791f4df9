// activ — SIMD math kernels, layer 1: e^x - 1 for x <= 0.
//
// ELU, SELU and CELU need e^x - 1 below zero, softplus' derivative from its output needs
// 1 - e^{-y}: both are expm1 of a non-positive argument, in (-1, 0]. Computed from the parts of
// exp_nonpositive: e^x = v + v_lo (v rounded, v_lo its rounding error), and
//
//   e^x - 1 = (v - 1) + v_lo
//
// For |x| <= ln2/2 (no power-of-two scaling) v = 1 + tail with v_lo = the exact rounding error
// of that sum, so (v - 1) + v_lo gives back the polynomial's tail = e^r - 1 with its own
// accuracy: small |x| keep full relative precision (expm1(x) = x for tiny x) instead of the
// cancellation of a plain e^x - 1. For x < -ln2/2, e^x - 1 <= -0.29: v - 1 is exact for
// v >= 1/2 (Sterbenz) and otherwise rounds once, well conditioned.
// Error against MPFR (2*10^6 samples in [-100, 0] and near 0): float 0.87 ULP, double 1.10 ULP
// with FMA; 0.85 / 1.08 without (x86-64-v2).
// With AVX-512, expm1_nonpositive_parts takes the table form of one_minus_exp_and_exp instead
// (tanh's kernel, below): fewer instructions (ELU 1.6x the throughput) and, for ELU, SELU and
// CELU, a smaller or similar worst case (their headers).
// Special values: expm1(-inf) = -1, NaN -> NaN; expm1(-0) returns +0 (-0 in the table form;
// callers that keep the sign of zero apply copysign).
#pragma once

#include "exp.hpp"

namespace activ::kernels {

/// e^x - 1 (as m + m_lo) and e^x for x <= 0, each rounded once from one reduction (x clamped to
/// [-64, 0]: below, e^x - 1 is -1 to within 2^-92; n = round(x / ln2) >= -93 and r as in
/// exp_nonpositive):
///
///   e^x - 1 = 2^n (e^r - 1) + (2^n - 1) = fma(t, 2^n, 2^n - 1),  e^x = fma(t, 2^n, 2^n),
///   t = r + r^2 q(r)
///
/// 2^n is normal and 2^n - 1 exact while n >= -24 (float) / -53 (double); below, 2^n - 1
/// rounds to -1 with the true value within half an ULP of -1. m_lo gathers the rounding errors
/// of t and of the fma (each exact by Sterbenz: t is within a factor 2 of r, m of 2^n - 1), so
/// callers that amplify m's error can remove it. For n = 0, m is t itself: small |x| keep full
/// relative precision (expm1(x) = x for tiny x). expm1(-0) = +0, expm1(-inf) = -1, NaN -> NaN.
/// e is tanh's denominator beside its numerator -m: the two are separate roundings of t 2^n,
/// not one error counted twice, and e is accurate where it is small (m near -1). The members
/// are computed in place (see exp_reduction); a caller that does not use e drops it.
template <class T>
struct expm1_and_exp {
    T m;
    T m_lo; // what m misses: t's rounding error and the fma's ((2^n - 1) - m is exact)
    T e;

    ACTIV_INLINE explicit expm1_and_exp(const T& x) noexcept {
        using S = scalar_type_t<T>;
        const exp_reduction<T> red(x, S(-64));
        const T& r = red.r;
        const T r2 = r * r;
        const T q = kernels::horner(r, exp_constants<S>::q);
        const T tail = kernels::madd(r2, q, r);
        const T tail_lo = kernels::madd(r2, q, T(r - tail)); // r - tail exact (Sterbenz)
        const T s = kernels::pow2_from_magic<0>(red.t);
        const T s_minus_1 = s - T(1);
        m = kernels::madd(tail, s, s_minus_1);
        m_lo = kernels::madd(tail_lo, s, kernels::madd(tail, s, T(s_minus_1 - m)));
        e = kernels::madd(tail, s, s);
    }
};

#if ACTIV_AVX512
/// Tables for one_minus_exp_and_exp: 2^(i/N) for N = 32 in float (two registers, one
/// VPERMT2PS) and N = 16 in double (two registers, one VPERMT2PD). hi_i is 2^(i/N) rounded to
/// one bit fewer than the type has (23 / 52 bits, see below), lo_relative the rest relative
/// to hi_i, (2^(i/N) - hi_i) / hi_i. q fits e^r - 1 on [-ln2/N, 0] relative to e^r - 1 itself
/// (Chebyshev; float degree 2: 1.1e-10, double degree 5: 4.2e-18). scripts/fit_coefficients.py
/// prints all of them.
template <class S>
struct expm1_table_constants;

template <>
struct expm1_table_constants<float> {
    static constexpr float magic = 393216.0f; // 1.5 * 2^18: x + magic rounds to 1/32
    static constexpr float step = 0.03125f;
    static constexpr float lowest = -20.0f; // tanh(10) is 1 in float
    static constexpr std::array<float, 32> hi = {
        1.0f,        1.02189708f, 1.04427385f, 1.06714034f, 1.09050775f, 1.1143868f,  1.1387887f,
        1.1637249f,  1.18920708f, 1.21524739f, 1.24185777f, 1.26905107f, 1.29683948f, 1.32523656f,
        1.35425544f, 1.38390994f, 1.41421366f, 1.44518089f, 1.47682619f, 1.50916433f, 1.54221082f,
        1.5759809f,  1.61049032f, 1.64575553f, 1.68179274f, 1.71861935f, 1.75625205f, 1.79470897f,
        1.83400798f, 1.87416768f, 1.91520667f, 1.95714402f};
    // clang-format off
    static constexpr std::array<float, 32> lo_relative = {
        0.0f, 6.957030507e-08f, -6.786973472e-08f, 5.610487008e-08f,
        -1.199215749e-08f, -4.87760623e-08f, -5.738296238e-08f, -3.48144269e-08f,
        3.193418152e-08f, -2.688666534e-08f, 3.621057232e-08f, -9.281735203e-08f,
        6.093220861e-08f, 6.35702051e-08f, 8.05504925e-08f, -4.245635665e-08f,
        -6.717942114e-08f, -5.948548676e-08f, -3.04768335e-08f, 6.245172557e-08f,
        5.23333421e-09f, -3.592064601e-08f, 6.107591766e-09f, -3.114054437e-08f,
        5.616266563e-08f, -2.821810163e-08f, 6.26182981e-08f, 6.00622414e-08f,
        5.88710698e-08f, -2.488040884e-08f, -5.710295525e-08f, 5.22125525e-08f};
    // clang-format on
    static constexpr std::array<float, 3> q = {0.5f, 0.166664481163f, 0.0413969606161f};
};

template <>
struct expm1_table_constants<double> {
    static constexpr double magic = 422212465065984.0; // 1.5 * 2^48: x + magic rounds to 1/16
    static constexpr double step = 0.0625;
    static constexpr double lowest = -40.0; // tanh(20) is 1 in double
    static constexpr std::array<double, 16> hi = {1.0,
                                                  1.044273782427414,
                                                  1.0905077326652575,
                                                  1.1387886347566916,
                                                  1.1892071150027212,
                                                  1.241857812073484,
                                                  1.2968395546510099,
                                                  1.3542555469368929,
                                                  1.414213562373095,
                                                  1.4768261459394991,
                                                  1.542210825407941,
                                                  1.6104903319492543,
                                                  1.6817928305074292,
                                                  1.7562521603732995,
                                                  1.8340080864093427,
                                                  1.9152065613971474};
    // clang-format off
    static constexpr std::array<double, 16> lo_relative = {
        0.0, -1.307374657556735e-16, 1.7567668562852185e-16,
        7.826573258636076e-17, -1.5323188897163457e-16, 3.750854201303127e-17,
        -1.5164721142629426e-16, -1.0709582947992897e-16, 8.865115929175828e-17,
        1.2676147417271722e-16, -9.242981211103171e-17, 1.5341410053603723e-17,
        -8.327690675013712e-17, 1.685487290628973e-17, -1.0316941025762925e-16,
        -5.545065618639427e-17};
    // clang-format on
    static constexpr std::array<double, 6> q = {0.49999999999999994,   0.16666666666653543,
                                                0.04166666663131398,   0.008333329849390884,
                                                0.0013887336030226466, 0.0001952177001779288};
};

/// 1 - e^x and e^x for x in [lowest, 0] (tanh's -2|x|, clamped by its caller: below, tanh is
/// 1 to the last bit), each rounded once from one table reduction:
///
///   k = ceil(N x / ln2),  r = x - (k/N) ln2 in [-ln2/N, 0],  n = floor(k/N),  i = k mod N,
///   e^x = h (1 + d),  h = 2^n hi_i,  d = e^r - 1 + lo_i / hi_i  (to first order in lo),
///   1 - e^x = (1 - h) - h d,   e^r - 1 = r + r^2 q(r)
///
/// k is rounded up (one FMA with embedded rounding), so r <= 0 and d <= 0: 1 - h >= 0 and
/// -h d >= 0 add without cancellation, where the nearest k would leave (1 - h) - h d with
/// half its bits cancelled for small |x|. 1 - h is exact (Sterbenz for h >= 1/2; hi_i has one
/// bit fewer than the type, so h's last bit is 2^-24 / 2^-53 for h >= 1/4) wherever
/// 1 - e^x < 1/2, and where not its rounding counts against a result >= 0.6. h = VSCALEF
/// (hi_i, k/N) is exact; the polynomial is fitted to e^r - 1 itself, so k = 0 (h = 1,
/// 1 - e^x = -d) keeps full relative precision down to the subnormals. The reduction is one
/// FMA in float: ln2_hi's error (1.9e-9) times |k/N| <= 29 moves e^x by up to 5.5e-8
/// relative, only where e^x is small, which changes tanh by < 0.05 ULP.
template <class T>
struct one_minus_exp_and_exp {
    T h;           // 2^n hi_i
    T d;           // e^r - 1 + lo_i / hi_i
    T one_minus_h; // exact wherever it counts (above)
    T one_minus_e;
    T e;

    ACTIV_INLINE explicit one_minus_exp_and_exp(const T& x) noexcept
        : one_minus_exp_and_exp(x, std::integral_constant<int, 1>{}) {}
    /// 1 - e^{2a} and e^{2a} (tanh's argument -2|x|), reduced on a itself (below): no 2a is
    /// formed.
    ACTIV_INLINE static one_minus_exp_and_exp of_twice(const T& a) noexcept {
        return one_minus_exp_and_exp(a, std::integral_constant<int, 2>{});
    }

private:
    // x = f a (f = 1, or 2 for tanh). The reduction runs on a: s = a - (k/N) ln2 / f is r / f
    // exactly (one rounding, which commutes with the power of two f), and d = r + r^2 q(r) +
    // lo_i / hi_i is f s + (s s) q_f(s) + lo_i / hi_i (detail::coefficients_for_reduced): the
    // same bits as reducing x = a + a, one instruction fewer. lo_i / hi_i is added to r, beside
    // r^2, instead of to the rounded polynomial: one addition less on the dependency chain, and
    // two roundings of the same size as before (r + lo_i / hi_i: at most 2^-30 absolute, as the
    // polynomial's; k = 0 has lo_0 = 0, so d = e^r - 1 keeps its relative precision for small
    // |x|).
    template <int f>
    ACTIV_INLINE one_minus_exp_and_exp(const T& a, std::integral_constant<int, f>) noexcept {
        using S = scalar_type_t<T>;
        using K = expm1_table_constants<S>;
        using E = exp_table_constants<S>;
        static constexpr auto q = detail::coefficients_for_reduced<f>(K::q);
        const T t =
            kernels::madd_round_up(a, T(S(f) * exp_constants<S>::log2e), T(K::magic), K::step);
        const T k = t - T(K::magic); // k/N
        T s;
        if constexpr (std::is_same<S, float>::value)
            s = kernels::nmadd(k, T(E::ln2_hi / S(f)), a);
        else
            s = kernels::nmadd(k, T(E::ln2_lo / S(f)), kernels::nmadd(k, T(E::ln2_hi / S(f)), a));
        h = kernels::scale_pow2_floor(kernels::lookup(K::hi, t), k);
        const T lo = kernels::lookup(K::lo_relative, t);
        d = kernels::madd(T(s * s), kernels::horner(s, q),
                          f == 1 ? T(s + lo) : kernels::madd(s, T(S(f)), lo));
        one_minus_h = T(1) - h;
        one_minus_e = kernels::nmadd(h, d, one_minus_h);
        e = kernels::madd(h, d, h);
    }

public:
    /// The rounding error of one_minus_e, exactly: (1 - h) - one_minus_e is exact (Sterbenz:
    /// one_minus_e lies in [1 - h, 2 (1 - h)], or 1 - h = 0), the FMA rounds a value that is
    /// already below half an ULP of one_minus_e.
    ACTIV_INLINE T one_minus_e_lo() const noexcept {
        return kernels::nmadd(h, d, T(one_minus_h - one_minus_e));
    }
};
#endif

/// e^x - 1 for x <= 0 (or -inf, or NaN), as a pair hi + lo (lo: what hi misses, for callers
/// that need a little more than one rounding, e.g. ELU's alpha * expm1(x)).
/// x is clamped to [-40, 0]. Above 0 (an argument a caller computes in vain, for its other
/// branch) the power of two would be garbage, subnormal operands included. Below -40 the pair is
/// (-1, e^-40) instead of (-1, e^x): e^x < 2^-57 is far below half an ULP of -1, so the caller's
/// rounding moves only at an exact tie, which either lo breaks the same way; and e^x never
/// reaches the subnormals, which cost an Intel core a ~150-cycle assist per instruction (elu of
/// inputs below -87).
template <class T>
ACTIV_INLINE pair<T> expm1_nonpositive_parts_plain(const T& x) noexcept {
    const auto e =
        kernels::exp_nonpositive_parts(kernels::at_least(kernels::at_most(x, T(0)), T(-40)));
    const T v = e.value(), v_lo = e.value_lo();
    const T d = v - T(1);           // exact for v >= 1/2; one rounding otherwise (|d| >= 1/2 there)
    const T err = (v - (d + T(1))); // 0 when exact; the rounding error of d otherwise
    const T hi = d + (v_lo + err);
    return {hi, ((d - hi) + (v_lo + err))};
}

/// e^x - 1 for x <= 0 as a pair hi + lo (ELU, SELU, CELU). With AVX-512, from the table
/// reduction of one_minus_exp_and_exp: -(1 - e^x) and its exact rounding error, so the pair
/// carries only the error of d = e^r - 1 + lo_i (~2^-p relative to the result: the two terms
/// of 1 - e^x add without cancellation). x is clamped to [lowest, 0] (float -20, double -40):
/// below, the pair is -1 plus e^lowest (< 2^-28 / 2^-57), far below half an ULP of -1, so a
/// caller's product moves only at an exact tie. Otherwise expm1_nonpositive_parts_plain.
template <class T>
ACTIV_INLINE pair<T> expm1_nonpositive_parts(const T& x) noexcept {
#if ACTIV_AVX512
    using S = scalar_type_t<T>;
    const one_minus_exp_and_exp<T> me(
        kernels::at_least(kernels::at_most(x, T(0)), T(expm1_table_constants<S>::lowest)));
    return {T(-me.one_minus_e), T(-me.one_minus_e_lo())};
#else
    return kernels::expm1_nonpositive_parts_plain(x);
#endif
}

/// e^x - 1 for x <= 0 as one value (expm1_and_exp's m + m_lo rounded): < 1 ULP.
template <class T>
ACTIV_INLINE T expm1_nonpositive(const T& x) noexcept {
    const expm1_and_exp<T> me(x); // its members used in place: a copied batch member costs GCC
    return me.m + me.m_lo;        // a dead store per element
}

} // namespace activ::kernels
