// activ — SIMD math kernels, layer 1: the primitives every kernel is written in.
//
// Each primitive has a scalar overload (float, double) and an xsimd::batch overload that give
// bit-identical results lane by lane. Kernels are then written once, generic over T, and the
// scalar, batch, array and Eigen paths cannot drift apart (the approach of Highway's ops).
//
// Contraction: GCC's default -ffp-contract=fast may fuse any a*b feeding an add into an FMA,
// in one instantiation and not in another. Kernels therefore never let a rounded product feed
// an addition: every multiply-add is written as madd/nmadd (fused exactly when ACTIV_HAS_FMA),
// and the remaining products feed only multiplications, divisions or are exact.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#if defined(__x86_64__) || defined(__i386__) || defined(_M_X64)
#include <immintrin.h>
#define ACTIV_X86 1
#else
#define ACTIV_X86 0
#endif

#include "../traits.hpp"

namespace activ::kernels {

template <class T, class A>
using batch = xsimd::batch<T, A>;

/// A constant of the element type, broadcast when T is a batch.
template <class T>
ACTIV_INLINE T constant(double v) noexcept {
    return T(static_cast<scalar_type_t<T>>(v));
}

// --- select -----------------------------------------------------------------------------------
// xsimd 8.1 has no scalar select: this is activ's.
ACTIV_INLINE float select(bool c, float a, float b) noexcept { return c ? a : b; }
ACTIV_INLINE double select(bool c, double a, double b) noexcept { return c ? a : b; }
template <class T, class A>
ACTIV_INLINE batch<T, A> select(const xsimd::batch_bool<T, A>& c, const batch<T, A>& a,
                                const batch<T, A>& b) noexcept {
    return xsimd::select(c, a, b);
}

// --- multiply-add: a*b + c and c - a*b, fused iff ACTIV_HAS_FMA ---------------------------------
ACTIV_INLINE float madd(float a, float b, float c) noexcept {
#if ACTIV_HAS_FMA
    return std::fma(a, b, c);
#else
    return a * b + c; // no FMA unit: nothing can contract this either
#endif
}
ACTIV_INLINE double madd(double a, double b, double c) noexcept {
#if ACTIV_HAS_FMA
    return std::fma(a, b, c);
#else
    return a * b + c;
#endif
}
ACTIV_INLINE float nmadd(float a, float b, float c) noexcept {
#if ACTIV_HAS_FMA
    return std::fma(-a, b, c);
#else
    return c - a * b;
#endif
}
ACTIV_INLINE double nmadd(double a, double b, double c) noexcept {
#if ACTIV_HAS_FMA
    return std::fma(-a, b, c);
#else
    return c - a * b;
#endif
}

namespace detail {
#if ACTIV_HAS_FMA && ACTIV_X86
// xsimd 8.1 fuses only for archs that declare FMA; a 128- or 256-bit batch of a plain SSE/AVX
// arch would get a separate multiply and add while the scalar path is fused. Fuse by register
// width instead, so every batch width agrees with the scalar std::fma.
ACTIV_INLINE __m128 fused(__m128 a, __m128 b, __m128 c) noexcept { return _mm_fmadd_ps(a, b, c); }
ACTIV_INLINE __m128d fused(__m128d a, __m128d b, __m128d c) noexcept {
    return _mm_fmadd_pd(a, b, c);
}
ACTIV_INLINE __m256 fused(__m256 a, __m256 b, __m256 c) noexcept {
    return _mm256_fmadd_ps(a, b, c);
}
ACTIV_INLINE __m256d fused(__m256d a, __m256d b, __m256d c) noexcept {
    return _mm256_fmadd_pd(a, b, c);
}
#if defined(__AVX512F__)
ACTIV_INLINE __m512 fused(__m512 a, __m512 b, __m512 c) noexcept {
    return _mm512_fmadd_ps(a, b, c);
}
ACTIV_INLINE __m512d fused(__m512d a, __m512d b, __m512d c) noexcept {
    return _mm512_fmadd_pd(a, b, c);
}
#endif
// c - a b in one instruction (VFNMADD): not a negation (xsimd's is 0 - a, a separate op) and an
// FMA.
ACTIV_INLINE __m128 fused_neg(__m128 a, __m128 b, __m128 c) noexcept {
    return _mm_fnmadd_ps(a, b, c);
}
ACTIV_INLINE __m128d fused_neg(__m128d a, __m128d b, __m128d c) noexcept {
    return _mm_fnmadd_pd(a, b, c);
}
ACTIV_INLINE __m256 fused_neg(__m256 a, __m256 b, __m256 c) noexcept {
    return _mm256_fnmadd_ps(a, b, c);
}
ACTIV_INLINE __m256d fused_neg(__m256d a, __m256d b, __m256d c) noexcept {
    return _mm256_fnmadd_pd(a, b, c);
}
#if defined(__AVX512F__)
ACTIV_INLINE __m512 fused_neg(__m512 a, __m512 b, __m512 c) noexcept {
    return _mm512_fnmadd_ps(a, b, c);
}
ACTIV_INLINE __m512d fused_neg(__m512d a, __m512d b, __m512d c) noexcept {
    return _mm512_fnmadd_pd(a, b, c);
}
#endif
#endif
} // namespace detail

template <class T, class A>
ACTIV_INLINE batch<T, A> madd(const batch<T, A>& a, const batch<T, A>& b,
                              const batch<T, A>& c) noexcept {
#if ACTIV_HAS_FMA && ACTIV_X86
    using R = typename batch<T, A>::register_type;
    return batch<T, A>(detail::fused(static_cast<R>(a), static_cast<R>(b), static_cast<R>(c)));
#elif ACTIV_HAS_FMA
    return xsimd::fma(a, b, c);
#else
    return a * b + c;
#endif
}
template <class T, class A>
ACTIV_INLINE batch<T, A> nmadd(const batch<T, A>& a, const batch<T, A>& b,
                               const batch<T, A>& c) noexcept {
#if ACTIV_HAS_FMA && ACTIV_X86
    using R = typename batch<T, A>::register_type;
    return batch<T, A>(detail::fused_neg(static_cast<R>(a), static_cast<R>(b), static_cast<R>(c)));
#elif ACTIV_HAS_FMA
    return kernels::madd(batch<T, A>(-a), b, c);
#else
    return c - a * b;
#endif
}

namespace detail {
template <class T, class S, std::size_t N, std::size_t... i>
ACTIV_INLINE T horner(const T& x, const std::array<S, N>& c, std::index_sequence<i...>) noexcept {
    T r = T(c[N - 1]);
    ((r = kernels::madd(r, x, T(c[N - 2 - i]))), ...);
    return r;
}
} // namespace detail

/// Horner's scheme with madd, coefficients lowest degree first. Unrolled by a fold expression,
/// not left to the optimizer: GCC 12 at -O2 keeps a loop for 10 or more coefficients (a load, a
/// compare and a branch per FMA, measured ~1.3x slower on double's sigmoid).
template <class T, class S, std::size_t N>
ACTIV_INLINE T horner(const T& x, const std::array<S, N>& c) noexcept {
    static_assert(N >= 1, "activ: a polynomial needs a coefficient");
    return detail::horner(x, c, std::make_index_sequence<N - 1>{});
}

// --- sign and magnitude (exact bit operations) ---------------------------------------------------
ACTIV_INLINE float abs(float x) noexcept { return std::fabs(x); }
ACTIV_INLINE double abs(double x) noexcept { return std::fabs(x); }
template <class T, class A>
ACTIV_INLINE batch<T, A> abs(const batch<T, A>& x) noexcept {
    return xsimd::abs(x);
}

namespace detail {
#if ACTIV_X86
// MAXPS(a, b): a > b ? a : b, so b when either is NaN. The AVX-512 form through the masked
// intrinsic: GCC 12's unmasked one warns about its own undefined source operand.
ACTIV_INLINE __m128 max_of(__m128 a, __m128 b) noexcept { return _mm_max_ps(a, b); }
ACTIV_INLINE __m128d max_of(__m128d a, __m128d b) noexcept { return _mm_max_pd(a, b); }
#if defined(__AVX__)
ACTIV_INLINE __m256 max_of(__m256 a, __m256 b) noexcept { return _mm256_max_ps(a, b); }
ACTIV_INLINE __m256d max_of(__m256d a, __m256d b) noexcept { return _mm256_max_pd(a, b); }
#endif
#if defined(__AVX512F__)
ACTIV_INLINE __m512 max_of(__m512 a, __m512 b) noexcept {
    return _mm512_mask_max_ps(a, __mmask16(0xFFFF), a, b);
}
ACTIV_INLINE __m512d max_of(__m512d a, __m512d b) noexcept {
    return _mm512_mask_max_pd(a, __mmask8(0xFF), a, b);
}
#endif
// MINPS likewise: b when either is NaN.
ACTIV_INLINE __m128 min_of(__m128 a, __m128 b) noexcept { return _mm_min_ps(a, b); }
ACTIV_INLINE __m128d min_of(__m128d a, __m128d b) noexcept { return _mm_min_pd(a, b); }
#if defined(__AVX__)
ACTIV_INLINE __m256 min_of(__m256 a, __m256 b) noexcept { return _mm256_min_ps(a, b); }
ACTIV_INLINE __m256d min_of(__m256d a, __m256d b) noexcept { return _mm256_min_pd(a, b); }
#endif
#if defined(__AVX512F__)
ACTIV_INLINE __m512 min_of(__m512 a, __m512 b) noexcept {
    return _mm512_mask_min_ps(a, __mmask16(0xFFFF), a, b);
}
ACTIV_INLINE __m512d min_of(__m512d a, __m512d b) noexcept {
    return _mm512_mask_min_pd(a, __mmask8(0xFF), a, b);
}
#endif
#endif
} // namespace detail

/// max(x, lo) with a NaN x kept NaN: x86's MAXPS returns its second operand when either is NaN,
/// so the batch form is one instruction; the scalar form compares the same way.
ACTIV_INLINE float at_least(float x, float lo) noexcept { return x < lo ? lo : x; }
ACTIV_INLINE double at_least(double x, double lo) noexcept { return x < lo ? lo : x; }
template <class T, class A>
ACTIV_INLINE batch<T, A> at_least(const batch<T, A>& x, const batch<T, A>& lo) noexcept {
#if ACTIV_X86
    using R = typename batch<T, A>::register_type;
    return batch<T, A>(detail::max_of(static_cast<R>(lo), static_cast<R>(x)));
#else
    return xsimd::select(x < lo, lo, x);
#endif
}

/// min(x, hi) with a NaN x kept NaN, as at_least.
ACTIV_INLINE float at_most(float x, float hi) noexcept { return x > hi ? hi : x; }
ACTIV_INLINE double at_most(double x, double hi) noexcept { return x > hi ? hi : x; }
template <class T, class A>
ACTIV_INLINE batch<T, A> at_most(const batch<T, A>& x, const batch<T, A>& hi) noexcept {
#if ACTIV_X86
    using R = typename batch<T, A>::register_type;
    return batch<T, A>(detail::min_of(static_cast<R>(hi), static_cast<R>(x)));
#else
    return xsimd::select(x > hi, hi, x);
#endif
}

/// -|x| (one OR of the sign bit; never 0 - |x|, which gives +0 for x = 0 on xsimd 8.1 batches).
ACTIV_INLINE float negative_abs(float x) noexcept { return -std::fabs(x); }
ACTIV_INLINE double negative_abs(double x) noexcept { return -std::fabs(x); }
template <class T, class A>
ACTIV_INLINE batch<T, A> negative_abs(const batch<T, A>& x) noexcept {
    return x | batch<T, A>(T(-0.0));
}

/// |mag| with the sign bit of sgn.
ACTIV_INLINE float copysign(float mag, float sgn) noexcept { return std::copysign(mag, sgn); }
ACTIV_INLINE double copysign(double mag, double sgn) noexcept { return std::copysign(mag, sgn); }

/// NaN test, the same for scalars and batches (not under -ffinite-math-only).
/// Never `x != x` on a batch: xsimd 8.1 compiles != to _CMP_NEQ_OQ on AVX and AVX-512, which is
/// false when an operand is NaN, while C++'s != (and xsimd's SSE path) is true.
ACTIV_INLINE bool is_nan(float x) noexcept { return !(x == x); }
ACTIV_INLINE bool is_nan(double x) noexcept { return !(x == x); }
template <class T, class A>
ACTIV_INLINE xsimd::batch_bool<T, A> is_nan(const batch<T, A>& x) noexcept {
    return xsimd::isnan(x);
}

// --- compensated arithmetic ---------------------------------------------------------------------
/// Hides a value from the optimizer, so that a rounded product stays rounded: -ffp-contract=fast
/// must not fuse it into a later addition in one instantiation and not in another (used where
/// a low-order part is formed by a product and then summed).
template <class T>
ACTIV_INLINE T opaque(T x) noexcept {
#if ACTIV_X86 && (defined(__GNUC__) || defined(__clang__))
    if constexpr (is_batch_v<T>)
        __asm__("" : "+v"(x.data));
    else
        __asm__("" : "+v"(x));
#endif
    return x;
}

/// An unevaluated sum hi + lo, |lo| <= ulp(hi): a value carried with about twice the precision.
template <class T>
struct pair {
    T hi;
    T lo;
};

/// 1 + (e + e_lo) and 1 - (e + e_lo) for 0 <= e <= 1, as pairs (Fast2Sum: the rounding error of
/// 1 +- e is exact because |1| >= |e|).
template <class T>
ACTIV_INLINE pair<T> one_plus(const T& e, const T& e_lo) noexcept {
    const T s = T(1) + e;
    return {s, ((T(1) - s) + e) + e_lo};
}
template <class T>
ACTIV_INLINE pair<T> one_plus(const T& e) noexcept {
    const T s = T(1) + e;
    return {s, (T(1) - s) + e};
}
template <class T>
ACTIV_INLINE pair<T> one_minus(const T& e, const T& e_lo) noexcept {
    const T s = T(1) - e;
    return {s, ((T(1) - s) - e) - e_lo};
}

/// a * b as an unevaluated pair hi + lo, exact (with FMA: lo = fma(a, b, -hi); without: Dekker's
/// product with Veltkamp's split, valid while a * b neither overflows nor goes subnormal).
template <class T>
ACTIV_INLINE pair<T> two_prod(const T& a, const T& b) noexcept {
    const T hi = kernels::opaque(T(a * b));
#if ACTIV_HAS_FMA
    return {hi, kernels::madd(a, b, T(-hi))};
#else
    using S = scalar_type_t<T>;
    constexpr S splitter = std::is_same<S, float>::value ? S(4097) : S(134217729); // 2^s + 1
    const auto split = [](const T& v) {
        const T c = kernels::opaque(T(T(splitter) * v));
        const T h = c - (c - v);
        return pair<T>{h, v - h};
    };
    const pair<T> sa = split(a), sb = split(b);
    const T p1 = kernels::opaque(T(sa.hi * sb.hi)), p2 = kernels::opaque(T(sa.hi * sb.lo));
    const T p3 = kernels::opaque(T(sa.lo * sb.hi)), p4 = kernels::opaque(T(sa.lo * sb.lo));
    return {hi, (((p1 - hi) + p2) + p3) + p4};
#endif
}

/// (d + d_lo)^2 as a pair; d^2's rounding error is exact with FMA (d d - hi), 0 without.
template <class T>
ACTIV_INLINE pair<T> square(const pair<T>& d) noexcept {
    const T hi = d.hi * d.hi;
    const T err = kernels::madd(d.hi, d.hi, T(-hi));
    return {hi, kernels::madd(T(d.hi + d.hi), d.lo, err)};
}

// --- AVX-512 instructions with no portable equivalent, per register type ----------------------
// VRCP14, VSCALEF and VFIXUPIMM, used only with AVX512VL so that the 128- and 256-bit batches
// (Eigen's half packets) get them too, and with AVX512DQ (every core with VL has it) for the
// conversion to 64-bit integers. The masked intrinsics with an all-ones mask: GCC 12's
// unmasked 512-bit ones warn about their own undefined source operand.
#if ACTIV_X86 && defined(__AVX512F__) && defined(__AVX512VL__) && defined(__AVX512DQ__)
#define ACTIV_AVX512 1
namespace detail {
ACTIV_INLINE __m128 rcp14(__m128 d) noexcept { return _mm_mask_rcp14_ps(d, 0xF, d); }
ACTIV_INLINE __m128d rcp14(__m128d d) noexcept { return _mm_mask_rcp14_pd(d, 0x3, d); }
ACTIV_INLINE __m256 rcp14(__m256 d) noexcept { return _mm256_mask_rcp14_ps(d, 0xFF, d); }
ACTIV_INLINE __m256d rcp14(__m256d d) noexcept { return _mm256_mask_rcp14_pd(d, 0xF, d); }
ACTIV_INLINE __m512 rcp14(__m512 d) noexcept { return _mm512_mask_rcp14_ps(d, 0xFFFF, d); }
ACTIV_INLINE __m512d rcp14(__m512d d) noexcept { return _mm512_mask_rcp14_pd(d, 0xFF, d); }

ACTIV_INLINE __m128 scalef(__m128 p, __m128 n) noexcept { return _mm_mask_scalef_ps(p, 0xF, p, n); }
ACTIV_INLINE __m128d scalef(__m128d p, __m128d n) noexcept {
    return _mm_mask_scalef_pd(p, 0x3, p, n);
}
ACTIV_INLINE __m256 scalef(__m256 p, __m256 n) noexcept {
    return _mm256_mask_scalef_ps(p, 0xFF, p, n);
}
ACTIV_INLINE __m256d scalef(__m256d p, __m256d n) noexcept {
    return _mm256_mask_scalef_pd(p, 0xF, p, n);
}
ACTIV_INLINE __m512 scalef(__m512 p, __m512 n) noexcept {
    return _mm512_mask_scalef_ps(p, 0xFFFF, p, n);
}
ACTIV_INLINE __m512d scalef(__m512d p, __m512d n) noexcept {
    return _mm512_mask_scalef_pd(p, 0xFF, p, n);
}

// dst where the table says "keep", else the table's value for x's class (imm 0: no faults).
template <int table>
struct fixup {
    __m128 operator()(__m128 dst, __m128 x) const noexcept {
        return _mm_fixupimm_ps(dst, x, _mm_set1_epi32(table), 0);
    }
    __m128d operator()(__m128d dst, __m128d x) const noexcept {
        return _mm_fixupimm_pd(dst, x, _mm_set1_epi64x(table), 0);
    }
    __m256 operator()(__m256 dst, __m256 x) const noexcept {
        return _mm256_fixupimm_ps(dst, x, _mm256_set1_epi32(table), 0);
    }
    __m256d operator()(__m256d dst, __m256d x) const noexcept {
        return _mm256_fixupimm_pd(dst, x, _mm256_set1_epi64x(table), 0);
    }
    __m512 operator()(__m512 dst, __m512 x) const noexcept {
        return _mm512_fixupimm_ps(dst, x, _mm512_set1_epi32(table), 0);
    }
    __m512d operator()(__m512d dst, __m512d x) const noexcept {
        return _mm512_fixupimm_pd(dst, x, _mm512_set1_epi64(table), 0);
    }
};

// mask ? b : c, bit by bit: one VPTERNLOG (imm 0xCA).
template <class R>
ACTIV_INLINE R bit_select(R mask, R b, R c) noexcept {
    constexpr int imm = 0xCA;
    if constexpr (sizeof(R) == 16)
        return R(_mm_ternarylogic_epi32(__m128i(mask), __m128i(b), __m128i(c), imm));
    else if constexpr (sizeof(R) == 32)
        return R(_mm256_ternarylogic_epi32(__m256i(mask), __m256i(b), __m256i(c), imm));
    else
        return R(_mm512_ternarylogic_epi32(__m512i(mask), __m512i(b), __m512i(c), imm));
}

/// op on a batch's register, or on a scalar in lane 0 of a 128-bit register: a scalar runs the
/// very instruction a batch lane does, so scalars and every batch width agree bit for bit.
template <class T, class Op, class... More>
ACTIV_INLINE T on_register(Op op, const T& x, const More&... more) noexcept {
    if constexpr (is_batch_v<T>) {
        using R = typename T::register_type;
        return T(op(static_cast<R>(x), static_cast<R>(more)...));
    } else if constexpr (std::is_same<T, float>::value) {
        return _mm_cvtss_f32(op(_mm_set_ss(x), _mm_set_ss(more)...));
    } else {
        return _mm_cvtsd_f64(op(_mm_set_sd(x), _mm_set_sd(more)...));
    }
}
} // namespace detail
#else
#define ACTIV_AVX512 0
#endif

// The assist-free kernels (ACTIV_ASSIST_FREE) run their arithmetic masked to the lanes where it
// cannot underflow where AVX-512 masks are kept as written: with GCC. clang 14 turns a masked
// multiplication or FMA into an unmasked one and a blend, which computes the masked-off lanes
// (and takes the assists); there, and without AVX-512, the operands are raised to a safe
// minimum instead (two or three instructions more).
#if ACTIV_AVX512 && ACTIV_ASSIST_FREE && !defined(__clang__)
#define ACTIV_ASSIST_FREE_MASKS 1
#else
#define ACTIV_ASSIST_FREE_MASKS 0
#endif

/// |mag| with the sign bit of sgn, for batches: a bitwise select of the sign bit.
/// Not xsimd::bitwise_andnot: in 8.1 bitwise_andnot(a, b) is ~a & b (the intrinsics' order).
template <class T, class A>
ACTIV_INLINE batch<T, A> copysign(const batch<T, A>& mag, const batch<T, A>& sgn) noexcept {
    const batch<T, A> sign_bit(T(-0.0));
#if ACTIV_AVX512 && !defined(__clang__)
    // One VPTERNLOG; GCC compiles the expression below to an AND and a VPTERNLOG. Not for clang,
    // which forms one VPTERNLOG from the expression itself, and which (14, Debian 12) folds a
    // later select into the intrinsic's VPTERNLOG with the operands reordered and the truth
    // table not (LLVM issue 157929, fixed 2026): tanh's select(tiny, copysign(q, x), x) gave
    // x & ~q in the magnitude bits.
    using R = typename batch<T, A>::register_type;
    return batch<T, A>(
        detail::bit_select(static_cast<R>(sign_bit), static_cast<R>(sgn), static_cast<R>(mag)));
#else
    return (mag & ~sign_bit) | (sgn & sign_bit);
#endif
}

/// c ? copysign(mag, x) : x (scalars: the same bits). With AVX-512 (GCC) one VPTERNLOG masked
/// by c, with x as its merge source, where the select of a copysign takes three instructions:
/// a copy of the sign-bit constant (the VPTERNLOG overwrites it), the VPTERNLOG and a blend.
/// Not for clang, for the reason in copysign: its expression form is clang's own VPTERNLOG.
ACTIV_INLINE float copysign_where(bool c, float mag, float x) noexcept {
    return c ? std::copysign(mag, x) : x;
}
ACTIV_INLINE double copysign_where(bool c, double mag, double x) noexcept {
    return c ? std::copysign(mag, x) : x;
}
template <class T, class A>
ACTIV_INLINE batch<T, A> copysign_where(const xsimd::batch_bool<T, A>& c, const batch<T, A>& mag,
                                        const batch<T, A>& x) noexcept {
#if ACTIV_AVX512 && !defined(__clang__)
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
        // Bit by bit, with x, the sign bit and mag as VPTERNLOG's operands A, B, C: B ? A : C
        // (imm 0xE2) where c holds, x elsewhere.
        using R = typename batch<T, A>::register_type;
        const auto k = static_cast<typename xsimd::batch_bool<T, A>::register_type>(c);
        if constexpr (std::is_same<T, float>::value)
            return batch<T, A>(_mm512_castsi512_ps(_mm512_mask_ternarylogic_epi32(
                _mm512_castps_si512(static_cast<R>(x)), k, _mm512_set1_epi32(INT32_MIN),
                _mm512_castps_si512(static_cast<R>(mag)), 0xE2)));
        else
            return batch<T, A>(_mm512_castsi512_pd(_mm512_mask_ternarylogic_epi64(
                _mm512_castpd_si512(static_cast<R>(x)), k, _mm512_set1_epi64(INT64_MIN),
                _mm512_castpd_si512(static_cast<R>(mag)), 0xE2)));
    }
#endif
    return xsimd::select(c, kernels::copysign(mag, x), x);
}

