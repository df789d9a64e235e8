#include "pkg/controller/nodelifecycle/nodelifecycle_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"
#include "pkg/controller/common/object_state.h"
#include "pkg/controller/nodelifecycle/taints.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {
namespace {

using client::Json;
using namespace std::chrono_literals;
using testing::HousekeepingHarness;
namespace res = client::resources;

void CreateNode(HousekeepingHarness& h, const Clock& clock) {
  REQUIRE(h.api().Create(res::kNodes, "", Json{{"metadata", {{"name", "n1"}}}}).ok());
  Json node = h.Get(res::kNodes, "", "n1");
  const std::string now = FormatRfc3339(clock.Now());
  node["status"]["conditions"] = Json::array(
      {{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"}, {"lastHeartbeatTime", now},
        {"lastTransitionTime", now}}});
  REQUIRE(h.api().Update(res::kNodes, "", node, "status").ok());
  Json lease{{"apiVersion", "coordination.k8s.io/v1"},
             {"kind", "Lease"},
             {"metadata", {{"name", "n1"}}},
             {"spec", {{"holderIdentity", "n1"}, {"leaseDurationSeconds", 40},
                       {"renewTime", FormatRfc3339Micro(clock.Now())}}}};
  REQUIRE(h.api().Create(res::kLeases, "kube-node-lease", lease).ok());
}

void AddToleration(HousekeepingHarness& h, const std::string& pod, const Json& toleration) {
  REQUIRE(h.api().Patch(res::kPods, "default", pod, client::PatchType::kMergePatch,
                        Json{{"spec", {{"tolerations", Json::array({toleration})}}}}).ok());
}

bool HasTaint(const Json& node, const char* key, const char* effect) {
  for (const Json& t : node.value("spec", Json::object()).value("taints", Json::array())) {
    if (t.value("key", "") == key && t.value("effect", "") == effect) return true;
  }
  return false;
}

TEST_CASE("tolerations match taints by key, value and effect") {
  Json taint{{"key", "node.kubernetes.io/unreachable"}, {"effect", "NoExecute"}};
  CHECK(Tolerates(Json{{"operator", "Exists"}}, taint));
  CHECK(Tolerates(Json{{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}}, taint));
  CHECK_FALSE(Tolerates(Json{{"key", "node.kubernetes.io/unreachable"}, {"effect", "NoSchedule"},
                             {"operator", "Exists"}}, taint));
  CHECK_FALSE(Tolerates(Json{{"key", "node.kubernetes.io/unreachable"}, {"value", "x"}}, taint));
  auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1000));
  Json taints = Json::array({taint});
  taints[0]["timeAdded"] = FormatRfc3339(now);
  CHECK(EvictionTime(Json::array(), taints, now) == now);
  CHECK(EvictionTime(Json::array({{{"operator", "Exists"}}}), taints, now) == std::nullopt);
  CHECK(EvictionTime(Json::array({{{"operator", "Exists"}, {"tolerationSeconds", 300}}}), taints, now) ==
        now + 300s);
}

TEST_CASE("a node that never posted status is left alone for the startup grace period, then Unknown") {
  FakeClock clock;
  HousekeepingHarness h(&clock);
  REQUIRE(h.api().Create(res::kNodes, "", Json{{"metadata", {{"name", "n1"}}}}).ok());
  h.Start(StartNodeLifecycleController);
  auto node = [&] { return h.Get(res::kNodes, "", "n1"); };
  // A just-registered node is not tainted unreachable (that would evict
  // the pods bound to it as soon as it appears).
  h.AdvanceUntil(5s, 50s, [] { return false; });
  CHECK_FALSE(HasTaint(node(), kUnreachableTaint, "NoExecute"));
  CHECK_FALSE(HasTaint(node(), kUnreachableTaint, "NoSchedule"));
  CHECK(FindCondition(node(), "Ready") == nullptr);
  auto ready = [&] {
    const Json n = node();
    const Json* c = FindCondition(n, "Ready");
    return c == nullptr ? Json::object() : *c;
  };
  REQUIRE(h.AdvanceUntil(5s, 30s, [&] { return ready().value("status", "") == "Unknown"; }));
  CHECK(ready()["reason"] == "NodeStatusNeverUpdated");
  CHECK(h.AdvanceUntil(5s, 30s, [&] { return HasTaint(node(), kUnreachableTaint, "NoExecute"); }));
}

