// activ::softplus — a smooth ReLU (PyTorch's Softplus).
//
//   softplus(x)  = (1/b) log(1 + e^{b x}),  and x itself where b x > threshold
//                  (b = beta, default 1; threshold default 20: PyTorch's convention)
//   softplus'(x) = sigmoid(b x),            1 where b x > threshold
//   from y = softplus(x): 1 - e^{-b y} = -expm1(-b y),  1 where b y > threshold
//
// How: with z = b x and u = e^{-|z|} (exp_nonpositive_parts, never overflows),
//   z <= 0: log1p(u) / b            z > 0: x + log1p(u) / b
// so no 1 + e^{big} and no cancellation. b = 1 with FMA: u is the lean exponential, rounded
// once, and log(1 + u) kernels::log1p_exp_neg_abs (u itself beyond |x| = 27.5 float / 200
// double): 2.40 -> 1.45 cycles per float, 6.3 -> 3.6 per double at L1 on the Xeon (4 Ki
// elements through activ::apply, beta = 1 known at compile time), for
// 0.95 -> 1.42 ULP (u's own rounding now passes through log1p). Otherwise log1p is
// kernels::log1p_unit on the pair u + u_lo (exp_nonpositive_parts), as follows.
// z = b x is rounded, and in the negative tail softplus ~ e^z / b has a relative error equal to
// the absolute error of z (up to 100 ULP at z = -100): z is carried as z_hi + z_lo
// (two_prod(b, x) + b_rest x) and e^{z_hi + z_lo} = e^{z_hi} (1 + z_lo). The division by b is
// compensated (kernels::divide with b's hi + lo parts). For b != 1 and z below -80 (float) /
// -700 (double) the result is e^z / b, formed from 2^J e^z (J = 64 / 128, a normal number even
// where e^z is subnormal) and scaled back with one rounding: for b < 1 a normal result can
// come from a subnormal e^z. The derivative is sigmoid's quotient on the same u (for b = 1
// activ::sigmoid itself, the lean kernel: 2.2x the throughput, 1.5 ULP); the form
// from the output uses expm1_nonpositive on -b y, again with b y's rounding compensated.
// With ACTIV_ASSIST_FREE (an Intel core's ~150-cycle assist for each instruction that multiplies
// a subnormal or underflows) log1p and the quotient see u only where it is exp's unscaled part
// (u >= 2^-40 float, 2^-300 double); below, log1p(u) = u / (1 + u) = u to far below an ULP and u
// comes from exp's parts, scaled once by kernels::ldexp_gradual (exp_parts::value_gradual).
// The threshold: the linear piece is x exactly where b x > threshold, decided on the exact
// product (z_hi + z_lo against the threshold's hi + lo), as the MPFR reference does. There the
// jump is log1p(e^{-threshold})/b (2e-9 for the default: invisible in float, where
// x + log1p(e^{-x}) rounds to x from x ~ 17 anyway, but ~10^6 ULP in double).
//
// Error against MPFR (tests/family/test_softplus.cpp, 10^5 samples per case incl. the tails
// and the threshold; (beta, threshold) = (1, 20), (2, 20), (0.5, 5), (3.7, 20), (0.1, 20)),
// max over the cases, with FMA (-march=native, Zen 5) / without FMA (x86-64-v2):
//   softplus   float 0.95 ULP (x = -169.57, b 0.1) / 1.40 ULP
//              double 0.95 ULP (x = -162.67, b 0.1) / 1.51 ULP
//              (b != 1; b = 1 with FMA: float 1.42 ULP, double 1.42 ULP over 10^6 samples;
//              every float: 1.49 ULP at x = -6.2379, bench/accuracy --only softplus)
//   softplus'  float 1.10 ULP (x = -23.48, b 3.7) / 1.45 ULP
//              double 1.24 ULP (x = -191, b 3.7) / 1.37 ULP
//              (b != 1; for b = 1 sigmoid's bound: 1.50 / 1.47 ULP over every float / 2^26
//              doubles, 1.35 / 1.46 ULP in these samples)
//   from y     float 1.07 ULP (b 0.1) / 1.20 ULP   double 1.09 ULP (b 0.1) / 1.11 ULP
//              (against -expm1(-b y) evaluated exactly on y = softplus(x)); with AVX-512, where
//              expm1 takes its table form (1.7x the throughput), float 1.17 ULP (b 1), double
//              1.24 ULP (b 3.7) over 10^6 samples per case
// Subnormal results (x < -87.3 float, < -708 double for b = 1) keep a single rounding for b = 1
// and never change sign.
// Special values: softplus(-inf) = +0, softplus(+inf) = +inf, NaN -> NaN; the value is never
// negative (oneDNN's goes negative at x = -20). softplus'(-inf) = 0, softplus'(+inf) = 1.
// derivative_from_output expects y >= 0 (softplus' range); y = 0 -> 0, +inf -> 1.
// Parameters: beta finite and > 0, in [FLT_MIN, FLT_MAX] (so that it is a normal float too;
// a zero or negative beta is rejected explicitly), threshold finite (std::invalid_argument
// otherwise). For float the threshold is clamped to +-FLT_MAX (same switch points).
#pragma once