// --- reciprocal and division -------------------------------------------------------------------
/// 1/d to a relative error below 2^-14 (float) or 2^-28 (double), for the quotient correction in
/// divide: VRCP14 (1/d within 2^-14 in one cheap instruction, while a division costs ~5x its
/// throughput on Zen 5), plus one Newton step for double; the correctly rounded 1/d without
/// AVX-512. For |d| in the normal range.
template <class T>
ACTIV_INLINE T reciprocal_estimate(const T& d) noexcept {
#if ACTIV_AVX512
    const T r = detail::on_register([](auto v) { return detail::rcp14(v); }, d);
    if constexpr (std::is_same<scalar_type_t<T>, float>::value)
        return r;
    else
        return kernels::madd(r, kernels::nmadd(d, r, T(1)), r); // 2^-14 -> 2^-28
#else
    return T(1) / d;
#endif
}

/// 1/d to about a division's rounding (relative error ~2^-p, not correctly rounded), for the
/// quotients that correct q = n r by its exact residual and so need r only to within a few
/// units of 2^-p (silu's divide_exact, softsign, the surrogates' reciprocal pairs). AVX-512:
/// VRCP14 and Newton steps r + r (1 - d r), each squaring the error (float 2^-14 -> 2^-28,
/// double 2^-28 -> 2^-56, then the last FMA's rounding): 3 instructions (float) or 5 (double)
/// on the FMA pipes, where a 512-bit VDIVPS issues about once per 10 cycles on the Intel Xeon
/// (measured: the plain x / (1 + |x|) loop, 5.9 Gitems/s).
/// Elsewhere the division itself. For finite nonzero d in the normal range (d = 0 or +-inf
/// give NaN on AVX-512).
template <class T>
ACTIV_INLINE T reciprocal_refined(const T& d) noexcept {
#if ACTIV_AVX512 && ACTIV_FAST_DIVISION
    return T(1) / d; // correctly rounded, and cheaper than the Newton steps on AMD Zen (config.hpp)
#elif ACTIV_AVX512
    const T r = kernels::reciprocal_estimate(d);
    return kernels::madd(r, kernels::nmadd(d, r, T(1)), r);
#else
    return T(1) / d;
#endif
}

