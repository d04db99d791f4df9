// activ::surrogate — surrogate gradients for activ::spike (the Heaviside step of a spiking
// neuron, whose true derivative is 0 almost everywhere and a Dirac delta at the threshold).
// Each type is the derivative used in the backward pass in place of that delta; call it as
// s(x) on float, double or an xsimd batch. a = |x| below.
//
//   straight_through{}       1                                  (straight-through estimator:
//                                                                Bengio et al. 2013)
//   fast_sigmoid{k = 25}     1 / (1 + k a)^2                    (SuperSpike, Zenke & Ganguli
//                                                                2018; snnTorch's default)
//   sigmoid{k = 25}          k s(kx) (1 - s(kx)) = k e / (1 + e)^2,  e = e^{-k a}
//                                                               (snnTorch surrogate.sigmoid)
//   atan{alpha = 2}          (alpha/2) / (1 + (pi alpha x / 2)^2)
//                                                               (SpikingJelly/snnTorch ATan)
//   triangle{width = 1}      max(0, 1 - a/width) / width = (width - a) / width^2, 0 for
//                            a >= width (0 AT a = width)        (Bellec et al. 2018, Norse)
//   gaussian{sigma = 0.5}    e^{-x^2 / (2 sigma^2)} / (sigma sqrt(2 pi))
//                                                               (Gaussian surrogate, Norse)
//
// How: the parameter products (k a, c a with c = pi alpha / 2, x^2 / (2 sigma^2)) are carried
// as hi + lo pairs (kernels::two_prod times the parameter held as a pair, computed in
// double-double at construction; in float the pair holds ~48 bits of it), because the result
// depends on them with an amplification: 2 k a / (1 + k a) for fast_sigmoid, k a for sigmoid's
// e^{-k a}, x^2 / sigma^2 for gaussian's exponential. Exponentials: e^{-hi} (1 - lo) from
// kernels::exp_nonpositive_parts, the parameter multiplied into the unscaled part and the last
// power of two applied once at the end (so a result in the normal range never passes through
// a subnormal intermediate). fast_sigmoid: r = 1/(1 + k a) as a pair (reciprocal with its exact
// residual), then r^2 from the pair. atan: t = c a; for t <= 1 (alpha/2)/(1 + t^2), for t > 1
// with u = 1/t (a pair) (alpha/2) u^2 / (1 + u^2): nothing overflows. triangle: width - a
// (TwoSum, exact near a = width by Sterbenz; 1 - a/width would cancel there) divided by the
// double-double width^2. Both branches are computed and selected: no data-dependent branch.
// Huge |x| is clamped (float 2^90, double 2^600; gaussian 2^40 / 2^300) where every result is
// 0 (or below 2^-140: returned as 0), so no product overflows into an inf * 0 or fma(inf) NaN.
//
// Error against MPFR with the parameter exactly as given (tests/family/test_spike.cpp, 10^6
// samples per parameter: dense in [-3, 3] and [-30, 30], the whole range, the tails into the
// subnormals; max over the default and two other parameters), in ULP, at the worst input:
//   fast_sigmoid  FMA: float 1.47 (x = 2.97e17), double 1.37 (x = 2.05e154)
//                 no FMA: float 2.31 (x = -3.19e17), double 2.05 (x = -1.08e153)
//   sigmoid       FMA: float 1.06, double 1.06 (x = -10.18, k = 5)
//                 no FMA: float 1.03 (x = 21.83), double 1.09 (x = 1.86)
//   atan          FMA: float 1.42 (x = -4.92e18), double 1.48 (x = 1.71e153)
//                 no FMA: float 2.24 (x = 2.80e18), double 2.15 (x = 3.25e153)
//   triangle      FMA: 0.50 both; no FMA: float 1.14 (x = 8.9e-5), double 1.16 (x = 2.8e-16)
//   gaussian      FMA: float 0.90 (x = -0.995), double 0.92 (x = -1.30, sigma = 0.1)
//                 no FMA: float 0.94 (x = -0.739), double 0.91 (x = -1.97)
//   straight_through exact
// (fast_sigmoid/atan peak just above the smallest normal result, where the pair's low part is
// itself subnormal.)
// Special values: NaN -> NaN; +-inf -> 0 (1 for straight_through); +-0 -> the peak (1, 1,
// k/4, alpha/2, 1/width, 1/(sigma sqrt(2 pi))); all results >= 0; subnormal results may be
// rounded twice.
// Parameters: finite and in [1e-6, 1e6] (std::invalid_argument otherwise). The bounds keep
// every intermediate (k a at the clamp, 1/width^2, 1/(2 sigma^2)) a normal float, so the error
// bounds above hold for every accepted parameter; surrogate slopes used in practice are 0.5..100.
#pragma once

