// activ tests — [special]: NaN, infinities, signed zeros, subnormals, extremes, saturation points,
// the defects measured in peer libraries, range guarantees, relu/step exact semantics and step's
// at_zero parameter.
//
// Every special input is checked on all three paths (through_all_paths below):
//   * the scalar call f(x);
//   * a batch xsimd::batch<T> (default arch) with x in lane k and ordinary values in the other
//     lanes, for every k (the other lanes must equal the scalar results for their values);
//   * activ::apply, out of place and in place, with x at the first, last and batch-boundary
//     positions of an array of 2W+3 elements (so both the batch body and the tail see it).
// Expectations are independent of the library: exact values known in closed form, or the MPFR
// reference (support/reference.hpp) with the documented ULP bounds (support/ulp.hpp).
#include <activ/activ.hpp>

#include <catch2/catch.hpp>

#include <cfloat>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/inputs.hpp"
#include "support/reference.hpp"

namespace {

using namespace activ_test;

template <class T>
using expectation = std::function<void(T)>;

template <class T>
constexpr const char* type_name() {
    return sizeof(T) == 4 ? "float" : "double";
}

// ---------------------------------------------------------------------------------------------
// Paths

// An ordinary value for the lanes/elements around the special one.
template <class T>
T filler(std::size_t j) {
    return T(-2.75) + T(0.375) * static_cast<T>(j % 16);
}

template <class T, class F>
void through_all_paths(const F& f, T x, const expectation<T>& check) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    INFO("input " << describe(x) << " <" << type_name<T>() << ">");
    {
        INFO("path: scalar");
        check(f(x));
    }
    for (std::size_t k = 0; k < W; ++k) {
        alignas(64) T in[W];
        alignas(64) T out[W];
        for (std::size_t j = 0; j < W; ++j) in[j] = filler<T>(j);
        in[k] = x;
        f(B::load_aligned(in)).store_aligned(out);
        INFO("path: batch of " << W << ", lane " << k);
        check(out[k]);
        for (std::size_t j = 0; j < W; ++j) {
            if (j == k) continue;
            INFO("other lane " << j << ": input " << describe(in[j]) << ", got " << describe(out[j])
                               << ", scalar " << describe(f(in[j])));
            CHECK(same_bits(out[j], f(in[j])));
        }
    }
    constexpr std::size_t L = 2 * W + 3;
    const std::size_t positions[] = {0, 1, W - 1, W, 2 * W, L - 1};
    for (std::size_t p : positions) {
        std::vector<T> in(L), out(L, sentinel<T>());
        for (std::size_t j = 0; j < L; ++j) in[j] = filler<T>(j);
        in[p] = x;
        std::vector<T> inplace = in;
        activ::apply(f, in.data(), out.data(), L);
        activ::apply(f, inplace.data(), L);
        {
            INFO("path: activ::apply out of place, n = " << L << ", position " << p);
            check(out[p]);
        }
        {
            INFO("path: activ::apply in place, n = " << L << ", position " << p);
            check(inplace[p]);
        }
        CHECK(same_bits(in[p], x)); // the input array is not modified
    }
}

// ---------------------------------------------------------------------------------------------
// Expectations

template <class T>
expectation<T> is_bits(T e) {
    return [e](T got) {
        INFO("expected exactly " << describe(e) << ", got " << describe(got));
        CHECK(same_bits(got, e));
    };
}

template <class T>
expectation<T> is_nan() {
    return [](T got) {
        INFO("expected NaN, got " << describe(got));
        CHECK(std::isnan(got));
    };
}

// Equal as a number (either zero sign), not NaN.
template <class T>
expectation<T> equals(T e) {
    return [e](T got) {
        INFO("expected " << describe(e) << " (either sign of zero), got " << describe(got));
        CHECK(got == e);
    };
}

