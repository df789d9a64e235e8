#include <doctest/doctest.h>

#include "pkg/controller/common/owner.h"
#include "pkg/controller/replicaset/replicaset_controller.h"
#include "pkg/controller/testing/workload_harness.h"

namespace k1s::controller::replicaset {
namespace {

using client::Json;
using testing::WorkloadHarness;
namespace res = client::resources;

Json ReplicaSet(const std::string& name, int replicas, int min_ready = 0) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "ReplicaSet"},
          {"metadata", {{"name", name}}},
          {"spec",
           {{"replicas", replicas},
            {"minReadySeconds", min_ready},
            {"selector", {{"matchLabels", {{"app", name}}}}},
            {"template", WorkloadHarness::PodTemplate({{"app", name}})}}}};
}

int64_t StatusField(WorkloadHarness& h, const client::ResourceId& r, const std::string& name,
                    const char* field) {
  Json o = h.Get(r, name);
  return o.is_object() ? o.value("status", Json::object()).value(field, int64_t{0}) : -1;
}

TEST_CASE("a ReplicaSet creates its pods with a controller reference and reports them ready") {
  WorkloadHarness h;
  h.Start(StartReplicaSetController);
  REQUIRE(h.api().Create(res::kReplicaSets, "default", ReplicaSet("web", 3)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").size() == 3; }));
  std::string uid = h.Get(res::kReplicaSets, "web")["metadata"]["uid"];
  for (const Json& p : h.LivePods("app=web")) {
    CHECK(common::IsControlledBy(p, uid));
    CHECK(p["metadata"]["name"].get<std::string>().rfind("web-", 0) == 0);
  }
  CHECK(WorkloadHarness::Eventually([&] { return StatusField(h, res::kReplicaSets, "web", "replicas") == 3; }));
  h.MakeAllReady("app=web");
  CHECK(WorkloadHarness::Eventually([&] {
    return StatusField(h, res::kReplicaSets, "web", "readyReplicas") == 3 &&
           StatusField(h, res::kReplicaSets, "web", "availableReplicas") == 3 &&
           StatusField(h, res::kReplicaSets, "web", "fullyLabeledReplicas") == 3 &&
           StatusField(h, res::kReplicaSets, "web", "observedGeneration") == 1;
  }));
  // Events name what was done.
  CHECK(WorkloadHarness::Eventually([&] {
    auto events = h.api().List(res::kEvents, "default");
    if (!events.ok()) return false;
    for (const Json& e : (*events)["items"]) {
      if (e.value("reason", "") == "SuccessfulCreate" &&
          e["message"].get<std::string>().rfind("Created pod: web-", 0) == 0) {
        return true;
      }
    }
    return false;
  }));
}

TEST_CASE("scaling down deletes not-ready pods before ready ones") {
  WorkloadHarness h;
  h.Start(StartReplicaSetController);
  REQUIRE(h.api().Create(res::kReplicaSets, "default", ReplicaSet("web", 3)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").size() == 3; }));
  std::vector<Json> pods = h.LivePods("app=web");
  h.MakeReady(pods[0]);
  h.MakeReady(pods[1]);
  REQUIRE(WorkloadHarness::Eventually([&] { return StatusField(h, res::kReplicaSets, "web", "readyReplicas") == 2; }));
  REQUIRE(h.api().Patch(res::kReplicaSets, "default", "web", client::PatchType::kMergePatch,
                        {{"spec", {{"replicas", 2}}}}).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").size() == 2; }));
  for (const Json& p : h.LivePods("app=web")) CHECK(p["metadata"]["name"] != pods[2]["metadata"]["name"]);
}

TEST_CASE("scaling down in quick steps, while the last step's deletions still arrive, never stalls") {
  // A sync that lists the pods before a deletion event lands, and checks its
  // expectations after, would count the terminating pod as live, delete it
  // again (no event follows) and wait five minutes for an event that never
  // comes: the rolling update stall. Bound pods stay Terminating, as with a
  // kubelet, so each step's deletions are events that race the next sync.
  WorkloadHarness h;
  h.Start(StartReplicaSetController);
  constexpr int kStart = 60;
  REQUIRE(h.api().Create(res::kReplicaSets, "default", ReplicaSet("web", kStart)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").size() == kStart; }));
  for (const Json& p : h.LivePods("app=web")) h.MakeReady(p, "node-1");
  REQUIRE(WorkloadHarness::Eventually([&] { return StatusField(h, res::kReplicaSets, "web", "readyReplicas") == kStart; }));
  for (int replicas = kStart - 3; replicas >= 0; replicas -= 3) {
    REQUIRE(h.api().Patch(res::kReplicaSets, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"replicas", replicas}}}}).ok());
    // Each step is taken as soon as the previous one is started, not done.
    REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").size() < static_cast<size_t>(replicas + 3); }));
  }
  CHECK(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").empty(); }, std::chrono::seconds(10)));
}

TEST_CASE("orphans that match are adopted, pods that stop matching are released and replaced") {
  WorkloadHarness h;
  h.Start(StartReplicaSetController);
  Json orphan = {{"apiVersion", "v1"}, {"kind", "Pod"},
                 {"metadata", {{"name", "stray"}, {"labels", {{"app", "web"}}}}},
                 {"spec", {{"containers", Json::array({{{"name", "main"}, {"image", "busybox"}}})}}}};
  REQUIRE(h.api().Create(res::kPods, "default", orphan).ok());
  // The ReplicaSet must find the orphan in its cache, or it makes two pods
  // first and then, adopting the orphan, deletes one of the three (perhaps
  // the orphan): what Kubernetes would do too.
  REQUIRE(WorkloadHarness::Eventually(
      [&] { return h.informers().For(res::kPods).Get("default", "stray") != nullptr; }));
  REQUIRE(h.api().Create(res::kReplicaSets, "default", ReplicaSet("web", 2)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=web").size() == 2; }));
  std::string uid = h.Get(res::kReplicaSets, "web")["metadata"]["uid"];
  CHECK(WorkloadHarness::Eventually([&] { return common::IsControlledBy(h.Get(res::kPods, "stray"), uid); }));
  // Relabel: released, and a replacement is made.
  REQUIRE(h.api().Patch(res::kPods, "default", "stray", client::PatchType::kMergePatch,
                        {{"metadata", {{"labels", {{"app", "other"}}}}}}).ok());
  CHECK(WorkloadHarness::Eventually([&] {
    return !common::ControllerRef(h.Get(res::kPods, "stray")).has_value() && h.LivePods("app=web").size() == 2;
  }));
}

TEST_CASE("availableReplicas waits for minReadySeconds") {
  FakeClock clock;
  WorkloadHarness h(&clock);
  h.Start(StartReplicaSetController);
  REQUIRE(h.api().Create(res::kReplicaSets, "default", ReplicaSet("slow", 1, 30)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=slow").size() == 1; }));
  h.MakeAllReady("app=slow");
  REQUIRE(WorkloadHarness::Eventually([&] { return StatusField(h, res::kReplicaSets, "slow", "readyReplicas") == 1; }));
  CHECK(StatusField(h, res::kReplicaSets, "slow", "availableReplicas") == 0);
  clock.Advance(std::chrono::seconds(32));
  CHECK(WorkloadHarness::Eventually([&] { return StatusField(h, res::kReplicaSets, "slow", "availableReplicas") == 1; }));
}

TEST_CASE("a ReplicationController keeps its replicas with a map selector") {
  WorkloadHarness h;
  h.Start(StartReplicationController);
  Json rc = {{"apiVersion", "v1"},
             {"kind", "ReplicationController"},
             {"metadata", {{"name", "old"}}},
             {"spec", {{"replicas", 2}, {"selector", {{"app", "old"}}},
                       {"template", WorkloadHarness::PodTemplate({{"app", "old"}})}}}};
  REQUIRE(h.api().Create(res::kReplicationControllers, "default", rc).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=old").size() == 2; }));
  CHECK(common::ControllerRef(h.LivePods("app=old")[0])->value("kind", "") == "ReplicationController");
  CHECK(WorkloadHarness::Eventually([&] { return StatusField(h, res::kReplicationControllers, "old", "replicas") == 2; }));
}

TEST_CASE("MayClaim tells from metadata alone which pods a claim may take") {
  client::TestCluster cluster;
  auto selector = LabelSelector::FromJson(Json{{"matchLabels", {{"app", "web"}}}}, "spec.selector");
  REQUIRE(selector.ok());
  Json owner{{"metadata", {{"name", "rs"}, {"uid", "u1"}}}};
  auto pod = [](Json labels, Json refs, bool deleting) {
    Json meta{{"name", "p"}, {"labels", std::move(labels)}};
    if (!refs.is_null()) meta["ownerReferences"] = std::move(refs);
    if (deleting) meta["deletionTimestamp"] = "2026-11-26T00:00:00Z";
    return Json{{"metadata", meta}};
  };
  auto ref = [](const char* uid) { return Json::array({{{"uid", uid}, {"controller", true}}}); };
  const Json web{{"app", "web"}}, other{{"app", "db"}};

  common::Claimer c{cluster.admin(), res::kPods, owner, "apps/v1", "ReplicaSet", *selector};
  CHECK(common::MayClaim(c, pod(other, ref("u1"), false)));  // ours, even if it no longer matches (released)
  CHECK_FALSE(common::MayClaim(c, pod(web, ref("u2"), false)));  // another controller's
  CHECK(common::MayClaim(c, pod(web, nullptr, false)));          // an orphan to adopt
  CHECK_FALSE(common::MayClaim(c, pod(other, nullptr, false)));  // an orphan that does not match
  CHECK_FALSE(common::MayClaim(c, pod(web, nullptr, true)));     // an orphan being deleted
  // An owner being deleted adopts nothing but keeps what it has.
  owner["metadata"]["deletionTimestamp"] = "2026-11-26T00:00:00Z";
  common::Claimer deleting{cluster.admin(), res::kPods, owner, "apps/v1", "ReplicaSet", *selector};
  CHECK_FALSE(common::MayClaim(deleting, pod(web, nullptr, false)));
  CHECK(common::MayClaim(deleting, pod(web, ref("u1"), false)));
}

}  // namespace
}  // namespace k1s::controller::replicaset
