// Step or rate? The f-I curves of two model neurons, and which activation fits them.
//
// A population of leaky integrate-and-fire (LIF) neurons and a population of Hodgkin-Huxley
// (HH) neurons are driven by constant input currents over a range; each neuron's firing rate is
// measured from its inter-spike intervals, giving the f-I curve (rate against current). ReLU,
// softplus and sigmoid curves are then fitted to each curve by least squares (Nelder-Mead), and
// the figure fi_curve.svg shows the measured curves with the fits over them and one membrane
// voltage trace of each model.
//
//   LIF  tau dV/dt = E_L - V + R I; a spike when V crosses V_th, then V = V_reset and the neuron
//        is held there for the refractory period. tau = 10 ms, R = 10 MOhm, E_L = V_reset =
//        -65 mV, V_th = -50 mV, refractory 2 ms; forward Euler, dt = 0.05 ms, 2 s simulated.
//        256 neurons, 0 to 5 nA, stepped 16 (AVX-512) or 4 (SSE) at once as xsimd float
//        batches: activ::step detects the threshold crossings and gates the refractory period,
//        activ::relu runs the refractory clock down to 0.
//   HH   Hodgkin & Huxley (1952) in the modern convention (rest near -65 mV): C = 1 uF/cm^2,
//        gNa = 120, gK = 36, gL = 0.3 mS/cm^2, ENa = 50, EK = -77, EL = -54.4 mV. Forward
//        Euler, dt = 0.01 ms: stable, as explicit Euler needs dt below twice the fastest time
//        constant, here the membrane's C / g at the spike's peak conductance (~38 mS/cm^2:
//        0.026 ms; the gates' are above 0.12 ms); classical RK4 at the same step gave rates
//        within 0.21 Hz (0.4%) of these. 1 s simulated, the rate measured after 200 ms.
//        64 neurons, 0 to 31.5 uA/cm^2, stepped as xsimd double batches (activ::sigmoid gives
//        beta_h, activ::step the spike detection: an upward crossing of 0 mV).
//
//   usage: activ_example_neuron_rate [output directory, default .]
//
// Exits non-zero when a simulation is broken (HH firing at zero current or not at the highest;
// a LIF rate at zero current, a LIF curve that is not monotonic, or LIF rates off the
// closed-form rate by more than 3%); the fit ranking is reported, never checked.
#include <activ/functions/relu.hpp>
#include <activ/functions/sigmoid.hpp>
#include <activ/functions/softplus.hpp>
#include <activ/functions/step.hpp>

#include <xsimd/xsimd.hpp>

#include "svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Leaky integrate-and-fire, float batches.

struct lif_result {
    std::vector<double> current, rate; // nA, Hz
    std::vector<double> trace_t, trace_v;
};

constexpr float lif_tau = 10.0f, lif_r = 10.0f, lif_el = -65.0f, lif_vth = -50.0f,
                lif_vreset = -65.0f, lif_tref = 2.0f;

