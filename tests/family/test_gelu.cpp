// activ tests — gelu (exact, PyTorch's approximate='none'): accuracy against MPFR in the
// negative tail, the subnormal tail, around the derivative's root, special values, the
// textbook formula's defect, every path bit for bit (scalar, batch, array, Eigen).
#include <activ/functions/gelu.hpp>

#include "../support/family.hpp"
#include "ref_gelu.hpp"

namespace {

using namespace activ_test;
using namespace activ_test::ref;

// Where gelu's numerics change: the root of gelu' (x0 = -0.7517916), the polynomial intervals
// of kernels::normal_tail (|x| = 1.5, 3.5), the negative tail, the range where gelu and gelu'
// go subnormal (float: x < -13.146 and x < -13.342, 0 below -14.356; double: x < -37.616 and
// x < -37.712, 0 below -38.580), x > 0 up to where Phi rounds to 1 (float 5.42, double 8.29),
// tiny |x|.
template <class T>
std::vector<interval> gelu_intervals() {
    const bool f = sizeof(T) == 4;
    return {{-1.2, -0.3},
            {-0.7518, -0.7517},
            {-5, -1.2},
            {-1.6, -1.4},
            {-3.6, -3.4},
            {f ? -14.0 : -38.0, f ? -5.0 : -10.0},
            {f ? -14.5 : -38.7, f ? -13.0 : -37.4},
            {0, f ? 5.5 : 8.4},
            {1.4, 1.6},
            {-0.3, 0.3},
            {-1e-3, 1e-3},
            {-1e-30, 1e-30}};
}

template <class T>
void accuracy(std::uint64_t seed) {
    const activ::gelu f;
    const std::vector<T> x = family_inputs<T>(family_sample_count(), seed, gelu_intervals<T>());
    // Measured (10^6 samples per form): <= 1.6 ULP with and without FMA, float and double.
    check_accuracy<T>("gelu", f, x, gelu(), 2.0);
    check_accuracy<T>("gelu.derivative", activ::derivative(f), x, gelu_derivative(), 2.0);
}

} // namespace

