// XNNPACK (libxnnpack-dev, 2022 snapshot) as a benchmark peer: its f32 operators, created and
// set up once per input slot (XNNPACK binds the pointers at setup), run with a null threadpool,
// which means single-threaded in the calling thread.
//
// The snapshot has f32 sigmoid and clamp (relu = clamp to [0, +inf)), but no f32 tanh and no
// derivatives (it is an inference library).
#pragma once

#include <cmath>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xnnpack.h>

namespace bench::xnnpack_peer {

enum class op { sigmoid, relu };

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
    // W: the benchmark's work set (n, slots, in(slot), out()), for T = float.
    template <class W>
    unary(const W& ws, op kind) {
        initialize();
        for (std::size_t s = 0; s < ws.slots; ++s) {
            xnn_operator_t o = nullptr;
            if (kind == op::sigmoid) {
                check(xnn_create_sigmoid_nc_f32(1, 1, 1, 0, &o), "xnn_create_sigmoid_nc_f32");
                ops_.emplace_back(o);
                check(xnn_setup_sigmoid_nc_f32(o, ws.n, ws.in(s), ws.out(), nullptr),
                      "xnn_setup_sigmoid_nc_f32");
            } else {
                check(xnn_create_clamp_nc_f32(1, 1, 1, 0.0f, INFINITY, 0, &o),
                      "xnn_create_clamp_nc_f32");
                ops_.emplace_back(o);
                check(xnn_setup_clamp_nc_f32(o, ws.n, ws.in(s), ws.out(), nullptr),
                      "xnn_setup_clamp_nc_f32");
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

} // namespace bench::xnnpack_peer