lif_result simulate_lif(std::size_t n, double i_max, double traced_current) {
    using batch = xsimd::batch<float>;
    constexpr std::size_t width = batch::size;
    const float dt = 0.05f;                            // ms
    const int steps = 40000;                           // 2 s
    const float ref_steps = std::round(lif_tref / dt); // refractory period in steps, exact
    const activ::step step;
    const activ::relu relu;

    lif_result out;
    std::vector<float> current(n), count(n), first(n), last(n);
    for (std::size_t i = 0; i < n; ++i)
        current[i] =
            static_cast<float>(i_max * static_cast<double>(i) / static_cast<double>(n - 1));
    const std::size_t traced =
        static_cast<std::size_t>(std::lround(traced_current / i_max * static_cast<double>(n - 1)));

    for (std::size_t b = 0; b < n; b += width) {
        const batch drive = batch(lif_el) + batch(lif_r) * batch::load_unaligned(&current[b]);
        batch v(lif_el), ref(0.0f), spikes(0.0f), t_first(0.0f), t_last(0.0f);
        const bool has_trace = traced >= b && traced < b + width;
        for (int k = 1; k <= steps; ++k) {
            const batch t(static_cast<float>(k) * dt);
            // Integrate where the refractory clock is at 0 (step(0) = 0: active = 1).
            const batch active = batch(1.0f) - step(ref);
            v = v + active * batch(dt / lif_tau) * (drive - v); // forward Euler
            // Fire: 1 where V is above threshold. The first spike's time, the last one's, count.
            const batch s = step(v - batch(lif_vth));
            t_first = t_first + s * (batch(1.0f) - step(spikes)) * (t - t_first);
            t_last = t_last + s * (t - t_last);
            spikes = spikes + s;
            // Reset, and start the refractory clock (counted down in steps by relu).
            v = v + s * (batch(lif_vreset) - v);
            ref = relu(ref - batch(1.0f)) + s * batch(ref_steps);
            if (has_trace && k <= 2000) { // first 100 ms; a spike drawn as a line to +20 mV
                alignas(batch::arch_type::alignment()) float lane_v[width], lane_s[width];
                v.store_aligned(lane_v);
                s.store_aligned(lane_s);
                out.trace_t.push_back(static_cast<double>(t.get(0)));
                out.trace_v.push_back(
                    lane_s[traced - b] > 0.0f ? 20.0 : static_cast<double>(lane_v[traced - b]));
            }
        }
        spikes.store_unaligned(&count[b]);
        t_first.store_unaligned(&first[b]);
        t_last.store_unaligned(&last[b]);
    }
    for (std::size_t i = 0; i < n; ++i) {
        out.current.push_back(static_cast<double>(current[i]));
        // Rate from the inter-spike intervals: (spikes - 1) / (last - first), in Hz.
        out.rate.push_back(count[i] >= 2.0f ? 1000.0 * (static_cast<double>(count[i]) - 1.0) /
                                                  static_cast<double>(last[i] - first[i])
                                            : 0.0);
    }
    return out;
}

/// The LIF rate in closed form (continuous time), Hz.
double lif_exact_rate(double current) {
    const double drive = static_cast<double>(lif_r) * current,
                 gap = static_cast<double>(lif_vth - lif_el);
    if (drive <= gap) return 0.0;
    return 1000.0 / (static_cast<double>(lif_tref) +
                     static_cast<double>(lif_tau) * std::log(drive / (drive - gap)));
}

// ---------------------------------------------------------------------------------------------
// Hodgkin-Huxley, double batches.

using dbatch = xsimd::batch<double>;

/// x / (e^x - 1), 1 at x = 0 (the removable singularity of alpha_n and alpha_m).
dbatch x_over_expm1(const dbatch& x) {
    const auto small = xsimd::abs(x) < dbatch(1e-7);
    const dbatch safe = xsimd::select(small, dbatch(1.0), x);
    return xsimd::select(small, dbatch(1.0) - dbatch(0.5) * x, safe / xsimd::expm1(safe));
}

struct hh_state {
    dbatch v, m, h, n;
};

struct hh_rates {
    dbatch am, bm, ah, bh, an, bn;
};

hh_rates rates(const dbatch& v) {
    const activ::sigmoid sigmoid;
    hh_rates r;
    r.am = x_over_expm1(-(v + dbatch(40.0)) / dbatch(10.0)); // 0.1(V+40)/(1-e^-(V+40)/10)
    r.bm = dbatch(4.0) * xsimd::exp(-(v + dbatch(65.0)) / dbatch(18.0));
    r.ah = dbatch(0.07) * xsimd::exp(-(v + dbatch(65.0)) / dbatch(20.0));
    r.bh = sigmoid((v + dbatch(35.0)) / dbatch(10.0));                     // 1/(1+e^-(V+35)/10)
    r.an = dbatch(0.1) * x_over_expm1(-(v + dbatch(55.0)) / dbatch(10.0)); // 0.01(V+55)/(...)
    r.bn = dbatch(0.125) * xsimd::exp(-(v + dbatch(65.0)) / dbatch(80.0));
    return r;
}