TEST_CASE("a node whose heartbeats stop becomes Unknown, is tainted, its pods evicted; it recovers") {
  FakeClock clock;
  HousekeepingHarness h(&clock);
  CreateNode(h, clock);
  h.CreatePod("default", "plain", {{"a", "b"}}, Json::array(), "n1");
  h.CreatePod("default", "patient", {{"a", "b"}}, Json::array(), "n1");
  h.CreatePod("default", "tolerates-all", {{"a", "b"}}, Json::array(), "n1");
  AddToleration(h, "patient", {{"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"},
                               {"effect", "NoExecute"}, {"tolerationSeconds", 300}});
  AddToleration(h, "tolerates-all", {{"operator", "Exists"}});
  for (const char* p : {"plain", "patient", "tolerates-all"}) h.SetPodStatus("default", p, "10.42.0.9", true);
  h.Start(StartNodeLifecycleController);

  auto ready = [&] {
    const Json node = h.Get(res::kNodes, "", "n1");
    const Json* c = FindCondition(node, "Ready");
    return c == nullptr ? Json() : *c;
  };
  // Within the grace period nothing happens.
  h.AdvanceUntil(5s, 25s, [] { return false; });
  CHECK(ready()["status"] == "True");

  REQUIRE(h.AdvanceUntil(5s, 60s, [&] { return ready().value("status", "") == "Unknown"; }));
  CHECK(ready()["reason"] == "NodeStatusUnknown");
  CHECK(ready()["message"] == "Kubelet stopped posting node status.");
  CHECK(HousekeepingHarness::Eventually([&] { return !IsPodReady(h.Get(res::kPods, "default", "tolerates-all")); }));

  REQUIRE(h.AdvanceUntil(5s, 40s, [&] {
    Json node = h.Get(res::kNodes, "", "n1");
    return HasTaint(node, kUnreachableTaint, "NoExecute") && HasTaint(node, kUnreachableTaint, "NoSchedule");
  }));
  // Without a toleration: evicted at once (bound pods are only marked).
  CHECK(h.AdvanceUntil(5s, 40s, [&] { return IsBeingDeleted(h.Get(res::kPods, "default", "plain")); }));
  CHECK_FALSE(IsBeingDeleted(h.Get(res::kPods, "default", "patient")));
  // With tolerationSeconds 300: after that.
  CHECK(h.AdvanceUntil(20s, 400s, [&] { return IsBeingDeleted(h.Get(res::kPods, "default", "patient")); }));
  CHECK_FALSE(IsBeingDeleted(h.Get(res::kPods, "default", "tolerates-all")));

  // Heartbeats return: Ready again (as the kubelet writes it), taints gone.
  Json node = h.Get(res::kNodes, "", "n1");
  const std::string now = FormatRfc3339(clock.Now());
  node["status"]["conditions"] = Json::array(
      {{{"type", "Ready"}, {"status", "True"}, {"reason", "KubeletReady"}, {"lastHeartbeatTime", now},
        {"lastTransitionTime", now}}});
  REQUIRE(h.api().Update(res::kNodes, "", node, "status").ok());
  CHECK(h.AdvanceUntil(5s, 40s, [&] {
    Json n = h.Get(res::kNodes, "", "n1");
    return !HasTaint(n, kUnreachableTaint, "NoExecute") && !HasTaint(n, kUnreachableTaint, "NoSchedule");
  }));
}

}  // namespace
}  // namespace k1s::controller
