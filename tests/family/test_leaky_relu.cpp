// activ tests — leaky_relu: accuracy against MPFR, special values, the parameter, the kink,
// every path bit for bit (scalar, batch, array, Eigen).
#include <activ/functions/leaky_relu.hpp>

#include "../support/family.hpp"
#include "ref_leaky_relu.hpp"

namespace {

using namespace activ_test;
using namespace activ_test::ref;

template <class T>
void accuracy(double s, std::uint64_t seed) {
    const activ::leaky_relu f{s};
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, {{-1e-30, 1e-30}});
    std::vector<T> y(x.size());
    activ::apply(f, x.data(), y.data(), x.size());
    const std::string name = "leaky_relu{" + std::to_string(s) + "}";
    check_accuracy<T>(name, f, x, leaky_relu(s), sizeof(T) == 4 ? 1.0 : 0.5);
    check_accuracy<T>(name + ".derivative", activ::derivative(f), x, leaky_relu_derivative(s), 0.5);
    // y > 0 iff x > 0: the same reference on the output.
    check_accuracy<T>(name + ".derivative_from_output", activ::derivative_from_output(f), y,
                      leaky_relu_derivative_from_output(s), 0.5);
}

} // namespace

TEMPLATE_TEST_CASE("leaky_relu: error against MPFR", "[family][leaky_relu]", float, double) {
    accuracy<TestType>(0.01, 0x1ea4'0001);
    accuracy<TestType>(0.2, 0x1ea4'0002);
    accuracy<TestType>(0.0, 0x1ea4'0003);
    accuracy<TestType>(3.0, 0x1ea4'0004);
}

TEMPLATE_TEST_CASE("leaky_relu: special values, the kink and the default", "[family][leaky_relu]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const activ::leaky_relu f;
    CHECK(f.negative_slope() == 0.01);
    const T s = static_cast<T>(0.01);
    const auto is = [](T want) { return [want](T got) { CHECK(same_bits(got, want)); }; };
    at_every_path(f, T(2.5), is(T(2.5)));
    at_every_path(f, T(-2), is(T(-2) * s));
    at_every_path(f, L::infinity(), is(L::infinity()));
    at_every_path(f, -L::infinity(), is(-L::infinity()));
    at_every_path(f, L::quiet_NaN(), [](T v) { CHECK(std::isnan(v)); });
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(-T(0)));
    // The kink: the derivative at 0 is the slope (PyTorch); NaN stays NaN.
    const auto d = activ::derivative(f);
    at_every_path(d, T(0), is(s));
    at_every_path(d, -T(0), is(s));
    at_every_path(d, L::denorm_min(), is(T(1)));
    at_every_path(d, -L::denorm_min(), is(s));
    at_every_path(d, T(-7), is(s));
    at_every_path(d, T(1), is(T(1)));
    at_every_path(d, L::infinity(), is(T(1)));
    at_every_path(d, -L::infinity(), is(s));
    at_every_path(d, L::quiet_NaN(), [](T v) { CHECK(std::isnan(v)); });
    const auto g = activ::derivative_from_output(f);
    at_every_path(g, T(0), is(s));
    at_every_path(g, T(3), is(T(1)));
    at_every_path(g, L::quiet_NaN(), [](T v) { CHECK(std::isnan(v)); });
    // Slope 0: ReLU with -0 below zero, also at -inf (0 * -inf is not NaN here).
    const activ::leaky_relu z{0.0};
    at_every_path(z, -L::infinity(), is(-T(0)));
    at_every_path(z, T(-5), is(-T(0)));
    at_every_path(z, L::quiet_NaN(), [](T v) { CHECK(std::isnan(v)); });
}

TEST_CASE("leaky_relu: a slope that makes no sense is rejected at construction",
          "[family][leaky_relu]") {
    CHECK_THROWS_AS(activ::leaky_relu{-0.1}, std::invalid_argument);
    CHECK_THROWS_AS(activ::leaky_relu{std::nan("")}, std::invalid_argument);
    CHECK_THROWS_AS(activ::leaky_relu{INFINITY}, std::invalid_argument);
    CHECK_THROWS_WITH(activ::leaky_relu{-1.0}, Catch::Contains("negative_slope"));
    CHECK_NOTHROW(activ::leaky_relu{0.0});
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::leaky_relu>);
}

TEMPLATE_TEST_CASE("leaky_relu: scalar == batch == array == Eigen", "[family][leaky_relu]", float,
                   double) {
    check_all_paths<TestType>("leaky_relu{}", activ::leaky_relu{});
    check_all_paths<TestType>("leaky_relu{0}", activ::leaky_relu{0.0});
    check_eigen<TestType>(activ::leaky_relu{0.2});
}
