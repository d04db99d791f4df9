// activ accuracy tool: the max and mean error in ULP of every function and derivative.
//
//   float:  every one of the 2^32 inputs (NaNs included: they must give NaN).
//   double: a random sample (default 2^26 inputs: half uniform in [-40, 40], half over the
//           whole range with a uniform exponent), or --samples N.
//
// Reference. float: evaluated in double with a cancellation-free formula (libm's exp, tanh,
// expm1 are correct to < 1 double ULP; the formulas add a few roundings, so the reference is
// within ~2^-50 relative of the exact value: a measured error of E float ULP is exact to
// ~2^-26 ULP). double: the same formulas in long double (x87, 64-bit mantissa), exact to
// ~2^-10 ULP of double. tests/ checks samples against MPFR at 128 bits.
//
// ULP of an exact value v: 2^(max(floor(log2|v|), emin) - p + 1) (p = 24/53, emin = -126/-1022),
// so a subnormal result is measured in units of the smallest subnormal. Error = |got - v| / ulp(v).
// A finite result where the reference is NaN, or NaN where it is not, counts as infinite error.
// Two maxima are printed: over the inputs whose exact result is 0 or normal, and over all
// inputs (subnormal results included, where most peers flush to 0 or lose digits).
//
// The family (leaky_relu ... hardswish): float against activ's own double implementation of the
// same functor (whose error, <= 4 double ULP, is 2^-27 float ULP), double against the 256-bit
// MPFR references of the tests (tests/family/ref_*.hpp), --family-samples inputs (default 2^20,
// drawn as for the core functions).
//
// Usage: activ_accuracy [--threads N] [--samples N] [--family-samples N] [--only NAME]
//                       [--group core|family|all] [--float-step K] [--peers]
//   --float-step K tests every K-th float bit pattern (K = 1: exhaustive).
//   --peers also measures libm (scalar loop), xsimd and Eigen (when found) with the same
//   definition; their derivatives are the textbook s(1 - s) and 1 - t^2 that users write. For the
//   family: libm, Eigen, SLEEF (gelu, elu, selu, celu), oneDNN and XNNPACK (float) when built
//   with them (see add_family_peers), against the reference of activ's entry of the same name;
//   a list of their special-value defects (NaN for a number, wrong sign, ...) follows the table.
#include <activ/activ.hpp>

#if __has_include(<Eigen/Core>)
#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions> // Array::erf, for the gelu peer

#include "peers/eigen_family.hpp"
#define ACTIV_ACCURACY_EIGEN 1
#else
#define ACTIV_ACCURACY_EIGEN 0
#endif

// The family's other peers (--peers), when CMake found them: ACTIV_ACCURACY_HAVE_<PEER>.
#ifndef ACTIV_ACCURACY_HAVE_SLEEF
#define ACTIV_ACCURACY_HAVE_SLEEF 0
#endif
#ifndef ACTIV_ACCURACY_HAVE_DNNL
#define ACTIV_ACCURACY_HAVE_DNNL 0
#endif
#ifndef ACTIV_ACCURACY_HAVE_XNNPACK
#define ACTIV_ACCURACY_HAVE_XNNPACK 0
#endif
#include "peers/textbook.hpp"

#if ACTIV_ACCURACY_HAVE_SLEEF
#include "peers/sleef.hpp"
#endif
#if ACTIV_ACCURACY_HAVE_DNNL
#include "peers/dnnl.hpp"
#include <dlfcn.h>
#endif
#if ACTIV_ACCURACY_HAVE_XNNPACK
#include "peers/xnnpack.hpp"
#endif

#if ACTIV_ACCURACY_MPFR
#include "family/ref_elu.hpp"
#include "family/ref_gelu.hpp"
#include "family/ref_hard.hpp"
#include "family/ref_leaky_relu.hpp"
#include "family/ref_silu.hpp"
#include "family/ref_softplus.hpp"
#include "family/ref_spike.hpp"
#endif

#include <algorithm>
#include <atomic>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <vector>

