// activ::silu — x sigmoid(x), the sigmoid-weighted linear unit (PyTorch's SiLU, "swish-1").
//
//   silu(x)  = x sigma(x) = x / (1 + e)  for x >= 0,   x e / (1 + e)  for x < 0,  e = e^{-|x|}
//   silu'(x) = sigma(x) + x sigma(x) sigma(-x)
//            = (1 + e (1 + x)) / (1 + e)^2   for x >= 0      (a sum of positive terms)
//            = e (1 + e + x) / (1 + e)^2     for x < 0
//   derivative_from_output: none (silu is not monotonic: y does not determine x).
//
// How: silu(x) with FMA is sigmoid's method (sigmoid.hpp) with x in the numerator: e^{-|x|}
// = p 2^n from the lean exponential, x p (x < 0) or x divided by 1 + e with one residual
// correction, and only then scaled by 2^n, so silu(x) ~ x e^x keeps full precision while e^x
// itself is already subnormal (x in [-91.5, -87.3] float, [-715, -708.4] double) and follows
// it into the subnormals (silu_impl::x_sigmoid_lean, which swish and gelu_tanh share with z as
// a pair). Without FMA (and for silu', swish', gelu_tanh'), e^{-|x|} comes
// from exp_nonpositive_parts as (hi + lo) 2^k, the numerator x hi as an exact two_prod plus
// x lo, the division compensated (detail::silu_impl::x_sigmoid): ~1 ULP, at about twice the
// cost.
// silu'(x) < 0 cancels in 1 + e + x at the root x0 = -1.27846454276107379511 (silu's
// minimum): outside |x - x0| < 1/8, (1 + x) + e is exact near x0 and e's error (~2^-30
// relative, from exp's reduced argument) costs < 1 ULP; inside, silu'(x) = u P(u) with
// u = (x - x0_hi) - x0_lo and P a fit of silu'(x0 + u)/u for relative error (float degree 5,
// fit error 2^-31; double degree 10, 2^-59.5). Tails: x -> -inf: e (1 + x) / 1, computed
// from the scaled parts as the value; x -> +inf: 1 + e (x - 1) from above, no cancellation.
// With FMA and AVX-512, silu' is silu_impl::silu_slope_lean instead: e before its rounding and
// 1/(1 + e) as a pair carry the cancellation with no pair arithmetic beyond one two_prod
// (3.45 -> 1.75 TSC cycles per float, 8.5 -> 4.9 per double, 4096 elements through
// activ::apply with both forms in one process on an Intel Xeon; activ_bench's d_silu 0.96 ->
// 1.48 Gitems/s; the same 2.01 / 1.99 ULP bound, reached inside the root polynomial).
// The same kernels (detail::silu_impl) serve swish (z = beta x) and gelu_tanh (z = a cubic),
// the lean derivative as sigmoid_slope_lean: sigma(z) + w sigma(z) sigma(-z) for any w with
// the sign of z (silu and swish: w = z; gelu_tanh: w = x z'(x)), z and w as pairs.
// Intel (ACTIV_ASSIST_FREE): the last scaling by 2^k is kernels::ldexp_gradual (no instruction
// underflows, where a product would cost an Intel core a ~150-cycle microcode assist), and e
// is raised (lean form) or dropped (exp_neg_abs, in every build) where it is too small to
// matter in 1 + e.
// The results are the same bits (every float, 2^26 doubles; NaN's sign aside).
//
// Error against MPFR (tests/family/test_silu.cpp, ACTIV_ACCURACY_SAMPLES = 10^6 per form and
// type: 1/2 in [-30, 30], 1/4 over all finite x, 1/4 at x0, the tails, saturation and 0):
//   with FMA     silu   float 1.51 ULP   double 1.46 ULP (bench/accuracy: every 4th float,
//                                                          2^20 doubles; x ~ -59.5 / -30.5;
//                                                          AVX-512's table exponential, 1.62
//                                                          / 1.59 with the plain one)
//                silu'  float 2.01 ULP   double 1.99 ULP (inside the root polynomial)
//   without FMA  silu   float 1.08 ULP   double 1.06 ULP
//                silu'  float 1.94 ULP   double 1.99 ULP
// Without FMA two_prod, the residual of the division and (1 + e)^2 are exact by Dekker's
// product (detail::silu_impl::divide_exact, square_exact), so the bounds hardly move.
// Special values: NaN -> NaN (value and derivative); silu(+inf) = +inf, silu(-inf) = -0
// (never NaN; -0 for x < -110 float, -750 double, where |silu| < the smallest subnormal or
// nearly so); silu(-0) = -0, silu(+0) = +0 (the sign of x is kept); silu'(+-0) = 0.5,
// silu'(+inf) = 1, silu'(-inf) = -0 (the limit (1 + x) e^x from below).
#pragma once

