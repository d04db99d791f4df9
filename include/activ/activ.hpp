// activ — neural-network activation functions for scalars, xsimd batches and arrays.
// Everything but the Eigen adapter (<activ/eigen.hpp>).
#pragma once

#include "config.hpp"
#include "traits.hpp"

#include "kernels/exp.hpp"
#include "kernels/expm1.hpp"
#include "kernels/log1p.hpp"
#include "kernels/normal_cdf.hpp"
#include "kernels/ops.hpp"

#include "functions/activation.hpp"
#include "functions/derivative.hpp"
#include "functions/log_sigmoid.hpp"
#include "functions/mish.hpp"
#include "functions/softplus.hpp"
#include "functions/celu.hpp"
#include "functions/elu.hpp"
#include "functions/selu.hpp"
#include "functions/gelu.hpp"
#include "functions/gelu_tanh.hpp"
#include "functions/silu.hpp"
#include "functions/swish.hpp"
#include "functions/hardsigmoid.hpp"
#include "functions/hardswish.hpp"
#include "functions/hardtanh.hpp"
#include "functions/leaky_relu.hpp"
#include "functions/relu.hpp"
#include "functions/relu6.hpp"
#include "functions/sigmoid.hpp"
#include "functions/softsign.hpp"
#include "functions/spike.hpp"
#include "functions/step.hpp"
#include "functions/surrogate.hpp"
#include "functions/tanh.hpp"

#include "array/apply.hpp"