#include <cmath>

#include "../kernels/exp.hpp"
#include "activation.hpp"

namespace activ::surrogate {

namespace detail {

// --- construction time: double-double arithmetic (std::fma is fine here, not in the kernels) --
struct dd {
    double hi, lo;
};
ACTIV_INLINE dd dd_renorm(double hi, double lo) {
    const double s = hi + lo;
    return {s, lo - (s - hi)};
}
ACTIV_INLINE dd dd_mul(const dd& a, const dd& b) {
    const double p = a.hi * b.hi;
    const double e = std::fma(a.hi, b.hi, -p);
    return dd_renorm(p, e + (a.hi * b.lo + a.lo * b.hi));
}
ACTIV_INLINE dd dd_div(const dd& n, const dd& d) {
    const double q = n.hi / d.hi;
    const dd qd = dd_mul({q, 0.0}, d);
    const double r = ((n.hi - qd.hi) - qd.lo) + n.lo; // n - q d: n.hi - qd.hi is exact
    return dd_renorm(q, r / d.hi);
}

/// A positive constant known to about twice double precision, kept for each element type as
/// hi + lo (float: ~48 bits; double: ~106 bits).
class constant_pair {
public:
    ACTIV_INLINE explicit constant_pair(const dd& v) noexcept
        : d_hi_(v.hi), d_lo_(v.lo), f_hi_(static_cast<float>(v.hi)),
          f_lo_(static_cast<float>((v.hi - static_cast<double>(f_hi_)) + v.lo)) {}
    template <class T>
    ACTIV_INLINE kernels::pair<T> get() const noexcept {
        if constexpr (std::is_same<scalar_type_t<T>, float>::value)
            return {T(f_hi_), T(f_lo_)};
        else
            return {T(d_hi_), T(d_lo_)};
    }
    double value() const noexcept { return d_hi_ + d_lo_; }

private:
    double d_hi_, d_lo_;
    float f_hi_, f_lo_;
};

inline constexpr double pi_hi = 3.141592653589793;
inline constexpr double pi_lo = 1.2246467991473532e-16;
inline constexpr double sqrt_2pi_hi = 2.5066282746310007;
inline constexpr double sqrt_2pi_lo = -1.8328579980459167e-16;

inline constexpr double min_parameter = 1e-6;
inline constexpr double max_parameter = 1e6;
ACTIV_INLINE bool parameter_ok(double p) { return p >= min_parameter && p <= max_parameter; }

// --- evaluation: generic over T, kernels only -------------------------------------------------

/// a + b as hi + lo, exact (Knuth's TwoSum: no ordering needed).
template <class T>
ACTIV_INLINE kernels::pair<T> two_sum(const T& a, const T& b) noexcept {
    const T s = a + b;
    const T bb = s - a;
    return {s, (a - (s - bb)) + (b - bb)};
}

/// (a.hi + a.lo)(b.hi + b.lo) as hi + lo (the lo * lo term dropped).
template <class T>
ACTIV_INLINE kernels::pair<T> mul(const kernels::pair<T>& a, const kernels::pair<T>& b) noexcept {
    const kernels::pair<T> p = kernels::two_prod(a.hi, b.hi);
    return {p.hi, kernels::madd(a.hi, b.lo, kernels::madd(a.lo, b.hi, p.lo))};
}

/// 1 / (d.hi + d.lo) as hi + lo: the reciprocal corrected by its residual 1 - q d, formed
/// exactly with two_prod (FMA or Dekker), so the pair is good to ~2^-2p with or without FMA
/// (q need only be good to ~2^-p: kernels::reciprocal_refined, no division on AVX-512).
template <class T>
ACTIV_INLINE kernels::pair<T> reciprocal(const kernels::pair<T>& d) noexcept {
    const T q = kernels::reciprocal_refined(d.hi);
    const T e = kernels::nmadd(q, d.lo, kernels::residual(T(1), q, d.hi)); // 1 - (q d)_hi exact
    return {q, e * q};
}

/// |x| clamped to `limit` (NaN stays NaN: the comparison is false).
template <class T>
ACTIV_INLINE T clamped_abs(const T& x, double limit) noexcept {
    const T a = kernels::abs(x);
    const T l = kernels::constant<T>(limit);
    return kernels::select(a > l, l, a);
}

/// The clamp of |x| for fast_sigmoid, sigmoid and atan: at and beyond it the result is 0 (the
/// exact value is below 2^-140 for every accepted parameter), and no product of a parameter with
/// the clamped |x| (<= 2^110 in float) overflows, not even in Dekker's split (which needs
/// |v| < 2^128 / 4097 without FMA).
template <class T>
inline constexpr double abs_limit = std::is_same<scalar_type_t<T>, float>::value ? 0x1p90 : 0x1p600;

/// 0 where a = clamped_abs(x, abs_limit) reached the clamp (inf included), else v.
template <class T>
ACTIV_INLINE T zero_at_limit(const T& a, const T& v) noexcept {
    return kernels::select(a == kernels::constant<T>(abs_limit<T>), T(0), v);
}

/// An exponent beyond which c e^{-z} is below half the smallest subnormal for every factor
/// c <= 1e6 = e^{13.82} (sigmoid's k, gaussian's 1/(sigma sqrt(2 pi))): float 103.97 + 13.82 <
/// 120, double 745.13 + 13.82 < 760. The result is 0 there, and the (1 - z.lo) correction,
/// meaningless for huge z, is never used.
template <class T>
inline constexpr double zero_beyond = std::is_same<scalar_type_t<T>, float>::value ? 120.0 : 760.0;

} // namespace detail

/// 1: the backward pass sees the step as the identity.
struct straight_through {
    static constexpr int cost = 2;
    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        return kernels::select(kernels::is_nan(x), x, T(1));
    }
};