/// n - q d rounded once, for a q near n / d such that n - (q d)_hi is exact (Sterbenz): one FMA
/// where there is one; two_prod (Dekker's product: |q d| must stay below ~2^996 / 2^123 of
/// the type's range) and two subtractions elsewhere, the same value.
template <class T>
ACTIV_INLINE T residual(const T& n, const T& q, const T& d) noexcept {
#if ACTIV_HAS_FMA
    return kernels::nmadd(q, d, n);
#else
    const pair<T> p = kernels::two_prod(q, d);
    return T(n - p.hi) - p.lo;
#endif
}

/// (n.hi + n.lo) / (d.hi + d.lo): a reciprocal estimate r, the quotient q = n r, then q corrected
/// by its residual n - q d (a single FMA, exact as far as it matters) times r. The estimate's
/// error shrinks to its square (2^-28 float, 2^-56 double) and the error already in n and d
/// (carried in n.lo, d.lo) drops out: the result is within ~0.5 ULP plus what n.lo, d.lo miss.
/// Without an FMA unit the residual is rounded and up to ~1 ULP more remains.
namespace detail {
/// q + (n - q d) r: the residual correction shared by the pair divisions.
template <class T>
ACTIV_INLINE T corrected(const T& q, const T& r, const pair<T>& n, const pair<T>& d) noexcept {
    const T residual = kernels::nmadd(q, d.hi, n.hi); // n.hi - q d.hi
    return kernels::madd(kernels::nmadd(q, d.lo, T(residual + n.lo)), r, q);
}
} // namespace detail

