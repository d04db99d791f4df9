// activ — SIMD math kernels, layer 1: log(1 + u) for u in [0, 1].
//
// softplus, log_sigmoid (and any log(1 + e^{-|x|})) need the logarithm only of 1 + u with
// u = e^{-|x|} in [0, 1], where u comes from exp_nonpositive_parts as u + u_lo (the rounded
// exponential and its rounding error). No range reduction by powers of two is needed there:
//
//   log(1 + u) = 2 atanh(t / 2),   t = 2u / (2 + u) = u / (1 + u/2)  in [0, 2/3]
//              = t + t^3 Q(t^2)     Q: near-minimax fit on t^2 in [0, 4/9] (mpmath chebyfit of
//                                   (2 atanh(t/2) - t) / t^3; float degree 4, fit error 9e-10,
//                                   0.007 ULP of the result; double degree 9, fit error 1.1e-17,
//                                   0.04 ULP)
//
// The quotient t is carried as a pair t + t_lo: t_lo = (u - t d + u_lo - t d_lo) / d, with
// d + d_lo = 1 + u/2 and the product t d split exactly (two_prod), so the quotient's rounding
// and exp's rounding (u_lo) drop out. Since t_lo corrects whatever t misses, t = u r needs
// r = 1/d only to ~2^-p: kernels::reciprocal_refined (on AVX-512 VRCP14 and Newton steps, in
// place of two VDIVPS that issue once per ~10 cycles each on an Intel Xeon: softplus 2.72 ->
// 2.47 cycles per float at L1; the same maximum error over every float), and t_lo = (...) r.
// t^3 Q is at most 4% of the result, so its own roundings are small; the result is
// t + (t_lo + t^3 Q) rounded once: ~0.5 ULP plus a few hundredths.
// For tiny and subnormal u, 1 + u/2 rounds to 1, t = u exactly and the result is u (no flush).
// Measured against MPFR (u = e^{-a} for 10^6 a in [0, 110] float / [0, 750] double, plus
// u = e^{-a} for a uniform in [0, 1], u_lo from exp_nonpositive_parts; 4*10^6 calls each):
// with FMA float 0.68 ULP (u = 0x1.e93e44p-1), double 0.67 ULP (u near 0.97); without FMA
// (x86-64-v2: two_prod is Dekker's product there) float 0.67 ULP, double 0.71 ULP. The worst
// cases are near u = 1, where t^3 Q is largest.
// Special values: log1p_unit(0) = 0, NaN -> NaN. Inputs outside [0, 1] are not supported.
#pragma once

#include "exp.hpp"
#include "ops.hpp"

