// activ tests — [accuracy]: maximum ULP error of sigmoid and tanh (value, derivative,
// derivative_from_output) against a 128-bit MPFR reference, for float and double.
//
// Per (function family, type): accuracy_sample_count() inputs (10^6 by default, override with
// the environment variable ACTIV_ACCURACY_SAMPLES), drawn with a fixed seed: half dense in
// [-30, 30], a quarter over the whole finite range (every exponent, subnormals included), a
// quarter in the tails where results saturate or go subnormal (support/inputs.hpp). The value and
// the derivative are measured on the same inputs; derivative_from_output is measured on y = the
// activ value at those inputs, against the exact value of its formula at that y.
//
// The library is evaluated through activ::apply on the whole sample array (the batch path plus
// its scalar-sized tail); scalar calls and direct batch calls are spot-checked against the array
// results bit for bit.
//
// ULP definition: support/ulp.hpp. Bounds: sigmoid, tanh <= 2; their derivatives <= 4;
// derivative_from_output <= 2 (vs the exact y(1-y) / 1-y^2).
//
// The maximum error and where it occurs are reported through INFO: run
// `activ_tests "[accuracy]" -s` to see them for passing checks too.
#include <activ/activ.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "support/inputs.hpp"
#include "support/reference.hpp"

namespace {

using namespace activ_test;

template <class T>
const char* type_name() {
    return sizeof(T) == 4 ? "float" : "double";
}

// Largest error seen, with the input (x, or y for derivative_from_output) and results there.
template <class T>
struct max_error {
    double ulp = -1.0;
    T input{}, got{}, expected{}; // expected: the reference rounded to T, for the report
    std::size_t over_bound = 0;

    void add(double err, T in, T g, mpfr_srcptr exact, double bound) {
        if (!(err <= bound)) ++over_bound;
        if (err > ulp) {
            ulp = err;
            input = in;
            got = g;
            expected = sizeof(T) == 4 ? static_cast<T>(mpfr_get_flt(exact, MPFR_RNDN))
                                      : static_cast<T>(mpfr_get_d(exact, MPFR_RNDN));
        }
    }

    std::string report(const char* what, std::size_t n) const {
        std::ostringstream s;
        s << what << " <" << type_name<T>() << ">: max error " << ulp << " ULP over " << n
          << " inputs, at input " << describe(input) << ": got " << describe(got)
          << ", correctly rounded " << describe(expected) << "; " << over_bound
          << " inputs over the bound";
        return s.str();
    }
};

template <class T>
std::string range_report(const char* what, std::size_t violations, T first_in, T first_out) {
    std::ostringstream s;
    s << what << " <" << type_name<T>() << ">: " << violations << " results out of range";
    if (violations) s << ", first at input " << describe(first_in) << " -> " << describe(first_out);
    return s.str();
}

// Bit-for-bit spot check of the array results against scalar calls and direct batch calls.
template <class T, class F>
void spot_check_paths(const char* what, const F& f, const std::vector<T>& in,
                      const std::vector<T>& out) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    std::size_t scalar_bad = 0, batch_bad = 0, first_bad = 0;
    for (std::size_t i = 0; i < in.size(); i += 97) {
        if (!same_bits(f(in[i]), out[i])) {
            if (!scalar_bad && !batch_bad) first_bad = i;
            ++scalar_bad;
        }
    }
    for (std::size_t i = 0; i + W <= in.size(); i += 89 * W + 3) {
        alignas(64) T lanes[W];
        f(B::load_unaligned(&in[i])).store_aligned(lanes);
        for (std::size_t k = 0; k < W; ++k) {
            if (!same_bits(lanes[k], out[i + k])) {
                if (!scalar_bad && !batch_bad) first_bad = i + k;
                ++batch_bad;
            }
        }
    }
    INFO(what << " <" << type_name<T>() << ">: array result differs from scalar at " << scalar_bad
              << " and from batch at " << batch_bad << " spot-checked inputs"
              << ((scalar_bad || batch_bad)
                      ? ", first at input " + describe(in[first_bad]) + ": array " +
                            describe(out[first_bad]) + ", scalar " + describe(f(in[first_bad]))
                      : std::string()));
    CHECK(scalar_bad == 0);
    CHECK(batch_bad == 0);
}

struct suite {
    const char* name;
    family fam;
    ref_fn value, deriv, dfo;
    double lo, hi; // range of the value
    double dmax;   // derivative in [0, dmax]
    std::uint64_t seed;
};

