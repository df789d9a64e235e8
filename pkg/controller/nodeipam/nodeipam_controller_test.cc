#include "pkg/controller/nodeipam/nodeipam_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"

namespace k1s::controller {
namespace {

using client::Json;
using testing::HousekeepingHarness;
namespace res = client::resources;

std::string PodCidr(HousekeepingHarness& h, const std::string& node) {
  Json n = h.Get(res::kNodes, "", node);
  return n.is_object() ? n.value("spec", Json::object()).value("podCIDR", "") : "";
}

void CreateNode(HousekeepingHarness& h, const std::string& name, const std::string& cidr = "") {
  Json node{{"metadata", {{"name", name}}}};
  if (!cidr.empty()) node["spec"] = {{"podCIDR", cidr}, {"podCIDRs", {cidr}}};
  REQUIRE(h.api().Create(res::kNodes, "", node).ok());
}

TEST_CASE("the allocator hands out /24s in order and reuses released ones") {
  CidrAllocator a(*cli::ParseCidr("10.42.0.0/22"));
  REQUIRE(a.usable());
  CHECK(a.capacity() == 4);
  CHECK(a.Occupy("10.42.1.0/24"));
  CHECK_FALSE(a.Occupy("10.99.0.0/24"));
  CHECK(a.Allocate() == "10.42.0.0/24");
  CHECK(a.Allocate() == "10.42.2.0/24");
  a.Release("10.42.0.0/24");
  CHECK(a.Allocate() == "10.42.0.0/24");
  CHECK(a.Allocate() == "10.42.3.0/24");
  CHECK(a.Allocate() == std::nullopt);
  CHECK_FALSE(CidrAllocator(*cli::ParseCidr("fd00::/56")).usable());
}

TEST_CASE("nodes get a /24 of the cluster CIDR, keep theirs, and ranges are reused and survive restarts") {
  HousekeepingHarness h;
  CreateNode(h, "kept", "10.42.0.0/24");
  h.Start(StartNodeIpamController);
  CreateNode(h, "a");
  REQUIRE(HousekeepingHarness::Eventually([&] { return PodCidr(h, "a") == "10.42.1.0/24"; }));
  CreateNode(h, "b");
  REQUIRE(HousekeepingHarness::Eventually([&] { return PodCidr(h, "b") == "10.42.2.0/24"; }));
  CHECK(PodCidr(h, "kept") == "10.42.0.0/24");
  CHECK(h.Get(res::kNodes, "", "a")["spec"]["podCIDRs"] == Json::array({"10.42.1.0/24"}));

  REQUIRE(h.api().Delete(res::kNodes, "", "a").ok());
  // The release follows the informer's delete event.
  REQUIRE(HousekeepingHarness::Eventually([&] { return h.Get(res::kNodes, "", "a").is_null(); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CreateNode(h, "c");
  CHECK(HousekeepingHarness::Eventually([&] { return PodCidr(h, "c") == "10.42.1.0/24"; }));

  // A new controller learns the taken ranges from the nodes.
  h.StopControllers();
  h.Start(StartNodeIpamController);
  CreateNode(h, "d");
  CHECK(HousekeepingHarness::Eventually([&] { return PodCidr(h, "d") == "10.42.3.0/24"; }));
}

}  // namespace
}  // namespace k1s::controller
