// activ benchmark suite: the throughput of every function and derivative, against the memory
// roofline (memcpy and a plain xsimd copy loop) and against the peers. scripts/bench.sh builds
// and runs it; scripts/bench_report.py turns its JSON into a table and a chart.
//
// Benchmark names: <function>/<implementation>/<type>/<size>
//   function        relu sigmoid tanh step; d_<f>: derivative from x; d_<f>_y: derivative from
//                   y = f(x) (its input is then f of the random inputs); copy: the roofline;
//                   dense_sigmoid, dense_tanh: an Eigen layer f(W * x + b), fused
//   implementation  activ     activ::apply(f, in, out, n), and the activ Eigen adapter
//                   naive     a scalar loop of std::exp / std::tanh / std::max / ?: (the textbook
//                             derivatives s (1 - s) and 1 - t^2)
//                   eigen     Eigen's built-ins on Eigen::Map'ed arrays
//                   xsimd     xsimd's own math (xsimd::tanh, 1 / (1 + xsimd::exp(-x)), ...)
//                   sleef_u10, sleef_u35, dnnl, xnnpack   when built with them (see the context)
//                   memcpy, xsimd   for copy; activ_split, eigen_split, gemm_only for dense_*
//                             (see run_dense)
//   type            f32 f64
//   size            elements: 4096 (L1), 65536 (L2), 1048576 (L3), 16777216 (DRAM); the cache
//                   levels describe the f32 working set. dense_*: rows x inner x batch.
// Counters: items/s and bytes/s, with 2 * n * sizeof(T) bytes per call (n read, n written).
//
// Own flags, besides Google Benchmark's:
//   --cpu=N    pin the process to CPU N (default: the last CPU it may run on)
//   --no-pin   do not pin
#include <activ/activ.hpp>

#if ACTIV_BENCH_HAVE_EIGEN
#include <activ/eigen.hpp>
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

template <class T>
void apply_named(const std::string& f, const T* in, T* out, std::size_t n) {
    if (f == "relu")
        activ::apply(activ::relu{}, in, out, n);
    else if (f == "sigmoid")
        activ::apply(activ::sigmoid{}, in, out, n);
    else if (f == "tanh")
        activ::apply(activ::tanh{}, in, out, n);
    else if (f == "step")
        activ::apply(activ::step{}, in, out, n);
}

// Inputs are generated once per (type, size) and kept; the inputs of a d_<f>_y benchmark,
// y = f(x), are derived from them on demand (only the latest set is kept: at 16 Mi elements
// each set is hundreds of MiB).
template <class T>
struct input_store {
    std::map<std::size_t, std::vector<buffer<T>>> x;
    std::map<std::size_t, buffer<T>> out;
    std::size_t derived_n = 0;
    std::string derived_f;
    std::vector<buffer<T>> derived;

    static input_store& get() {
        static input_store store;
        return store;
    }

