// activ::mish — x tanh(softplus(x)) (PyTorch's Mish).
//
//   mish(x)  = x tanh(log(1 + e^x))
//   mish'(x) = tanh(sp) + x sech^2(sp) sigmoid(x),   sp = softplus(x)
//   no derivative_from_output: mish is not monotonic (y in (-0.309, 0) has two preimages)
//
// How: no logarithm is needed. With s = (1 + e)^2 and e = e^{-|x|} in [0, 1]:
//   x <= 0 (e = e^x):   tanh(sp) = (s - 1)/(s + 1)   = e(e + 2) / (e(e + 2) + 2)
//   x > 0  (e = e^{-x}): tanh(sp) = (s - e^2)/(s + e^2) = (1 + 2e) / (1 + 2e + 2e^2)
// mish(x) with FMA, one lean exponential e = p 2^n (kernels::exp_nonpositive_split) and one
// quotient n / (1 + w) (kernels::divide_one_plus: reciprocal estimate, one residual correction):
//   x < 0:  mish = 2^n x p (1 + e/2) / (1 + w),  w = e (1 + e/2): tanh(sp) = w / (1 + w), the
//           numerator's p unscaled and 2^n applied last, so x e^x keeps full precision while e^x
//           is subnormal (the sigmoid-like form of silu.hpp);
//   x >= 0: mish = x - x z,  z = 2e^2 / (1 + w),  w = 2e (1 + e): tanh(sp) = 1 - z, z <= 0.4.
// The numerator x p (1 + e/2) (or x 2e^2) is carried as a pair (its FMA's rounding error and
// x times it exactly), so only p's, the quotient's and w's errors remain: 1.57 ULP in float
// against 2.29 with the numerator rounded (4 instructions more: 1.46 -> 1.68 cycles per float
// at L1 on the Xeon; the pair form before this one took 4.63). With ACTIV_ASSIST_FREE e is
// raised to 2^-30 (float; 2^-60 double) where it is smaller, so that x 2e^2's exact low part
// stays normal; where that happens the result is x (x > 20), or (x < -20.8 float) e enters
// only 1 + e/2 and w, which it moves by < 2^-29 relative (a bound from the formula).
// mish'(x) with FMA, from tanh(sp) = N/Q and sech^2(sp) = 4(1 + e)^2/Q^2 (x <= 0) or
// 4 e^2 (1 + e)^2/Q^2 (x > 0), times x sigmoid(x) (the lean form):
//   x <= 0: mish' = e h / Q^2,  h = 4(1 + x) + e (e (e + 4) + 6 + 4x),  Q = 2 + e (e + 2)
//   x > 0:  mish' = h / Q^2,    h = 1 + e (4 + e (6 + 4x + e (4 + 4x))),  Q = 1 + 2e (1 + e)
// e rounded (the lean exponential) enters h's Horner steps and Q; h = ha + e hm is an exact sum
// plus the product's error, Q and Q^2 pairs (the FMA's and qm = 2 + e's roundings kept), and
// for x <= 0 e's pair before its rounding (exp_split::parts with AVX-512; elsewhere
// exp_nonpositive_parts<true>, whose low part keeps the reduced argument's rounding) times h
// goes into one compensated division, scaled by 2^n last. Each rounding left costs up to ~0.5
// ULP where the result lies just below a power of two (x ~ -1.0: 0.0625; x ~ -0.16: 0.5): with
// the product e q rounded apart and Q's qm rounded, a float model gave 2.6 ULP and the AVX2 build
// 3.27 over every float in [-1.5, 0]; as it is, 2.54 (AVX2, x = -1.00029). 108 vector instructions
// per batch against 216 for the pair form (apply's one-batch loop, g++ 12 -O3 -march=native,
// objdump): 2.3-2.45x the speed in float and double (activ_bench, Xeon, 4096 to 2^24 inputs).
// For x < 0 h's two terms cancel at the root x0 = -1.1924312145154952 of mish': in
// |x - x0| < 0.1875 the derivative is u P(u), u = (x - x0_hi) - x0_lo (+ its rounding error,
// u_lo P), with P a near-minimax fit of mish'(x0 + u)/u (mpmath chebyfit, float degree 6, fit
// error 1.3e-10 relative; double degree 11, 1.5e-18), so it keeps full relative precision
// through the sign change; outside it the cancellation in h is < 1.7x. Without FMA:
// (num den + 4 x G (1 + e)) / den^2, G = e (x <= 0) or e^2 (x > 0), num and den the fractions
// above (num den = s^2 - 1 or s^2 - e^4; cancellation < 6x outside the root's interval), in
// pair arithmetic with e from exp_nonpositive_parts and one compensated division, as mish(x).
// The tails (pair forms): x -> -inf: mish ~ x e^x, mish' ~ (1 + x) e^x, both from e itself (no
// cancellation, subnormal results keep their sign); x > 20: mish = x, x > 25: mish' = 1
// (exact after rounding in float and double). e enters the fractions only where it is exp's
// unscaled part (|x| < 27.7 float, 208 double), and the negative tail from there is v (hi + lo)
// scaled once by kernels::ldexp_gradual, whatever ACTIV_ASSIST_FREE says: e^2 and e's low part
// would underflow, for which an Intel core takes a ~150-cycle microcode assist and AMD Zen 5 a
// smaller penalty (with them, mish' took 1.14x the time in float on Zen 5, activ_bench at 4096).
//
// Error against MPFR (tests/family/test_softplus.cpp: 10^5 samples incl. the tails, plus
// 1.6*10^5 around the root: a grid on [-1.5, -0.9] and every input within 2^15 ULP of x0;
// mish with FMA: ACTIV_ACCURACY_SAMPLES = 10^6), with FMA (-march=native) / without FMA
// (x86-64-v2):
//   mish    float 1.57 ULP (x = -0.2288) / 1.33 ULP    double 1.53 ULP (x = -0.0535) / 1.36 ULP
//           (bench/accuracy --only mish: float 1.83 ULP over every float, x = -0.23811278)
//           (largest where e ~ 1: w up to 1.5, and the residual's n - q is rounded)
//   mish'   float 2.08 ULP (x = -1.194255, in the root polynomial) / 2.38 ULP
//           double 1.92 ULP (x = -1.19243121452) / 2.29 ULP
//           (bench/accuracy --only "mish'", every float: 2.2 ULP at x = -1.25380921 in the root
//           polynomial, <= 1.87 outside it; x86-64-v3: 2.54 at x = -1.00029111, where
//           mish' ~ 0.0599 lies just below 2^-4; double 2.30 at x = -0.9906670550704 in the
//           test of inputs where mish' crosses a power of two)
// Special values: mish(-inf) = -0, mish(+inf) = +inf, mish(+-0) = +-0 (mish ~ 0.6 x), NaN ->
// NaN; mish'(-inf) = -0, mish'(+inf) = 1, mish'(+-0) = 0.6.
#pragma once