template <class T>
ACTIV_INLINE T divide(const pair<T>& n, const pair<T>& d) noexcept {
    const T r = kernels::reciprocal_estimate(d.hi);
    // q from n.hi + n.lo, not n.hi alone: a caller's n.lo may be as large as n.hi (y + alpha
    // near cancellation), and the correction below is only as good as r relative to its size.
    return detail::corrected(T(T(n.hi + n.lo) * r), r, n, d);
}
/// As divide(n, d), for an n.lo that is a rounding error of n.hi (|n.lo| <= ulp(n.hi)): the
/// estimate q from n.hi alone (one addition fewer; tanh).
template <class T>
ACTIV_INLINE T divide_small_lo(const pair<T>& n, const pair<T>& d) noexcept {
    const T r = kernels::reciprocal_estimate(d.hi);
    return detail::corrected(T(n.hi * r), r, n, d);
}
/// n / (d.hi + d.lo) for an n without a low part (one addition fewer).
template <class T>
ACTIV_INLINE T divide(const T& n, const pair<T>& d) noexcept {
    const T r = kernels::reciprocal_estimate(d.hi);
    const T q = n * r;
    return kernels::madd(kernels::nmadd(q, d.lo, kernels::nmadd(q, d.hi, n)), r, q);
}

namespace detail {
/// divide_one_plus' first quotient q and the reciprocal r that scales its correction. In double
/// with ACTIV_FAST_DIVISION (AMD Zen) q is the division instruction's n / RN(1 + e) and r
/// VRCP14's estimate alone (the correction is at most ~1.5 ULP of q, so 2^-14 of it is far
/// below an ULP): one division in place of two Newton steps and a product. Elsewhere r is
/// 1/(1 + e) to 2^-14 (float) / 2^-28 (double) and q = n r. The members are computed in place:
/// returned as an aggregate, GCC 12 kept a dead store of r per batch in sigmoid's loop.
template <class T>
struct quotient_estimate {
    T d, r, q;
    ACTIV_INLINE quotient_estimate(const T& n, const T& e) noexcept
        : d(T(1) + e), r(reciprocal(d)), q(quotient(n, d, r)) {}

private:
    static constexpr bool divides =
        ACTIV_AVX512 && ACTIV_FAST_DIVISION && std::is_same<scalar_type_t<T>, double>::value;
    ACTIV_INLINE static T reciprocal(const T& d) noexcept {
#if ACTIV_AVX512
        if constexpr (divides)
            return detail::on_register([](auto v) { return detail::rcp14(v); }, d);
#endif
        return kernels::reciprocal_estimate(d);
    }
    ACTIV_INLINE static T quotient(const T& n, const T& d, const T& r) noexcept {
        if constexpr (divides)
            return n / d;
        else
            return n * r;
    }
};
} // namespace detail

/// n / (1 + e) for 0 <= e <= 1 and n >= 0 (sigmoid's 1 and e, tanh's 1 - e, tanh''s 4e), with
/// FMA: the same correction as divide, but the residual n - q (1 + e) is formed from e itself as
/// (n - q) - q e instead of from a pair for 1 + e: n - q is exact by Sterbenz while q >= n/2,
/// which the estimate's 2^-14 can miss only for e within ~2^-13 of 1 (there n - q rounds by at
/// most a quarter of an ULP of n), and the FMA rounds the small residual once. Two
/// instructions fewer than divide(n, one_plus(e)); sigmoid's exhaustive float pass: 1.50 ULP.
template <class T>
ACTIV_INLINE T divide_one_plus(const T& n, const T& e) noexcept {
    const detail::quotient_estimate<T> est(n, e);
    return kernels::madd(kernels::nmadd(est.q, e, T(n - est.q)), est.r, est.q);
}
/// (n.hi + n.lo) / (1 + e), n.lo a rounding error of n.hi: as above, n.lo joining the residual.
template <class T>
ACTIV_INLINE T divide_one_plus(const pair<T>& n, const T& e) noexcept {
    const detail::quotient_estimate<T> est(n.hi, e);
    return kernels::madd(T(kernels::nmadd(est.q, e, T(n.hi - est.q)) + n.lo), est.r, est.q);
}

// --- powers of two from a magic-rounded integer --------------------------------------------------
template <class S>
struct ieee;
template <>
struct ieee<float> {
    using uint = std::uint32_t;
    using sint = std::int32_t;
    static constexpr int mantissa_bits = 23;
    static constexpr int bias = 127;
    static constexpr float magic = 12582912.0f; // 1.5 * 2^23: x + magic rounds x to an integer
};
template <>
struct ieee<double> {
    using uint = std::uint64_t;
    using sint = std::int64_t;
    static constexpr int mantissa_bits = 52;
    static constexpr int bias = 1023;
    static constexpr double magic = 6755399441055744.0; // 1.5 * 2^52
};

