// activ::sigmoid — the logistic function.
//
//   sigmoid(x)  = 1 / (1 + e^{-x})
//               = 1 / (1 + e)  for x >= 0,   e / (1 + e)  for x < 0,   with e = e^{-|x|} <= 1
//   sigmoid'(x) = sigmoid(x) sigmoid(-x) = e / (1 + e)^2 = y - y^2,  y = sigmoid(-|x|) <= 1/2
//   sigmoid'(x) from y = sigmoid(x): y (1 - y), as y - y^2 in one FMA where there is one
//
// Why e^{-|x|}: the exponential never overflows, and for x < 0 the result follows e^x down
// into the subnormal range (sigmoid(-100) = 3.7e-44 rather than the 0 that 1/(1+e^{-x})
// gives past x = -88). The derivative from x is y - y^2 in one FMA, on the y that does not
// saturate (y <= 1/2: no cancellation), unlike the textbook s(1 - s), whose error reaches
// 2^24 ULP once s rounds to 1 (x > 17 in float). derivative_from_output(y) is that textbook
// formula, exact in y: it is what a backward pass that kept only y can compute.
//
// Cost: e is the lean kernels::exp_nonpositive (one rounding; on AVX-512 a 16-entry table of
// 2^(i/16) read by a permute, a degree-3 polynomial and VSCALEF) and the quotient
// kernels::divide_one_plus: a reciprocal estimate of 1 + e and one residual correction, the
// residual (n - q) - q e formed from e itself (exact up to one rounding), so 1 + e's own
// rounding never reaches the result and no division instruction runs (but in double with
// ACTIV_FAST_DIVISION, the AMD Zen default: one VDIVPD for the quotient, 1.13x faster on Zen 5
// than the estimate's two Newton steps and a product; config.hpp). No branch: the
// numerator is selected. 23 floating-point instructions per batch on AVX-512, 10 of them FMAs
// or products. What bounds it on Zen 5 is the ~48-cycle dependency chain from x to the result
// as much as the FMA pipes (the sum of the measured latencies along it): one batch per loop
// iteration took 1.6x the time of four interleaved (before the fold below), and the float
// exponential's low parts, folded into its polynomial's linear term off the chain
// (kernels::exp_split), made sigmoid 0.91x the time with one instruction more. With
// ACTIV_ASSIST_FREE (the default but where the compiler targets AMD Zen, which takes no assists:
// config.hpp) 27: e is rounded to the subnormal range by an integer conversion instead of VSCALEF
// (kernels::scale_pow2_floor_gradual), and the quotient runs masked to the lanes where e >= 2^-60
// (elsewhere it rounds to the numerator), so that no instruction multiplies a subnormal or
// underflows, which costs an Intel core a ~150-cycle assist; 1.22x the time on inputs in [-10,
// 10], 4.2x faster with 1 in 64 below -90 (Intel Xeon, bench/subnormal_cost.cpp); the same bits.
// With AVX2, and under clang (which computes masked-off lanes), the operands are raised to 2^-60
// instead of masked and the result is the minimum of the quotient and the numerator (AVX2
// build: 1.17x the time, 1.9x faster with those inputs). Without an FMA unit (x86-64-v2) e is
// carried as e_hi + e_lo from the two-part exponential instead, at about twice the cost, and the
// derivative is e / (1 + e)^2 with 1 + e and its square carried as pairs (y - y^2 would round
// twice).
//
// Error, measured by bench/accuracy (float: all 2^32 inputs; double: 2^26 samples; subnormal
// results included, in units of the smallest subnormal). Contract: <= 2 ULP for sigmoid(x),
// <= 4 ULP for sigmoid'(x).
//   with FMA     sigmoid    float 1.50 ULP (x = -5.5429606)    double 1.47 ULP (x = -6.2378427)
//                sigmoid'   float 2.40 ULP (x = 5.5379996)     double 2.35 ULP (x = 6.9296213)
//                (y's 1.5 ULP counts twice where y - y^2 drops below a power of two)
//   without FMA  sigmoid    float 1.47 ULP                     double 1.43 ULP
//   (x86-64-v2)  sigmoid'   float 2.97 ULP                     double 2.73 ULP
//   y (1 - y)    0.5 ULP against that formula evaluated exactly on y with FMA (one rounding),
//                1.5 ULP without.
// Special values: NaN -> NaN; sigmoid(+inf) = 1, sigmoid(-inf) = 0, sigmoid(+-0) = 0.5;
// the result is always in [0, 1]; sigmoid'(+-inf) = 0.
#pragma once