#include "../kernels/exp.hpp"
#include "../kernels/log1p.hpp"
#include "activation.hpp"

namespace activ {

namespace detail {
template <class S>
struct mish_constants;

template <>
struct mish_constants<float> {
    static constexpr float root_hi = -1.1924312114715576f;
    static constexpr float root_lo = -3.0439375464652585e-09f;
    static constexpr float root_halfwidth = 0.1875f;
    static constexpr std::array<float, 7> p = {0.266947914f,    0.2047312688f,   0.04190782224f,
                                               -0.02027289481f, -0.01582139903f, -0.003299781773f,
                                               0.001107920294f};
};

template <>
struct mish_constants<double> {
    static constexpr double root_hi = -1.1924312145154952;
    static constexpr double root_lo = -4.8484829848031044e-17;
    static constexpr double root_halfwidth = 0.1875;
    static constexpr std::array<double, 12> p = {
        0.26694791404953451033,      0.20473126408010586363,      0.041907821043611884011,
        -0.020271822716678694359,    -0.015821126562397690433,    -0.0033606849288619215067,
        0.0010924056209825626408,    0.00098981832481937428351,   0.00025412502634799909966,
        -0.000041973686910714861816, -0.000055721859611697941383, -0.000016991702529334438038};
};
} // namespace detail

struct mish : activation<mish> {
    static constexpr bool has_derivative_from_output = false;
    static constexpr int cost = 90; // instructions per element (Eigen's cost model)

private:
    friend struct activation<mish>;

