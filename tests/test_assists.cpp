// activ tests — [assist]: with FMA (AVX2 or AVX-512), no floating-point instruction underflows
// while sigmoid, sigmoid', tanh', silu, swish, gelu_tanh, elu, selu, celu, softplus, log_sigmoid,
// mish, gelu, their derivatives and the exponential spike surrogates follow e^-|x| into the
// subnormal range and to 0.
//
// Intel cores take a microcode assist, ~150 cycles, for a multiplication, FMA or VSCALEF with
// a subnormal operand, and for an instruction whose result underflows (unless FTZ/DAZ are
// set): one input in a few hundred below -87 made sigmoid 5x slower (bench/subnormal_cost.cpp).
// The MXCSR flag UE records an underflow (a result that is tiny and inexact, with underflow
// masked as it is by default), so this test reads it instead of timing anything: it must stay
// clear over normal inputs whose results cover the subnormal range and reach 0, on the scalar,
// batch and array paths. The multiplications stay away from subnormal operands by the same
// construction (masked to the lanes where e^-|x| >= 2^-60 with AVX-512 and GCC, with operands
// raised to 2^-60 otherwise), but their flag, DE, is also raised by an addition of a subnormal (1 +
// e, AVX-512), which takes no assist, so it is not checked. Subnormal and tiny inputs are out of
// scope (the reduction multiplies x itself; FTZ/DAZ is the remedy there, README). Without FMA (the
// SSE build), or with ACTIV_ASSIST_FREE=0 (the contract configuration), the kernels compute on
// subnormals: no test case there.
#include <activ/activ.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstddef>
#include <limits>
#include <random>
#include <vector>

#include "support/inputs.hpp"

#if ACTIV_X86 && ACTIV_HAS_FMA && ACTIV_ASSIST_FREE

#include <xmmintrin.h>

namespace {

constexpr unsigned underflow_flag = 1u << 4; // UE

// Whether run() raised UE.
template <class Run>
bool underflowed(Run run) {
    _mm_setcsr(_mm_getcsr() & ~0x3Fu);
    __asm__ volatile("" ::: "memory");
    run();
    __asm__ volatile("" ::: "memory");
    return (_mm_getcsr() & underflow_flag) != 0;
}

// Normal inputs from where the result is 0 to where it is near 1: a fine grid over the
// negative tail (every binade of subnormal results, the boundary to the normal range, and to
// 0), a coarse one elsewhere, both signs, and the special values that are not subnormal.
template <class T>
std::vector<T> inputs() {
    const double tail = sizeof(T) == 4 ? 120.0 : 800.0;
    std::vector<T> x;
    for (double v = -tail; v < -tail / 8; v += tail / 40000) x.push_back(static_cast<T>(v));
    for (double v = -tail / 8; v <= tail; v += tail / 997) x.push_back(static_cast<T>(v));
    for (std::size_t i = 0, n = x.size(); i < n; ++i) x.push_back(-x[i]);
    x.push_back(std::numeric_limits<T>::infinity());
    x.push_back(-std::numeric_limits<T>::infinity());
    x.push_back(std::numeric_limits<T>::quiet_NaN());
    x.push_back(std::numeric_limits<T>::max());
    x.push_back(std::numeric_limits<T>::lowest());
    x.push_back(T(0));
    x.push_back(T(-0.0));
    while (x.size() % xsimd::batch<T>::size != 0) x.push_back(T(1));
    return x;
}

template <class T, class F>
void check_no_underflow(const char* name, const F& f, bool subnormal_results_expected = true) {
    using B = xsimd::batch<T>;
    const std::vector<T> x = inputs<T>();
    std::vector<T> y(x.size());
    INFO(name << " <" << (sizeof(T) == 4 ? "float" : "double") << ">, " << x.size() << " inputs");
    // The inputs must be what the test says: normal or zero, and the results must reach the
    // subnormal range (tanh is the control: its exponential is clamped), or the test proves
    // nothing.
    for (T v : x) REQUIRE(std::fpclassify(v) != FP_SUBNORMAL);
    {
        INFO("path: apply");
        CHECK_FALSE(underflowed([&] { activ::apply(f, x.data(), y.data(), x.size()); }));
    }
    std::size_t subnormal_results = 0;
    for (T v : y) subnormal_results += std::fpclassify(v) == FP_SUBNORMAL;
    if (subnormal_results_expected) CHECK(subnormal_results > 1000);
    {
        INFO("path: batch");
        CHECK_FALSE(underflowed([&] {
            for (std::size_t i = 0; i < x.size(); i += B::size)
                f(B::load_unaligned(&x[i])).store_unaligned(&y[i]);
        }));
    }
    {
        INFO("path: scalar");
        CHECK_FALSE(underflowed([&] {
            for (std::size_t i = 0; i < x.size(); ++i) y[i] = f(x[i]);
        }));
    }
}

} // namespace

