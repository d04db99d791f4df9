// A tour of activ: scalars, xsimd batches, arrays and derivatives.
#include <activ/activ.hpp>

#include <iostream>

int main() {
    // Scalars: every functor takes float or double.
    float s = activ::sigmoid{}(0.5f);

    // xsimd batches: the same functor, a whole SIMD register per call.
    xsimd::batch<float> t = activ::tanh{}(xsimd::batch<float>(0.5f));

    // Arrays of any length (in place too: activ::apply(f, data, n)).
    float x[5] = {-2.0f, -1.0f, 0.0f, 1.0f, 2.0f};
    float y[5];
    activ::apply(activ::relu{}, x, y, 5);

    // Derivatives, from the input or from an output already computed.
    double dt = activ::derivative(activ::tanh{})(0.5);
    double ds = activ::derivative_from_output(activ::sigmoid{})(activ::sigmoid{}(0.5));

    std::cout.precision(9);
    std::cout << "sigmoid(0.5f)             = " << s << '\n'
              << "tanh(batch(0.5f))         = " << t << '\n'
              << "relu({-2, -1, 0, 1, 2})   = {" << y[0] << ", " << y[1] << ", " << y[2] << ", "
              << y[3] << ", " << y[4] << "}\n"
              << "tanh'(0.5)                = " << dt << '\n'
              << "sigmoid'(0.5) from output = " << ds << '\n';
}
