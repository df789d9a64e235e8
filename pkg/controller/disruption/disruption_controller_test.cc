#include <doctest/doctest.h>

#include "pkg/controller/common/object_state.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/controller/disruption/disruption_controller.h"
#include "pkg/controller/replicaset/replicaset_controller.h"
#include "pkg/controller/testing/workload_harness.h"

namespace k1s::controller::disruption {
namespace {

using client::Json;
using testing::WorkloadHarness;
namespace res = client::resources;

Json Budget(const std::string& name, const Json& min_available) {
  return {{"apiVersion", "policy/v1"},
          {"kind", "PodDisruptionBudget"},
          {"metadata", {{"name", name}}},
          {"spec", {{"minAvailable", min_available}, {"selector", {{"matchLabels", {{"app", "web"}}}}}}}};
}

Status Evict(WorkloadHarness& h, const std::string& pod) {
  return h.api().Create(res::kPods, "default",
                        {{"apiVersion", "policy/v1"}, {"kind", "Eviction"}, {"metadata", {{"name", pod}}}},
                        pod, "eviction").status();
}

int64_t Allowed(WorkloadHarness& h, const std::string& name) {
  Json pdb = h.Get(res::kPodDisruptionBudgets, name);
  return pdb.is_object() ? pdb["status"].value("disruptionsAllowed", int64_t{-1}) : -1;
}

TEST_CASE("a budget's status follows healthy pods, and evictions honour it") {
  WorkloadHarness h;
  h.Start(replicaset::StartReplicaSetController);
  h.Start(StartDisruptionController);
  Json rs = {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"metadata", {{"name", "web"}}},
             {"spec", {{"replicas", 3}, {"selector", {{"matchLabels", {{"app", "web"}}}}},
                       {"template", WorkloadHarness::PodTemplate({{"app", "web"}})}}}};
  REQUIRE(h.api().Create(res::kReplicaSets, "default", rs).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").size() == 3; }));
  h.MakeAllReady("app=web");
  REQUIRE(h.api().Create(res::kPodDisruptionBudgets, "default", Budget("strict", 3)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] {
    Json s = h.Get(res::kPodDisruptionBudgets, "strict")["status"];
    return s.value("currentHealthy", 0) == 3 && s.value("desiredHealthy", 0) == 3 && s.value("expectedPods", 0) == 3;
  }));
  CHECK(Allowed(h, "strict") == 0);
  Json s = h.Get(res::kPodDisruptionBudgets, "strict")["status"];
  const Json* cond = common::FindCondition(s["conditions"], "DisruptionAllowed");
  REQUIRE(cond != nullptr);
  CHECK(cond->value("reason", "") == "InsufficientPods");

  const std::string victim = h.LivePods("app=web")[0]["metadata"]["name"];
  Status refused = Evict(h, victim);
  CHECK(refused.code() == StatusCode::kTooManyRequests);
  CHECK(refused.message() == "Cannot evict pod as it would violate the pod's disruption budget.");

  // A percentage of the ReplicaSet's scale: 50% of 3 rounds up to 2.
  REQUIRE(h.api().Delete(res::kPodDisruptionBudgets, "default", "strict").ok());
  REQUIRE(h.api().Create(res::kPodDisruptionBudgets, "default", Budget("half", "50%")).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Allowed(h, "half") == 1; }));
  CHECK(Evict(h, victim).ok());
  // The one disruption is spent: the next eviction of a running pod waits.
  // (The victim's replacement may be there already; it is Pending, and a
  // pending pod goes freely, as in Kubernetes.)
  std::string other;
  for (const Json& p : h.LivePods("app=web")) {
    if (p["metadata"]["name"] != victim && IsPodReady(p)) other = p["metadata"]["name"];
  }
  REQUIRE_FALSE(other.empty());
  CHECK(Evict(h, other).code() == StatusCode::kTooManyRequests);
  // Once the replacement is ready the budget allows one again.
  CHECK(WorkloadHarness::Eventually([&] {
    h.MakeAllReady("app=web");
    return Allowed(h, "half") == 1;
  }));
}

}  // namespace
}  // namespace k1s::controller::disruption
