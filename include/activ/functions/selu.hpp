// activ::selu — the scaled exponential linear unit (PyTorch's SELU; Klambauer et al. 2017).
//
//   selu(x)  = lambda x for x > 0,  lambda alpha (e^x - 1) otherwise
//   selu'(x) = lambda for x > 0,    lambda alpha e^x otherwise       (lambda alpha at the kink
//                                                                     x = 0: PyTorch's
//                                                                     elu_backward, x <= 0)
//   from y = selu(x): lambda for y > 0,  y + lambda alpha otherwise  (PyTorch's is_result form)
//   alpha  = 1.6732632423543772848170429916717,  lambda = 1.0507009873554804934193349852946
//   (PyTorch's constants, taken as exact; no parameters).
//
// How: as activ::elu with the constant c = lambda alpha = 1.75809934084737685994... carried as
// c_hi + c_lo in both types (double-T precision): c (e^x - 1) from expm1's hi + lo parts with one
// final rounding (FMA), c e^x with the power of two applied last (one rounding in the
// subnormals), and y + c as (y + c_hi) + c_lo
// with Fast2Sum's error term (y + c_hi exact near y = -c by Sterbenz). For x > 0, lambda
// rounded to the type times x: <= 1 ULP (0.5 for lambda's rounding, 0.5 for the product).
//
// Error against MPFR (exact constants; tests/family/test_elu.cpp with
// ACTIV_ACCURACY_SAMPLES=10^6; tails [-110, -80] / [-750, -700] and saturation included):
//                      float                     double
//   AVX-512      selu  1.38 ULP (x = -2.72e-4)   1.37 ULP (x = -4.71e-13)
//   FMA only     selu  1.48 ULP (x = -0.324)     1.50 ULP (x = -0.306)
//   (both)       selu' 0.88 ULP (x = -5.88)      0.86 ULP (x = -12.8)
//                dfo   0.50 ULP                  0.50 ULP
//   without FMA  selu  1.75 ULP (x = -0.302)     1.68 ULP (x = -0.326)
//                selu' 1.23 ULP (x = -80.7)      1.30 ULP (x = -26.0)
//                dfo   0.50 ULP                  0.50 ULP
// (The value's peak: kernels::expm1's own error, plus the product's rounding; without AVX-512
// near x = -ln2/2, where that kernel switches its range reduction. Every float, bench/accuracy:
// 1.38 ULP with AVX-512, 1.68 before it took the table form.)
// Special values: NaN -> NaN (value and both derivatives); selu(+inf) = +inf,
// selu(-inf) = -lambda alpha (rounded); selu(-0) = -0, selu(+0) = +0; selu'(-inf) = 0,
// selu'(+inf) = lambda; selu'(+-0) = derivative_from_output(+-0) = lambda alpha.
#pragma once

#include "elu.hpp"

namespace activ {

namespace detail {
template <class S>
struct selu_constants;

template <>
struct selu_constants<float> {
    static constexpr float lambda = 1.05070102f;
    static constexpr float c_hi = 1.75809932f;     // lambda alpha rounded to float
    static constexpr float c_lo = 2.32967174e-08f; // lambda alpha - c_hi rounded to float
};

template <>
struct selu_constants<double> {
    static constexpr double lambda = 1.0507009873554805;
    static constexpr double c_hi = 1.7580993408473768;
    static constexpr double c_lo = 1.41535193800845e-17;
};
} // namespace detail

struct selu : activation<selu> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 40; // instructions per element (Eigen's cost model)

    /// PyTorch's constants, as doubles (the exact decimal values are in the header comment).
    static constexpr double alpha = 1.6732632423543772848170429916717;
    static constexpr double scale = 1.0507009873554804934193349852946;

private:
    friend struct activation<selu>;

    template <class T>
    ACTIV_INLINE static T eval(const T& x) noexcept {
        using K = detail::selu_constants<scalar_type_t<T>>;
        // expm1 returns +0 for -0: the sign of x puts back selu(-0) = -0.
        const T negative = kernels::copysign(
            detail::elu_scaled(T(K::c_hi), T(K::c_lo), kernels::expm1_nonpositive_parts(x)), x);
        return kernels::select(x > T(0), T(T(K::lambda) * x), negative);
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative(const T& x) noexcept {
        using K = detail::selu_constants<scalar_type_t<T>>;
        return kernels::select(x > T(0), T(K::lambda),
                               detail::elu_scaled_exp(T(K::c_hi), T(K::c_lo), x, T(0)));
    }

    template <class T>
    ACTIV_INLINE static T eval_derivative_from_output(const T& y) noexcept {
        using K = detail::selu_constants<scalar_type_t<T>>;
        const kernels::pair<T> s = detail::elu_plus(y, T(K::c_hi), T(K::c_lo));
        return kernels::select(y > T(0), T(K::lambda), T(s.hi + s.lo));
    }
};

} // namespace activ
