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
// Special values: expm1(-inf) = -1, NaN -> NaN; expm1(-0) returns +0 (callers that keep the
// sign of zero apply copysign).
#pragma once

#include "exp.hpp"

namespace activ::kernels {

/// e^x - 1 for x <= 0 (or -inf, or NaN), as a pair hi + lo (lo: what hi misses, for callers
/// that need a little more than one rounding, e.g. ELU's alpha * expm1(x)).
template <class T>
ACTIV_INLINE pair<T> expm1_nonpositive_parts(const T& x) noexcept {
    const auto e = kernels::exp_nonpositive_parts(x);
    const T v = e.value(), v_lo = e.value_lo();
    const T d = v - T(1);           // exact for v >= 1/2; one rounding otherwise (|d| >= 1/2 there)
    const T err = (v - (d + T(1))); // 0 when exact; the rounding error of d otherwise
    const T hi = d + (v_lo + err);
    return {hi, ((d - hi) + (v_lo + err))};
}

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

/// e^x - 1 for x <= 0 as one value (expm1_and_exp's m + m_lo rounded): < 1 ULP.
template <class T>
ACTIV_INLINE T expm1_nonpositive(const T& x) noexcept {
    const expm1_and_exp<T> me(x); // its members used in place: a copied batch member costs GCC
    return me.m + me.m_lo;        // a dead store per element
}

} // namespace activ::kernels