// Within the documented bound of the MPFR reference of fn at x.
template <class T>
expectation<T> near_ref(ref_fn fn, T x) {
    auto exact = std::make_shared<mpfr_number>(reference::default_precision);
    reference ref;
    ref.eval(fn, static_cast<double>(x), *exact);
    const T rounded = exact->template to<T>();
    return [exact, rounded, fn](T got) {
        const double err = ulp_error(got, exact->get());
        INFO(name(fn) << ": got " << describe(got) << ", correctly rounded " << describe(rounded)
                      << ", error " << err << " ULP, bound " << bound_ulp(fn));
        CHECK(err <= bound_ulp(fn));
    };
}

template <class T>
expectation<T> in_range(double lo, double hi) {
    return [lo, hi](T got) {
        INFO("expected in [" << lo << ", " << hi << "], got " << describe(got));
        CHECK(got >= T(lo));
        CHECK(got <= T(hi));
    };
}

template <class T, class Pred>
expectation<T> satisfies(const char* what, Pred p) {
    return [what, p](T got) {
        INFO("expected " << what << ", got " << describe(got));
        CHECK(p(got));
    };
}

template <class T>
expectation<T> all_of(std::vector<expectation<T>> es) {
    return [es](T got) {
        for (const auto& e : es) e(got);
    };
}

// Checks value, derivative and derivative_from_output (at the library's own y = f(x)) of a
// smooth function against the reference, on all paths.
template <class T, class F>
void check_smooth_at(const F& f, ref_fn value, ref_fn deriv, ref_fn dfo, T x) {
    through_all_paths<T>(f, x, near_ref<T>(value, x));
    through_all_paths<T>(activ::derivative(f), x, near_ref<T>(deriv, x));
    const T y = f(x);
    if (!std::isnan(y))
        through_all_paths<T>(activ::derivative_from_output(f), y, near_ref<T>(dfo, y));
}

template <class T>
void check_sigmoid_at(T x) {
    INFO("sigmoid at " << describe(x));
    check_smooth_at<T>(activ::sigmoid{}, ref_fn::sigmoid, ref_fn::sigmoid_derivative,
                       ref_fn::sigmoid_derivative_from_output, x);
}

template <class T>
void check_tanh_at(T x) {
    INFO("tanh at " << describe(x));
    check_smooth_at<T>(activ::tanh{}, ref_fn::tanh, ref_fn::tanh_derivative,
                       ref_fn::tanh_derivative_from_output, x);
}

// Geometric sweep of `count` values from a to b (both > 0), endpoints included.
template <class T>
std::vector<T> geometric(double a, double b, int count) {
    std::vector<T> v;
    const double la = std::log(a), lb = std::log(b);
    for (int i = 0; i < count; ++i) {
        T t = static_cast<T>(std::exp(la + (lb - la) * i / (count - 1)));
        if (std::isinf(t)) t = std::numeric_limits<T>::max();
        v.push_back(t);
    }
    v.back() = static_cast<T>(b);
    return v;
}

} // namespace

// =============================================================================================
// NaN

#if !ACTIV_FAST_MATH
TEMPLATE_TEST_CASE("NaN in, NaN out: every function, derivative and derivative_from_output",
                   "[special][nan]", float, double) {
    using T = TestType;
    const T nans[] = {
        std::numeric_limits<T>::quiet_NaN(), -std::numeric_limits<T>::quiet_NaN(),
        from_bits<T>(sizeof(T) == 4 ? bits_t<T>(0x7fc12345u) : bits_t<T>(0xfff8000012345678ull))};
    for (T x : nans) {
        const auto all_forms = [&](const char* fname, const auto& f) {
            INFO(fname);
            {
                INFO("value");
                through_all_paths<T>(f, x, is_nan<T>());
            }
            {
                INFO("derivative");
                through_all_paths<T>(activ::derivative(f), x, is_nan<T>());
            }
            {
                INFO("derivative_from_output");
                through_all_paths<T>(activ::derivative_from_output(f), x, is_nan<T>());
            }
        };
        all_forms("relu", activ::relu{});
        all_forms("sigmoid", activ::sigmoid{});
        all_forms("tanh", activ::tanh{});
        all_forms("step{}", activ::step{});
        all_forms("step{0.5}", activ::step{0.5});
        all_forms("step{1}", activ::step{1.0});
    }
}
#endif

