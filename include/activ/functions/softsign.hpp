// activ::softsign — x / (1 + |x|) (PyTorch's Softsign).
//
//   softsign(x)  = x / (1 + |x|)
//   softsign'(x) = 1 / (1 + |x|)^2
//   from y = softsign(x): (1 - |y|)^2          (1 - |y| = 1 / (1 + |x|))
//
// Computation: a = |x|; 1 + a = d + d_lo exactly (2Sum), so the only roundings left are those
// of the compensated division (kernels::divide: reciprocal, quotient corrected by its residual).
//   value: a / (d + d_lo), sign copied from x (-0 -> -0, and an odd function stays odd).
//          For a >= 2^25 (float) / 2^54 (double) the exact result is within half an ULP of 1
//          and 1 is returned (this also covers +-inf and avoids a subnormal reciprocal).
//   derivative: (d + d_lo)^2 = D + D_lo with D exact by two_prod and D_lo carrying 2 d d_lo,
//          then 1 / (D + D_lo) compensated. (1/(1 + a))^2 would round twice and square the
//          error. Beyond a >= 2^63 (float) / 2^511 (double) the square would overflow; there the
//          result is below the smallest normal and (1/d)^2 is returned, within ~1 ULP of the
//          subnormal grid (no NaN, 0 at +-inf).
//   derivative_from_output: 1 - |y| = t + t_lo exactly (Fast2Sum, |y| <= 1), t^2 exact by
//          two_prod, plus 2 t t_lo: one final rounding. 1 - |y| alone is exact only for
//          |y| >= 1/2; its rounding for smaller |y| would cost up to ~3 ULP after squaring.
// Measured (tests/family/test_hard.cpp harness, 10^5 samples per form and type; the output
// form against (1 - |y|)^2 evaluated exactly on y):
//   with FMA     value 0.50 ULP (float x = 0.0229, double x = 5.25); derivative 0.50 ULP
//                (float x = -28.8, double x = -5.10); from output 0.50 ULP (float, double)
//   without FMA  value 0.50, from output 0.50 (float and double); derivative 0.75 ULP (float
//                x = 4.69e18, double x = 4.59e153): where the result is within 2^24 of the
//                smallest normal, the correction term goes subnormal before it is added (up to
//                1 ULP just above the smallest normal).
// Special values: NaN -> NaN in all three forms; softsign(+-inf) = +-1; softsign(+-0) = +-0;
// softsign'(+-inf) = 0; softsign'(+-0) = 1; derivative_from_output(+-1) = 0.
#pragma once

#include "activation.hpp"

namespace activ {

namespace detail {
template <class S>
struct softsign_constants;
template <>
struct softsign_constants<float> {
    static constexpr float one_limit = 0x1p25f;    // a >= this: a / (1 + a) rounds to 1
    static constexpr float square_limit = 0x1p63f; // a >= this: 1 / (1 + a)^2 < 2^-126
    static constexpr float scale = 0x1p64f, inverse_scale = 0x1p-64f;
    static constexpr float reciprocal_limit = 0x1p100f; // (1/d)^2 = 0 beyond
};
template <>
struct softsign_constants<double> {
    static constexpr double one_limit = 0x1p54;
    static constexpr double square_limit = 0x1p511;
    static constexpr double scale = 0x1p512, inverse_scale = 0x1p-512;
    static constexpr double reciprocal_limit = 0x1p600;
};
} // namespace detail

struct softsign : activation<softsign> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 20; // instructions per element (Eigen's cost model)

private:
    friend struct activation<softsign>;

    // 1 + a as an exact pair: Fast2Sum on max(a, 1) and min(a, 1) (two clamps and two
    // subtractions in place of 2Sum's five additions; the same error term, which is exact).
    template <class T>
    ACTIV_INLINE static kernels::pair<T> one_plus_abs(const T& a) noexcept {
        const T d = a + T(1);
        const T big = kernels::at_least(a, T(1)), small = kernels::at_most(a, T(1));
        return {d, T(small - T(d - big))};
    }

    // n / (d.hi + d.lo): as kernels::divide, but the residual n - q d.hi is formed exactly
    // with two_prod also without an FMA unit (n - q d.hi is exact by Sterbenz, q d.hi ~ n), and
    // r good to ~2^-p (kernels::reciprocal_refined: no division instruction on AVX-512; the
    // derivative's two divisions bounded it, 0.43x -> 0.54x the plain loop in float, while the
    // value is bound by its other instructions and kept its speed).
    // Without FMA the factors are rescaled by 2^+-k (exact, the product unchanged) so that
    // Dekker's split in two_prod cannot overflow for d.hi up to (2^63)^2 / (2^511)^2. With FMA
    // one instruction gives the same residual: every float's value and derivative bit for bit
    // (native and x86-64-v3), softsign 0.55 -> 0.41 and softsign' 0.74 -> 0.61 cycles per
    // float at L1 on an Intel Xeon.
    template <class T>
    ACTIV_INLINE static T quotient(const T& n, const kernels::pair<T>& d) noexcept {
        const T r = kernels::reciprocal_refined(d.hi);
        const T q = n * r;
#if ACTIV_HAS_FMA
        // n - q d.hi rounded once by one FMA: the same value as below (n - qd.hi is exact, so
        // only the last subtraction rounds there), in one instruction instead of six; it cannot
        // overflow (q d.hi ~ n).
        const T residual = kernels::nmadd(q, d.hi, n);
#else
        using K = detail::softsign_constants<scalar_type_t<T>>;
        const kernels::pair<T> qd =
            kernels::two_prod(T(q * T(K::scale)), T(d.hi * T(K::inverse_scale)));
        const T residual = T(n - qd.hi) - qd.lo;
#endif
        return kernels::madd(kernels::nmadd(q, d.lo, residual), r, q);
    }

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        using K = detail::softsign_constants<scalar_type_t<T>>;
        const T a = kernels::abs(x);
        const T m = quotient(a, one_plus_abs(a));
        return kernels::copysign(kernels::select(a >= T(K::one_limit), T(1), m), x);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        using K = detail::softsign_constants<scalar_type_t<T>>;
        const T a = kernels::abs(x);
        const kernels::pair<T> d = one_plus_abs(a);
        const kernels::pair<T> d2 = kernels::two_prod(d.hi, d.hi);
        const T d2_lo = kernels::madd(T(d.hi + d.hi), d.lo, d2.lo);
        const T near = quotient(T(1), {d2.hi, d2_lo});
        // Where a >= square_limit: (1/d)^2, below the smallest normal; d clamped so that
        // reciprocal_refined stays finite (1/d^2 rounds to 0 long before 2^100).
        const T u = kernels::reciprocal_refined(kernels::at_most(d.hi, T(K::reciprocal_limit)));
        return kernels::select(a >= T(K::square_limit), T(u * u), near);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
        const kernels::pair<T> t = kernels::one_minus(kernels::abs(y), T(0));
        const kernels::pair<T> t2 = kernels::two_prod(t.hi, t.hi);
        return t2.hi + kernels::madd(T(t.hi + t.hi), t.lo, t2.lo);
    }
};

} // namespace activ
