// activ::tanh — the hyperbolic tangent.
//
//   tanh(x)  = sign(x) t(|x|),  t(a) = (1 - e) / (1 + e) = -m / (2 + m),  e = e^{-2a},
//              m = e - 1 in (-1, 0]
//   tanh'(x) = 1 - tanh(x)^2 = 4e / (1 + e)^2 = 4y - 4y^2,  e = e^{-2|x|},  y = e / (1 + e)
//   tanh'(x) from y = tanh(x): 1 - y^2, in one FMA (y^2 exact inside it: one rounding); without
//                                FMA as (1 - y)(1 + y): 1 - y is exact for y >= 0.5, so no
//                                cancellation
//
// One formula for every a, no branch: t(a) = (1 - e) / (1 + e), e = e^{-2a}, the numerator and e
// rounded separately from one reduction (near e = 1 the numerator keeps its relative precision,
// near e = 0 the small e is accurate: no error counted twice, as in -m / (2 + m) with 2 + m
// formed from m), the quotient kernels::divide_one_plus (reciprocal estimate plus one residual
// correction formed from e, so 1 + e's rounding never counts).
// - AVX-512 (kernels::one_minus_exp_and_exp): k/32 rounded up (k/16 in double), 2^(k/32) from a
//   table by one permute and VSCALEF, so that 1 - e = (1 - h) - h d adds two terms >= 0 and
//   needs no low part in float. The reduction runs on a itself (of_twice: 2a is never formed)
//   and the sign copy is one VPTERNLOG masked by the tiny test (kernels::copysign_where): 24
//   vector instructions per 16 floats besides register copies, against 26 before those two
//   (the same bits) and the FMA path's 34.
//   Double adds the numerator's exact rounding error to the residual (three instructions;
//   1.98 ULP over 2^26 samples without). The numerator rounds once even for tiny a, so
//   tanh(x) = x is kept below 2^-13 (float) / 2^-27 (double).
// - FMA without AVX-512: 1 - e = -m, m = e^{-2a} - 1 from kernels::expm1_and_exp (m + m_lo,
//   full relative precision for small a, t(a) = a for tiny a).
// - Without FMA: -m / (2 + m) with 2 + m kept as a pair and kernels::divide_small_lo (m_lo
//   matters there: near m = -1 the quotient doubles m's error).
// -0 stays -0 through the sign copy.
// Why not 1 - tanh^2 for the derivative: once tanh rounds to 1 (|x| > 9 in float) it returns 0,
// and before that it keeps only the bits that did not cancel (2^24 ULP error). 4y - 4y^2 keeps
// full precision into the subnormals: y <= 1/2 never saturates, and 4y = 4e / (1 + e) comes
// from 4e^{-2|x|} rounded once (exp_split::value<2>), not from 4 * (an already rounded
// subnormal). With FMA it is sigmoid's derivative at 2|x| (kernels::divide_one_plus, then one
// FMA): 2.4 ULP instead of the 1.5 of 4e / (1 + e)^2 with pairs, for ~5 instructions fewer.
//
// Error, measured by bench/accuracy (float: all 2^32 inputs; double: 2^26 samples).
// Contract: <= 2 ULP for tanh(x), <= 4 ULP for tanh'(x).
//   AVX-512      tanh       float 1.88 ULP (x = 0.031026404)   double 1.51 ULP (x = -0.061621507)
//   (k = -2: (1 - h) + |h d| with d's and the numerator's roundings; the price of 24 instructions)
//   FMA only     tanh       float 1.12 ULP (x = 0.12546384)    double 1.25 ULP (x = -0.21887517)
//   (both) tanh'            float 2.40 ULP (x = -2.7690000)    double 2.34 ULP (x = 2.7689254)
//                (y's 1.5 ULP counts twice where 4y - 4y^2 drops below a power of two)
//   without FMA  tanh       float 1.41 ULP                     double 1.52 ULP
//   (x86-64-v2)  tanh'      float 2.97 ULP                     double 2.96 ULP
// Without FMA the float maximum is where e^{-2a} ~ 2^-24.5: 2^n - 1 rounds to -1 there.
//   1 - y^2      0.5 ULP against 1 - y^2 evaluated exactly on y with FMA, 1.5 ULP without
//                ((1-y)(1+y)).
// Special values: NaN -> NaN; tanh(+-inf) = +-1; tanh(+-0) = +-0; |tanh(x)| <= 1 always;
// tanh'(+-inf) = 0.
#pragma once

#include "../kernels/exp.hpp"
#include "../kernels/expm1.hpp"
#include "activation.hpp"

