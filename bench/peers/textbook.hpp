// The activation family as users write it — the formula from a textbook or a forum answer,
// std:: math, ?: for the pieces, the derivatives in their textbook forms (s(1 - s), 1 - t^2,
// (2x + 3)/6). One definition for both tools that compare activ with it: activ_bench's "naive"
// entries and activ_accuracy's "libm" peer.
//
// family<T>(add3, swish_beta) calls add3(name, f, d, dy) once per function: f the function,
// d its derivative from x, dy the derivative from y = f(x) or nullptr where activ has none.
// Parameters: PyTorch's defaults, as activ's functors are constructed in both tools; swish's
// beta is the caller's (the benchmark uses 1, the accuracy tool 2, so that swish differs from
// silu there).
#pragma once

#include <algorithm>
#include <cmath>

namespace bench::textbook {

namespace param {
constexpr double leaky_slope = 0.01;
constexpr double elu_alpha = 1.0;
constexpr double selu_lambda = 1.0507009873554804934193349852946;
constexpr double selu_alpha = 1.6732632423543772848170429916717;
constexpr double celu_alpha = 1.0;
constexpr double softplus_beta = 1.0;
constexpr double softplus_threshold = 20.0;
constexpr double hardtanh_min = -1.0;
constexpr double hardtanh_max = 1.0;
constexpr double inv_sqrt2 = 0.70710678118654752440;    // gelu: Phi(x) = (1 + erf(x / sqrt 2)) / 2
constexpr double inv_sqrt_2pi = 0.39894228040143267794; // gelu': phi(x) = e^(-x^2 / 2) / sqrt(2 pi)
constexpr double gelu_tanh_k = 0.79788456080286535588;  // sqrt(2 / pi)
constexpr double gelu_tanh_c = 0.044715;
} // namespace param

template <class T, class Add3>
void family(Add3&& add3, double swish_beta) {
    const auto sigmoid = [](T x) { return T(1) / (T(1) + std::exp(-x)); };

    const T slope = T(param::leaky_slope);
    const auto leaky_d = [slope](T v) { return v > T(0) ? T(1) : slope; };
    add3(
        "leaky_relu", [slope](T x) { return x > T(0) ? x : slope * x; }, leaky_d, leaky_d);

    const T ea = T(param::elu_alpha);
    add3(
        "elu", [ea](T x) { return x > T(0) ? x : ea * std::expm1(x); },
        [ea](T x) { return x > T(0) ? T(1) : ea * std::exp(x); },
        [ea](T y) { return y > T(0) ? T(1) : y + ea; });

    const T sl = T(param::selu_lambda), sa = T(param::selu_alpha), sla = sl * sa;
    add3(
        "selu", [sl, sa](T x) { return sl * (x > T(0) ? x : sa * std::expm1(x)); },
        [sl, sla](T x) { return x > T(0) ? sl : sla * std::exp(x); },
        [sl, sla](T y) { return y > T(0) ? sl : y + sla; });

    const T ca = T(param::celu_alpha);
    add3(
        "celu", [ca](T x) { return std::max(T(0), x) + std::min(T(0), ca * std::expm1(x / ca)); },
        [ca](T x) { return x > T(0) ? T(1) : std::exp(x / ca); },
        [ca](T y) { return y > T(0) ? T(1) : y / ca + T(1); });

    const T r2 = T(param::inv_sqrt2), r2pi = T(param::inv_sqrt_2pi);
    add3(
        "gelu", [r2](T x) { return T(0.5) * x * (T(1) + std::erf(x * r2)); },
        [r2, r2pi](T x) {
            return T(0.5) * (T(1) + std::erf(x * r2)) + x * r2pi * std::exp(T(-0.5) * x * x);
        },
        nullptr);

    const T k = T(param::gelu_tanh_k), c = T(param::gelu_tanh_c);
    add3(
        "gelu_tanh",
        [k, c](T x) { return T(0.5) * x * (T(1) + std::tanh(k * (x + c * x * x * x))); },
        [k, c](T x) {
            const T t = std::tanh(k * (x + c * x * x * x));
            return T(0.5) * (T(1) + t) +
                   T(0.5) * x * (T(1) - t * t) * k * (T(1) + T(3) * c * x * x);
        },
        nullptr);

    add3(
        "silu", [](T x) { return x / (T(1) + std::exp(-x)); },
        [sigmoid](T x) {
            const T s = sigmoid(x);
            return s * (T(1) + x * (T(1) - s));
        },
        nullptr);

    const T beta = T(swish_beta);
    add3(
        "swish", [beta](T x) { return x / (T(1) + std::exp(-beta * x)); },
        [beta, sigmoid](T x) {
            const T s = sigmoid(beta * x);
            return s + beta * x * s * (T(1) - s);
        },
        nullptr);

    add3(
        "mish", [](T x) { return x * std::tanh(std::log1p(std::exp(x))); },
        [sigmoid](T x) {
            const T t = std::tanh(std::log1p(std::exp(x)));
            return t + x * sigmoid(x) * (T(1) - t * t);
        },
        nullptr);

    const T sb = T(param::softplus_beta), st = T(param::softplus_threshold);
    add3(
        "softplus", [sb, st](T x) { return sb * x > st ? x : std::log1p(std::exp(sb * x)) / sb; },
        [sb, st, sigmoid](T x) { return sb * x > st ? T(1) : sigmoid(sb * x); },
        [sb](T y) { return T(1) - std::exp(-sb * y); });

    add3(
        "log_sigmoid", [](T x) { return -std::log1p(std::exp(-x)); },
        [](T x) { return T(1) / (T(1) + std::exp(x)); }, [](T y) { return T(1) - std::exp(y); });

    add3(
        "softsign", [](T x) { return x / (T(1) + std::abs(x)); },
        [](T x) {
            const T d = T(1) + std::abs(x);
            return T(1) / (d * d);
        },
        [](T y) {
            const T d = T(1) - std::abs(y);
            return d * d;
        });

    const T lo = T(param::hardtanh_min), hi = T(param::hardtanh_max);
    const auto hardtanh_d = [lo, hi](T v) { return v > lo && v < hi ? T(1) : T(0); };
    add3(
        "hardtanh", [lo, hi](T x) { return std::min(std::max(x, lo), hi); }, hardtanh_d,
        hardtanh_d);

    const auto relu6_d = [](T v) { return v > T(0) && v < T(6) ? T(1) : T(0); };
    add3(
        "relu6", [](T x) { return std::min(std::max(x, T(0)), T(6)); }, relu6_d, relu6_d);

    add3(
        "hardsigmoid", [](T x) { return std::min(std::max(x / T(6) + T(0.5), T(0)), T(1)); },
        [](T x) { return x > T(-3) && x < T(3) ? T(1) / T(6) : T(0); },
        [](T y) { return y > T(0) && y < T(1) ? T(1) / T(6) : T(0); });

    add3(
        "hardswish", [](T x) { return x * std::min(std::max(x + T(3), T(0)), T(6)) / T(6); },
        [](T x) { return x < T(-3)  ? T(0)
                         : x > T(3) ? T(1)
                                    : x / T(3) + T(0.5); }, nullptr);
}

} // namespace bench::textbook