TEMPLATE_TEST_CASE("gelu: error against MPFR", "[family][gelu]", float, double) {
    accuracy<TestType>(0x6e1'0001);
}

TEMPLATE_TEST_CASE("gelu: special values, the root of the derivative, the tails", "[family][gelu]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const activ::gelu f;
    const auto d = activ::derivative(f);
    const auto is = [](T want) { return [want](T got) { CHECK(same_bits(got, want)); }; };
    const auto nan = [](T v) { CHECK(std::isnan(v)); };
    at_every_path(f, L::quiet_NaN(), nan);
    at_every_path(d, L::quiet_NaN(), nan);
    at_every_path(f, L::infinity(), is(L::infinity()));
    at_every_path(f, -L::infinity(), is(-T(0)));
    at_every_path(f, L::max(), is(L::max()));
    at_every_path(f, T(1e30), is(T(1e30)));
    at_every_path(f, -L::max(), is(-T(0)));
    at_every_path(f, T(-1e30), is(-T(0)));
    at_every_path(f, T(0), is(T(0)));
    at_every_path(f, -T(0), is(-T(0)));
    at_every_path(f, T(30), is(T(30))); // Phi(30) rounds to 1
    // gelu(x) ~ x/2 for tiny x, with the sign of x; subnormal inputs keep their sign.
    at_every_path(f, T(1e-30), [](T v) { CHECK(ulp_error(v, 0.5e-30) <= 1.0); });
    at_every_path(f, T(-1e-30), [](T v) { CHECK(ulp_error(v, -0.5e-30) <= 1.0); });
    at_every_path(f, L::denorm_min() * 4, [](T v) { CHECK(v == L::denorm_min() * 2); });
    at_every_path(f, -L::denorm_min() * 4, [](T v) { CHECK(v == -L::denorm_min() * 2); });
    at_every_path(f, -L::denorm_min(), [](T v) { CHECK((v <= 0 && std::signbit(v))); });
    // The subnormal tail: negative results down to the smallest subnormal, then -0.
    const T sub = sizeof(T) == 4 ? T(-13.8) : T(-38.2);
    at_every_path(f, sub, [](T v) { CHECK((v < 0 && v > -L::min())); });
    at_every_path(f, sizeof(T) == 4 ? T(-14.5) : T(-38.7), is(-T(0)));
    // Derivative: limits 1 at +inf, 0 at -inf (the sum Phi + x phi tends to 0 from below;
    // the sign of that zero is not promised), 1/2 at 0, the sign change at x0 = -0.7517916.
    at_every_path(d, L::infinity(), is(T(1)));
    at_every_path(d, L::max(), is(T(1)));
    at_every_path(d, -L::infinity(), [](T v) { CHECK(v == 0); });
    at_every_path(d, -L::max(), [](T v) { CHECK(v == 0); });
    at_every_path(d, T(0), [](T v) { CHECK(ulp_error(v, 0.5) <= 1.0); });
    at_every_path(d, -T(0), [](T v) { CHECK(ulp_error(v, 0.5) <= 1.0); });
    at_every_path(d, T(-0.7517), [](T v) { CHECK(v > 0); });
    at_every_path(d, T(-0.7518), [](T v) { CHECK(v < 0); });
    at_every_path(d, T(-10), [](T v) { CHECK(v < 0); });
    at_every_path(d, sizeof(T) == 4 ? T(-13.6) : T(-37.9),
                  [](T v) { CHECK((v < 0 && v > -L::min())); });
    STATIC_REQUIRE_FALSE(activ::has_derivative_from_output_v<activ::gelu>);
}

TEST_CASE("gelu: the textbook 0.5 x (1 + erf(x/sqrt2)) cancels where activ does not",
          "[family][gelu]") {
    // At x = -5.6, erf(x/sqrt2) rounds to -1 in float: the textbook formula returns 0 where
    // gelu(-5.6) = -6.0e-8 (Eigen's erf even returns the wrong sign there).
    const float x = -5.6f;
    const float textbook = 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f)));
    mp exact, xin;
    mpfr_set_d(xin, static_cast<double>(x), MPFR_RNDN);
    gelu()(exact, xin);
    CHECK(ulp_error(textbook, static_cast<mpfr_srcptr>(exact)) > 1e6);
    CHECK(ulp_error(activ::gelu{}(x), static_cast<mpfr_srcptr>(exact)) <= 1.0);
    // The same in double at x = -10: 1 + erf(-7.07) is 1.5e-23, far below double's epsilon.
    const double xd = -10.0;
    const double textbook_d = 0.5 * xd * (1.0 + std::erf(xd / std::sqrt(2.0)));
    mpfr_set_d(xin, xd, MPFR_RNDN);
    gelu()(exact, xin);
    CHECK(ulp_error(textbook_d, static_cast<mpfr_srcptr>(exact)) > 1e6);
    CHECK(ulp_error(activ::gelu{}(xd), static_cast<mpfr_srcptr>(exact)) <= 1.0);
}

TEMPLATE_TEST_CASE("gelu: scalar == batch == array == Eigen", "[family][gelu]", float, double) {
    check_all_paths<TestType>("gelu{}", activ::gelu{});
    check_eigen<TestType>(activ::gelu{});
}

TEST_CASE("gelu: the reference's continued fraction agrees with MPFR's erfc", "[family][gelu]") {
    for (double a : {4.0, 4.5, 6.0, 9.5, 14.0, 25.0, 38.5}) {
        mp x, q, e, s;
        mpfr_set_d(x, a, MPFR_RNDN);
        ref::detail::normal_tail(q, x);
        mpfr_sqrt_ui(s, 2, MPFR_RNDN);
        mpfr_div(e, x, s, MPFR_RNDN);
        mpfr_erfc(e, e, MPFR_RNDN);
        mpfr_mul_2si(e, e, -1, MPFR_RNDN);
        mpfr_div(q, q, e, MPFR_RNDN);
        mpfr_sub_ui(q, q, 1, MPFR_RNDN);
        INFO("a = " << a << ": relative difference " << mpfr_get_d(q, MPFR_RNDN));
        CHECK(std::fabs(mpfr_get_d(q, MPFR_RNDN)) < 0x1p-130);
    }
}
