// activ tests — the hard (piecewise-linear) family and softsign: relu6, hardtanh, hardsigmoid,
// hardswish, softsign. Accuracy against MPFR, special values, the kink conventions (PyTorch's),
// rejected parameters, every path bit for bit (scalar, batch, array, Eigen).
#include <activ/functions/hardsigmoid.hpp>
#include <activ/functions/hardswish.hpp>
#include <activ/functions/hardtanh.hpp>
#include <activ/functions/relu6.hpp>
#include <activ/functions/softsign.hpp>

#include "../support/family.hpp"
#include "ref_hard.hpp"

namespace {

using namespace activ_test;

// The ULP bounds: 0 where the result is exact (a piece that is x, a bound or a constant), the
// measured ~0.5 (one final rounding) where it is computed. 0.5 is a strict bound there: a
// single ULP more anywhere fails.
constexpr double rounded = 0.5;
constexpr double exact = 0.0;

// Where the pieces meet, the derivatives' kinks and roots, the tiny and subnormal inputs.
const std::vector<interval> hard_intervals = {
    {-3.001, -2.999}, {2.999, 3.001}, {-1.5001, -1.4999}, {-1e-30, 1e-30}, {-1e-300, 1e-300},
    {-0.001, 0.001},  {5.999, 6.001}, {-1.001, -0.999},   {0.999, 1.001},  {-6, 6}};

// The value of f on x (the outputs that derivative_from_output sees).
template <class T, class F>
std::vector<T> outputs(const F& f, const std::vector<T>& x) {
    std::vector<T> y(x.size());
    activ::apply(f, x.data(), y.data(), x.size());
    return y;
}

template <class T>
double as_t(double v) {
    return static_cast<double>(static_cast<T>(v));
}

template <class T>
void relu6_accuracy() {
    const activ::relu6 f;
    const std::vector<T> x = family_inputs<T>(family_sample_count(), 0x4a6d'0001, hard_intervals);
    check_accuracy<T>("relu6", f, x, ref::relu6(), exact);
    check_accuracy<T>("relu6.derivative", activ::derivative(f), x, ref::relu6_derivative(), exact);
    check_accuracy<T>("relu6.derivative_from_output", activ::derivative_from_output(f),
                      outputs(f, x), ref::relu6_derivative_from_output(), exact);
}

template <class T>
void hardtanh_accuracy(double lo, double hi, std::uint64_t seed) {
    const activ::hardtanh f{lo, hi};
    std::vector<interval> extra = hard_intervals;
    extra.push_back({lo - 1e-6, lo + 1e-6});
    extra.push_back({hi - 1e-6, hi + 1e-6});
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, extra);
    // Bounds exact in T: every form exact. Otherwise a clamped value is the bound rounded to T.
    const bool bounds_exact = as_t<T>(lo) == lo && as_t<T>(hi) == hi;
    const std::string name = "hardtanh{" + std::to_string(lo) + ", " + std::to_string(hi) + "}";
    check_accuracy<T>(name, f, x, ref::hardtanh(lo, hi), bounds_exact ? exact : rounded);
    check_accuracy<T>(name + ".derivative", activ::derivative(f), x,
                      ref::hardtanh_derivative(lo, hi), exact);
    // On y, with the bounds as the functor outputs them.
    check_accuracy<T>(name + ".derivative_from_output", activ::derivative_from_output(f),
                      outputs(f, x), ref::hardtanh_derivative_from_output(as_t<T>(lo), as_t<T>(hi)),
                      exact);
}

template <class T>
void hardsigmoid_accuracy() {
    const activ::hardsigmoid f;
    const std::vector<T> x = family_inputs<T>(family_sample_count(), 0x4a6d'0010, hard_intervals);
    check_accuracy<T>("hardsigmoid", f, x, ref::hardsigmoid(), rounded);
    check_accuracy<T>("hardsigmoid.derivative", activ::derivative(f), x,
                      ref::hardsigmoid_derivative(), rounded);
    check_accuracy<T>("hardsigmoid.derivative_from_output", activ::derivative_from_output(f),
                      outputs(f, x), ref::hardsigmoid_derivative_from_output(), rounded);
}

template <class T>
void hardswish_accuracy() {
    const activ::hardswish f;
    const std::vector<T> x = family_inputs<T>(family_sample_count(), 0x4a6d'0020, hard_intervals);
    check_accuracy<T>("hardswish", f, x, ref::hardswish(), rounded);
    check_accuracy<T>("hardswish.derivative", activ::derivative(f), x, ref::hardswish_derivative(),
                      rounded);
    // Only (-3, 3): the middle pieces, where every result is computed.
    const std::vector<T> mid = family_inputs<T>(family_sample_count() / 4, 0x4a6d'0021,
                                                {{-3, 3}, {-3, -2.99}, {2.99, 3}, {-1.51, -1.49}});
    check_accuracy<T>("hardswish (middle)", f, mid, ref::hardswish(), rounded);
    check_accuracy<T>("hardswish.derivative (middle)", activ::derivative(f), mid,
                      ref::hardswish_derivative(), rounded);
}

template <class T>
void softsign_accuracy() {
    const activ::softsign f;
    const bool is_float = sizeof(T) == 4;
    // Where 1 + |x| stops being exact, where the value rounds to +-1 (2^25 / 2^54), where the
    // derivative's square would overflow (2^63 / 2^511) and the derivative goes subnormal.
    std::vector<interval> extra = {{-1e-30, 1e-30}, {-1e-300, 1e-300}, {-4, 4},     {0.4, 0.6},
                                   {1e6, 1e9},      {-1e9, -1e6},      {1e15, 1e18}};
    if (is_float) {
        extra.push_back({0x1p24, 0x1p26});
        extra.push_back({-0x1p64, -0x1p62});
        extra.push_back({0x1p62, 0x1p64});
    } else {
        extra.push_back({0x1p53, 0x1p55});
        extra.push_back({-0x1p512, -0x1p510});
        extra.push_back({0x1p510, 0x1p512});
    }
    const std::vector<T> x = family_inputs<T>(family_sample_count(), 0x4a6d'0030, extra);
    check_accuracy<T>("softsign", f, x, ref::softsign(), rounded);
    check_accuracy<T>("softsign.derivative", activ::derivative(f), x, ref::softsign_derivative(),
                      1.0); // without FMA: 0.75 measured near the smallest normal result
    check_accuracy<T>("softsign.derivative_from_output", activ::derivative_from_output(f),
                      outputs(f, x), ref::softsign_derivative_from_output(), rounded);
}

template <class T>
const auto is_nan = [](T v) { CHECK(std::isnan(v)); };

template <class T>
auto is(T want) {
    return [want](T got) {
        INFO("got " << describe(got) << ", want " << describe(want));
        CHECK(same_bits(got, want));
    };
}

} // namespace

TEMPLATE_TEST_CASE("hard family: error against MPFR", "[family][hard]", float, double) {
    relu6_accuracy<TestType>();
    hardtanh_accuracy<TestType>(-1.0, 1.0, 0x4a6d'0002);
    hardtanh_accuracy<TestType>(-0.1, 0.3, 0x4a6d'0003);
    hardtanh_accuracy<TestType>(0.5, 0.5, 0x4a6d'0004);
    hardtanh_accuracy<TestType>(-1e-40, 2.5, 0x4a6d'0005);
    hardsigmoid_accuracy<TestType>();
    hardswish_accuracy<TestType>();
    softsign_accuracy<TestType>();
}

TEMPLATE_TEST_CASE("relu6 and hardtanh: special values and the kinks", "[family][hard]", float,
                   double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const T inf = L::infinity(), nan = L::quiet_NaN();

    const activ::relu6 r;
    at_every_path(r, T(2.5), is(T(2.5)));
    at_every_path(r, T(7), is(T(6)));
    at_every_path(r, T(-7), is(T(0)));
    at_every_path(r, inf, is(T(6)));
    at_every_path(r, -inf, is(T(0)));
    at_every_path(r, -T(0), is(-T(0))); // as activ::relu: -0 passes unchanged
    at_every_path(r, T(0), is(T(0)));
    at_every_path(r, L::denorm_min(), is(L::denorm_min()));
    at_every_path(r, nan, is_nan<T>);
    const auto dr = activ::derivative(r);
    at_every_path(dr, T(0), is(T(0))); // PyTorch: 0 at both kinks
    at_every_path(dr, -T(0), is(T(0)));
    at_every_path(dr, T(6), is(T(0)));
    at_every_path(dr, L::denorm_min(), is(T(1)));
    at_every_path(dr, std::nextafter(T(6), T(0)), is(T(1)));
    at_every_path(dr, inf, is(T(0)));
    at_every_path(dr, nan, is_nan<T>);
    const auto gr = activ::derivative_from_output(r);
    at_every_path(gr, T(0), is(T(0)));
    at_every_path(gr, T(6), is(T(0)));
    at_every_path(gr, T(3), is(T(1)));
    at_every_path(gr, nan, is_nan<T>);

    const activ::hardtanh h;
    CHECK(h.min_val() == -1.0);
    CHECK(h.max_val() == 1.0);
    at_every_path(h, T(0.25), is(T(0.25)));
    at_every_path(h, T(-2), is(T(-1)));
    at_every_path(h, T(2), is(T(1)));
    at_every_path(h, inf, is(T(1)));
    at_every_path(h, -inf, is(T(-1)));
    at_every_path(h, -T(0), is(-T(0)));
    at_every_path(h, -L::denorm_min(), is(-L::denorm_min()));
    at_every_path(h, nan, is_nan<T>);
    const auto dh = activ::derivative(h);
    at_every_path(dh, T(-1), is(T(0))); // PyTorch's hardtanh_backward: 0 at the bounds
    at_every_path(dh, T(1), is(T(0)));
    at_every_path(dh, std::nextafter(T(1), T(0)), is(T(1)));
    at_every_path(dh, std::nextafter(T(-1), T(0)), is(T(1)));
    at_every_path(dh, -T(0), is(T(1)));
    at_every_path(dh, -inf, is(T(0)));
    at_every_path(dh, nan, is_nan<T>);
    const auto gh = activ::derivative_from_output(h);
    at_every_path(gh, T(1), is(T(0)));
    at_every_path(gh, T(-1), is(T(0)));
    at_every_path(gh, T(0.5), is(T(1)));
    at_every_path(gh, nan, is_nan<T>);

    // Bounds not representable in float: the value is the rounded bound; the derivative
    // compares with the exact bound, the output form with the rounded one.
    const activ::hardtanh p{-0.1, 0.3};
    const T lo = static_cast<T>(-0.1), hi = static_cast<T>(0.3);
    at_every_path(p, T(-5), is(lo));
    at_every_path(p, T(5), is(hi));
    const auto dp = activ::derivative(p);
    const auto gp = activ::derivative_from_output(p);
    at_every_path(dp, lo, is(T(static_cast<double>(lo) > -0.1 ? 1 : 0)));
    at_every_path(dp, hi, is(T(static_cast<double>(hi) < 0.3 ? 1 : 0)));
    at_every_path(gp, lo, is(T(0)));
    at_every_path(gp, hi, is(T(0)));
    // A zero-width interval: constant, derivative 0 everywhere but NaN.
    const activ::hardtanh c{2.0, 2.0};
    at_every_path(c, T(-3), is(T(2)));
    at_every_path(c, T(2), is(T(2)));
    at_every_path(activ::derivative(c), T(2), is(T(0)));
    at_every_path(activ::derivative(c), nan, is_nan<T>);
}

TEMPLATE_TEST_CASE("hardsigmoid and hardswish: special values and the kinks", "[family][hard]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const T inf = L::infinity(), nan = L::quiet_NaN();
    const T sixth = static_cast<T>(1.0 / 6.0);

    const activ::hardsigmoid s;
    at_every_path(s, T(0), is(T(0.5)));
    at_every_path(s, -T(0), is(T(0.5)));
    at_every_path(s, T(-3), is(T(0)));
    at_every_path(s, T(3), is(T(1)));
    at_every_path(s, T(-1.5), is(T(0.25)));
    at_every_path(s, inf, is(T(1)));
    at_every_path(s, -inf, is(T(0)));
    at_every_path(s, nan, is_nan<T>);
    // Near -3 the result is tiny and still correctly rounded: (x + 3) / 6, x + 3 exact.
    const T near = std::nextafter(T(-3), T(0));
    at_every_path(s, near, is(static_cast<T>((static_cast<double>(near) + 3) / 6)));
    const auto ds = activ::derivative(s);
    at_every_path(ds, T(-3), is(T(0))); // PyTorch: 0 at both kinks
    at_every_path(ds, T(3), is(T(0)));
    at_every_path(ds, near, is(sixth));
    at_every_path(ds, T(0), is(sixth));
    at_every_path(ds, inf, is(T(0)));
    at_every_path(ds, nan, is_nan<T>);
    const auto gs = activ::derivative_from_output(s);
    at_every_path(gs, T(0), is(T(0)));
    at_every_path(gs, T(1), is(T(0)));
    at_every_path(gs, T(0.5), is(sixth));
    at_every_path(gs, L::denorm_min(), is(sixth));
    at_every_path(gs, nan, is_nan<T>);

    const activ::hardswish w;
    at_every_path(w, T(0), is(T(0)));
    at_every_path(w, -T(0), is(-T(0)));
    at_every_path(w, T(-3), is(-T(0))); // PyTorch: x * 0
    at_every_path(w, T(-4), is(-T(0)));
    at_every_path(w, -inf, is(-T(0)));
    at_every_path(w, T(3), is(T(3)));
    at_every_path(w, T(4.5), is(T(4.5)));
    at_every_path(w, inf, is(inf));
    at_every_path(w, T(-1.5), is(T(-0.375)));
    at_every_path(w, T(1), is(static_cast<T>(4.0 / 6.0)));
    at_every_path(w, nan, is_nan<T>);
    at_every_path(w, -L::denorm_min(), [](T v) { CHECK((v == 0 || v == -L::denorm_min())); });
    at_every_path(w, -L::denorm_min(), [](T v) { CHECK(std::signbit(v)); });
    const auto dw = activ::derivative(w);
    // PyTorch's hardswish_backward (>= 2.7): 0 for x <= -3, 1 for x >= 3.
    at_every_path(dw, T(-3), is(T(0)));
    at_every_path(dw, T(3), is(T(1)));
    at_every_path(dw, std::nextafter(T(-3), T(0)), [](T v) { CHECK(v == Approx(-0.5)); });
    at_every_path(dw, std::nextafter(T(3), T(0)), [](T v) { CHECK(v == Approx(1.5)); });
    at_every_path(dw, T(-1.5), is(T(0))); // the root: exact
    at_every_path(dw, T(0), is(T(0.5)));
    at_every_path(dw, -inf, is(T(0)));
    at_every_path(dw, inf, is(T(1)));
    at_every_path(dw, nan, is_nan<T>);
    // Next to the root the derivative is exact too: (2x + 3) / 6 with 2x + 3 exact.
    const T r = std::nextafter(T(-1.5), T(0));
    at_every_path(dw, r, is(static_cast<T>((2 * static_cast<double>(r) + 3) / 6)));
}

TEMPLATE_TEST_CASE("softsign: special values", "[family][hard]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const T inf = L::infinity(), nan = L::quiet_NaN();
    const activ::softsign f;
    at_every_path(f, T(1), is(T(0.5)));
    at_every_path(f, T(-3), is(T(-0.75)));
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(-T(0)));
    at_every_path(f, -L::denorm_min(), is(-L::denorm_min()));
    at_every_path(f, inf, is(T(1)));
    at_every_path(f, -inf, is(T(-1)));
    at_every_path(f, L::max(), is(T(1)));
    at_every_path(f, -L::max(), is(T(-1)));
    at_every_path(f, nan, is_nan<T>);
    const auto d = activ::derivative(f);
    at_every_path(d, T(0), is(T(1)));
    at_every_path(d, -T(0), is(T(1)));
    at_every_path(d, T(1), is(T(0.25)));
    at_every_path(d, T(-3), is(T(0.0625)));
    at_every_path(d, inf, is(T(0)));
    at_every_path(d, -inf, is(T(0)));
    at_every_path(d, L::max(), [](T v) { CHECK((v >= 0 && v <= L::min())); });
    at_every_path(d, nan, is_nan<T>);
    const auto g = activ::derivative_from_output(f);
    at_every_path(g, T(0), is(T(1)));
    at_every_path(g, T(1), is(T(0)));
    at_every_path(g, T(-1), is(T(0)));
    at_every_path(g, T(-0.5), is(T(0.25)));
    at_every_path(g, nan, is_nan<T>);
}

TEST_CASE("hardtanh: bounds that make no sense are rejected at construction", "[family][hard]") {
    CHECK_THROWS_AS(activ::hardtanh(1.0, -1.0), std::invalid_argument);
    CHECK_THROWS_AS(activ::hardtanh(std::nan(""), 1.0), std::invalid_argument);
    CHECK_THROWS_AS(activ::hardtanh(-1.0, std::nan("")), std::invalid_argument);
    CHECK_THROWS_AS(activ::hardtanh(-INFINITY, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(activ::hardtanh(-1.0, INFINITY), std::invalid_argument);
    CHECK_THROWS_WITH(activ::hardtanh(2.0, 1.0),
                      Catch::Contains("hardtanh") && Catch::Contains("max_val"));
    CHECK_THROWS_WITH(activ::hardtanh(std::nan(""), 1.0), Catch::Contains("min_val"));
    CHECK_THROWS_WITH(activ::hardtanh(0.0, INFINITY), Catch::Contains("max_val"));
    CHECK_NOTHROW(activ::hardtanh(1.0, 1.0));
    CHECK_NOTHROW(activ::hardtanh(-1e300, 1e300));
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::hardtanh>);
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::relu6>);
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::hardsigmoid>);
    STATIC_REQUIRE(activ::has_derivative_from_output_v<activ::softsign>);
    // y = hardswish(x) takes values in [-3/8, 0] twice: no derivative from the output.
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::hardswish>);
}

TEMPLATE_TEST_CASE("hardtanh: bounds beyond float's range", "[family][hard]", float, double) {
    using T = TestType;
    const activ::hardtanh h{-1e300, 1e300};
    at_every_path(activ::derivative(h), T(1e30), is(T(1)));
    at_every_path(activ::derivative(h), std::numeric_limits<T>::infinity(), is(T(0)));
    at_every_path(h, T(-5), is(T(-5)));
}

TEMPLATE_TEST_CASE("hard family: scalar == batch == array == Eigen", "[family][hard]", float,
                   double) {
    using T = TestType;
    check_all_paths<T>("relu6{}", activ::relu6{});
    check_all_paths<T>("hardtanh{}", activ::hardtanh{});
    check_all_paths<T>("hardtanh{-0.1, 0.3}", activ::hardtanh{-0.1, 0.3});
    check_all_paths<T>("hardsigmoid{}", activ::hardsigmoid{});
    check_all_paths<T>("hardswish{}", activ::hardswish{});
    check_all_paths<T>("softsign{}", activ::softsign{});
    check_eigen<T>(activ::relu6{});
    check_eigen<T>(activ::hardtanh{-0.1, 0.3});
    check_eigen<T>(activ::hardsigmoid{});
    check_eigen<T>(activ::hardswish{});
    check_eigen<T>(activ::softsign{});
}
