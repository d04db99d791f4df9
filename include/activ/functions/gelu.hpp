// activ::gelu — the Gaussian error linear unit, exact form (PyTorch's approximate='none').
//
//   gelu(x)  = x Phi(x),  Phi the standard normal CDF, Phi(x) = erfc(-x/sqrt2)/2
//   gelu'(x) = Phi(x) + x phi(x),  phi(x) = e^{-x^2/2}/sqrt(2 pi); root at x0 = -0.75179152
//   no derivative_from_output: gelu is not monotonic (its minimum -0.17 is at x0), y does not
//   determine x.
//
// With a = |x| and Q(a) = Phi(-a) = 1 - Phi(a) <= 1/2 (kernels::normal_tail):
//   x < 0:  gelu = -(a Q(a)),      gelu' = Q(a) - a phi(a)
//   x >= 0: gelu = x - a Q(a),     gelu' = 1 - (Q(a) - a phi(a))
// Both tail quantities are e^{-a^2/2} times a polynomial (see normal_cdf.hpp), so nothing
// cancels: the textbook 0.5 x (1 + erf(x/sqrt2)) returns 0 at x = -5.6 in float (1 + erf rounds
// to 0; Eigen's erf even gives the wrong sign) where gelu(-5.6) = -6.0e-8; on x >= 0 the
// subtraction loses nothing (a Q(a) <= x/2). gelu' near its root x0: the kernel's polynomial
// there is u R(u) with u = a - a0 carried as a pair, so the sign change is exact and the
// relative error stays ~1 ULP right up to the root.
//
// Error against MPFR (tests/family/test_gelu.cpp; 20,000 samples in each of 10 intervals:
// [-40,-10], [-14.2,-5], [-5,-1.5], [-1.5,-1.2], [-1.2,-0.3], [-0.76,-0.74], [-0.3,0],
// [0,1.5], [1.5,9], [-1e-3,1e-3]; plus the test's 10^5 family inputs per form and type):
//   with FMA     gelu   float 1.36 ULP (x = -1.434)    double 1.40 ULP (x = -0.000472)
//                gelu'  float 1.14 ULP (x = -1.605)    double 1.19 ULP (x = -1.569)
//   without FMA  gelu   float 1.49 ULP (x = -1.495)    double 1.58 ULP (x = 0.000913)
//   (x86-64-v2)  gelu'  float 1.14 ULP (x = -1.605)    double 1.19 ULP (x = -1.604)
// Float with AVX-512 takes the normal tail from a 16-interval table (normal_cdf.hpp): every
// float input (bench/activ_accuracy --only gelu / "gelu'"): gelu 1.23 ULP (x = -1.833), gelu'
// 1.20 ULP (x = -3.620); the test's 10^6 MPFR samples: 1.06 and 1.05 ULP.
// The test bound is 2 ULP (contract 4). Results below the smallest normal (float: gelu for
// x < -13.146, gelu' for x < -13.342; double: x < -37.616, x < -37.712) keep their sign;
// gelu rounds to -0 below -14.356 (float) / -38.580 (double).
// Special values: NaN -> NaN (value and derivative); gelu(+inf) = +inf, gelu(-inf) = -0,
// gelu(+-0) = +-0, gelu(x) ~ x/2 for tiny x (sign kept); gelu'(+inf) = 1, gelu'(-inf) = 0
// (the sign of that zero is not promised; PyTorch's cdf + x pdf gives NaN there), gelu'(0) =
// 1/2. No parameter (approximate='tanh' is a different function).
#pragma once

#include "../kernels/normal_cdf.hpp"
#include "activation.hpp"

namespace activ {

struct gelu : activation<gelu> {
    static constexpr bool has_derivative_from_output = false;
    static constexpr int cost = 90; // instructions per element (Eigen's cost model)
    static constexpr std::size_t max_interleave = 2; // activ::apply: more chains spill

private:
    friend struct activation<gelu>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        const T aq = kernels::normal_tail<T>(kernels::abs(x)).a_q(); // |x| Q(|x|) >= 0
        // -aq as copysign: xsimd 8.1's AVX-512 unary minus is 0 - v, which loses -0.
        return kernels::select(x < T(0), kernels::copysign(aq, x), T(x - aq));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        const T d = kernels::normal_tail<T>(kernels::abs(x)).q_minus_a_phi();
        return kernels::select(x < T(0), d, T(T(1) - d));
    }
};

} // namespace activ
