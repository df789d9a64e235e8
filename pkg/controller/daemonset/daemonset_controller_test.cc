#include <doctest/doctest.h>

#include "pkg/controller/daemonset/daemonset_controller.h"
#include "pkg/controller/daemonset/node_fit.h"
#include "pkg/controller/testing/workload_harness.h"

namespace k1s::controller::daemonset {
namespace {

using client::Json;
using testing::WorkloadHarness;
namespace res = client::resources;

Json Node(const std::string& name, Json taints = Json::array()) {
  return {{"apiVersion", "v1"}, {"kind", "Node"},
          {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/hostname", name}}}}},
          {"spec", {{"taints", taints}}}};
}

Json DaemonSet(const std::string& name) {
  return {{"apiVersion", "apps/v1"}, {"kind", "DaemonSet"}, {"metadata", {{"name", name}}},
          {"spec", {{"selector", {{"matchLabels", {{"app", name}}}}},
                    {"template", WorkloadHarness::PodTemplate({{"app", name}})}}}};
}

std::set<std::string> PodNodes(WorkloadHarness& h, const std::string& app) {
  std::set<std::string> nodes;
  for (const Json& p : h.LivePods("app=" + app)) nodes.insert(PodNode(p));
  return nodes;
}

TEST_CASE("node fit: selectors, affinity and taints against tolerations") {
  Json spec = WithDaemonTolerations(Json::object());
  CHECK(ShouldRun(spec, Node("a")));
  CHECK_FALSE(ShouldRun(spec, Node("b", {{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}})));
  // Unschedulable (cordoned) nodes still run daemons.
  Json cordoned = Node("c");
  cordoned["spec"]["unschedulable"] = true;
  CHECK(ShouldRun(spec, cordoned));
  Json tolerant = spec;
  tolerant["tolerations"].push_back({{"key", "dedicated"}, {"operator", "Equal"}, {"value", "db"}, {"effect", "NoSchedule"}});
  CHECK(ShouldRun(tolerant, Node("b", {{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}})));
  Json selective = spec;
  selective["nodeSelector"] = {{"kubernetes.io/hostname", "a"}};
  CHECK(ShouldRun(selective, Node("a")));
  CHECK_FALSE(ShouldRun(selective, Node("x")));
  CHECK(PodNode({{"spec", WithNodeAffinity(Json::object(), "n7")}}) == "n7");
}

TEST_CASE("a DaemonSet runs one pod per eligible node, following nodes as they come and are tainted") {
  WorkloadHarness h;
  h.Start(StartDaemonSetController);
  REQUIRE(h.api().Create(res::kNodes, "", Node("n1")).ok());
  REQUIRE(h.api().Create(res::kNodes, "", Node("n2")).ok());
  REQUIRE(h.api().Create(res::kDaemonSets, "default", DaemonSet("agent")).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return PodNodes(h, "agent") == std::set<std::string>{"n1", "n2"}; }));
  Json pod = h.LivePods("app=agent")[0];
  CHECK_FALSE(pod["metadata"]["labels"].value("controller-revision-hash", "").empty());
  bool tolerates_unreachable = false;
  for (const Json& t : pod["spec"]["tolerations"]) tolerates_unreachable |= t["key"] == "node.kubernetes.io/unreachable";
  CHECK(tolerates_unreachable);
  REQUIRE(h.api().Create(res::kNodes, "", Node("n3")).ok());
  CHECK(WorkloadHarness::Eventually([&] { return PodNodes(h, "agent").size() == 3; }));
  // A NoSchedule taint the pods do not tolerate removes the node's pod.
  REQUIRE(h.api().Patch(res::kNodes, "", "n3", client::PatchType::kMergePatch,
                        {{"spec", {{"taints", {{{"key", "maint"}, {"effect", "NoSchedule"}}}}}}}).ok());
  CHECK(WorkloadHarness::Eventually([&] { return PodNodes(h, "agent") == std::set<std::string>{"n1", "n2"}; }));
  h.MakeAllReady("app=agent");
  CHECK(WorkloadHarness::Eventually([&] {
    Json s = h.Get(res::kDaemonSets, "agent")["status"];
    return s.value("desiredNumberScheduled", 0) == 2 && s.value("currentNumberScheduled", 0) == 2 &&
           s.value("numberReady", 0) == 2 && s.value("updatedNumberScheduled", 0) == 2 &&
           s.value("numberAvailable", 0) == 2;
  }));
  auto revs = h.api().List(res::kControllerRevisions, "default");
  REQUIRE(revs.ok());
  CHECK((*revs)["items"].size() == 1);
}

TEST_CASE("a rolling update replaces daemon pods a node at a time with a new revision") {
  WorkloadHarness h;
  h.Start(StartDaemonSetController);
  for (const char* n : {"n1", "n2", "n3"}) REQUIRE(h.api().Create(res::kNodes, "", Node(n)).ok());
  REQUIRE(h.api().Create(res::kDaemonSets, "default", DaemonSet("agent")).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return h.LivePods("app=agent").size() == 3; }));
  h.MakeAllReady("app=agent");
  const std::string old_hash = h.LivePods("app=agent")[0]["metadata"]["labels"]["controller-revision-hash"];
  REQUIRE(h.api().Patch(res::kDaemonSets, "default", "agent", client::PatchType::kMergePatch,
                        {{"spec", {{"template", {{"spec", {{"containers", Json::array({{{"name", "main"}, {"image", "busybox:2"}}})}}}}}}}}).ok());
  int most_missing = 0;
  REQUIRE(WorkloadHarness::Eventually([&] {
    std::vector<Json> pods = h.LivePods("app=agent");
    most_missing = std::max(most_missing, 3 - static_cast<int>(pods.size()));
    h.MakeAllReady("app=agent");
    if (pods.size() != 3) return false;
    for (const Json& p : pods) {
      if (p["metadata"]["labels"]["controller-revision-hash"] == old_hash) return false;
    }
    return true;
  }));
  CHECK(most_missing <= 1);  // maxUnavailable 1
  auto revs = h.api().List(res::kControllerRevisions, "default");
  REQUIRE(revs.ok());
  CHECK((*revs)["items"].size() == 2);
}

}  // namespace
}  // namespace k1s::controller::daemonset
