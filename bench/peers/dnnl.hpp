// oneDNN (libdnnl-dev 2.6) as a benchmark peer: its eltwise primitives on a 1-D f32 tensor.
//
//   pass::forward               y = f(x)                       eltwise_forward (inference)
//   pass::backward              dx = dy * f'(x)                eltwise_backward, from src
//   pass::backward_from_output  dx = dy * f'(x) from y = f(x)  eltwise_backward, *_use_dst_for_bwd
//
// alpha and beta are the algorithm's own parameters (oneDNN 2.6's meanings: eltwise_relu's alpha
// is the negative slope, eltwise_elu's alpha the ELU alpha, eltwise_swish's alpha the beta of
// x sigmoid(beta x), eltwise_clip_v2's alpha and beta the lower and upper bounds; the others
// ignore them). backward_from_output exists for relu, elu, tanh, logistic and clip_v2 only.
//
// oneDNN has no "derivative" primitive: its backward pass multiplies by the incoming gradient dy,
// here a buffer of ones. It therefore reads one more array than the other implementations
// (3 streams instead of 2); the benchmark still counts 2 * n * sizeof(T) bytes per call, so that
// items/s and bytes/s compare the same work across implementations.
//
// Single thread: the Debian build uses the OpenMP runtime; activ_bench calls
// omp_set_num_threads(1) at startup (and scripts/bench.sh exports OMP_NUM_THREADS=1).
//
// An eltwise object owns the primitive and one argument map per input slot (the benchmark
// rotates among several input buffers); operator()(slot) runs it on that slot's input.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "textbook.hpp"

namespace bench::dnnl_peer {

enum class pass { forward, backward, backward_from_output };

inline dnnl::engine& engine() {
    static dnnl::engine e(dnnl::engine::kind::cpu, 0);
    return e;
}

inline std::string version() {
    const dnnl_version_t* v = dnnl_version();
    return std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
           std::to_string(v->patch) + " (" +
           (v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other") + " runtime)";
}

// W: the benchmark's work set (n, slots, in(slot), out()), for T = float.
class eltwise {
public:
    template <class W>
    eltwise(const W& ws, dnnl::algorithm forward_algorithm, pass p, float alpha = 0.0f,
            float beta = 0.0f)
        : stream_(engine()) {
        using dt = dnnl::memory::data_type;
        const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(ws.n)}, dt::f32,
                                    dnnl::memory::format_tag::a);
        const dnnl::memory out(md, engine(), ws.out());
        if (p == pass::forward) {
            const dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference,
                                                forward_algorithm, md, alpha, beta);
            primitive_ = dnnl::eltwise_forward(dnnl::eltwise_forward::primitive_desc(d, engine()));
            for (std::size_t s = 0; s < ws.slots; ++s)
                args_.push_back({{DNNL_ARG_SRC, input(md, ws.in(s))}, {DNNL_ARG_DST, out}});
            return;
        }
        const bool from_output = p == pass::backward_from_output;
        const dnnl::algorithm algorithm =
            from_output ? use_dst_for_bwd(forward_algorithm) : forward_algorithm;
        const dnnl::eltwise_forward::desc hint_d(dnnl::prop_kind::forward_training, algorithm, md,
                                                 alpha, beta);
        const dnnl::eltwise_forward::primitive_desc hint(hint_d, engine());
        const dnnl::eltwise_backward::desc d(algorithm, md, md, alpha, beta);
        primitive_ =
            dnnl::eltwise_backward(dnnl::eltwise_backward::primitive_desc(d, engine(), hint));
        ones_.assign(ws.n, 1.0f);
        const dnnl::memory diff_dst(md, engine(), ones_.data());
        for (std::size_t s = 0; s < ws.slots; ++s)
            args_.push_back({{from_output ? DNNL_ARG_DST : DNNL_ARG_SRC, input(md, ws.in(s))},
                             {DNNL_ARG_DIFF_DST, diff_dst},
                             {DNNL_ARG_DIFF_SRC, out}});
    }

    eltwise(const eltwise&) = delete;
    eltwise& operator=(const eltwise&) = delete;

    void operator()(std::size_t slot) {
        primitive_.execute(stream_, args_[slot]);
        stream_.wait();
    }

private:
    static dnnl::algorithm use_dst_for_bwd(dnnl::algorithm a) {
        switch (a) {
        case dnnl::algorithm::eltwise_relu:
            return dnnl::algorithm::eltwise_relu_use_dst_for_bwd;
        case dnnl::algorithm::eltwise_tanh:
            return dnnl::algorithm::eltwise_tanh_use_dst_for_bwd;
        case dnnl::algorithm::eltwise_logistic:
            return dnnl::algorithm::eltwise_logistic_use_dst_for_bwd;
        case dnnl::algorithm::eltwise_elu:
            return dnnl::algorithm::eltwise_elu_use_dst_for_bwd;
        case dnnl::algorithm::eltwise_clip_v2:
            return dnnl::algorithm::eltwise_clip_v2_use_dst_for_bwd;
        default:
            throw std::invalid_argument("oneDNN: no *_use_dst_for_bwd variant of this algorithm");
        }
    }

    // oneDNN takes a non-const handle but only reads a source.
    static dnnl::memory input(const dnnl::memory::desc& md, const float* p) {
        return dnnl::memory(md, engine(), const_cast<float*>(p));
    }

    dnnl::stream stream_;
    dnnl::primitive primitive_;
    std::vector<float> ones_; // dy for the backward passes
    std::vector<std::unordered_map<int, dnnl::memory>> args_;
};

// What oneDNN 2.6 has of activ's functions, with the parameters every peer gets
// (bench::textbook::param; swish's beta is the caller's). from_output: a *_use_dst_for_bwd
// variant exists. No selu, celu, softsign or hardsigmoid; soft_relu is log(1 + e^x), its alpha
// ignored (softplus with beta 1 and no threshold); swish is x sigmoid(alpha x).
struct function {
    const char* name;
    dnnl::algorithm algorithm;
    float alpha, beta;
    bool from_output;
};

inline std::vector<function> functions(double swish_beta) {
    using alg = dnnl::algorithm;
    namespace param = bench::textbook::param;
    const auto f = [](double v) { return static_cast<float>(v); };
    return {{"relu", alg::eltwise_relu, 0.0f, 0.0f, true},
            {"sigmoid", alg::eltwise_logistic, 0.0f, 0.0f, true},
            {"tanh", alg::eltwise_tanh, 0.0f, 0.0f, true},
            {"leaky_relu", alg::eltwise_relu, f(param::leaky_slope), 0.0f, true},
            {"elu", alg::eltwise_elu, f(param::elu_alpha), 0.0f, true},
            {"gelu", alg::eltwise_gelu_erf, 0.0f, 0.0f, false},
            {"gelu_tanh", alg::eltwise_gelu_tanh, 0.0f, 0.0f, false},
            {"silu", alg::eltwise_swish, 1.0f, 0.0f, false},
            {"swish", alg::eltwise_swish, f(swish_beta), 0.0f, false},
            {"mish", alg::eltwise_mish, 0.0f, 0.0f, false},
            {"softplus", alg::eltwise_soft_relu, 0.0f, 0.0f, false},
            {"log_sigmoid", alg::eltwise_logsigmoid, 0.0f, 0.0f, false},
            {"hardtanh", alg::eltwise_clip_v2, f(param::hardtanh_min), f(param::hardtanh_max),
             true},
            {"relu6", alg::eltwise_clip_v2, 0.0f, 6.0f, true},
            {"hardswish", alg::eltwise_hardswish, 0.0f, 0.0f, false}};
}

} // namespace bench::dnnl_peer
