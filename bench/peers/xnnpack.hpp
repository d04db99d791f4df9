// XNNPACK (libxnnpack-dev, 2022 snapshot) as a benchmark peer: its f32 operators, created and
// set up once per input slot (XNNPACK binds the pointers at setup), run with a null threadpool,
// which means single-threaded in the calling thread.
//
// The snapshot's f32 elementwise operators used here:
//   op::sigmoid      1 / (1 + e^-x)
//   op::clamp        min(max(x, a), b)        relu = [0, +inf), relu6 = [0, 6], hardtanh = [-1, 1]
//   op::elu          x > 0 ? x : a (e^x - 1)  (the snapshot's ELU takes alpha only: no
//                                             prescale or output scale)
//   op::leaky_relu   x > 0 ? x : a x
//   op::hardswish    x min(max(x + 3, 0), 6) / 6
// It has no f32 tanh and no derivatives (it is an inference library).
#pragma once

#include <cmath>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xnnpack.h>

#include "textbook.hpp"

namespace bench::xnnpack_peer {

enum class op { sigmoid, clamp, elu, leaky_relu, hardswish };

inline void check(xnn_status status, const char* what) {
    if (status != xnn_status_success)
        throw std::runtime_error(std::string("XNNPACK: ") + what + " failed (status " +
                                 std::to_string(static_cast<int>(status)) + ")");
}

inline void initialize() {
    static const xnn_status status = xnn_initialize(nullptr);
    check(status, "xnn_initialize");
}

class unary {
public:
    // W: the benchmark's work set (n, slots, in(slot), out()), for T = float. a, b: the
    // operator's parameters (clamp: the bounds; elu: alpha; leaky_relu: the slope).
    template <class W>
    unary(const W& ws, op kind, float a = 0.0f, float b = INFINITY) {
        initialize();
        for (std::size_t s = 0; s < ws.slots; ++s) {
            xnn_operator_t o = nullptr;
            switch (kind) {
            case op::sigmoid:
                check(xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &o), "xnn_create_sigmoid_nc_f32");
                ops_.emplace_back(o);
                check(xnn_setup_sigmoid_nc_f32(o, ws.n, ws.in(s), ws.out(), nullptr),
                      "xnn_setup_sigmoid_nc_f32");
                break;
            case op::clamp:
                check(xnn_create_clamp_nc_f32(1, 1, 1, a, b, 0, &o), "xnn_create_clamp_nc_f32");
                ops_.emplace_back(o);
                check(xnn_setup_clamp_nc_f32(o, ws.n, ws.in(s), ws.out(), nullptr),
                      "xnn_setup_clamp_nc_f32");
                break;
            case op::elu:
                check(xnn_create_elu_nc_f32(1, 1, 1, a, 0, &o), "xnn_create_elu_nc_f32");
                ops_.emplace_back(o);
                check(xnn_setup_elu_nc_f32(o, ws.n, ws.in(s), ws.out(), nullptr),
                      "xnn_setup_elu_nc_f32");
                break;
            case op::leaky_relu:
                check(xnn_create_leaky_relu_nc_f32(1, 1, 1, a, 0, &o),
                      "xnn_create_leaky_relu_nc_f32");
                ops_.emplace_back(o);
                check(xnn_setup_leaky_relu_nc_f32(o, ws.n, ws.in(s), ws.out(), nullptr),
                      "xnn_setup_leaky_relu_nc_f32");
                break;
            case op::hardswish:
                check(xnn_create_hardswish_nc_f32(1, 1, 1, 0, &o), "xnn_create_hardswish_nc_f32");
                ops_.emplace_back(o);
                check(xnn_setup_hardswish_nc_f32(o, ws.n, ws.in(s), ws.out(), nullptr),
                      "xnn_setup_hardswish_nc_f32");
                break;
            }
        }
    }

    void operator()(std::size_t slot) { xnn_run_operator(ops_[slot].get(), nullptr); }

private:
    struct deleter {
        void operator()(xnn_operator_t o) const { xnn_delete_operator(o); }
    };
    std::vector<std::unique_ptr<xnn_operator, deleter>> ops_;
};

// What the 2022 snapshot has of activ's functions (f32 forward only: no f32 tanh, no
// derivatives, no gelu/silu/softplus), with the parameters every peer gets.
struct function {
    const char* name;
    op kind;
    float a, b;
};

inline std::vector<function> functions() {
    namespace param = bench::textbook::param;
    const auto f = [](double v) { return static_cast<float>(v); };
    return {{"sigmoid", op::sigmoid, 0.0f, 0.0f},
            {"relu", op::clamp, 0.0f, INFINITY},
            {"leaky_relu", op::leaky_relu, f(param::leaky_slope), 0.0f},
            {"elu", op::elu, f(param::elu_alpha), 0.0f},
            {"hardtanh", op::clamp, f(param::hardtanh_min), f(param::hardtanh_max)},
            {"relu6", op::clamp, 0.0f, 6.0f},
            {"hardswish", op::hardswish, 0.0f, 0.0f}};
}

} // namespace bench::xnnpack_peer