#include <algorithm>
#include <cfloat>

#include "../kernels/exp.hpp"
#include "../kernels/expm1.hpp"
#include "../kernels/log1p.hpp"
#include "activation.hpp"
#include "sigmoid.hpp"

namespace activ {

namespace detail {
template <class S>
struct softplus_constants;
template <>
struct softplus_constants<float> {
    static constexpr float tail_limit = -80.0f; // below: e^z / b (log1p(u) = u in float)
    static constexpr int tail_scale = 64;       // 2^64 e^z and its low part normal down to z = -110
    static constexpr float tail_unscale = 0x1p-64f;
};
template <>
struct softplus_constants<double> {
    static constexpr double tail_limit = -700.0;
    static constexpr int tail_scale = 128; // likewise down to z = -750
    static constexpr double tail_unscale = 0x1p-128;
};
} // namespace detail

struct softplus : activation<softplus> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 75; // instructions per element (Eigen's cost model)

    explicit softplus(double beta = 1.0, double threshold = 20.0)
        : beta_(beta), threshold_(threshold),
          threshold_float_(std::min(std::max(threshold, -double(FLT_MAX)), double(FLT_MAX))) {
        detail::require(!(beta <= 0), "activ::softplus: beta must be > 0 (a zero or negative "
                                      "beta is rejected)");
        detail::require(beta >= FLT_MIN && beta <= FLT_MAX,
                        "activ::softplus: beta must be finite, in [FLT_MIN, FLT_MAX]");
        detail::require(threshold >= -DBL_MAX && threshold <= DBL_MAX,
                        "activ::softplus: threshold must be finite");
    }

    double beta() const noexcept { return beta_.get(); }
    double threshold() const noexcept { return threshold_.get(); }

private:
    friend struct activation<softplus>;

    // b v as z_hi + z_lo (exact product for double; b's rest added for float).
    template <class T>
    ACTIV_INLINE kernels::pair<T> scaled(const T& v) const noexcept {
        using S = scalar_type_t<T>;
        if (beta_.get() == 1.0) return {v, T(0)};
        const kernels::pair<T> p = kernels::two_prod(T(beta_.value<S>()), v);
        const T lo = kernels::madd(T(beta_.rest<S>()), v, p.lo);
        // lo only matters where |b v| < 750 (exp's range); beyond, it is dropped (it can be
        // huge there, or NaN where b v or Dekker's split overflows).
        return {p.hi, kernels::select(kernels::abs(p.hi) < T(S(1024)), lo, T(0))};
    }

