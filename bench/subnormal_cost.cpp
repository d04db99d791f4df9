// activ_subnormal_cost: what subnormal results cost on this CPU.
//
// sigmoid, sigmoid' and tanh' follow e^-|x| into the subnormal range (and round to 0 below
// it), by design: sigmoid(-100) is 3.8e-44, not 0. Intel cores take a microcode assist for an
// instruction whose result is subnormal or underflows, unless the MXCSR flush-to-zero and
// denormals-are-zero bits are set; AMD Zen does not. The same 4096 inputs, uniform in
// [-10, 10], are timed as they are and with every 64th replaced by -U(90, 1e4), in TSC cycles
// per element (best of 20 runs of 200 calls); then again with FTZ/DAZ on. tanh is the control:
// its exponential is clamped at -20, so it never produces a subnormal.
#include <activ/activ.hpp>

#include <x86intrin.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

namespace {

template <class T, class F>
double cycles_per_element(F f, const std::vector<T>& in, std::vector<T>& out) {
    std::uint64_t best = UINT64_MAX;
    for (int run = 0; run < 20; ++run) {
        const std::uint64_t t0 = __rdtsc();
        for (int call = 0; call < 200; ++call) activ::apply(f, in.data(), out.data(), in.size());
        best = std::min<std::uint64_t>(best, __rdtsc() - t0);
    }
    return static_cast<double>(best) / 200.0 / static_cast<double>(in.size());
}

template <class T, class F>
void row(const char* name, F f) {
    std::vector<T> plain(4096), mixed(4096), out(4096);
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> unit(-10.0, 10.0), big(90.0, 1e4);
    for (std::size_t i = 0; i < plain.size(); ++i) {
        plain[i] = static_cast<T>(unit(rng));
        mixed[i] = i % 64 == 7 ? static_cast<T>(-big(rng)) : plain[i];
    }
    const double a = cycles_per_element(f, plain, out), b = cycles_per_element(f, mixed, out);
    std::printf("%-10s %s  %8.3f  %8.3f  %6.2fx\n", name, sizeof(T) == 4 ? "f32" : "f64", a, b,
                b / a);
}

void table() {
    std::printf("function   type  [-10,10]  1/64 big   ratio\n");
    row<float>("sigmoid", activ::sigmoid{});
    row<float>("sigmoid'", activ::derivative(activ::sigmoid{}));
    row<float>("tanh", activ::tanh{});
    row<float>("tanh'", activ::derivative(activ::tanh{}));
    row<double>("sigmoid", activ::sigmoid{});
    row<double>("tanh'", activ::derivative(activ::tanh{}));
}

} // namespace

int main() {
    std::printf("MXCSR as the program starts (FTZ/DAZ off):\n");
    table();
    _mm_setcsr(_mm_getcsr() | 0x8040u); // FTZ (bit 15) and DAZ (bit 6)
    std::printf("FTZ/DAZ on (subnormal results become 0):\n");
    table();
}
