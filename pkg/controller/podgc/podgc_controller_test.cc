#include "pkg/controller/podgc/podgc_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"

namespace k1s::controller {
namespace {

using client::Json;
using namespace std::chrono_literals;
using testing::HousekeepingHarness;
namespace res = client::resources;

TEST_CASE("pods bound to a node that no longer exists are deleted after the quarantine") {
  FakeClock clock;
  HousekeepingHarness h(&clock);
  REQUIRE(h.api().Create(res::kNodes, "", Json{{"metadata", {{"name", "alive"}}}}).ok());
  h.CreatePod("default", "orphan", {{"a", "b"}}, Json::array(), "ghost");
  h.CreatePod("default", "housed", {{"a", "b"}}, Json::array(), "alive");
  h.Start(StartPodGcController);
  h.AdvanceUntil(10s, 20s, [] { return false; });
  CHECK(h.Get(res::kPods, "default", "orphan").is_object());
  CHECK(h.AdvanceUntil(10s, 60s, [&] { return h.Get(res::kPods, "default", "orphan").is_null(); }));
  CHECK(h.Get(res::kPods, "default", "housed").is_object());
}

}  // namespace
}  // namespace k1s::controller
