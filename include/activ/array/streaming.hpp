// activ — streaming (non-temporal) stores for outputs larger than the cache (layer 3).
//
// A plain store to a line that is not in the cache first reads it (read for ownership), so an
// out-of-place loop over arrays in DRAM moves three bytes for every two it needs: the input
// read, the output read, the output written. A streaming store (MOVNTPS and its wider forms)
// writes the whole line without reading it. activ::apply streams its output where the arrays
// cannot stay in the last-level cache anyway: out != in and the output is at least half that
// cache (input and output together then fill it). Measured on AMD Zen 5 (32 MiB L3, float, a
// loop of activ's batches with and without those stores, in one process, best of several passes):
// at 16 Mi elements sigmoid 6.7 against 5.1 Gitems/s, relu 7.8 against 5.4, the plain copy loop
// itself 7.2 against 5.1; at 4 Mi (16 MiB of output) sigmoid 7.2 against 6.2; at 2 Mi (8 MiB, where
// the arrays fit) streaming loses, 7.2 against 8.6, hence the threshold. In place (in == out) the
// input read already brings the line in, and streaming measured slower (6.9 against 7.7 at 16 Mi):
// apply never streams there.
//
// The results are the same bits: only the store instruction differs. The stores are followed by
// an SFENCE, so that the output is ordered before anything the caller writes next (another
// thread that waits on a flag sees the whole output).
//
// Configuration: ACTIV_STREAMING_STORES=0 turns streaming off; ACTIV_STREAMING_MIN_BYTES sets
// the output size (bytes) from which apply streams, instead of half the largest cache that
// CPUID reports, at least 1 MiB (leaf 4 on Intel, 0x8000001D on AMD; 32 MiB assumed where
// neither answers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "../config.hpp"

// CPUID by inline assembly rather than <cpuid.h>, whose macros (__cpuid, bit_AVX, ...) would
// reach every user of <activ/activ.hpp>.
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#define ACTIV_HAS_STREAMING_X86 1
#else
#define ACTIV_HAS_STREAMING_X86 0
#endif

#ifndef ACTIV_STREAMING_STORES
#define ACTIV_STREAMING_STORES ACTIV_HAS_STREAMING_X86
#endif

namespace activ::detail {

#if ACTIV_HAS_STREAMING_X86
struct cpuid_registers {
    unsigned a, b, c, d;
};
inline cpuid_registers cpuid(unsigned leaf, unsigned sub = 0) noexcept {
    cpuid_registers r{};
    __asm__ __volatile__("cpuid"
                         : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d)
                         : "a"(leaf), "c"(sub));
    return r;
}
#endif

/// The size in bytes of the largest cache CPUID describes (the deterministic cache parameters:
/// ways x partitions x line size x sets, per level), or 0 where it describes none.
inline std::size_t largest_cache_bytes() noexcept {
#if ACTIV_HAS_STREAMING_X86
    const auto largest_in_leaf = [](unsigned leaf) {
        std::size_t largest = 0;
        for (unsigned sub = 0; sub < 16; ++sub) {
            const cpuid_registers r = detail::cpuid(leaf, sub);
            const unsigned a = r.a, b = r.b, c = r.c;
            if ((a & 0x1f) == 0) break;
            const std::size_t ways = (b >> 22) + 1, partitions = ((b >> 12) & 0x3ff) + 1,
                              line = (b & 0xfff) + 1, sets = std::size_t(c) + 1;
            const std::size_t bytes = ways * partitions * line * sets;
            if (bytes > largest) largest = bytes;
        }
        return largest;
    };
    if (detail::cpuid(0).a >= 4) {
        const std::size_t intel = largest_in_leaf(4); // zeros on AMD
        if (intel != 0) return intel;
    }
    // AMD: leaf 0x8000001D where CPUID says it has it (TOPOEXT, 0x80000001 ECX bit 22).
    if (detail::cpuid(0x80000000u).a >= 0x8000001Du &&
        (detail::cpuid(0x80000001u).c & (1u << 22)) != 0)
        return largest_in_leaf(0x8000001Du);
#endif
    return 0;
}

/// A lower bound of streaming_min_bytes() known at compile time: smaller calls do not read the
/// detected size (a function-local static and its guard).
#ifdef ACTIV_STREAMING_MIN_BYTES
constexpr std::size_t streaming_floor_bytes = ACTIV_STREAMING_MIN_BYTES;
#else
constexpr std::size_t streaming_floor_bytes = std::size_t(1) << 20;
#endif

/// The output size in bytes from which activ::apply streams (see the file's comment): half the
/// largest cache, at least streaming_floor_bytes.
inline std::size_t streaming_min_bytes() noexcept {
#ifdef ACTIV_STREAMING_MIN_BYTES
    return ACTIV_STREAMING_MIN_BYTES;
#else
    static const std::size_t bytes = [] {
        const std::size_t cache = largest_cache_bytes();
        const std::size_t half = (cache != 0 ? cache : std::size_t(32) << 20) / 2;
        return half > streaming_floor_bytes ? half : streaming_floor_bytes;
    }();
    return bytes;
#endif
}

/// Whether xsimd::batch<T, A> has a streaming store here.
template <class B>
constexpr bool has_stream_store() {
#if ACTIV_STREAMING_STORES && ACTIV_HAS_STREAMING_X86
    using A = typename B::arch_type; // xsimd 8.1: AVX-512 and AVX do not derive from SSE2
    return std::is_base_of<xsimd::avx512f, A>::value || std::is_base_of<xsimd::avx, A>::value ||
           std::is_base_of<xsimd::sse2, A>::value;
#else
    return false;
#endif
}

/// v to p, which must be aligned to the batch (B::arch_type::alignment()), bypassing the cache.
template <class B, class T>
ACTIV_INLINE void store_stream(const B& v, T* p) noexcept {
#if ACTIV_STREAMING_STORES && ACTIV_HAS_STREAMING_X86
    using A = typename B::arch_type;
    using R = typename B::register_type;
    const R r = v;
    constexpr bool single = std::is_same<T, float>::value;
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
        if constexpr (single)
            _mm512_stream_ps(p, r);
        else
            _mm512_stream_pd(p, r);
    } else if constexpr (std::is_base_of<xsimd::avx, A>::value) {
        if constexpr (single)
            _mm256_stream_ps(p, r);
        else
            _mm256_stream_pd(p, r);
    } else {
        if constexpr (single)
            _mm_stream_ps(p, r);
        else
            _mm_stream_pd(p, r);
    }
#else
    v.store_aligned(p);
#endif
}

/// Orders the streaming stores before the stores that follow them.
ACTIV_INLINE void stream_fence() noexcept {
#if ACTIV_STREAMING_STORES && ACTIV_HAS_STREAMING_X86
    _mm_sfence();
#endif
}

/// Whether apply streams n elements from in to out (B: the batch type it runs).
template <class B, class T>
ACTIV_INLINE bool streams(const T* in, const T* out, std::size_t n) noexcept {
    if constexpr (has_stream_store<B>())
        return in != out && n * sizeof(T) >= streaming_floor_bytes &&
               n * sizeof(T) >= streaming_min_bytes() &&
               reinterpret_cast<std::uintptr_t>(out) % sizeof(T) == 0;
    else
        return false;
}

} // namespace activ::detail
