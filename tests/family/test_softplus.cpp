// activ tests — softplus, log_sigmoid, mish: accuracy against MPFR (tails, subnormal range, the
// threshold switch, the root of mish'), special values, parameters, every path bit for bit.
#include <activ/functions/log_sigmoid.hpp>
#include <activ/functions/mish.hpp>
#include <activ/functions/softplus.hpp>

#include "../support/family.hpp"
#include "ref_softplus.hpp"

namespace {

using namespace activ_test;

constexpr bool is_float(std::size_t size) { return size == 4; }

template <class T>
void softplus_accuracy(double beta, double threshold, std::uint64_t seed) {
    const activ::softplus f{beta, threshold};
    const double b = 1 / beta, t = threshold / beta;
    // z = beta x: the subnormal tail, the tail form's switch, both sides of 0 and the threshold.
    const std::vector<interval> extra =
        is_float(sizeof(T))
            ? std::vector<interval>{{-110 * b, -85 * b},   {-90 * b, -75 * b}, {-30 * b, -10 * b},
                                    {-2 * b, 2 * b},       {10 * b, 25 * b},   {t - 1e-4, t + 1e-4},
                                    {t * 0.999, t * 1.001}}
            : std::vector<interval>{{-750 * b, -700 * b},  {-710 * b, -690 * b},
                                    {-40 * b, -10 * b},    {-2 * b, 2 * b},
                                    {10 * b, 40 * b},      {t - 1e-9, t + 1e-9},
                                    {t * 0.999, t * 1.001}};
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, extra);
    std::vector<T> y(x.size());
    activ::apply(f, x.data(), y.data(), x.size());
    const std::string name =
        "softplus{" + std::to_string(beta) + ", " + std::to_string(threshold) + "}";
    check_accuracy<T>(name, f, x, ref::softplus(beta, threshold), 2.0);
    check_accuracy<T>(name + ".derivative", activ::derivative(f), x,
                      ref::softplus_derivative(beta, threshold), 2.0);
    check_accuracy<T>(name + ".derivative_from_output", activ::derivative_from_output(f), y,
                      ref::softplus_derivative_from_output(beta, threshold), 2.0);
}

template <class T>
void log_sigmoid_accuracy(std::uint64_t seed) {
    const activ::log_sigmoid f;
    const std::vector<interval> extra =
        is_float(sizeof(T))
            ? std::vector<interval>{{85, 110}, {15, 90}, {-110, -10}, {-2, 2}, {-1e-6, 1e-6}}
            : std::vector<interval>{{700, 750}, {30, 710}, {-750, -30}, {-2, 2}, {-1e-12, 1e-12}};
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, extra);
    std::vector<T> y(x.size());
    activ::apply(f, x.data(), y.data(), x.size());
    check_accuracy<T>("log_sigmoid", f, x, ref::log_sigmoid(), 2.0);
    check_accuracy<T>("log_sigmoid.derivative", activ::derivative(f), x,
                      ref::log_sigmoid_derivative(), 2.0);
    check_accuracy<T>("log_sigmoid.derivative_from_output", activ::derivative_from_output(f), y,
                      ref::log_sigmoid_derivative_from_output(), 2.0);
}

template <class T>
void mish_accuracy(std::uint64_t seed) {
    const activ::mish f;
    const std::vector<interval> extra =
        is_float(sizeof(T))
            ? std::vector<interval>{{-1.5, -0.9}, {-1.5, -0.9}, {-1.25, -1.13}, {-110, -80},
                                    {-3, 1},      {15, 30},     {-1e-6, 1e-6}}
            : std::vector<interval>{{-1.5, -0.9}, {-1.5, -0.9}, {-1.25, -1.13}, {-750, -700},
                                    {-3, 1},      {15, 40},     {-1e-12, 1e-12}};
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, extra);
    check_accuracy<T>("mish", f, x, ref::mish(), 2.0);
    check_accuracy<T>("mish.derivative", activ::derivative(f), x, ref::mish_derivative(), 3.0);
}

} // namespace

