#include <doctest/doctest.h>

#include <set>

#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/controller/deployment/deployment_controller.h"
#include "pkg/controller/replicaset/replicaset_controller.h"
#include "pkg/controller/testing/workload_harness.h"

namespace k1s::controller::deployment {
namespace {

using client::Json;
using testing::WorkloadHarness;
namespace res = client::resources;

Json Deployment(const std::string& name, int replicas, const std::string& image = "nginx:1") {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}}},
          {"spec",
           {{"replicas", replicas},
            {"selector", {{"matchLabels", {{"app", name}}}}},
            {"template", WorkloadHarness::PodTemplate({{"app", name}}, image)}}}};
}

struct Fixture {
  WorkloadHarness h;
  Fixture() {
    h.Start(replicaset::StartReplicaSetController);
    h.Start(StartDeploymentController);
  }
  Json D(const std::string& name) { return h.Get(res::kDeployments, name); }
  int64_t S(const std::string& name, const char* field) {
    Json d = D(name);
    return d.is_object() ? d.value("status", Json::object()).value(field, int64_t{0}) : -1;
  }
  std::vector<Json> Rss(const std::string& app) {
    auto list = h.api().List(res::kReplicaSets, "default", {.label_selector = "app=" + app});
    std::vector<Json> out;
    if (list.ok()) {
      for (const Json& rs : (*list)["items"]) out.push_back(rs);
    }
    return out;
  }
  std::string Condition(const std::string& name, const char* type) {
    const Json conditions = D(name).value("status", Json::object()).value("conditions", Json::array());
    const Json* c = common::FindCondition(conditions, type);
    return c == nullptr ? "" : c->value("reason", "");
  }
  // Marks pods ready until the deployment reports `pred`.
  bool DriveUntil(const std::function<bool()>& pred, std::chrono::seconds limit = std::chrono::seconds(20)) {
    return WorkloadHarness::Eventually([&] {
      h.MakeAllReady();
      return pred();
    }, limit);
  }
  bool Complete(const std::string& name, int replicas) {
    return S(name, "updatedReplicas") == replicas && S(name, "availableReplicas") == replicas &&
           S(name, "replicas") == replicas && Condition(name, "Progressing") == "NewReplicaSetAvailable" &&
           S(name, "observedGeneration") == D(name)["metadata"].value("generation", int64_t{0});
  }
};

TEST_CASE("a Deployment creates a ReplicaSet per template and rolls out to Available") {
  Fixture f;
  REQUIRE(f.h.api().Create(res::kDeployments, "default", Deployment("web", 3)).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return f.Rss("web").size() == 1; }));
  Json rs = f.Rss("web")[0];
  const std::string hash = rs["metadata"]["labels"]["pod-template-hash"];
  CHECK(rs["metadata"]["name"] == "web-" + hash);
  CHECK(rs["spec"]["selector"]["matchLabels"]["pod-template-hash"] == hash);
  CHECK(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1");
  CHECK(rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] == "3");
  CHECK(common::IsControlledBy(rs, f.D("web")["metadata"]["uid"]));
  REQUIRE(f.DriveUntil([&] { return f.Complete("web", 3); }));
  CHECK(f.Condition("web", "Available") == "MinimumReplicasAvailable");
  CHECK(f.D("web")["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1");
}

TEST_CASE("a rolling update respects maxSurge and maxUnavailable and keeps history") {
  Fixture f;
  Json d = Deployment("web", 4);
  d["spec"]["strategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 1}, {"maxUnavailable", 0}}}};
  d["spec"]["revisionHistoryLimit"] = 1;
  REQUIRE(f.h.api().Create(res::kDeployments, "default", d).ok());
  REQUIRE(f.DriveUntil([&] { return f.Complete("web", 4); }));

  for (const char* image : {"nginx:2", "nginx:3"}) {
    REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                            {{"spec", {{"template", {{"spec", {{"containers", Json::array({{{"name", "main"}, {"image", image}}})}}}}}}}}).ok());
    // Never more than replicas + maxSurge pods, never fewer than replicas ready.
    bool ok = WorkloadHarness::Eventually([&] {
      int64_t total = 0;
      for (const Json& rs : f.Rss("web")) total += rs["spec"].value("replicas", int64_t{0});
      CHECK(total <= 5);
      f.h.MakeAllReady();
      return f.Complete("web", 4);
    }, std::chrono::seconds(30));
    REQUIRE(ok);
  }
  CHECK(f.D("web")["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3");
  // revisionHistoryLimit 1: the newest and one old ReplicaSet remain.
  CHECK(f.DriveUntil([&] { return f.Rss("web").size() == 2; }, std::chrono::seconds(30)));
}