    // z > threshold, exactly (z_hi - t_hi is exact near the switch: Sterbenz).
    template <class T>
    ACTIV_INLINE static auto over(const kernels::pair<T>& z, const detail::parameter& threshold,
                                  const detail::parameter& threshold_float) noexcept {
        using S = scalar_type_t<T>;
        const detail::parameter& t = std::is_same<S, float>::value ? threshold_float : threshold;
        return ((z.hi - T(t.value<S>())) + (z.lo - T(t.rest<S>()))) > T(0);
    }
    template <class T>
    ACTIV_INLINE auto over(const kernels::pair<T>& z) const noexcept {
        return over(z, threshold_, threshold_float_);
    }

#if ACTIV_HAS_FMA
    // b = 1: the lean form (see the header); x > threshold: x (and +inf).
    template <class T>
    ACTIV_INLINE static T eval_unit(const T& x, const detail::parameter& threshold,
                                    const detail::parameter& threshold_float) noexcept {
        const kernels::pair<T> l = kernels::log1p_exp_neg_abs(x);
        const kernels::pair<T> s = kernels::dw::two_sum(x, l.hi);
        const T r = kernels::select(x > T(0), T(s.hi + (s.lo + l.lo)), l.hi);
        return kernels::select(over(kernels::pair<T>{x, T(0)}, threshold, threshold_float), x, r);
    }

public:
    // For activ::apply: b = 1 as a functor type of its own, so that the array loop is compiled
    // for that form alone (with a branch on a run-time beta inside one loop GCC allocated
    // registers for both forms and spilled: activ_bench's softplus/activ/f32/4096 1.30 -> 1.88
    // Gitems/s on the Xeon).
    struct unit_beta_form {
        static constexpr int cost = softplus::cost;
        detail::parameter threshold, threshold_float;
        template <class T>
        ACTIV_INLINE T operator()(const T& x) const noexcept {
            return eval_unit(x, threshold, threshold_float);
        }
        // softplus'(x) for b = 1 (activ::derivative's own loop, as eval_derivative): with the
        // branch on b inside one loop GCC 12 spilled in activ_bench (3.4 against 6.7 Gitems/s
        // in float on Zen 5).
        template <class T>
        ACTIV_INLINE T derivative(const T& x) const noexcept {
            return kernels::select(over(kernels::pair<T>{x, T(0)}, threshold, threshold_float),
                                   T(1), sigmoid{}(x));
        }
    };
    ACTIV_INLINE bool has_fast_form() const noexcept { return beta_.get() == 1.0; }
    unit_beta_form fast_form() const noexcept { return {threshold_, threshold_float_}; }

private:
#endif

