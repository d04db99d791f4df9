// activ tests — the path checks every functor goes through: scalar == batch == array.
//
// check_functor<T>(name, f): for the function, activ::derivative(f) and (when the functor has
// one) activ::derivative_from_output(f):
//   * the functor's scalar call equals the member call (f(x), f.derivative(x),
//     f.derivative_from_output(x)) — the expectation every other path is compared with;
//   * every lane of xsimd::batch<T> (default arch), for windows starting at every element of
//     the input pool, so every input visits every lane position;
//   * activ::apply out of place, activ::apply(f, p, p, n) and activ::apply in place, for every
//     n in 0 .. (K+2)W+1 (K: batches per iteration of apply's main loop, so that every mix of
//     interleaved iterations, single batches and the partial tail runs), the lengths around
//     the one from which apply aligns its stores (the first batch computed twice), and every
//     element offset 0 .. W-1 of the input (the output at a different
//     offset), in aligned storage with W+3 guard elements on both sides: nothing is written
//     outside out[0, n), and the input is left unchanged;
//   * n == 0 with null pointers does nothing.
// check_arch_functor<A, T>(arch, name, f): every lane of xsimd::batch<T, A> equals the scalar.
// Comparison: bit patterns, any two NaNs equal (support/inputs.hpp).
#pragma once

#include <activ/activ.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "inputs.hpp"