// =============================================================================================
// sigmoid

TEMPLATE_TEST_CASE("sigmoid: infinities, zeros, subnormal and extreme inputs", "[special][sigmoid]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const activ::sigmoid f{};
    const auto d = activ::derivative(f);
    const auto g = activ::derivative_from_output(f);

#if !ACTIV_FAST_MATH
    through_all_paths<T>(f, L::infinity(), is_bits<T>(1));
    through_all_paths<T>(f, -L::infinity(), equals<T>(0));
    through_all_paths<T>(d, L::infinity(), equals<T>(0));
    through_all_paths<T>(d, -L::infinity(), equals<T>(0));
#endif
    through_all_paths<T>(f, T(0), is_bits<T>(0.5));
    through_all_paths<T>(f, -T(0), is_bits<T>(0.5));
    through_all_paths<T>(d, T(0), is_bits<T>(0.25));
    through_all_paths<T>(d, -T(0), is_bits<T>(0.25));
    through_all_paths<T>(g, T(0.5), is_bits<T>(0.25));
    through_all_paths<T>(g, T(0), equals<T>(0));
    through_all_paths<T>(g, T(1), equals<T>(0));

    // Every finite special value (subnormal extremes, FLT_MIN, FLT_MAX, -FLT_MAX, ...).
    for (T x : special_values<T>())
        if (std::isfinite(x)) check_sigmoid_at<T>(x);
}

TEMPLATE_TEST_CASE("sigmoid: saturation points and the subnormal tail", "[special][sigmoid]", float,
                   double) {
    using T = TestType;
    std::vector<double> points = {20,  16.6,  17,     36.7, 37,  40,  87.33, 88, 89,
                                  100, 103.9, 103.97, 104,  105, 110, 1e3,   1e4};
    if (sizeof(T) == 8) {
        for (double p :
             {700.0, 708.3, 708.4, 709.0, 709.8, 710.0, 740.0, 745.0, 745.13, 745.2, 746.0, 800.0})
            points.push_back(p);
    }
    for (double p : points) {
        check_sigmoid_at<T>(static_cast<T>(p));
        check_sigmoid_at<T>(static_cast<T>(-p));
    }
}

TEST_CASE("sigmoid(-88f) and sigmoid(-100f) follow e^x into the subnormal range",
          "[special][sigmoid]") {
    const activ::sigmoid f{};
    // Eigen 3.4 returns 0 for sigmoid(-88); exact e^-88/(1+e^-88) = 6.0546018954011858e-39.
    through_all_paths<float>(
        f, -88.0f,
        all_of<float>({near_ref<float>(ref_fn::sigmoid, -88.0f),
                       satisfies<float>("nonzero, about 6.05e-39",
                                        [](float y) { return y > 6.0e-39f && y < 6.1e-39f; })}));
    // exact 3.7200759760208361e-44 = 26.55 * 2^-149: a nonzero subnormal.
    through_all_paths<float>(
        f, -100.0f,
        all_of<float>({near_ref<float>(ref_fn::sigmoid, -100.0f),
                       satisfies<float>("a nonzero subnormal near 3.72e-44", [](float y) {
                           return y >= 25 * FLT_TRUE_MIN && y <= 29 * FLT_TRUE_MIN;
                       })}));
    // The derivative too: sigmoid'(+-100) = e^-100/(1+e^-100)^2, the same subnormal.
    through_all_paths<float>(activ::derivative(f), 100.0f,
                             near_ref<float>(ref_fn::sigmoid_derivative, 100.0f));
    through_all_paths<float>(activ::derivative(f), -100.0f,
                             near_ref<float>(ref_fn::sigmoid_derivative, -100.0f));
}

