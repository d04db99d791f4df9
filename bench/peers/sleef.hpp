// SLEEF (libsleef-dev) as a benchmark peer: its vector tanh, exp, erf and expm1, picked by register type so
// that one generic body runs on whatever xsimd batch the build's ISA gives (AVX-512, AVX2,
// SSE4). SLEEF has no sigmoid: a user builds it from exp as 1 / (1 + exp(-x)).
//
// Each function takes and returns an xsimd batch; ACTIV_BENCH_SLEEF_USABLE says whether this
// ISA has entry points at all (SSE4.1 at least).
#pragma once

#include <sleef.h>
#include <xsimd/xsimd.hpp>

namespace bench::sleef {

// The raw SLEEF entry points, one overload per register type.
namespace raw {
#if defined(__AVX512F__)
inline __m512 tanh_u10(__m512 x) { return Sleef_tanhf16_u10avx512f(x); }
inline __m512d tanh_u10(__m512d x) { return Sleef_tanhd8_u10avx512f(x); }
inline __m512 tanh_u35(__m512 x) { return Sleef_tanhf16_u35avx512f(x); }
inline __m512d tanh_u35(__m512d x) { return Sleef_tanhd8_u35avx512f(x); }
inline __m512 exp_u10(__m512 x) { return Sleef_expf16_u10avx512f(x); }
inline __m512d exp_u10(__m512d x) { return Sleef_expd8_u10avx512f(x); }
inline __m512 erf_u10(__m512 x) { return Sleef_erff16_u10avx512f(x); }
inline __m512d erf_u10(__m512d x) { return Sleef_erfd8_u10avx512f(x); }
inline __m512 expm1_u10(__m512 x) { return Sleef_expm1f16_u10avx512f(x); }
inline __m512d expm1_u10(__m512d x) { return Sleef_expm1d8_u10avx512f(x); }
#endif
#if defined(__AVX2__) && defined(__FMA__)
inline __m256 tanh_u10(__m256 x) { return Sleef_tanhf8_u10avx2(x); }
inline __m256d tanh_u10(__m256d x) { return Sleef_tanhd4_u10avx2(x); }
inline __m256 tanh_u35(__m256 x) { return Sleef_tanhf8_u35avx2(x); }
inline __m256d tanh_u35(__m256d x) { return Sleef_tanhd4_u35avx2(x); }
inline __m256 exp_u10(__m256 x) { return Sleef_expf8_u10avx2(x); }
inline __m256d exp_u10(__m256d x) { return Sleef_expd4_u10avx2(x); }
inline __m256 erf_u10(__m256 x) { return Sleef_erff8_u10avx2(x); }
inline __m256d erf_u10(__m256d x) { return Sleef_erfd4_u10avx2(x); }
inline __m256 expm1_u10(__m256 x) { return Sleef_expm1f8_u10avx2(x); }
inline __m256d expm1_u10(__m256d x) { return Sleef_expm1d4_u10avx2(x); }
#endif
#if defined(__SSE4_1__)
inline __m128 tanh_u10(__m128 x) { return Sleef_tanhf4_u10sse4(x); }
inline __m128d tanh_u10(__m128d x) { return Sleef_tanhd2_u10sse4(x); }
inline __m128 tanh_u35(__m128 x) { return Sleef_tanhf4_u35sse4(x); }
inline __m128d tanh_u35(__m128d x) { return Sleef_tanhd2_u35sse4(x); }
inline __m128 exp_u10(__m128 x) { return Sleef_expf4_u10sse4(x); }
inline __m128d exp_u10(__m128d x) { return Sleef_expd2_u10sse4(x); }
inline __m128 erf_u10(__m128 x) { return Sleef_erff4_u10sse4(x); }
inline __m128d erf_u10(__m128d x) { return Sleef_erfd2_u10sse4(x); }
inline __m128 expm1_u10(__m128 x) { return Sleef_expm1f4_u10sse4(x); }
inline __m128d expm1_u10(__m128d x) { return Sleef_expm1d2_u10sse4(x); }
#endif
} // namespace raw

#if defined(__SSE4_1__)
#define ACTIV_BENCH_SLEEF_USABLE 1
#else
#define ACTIV_BENCH_SLEEF_USABLE 0
#endif

template <class B>
B tanh_u10(const B& x) {
    return B(raw::tanh_u10(static_cast<typename B::register_type>(x)));
}
template <class B>
B tanh_u35(const B& x) {
    return B(raw::tanh_u35(static_cast<typename B::register_type>(x)));
}
template <class B>
B exp_u10(const B& x) {
    return B(raw::exp_u10(static_cast<typename B::register_type>(x)));
}
template <class B>
B erf_u10(const B& x) {
    return B(raw::erf_u10(static_cast<typename B::register_type>(x)));
}
template <class B>
B expm1_u10(const B& x) {
    return B(raw::expm1_u10(static_cast<typename B::register_type>(x)));
}

inline const char* isa() {
#if defined(__AVX512F__)
    return "AVX-512 entry points";
#elif defined(__AVX2__) && defined(__FMA__)
    return "AVX2 entry points";
#elif defined(__SSE4_1__)
    return "SSE4 entry points";
#else
    return "no entry points for this ISA (needs SSE4.1)";
#endif
}

} // namespace bench::sleef