TEMPLATE_TEST_CASE("no underflow inside sigmoid, sigmoid', tanh and tanh' (MXCSR UE)", "[assist]",
                   float, double) {
    check_no_underflow<TestType>("sigmoid", activ::sigmoid{});
    check_no_underflow<TestType>("sigmoid'", activ::derivative(activ::sigmoid{}));
    check_no_underflow<TestType>("tanh'", activ::derivative(activ::tanh{}));
    check_no_underflow<TestType>("tanh", activ::tanh{}, false);
}

// silu, swish and gelu_tanh (and their derivatives) scale their quotient by 2^k last
// (kernels::ldexp_gradual), and drop e^-|z| from 1 + e where it is negligible.
TEMPLATE_TEST_CASE("no underflow inside silu, swish, gelu_tanh and their derivatives", "[assist]",
                   float, double) {
    check_no_underflow<TestType>("silu", activ::silu{});
    check_no_underflow<TestType>("silu'", activ::derivative(activ::silu{}));
    check_no_underflow<TestType>("swish(1.5)", activ::swish{1.5});
    check_no_underflow<TestType>("swish(1.5)'", activ::derivative(activ::swish{1.5}));
    // gelu_tanh's subnormal results lie in [-10.9, -9.4] (float): the coarse part of the grid.
    check_no_underflow<TestType>("gelu_tanh", activ::gelu_tanh{}, false);
    check_no_underflow<TestType>("gelu_tanh'", activ::derivative(activ::gelu_tanh{}), false);
}

// elu, selu and celu: e^x - 1 from x clamped at -40 (-1 to within far less than an ULP below),
// and the derivative alpha e^x scaled by 2^k last (kernels::ldexp_gradual).
TEMPLATE_TEST_CASE("no underflow inside elu, selu, celu and their derivatives", "[assist]", float,
                   double) {
    check_no_underflow<TestType>("elu", activ::elu{}, false);
    check_no_underflow<TestType>("elu'", activ::derivative(activ::elu{}));
    check_no_underflow<TestType>("elu(0.1)'", activ::derivative(activ::elu{0.1}));
    check_no_underflow<TestType>("selu", activ::selu{}, false);
    check_no_underflow<TestType>("selu'", activ::derivative(activ::selu{}));
    check_no_underflow<TestType>("celu(0.7)", activ::celu{0.7}, false);
    check_no_underflow<TestType>("celu(0.7)'", activ::derivative(activ::celu{0.7}));
}

// softplus and log_sigmoid: log1p(u) only where u = e^-|x| is exp's unscaled part (u >= 2^-40
// float), u itself (from the parts, scaled by kernels::ldexp_gradual) below; mish likewise with
// its fractions of e.
TEMPLATE_TEST_CASE("no underflow inside softplus, log_sigmoid, mish and their derivatives",
                   "[assist]", float, double) {
    check_no_underflow<TestType>("softplus", activ::softplus{});
    check_no_underflow<TestType>("softplus'", activ::derivative(activ::softplus{}));
    // beta = 2: double's subnormal results lie in [-372, -354], ~900 points of the grid.
    const bool float_type = sizeof(TestType) == 4;
    check_no_underflow<TestType>("softplus(2)", activ::softplus{2.0}, float_type);
    check_no_underflow<TestType>("softplus(2)'", activ::derivative(activ::softplus{2.0}),
                                 float_type);
    check_no_underflow<TestType>("softplus(0.5)", activ::softplus{0.5}, false);
    check_no_underflow<TestType>("log_sigmoid", activ::log_sigmoid{});
    check_no_underflow<TestType>("log_sigmoid'", activ::derivative(activ::log_sigmoid{}));
    check_no_underflow<TestType>("mish", activ::mish{});
    check_no_underflow<TestType>("mish'", activ::derivative(activ::mish{}));
}

// gelu and gelu': e^{-x^2/2} times the interval's polynomial, scaled last by ldexp_gradual.
// (x - |x| Q(|x|) adds a subnormal to x above x ~ 13.5: an addition takes no assist.)
TEMPLATE_TEST_CASE("no underflow inside gelu and gelu'", "[assist]", float, double) {
    check_no_underflow<TestType>("gelu", activ::gelu{}, false);
    check_no_underflow<TestType>("gelu'", activ::derivative(activ::gelu{}), false);
}

// The spike surrogates built on e^-x: the sigmoid's derivative k s (1 - s), k = 25 (subnormal
// below |x| ~ 3.5 / 28 float / double), and the gaussian (sigma = 0.5: below |x| ~ 6.6 / 19).
TEMPLATE_TEST_CASE("no underflow inside the sigmoid and gaussian spike surrogates", "[assist]",
                   float, double) {
    // Their subnormal results lie in the coarse part of the grid (|x| of a few units).
    check_no_underflow<TestType>(
        "spike<sigmoid>'", activ::derivative(activ::spike<activ::surrogate::sigmoid>{}), false);
    check_no_underflow<TestType>(
        "spike<gaussian>'", activ::derivative(activ::spike<activ::surrogate::gaussian>{}), false);
}

#endif

