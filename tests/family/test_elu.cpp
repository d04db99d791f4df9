// activ tests — elu, selu, celu: accuracy against MPFR (value, derivative, derivative from the
// output; float and double; default and other alphas), special values, the kink conventions,
// the parameters, every path bit for bit (scalar, batch, array, Eigen).
#include <activ/functions/celu.hpp>
#include <activ/functions/elu.hpp>
#include <activ/functions/selu.hpp>

#include "../support/family.hpp"
#include "ref_elu.hpp"

namespace {

using namespace activ_test;

/// The x ranges that matter, for an exponential argument x / scale (scale = alpha for CELU,
/// 1 otherwise): where e^x goes subnormal (the derivative's tail), where e^x - 1 rounds to -1
/// (the value saturates at -alpha: from x ~ -17 in float, ~ -37 in double), tiny |x| where
/// e^x - 1 = x, and the curved part around 0.
template <class T>
std::vector<interval> elu_tails(double scale) {
    std::vector<interval> t;
    if (sizeof(T) == 4)
        t = {{-110, -80}, {-20, -12}, {-1e-6, 1e-6}, {-1e-30, 1e-30}, {-3, 0.5}, {-0.4, -0.3}};
    else
        t = {{-750, -700}, {-45, -30}, {-1e-12, 1e-12}, {-1e-200, 1e-200}, {-3, 0.5}, {-0.4, -0.3}};
    for (interval& i : t) {
        i.lo *= scale;
        i.hi *= scale;
    }
    return t;
}

/// Outputs for derivative_from_output: the outputs of the inputs, plus y right at -c (c = alpha,
/// or lambda alpha), where y + c cancels: within 2^-10 relative and within 2^-20 relative
/// (both sides: y < -c is no output of the function, but the formula is measured anyway).
template <class T, class F>
std::vector<T> dfo_inputs(const F& f, const std::vector<T>& x, double c, std::uint64_t seed) {
    std::vector<T> y(x.size());
    activ::apply(f, x.data(), y.data(), x.size());
    std::mt19937_64 rng(seed);
    for (std::size_t i = 0; i < x.size() / 4; ++i) {
        const double w = i % 2 ? 0x1p-10 : 0x1p-20;
        y.push_back(uniform<T>(rng, -c * (1 + w), -c * (1 - w)));
    }
    return y;
}

struct bounds {
    double value, derivative, from_output;
};

template <class T, class F>
void accuracy(const std::string& name, const F& f, double scale, double c, const mp_ref& value,
              const mp_ref& derivative, const mp_ref& from_output, const bounds& b,
              std::uint64_t seed) {
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, elu_tails<T>(scale));
    check_accuracy<T>(name, f, x, value, b.value);
    check_accuracy<T>(name + ".derivative", activ::derivative(f), x, derivative, b.derivative);
    const std::vector<T> y = dfo_inputs(f, x, c, seed + 1);
    check_accuracy<T>(name + ".derivative_from_output", activ::derivative_from_output(f), y,
                      from_output, b.from_output);
}

template <class T>
void elu_accuracy(double alpha, std::uint64_t seed) {
    accuracy<T>("elu{" + std::to_string(alpha) + "}", activ::elu{alpha}, 1.0, alpha,
                ref::elu(alpha), ref::elu_derivative(alpha), ref::elu_derivative_from_output(alpha),
                {2.0, 1.5, 0.75}, seed);
}

template <class T>
void celu_accuracy(double alpha, std::uint64_t seed) {
    accuracy<T>("celu{" + std::to_string(alpha) + "}", activ::celu{alpha}, alpha, alpha,
                ref::celu(alpha), ref::celu_derivative(alpha),
                ref::celu_derivative_from_output(alpha), {2.0, 1.5, 1.5}, seed);
}

} // namespace