/// 1 / (1 + k|x|)^2 (SuperSpike's fast sigmoid, snnTorch's default surrogate).
struct fast_sigmoid {
    static constexpr int cost = 30;
    explicit fast_sigmoid(double k = 25.0) : k_(detail::dd{k, 0.0}) {
        activ::detail::require(detail::parameter_ok(k),
                               "activ::surrogate::fast_sigmoid: k must be finite and in "
                               "[1e-6, 1e6]");
    }
    double k() const noexcept { return k_.value(); }

    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        const T a = detail::clamped_abs(x, detail::abs_limit<T>);
        const kernels::pair<T> p = detail::mul(k_.get<T>(), kernels::pair<T>{a, T(0)});
        const kernels::pair<T> s = detail::two_sum(T(1), p.hi);
        const kernels::pair<T> r = detail::reciprocal(kernels::pair<T>{s.hi, T(s.lo + p.lo)});
        const kernels::pair<T> r2 = detail::mul(r, r);
        return detail::zero_at_limit(a, T(r2.hi + r2.lo));
    }

private:
    detail::constant_pair k_;
};

/// k sigma(kx) (1 - sigma(kx)): the logistic's derivative, steepened by k.
struct sigmoid {
    static constexpr int cost = 60;
    explicit sigmoid(double k = 25.0) : k_(detail::dd{k, 0.0}) {
        activ::detail::require(detail::parameter_ok(k),
                               "activ::surrogate::sigmoid: k must be finite and in [1e-6, 1e6]");
    }
    double k() const noexcept { return k_.value(); }

    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        const T a = detail::clamped_abs(x, detail::abs_limit<T>);
        const kernels::pair<T> k = k_.get<T>();
        const kernels::pair<T> p = detail::mul(k, kernels::pair<T>{a, T(0)});
        // e^{-(p.hi + p.lo)} = e^{-p.hi} (1 - p.lo) = (E.hi + E.lo)(1 - p.lo) 2^j
        const auto E = kernels::exp_nonpositive_parts(T(-p.hi));
        // v only where it is exp's unscaled part (v >= 2^-40 float, 2^-300 double), 0 below
        // (1 + v rounds to 1), and the result scaled last by kernels::ldexp_gradual: no
        // instruction underflows (an Intel core's ~150-cycle assist each, AMD Zen 5's smaller
        // penalty: with the plain scaling this took 2.5x the time in float on Zen 5, whatever
        // ACTIV_ASSIST_FREE says).
        const kernels::pair<T> unscaled = E.unscaled_or_zero(T(-p.lo));
        const T v = unscaled.hi, v_lo = unscaled.lo;
        const kernels::pair<T> op = kernels::one_plus(v, v_lo);
        const kernels::pair<T> num =
            detail::mul(k, kernels::pair<T>{E.hi, kernels::nmadd(E.hi, p.lo, E.lo)});
        const kernels::pair<T> q = detail::mul(num, detail::reciprocal(detail::mul(op, op)));
        const T result = kernels::ldexp_gradual(T(q.hi + q.lo), E.t_k);
        return kernels::select(p.hi > kernels::constant<T>(detail::zero_beyond<T>), T(0),
                               detail::zero_at_limit(a, result));
    }

private:
    detail::constant_pair k_;
};

