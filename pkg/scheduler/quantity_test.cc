#include <doctest/doctest.h>

#include "pkg/scheduler/quantity.h"

namespace k1s::scheduler {
namespace {

TEST_CASE("quantities in millis and units, rounded up") {
  CHECK(ParseMilliQuantity("100m") == 100);
  CHECK(ParseMilliQuantity("1") == 1000);
  CHECK(ParseMilliQuantity("0.5") == 500);
  CHECK(ParseMilliQuantity("1.5") == 1500);
  CHECK(ParseMilliQuantity("2k") == 2000000);
  CHECK(ParseQuantity("1Gi") == 1073741824);
  CHECK(ParseQuantity("128Mi") == 134217728);
  CHECK(ParseQuantity("1G") == 1000000000);
  CHECK(ParseQuantity("1e3") == 1000);
  CHECK(ParseQuantity("100m") == 1);  // rounds up
  CHECK(ParseQuantity("110") == 110);
  CHECK_FALSE(ParseQuantity("abc"));
  CHECK_FALSE(ParseQuantity("1Zi"));
  CHECK_FALSE(ParseQuantity(""));
}

}  // namespace
}  // namespace k1s::scheduler
