// activ::apply — a functor over a raw array (layer 3).
//
//   activ::apply(f, in, out, n)   out[i] = f(in[i]),  i < n
//   activ::apply(f, data, n)      data[i] = f(data[i])
//
// Full xsimd batches of the default arch, then one partial batch for the tail: the last
// n mod W elements go through a batch whose other lanes are 0, computed by the same batch code
// (a masked load and store with AVX-512 or AVX2; with SSE a copy on the stack, xsimd 8.1
// having no masked load). Where the stores are aligned to the batch
// (detail::align_output_from), the elements before out's alignment come from the first batch,
// computed once more. Element i of the result is therefore bitwise f(in[i]) whatever n, the
// alignment or the offset: an array never gets a different answer because it got longer.
//
// The main loop carries several independent batches per iteration (4 with AVX-512's 32
// registers, 3 with 16). A smooth activation is one long dependency chain per batch (~20
// dependent FMA-latency steps for sigmoid) that the out-of-order core can overlap only as far
// as its scheduler holds the following iterations; interleaved batches hand it independent
// work at every step, as XNNPACK's hand-unrolled microkernels do. GCC does not interleave them
// by itself at -O2/-O3 (its pre-allocation scheduler is off on x86), so the loop asks for that
// scheduler, register-pressure aware, through the optimize attribute: measured 0.87-0.96x the
// time of a one-batch loop for sigmoid, tanh and their derivatives in float at L1 (in-process
// A/B), 0.72-0.85x with AVX2 or SSE. Clang gets the straight-line batches only (its scheduler
// does not interleave them; measured 1.00x).
// It changes the order of independent instructions only, never a result.
//
// Out of place, from an output of half the last-level cache on (arrays that leave the cache),
// the stores are streaming stores (array/streaming.hpp): no read of the output's lines before
// they are written, one third less memory traffic (suite run 2026-11-26 01:33, Zen 5, 16 Mi
// floats: sigmoid 1.27x and relu 1.30x the previous run's throughput). The stores are aligned as
// above; the tail's are plain stores; the results are the same bits.
//
// Contract: T is float or double; any alignment; in == out is allowed (each element is read
// before it is written); other partial overlaps of in and out are not (as for memcpy);
// n == 0 reads and writes nothing (null pointers are fine then); nothing is written outside
// out[0, n); no heap allocation.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include "../functions/activation.hpp"
#include "../functions/derivative.hpp"
#include "streaming.hpp"

