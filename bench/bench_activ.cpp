// activ benchmark suite: the throughput of every function and derivative, against the memory
// roofline (memcpy and a plain xsimd copy loop) and against the peers. scripts/bench.sh builds
// and runs it; scripts/bench_report.py turns its JSON into a table and a chart.
//
// Benchmark names: <function>/<implementation>/<type>/<size>
//   function        the core four relu sigmoid tanh step, and the family leaky_relu elu selu celu
//                   gelu gelu_tanh silu swish mish softplus log_sigmoid softsign hardtanh relu6
//                   hardsigmoid hardswish (default parameters); d_<f>: derivative from x;
//                   d_<f>_y: derivative from y = f(x), where activ::has_derivative_from_output_v
//                   (its input is then f of the random inputs); copy: the roofline;
//                   dense_sigmoid, dense_tanh: an Eigen layer f(W * x + b), fused
//   implementation  activ     activ::apply(f, in, out, n), and the activ Eigen adapter
//                   naive     a scalar loop of std::exp / std::tanh / std::erf / std::expm1 /
//                             std::log1p / std::max / ?: as users write it (the textbook
//                             derivatives: s (1 - s), 1 - t^2, ...)
//                   eigen     Eigen's built-ins on Eigen::Map'ed arrays
//                   xsimd     xsimd's own math (xsimd::tanh, 1 / (1 + xsimd::exp(-x)), ...)
//                   sleef_u10, sleef_u35, dnnl, xnnpack   when built with them (see the context)
//                   memcpy, xsimd   for copy; activ_split, eigen_split, gemm_only for dense_*
//                             (see run_dense)
//   type            f32 f64
//   size            elements: 4096 (L1), 65536 (L2), 1048576 (L3), 16777216 (DRAM); the cache
//                   levels describe the f32 working set. The family runs at L1, L2 and DRAM
//                   (its targets: the peers at L1/L2, the copy loop at DRAM), and at DRAM without
//                   naive and eigen (see runs_at). dense_*: rows x inner x batch.
// Counters: items/s and bytes/s, with 2 * n * sizeof(T) bytes per call (n read, n written).
//
// Own flags, besides Google Benchmark's:
//   --cpu=N    pin the process to CPU N (default: the last CPU it may run on)
//   --no-pin   do not pin
//   --check    compare every implementation's output with activ's at the L1 size, then exit
#include <activ/activ.hpp>

#include "peers/textbook.hpp"

#if ACTIV_BENCH_HAVE_EIGEN
#include <activ/eigen.hpp>
#include <unsupported/Eigen/SpecialFunctions> // Array::erf, for gelu

#include "peers/eigen_family.hpp"
#endif
#if ACTIV_BENCH_HAVE_SLEEF
#include "peers/sleef.hpp"
#endif
#if ACTIV_BENCH_HAVE_DNNL
#include "peers/dnnl.hpp"
#endif
#if ACTIV_BENCH_HAVE_XNNPACK
#include "peers/xnnpack.hpp"
#endif

#include <benchmark/benchmark.h>

#include <dlfcn.h>
#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#ifndef ACTIV_BENCH_CXX_FLAGS
#define ACTIV_BENCH_CXX_FLAGS "unknown"
#endif

namespace {

// --- sizes and input rotation ------------------------------------------------------------------

// A constant input lets the branch predictor learn it: branchy implementations (Eigen's logistic,
// xsimd's tanh) then look up to ~2x faster at small sizes than on fresh data. So every call
// reads the next of `slots` input buffers, with the working set (slots inputs + 1 output) still
// sized for the intended cache level where possible.
struct size_level {
    std::size_t n;
    const char* level;
    std::size_t slots_f32;
    std::size_t slots_f64;
};

constexpr size_level sizes[] = {
    {std::size_t{1} << 12, "L1", 2, 2},
    {std::size_t{1} << 16, "L2", 2, 2},
    {std::size_t{1} << 20, "L3", 4, 2},
    {std::size_t{1} << 24, "DRAM", 2, 2},
};

// The core four (and copy) run at every size; the family at fewer (runs_at), to keep the full
// run under 5 minutes.
const std::vector<std::string> core_functions = {"copy", "relu", "sigmoid", "tanh", "step"};

template <class T>
std::size_t slots_for(const size_level& s) {
    return sizeof(T) == 4 ? s.slots_f32 : s.slots_f64;
}

template <class T>
const char* type_name() {
    return std::is_same<T, float>::value ? "f32" : "f64";
}

template <class T>
using buffer = std::vector<T, xsimd::aligned_allocator<T>>;

// splitmix64: fast, and plenty random for benchmark inputs.
struct rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    double uniform(double lo, double hi) { // [lo, hi)
        return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53;
    }
};

// Uniform in [-10, 10], and 1 in 64 values of magnitude 10 to 10^4: the tails of a real
// pre-activation, which take the saturated paths of sigmoid and tanh.
template <class T>
buffer<T> random_inputs(std::size_t n, std::uint64_t seed) {
    rng r{seed};
    buffer<T> b(n);
    for (T& v : b) {
        const std::uint64_t bits = r.next();
        if ((bits & 63) == 0) {
            const double magnitude = std::pow(10.0, r.uniform(1.0, 4.0));
            v = static_cast<T>((bits & 64) != 0 ? magnitude : -magnitude);
        } else {
            v = static_cast<T>(r.uniform(-10.0, 10.0));
        }
    }
    return b;
}

