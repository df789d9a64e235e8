#include <doctest/doctest.h>

#include "pkg/quota/quantity.h"
#include "pkg/quota/resource_list.h"

namespace k1s::quota {
namespace {

std::string Canonical(std::string_view text) {
  auto q = Quantity::Parse(text);
  return q ? q->String() : "<invalid>";
}

Quantity Q(std::string_view text) { return *Quantity::Parse(text); }

TEST_CASE("quantities print as resource.Quantity.String() does") {
  CHECK(Canonical("100m") == "100m");
  CHECK(Canonical("1000m") == "1");
  CHECK(Canonical("0.5") == "500m");
  CHECK(Canonical(".5") == "500m");
  CHECK(Canonical("1.5") == "1500m");
  CHECK(Canonical("2000") == "2k");
  CHECK(Canonical("1536") == "1536");
  CHECK(Canonical("1G") == "1G");
  CHECK(Canonical("1.G") == "1G");
  CHECK(Canonical("1Gi") == "1Gi");
  CHECK(Canonical("1024Mi") == "1Gi");
  CHECK(Canonical("1.5Gi") == "1536Mi");
  CHECK(Canonical("0.5Gi") == "512Mi");
  CHECK(Canonical("1000Ki") == "1000Ki");
  CHECK(Canonical("1023") == "1023");
  CHECK(Canonical("0.1Ki") == "102400m");  // binary below 1024 is written as a decimal
  CHECK(Canonical("1e3") == "1e3");
  CHECK(Canonical("1E3") == "1e3");
  CHECK(Canonical("1.5e3") == "1500");
  CHECK(Canonical("1n") == "1n");
  CHECK(Canonical("1.5n") == "2n");  // rounded up to a nano-unit
  CHECK(Canonical("-1") == "-1");
  CHECK(Canonical("+2") == "2");
  CHECK(Canonical("0") == "0");
  CHECK(Canonical("0Gi") == "0");
  CHECK(Canonical("1E") == "1E");
  for (const char* bad : {"", "abc", "1K", "1e", "1Kb", "m", "1 m", "1.2.3"}) {
    CAPTURE(bad);
    CHECK(Canonical(bad) == "<invalid>");
  }
}

TEST_CASE("a sum takes the format of its first non-zero term") {
  Quantity zero;
  CHECK(zero.Add(Q("512Mi")).String() == "512Mi");
  CHECK(Q("1").Add(Q("500m")).String() == "1500m");
  CHECK(Q("500m").Add(Q("500m")).String() == "1");
  CHECK(Q("1Gi").Add(Q("512Mi")).String() == "1536Mi");
  CHECK(Q("1G").Add(Q("1Gi")).String() == "2073741824");
  CHECK(Q("2").Sub(Q("500m")).String() == "1500m");
  CHECK(Q("1").Cmp(Q("1000m")) == 0);
  CHECK(Q("1Gi").Cmp(Q("1G")) > 0);
  CHECK(Q("1.5").RoundedUp().String() == "2");
  CHECK(Q("2").RoundedUp().String() == "2");
  CHECK(Quantity::FromJson(nlohmann::json(3))->String() == "3");
  CHECK(Quantity::FromJson(nlohmann::json(0.5))->String() == "500m");
  CHECK_FALSE(Quantity::FromJson(nlohmann::json(true)));
}

TEST_CASE("resource lists: add, mask, compare, print sorted") {
  ResourceList used = ParseResourceList({{"pods", "1"}, {"requests.cpu", "500m"}, {"bogus", "x"}});
  CHECK(used.size() == 2);
  ResourceList more = ParseResourceList({{"requests.cpu", "1"}, {"requests.memory", "1Gi"}});
  ResourceList sum = Add(used, more);
  CHECK(PrettyPrint(sum) == "pods=1,requests.cpu=1500m,requests.memory=1Gi");
  CHECK(ToJson(sum) == nlohmann::json{{"pods", "1"}, {"requests.cpu", "1500m"}, {"requests.memory", "1Gi"}});
  CHECK(PrettyPrint(Mask(sum, {"pods", "requests.memory"})) == "pods=1,requests.memory=1Gi");
  auto [ok, exceeded] = LessThanOrEqual(sum, ParseResourceList({{"requests.cpu", "1"}, {"pods", "2"}}));
  CHECK_FALSE(ok);
  CHECK(exceeded == ResourceNames{"requests.cpu"});
  CHECK(Equals(ParseResourceList({{"cpu", "1"}}), ParseResourceList({{"cpu", "1000m"}})));
  CHECK_FALSE(Equals(ParseResourceList({{"cpu", "1"}}), ParseResourceList({{"cpu", "1"}, {"pods", "0"}})));
  CHECK(PrettyPrint(SubtractWithNonNegativeResult(ParseResourceList({{"a", "1"}, {"b", "2"}}),
                                                  ParseResourceList({{"a", "3"}, {"b", "1"}}))) == "a=0,b=1");
  CHECK(PrettyPrintNames({"limits.memory", "limits.cpu"}) == "limits.cpu,limits.memory");
}

}  // namespace
}  // namespace k1s::quota
