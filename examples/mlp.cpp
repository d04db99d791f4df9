// A small multilayer perceptron in Eigen, trained with plain full-batch gradient descent on two
// interleaved spirals it generates itself. The forward pass runs every activation through
// activ::apply (fused into Eigen's expressions); the backward pass uses only the saved outputs,
// through activ::derivative_from_output.
//
//   network: 2 -> 32 (tanh) -> 32 (tanh) -> 1 (sigmoid), binary cross-entropy loss
//   usage:   activ_example_mlp [--epochs N] [--min-accuracy A]
//
// Exits non-zero when the training accuracy it reaches is below --min-accuracy (default 0.97),
// so ctest checks a real training run, not a printed claim.
#include <activ/eigen.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

namespace {

using Matrix = Eigen::MatrixXf;
using Vector = Eigen::VectorXf;
using Row = Eigen::RowVectorXf;

struct dataset {
    Matrix x; // 2 x n
    Row y;    // 1 x n, labels 0 / 1
};

// Two spirals, one per class, each arm turning 1.75 times, with a little Gaussian noise.
dataset spirals(int per_class, std::mt19937& rng) {
    std::normal_distribution<float> noise(0.0f, 0.06f);
    const int n = 2 * per_class;
    dataset d{Matrix(2, n), Row(n)};
    const float pi = 3.14159265358979f;
    for (int i = 0; i < per_class; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(per_class);
        const float r = 0.1f + 0.9f * t;
        const float angle = 3.5f * pi * t;
        for (int c = 0; c < 2; ++c) {
            const int j = 2 * i + c;
            const float a = angle + static_cast<float>(c) * pi;
            d.x(0, j) = r * std::cos(a) + noise(rng);
            d.x(1, j) = r * std::sin(a) + noise(rng);
            d.y(j) = static_cast<float>(c);
        }
    }
    return d;
}

struct layer {
    Matrix w;
    Vector b;
    layer(int out, int in, std::mt19937& rng) : w(out, in), b(Vector::Zero(out)) {
        // Xavier/Glorot: keeps tanh units out of saturation at the start.
        std::normal_distribution<float> init(0.0f, std::sqrt(1.0f / static_cast<float>(in)));
        for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = init(rng);
    }
    void step(const Matrix& gw, const Vector& gb, float rate) {
        w -= rate * gw;
        b -= rate * gb;
    }
};

} // namespace

int main(int argc, char** argv) {
    int epochs = 6000;
    double min_accuracy = 0.97;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--epochs")
            epochs = std::atoi(argv[i + 1]);
        else if (a == "--min-accuracy")
            min_accuracy = std::atof(argv[i + 1]);
    }

    std::mt19937 rng(42);
    const dataset data = spirals(200, rng);
    const auto n = static_cast<float>(data.x.cols());
    layer l1(32, 2, rng), l2(32, 32, rng), l3(1, 32, rng);
    const float rate = 0.7f;

    const activ::tanh tanh;
    const activ::sigmoid sigmoid;
    float accuracy = 0.0f;
    for (int epoch = 0; epoch <= epochs; ++epoch) {
        // Forward: each activation is fused into the affine expression that feeds it.
        const Matrix h1 = activ::apply(tanh, (l1.w * data.x).colwise() + l1.b);
        const Matrix h2 = activ::apply(tanh, (l2.w * h1).colwise() + l2.b);
        const Row p = activ::apply(sigmoid, (l3.w * h2).colwise() + l3.b);

        // Backward. Sigmoid + cross-entropy: dL/dz3 = (p - y) / n. The hidden layers need
        // tanh'(z) = 1 - h^2, computed from the saved outputs h alone.
        const Row d3 = (p - data.y) / n;
        const Matrix d2 = (l3.w.transpose() * d3)
                              .cwiseProduct(activ::apply(activ::derivative_from_output(tanh), h2));
        const Matrix d1 = (l2.w.transpose() * d2)
                              .cwiseProduct(activ::apply(activ::derivative_from_output(tanh), h1));

        l3.step(d3 * h2.transpose(), d3.rowwise().sum(), rate);
        l2.step(d2 * h1.transpose(), d2.rowwise().sum(), rate);
        l1.step(d1 * data.x.transpose(), d1.rowwise().sum(), rate);

        if (epoch % 500 == 0 || epoch == epochs) {
            // Cross-entropy with the probabilities clamped away from 0 and 1 for the log.
            const Row pc = p.array().max(1e-7f).min(1.0f - 1e-7f).matrix();
            const float loss = -(data.y.array() * pc.array().log() +
                                 (1.0f - data.y.array()) * (1.0f - pc.array()).log())
                                    .mean();
            const auto correct = ((p.array() > 0.5f).cast<float>() == data.y.array()).count();
            accuracy = static_cast<float>(correct) / n;
            std::printf("epoch %5d  loss %.4f  accuracy %.3f\n", epoch, static_cast<double>(loss),
                        static_cast<double>(accuracy));
        }
    }
    const bool ok = accuracy >= min_accuracy;
    std::printf("%s: accuracy %.3f, required %.3f\n", ok ? "learned" : "FAILED",
                static_cast<double>(accuracy), min_accuracy);
    return ok ? 0 : 1;
}
