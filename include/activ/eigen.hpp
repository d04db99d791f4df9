// activ — Eigen adapter (layer 4): any activ functor as a fused, vectorized Eigen expression.
//
//   #include <activ/eigen.hpp>
//   Eigen::MatrixXf h = activ::apply(activ::tanh{}, (W * x).colwise() + b);   // one pass
//   m = activ::apply(activ::derivative(activ::sigmoid{}), m);                // in place
//   t = t.unaryExpr(activ::eigen_functor{activ::relu{}});                    // Tensor module
//
// activ::apply(f, expr) returns expr.unaryExpr(activ::eigen_functor<F>{f}): a lazy
// CwiseUnaryOp that Eigen fuses into whatever consumes it (no temporary, no extra pass).
// It vectorizes whenever `expr` does. Eigen 3.4's broadcast (`.colwise() + b`, `replicate`)
// does not: its Replicate evaluator has no packet access, so Eigen evaluates that expression
// one coefficient at a time, with its own functions as with activ's (the results are the same
// bits either way). For speed on an affine layer, add the bias in place first:
//   h.noalias() = W * x;  h.colwise() += b;  h = activ::apply(f, h);
//
// Vectorization: functor_traits declares PacketAccess and a cost, and packetOp runs the activ
// functor on the xsimd batch of the packet's own width. Eigen does not only use its full packet:
// under AVX-512 it also evaluates 8- and 4-float "half" packets at block edges, so each Eigen
// packet (Packet16f, Packet8f, Packet4f, their double forms) maps to the xsimd batch with the
// same register, never to xsimd's default arch. Eigen's scalar path calls the same generic body
// on a float: packet, half-packet and scalar coefficients are bit-identical, and equal to
// activ::apply on a raw array (unlike Eigen's own logistic and tanh, whose scalar and packet
// paths differ).
#pragma once

#include <Eigen/Core>

#include "activ.hpp"

namespace activ {

/// An activ functor as an Eigen unary functor (scalar operator() and packetOp).
template <class F>
struct eigen_functor {
    F f;

    eigen_functor() = default;
    constexpr explicit eigen_functor(const F& fn) noexcept : f(fn) {}

    template <class S>
    EIGEN_STRONG_INLINE S operator()(const S& x) const noexcept {
        return f(x);
    }

    template <class Packet>
    EIGEN_STRONG_INLINE Packet packetOp(const Packet& p) const noexcept;
};

template <class F>
eigen_functor(F) -> eigen_functor<F>;

namespace detail {

// The raw register of an Eigen packet (GCC's old ABI wraps __m128 in eigen_packet_wrapper).
template <class P>
struct packet_register {
    using type = P;
};
template <class R, int id>
struct packet_register<Eigen::internal::eigen_packet_wrapper<R, id>> {
    using type = R;
};

// The xsimd arch whose registers are `bytes` wide (keyed by size: __m128 and friends as
// template arguments lose their attributes).
template <std::size_t bytes>
struct xsimd_arch_for {
    using type = void;
};
#if XSIMD_WITH_SSE4_2
template <>
struct xsimd_arch_for<16> {
    using type = xsimd::sse4_2;
};
#elif XSIMD_WITH_SSE2
template <>
struct xsimd_arch_for<16> {
    using type = xsimd::sse2;
};
#endif
#if XSIMD_WITH_AVX2
template <>
struct xsimd_arch_for<32> {
    using type = xsimd::avx2;
};
#elif XSIMD_WITH_AVX
template <>
struct xsimd_arch_for<32> {
    using type = xsimd::avx;
};
#endif
#if XSIMD_WITH_AVX512BW
template <>
struct xsimd_arch_for<64> {
    using type = xsimd::avx512bw;
};
#elif XSIMD_WITH_AVX512F
template <>
struct xsimd_arch_for<64> {
    using type = xsimd::avx512f;
};
#endif

template <class Packet>
using packet_scalar_t = typename Eigen::internal::unpacket_traits<Packet>::type;

} // namespace detail

template <class F>
template <class Packet>
EIGEN_STRONG_INLINE Packet eigen_functor<F>::packetOp(const Packet& p) const noexcept {
    using R = typename detail::packet_register<Packet>::type;
    using A = typename detail::xsimd_arch_for<sizeof(R)>::type;
    static_assert(!std::is_void<A>::value,
                  "activ: no xsimd arch matches this Eigen packet type on this target");
    using B = xsimd::batch<detail::packet_scalar_t<Packet>, A>;
    const R reg = p;
    return Packet(static_cast<R>(f(B(reg))));
}

/// f applied coefficient-wise to an Eigen dense expression (Matrix, Array, Map, Block, ...),
/// as a lazy, vectorized expression.
template <class F, class Derived>
auto apply(const F& f, const Eigen::DenseBase<Derived>& x) {
    return x.derived().unaryExpr(eigen_functor<F>(f));
}

} // namespace activ

namespace Eigen::internal {
template <class F>
struct functor_traits<activ::eigen_functor<F>> {
    enum {
        Cost = activ::detail::cost_of<F>::value * NumTraits<float>::MulCost,
        PacketAccess = true
    };
};
} // namespace Eigen::internal
