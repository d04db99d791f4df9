// activ tests — the harness for the activation family (tests/family/test_*.cpp).
//
// Each family test file checks its functions with four tools from here:
//
//   family_inputs<T>(n, seed, extra)  n inputs: 1/2 dense uniform in [-30, 30], 1/4 over the
//       whole finite range (every exponent, subnormals included), 1/4 spread over `extra`
//       (the tails, kinks and roots the function cares about).
//   check_accuracy<T>(what, g, x, ref, bound)  evaluates the functor g through activ::apply on x
//       and compares every result with the MPFR reference ref(out, x) (precision
//       `family_precision`, the value is never rounded to T before the comparison). Where the
//       exact result is 0 or a normal number, the error must be <= bound ULP (support/ulp.hpp).
//       Where it is subnormal, the contract is weaker ("may lose precision but never change sign
//       or become NaN"): the result must not be NaN, must not have the opposite sign, and must
//       stay below the smallest normal number in magnitude. Also spot-checks scalar and batch
//       calls against the array results bit for bit.
//   check_all_paths<T>(name, f)  scalar == batch == array (support/paths.hpp) for every form.
//   check_eigen<T>(f)  the Eigen adapter equals the array layer (support/eigen_paths.hpp).
//
// The MPFR reference is written with the parameters exactly as given (double values) and the
// exact constants: a float implementation that rounds a parameter to float carries that
// rounding in its measured error.
#pragma once

#include <activ/activ.hpp>
#include <activ/eigen.hpp>

#include <catch2/catch.hpp>
#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "eigen_paths.hpp"
#include "inputs.hpp"
#include "mp.hpp"
#include "paths.hpp"
#include "reference.hpp"
#include "ulp.hpp"

namespace activ_test {

/// Number of samples per (function, form, type): ACTIV_ACCURACY_SAMPLES or 10^5.
inline std::size_t family_sample_count() { return accuracy_sample_count(100000); }

template <class T>
std::vector<T> family_inputs(std::size_t n, std::uint64_t seed,
                             const std::vector<interval>& extra) {
    std::mt19937_64 rng(seed);
    std::vector<T> v;
    v.reserve(n);
    const std::size_t n_dense = extra.empty() ? n * 3 / 4 : n / 2, n_whole = n / 4;
    for (std::size_t i = 0; i < n_dense; ++i) v.push_back(uniform<T>(rng, -30.0, 30.0));
    for (std::size_t i = 0; i < n_whole; ++i) v.push_back(random_finite<T>(rng));
    for (std::size_t i = 0; v.size() < n; ++i) {
        const interval& t = extra[i % extra.size()];
        v.push_back(uniform<T>(rng, t.lo, t.hi));
    }
    return v;
}

template <class T>
const char* family_type_name() {
    return sizeof(T) == 4 ? "float" : "double";
}

/// The result of one accuracy measurement (also returned, for tests that want the numbers).
template <class T>
struct family_accuracy {
    double max_ulp = 0;
    T worst_input{}, worst_got{}, worst_correct{};
    std::size_t over_bound = 0;
    std::size_t subnormal_violations = 0;
    T subnormal_input{}, subnormal_got{};
    std::size_t measured = 0;
};

template <class T, class G>
family_accuracy<T> measure_accuracy(const G& g, const std::vector<T>& x, const mp_ref& ref,
                                    double bound) {
    const std::size_t n = x.size();
    std::vector<T> y(n);
    activ::apply(g, x.data(), y.data(), n);

    family_accuracy<T> r;
    mp exact, xin;
    const T tiny = std::numeric_limits<T>::min();
    for (std::size_t i = 0; i < n; ++i) {
        mpfr_set_d(xin, static_cast<double>(x[i]), MPFR_RNDN);
        ref(exact, xin);
        // |exact| = m 2^e with m in [1/2, 1): below min() = 2^(min_exponent - 1) iff e <
        // min_exponent.
        const bool subnormal =
            mpfr_regular_p(static_cast<mpfr_srcptr>(exact)) &&
            mpfr_get_exp(static_cast<mpfr_srcptr>(exact)) < std::numeric_limits<T>::min_exponent;
        if (subnormal) {
            const bool neg = mpfr_signbit(static_cast<mpfr_srcptr>(exact)) != 0;
            const T got = y[i];
            const bool ok = !std::isnan(got) && (got == T(0) || std::signbit(got) == neg) &&
                            std::fabs(got) <= tiny;
            if (!ok && r.subnormal_violations++ == 0) {
                r.subnormal_input = x[i];
                r.subnormal_got = got;
            }
            continue;
        }
        ++r.measured;
        const double e = ulp_error(y[i], static_cast<mpfr_srcptr>(exact));
        if (!(e <= bound)) ++r.over_bound;
        if (!(e <= r.max_ulp)) { // NaN or infinite errors count too
            r.max_ulp = e;
            r.worst_input = x[i];
            r.worst_got = y[i];
            r.worst_correct = sizeof(T) == 4 ? static_cast<T>(mpfr_get_flt(exact, MPFR_RNDN))
                                             : static_cast<T>(mpfr_get_d(exact, MPFR_RNDN));
        }
    }

    // Spot checks: the scalar call and the batch call give the array's bits.
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; i += 61)
        if (!same_bits(g(x[i]), y[i])) ++bad;
    for (std::size_t i = 0; i + W <= n; i += 53 * W + 5) {
        alignas(64) T lanes[W];
        g(B::load_unaligned(&x[i])).store_aligned(lanes);
        for (std::size_t k = 0; k < W; ++k)
            if (!same_bits(lanes[k], y[i + k])) ++bad;
    }
    INFO("scalar and batch calls that differ from the array result: " << bad);
    CHECK(bad == 0);
    return r;
}