namespace activ {

namespace detail {
template <class T>
constexpr bool accepts_array_element() {
    static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                  "activ: unsupported array element type. activ::apply takes arrays of float "
                  "or double");
    return std::is_same<T, float>::value || std::is_same<T, double>::value;
}

// Batches per iteration of apply's main loop: enough independent chains to fill the FP pipes
// without spilling (each smooth kernel keeps ~4 values live per batch beside ~12 constants).
template <class A>
constexpr std::size_t interleave() {
    return std::is_base_of<xsimd::avx512f, A>::value ? 4 : 3;
}

// A functor with many live constants may ask for fewer (static constexpr std::size_t
// max_interleave): gelu's normal-tail rationals spill with four chains (measured 1.27x the
// time of one batch per iteration in float, 0.87x with two; since the float table form,
// activ_bench at 4096: four chains +5% in float, -16% for gelu' in double). Its derivative
// inherits it, unless F names one for its derivative and element type T
// (max_derivative_interleave<T>).
template <class F, class T, class = void>
struct max_interleave : std::integral_constant<std::size_t, 8> {};
template <class F, class T>
struct max_interleave<F, T, std::void_t<decltype(F::max_interleave)>>
    : std::integral_constant<std::size_t, F::max_interleave> {};
template <class F, class T, class = void>
struct max_derivative_interleave : max_interleave<F, T> {};
template <class F, class T>
struct max_derivative_interleave<F, T,
                                 std::void_t<decltype(F::template max_derivative_interleave<T>)>>
    : std::integral_constant<std::size_t, F::template max_derivative_interleave<T>> {};
template <class F, class T>
struct max_interleave<derivative_fn<F>, T> : max_derivative_interleave<F, T> {};

// The long kernels (cost_of >= 40: the ELU family, silu, swish, log_sigmoid, softplus, mish,
// gelu_tanh and their derivatives) take six with AVX-512: a batch's long dependency chain
// overlaps with the next iteration's only as far as the scheduler reaches, and six chains per
// iteration hand it more independent work than four. Zen 5, float at 4096 elements, six
// against four in the same loop: mish 0.88x the time, log_sigmoid 0.83x, softplus 0.85x,
// gelu_tanh 0.93x; activ_bench, derivatives: gelu_tanh' 1.75 against 1.45 Gitems/s in float,
// elu' 1.94 against 1.58 in double, silu' and swish' +5%. sigmoid and tanh (~48-cycle chains)
// run best with four (six: 1.04x the time). B is the batch type.
template <class F, class B>
constexpr std::size_t interleave_for() {
    using A = typename B::arch_type;
    constexpr bool long_chain =
        std::is_base_of<xsimd::avx512f, A>::value && cost_of<F>::value >= 40;
    return std::min(long_chain ? std::size_t(6) : interleave<A>(),
                    max_interleave<F, typename B::value_type>::value);
}

// F::fast_form(): an equivalent functor of another type for some parameter values
// (F::has_fast_form()), which apply runs in a loop of its own.
template <class F, class = void>
struct has_fast_form : std::false_type {};
template <class F>
struct has_fast_form<F, std::void_t<decltype(std::declval<const F&>().fast_form())>>
    : std::true_type {};

// Software prefetch: the input and the output 2 KiB ahead, every cache line of the iteration's
// block. A loop of ~30 vector instructions per batch keeps fewer cache misses in flight than
// the copy loop does, since its reorder buffer holds fewer iterations: measured at 16 Mi floats
// (DRAM) on an Intel Xeon (AVX-512), sigmoid 1.79 -> 1.33 cycles per element (the xsimd copy
// loop: 1.39), tanh 1.83 -> 1.39, mish 5.57 -> 4.76; at L1 and L2 sizes within the noise. Those
// functors (cost_of >= 8) prefetch at every size. The cheap ones (relu, step, the clamps, the
// derivative_from_output forms) gain too once the arrays leave L1 (16 Mi floats: elu' from y
// 1.45 -> 1.26 cycles per element, softsign' from y 1.51 -> 1.22, softplus' from y 2.03 ->
// 1.50, hardtanh 1.30 -> 1.06), but where the arrays stay in L1 the prefetches take load slots
// from a loop that is nothing but loads and stores: they prefetch from 32 KiB of input on
// (input and output then exceed a 48 KiB L1). Measured for relu with two rotating inputs:
// 8 and 16 KiB of floats 0.90x and 0.91x the throughput without; 32 KiB of floats 1.13x, of
// doubles 1.12x; 64 KiB of doubles 1.03x; 256 KiB of floats ~1.06x. Addresses are formed as
// integers: a prefetch past the end of the array is harmless (it cannot fault), pointer
// arithmetic past it would not be.
template <class F>
constexpr bool prefetches_always() {
    return cost_of<F>::value >= 8;
}
constexpr std::size_t prefetch_from_bytes = 32 * 1024;
// The output is prefetched (for writing) only below 2 MiB. Beyond, where the arrays come from
// L3 or memory, PREFETCHW on the output cost more than it saved: on Zen 5 (L2 1 MiB, L3 32
// MiB), input-only prefetch against both, in one process, Gitems/s: 1 Mi floats with four
// rotating inputs relu 8.4-10.0 -> 10.5-10.8, sigmoid' from y 9.1 -> 10.9-11.1, sigmoid
// 6.2-6.8 -> 6.6-6.9; 2 Mi floats relu 6.7-6.9 -> 7.3-7.9, elu' from y 5.5-5.8 -> 6.7, sigmoid
// 4.5-5.0 -> 5.2, tanh 4.5-4.6 -> 5.0-5.1. From 1 to 3 MiB of output with two inputs (L2 and
// L3) the two were within 0.89-1.07x of each other, the output prefetch mostly ahead.
constexpr std::size_t prefetch_output_below_bytes = std::size_t(2) << 20;
// With streaming stores (streaming.hpp) the output is not prefetched either: a line brought
// into the cache for writing is what those stores avoid.
template <std::size_t bytes, bool output = true, class T>
ACTIV_INLINE void prefetch_ahead(const T* in, T* out) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    constexpr std::uintptr_t distance = 2048, line = 64;
    const std::uintptr_t a = reinterpret_cast<std::uintptr_t>(in) + distance;
    const std::uintptr_t b = reinterpret_cast<std::uintptr_t>(out) + distance;
    for (std::uintptr_t j = 0; j < bytes; j += line) {
        __builtin_prefetch(reinterpret_cast<const void*>(a + j), 0);
        if constexpr (output) __builtin_prefetch(reinterpret_cast<const void*>(b + j), 1);
    }
#else
    (void)in;
    (void)out;
#endif
}

