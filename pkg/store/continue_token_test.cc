#include <doctest/doctest.h>

#include "pkg/store/continue_token.h"
#include "pkg/store/key_range.h"

namespace k1s::store {
namespace {

TEST_CASE("continue tokens round-trip any key bytes") {
  std::string key("/registry/pods/default/a\0\xff", 27);
  std::string token = EncodeContinue({42, key});
  auto point = DecodeContinue(token);
  REQUIRE(point.ok());
  CHECK(point->revision == 42);
  CHECK(point->start_key == key);
  CHECK(point->remaining == -1);
  auto counted = DecodeContinue(EncodeContinue({7, "/k", 12}));
  REQUIRE(counted.ok());
  CHECK(counted->remaining == 12);
  CHECK(counted->start_key == "/k");
}

TEST_CASE("malformed continue tokens are Invalid") {
  for (std::string bad : {"", "garbage", "k1s1.", "k1s1.x.00", "k1s1.5.0", "k1s1.5.zz", "k1s1.-1.00",
                          "k1s1.0.00", "k1s2.5.00", "k1s1.5.00.", "k1s1.5.00.-3", "k1s1.5.00.x"}) {
    CAPTURE(bad);
    CHECK(DecodeContinue(bad).status().IsInvalid());
  }
}

TEST_CASE("PrefixEnd bounds a prefix") {
  CHECK(PrefixEnd("/a/") == std::optional<std::string>("/a0"));
  CHECK(PrefixEnd("a\xff") == std::optional<std::string>("b"));
  CHECK_FALSE(PrefixEnd("").has_value());
  CHECK_FALSE(PrefixEnd("\xff\xff").has_value());
}

}  // namespace
}  // namespace k1s::store