#include "../kernels/exp.hpp"
#include "activation.hpp"

namespace activ {

struct sigmoid : activation<sigmoid> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 30; // instructions per element (Eigen's cost model)

private:
    friend struct activation<sigmoid>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
#if ACTIV_ASSIST_FREE_MASKS
        // e rounded once even where it is subnormal, and the quotient only on the lanes where
        // e >= 2^-60 (below, the result is the numerator itself): no instruction sees a
        // subnormal, which costs an Intel core ~150 cycles (kernels::scale_pow2_floor_gradual).
        const kernels::exp_split<T> s(kernels::negative_abs(x));
        const T e = s.value_gradual();
        return kernels::divide_one_plus_where(s.not_tiny(), kernels::select(x < T(0), e, T(1)), e);
#elif ACTIV_HAS_FMA && ACTIV_ASSIST_FREE
        // Without AVX-512 masks: the quotient on operands raised to at least 2^-60, so that no
        // instruction multiplies a subnormal (and e by kernels::scale_pow2_gradual). Where
        // e < 2^-60 the result is the numerator itself (n / (1 + e) rounds to n), and the
        // quotient of the raised operands is at least that: the minimum of the two is exact on
        // every lane (q <= n elsewhere), and NaN comes through q.
        const T e = kernels::exp_split<T>(kernels::negative_abs(x)).value_gradual();
        const T n = kernels::select(x < T(0), e, T(1));
        const T tiny(kernels::exp_constants<scalar_type_t<T>>::tiny_value);
        return kernels::at_most(
            kernels::divide_one_plus(kernels::at_least(n, tiny), kernels::at_least(e, tiny)), n);
#elif ACTIV_HAS_FMA
        const T e = kernels::exp_nonpositive(kernels::negative_abs(x));
        return kernels::divide_one_plus(kernels::select(x < T(0), e, T(1)), e);
#else
        // Without FMA the polynomial rounds twice per step and the residual once more: e must
        // carry its own rounding error (e_hi + e_lo) to stay inside 2 ULP (2.3 ULP otherwise).
        const auto e = kernels::exp_nonpositive_parts(kernels::negative_abs(x));
        const T e_hi = e.value(), e_lo = e.value_lo();
        const auto negative = x < T(0);
        const kernels::pair<T> numerator{kernels::select(negative, e_hi, T(1)),
                                         kernels::select(negative, e_lo, T(0))};
        return kernels::divide(numerator, kernels::one_plus(e_hi, e_lo));
#endif
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
#if ACTIV_ASSIST_FREE_MASKS
        // As sigmoid, on the lanes where e >= 2^-60 (y - y^2 rounds to y = e elsewhere).
        const kernels::exp_split<T> s(kernels::negative_abs(x));
        const T e = s.value_gradual();
        const auto not_tiny = s.not_tiny();
        const T y = kernels::divide_one_plus_where(not_tiny, e, e);
        return kernels::nmadd_where(not_tiny, y, y, y);
#elif ACTIV_HAS_FMA && ACTIV_ASSIST_FREE
        // As sigmoid: y - y^2 from e raised to at least 2^-60, and e itself below (y - y^2
        // rounds to e there, and is at most e elsewhere).
        const T e = kernels::exp_split<T>(kernels::negative_abs(x)).value_gradual();
        const T e_raised =
            kernels::at_least(e, T(kernels::exp_constants<scalar_type_t<T>>::tiny_value));
        const T y = kernels::divide_one_plus(e_raised, e_raised);
        return kernels::at_most(kernels::nmadd(y, y, y), e);
#elif ACTIV_HAS_FMA
        const T e = kernels::exp_nonpositive(kernels::negative_abs(x));
        // y - y^2 for y = sigmoid(-|x|) in (0, 1/2]: one rounding, no cancellation (y <= 1/2),
        // and the function's own cost plus one FMA.
        const T y = kernels::divide_one_plus(e, e);
        return kernels::nmadd(y, y, y);
#else
        const T e = kernels::exp_nonpositive(kernels::negative_abs(x));
        return kernels::divide(e, kernels::square(kernels::one_plus(e)));
#endif
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
#if ACTIV_HAS_FMA
        // y - y^2 in one FMA: the exact value on y rounded once, in one instruction.
        return kernels::nmadd(y, y, y);
#else
        return y * (T(1) - y);
#endif
    }
};

} // namespace activ
