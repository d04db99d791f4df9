// activ::gelu_tanh — GELU with PyTorch's tanh approximation (GELU(approximate='tanh')).
//
//   gelu_tanh(x)  = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) = x sigma(z),
//                   z = c1 x + c3 x^3,  c1 = 2 sqrt(2/pi),  c3 = 0.044715 c1
//   gelu_tanh'(x) = sigma(z) + x z'(x) sigma(z) sigma(-z),  x z'(x) = c1 x + 3 c3 x^3
//   derivative_from_output: none (not monotonic: the minimum is at x = -0.7525).
//
// How: x sigma(z) with silu's kernels (silu.hpp): e^{-|z|} as (hi + lo) 2^k, the numerator
// x (hi + lo) divided by 1 + e and scaled afterwards, so the negative tail x e^z stays accurate
// while e^z is subnormal and follows it into the subnormals. z is a rounded cubic whose
// absolute error becomes the result's relative error in that tail (|z| up to 104 float,
// 745 double), so z is evaluated in double-word arithmetic: x^2 = two_prod(x, x), c1 and c3 as
// hi + lo pairs (mpmath, exact constants), c3 x^2 + c1 with TwoSum, z = two_prod(x, .) + ...;
// e^{-|z|} = e^{-|z_hi|} (1 - sign(z) z_lo). The same for w = x z'(x). With FMA the value
// takes silu's lean form instead (silu_impl::x_sigmoid_lean): e^{-|z|} = p 2^n from the lean
// exponential, z_lo joining its reduction, one quotient corrected once by its residual.
// Derivative: e (1 + e + w) / (1 + e)^2 for x < 0 (e = e^z), (1 + e (1 + w)) / (1 + e)^2 for
// x >= 0 (e = e^{-z}); with FMA and AVX-512 silu's lean form of it instead
// (silu_impl::sigmoid_slope_lean: e before its rounding, 1/(1 + e) as a pair, w = w_hi + w_lo
// joining the final FMA; 2.33 -> 1.95 TSC cycles per float, 5.60 -> 3.96 per double against
// the pair form, 4096 elements through activ::apply in one process on AMD Zen 5; the float
// maximum over every 64th float unchanged, 2.29 ULP inside the root polynomial, the mean
// 0.031 -> 0.040 ULP). 1 + e + w cancels at the root x1 = -0.75246142207101625849: within
// |x - x1| < 1/8 the derivative is u P(u), u = (x - x1_hi) - x1_lo, P a fit of
// gelu_tanh'(x1 + u)/u for relative error (float degree 6, fit error 2^-34; double degree 11,
// 2^-61.5). |x| is clamped to 64 inside z (z(64) = 18806: saturated), so x^3 never overflows.
//
// Error against MPFR (tests/family/test_silu.cpp, 10^6 samples per form and type: 1/2 in
// [-30, 30], 1/4 over all finite x, 1/4 at the root and the tails):
//   with FMA     gelu_tanh   float 1.42 ULP   double 1.44 ULP (every float, bench/activ_accuracy:
//                            1.56 ULP at x = -3.883; the pair form: 1.07 / 1.01 ULP in 3.67 /
//                            8.65 against 2.02 / 4.63 TSC cycles per float / double, 4096
//                            elements through activ::apply in one process, Intel Xeon)
//                gelu_tanh'  float 2.33 ULP   double 2.28 ULP (inside the root polynomial,
//                            x ~ -0.82 / -0.77: u's and Horner's roundings)
//   without FMA  gelu_tanh   float 1.04 ULP   double 1.01 ULP
//                gelu_tanh'  float 2.34 ULP   double 2.28 ULP
// Special values: NaN -> NaN; gelu_tanh(+inf) = +inf, gelu_tanh(-inf) = -0 (never NaN; -0
// below x = -10.9 float, -21.6 double, where the result is below the smallest subnormal or
// nearly so); gelu_tanh(-0) = -0; gelu_tanh'(+-0) = 0.5, gelu_tanh'(+inf) = 1,
// gelu_tanh'(-inf) = -0 (the limit from below). |x| beyond 64: x, -0 and the same limits.
#pragma once

#include "silu.hpp"

