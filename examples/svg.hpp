// A small, dependency-free SVG plot writer for activ's examples: a figure is a grid of panels,
// each with axes, "nice" ticks, polylines or markers, and an optional legend.
//
//   svg::figure fig(2, 380, 270);                 // 2 columns, panel size in pixels
//   svg::panel& p = fig.add("f-I curve", "I (nA)", "rate (Hz)");
//   p.line(x, y, "measured", svg::color(0)).markers = true;
//   fig.write("out.svg");
//
// Non-finite y values break a polyline; everything outside the panel's range is clipped.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace svg {

/// The tab10 palette, cycled.
inline std::string color(std::size_t i) {
    static const char* const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    return palette[i % 10];
}

struct series {
    std::vector<double> x, y;
    std::string label; // empty: not in the legend
    std::string color = "#1f77b4";
    double width = 1.6;
    bool dashed = false;
    bool markers = false; // small circles at the points instead of a line
};

enum class corner { top_left, top_right, bottom_right, bottom_left };

struct panel {
    std::string title, xlabel, ylabel;
    // Axis ranges; NaN: taken from the data.
    double xmin = std::numeric_limits<double>::quiet_NaN(), xmax = xmin, ymin = xmin, ymax = xmin;
    std::vector<series> lines;
    corner legend = corner::top_left;
    int span = 1; // columns this panel takes

    series& line(std::vector<double> x, std::vector<double> y, std::string label,
                 std::string stroke) {
        series s;
        s.x = std::move(x);
        s.y = std::move(y);
        s.label = std::move(label);
        s.color = std::move(stroke);
        lines.push_back(std::move(s));
        return lines.back();
    }
    panel& range(double x0, double x1, double y0, double y1) {
        xmin = x0;
        xmax = x1;
        ymin = y0;
        ymax = y1;
        return *this;
    }
};