hh_state derivative(const hh_state& s, const dbatch& current) {
    const double g_na = 120.0, g_k = 36.0, g_l = 0.3, e_na = 50.0, e_k = -77.0, e_l = -54.4;
    const hh_rates r = rates(s.v);
    const dbatch m3h = s.m * s.m * s.m * s.h;
    const dbatch n2 = s.n * s.n;
    const dbatch i_ion = dbatch(g_na) * m3h * (s.v - dbatch(e_na)) +
                         dbatch(g_k) * n2 * n2 * (s.v - dbatch(e_k)) +
                         dbatch(g_l) * (s.v - dbatch(e_l));
    return {current - i_ion, // C = 1 uF/cm^2
            r.am * (dbatch(1.0) - s.m) - r.bm * s.m, r.ah * (dbatch(1.0) - s.h) - r.bh * s.h,
            r.an * (dbatch(1.0) - s.n) - r.bn * s.n};
}

hh_state axpy(const hh_state& s, double a, const hh_state& d) {
    const dbatch k(a);
    return {s.v + k * d.v, s.m + k * d.m, s.h + k * d.h, s.n + k * d.n};
}

struct hh_result {
    std::vector<double> current, rate; // uA/cm^2, Hz
    std::vector<double> trace_t, trace_v;
    bool finite = true;
};

