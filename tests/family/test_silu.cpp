// activ tests — silu, swish and gelu_tanh (x sigma(z) for z = x, beta x, the tanh-GELU cubic):
// accuracy against MPFR (dense at the derivative roots, the negative tails where the result
// follows x e^z into the subnormals, saturation), special values, the parameter, swish{1} ==
// silu bit for bit, every path bit for bit (scalar, batch, array, Eigen).
#include <activ/functions/gelu_tanh.hpp>
#include <activ/functions/silu.hpp>
#include <activ/functions/swish.hpp>

#include <string>

#include "../support/family.hpp"
#include "ref_silu.hpp"

namespace {

using namespace activ_test;
using namespace activ_test::ref;

// Contract: 4 ULP. Measured (see the headers): values <= 1.1 ULP, derivatives <= 2.3 ULP,
// with and without FMA; the bounds leave a little room and still catch a lost compensation
// (a rounded z in the tail costs tens of ULP, the generic formula at a root thousands).
constexpr double value_bound = 2.0;
constexpr double derivative_bound = 3.0;

template <class T>
bool is_float() {
    return sizeof(T) == 4;
}

/// The x sigma(z) inputs for z = s x (s = 1 silu, beta for swish): the root of the derivative
/// (z = -1.2785) and around it, the tail where x e^z goes subnormal (and the stretch before,
/// where e^z is subnormal but the result is not), saturation, near 0.
template <class T>
std::vector<interval> swish_intervals(double s) {
    const double tail_lo = is_float<T>() ? -112 : -760, tail_hi = is_float<T>() ? -80 : -700;
    std::vector<interval> v = {{-1.5, -1.05},
                               {-1.2786, -1.2783},
                               {-1.4036, -1.1534},
                               {tail_lo, tail_hi},
                               {30, 45},
                               {-1e-3, 1e-3},
                               {-5, 0}};
    for (interval& t : v) {
        const double a = t.lo / s, b = t.hi / s;
        t = {std::min(a, b), std::max(a, b)};
    }
    return v;
}

template <class T>
void swish_accuracy(double beta, std::uint64_t seed) {
    const activ::swish f{beta};
    const std::vector<T> x =
        family_inputs<T>(family_sample_count(), seed, swish_intervals<T>(beta == 0 ? 1 : beta));
    const std::string name = "swish{" + std::to_string(beta) + "}";
    check_accuracy<T>(name, f, x, swish(beta), value_bound);
    check_accuracy<T>(name + ".derivative", activ::derivative(f), x, swish_derivative(beta),
                      derivative_bound);
}

template <class T>
auto is(T want) {
    return [want](T got) {
        INFO("got " << describe(got) << ", want " << describe(want));
        CHECK(same_bits(got, want));
    };
}

template <class T>
auto is_nan() {
    return [](T v) { CHECK(std::isnan(v)); };
}

} // namespace

