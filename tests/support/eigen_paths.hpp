// activ tests — the Eigen adapter's path checks: activ::apply(f, expr) is bitwise equal to
// activ::apply(f, in, out, n) on the same numbers.
//
// all_shapes<T>(f): Array, Map over every misalignment 0..7, in-place assignment, column- and
// row-major Matrix, for every size 0..70 (every mix of full, half and quarter packets and the
// scalar tail). blocks_and_fusion<T>(f): Blocks at odd offsets, a transpose, the fused
// (W x).colwise() + b layer, and a nested .sum().
#pragma once

#include <activ/eigen.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace activ_test::eigen_paths {

template <class T>
bool same_bits(T a, T b) {
    if (std::isnan(a) && std::isnan(b)) return true;
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

// Ordinary values over the interesting range, with specials mixed in.
template <class T>
std::vector<T> inputs(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<T> dist(T(-30), T(30));
    std::vector<T> v(n);
    const T specials[] = {T(0),
                          -T(0),
                          std::numeric_limits<T>::infinity(),
                          -std::numeric_limits<T>::infinity(),
                          std::numeric_limits<T>::quiet_NaN(),
                          std::numeric_limits<T>::denorm_min(),
                          T(-100),
                          T(1e-7)};
    for (std::size_t i = 0; i < n; ++i) v[i] = (i % 7 == 3) ? specials[(i / 7) % 8] : dist(rng);
    return v;
}

// The array layer's answer for the same numbers: the reference of every check below.
template <class F, class T>
std::vector<T> reference(const F& f, const std::vector<T>& in) {
    std::vector<T> out(in.size());
    activ::apply(f, in.data(), out.data(), in.size());
    return out;
}

template <class Derived, class T>
void check_equal(const Eigen::DenseBase<Derived>& got, const std::vector<T>& expected) {
    // `expected` holds the coefficients in the order got's storage order visits them.
    REQUIRE(static_cast<std::size_t>(got.size()) == expected.size());
    Eigen::Index k = 0;
    bool all = true;
    const bool row_major = Derived::IsRowMajor;
    const Eigen::Index outer = row_major ? got.rows() : got.cols();
    const Eigen::Index inner = row_major ? got.cols() : got.rows();
    for (Eigen::Index o = 0; o < outer; ++o)
        for (Eigen::Index i = 0; i < inner; ++i, ++k) {
            const T g = row_major ? got.derived().coeff(o, i) : got.derived().coeff(i, o);
            if (!same_bits(g, expected[static_cast<std::size_t>(k)])) {
                all = false;
                CAPTURE(k, g, expected[static_cast<std::size_t>(k)]);
                CHECK(same_bits(g, expected[static_cast<std::size_t>(k)]));
            }
        }
    CHECK(all);
}

template <class T, class F>
void all_shapes(const F& f) {
    using Array = Eigen::Array<T, Eigen::Dynamic, 1>;
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using RowMajor = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    // Every size 0..70 mixes full, half and quarter packets and the scalar tail.
    for (std::size_t n = 0; n <= 70; ++n) {
        CAPTURE(n);
        const std::vector<T> in = inputs<T>(n + 8, static_cast<unsigned>(n));
        const auto idx = static_cast<Eigen::Index>(n);

        // Array and Map over every misalignment of the input (offsets 0..7 elements).
        for (std::size_t offset = 0; offset < 8; ++offset) {
            const std::vector<T> slice(in.begin() + static_cast<std::ptrdiff_t>(offset),
                                       in.begin() + static_cast<std::ptrdiff_t>(offset + n));
            const std::vector<T> expected = reference(f, slice);
            Eigen::Map<const Array> map(in.data() + offset, idx);
            const Array from_map = activ::apply(f, map);
            check_equal(from_map, expected);
        }

        const std::vector<T> first(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
        const std::vector<T> expected = reference(f, first);
        const Array array = Eigen::Map<const Array>(first.data(), idx);
        check_equal(Array(activ::apply(f, array)), expected);

        // In place: the expression assigned back to its own argument.
        Array inplace = array;
        inplace = activ::apply(f, inplace);
        check_equal(inplace, expected);

        // Matrix shapes with the same column-major storage.
        if (n % 5 == 0 && n > 0) {
            Matrix m = Eigen::Map<const Matrix>(first.data(), 5, idx / 5);
            check_equal(Matrix(activ::apply(f, m)), expected);
            // Row-major storage of the same numbers (storage order = the vector's order).
            RowMajor r = Eigen::Map<const RowMajor>(first.data(), idx / 5, 5);
            check_equal(RowMajor(activ::apply(f, r)), expected);
        }
    }
}

template <class T, class F>
void blocks_and_fusion(const F& f) {
    using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    std::mt19937 rng(7);
    std::uniform_real_distribution<T> dist(T(-3), T(3));
    Matrix big(41, 23);
    for (Eigen::Index k = 0; k < big.size(); ++k) big.data()[k] = dist(rng) * T(5);

    // Blocks at odd offsets: each column starts misaligned and has an odd length.
    for (Eigen::Index r0 : {0, 1, 3}) {
        for (Eigen::Index rows : {1, 7, 17, 37}) {
            if (r0 + rows > big.rows()) continue;
            const Matrix block = big.block(r0, 2, rows, 19);
            const std::vector<T> in(block.data(), block.data() + block.size());
            check_equal(Matrix(activ::apply(f, big.block(r0, 2, rows, 19))), reference(f, in));
        }
    }

    // Transposed expression and the fused affine layer sigma(W x + b).
    {
        const Matrix t = big.transpose();
        const std::vector<T> in(t.data(), t.data() + t.size());
        check_equal(Matrix(activ::apply(f, big.transpose())), reference(f, in));
    }
    {
        Matrix w(29, 23), x(23, 6);
        Vector b(29);
        for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = dist(rng);
        for (Eigen::Index k = 0; k < x.size(); ++k) x.data()[k] = dist(rng);
        for (Eigen::Index k = 0; k < b.size(); ++k) b.data()[k] = dist(rng);
        const Matrix pre = (w * x).colwise() + b;
        const std::vector<T> in(pre.data(), pre.data() + pre.size());
        const Matrix fused = activ::apply(f, (w * x).colwise() + b);
        check_equal(fused, reference(f, in));
        // The expression nests further: summed without a named temporary.
        const T sum = activ::apply(f, (w * x).colwise() + b).sum();
        T expected_sum = T(0);
        for (T v : reference(f, in)) expected_sum += v;
        CHECK(std::fabs(sum - expected_sum) <= std::fabs(expected_sum) * T(1e-5) + T(1e-5));
    }
}

} // namespace activ_test::eigen_paths