template <class T, class F>
void run_accuracy(const F& f, const suite& s) {
    const std::size_t n = accuracy_sample_count();
    const std::vector<T> x = accuracy_inputs<T>(s.fam, n, s.seed);
    REQUIRE(x.size() == n);

    // The library, through the array layer.
    std::vector<T> y(n), d(n), g(n);
    activ::apply(f, x.data(), y.data(), n);
    activ::apply(activ::derivative(f), x.data(), d.data(), n);
    activ::apply(activ::derivative_from_output(f), y.data(), g.data(), n);

    spot_check_paths("value", f, x, y);
    spot_check_paths("derivative", activ::derivative(f), x, d);
    spot_check_paths("derivative_from_output", activ::derivative_from_output(f), y, g);

    // The reference.
    reference ref;
    mpfr_number rv(ref.precision()), rd(ref.precision()), rg(ref.precision());
    const double bv = bound_ulp(s.value), bd = bound_ulp(s.deriv), bg = bound_ulp(s.dfo);
    max_error<T> ev, ed, eg;
    std::size_t range_v = 0, range_d = 0;
    T range_v_in{}, range_v_out{}, range_d_in{}, range_d_out{};
    for (std::size_t i = 0; i < n; ++i) {
        const double xi = static_cast<double>(x[i]);
        if (s.fam == family::sigmoid)
            ref.sigmoid(xi, rv, rd);
        else
            ref.tanh(xi, rv, rd);
        ref.eval(s.dfo, static_cast<double>(y[i]), rg);

        ev.add(ulp_error(y[i], rv), x[i], y[i], rv, bv);
        ed.add(ulp_error(d[i], rd), x[i], d[i], rd, bd);
        eg.add(ulp_error(g[i], rg), y[i], g[i], rg, bg);

        if (!(y[i] >= T(s.lo) && y[i] <= T(s.hi))) {
            if (!range_v++) range_v_in = x[i], range_v_out = y[i];
        }
        if (!(d[i] >= T(0) && d[i] <= T(s.dmax))) {
            if (!range_d++) range_d_in = x[i], range_d_out = d[i];
        }
    }

    {
        INFO(ev.report(name(s.value), n));
        CHECK(ev.ulp <= bv);
    }
    {
        INFO(ed.report(name(s.deriv), n));
        CHECK(ed.ulp <= bd);
    }
    {
        INFO(eg.report(name(s.dfo), n));
        CHECK(eg.ulp <= bg);
    }
    {
        INFO(range_report(name(s.value), range_v, range_v_in, range_v_out));
        CHECK(range_v == 0);
    }
    {
        INFO(range_report(name(s.deriv), range_d, range_d_in, range_d_out));
        CHECK(range_d == 0);
    }
}