namespace activ_test {

template <class T>
constexpr const char* path_type_name() {
    return sizeof(T) == 4 ? "float" : "double";
}

enum class form { value, derivative, derivative_from_output };

/// The forms a functor has: value, derivative and, when it exists, derivative_from_output.
template <class F>
std::vector<form> forms() {
    if constexpr (activ::has_derivative_from_output_v<F>)
        return {form::value, form::derivative, form::derivative_from_output};
    else
        return {form::value, form::derivative};
}

inline const char* form_name(form k) {
    switch (k) {
    case form::value:
        return "value";
    case form::derivative:
        return "derivative";
    default:
        return "derivative_from_output";
    }
}

// The member call on the functor itself.
template <class F, class X>
X call_member(const F& f, form k, const X& x) {
    switch (k) {
    case form::value:
        return f(x);
    case form::derivative:
        return f.derivative(x);
    default:
        if constexpr (activ::has_derivative_from_output_v<F>)
            return f.derivative_from_output(x);
        else
            return x;
    }
}

// Collects mismatches; reports the first one.
struct mismatches {
    std::size_t count = 0;
    std::string first;
    template <class Describe>
    void add(Describe&& d) {
        if (count++ == 0) first = d();
    }
};

template <class T>
using aligned_vector = std::vector<T, xsimd::aligned_allocator<T, 64>>;

// Every check for one functor object g (the form's functor) with scalar expectation `expect`.
template <class T, class G>
void check_paths(const std::string& what, const G& g, const std::vector<T>& pool,
                 const std::vector<T>& expect) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    // Every n up to (K+2)W+1, and where apply aligns its stores from some length A
    // (activ::detail::align_output_from) the lengths around A: the first batch stored last,
    // then blocks, single batches and a tail.
    constexpr std::size_t K = activ::detail::interleave_for<G, B>();
    constexpr std::size_t A = activ::detail::align_output_from<G, B>();
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= (K + 2) * W + 1; ++n) lengths.push_back(n);
    if (A != ~std::size_t(0)) // the smooth functors never align (but when streaming)
        for (std::size_t n : {A - 1, A, A + 1, A + W - 1, A + (K + 1) * W + 1})
            lengths.push_back(n);
    const std::size_t max_n = *std::max_element(lengths.begin(), lengths.end());
    constexpr std::size_t G_ = W + 3; // guard elements on each side
    const std::size_t P = pool.size();
    REQUIRE(P >= max_n + 2 * W);
    INFO(what << " <" << path_type_name<T>() << ">, W = " << W);

    // The functor's scalar call vs the member call.
    {
        mismatches m;
        for (std::size_t i = 0; i < P; ++i) {
            const T got = g(pool[i]);
            if (!same_bits(got, expect[i]))
                m.add([&] {
                    return "input " + describe(pool[i]) + ": functor " + describe(got) +
                           ", member call " + describe(expect[i]);
                });
        }
        INFO("scalar functor vs member call: " << m.count << " mismatches; first: " << m.first);
        CHECK(m.count == 0);
    }

    // Batch lanes: a window starting at every element, so every input visits every lane.
    {
        mismatches m;
        for (std::size_t s = 0; s + W <= P; ++s) {
            alignas(64) T lanes[W];
            g(B::load_unaligned(pool.data() + s)).store_aligned(lanes);
            for (std::size_t k = 0; k < W; ++k)
                if (!same_bits(lanes[k], expect[s + k]))
                    m.add([&] {
                        return "lane " + std::to_string(k) + ", input " + describe(pool[s + k]) +
                               ": batch " + describe(lanes[k]) + ", scalar " +
                               describe(expect[s + k]);
                    });
        }
        INFO("batch lanes vs scalar: " << m.count << " mismatches; first: " << m.first);
        CHECK(m.count == 0);
    }

    // activ::apply: every n in 0..(K+2)W+1, every input offset 0..W-1.
    const T sent = sentinel<T>();
    const std::size_t total = G_ + W + max_n + G_;
    aligned_vector<T> bin(total), bout(total), bio(total), bsame(total);
    mismatches values, guards, input_changed;
    for (std::size_t n : lengths) {
        for (std::size_t off = 0; off < W; ++off) {
            const std::size_t out_off = (off + n) % W; // sometimes the same alignment, mostly not
            const std::size_t start = (n * 7 + off * 3) % (P - max_n);
            const auto where = [&](const char* path, std::size_t i) {
                return std::string(path) + ", n = " + std::to_string(n) + ", input offset " +
                       std::to_string(off) + ", output offset " + std::to_string(out_off) +
                       ", element " + std::to_string(i);
            };
            std::fill(bin.begin(), bin.end(), sent);
            std::fill(bout.begin(), bout.end(), sent);
            T* in = bin.data() + G_ + off;
            T* out = bout.data() + G_ + out_off;
            for (std::size_t i = 0; i < n; ++i) in[i] = pool[start + i];
            bio = bin;
            bsame = bin;
            T* io = bio.data() + G_ + off;
            T* same = bsame.data() + G_ + off;

            activ::apply(g, static_cast<const T*>(in), out, n);
            activ::apply(g, io, n);
            activ::apply(g, static_cast<const T*>(same), same, n);

            const auto check_result = [&](const char* path, const aligned_vector<T>& buf,
                                          std::size_t base) {
                for (std::size_t j = 0; j < total; ++j) {
                    const bool inside = j >= base && j < base + n;
                    if (inside) {
                        const std::size_t i = j - base;
                        if (!same_bits(buf[j], expect[start + i]))
                            values.add([&] {
                                return where(path, i) + ": input " + describe(pool[start + i]) +
                                       ", got " + describe(buf[j]) + ", scalar " +
                                       describe(expect[start + i]);
                            });
                    } else if (!identical_bits(buf[j], sent)) {
                        guards.add([&] {
                            return std::string(path) + ", n = " + std::to_string(n) +
                                   ", input offset " + std::to_string(off) +
                                   ": wrote outside [0, n): at index " +
                                   std::to_string(static_cast<long>(j) - static_cast<long>(base)) +
                                   " relative to the output pointer, value " + describe(buf[j]);
                        });
                    }
                }
            };
            check_result("apply(f, in, out, n)", bout, G_ + out_off);
            check_result("apply(f, data, n)", bio, G_ + off);
            check_result("apply(f, p, p, n)", bsame, G_ + off);

            // The input of the out-of-place call is untouched (values and guards).
            for (std::size_t j = 0; j < total; ++j) {
                const bool inside = j >= G_ + off && j < G_ + off + n;
                const T want = inside ? pool[start + (j - G_ - off)] : sent;
                if (!identical_bits(bin[j], want))
                    input_changed.add([&] {
                        return "n = " + std::to_string(n) + ", offset " + std::to_string(off) +
                               ": input buffer index " + std::to_string(j) + " changed to " +
                               describe(bin[j]);
                    });
            }
        }
    }
    {
        INFO("activ::apply vs scalar: " << values.count << " mismatches; first: " << values.first);
        CHECK(values.count == 0);
    }
    {
        INFO("activ::apply writes outside the output range: " << guards.count
                                                              << "; first: " << guards.first);
        CHECK(guards.count == 0);
    }
    {
        INFO("activ::apply modified its input: " << input_changed.count
                                                 << "; first: " << input_changed.first);
        CHECK(input_changed.count == 0);
    }

    // n == 0 with null pointers: nothing happens (and no crash).
    activ::apply(g, static_cast<const T*>(nullptr), static_cast<T*>(nullptr), 0);
    activ::apply(g, static_cast<T*>(nullptr), 0);
}

