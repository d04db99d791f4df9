// activ — SIMD math kernels, layer 1: the standard normal tail Q(a) = Phi(-a) = erfc(a/sqrt2)/2,
// for gelu (x Phi(x)) and its derivative Phi(x) + x phi(x).
//
// normal_tail<T>(a), a = |x|, gives a Q(a) (= -gelu(-a)) and Q(a) - a phi(a) (= gelu'(-a)),
// phi(a) = e^{-a^2/2}/sqrt(2 pi), each as e^{-a^2/2} s with s a pair from a polynomial. Two
// forms: float with AVX-512 takes 16 intervals from a table (normal_tail_by_table, below: one
// permute per coefficient, degree 6, no division); double, and float without AVX-512, three
// intervals (normal_tail_by_interval):
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

namespace detail {
/// (x.hi + x.lo) (y.hi + y.lo) as a pair (the lo products' own roundings dropped).
template <class T>
ACTIV_INLINE pair<T> mul_pairs(const pair<T>& x, const pair<T>& y) noexcept {
    const pair<T> m = kernels::two_prod(x.hi, y.hi);
    return {m.hi, kernels::madd(x.hi, y.lo, kernels::madd(x.lo, y.hi, m.lo))};
}

/// c0 + w (c1 + w (c2 + ...)) + c0_lo with the coefficients {c0_hi, c0_lo, c1, ..., cn} from
/// `at`, as a pair: Horner down to c1, then the last step compensated (|c0| >= |w (...)| on
/// every interval).
template <std::size_t n, class T, class At>
ACTIV_INLINE pair<T> horner_pair(const At& at, const T& w) noexcept {
    T r = at(n - 1);
    for (std::size_t j = n - 1; j-- > 2;) r = kernels::madd(r, w, at(j));
    const pair<T> rw = kernels::two_prod(r, w);
    const T c0 = at(0);
    const T hi = c0 + rw.hi;
    return {hi, ((c0 - hi) + rw.hi) + (rw.lo + at(1))};
}
} // namespace detail

/// The normal tail at a = |x| >= 0 (or NaN), for gelu and gelu' (three intervals, the
/// coefficients picked by selects): everything is a product e^{-a^2/2} * s with s a pair from
/// a per-interval polynomial.
template <class T>
class normal_tail_by_interval {
    using S = scalar_type_t<T>;
    using K = normal_tail_constants<S>;
    using M = decltype(T() < T());
    static constexpr std::size_t intervals = K::shifts.size();

public:
    ACTIV_INLINE explicit normal_tail_by_interval(const T& a) noexcept
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
    ACTIV_INLINE T a_q() const noexcept {
        const pair<T> f{kernels::select(above_[0], T(1), a_), T(0)};
        return scaled(detail::mul_pairs(f, poly(K::value)));
    }

    /// Q(a) - a phi(a) (= gelu'(-a)): e^{-a^2/2} u R(u) below bounds[0] (exact root),
    /// -e^{-a^2/2} a L(1/a) above.
    ACTIV_INLINE T q_minus_a_phi() const noexcept {
        const pair<T> f{kernels::select(above_[0], T(-a_), v_),
                        kernels::select(above_[0], T(0), u_lo_)};
        return scaled(detail::mul_pairs(f, poly(K::derivative)));
    }

private:
    template <class C>
    ACTIV_INLINE T pick(const C& c) const noexcept {
        T r(c[0]);
        for (std::size_t i = 1; i < intervals; ++i) r = kernels::select(above_[i - 1], T(c[i]), r);
        return r;
    }

    /// The interval's polynomial at v, as a pair (coefficients picked per lane).
    template <class C>
    ACTIV_INLINE pair<T> poly(const C& c) const noexcept {
        constexpr std::size_t n = std::tuple_size<typename C::value_type>::value;
        const auto coefficient = [&](std::size_t j) {
            T r(c[0][j]);
            for (std::size_t i = 1; i < intervals; ++i)
                r = kernels::select(above_[i - 1], T(c[i][j]), r);
            return r;
        };
        return detail::horner_pair<n>(coefficient, v_);
    }

