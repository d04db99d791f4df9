// The activation family in Eigen 3.4 array expressions, as users write them with a
// preallocated output. One definition for activ_bench's "eigen" entries and activ_accuracy's
// "Eigen" peer; the caller includes <Eigen/Core> and <unsupported/Eigen/SpecialFunctions>.
//
// The forms: the vectorized built-ins (exp, expm1, log1p, logistic, tanh, erf from
// unsupported/SpecialFunctions, abs, min, max), the numerically safe forms where they are the usual
// idiom (softplus and log_sigmoid through max/min and log1p(exp(-|x|)); elu, selu and celu as
// max(x, 0) + alpha expm1(min(x, 0)), which Eigen vectorizes), select() where a piece has no such
// form (Eigen 3.4 does not vectorize select). The derivatives from x: f's shared part into y first,
// then a second expression, where the textbook form reuses it.
//
// eigen_family<T>(add3, swish_beta) calls add3(name, f, d, dy) once per function, each a callable
// (const Map<const Array>& x, Map<Array>& y) assigning to y; dy is nullptr where activ has no
// derivative from the output. Parameters: bench::textbook::param, swish's beta the caller's.
#pragma once

#include <algorithm>
#include <cmath>

#include "textbook.hpp"

namespace bench::textbook {

template <class T, class Add3>
void eigen_family(Add3&& add3, double swish_beta) {
    using A = Eigen::Array<T, Eigen::Dynamic, 1>;
    using X = Eigen::Map<const A>;
    using Y = Eigen::Map<A>;
    const auto ones = [](const X& v) { return A::Ones(v.size()); };

    const T slope = T(param::leaky_slope);
    const auto leaky_d = [slope, ones](const X& v, Y& y) { y = (v > T(0)).select(ones(v), slope); };
    add3(
        "leaky_relu", [slope](const X& x, Y& y) { y = x.max(slope * x); }, leaky_d, leaky_d);

    const T ea = T(param::elu_alpha);
    add3(
        "elu", [ea](const X& x, Y& y) { y = x.max(T(0)) + ea * x.min(T(0)).expm1(); },
        [ea, ones](const X& x, Y& y) { y = (x > T(0)).select(ones(x), ea * x.exp()); },
        [ea, ones](const X& v, Y& y) { y = (v > T(0)).select(ones(v), v + ea); });

    const T sl = T(param::selu_lambda), sa = T(param::selu_alpha), sla = sl * sa;
    add3(
        "selu", [sl, sa](const X& x, Y& y) { y = sl * (x.max(T(0)) + sa * x.min(T(0)).expm1()); },
        [sl, sla, ones](const X& x, Y& y) { y = (x > T(0)).select(sl * ones(x), sla * x.exp()); },
        [sl, sla, ones](const X& v, Y& y) { y = (v > T(0)).select(sl * ones(v), v + sla); });

    const T ca = T(param::celu_alpha);
    add3(
        "celu", [ca](const X& x, Y& y) { y = x.max(T(0)) + ca * (x.min(T(0)) / ca).expm1(); },
        [ca, ones](const X& x, Y& y) { y = (x > T(0)).select(ones(x), (x / ca).exp()); },
        [ca, ones](const X& v, Y& y) { y = (v > T(0)).select(ones(v), v / ca + T(1)); });

    const T r2 = T(param::inv_sqrt2), r2pi = T(param::inv_sqrt_2pi);
    add3(
        "gelu", [r2](const X& x, Y& y) { y = T(0.5) * x * (T(1) + (x * r2).erf()); },
        [r2, r2pi](const X& x, Y& y) {
            y = T(0.5) * (T(1) + (x * r2).erf()) + r2pi * x * (T(-0.5) * x.square()).exp();
        },
        nullptr);

    const T k = T(param::gelu_tanh_k), c = T(param::gelu_tanh_c);
    add3(
        "gelu_tanh",
        [k, c](const X& x, Y& y) { y = T(0.5) * x * (T(1) + (k * (x + c * x.cube())).tanh()); },
        [k, c](const X& x, Y& y) {
            y = (k * (x + c * x.cube())).tanh();
            y = T(0.5) * (T(1) + y) +
                T(0.5) * k * x * (T(1) - y.square()) * (T(1) + T(3) * c * x.square());
        },
        nullptr);

    add3(
        "silu", [](const X& x, Y& y) { y = x * x.logistic(); },
        [](const X& x, Y& y) {
            y = x.logistic();
            y *= T(1) + x * (T(1) - y);
        },
        nullptr);

    const T beta = T(swish_beta);
    add3(
        "swish", [beta](const X& x, Y& y) { y = x * (beta * x).logistic(); },
        [beta](const X& x, Y& y) {
            y = (beta * x).logistic();
            y += beta * x * y * (T(1) - y);
        },
        nullptr);

    add3(
        "mish", [](const X& x, Y& y) { y = x * x.exp().log1p().tanh(); },
        [](const X& x, Y& y) {
            y = x.exp().log1p().tanh();
            y += x * x.logistic() * (T(1) - y.square());
        },
        nullptr);

    // beta = 1: max(x, 0) + log1p(e^-|x|) is log1p(e^x) without overflow (no threshold needed).
    const T sb = T(param::softplus_beta);
    add3(
        "softplus",
        [sb](const X& x, Y& y) { y = ((sb * x).max(T(0)) + (-(sb * x).abs()).exp().log1p()) / sb; },
        [sb](const X& x, Y& y) { y = (sb * x).logistic(); },
        [sb](const X& v, Y& y) { y = T(1) - (-sb * v).exp(); });

    add3(
        "log_sigmoid", [](const X& x, Y& y) { y = x.min(T(0)) - (-x.abs()).exp().log1p(); },
        [](const X& x, Y& y) { y = (-x).logistic(); },
        [](const X& v, Y& y) { y = T(1) - v.exp(); });

    add3(
        "softsign", [](const X& x, Y& y) { y = x / (T(1) + x.abs()); },
        [](const X& x, Y& y) { y = (T(1) + x.abs()).square().inverse(); },
        [](const X& v, Y& y) { y = (T(1) - v.abs()).square(); });

    const T lo = T(param::hardtanh_min), hi = T(param::hardtanh_max);
    const auto hardtanh_d = [lo, hi](const X& v, Y& y) {
        y = ((v > lo) && (v < hi)).template cast<T>();
    };
    add3(
        "hardtanh", [lo, hi](const X& x, Y& y) { y = x.max(lo).min(hi); }, hardtanh_d, hardtanh_d);

    const auto relu6_d = [](const X& v, Y& y) {
        y = ((v > T(0)) && (v < T(6))).template cast<T>();
    };
    add3(
        "relu6", [](const X& x, Y& y) { y = x.max(T(0)).min(T(6)); }, relu6_d, relu6_d);

    add3(
        "hardsigmoid", [](const X& x, Y& y) { y = (x / T(6) + T(0.5)).max(T(0)).min(T(1)); },
        [](const X& x, Y& y) { y = ((x > T(-3)) && (x < T(3))).template cast<T>() / T(6); },
        [](const X& v, Y& y) { y = ((v > T(0)) && (v < T(1))).template cast<T>() / T(6); });

    add3(
        "hardswish", [](const X& x, Y& y) { y = x * (x + T(3)).max(T(0)).min(T(6)) / T(6); },
        [](const X& x, Y& y) {
            y = (x < T(-3)).select(T(0), (x > T(3)).select(T(1), x / T(3) + T(0.5)));
        },
        nullptr);
}

} // namespace bench::textbook