TEMPLATE_TEST_CASE("sigmoid is nonzero while the exact value is at least half the smallest "
                   "subnormal",
                   "[special][sigmoid]", float, double) {
    using T = TestType;
    // Threshold: sigmoid(x) = 2^(emin_sub - 1) at x ~ -(p_sub + 1) ln 2, i.e. -103.972077 for
    // float (2^-150) and -745.1332191 for double (2^-1075). Find the first T at or above it from
    // the reference, then check the 200 consecutive values above: each nonzero and within bound.
    // Smallest subnormal 2^sub_exp: -149 / -1074.
    const int sub_exp = std::numeric_limits<T>::min_exponent - std::numeric_limits<T>::digits;
    const T guess = static_cast<T>((sub_exp - 1) * std::log(2.0));
    reference ref;
    mpfr_number r(128), h(128);
    mpfr_set_ui(h, 1, MPFR_RNDN);
    mpfr_mul_2si(h, h, sub_exp - 1, MPFR_RNDN); // half the smallest subnormal
    T x = guess;
    // Move down while still above the threshold, then up until at/above it.
    for (int i = 0; i < 1000; ++i) {
        ref.eval(ref_fn::sigmoid,
                 static_cast<double>(std::nextafter(x, -std::numeric_limits<T>::infinity())), r);
        if (mpfr_cmp(r, h) < 0) break;
        x = std::nextafter(x, -std::numeric_limits<T>::infinity());
    }
    for (int i = 0; i < 1000; ++i) {
        ref.eval(ref_fn::sigmoid, static_cast<double>(x), r);
        if (mpfr_cmp(r, h) >= 0) break;
        x = std::nextafter(x, T(0));
    }
    ref.eval(ref_fn::sigmoid, static_cast<double>(x), r);
    REQUIRE(mpfr_cmp(r, h) >= 0);
    INFO("threshold input " << describe(x));
    CHECK(std::fabs(static_cast<double>(x) - (sizeof(T) == 4 ? -103.972077 : -745.1332191)) < 1e-4);
    const activ::sigmoid f{};
    for (int i = 0; i < 200; ++i, x = std::nextafter(x, T(0))) {
        through_all_paths<T>(f, x,
                             all_of<T>({near_ref<T>(ref_fn::sigmoid, x),
                                        satisfies<T>("nonzero", [](T y) { return y > T(0); })}));
    }
    // And far below the threshold the result is within the bound of an essentially zero value.
    for (double p : {-106.0, -120.0, -200.0, -1000.0, -1e10, -1e30}) {
        const T t = static_cast<T>(p);
        through_all_paths<T>(f, t, all_of<T>({near_ref<T>(ref_fn::sigmoid, t), in_range<T>(0, 1)}));
    }
}

TEMPLATE_TEST_CASE("sigmoid stays finite and in range for huge |x| (XNNPACK: NaN from 4.3e26)",
                   "[special][sigmoid]", float, double) {
    using T = TestType;
    const activ::sigmoid f{};
    auto xs = geometric<T>(4e26, std::numeric_limits<T>::max(), 60);
    if (sizeof(T) == 8) {
        auto more = geometric<T>(1e3, 1e300, 60);
        xs.insert(xs.end(), more.begin(), more.end());
    }
    for (T x : xs) {
        for (T s : {x, -x}) {
            through_all_paths<T>(f, s,
                                 all_of<T>({near_ref<T>(ref_fn::sigmoid, s), in_range<T>(0, 1)}));
            through_all_paths<T>(
                activ::derivative(f), s,
                all_of<T>({near_ref<T>(ref_fn::sigmoid_derivative, s), in_range<T>(0, 0.25)}));
        }
    }
}

// =============================================================================================
// tanh