// k batches as straight-line code (a loop over them is left rolled by GCC for large functors),
// every load before every store: in == out stays element-wise read-then-write. stream: the
// stores are streaming stores (out aligned to the batch, streaming.hpp); a run-time choice, so
// that each kernel is compiled into one loop only (a second loop for streaming doubled the
// build time of the sanitizer configuration), and a branch per block that always goes the
// same way.
template <class F, class T, std::size_t... j>
ACTIV_INLINE void apply_block(const F& f, const T* in, T* out, bool stream,
                              std::index_sequence<j...>) noexcept {
    using B = xsimd::batch<T>;
    const B r[] = {f(B::load_unaligned(in + j * B::size))...};
    if (stream)
        (detail::store_stream(r[j], out + j * B::size), ...);
    else
        (r[j].store_unaligned(out + j * B::size), ...);
}

// count < W elements through one batch whose other lanes are 0, by the same batch code. With
// AVX-512 or AVX2 a masked load and store (the masked-off lanes neither read nor fault); with
// SSE a zero-filled batch on the stack, filled and emptied by memcpy, whose narrow stores the
// batch load cannot forward from. Xeon, float, Gitems/s, memcpy -> masks: relu at 100 elements
// 7.4 -> 20.7 (AVX-512), at 60 elements 4.0 -> 11.1 (AVX2), sigmoid 0.6 -> 1.0 (AVX2).
template <class F, class T>
ACTIV_INLINE void apply_partial(const F& f, const T* in, T* out, std::size_t count) noexcept {
    using B = xsimd::batch<T>;
#if ACTIV_AVX512
    if constexpr (sizeof(typename B::register_type) == 64) {
        const unsigned mask = (1u << count) - 1u; // count < W <= 16
        if constexpr (std::is_same<T, float>::value) {
            const B r = f(B(_mm512_maskz_loadu_ps(static_cast<__mmask16>(mask), in)));
            _mm512_mask_storeu_ps(out, static_cast<__mmask16>(mask), r);
        } else {
            const B r = f(B(_mm512_maskz_loadu_pd(static_cast<__mmask8>(mask), in)));
            _mm512_mask_storeu_pd(out, static_cast<__mmask8>(mask), r);
        }
        return;
    }
#endif
#if defined(__AVX2__)
    if constexpr (sizeof(typename B::register_type) == 32) {
        // VMASKMOV: the lanes whose mask is clear read as 0 and are not written (no fault).
        if constexpr (std::is_same<T, float>::value) {
            const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)),
                                                 _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
            _mm256_maskstore_ps(out, m, f(B(_mm256_maskload_ps(in, m))));
        } else {
            const __m256i m = _mm256_cmpgt_epi64(_mm256_set1_epi64x(static_cast<long long>(count)),
                                                 _mm256_setr_epi64x(0, 1, 2, 3));
            _mm256_maskstore_pd(out, m, f(B(_mm256_maskload_pd(in, m))));
        }
        return;
    }
#endif
    alignas(B::arch_type::alignment()) T buffer[B::size] = {};
    std::memcpy(buffer, in, count * sizeof(T));
    f(B::load_aligned(buffer)).store_aligned(buffer);
    std::memcpy(out, buffer, count * sizeof(T));
}

// The elements before out's batch alignment (fewer than a batch).
template <class T>
ACTIV_INLINE std::size_t elements_to_alignment(const T* out) noexcept {
    constexpr std::size_t alignment = xsimd::batch<T>::arch_type::alignment();
    const std::size_t misaligned = reinterpret_cast<std::uintptr_t>(out) % alignment;
    return misaligned == 0 ? 0 : (alignment - misaligned) / sizeof(T);
}

