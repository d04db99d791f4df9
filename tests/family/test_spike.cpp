// activ tests — spike and its surrogates: the forward pass equals activ::step bit for bit, each
// surrogate's derivative against MPFR (default and non-default parameters, float and double),
// special values, rejected parameters, every path bit for bit (scalar, batch, array, Eigen).
#include <activ/functions/spike.hpp>

#include "../support/family.hpp"
#include "ref_spike.hpp"

namespace {

using namespace activ_test;
namespace sg = activ::surrogate;

// The contract is 4 ULP; the measured maxima (surrogate.hpp's header) are <= 2.4 with and
// without FMA, so 3 catches a regression before it breaks the contract.
constexpr double bound = 3.0;

template <class T>
constexpr bool is_float = sizeof(T) == 4;

// Dense around the threshold, the range where results go subnormal (scaled by the
// parameter), and both signs.
std::vector<interval> both_signs(std::vector<interval> v) {
    const std::size_t n = v.size();
    for (std::size_t i = 0; i < n; ++i) v.push_back({-v[i].hi, -v[i].lo});
    v.push_back({-3.0, 3.0});
    v.push_back({-3.0, 3.0});
    return v;
}

template <class T, class S>
void check_surrogate(const std::string& name, const S& s, const mp_ref& ref,
                     const std::vector<interval>& tails, std::uint64_t seed) {
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, both_signs(tails));
    check_accuracy<T>(name, activ::derivative(activ::spike{s}), x, ref, bound);
}

template <class T>
void accuracy_fast_sigmoid(double k, std::uint64_t seed) {
    const double lo = is_float<T> ? 0x1p58 : 0x1p505, hi = is_float<T> ? 0x1p80 : 0x1p545;
    check_surrogate<T>("fast_sigmoid{" + std::to_string(k) + "}", sg::fast_sigmoid{k},
                       ref::surrogate_fast_sigmoid(k), {{lo / k, hi / k}, {0, 1e-3}}, seed);
}

template <class T>
void accuracy_sigmoid(double k, std::uint64_t seed) {
    const double lo = is_float<T> ? 80.0 : 700.0, hi = is_float<T> ? 125.0 : 765.0;
    check_surrogate<T>("sigmoid{" + std::to_string(k) + "}", sg::sigmoid{k},
                       ref::surrogate_sigmoid(k), {{lo / k, hi / k}, {0, 30.0 / k}}, seed);
}

template <class T>
void accuracy_atan(double alpha, std::uint64_t seed) {
    const double lo = is_float<T> ? 0x1p55 : 0x1p500, hi = is_float<T> ? 0x1p80 : 0x1p540;
    const double t1 = 2.0 / (3.141592653589793 * alpha); // t = 1: the switch to u = 1/t
    check_surrogate<T>("atan{" + std::to_string(alpha) + "}", sg::atan{alpha},
                       ref::surrogate_atan(alpha),
                       {{lo / alpha, hi / alpha}, {t1 * 0.999, t1 * 1.001}, {0, 100 * t1}}, seed);
}

template <class T>
void accuracy_triangle(double w, std::uint64_t seed) {
    check_surrogate<T>("triangle{" + std::to_string(w) + "}", sg::triangle{w},
                       ref::surrogate_triangle(w),
                       {{w * (1 - 1e-6), w * (1 + 1e-6)}, {0, w}, {w * 0.99, w}}, seed);
}

template <class T>
void accuracy_gaussian(double sigma, std::uint64_t seed) {
    const double lo = is_float<T> ? 12.0 : 37.0, hi = is_float<T> ? 16.0 : 40.0;
    check_surrogate<T>("gaussian{" + std::to_string(sigma) + "}", sg::gaussian{sigma},
                       ref::surrogate_gaussian(sigma), {{lo * sigma, hi * sigma}, {0, 10 * sigma}},
                       seed);
}

// ref(x) correctly rounded to T.
template <class T>
T rounded_ref(const mp_ref& ref, double x) {
    mp out, in(x);
    ref(out, in);
    return is_float<T> ? static_cast<T>(mpfr_get_flt(out, MPFR_RNDN))
                       : static_cast<T>(mpfr_get_d(out, MPFR_RNDN));
}

} // namespace

