#include "pkg/cli/ipnet.h"

#include <doctest/doctest.h>

namespace k1s::cli {
namespace {

TEST_CASE("IP addresses of both families parse and print canonically") {
  auto v4 = ParseIpAddress("10.43.0.10");
  REQUIRE(v4.ok());
  CHECK(v4->family == IpFamily::kV4);
  CHECK(v4->ToString() == "10.43.0.10");
  auto v6 = ParseIpAddress("fd00:0:0::1");
  REQUIRE(v6.ok());
  CHECK(v6->family == IpFamily::kV6);
  CHECK(v6->ToString() == "fd00::1");
  for (const char* bad : {"", "10.0.0", "10.0.0.256", "abc", "1.2.3.4/8", " 1.2.3.4", "::g"}) {
    CAPTURE(bad);
    CHECK(ParseIpAddress(bad).status().IsInvalid());
  }
}

TEST_CASE("CIDRs validate the prefix length and clear host bits") {
  auto c = ParseCidr("10.42.0.0/16");
  REQUIRE(c.ok());
  CHECK(c->ToString() == "10.42.0.0/16");
  CHECK(ParseCidr("10.42.3.4/16")->ToString() == "10.42.0.0/16");
  CHECK(ParseCidr("fd00:42::1/56")->ToString() == "fd00:42::/56");
  CHECK(ParseCidr("0.0.0.0/0")->prefix_length == 0);
  for (const char* bad : {"10.42.0.0", "10.42.0.0/33", "10.42.0.0/-1", "10.42.0.0/", "x/8",
                          "fd00::/129", "10.42.0.0/16x"}) {
    CAPTURE(bad);
    CHECK(ParseCidr(bad).status().IsInvalid());
  }
}

TEST_CASE("Contains and Overlaps respect prefix and family") {
  const Cidr services = *ParseCidr("10.43.0.0/16");
  CHECK(services.Contains(*ParseIpAddress("10.43.0.10")));
  CHECK_FALSE(services.Contains(*ParseIpAddress("10.44.0.10")));
  CHECK_FALSE(services.Contains(*ParseIpAddress("::ffff:10.43.0.10")));
  CHECK(services.Overlaps(*ParseCidr("10.0.0.0/8")));
  CHECK(ParseCidr("10.0.0.0/8")->Overlaps(services));
  CHECK(services.Overlaps(*ParseCidr("10.43.5.0/24")));
  CHECK_FALSE(services.Overlaps(*ParseCidr("10.42.0.0/16")));
  CHECK_FALSE(services.Overlaps(*ParseCidr("fd00::/8")));
  CHECK(ParseCidr("fd00::/8")->Overlaps(*ParseCidr("fd12::/16")));
}

}  // namespace
}  // namespace k1s::cli