TEMPLATE_TEST_CASE("softplus: error against MPFR", "[family][softplus]", float, double) {
    softplus_accuracy<TestType>(1.0, 20.0, 0x5f10'0001);
    softplus_accuracy<TestType>(2.0, 20.0, 0x5f10'0002);
    softplus_accuracy<TestType>(0.5, 5.0, 0x5f10'0003);
    softplus_accuracy<TestType>(3.7, 20.0, 0x5f10'0004);
    softplus_accuracy<TestType>(0.1, 20.0, 0x5f10'0005);
}

TEMPLATE_TEST_CASE("log_sigmoid: error against MPFR", "[family][log_sigmoid]", float, double) {
    log_sigmoid_accuracy<TestType>(0x1051'0001);
}

TEMPLATE_TEST_CASE("mish: error against MPFR (tails, the root of mish')", "[family][mish]", float,
                   double) {
    mish_accuracy<TestType>(0x3154'0001);
}

TEMPLATE_TEST_CASE("mish': dense samples around its root", "[family][mish]", float, double) {
    using T = TestType;
    // A grid over [-1.5, -0.9] (the polynomial's interval and both sides of it) and every
    // representable input within 2^15 ULP of x0.
    std::vector<T> x;
    for (int i = 0; i <= 100000; ++i) x.push_back(T(-1.5 + 0.6 * i / 100000.0));
    T v = T(-1.1924312145154952);
    for (int i = 0; i < 32768; ++i) v = std::nextafter(v, T(-2));
    for (int i = 0; i < 65536; ++i, v = std::nextafter(v, T(0))) x.push_back(v);
    check_accuracy<T>("mish.derivative near the root", activ::derivative(activ::mish{}), x,
                      ref::mish_derivative(), 3.0);
}

TEMPLATE_TEST_CASE("mish': where the result lies just below a power of two", "[family][mish]",
                   float, double) {
    using T = TestType;
    // An error relative to the result counts most in ULPs just below a power of two: every
    // representable input within 2^13 ULP of where mish' crosses -2^-4, 2^-4, ..., 2^-1 and 1,
    // the region of the lean form's largest errors (x86-64-v3: up to 2.30 ULP here in double;
    // over every float 2.54 at x = -1.00029, mish' = 0.0599, outside these windows).
    std::vector<T> x;
    for (const double c : {-1.4897735204143888, -0.99066705506974617, -0.83042920377921597,
                           -0.57172621591981951, -0.15550613546980443, 0.79576859355534499}) {
        T v = T(c);
        for (int i = 0; i < 8192; ++i) v = std::nextafter(v, T(-2));
        for (int i = 0; i < 16384; ++i, v = std::nextafter(v, T(2))) x.push_back(v);
    }
    check_accuracy<T>("mish.derivative below powers of two", activ::derivative(activ::mish{}), x,
                      ref::mish_derivative(), 3.0);
}

TEST_CASE("softplus: the fast form (beta = 1) and its derivative", "[family][softplus]") {
    // activ::apply runs softplus{1} through unit_beta_form (with FMA: the lean form it runs),
    // and its derivative through unit_beta_form's derivative (sigmoid's kernel, as the
    // functor's own derivative at beta = 1; the path tests compare the two bit for bit).
    STATIC_REQUIRE(activ::detail::has_fast_form<activ::softplus>::value == bool(ACTIV_HAS_FMA));
    STATIC_REQUIRE(
        activ::detail::has_fast_form<decltype(activ::derivative(activ::softplus{}))>::value ==
        bool(ACTIV_HAS_FMA));
#if ACTIV_HAS_FMA
    CHECK(activ::derivative(activ::softplus{}).has_fast_form());
    CHECK(!activ::derivative(activ::softplus{2.0}).has_fast_form());
#endif
}

TEMPLATE_TEST_CASE("softplus: special values, the threshold switch, never negative",
                   "[family][softplus]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const auto is = [](T want) { return [want](T got) { CHECK(same_bits(got, want)); }; };
    const auto nan = [](T v) { CHECK(std::isnan(v)); };
    const activ::softplus f;
    CHECK(f.beta() == 1.0);
    CHECK(f.threshold() == 20.0);
    at_every_path(f, -L::infinity(), is(T(0)));
    at_every_path(f, L::infinity(), is(L::infinity()));
    at_every_path(f, L::quiet_NaN(), nan);
    at_every_path(f, L::max(), is(L::max()));
    at_every_path(f, -L::max(), is(T(0)));
    at_every_path(f, T(0), is(static_cast<T>(0.69314718055994530942)));
    at_every_path(f, -L::denorm_min(), is(static_cast<T>(0.69314718055994530942)));
    // oneDNN's softplus goes negative at x = -20; here it is e^-20 (1 - ...) > 0.
    for (T v : {T(-20), T(-20.5), T(-87), T(-100), T(-104), T(-745)})
        at_every_path(f, v, [](T got) { CHECK((got >= T(0) && !std::signbit(got))); });
    // The threshold: above beta x = 20 the linear piece exactly, below it the log form.
    const T above = std::nextafter(T(20), T(30)), below = std::nextafter(T(20), T(0));
    at_every_path(f, above, is(above));
    at_every_path(f, T(20), [](T got) { CHECK(got >= T(20)); });
    for (double beta : {2.0, 0.5}) {
        const activ::softplus g{beta, 5.0};
        const T x_switch = static_cast<T>(5.0 / beta);
        const T up = std::nextafter(x_switch, T(100));
        at_every_path(g, up, is(up));
        at_every_path(activ::derivative(g), up, is(T(1)));
        const T down = std::nextafter(x_switch, T(0));
        // below: x + log1p(e^{-beta x})/beta > x
        at_every_path(g, down, [down](T got) { CHECK(got > down); });
        at_every_path(activ::derivative(g), down, [](T got) { CHECK(got < T(1)); });
        at_every_path(g, -L::infinity(), is(T(0)));
        at_every_path(g, L::infinity(), is(L::infinity()));
        at_every_path(g, L::quiet_NaN(), nan);
        at_every_path(g, -L::max(), is(T(0)));
    }
    (void)below;
    const auto d = activ::derivative(f);
    at_every_path(d, T(0), is(T(0.5)));
    at_every_path(d, -L::infinity(), is(T(0)));
    at_every_path(d, L::infinity(), is(T(1)));
    at_every_path(d, L::quiet_NaN(), nan);
    const auto o = activ::derivative_from_output(f);
    at_every_path(o, T(0), is(T(0)));
    at_every_path(o, L::infinity(), is(T(1)));
    at_every_path(o, L::quiet_NaN(), nan);
    at_every_path(o, T(21), is(T(1)));
}

TEMPLATE_TEST_CASE("log_sigmoid and mish: special values", "[family][log_sigmoid][mish]", float,
                   double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const auto is = [](T want) { return [want](T got) { CHECK(same_bits(got, want)); }; };
    const auto nan = [](T v) { CHECK(std::isnan(v)); };
    const activ::log_sigmoid f;
    at_every_path(f, -L::infinity(), is(-L::infinity()));
    at_every_path(f, L::infinity(), is(-T(0)));
    at_every_path(f, L::max(), is(-T(0)));
    at_every_path(f, -L::max(), is(-L::max()));
    at_every_path(f, L::quiet_NaN(), nan);
    at_every_path(f, T(0), is(static_cast<T>(-0.69314718055994530942)));
    at_every_path(f, -T(0), is(static_cast<T>(-0.69314718055994530942)));
    for (T v : {T(20), T(90), T(104), T(745)})
        at_every_path(f, v, [](T got) { CHECK((got <= T(0) && std::signbit(got))); });
    const auto d = activ::derivative(f);
    at_every_path(d, -L::infinity(), is(T(1)));
    at_every_path(d, L::infinity(), is(T(0)));
    at_every_path(d, T(0), is(T(0.5)));
    at_every_path(d, L::quiet_NaN(), nan);
    const auto o = activ::derivative_from_output(f);
    at_every_path(o, -L::infinity(), is(T(1)));
    at_every_path(o, T(0), [](T got) { CHECK(got == T(0)); });
    at_every_path(o, L::quiet_NaN(), nan);

    const activ::mish m;
    at_every_path(m, -L::infinity(), is(-T(0)));
    at_every_path(m, L::infinity(), is(L::infinity()));
    at_every_path(m, -L::max(), is(-T(0)));
    at_every_path(m, L::max(), is(L::max()));
    at_every_path(m, T(0), is(T(0)));
    at_every_path(m, -T(0), is(-T(0)));
    at_every_path(m, -L::denorm_min(), [](T got) { CHECK((got <= T(0) && std::signbit(got))); });
    at_every_path(m, L::quiet_NaN(), nan);
    for (T v : {T(-20), T(-87), T(-100), T(-700)})
        at_every_path(m, v, [](T got) { CHECK((got <= T(0) && std::signbit(got))); });
    const auto md = activ::derivative(m);
    at_every_path(md, -L::infinity(), is(-T(0)));
    at_every_path(md, L::infinity(), is(T(1)));
    at_every_path(md, T(0), is(static_cast<T>(0.6)));
    at_every_path(md, -T(0), is(static_cast<T>(0.6)));
    at_every_path(md, L::quiet_NaN(), nan);
    // mish' changes sign at x0 = -1.19243...: negative below, positive above.
    at_every_path(md, T(-1.2), [](T got) { CHECK(got < T(0)); });
    at_every_path(md, T(-1.19), [](T got) { CHECK(got > T(0)); });
    at_every_path(md, T(-5), [](T got) { CHECK(got < T(0)); });
}

TEST_CASE("softplus: parameters that make no sense are rejected at construction",
          "[family][softplus]") {
    CHECK_THROWS_AS(activ::softplus{-1.0}, std::invalid_argument);
    CHECK_THROWS_WITH(activ::softplus{-1.0},
                      Catch::Contains("beta") && Catch::Contains("negative"));
    CHECK_THROWS_AS(activ::softplus{0.0}, std::invalid_argument);
    CHECK_THROWS_AS(activ::softplus{std::nan("")}, std::invalid_argument);
    CHECK_THROWS_AS(activ::softplus{INFINITY}, std::invalid_argument);
    CHECK_THROWS_AS(activ::softplus{1e-300}, std::invalid_argument);
    CHECK_THROWS_WITH(activ::softplus{INFINITY}, Catch::Contains("activ::softplus: beta"));
    CHECK_THROWS_AS((activ::softplus{1.0, std::nan("")}), std::invalid_argument);
    CHECK_THROWS_AS((activ::softplus{1.0, INFINITY}), std::invalid_argument);
    CHECK_THROWS_AS((activ::softplus{1.0, -INFINITY}), std::invalid_argument);
    CHECK_THROWS_WITH((activ::softplus{1.0, INFINITY}),
                      Catch::Contains("activ::softplus: threshold"));
    CHECK_NOTHROW(activ::softplus{0.5, -3.0});
    CHECK_NOTHROW(activ::softplus{1.0, 1e300});
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::softplus>);
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::log_sigmoid>);
    STATIC_REQUIRE(!activ::has_derivative_from_output_v<activ::mish>);
}

TEMPLATE_TEST_CASE("softplus, log_sigmoid, mish: scalar == batch == array == Eigen",
                   "[family][softplus]", float, double) {
    check_all_paths<TestType>("softplus{}", activ::softplus{});
    check_all_paths<TestType>("softplus{2, 5}", activ::softplus{2.0, 5.0});
    check_all_paths<TestType>("softplus{0.3}", activ::softplus{0.3});
    check_all_paths<TestType>("log_sigmoid{}", activ::log_sigmoid{});
    check_all_paths<TestType>("mish{}", activ::mish{});
    check_eigen<TestType>(activ::softplus{0.5, 5.0});
    check_eigen<TestType>(activ::log_sigmoid{});
    check_eigen<TestType>(activ::mish{});
}
