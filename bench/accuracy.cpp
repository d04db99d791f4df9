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
//   definition; their derivatives are the textbook s(1 - s) and 1 - t^2 that users write.
#include <activ/activ.hpp>

#if __has_include(<Eigen/Core>)
#include <Eigen/Core>
#define ACTIV_ACCURACY_EIGEN 1
#else
#define ACTIV_ACCURACY_EIGEN 0
#endif

#if ACTIV_ACCURACY_MPFR
#include "family/ref_leaky_relu.hpp"
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

struct result {
    double max_err = 0; // over every input
    double input = 0;
    double max_normal = 0; // over the inputs whose exact result is 0 or a normal number
    double input_normal = 0;
    double sum = 0;
    std::uint64_t count = 0;
    void merge(const result& o) {
        if (o.max_err > max_err) {
            max_err = o.max_err;
            input = o.input;
        }
        if (o.max_normal > max_normal) {
            max_normal = o.max_normal;
            input_normal = o.input_normal;
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

template <class T>
void family_cases(std::vector<case_t<T>>& c) {
#if ACTIV_ACCURACY_MPFR
    namespace r = activ_test::ref;
#define ACTIV_REF(x) x
#else
#define ACTIV_REF(x)                                                                               \
    ref_t {}
#endif
    add_family<T>(c, "leaky_relu", activ::leaky_relu{}, ACTIV_REF(r::leaky_relu(0.01)),
                  ACTIV_REF(r::leaky_relu_derivative(0.01)),
                  ACTIV_REF(r::leaky_relu_derivative_from_output(0.01)));
#undef ACTIV_REF
}

template <class T>
void report(const char* type, const char* name, const char* impl, const result& r) {
    std::printf("%-7s %-16s %-6s %10.3g at %-15.9g %10.3g at %-15.9g %8.4f\n", type, name, impl,
                r.max_normal, r.input_normal, r.max_err, r.input,
                r.count ? r.sum / static_cast<double>(r.count) : 0.0);
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
        if (err > r.max_err) {
            r.max_err = err;
            r.input = static_cast<double>(x[i]);
        }
        const bool subnormal = exact != 0 && std::fabs(exact) < static_cast<long double>(
                                                                    std::numeric_limits<T>::min());
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
                " samples (family: %" PRIu64 "), %u threads, FMA %s\n",
                float_step, samples, family_samples, threads, ACTIV_HAS_FMA ? "on" : "off");
    std::printf("%-7s %-16s %-6s %10s    %-15s %10s    %-15s %8s\n", "type", "function", "impl",
                "max ULP", "(normal result)", "max ULP", "(all results)", "mean");

    const auto wanted = [&](const auto& c) {
        if (!only.empty() && only != c.name) return false;
        return group == "all" || (group == "family") == c.family;
    };
    auto float_cases = cases<float, double>(with_peers);
    family_cases<float>(float_cases);
    auto double_cases = cases<double, long double>(with_peers);
    family_cases<double>(double_cases);

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
        report<float>("float", c.name.c_str(), c.impl, total);
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
        report<double>("double", c.name.c_str(), c.impl, total);
    }
    return 0;
}
