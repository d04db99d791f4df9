// Every activ function and its derivative, one small panel each: activations.svg.
//
// The curves are computed the way a program would use activ: activ::apply over an array of
// inputs, once with the functor and once with activ::derivative(functor). The spike panel shows
// the step forward and the surrogate derivative backward; the last panel compares the
// surrogates.
//
//   usage: activ_example_plot_activations [output directory, default .]
//
// Exits non-zero when a value or derivative on the plotted range is not finite.
#include <activ/array/apply.hpp>
#include <activ/functions/celu.hpp>
#include <activ/functions/derivative.hpp>
#include <activ/functions/elu.hpp>
#include <activ/functions/gelu.hpp>
#include <activ/functions/gelu_tanh.hpp>
#include <activ/functions/hardsigmoid.hpp>
#include <activ/functions/hardswish.hpp>
#include <activ/functions/hardtanh.hpp>
#include <activ/functions/leaky_relu.hpp>
#include <activ/functions/log_sigmoid.hpp>
#include <activ/functions/mish.hpp>
#include <activ/functions/relu.hpp>
#include <activ/functions/relu6.hpp>
#include <activ/functions/selu.hpp>
#include <activ/functions/sigmoid.hpp>
#include <activ/functions/silu.hpp>
#include <activ/functions/softplus.hpp>
#include <activ/functions/softsign.hpp>
#include <activ/functions/spike.hpp>
#include <activ/functions/step.hpp>
#include <activ/functions/surrogate.hpp>
#include <activ/functions/swish.hpp>
#include <activ/functions/tanh.hpp>

#include "svg.hpp"

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr std::size_t points = 801;

std::vector<double> grid(double x0, double x1) {
    std::vector<double> x(points);
    for (std::size_t i = 0; i < points; ++i)
        x[i] = x0 + (x1 - x0) * static_cast<double>(i) / static_cast<double>(points - 1);
    return x;
}

bool all_finite(const std::vector<double>& v) {
    for (double e : v)
        if (!std::isfinite(e)) return false;
    return true;
}

struct plotter {
    svg::figure fig{6, 240, 185, "activ: every function f (blue) and its derivative f' (red)"};
    int count = 0;
    bool ok = true;

    template <class F>
    void operator()(const char* name, const F& f, double x0 = -4.0, double x1 = 4.0) {
        const std::vector<double> x = grid(x0, x1);
        std::vector<double> y(points), dy(points);
        activ::apply(f, x.data(), y.data(), points);
        activ::apply(activ::derivative(f), x.data(), dy.data(), points);
        if (!all_finite(y) || !all_finite(dy)) {
            std::printf("FAILED: %s has a non-finite value on [%g, %g]\n", name, x0, x1);
            ok = false;
        }
        svg::panel& p = fig.add(name, "x", "");
        p.line(x, y, count == 0 ? "f(x)" : "", svg::color(0));
        p.line(x, dy, count == 0 ? "f'(x)" : "", svg::color(1)).dashed = true;
        p.xmin = x0;
        p.xmax = x1;
        ++count;
        std::printf("%-28s f(-1) = %-10.6g f(1) = %-10.6g f'(-1) = %-10.6g f'(1) = %.6g\n", name,
                    f(-1.0), f(1.0), f.derivative(-1.0), f.derivative(1.0));
    }
};

} // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    namespace sg = activ::surrogate;
    plotter plot;

    plot("relu", activ::relu{});
    plot("leaky_relu (slope 0.1)", activ::leaky_relu{0.1});
    plot("relu6", activ::relu6{}, -3.0, 8.0);
    plot("hardtanh", activ::hardtanh{});
    plot("elu", activ::elu{});
    plot("selu", activ::selu{});
    plot("celu (alpha 0.5)", activ::celu{0.5});
    plot("gelu", activ::gelu{});
    plot("gelu_tanh", activ::gelu_tanh{});
    plot("silu", activ::silu{});
    plot("swish (beta 2)", activ::swish{2.0});
    plot("mish", activ::mish{});
    plot("softplus", activ::softplus{});
    plot("log_sigmoid", activ::log_sigmoid{});
    plot("softsign", activ::softsign{});
    plot("hardsigmoid", activ::hardsigmoid{}, -5.0, 5.0);
    plot("hardswish", activ::hardswish{}, -5.0, 5.0);
    plot("sigmoid", activ::sigmoid{});
    plot("tanh", activ::tanh{});
    plot("step (f' = 0: no gradient)", activ::step{});
    plot("spike (fast_sigmoid surrogate)", activ::spike<>{});

    // The surrogates side by side: spike's derivative with each.
    {
        // A double-width panel, x up to 5: room for the legend where the surrogates are near 0.
        const std::vector<double> x = grid(-3.0, 5.0);
        svg::panel& p = plot.fig.add("spike' surrogates", "x", "");
        std::size_t k = 0;
        auto add = [&](const char* label, const auto& s) {
            std::vector<double> d(points);
            activ::apply(activ::derivative(activ::spike{s}), x.data(), d.data(), points);
            plot.ok = plot.ok && all_finite(d);
            p.line(x, d, label, svg::color(k++)).width = 1.3;
        };
        add("fast_sigmoid{25}", sg::fast_sigmoid{});
        add("sigmoid{4}", sg::sigmoid{4.0});
        add("atan{2}", sg::atan{});
        add("triangle{1}", sg::triangle{});
        add("gaussian{0.5}", sg::gaussian{});
        add("straight_through", sg::straight_through{});
        p.range(-3.0, 5.0, -0.05, 1.15);
        p.span = 2;
        p.legend = svg::corner::top_right;
        std::printf("%-28s 6 surrogates on [-3, 5]\n", "spike' surrogates");
    }

    const std::string path = dir + "/activations.svg";
    const bool written = plot.fig.write(path);
    std::printf("wrote %s (%d functions)\n", path.c_str(), plot.count);
    return plot.ok && written ? 0 : 1;
}
