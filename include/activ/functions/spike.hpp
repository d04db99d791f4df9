// activ::spike — the spiking neuron's step, trained through a surrogate gradient.
//
//   spike(x)  = step(x) = 1 for x > 0, 0 for x < 0, at_zero for x = +-0 (default 0)
//               exactly activ::step's result, bit for bit (it is computed by activ::step)
//   spike'(x) = s(x), the surrogate's derivative (activ/functions/surrogate.hpp):
//               straight_through, fast_sigmoid{k} (the default, snnTorch's), sigmoid{k},
//               atan{alpha}, triangle{width}, gaussian{sigma}
//   no derivative_from_output: y in {0, 1} does not determine x.
//
// The true derivative of the step is 0 almost everywhere and a Dirac delta at the threshold,
// which stops backpropagation; spiking-network libraries (snnTorch, Norse, SpikingJelly) keep
// the step forward and use a smooth bump centred on the threshold backward.
//
//   activ::spike<> s;                                   // fast_sigmoid{25}, at_zero 0
//   activ::spike s{activ::surrogate::atan{}};           // CTAD: spike<surrogate::atan>
//   activ::spike s{activ::surrogate::triangle{0.5}, 0.5};
//
// Error: value exact; derivative: the surrogate's (<= ~2 ULP, see surrogate.hpp).
// Special values: NaN -> NaN (value and derivative); spike(+inf) = 1, spike(-inf) = 0;
// spike'(+-inf) = 0 (1 for straight_through). Parameters: the surrogate checks its own
// (std::invalid_argument); at_zero, as for activ::step, is taken as given.
#pragma once

#include "activation.hpp"
#include "step.hpp"
#include "surrogate.hpp"

namespace activ {

template <class Surrogate = surrogate::fast_sigmoid>
struct spike : activation<spike<Surrogate>> {
    static constexpr bool has_derivative_from_output = false;
    // Eigen's cost model: the derivative dominates (the value is activ::step, cost 3).
    static constexpr int cost = Surrogate::cost;

    spike() = default;
    explicit spike(const Surrogate& s, double at_zero_value = 0.0) noexcept
        : surrogate_(s), step_(at_zero_value) {}

    const Surrogate& surrogate() const noexcept { return surrogate_; }
    double at_zero() const noexcept { return step_.at_zero; }

private:
    friend struct activation<spike>;

    template <class T>
    ACTIV_INLINE T eval(const T& x) const noexcept {
        return step_(x);
    }

    template <class T>
    ACTIV_INLINE T eval_derivative(const T& x) const noexcept {
        return surrogate_(x);
    }

    Surrogate surrogate_{};
    activ::step step_{};
};

} // namespace activ