TEST_CASE("rolling back to an old template reuses its ReplicaSet with a new revision") {
  Fixture f;
  REQUIRE(f.h.api().Create(res::kDeployments, "default", Deployment("web", 2)).ok());
  REQUIRE(f.DriveUntil([&] { return f.Complete("web", 2); }));
  const Json first = f.Rss("web")[0];
  Json tmpl = f.D("web")["spec"]["template"];
  REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"template", {{"spec", {{"containers", Json::array({{{"name", "main"}, {"image", "nginx:2"}}})}}}}}}}}).ok());
  REQUIRE(f.DriveUntil([&] { return f.Rss("web").size() == 2 && f.Complete("web", 2); }));
  // What kubectl rollout undo does: the old ReplicaSet's template, hash label removed.
  Json old_template = first["spec"]["template"];
  old_template["metadata"]["labels"].erase("pod-template-hash");
  Json d = f.D("web");
  d["spec"]["template"] = old_template;
  REQUIRE(f.h.api().Update(res::kDeployments, "default", d).ok());
  CHECK(f.DriveUntil([&] {
    Json reused = f.h.Get(res::kReplicaSets, first["metadata"]["name"]);
    return f.Complete("web", 2) && f.Rss("web").size() == 2 &&
           reused["metadata"]["annotations"].value("deployment.kubernetes.io/revision", "") == "3" &&
           reused["spec"].value("replicas", 0) == 2;
  }));
}

TEST_CASE("Recreate scales the old ReplicaSet to zero before the new one starts") {
  Fixture f;
  Json d = Deployment("web", 2);
  d["spec"]["strategy"] = {{"type", "Recreate"}};
  REQUIRE(f.h.api().Create(res::kDeployments, "default", d).ok());
  REQUIRE(f.DriveUntil([&] { return f.Complete("web", 2); }));
  REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"template", {{"spec", {{"containers", Json::array({{{"name", "main"}, {"image", "nginx:2"}}})}}}}}}}}).ok());
  bool overlap = false;
  REQUIRE(WorkloadHarness::Eventually([&] {
    int with_pods = 0;
    for (const Json& rs : f.Rss("web")) with_pods += rs["spec"].value("replicas", 0) > 0 ? 1 : 0;
    overlap |= with_pods > 1;
    f.h.MakeAllReady();
    return f.Rss("web").size() == 2 && f.Complete("web", 2);
  }, std::chrono::seconds(20)));
  CHECK_FALSE(overlap);
}

TEST_CASE("a paused Deployment does not roll out, and resuming does") {
  Fixture f;
  REQUIRE(f.h.api().Create(res::kDeployments, "default", Deployment("web", 1)).ok());
  REQUIRE(f.DriveUntil([&] { return f.Complete("web", 1); }));
  REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"paused", true}}}}).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return f.Condition("web", "Progressing") == "DeploymentPaused"; }));
  REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"template", {{"spec", {{"containers", Json::array({{{"name", "main"}, {"image", "nginx:2"}}})}}}}}}}}).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(f.Rss("web").size() == 1);
  REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"paused", false}}}}).ok());
  CHECK(f.DriveUntil([&] { return f.Rss("web").size() == 2 && f.Complete("web", 1); }));
}

TEST_CASE("a rollout that makes no progress passes its deadline") {
  FakeClock clock;
  WorkloadHarness h(&clock);
  h.Start(replicaset::StartReplicaSetController);
  h.Start(StartDeploymentController);
  Json d = Deployment("stuck", 1);
  d["spec"]["progressDeadlineSeconds"] = 60;
  REQUIRE(h.api().Create(res::kDeployments, "default", d).ok());
  auto reason = [&] {
    const Json conditions = h.Get(res::kDeployments, "stuck")["status"].value("conditions", Json::array());
    const Json* c = common::FindCondition(conditions, "Progressing");
    return c == nullptr ? std::string() : c->value("reason", "");
  };
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=stuck").size() == 1 && !reason().empty(); }));
  // Time passes with no progress (in steps: a sync that still sees the
  // first pod appear counts as progress and restarts the deadline).
  CHECK(WorkloadHarness::Eventually([&] {
    clock.Advance(std::chrono::seconds(20));
    return reason() == "ProgressDeadlineExceeded";
  }));
}

TEST_CASE("scaling during a rollout is spread over the ReplicaSets in proportion") {
  Fixture f;
  Json d = Deployment("web", 10);
  d["spec"]["strategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", 3}, {"maxUnavailable", 2}}}};
  REQUIRE(f.h.api().Create(res::kDeployments, "default", d).ok());
  REQUIRE(f.DriveUntil([&] { return f.Complete("web", 10); }));
  // A new template whose pods never become ready: the rollout stalls half way.
  REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"template", {{"spec", {{"containers", Json::array({{{"name", "main"}, {"image", "broken"}}})}}}}}}}}).ok());
  REQUIRE(WorkloadHarness::Eventually([&] {
    if (f.Rss("web").size() != 2) return false;
    std::multiset<int64_t> sizes;
    for (const Json& rs : f.Rss("web")) sizes.insert(rs["spec"].value("replicas", int64_t{0}));
    // Old: 10 - 2 unavailable allowed; new: up to 13 in total.
    return sizes == std::multiset<int64_t>{5, 8};
  }));
  REQUIRE(f.h.api().Patch(res::kDeployments, "default", "web", client::PatchType::kMergePatch,
                          {{"spec", {{"replicas", 20}}}}).ok());
  CHECK(WorkloadHarness::Eventually([&] {
    int64_t total = 0, smallest = 100;
    for (const Json& rs : f.Rss("web")) {
      total += rs["spec"].value("replicas", int64_t{0});
      smallest = std::min(smallest, rs["spec"].value("replicas", int64_t{0}));
    }
    // 20 + maxSurge 3, split 8:5 -> 14:9.
    return total == 23 && smallest == 9;
  }));
}

}  // namespace
}  // namespace k1s::controller::deployment