    // num = A + B and den = num + C (see the header), with e = e^{-|x|} as e + e_lo.
    template <class T>
    struct parts {
        kernels::pair<T> e, num, den;
        kernels::exp_parts<T> ex;
    };

    template <class T>
    ACTIV_INLINE static parts<T> fractions(const T& x) noexcept {
        const auto ex = kernels::exp_nonpositive_parts(T(-kernels::abs(x)));
        // e only where it is exp's unscaled part (e >= 2^-40 float, 2^-300 double), 0 elsewhere
        // (|x| > 27.7 / 208): there the results are x (x > 0) or the tail from e's parts
        // (tail()), and e^2, e^4 would underflow.
        const kernels::pair<T> e = ex.unscaled_or_zero();
        const kernels::pair<T> e2 = kernels::dw::mul(e, e);
        const kernels::pair<T> two_e{T(e.hi + e.hi), T(e.lo + e.lo)};
        const kernels::pair<T> two_e2{T(e2.hi + e2.hi), T(e2.lo + e2.lo)};
        const kernels::pair<T> one{T(1), T(0)}, two{T(2), T(0)};
        const auto positive = x > T(0);
        const kernels::pair<T> a = kernels::dw::select(positive, one, two_e);
        const kernels::pair<T> b = kernels::dw::select(positive, two_e, e2);
        const kernels::pair<T> c = kernels::dw::select(positive, two_e2, two);
        const kernels::pair<T> num = kernels::dw::add(a, b);
        return {e, num, kernels::dw::add(num, c), ex};
    }

    // The far negative tail: v e^x (1 + O(e^x)) for v = x (mish) or 1 + x (mish'), from exp's
    // parts, v (hi + lo) rounded to the type, then scaled by 2^k with kernels::ldexp_gradual
    // (rounded once into the subnormals).
    template <class T>
    ACTIV_INLINE static T tail(const T& v, const kernels::exp_parts<T>& ex) noexcept {
        return kernels::ldexp_gradual(kernels::dw::mul(v, kernels::pair<T>{ex.hi, ex.lo}).hi,
                                      ex.t_k);
    }

