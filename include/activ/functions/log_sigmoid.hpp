// activ::log_sigmoid — the logarithm of the logistic function (PyTorch's LogSigmoid).
//
//   log_sigmoid(x)  = log(sigmoid(x)) = -softplus(-x)
//                   = x - log1p(e^x)   for x < 0,    -log1p(e^{-x})   for x >= 0
//   log_sigmoid'(x) = sigmoid(-x) = 1 - sigmoid(x)
//                   = 1 / (1 + e)  for x < 0,        e / (1 + e)      for x >= 0,  e = e^{-|x|}
//   from y = log_sigmoid(x) (y <= 0): 1 - e^y = -expm1(y)
//
// How: u = e^{-|x|} and log1p(u): for x < 0 both terms are negative (no cancellation; x - log1p
// is summed with TwoSum and the log's low part, so one rounding remains); for x > 0 the result
// follows -e^{-x} down to the subnormals (log1p(u) rounds to u there). With FMA u is the lean
// exponential, rounded once, and log(1 + u) kernels::log1p_exp_neg_abs (u itself beyond
// |x| = 27.5 float / 200 double): 1.89 -> 1.43 cycles per float, 4.84 -> 3.65 per double at L1
// on the Xeon, for 0.92 -> 1.40 ULP (u's own rounding now passes through). Without FMA u is
// exp_nonpositive_parts' pair u + u_lo and log1p_unit_parts takes both; with ACTIV_ASSIST_FREE
// u enters log1p there only where it is exp's unscaled part (u >= 2^-40 float, 2^-300 double),
// below the result is u itself, scaled once by kernels::ldexp_gradual.
// The derivative is activ::sigmoid(-x), the lean kernel (2.1x the throughput of the
// compensated quotient it replaced, 0.98 -> 1.5 ULP): for x > 0 it follows e^{-x} into the
// subnormals (never the textbook 1 - sigmoid(x), which is 0 from x ~ 17 in float). From y:
// expm1_nonpositive(y), no cancellation near y = 0.
//
// Error against MPFR (tests/family/test_softplus.cpp, 10^5 samples per case incl. the tails;
// log_sigmoid with FMA: ACTIV_ACCURACY_SAMPLES = 10^6), with FMA (-march=native) / without FMA
// (x86-64-v2):
//                  float                            double
//   log_sigmoid    1.40 ULP (x = 2.768) / 0.90 ULP   1.36 ULP / 0.90 ULP
//   log_sigmoid'   1.50 ULP / 1.47 ULP              1.47 ULP / 1.43 ULP  (sigmoid's)
//   from y         0.71 ULP / -                      0.81 ULP / -
//                  (against 1 - e^y evaluated exactly on y = log_sigmoid(x); measured by
//                  bench/accuracy --group family with the lean expm1 of kernels/expm1.hpp)
// The other rows predate the estimate-based kernels::divide; the tests hold them to 2 ULP.
// Special values: log_sigmoid(-inf) = -inf, log_sigmoid(+inf) = -0 (the limit from below:
// -log1p(0)), log_sigmoid(+-0) = -log 2, NaN -> NaN; the value is never positive.
// log_sigmoid'(-inf) = 1, log_sigmoid'(+inf) = 0. derivative_from_output expects y <= 0:
// y = -inf -> 1, y = 0 -> 0.
#pragma once

#include "../kernels/exp.hpp"
#include "../kernels/expm1.hpp"
#include "../kernels/log1p.hpp"
#include "activation.hpp"
#include "sigmoid.hpp"

namespace activ {

struct log_sigmoid : activation<log_sigmoid> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 55; // instructions per element (Eigen's cost model)

private:
    friend struct activation<log_sigmoid>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        using S = scalar_type_t<T>;
#if ACTIV_HAS_FMA
        // The lean log(1 + e^{-|x|}) (kernels::log1p_exp_neg_abs: e^{-|x|} itself, rounded once,
        // where |x| > 27.5 float / 200 double).
        const kernels::pair<T> l = kernels::log1p_exp_neg_abs(x);
        const T l_positive = l.hi;
#elif ACTIV_ASSIST_FREE
        const auto e = kernels::exp_nonpositive_parts(T(-kernels::abs(x)));
        // u = e^{-|x|} only where it is e's unscaled part (u >= 2^-40 float, 2^-300 double), 0
        // elsewhere: there log1p(u) = u to far below an ULP, x - u = x, and -u comes from the
        // parts with one scaling that never underflows (an Intel core's ~150-cycle assist).
        const kernels::pair<T> u = e.unscaled_or_zero();
        const kernels::pair<T> l = kernels::log1p_unit_parts(u.hi, u.lo);
        const T l_positive = kernels::select(e.unscaled(), l.hi, e.value_gradual());
#else
        const auto e = kernels::exp_nonpositive_parts(T(-kernels::abs(x)));
        const kernels::pair<T> l = kernels::log1p_unit_parts(e.value(), e.value_lo());
        const T l_positive = l.hi;
#endif
        const kernels::pair<T> s = kernels::dw::two_sum(x, T(-l.hi));
        const T negative = s.hi + (s.lo - l.lo);
        // Far out (and at -inf, where TwoSum would give NaN) log1p(e^x) = 0: x itself.
        const T lowest(kernels::exp_constants<S>::lowest);
        // -l.hi as -|l.hi|: a batch's unary minus may turn +0 into +0 (0 - x), the scalar's
        // into -0; copysign gives -0 at +inf on every path.
        const T positive = kernels::copysign(l_positive, T(-1));
        return kernels::select(x < T(0), kernels::select(x < lowest, x, negative), positive);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        // sigmoid(-x): activ::sigmoid's kernel, which follows e^{-x} into the subnormals.
        return sigmoid{}(T(-x));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
        return T(0) - kernels::expm1_nonpositive(y);
    }
};

} // namespace activ