// The inputs of one benchmark: n elements, `slots` rotated input buffers, one output buffer.
template <class T>
struct workset {
    std::size_t n = 0;
    std::size_t slots = 0;
    const std::vector<buffer<T>>* inputs = nullptr;
    buffer<T>* output = nullptr;

    const T* in(std::size_t slot) const { return (*inputs)[slot].data(); }
    T* out() const { return output->data(); }
};

// activ's f by name, for the inputs y = f(x) of d_<f>_y: filled by add_activ_family.
template <class T>
std::map<std::string, std::function<void(const T*, T*, std::size_t)>>& output_domains() {
    static std::map<std::string, std::function<void(const T*, T*, std::size_t)>> domains;
    return domains;
}

// Inputs are generated once per (type, size) and kept; the inputs of a d_<f>_y benchmark,
// y = f(x), are derived from them on demand and kept for the cache sizes (a few MiB in all);
// at larger sizes only the latest set is kept (at 16 Mi elements each set is hundreds of MiB).
template <class T>
struct input_store {
    static constexpr std::size_t keep_derived_up_to = std::size_t{1} << 16;
    std::map<std::size_t, std::vector<buffer<T>>> x;
    std::map<std::size_t, buffer<T>> out;
    std::map<std::pair<std::string, std::size_t>, std::vector<buffer<T>>> derived_small;
    std::size_t derived_n = 0;
    std::string derived_f;
    std::vector<buffer<T>> derived;

    static input_store& get() {
        static input_store store;
        return store;
    }

    static void derive(const std::string& domain, const std::vector<buffer<T>>& xs,
                       std::vector<buffer<T>>& ys, std::size_t n) {
        const auto& f = output_domains<T>().at(domain);
        ys.assign(xs.size(), buffer<T>(n));
        for (std::size_t s = 0; s < xs.size(); ++s) f(xs[s].data(), ys[s].data(), n);
    }

    // domain: "" for x itself, else the function whose outputs are the inputs.
    workset<T> prepare(std::size_t n, std::size_t slots, const std::string& domain) {
        std::vector<buffer<T>>& xs = x[n];
        while (xs.size() < slots)
            xs.push_back(random_inputs<T>(n, (std::uint64_t{n} << 8) + xs.size() + sizeof(T)));
        buffer<T>& o = out[n];
        o.resize(n);
        const std::vector<buffer<T>>* inputs = &xs;
        if (!domain.empty() && n <= keep_derived_up_to) {
            std::vector<buffer<T>>& ys = derived_small[{domain, n}];
            if (ys.size() < slots) derive(domain, xs, ys, n);
            inputs = &ys;
        } else if (!domain.empty()) {
            if (derived_n != n || derived_f != domain || derived.size() < slots) {
                derived.clear(); // free the old set first
                derive(domain, xs, derived, n);
                derived_n = n;
                derived_f = domain;
            }
            inputs = &derived;
        }
        return {n, slots, inputs, &o};
    }
};

// "d_sigmoid_y" -> "sigmoid"; any other name -> "" (the random inputs themselves).
std::string input_domain(const std::string& function) {
    const std::size_t len = function.size();
    if (len > 4 && function.compare(0, 2, "d_") == 0 && function.compare(len - 2, 2, "_y") == 0)
        return function.substr(2, len - 4);
    return {};
}

// --- registration ------------------------------------------------------------------------------

struct entry {
    std::string function, impl, type, size;
    std::function<void(benchmark::State&)> body;
    // At the L1 size only: runs the kernel once on the first input slot and returns
    // {input, output} (for --check).
    std::function<std::pair<std::vector<double>, std::vector<double>>()> probe;
};

std::vector<entry>& registry() {
    static std::vector<entry> entries;
    return entries;
}

// The order of the console output (the report sorts on its own): the core four, then the family,
// each function followed by its derivatives.
const std::vector<std::string> family_functions = {"leaky_relu",
                                                   "elu",
                                                   "selu",
                                                   "celu",
                                                   "gelu",
                                                   "gelu_tanh",
                                                   "silu",
                                                   "swish",
                                                   "mish",
                                                   "softplus",
                                                   "log_sigmoid",
                                                   "softsign",
                                                   "hardtanh",
                                                   "relu6",
                                                   "hardsigmoid",
                                                   "hardswish",
                                                   "spike_straight_through",
                                                   "spike_fast_sigmoid",
                                                   "spike_sigmoid",
                                                   "spike_atan",
                                                   "spike_triangle",
                                                   "spike_gaussian"};

std::vector<std::string> make_function_order() {
    std::vector<std::string> order = {"copy"};
    for (const std::string f : {"relu", "sigmoid", "tanh", "step"})
        order.insert(order.end(), {f, "d_" + f, "d_" + f + "_y"});
    order.insert(order.end(), {"dense_sigmoid", "dense_tanh"});
    for (const std::string& f : family_functions)
        order.insert(order.end(), {f, "d_" + f, "d_" + f + "_y"});
    return order;
}
const std::vector<std::string> function_order = make_function_order();
const std::vector<std::string> impl_order = {
    "activ", "naive",   "eigen",  "xsimd",       "sleef_u10",   "sleef_u35",
    "dnnl",  "xnnpack", "memcpy", "activ_split", "eigen_split", "gemm_only"};