    /// e^{-a^2/2} (s.hi + s.lo): one rounding of the sum, then the power of two (a second
    /// rounding only for subnormal results).
    ACTIV_INLINE T scaled(const pair<T>& s) const noexcept {
        const pair<T> m = detail::mul_pairs(e_, s);
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

#if ACTIV_AVX512
// The table form (float with AVX-512, where a 16-entry table is one register and a lookup one
// VPERMPS): 16 intervals indexed by the exponent and 2 leading mantissa bits of a + offset,
// 4 per binade of a + offset, so they are narrow near 0 where g bends most and wide towards
// a_max where g ~ 1/(a sqrt(2 pi)). One degree-6 polynomial per interval in w = a - midpoint
// (exact: every midpoint is a multiple of 1/16, so on the grid of the a of its interval, and
// |w| <= a), the variable the three-interval form reaches only through a division and twice
// the degree:
//   value:      a Q(a) = e^{-a^2/2} a G(w),  G(w) = g(midpoint + w)
//   derivative: Q(a) - a phi(a) = e^{-a^2/2} D(u),  D = g(a) - a/sqrt(2 pi), u = a - center;
//               on [0.375, 1.375) center = a0 (a pair; a - a0_hi is exact there by Sterbenz's
//               lemma or its grid) and D = u R(u), the table holding R (c0 a pair) and the
//               product u R a pair product: the root is exact, and no rounding of R's leading
//               terms is amplified by D's cancellation towards it (with the midpoint, c1's
//               rounding cost 0.7 ULP; with D = 0 + u (c1 + ...), one rounded Horner step cost
//               2.04 ULP at x = -1.257). a_max = 14.75 keeps a + offset below 16 (the 17th
//               interval).
// Fitted with scripts/fit_normal_cdf.py float-table 1.125 14.75 6 (weighted least squares,
// reweighted towards the largest relative error; coefficients rounded to float, c0 a pair):
// interval [a range), its midpoint, the derivative's center, relative fit errors:
//  0 [0.0, 0.125) mid 0.0, center 0.0: fit value 3.01e-9, derivative 6.89e-9
//  1 [0.125, 0.375) mid 0.25, center 0.25: fit value 3.46e-9, derivative 4.54e-9
//  2 [0.375, 0.625) mid 0.5, center a0: fit value 7.9e-10, derivative 3.56e-11
//  3 [0.625, 0.875) mid 0.75, center a0: fit value 2.36e-9, derivative 6.37e-10
//  4 [0.875, 1.375) mid 1.125, center a0: fit value 1.14e-9, derivative 1.71e-9
//  5 [1.375, 1.875) mid 1.625, center 1.625: fit value 1.78e-9, derivative 9.27e-9
//  6 [1.875, 2.375) mid 2.125, center 2.125: fit value 2.4e-9, derivative 5.77e-9
//  7 [2.375, 2.875) mid 2.625, center 2.625: fit value 1.75e-9, derivative 4.41e-9
//  8 [2.875, 3.875) mid 3.375, center 3.375: fit value 4.75e-9, derivative 7.47e-9
//  9 [3.875, 4.875) mid 4.375, center 4.375: fit value 5.85e-9, derivative 3.44e-9
// 10 [4.875, 5.875) mid 5.375, center 5.375: fit value 3.3e-9, derivative 1.86e-10
// 11 [5.875, 6.875) mid 6.375, center 6.375: fit value 2.36e-9, derivative 1.21e-9
// 12 [6.875, 8.875) mid 7.875, center 7.875: fit value 7.34e-9, derivative 2.46e-9
// 13 [8.875, 10.875) mid 9.875, center 9.875: fit value 3.57e-9, derivative 3.28e-11
// 14 [10.875, 12.875) mid 11.875, center 11.875: fit value 1.56e-9, derivative 1.36e-10
// 15 [12.875, 14.75) mid 13.8125, center 13.8125: fit value 6.73e-10, derivative 2.15e-9
// worst: value 7.34e-9, derivative 9.27e-9
template <class S>
struct normal_tail_table_constants;
// Entry k + 12 (mod 16) holds interval k: the index is the encoding of a + offset shifted right
// by 21, and 1.0's gives 12 in its low 4 bits (the ones VPERMPS reads).
// clang-format off
template <>
struct normal_tail_table_constants<float> {
    static constexpr int index_shift = 21; // exponent and 2 mantissa bits of a float
    static constexpr float offset = 1.125f;
    static constexpr float a_max = 14.75f;
    static constexpr std::array<float, 16> midpoint = {
        1.125f, 1.625f, 2.125f, 2.625f, 3.375f, 4.375f, 5.375f, 6.375f,
        7.875f, 9.875f, 11.875f, 13.8125f, 0.0f, 0.25f, 0.5f, 0.75f};
    static constexpr std::array<float, 16> center = {
        0.751791537f, 1.625f, 2.125f, 2.625f, 3.375f, 4.375f, 5.375f, 6.375f,
        7.875f, 9.875f, 11.875f, 13.8125f, 0.0f, 0.25f, 0.751791537f, 0.751791537f};
    static constexpr std::array<float, 16> center_lo = {
        -1.21144499e-08f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f,
        0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, -1.21144499e-08f, -1.21144499e-08f};
    static constexpr std::array<float, 16> root = {
        1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f,
        0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 1.0f, 1.0f};
    static constexpr std::array<float, 16> not_root = {
        0.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f,
        1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 0.0f, 0.0f};
    static constexpr std::array<std::array<float, 16>, 8> value = {{
        {0.245331392f, 0.195023105f, 0.160580099f, 0.135835603f,
         0.10978967f, 0.0870239437f, 0.0718819872f, 0.061141029f,
         0.0498791039f, 0.0399970673f, 0.0333618f, 0.0287336316f,
         0.5f, 0.414032102f, 0.349618822f, 0.30023247f},
        {-2.74817169e-09f, 5.37285594e-09f, 1.02341069e-09f, -3.82650889e-09f,
         1.72533787e-09f, 2.23866858e-09f, 1.70634118e-09f, 1.12562704e-09f,
         -1.31018951e-09f, 1.09474807e-09f, -6.17047025e-10f, -8.60433835e-10f,
         -1.96115612e-13f, 1.31727085e-09f, 1.23845139e-08f, -7.69545849e-09f},
        {-0.122944474f, -0.0820297301f, -0.057709571f, -0.0423738323f,
         -0.028402146f, -0.0182125177f, -0.0125765903f, -0.00916821323f,
         -0.00614434946f, -0.00397123024f, -0.0027709126f, -0.0020590059f,
         -0.398942292f, -0.295434266f, -0.224132866f, -0.173767939f},
        {0.0535094291f, 0.0308624022f, 0.0189736336f, 0.0123021435f,
         0.00696622441f, 0.00367209199f, 0.00214140816f, 0.00134683505f,
         0.000746183039f, 0.000390586181f, 0.000228606426f, 0.000146806095f,
         0.249999985f, 0.170086771f, 0.118776202f, 0.084953256f},
        {-0.020914657f, -0.0106258383f, -0.00579676637f, -0.00336019509f,
         -0.00163019251f, -0.000715662376f, -0.000355495402f, -0.000194042848f,
         -8.93713514e-05f, -3.80610836e-05f, -1.87363876e-05f, -1.04153687e-05f,
         -0.132979825f, -0.0843037739f, -0.0549147017f, -0.0366842113f},
        {0.0074948133f, 0.00339871203f, 0.00166380976f, 0.000870376069f,
         0.000365898683f, 0.000135214636f, 5.76375496e-05f, 2.74463473e-05f,
         1.05658955e-05f, 3.67610278e-06f, 1.5258164e-06f, 7.35350909e-07f,
         0.0624785349f, 0.0372526832f, 0.0228296779f, 0.0143599948f},
        {-0.00252215844f, -0.00102925312f, -0.000455438596f, -0.000216371962f,
         -8.05530653e-05f, -2.51644033e-05f, -9.23460993e-06f, -3.84551959e-06f,
         -1.26233169e-06f, -3.57550988e-07f, -1.24876948e-07f, -5.20582084e-08f,
         -0.0263413787f, -0.0150514338f, -0.00872803293f, -0.00519802282f},
        {0.000786562858f, 0.000291867385f, 0.000117781994f, 5.12058432e-05f,
         1.67701692e-05f, 4.49076651e-06f, 1.43256989e-06f, 5.25305552e-07f,
         1.45386409e-07f, 3.39241488e-08f, 1.00399067e-08f, 3.63997477e-09f,
         0.00889308564f, 0.00559543166f, 0.0030861143f, 0.00174882193f},
    }};
    static constexpr std::array<std::array<float, 16>, 8> derivative = {{
        {-0.572406173f, -0.453258097f, -0.687172234f, -0.911387861f,
         -1.23664057f, -1.65834856f, -2.07243276f, -2.48211598f,
         -3.09179139f, -3.89955807f, -4.70407772f, -5.48165655f,
         0.5f, 0.314296544f, -0.572406173f, -0.572406173f},
        {2.82242993e-08f, 1.41218925e-09f, -1.21494645e-08f, -2.62279833e-08f,
         4.73051252e-08f, 2.9456066e-08f, -1.18779306e-08f, -2.34715731e-08f,
         3.57334962e-08f, 1.16744637e-07f, -5.97291248e-08f, -6.59485124e-08f,
         -2.0728574e-13f, -1.07473364e-08f, -1.35934766e-08f, -2.47508858e-09f},
        {0.0847555846f, -0.480972022f, -0.456651837f, -0.441316128f,
         -0.427344412f, -0.417154789f, -0.411518872f, -0.408110499f,
         -0.405086637f, -0.402913511f, -0.401713192f, -0.401001275f,
         -0.797884583f, -0.694376528f, 0.0847560167f, 0.0847563669f},
        {-0.0365734138f, 0.0308624096f, 0.0189736355f, 0.0123021444f,
         0.00696623372f, 0.00367209362f, 0.00214140839f, 0.00134683517f,
         0.000746184203f, 0.000390586385f, 0.00022860647f, 0.000146806109f,
         0.249999985f, 0.170086771f, -0.0365862511f, -0.0365815908f},
        {0.0142686171f, -0.0106258402f, -0.00579676637f, -0.00336019532f,
         -0.00163019309f, -0.000715662492f, -0.000355495402f, -0.000194042863f,
         -8.93713877e-05f, -3.80610873e-05f, -1.87363894e-05f, -1.04153696e-05f,
         -0.13297981f, -0.0843037739f, 0.0142805027f, 0.0143136242f},
        {-0.00502068177f, 0.00339836045f, 0.00166372117f, 0.000870348653f,
         0.000365800952f, 0.000135197537f, 5.76337006e-05f, 2.74452996e-05f,
         1.05626877e-05f, 3.67561233e-06f, 1.52571431e-06f, 7.35329593e-07f,
         0.0624782257f, 0.0372532234f, -0.00530099496f, -0.00516408542f},
        {0.00146897289f, -0.00102922728f, -0.000455434871f, -0.000216371147f,
         -8.05509844e-05f, -2.51641304e-05f, -9.23455991e-06f, -3.84550776e-06f,
         -1.262301e-06f, -3.57547151e-07f, -1.2487628e-07f, -5.20580841e-08f,
         -0.0263391901f, -0.0150513211f, 0.00141366094f, 0.00174307649f},
        {-0.000260647677f, 0.000295617152f, 0.000118727578f, 5.14984204e-05f,
         1.70308176e-05f, 4.53635448e-06f, 1.44282944e-06f, 5.28098042e-07f,
         1.47525427e-07f, 3.42510944e-08f, 1.01080042e-08f, 3.6561778e-09f,
         0.00888726301f, 0.00557227153f, -0.000950418995f, -0.000554579543f},
    }};
};
// clang-format on

/// The normal tail at a = |x| >= 0 (or NaN), table form (see above). e^{-a^2/2} = 2^n (p + p_lo)
/// exactly up to the reduction and the polynomial, and the result is 2^n (s.hi p + (s.lo p +
/// s.hi p_lo)): one rounding of a fused sum, then the power of two (a second rounding only for
/// subnormal results).
template <class T>
class normal_tail_by_table {
    using S = scalar_type_t<T>;
    using K = normal_tail_table_constants<S>;
    using E = exp_constants<S>;

public:
    ACTIV_INLINE explicit normal_tail_by_table(const T& a) noexcept
        : a_(kernels::select(a > T(K::a_max), T(K::a_max), a)), // NaN compares false: stays
          index_(kernels::encoding_shifted_right<K::index_shift>(T(a_ + T(K::offset)))) {
        // -a^2/2 = x + x_lo exactly (two_prod; the halving is exact). Cody-Waite reduction with
        // x_lo joining n ln2_lo before the one rounded step: r = (x - n ln2_hi) - (n ln2_lo -
        // x_lo), the first difference exact, the second rounded once. Without x_lo, a^2's
        // rounding would be amplified by a^2/2 (up to 109); added to r in a step of its own, it
        // cost 0.34 ULP (gelu float, 10^6 MPFR samples: 1.74 against 1.40, both without the s.lo p
        // term of scaled(), which cost as much again: 1.40 against 1.06).
        const T sq = a_ * a_;
        const T x = T(-0.5) * sq;
        const T x_lo = T(-0.5) * kernels::madd(a_, a_, T(-sq));
        t_ = kernels::madd(x, T(E::log2e), T(ieee<S>::magic));
        const T n = t_ - T(ieee<S>::magic);
        const T r = kernels::nmadd(n, T(E::ln2_hi), x) - kernels::madd(n, T(E::ln2_lo), T(-x_lo));
        const T tail = kernels::madd(T(r * r), kernels::horner(r, E::q), r); // e^r - 1
        p_ = T(1) + tail;
        p_lo_ = (T(1) - p_) + tail; // Fast2Sum: 1 >= |tail|
    }

    /// a Q(a) (= -gelu(-a)) = e^{-a^2/2} a G(w).
    ACTIV_INLINE T a_q() const noexcept {
        const T w = a_ - kernels::lookup(K::midpoint, index_); // exact
        const pair<T> g = poly(K::value, w);
        const pair<T> ag = kernels::two_prod(a_, g.hi);
        return scaled({ag.hi, kernels::madd(a_, g.lo, ag.lo)});
    }

    /// Q(a) - a phi(a) (= gelu'(-a)) = e^{-a^2/2} f P(u), u = a - center; f = 1 and P = D
    /// outside the root's intervals, f = u (a pair) and P = R inside.
    ACTIV_INLINE T q_minus_a_phi() const noexcept {
        const T s1 = a_ - kernels::lookup(K::center, index_); // exact
        const T c_lo = kernels::lookup(K::center_lo, index_);
        const T u = s1 - c_lo;
        const T u_lo = (s1 - u) - c_lo; // Fast2Sum: s1 = 0 or |s1| >= 2^-24 > |c_lo|; else 0
        // u 1 + 0 or u 0 + 1, both exact (u is finite: a is clamped).
        const T f = kernels::madd(u, kernels::lookup(K::root, index_),
                                  kernels::lookup(K::not_root, index_));
        return scaled(detail::mul_pairs({f, u_lo}, poly(K::derivative, u)));
    }

private:
    template <class C>
    ACTIV_INLINE pair<T> poly(const C& c, const T& w) const noexcept {
        const auto coefficient = [&](std::size_t j) { return kernels::lookup(c[j], index_); };
        return detail::horner_pair<std::tuple_size<C>::value>(coefficient, w);
    }

    ACTIV_INLINE T scaled(const pair<T>& s) const noexcept {
        const T v = kernels::madd(s.hi, p_, kernels::madd(s.lo, p_, T(s.hi * p_lo_)));
#if ACTIV_ASSIST_FREE
        return kernels::ldexp_gradual(v, t_); // no instruction underflows
#else
        return kernels::scale_pow2(v, T(t_ - T(ieee<S>::magic)));
#endif
    }

    T a_;
    T index_;
    T t_{}, p_{}, p_lo_{};
};

template <class T>
using normal_tail = std::conditional_t<std::is_same<scalar_type_t<T>, float>::value,
                                       normal_tail_by_table<T>, normal_tail_by_interval<T>>;
#else
template <class T>
using normal_tail = normal_tail_by_interval<T>;
#endif

} // namespace activ::kernels
