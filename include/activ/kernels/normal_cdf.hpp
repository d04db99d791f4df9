// activ — SIMD math kernels, layer 1: the standard normal tail Q(a) = Phi(-a) = erfc(a/sqrt2)/2,
// for gelu (x Phi(x)) and its derivative Phi(x) + x phi(x).
//
// normal_tail<T>(a), a = |x|, gives a Q(a) (= -gelu(-a)) and Q(a) - a phi(a) (= gelu'(-a)),
// phi(a) = e^{-a^2/2}/sqrt(2 pi), each as e^{-a^2/2} s with s a pair from a polynomial:
//
//   a < 1.5:        a Q(a) = e^{-a^2/2} a G(u),      Q - a phi = e^{-a^2/2} u R(u),
//                   u = a - a0 (a0 = 0.75179152, the root of Q - a phi; u carried as a pair:
//                   2Sum with a0_hi, then a0_lo), G(u) = g(a) = e^{a^2/2} Q(a) (erfcx-like,
//                   smooth), R(u) = (g(a) - a/sqrt(2 pi)) / u
//   1.5 <= a < 3.5, 3.5 <= a (a clamped at a_max, where e^{-a^2/2} has underflowed):
//                   a Q(a) = e^{-a^2/2} H(v),        Q - a phi = -e^{-a^2/2} a L(v),
//                   v = 1/a - shift, H = a g(a), L = 1/sqrt(2 pi) - g(a)/a (no cancellation:
//                   g(a)/a < 0.44/sqrt(2 pi) for a >= 1.5)
//
// One polynomial per form, its coefficients picked per lane with kernels::select (no branch);
// the last Horner step c0 + v (...) is compensated (two_prod, c0 as hi + lo; |c0| >= |v (...)|
// on every interval), the products with a, u and e^{-a^2/2} are two_prod pairs, and
// e^{-a^2/2} takes a^2 as a pair p + p_lo (e^{-p/2} (1 - p_lo/2)): the rounding of a^2 would
// otherwise be amplified by a^2/2 (up to 90 in float, 750 in double). The result is rounded
// once (twice for subnormal results). Measured end to end: <= 1.4 ULP with FMA, <= 1.6 without
// (see functions/gelu.hpp). Polynomial fit errors (relative, coefficients rounded) below.
#pragma once

#include "exp.hpp"
#include "ops.hpp"