std::size_t rank(const std::vector<std::string>& order, const std::string& name) {
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), name) - order.begin());
}

void register_all_entries() {
    std::vector<entry>& entries = registry();
    std::stable_sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
        const auto key = [](const entry& e) {
            return std::make_tuple(rank(function_order, e.function), e.type, e.size.size(), e.size,
                                   rank(impl_order, e.impl));
        };
        return key(a) < key(b);
    });
    for (const entry& e : entries) {
        const std::string name = e.function + "/" + e.impl + "/" + e.type + "/" + e.size;
        benchmark::RegisterBenchmark(name.c_str(), e.body)->Unit(benchmark::kMicrosecond);
    }
}

// Runs the slot kernel that `make` builds for the work set; make may throw (peer setup).
template <class T, class Factory>
void run(benchmark::State& state, std::size_t n, std::size_t slots, const std::string& domain,
         const Factory& make) {
    const workset<T> ws = input_store<T>::get().prepare(n, slots, domain);
    try {
        auto kernel = make(ws);
        std::size_t slot = 0;
        for (auto _ : state) {
            kernel(slot);
            benchmark::ClobberMemory();
            slot = slot + 1 == ws.slots ? 0 : slot + 1;
        }
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    const auto items = static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n);
    state.SetItemsProcessed(items);
    state.SetBytesProcessed(items * 2 * static_cast<std::int64_t>(sizeof(T)));
}

// "d_gelu_y" -> "gelu".
std::string base_function(const std::string& function) {
    std::string base = function;
    if (base.compare(0, 2, "d_") == 0) base = base.substr(2);
    if (base.size() > 2 && base.compare(base.size() - 2, 2, "_y") == 0)
        base = base.substr(0, base.size() - 2);
    return base;
}

// Which sizes an entry runs at. The core four (and copy): all. The family: L1, L2 and DRAM, and at
// DRAM only activ, oneDNN and XNNPACK (f32 only, vectorized). naive and eigen are left out there
// for the 5-minute budget: their transcendental loops take up to a third of a second per DRAM
// call (times 3 repetitions; the iteration count cannot drop below 1), and the DRAM target is
// the copy loop, not them.
bool runs_at(const std::string& function, const std::string& impl, const size_level& s) {
    const bool core = std::find(core_functions.begin(), core_functions.end(),
                                base_function(function)) != core_functions.end();
    if (core) return true;
    const std::string level = s.level;
    return level == "L1" || level == "L2" ||
           (level == "DRAM" && impl != "naive" && impl != "eigen");
}

// The one registration helper: `make(workset)` returns a slot kernel, callable as k(slot).
template <class T, class Factory>
void add(const std::string& function, const std::string& impl, Factory make) {
    const std::string domain = input_domain(function);
    for (const size_level& s : sizes) {
        if (!runs_at(function, impl, s)) continue;
        const std::size_t n = s.n, slots = slots_for<T>(s);
        std::function<std::pair<std::vector<double>, std::vector<double>>()> probe;
        if (n == sizes[0].n)
            probe = [=]() {
                const workset<T> ws = input_store<T>::get().prepare(n, slots, domain);
                auto kernel = make(ws);
                kernel(0);
                return std::pair{std::vector<double>(ws.in(0), ws.in(0) + n),
                                 std::vector<double>(ws.out(), ws.out() + n)};
            };
        registry().push_back(
            {function, impl, type_name<T>(), std::to_string(n),
             [=](benchmark::State& state) { run<T>(state, n, slots, domain, make); }, probe});
    }
}

// An array kernel k(in, out, n) as a factory of slot kernels.
template <class K>
auto array_kernel(K k) {
    return [k](const auto& ws) {
        return [k, &ws](std::size_t slot) { k(ws.in(slot), ws.out(), ws.n); };
    };
}

// activ::apply's loop around f: activ's functors, and the peers' batch code (xsimd, SLEEF),
// which thereby get the same loop, the same tail handling and the same batch width.
template <class T, class F>
auto apply_kernel(F f) {
    return array_kernel([f](const T* in, T* out, std::size_t n) { activ::apply(f, in, out, n); });
}

// A plain scalar loop, as users write it.
template <class T, class G>
auto scalar_kernel(G g) {
    return array_kernel([g](const T* in, T* out, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) out[i] = g(in[i]);
    });
}

// --- implementations ---------------------------------------------------------------------------

template <class T>
void register_copy() {
    add<T>("copy", "memcpy", array_kernel([](const T* in, T* out, std::size_t n) {
               std::memcpy(out, in, n * sizeof(T));
           }));
    add<T>("copy", "xsimd", array_kernel([](const T* in, T* out, std::size_t n) {
               using B = xsimd::batch<T>;
               std::size_t i = 0;
               for (; i + B::size <= n; i += B::size)
                   B::load_unaligned(in + i).store_unaligned(out + i);
               for (; i < n; ++i) out[i] = in[i];
           }));
}

