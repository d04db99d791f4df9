// A user's project using the Eigen adapter through the activ::eigen target.
#include <activ/eigen.hpp>

#include <cstdio>

int main() {
    Eigen::ArrayXf x = Eigen::ArrayXf::LinSpaced(37, -6.0f, 6.0f);
    x(18) = 0.0f; // LinSpaced's middle point is not exactly 0 under -ffp-contract=fast
    const Eigen::ArrayXf y = activ::apply(activ::sigmoid{}, x);
    Eigen::ArrayXf expected(x.size());
    activ::apply(activ::sigmoid{}, x.data(), expected.data(), static_cast<std::size_t>(x.size()));
    if (!(y == expected).all() || !(y(18) == 0.5f)) {
        std::printf("FAIL: the adapter disagrees with activ::apply\n");
        return 1;
    }
    return 0;
}