    // domain: "" for x itself, else the function whose outputs are the inputs.
    workset<T> prepare(std::size_t n, std::size_t slots, const std::string& domain) {
        std::vector<buffer<T>>& xs = x[n];
        while (xs.size() < slots)
            xs.push_back(random_inputs<T>(n, (std::uint64_t{n} << 8) + xs.size() + sizeof(T)));
        buffer<T>& o = out[n];
        o.resize(n);
        const std::vector<buffer<T>>* inputs = &xs;
        if (!domain.empty()) {
            if (derived_n != n || derived_f != domain || derived.size() < slots) {
                derived.assign(xs.size(), buffer<T>(n));
                for (std::size_t s = 0; s < xs.size(); ++s)
                    apply_named(domain, xs[s].data(), derived[s].data(), n);
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
};

std::vector<entry>& registry() {
    static std::vector<entry> entries;
    return entries;
}

// The order of the console output (the report sorts on its own).
const std::vector<std::string> function_order = {
    "copy",   "relu",     "d_relu", "d_relu_y", "sigmoid",  "d_sigmoid",     "d_sigmoid_y", "tanh",
    "d_tanh", "d_tanh_y", "step",   "d_step",   "d_step_y", "dense_sigmoid", "dense_tanh"};
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

// The one registration helper: `make(workset)` returns a slot kernel, callable as k(slot).
template <class T, class Factory>
void add(const std::string& function, const std::string& impl, Factory make) {
    const std::string domain = input_domain(function);
    for (const size_level& s : sizes) {
        const std::size_t n = s.n, slots = slots_for<T>(s);
        registry().push_back(
            {function, impl, type_name<T>(), std::to_string(n),
             [=](benchmark::State& state) { run<T>(state, n, slots, domain, make); }});
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

template <class T, class F>
void add_activ_family(const std::string& name, F f) {
    add<T>(name, "activ", apply_kernel<T>(f));
    add<T>("d_" + name, "activ", apply_kernel<T>(activ::derivative(f)));
    add<T>("d_" + name + "_y", "activ", apply_kernel<T>(activ::derivative_from_output(f)));
}

template <class T>
void register_activ() {
    add_activ_family<T>("relu", activ::relu{});
    add_activ_family<T>("sigmoid", activ::sigmoid{});
    add_activ_family<T>("tanh", activ::tanh{});
    add_activ_family<T>("step", activ::step{});
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
        registry().push_back({function, impl, type_name<T>(), "256x256x64",
                              [assign](benchmark::State& state) { run_dense<T>(state, assign); }});
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
    const std::pair<const char*, dnnl::algorithm> functions[] = {
        {"relu", dnnl::algorithm::eltwise_relu},
        {"sigmoid", dnnl::algorithm::eltwise_logistic},
        {"tanh", dnnl::algorithm::eltwise_tanh}};
    // name = prefix + function + suffix
    const std::tuple<const char*, const char*, pass> passes[] = {
        {"", "", pass::forward},
        {"d_", "", pass::backward},
        {"d_", "_y", pass::backward_from_output}};
    for (const auto& [function, algorithm] : functions)
        for (const auto& [prefix, suffix, p] : passes)
            add<float>(std::string(prefix) + function + suffix, "dnnl",
                       [algorithm = algorithm, p = p](const workset<float>& ws) {
                           return bench::dnnl_peer::eltwise(ws, algorithm, p);
                       });
}
#endif

#if ACTIV_BENCH_HAVE_XNNPACK
// f32 only; sigmoid and relu (the 2022 snapshot has no f32 tanh and no derivatives).
void register_xnnpack() {
    using bench::xnnpack_peer::op;
    for (const auto& [function, kind] :
         {std::pair{"sigmoid", op::sigmoid}, std::pair{"relu", op::relu}})
        add<float>(function, "xnnpack", [kind = kind](const workset<float>& ws) {
            return bench::xnnpack_peer::unary(ws, kind);
        });
}
#endif

template <class T>
void register_type() {
    register_copy<T>();
    register_activ<T>();
    register_naive<T>();
    register_xsimd<T>();
#if ACTIV_BENCH_HAVE_EIGEN
    register_eigen<T>();
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
        "activ_counters",
        "items/s = elements per second; bytes/s counts 2 * n * sizeof(T) per call (read + write) "
        "for every implementation (oneDNN's backward also reads a dy buffer of ones)");
    benchmark::AddCustomContext("activ_threads", pinning + "; single thread" +
                                                     (threads.empty() ? "" : "; " + threads));
    benchmark::AddCustomContext("activ_simd", std::string("xsimd default arch ") +
                                                  xsimd::default_arch::name() + ", activ FMA " +
                                                  (ACTIV_HAS_FMA ? "on" : "off"));
    benchmark::AddCustomContext("activ_build",
                                std::string(__VERSION__) + ", flags: " + ACTIV_BENCH_CXX_FLAGS);
}

void print_help() {
    std::printf("activ_bench: throughput of activ's functions against the memory roofline and "
                "the peers.\n"
                "  --cpu=N   pin to CPU N (default: the last CPU this process may run on)\n"
                "  --no-pin  do not pin\n"
                "Google Benchmark's flags:\n");
    benchmark::PrintDefaultHelp();
}

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv, print_help);
    int cpu = -1;
    bool pin = true;
    std::vector<char*> rest{argv[0]};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--cpu=", 0) == 0)
            cpu = std::atoi(arg.c_str() + 6);
        else if (arg == "--no-pin")
            pin = false;
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
    register_all_entries();

    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