// The scalings themselves, against std::ldexp (exact, or rounded once to nearest-even where the
// result is subnormal) bit for bit, on every exponent from where the result is 0 to where it is
// normal, with random significands and the ties of the subnormal grid, as scalars and in every
// lane of a batch. These run in every configuration: the kernels exist whether or not
// ACTIV_ASSIST_FREE selects them.
namespace {

template <class T>
std::vector<T> significands() {
    // [1/2, 2): both ends, random values, and values that fall halfway between two subnormals
    // (an odd multiple of half the grid) for shifts of 1 to 30 bits below the normal range.
    std::vector<T> v = {T(0.5), T(1), std::nextafter(T(2), T(0)), std::nextafter(T(1), T(0))};
    std::mt19937_64 rng(12345);
    for (int i = 0; i < 200; ++i) v.push_back(static_cast<T>(0.5 + 1.5 * activ_test::unit(rng)));
    // 1 + (2k + 1) 2^-(s + 1): v 2^(s - bias - digits + 2) lies halfway between two subnormals.
    for (int shift = 1; shift <= 30; ++shift)
        for (int k : {0, 1, 2, 511}) {
            const T tie = T(1) + std::ldexp(static_cast<T>(2 * k + 1), -shift - 1);
            if (tie < T(2)) v.push_back(tie);
        }
    return v;
}

template <int j, class T, class F>
void check_against_ldexp(const char* name, F scale) {
    using B = xsimd::batch<T>;
    constexpr int bias = std::numeric_limits<T>::max_exponent - 1;
    constexpr int digits = std::numeric_limits<T>::digits;
    const std::vector<T> v = significands<T>();
    std::size_t mismatches = 0, subnormal_results = 0;
    for (int n = -(bias + digits + 8); n <= 4; ++n) {
        for (std::size_t i = 0; i < v.size(); ++i) {
            const T expected = std::ldexp(v[i], n + j);
            subnormal_results += std::fpclassify(expected) == FP_SUBNORMAL;
            const T scalar = scale(v[i], n);
            alignas(64) T lanes[B::size], out[B::size];
            for (std::size_t k = 0; k < B::size; ++k) lanes[k] = v[(i + k) % v.size()];
            scale(B::load_aligned(lanes), n).store_aligned(out);
            bool same = activ_test::identical_bits(scalar, expected);
            for (std::size_t k = 0; k < B::size; ++k)
                same = same && activ_test::identical_bits(out[k], std::ldexp(lanes[k], n + j));
            if (!same && ++mismatches <= 5)
                FAIL_CHECK(name << ": " << v[i] << " * 2^" << (n + j) << " = " << expected
                                << ", scalar " << scalar << ", batch lane 0 " << out[0]);
        }
    }
    CHECK(mismatches == 0);
    CHECK(subnormal_results > 1000);
}

} // namespace

TEMPLATE_TEST_CASE("scale_pow2_gradual: v 2^(n + j) rounded once, as std::ldexp", "[assist]", float,
                   double) {
    using T = TestType;
    const auto via_magic = [](auto v, int n) {
        using V = decltype(v);
        const V t = V(static_cast<T>(n)) + V(activ::kernels::ieee<T>::magic);
        return activ::kernels::scale_pow2_gradual<0>(v, t);
    };
    check_against_ldexp<0, T>("scale_pow2_gradual<0>", via_magic);
    check_against_ldexp<2, T>("scale_pow2_gradual<2>", [](auto v, int n) {
        using V = decltype(v);
        const V t = V(static_cast<T>(n)) + V(activ::kernels::ieee<T>::magic);
        return activ::kernels::scale_pow2_gradual<2>(v, t);
    });
    // ldexp_gradual: v 2^e scaled by 2^(n - e) (n - e <= 0), for e across the exponent range,
    // of either sign (-ldexp_gradual(-v 2^e, ...) for the negative one).
    for (int e : {4, 20, 60, 120}) {
        const int p = std::numeric_limits<T>::max_exponent > 200 ? 8 * e : e;
        for (const T sign : {T(1), T(-1)})
            check_against_ldexp<0, T>("ldexp_gradual", [p, sign](auto v, int n) {
                using V = decltype(v);
                const V t = V(static_cast<T>(n - p)) + V(activ::kernels::ieee<T>::magic);
                return V(sign *
                         activ::kernels::ldexp_gradual(V(sign * V(v * std::ldexp(T(1), p))), t));
            });
    }
#if ACTIV_AVX512
    // m anywhere in [n, n + 1): VSCALEF's floor.
    check_against_ldexp<0, T>("scale_pow2_floor_gradual<0>", [](auto v, int n) {
        using V = decltype(v);
        return activ::kernels::scale_pow2_floor_gradual<0>(v, V(static_cast<T>(n) + T(0.6875)));
    });
    check_against_ldexp<2, T>("scale_pow2_floor_gradual<2>", [](auto v, int n) {
        using V = decltype(v);
        return activ::kernels::scale_pow2_floor_gradual<2>(v, V(static_cast<T>(n)));
    });
#endif
}