template <class T, class F>
void check_functor(const char* fname, const F& f) {
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    constexpr std::size_t K = activ::detail::interleave_for<F, B>();
    // Long enough for every form's lengths in check_paths (K <= 6 batches per iteration).
    const std::vector<T> pool = identity_inputs<T>((4 * 6 + K + 6) * W + 61, 0x1de7'0000 + W);

    for (form k : forms<F>()) {
        std::vector<T> expect(pool.size());
        for (std::size_t i = 0; i < pool.size(); ++i) expect[i] = call_member(f, k, pool[i]);
        const std::string what = std::string(fname) + " " + form_name(k);

        // The member call on batches too (not only through the form functors).
        {
            mismatches m;
            for (std::size_t s = 0; s + W <= pool.size(); s += W) {
                alignas(64) T lanes[W];
                call_member(f, k, B::load_unaligned(pool.data() + s)).store_aligned(lanes);
                for (std::size_t j = 0; j < W; ++j)
                    if (!same_bits(lanes[j], expect[s + j]))
                        m.add([&] {
                            return "input " + describe(pool[s + j]) + ": batch member call " +
                                   describe(lanes[j]) + ", scalar " + describe(expect[s + j]);
                        });
            }
            INFO(what << " <" << path_type_name<T>() << ">: batch member call vs scalar: "
                      << m.count << " mismatches; first: " << m.first);
            CHECK(m.count == 0);
        }

        switch (k) {
        case form::value:
            check_paths<T>(what, f, pool, expect);
            break;
        case form::derivative:
            check_paths<T>(what, activ::derivative(f), pool, expect);
            break;
        default:
            if constexpr (activ::has_derivative_from_output_v<F>)
                check_paths<T>(what, activ::derivative_from_output(f), pool, expect);
            break;
        }
    }
}

// Every lane of batch<T, A> equals the scalar result, for each functor and form.
template <class A, class T, class F>
void check_arch_functor(const char* arch, const char* fname, const F& f) {
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    const std::vector<T> pool = identity_inputs<T>(512, 0xa7c4'0000 + W);
    for (form k : forms<F>()) {
        mismatches m;
        for (std::size_t s = 0; s + W <= pool.size(); ++s) {
            alignas(64) T in[W];
            alignas(64) T lanes[W];
            for (std::size_t j = 0; j < W; ++j) in[j] = pool[s + j];
            const B x = B::load_aligned(in);
            B r;
            switch (k) {
            case form::value:
                r = f(x);
                break;
            case form::derivative:
                r = activ::derivative(f)(x);
                break;
            default:
                if constexpr (activ::has_derivative_from_output_v<F>)
                    r = activ::derivative_from_output(f)(x);
                break;
            }
            r.store_aligned(lanes);
            for (std::size_t j = 0; j < W; ++j) {
                const T want = call_member(f, k, in[j]);
                if (!same_bits(lanes[j], want))
                    m.add([&] {
                        return "lane " + std::to_string(j) + ", input " + describe(in[j]) +
                               ": batch " + describe(lanes[j]) + ", scalar " + describe(want);
                    });
            }
        }
        INFO(fname << " " << form_name(k) << " <" << path_type_name<T>() << "> on xsimd::batch<"
                   << path_type_name<T>() << ", " << arch << "> (" << W << " lanes): " << m.count
                   << " lanes differ from the scalar result; first: " << m.first);
        CHECK(m.count == 0);
    }
}

} // namespace activ_test