namespace activ {

struct tanh : activation<tanh> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 32; // instructions per element (Eigen's cost model)

private:
    friend struct activation<tanh>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
#if ACTIV_AVX512
        // (1 - e) / (1 + e) with 1 - e and e from the table exponential, which needs no low part
        // (kernels::one_minus_exp_and_exp). Its numerator rounds once for tiny x, so tanh(x) = x
        // is kept below 2^-13 (float) / 2^-27 (double), where x^3/3 is below half an ULP of x:
        // the sign copy runs only on the other lanes; the compare is false for NaN, which
        // comes through x.
        using S = scalar_type_t<T>;
        const T na = kernels::at_least(kernels::negative_abs(x),
                                       T(kernels::expm1_table_constants<S>::lowest / 2));
        const auto me = kernels::one_minus_exp_and_exp<T>::of_twice(na);
        T q;
        if constexpr (std::is_same<S, float>::value)
            q = kernels::divide_one_plus(me.one_minus_e, me.e);
        else // the numerator's own rounding too: 1.98 ULP over 2^26 samples without it
            q = kernels::divide_one_plus(kernels::pair<T>{me.one_minus_e, me.one_minus_e_lo()},
                                         me.e);
        const T tiny(std::is_same<S, float>::value ? S(-0x1p-13) : S(-0x1p-27));
        return kernels::copysign_where(na <= tiny, q, x);
#elif ACTIV_HAS_FMA
        // (1 - e) / (1 + e) as -m / (1 + e): m = e^{-2a} - 1 and e = e^{-2a} rounded separately
        // from one reduction, the quotient kernels::divide_one_plus (its residual uses e itself).
        const kernels::expm1_and_exp<T> me(T(kernels::negative_abs(x) * T(2)));
        return kernels::copysign(
            kernels::divide_one_plus(kernels::pair<T>{T(-me.m), T(-me.m_lo)}, me.e), x);
#else
        const kernels::expm1_and_exp<T> me(T(kernels::negative_abs(x) * T(2)));
        const T d = T(2) + me.m;
        const kernels::pair<T> denominator{d, T(((T(2) - d) + me.m) + me.m_lo)};
        const T t = kernels::copysign(
            kernels::divide_small_lo(kernels::pair<T>{me.m, me.m_lo}, denominator), x);
        // Without FMA the division's residual is rounded, and the last bit of a tiny x can
        // change: keep tanh(x) = x where x^3/3 is below half an ULP of x.
        using S = scalar_type_t<T>;
        const T tiny(std::is_same<S, float>::value ? S(0x1p-13) : S(0x1p-27));
        return kernels::select(kernels::abs(x) < tiny, x, t);
#endif
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        const auto e = kernels::exp_nonpositive_split_of_twice(kernels::negative_abs(x));
#if ACTIV_ASSIST_FREE_MASKS
        // As below, with 4e rounded once even where it is subnormal, and the arithmetic only
        // on the lanes where e >= 2^-60 (Y - Y^2/4 rounds to Y = 4e elsewhere): no instruction
        // sees a subnormal, which costs an Intel core ~150 cycles.
        const auto not_tiny = e.not_tiny();
        const T y4 = kernels::divide_one_plus_where(not_tiny, e.template value_gradual<2>(),
                                                    e.value_not_tiny(not_tiny));
        return kernels::nmadd_where(not_tiny, y4, kernels::mul_where(not_tiny, y4, T(0.25)), y4);
#elif ACTIV_HAS_FMA && ACTIV_ASSIST_FREE
        // As below, with 4e rounded once even where it is subnormal (kernels::scale_pow2_gradual)
        // and raised to at least 4 2^-60 for the arithmetic, so that no instruction multiplies a
        // subnormal; 4e itself below (Y - Y^2/4 rounds to Y = 4e there, and is at most 4e
        // elsewhere). e = 4e / 4 exactly where it is not raised.
        const T e4 = e.template value_gradual<2>();
        const T raised =
            kernels::at_least(e4, T(4 * kernels::exp_constants<scalar_type_t<T>>::tiny_value));
        const T y4 = kernels::divide_one_plus(raised, T(raised * T(0.25)));
        return kernels::at_most(kernels::nmadd(y4, T(y4 * T(0.25)), y4), e4);
#elif ACTIV_HAS_FMA
        // 4y - 4y^2 for y = e / (1 + e) = sigmoid(-2|x|) <= 1/2, as Y - Y (Y/4) with
        // Y = 4e / (1 + e): one FMA, no cancellation (4y^2 <= 2y), Y/4 exact (a subnormal Y/4
        // only where Y^2/4 is far below Y's last bit).
        const T y4 = kernels::divide_one_plus(e.template value<2>(), e.value());
        return kernels::nmadd(y4, T(y4 * T(0.25)), y4);
#else
        // Without FMA Y - Y (Y/4) rounds twice: 4e / (1 + e)^2 with 1 + e and its square as
        // pairs.
        return kernels::divide(e.template value<2>(),
                               kernels::square(kernels::one_plus(e.value())));
#endif
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
#if ACTIV_HAS_FMA
        // 1 - y^2 in one FMA: y^2 is exact inside it, so nothing cancels before the one rounding.
        return kernels::nmadd(y, y, T(1));
#else
        return (T(1) - y) * (T(1) + y);
#endif
    }
};

} // namespace activ