// f, f' from x and, where the function has it, f' from y = f(x).
template <class T, class F>
void add_activ_family(const std::string& name, F f) {
    add<T>(name, "activ", apply_kernel<T>(f));
    add<T>("d_" + name, "activ", apply_kernel<T>(activ::derivative(f)));
    if constexpr (activ::has_derivative_from_output_v<F>) {
        output_domains<T>()[name] = [f](const T* in, T* out, std::size_t n) {
            activ::apply(f, in, out, n);
        };
        add<T>("d_" + name + "_y", "activ", apply_kernel<T>(activ::derivative_from_output(f)));
    }
}

template <class T>
void register_activ() {
    add_activ_family<T>("relu", activ::relu{});
    add_activ_family<T>("sigmoid", activ::sigmoid{});
    add_activ_family<T>("tanh", activ::tanh{});
    add_activ_family<T>("step", activ::step{});
    // The family, default parameters (PyTorch's).
    add_activ_family<T>("leaky_relu", activ::leaky_relu{});
    add_activ_family<T>("elu", activ::elu{});
    add_activ_family<T>("selu", activ::selu{});
    add_activ_family<T>("celu", activ::celu{});
    add_activ_family<T>("gelu", activ::gelu{});
    add_activ_family<T>("gelu_tanh", activ::gelu_tanh{});
    add_activ_family<T>("silu", activ::silu{});
    add_activ_family<T>("swish", activ::swish{});
    add_activ_family<T>("mish", activ::mish{});
    add_activ_family<T>("softplus", activ::softplus{});
    add_activ_family<T>("log_sigmoid", activ::log_sigmoid{});
    add_activ_family<T>("softsign", activ::softsign{});
    add_activ_family<T>("hardtanh", activ::hardtanh{});
    add_activ_family<T>("relu6", activ::relu6{});
    add_activ_family<T>("hardsigmoid", activ::hardsigmoid{});
    add_activ_family<T>("hardswish", activ::hardswish{});
    // The spike: its value is activ::step's; the surrogate derivatives (no peer has them).
    add<T>("d_spike_straight_through", "activ",
           apply_kernel<T>(activ::derivative(activ::spike{activ::surrogate::straight_through{}})));
    add<T>("d_spike_fast_sigmoid", "activ",
           apply_kernel<T>(activ::derivative(activ::spike{activ::surrogate::fast_sigmoid{}})));
    add<T>("d_spike_sigmoid", "activ",
           apply_kernel<T>(activ::derivative(activ::spike{activ::surrogate::sigmoid{}})));
    add<T>("d_spike_atan", "activ",
           apply_kernel<T>(activ::derivative(activ::spike{activ::surrogate::atan{}})));
    add<T>("d_spike_triangle", "activ",
           apply_kernel<T>(activ::derivative(activ::spike{activ::surrogate::triangle{}})));
    add<T>("d_spike_gaussian", "activ",
           apply_kernel<T>(activ::derivative(activ::spike{activ::surrogate::gaussian{}})));
}

template <class T>
void register_naive() {
    const std::string impl = "naive";
    const auto sigmoid = [](T x) { return T(1) / (T(1) + std::exp(-x)); };
    const auto indicator = [](T v) { return v > T(0) ? T(1) : T(0); };
    const auto zero = [](T) { return T(0); };
    add<T>("relu", impl, scalar_kernel<T>([](T x) { return std::max(x, T(0)); }));
    add<T>("d_relu", impl, scalar_kernel<T>(indicator));
    add<T>("d_relu_y", impl, scalar_kernel<T>(indicator));
    add<T>("sigmoid", impl, scalar_kernel<T>(sigmoid));
    add<T>("d_sigmoid", impl, scalar_kernel<T>([sigmoid](T x) {
               const T s = sigmoid(x);
               return s * (T(1) - s);
           }));
    add<T>("d_sigmoid_y", impl, scalar_kernel<T>([](T y) { return y * (T(1) - y); }));
    add<T>("tanh", impl, scalar_kernel<T>([](T x) { return std::tanh(x); }));
    add<T>("d_tanh", impl, scalar_kernel<T>([](T x) {
               const T t = std::tanh(x);
               return T(1) - t * t;
           }));
    add<T>("d_tanh_y", impl, scalar_kernel<T>([](T y) { return T(1) - y * y; }));
    add<T>("step", impl, scalar_kernel<T>(indicator));
    add<T>("d_step", impl, scalar_kernel<T>(zero));
    add<T>("d_step_y", impl, scalar_kernel<T>(zero));
}

// The family's default parameters (activ's and PyTorch's), as every peer is given them.
namespace param {
using namespace bench::textbook::param;
constexpr double swish_beta = 1.0;
} // namespace param

// The family as scalar loops, written as in a textbook or a forum answer: the formula, std::
// math, ?: for the pieces; the derivatives in their textbook forms.
template <class T>
void register_family_naive() {
    const std::string impl = "naive";
    // f, f' and, when given, f' from y: one scalar loop each.
    const auto add3 = [&impl](const std::string& name, auto f, auto d, auto dy) {
        add<T>(name, impl, scalar_kernel<T>(f));
        add<T>("d_" + name, impl, scalar_kernel<T>(d));
        if constexpr (!std::is_same<decltype(dy), std::nullptr_t>::value)
            add<T>("d_" + name + "_y", impl, scalar_kernel<T>(dy));
    };
    bench::textbook::family<T>(add3, param::swish_beta);
}

