#include <doctest/doctest.h>

#include "pkg/controller/statefulset/statefulset_controller.h"
#include "pkg/controller/testing/workload_harness.h"

namespace k1s::controller::statefulset {
namespace {

using client::Json;
using testing::WorkloadHarness;
namespace res = client::resources;

Json StatefulSet(const std::string& name, int replicas, const std::string& policy = "OrderedReady") {
  Json claim = {{"metadata", {{"name", "data"}}},
                {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", "1Gi"}}}}}}}};
  return {{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"metadata", {{"name", name}}},
          {"spec", {{"replicas", replicas}, {"serviceName", name}, {"podManagementPolicy", policy},
                    {"selector", {{"matchLabels", {{"app", name}}}}},
                    {"template", WorkloadHarness::PodTemplate({{"app", name}})},
                    {"volumeClaimTemplates", Json::array({claim})}}}};
}

std::set<std::string> Names(const std::vector<Json>& pods) {
  std::set<std::string> out;
  for (const Json& p : pods) out.insert(p["metadata"]["name"]);
  return out;
}

TEST_CASE("OrderedReady creates pods one at a time, in order, each with its claim") {
  WorkloadHarness h;
  h.Start(StartStatefulSetController);
  REQUIRE(h.api().Create(res::kStatefulSets, "default", StatefulSet("db", 3)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Names(h.LivePods("app=db")) == std::set<std::string>{"db-0"}; }));
  // db-1 waits for db-0 to be running and ready.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(h.LivePods("app=db").size() == 1);
  Json pod = h.Get(res::kPods, "db-0");
  CHECK(pod["spec"]["hostname"] == "db-0");
  CHECK(pod["spec"]["subdomain"] == "db");
  CHECK(pod["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] == "db-0");
  CHECK(pod["metadata"]["labels"]["apps.kubernetes.io/pod-index"] == "0");
  bool mounts_claim = false;
  for (const Json& v : pod["spec"]["volumes"]) {
    mounts_claim |= v.value("persistentVolumeClaim", Json::object()).value("claimName", "") == "data-db-0";
  }
  CHECK(mounts_claim);
  CHECK(h.Get(res::kPersistentVolumeClaims, "data-db-0").is_object());
  REQUIRE(WorkloadHarness::Eventually([&] {
    h.MakeAllReady("app=db");
    return h.LivePods("app=db").size() == 3 && h.Get(res::kStatefulSets, "db")["status"].value("readyReplicas", 0) == 3;
  }));
  Json status = h.Get(res::kStatefulSets, "db")["status"];
  CHECK(status["currentRevision"] == status["updateRevision"]);
  CHECK(status.value("currentReplicas", 0) == 3);
  // Scale down removes the highest ordinal first.
  REQUIRE(h.api().Patch(res::kStatefulSets, "default", "db", client::PatchType::kMergePatch,
                        {{"spec", {{"replicas", 2}}}}).ok());
  CHECK(WorkloadHarness::Eventually([&] { return Names(h.LivePods("app=db")) == std::set<std::string>{"db-0", "db-1"}; }));
}

TEST_CASE("Parallel creates every pod at once") {
  WorkloadHarness h;
  h.Start(StartStatefulSetController);
  REQUIRE(h.api().Create(res::kStatefulSets, "default", StatefulSet("web", 3, "Parallel")).ok());
  CHECK(WorkloadHarness::Eventually([&] {
    return Names(h.LivePods("app=web")) == std::set<std::string>{"web-0", "web-1", "web-2"};
  }));
}

TEST_CASE("a rolling update with a partition updates only the ordinals at or above it") {
  WorkloadHarness h;
  h.Start(StartStatefulSetController);
  Json set = StatefulSet("db", 3, "Parallel");
  set["spec"]["updateStrategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 1}}}};
  REQUIRE(h.api().Create(res::kStatefulSets, "default", set).ok());
  REQUIRE(WorkloadHarness::Eventually([&] {
    h.MakeAllReady("app=db");
    return h.Get(res::kStatefulSets, "db")["status"].value("readyReplicas", 0) == 3;
  }));
  const std::string first = h.Get(res::kStatefulSets, "db")["status"]["updateRevision"];
  REQUIRE(h.api().Patch(res::kStatefulSets, "default", "db", client::PatchType::kMergePatch,
                        {{"spec", {{"template", {{"spec", {{"containers", Json::array({{{"name", "main"}, {"image", "busybox:2"}}})}}}}}}}}).ok());
  auto revision = [&](const char* pod) {
    Json p = h.Get(res::kPods, pod);
    if (!p.is_object()) return std::string();
    return p["metadata"].value("labels", Json::object()).value("controller-revision-hash", "");
  };
  REQUIRE(WorkloadHarness::Eventually([&] {
    h.MakeAllReady("app=db");
    const std::string update = h.Get(res::kStatefulSets, "db")["status"].value("updateRevision", "");
    return update != first && revision("db-1") == update && revision("db-2") == update;
  }));
  CHECK(revision("db-0") == first);
  CHECK(WorkloadHarness::Eventually([&] {
    Json status = h.Get(res::kStatefulSets, "db")["status"];
    return status.value("currentRevision", "") == first && status.value("updatedReplicas", 0) == 2;
  }));
}

}  // namespace
}  // namespace k1s::controller::statefulset