/// Given t = k + magic (t holds the integer k in its low mantissa bits, |k| < 2^22), returns
/// 2^(k + offset). The caller keeps k + offset inside the normal exponent range. Pure integer
/// arithmetic on the representation: no conversion instruction, exact, the same in every path.
template <int offset, class S>
ACTIV_INLINE std::enable_if_t<std::is_floating_point<S>::value, S> pow2_from_magic(S t) noexcept {
    using U = typename ieee<S>::uint;
    const S magic = ieee<S>::magic;
    U bt, bm;
    std::memcpy(&bt, &t, sizeof(S));
    std::memcpy(&bm, &magic, sizeof(S));
    const U e = (bt - bm + static_cast<U>(ieee<S>::bias + offset)) << ieee<S>::mantissa_bits;
    S r;
    std::memcpy(&r, &e, sizeof(S));
    return r;
}
namespace detail {
/// The integer lanes shifted by `bits` (left for bits > 0, logical right for bits < 0), on
/// unsigned lanes through the compiler's vector extension: one VPSLL / VPSRL. xsimd 8.1's
/// AVX-512 shift by an int goes through an intrinsic GCC 12 warns about (-Wuninitialized inside
/// its own avx512fintrin.h), and its shift by a batch falls back to a per-lane loop of signed
/// shifts (slow, and undefined for negative lanes).
template <int bits, class I>
ACTIV_INLINE I shift_lanes(const I& x) noexcept {
#if defined(__GNUC__)
    using R = typename I::register_type;
    using U = std::make_unsigned_t<typename I::value_type>;
    typedef U lanes __attribute__((vector_size(sizeof(R))));
    lanes v;
    std::memcpy(&v, &x.data, sizeof(R)); // register to register: compiles to nothing
    if constexpr (bits > 0)
        v = v << bits;
    else
        v = v >> -bits;
    R shifted;
    std::memcpy(&shifted, &v, sizeof(R));
    return I(shifted);
#else
    if constexpr (bits > 0)
        return x << bits;
    else
        return x >> -bits; // the callers' lanes are non-negative: arithmetic = logical
#endif
}
} // namespace detail

template <int offset, class S, class A>
ACTIV_INLINE batch<S, A> pow2_from_magic(const batch<S, A>& t) noexcept {
    using I = batch<typename ieee<S>::sint, A>;
    const I bm = xsimd::bitwise_cast<I>(batch<S, A>(ieee<S>::magic));
    const I biased = xsimd::bitwise_cast<I>(t) - bm + I(ieee<S>::bias + offset);
    return xsimd::bitwise_cast<batch<S, A>>(detail::shift_lanes<ieee<S>::mantissa_bits>(biased));
}

/// p 2^n for an integral n (as a value of T) with |p 2^n| below the overflow threshold and n
/// within [-2 bias, bias]: rounded once, so a subnormal result is as accurate as a normal one.
/// AVX-512 has this as one instruction (VSCALEF); elsewhere p 2^n1 2^n2 with n1 = round(n/2):
/// the first product is exact, the second rounds once. Both are the correctly rounded p 2^n,
/// so every path agrees bit for bit.
template <class T>
ACTIV_INLINE T scale_pow2(const T& p, const T& n) noexcept {
#if ACTIV_AVX512
    return detail::on_register([](auto a, auto b) { return detail::scalef(a, b); }, p, n);
#else
    using S = scalar_type_t<T>;
    const T magic(ieee<S>::magic);
    const T t1 = kernels::madd(n, T(S(0.5)), magic); // n1 + magic
    const T t2 = (n - (t1 - magic)) + magic;         // n2 + magic, exact
    return T(p * kernels::pow2_from_magic<0>(t1)) * kernels::pow2_from_magic<0>(t2);
#endif
}

namespace detail {
/// The float whose encoding is op(a's, b's), as integers (wrapping: + and - on the encodings).
template <class Op, class T, class A>
ACTIV_INLINE batch<T, A> on_encodings(const batch<T, A>& a, const batch<T, A>& b, Op op) noexcept {
    using I = batch<typename ieee<T>::sint, A>;
    return xsimd::bitwise_cast<batch<T, A>>(
        I(op(xsimd::bitwise_cast<I>(a), xsimd::bitwise_cast<I>(b))));
}
template <class Op, class S>
ACTIV_INLINE std::enable_if_t<std::is_floating_point<S>::value, S> on_encodings(S a, S b,
                                                                                Op op) noexcept {
    typename ieee<S>::uint ua, ub;
    std::memcpy(&ua, &a, sizeof(S));
    std::memcpy(&ub, &b, sizeof(S));
    ua = static_cast<typename ieee<S>::uint>(op(ua, ub));
    std::memcpy(&a, &ua, sizeof(S));
    return a;
}
/// The float whose encoding is a's minus b's, as integers.
template <class T>
ACTIV_INLINE T encoding_minus(const T& a, const T& b) noexcept {
    return on_encodings(a, b, [](auto x, auto y) { return x - y; });
}
/// The float whose encoding is a's plus b's, as integers (wrapping).
template <class T>
ACTIV_INLINE T encoding_plus(const T& a, const T& b) noexcept {
    return on_encodings(a, b, [](auto x, auto y) { return x + y; });
}
} // namespace detail

/// v 2^(n + j) for 1/2 <= v < 2 and an integral n >= -(bias + mantissa_bits + 10) given as
/// t = n + magic (the reduction's t), rounded once, subnormal included, with no instruction
/// that multiplies a subnormal or underflows, and no AVX-512 mask (see
/// scale_pow2_floor_gradual): u = v 2^(n + j + 64) is normal on every lane. Where u >= M =
/// 2^(65 - bias) the result is normal, u 2^-64 (u clamped below at M, so that the lanes
/// computed in vain stay normal too); elsewhere it is subnormal, and u + M rounds u to the
/// subnormal grid scaled by 2^64: the sum has M's exponent, and its encoding minus M's is the
/// subnormal's. NaN comes through the normal branch.
template <int j = 0, class T>
ACTIV_INLINE T scale_pow2_gradual(const T& v, const T& t) noexcept {
    using S = scalar_type_t<T>;
    const T M(std::is_same<S, float>::value ? S(0x1p-62) : S(0x1p-958));
    const T u = v * kernels::pow2_from_magic<64 + j>(t);
    // opaque: the compiler must not use u < M to drop the clamp where u >= M (clang does, and
    // then computes u 2^-64 on every lane, an underflow where u < M).
    const T normal = kernels::opaque(kernels::at_least(u, M)) * T(S(0x1p-64));
    return kernels::select(u < M, detail::encoding_minus(T(u + M), M), normal);
}

namespace detail {
/// For a >= 0: magic + a's biased exponent field (an integer in magic's binade, exact), by
/// integer arithmetic on the encoding.
template <class S>
ACTIV_INLINE std::enable_if_t<std::is_floating_point<S>::value, S>
exponent_field_plus_magic(S a) noexcept {
    typename ieee<S>::uint ua, um;
    const S magic = ieee<S>::magic;
    std::memcpy(&ua, &a, sizeof(S));
    std::memcpy(&um, &magic, sizeof(S));
    ua = (ua >> ieee<S>::mantissa_bits) + um;
    std::memcpy(&a, &ua, sizeof(S));
    return a;
}
template <class S, class A>
ACTIV_INLINE batch<S, A> exponent_field_plus_magic(const batch<S, A>& a) noexcept {
    using I = batch<typename ieee<S>::sint, A>;
    const I field = shift_lanes<-ieee<S>::mantissa_bits>(xsimd::bitwise_cast<I>(a));
    return encoding_plus(xsimd::bitwise_cast<batch<S, A>>(field), batch<S, A>(ieee<S>::magic));
}

/// a's significand with the exponent of 1: f in [1, 2) for a normal a >= 0.
template <class S>
ACTIV_INLINE std::enable_if_t<std::is_floating_point<S>::value, S> unit_significand(S a) noexcept {
    using U = typename ieee<S>::uint;
    const S one = S(1);
    U ua, u1;
    std::memcpy(&ua, &a, sizeof(S));
    std::memcpy(&u1, &one, sizeof(S));
    ua = (ua & ((U(1) << ieee<S>::mantissa_bits) - 1)) | u1;
    std::memcpy(&a, &ua, sizeof(S));
    return a;
}
template <class S, class A>
ACTIV_INLINE batch<S, A> unit_significand(const batch<S, A>& a) noexcept {
    using U = typename ieee<S>::uint;
    const U bits = (U(1) << ieee<S>::mantissa_bits) - 1;
    S mask;
    std::memcpy(&mask, &bits, sizeof(S));
    return (a & batch<S, A>(mask)) | batch<S, A>(S(1));
}

} // namespace detail

