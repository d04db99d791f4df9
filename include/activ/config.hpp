// activ — configuration shared by every layer: version, the FMA decision, fast-math detection.
#pragma once

#include <xsimd/xsimd.hpp>

#define ACTIV_VERSION_MAJOR 0
#define ACTIV_VERSION_MINOR 1
#define ACTIV_VERSION_PATCH 0

// Whether activ's multiply-adds are fused. The decision is per translation unit and the same
// for scalars and every batch width: scalar, batch, array and Eigen results stay bit-identical
// because they all run the same fused (or the same unfused) operations. A fused FMA is used
// only where the hardware has one: std::fma without it is a slow software routine.
#if defined(__FMA__) || defined(__AVX512F__)
#define ACTIV_HAS_FMA 1
#else
#define ACTIV_HAS_FMA 0
#endif

// Whether the kernels of sigmoid, sigmoid' and tanh' (with FMA: AVX2 or AVX-512), and of silu,
// swish, gelu_tanh, gelu, elu, selu, celu, softplus, log_sigmoid, mish, their derivatives and
// the exponential spike surrogates (every build), whose results follow
// e^-|x| into the subnormal range, keep every multiplication and every result away from that
// range (kernels::scale_pow2_floor_gradual / scale_pow2_gradual / ldexp_gradual, and masked,
// raised or dropped operands). An Intel core takes a microcode assist of ~150 cycles for each
// instruction that multiplies a subnormal or underflows, unless FTZ/DAZ are set: with 1 input in 64
// below -90, sigmoid took 5.3x the time and tanh' 8.4x (bench/subnormal_cost.cpp, Intel Xeon,
// AVX-512). The price is a few instructions per batch: 1.16-1.22x the time (AVX2: 1.01-1.21x; clang
// with AVX-512, no masks: 1.32-1.33x) on inputs that never reach the subnormal range, on that Xeon.
// The results are the same bits either way (checked over all 2^32 floats).
// AMD Zen 5 takes no assist for a subnormal operand or for VSCALEF into the subnormals, and a
// smaller penalty than Intel's for a product of normal numbers that underflows; there the
// assist-free forms cost 1.1-1.3x the time of the plain ones for sigmoid, sigmoid' and tanh',
// 1.2-2.0x for silu, swish, gelu_tanh and softplus' (activ_bench at 4096 elements, both builds
// in one session), and nothing is gained: with 1 input in 64 below -90 (TSC cycles per
// element) the core three are no slower, elu' and gelu, gelu' in double 1.1x. The kernels
// whose plain forms underflowed in products keep the assist-free form whatever this says
// (silu_impl::exp_of_neg_abs, log1p_exp_neg_abs, mish's pair form, the surrogates). So the default
// is 0 where the compiler targets AMD Zen (-march or -mtune znver*, which GCC 12's
// -march=native gives on Zen 5 as znver3), 1 elsewhere; define it to choose. A binary built for
// Zen and run on an Intel core stays correct, and slow on subnormal results.
#if defined(__znver1__) || defined(__znver2__) || defined(__znver3__) || defined(__znver4__) ||    \
    defined(__znver5__) || defined(__tune_znver1__) || defined(__tune_znver2__) ||                 \
    defined(__tune_znver3__) || defined(__tune_znver4__) || defined(__tune_znver5__)
#define ACTIV_TARGETS_ZEN 1
#else
#define ACTIV_TARGETS_ZEN 0
#endif
#ifndef ACTIV_ASSIST_FREE
#define ACTIV_ASSIST_FREE (!ACTIV_TARGETS_ZEN)
#endif

// Whether the AVX-512 kernels may use the division instruction where it replaces a reciprocal
// estimate and its Newton steps (kernels::reciprocal_refined, and the double
// kernels::divide_one_plus of sigmoid, sigmoid', tanh, tanh' and log_sigmoid'). On AMD Zen 5 a
// 512-bit VDIVPS issues every 2.5 core cycles and VDIVPD every 4 (measured: ten independent
// chains), where the Newton steps cost 2 (float) or 4 (double) instructions on the two FMA pipes
// that bound these kernels: sigmoid in double 1.13x faster, softsign in double 1.22x, silu' 1.10x
// (TSC cycles per element, 4096 elements through activ::apply). On the Intel Xeon a 512-bit
// VDIVPS issues about once per 10 cycles. On Zen 4 (an EPYC VM; GCC 12's -march=native says
// znver3 there too) the division is slower, a 512-bit VDIVPS every 4.2 TSC cycles and VDIVPD
// every 6.3 (an FMA: 0.70), yet the kernels are no slower for it overall: 1 against 0, activ_bench
// at 4096 and 65536, float and double, median of 3 alternating runs: softsign 1.03-1.11x,
// softsign' in float 1.10-1.11x, silu' and swish' 1.05-1.09x, the others 0.95-1.07x but for
// one 0.88x (sigmoid' float at 4096; 0.99x at 65536). Default: 1
// where the compiler targets AMD Zen, as for ACTIV_ASSIST_FREE. The results may differ in the
// last bit, within the same bounds.
#ifndef ACTIV_FAST_DIVISION
#define ACTIV_FAST_DIVISION ACTIV_TARGETS_ZEN
#endif

// Every kernel and every functor's evaluation is forced inline. They run once per batch inside
// the array loop and the Eigen kernels; GCC 12's -O2 inliner (Debian's and CMake's
// RelWithDebInfo level) otherwise leaves the larger ones out of line (double's exponential,
// silu's helpers): a call per batch, every zmm argument through memory.
#if defined(__GNUC__) || defined(__clang__)
#define ACTIV_INLINE inline __attribute__((always_inline))
#else
#define ACTIV_INLINE inline
#endif

// Under -ffast-math (-ffinite-math-only) the compiler may assume there is no NaN or infinity and
// fold activ's NaN-propagating comparisons: activ then promises finite results for finite inputs
// only. ACTIV_FAST_MATH lets users' code and activ's tests see which contract is in force.
#if defined(__FAST_MATH__) || defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__
#define ACTIV_FAST_MATH 1
#else
#define ACTIV_FAST_MATH 0
#endif
