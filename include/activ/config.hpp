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