namespace activ::kernels {

template <class S>
struct log1p_constants;

template <>
struct log1p_constants<float> {
    static constexpr std::array<float, 5> q = {0.08333333415f, 0.01249990819f, 0.0022337785f,
                                               0.0004239543164f, 0.0001134029383f};
};

template <>
struct log1p_constants<double> {
    static constexpr std::array<double, 10> q = {
        0.083333333333333323191,   0.012500000000004561442,    0.002232142856805082885,
        0.00043402778745706604866, 0.000088778268639289296342, 0.000018781214102676078618,
        4.0631517184085580025e-6,  9.1561547720777730502e-7,   1.6785273839700266779e-7,
        7.7080431792599385363e-8};
};

/// log(1 + (u + u_lo)) for u in [0, 1], |u_lo| <= ulp(u), as a pair hi + lo (hi: the rounded
/// result; lo: its rounding error, for callers that add more to it).
template <class T>
ACTIV_INLINE pair<T> log1p_unit_parts(const T& u, const T& u_lo) noexcept {
    using S = scalar_type_t<T>;
    using K = log1p_constants<S>;
    const T half(S(0.5));
    const T h = u * half; // exact (for subnormal u it may round, but then d = 1 anyway)
    const T d = T(1) + h;
    const T d_lo = ((T(1) - d) + h) + u_lo * half; // Fast2Sum; u_lo * 1/2 is exact
    const T r = kernels::reciprocal_refined(d);
    const T t = u * r;
    const T residual = kernels::residual(u, t, d) + u_lo; // u - t d (u - (t d)_hi: Sterbenz)
    const T t_lo = kernels::nmadd(t, d_lo, residual) * r;
    const T w = t * t;
    const T tail = kernels::madd(T(t * w), kernels::horner(w, K::q), t_lo);
    const T hi = t + tail;
    return {hi, (t - hi) + tail}; // Fast2Sum: |t| >= |tail|
}

/// log(1 + u) for u in [0, 1] (u_lo: an optional low-order part of u): ~0.5 ULP.
template <class T>
ACTIV_INLINE T log1p_unit(const T& u, const T& u_lo = T(0)) noexcept {
    return kernels::log1p_unit_parts(u, u_lo).hi;
}

/// log(1 + e^{-|x|}) as a pair hi + lo (softplus, log_sigmoid), the lean form for FMA builds:
/// u = e^{-|x|} from exp_nonpositive_split, rounded once (no low part: its 0.5 ULP passes through
/// log1p at most once, since u log1p'(u) / log1p(u) <= 1), then log1p_unit_parts. Where
/// |x| > 27.5 (float; 200 double) log1p(u) rounds to u: the result is u itself, rounded once
/// into the subnormals (exp_split::value_gradual), lo = 0, and the log1p runs there on u raised
/// to 2^-40 / 2^-300, which keeps u^2 and u^3 normal: an Intel core takes a microcode assist
/// (~150 cycles) for a product that underflows, AMD Zen 5 a smaller penalty. Whatever
/// ACTIV_ASSIST_FREE says: with u itself in log1p, log_sigmoid took 1.28x the time in float
/// on Zen 5 (activ_bench, 4096 elements, 1 in 64 of magnitude 10 to 10^4), softplus 1.03x.
template <class T>
ACTIV_INLINE pair<T> log1p_exp_neg_abs(const T& x) noexcept {
    using S = scalar_type_t<T>;
    constexpr bool is_float = std::is_same<S, float>::value;
    const auto s = kernels::exp_nonpositive_split(kernels::negative_abs(x));
    const pair<T> l =
        kernels::log1p_unit_parts(s.value_raised_to(is_float ? S(-40) : S(-300)), T(0));
    const auto far = kernels::abs(x) > T(is_float ? S(27.5) : S(200));
    return {kernels::select(far, s.value_gradual(), l.hi), kernels::select(far, T(0), l.lo)};
}

/// Double-word helpers for the callers of log1p_unit (softplus, log_sigmoid, mish): sums and
/// products of hi + lo pairs with ~2p bits. (Candidates for ops.hpp.)
namespace dw {
/// a + b exactly as a pair (Knuth's TwoSum: no condition on the magnitudes; finite a, b).
template <class T>
ACTIV_INLINE pair<T> two_sum(const T& a, const T& b) noexcept {
    const T s = a + b;
    const T bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}
/// (a.hi + a.lo) + (b.hi + b.lo), renormalized (relative error ~2^-2p unless it cancels).
template <class T>
ACTIV_INLINE pair<T> add(const pair<T>& a, const pair<T>& b) noexcept {
    const pair<T> s = dw::two_sum(a.hi, b.hi);
    const T lo = s.lo + (a.lo + b.lo);
    const T hi = s.hi + lo;
    return {hi, (s.hi - hi) + lo};
}
/// (a.hi + a.lo) (b.hi + b.lo), renormalized.
template <class T>
ACTIV_INLINE pair<T> mul(const pair<T>& a, const pair<T>& b) noexcept {
    const pair<T> p = kernels::two_prod(a.hi, b.hi);
    const T lo = kernels::madd(a.hi, b.lo, kernels::madd(a.lo, b.hi, p.lo));
    const T hi = p.hi + lo;
    return {hi, (p.hi - hi) + lo};
}
/// x (b.hi + b.lo) for a plain x, renormalized.
template <class T>
ACTIV_INLINE pair<T> mul(const T& x, const pair<T>& b) noexcept {
    const pair<T> p = kernels::two_prod(x, b.hi);
    const T lo = kernels::madd(x, b.lo, p.lo);
    const T hi = p.hi + lo;
    return {hi, (p.hi - hi) + lo};
}
/// Lane-wise choice between two pairs.
template <class C, class T>
ACTIV_INLINE pair<T> select(const C& c, const pair<T>& a, const pair<T>& b) noexcept {
    return {kernels::select(c, a.hi, b.hi), kernels::select(c, a.lo, b.lo)};
}
/// (n.hi + n.lo) / (d.hi + d.lo) as a pair: kernels::divide, plus the quotient's remainder.
template <class T>
ACTIV_INLINE pair<T> divide(const pair<T>& n, const pair<T>& d) noexcept {
    const T q = kernels::divide(n, d);
    const pair<T> p = kernels::two_prod(q, d.hi);
    return {q, (((n.hi - p.hi) - p.lo) + kernels::nmadd(q, d.lo, n.lo)) / d.hi};
}
} // namespace dw

} // namespace activ::kernels