TEMPLATE_TEST_CASE("spike: surrogate derivatives against MPFR", "[family][spike]", float, double) {
    using T = TestType;
    SECTION("fast_sigmoid") {
        accuracy_fast_sigmoid<T>(25.0, 0x5b1c'0001);
        accuracy_fast_sigmoid<T>(5.0, 0x5b1c'0002);
        accuracy_fast_sigmoid<T>(0.3, 0x5b1c'0003);
    }
    SECTION("sigmoid") {
        accuracy_sigmoid<T>(25.0, 0x5b1c'0011);
        accuracy_sigmoid<T>(5.0, 0x5b1c'0012);
        accuracy_sigmoid<T>(0.3, 0x5b1c'0013);
    }
    SECTION("atan") {
        accuracy_atan<T>(2.0, 0x5b1c'0021);
        accuracy_atan<T>(0.5, 0x5b1c'0022);
        accuracy_atan<T>(7.0, 0x5b1c'0023);
    }
    SECTION("triangle") {
        accuracy_triangle<T>(1.0, 0x5b1c'0031);
        accuracy_triangle<T>(0.3, 0x5b1c'0032);
        accuracy_triangle<T>(2.5, 0x5b1c'0033);
    }
    SECTION("gaussian") {
        accuracy_gaussian<T>(0.5, 0x5b1c'0041);
        accuracy_gaussian<T>(2.0, 0x5b1c'0042);
        accuracy_gaussian<T>(0.1, 0x5b1c'0043);
    }
    SECTION("straight_through") {
        const std::vector<T> x = family_inputs<T>(family_sample_count(), 0x5b1c'0051, {});
        check_accuracy<T>("straight_through",
                          activ::derivative(activ::spike{sg::straight_through{}}), x,
                          ref::surrogate_straight_through(), 0.0);
    }
}

TEMPLATE_TEST_CASE("spike: the forward pass is activ::step, bit for bit", "[family][spike]", float,
                   double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    for (double h0 : {0.0, 0.5}) {
        std::vector<T> x =
            family_inputs<T>(family_sample_count() / 4, 0x5b1c'0100, {{-1e-30, 1e-30}});
        for (T v : {T(0), -T(0), L::infinity(), -L::infinity(), L::quiet_NaN(), L::denorm_min(),
                    -L::denorm_min(), L::max(), L::lowest()})
            x.push_back(v);
        std::vector<T> want(x.size()), a(x.size()), b(x.size()), c(x.size());
        activ::apply(activ::step{h0}, x.data(), want.data(), x.size());
        activ::apply(activ::spike{sg::fast_sigmoid{}, h0}, x.data(), a.data(), x.size());
        activ::apply(activ::spike{sg::atan{}, h0}, x.data(), b.data(), x.size());
        activ::apply(activ::spike{sg::straight_through{}, h0}, x.data(), c.data(), x.size());
        std::size_t bad = 0;
        for (std::size_t i = 0; i < x.size(); ++i)
            for (const std::vector<T>* r : {&a, &b, &c})
                if (!same_bits((*r)[i], want[i])) ++bad;
        INFO("at_zero " << h0 << ": results that differ from activ::step: " << bad);
        CHECK(bad == 0);
        check_accuracy<T>("spike value, at_zero " + std::to_string(h0),
                          activ::spike{sg::gaussian{}, h0}, x, ref::spike(h0), 0.0);
    }
}

TEMPLATE_TEST_CASE("spike: special values", "[family][spike]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const auto is = [](T want) {
        return [want](T got) {
            INFO("got " << describe(got) << ", want " << describe(want));
            CHECK(same_bits(got, want));
        };
    };
    const auto nan = [](T v) { CHECK(std::isnan(v)); };
    const activ::spike<> f;
    CHECK(f.at_zero() == 0.0);
    CHECK(f.surrogate().k() == 25.0);
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(T(0)));
    at_every_path(f, L::denorm_min(), is(T(1)));
    at_every_path(f, -L::denorm_min(), is(T(0)));
    at_every_path(f, L::infinity(), is(T(1)));
    at_every_path(f, -L::infinity(), is(T(0)));
    at_every_path(f, L::quiet_NaN(), nan);
    const activ::spike half{sg::triangle{}, 0.5};
    at_every_path(half, T(0), is(T(0.5)));
    at_every_path(half, -T(0), is(T(0.5)));

    // Each surrogate: NaN -> NaN, +-inf -> 0, +-huge -> 0, the peak at +-0.
    const auto specials = [&](const auto& s, T peak, T at_inf) {
        const auto d = activ::derivative(activ::spike{s});
        at_every_path(d, L::quiet_NaN(), nan);
        at_every_path(d, -L::quiet_NaN(), nan);
        for (T v : {L::infinity(), -L::infinity()}) at_every_path(d, v, is(at_inf));
        for (T v : {L::max(), L::lowest(), T(1e30), T(-1e30)})
            at_every_path(d, v, [at_inf](T got) {
                CHECK((at_inf == T(1) ? got == T(1) : (got >= T(0) && got <= T(1e-30))));
            });
        for (T v : {T(0), -T(0), L::denorm_min(), -L::denorm_min()}) at_every_path(d, v, is(peak));
    };
    specials(sg::straight_through{}, T(1), T(1));
    specials(sg::fast_sigmoid{}, T(1), T(0));
    specials(sg::fast_sigmoid{1e6}, T(1), T(0));
    specials(sg::sigmoid{}, T(6.25), T(0));
    specials(sg::sigmoid{1e-6}, static_cast<T>(0.25e-6), T(0));
    specials(sg::atan{}, T(1), T(0));
    specials(sg::atan{1e6}, T(5e5), T(0));
    specials(sg::triangle{}, T(1), T(0));
    specials(sg::triangle{0.5}, T(2), T(0));
    // The peaks 1/(sigma sqrt(2 pi)), correctly rounded (sigma = 1e-6 is not 10^-6 exactly).
    specials(sg::gaussian{}, rounded_ref<T>(ref::surrogate_gaussian(0.5), 0.0), T(0));
    specials(sg::gaussian{1e-6}, rounded_ref<T>(ref::surrogate_gaussian(1e-6), 0.0), T(0));

    // triangle: 0 AT |x| = width, 1/width^2 * (width - |x|) just inside.
    const auto tri = activ::derivative(activ::spike{sg::triangle{0.5}});
    at_every_path(tri, T(0.5), is(T(0)));
    at_every_path(tri, T(-0.5), is(T(0)));
    at_every_path(tri, T(0.25), is(T(1)));
    at_every_path(tri, std::nextafter(T(0.5), T(0)),
                  is(T(4) * (T(0.5) - std::nextafter(T(0.5), T(0)))));
}

TEST_CASE("spike: surrogate parameters that make no sense are rejected", "[family][spike]") {
    for (double bad : {0.0, -1.0, std::nan(""), double(INFINITY), 1e-7, 2e6}) {
        CHECK_THROWS_AS(sg::fast_sigmoid{bad}, std::invalid_argument);
        CHECK_THROWS_AS(sg::sigmoid{bad}, std::invalid_argument);
        CHECK_THROWS_AS(sg::atan{bad}, std::invalid_argument);
        CHECK_THROWS_AS(sg::triangle{bad}, std::invalid_argument);
        CHECK_THROWS_AS(sg::gaussian{bad}, std::invalid_argument);
    }
    CHECK_THROWS_WITH(sg::fast_sigmoid{-1.0}, Catch::Contains("fast_sigmoid: k"));
    CHECK_THROWS_WITH(sg::sigmoid{0.0}, Catch::Contains("sigmoid: k"));
    CHECK_THROWS_WITH(sg::atan{0.0}, Catch::Contains("atan: alpha"));
    CHECK_THROWS_WITH(sg::triangle{0.0}, Catch::Contains("triangle: width"));
    CHECK_THROWS_WITH(sg::gaussian{0.0}, Catch::Contains("gaussian: sigma"));
    CHECK_NOTHROW(sg::fast_sigmoid{1e-6});
    CHECK_NOTHROW(sg::gaussian{1e6});
    CHECK(sg::atan{0.5}.alpha() == 0.5);
    CHECK(sg::triangle{0.3}.width() == 0.3);
    CHECK(sg::gaussian{2.0}.sigma() == 2.0);
    CHECK(sg::sigmoid{5.0}.k() == 5.0);
    // CTAD and the default.
    STATIC_REQUIRE(std::is_same<decltype(activ::spike{sg::atan{}}), activ::spike<sg::atan>>::value);
    STATIC_REQUIRE(std::is_same<decltype(activ::spike{sg::triangle{}, 0.5}),
                                activ::spike<sg::triangle>>::value);
    STATIC_REQUIRE(std::is_same<activ::spike<>, activ::spike<sg::fast_sigmoid>>::value);
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::spike<>>);
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::spike<sg::straight_through>>);
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::spike<sg::sigmoid>>);
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::spike<sg::atan>>);
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::spike<sg::triangle>>);
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::spike<sg::gaussian>>);
}

TEMPLATE_TEST_CASE("spike: scalar == batch == array == Eigen", "[family][spike]", float, double) {
    using T = TestType;
    check_all_paths<T>("spike{straight_through}", activ::spike{sg::straight_through{}});
    check_all_paths<T>("spike{fast_sigmoid}", activ::spike<>{});
    check_all_paths<T>("spike{sigmoid}", activ::spike{sg::sigmoid{5.0}, 0.5});
    check_all_paths<T>("spike{atan}", activ::spike{sg::atan{}});
    check_all_paths<T>("spike{triangle}", activ::spike{sg::triangle{0.3}});
    check_all_paths<T>("spike{gaussian}", activ::spike{sg::gaussian{}});
    check_eigen<T>(activ::spike{sg::straight_through{}});
    check_eigen<T>(activ::spike<>{});
    check_eigen<T>(activ::spike{sg::sigmoid{}});
    check_eigen<T>(activ::spike{sg::atan{0.5}});
    check_eigen<T>(activ::spike{sg::triangle{}});
    check_eigen<T>(activ::spike{sg::gaussian{2.0}});
}