    template <class S>
    kernels::pair<S> beta_parts() const noexcept {
        return {beta_.value<S>(), beta_.rest<S>()};
    }

    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
        using S = scalar_type_t<T>;
        using K = detail::softplus_constants<S>;
#if ACTIV_HAS_FMA
        if (beta_.get() == 1.0) return eval_unit(x, threshold_, threshold_float_);
#endif
        const kernels::pair<T> z = scaled(x);
        const auto positive = z.hi > T(0);
        const T a_lo = kernels::select(positive, T(-z.lo), z.lo); // -|z| = a + a_lo
        const auto e = kernels::exp_nonpositive_parts(T(-kernels::abs(z.hi)));
#if ACTIV_ASSIST_FREE
        // u = e^{-|z|} only where it is e's unscaled part (u >= 2^-40 float, 2^-300 double),
        // 0 elsewhere: there log1p(u) = u to far below an ULP (x + u = x), and the tail takes
        // e^z from the parts with one scaling that never underflows (exp_parts::value_gradual).
        const auto kept = e.unscaled();
        const kernels::pair<T> unscaled = e.unscaled_or_zero(a_lo);
        const T u = unscaled.hi, u_lo = unscaled.lo;
        const auto near = kept;
#else
        const T u = e.value();
        const T u_lo = kernels::madd(u, a_lo, e.value_lo()); // e^{a}(1 + a_lo)
        const auto near = z.hi >= T(K::tail_limit);
#endif
        const kernels::pair<T> l = kernels::log1p_unit_parts(u, u_lo);
        T r;
        if (beta_.get() == 1.0) {
            const kernels::pair<T> s = kernels::dw::two_sum(x, l.hi);
#if ACTIV_ASSIST_FREE
            const T negative = kernels::select(kept, l.hi, e.value_gradual(a_lo));
#else
            const T negative = l.hi;
#endif
            r = kernels::select(positive, T(s.hi + (s.lo + l.lo)), negative);
        } else {
            const auto bs = beta_parts<S>();
            const kernels::pair<T> b{T(bs.hi), T(bs.lo)};
            const kernels::pair<T> q = kernels::dw::divide(l, b);
            const kernels::pair<T> s = kernels::dw::two_sum(x, q.hi);
            // The far tail: e^z / b from 2^J e^z, one rounding into the subnormals.
            const T v = e.template value<K::tail_scale>();
            const T v_lo = kernels::madd(v, a_lo, e.template value_lo<K::tail_scale>());
#if ACTIV_ASSIST_FREE
            const T tail = kernels::ldexp_gradual(kernels::divide({v, v_lo}, b),
                                                  T(S(kernels::ieee<S>::magic - K::tail_scale)));
#else
            const T tail = kernels::divide({v, v_lo}, b) * T(K::tail_unscale);
#endif
            r = kernels::select(positive, T(s.hi + (s.lo + q.lo)),
                                kernels::select(near, q.hi, tail));
        }
        return kernels::select(over(z), x, r);
    }

    template <class T>
    ACTIV_INLINE T eval_derivative(const T& x) const noexcept {
        // b = 1 (the default): sigmoid(x) itself, activ::sigmoid's kernel (1.5 ULP, 2.7x the
        // throughput of the compensated quotient below, 0.98 ULP).
        if (beta_.get() == 1.0)
            return kernels::select(over(kernels::pair<T>{x, T(0)}), T(1), sigmoid{}(x));
        const kernels::pair<T> z = scaled(x);
        const auto negative = z.hi < T(0);
        const T a_lo = kernels::select(z.hi > T(0), T(-z.lo), z.lo);
        const auto e = kernels::exp_nonpositive_parts(T(-kernels::abs(z.hi)));
#if ACTIV_ASSIST_FREE
        // As the value: u only where unscaled, and e^z itself below (e^z / (1 + e^z) rounds to
        // e^z there).
        const auto kept = e.unscaled();
        const kernels::pair<T> unscaled = e.unscaled_or_zero(a_lo);
        const T u = unscaled.hi, u_lo = unscaled.lo;
#else
        const T u = e.value();
        const T u_lo = kernels::madd(u, a_lo, e.value_lo());
#endif
        const kernels::pair<T> numerator{kernels::select(negative, u, T(1)),
                                         kernels::select(negative, u_lo, T(0))};
        const T s = kernels::divide(numerator, kernels::one_plus(u, u_lo));
#if ACTIV_ASSIST_FREE
        return kernels::select(over(z), T(1),
                               kernels::select(negative && !kept, e.value_gradual(a_lo), s));
#else
        return kernels::select(over(z), T(1), s);
#endif
    }

    template <class T>
    ACTIV_INLINE T eval_derivative_from_output(const T& y) const noexcept {
        const kernels::pair<T> w = scaled(y);
        // 1 - e^{-(w + w_lo)} = -expm1(-w) + w_lo e^{-w}, e^{-w} = 1 + expm1(-w)
        const kernels::pair<T> m = kernels::expm1_nonpositive_parts(T(-w.hi));
        const T r = kernels::madd(w.lo, T(T(1) + m.hi), T(T(0) - m.lo)) - m.hi;
        // + 0: one sign of zero on every path (a batch's unary minus and the scalar's may
        // differ on zeros), so dfo(0) = +0.
        return kernels::select(over(w), T(1), T(r + T(0)));
    }

    detail::parameter beta_;
    detail::parameter threshold_;
    detail::parameter threshold_float_;
};

} // namespace activ