hh_result simulate_hh(std::size_t n, double i_step, double traced_current) {
    constexpr std::size_t width = dbatch::size;
    const double dt = 0.01;       // ms, forward Euler
    const int steps = 100000;     // 1 s
    const int count_from = 20000; // rates from 200 ms on
    const activ::step step;

    hh_result out;
    std::vector<double> current(n), count(n), first(n), last(n), v_end(n);
    for (std::size_t i = 0; i < n; ++i) current[i] = i_step * static_cast<double>(i);
    const auto traced = static_cast<std::size_t>(std::lround(traced_current / i_step));

    // Start at rest: V = -65 mV, gates at their steady state there.
    const hh_rates r0 = rates(dbatch(-65.0));
    const hh_state rest{dbatch(-65.0), r0.am / (r0.am + r0.bm), r0.ah / (r0.ah + r0.bh),
                        r0.an / (r0.an + r0.bn)};
    for (std::size_t b = 0; b < n; b += width) {
        const dbatch i_ext = dbatch::load_unaligned(&current[b]);
        hh_state s = rest;
        dbatch spikes(0.0), t_first(0.0), t_last(0.0);
        const bool has_trace = traced >= b && traced < b + width;
        for (int k = 1; k <= steps; ++k) {
            const dbatch v_before = s.v;
            s = axpy(s, dt, derivative(s, i_ext)); // forward Euler
            // A spike: V crosses 0 mV upwards.
            const dbatch t(static_cast<double>(k) * dt);
            if (k >= count_from) {
                const dbatch up = step(s.v) * (dbatch(1.0) - step(v_before));
                t_first = t_first + up * (dbatch(1.0) - step(spikes)) * (t - t_first);
                t_last = t_last + up * (t - t_last);
                spikes = spikes + up;
            }
            if (has_trace && k <= 10000 && k % 4 == 0) { // 100 ms, every 0.04 ms
                alignas(dbatch::arch_type::alignment()) double lane[width];
                s.v.store_aligned(lane);
                out.trace_t.push_back(static_cast<double>(k) * dt);
                out.trace_v.push_back(lane[traced - b]);
            }
        }
        spikes.store_unaligned(&count[b]);
        t_first.store_unaligned(&first[b]);
        t_last.store_unaligned(&last[b]);
        s.v.store_unaligned(&v_end[b]);
    }
    for (std::size_t i = 0; i < n; ++i) {
        out.current.push_back(current[i]);
        out.rate.push_back(count[i] >= 2.0 ? 1000.0 * (count[i] - 1.0) / (last[i] - first[i])
                                           : 0.0);
        out.finite = out.finite && std::isfinite(v_end[i]);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Least-squares fits: Nelder-Mead on the sum of squared residuals.

using params = std::vector<double>;

params nelder_mead(const std::function<double(const params&)>& f, params x0, const params& scale,
                   int iterations) {
    const std::size_t d = x0.size();
    std::vector<params> p(d + 1, x0);
    std::vector<double> fp(d + 1);
    for (std::size_t i = 0; i < d; ++i) p[i + 1][i] += scale[i];
    for (std::size_t i = 0; i <= d; ++i) fp[i] = f(p[i]);
    auto combine = [&](const params& a, double wa, const params& b, double wb) {
        params r(d);
        for (std::size_t j = 0; j < d; ++j) r[j] = wa * a[j] + wb * b[j];
        return r;
    };
    for (int it = 0; it < iterations; ++it) {
        std::vector<std::size_t> order(d + 1);
        for (std::size_t i = 0; i <= d; ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](std::size_t a, std::size_t b) { return fp[a] < fp[b]; });
        const std::size_t best = order[0], worst = order[d], second = order[d - 1];
        params centroid(d, 0.0);
        for (std::size_t i = 0; i < d; ++i)
            for (std::size_t j = 0; j < d; ++j)
                centroid[j] += p[order[i]][j] / static_cast<double>(d);
        const params xr = combine(centroid, 2.0, p[worst], -1.0);
        const double fr = f(xr);
        if (fr < fp[best]) {
            const params xe = combine(centroid, 3.0, p[worst], -2.0);
            const double fe = f(xe);
            if (fe < fr)
                p[worst] = xe, fp[worst] = fe;
            else
                p[worst] = xr, fp[worst] = fr;
        } else if (fr < fp[second]) {
            p[worst] = xr, fp[worst] = fr;
        } else {
            const params xc = fr < fp[worst] ? combine(centroid, 0.5, xr, 0.5)
                                             : combine(centroid, 0.5, p[worst], 0.5);
            const double fc = f(xc);
            if (fc < std::min(fr, fp[worst])) {
                p[worst] = xc, fp[worst] = fc;
            } else { // shrink towards the best
                for (std::size_t i = 0; i <= d; ++i)
                    if (i != best) {
                        p[i] = combine(p[best], 0.5, p[i], 0.5);
                        fp[i] = f(p[i]);
                    }
            }
        }
    }
    return p[static_cast<std::size_t>(std::min_element(fp.begin(), fp.end()) - fp.begin())];
}

struct model {
    const char* name;
    const char* formula;
    // y(I; p) with p = (a, I0[, log s]); the activation is activ's.
    std::function<double(double, const params&)> curve;
    std::size_t dims;
    bool saturates; // a is the top rate (sigmoid), else a slope
};

struct fit {
    params p;
    double rms;
};

const std::array<model, 3>& models() {
    static const std::array<model, 3> m = {{
        {"ReLU", "a max(0, I - I0)",
         [](double i, const params& p) { return p[0] * activ::relu{}(i - p[1]); }, 2, false},
        {"softplus", "a s log(1 + e^((I - I0)/s))",
         [](double i, const params& p) {
             const double s = std::exp(p[2]);
             return p[0] * s * activ::softplus{}((i - p[1]) / s);
         },
         3, false},
        {"sigmoid", "a / (1 + e^-((I - I0)/s))",
         [](double i, const params& p) {
             return p[0] * activ::sigmoid{}((i - p[1]) / std::exp(p[2]));
         },
         3, true},
    }};
    return m;
}

fit fit_model(const model& m, const std::vector<double>& x, const std::vector<double>& y) {
    auto sse = [&](const params& p) {
        double e = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double r = m.curve(x[i], p) - y[i];
            e += r * r;
        }
        return std::isfinite(e) ? e : 1e300;
    };
    // Starting points from the data: the first current with a rate (onset), the top rate and
    // the slope from the onset to the end.
    std::size_t onset = 0;
    while (onset + 1 < x.size() && y[onset] <= 0.0) ++onset;
    const double span = x.back() - x.front();
    const double top = *std::max_element(y.begin(), y.end());
    const double slope = top / std::max(x.back() - x[onset], 1e-9 * span);
    fit best{{}, 1e300};
    for (double onset_shift : {-0.1, 0.0, 0.2})
        for (double width : {0.02, 0.1, 0.3}) {
            params p0 = {m.saturates ? top : slope, x[onset] + onset_shift * span,
                         std::log(width * span)};
            p0.resize(m.dims);
            params scale = {0.2 * std::fabs(p0[0]) + 1.0, 0.1 * span, 0.5};
            scale.resize(m.dims);
            params p = nelder_mead(sse, p0, scale, 400);
            p = nelder_mead(sse, p, scale, 400); // restart: escapes a collapsed simplex
            const double e = sse(p);
            if (e < best.rms) best = {p, e};
        }
    best.rms = std::sqrt(best.rms / static_cast<double>(x.size()));
    return best;
}

