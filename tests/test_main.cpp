// activ tests — Catch2 v2 entry point (the test cases live in test_accuracy.cpp,
// test_special.cpp and test_identity.cpp; run a group with e.g. `activ_tests "[special]"`).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
