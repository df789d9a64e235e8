#include <doctest/doctest.h>

#include "pkg/util/time_format.h"

namespace k1s {
namespace {

using namespace std::chrono;

TEST_CASE("RFC 3339 formatting and parsing round-trip") {
  system_clock::time_point t = system_clock::time_point(seconds(1764105265)) + microseconds(123456);
  CHECK(FormatRfc3339(t) == "2025-11-25T21:14:25Z");
  CHECK(FormatRfc3339Micro(t) == "2025-11-25T21:14:25.123456Z");
  CHECK(ParseRfc3339("2025-11-25T21:14:25.123456Z") == t);
  CHECK(ParseRfc3339("2025-11-25T22:14:25+01:00") == system_clock::time_point(seconds(1764105265)));
  CHECK_FALSE(ParseRfc3339("2025-11-25 21:14:25Z").has_value());
  CHECK_FALSE(ParseRfc3339("2025-13-25T21:14:25Z").has_value());
  CHECK_FALSE(ParseRfc3339("2025-11-25T21:14:25").has_value());
  CHECK_FALSE(ParseRfc3339("2025-11-25T21:14:25Zjunk").has_value());
}

}  // namespace
}  // namespace k1s