/// v 2^n for any normal v (either sign), 0, inf or NaN, and an integral n <= 0 given as
/// t = n + magic: rounded once, subnormal included, with no instruction that multiplies a
/// subnormal or underflows (the general form of scale_pow2_gradual, for a value that is not a
/// bare significand: silu's quotient, elu's alpha e^x). v = +-f 2^E with f in [1, 2) from the
/// encoding; where E + n >= 1 - bias the result is normal and exact, the encoding of v plus
/// n << mantissa_bits; below, u = f 2^(E + n + 64) (E + n clamped to where u is normal: the
/// result is 0 below anyway) and u + M rounds it to the subnormal grid scaled by 2^64 as in
/// scale_pow2_gradual. 0, inf and NaN come back as v (a subnormal v too: exact only for n = 0).
/// Integer instructions mostly; with AVX-512 VGETMANT, VGETEXP and scale_pow2_floor_gradual
/// instead (ldexp_floor_gradual, below).
namespace detail {
template <class T>
ACTIV_INLINE T ldexp_gradual_bits(const T& v, const T& t) noexcept {
    using S = scalar_type_t<T>;
    using I = ieee<S>;
    constexpr bool is_float = std::is_same<S, float>::value;
    const T M(is_float ? S(0x1p-62) : S(0x1p-958)); // 2^(65 - bias)
    const T a = kernels::abs(v);
    const T te = T(t - T(S(I::magic + I::bias))) + detail::exponent_field_plus_magic(a);
    const T tu = kernels::at_most(kernels::at_least(te, T(S(I::magic - (I::bias + 63)))),
                                  T(S(I::magic + (I::bias - 64))));
    const T u = detail::unit_significand(a) * kernels::pow2_from_magic<64>(tu);
    const T sub = kernels::copysign(detail::encoding_minus(T(u + M), M), v);
    const T normal = detail::encoding_plus(v, kernels::pow2_from_magic<-I::bias>(t));
    const auto ordinary =
        a >= T(std::numeric_limits<S>::min()) && a < T(std::numeric_limits<S>::infinity());
    return kernels::select(ordinary, kernels::select(u < M, sub, normal), v);
}
} // namespace detail

#if ACTIV_AVX512
/// p 2^floor(m) for any m (VSCALEF's own definition), rounded once: the table-driven
/// exponential's scaling by k/16.
template <class T>
ACTIV_INLINE T scale_pow2_floor(const T& p, const T& m) noexcept {
    return detail::on_register([](auto a, auto b) { return detail::scalef(a, b); }, p, m);
}

