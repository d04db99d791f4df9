# Warning flags for activ's own executables (tests, examples, benchmarks). Never applied to the
# INTERFACE target: users choose their own warnings, and -Werror must not leak into their builds.

include(CheckCXXSourceCompiles)
include(CMakePushCheckState)

# GCC 12's AVX-512 intrinsics fill the unused merge operand of their builtins from a
# self-initialised variable (`__m512 __Y = __Y;` in avx512fintrin.h), so -Wuninitialized and
# -Wmaybe-uninitialized fire wherever xsimd's or Eigen's AVX-512 code is inlined; being
# middle-end warnings, the system-header exemption does not cover them. Probe with this build's
# flags (re-run on each configure, as they may change), so the warnings stay on wherever the
# intrinsics are clean: other compilers, and targets without AVX-512.
if(NOT MSVC)
    cmake_push_check_state(RESET)
    # -Wall matters: in C++ it turns on -Winit-self, without which `__Y = __Y` is exempt.
    set(CMAKE_REQUIRED_FLAGS "-O2 -Wall -Werror")
    unset(ACTIV_AVX512_INTRINSICS_WARNING_FREE CACHE)
    check_cxx_source_compiles([[
        #if defined(__AVX512F__)
        #include <immintrin.h>
        __m512 f(__m512 a, __m512 b) { return _mm512_max_ps(a, b); }
        #endif
        int main() { return 0; }
    ]] ACTIV_AVX512_INTRINSICS_WARNING_FREE)
    cmake_pop_check_state()
endif()

function(activ_target_warnings target)
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${ACTIV_WARNINGS_AS_ERRORS}>:/WX>)
        return()
    endif()
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
        $<$<BOOL:${ACTIV_WARNINGS_AS_ERRORS}>:-Werror>)
    if(NOT ACTIV_AVX512_INTRINSICS_WARNING_FREE)
        target_compile_options(${target} PRIVATE -Wno-uninitialized -Wno-maybe-uninitialized)
    elseif(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_FLAGS MATCHES "-fsanitize=")
        # Sanitizer instrumentation makes GCC report -Wmaybe-uninitialized false positives
        # inside libstdc++'s <regex> (used by Catch2), again past the system-header exemption.
        target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
    endif()
endfunction()