/// (alpha/2) / (1 + (pi alpha x / 2)^2): the derivative of atan(pi alpha x / 2) / pi.
struct atan {
    static constexpr int cost = 45;
    explicit atan(double alpha = 2.0)
        : c_(detail::dd_mul({detail::pi_hi, detail::pi_lo}, {alpha * 0.5, 0.0})),
          half_alpha_(detail::dd{alpha * 0.5, 0.0}) {
        activ::detail::require(detail::parameter_ok(alpha),
                               "activ::surrogate::atan: alpha must be finite and in [1e-6, 1e6]");
    }
    double alpha() const noexcept { return 2.0 * half_alpha_.value(); }

    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        const T a = detail::clamped_abs(x, detail::abs_limit<T>);
        const kernels::pair<T> t = detail::mul(c_.get<T>(), kernels::pair<T>{a, T(0)});
        const kernels::pair<T> u = detail::reciprocal(t); // NaN for t = 0: not selected there
        const auto big = t.hi > T(1);
        // s = min(t, 1/t) <= 1; result = (alpha/2) m^2 / (1 + s^2) with m = 1 or u.
        const kernels::pair<T> s{kernels::select(big, u.hi, t.hi),
                                 kernels::select(big, u.lo, t.lo)};
        const kernels::pair<T> s2 = detail::mul(s, s);
        const kernels::pair<T> den = kernels::one_plus(s2.hi, s2.lo);
        const kernels::pair<T> m{kernels::select(big, u.hi, T(1)),
                                 kernels::select(big, u.lo, T(0))};
        const kernels::pair<T> num = detail::mul(detail::mul(half_alpha_.get<T>(), m), m);
        const kernels::pair<T> q = detail::mul(num, detail::reciprocal(den));
        return detail::zero_at_limit(a, T(q.hi + q.lo));
    }

private:
    detail::constant_pair c_;          // pi alpha / 2
    detail::constant_pair half_alpha_; // alpha / 2
};

/// max(0, 1 - |x|/width) / width: a triangle of area 1; 0 at |x| = width and beyond.
struct triangle {
    static constexpr int cost = 25;
    explicit triangle(double width = 1.0)
        : w_(detail::dd{width, 0.0}), w2_(detail::dd_mul({width, 0.0}, {width, 0.0})) {
        activ::detail::require(detail::parameter_ok(width),
                               "activ::surrogate::triangle: width must be finite and in "
                               "[1e-6, 1e6]");
    }
    double width() const noexcept { return w_.value(); }

    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        const kernels::pair<T> w = w_.get<T>();
        const kernels::pair<T> d = detail::two_sum(w.hi, T(-kernels::abs(x)));
        const T lo = d.lo + w.lo;
        const T hi = d.hi + lo; // width - |x| renormalized (Fast2Sum: |d.hi| >= |lo| or d.hi = 0)
        const T result = kernels::divide(kernels::pair<T>{hi, T(lo - (hi - d.hi))}, w2_.get<T>());
        return kernels::select(kernels::is_nan(x), x, kernels::select(hi > T(0), result, T(0)));
    }

private:
    detail::constant_pair w_;
    detail::constant_pair w2_; // width^2
};

/// e^{-x^2 / (2 sigma^2)} / (sigma sqrt(2 pi)): the normal density.
struct gaussian {
    static constexpr int cost = 50;
    explicit gaussian(double sigma = 0.5)
        : sigma_(sigma), g_(detail::dd_div({0.5, 0.0}, detail::dd_mul({sigma, 0.0}, {sigma, 0.0}))),
          n_(detail::dd_div({1.0, 0.0}, detail::dd_mul({detail::sqrt_2pi_hi, detail::sqrt_2pi_lo},
                                                       {sigma, 0.0}))) {
        activ::detail::require(detail::parameter_ok(sigma),
                               "activ::surrogate::gaussian: sigma must be finite and in "
                               "[1e-6, 1e6]");
    }
    double sigma() const noexcept { return sigma_; }

    template <class T>
    ACTIV_INLINE T operator()(const T& x) const noexcept {
        const T a =
            detail::clamped_abs(x, std::is_same<scalar_type_t<T>, float>::value ? 0x1p40 : 0x1p300);
        const kernels::pair<T> z = detail::mul(g_.get<T>(), kernels::two_prod(a, a));
        const auto E = kernels::exp_nonpositive_parts(T(-z.hi));
        const kernels::pair<T> r =
            detail::mul(n_.get<T>(), kernels::pair<T>{E.hi, kernels::nmadd(E.hi, z.lo, E.lo)});
        // Scaled last with no instruction that underflows (1.5x the time in float on Zen 5
        // with the plain product, whatever ACTIV_ASSIST_FREE says).
        const T result = kernels::ldexp_gradual(T(r.hi + r.lo), E.t_k);
        return kernels::select(z.hi > kernels::constant<T>(detail::zero_beyond<T>), T(0), result);
    }

private:
    double sigma_;
    detail::constant_pair g_; // 1 / (2 sigma^2)
    detail::constant_pair n_; // 1 / (sigma sqrt(2 pi))
};

} // namespace activ::surrogate
