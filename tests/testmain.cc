// The main() of every doctest executable (see cmake/K1sTest.cmake).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
