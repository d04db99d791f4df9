// Must NOT compile: activ's functors accept float, double and xsimd batches of them only, and
// reject anything else with a static_assert (tests/CMakeLists.txt checks its message).
#include <activ/activ.hpp>

int main() { return static_cast<int>(activ::sigmoid{}(1)); }
