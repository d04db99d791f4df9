// Uses activ the way a downstream project does; built by the package tests against an installed
// activ and against add_subdirectory(activ).
#include <activ/activ.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <vector>

namespace {

int failures = 0;

void check(const char* what, double got, double want, double tolerance) {
    if (!(std::fabs(got - want) <= tolerance)) {
        std::printf("FAIL %s: got %.17g, want %.17g\n", what, got, want);
        ++failures;
    }
}

} // namespace

int main() {
    check("sigmoid(0.0f)", activ::sigmoid{}(0.0f), 0.5, 0.0);
    check("sigmoid(1.0)", activ::sigmoid{}(1.0), 0.7310585786300049, 1e-14);
    check("sigmoid(-2.0f)", activ::sigmoid{}(-2.0f), 0.11920292202211755, 1e-7);
    check("tanh(0.5)", activ::tanh{}(0.5), 0.46211715726000974, 1e-14);
    check("tanh(-3.0f)", activ::tanh{}(-3.0f), -0.99505475368673045, 1e-6);
    check("relu(-1.5)", activ::relu{}(-1.5), 0.0, 0.0);
    check("relu(2.5f)", activ::relu{}(2.5f), 2.5, 0.0);
    check("step(-1.0)", activ::step{}(-1.0), 0.0, 0.0);
    check("step(3.0f)", activ::step{}(3.0f), 1.0, 0.0);
    check("step{0.5}(0.0)", activ::step{0.5}(0.0), 0.5, 0.0);

    // A batch, and an array whose length is not a multiple of the batch size.
    using batch = xsimd::batch<float>;
    float lanes[batch::size];
    activ::tanh{}(batch(0.5f)).store_unaligned(lanes);
    for (float lane : lanes) {
        check("tanh(batch(0.5f))", lane, 0.46211715726000974, 1e-7);
    }

    std::vector<float> in;
    for (std::size_t i = 0; i < 2 * batch::size + 3; ++i) {
        in.push_back(-4.0f + 0.5f * static_cast<float>(i));
    }
    std::vector<float> out(in.size());
    activ::apply(activ::sigmoid{}, in.data(), out.data(), in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (out[i] != activ::sigmoid{}(in[i])) {
            std::printf("FAIL apply(sigmoid)[%zu] differs from sigmoid(%g)\n", i,
                        static_cast<double>(in[i]));
            ++failures;
        }
    }

    if (failures != 0) {
        std::printf("%d check(s) failed\n", failures);
        return 1;
    }
    std::printf("activ consumer: all checks passed\n");
    return 0;
}