    // Where the tail replaces the general form.
    template <class T>
    ACTIV_INLINE static auto in_tail(const T& x, const kernels::exp_parts<T>& ex) noexcept {
        return x < T(0) && !ex.unscaled();
    }

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        using S = scalar_type_t<T>;
#if ACTIV_HAS_FMA
        // The lean form (see the header): x < 0: 2^n x p (1 + e/2) / (1 + w), w = e (1 + e/2);
        // x >= 0: x - x 2e^2 / (1 + w), w = 2e (1 + e).
        const auto s = kernels::exp_nonpositive_split(kernels::negative_abs(x));
#if ACTIV_ASSIST_FREE
        // Raised where smaller: x 2e^2's low part stays normal (no assist); the results where
        // e is raised are x (x > 20) or change by < 2^-29 relative.
        const T e = s.value_raised_to(std::is_same<S, float>::value ? S(-30) : S(-60));
#else
        const T e = s.value();
#endif
        const auto negative = x < T(0);
        const T half_e = e * T(0.5);
        const T two_e = e + e;
        // The numerator a b + c = p (1 + e/2) or 2e^2, with its rounding error (c - num is exact:
        // num is within a factor 2 of c, or c = 0), then times x exactly.
        const T a = kernels::select(negative, s.p, two_e);
        const T b = kernels::select(negative, half_e, e);
        const T c = kernels::select(negative, s.p, T(0));
        const T num = kernels::madd(a, b, c);
        const T num_lo = kernels::madd(a, b, T(c - num));
        const T w =
            kernels::select(negative, kernels::madd(e, half_e, e), kernels::madd(two_e, e, two_e));
        kernels::pair<T> xn = kernels::two_prod(x, num);
        xn.lo = kernels::madd(x, num_lo, xn.lo);
        const T q = kernels::divide_one_plus(xn, w);
#if ACTIV_ASSIST_FREE
        const T r = kernels::select(negative, s.scale_gradual(q), T(x - q));
#else
        const T r = kernels::select(negative, s.scale(q), T(x - q));
#endif
        // x > 20: tanh(sp) rounds to 1 (and x may be +inf); below exp's range the result is
        // below every subnormal (and x may be -inf); the sign of x otherwise (-0 for -0).
        const T lowest(kernels::exp_constants<S>::lowest);
        return kernels::select(x > T(20), x,
                               kernels::select(x < lowest, T(-0.0), kernels::copysign(r, x)));
#else
        const parts<T> f = fractions(x);
        const T general = kernels::divide(kernels::dw::mul(x, f.num), f.den);
        // The far negative tail: x e^x (1 + O(e^x)), from 2^J e^x, one rounding into the
        // subnormals (x e^x is still normal where e^x is not).
        const T r = kernels::select(in_tail(x, f.ex), tail(x, f.ex), general);
        // mish has the sign of x (keeps -0); x > 20: tanh(sp) = 1 - 2e^{-2x}... rounds to 1;
        // below exp's range the result is below every subnormal (and -inf * 0 would be NaN).
        const T lowest(kernels::exp_constants<S>::lowest);
        return kernels::select(x > T(20), x,
                               kernels::select(x < lowest, T(-0.0), kernels::copysign(r, x)));
#endif
    }