const suite sigmoid_suite{"sigmoid",
                          family::sigmoid,
                          ref_fn::sigmoid,
                          ref_fn::sigmoid_derivative,
                          ref_fn::sigmoid_derivative_from_output,
                          0.0,
                          1.0,
                          0.25,
                          0x5167'6d01'd000'0001ull};

const suite tanh_suite{"tanh",
                       family::tanh,
                       ref_fn::tanh,
                       ref_fn::tanh_derivative,
                       ref_fn::tanh_derivative_from_output,
                       -1.0,
                       1.0,
                       1.0,
                       0x7a9c'4000'0000'0002ull};

} // namespace

TEMPLATE_TEST_CASE("sigmoid: value, derivative and derivative_from_output within bounds",
                   "[accuracy][sigmoid]", float, double) {
    run_accuracy<TestType>(activ::sigmoid{}, sigmoid_suite);
}

TEMPLATE_TEST_CASE("tanh: value, derivative and derivative_from_output within bounds",
                   "[accuracy][tanh]", float, double) {
    run_accuracy<TestType>(activ::tanh{}, tanh_suite);
}

// The reference and the measure themselves, on values known in closed form, so that a defect in
// the test support cannot make the accuracy tests pass vacuously.
TEST_CASE("accuracy support: reference values and the ULP measure", "[accuracy][support]") {
    reference ref;
    mpfr_number r(128);

    // sigmoid(0) = 1/2, sigmoid'(0) = 1/4, tanh'(0) = 1, tanh(0) = 0.
    ref.eval(ref_fn::sigmoid, 0.0, r);
    CHECK(mpfr_cmp_d(r, 0.5) == 0);
    ref.eval(ref_fn::sigmoid_derivative, 0.0, r);
    CHECK(mpfr_cmp_d(r, 0.25) == 0);
    ref.eval(ref_fn::tanh_derivative, 0.0, r);
    CHECK(mpfr_cmp_d(r, 1.0) == 0);
    ref.eval(ref_fn::tanh, -0.0, r);
    CHECK(mpfr_zero_p(r));
    CHECK(mpfr_signbit(r));

    // Independent closed forms in long double: sigmoid(1) = 1/(1+e^-1), tanh(0.5).
    ref.eval(ref_fn::sigmoid, 1.0, r);
    CHECK(std::fabs(static_cast<double>(mpfr_get_ld(r, MPFR_RNDN)) -
                    static_cast<double>(1.0L / (1.0L + std::exp(-1.0L)))) < 1e-17);
    ref.eval(ref_fn::tanh, 0.5, r);
    CHECK(std::fabs(static_cast<double>(mpfr_get_ld(r, MPFR_RNDN)) - std::tanh(0.5)) < 1e-16);
    // tanh'(x) = 1 - tanh^2(x), sigmoid'(x) = s(1-s) at a moderate x (no cancellation there).
    ref.eval(ref_fn::tanh_derivative, 0.75, r);
    CHECK(std::fabs(mpfr_get_d(r, MPFR_RNDN) - (1.0 - std::tanh(0.75) * std::tanh(0.75))) < 1e-15);
    ref.eval(ref_fn::sigmoid_derivative, -1.5, r);
    const double s15 = 1.0 / (1.0 + std::exp(1.5));
    CHECK(std::fabs(mpfr_get_d(r, MPFR_RNDN) - s15 * (1.0 - s15)) < 1e-15);

    // sigmoid(-100) = e^-100 / (1 + e^-100) ~ 3.7200759760208361e-44 (subnormal in float).
    ref.eval(ref_fn::sigmoid, -100.0, r);
    CHECK(std::fabs(mpfr_get_d(r, MPFR_RNDN) / 3.7200759760208361e-44 - 1.0) < 1e-15);
    CHECK(mpfr_get_flt(r, MPFR_RNDN) ==
          27 * std::numeric_limits<float>::denorm_min()); // 26.55 -> 27
    // tanh(tiny) = tiny at 128 bits relative accuracy.
    ref.eval(ref_fn::tanh, 1e-300, r);
    CHECK(mpfr_get_d(r, MPFR_RNDN) == 1e-300);
    // Extreme inputs: saturate without NaN.
    ref.eval(ref_fn::sigmoid, -std::numeric_limits<double>::max(), r);
    CHECK(mpfr_zero_p(r));
    ref.eval(ref_fn::sigmoid, std::numeric_limits<double>::max(), r);
    CHECK(mpfr_cmp_d(r, 1.0) == 0);
    ref.eval(ref_fn::tanh_derivative, -std::numeric_limits<double>::infinity(), r);
    CHECK(mpfr_zero_p(r));

    // ULP measure. float: ulp(1) = 2^-23, ulp just below 1 = 2^-24; subnormal ulp = 2^-149.
    CHECK(ulp_error(1.0f, 1.0) == 0.0);
    CHECK(ulp_error(std::nextafter(1.0f, 2.0f), 1.0) == 1.0);
    CHECK(ulp_error(1.0f, 1.0 - 0x1p-24) == 1.0); // exact in [0.5, 1): ulp 2^-24
    CHECK(ulp_error(0.0f, 0x1p-149) == 1.0);
    CHECK(ulp_error(0.0f, 0x1p-151) == 0.25); // far below: still in 2^-149 units
    CHECK(ulp_error(0x1p-149f, 0.0) == 1.0);
    CHECK(ulp_error(0x1p-126f, 0x1p-126 + 0x1p-150) == 0.5); // smallest normal, ulp 2^-149
    CHECK(ulp_error(3.0, 3.0 + 0x1p-51) == 1.0);             // double, ulp(3) = 2^-51
    CHECK(ulp_error(0.0, 0x1p-1074) == 1.0);
    const float finf = std::numeric_limits<float>::infinity();
    const float fnan = std::numeric_limits<float>::quiet_NaN();
    CHECK(ulp_error(finf, 0x1p200) == 0.0); // beyond FLT_MAX: exact is +inf
    CHECK(std::isinf(ulp_error(std::numeric_limits<float>::max(), 0x1p200)));
    CHECK(std::isinf(ulp_error(-finf, 0x1p200)));
    CHECK(std::isinf(ulp_error(finf, 1.0)));
    CHECK(std::isinf(ulp_error(fnan, 1.0)));
    CHECK(std::isinf(ulp_error(1.0f, std::nan(""))));
    CHECK(ulp_error(fnan, std::nan("")) == 0.0);
    CHECK(ulp_error(-finf, -std::numeric_limits<double>::infinity()) == 0.0);
    // The measure keeps its resolution for differences far below the ulp (exact = a + b
    // formed at 256 bits, not representable in double).
    const auto ulp_vs_sum = [](auto computed, double a, double b, long scale = 0) {
        mpfr_number e(256);
        mpfr_set_d(e, a, MPFR_RNDN);
        mpfr_number t(256);
        mpfr_set_d(t, b, MPFR_RNDN);
        mpfr_mul_2si(t, t, scale, MPFR_RNDN); // b * 2^scale, exact
        mpfr_add(e, e, t, MPFR_RNDN);
        return ulp_error(computed, e.get());
    };
    CHECK(ulp_vs_sum(1.0, 1.0, 0x1p-60) == 0x1p-8);
    CHECK(ulp_vs_sum(3.0, 3.0, 0x1p-52) == 0.5);
    CHECK(ulp_vs_sum(1.0f, 1.0, -0x1p-30) == 0x1p-6);       // exact below 1: ulp 2^-24
    CHECK(ulp_vs_sum(0.0, 0x1p-1074, -1.0, -1076) == 0.75); // below the smallest subnormal
    CHECK(ulp_vs_sum(0x1p-149f, 0x1p-149, 0x1p-200) == 0x1p-51);

    // Name lookup for tools.
    CHECK(ref_fn_from_name("tanh.derivative") == ref_fn::tanh_derivative);
    CHECK(ref_fn_from_name("sigmoid_derivative_from_output") ==
          ref_fn::sigmoid_derivative_from_output);
    CHECK_FALSE(ref_fn_from_name("relu").has_value());
}