#include "../kernels/exp.hpp"
#include "activation.hpp"

namespace activ {

namespace detail::silu_impl {

template <class S>
struct constants;

template <>
struct constants<float> {
    static constexpr float lowest = kernels::exp_constants<float>::lowest; // e^z is 0 below
    static constexpr float saturation = 40.0f; // x sigma(z) rounds to x for z > 40
    static constexpr float big = 1.0e4f;       // clamp of w in e (1 + w): e = 0 long before
    static constexpr float root_hi = -1.2784645557403564f; // silu' root x0 = root_hi + root_lo
    static constexpr float root_lo = 1.2979282537628478e-08f;
    static constexpr float root_radius = 0.125f;
    static constexpr std::array<float, 6> root_poly = {0.2178117058f,    0.146648797f,
                                                       0.01887470469f,   -0.01522268063f,
                                                       -0.006587890653f, 0.0001309676891f};
};

template <>
struct constants<double> {
    static constexpr double lowest = kernels::exp_constants<double>::lowest;
    static constexpr double saturation = 40.0;
    static constexpr double big = 1.0e4;
    static constexpr double root_hi = -1.2784645427610737;
    static constexpr double root_lo = -1.0946994183093437e-16;
    static constexpr double root_radius = 0.125;
    static constexpr std::array<double, 11> root_poly = {
        0.21781170571980009878,      0.14664879699694692364,    0.018874814223782321971,
        -0.015222655223218057448,    -0.0066065891383676589407, 0.00012662742084264262675,
        0.00079852188576961395435,   0.00018570566927027158763, -0.000040905917501179819644,
        -0.000029632772593799658593, -2.9057888293040264036e-6};
};

/// s = a + b exactly as s + err (Knuth's TwoSum: no condition on the magnitudes).
template <class T>
ACTIV_INLINE kernels::pair<T> two_sum(const T& a, const T& b) noexcept {
    const T s = a + b;
    const T bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

/// (d.hi + d.lo)^2 as a pair, d.hi^2 exact with or without FMA (two_prod).
template <class T>
ACTIV_INLINE kernels::pair<T> square_exact(const kernels::pair<T>& d) noexcept {
    const kernels::pair<T> p = kernels::two_prod(d.hi, d.hi);
    return {p.hi, kernels::madd(T(d.hi + d.hi), d.lo, p.lo)};
}

/// (n.hi + n.lo) / (d.hi + d.lo) as kernels::divide, with the residual n.hi - q d.hi exact
/// also without FMA (two_prod; n.hi - (q d.hi)_hi is exact by Sterbenz), about 1 ULP better than
/// kernels::divide there, and r good to ~2^-p (kernels::reciprocal_refined: no division
/// instruction on AVX-512), so that the corrected quotient is within ~2^-2p of n / d.
template <class T>
ACTIV_INLINE T divide_exact(const kernels::pair<T>& n, const kernels::pair<T>& d) noexcept {
    const T r = kernels::reciprocal_refined(d.hi);
    const T q = n.hi * r;
    const T residual = kernels::residual(n.hi, q, d.hi);
    return kernels::madd(kernels::nmadd(q, d.lo, T(residual + n.lo)), r, q);
}

/// e^{-|z|} for z = z_hi + z_lo (|z_lo| <~ ulp(z_hi); z_lo = 0 when !compensated), as
///   (hi + lo) * scale   hi normal, scale = 2^k: for products that must stay normal,
///   v + v_lo            the value (rounded once, possibly subnormal) and what it misses.
/// z_lo enters as e^{-|z_hi|} (1 + delta), delta = -sign(z_hi) z_lo: its square is below
/// 2^-34 (float, |z| <= 110) and 2^-90 (double).
/// v and v_lo are 0 where 2^k < 2^-40 (float; 2^-400 double), so e^{-|z|} < 2^-80 (2^-700;
/// hi >= 2^-41 / 2^-301 by exp_nonpositive_parts' split): there they only enter 1 + v (which
/// rounds to 1) and products negligible beside the result, and keeping them would cost an
/// Intel core a microcode assist (~150 cycles) for each instruction whose operand or result is
/// subnormal (hi s_lo in sigmoid_slope is about hi v), and AMD Zen 5 a smaller one for each
/// product of normal numbers that underflows (v_lo, the low parts of two_prod). k is clamped
/// for the product (the lanes computed in vain stay normal). The scaling by 2^k is then
/// scaled(): rounded once by kernels::ldexp_gradual. This holds whatever ACTIV_ASSIST_FREE
/// says: with the plain form instead (v = hi 2^k), gelu_tanh' took 1.7x the time on inputs in
/// [-10, 10] on Zen 5 (its cubic argument reaches -87 at x = -10).
template <class T>
struct exp_neg_abs {
    T hi, lo, t_k, v, v_lo;
};

template <class S>
struct negligible_below;
template <>
struct negligible_below<float> {
    static constexpr float k = -40.0f;
};
template <>
struct negligible_below<double> {
    static constexpr double k = -400.0;
};

template <bool compensated, class T>
ACTIV_INLINE exp_neg_abs<T> exp_of_neg_abs(const T& z_hi, const T& z_lo) noexcept {
    const auto e = kernels::exp_nonpositive_parts(T(-kernels::abs(z_hi)));
    using S = scalar_type_t<T>;
    const T t_min(S(negligible_below<S>::k + kernels::ieee<S>::magic));
    const T scale = kernels::pow2_from_magic<0>(kernels::at_least(e.t_k, t_min));
    const auto kept = e.t_k >= t_min;
    const T v = kernels::select(kept, T(e.hi * scale), T(0));
    const T v_lo = kernels::select(kept, kernels::opaque(T(e.lo * scale)), T(0));
    if constexpr (compensated) {
        const T delta = kernels::select(z_hi < T(0), z_lo, T(-z_lo));
        return {e.hi, kernels::madd(e.hi, delta, e.lo), e.t_k, v, kernels::madd(v, delta, v_lo)};
    } else {
        (void)z_lo;
        return {e.hi, e.lo, e.t_k, v, v_lo};
    }
}

/// q 2^k where `negative` (the unscaled numerator's quotient), q elsewhere; rounded once.
template <class T, class B>
ACTIV_INLINE T scaled(const T& q, const B& negative, const exp_neg_abs<T>& e) noexcept {
    using S = scalar_type_t<T>;
    return kernels::ldexp_gradual(q, kernels::select(negative, e.t_k, T(kernels::ieee<S>::magic)));
}

/// x sigma(z), z = z_hi + z_lo, for the x that belongs to z (its sign is the result's):
/// x (hi + lo) / (1 + e) * 2^k for z < 0 (e = e^z), x / (1 + e) for z >= 0 (e = e^{-z}).
template <bool compensated, class T>
ACTIV_INLINE T x_sigmoid(const T& x, const T& z_hi, const T& z_lo) noexcept {
    using K = constants<scalar_type_t<T>>;
    const auto e = exp_of_neg_abs<compensated>(z_hi, z_lo);
    const auto negative = z_hi < T(0);
    const kernels::pair<T> p = kernels::two_prod(x, e.hi);
    const kernels::pair<T> numerator{kernels::select(negative, p.hi, x),
                                     kernels::select(negative, kernels::madd(x, e.lo, p.lo), T(0))};
    const T q = divide_exact(numerator, kernels::one_plus(e.v, e.v_lo));
    const T r = scaled(q, negative, e);
    // z > 40: sigma(z) = 1 - e^{-z} rounds to 1 (and x may be inf); z < lowest: +-0 (x e^z is
    // below the subnormals, and x may be inf).
    const T s =
        kernels::select(z_hi > T(K::saturation), x, kernels::select(z_hi < T(K::lowest), T(0), r));
    return kernels::copysign(s, x); // x sigma(z) has the sign of x: -0 for -0
}

#if ACTIV_HAS_FMA
/// x sigma(z) for the x that belongs to z (silu: z = x; swish: beta x; gelu_tanh: a cubic), with
/// s = e^{-|z|} from the lean exponential, as p 2^n (exp_of_neg_abs_lean for z as a pair). The lean
/// form: x f / (1 + e), e = p 2^n, the numerator's factor f = 1 (z >= 0) or the unscaled p (z < 0,
/// scaled by 2^n only at the end: x e^z stays accurate while e^z itself is subnormal). The quotient
/// Q of an estimate, corrected once by the residual (x f - Q) - Q e: x f - Q in one FMA (it is
/// about Q e, so its rounding costs < 1/4 ULP of the result), as kernels::divide_one_plus does for
/// sigmoid.
template <class T>
ACTIV_INLINE T x_sigmoid_lean(const T& x, const T& z, const kernels::exp_split<T>& s) noexcept {
    using K = constants<scalar_type_t<T>>;
#if ACTIV_ASSIST_FREE
    // e raised to about 2^-60 where it is smaller (it enters 1 + e and q e only), and the
    // scaling by ldexp_gradual: no product sees or makes a subnormal (exp_neg_abs).
    const T e = s.value_raised();
#else
    const T e = s.value();
#endif
    const auto negative = z < T(0);
    const T f = kernels::select(negative, s.p, T(1));
    const T r = kernels::reciprocal_estimate(T(T(1) + e));
    const T q = T(x * f) * r;
    const T residual = kernels::nmadd(q, e, kernels::madd(x, f, T(-q)));
    const T y = kernels::madd(residual, r, q);
#if ACTIV_ASSIST_FREE
    const T scaled = kernels::select(negative, s.scale_gradual(y), y);
#else
    const T scaled = kernels::select(negative, s.scale(y), y);
#endif
    // z > 40: sigma(z) rounds to 1 (and x may be +inf: inf - inf in the residual);
    // z < lowest: +-0 (x e^z is below the subnormals, and x may be -inf).
    const T v =
        kernels::select(z > T(K::saturation), x, kernels::select(z < T(K::lowest), T(0), scaled));
    return kernels::copysign(v, x); // -0 for -0
}

/// e^{-|z|} for z = z_hi + z_lo as the lean exponential's p 2^n: -|z| = -|z_hi| - sign(z_hi) z_lo,
/// the low part joining the reduction (the absolute error of z becomes the relative error of
/// x sigma(z) in its negative tail).
template <class T>
ACTIV_INLINE kernels::exp_split<T> exp_of_neg_abs_lean(const kernels::pair<T>& z) noexcept {
    return kernels::exp_nonpositive_split(kernels::negative_abs(z.hi),
                                          kernels::select(z.hi < T(0), z.lo, T(-z.lo)));
}
/// x sigma(z) for z as a pair (swish, gelu_tanh).
template <class T>
ACTIV_INLINE T x_sigmoid_lean(const T& x, const kernels::pair<T>& z) noexcept {
    return x_sigmoid_lean(x, z.hi, exp_of_neg_abs_lean(z));
}
#endif

/// sigma(z) + w sigma(z) sigma(-z) for z = z_hi + z_lo, w = w_hi + w_lo (w = z for silu/swish;
/// gelu_tanh: w = x z'(x)), w having the sign of z. The cancellation in 1 + e + w at the root
/// is the caller's (a polynomial selected around it); elsewhere:
///   z < 0:  e (1 + e + w) / (1 + e)^2, e = e^z, numerator scaled by 2^k after the division
///   z >= 0: (1 + e (1 + w)) / (1 + e)^2, e = e^{-z}
/// z < lowest gives -0 (the limit (1 + w) e^z < 0, below the subnormals).
template <bool compensated, class T>
ACTIV_INLINE T sigmoid_slope(const T& z_hi, const T& z_lo, const T& w_hi, const T& w_lo) noexcept {
    using K = constants<scalar_type_t<T>>;
    const auto e = exp_of_neg_abs<compensated>(z_hi, z_lo);
    const auto negative = z_hi < T(0);
    // 1 + w, w clamped so that 0 * inf does not occur where e = 0 (z >= 0, w large).
    const kernels::pair<T> a = two_sum(T(1), kernels::select(w_hi > T(K::big), T(K::big), w_hi));
    const T a_lo = a.lo + w_lo;
    // z < 0: (1 + w + e) as s.hi + s_lo, times e = (hi + lo) 2^k.
    const kernels::pair<T> s = two_sum(a.hi, e.v);
    const T s_lo = (a_lo + s.lo) + e.v_lo;
    const kernels::pair<T> p = kernels::two_prod(e.hi, s.hi);
    const T p_lo = kernels::madd(e.hi, s_lo, kernels::madd(e.lo, s.hi, p.lo));
    // z >= 0: 1 + e (1 + w) as n.hi + n_lo.
    const kernels::pair<T> t = kernels::two_prod(e.v, a.hi);
    const kernels::pair<T> n = two_sum(T(1), t.hi);
    const T n_lo = n.lo + kernels::madd(e.v, a_lo, kernels::madd(e.v_lo, a.hi, t.lo));
    const kernels::pair<T> numerator{kernels::select(negative, p.hi, n.hi),
                                     kernels::select(negative, p_lo, n_lo)};
    const T q = divide_exact(numerator, square_exact(kernels::one_plus(e.v, e.v_lo)));
    const T r = scaled(q, negative, e);
    return kernels::select(z_hi < T(K::lowest), T(-0.0), r);
}

/// silu'(z) for z = z_hi + z_lo: sigmoid_slope, and near the root x0 the polynomial
/// u P(u), u = (z_hi - x0_hi) + (z_lo - x0_lo) (z_hi - x0_hi is exact there).
template <bool compensated, class T>
ACTIV_INLINE T silu_slope(const T& z_hi, const T& z_lo) noexcept {
    using K = constants<scalar_type_t<T>>;
    const T generic = sigmoid_slope<compensated>(z_hi, z_lo, z_hi, z_lo);
    const T d = z_hi - T(K::root_hi);
    T u;
    if constexpr (compensated)
        u = d + (z_lo - T(K::root_lo));
    else
        u = d - T(K::root_lo);
    const T near = u * kernels::horner(u, K::root_poly);
    return kernels::select(kernels::abs(u) < T(K::root_radius), near, generic);
}

#if ACTIV_HAS_FMA && ACTIV_AVX512
/// sigma(z) + w sigma(z) sigma(-z) from the lean exponential (silu', swish', gelu_tanh'), for
/// s = e^{-|z|} = (e.hi + e.lo) 2^n taken before its rounding (exp_split::parts; AVX-512's table
/// form, whose low part is good to ~2^-p of itself and at most 2^-5 of e: without the table,
/// e^r's low part reaches 0.41 of e, its rounding reached 3.36 ULP through silu's cancellation
/// near the root) and w = w_hi + w_lo with the sign of z. rho = 1/(1 + e) as r + r_lo (r to
/// ~2^-p, r_lo its residual's correction), so that neither e's rounding nor rho's is amplified
/// by the cancellation of 1 + w rho towards the caller's root:
///   z >= 0: rho (1 + t), t = w e rho (silu: <= 0.28; gelu_tanh: <= 1.1) (1 - sigma = e rho):
///           r + (r t + r_lo)
///   z < 0:  e rho (1 + w rho) (sigma = e rho, 1 - sigma = rho): e rho as an exact pair, times
///           n = 1 + w r (rounded once, relative to itself) plus w r_lo + w_lo r, in one final
///           rounding; scaled by 2^n last
/// The cancellation at the root itself is the caller's (a polynomial selected around it).
template <bool has_w_lo, class T, class B>
ACTIV_INLINE T sigmoid_slope_lean(const kernels::exp_split<T>& s, const B& z_negative, const T& w,
                                  const T& w_lo) noexcept {
    using K = constants<scalar_type_t<T>>;
    const kernels::pair<T> e = s.parts();
    // e raised to about 2^-60 (float) where it is smaller: it then enters 1 + e and t only,
    // where it is negligible, and w_lo e never underflows. With w_lo that holds whatever
    // ACTIV_ASSIST_FREE says: with e scaled down to the subnormals, gelu_tanh' took 3.16
    // against 1.90 TSC cycles per float on Zen 5 (g++ -O3, 4096 inputs with 1 in 64 of
    // magnitude 10 to 10^4); silu' (no w_lo) is 1.10x faster in double there with e scaled.
#if ACTIV_ASSIST_FREE
    constexpr bool raise = true;
#else
    constexpr bool raise = has_w_lo;
#endif
    T ev, ev_lo;
    if constexpr (raise) {
        ev = s.raised(e.hi);
        ev_lo = s.raised(e.lo);
    } else {
        ev = s.scale(e.hi);
        ev_lo = s.scale(e.lo);
    }
    // 1 + e = d + d_lo: e.lo is up to 2^-5 of e.hi, so e is first rounded to one value (its
    // error kept: Fast2Sum), then 1 + e (Fast2Sum, 1 >= e); d_lo is then ~2^-p of d, and one
    // residual correction of r leaves ~2^-2p.
    const T e1 = ev + ev_lo;
    const T e1_lo = ev_lo - T(e1 - ev);
    const T d = T(1) + e1;
    const T d_lo = T(T(T(1) - d) + e1) + e1_lo;
    const T r = kernels::reciprocal_refined(d);
    const T r_lo = r * kernels::nmadd(r, d_lo, kernels::nmadd(r, d, T(1)));
    // z >= 0 (w clamped: w e would be inf e where e is 0)
    const T wc = kernels::at_most(w, T(K::big));
    T we;
    if constexpr (has_w_lo)
        we = kernels::madd(wc, e1, T(w_lo * e1));
    else
        we = wc * e1;
    const T t = we * r;
    const T positive = r + kernels::madd(r, t, r_lo);
    // z < 0
    const T n = kernels::madd(w, r, T(1)); // 1 + w r, rounded once; w r_lo joins the product
    const kernels::pair<T> a = kernels::two_prod(e.hi, r);
    const T a_lo = kernels::madd(e.lo, r, kernels::madd(e.hi, r_lo, a.lo));
    T c;
    if constexpr (has_w_lo)
        c = kernels::madd(w, r_lo, T(w_lo * r));
    else
        c = w * r_lo;
    const T unscaled = kernels::madd(a.hi, n, kernels::madd(a.hi, c, T(a_lo * n)));
#if ACTIV_ASSIST_FREE
    const T negative = s.scale_gradual(unscaled);
#else
    const T negative = s.scale(unscaled);
#endif
    return kernels::select(z_negative, negative, positive);
}

/// silu'(z) from the lean exponential for z = z_hi + z_lo (z_lo = 0 when !compensated; swish':
/// z = beta x as a pair, its low part joining the exponential's reduction): sigmoid_slope_lean
/// with w = z, and near the root x0 the polynomial u P(u) (silu_slope).
template <bool compensated, class T>
ACTIV_INLINE T silu_slope_lean(const T& z_hi, const T& z_lo) noexcept {
    using K = constants<scalar_type_t<T>>;
    T generic, u;
    if constexpr (compensated) {
        generic = sigmoid_slope_lean<true>(exp_of_neg_abs_lean(kernels::pair<T>{z_hi, z_lo}),
                                           z_hi < T(0), z_hi, z_lo);
        u = T(z_hi - T(K::root_hi)) + T(z_lo - T(K::root_lo));
    } else {
        (void)z_lo;
        generic = sigmoid_slope_lean<false>(
            kernels::exp_nonpositive_split(kernels::negative_abs(z_hi)), z_hi < T(0), z_hi, T(0));
        u = T(z_hi - T(K::root_hi)) - T(K::root_lo);
    }
    const T near = u * kernels::horner(u, K::root_poly);
    // z < lowest: -0, the limit (1 + z) e^z from below, below the subnormals.
    return kernels::select(z_hi < T(K::lowest), T(-0.0),
                           kernels::select(kernels::abs(u) < T(K::root_radius), near, generic));
}
#endif

} // namespace detail::silu_impl

struct silu : activation<silu> {
    static constexpr bool has_derivative_from_output = false;
    static constexpr int cost = 45; // instructions per element (Eigen's cost model)

private:
    friend struct activation<silu>;
    friend struct swish;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
#if ACTIV_HAS_FMA
        return detail::silu_impl::x_sigmoid_lean(
            x, x, kernels::exp_nonpositive_split(kernels::negative_abs(x)));
#else
        return detail::silu_impl::x_sigmoid<false>(x, x, T(0));
#endif
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
#if ACTIV_HAS_FMA && ACTIV_AVX512
        return detail::silu_impl::silu_slope_lean<false>(x, T(0));
#else
        return detail::silu_impl::silu_slope<false>(x, T(0));
#endif
    }
};

} // namespace activ
