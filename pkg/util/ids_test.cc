#include <doctest/doctest.h>

#include <set>

#include "pkg/util/ids.h"

namespace k1s {
namespace {

TEST_CASE("UIDs are version 4 UUIDs and distinct") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string uid = NewUid();
    REQUIRE(uid.size() == 36);
    CHECK(uid[8] == '-');
    CHECK(uid[14] == '4');
    CHECK(std::string("89ab").find(uid[19]) != std::string::npos);
    seen.insert(uid);
  }
  CHECK(seen.size() == 1000);
}

TEST_CASE("name suffixes use the generateName alphabet") {
  std::string s = RandomNameSuffix();
  CHECK(s.size() == 5);
  CHECK(s.find_first_not_of("bcdfghjklmnpqrstvwxz2456789") == std::string::npos);
}

}  // namespace
}  // namespace k1s
