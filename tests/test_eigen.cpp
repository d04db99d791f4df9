// The Eigen adapter: activ::apply(f, expr) is bitwise equal to activ::apply(f, in, out, n) on
// the same numbers, for every expression shape, size and offset, vectorized or not.
#include <activ/eigen.hpp>
#include <unsupported/Eigen/CXX11/Tensor>

#include <catch2/catch.hpp>

#include "support/eigen_paths.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace {

using namespace activ_test::eigen_paths;

template <class T>
using packet_flags = std::integral_constant<
    bool, (Eigen::internal::evaluator<decltype(activ::apply(
               activ::sigmoid{}, std::declval<Eigen::Array<T, Eigen::Dynamic, 1>&>()))>::Flags &
           Eigen::PacketAccessBit) != 0>;

} // namespace

#ifndef EIGEN_DONT_VECTORIZE
static_assert(packet_flags<float>::value, "the adapter must let Eigen vectorize (float)");
static_assert(packet_flags<double>::value, "the adapter must let Eigen vectorize (double)");
#endif

TEMPLATE_TEST_CASE("Eigen adapter equals the array layer bit for bit", "[eigen]", float, double) {
    using T = TestType;
    SECTION("sigmoid") { all_shapes<T>(activ::sigmoid{}); }
    SECTION("tanh") { all_shapes<T>(activ::tanh{}); }
    SECTION("relu") { all_shapes<T>(activ::relu{}); }
    SECTION("step") { all_shapes<T>(activ::step{0.5}); }
    SECTION("derivatives") {
        all_shapes<T>(activ::derivative(activ::sigmoid{}));
        all_shapes<T>(activ::derivative(activ::tanh{}));
        all_shapes<T>(activ::derivative_from_output(activ::tanh{}));
        all_shapes<T>(activ::derivative_from_output(activ::sigmoid{}));
        all_shapes<T>(activ::derivative(activ::relu{}));
    }
}

TEMPLATE_TEST_CASE("Eigen adapter on blocks, transposes and fused layers", "[eigen]", float,
                   double) {
    using T = TestType;
    blocks_and_fusion<T>(activ::sigmoid{});
    blocks_and_fusion<T>(activ::tanh{});
    blocks_and_fusion<T>(activ::derivative(activ::tanh{}));
    blocks_and_fusion<T>(activ::relu{});
}

#ifndef EIGEN_DONT_VECTORIZE
// The Tensor module vectorizes a unary op when its functor_traits say PacketAccess.
using tensor_expr =
    Eigen::TensorCwiseUnaryOp<activ::eigen_functor<activ::tanh>, const Eigen::Tensor<float, 3>>;
static_assert(Eigen::TensorEvaluator<const tensor_expr, Eigen::DefaultDevice>::PacketAccess,
              "the adapter must let Eigen's Tensor module vectorize");
#endif

TEST_CASE("Eigen Tensor unaryExpr with the adapter", "[eigen]") {
    Eigen::Tensor<float, 3> t(5, 7, 3);
    std::vector<float> in = inputs<float>(105, 11);
    std::memcpy(t.data(), in.data(), in.size() * sizeof(float));
    const Eigen::Tensor<float, 3> out = t.unaryExpr(activ::eigen_functor{activ::tanh{}});
    const std::vector<float> expected = reference(activ::tanh{}, in);
    for (std::size_t k = 0; k < in.size(); ++k) CHECK(same_bits(out.data()[k], expected[k]));
}
