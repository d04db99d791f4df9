// activ tests — [identity]: scalar, batch and array paths give bit-identical results.
//
// For every functor (relu, sigmoid, tanh, step{}, step{0.5}) and every form (the function,
// activ::derivative(f), activ::derivative_from_output(f)), for float and double:
//   * the functor's scalar call equals the member call (f(x), f.derivative(x),
//     f.derivative_from_output(x)) — the expectation every other path is compared with;
//   * every lane of xsimd::batch<T> (default arch), for windows starting at every element of
//     the input pool, so every input visits every lane position;
//   * activ::apply out of place, activ::apply(f, p, p, n) and activ::apply in place, for every
//     n in 0 .. (K+2)W+1 (K batches per iteration of apply's main loop), the lengths around
//     the one from which apply aligns its stores, and every element
//     offset 0 .. W-1 of the input (the output at a different
//     offset), in aligned storage with W+3 guard elements on both sides: nothing is written
//     outside out[0, n), and the input is left unchanged;
//   * n == 0 with null pointers does nothing;
//   * explicit narrower (and wider) arches that the compiler enables, e.g.
//     xsimd::batch<float, xsimd::sse4_2>: every lane equals the scalar result.
// Comparison: bit patterns (memcpy to uint32/uint64), any two NaNs equal (support/inputs.hpp).
// Inputs: ordinary values in [-30, 30], specials (NaN, +-inf, +-0, subnormals, extremes), values
// up to +-800 and random values over the whole finite range.
#include <activ/activ.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace {

using namespace activ_test;

template <class A>
void check_arch(const char* arch) {
    for (int t = 0; t < 2; ++t) {
        const auto run = [&](auto zero) {
            using T = decltype(zero);
            check_arch_functor<A, T>(arch, "relu", activ::relu{});
            check_arch_functor<A, T>(arch, "sigmoid", activ::sigmoid{});
            check_arch_functor<A, T>(arch, "tanh", activ::tanh{});
            check_arch_functor<A, T>(arch, "step{}", activ::step{});
            check_arch_functor<A, T>(arch, "step{0.5}", activ::step{0.5});
        };
        if (t == 0)
            run(0.0f);
        else
            run(0.0);
    }
}

} // namespace

TEMPLATE_TEST_CASE("relu: scalar == batch == apply (out of place, in place), bit for bit",
                   "[identity][relu]", float, double) {
    check_functor<TestType>("relu", activ::relu{});
}

TEMPLATE_TEST_CASE("sigmoid: scalar == batch == apply (out of place, in place), bit for bit",
                   "[identity][sigmoid]", float, double) {
    check_functor<TestType>("sigmoid", activ::sigmoid{});
}

TEMPLATE_TEST_CASE("tanh: scalar == batch == apply (out of place, in place), bit for bit",
                   "[identity][tanh]", float, double) {
    check_functor<TestType>("tanh", activ::tanh{});
}

TEMPLATE_TEST_CASE("step: scalar == batch == apply (out of place, in place), bit for bit",
                   "[identity][step]", float, double) {
    check_functor<TestType>("step{}", activ::step{});
    check_functor<TestType>("step{0.5}", activ::step{0.5});
}

TEST_CASE("explicit arches enabled by the compiler: every lane equals the scalar result",
          "[identity][arch]") {
    int arches = 0;
#if XSIMD_WITH_SSE2
    check_arch<xsimd::sse2>("sse2");
    ++arches;
#endif
#if XSIMD_WITH_SSE4_1
    check_arch<xsimd::sse4_1>("sse4_1");
    ++arches;
#endif
#if XSIMD_WITH_SSE4_2
    check_arch<xsimd::sse4_2>("sse4_2");
    ++arches;
#endif
#if XSIMD_WITH_FMA3_SSE
    check_arch<xsimd::fma3<xsimd::sse4_2>>("fma3<sse4_2>");
    ++arches;
#endif
#if XSIMD_WITH_AVX
    check_arch<xsimd::avx>("avx");
    ++arches;
#endif
#if XSIMD_WITH_FMA3_AVX
    check_arch<xsimd::fma3<xsimd::avx>>("fma3<avx>");
    ++arches;
#endif
#if XSIMD_WITH_AVX2
    check_arch<xsimd::avx2>("avx2");
    ++arches;
#endif
#if XSIMD_WITH_FMA3_AVX2
    check_arch<xsimd::fma3<xsimd::avx2>>("fma3<avx2>");
    ++arches;
#endif
#if XSIMD_WITH_AVX512F
    check_arch<xsimd::avx512f>("avx512f");
    ++arches;
#endif
#if XSIMD_WITH_AVX512BW
    check_arch<xsimd::avx512bw>("avx512bw");
    ++arches;
#endif
#if XSIMD_WITH_NEON
    check_arch<xsimd::neon>("neon");
    ++arches;
#endif
#if XSIMD_WITH_NEON64
    check_arch<xsimd::neon64>("neon64");
    ++arches;
#endif
    // The default arch of this build is always one of the above (sse2 at least on x86-64).
    INFO("explicit arches tested: " << arches << ", default arch " << xsimd::default_arch::name());
    CHECK(arches >= 1);
}