namespace {

template <class R>
R ref_sigmoid(R x) {
    const R e = std::exp(-std::fabs(x));
    return x < 0 ? e / (1 + e) : 1 / (1 + e);
}
template <class R>
R ref_dsigmoid(R x) {
    const R e = std::exp(-std::fabs(x));
    return e / ((1 + e) * (1 + e));
}
template <class R>
R ref_tanh(R x) {
    return std::tanh(x);
}
template <class R>
R ref_dtanh(R x) {
    const R e = std::exp(-2 * std::fabs(x));
    return 4 * e / ((1 + e) * (1 + e));
}
// The output forms are checked against their own formula, exactly evaluated on the float y.
template <class R>
R ref_sigmoid_from_output(R y) {
    return y * (1 - y);
}
template <class R>
R ref_tanh_from_output(R y) {
    return (1 - y) * (1 + y);
}

template <class T>
double ulp_error(T got, long double exact) {
    if (std::isnan(exact) || std::isnan(got))
        return (std::isnan(exact) && std::isnan(got)) ? 0.0 : INFINITY;
    constexpr int p = std::numeric_limits<T>::digits;
    constexpr int emin = std::numeric_limits<T>::min_exponent - 1;
    if (std::isinf(exact) ||
        std::fabs(exact) > static_cast<long double>(std::numeric_limits<T>::max()))
        return (std::isinf(got) && std::signbit(got) == std::signbit(static_cast<double>(exact)))
                   ? 0.0
                   : INFINITY;
    int e = emin;
    if (exact != 0) {
        std::frexp(exact, &e); // |exact| = m 2^e, m in [0.5, 1)
        e = std::max(e - 1, emin);
    }
    const long double ulp = std::ldexp(1.0L, e - p + 1);
    return static_cast<double>(std::fabs(static_cast<long double>(got) - exact) / ulp);
}

// A special-value defect: the class of the result differs from the exact value's. Printed with
// --peers: how many inputs, their |x| range, and the one of smallest |x|.
enum defect_kind { nan_for_number, number_for_nan, inf_for_finite, finite_for_inf, wrong_sign };
constexpr int defect_kinds = 5;
const char* const defect_names[defect_kinds] = {"NaN for a number", "a number for NaN",
                                                "inf for a finite value", "finite for inf",
                                                "wrong sign"};

struct defect {
    std::uint64_t count = 0;
    double lo = INFINITY, hi = 0; // |x| range
    double x = 0, got = 0, exact = 0;
    void add(double xi, double g, double e) {
        if (std::isnan(xi)) { // NaN inputs: counted, and shown only when there is no other
            if (count++ == 0) {
                x = xi;
                got = g;
                exact = e;
            }
            return;
        }
        const double a = std::fabs(xi);
        if (!(lo <= hi) || a < lo) { // the first non-NaN input, or a smaller |x|
            x = xi;
            got = g;
            exact = e;
        }
        lo = std::min(lo, a);
        hi = std::max(hi, a);
        ++count;
    }
    void merge(const defect& o) {
        if (o.count == 0) return;
        if (count == 0 || (o.lo <= o.hi && (!(lo <= hi) || o.lo < lo))) {
            x = o.x;
            got = o.got;
            exact = o.exact;
        }
        lo = std::min(lo, o.lo);
        hi = std::max(hi, o.hi);
        count += o.count;
    }
};

template <class T>
int classify_defect(T got, long double exact) {
    const bool got_nan = std::isnan(got), exact_nan = std::isnan(exact);
    if (got_nan || exact_nan)
        return got_nan == exact_nan ? -1 : got_nan ? nan_for_number : number_for_nan;
    const bool exact_inf =
        std::isinf(exact) ||
        std::fabs(exact) > static_cast<long double>(std::numeric_limits<T>::max());
    if (std::isinf(got) != exact_inf) return exact_inf ? finite_for_inf : inf_for_finite;
    if (got != 0 && exact != 0 && (got < 0) != (exact < 0)) return wrong_sign;
    return -1;
}

struct result {
    double max_err = 0; // over every input
    double input = 0;
    double max_normal = 0; // over the inputs whose exact result is 0 or a normal number
    double input_normal = 0;
    // The same over finite inputs only (--peers prints it instead: the special inputs of the
    // peers, which many turn into NaN, are in the defects list).
    double max_finite_normal = 0;
    double input_finite_normal = 0;
    double sum = 0;
    std::uint64_t count = 0;
    defect defects[defect_kinds];
    void merge(const result& o) {
        for (int k = 0; k < defect_kinds; ++k) defects[k].merge(o.defects[k]);
        if (o.max_err > max_err) {
            max_err = o.max_err;
            input = o.input;
        }
        if (o.max_normal > max_normal) {
            max_normal = o.max_normal;
            input_normal = o.input_normal;
        }
        if (o.max_finite_normal > max_finite_normal) {
            max_finite_normal = o.max_finite_normal;
            input_finite_normal = o.input_finite_normal;
        }
        sum += o.sum;
        count += o.count;
    }
};

template <class T>
struct case_t {
    std::string name;
    const char* impl;
    std::function<void(const T*, T*, std::size_t)> activ; // array form
    std::function<long double(long double)> reference;    // on the (widened) input
    bool on_output = false;                               // input is f(x), not x
    std::function<void(const T*, T*, std::size_t)> make_input;
    // The family (see family_cases): float is measured against activ's own double
    // implementation (reference_array on the widened inputs), double against MPFR.
    std::function<void(const double*, double*, std::size_t)> reference_array;
#if ACTIV_ACCURACY_MPFR
    activ_test::mp_ref mp_reference;
#endif
    bool family = false;
};

// What users write today, for the same functions: the peers measured with the same definition.
// Their derivatives are the textbook s(1 - s) and 1 - t^2.
template <class T>
struct peers {
    using B = xsimd::batch<T>;
    template <class G>
    static void batched(G g, const T* in, T* out, std::size_t n) {
        std::size_t i = 0;
        for (; i + B::size <= n; i += B::size)
            g(B::load_unaligned(in + i)).store_unaligned(out + i);
        for (; i < n; ++i) out[i] = g(B(in[i])).get(0); // tail through the same batch code
    }
    template <class V>
    static V from_sigmoid(V s) {
        return s * (V(1) - s);
    }
    template <class V>
    static V from_tanh(V t) {
        return V(1) - t * t;
    }
    static T libm_sigmoid(T x) { return T(1) / (T(1) + std::exp(-x)); }
    static T libm_dsigmoid(T x) { return from_sigmoid(libm_sigmoid(x)); }
    static T libm_tanh(T x) { return std::tanh(x); }
    static T libm_dtanh(T x) { return from_tanh(libm_tanh(x)); }
    static B xs_sigmoid(B x) { return B(1) / (B(1) + xsimd::exp(-x)); }
    static B xs_dsigmoid(B x) { return from_sigmoid(xs_sigmoid(x)); }
    static B xs_tanh(B x) { return xsimd::tanh(x); }
    static B xs_dtanh(B x) { return from_tanh(xs_tanh(x)); }
};

template <class T, class R>
std::vector<case_t<T>> cases(bool with_peers) {
    using namespace activ;
    using P = peers<T>;
    using B = typename P::B;
    using array_fn = std::function<void(const T*, T*, std::size_t)>;
    std::vector<case_t<T>> c;
    auto add = [&c](const char* name, const char* impl, array_fn run, R (*reference)(R),
                    array_fn make_input = {}) {
        auto ref = [reference](long double x) {
            return static_cast<long double>(reference(static_cast<R>(x)));
        };
        case_t<T> k;
        k.name = name;
        k.impl = impl;
        k.activ = std::move(run);
        k.reference = ref;
        k.on_output = static_cast<bool>(make_input);
        k.make_input = std::move(make_input);
        c.push_back(std::move(k));
    };
    auto arr = [](auto f) -> array_fn {
        return [f](const T* in, T* out, std::size_t n) { apply(f, in, out, n); };
    };
    auto scalar = [](T (*f)(T)) -> array_fn {
        return [f](const T* in, T* out, std::size_t n) {
            for (std::size_t i = 0; i < n; ++i) out[i] = f(in[i]);
        };
    };
    auto batch = [](B (*g)(B)) -> array_fn {
        return [g](const T* in, T* out, std::size_t n) { P::batched(g, in, out, n); };
    };

    add("sigmoid", "activ", arr(sigmoid{}), ref_sigmoid<R>);
    add("sigmoid'", "activ", arr(derivative(sigmoid{})), ref_dsigmoid<R>);
    add("sigmoid'(y)", "activ", arr(derivative_from_output(sigmoid{})), ref_sigmoid_from_output<R>,
        arr(sigmoid{}));
    add("tanh", "activ", arr(activ::tanh{}), ref_tanh<R>);
    add("tanh'", "activ", arr(derivative(activ::tanh{})), ref_dtanh<R>);
    add("tanh'(y)", "activ", arr(derivative_from_output(activ::tanh{})), ref_tanh_from_output<R>,
        arr(activ::tanh{}));
    if (!with_peers) return c;

    // libm: the scalar loop a user writes first; xsimd's own math.
    add("sigmoid", "libm", scalar(P::libm_sigmoid), ref_sigmoid<R>);
    add("sigmoid'", "libm", scalar(P::libm_dsigmoid), ref_dsigmoid<R>);
    add("tanh", "libm", scalar(P::libm_tanh), ref_tanh<R>);
    add("tanh'", "libm", scalar(P::libm_dtanh), ref_dtanh<R>);
    add("sigmoid", "xsimd", batch(P::xs_sigmoid), ref_sigmoid<R>);
    add("sigmoid'", "xsimd", batch(P::xs_dsigmoid), ref_dsigmoid<R>);
    add("tanh", "xsimd", batch(P::xs_tanh), ref_tanh<R>);
    add("tanh'", "xsimd", batch(P::xs_dtanh), ref_dtanh<R>);
#if ACTIV_ACCURACY_EIGEN
    using A = Eigen::Array<T, Eigen::Dynamic, 1>;
    using M = Eigen::Map<const A>;
    auto eig = [](auto g) -> array_fn {
        return [g](const T* in, T* out, std::size_t n) {
            const auto k = static_cast<Eigen::Index>(n);
            Eigen::Map<A>(out, k) = g(M(in, k));
        };
    };
    add("sigmoid", "Eigen", eig([](const M& x) { return x.logistic(); }), ref_sigmoid<R>);
    add("sigmoid'", "Eigen", eig([](const M& x) { return x.logistic() * (T(1) - x.logistic()); }),
        ref_dsigmoid<R>);
    add("tanh", "Eigen", eig([](const M& x) { return x.tanh(); }), ref_tanh<R>);
    add("tanh'", "Eigen", eig([](const M& x) { return T(1) - x.tanh().square(); }), ref_dtanh<R>);
#endif
    return c;
}

// --- the family -------------------------------------------------------------------------------
// float: every input, against activ's own double implementation of the same functor (<= 4
// double ULP = 2^-27 float ULP: the measured float error is exact to that; the double
// implementation is itself measured against MPFR below). double: sampled, against the 256-bit
// MPFR references of the tests (tests/family/ref_*.hpp).
#if ACTIV_ACCURACY_MPFR
using ref_t = activ_test::mp_ref;
#else
struct ref_t {
    template <class... A>
    ref_t(A&&...) {}
};
#endif

template <class T, class F>
void add_family(std::vector<case_t<T>>& c, const std::string& name, const F& f, ref_t value,
                ref_t deriv, ref_t from_output) {
    using array_fn = std::function<void(const T*, T*, std::size_t)>;
    using wide_fn = std::function<void(const double*, double*, std::size_t)>;
    auto arr = [](auto g) -> array_fn {
        return [g](const T* in, T* out, std::size_t n) { activ::apply(g, in, out, n); };
    };
    auto wide = [](auto g) -> wide_fn {
        return [g](const double* in, double* out, std::size_t n) { activ::apply(g, in, out, n); };
    };
    const auto push = [&](std::string n, array_fn run, wide_fn w, ref_t& mp_ref,
                          array_fn make_input) {
        case_t<T> k;
        k.name = std::move(n);
        k.impl = "activ";
        k.activ = std::move(run);
        k.on_output = static_cast<bool>(make_input);
        k.make_input = std::move(make_input);
        k.family = true;
        if constexpr (std::is_same<T, float>::value) {
            k.reference_array = std::move(w);
        } else {
#if ACTIV_ACCURACY_MPFR
            k.mp_reference = std::move(mp_ref);
#else
            return; // no MPFR: the family is measured in float only
#endif
        }
        (void)mp_ref;
        c.push_back(std::move(k));
    };
    push(name, arr(f), wide(f), value, {});
    push(name + "'", arr(activ::derivative(f)), wide(activ::derivative(f)), deriv, {});
    if constexpr (activ::has_derivative_from_output_v<F>)
        push(name + "'(y)", arr(activ::derivative_from_output(f)),
             wide(activ::derivative_from_output(f)), from_output, arr(f));
    else
        (void)from_output;
}

/// Only the derivative of f (a spike's surrogate), under `name`.
template <class T, class F>
void add_surrogate(std::vector<case_t<T>>& c, const std::string& name, const F& f, ref_t deriv) {
    std::vector<case_t<T>> tmp;
    add_family<T>(tmp, name, f, ref_t{}, std::move(deriv), ref_t{});
    for (auto& k : tmp)
        if (k.name == name + "'") {
            k.name = name;
            c.push_back(std::move(k));
        }
}

template <class T>
void family_cases(std::vector<case_t<T>>& c) {
#if ACTIV_ACCURACY_MPFR
    namespace r = activ_test::ref;
#define ACTIV_REF(x) x
#else
#define ACTIV_REF(x)                                                                               \
    ref_t {}
#endif
    using namespace activ;
    // Defaults (PyTorch's), one entry per function; `name'` is the derivative, `name'(y)` the
    // derivative from the output, measured on y = f(x) against that formula exactly on y.
#define ACTIV_FAMILY(name, functor, ...)                                                           \
    add_family<T>(c, #name, functor, ACTIV_REF(r::name(__VA_ARGS__)),                              \
                  ACTIV_REF(r::name##_derivative(__VA_ARGS__)),                                    \
                  ACTIV_REF(r::name##_derivative_from_output(__VA_ARGS__)))
#define ACTIV_FAMILY_NO_Y(name, functor, ...)                                                      \
    add_family<T>(c, #name, functor, ACTIV_REF(r::name(__VA_ARGS__)),                              \
                  ACTIV_REF(r::name##_derivative(__VA_ARGS__)), ref_t{})
    ACTIV_FAMILY(leaky_relu, leaky_relu{}, 0.01);
    ACTIV_FAMILY(elu, elu{}, 1.0);
    ACTIV_FAMILY(selu, selu{}, );
    ACTIV_FAMILY(celu, celu{}, 1.0);
    ACTIV_FAMILY_NO_Y(gelu, gelu{}, );
    ACTIV_FAMILY_NO_Y(gelu_tanh, gelu_tanh{}, );
    ACTIV_FAMILY_NO_Y(silu, silu{}, );
    ACTIV_FAMILY_NO_Y(swish, swish{2.0}, 2.0);
    ACTIV_FAMILY_NO_Y(mish, mish{}, );
    ACTIV_FAMILY(softplus, softplus{}, 1.0, 20.0);
    ACTIV_FAMILY(log_sigmoid, log_sigmoid{}, );
    ACTIV_FAMILY(softsign, softsign{}, );
    ACTIV_FAMILY(hardtanh, hardtanh{}, -1.0, 1.0);
    ACTIV_FAMILY(relu6, relu6{}, );
    ACTIV_FAMILY(hardsigmoid, hardsigmoid{}, );
    ACTIV_FAMILY_NO_Y(hardswish, hardswish{}, );
    // The spike's value is activ::step's (exact); its derivative is the surrogate.
    add_family<T>(c, "spike", spike<surrogate::straight_through>{}, ACTIV_REF(r::spike(0.0)),
                  ACTIV_REF(r::surrogate_straight_through()), ref_t{});
#define ACTIV_SURROGATE(name, ...)                                                                 \
    add_surrogate<T>(c, "spike." #name "'", spike{surrogate::name{__VA_ARGS__}},                   \
                     ACTIV_REF(r::surrogate_##name(__VA_ARGS__)))
    ACTIV_SURROGATE(fast_sigmoid, 25.0);
    ACTIV_SURROGATE(sigmoid, 25.0);
    ACTIV_SURROGATE(atan, 2.0);
    ACTIV_SURROGATE(triangle, 1.0);
    ACTIV_SURROGATE(gaussian, 0.5);
#undef ACTIV_SURROGATE
#undef ACTIV_FAMILY
#undef ACTIV_FAMILY_NO_Y
#undef ACTIV_REF
}

// --- the family's peers (--peers) ---------------------------------------------------------------
// What users write today for the family, measured against the same reference as activ's entry of
// the same name (copied from it: float against activ's double implementation, double against
// MPFR; a "(y)" entry is fed activ's own y = f(x)). The formulas and parameters are those of
// activ_bench (bench_activ.cpp: register_family_naive, register_family_eigen, register_dnnl,
// register_xnnpack), except swish: beta = 2 here, as activ's entry (swish(1) is silu).
//   libm     scalar loops of std:: math, the textbook derivatives
//   Eigen    Eigen 3.4's array built-ins (erf from unsupported/SpecialFunctions)
//   oneDNN   eltwise forward and backward (dy = 1), f32, one thread
//   XNNPACK  f32 forward: elu, leaky_relu, hardswish, and clamp for hardtanh and relu6
//   SLEEF    gelu from erf (u10), elu/selu/celu from expm1 (u10), their derivatives with exp (u10)
namespace param {
using namespace bench::textbook::param;
constexpr double swish_beta = 2.0; // activ's "swish" entry (bench_activ.cpp uses 1)
} // namespace param

template <class T>
using family_fn = std::function<void(const T*, T*, std::size_t)>;

// A peer's entry for one of activ's family names: name, impl, the array function.
template <class T>
struct peer_entry {
    std::string name;
    const char* impl;
    family_fn<T> run;
};

template <class T>
struct family_peers {
    std::vector<peer_entry<T>> e;
    void add(const std::string& name, const char* impl, family_fn<T> run) {
        e.push_back({name, impl, std::move(run)});
    }
};

template <class T, class G>
family_fn<T> scalar_loop(G g) {
    return [g](const T* in, T* out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) out[i] = g(in[i]);
    };
}

template <class T>
void family_libm(family_peers<T>& p) {
    const char* impl = "libm";
    const auto add3 = [&p, impl](const std::string& name, auto f, auto d, auto dy) {
        p.add(name, impl, scalar_loop<T>(f));
        p.add(name + "'", impl, scalar_loop<T>(d));
        if constexpr (!std::is_same<decltype(dy), std::nullptr_t>::value)
            p.add(name + "'(y)", impl, scalar_loop<T>(dy));
    };
    bench::textbook::family<T>(add3, param::swish_beta);
}

#if ACTIV_ACCURACY_EIGEN
template <class T>
void family_eigen(family_peers<T>& p) {
    using A = Eigen::Array<T, Eigen::Dynamic, 1>;
    using X = Eigen::Map<const A>;
    using Y = Eigen::Map<A>;
    const char* impl = "Eigen";
    const auto kernel = [](auto g) -> family_fn<T> {
        return [g](const T* in, T* out, std::size_t n) {
            const auto k = static_cast<Eigen::Index>(n);
            Y y(out, k);
            g(X(in, k), y);
        };
    };
    const auto add3 = [&p, impl, kernel](const std::string& name, auto f, auto d, auto dy) {
        p.add(name, impl, kernel(f));
        p.add(name + "'", impl, kernel(d));
        if constexpr (!std::is_same<decltype(dy), std::nullptr_t>::value)
            p.add(name + "'(y)", impl, kernel(dy));
    };
    bench::textbook::eigen_family<T>(add3, param::swish_beta);
}
#endif

#if ACTIV_ACCURACY_HAVE_SLEEF
#if ACTIV_BENCH_SLEEF_USABLE
#define ACTIV_ACCURACY_SLEEF_USABLE 1
// SLEEF's u10 erf, expm1 and exp (bench/peers/sleef.hpp) in the textbook formulas.
template <class T>
void family_sleef(family_peers<T>& p) {
    using B = xsimd::batch<T>;
    const char* impl = "SLEEF";
    const auto erf = [](const B& x) { return bench::sleef::erf_u10(x); };
    const auto expm1 = [](const B& x) { return bench::sleef::expm1_u10(x); };
    const auto exp = [](const B& x) { return bench::sleef::exp_u10(x); };
    const auto add = [&p, impl](const std::string& name, auto g) {
        p.add(name, impl,
              [g](const T* in, T* out, std::size_t n) { peers<T>::batched(g, in, out, n); });
    };
    const T r2 = T(param::inv_sqrt2), r2pi = T(param::inv_sqrt_2pi);
    add("gelu", [=](const B& x) { return T(0.5) * x * (T(1) + erf(x * r2)); });
    add("gelu'", [=](const B& x) {
        return T(0.5) * (T(1) + erf(x * r2)) + x * r2pi * exp(T(-0.5) * x * x);
    });
    const T ea = T(param::elu_alpha);
    add("elu", [=](const B& x) { return xsimd::select(x > T(0), x, ea * expm1(x)); });
    add("elu'", [=](const B& x) { return xsimd::select(x > T(0), B(T(1)), ea * exp(x)); });
    const T sl = T(param::selu_lambda), sa = T(param::selu_alpha), sla = sl * sa;
    add("selu", [=](const B& x) { return sl * xsimd::select(x > T(0), x, sa * expm1(x)); });
    add("selu'", [=](const B& x) { return xsimd::select(x > T(0), B(sl), sla * exp(x)); });
    const T ca = T(param::celu_alpha);
    add("celu", [=](const B& x) {
        return xsimd::max(B(T(0)), x) + xsimd::min(B(T(0)), ca * expm1(x / ca));
    });
    add("celu'", [=](const B& x) { return xsimd::select(x > T(0), B(T(1)), exp(x / ca)); });
}
#else
#define ACTIV_ACCURACY_SLEEF_USABLE 0
#endif
#else
#define ACTIV_ACCURACY_SLEEF_USABLE 0
#endif

#if ACTIV_ACCURACY_HAVE_DNNL || ACTIV_ACCURACY_HAVE_XNNPACK
// The work set of bench/peers/dnnl.hpp and xnnpack.hpp: one input slot.
struct peer_work {
    std::size_t n;
    std::size_t slots;
    const float* input;
    float* output;
    const float* in(std::size_t) const { return input; }
    float* out() const { return output; }
};
#endif

#if ACTIV_ACCURACY_HAVE_DNNL
// oneDNN's OpenMP runtime on one thread: omp_set_num_threads sets the calling thread's setting
// only, so every worker calls it (looked up at run time, as activ_bench does: no -fopenmp).
void limit_omp_threads() {
    static void (*set_num_threads)(int) = [] {
        void (*f)(int) = nullptr;
        void* symbol = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
        if (symbol != nullptr) std::memcpy(&f, &symbol, sizeof symbol);
        return f;
    }();
    if (set_num_threads != nullptr) set_num_threads(1);
}

void family_dnnl(family_peers<float>& p) {
    using bench::dnnl_peer::pass;
    const std::tuple<const char*, pass> passes[] = {
        {"", pass::forward}, {"'", pass::backward}, {"'(y)", pass::backward_from_output}};
    for (const bench::dnnl_peer::function& fn : bench::dnnl_peer::functions(param::swish_beta))
        for (const auto& [suffix, ps] : passes) {
            if (ps == pass::backward_from_output && !fn.from_output) continue;
            p.add(std::string(fn.name) + suffix, "oneDNN",
                  [fn, ps = ps](const float* in, float* out, std::size_t n) {
                      if (n == 0) return;
                      limit_omp_threads();
                      const peer_work ws{n, 1, in, out};
                      bench::dnnl_peer::eltwise e(ws, fn.algorithm, ps, fn.alpha, fn.beta);
                      e(0);
                  });
        }
}
#endif

#if ACTIV_ACCURACY_HAVE_XNNPACK
void family_xnnpack(family_peers<float>& p) {
    for (const bench::xnnpack_peer::function& fn : bench::xnnpack_peer::functions())
        p.add(fn.name, "XNNPACK", [fn](const float* in, float* out, std::size_t n) {
            if (n == 0) return;
            const peer_work ws{n, 1, in, out};
            bench::xnnpack_peer::unary u(ws, fn.kind, fn.a, fn.b);
            u(0);
        });
}
#endif

// Appends the peers' entries after activ's entry of the same name, with its reference.
template <class T>
void add_family_peers(std::vector<case_t<T>>& c) {
    family_peers<T> p;
    family_libm<T>(p);
#if ACTIV_ACCURACY_EIGEN
    family_eigen<T>(p);
#endif
#if ACTIV_ACCURACY_SLEEF_USABLE
    family_sleef<T>(p);
#endif
    if constexpr (std::is_same<T, float>::value) {
#if ACTIV_ACCURACY_HAVE_DNNL
        family_dnnl(p);
#endif
#if ACTIV_ACCURACY_HAVE_XNNPACK
        family_xnnpack(p);
#endif
    }
    std::vector<case_t<T>> out;
    for (auto& k : c) {
        out.push_back(k);
        if (!k.family || std::string(k.impl) != "activ") continue;
        for (const auto& e : p.e) {
            if (e.name != k.name) continue;
            case_t<T> q = k;
            q.impl = e.impl;
            q.activ = e.run;
            out.push_back(std::move(q));
        }
    }
    c = std::move(out);
}

// With --peers: the impl column is 7 wide (XNNPACK), and the first maximum is over finite inputs
// (the peers' defects on infinities and NaN are listed after the table).
template <class T>
void report(const char* type, const char* name, const char* impl, const result& r,
            bool with_peers) {
    std::printf("%-7s %-16s %-*s %10.3g at %-15.9g %10.3g at %-15.9g %8.4f\n", type, name,
                with_peers ? 7 : 6, impl, with_peers ? r.max_finite_normal : r.max_normal,
                with_peers ? r.input_finite_normal : r.input_normal, r.max_err, r.input,
                r.count ? r.sum / static_cast<double>(r.count) : 0.0);
}

// The special-value defects of one case (--peers), appended to `lines`.
void collect_defects(std::vector<std::string>& lines, const char* type, const std::string& name,
                     const char* impl, const result& r) {
    for (int k = 0; k < defect_kinds; ++k) {
        const defect& d = r.defects[k];
        if (d.count == 0) continue;
        char range[96] = "x = NaN only";
        if (d.lo <= d.hi) std::snprintf(range, sizeof range, "|x| in [%.9g, %.9g]", d.lo, d.hi);
        char line[320];
        std::snprintf(line, sizeof line,
                      "%-7s %-16s %-7s %-22s %10" PRIu64 " inputs, %s; x = %.9g: got %.9g, "
                      "exact %.9g",
                      type, name.c_str(), impl, defect_names[k], d.count, range, d.x, d.got,
                      d.exact);
        lines.push_back(line);
    }
}

template <class T>
result run_chunk(const case_t<T>& c, std::vector<T>& x, std::vector<T>& y, std::vector<T>& in) {
    const std::size_t n = x.size();
    if (c.on_output) {
        c.make_input(x.data(), in.data(), n);
    } else {
        std::copy(x.begin(), x.end(), in.begin());
    }
    c.activ(in.data(), y.data(), n);
    std::vector<double> wide, wide_ref;
    if (c.reference_array) {
        wide.assign(in.begin(), in.end());
        wide_ref.resize(n);
        c.reference_array(wide.data(), wide_ref.data(), n);
    }
#if ACTIV_ACCURACY_MPFR
    activ_test::mp mx, mexact;
#endif
    result r;
    for (std::size_t i = 0; i < n; ++i) {
        long double exact;
        if (c.reference_array) {
            exact = static_cast<long double>(wide_ref[i]);
#if ACTIV_ACCURACY_MPFR
        } else if (c.mp_reference) {
            mpfr_set_d(mx, static_cast<double>(in[i]), MPFR_RNDN);
            c.mp_reference(mexact, mx);
            exact = mpfr_get_ld(mexact, MPFR_RNDN);
#endif
        } else {
            exact = c.reference(static_cast<long double>(in[i]));
        }
        const double err = ulp_error(y[i], exact);
        if (!std::isfinite(err)) {
            const int kind = classify_defect(y[i], exact);
            if (kind >= 0)
                r.defects[kind].add(static_cast<double>(x[i]), static_cast<double>(y[i]),
                                    static_cast<double>(exact));
        }
        if (err > r.max_err) {
            r.max_err = err;
            r.input = static_cast<double>(x[i]);
        }
        const bool subnormal = exact != 0 && std::fabs(exact) < static_cast<long double>(
                                                                    std::numeric_limits<T>::min());
        if (!subnormal && err > r.max_finite_normal && std::isfinite(x[i])) {
            r.max_finite_normal = err;
            r.input_finite_normal = static_cast<double>(x[i]);
        }
        if (!subnormal && err > r.max_normal) {
            r.max_normal = err;
            r.input_normal = static_cast<double>(x[i]);
        }
        if (std::isfinite(err)) r.sum += err;
        ++r.count;
    }
    return r;
}

} // namespace

int main(int argc, char** argv) {
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::uint64_t samples = 1ull << 26;
    std::uint64_t float_step = 1;
    std::uint64_t family_samples = 1ull << 20;
    std::string only, group = "all";
    bool with_peers = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--threads")
            threads = static_cast<unsigned>(std::stoul(next()));
        else if (a == "--samples")
            samples = std::stoull(next());
        else if (a == "--family-samples")
            family_samples = std::stoull(next());
        else if (a == "--only")
            only = next();
        else if (a == "--group")
            group = next();
        else if (a == "--peers")
            with_peers = true;
        else if (a == "--float-step")
            float_step = std::max<std::uint64_t>(1, std::stoull(next()));
        else {
            std::fprintf(
                stderr,
                "usage: %s [--threads N] [--samples N] [--family-samples N] [--only NAME]\n"
                "          [--group core|family|all] [--float-step K] [--peers]\n",
                argv[0]);
            return 2;
        }
    }
    std::printf("activ accuracy: float every %" PRIu64 "-th of 2^32 inputs, double %" PRIu64
                " samples (family: %" PRIu64
                "), %u threads, FMA %s, ACTIV_ASSIST_FREE=%d, ACTIV_FAST_DIVISION=%d\n",
                float_step, samples, family_samples, threads, ACTIV_HAS_FMA ? "on" : "off",
                ACTIV_ASSIST_FREE ? 1 : 0, ACTIV_FAST_DIVISION ? 1 : 0);
    const int impl_width = with_peers ? 7 : 6;
    std::printf("%-7s %-16s %-*s %10s    %-15s %10s    %-15s %8s\n", "type", "function", impl_width,
                "impl", "max ULP", with_peers ? "(normal,finite)" : "(normal result)", "max ULP",
                "(all results)", "mean");

    const auto wanted = [&](const auto& c) {
        if (!only.empty() && only != c.name) return false;
        return group == "all" || (group == "family") == c.family;
    };
    auto float_cases = cases<float, double>(with_peers);
    family_cases<float>(float_cases);
    auto double_cases = cases<double, long double>(with_peers);
    family_cases<double>(double_cases);
    if (with_peers) {
        add_family_peers<float>(float_cases);
        add_family_peers<double>(double_cases);
    }
    std::vector<std::string> defect_lines;

    for (const auto& c : float_cases) {
        if (!wanted(c)) continue;
        std::vector<result> per(threads);
        std::vector<std::thread> pool;
        const std::uint64_t chunk = 1 << 16;
        std::atomic<std::uint64_t> next{0};
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                std::vector<float> x(chunk), y(chunk), in(chunk);
                for (;;) {
                    const std::uint64_t base = next.fetch_add(chunk * float_step);
                    if (base >= (1ull << 32)) break;
                    std::size_t n = 0;
                    for (std::uint64_t b = base; b < base + chunk * float_step && b < (1ull << 32);
                         b += float_step) {
                        const auto bits = static_cast<std::uint32_t>(b);
                        std::memcpy(&x[n++], &bits, 4);
                    }
                    x.resize(n);
                    y.resize(n);
                    in.resize(n);
                    per[t].merge(run_chunk(c, x, y, in));
                    x.resize(chunk);
                    y.resize(chunk);
                    in.resize(chunk);
                }
            });
        for (auto& p : pool) p.join();
        result total;
        for (auto& r : per) total.merge(r);
        report<float>("float", c.name.c_str(), c.impl, total, with_peers);
        if (with_peers) collect_defects(defect_lines, "float", c.name, c.impl, total);
    }

    for (const auto& c : double_cases) {
        if (!wanted(c)) continue;
        const std::uint64_t case_samples = c.family ? family_samples : samples;
        std::vector<result> per(threads);
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                std::mt19937_64 rng(0x5eed + t);
                const std::size_t chunk = 1 << 14;
                std::vector<double> x(chunk), y(chunk), in(chunk);
                std::uniform_real_distribution<double> dense(-40, 40);
                std::uniform_int_distribution<int> expo(-1074, 1023);
                for (std::uint64_t done = t * chunk; done < case_samples; done += threads * chunk) {
                    for (std::size_t i = 0; i < chunk; ++i) {
                        if (i % 2 == 0)
                            x[i] = dense(rng);
                        else {
                            const double m = std::uniform_real_distribution<double>(1, 2)(rng);
                            x[i] = std::ldexp(rng() & 1 ? m : -m, expo(rng));
                        }
                    }
                    per[t].merge(run_chunk(c, x, y, in));
                }
            });
        for (auto& p : pool) p.join();
        result total;
        for (auto& r : per) total.merge(r);
        report<double>("double", c.name.c_str(), c.impl, total, with_peers);
        if (with_peers) collect_defects(defect_lines, "double", c.name, c.impl, total);
    }
    if (with_peers) {
        std::printf("\nspecial-value defects (the result's class differs from the exact value's): "
                    "%zu\n",
                    defect_lines.size());
        for (const auto& line : defect_lines) std::printf("%s\n", line.c_str());
    }
    return 0;
}