template <class T>
void register_xsimd() {
    using B = xsimd::batch<T>;
    const std::string impl = "xsimd";
    const auto sigmoid = [](const B& x) { return T(1) / (T(1) + xsimd::exp(-x)); };
    const auto indicator = [](const B& v) { return xsimd::select(v > B(T(0)), B(T(1)), B(T(0))); };
    const auto zero = [](const B&) { return B(T(0)); };
    add<T>("relu", impl, apply_kernel<T>([](const B& x) { return xsimd::max(x, B(T(0))); }));
    add<T>("d_relu", impl, apply_kernel<T>(indicator));
    add<T>("d_relu_y", impl, apply_kernel<T>(indicator));
    add<T>("sigmoid", impl, apply_kernel<T>(sigmoid));
    add<T>("d_sigmoid", impl, apply_kernel<T>([sigmoid](const B& x) {
               const B s = sigmoid(x);
               return s * (T(1) - s);
           }));
    add<T>("d_sigmoid_y", impl, apply_kernel<T>([](const B& y) { return y * (T(1) - y); }));
    add<T>("tanh", impl, apply_kernel<T>([](const B& x) { return xsimd::tanh(x); }));
    add<T>("d_tanh", impl, apply_kernel<T>([](const B& x) {
               const B t = xsimd::tanh(x);
               return T(1) - t * t;
           }));
    add<T>("d_tanh_y", impl, apply_kernel<T>([](const B& y) { return T(1) - y * y; }));
    add<T>("step", impl, apply_kernel<T>(indicator));
    add<T>("d_step", impl, apply_kernel<T>(zero));
    add<T>("d_step_y", impl, apply_kernel<T>(zero));
}

#if ACTIV_BENCH_HAVE_EIGEN
// g(x, y) assigns to y: Eigen::Map'ed arrays over the benchmark's buffers.
template <class T, class G>
auto eigen_kernel(G g) {
    return array_kernel([g](const T* in, T* out, std::size_t n) {
        using A = Eigen::Array<T, Eigen::Dynamic, 1>;
        const Eigen::Map<const A> x(in, static_cast<Eigen::Index>(n));
        Eigen::Map<A> y(out, static_cast<Eigen::Index>(n));
        g(x, y);
    });
}

template <class T>
void register_eigen() {
    using A = Eigen::Array<T, Eigen::Dynamic, 1>;
    using X = Eigen::Map<const A>;
    using Y = Eigen::Map<A>;
    const std::string impl = "eigen";
    // Eigen 3.4 has no select(scalar, scalar); Select itself is not vectorized either way.
    const auto indicator = [](const X& v, Y& y) {
        y = (v > T(0)).select(A::Constant(v.size(), T(1)), A::Constant(v.size(), T(0)));
    };
    const auto zero = [](const X&, Y& y) { y.setZero(); };
    add<T>("relu", impl, eigen_kernel<T>([](const X& x, Y& y) { y = x.max(T(0)); }));
    add<T>("d_relu", impl, eigen_kernel<T>(indicator));
    add<T>("d_relu_y", impl, eigen_kernel<T>(indicator));
    add<T>("sigmoid", impl, eigen_kernel<T>([](const X& x, Y& y) { y = x.logistic(); }));
    // The derivatives as users write them with a preallocated output: f, then a second pass.
    add<T>("d_sigmoid", impl, eigen_kernel<T>([](const X& x, Y& y) {
               y = x.logistic();
               y *= T(1) - y;
           }));
    add<T>("d_sigmoid_y", impl, eigen_kernel<T>([](const X& s, Y& y) { y = s * (T(1) - s); }));
    add<T>("tanh", impl, eigen_kernel<T>([](const X& x, Y& y) { y = x.tanh(); }));
    add<T>("d_tanh", impl, eigen_kernel<T>([](const X& x, Y& y) {
               y = x.tanh();
               y = T(1) - y.square();
           }));
    add<T>("d_tanh_y", impl, eigen_kernel<T>([](const X& t, Y& y) { y = T(1) - t.square(); }));
    add<T>("step", impl, eigen_kernel<T>(indicator));
    add<T>("d_step", impl, eigen_kernel<T>(zero));
    add<T>("d_step_y", impl, eigen_kernel<T>(zero));
}

// The family in Eigen array expressions (peers/eigen_family.hpp).
template <class T>
void register_family_eigen() {
    const std::string impl = "eigen";
    const auto add3 = [&impl](const std::string& name, auto f, auto d, auto dy) {
        add<T>(name, impl, eigen_kernel<T>(f));
        add<T>("d_" + name, impl, eigen_kernel<T>(d));
        if constexpr (!std::is_same<decltype(dy), std::nullptr_t>::value)
            add<T>("d_" + name + "_y", impl, eigen_kernel<T>(dy));
    };
    bench::textbook::eigen_family<T>(add3, param::swish_beta);
}