    // Around the root x0 of mish': u P(u), u = x - x0 carried as u_hi + u_lo; d = x - x0_hi.
    template <class T>
    ACTIV_INLINE static T near_root(const T& d) noexcept {
        using K = detail::mish_constants<scalar_type_t<T>>;
        const T u = d - T(K::root_lo);
        const T u_lo = (d - u) - T(K::root_lo);
        const T p = kernels::horner(u, K::p);
        return kernels::madd(u, p, kernels::opaque(T(u_lo * p)));
    }

#if ACTIV_HAS_FMA
    // h and Q^2 (see the header) for e = e^{-|x|}, each as a pair: h = ha + e hm as an exact
    // sum plus the product's rounding error, Q = qa + e qm with the roundings of its FMA and of
    // qm = 2 + e or 2 + 2e (Fast2Sum), Q^2 as an exact product plus 2 Q Q_lo. Only the roundings
    // of e and of h's inner Horner steps are left, at most ~1.7x amplified by the cancellation
    // of 4(1 + x) against e hm (x < 0).
    template <class T>
    struct lean_terms {
        kernels::pair<T> h, q2;
    };
    template <class T, class M>
    ACTIV_INLINE static lean_terms<T> lean(const T& x, const T& e, const M& negative) noexcept {
        const T four_x = T(4) * x;
        const T c3 = kernels::select(negative, T(e + T(4)), T(four_x + T(4)));
        const T c2 = kernels::madd(e, c3, T(four_x + T(6)));
        const T hm = kernels::select(negative, c2, kernels::madd(e, c2, T(4)));
        const T ha = kernels::select(negative, T(T(4) * T(T(1) + x)), T(1)); // exact for x <= -0.5
        const kernels::pair<T> eh = kernels::two_prod(e, hm);
        const kernels::pair<T> h = kernels::dw::two_sum(ha, eh.hi);
        const T qb = kernels::select(negative, e, T(e + e));
        const T qm = T(2) + qb;
        const T qm_lo = T(T(2) - qm) + qb;
        const T qa = kernels::select(negative, T(2), T(1));
        const T q = kernels::madd(e, qm, qa);
        const T q_lo = kernels::madd(e, qm_lo, kernels::madd(e, qm, T(qa - q))); // qa - q exact
        kernels::pair<T> q2 = kernels::two_prod(q, q);
        q2.lo = kernels::madd(T(q + q), q_lo, q2.lo);
        return {{h.hi, T(h.lo + eh.lo)}, q2};
    }
    // x < 0: e h / Q^2 with e = p.hi + p.lo, p h carried as a pair into the division (one
    // rounding for the quotient and the product); x >= 0: h / Q^2.
    template <class T, class M>
    ACTIV_INLINE static T lean_quotient(const lean_terms<T>& t, const kernels::pair<T>& p,
                                        const M& negative) noexcept {
        kernels::pair<T> ph = kernels::two_prod(p.hi, t.h.hi);
        ph.lo = kernels::madd(p.hi, t.h.lo, kernels::madd(p.lo, t.h.hi, ph.lo));
        return kernels::divide(kernels::dw::select(negative, ph, t.h), t.q2);
    }
#endif

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        using S = scalar_type_t<T>;
        using K = detail::mish_constants<S>;
        const T lowest(kernels::exp_constants<S>::lowest);
        const T d = x - T(K::root_hi); // exact in the root's interval (Sterbenz)
#if ACTIV_HAS_FMA
        const auto negative = x < T(0);
#if ACTIV_AVX512
        // e rounded enters h and Q; the outer factor e (x < 0) is exp's pair before its rounding
        // (exp_split::parts), so that e's own rounding drops out of it, scaled by 2^n last. e is
        // raised to 2^-30 (float; 2^-60 double) where smaller: there it moves h and Q by < 2^-28
        // relative, and e^3 stays normal (no assist).
        const auto s = kernels::exp_nonpositive_split(kernels::negative_abs(x));
        const T e = s.value_raised_to(std::is_same<S, float>::value ? S(-30) : S(-60));
        const T q = lean_quotient(lean(x, e, negative), s.parts(), negative);
#if ACTIV_ASSIST_FREE
        const T general = kernels::select(negative, s.scale_gradual(q), q);
#else
        const T general = kernels::select(negative, s.scale(q), q);
#endif
#else
        // Without AVX-512's table exponential: e = hi + lo where unscaled (|x| < 27.7 float,
        // 208 double), 0 beyond it, where x > 0 gives 1 and x < 0 the tail (1 + x) e^x.
        const kernels::exp_parts<T> ex =
            kernels::exp_nonpositive_parts<true>(kernels::negative_abs(x));
        const kernels::pair<T> e = ex.unscaled_or_zero();
        const T q = lean_quotient(lean(x, e.hi, negative), e, negative);
        const T general = kernels::select(in_tail(x, ex), tail(T(T(1) + x), ex), q);
#endif
#else
        const parts<T> f = fractions(x);
        const auto positive = x > T(0);
        const kernels::pair<T> g =
            kernels::dw::select(positive, kernels::dw::mul(f.e, f.e), f.e); // e^2 or e
        const kernels::pair<T> q = kernels::dw::mul(g, kernels::one_plus(f.e.hi, f.e.lo));
        const kernels::pair<T> xq = kernels::dw::mul(x, q);
        const kernels::pair<T> four_xq{T(T(4) * xq.hi), T(T(4) * xq.lo)};
        const kernels::pair<T> n = kernels::dw::add(kernels::dw::mul(f.num, f.den), four_xq);
        const T quotient =
            kernels::divide(n, kernels::dw::mul(f.den, f.den)); // exact square, FMA or not
        const T one_x = T(1) + x;                               // exact for x < -2
        const T general = kernels::select(in_tail(x, f.ex), tail(one_x, f.ex), quotient);
#endif
        const T r = kernels::select(kernels::abs(d) < T(K::root_halfwidth), near_root(d), general);
        return kernels::select(x > T(25), T(1), kernels::select(x < lowest, T(-0.0), r));
    }
};

} // namespace activ
