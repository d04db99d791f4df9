// activ::tanh — the hyperbolic tangent.
//
//   tanh(x)  = sign(x) t(|x|), with
//     t(a) = a + a^3 g(a^2)            for a < 0.625: near-minimax odd polynomial (no
//                                      cancellation; t(a) = a exactly for tiny a, -0 stays -0)
//     t(a) = (1 - e) / (1 + e)         for a >= 0.625, e = e^{-2a} <= 0.287 (1 - e >= 0.71:
//                                      no cancellation either)
//   tanh'(x) = 1 - tanh(x)^2 = 4e / (1 + e)^2,  e = e^{-2|x|}
//   tanh'(x) from y = tanh(x): 1 - y^2, evaluated as (1 - y)(1 + y): 1 - y is exact for
//                                y >= 0.5, so no cancellation with or without an FMA unit
//
// Why not 1 - tanh^2 from x: once tanh rounds to 1 (|x| > 9 in float) it returns 0, and
// before that it keeps only the bits that did not cancel (2^24 ULP error). 4e/(1+e)^2 keeps
// full precision into the subnormals: 4e^{-2|x|} is formed with one rounding
// (exp_parts::value<2>), not as 4 * (an already rounded subnormal).
// Both branches are computed and selected: no data-dependent branch.
//
// g: scripts/fit_coefficients.py (float degree 5, double degree 11).
// Error, measured by bench/accuracy (float: all 2^32 inputs; double: 2^26 samples).
// Contract: <= 2 ULP for tanh(x), <= 4 ULP for tanh'(x).
//   with FMA     tanh       float 0.749 ULP (x = 0.54048562)   double 0.753 ULP (x = 0.54279452)
//                tanh'      float 0.987 ULP (x = 29.972216)    double 0.983 ULP (x = -25.450507)
//   without FMA  see README "Accuracy"
//   (1-y)(1+y)   1.5 ULP against 1 - y^2 evaluated exactly on y.
// Special values: NaN -> NaN; tanh(+-inf) = +-1; tanh(+-0) = +-0; |tanh(x)| <= 1 always;
// tanh'(+-inf) = 0.
#pragma once

#include "../kernels/exp.hpp"
#include "activation.hpp"

namespace activ {

namespace detail {
template <class S>
struct tanh_constants;

template <>
struct tanh_constants<float> {
    static constexpr float poly_limit = 0.625f;
    static constexpr std::array<float, 6> g = {-0.3333333317f, 0.1333330356f,    -0.05395925958f,
                                               0.02176891865f, -0.008343945516f, 0.002292744816f};
};

template <>
struct tanh_constants<double> {
    static constexpr double poly_limit = 0.625;
    static constexpr std::array<double, 12> g = {
        -0.33333333333333332938,    0.13333333333333041602,      -0.05396825396789699169,
        0.021869488519008305756,    -0.008863235103240877925,    0.0035921217511549622695,
        -0.0014557754120478055104,  0.0005896606577757043347,    -0.00023759064960555619551,
        0.000092571161295567682707, -0.000031201101425797400033, 6.48516348279311315e-6};
};
} // namespace detail

struct tanh : activation<tanh> {
    static constexpr bool has_derivative_from_output = true;
    static constexpr int cost = 55; // instructions per element (Eigen's cost model)

private:
    friend struct activation<tanh>;

    template <class T>
    static T eval(const T& x) noexcept {
        using K = detail::tanh_constants<scalar_type_t<T>>;
        const T a = kernels::abs(x);
        const T a2 = a * a;
        const T small = kernels::madd(a * a2, kernels::horner(a2, K::g), a);
        const auto e = kernels::exp_nonpositive_parts(T(-(a + a)));
        const T e_hi = e.value(), e_lo = e.value_lo();
        const T large =
            kernels::divide(kernels::one_minus(e_hi, e_lo), kernels::one_plus(e_hi, e_lo));
        return kernels::copysign(kernels::select(a < T(K::poly_limit), small, large), x);
    }

    template <class T>
    static T eval_derivative(const T& x) noexcept {
        const T a = kernels::abs(x);
        const auto e = kernels::exp_nonpositive_parts(T(-(a + a)));
        const kernels::pair<T> four_e{e.template value<2>(), e.template value_lo<2>()};
        return kernels::divide(four_e, kernels::square(kernels::one_plus(e.value(), e.value_lo())));
    }

    template <class T>
    static T eval_derivative_from_output(const T& y) noexcept {
        return (T(1) - y) * (T(1) + y);
    }
};

} // namespace activ