// --- lane masks: arithmetic only where it cannot underflow ----------------------------------
// A masked-off lane takes no assist (measured), so the exponential's callers run their
// arithmetic on the lanes where e^x is large enough for no product to underflow and pass a
// value through on the others. An AVX-512 mask per register; a scalar is lane 0 of a 128-bit
// register with the same instructions, so scalars and batches agree bit for bit.
namespace detail {
#define ACTIV_MASKED_OPS(R, K, S, ps, pre, I, epi)                                                 \
    ACTIV_INLINE R splat(R, double c) noexcept { return pre##_set1_##ps(static_cast<S>(c)); }      \
    ACTIV_INLINE K not_below(R m, R c) noexcept {                                                  \
        return pre##_cmp_##ps##_mask(m, c, _CMP_NLT_UQ);                                           \
    }                                                                                              \
    ACTIV_INLINE R mask_mul(R a, K k, R b) noexcept { return pre##_mask_mul_##ps(a, k, a, b); }    \
    ACTIV_INLINE R mask_nmadd(R a, R b, R c, K k) noexcept {                                       \
        return pre##_mask3_fnmadd_##ps(a, b, c, k);                                                \
    }                                                                                              \
    ACTIV_INLINE R mask_madd(R a, R b, R c, K k) noexcept {                                        \
        return pre##_mask3_fmadd_##ps(a, b, c, k);                                                 \
    }                                                                                              \
    ACTIV_INLINE R maskz_scalef(K k, R p, R m) noexcept {                                          \
        return pre##_maskz_scalef_##ps(k, p, m);                                                   \
    }                                                                                              \
    ACTIV_INLINE R mask_scalef(R src, K k, R p, R m) noexcept {                                    \
        return pre##_mask_scalef_##ps(src, k, p, m);                                               \
    }                                                                                              \
    /* the value rounded to an integer (nearest even), as the bits of R */                         \
    ACTIV_INLINE R rounded_integer_bits(R v) noexcept {                                            \
        return pre##_cast##I##_##ps(pre##_mask_cvt##ps##_##epi(pre##_setzero_##I(), K(-1), v));    \
    }
ACTIV_MASKED_OPS(__m128, __mmask8, float, ps, _mm, si128, epi32)
ACTIV_MASKED_OPS(__m256, __mmask8, float, ps, _mm256, si256, epi32)
ACTIV_MASKED_OPS(__m512, __mmask16, float, ps, _mm512, si512, epi32)
ACTIV_MASKED_OPS(__m128d, __mmask8, double, pd, _mm, si128, epi64)
ACTIV_MASKED_OPS(__m256d, __mmask8, double, pd, _mm256, si256, epi64)
ACTIV_MASKED_OPS(__m512d, __mmask8, double, pd, _mm512, si512, epi64)
#undef ACTIV_MASKED_OPS

// v 2^(floor(m) + j) by VSCALEF, masked to the lanes where floor(m) + j >= 1 - bias (there the
// result is normal for v >= 1/2), and elsewhere the result's encoding as an integer:
// round(v 2^(floor(m) + j + bias + mantissa_bits - 1)) by the conversion instruction (nearest
// even, like every other rounding) is a subnormal's encoding, or a normal one's below twice the
// smallest normal (for v < 2): the encoding of such a value, read as an integer, is the value
// in units of the smallest subnormal. The threshold test is unordered-true, so NaN takes
// VSCALEF. The unmasked VSCALEF before the conversion overflows on the other lanes or not;
// neither costs an assist, nor does a masked-off lane.
template <int j>
struct scalef_gradual {
    template <class R>
    R operator()(R v, R m) const noexcept {
        constexpr bool is_float = sizeof(decltype(R{}[0])) == 4;
        constexpr double lowest_normal = (is_float ? -125.0 : -1021.0) - j; // 1 - bias, v >= 1/2
        constexpr double shift = (is_float ? 149.0 : 1074.0) + j; // bias + mantissa_bits - 1
        const auto normal = not_below(m, splat(m, lowest_normal));
        const R sub = rounded_integer_bits(scalef(v, R(m + splat(m, shift))));
        return mask_scalef(sub, normal, v, j == 0 ? m : R(m + splat(m, j)));
    }
};

template <class T>
struct register_of {
    using type = typename T::register_type;
};
template <>
struct register_of<float> {
    using type = __m128;
};
template <>
struct register_of<double> {
    using type = __m128d;
};
template <class T>
ACTIV_INLINE typename register_of<T>::type to_register(const T& x) noexcept {
    if constexpr (is_batch_v<T>)
        return static_cast<typename T::register_type>(x);
    else if constexpr (std::is_same<T, float>::value)
        return _mm_set_ss(x);
    else
        return _mm_set_sd(x);
}
} // namespace detail

/// The lanes of a value of T where a condition holds, as an AVX-512 mask.
template <class T>
struct lane_mask {
    using R = typename detail::register_of<T>::type;
    decltype(detail::not_below(R{}, R{})) k;
};

/// The lanes where m >= c, or m is NaN (so that NaN goes through the arithmetic).
template <class T>
ACTIV_INLINE lane_mask<T> not_below(const T& m, scalar_type_t<T> c) noexcept {
    return {detail::not_below(detail::to_register(m), detail::to_register(T(c)))};
}
// The masked operations through on_register, like every AVX-512 instruction here.
/// a b where k, a elsewhere.
template <class T>
ACTIV_INLINE T mul_where(const lane_mask<T>& k, const T& a, const T& b) noexcept {
    return detail::on_register([&](auto ra, auto rb) { return detail::mask_mul(ra, k.k, rb); }, a,
                               b);
}
/// c - a b where k, c elsewhere.
template <class T>
ACTIV_INLINE T nmadd_where(const lane_mask<T>& k, const T& a, const T& b, const T& c) noexcept {
    return detail::on_register(
        [&](auto ra, auto rb, auto rc) { return detail::mask_nmadd(ra, rb, rc, k.k); }, a, b, c);
}
/// a b + c where k, c elsewhere.
template <class T>
ACTIV_INLINE T madd_where(const lane_mask<T>& k, const T& a, const T& b, const T& c) noexcept {
    return detail::on_register(
        [&](auto ra, auto rb, auto rc) { return detail::mask_madd(ra, rb, rc, k.k); }, a, b, c);
}
/// p 2^floor(m) where k, 0 elsewhere.
template <class T>
ACTIV_INLINE T scale_pow2_floor_where(const lane_mask<T>& k, const T& p, const T& m) noexcept {
    return detail::on_register([&](auto rp, auto rm) { return detail::maskz_scalef(k.k, rp, rm); },
                               p, m);
}

/// divide_one_plus(n, e) on the lanes of k, n on the others: for lanes where e is so small
/// (below 2^-60 float, 2^-500 double) that n / (1 + e) rounds to n itself, and where the
/// products q e would underflow. 1 + e and its reciprocal are computed everywhere: an addition
/// of a subnormal takes no assist.
template <class T>
ACTIV_INLINE T divide_one_plus_where(const lane_mask<T>& k, const T& n, const T& e) noexcept {
    const T r = kernels::reciprocal_estimate(T(T(1) + e));
    const T q = kernels::mul_where(k, n, r);
    return kernels::madd_where(k, kernels::nmadd_where(k, q, e, T(n - q)), r, q);
}

/// v 2^(floor(m) + j) for 1/2 <= v < 2 (or v = 0), rounded once as scale_pow2_floor is, but
/// with no floating-point instruction whose result underflows or that multiplies a subnormal,
/// however small the result. An Intel core takes a microcode assist for each such instruction
/// unless FTZ/DAZ are set: ~150 cycles for one VSCALEF, VMULPS or VFMADD, against ~2, also for
/// an addition of two normal numbers with a subnormal sum, but not for one with a subnormal
/// operand (measured on an Intel Xeon with AVX-512; a masked-off lane takes none); AMD Zen takes
/// none. Four instructions more than scale_pow2_floor.
template <int j = 0, class T>
ACTIV_INLINE T scale_pow2_floor_gradual(const T& v, const T& m) noexcept {
    return detail::on_register(detail::scalef_gradual<j>{}, v, m);
}

namespace detail {
// |v| = f 2^E by VGETMANT (f in [1, 2), the sign dropped) and VGETEXP (E = floor(log2 |v|),
// subnormal v included; -inf for 0, +inf for inf, NaN for NaN), then f 2^(n + E) by
// scalef_gradual, then v's sign: 0 gives 0 (VSCALEF(0, -inf) = 0), inf inf, NaN NaN.
// The masked intrinsics with every lane on: GCC 12's unmasked ones warn about their own
// undefined source operand.
#define ACTIV_GETMANT_OPS(R, K, ps, pre)                                                           \
    ACTIV_INLINE R unit_mantissa(R v) noexcept {                                                   \
        return pre##_mask_getmant_##ps(v, K(-1), v, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);        \
    }                                                                                              \
    ACTIV_INLINE R exponent_of(R v) noexcept { return pre##_mask_getexp_##ps(v, K(-1), v); }
ACTIV_GETMANT_OPS(__m128, __mmask8, ps, _mm)
ACTIV_GETMANT_OPS(__m256, __mmask8, ps, _mm256)
ACTIV_GETMANT_OPS(__m512, __mmask16, ps, _mm512)
ACTIV_GETMANT_OPS(__m128d, __mmask8, pd, _mm)
ACTIV_GETMANT_OPS(__m256d, __mmask8, pd, _mm256)
ACTIV_GETMANT_OPS(__m512d, __mmask8, pd, _mm512)
#undef ACTIV_GETMANT_OPS

struct scalef_any_gradual {
    template <class R>
    R operator()(R v, R n) const noexcept {
        // n + E clamped where the result is 0 anyway: the conversion's VSCALEF stays normal.
        constexpr bool is_float = sizeof(decltype(R{}[0])) == 4;
        const R m = max_of(splat(n, is_float ? -160.0 : -1100.0), R(n + exponent_of(v)));
        return scalef_gradual<0>{}(unit_mantissa(v), m);
    }
};
} // namespace detail

/// v 2^floor(m) for any v and m < 1 (AVX-512), as ldexp_gradual.
template <class T>
ACTIV_INLINE T ldexp_floor_gradual(const T& v, const T& m) noexcept {
    return kernels::copysign(detail::on_register(detail::scalef_any_gradual{}, v, m), v);
}
#endif

/// v 2^n for any v and an integral n <= 0 given as t = n + magic, rounded once with no
/// instruction that multiplies a subnormal or underflows (see detail::ldexp_gradual_bits).
template <class T>
ACTIV_INLINE T ldexp_gradual(const T& v, const T& t) noexcept {
#if ACTIV_AVX512
    using S = scalar_type_t<T>;
    return kernels::ldexp_floor_gradual(v, T(t - T(ieee<S>::magic)));
#else
    return detail::ldexp_gradual_bits(v, t);
#endif
}

#if ACTIV_AVX512

/// a b + c rounded up, for a c whose ULP is `step` and a result in c's binade (a magic-number
/// rounding to the grid of `step`, rounded up instead of to nearest): embedded rounding for the
/// 512-bit batches and scalars; for Eigen's 128- and 256-bit half packets, which have no
/// embedded rounding, the nearest value and one step more where it lies below the exact
/// a b + c (the sign of the remainder a b + (c - t), c - t exact), the same value.
template <class T>
ACTIV_INLINE T madd_round_up(const T& a, const T& b, const T& c, scalar_type_t<T> step) noexcept {
    constexpr int up = _MM_FROUND_TO_POS_INF | _MM_FROUND_NO_EXC;
    if constexpr (std::is_same<T, float>::value) {
        (void)step;
        return _mm_cvtss_f32(_mm_fmadd_round_ss(_mm_set_ss(a), _mm_set_ss(b), _mm_set_ss(c), up));
    } else if constexpr (std::is_same<T, double>::value) {
        (void)step;
        return _mm_cvtsd_f64(_mm_fmadd_round_sd(_mm_set_sd(a), _mm_set_sd(b), _mm_set_sd(c), up));
    } else if constexpr (sizeof(typename T::register_type) == 64) {
        (void)step;
        using R = typename T::register_type;
        if constexpr (std::is_same<scalar_type_t<T>, float>::value)
            return T(
                _mm512_fmadd_round_ps(static_cast<R>(a), static_cast<R>(b), static_cast<R>(c), up));
        else
            return T(
                _mm512_fmadd_round_pd(static_cast<R>(a), static_cast<R>(b), static_cast<R>(c), up));
    } else {
        const T t = kernels::madd(a, b, c);
        const T below = kernels::madd(a, b, T(c - t));
        return kernels::select(below > T(0), T(t + T(step)), t);
    }
}

/// table[i] for i the last log2(N) mantissa bits of each lane of t (t = magic + k/N, i = k mod
/// N; N = 16 or 32): one permute for the 512-bit batches (16 floats in one register, 32 in
/// two, 16 doubles in two), a gather for Eigen's smaller half packets, an array read for a
/// scalar. Every form returns the table's own values.
template <class S, std::size_t N>
ACTIV_INLINE std::enable_if_t<std::is_floating_point<S>::value, S>
lookup(const std::array<S, N>& table, S t) noexcept {
    static_assert(N == 16 || N == 32, "activ: tables of 16 or 32 entries");
    typename ieee<S>::uint bits;
    std::memcpy(&bits, &t, sizeof(S));
    return table[bits & (N - 1)];
}
namespace detail {
template <std::size_t N>
ACTIV_INLINE __m512 lookup(const float* p, __m512 v) noexcept {
    if constexpr (N == 16)
        return _mm512_permutexvar_ps(_mm512_castps_si512(v), _mm512_loadu_ps(p));
    else
        return _mm512_permutex2var_ps(_mm512_loadu_ps(p), _mm512_castps_si512(v),
                                      _mm512_loadu_ps(p + 16));
}
template <std::size_t N>
ACTIV_INLINE __m512d lookup(const double* p, __m512d v) noexcept {
    static_assert(N == 16, "activ: a double table has 16 entries");
    return _mm512_permutex2var_pd(_mm512_loadu_pd(p), _mm512_castpd_si512(v),
                                  _mm512_loadu_pd(p + 8));
}
template <std::size_t N>
ACTIV_INLINE __m256 lookup(const float* p, __m256 v) noexcept {
    if constexpr (N == 16)
        return _mm256_permutex2var_ps(_mm256_loadu_ps(p), _mm256_castps_si256(v),
                                      _mm256_loadu_ps(p + 8));
    else
        return _mm256_i32gather_ps(
            p, _mm256_and_si256(_mm256_castps_si256(v), _mm256_set1_epi32(N - 1)), 4);
}
template <std::size_t N>
ACTIV_INLINE __m128 lookup(const float* p, __m128 v) noexcept {
    return _mm_i32gather_ps(p, _mm_and_si128(_mm_castps_si128(v), _mm_set1_epi32(N - 1)), 4);
}
template <std::size_t N>
ACTIV_INLINE __m256d lookup(const double* p, __m256d v) noexcept {
    const __m256i i = _mm256_and_si256(_mm256_castpd_si256(v), _mm256_set1_epi64x(N - 1));
    return _mm256_i64gather_pd(p, i, 8);
}
template <std::size_t N>
ACTIV_INLINE __m128d lookup(const double* p, __m128d v) noexcept {
    return _mm_i64gather_pd(p, _mm_and_si128(_mm_castpd_si128(v), _mm_set1_epi64x(N - 1)), 8);
}
} // namespace detail
template <class S, class A, std::size_t N>
ACTIV_INLINE batch<S, A> lookup(const std::array<S, N>& table, const batch<S, A>& t) noexcept {
    using R = typename batch<S, A>::register_type;
    return batch<S, A>(detail::lookup<N>(table.data(), static_cast<R>(t)));
}

/// The value whose encoding is a's shifted right by `bits` (logical): a lookup index taken from
/// a's exponent and leading mantissa bits (one VPSRLD / VPSRLQ), for tables over intervals
/// that double in width with each binade.
template <int bits, class S>
ACTIV_INLINE std::enable_if_t<std::is_floating_point<S>::value, S>
encoding_shifted_right(S a) noexcept {
    typename ieee<S>::uint ua;
    std::memcpy(&ua, &a, sizeof(S));
    ua >>= bits;
    std::memcpy(&a, &ua, sizeof(S));
    return a;
}
template <int bits, class S, class A>
ACTIV_INLINE batch<S, A> encoding_shifted_right(const batch<S, A>& a) noexcept {
    using I = batch<typename ieee<S>::sint, A>;
    return xsimd::bitwise_cast<batch<S, A>>(detail::shift_lanes<-bits>(xsimd::bitwise_cast<I>(a)));
}

#endif

namespace detail {
/// neg where x's sign bit is set, pos elsewhere: one BLENDV, which reads the sign bits of x
/// itself (SSE4.1, AVX), in place of a compare and a blend; the compare elsewhere (it differs
/// for -0 and NaN, which by_sign does not take from here).
template <class T>
ACTIV_INLINE T by_sign_bit(const T& x, const T& neg, const T& pos) noexcept {
#if defined(__SSE4_1__)
    if constexpr (is_batch_v<T>) {
        // Dispatched on the register's size and the lane type (is_same on the vector types
        // themselves warns: GCC drops their attributes in template arguments).
        using R = typename T::register_type;
        constexpr bool is_float = std::is_same<scalar_type_t<T>, float>::value;
        const R a = static_cast<R>(pos), b = static_cast<R>(neg), m = static_cast<R>(x);
        if constexpr (sizeof(R) == 16 && is_float)
            return T(_mm_blendv_ps(a, b, m));
        else if constexpr (sizeof(R) == 16)
            return T(_mm_blendv_pd(a, b, m));
#if defined(__AVX__)
        else if constexpr (sizeof(R) == 32 && is_float)
            return T(_mm256_blendv_ps(a, b, m));
        else if constexpr (sizeof(R) == 32)
            return T(_mm256_blendv_pd(a, b, m));
#endif
        else
            return kernels::select(x < T(0), neg, pos);
    } else
#endif
        return kernels::select(x < T(0), neg, pos);
}
} // namespace detail

/// by_sign's `below` or `above` that stands for at_zero's value (leaky_relu's slope at x <= 0).
constexpr int as_at_zero = -1;

/// A value chosen by x's sign class, with NaN kept: a NaN for NaN, at_zero for +-0, `above`
/// (0, 1 or as_at_zero) for x > 0 and +inf, `below` (the same) for x < 0 and -inf. The step and
/// the ReLU family's derivatives. AVX-512 has it as one instruction (VFIXUPIMM: an 8-class table
/// lookup, denormals classed by sign while DAZ is off; x's own bits for NaN). Elsewhere |x| > 0,
/// false for +-0 and NaN, keeps the value the sign picks, and the other lanes take |x| | at_zero,
/// bit by bit: at_zero itself for +-0, and for NaN a NaN (its exponent all ones and its
/// significand not zero, whatever at_zero's bits; its sign may differ from x's). Two compares
/// and two blends (one of each where below == above) in place of the three and three of the
/// direct form: with AVX2, step ran at a quarter of relu's speed, the blends being the bound.
template <int below, int above, class T>
ACTIV_INLINE T by_sign(const T& x, const T& at_zero) noexcept {
    static_assert((below == 0 || below == 1 || below == as_at_zero) &&
                      (above == 0 || above == 1 || above == as_at_zero),
                  "activ: by_sign maps to 0, 1 or at_zero");
#if ACTIV_AVX512
    // Response codes: 0 keep the destination (at_zero), 1 the source x, 8 +0, 10 +1; classes
    // QNaN, SNaN, zero, +1, -inf, +inf, negative, positive in nibbles 0..7.
    constexpr auto code = [](int v) { return v == as_at_zero ? 0x0 : v == 1 ? 0xA : 0x8; };
    constexpr int lo = code(below), hi = code(above);
    constexpr int table =
        0x1 | 0x1 << 4 | 0x0 << 8 | hi << 12 | lo << 16 | hi << 20 | lo << 24 | hi << 28;
    return detail::on_register(detail::fixup<table>{}, at_zero, x);
#else
    const T a = kernels::abs(x);
    const auto value = [&](int v) {
        return v == as_at_zero ? at_zero : T(static_cast<scalar_type_t<T>>(v));
    };
    T v;
    if constexpr (below == above)
        v = value(above);
    else
        v = detail::by_sign_bit(x, value(below), value(above));
    T zero_or_nan;
    if constexpr (is_batch_v<T>)
        zero_or_nan = a | at_zero;
    else
        zero_or_nan = detail::on_encodings(a, at_zero, [](auto p, auto q) { return p | q; });
    return kernels::select(a > T(0), v, zero_or_nan);
#endif
}

/// by_sign with at_zero = +0 and `below`, `above` 0 or 1 (relu', step with its default, the
/// zero derivatives). Without AVX-512 the compare masks are the result: (x > 0 or x < 0) & 1.0,
/// or'ed with isnan(x) (all ones for NaN: a quiet NaN): two compares and two logic operations
/// (one compare for <0, 0), where by_sign's general form takes five and a blend (with AVX2 on
/// the Intel Xeon at 4096 floats, step 9.7 -> 17.4 Gitems/s; the plain loop 21.6-23.4).
/// Scalars take the same bits.
template <int below, int above, class T>
ACTIV_INLINE T by_sign_zero(const T& x) noexcept {
    static_assert((below == 0 || below == 1) && (above == 0 || above == 1),
                  "activ: by_sign_zero maps to 0 or 1");
#if ACTIV_AVX512
    return kernels::by_sign<below, above>(x, T(0));
#else
    if constexpr (is_batch_v<T>) {
        using R = typename T::register_type;
        const auto bits = [](const auto& mask) { return T(static_cast<R>(mask)); };
        const T nan = bits(xsimd::isnan(x)); // unordered (xsimd's != is ordered)
        if constexpr (below == 1 && above == 1)
            return nan | (bits(x != T(0)) & T(1));
        else if constexpr (above == 1)
            return nan | (bits(x > T(0)) & T(1));
        else if constexpr (below == 1)
            return nan | (bits(x < T(0)) & T(1));
        else
            return nan;
    } else {
        using U = typename ieee<T>::uint;
        T r = (above == 1 && x > T(0)) || (below == 1 && x < T(0)) ? T(1) : T(0);
        U u;
        std::memcpy(&u, &r, sizeof(T));
        u = static_cast<U>(u | (x != x ? ~U(0) : U(0)));
        std::memcpy(&r, &u, sizeof(T));
        return r;
    }
#endif
}

/// `value` strictly inside (lo, hi); 0 outside and at both bounds; NaN kept (by_sign: one
/// VFIXUPIMM on AVX-512). The derivatives of the clamps (hardtanh, relu6, hardsigmoid).
template <class T>
ACTIV_INLINE T inside_or_zero(const T& v, const T& lo, const T& hi, const T& value) noexcept {
    return kernels::select(v > lo && v < hi, value, kernels::by_sign_zero<0, 0>(v));
}

} // namespace activ::kernels