// From how many elements apply aligns its stores to the batch (out misaligned): a store that
// straddles two cache lines costs about two, and the cheap functors' loop (cost_of < 8) is
// nothing but loads and stores. The price is one batch computed twice, which the smooth
// functors, bound by their arithmetic, do not earn back (a streaming store must be aligned in
// any case). Intel Xeon (AVX-512), float, in and out both 16 bytes past a 64-byte boundary
// (std::vector's usual alignment), Gitems/s without -> with: relu at 4096 18.5-19.5 ->
// 40.5-43.5, at 1024 21-22 -> 32-33, at 256 25.6 -> 39.5, at 128 23.5 -> 26.4 but step 23.8
// -> 20.6, hence four of the loop's blocks; at 64 Ki (L2) 10.4-12.3 -> 10.5; sigmoid and tanh
// unchanged at 4096.
template <class F, class B>
constexpr std::size_t align_output_from() {
    return prefetches_always<F>() ? ~std::size_t(0) : 4 * interleave_for<F, B>() * B::size;
}
} // namespace detail

#if defined(__GNUC__) && !defined(__clang__)
#define ACTIV_INTERLEAVE_SCHEDULE __attribute__((optimize("schedule-insns", "sched-pressure")))
#else
#define ACTIV_INTERLEAVE_SCHEDULE
#endif

template <class F, class T>
ACTIV_INTERLEAVE_SCHEDULE void apply(const F& functor, const T* in, T* out,
                                     std::size_t n) noexcept {
    if constexpr (detail::has_fast_form<F>::value) {
        // A parameter value with a form of its own (softplus and swish, beta = 1; their
        // derivatives where the form has one): its own loop, the same results as the functor's.
        if (functor.has_fast_form()) return activ::apply(functor.fast_form(), in, out, n);
    }
    if constexpr (detail::accepts_array_element<T>()) {
        // A local copy: no store to out can change it, so a branch on a parameter (swish's
        // beta == 1) is hoisted out of the loop instead of splitting every iteration in four.
        const F f = functor;
        using B = xsimd::batch<T>;
        constexpr std::size_t width = B::size;
        constexpr std::size_t k = detail::interleave_for<F, B>();
        // Streaming (streaming.hpp): the stores are aligned (below), the output is not
        // prefetched, and a fence follows the stores.
        const bool stream = detail::streams<B>(in, out, n);
        const bool prefetch_output = !stream && n * sizeof(T) < detail::prefetch_output_below_bytes;
        // Aligned stores (detail::align_output_from): the first batch is computed here, the
        // loop starts at out's alignment, and that batch is stored last, over elements the loop
        // has written with the same bits. Read before any store, it is right in place too.
        const std::size_t to_alignment =
            n >= width && (stream || n >= detail::align_output_from<F, B>())
                ? detail::elements_to_alignment(out)
                : 0;
        std::size_t i = to_alignment;
        B head{};
        if (to_alignment != 0) head = f(B::load_unaligned(in));
        if (stream || detail::prefetches_always<F>() ||
            n * sizeof(T) >= detail::prefetch_from_bytes) {
            for (; i + k * width <= n; i += k * width) {
                if (prefetch_output)
                    detail::prefetch_ahead<k * width * sizeof(T)>(in + i, out + i);
                else
                    detail::prefetch_ahead<k * width * sizeof(T), false>(in + i, out + i);
                detail::apply_block(f, in + i, out + i, stream, std::make_index_sequence<k>{});
            }
        } else {
            for (; i + k * width <= n; i += k * width)
                detail::apply_block(f, in + i, out + i, false, std::make_index_sequence<k>{});
        }
        // The last batches (fewer than k) and the tail with plain stores, streaming or not.
        for (; i + width <= n; i += width) f(B::load_unaligned(in + i)).store_unaligned(out + i);
        if (i != n) detail::apply_partial(f, in + i, out + i, n - i);
        if (to_alignment != 0) head.store_unaligned(out);
        if (stream) detail::stream_fence();
    }
}

template <class F, class T>
void apply(const F& f, T* data, std::size_t n) noexcept {
    apply(f, static_cast<const T*>(data), data, n);
}

} // namespace activ