// A dense layer f(W x + b) for a batch of inputs, into a preallocated matrix; x rotates among 2.
//   activ, eigen   f fused into Eigen's evaluation of (W x).colwise() + b, through the activ
//                  adapter or Eigen's own functions. Eigen 3.4 does not vectorize this
//                  expression (its Replicate evaluator drops PacketAccessBit): both run their
//                  scalar paths.
//   activ_split, eigen_split   out = W x; out.colwise() += b; out = f(out): the activation runs
//                  vectorized on a plain matrix, in place.
//   gemm_only      the layer without an activation.
template <class T, class Assign>
void run_dense(benchmark::State& state, Assign assign) {
    using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using V = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    const Eigen::Index rows = 256, inner = 256, batch = 64;
    rng r{42};
    const auto random_matrix = [&r](Eigen::Index m, Eigen::Index k) {
        M a(m, k);
        for (Eigen::Index i = 0; i < a.size(); ++i)
            a.data()[i] = static_cast<T>(r.uniform(-1.0, 1.0));
        return a;
    };
    const M w = random_matrix(rows, inner);
    const M xs[2] = {random_matrix(inner, batch), random_matrix(inner, batch)};
    const V b = random_matrix(rows, 1);
    M out(rows, batch);
    std::size_t slot = 0;
    for (auto _ : state) {
        assign(out, w, xs[slot], b);
        benchmark::ClobberMemory();
        slot ^= 1;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * rows * batch);
}

template <class T>
void register_dense() {
    using M = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using V = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    const auto add_dense = [](const char* function, const char* impl, auto assign) {
        registry().push_back({function,
                              impl,
                              type_name<T>(),
                              "256x256x64",
                              [assign](benchmark::State& state) { run_dense<T>(state, assign); },
                              {}});
    };
    add_dense("dense_sigmoid", "activ", [](M& out, const M& w, const M& x, const V& b) {
        out = activ::apply(activ::sigmoid{}, (w * x).colwise() + b);
    });
    add_dense("dense_sigmoid", "eigen", [](M& out, const M& w, const M& x, const V& b) {
        out = ((w * x).colwise() + b).array().logistic().matrix();
    });
    add_dense("dense_tanh", "activ", [](M& out, const M& w, const M& x, const V& b) {
        out = activ::apply(activ::tanh{}, (w * x).colwise() + b);
    });
    add_dense("dense_tanh", "eigen", [](M& out, const M& w, const M& x, const V& b) {
        out = ((w * x).colwise() + b).array().tanh().matrix();
    });
    const auto gemm_bias = [](M& out, const M& w, const M& x, const V& b) {
        out.noalias() = w * x;
        out.colwise() += b;
    };
    add_dense("dense_sigmoid", "activ_split",
              [gemm_bias](M& out, const M& w, const M& x, const V& b) {
                  gemm_bias(out, w, x, b);
                  out = activ::apply(activ::sigmoid{}, out);
              });
    add_dense("dense_sigmoid", "eigen_split",
              [gemm_bias](M& out, const M& w, const M& x, const V& b) {
                  gemm_bias(out, w, x, b);
                  out = out.array().logistic().matrix();
              });
    add_dense("dense_tanh", "activ_split", [gemm_bias](M& out, const M& w, const M& x, const V& b) {
        gemm_bias(out, w, x, b);
        out = activ::apply(activ::tanh{}, out);
    });
    add_dense("dense_tanh", "eigen_split", [gemm_bias](M& out, const M& w, const M& x, const V& b) {
        gemm_bias(out, w, x, b);
        out = out.array().tanh().matrix();
    });
    for (const char* function : {"dense_sigmoid", "dense_tanh"})
        add_dense(function, "gemm_only",
                  [](M& out, const M& w, const M& x, const V& b) { out = (w * x).colwise() + b; });
}
#endif

#if ACTIV_BENCH_HAVE_SLEEF && ACTIV_BENCH_SLEEF_USABLE
// SLEEF's vector functions through activ::apply's loop; sigmoid built from exp, derivatives the
// textbook ones.
template <class T>
void register_sleef() {
    using B = xsimd::batch<T>;
    const auto sigmoid = [](const B& x) { return T(1) / (T(1) + bench::sleef::exp_u10(-x)); };
    add<T>("sigmoid", "sleef_u10", apply_kernel<T>(sigmoid));
    add<T>("d_sigmoid", "sleef_u10", apply_kernel<T>([sigmoid](const B& x) {
               const B s = sigmoid(x);
               return s * (T(1) - s);
           }));
    add<T>("tanh", "sleef_u10",
           apply_kernel<T>([](const B& x) { return bench::sleef::tanh_u10(x); }));
    add<T>("tanh", "sleef_u35",
           apply_kernel<T>([](const B& x) { return bench::sleef::tanh_u35(x); }));
    add<T>("d_tanh", "sleef_u10", apply_kernel<T>([](const B& x) {
               const B t = bench::sleef::tanh_u10(x);
               return T(1) - t * t;
           }));
}
#endif

#if ACTIV_BENCH_HAVE_DNNL
// f32 only (oneDNN's eltwise has no f64). No step.
void register_dnnl() {
    using bench::dnnl_peer::pass;
    // name = prefix + function + suffix
    const std::tuple<const char*, const char*, pass> passes[] = {
        {"", "", pass::forward},
        {"d_", "", pass::backward},
        {"d_", "_y", pass::backward_from_output}};
    for (const bench::dnnl_peer::function& fn : bench::dnnl_peer::functions(param::swish_beta))
        for (const auto& [prefix, suffix, p] : passes) {
            if (p == pass::backward_from_output && !fn.from_output) continue;
            add<float>(std::string(prefix) + fn.name + suffix, "dnnl",
                       [fn, p = p](const workset<float>& ws) {
                           return bench::dnnl_peer::eltwise(ws, fn.algorithm, p, fn.alpha, fn.beta);
                       });
        }
}
#endif

