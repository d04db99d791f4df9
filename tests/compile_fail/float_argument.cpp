// Control for int_argument.cpp: the same program with a supported type must compile, so the
// failure of int_argument.cpp cannot come from anything but the argument type.
#include <activ/activ.hpp>

int main() { return static_cast<int>(activ::sigmoid{}(1.0f)); }