TEMPLATE_TEST_CASE("tanh: infinities, signed zeros, subnormal and extreme inputs",
                   "[special][tanh]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const activ::tanh f{};
    const auto d = activ::derivative(f);
    const auto g = activ::derivative_from_output(f);

#if !ACTIV_FAST_MATH
    through_all_paths<T>(f, L::infinity(), is_bits<T>(1));
    through_all_paths<T>(f, -L::infinity(), is_bits<T>(-1));
    through_all_paths<T>(d, L::infinity(), equals<T>(0));
    through_all_paths<T>(d, -L::infinity(), equals<T>(0));
#endif
    through_all_paths<T>(f, T(0), is_bits<T>(T(0)));
    through_all_paths<T>(f, -T(0), is_bits<T>(-T(0))); // sign of zero kept
    through_all_paths<T>(d, T(0), is_bits<T>(1));
    through_all_paths<T>(d, -T(0), is_bits<T>(1));
    through_all_paths<T>(g, T(0), is_bits<T>(1));
    through_all_paths<T>(g, -T(0), is_bits<T>(1));
    through_all_paths<T>(g, T(1), equals<T>(0));
    through_all_paths<T>(g, T(-1), equals<T>(0));

    for (T x : special_values<T>())
        if (std::isfinite(x)) check_tanh_at<T>(x);
}