#if ACTIV_BENCH_HAVE_XNNPACK
// f32 forward only (the 2022 snapshot has no f32 tanh, no derivatives, no gelu/silu/softplus).
void register_xnnpack() {
    for (const bench::xnnpack_peer::function& fn : bench::xnnpack_peer::functions())
        add<float>(fn.name, "xnnpack", [fn](const workset<float>& ws) {
            return bench::xnnpack_peer::unary(ws, fn.kind, fn.a, fn.b);
        });
}
#endif

template <class T>
void register_type() {
    register_copy<T>();
    register_activ<T>();
    register_naive<T>();
    register_family_naive<T>();
    register_xsimd<T>();
#if ACTIV_BENCH_HAVE_EIGEN
    register_eigen<T>();
    register_family_eigen<T>();
    register_dense<T>();
#endif
#if ACTIV_BENCH_HAVE_SLEEF && ACTIV_BENCH_SLEEF_USABLE
    register_sleef<T>();
#endif
}

// --- context -----------------------------------------------------------------------------------

std::string pin_to_one_cpu(int requested) {
    cpu_set_t allowed;
    CPU_ZERO(&allowed);
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        return "not pinned (sched_getaffinity failed)";
    std::size_t cpu = CPU_SETSIZE;
    if (requested >= 0) {
        cpu = static_cast<std::size_t>(requested);
        if (cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed))
            return "not pinned (CPU " + std::to_string(requested) + " is not available)";
    } else {
        for (std::size_t c = 0; c < CPU_SETSIZE; ++c)
            if (CPU_ISSET(c, &allowed)) cpu = c;
    }
    if (cpu >= CPU_SETSIZE) return "not pinned (no CPU available)";
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) return "not pinned (sched_setaffinity failed)";
    return "pinned to CPU " + std::to_string(cpu);
}

// oneDNN on one thread. Debian's oneDNN runs on GNU OpenMP (libgomp, loaded with libdnnl), which
// reads OMP_NUM_THREADS before main; after that only omp_set_num_threads changes it. It is looked
// up at run time: compiling with -fopenmp would make Eigen's GEMM parallel too, and the
// compiler's own OpenMP library (clang: libomp) need not be the one oneDNN uses.
std::string limit_dnnl_threads() {
#if ACTIV_BENCH_HAVE_DNNL
    void* symbol = dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (symbol == nullptr)
        return "oneDNN: omp_set_num_threads not found, its threading is left as it is";
    void (*set_num_threads)(int) = nullptr;
    std::memcpy(&set_num_threads, &symbol, sizeof symbol);
    set_num_threads(1);
    return "oneDNN: omp_set_num_threads(1)";
#else
    return "";
#endif
}

std::string kib(std::size_t bytes) {
    return bytes >= (std::size_t{1} << 20) ? std::to_string(bytes >> 20) + " MiB"
                                           : std::to_string(bytes >> 10) + " KiB";
}