/// Measures g on x against ref and checks the bound (see the file comment).
template <class T, class G>
family_accuracy<T> check_accuracy(const std::string& what, const G& g, const std::vector<T>& x,
                                  const mp_ref& ref, double bound) {
    const family_accuracy<T> r = measure_accuracy(g, x, ref, bound);
    std::ostringstream s;
    s << what << " <" << family_type_name<T>() << ">: max error " << r.max_ulp << " ULP (bound "
      << bound << ") over " << r.measured
      << " inputs with a normal or zero result, at x = " << describe(r.worst_input) << ": got "
      << describe(r.worst_got) << ", correctly rounded " << describe(r.worst_correct) << "; "
      << r.over_bound << " over the bound";
    INFO(s.str());
    CHECK(r.max_ulp <= bound);
    INFO(what << " <" << family_type_name<T>() << ">: " << r.subnormal_violations
              << " subnormal-range results that are NaN, of the wrong sign or not subnormal"
              << (r.subnormal_violations ? ", first at x = " + describe(r.subnormal_input) +
                                               ": got " + describe(r.subnormal_got)
                                         : std::string()));
    CHECK(r.subnormal_violations == 0);
    return r;
}

/// Value, derivative and (where it exists) derivative_from_output through every path.
template <class T, class F>
void check_all_paths(const char* name, const F& f) {
    check_functor<T>(name, f);
}

/// The Eigen adapter on every shape, for every form of f.
template <class T, class F>
void check_eigen(const F& f) {
    eigen_paths::all_shapes<T>(f);
    eigen_paths::all_shapes<T>(activ::derivative(f));
    if constexpr (activ::has_derivative_from_output_v<F>)
        eigen_paths::all_shapes<T>(activ::derivative_from_output(f));
    eigen_paths::blocks_and_fusion<T>(f);
}

/// Runs `check` on f at x through the scalar call, a batch (every lane) and the array layer,
/// for special-value tests: check(result) must hold on each path's answer.
template <class T, class G, class Check>
void at_every_path(const G& g, T x, Check&& check) {
    check(g(x));
    using B = xsimd::batch<T>;
    alignas(64) T lanes[B::size];
    g(B(x)).store_aligned(lanes);
    for (T v : lanes) check(v);
    T buf[3] = {x, x, x};
    T out[3];
    activ::apply(g, buf, out, 3);
    for (T v : out) check(v);
}

} // namespace activ_test