namespace detail {

inline std::string escape(const std::string& s) {
    std::string r;
    for (char c : s) {
        if (c == '&')
            r += "&amp;";
        else if (c == '<')
            r += "&lt;";
        else if (c == '>')
            r += "&gt;";
        else
            r += c;
    }
    return r;
}

inline std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

/// A polyline coordinate: a tenth of a pixel is enough.
inline std::string coord(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

/// A step of 1, 2 or 5 times a power of ten giving about `target` intervals over [lo, hi].
inline double tick_step(double lo, double hi, double target = 5.0) {
    const double raw = (hi - lo) / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double n = raw / mag;
    return (n < 1.5 ? 1.0 : n < 3.0 ? 2.0 : n < 7.0 ? 5.0 : 10.0) * mag;
}

inline std::string tick_label(double v, double step) {
    if (std::fabs(v) < step * 1e-9) v = 0.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

/// Fills the NaN ends of [lo, hi] from the data, with a margin, and never an empty range.
inline void auto_range(double& lo, double& hi, const std::vector<series>& lines, bool is_x,
                       double margin) {
    double dlo = std::numeric_limits<double>::infinity(), dhi = -dlo;
    for (const series& s : lines)
        for (double v : is_x ? s.x : s.y)
            if (std::isfinite(v)) {
                dlo = std::min(dlo, v);
                dhi = std::max(dhi, v);
            }
    if (!(dlo <= dhi)) dlo = 0.0, dhi = 1.0;
    const double pad = (dhi - dlo) * margin;
    if (std::isnan(lo)) lo = dlo - pad;
    if (std::isnan(hi)) hi = dhi + pad;
    if (!(hi > lo)) lo -= 0.5, hi += 0.5;
}

} // namespace detail

class figure {
public:
    figure(int columns, double panel_width, double panel_height, std::string title = "")
        : columns_(std::max(columns, 1)), w_(panel_width), h_(panel_height),
          title_(std::move(title)) {}

    panel& add(std::string title, std::string xlabel, std::string ylabel) {
        panel p;
        p.title = std::move(title);
        p.xlabel = std::move(xlabel);
        p.ylabel = std::move(ylabel);
        panels_.push_back(std::move(p));
        return panels_.back();
    }

    std::string str() const {
        // Layout: left to right, a panel that does not fit in what is left of a row starts the
        // next one.
        std::vector<std::pair<int, int>> cell; // (column, row) of each panel
        int col = 0, row = 0;
        for (const panel& p : panels_) {
            const int span = std::min(std::max(p.span, 1), columns_);
            if (col + span > columns_) col = 0, ++row;
            cell.emplace_back(col, row);
            col += span;
        }
        const int rows = panels_.empty() ? 0 : row + 1;
        const double top = title_.empty() ? 0.0 : 30.0;
        std::ostringstream o;
        o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << detail::num(w_ * columns_)
          << "\" height=\"" << detail::num(top + h_ * rows) << "\" font-family=\"sans-serif\" "
          << "font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
        if (!title_.empty())
            o << "<text x=\"" << detail::num(w_ * columns_ / 2) << "\" y=\"20\" "
              << "text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">"
              << detail::escape(title_) << "</text>\n";
        for (std::size_t i = 0; i < panels_.size(); ++i)
            draw(o, panels_[i], static_cast<int>(i), cell[i].first * w_, top + cell[i].second * h_);
        o << "</svg>\n";
        return o.str();
    }

    bool write(const std::string& path) const {
        std::ofstream f(path);
        f << str();
        return static_cast<bool>(f);
    }

private:
    void draw(std::ostringstream& o, const panel& p, int id, double ox, double oy) const {
        using detail::num;
        double x0 = p.xmin, x1 = p.xmax, y0 = p.ymin, y1 = p.ymax;
        detail::auto_range(x0, x1, p.lines, true, 0.0);
        detail::auto_range(y0, y1, p.lines, false, 0.06);
        // Plot area inside the panel.
        const double width = w_ * std::min(std::max(p.span, 1), columns_);
        const double left = ox + 52, right = ox + width - 12, ptop = oy + 26, bottom = oy + h_ - 38;
        auto px = [&](double x) { return left + (x - x0) / (x1 - x0) * (right - left); };
        auto py = [&](double y) {
            const double v = bottom - (y - y0) / (y1 - y0) * (bottom - ptop);
            return std::min(std::max(v, -1e5), 1e5); // far outside: clipped anyway
        };

        o << "<g>\n<clipPath id=\"clip" << id << "\"><rect x=\"" << num(left) << "\" y=\""
          << num(ptop) << "\" width=\"" << num(right - left) << "\" height=\"" << num(bottom - ptop)
          << "\"/></clipPath>\n";
        o << "<text x=\"" << num((left + right) / 2) << "\" y=\"" << num(oy + 17)
          << "\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"bold\">"
          << detail::escape(p.title) << "</text>\n";

        // Grid, ticks and tick labels.
        const double xs = detail::tick_step(x0, x1), ys = detail::tick_step(y0, y1);
        for (double t = std::ceil(x0 / xs - 1e-9) * xs; t <= x1 + xs * 1e-9; t += xs) {
            o << "<line x1=\"" << num(px(t)) << "\" y1=\"" << num(ptop) << "\" x2=\"" << num(px(t))
              << "\" y2=\"" << num(bottom) << "\" stroke=\"#e5e5e5\"/>\n"
              << "<text x=\"" << num(px(t)) << "\" y=\"" << num(bottom + 13)
              << "\" text-anchor=\"middle\">" << detail::tick_label(t, xs) << "</text>\n";
        }
        for (double t = std::ceil(y0 / ys - 1e-9) * ys; t <= y1 + ys * 1e-9; t += ys) {
            o << "<line x1=\"" << num(left) << "\" y1=\"" << num(py(t)) << "\" x2=\"" << num(right)
              << "\" y2=\"" << num(py(t)) << "\" stroke=\"#e5e5e5\"/>\n"
              << "<text x=\"" << num(left - 4) << "\" y=\"" << num(py(t) + 4)
              << "\" text-anchor=\"end\">" << detail::tick_label(t, ys) << "</text>\n";
        }
        if (y0 < 0 && y1 > 0)
            o << "<line x1=\"" << num(left) << "\" y1=\"" << num(py(0)) << "\" x2=\"" << num(right)
              << "\" y2=\"" << num(py(0)) << "\" stroke=\"#999\"/>\n";
        if (x0 < 0 && x1 > 0)
            o << "<line x1=\"" << num(px(0)) << "\" y1=\"" << num(ptop) << "\" x2=\"" << num(px(0))
              << "\" y2=\"" << num(bottom) << "\" stroke=\"#999\"/>\n";
        o << "<rect x=\"" << num(left) << "\" y=\"" << num(ptop) << "\" width=\""
          << num(right - left) << "\" height=\"" << num(bottom - ptop)
          << "\" fill=\"none\" stroke=\"#444\"/>\n";
        o << "<text x=\"" << num((left + right) / 2) << "\" y=\"" << num(oy + h_ - 8)
          << "\" text-anchor=\"middle\">" << detail::escape(p.xlabel) << "</text>\n";
        o << "<text transform=\"translate(" << num(ox + 13) << ' ' << num((ptop + bottom) / 2)
          << ") rotate(-90)\" text-anchor=\"middle\">" << detail::escape(p.ylabel) << "</text>\n";

        // Data.
        o << "<g clip-path=\"url(#clip" << id << ")\">\n";
        for (const series& s : p.lines) {
            const std::size_t n = std::min(s.x.size(), s.y.size());
            if (s.markers) {
                for (std::size_t i = 0; i < n; ++i)
                    if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
                        o << "<circle cx=\"" << num(px(s.x[i])) << "\" cy=\"" << num(py(s.y[i]))
                          << "\" r=\"2.2\" fill=\"" << s.color << "\"/>\n";
                continue;
            }
            // A run of finite points in pixels, thinned: a point is dropped when every point
            // since the last one kept lies within 0.05 px of the line from that one to the next.
            std::vector<std::pair<double, double>> run;
            auto flush = [&] {
                if (run.empty()) return;
                auto straight = [&](std::size_t from, std::size_t to) {
                    const double dx = run[to].first - run[from].first,
                                 dy = run[to].second - run[from].second;
                    const double tol = 0.05 * std::hypot(dx, dy);
                    for (std::size_t m = from + 1; m < to; ++m) {
                        const double cross = (run[m].first - run[from].first) * dy -
                                             (run[m].second - run[from].second) * dx;
                        if (std::fabs(cross) > tol) return false;
                    }
                    return true;
                };
                std::string pts;
                std::size_t kept = 0;
                for (std::size_t i = 0; i < run.size(); ++i) {
                    if (i > 0 && i + 1 < run.size() && straight(kept, i + 1)) continue;
                    kept = i;
                    pts += detail::coord(run[i].first) + ',' + detail::coord(run[i].second) + ' ';
                }
                o << "<polyline fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\""
                  << num(s.width) << "\" stroke-linejoin=\"round\""
                  << (s.dashed ? " stroke-dasharray=\"5,3\"" : "") << " points=\"" << pts
                  << "\"/>\n";
                run.clear();
            };
            for (std::size_t i = 0; i < n; ++i) {
                if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
                    flush();
                    continue;
                }
                run.emplace_back(px(s.x[i]), py(s.y[i]));
            }
            flush();
        }
        o << "</g>\n";

        // Legend.
        std::vector<const series*> named;
        for (const series& s : p.lines)
            if (!s.label.empty()) named.push_back(&s);
        if (!named.empty()) {
            std::size_t longest = 0;
            for (const series* s : named) longest = std::max(longest, s->label.size());
            const double lw = 30.0 + 6.2 * static_cast<double>(longest);
            const double lh = 6.0 + 14.0 * static_cast<double>(named.size());
            const bool at_right = p.legend == corner::top_right || p.legend == corner::bottom_right;
            const bool at_bottom =
                p.legend == corner::bottom_left || p.legend == corner::bottom_right;
            const double lx = at_right ? right - lw - 4 : left + 4;
            const double ly = at_bottom ? bottom - lh - 4 : ptop + 4;
            o << "<rect x=\"" << num(lx) << "\" y=\"" << num(ly) << "\" width=\"" << num(lw)
              << "\" height=\"" << num(lh) << "\" fill=\"white\" fill-opacity=\"0.85\" "
              << "stroke=\"#ccc\"/>\n";
            for (std::size_t i = 0; i < named.size(); ++i) {
                const series& s = *named[i];
                const double y = ly + 12.0 + 14.0 * static_cast<double>(i);
                if (s.markers)
                    o << "<circle cx=\"" << num(lx + 13) << "\" cy=\"" << num(y - 4)
                      << "\" r=\"2.5\" fill=\"" << s.color << "\"/>\n";
                else
                    o << "<line x1=\"" << num(lx + 4) << "\" y1=\"" << num(y - 4) << "\" x2=\""
                      << num(lx + 22) << "\" y2=\"" << num(y - 4) << "\" stroke=\"" << s.color
                      << "\" stroke-width=\"" << num(s.width) << "\""
                      << (s.dashed ? " stroke-dasharray=\"5,3\"" : "") << "/>\n";
                o << "<text x=\"" << num(lx + 26) << "\" y=\"" << num(y) << "\">"
                  << detail::escape(s.label) << "</text>\n";
            }
        }
        o << "</g>\n";
    }

    int columns_;
    double w_, h_;
    std::string title_;
    std::deque<panel> panels_; // a deque: add()'s references stay valid
};

} // namespace svg