void report_fits(const char* neuron, const char* unit, const std::vector<double>& x,
                 const std::vector<double>& y, std::vector<fit>& fits) {
    const double top = *std::max_element(y.begin(), y.end());
    std::printf("\n%s f-I curve, least-squares fits (rate in Hz, current in %s):\n", neuron, unit);
    std::size_t best = 0;
    for (std::size_t k = 0; k < models().size(); ++k) {
        const model& m = models()[k];
        fits.push_back(fit_model(m, x, y));
        const fit& f = fits.back();
        std::printf("  %-8s %-28s RMS error %7.2f Hz (%5.2f%% of the top rate)  a = %.4g, "
                    "I0 = %.4g",
                    m.name, m.formula, f.rms, 100.0 * f.rms / top, f.p[0], f.p[1]);
        if (m.dims == 3) std::printf(", s = %.4g", std::exp(f.p[2]));
        std::printf("\n");
        if (f.rms < fits[best].rms) best = k;
    }
    std::printf("  best fit: %s\n", models()[best].name);
}

} // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : ".";
    bool ok = true;
    auto check = [&](bool c, const char* what) {
        if (!c) std::printf("FAILED: %s\n", what);
        ok = ok && c;
    };

    // --- LIF population ---
    const lif_result lif = simulate_lif(256, 5.0, 2.5);
    std::printf("LIF: %zu neurons, 0 to 5 nA, forward Euler dt = 0.05 ms, 2 s, %zu lanes per "
                "batch\n",
                lif.current.size(), xsimd::batch<float>::size);
    double worst_rel = 0.0;
    bool monotonic = true;
    for (std::size_t i = 0; i < lif.current.size(); ++i) {
        const double exact = lif_exact_rate(lif.current[i]);
        if (exact > 5.0) worst_rel = std::max(worst_rel, std::fabs(lif.rate[i] / exact - 1.0));
        if (i > 0 && lif.rate[i] < lif.rate[i - 1] * (1.0 - 1e-4)) monotonic = false;
    }
    std::size_t lif_onset = 0;
    while (lif_onset < lif.rate.size() && lif.rate[lif_onset] <= 0.0) ++lif_onset;
    std::printf("  I (nA)  rate (Hz)  closed form (Hz)\n");
    for (std::size_t i = 0; i < lif.current.size(); i += 32)
        std::printf("  %6.3f  %9.2f  %16.2f\n", lif.current[i], lif.rate[i],
                    lif_exact_rate(lif.current[i]));
    std::printf("  %6.3f  %9.2f  %16.2f\n", lif.current.back(), lif.rate.back(),
                lif_exact_rate(lif.current.back()));
    if (lif_onset < lif.rate.size())
        std::printf("  first current with a rate: %.3f nA (rheobase R I = V_th - E_L: 1.5 nA)\n",
                    lif.current[lif_onset]);
    std::printf("  largest deviation from the closed-form rate (where above 5 Hz): %.2f%%\n",
                100.0 * worst_rel);
    check(lif.rate.front() == 0.0, "LIF fires at zero current");
    check(lif.rate.back() > 100.0, "LIF rate at 5 nA not above 100 Hz");
    check(monotonic, "LIF f-I curve not monotonic");
    check(worst_rel < 0.03, "LIF rate more than 3% off its closed form");

    // --- HH population ---
    const hh_result hh = simulate_hh(64, 0.5, 10.0);
    std::printf("\nHH: %zu neurons, 0 to %.1f uA/cm^2, forward Euler dt = 0.01 ms, 1 s (rates "
                "from 200 ms on), %zu lanes per batch\n",
                hh.current.size(), hh.current.back(), xsimd::batch<double>::size);
    std::size_t hh_onset = 0;
    while (hh_onset < hh.rate.size() && hh.rate[hh_onset] <= 0.0) ++hh_onset;
    std::printf("  I (uA/cm^2)  rate (Hz)\n");
    for (std::size_t i = 0; i < hh.current.size(); i += 4)
        std::printf("  %11.2f  %9.2f\n", hh.current[i], hh.rate[i]);
    if (hh_onset < hh.rate.size())
        std::printf("  rheobase (repetitive firing from rest): between %.1f and %.1f uA/cm^2, "
                    "where the rate jumps from 0 to %.1f Hz\n",
                    hh.current[hh_onset - 1], hh.current[hh_onset], hh.rate[hh_onset]);
    check(hh.finite, "HH voltage not finite (integrator unstable)");
    check(hh.rate.front() == 0.0, "HH fires at zero current");
    check(hh.rate.back() > 50.0, "HH rate at the highest current not above 50 Hz");
    check(hh_onset > 0 && hh_onset < hh.rate.size(), "HH has no firing onset in the range");

    // --- fits ---
    std::vector<fit> lif_fits, hh_fits;
    report_fits("LIF", "nA", lif.current, lif.rate, lif_fits);
    report_fits("HH", "uA/cm^2", hh.current, hh.rate, hh_fits);

    // --- figure ---
    svg::figure fig(2, 430, 290, "f-I curves of model neurons, and the activations fitted to them");
    auto fi_panel = [&](const char* title, const char* xlabel, const std::vector<double>& x,
                        const std::vector<double>& y, const std::vector<fit>& fits) {
        svg::panel& p = fig.add(title, xlabel, "firing rate (Hz)");
        p.line(x, y, "measured", "#000").markers = true;
        std::vector<double> xs, ys;
        for (int i = 0; i <= 400; ++i) xs.push_back(x.front() + (x.back() - x.front()) * i / 400.0);
        for (std::size_t k = 0; k < fits.size(); ++k) {
            ys.clear();
            for (double xi : xs) ys.push_back(models()[k].curve(xi, fits[k].p));
            char label[96];
            std::snprintf(label, sizeof label, "%s fit, RMS %.1f Hz", models()[k].name,
                          fits[k].rms);
            // softplus dashed: where it collapses onto the ReLU, both stay visible.
            p.line(xs, ys, label, svg::color(k + (k > 0 ? 1 : 0))).dashed = k == 1;
        }
        p.legend = svg::corner::bottom_right;
    };
    fi_panel("LIF population (forward Euler, dt 0.05 ms)", "input current (nA)", lif.current,
             lif.rate, lif_fits);
    fi_panel("Hodgkin-Huxley (forward Euler, dt 0.01 ms)", "input current (uA/cm^2)", hh.current,
             hh.rate, hh_fits);
    fig.add("LIF membrane voltage at 2.5 nA (spikes drawn to +20 mV)", "time (ms)", "V (mV)")
        .range(0.0, 100.0, -70.0, 25.0)
        .line(lif.trace_t, lif.trace_v, "", svg::color(0))
        .width = 1.2;
    fig.add("HH membrane voltage at 10 uA/cm^2", "time (ms)", "V (mV)")
        .range(0.0, 100.0, -85.0, 50.0)
        .line(hh.trace_t, hh.trace_v, "", svg::color(1))
        .width = 1.2;
    const std::string path = dir + "/fi_curve.svg";
    check(fig.write(path), "could not write the figure");
    std::printf("\nwrote %s\n%s\n", path.c_str(), ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
