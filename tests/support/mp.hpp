// activ tests — MPFR numbers for the family references (tests/family/ref_*.hpp), without
// Catch2, so that the accuracy tool (bench/accuracy.cpp) can use the same references.
#pragma once

#include <mpfr.h>

#include <functional>

namespace activ_test {

/// Working precision of the family references: 256 bits leave > 190 correct bits even where a
/// reference formula cancels near a root of the function (e.g. gelu'(x) = Phi(x) + x phi(x) near
/// x = -0.75), which costs at most ~60 bits for a double input.
inline constexpr mpfr_prec_t family_precision = 256;

/// A reference: out = f(x), x exact (converted from T), out at family_precision or more.
using mp_ref = std::function<void(mpfr_ptr out, mpfr_srcptr x)>;

/// RAII MPFR number at family_precision, convertible to mpfr_ptr (for the reference lambdas).
class mp {
public:
    mp() { mpfr_init2(v_, family_precision); }
    explicit mp(double d) : mp() { mpfr_set_d(v_, d, MPFR_RNDN); }
    mp(const mp&) = delete;
    mp& operator=(const mp&) = delete;
    ~mp() { mpfr_clear(v_); }
    operator mpfr_ptr() { return v_; }
    operator mpfr_srcptr() const { return v_; }

private:
    mpfr_t v_;
};

} // namespace activ_test