namespace activ::kernels {

template <class S>
struct normal_tail_constants;

// Fitted with mpmath (chebyfit: scripts/fit_normal_cdf.py float "[0,1.5,3.5,15]" 10 9 and
// double "[0,1.5,3.5,39]" 20 18): degree 10 (value) / 9 (derivative) in float, 20 / 18 in double.
// float: a0 = 0.7517915246935644574579049  hi 0.75179153680801391602 lo -1.2114449887690170726e-8
// interval 0 [0.0, 1.5] shift a0: value fit 1.77e-8, derivative fit 5.43e-9
// interval 1 [1.5, 3.5] shift 0.4755859375: value fit 5.54e-10, derivative fit 3.73e-9
// interval 2 [3.5, 15.0] shift 0.17578125: value fit 3.21e-10, derivative fit 1.46e-9
template <>
struct normal_tail_constants<float> {
    static constexpr float a0_hi = 0.751791537f;
    static constexpr float a0_lo = -1.21144499e-08f;
    static constexpr std::array<float, 2> bounds = {1.5f, 3.5f};
    static constexpr float a_max = 15.0f;
    static constexpr std::array<float, 3> shifts = {0.0f, 0.475585938f, 0.17578125f};
    static constexpr std::array<std::array<float, 12>, 3> value = {{
        {0.299921423f, 2.04682338e-09f, -0.173463896f, 0.0847563744f, -0.0365815088f, 0.0143136317f,
         -0.00516494457f, 0.00173879461f, -0.000547780888f, 0.000164626399f, -5.30317557e-05f,
         1.44897167e-05f},
        {0.340376586f, -5.60744606e-09f, -0.171251521f, 0.0112993848f, 0.11669454f, -0.188538641f,
         0.183178276f, -0.0893158764f, -0.0854670927f, 0.314022005f, -0.566166282f, 0.605238736f},
        {0.387611657f, -8.03418132e-09f, -0.118973218f, -0.23859705f, 0.43933183f, -0.073975876f,
         -1.10512733f, 2.33132505f, -0.687143385f, -8.33864784f, 21.3720264f, -12.3357544f},
    }};
    static constexpr std::array<std::array<float, 11>, 3> derivative = {{
        {-0.572406173f, -2.88791369e-09f, 0.0847563669f, -0.0365815535f, 0.0143136466f,
         -0.00516465912f, 0.00173870928f, -0.00054845796f, 0.000164815923f, -5.24967072e-05f,
         1.43474326e-05f},
        {0.321955234f, -3.58697361e-09f, -0.285022616f, -0.180042669f, 0.134109676f, -0.079650633f,
         0.0212046262f, 0.034391731f, -0.0788102821f, 0.104262605f, -0.0866927728f},
        {0.386965454f, -4.12357926e-09f, -0.132593557f, -0.338412702f, 0.189280093f, 0.0864322558f,
         -0.379200876f, 0.389994323f, 0.312159538f, -1.78927612f, 2.44662786f},
    }};
};

// double: a0 = 0.7517915246935644574579049  hi 0.75179152469356447241 lo -1.4956759177009882735e-17
// interval 0 [0.0, 1.5] shift a0: value fit 2.36e-17, derivative fit 5.32e-18
// interval 1 [1.5, 3.5] shift 0.4755859375: value fit 4.46e-18, derivative fit 3.13e-18
// interval 2 [3.5, 39.0] shift 0.1552734375: value fit 5.97e-18, derivative fit 4.0e-18
template <>
struct normal_tail_constants<double> {
    static constexpr double a0_hi = 0.75179152469356447;
    static constexpr double a0_lo = -1.4956759177009883e-17;
    static constexpr std::array<double, 2> bounds = {1.5, 3.5};
    static constexpr double a_max = 39.0;
    static constexpr std::array<double, 3> shifts = {0.0, 0.4755859375, 0.1552734375};
    static constexpr std::array<std::array<double, 22>, 3> value = {{
        {0.29992142524772059,     5.4571401007771468e-18,  -0.17346389482618191,
         0.084756369638530601,    -0.036581591489379887,   0.014313659799253149,
         -0.0051641406729905134,  0.00173855043482873,     -0.00055101617012554254,
         0.00016553764352275581,  -4.739626357212767e-05,  1.2990553402836244e-05,
         -3.4209163267413566e-06, 8.682282488442463e-07,   -2.1293635129240072e-07,
         5.0581341185138705e-08,  -1.1663681792060618e-08, 2.6141575885106305e-09,
         -5.6620995680782449e-10, 1.2045251918451245e-10,  -2.8418964702108649e-11,
         5.7854417427707862e-12},
        {0.34037658011437111,  -1.8457368601352189e-17, -0.17125152115537545,
         0.011299385212840879, 0.11669439924701706,     -0.18853878893089263,
         0.18320017354624271,  -0.089296934786839824,   -0.086888530635903988,
         0.31306943670366832,  -0.52455154667261317,    0.62333874629961616,
         -0.48763494522801276, -0.0026372351784549946,  0.9196530987170688,
         -2.2131510410855646,  3.5924130880183123,      -4.5565332551185964,
         4.8676628448244736,   -1.9583019614221557,     -13.902618077277678,
         28.545396373359171},
        {0.38994738479873209, -2.0609210764401839e-17, -0.10863117676952204, -0.26571137444782633,
         0.44034789363865356, 0.054134366950808983,    -1.3935775453114296,  2.319061302326733,
         1.0108597937405712,  -12.933434575073823,     26.281851035747291,   2.7352797058769496,
         -163.25221813350257, 461.54955177743278,      -335.67984319797858,  -2169.6668931086724,
         10111.339523728791,  -18097.880606263974,     -32799.560461878893,  251136.26227116052,
         -228233.52639893122, -743830.95792638371},
    }};
    static constexpr std::array<std::array<double, 20>, 3> derivative = {{
        {-0.57240617522761461,    3.6226685889726415e-17,  0.084756369638530601,
         -0.03658159148937988,    0.014313659799252896,    -0.0051641406729907571,
         0.0017385504348366488,   -0.00055101617012210085, 0.00016553764341027387,
         -4.739626359804389e-05,  1.2990554268721694e-05,  -3.420916213775083e-06,
         8.682243324746586e-07,   -2.1293664494625981e-07, 5.0592048560325625e-08,
         -1.1663234034042448e-08, 2.596759143880018e-09,   -5.6657829149730181e-10,
         1.3591387190099595e-10,  -2.8293277593987271e-11},
        {0.3219552302218126,    1.9784492428945424e-17, -0.28502262110448051,  -0.18004266700524074,
         0.13410969299887704,   -0.079651738415132817,  0.021201815404793187,  0.03448129423917063,
         -0.078610817479184386, 0.10113219183919563,    -0.092250543816438921, 0.044881726142023841,
         0.041966455287372591,  -0.15895700689937134,   0.28122393914746424,   -0.36960322735853557,
         0.39314753963644228,   -0.23045269191341627,   -0.563181491436473,    1.3527210976180475},
        {0.3895407111922416,  2.9485007541750396e-18, -0.11847786143004461, -0.34980605349682586,
         0.18053029632328982, 0.12765754122153281,    -0.4235602200371259,  0.32272458386837638,
         0.64902869358843462, -2.3211561402135947,    2.3719091297073382,   4.7053591626861824,
         -23.191979078896793, 36.89298092053513,      27.611947268720652,   -310.51037553543483,
         796.60216595840109,  -219.81461571704307,    -5176.482162305444,   11995.675617287048},
    }};
};

/// The normal tail at a = |x| >= 0 (or NaN), for gelu and gelu': everything is a product
/// e^{-a^2/2} * s with s a pair from a per-interval polynomial.
template <class T>
class normal_tail {
    using S = scalar_type_t<T>;
    using K = normal_tail_constants<S>;
    using M = decltype(T() < T());
    static constexpr std::size_t intervals = K::shifts.size();

public:
    explicit normal_tail(const T& a) noexcept
        : a_(kernels::select(a > T(K::a_max), T(K::a_max), a)) { // NaN compares false: stays
        for (std::size_t i = 0; i + 1 < intervals; ++i) above_[i] = a_ >= T(K::bounds[i]);
        // Below bounds[0] the variable is u = a - a0, carried as u + u_lo (gelu' has its root
        // at u = 0); above, v = 1/a - shift.
        const T s1 = a_ - T(K::a0_hi);
        const T b1 = s1 - a_;
        const T e1 = (a_ - (s1 - b1)) + (T(-K::a0_hi) - b1); // 2Sum: s1 + e1 = a - a0_hi
        const T u = s1 - T(K::a0_lo);
        u_lo_ = e1 + ((s1 - u) - T(K::a0_lo)); // Fast2Sum: s1 = 0 or |s1| > |a0_lo|
        const T t = T(1) / a_;
        v_ = kernels::select(above_[0], T(t - pick(K::shifts)), u);
        // e^{-a^2/2}: a^2 = p + p_lo exactly, e^{-(p + p_lo)/2} = e^{-p/2} (1 - p_lo/2).
        const pair<T> p = kernels::two_prod(a_, a_);
        const auto e = kernels::exp_nonpositive_parts(T(T(-0.5) * p.hi));
        e_ = {e.hi, kernels::nmadd(e.hi, T(T(0.5) * p.lo), e.lo)};
        e_k_ = e.t_k;
    }