TEMPLATE_TEST_CASE("silu: error against MPFR", "[family][silu]", float, double) {
    using T = TestType;
    const activ::silu f;
    const std::vector<T> x =
        family_inputs<T>(family_sample_count(), 0x5170'0001, swish_intervals<T>(1));
    check_accuracy<T>("silu", f, x, silu(), value_bound);
    check_accuracy<T>("silu.derivative", activ::derivative(f), x, silu_derivative(),
                      derivative_bound);
}

TEMPLATE_TEST_CASE("swish: error against MPFR", "[family][silu][swish]", float, double) {
    swish_accuracy<TestType>(2.0, 0x5170'0002);
    swish_accuracy<TestType>(0.5, 0x5170'0003);
    swish_accuracy<TestType>(1.7, 0x5170'0004);
    swish_accuracy<TestType>(-1.0, 0x5170'0005);
    swish_accuracy<TestType>(0.0, 0x5170'0006);
}

TEMPLATE_TEST_CASE("gelu_tanh: error against MPFR", "[family][silu][gelu_tanh]", float, double) {
    using T = TestType;
    const activ::gelu_tanh f;
    // The root of the derivative (x = -0.7525) and around it; the tail where x e^z goes
    // subnormal (float: x in [-10.9, -10.1]; double: [-21.6, -21.15]) and the stretch before it.
    const std::vector<interval> extra = {{-0.9, -0.6},
                                         {-0.7526, -0.7523},
                                         {-0.8775, -0.6274},
                                         {-3, 0},
                                         is_float<T>() ? interval{-11, -5} : interval{-23, -15},
                                         {5, 12},
                                         {-1e-3, 1e-3}};
    const std::vector<T> x = family_inputs<T>(family_sample_count(), 0x5170'0007, extra);
    check_accuracy<T>("gelu_tanh", f, x, gelu_tanh(), value_bound);
    check_accuracy<T>("gelu_tanh.derivative", activ::derivative(f), x, gelu_tanh_derivative(),
                      derivative_bound);
}

TEMPLATE_TEST_CASE("silu: special values", "[family][silu]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const activ::silu f;
    const auto d = activ::derivative(f);
    at_every_path(f, L::quiet_NaN(), is_nan<T>());
    at_every_path(f, L::infinity(), is(L::infinity()));
    at_every_path(f, -L::infinity(), is(-T(0)));
    at_every_path(f, L::max(), is(L::max()));
    at_every_path(f, L::lowest(), is(-T(0)));
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(-T(0)));
    at_every_path(f, T(50), is(T(50)));
    // x sigma(x) = x/2 near 0, -0 kept; a subnormal result keeps its sign.
    at_every_path(f, T(-1e-20), is(T(-5e-21)));
    at_every_path(f, -L::denorm_min() * 4, is(-L::denorm_min() * 2));
    at_every_path(f, is_float<T>() ? T(-100) : T(-740), [](T v) {
        CHECK(std::signbit(v));
        CHECK(v < T(0));
        CHECK(v > -L::min());
    });
    at_every_path(f, is_float<T>() ? T(-200) : T(-800), is(-T(0)));
    at_every_path(d, L::quiet_NaN(), is_nan<T>());
    at_every_path(d, L::infinity(), is(T(1)));
    at_every_path(d, -L::infinity(), is(-T(0)));
    at_every_path(d, L::max(), is(T(1)));
    at_every_path(d, L::lowest(), is(-T(0)));
    at_every_path(d, T(0), is(T(0.5)));
    at_every_path(d, -T(0), is(T(0.5)));
    // The derivative's sign on both sides of its root x0 = -1.27846454276107...
    at_every_path(d, T(-1.2784), [](T v) { CHECK(v > T(0)); });
    at_every_path(d, T(-1.2785), [](T v) { CHECK(v < T(0)); });
    STATIC_REQUIRE(!activ::has_derivative_from_output_v<activ::silu>);
}

TEMPLATE_TEST_CASE("swish: beta = 1 is silu bit for bit; beta = 0 is x/2", "[family][silu][swish]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const std::vector<T> x = family_inputs<T>(20000, 0x5170'0008, swish_intervals<T>(1));
    const activ::swish one{1.0};
    const activ::silu s;
    CHECK(activ::swish{}.beta() == 1.0);
    std::vector<T> a(x.size()), b(x.size());
    std::size_t differ = 0;
    activ::apply(one, x.data(), a.data(), x.size());
    activ::apply(s, x.data(), b.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) differ += !same_bits(a[i], b[i]);
    activ::apply(activ::derivative(one), x.data(), a.data(), x.size());
    activ::apply(activ::derivative(s), x.data(), b.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) differ += !same_bits(a[i], b[i]);
    // activ::apply runs silu itself for beta = 1 (swish's fast form, its derivative's too); the
    // scalar path takes swish's own branch on beta.
    for (std::size_t i = 0; i < x.size(); ++i) {
        differ += !same_bits(one(x[i]), s(x[i]));
        differ += !same_bits(one.derivative(x[i]), s.derivative(x[i]));
    }
    CHECK(differ == 0);
    STATIC_REQUIRE(activ::detail::has_fast_form<activ::swish>::value);
    STATIC_REQUIRE(activ::detail::has_fast_form<decltype(activ::derivative(one))>::value);
    CHECK(!activ::swish{2.0}.has_fast_form());
    CHECK(!activ::derivative(activ::swish{2.0}).has_fast_form());

    const activ::swish zero{0.0};
    at_every_path(zero, T(3), is(T(1.5)));
    at_every_path(zero, -T(0), is(-T(0)));
    at_every_path(zero, L::infinity(), is(L::infinity()));
    at_every_path(zero, -L::infinity(), is(-L::infinity()));
    at_every_path(zero, L::quiet_NaN(), is_nan<T>());
    at_every_path(activ::derivative(zero), L::infinity(), is(T(0.5)));
    at_every_path(activ::derivative(zero), L::quiet_NaN(), is_nan<T>());
}

TEMPLATE_TEST_CASE("swish: special values", "[family][silu][swish]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    for (double beta : {2.0, 0.5, 1e-6, 1e6}) {
        INFO("beta = " << beta);
        const activ::swish f{beta};
        const auto d = activ::derivative(f);
        at_every_path(f, L::quiet_NaN(), is_nan<T>());
        at_every_path(f, L::infinity(), is(L::infinity()));
        at_every_path(f, -L::infinity(), is(-T(0)));
        at_every_path(f, L::max(), is(L::max()));
        at_every_path(f, L::lowest(), is(-T(0)));
        at_every_path(f, -T(0), is(-T(0)));
        at_every_path(f, T(0), is(T(0)));
        at_every_path(d, L::quiet_NaN(), is_nan<T>());
        at_every_path(d, L::infinity(), is(T(1)));
        at_every_path(d, -L::infinity(), is(-T(0)));
        at_every_path(d, L::max(), is(T(1)));
        at_every_path(d, L::lowest(), is(-T(0)));
        at_every_path(d, -T(0), is(T(0.5)));
    }
    // Negative beta: the tails swap sides.
    const activ::swish n{-1.0};
    at_every_path(n, L::infinity(), is(T(0)));
    at_every_path(n, -L::infinity(), is(-L::infinity()));
    at_every_path(n, -T(0), is(-T(0)));
    at_every_path(activ::derivative(n), L::infinity(), is(-T(0)));
    at_every_path(activ::derivative(n), -L::infinity(), is(T(1)));
    STATIC_REQUIRE(!activ::has_derivative_from_output_v<activ::swish>);
}

TEST_CASE("swish: a beta that makes no sense is rejected at construction",
          "[family][silu][swish]") {
    CHECK_THROWS_AS(activ::swish{std::nan("")}, std::invalid_argument);
    CHECK_THROWS_AS(activ::swish{INFINITY}, std::invalid_argument);
    CHECK_THROWS_AS(activ::swish{-INFINITY}, std::invalid_argument);
    CHECK_THROWS_AS(activ::swish{1e-7}, std::invalid_argument);
    CHECK_THROWS_AS(activ::swish{-1e-7}, std::invalid_argument);
    CHECK_THROWS_AS(activ::swish{2e6}, std::invalid_argument);
    CHECK_THROWS_WITH(activ::swish{1e300},
                      Catch::Contains("activ::swish") && Catch::Contains("beta"));
    CHECK_NOTHROW(activ::swish{0.0});
    CHECK_NOTHROW(activ::swish{-1.0});
    CHECK_NOTHROW(activ::swish{1e-6});
    CHECK_NOTHROW(activ::swish{1e6});
}

TEMPLATE_TEST_CASE("gelu_tanh: special values", "[family][silu][gelu_tanh]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const activ::gelu_tanh f;
    const auto d = activ::derivative(f);
    at_every_path(f, L::quiet_NaN(), is_nan<T>());
    at_every_path(f, L::infinity(), is(L::infinity()));
    at_every_path(f, -L::infinity(), is(-T(0)));
    at_every_path(f, L::max(), is(L::max())); // x^3 would overflow: clamped inside z
    at_every_path(f, L::lowest(), is(-T(0)));
    at_every_path(f, T(1e13), is(T(1e13)));
    at_every_path(f, T(-1e13), is(-T(0)));
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(-T(0)));
    at_every_path(f, T(-1e-20), is(T(-5e-21)));
    at_every_path(f, is_float<T>() ? T(-10.3) : T(-21.4), [](T v) {
        CHECK(v < T(0));
        CHECK(v > -L::min());
    });
    at_every_path(d, L::quiet_NaN(), is_nan<T>());
    at_every_path(d, L::infinity(), is(T(1)));
    at_every_path(d, -L::infinity(), is(-T(0)));
    at_every_path(d, L::max(), is(T(1)));
    at_every_path(d, L::lowest(), is(-T(0)));
    at_every_path(d, T(0), is(T(0.5)));
    at_every_path(d, -T(0), is(T(0.5)));
    // The derivative's sign on both sides of its root x1 = -0.75246142207101...
    at_every_path(d, T(-0.7524), [](T v) { CHECK(v > T(0)); });
    at_every_path(d, T(-0.7525), [](T v) { CHECK(v < T(0)); });
    STATIC_REQUIRE(!activ::has_derivative_from_output_v<activ::gelu_tanh>);
}

TEMPLATE_TEST_CASE("silu, swish, gelu_tanh: scalar == batch == array == Eigen", "[family][silu]",
                   float, double) {
    using T = TestType;
    check_all_paths<T>("silu{}", activ::silu{});
    check_all_paths<T>("swish{}", activ::swish{});
    check_all_paths<T>("swish{2}", activ::swish{2.0});
    check_all_paths<T>("swish{-0.5}", activ::swish{-0.5});
    check_all_paths<T>("swish{0}", activ::swish{0.0});
    check_all_paths<T>("gelu_tanh{}", activ::gelu_tanh{});
    check_eigen<T>(activ::silu{});
    check_eigen<T>(activ::swish{1.7});
    check_eigen<T>(activ::gelu_tanh{});
}
