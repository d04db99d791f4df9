// activ tests — [streaming]: activ::apply's streaming-store path (array/streaming.hpp).
//
// In every build (activ_tests):
//   * the largest cache size from CPUID against Linux's sysfs, where there is one;
//   * the decision: out-of-place outputs of at least streaming_min_bytes() stream, smaller ones
//     and in-place calls do not;
//   * an array just past the threshold, its output misaligned, through the streaming path: every
//     element bit for bit the scalar result, nothing written outside out[0, n).
// In activ_tests_streaming, built with ACTIV_STREAMING_MIN_BYTES=1 so that every out-of-place
// call streams: the path checks of support/paths.hpp (every length 0 .. (K+2)W+1, every input
// and output offset, guards) for functors with four and six batches per iteration.
#include <activ/activ.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "support/paths.hpp"

namespace {

using namespace activ_test;

template <class T, class F>
void check_large(const char* name, const F& f, std::size_t n) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size, guard = W + 3;
    const std::vector<T> pool = identity_inputs<T>(4093, 0x57ea'0000 + W);
    aligned_vector<T> in(n + 1), out(guard + n + guard, sentinel<T>());
    for (std::size_t i = 0; i < n + 1; ++i) in[i] = pool[(i * 31) % pool.size()];
    const T* src = in.data() + 1;
    T* dst = out.data() + guard; // guard = W + 3: not aligned to the batch
    REQUIRE(activ::detail::streams<B>(src, dst, n) == activ::detail::has_stream_store<B>());
    activ::apply(f, src, dst, n);
    mismatches values, guards;
    for (std::size_t i = 0; i < n; ++i) {
        const T want = f(src[i]);
        if (!same_bits(dst[i], want))
            values.add([&] {
                return "element " + std::to_string(i) + ", input " + describe(src[i]) + ": " +
                       describe(dst[i]) + ", scalar " + describe(want);
            });
    }
    for (std::size_t i = 0; i < guard; ++i)
        if (!identical_bits(out[i], sentinel<T>()) ||
            !identical_bits(out[guard + n + i], sentinel<T>()))
            guards.add([&] { return "guard " + std::to_string(i) + " written"; });
    INFO(name << " <" << path_type_name<T>() << ">, n = " << n << ": " << values.count
              << " mismatches; first: " << values.first);
    CHECK(values.count == 0);
    INFO("guards: " << guards.first);
    CHECK(guards.count == 0);
}

} // namespace

TEMPLATE_TEST_CASE("apply streams out-of-place outputs from the threshold on, never in place",
                   "[streaming]", float, double) {
    using T = TestType;
    using B = xsimd::batch<T>;
    const std::size_t min_bytes = activ::detail::streaming_min_bytes();
    REQUIRE(min_bytes > 0);
    const std::size_t n = (min_bytes + sizeof(T) - 1) / sizeof(T);
    alignas(64) T a[2] = {}, b[2] = {};
    CHECK(activ::detail::streams<B>(a, b, n) == activ::detail::has_stream_store<B>());
    CHECK_FALSE(activ::detail::streams<B>(a, a, n));
    CHECK_FALSE(activ::detail::streams<B>(a, b, 0));
    if (n > 1) CHECK_FALSE(activ::detail::streams<B>(a, b, n - 1));
#if ACTIV_STREAMING_STORES && (defined(__x86_64__) || defined(__i386__))
    CHECK(activ::detail::has_stream_store<B>());
#endif
}

TEST_CASE("the largest cache from CPUID is the one Linux reports", "[streaming]") {
    // Linux fills /sys/devices/system/cpu/cpu0/cache from the same CPUID leaves; elsewhere (or
    // where the kernel lists no cache) there is nothing to compare with.
    std::size_t sysfs = 0;
    for (int index = 0; index < 8; ++index) {
        const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(index);
        std::ifstream size_file(dir + "/size");
        std::string text;
        if (!(size_file >> text) || text.empty()) continue;
        std::size_t value = std::stoul(text);
        if (text.back() == 'K') value <<= 10;
        if (text.back() == 'M') value <<= 20;
        if (value > sysfs) sysfs = value;
    }
    // CPUID describing no cache (an AMD part without TOPOEXT, a hypervisor hiding the leaves)
    // is a documented case: streaming_min_bytes() then assumes a 32 MiB cache.
    const std::size_t cpuid = activ::detail::largest_cache_bytes();
    if (sysfs == 0 || cpuid == 0) {
        WARN("no cache sizes in sysfs, or none from CPUID: not compared");
        return;
    }
    CHECK(cpuid == sysfs);
}

TEMPLATE_TEST_CASE("apply with streaming stores: an array past the threshold, bit for bit",
                   "[streaming]", float, double) {
    using T = TestType;
    using B = xsimd::batch<T>;
    const std::size_t min_n = activ::detail::streaming_min_bytes() / sizeof(T);
    // Past the threshold by a few batches and a partial one; at most 2^26 elements (a machine
    // reporting a huge cache is checked by the streaming build's path checks instead).
    const std::size_t n = std::max(min_n, std::size_t(1) << 12) + 3 * B::size + 5;
    if (n > (std::size_t(1) << 26)) {
        WARN("streaming threshold " << min_n << " elements: the large-array check is skipped");
        return;
    }
    check_large<T>("sigmoid", activ::sigmoid{}, n);
    check_large<T>("silu", activ::silu{}, n);
    check_large<T>("relu", activ::relu{}, n);
    check_large<T>("tanh'", activ::derivative(activ::tanh{}), n);
}

#ifdef ACTIV_STREAMING_MIN_BYTES
TEMPLATE_TEST_CASE("streaming build: scalar == batch == apply, every length and offset",
                   "[streaming]", float, double) {
    REQUIRE(activ::detail::streaming_min_bytes() == ACTIV_STREAMING_MIN_BYTES);
    check_functor<TestType>("relu", activ::relu{});
    check_functor<TestType>("sigmoid", activ::sigmoid{});
    check_functor<TestType>("tanh", activ::tanh{});
    check_functor<TestType>("step{0.5}", activ::step{0.5});
    check_functor<TestType>("silu", activ::silu{}); // six batches per iteration (AVX-512)
    check_functor<TestType>("mish", activ::mish{});
}
#endif