namespace activ {

namespace detail::gelu_tanh_impl {

template <class S>
struct constants;

template <>
struct constants<float> {
    static constexpr float clamp = 64.0f;
    static constexpr float c1_hi = 1.5957691669464111f, c1_lo = -4.534068054340423e-08f;
    static constexpr float c3_hi = 0.07135481387376785f, c3_lo = 2.3988324659995897e-09f;
    static constexpr float k3_hi = 0.21406444907188416f, k3_lo = -2.540834209696641e-10f;
    static constexpr float root_hi = -0.7524614334106445f, root_lo = 1.1339627903339533e-08f;
    static constexpr float root_radius = 0.125f;
    static constexpr std::array<float, 7> root_poly = {
        0.430400091f,    0.3875184451f,  -0.01578285391f, -0.113943967f,
        -0.01661913089f, 0.01961620352f, 0.005235765724f};
};

template <>
struct constants<double> {
    static constexpr double clamp = 64.0;
    static constexpr double c1_hi = 1.5957691216057308, c1_lo = -9.96930880911092e-17;
    static constexpr double c3_hi = 0.07135481627260025, c3_lo = -6.175149918155315e-19;
    static constexpr double k3_hi = 0.21406444881780073, k3_lo = 1.2025242832367862e-17;
    static constexpr double root_hi = -0.7524614220710163, root_lo = 3.635560509207687e-17;
    static constexpr double root_radius = 0.125;
    static constexpr std::array<double, 12> root_poly = {
        0.43040009102485850919,    0.38751844613578892638,    -0.015782853521848546905,
        -0.11394448308095879483,   -0.016619328342665302972,  0.019682309459689521313,
        0.0052610591491367534122,  -0.0024227318066485176495, -0.00092742895727186238342,
        0.00026392279524628322133, 0.00012350790778493396853, -0.000034680091563780828711};
};

/// x (c1 + a x^2) in double-word arithmetic, x^2 = x2.hi + x2.lo exact, a = a_hi + a_lo.
template <class T, class S>
ACTIV_INLINE kernels::pair<T> odd_cubic(const T& x, const kernels::pair<T>& x2, S a_hi,
                                        S a_lo) noexcept {
    using K = constants<S>;
    const kernels::pair<T> p = kernels::two_prod(T(a_hi), x2.hi);
    const T p_lo = kernels::madd(T(a_hi), x2.lo, kernels::madd(T(a_lo), x2.hi, p.lo));
    const kernels::pair<T> s = silu_impl::two_sum(T(K::c1_hi), p.hi);
    const T s_lo = s.lo + (T(K::c1_lo) + p_lo);
    const kernels::pair<T> r = kernels::two_prod(x, s.hi);
    return {r.hi, kernels::madd(x, s_lo, r.lo)};
}

} // namespace detail::gelu_tanh_impl

struct gelu_tanh : activation<gelu_tanh> {
    static constexpr bool has_derivative_from_output = false;
    static constexpr int cost = 70; // instructions per element (Eigen's cost model)
    // activ::apply's batches per iteration for the derivative: in double six chains spill
    // (activ_bench at 4096, Zen 5: 0.48 against 0.73 Gitems/s with four); float gains with six.
    template <class T>
    static constexpr std::size_t max_derivative_interleave = std::is_same<T, double>::value ? 4 : 8;

private:
    friend struct activation<gelu_tanh>;

    template <class T>
    ACTIV_INLINE static T clamped(const T& x) noexcept {
        using K = detail::gelu_tanh_impl::constants<scalar_type_t<T>>;
        const T c(K::clamp);
        return kernels::select(x < T(-c), T(-c), kernels::select(x > c, c, x)); // NaN stays
    }

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        using S = scalar_type_t<T>;
        using K = detail::gelu_tanh_impl::constants<S>;
        const T xc = clamped(x);
        const kernels::pair<T> z =
            detail::gelu_tanh_impl::odd_cubic(xc, kernels::two_prod(xc, xc), K::c3_hi, K::c3_lo);
#if ACTIV_HAS_FMA
        return detail::silu_impl::x_sigmoid_lean(x, z);
#else
        return detail::silu_impl::x_sigmoid<true>(x, z.hi, z.lo);
#endif
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        using S = scalar_type_t<T>;
        using K = detail::gelu_tanh_impl::constants<S>;
        const T xc = clamped(x);
        const kernels::pair<T> x2 = kernels::two_prod(xc, xc);
        const kernels::pair<T> z = detail::gelu_tanh_impl::odd_cubic(xc, x2, K::c3_hi, K::c3_lo);
        const kernels::pair<T> w = detail::gelu_tanh_impl::odd_cubic(xc, x2, K::k3_hi, K::k3_lo);
#if ACTIV_HAS_FMA && ACTIV_AVX512
        const T lean = detail::silu_impl::sigmoid_slope_lean<true>(
            detail::silu_impl::exp_of_neg_abs_lean(z), z.hi < T(0), w.hi, w.lo);
        // z < lowest: -0, the limit (1 + w) e^z from below, below the subnormals.
        const T generic =
            kernels::select(z.hi < T(kernels::exp_constants<S>::lowest), T(-0.0), lean);
#else
        const T generic = detail::silu_impl::sigmoid_slope<true>(z.hi, z.lo, w.hi, w.lo);
#endif
        const T u = (x - T(K::root_hi)) - T(K::root_lo);
        const T near = u * kernels::horner(u, K::root_poly);
        return kernels::select(kernels::abs(u) < T(K::root_radius), near, generic);
    }
};

} // namespace activ