    /// a Q(a) (= -gelu(-a)): e^{-a^2/2} a g(a) below bounds[0], e^{-a^2/2} H(1/a) above.
    T a_q() const noexcept {
        const pair<T> f{kernels::select(above_[0], T(1), a_), T(0)};
        return scaled(mul(f, poly(K::value)));
    }

    /// Q(a) - a phi(a) (= gelu'(-a)): e^{-a^2/2} u R(u) below bounds[0] (exact root),
    /// -e^{-a^2/2} a L(1/a) above.
    T q_minus_a_phi() const noexcept {
        const pair<T> f{kernels::select(above_[0], T(-a_), v_),
                        kernels::select(above_[0], T(0), u_lo_)};
        return scaled(mul(f, poly(K::derivative)));
    }

private:
    template <class C>
    T pick(const C& c) const noexcept {
        T r(c[0]);
        for (std::size_t i = 1; i < intervals; ++i) r = kernels::select(above_[i - 1], T(c[i]), r);
        return r;
    }

    /// The interval's polynomial at v, as a pair: coefficients {c0_hi, c0_lo, c1, ..., cn};
    /// c1..cn by Horner, then c0 + v (...) compensated (|c0| >= |v (...)| on every interval).
    template <class C>
    pair<T> poly(const C& c) const noexcept {
        constexpr std::size_t n = std::tuple_size<typename C::value_type>::value;
        const auto coefficient = [&](std::size_t j) {
            T r(c[0][j]);
            for (std::size_t i = 1; i < intervals; ++i)
                r = kernels::select(above_[i - 1], T(c[i][j]), r);
            return r;
        };
        T r = coefficient(n - 1);
        for (std::size_t j = n - 1; j-- > 2;) r = kernels::madd(r, v_, coefficient(j));
        const pair<T> rv = kernels::two_prod(r, v_);
        const T c0 = coefficient(0);
        const T hi = c0 + rv.hi;
        return {hi, ((c0 - hi) + rv.hi) + (rv.lo + coefficient(1))};
    }

    /// (x.hi + x.lo) (y.hi + y.lo) as a pair (the lo products' own roundings dropped).
    static pair<T> mul(const pair<T>& x, const pair<T>& y) noexcept {
        const pair<T> m = kernels::two_prod(x.hi, y.hi);
        return {m.hi, kernels::madd(x.hi, y.lo, kernels::madd(x.lo, y.hi, m.lo))};
    }

    /// e^{-a^2/2} (s.hi + s.lo): one rounding of the sum, then the power of two (a second
    /// rounding only for subnormal results).
    T scaled(const pair<T>& s) const noexcept {
        const pair<T> m = mul(e_, s);
#if ACTIV_ASSIST_FREE
        // No instruction underflows (an Intel core's ~150-cycle assist): e_ >= 2^-41 by exp's
        // split, and the power of two by kernels::ldexp_gradual.
        return kernels::ldexp_gradual(T(m.hi + m.lo), e_k_);
#else
        return T(m.hi + m.lo) * kernels::pow2_from_magic<0>(e_k_);
#endif
    }

    T a_;
    std::array<M, intervals - 1> above_{};
    T u_lo_{}, v_{};
    pair<T> e_{};
    T e_k_{};
};

} // namespace activ::kernels