TEMPLATE_TEST_CASE("elu: error against MPFR", "[family][elu]", float, double) {
    elu_accuracy<TestType>(1.0, 0xe1c0'0001);
    elu_accuracy<TestType>(0.5, 0xe1c0'0002);
    elu_accuracy<TestType>(2.5, 0xe1c0'0003);
    elu_accuracy<TestType>(0.1, 0xe1c0'0004);
}

TEMPLATE_TEST_CASE("selu: error against MPFR", "[family][selu]", float, double) {
    accuracy<TestType>("selu", activ::selu{}, 1.0, 1.7580993408473768599402175208123, ref::selu(),
                       ref::selu_derivative(), ref::selu_derivative_from_output(), {2.0, 1.5, 0.75},
                       0x5e1c'0001);
}

TEMPLATE_TEST_CASE("celu: error against MPFR", "[family][celu]", float, double) {
    celu_accuracy<TestType>(1.0, 0xce1c'0001);
    celu_accuracy<TestType>(0.5, 0xce1c'0002);
    celu_accuracy<TestType>(2.5, 0xce1c'0003);
    celu_accuracy<TestType>(1e-3, 0xce1c'0004);
    celu_accuracy<TestType>(0.3, 0xce1c'0005);
}

TEMPLATE_TEST_CASE("elu: special values, saturation, the kink and the default", "[family][elu]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const auto is = [](T want) { return [want](T got) { CHECK(same_bits(got, want)); }; };
    const auto nan = [](T v) { CHECK(std::isnan(v)); };
    const activ::elu f;
    CHECK(f.alpha() == 1.0);
    at_every_path(f, T(2.5), is(T(2.5)));
    at_every_path(f, L::infinity(), is(L::infinity()));
    at_every_path(f, -L::infinity(), is(T(-1)));
    at_every_path(f, L::quiet_NaN(), nan);
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(-T(0)));
    at_every_path(f, -L::denorm_min(), is(-L::denorm_min()));
    at_every_path(f, T(-1e-30), is(T(-1e-30))); // e^x - 1 = x
    // Saturation: e^x - 1 rounds to -1 from x ~ -17.3 (float) / -37.4 (double).
    at_every_path(f, T(sizeof(T) == 4 ? -18 : -38), is(T(-1)));
    at_every_path(f, T(sizeof(T) == 4 ? -16 : -36), [](T v) { CHECK(v > T(-1)); });
    // The kink: alpha at 0 (PyTorch's elu_backward takes x <= 0), from either side.
    const activ::elu h{2.5};
    const auto d = activ::derivative(h);
    at_every_path(h, -L::infinity(), is(T(-2.5)));
    at_every_path(d, T(0), is(T(2.5)));
    at_every_path(d, -T(0), is(T(2.5)));
    at_every_path(d, L::denorm_min(), is(T(1)));
    at_every_path(d, L::infinity(), is(T(1)));
    at_every_path(d, -L::infinity(), is(T(0)));
    at_every_path(d, L::quiet_NaN(), nan);
    // alpha e^x with e^x subnormal but the product normal: one rounding, full precision.
    {
        const T x = sizeof(T) == 4 ? T(-100) : T(-720); // e^x subnormal, 1e30 e^x normal
        const long double want = 1e30L * std::exp(static_cast<long double>(x));
        at_every_path(activ::derivative(activ::elu{1e30}), x, [want](T v) {
            CHECK(std::fabs(static_cast<long double>(v) / want - 1) <=
                  2 * std::numeric_limits<T>::epsilon());
        });
    }
    const auto g = activ::derivative_from_output(h);
    at_every_path(g, T(0), is(T(2.5)));
    at_every_path(g, -T(0), is(T(2.5)));
    at_every_path(g, T(-2.5), is(T(0)));
    at_every_path(g, T(3), is(T(1)));
    at_every_path(g, L::quiet_NaN(), nan);
    // alpha = 0: -0 below zero (PyTorch: expm1(x) * 0), also at -inf.
    const activ::elu z{0.0};
    at_every_path(z, T(-5), is(-T(0)));
    at_every_path(z, -L::infinity(), is(-T(0)));
    at_every_path(activ::derivative(z), T(-5), is(T(0)));
    at_every_path(z, L::quiet_NaN(), nan);
}

TEMPLATE_TEST_CASE("selu: special values, saturation and the kink", "[family][selu]", float,
                   double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const auto is = [](T want) { return [want](T got) { CHECK(same_bits(got, want)); }; };
    const auto nan = [](T v) { CHECK(std::isnan(v)); };
    const activ::selu f;
    const T lambda = static_cast<T>(1.0507009873554804934193349852946);
    const T c = static_cast<T>(1.7580993408473768599402175208123); // lambda alpha
    at_every_path(f, T(2), is(T(2) * lambda));
    at_every_path(f, L::infinity(), is(L::infinity()));
    at_every_path(f, -L::infinity(), is(-c));
    at_every_path(f, T(sizeof(T) == 4 ? -19 : -39), is(-c));
    at_every_path(f, L::quiet_NaN(), nan);
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(-T(0)));
    const auto d = activ::derivative(f);
    at_every_path(d, T(0), is(c));
    at_every_path(d, -T(0), is(c));
    at_every_path(d, T(1), is(lambda));
    at_every_path(d, L::infinity(), is(lambda));
    at_every_path(d, -L::infinity(), is(T(0)));
    at_every_path(d, L::quiet_NaN(), nan);
    const auto g = activ::derivative_from_output(f);
    at_every_path(g, T(0), is(c));
    at_every_path(g, T(1), is(lambda));
    at_every_path(g, L::quiet_NaN(), nan);
    CHECK(activ::selu::alpha == 1.6732632423543772848170429916717);
    CHECK(activ::selu::scale == 1.0507009873554804934193349852946);
}

TEMPLATE_TEST_CASE("celu: special values, saturation, the kink and the default", "[family][celu]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const auto is = [](T want) { return [want](T got) { CHECK(same_bits(got, want)); }; };
    const auto nan = [](T v) { CHECK(std::isnan(v)); };
    const activ::celu f;
    CHECK(f.alpha() == 1.0);
    // alpha = 1: the same function as elu{1}, bit for bit.
    for (T x : {T(-0.3), T(-3), T(-30), T(-100), T(-1e-5), T(0.7)}) {
        CHECK(same_bits(f(x), activ::elu{}(x)));
        CHECK(same_bits(f.derivative(x), activ::elu{}.derivative(x)));
    }
    const activ::celu h{0.5};
    at_every_path(h, T(2.5), is(T(2.5)));
    at_every_path(h, L::infinity(), is(L::infinity()));
    at_every_path(h, -L::infinity(), is(T(-0.5)));
    at_every_path(h, T(sizeof(T) == 4 ? -10 : -20), is(T(-0.5))); // saturated
    at_every_path(h, L::quiet_NaN(), nan);
    at_every_path(h, T(0), is(T(0)));
    at_every_path(h, -T(0), is(-T(0)));
    at_every_path(h, -L::denorm_min(), is(-L::denorm_min()));
    at_every_path(h, -L::min(), is(-L::min())); // x / alpha tiny: x itself
    // Tiny alpha: x / alpha overflows for large |x|; the limits hold, no NaN.
    const activ::celu t{1e-3};
    at_every_path(t, -L::max(), is(static_cast<T>(-1e-3)));
    at_every_path(t, L::max(), is(L::max()));
    at_every_path(activ::derivative(t), -L::max(), is(T(0)));
    at_every_path(activ::derivative(t), T(-1e-3), [](T v) {
        CHECK(std::fabs(v - T(0.36787944117144233)) <= T(2) * std::numeric_limits<T>::epsilon());
    });
    // The kink: 1 at 0 from either side (PyTorch: e^{0/alpha}).
    const auto d = activ::derivative(h);
    at_every_path(d, T(0), is(T(1)));
    at_every_path(d, -T(0), is(T(1)));
    at_every_path(d, L::infinity(), is(T(1)));
    at_every_path(d, -L::infinity(), is(T(0)));
    at_every_path(d, L::quiet_NaN(), nan);
    const auto g = activ::derivative_from_output(h);
    at_every_path(g, T(0), is(T(1)));
    at_every_path(g, -T(0), is(T(1)));
    at_every_path(g, T(-0.5), is(T(0)));
    at_every_path(g, T(-0.25), is(T(0.5)));
    at_every_path(g, T(4), is(T(1)));
    at_every_path(g, L::quiet_NaN(), nan);
}

TEST_CASE("elu, celu: an alpha that makes no sense is rejected at construction",
          "[family][elu][celu]") {
    CHECK_THROWS_AS(activ::elu{-0.1}, std::invalid_argument);
    CHECK_THROWS_AS(activ::elu{std::nan("")}, std::invalid_argument);
    CHECK_THROWS_AS(activ::elu{INFINITY}, std::invalid_argument);
    CHECK_THROWS_AS(activ::elu{1e300}, std::invalid_argument);
    CHECK_THROWS_WITH(activ::elu{-1.0}, Catch::Contains("activ::elu") && Catch::Contains("alpha"));
    CHECK_NOTHROW(activ::elu{0.0});
    CHECK_THROWS_AS(activ::celu{0.0}, std::invalid_argument);
    CHECK_THROWS_AS(activ::celu{-0.5}, std::invalid_argument);
    CHECK_THROWS_AS(activ::celu{std::nan("")}, std::invalid_argument);
    CHECK_THROWS_AS(activ::celu{-INFINITY}, std::invalid_argument);
    CHECK_THROWS_WITH(activ::celu{0.0}, Catch::Contains("activ::celu") && Catch::Contains("alpha"));
    CHECK_NOTHROW(activ::celu{1e-30});
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::elu>);
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::selu>);
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::celu>);
}

TEMPLATE_TEST_CASE("elu, selu, celu: scalar == batch == array == Eigen", "[family][elu]", float,
                   double) {
    check_all_paths<TestType>("elu{}", activ::elu{});
    check_all_paths<TestType>("elu{0}", activ::elu{0.0});
    check_all_paths<TestType>("elu{2.5}", activ::elu{2.5});
    check_all_paths<TestType>("selu{}", activ::selu{});
    check_all_paths<TestType>("celu{}", activ::celu{});
    check_all_paths<TestType>("celu{0.3}", activ::celu{0.3});
    check_all_paths<TestType>("celu{1e-3}", activ::celu{1e-3});
    check_eigen<TestType>(activ::elu{0.5});
    check_eigen<TestType>(activ::selu{});
    check_eigen<TestType>(activ::celu{2.5});
}