TEMPLATE_TEST_CASE("tanh(x) == x bitwise for tiny |x|", "[special][tanh]", float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    // float: correctly rounded tanh(x) is x for |x| < 2^-13 (x^3/3 below half an ulp of x).
    // double: checked well inside the analogous region, |x| <= 2^-30.
    const T limit = sizeof(T) == 4 ? std::nextafter(T(0x1p-13), T(0)) : T(0x1p-30);
    std::vector<T> xs = {L::denorm_min(),
                         2 * L::denorm_min(),
                         std::nextafter(L::min(), T(0)),
                         L::min(),
                         std::nextafter(L::min(), T(1)),
                         T(1e-30),
                         T(1e-20),
                         T(1e-10),
                         T(1e-5),
                         limit / 2,
                         limit};
    std::mt19937_64 rng(0x7a11'0001);
    for (int i = 0; i < 200; ++i) {
        T v = random_finite<T>(rng);
        if (std::fabs(v) <= limit) xs.push_back(std::fabs(v));
        xs.push_back(static_cast<T>(limit * unit(rng)));
    }
    const activ::tanh f{};
    for (T x : xs) {
        if (!(x <= limit)) continue; // the fixed list is shared by float and double
        through_all_paths<T>(f, x, is_bits<T>(x));
        through_all_paths<T>(f, -x, is_bits<T>(-x));
    }
}

TEMPLATE_TEST_CASE("tanh: saturation points", "[special][tanh]", float, double) {
    using T = TestType;
    std::vector<double> points = {8, 8.5, 9, 9.01, 9.1, 10, 20, 30, 44.4, 50, 52.7, 53, 60, 100};
    if (sizeof(T) == 8) {
        for (double p :
             {18.0, 19.0, 19.06, 19.1, 25.0, 355.0, 360.0, 373.0, 373.3, 374.0, 400.0, 1e4})
            points.push_back(p);
    }
    for (double p : points) {
        check_tanh_at<T>(static_cast<T>(p));
        check_tanh_at<T>(static_cast<T>(-p));
    }
    const activ::tanh f{};
    for (T x : geometric<T>(30, std::numeric_limits<T>::max(), 60)) {
        through_all_paths<T>(f, x, all_of<T>({near_ref<T>(ref_fn::tanh, x), in_range<T>(-1, 1)}));
        through_all_paths<T>(f, -x, all_of<T>({near_ref<T>(ref_fn::tanh, -x), in_range<T>(-1, 1)}));
        through_all_paths<T>(activ::derivative(f), x, near_ref<T>(ref_fn::tanh_derivative, x));
    }
}

TEST_CASE("tanh'(9f) ~ 6.09e-8: not the cancelled 1 - tanh^2 (0 or 1.19e-7)", "[special][tanh]") {
    const auto d = activ::derivative(activ::tanh{});
    for (float x : {9.0f, -9.0f}) {
        through_all_paths<float>(
            d, x,
            all_of<float>(
                {near_ref<float>(ref_fn::tanh_derivative, x),
                 satisfies<float>("about 6.09e-8, not 0, not 2^-23 = 1.19e-7", [](float v) {
                     return v > 6.0e-8f && v < 6.2e-8f && v != 0x1p-23f;
                 })}));
    }
    // Further out the derivative keeps following 4e^-2|x| (cancellation would give 0 there).
    for (float x : {10.0f, 15.0f, 20.0f, 30.0f, 44.0f, 50.0f}) {
        through_all_paths<float>(
            d, x,
            all_of<float>({near_ref<float>(ref_fn::tanh_derivative, x),
                           satisfies<float>("nonzero", [](float v) { return v > 0; })}));
    }
}

TEST_CASE("sigmoid'(x) for large |x| is not the cancelled s(1-s)", "[special][sigmoid]") {
    const auto d = activ::derivative(activ::sigmoid{});
    for (float x : {17.0f, 20.0f, 30.0f, 50.0f, 80.0f, -17.0f, -30.0f, -80.0f}) {
        through_all_paths<float>(
            d, x,
            all_of<float>({near_ref<float>(ref_fn::sigmoid_derivative, x),
                           satisfies<float>("nonzero", [](float v) { return v > 0; })}));
    }
}

// =============================================================================================
// Range guarantees

TEMPLATE_TEST_CASE("range: sigmoid in [0,1], tanh in [-1,1], derivatives in [0,1/4] / [0,1]",
                   "[special][range]", float, double) {
    using T = TestType;
    std::vector<T> xs = identity_inputs<T>(20000, 0x5a17'0003);
    for (T x : special_values<T>()) xs.push_back(x);
    for (int e = -40; e <= 40; ++e) {
        const T m = static_cast<T>(std::ldexp(1.0, e));
        for (T x : {m, -m, std::nextafter(m, T(0)), -std::nextafter(m, T(0))}) xs.push_back(x);
    }
    const std::size_t n = xs.size();
    std::vector<T> y(n), z(n);

    struct range_case {
        const char* name;
        double lo, hi;
    };
    const auto check_range = [&](const range_case& rc, const std::vector<T>& in,
                                 const std::vector<T>& out, const auto& f) {
        std::size_t bad = 0, first = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const T o = out[i];
            const bool ok = std::isnan(in[i]) ? std::isnan(o) : (o >= T(rc.lo) && o <= T(rc.hi));
            const bool scalar_ok = same_bits(f(in[i]), o);
            if (!(ok && scalar_ok) && !bad++) first = i;
        }
        INFO(rc.name << " <" << type_name<T>() << ">: " << bad << " of " << n << " results out of ["
                     << rc.lo << ", " << rc.hi
                     << "] (NaN only for NaN) or differing from the scalar call"
                     << (bad ? ", first at input " + describe(in[first]) + " -> " +
                                   describe(out[first]) + " (scalar " + describe(f(in[first])) + ")"
                             : std::string()));
        CHECK(bad == 0);
    };

    const activ::sigmoid s{};
    activ::apply(s, xs.data(), y.data(), n);
    check_range({"sigmoid", 0, 1}, xs, y, s);
    activ::apply(activ::derivative(s), xs.data(), z.data(), n);
    check_range({"sigmoid.derivative", 0, 0.25}, xs, z, activ::derivative(s));
    activ::apply(activ::derivative_from_output(s), y.data(), z.data(), n);
    check_range({"sigmoid.derivative_from_output", 0, 0.25}, y, z,
                activ::derivative_from_output(s));

    const activ::tanh t{};
    activ::apply(t, xs.data(), y.data(), n);
    check_range({"tanh", -1, 1}, xs, y, t);
    activ::apply(activ::derivative(t), xs.data(), z.data(), n);
    check_range({"tanh.derivative", 0, 1}, xs, z, activ::derivative(t));
    activ::apply(activ::derivative_from_output(t), y.data(), z.data(), n);
    check_range({"tanh.derivative_from_output", 0, 1}, y, z, activ::derivative_from_output(t));
}

// =============================================================================================
// relu: exact

TEMPLATE_TEST_CASE("relu, relu' and relu derivative_from_output: exact values", "[special][relu]",
                   float, double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const activ::relu f{};
    const auto d = activ::derivative(f);
    const auto g = activ::derivative_from_output(f);
    struct row {
        T x, value, deriv, dfo;
    };
    const T pz = T(0), nz = -T(0);
    std::vector<row> rows = {
        {pz, pz, pz, pz},
        {nz, nz, pz, pz}, // -0 passes through; derivative 0 at 0 (PyTorch's convention)
        {L::denorm_min(), L::denorm_min(), 1, 1},
        {-L::denorm_min(), pz, pz, pz},
        {std::nextafter(L::min(), T(0)), std::nextafter(L::min(), T(0)), 1, 1},
        {L::min(), L::min(), 1, 1},
        {-L::min(), pz, pz, pz},
        {T(1.5), T(1.5), 1, 1},
        {T(-2.5), pz, pz, pz},
        {T(1e-3), T(1e-3), 1, 1},
        {L::max(), L::max(), 1, 1},
        {-L::max(), pz, pz, pz},
    };
#if !ACTIV_FAST_MATH
    rows.push_back({L::infinity(), L::infinity(), 1, 1});
    rows.push_back({-L::infinity(), pz, pz, pz});
#endif
    for (const row& r : rows) {
        through_all_paths<T>(f, r.x, is_bits<T>(r.value));
        through_all_paths<T>(d, r.x, is_bits<T>(r.deriv));
        through_all_paths<T>(g, r.x, is_bits<T>(r.dfo));
    }
    // Dense: every value of a random sample, against the definition.
    std::mt19937_64 rng(0x7e1u);
    for (int i = 0; i < 500; ++i) {
        const T x = i % 2 ? random_finite<T>(rng) : uniform<T>(rng, -30, 30);
        const bool pos = x > 0;
        through_all_paths<T>(f, x, is_bits<T>(x >= 0 ? x : T(0)));
        through_all_paths<T>(d, x, is_bits<T>(pos ? T(1) : T(0)));
        through_all_paths<T>(g, x, is_bits<T>(pos ? T(1) : T(0)));
    }
}

// =============================================================================================
// step: exact, with at_zero

TEMPLATE_TEST_CASE("step: exact values and the at_zero parameter", "[special][step]", float,
                   double) {
    using T = TestType;
    using L = std::numeric_limits<T>;
    const T pz = T(0), nz = -T(0);

    const auto check_step = [&](const activ::step& f, T at_zero) {
        INFO("at_zero = " << describe(at_zero));
        const auto d = activ::derivative(f);
        const auto g = activ::derivative_from_output(f);
        std::vector<std::pair<T, T>> rows = {
            {pz, at_zero}, {nz, at_zero},   {L::denorm_min(), 1}, {-L::denorm_min(), pz},
            {L::min(), 1}, {-L::min(), pz}, {T(0.5), 1},          {T(-0.5), pz},
            {L::max(), 1}, {-L::max(), pz}, {T(1e-30), 1},        {T(-1e-30), pz},
        };
#if !ACTIV_FAST_MATH
        rows.push_back({L::infinity(), 1});
        rows.push_back({-L::infinity(), pz});
#endif
        for (const auto& r : rows) {
            through_all_paths<T>(f, r.first, is_bits<T>(r.second));
            through_all_paths<T>(d, r.first, is_bits<T>(pz));
        }
        // derivative_from_output is 0 at every output value (and anywhere else).
        for (T y : {pz, nz, T(1), at_zero, T(0.25), T(-3), L::max()})
            through_all_paths<T>(g, y, is_bits<T>(pz));
    };

    check_step(activ::step{}, T(0));
    const activ::step default_constructed;
    check_step(default_constructed, T(0));
    check_step(activ::step{0.0}, T(0));
    check_step(activ::step{0.5}, T(0.5));
    check_step(activ::step{1.0}, T(1));
    check_step(activ::step{-0.0}, nz); // not the +0 of by_sign_zero's fast form
    check_step(activ::step{0.1}, static_cast<T>(0.1)); // converted to T
}