void add_context(const std::string& pinning, const std::string& threads) {
    std::string found, missing;
    const auto peer = [&](bool present, const std::string& what) {
        std::string& list = present ? found : missing;
        list += (list.empty() ? "" : ", ") + what;
    };
#if ACTIV_BENCH_HAVE_EIGEN
    peer(true, "eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                   std::to_string(EIGEN_MAJOR_VERSION) + "." + std::to_string(EIGEN_MINOR_VERSION));
#else
    peer(false, "eigen");
#endif
#if ACTIV_BENCH_HAVE_SLEEF
    peer(true, "sleef " + std::to_string(SLEEF_VERSION_MAJOR) + "." +
                   std::to_string(SLEEF_VERSION_MINOR) + "." +
                   std::to_string(SLEEF_VERSION_PATCHLEVEL) + " (" + bench::sleef::isa() + ")");
#else
    peer(false, "sleef");
#endif
#if ACTIV_BENCH_HAVE_DNNL
    peer(true, "dnnl " + bench::dnnl_peer::version());
#else
    peer(false, "dnnl");
#endif
#if ACTIV_BENCH_HAVE_XNNPACK
    peer(true, "xnnpack (Debian 2022 snapshot)");
#else
    peer(false, "xnnpack");
#endif
    benchmark::AddCustomContext("activ_peers", found.empty() ? "none" : found);
    benchmark::AddCustomContext("activ_peers_missing", missing.empty() ? "none" : missing);

    std::string working_sets;
    for (const size_level& s : sizes) {
        working_sets += (working_sets.empty() ? "" : "; ") + std::to_string(s.n) + " (" + s.level +
                        "): f32 " + std::to_string(s.slots_f32) + " inputs, " +
                        kib((s.slots_f32 + 1) * s.n * 4) + ", f64 " + std::to_string(s.slots_f64) +
                        " inputs, " + kib((s.slots_f64 + 1) * s.n * 8);
    }
    benchmark::AddCustomContext(
        "activ_inputs",
        "uniform [-10, 10], 1 in 64 of magnitude 10 to 1e4; d_<f>_y reads y = f(x). Inputs rotate "
        "among N buffers: a single constant input lets branchy implementations (Eigen's "
        "logistic) look ~2x faster at small sizes. Working sets (N inputs + 1 output): " +
            working_sets);
    benchmark::AddCustomContext(
        "activ_family",
        "leaky_relu elu selu celu gelu gelu_tanh silu swish mish softplus log_sigmoid softsign "
        "hardtanh relu6 hardsigmoid hardswish, PyTorch's default parameters, same inputs; at "
        "4096 (L1), 65536 (L2) and 16777216 (DRAM), naive and eigen at L1 and L2 only");
    benchmark::AddCustomContext(
        "activ_counters",
        "items/s = elements per second; bytes/s counts 2 * n * sizeof(T) per call (read + write) "
        "for every implementation (oneDNN's backward also reads a dy buffer of ones)");
    benchmark::AddCustomContext("activ_threads", pinning + "; single thread" +
                                                     (threads.empty() ? "" : "; " + threads));
    benchmark::AddCustomContext("activ_simd",
                                std::string("xsimd default arch ") + xsimd::default_arch::name() +
                                    ", activ FMA " + (ACTIV_HAS_FMA ? "on" : "off") +
                                    ", ACTIV_ASSIST_FREE=" + (ACTIV_ASSIST_FREE ? "1" : "0") +
                                    ", ACTIV_FAST_DIVISION=" + (ACTIV_FAST_DIVISION ? "1" : "0"));
    benchmark::AddCustomContext("activ_build",
                                std::string(__VERSION__) + ", flags: " + ACTIV_BENCH_CXX_FLAGS);
}

// --check: every implementation's output at the L1 size against activ's for the same function,
// type and input. A peer given other parameters than activ's defaults, or computing another
// function, shows up here. Differences beyond 1e-3 (relative, absolute below 1) are listed; some
// are the peers' known weaknesses on these inputs (|x| up to 1e4): the naive forms that overflow
// (log_sigmoid as -log1p(exp(-x))), the textbook derivatives that cancel. Returns 0.
int run_check() {
    std::map<std::pair<std::string, std::string>, std::vector<double>> reference;
    for (const entry& e : registry())
        if (e.probe && e.impl == "activ") reference[{e.function, e.type}] = e.probe().second;
    std::size_t compared = 0, differing = 0;
    for (const entry& e : registry()) {
        if (!e.probe || e.impl == "activ") continue;
        const auto ref = reference.find({e.function, e.type});
        if (ref == reference.end()) continue;
        std::pair<std::vector<double>, std::vector<double>> io;
        try {
            io = e.probe();
        } catch (const std::exception& error) {
            std::printf("%s/%s/%s: %s\n", e.function.c_str(), e.impl.c_str(), e.type.c_str(),
                        error.what());
            continue;
        }
        const std::vector<double>& x = io.first;
        const std::vector<double>& got = io.second;
        const std::vector<double>& want = ref->second;
        std::size_t bad = 0, worst = 0;
        double worst_error = 0;
        for (std::size_t i = 0; i < got.size(); ++i) {
            const double error =
                std::isnan(want[i]) || std::isnan(got[i])
                    ? (std::isnan(want[i]) == std::isnan(got[i]) ? 0.0 : 1e300)
                : want[i] == got[i] ? 0.0
                                    : std::abs(got[i] - want[i]) / std::max(1.0, std::abs(want[i]));
            if (error > 1e-3) ++bad;
            if (error > worst_error) {
                worst_error = error;
                worst = i;
            }
        }
        ++compared;
        if (bad == 0) continue;
        ++differing;
        std::printf("%-16s %-10s %s: %zu of %zu differ from activ by > 1e-3; worst: input %.9g, "
                    "%.9g, activ %.9g\n",
                    e.function.c_str(), e.impl.c_str(), e.type.c_str(), bad, got.size(), x[worst],
                    got[worst], want[worst]);
    }
    std::printf("--check: %zu implementations compared with activ at %zu elements, %zu differ\n",
                compared, sizes[0].n, differing);
    return 0;
}

void print_help() {
    std::printf("activ_bench: throughput of activ's functions against the memory roofline and "
                "the peers.\n"
                "  --cpu=N   pin to CPU N (default: the last CPU this process may run on)\n"
                "  --no-pin  do not pin\n"
                "  --check   compare every implementation's output with activ's (L1 size), "
                "then exit\n"
                "Google Benchmark's flags:\n");
    benchmark::PrintDefaultHelp();
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv, print_help);
    int cpu = -1;
    bool pin = true, check = false;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--cpu=", 0) == 0)
            cpu = std::atoi(arg.c_str() + 6);
        else if (arg == "--no-pin")
            pin = false;
        else if (arg == "--check")
            check = true;
        else
            rest.push_back(argv[i]);
    }
    if (benchmark::ReportUnrecognizedArguments(static_cast<int>(rest.size()), rest.data()))
        return 1;

#if ACTIV_BENCH_HAVE_EIGEN
    Eigen::setNbThreads(1);
#endif
    const std::string threads = limit_dnnl_threads();
    add_context(pin ? pin_to_one_cpu(cpu) : "not pinned (--no-pin)", threads);

    register_type<float>();
    register_type<double>();
#if ACTIV_BENCH_HAVE_DNNL
    register_dnnl();
#endif
#if ACTIV_BENCH_HAVE_XNNPACK
    register_xnnpack();
#endif
    if (check) return run_check();
    register_all_entries();

    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
