// Plugin-level checks that need no API server: parsing, matching, messages.
#include <doctest/doctest.h>

#include "pkg/scheduler/algorithm.h"
#include "pkg/scheduler/profile.h"
#include "pkg/scheduler/test_support.h"

namespace k1s::scheduler {
namespace {

using client::Json;

PodPtr Parse(const Json& j) { return ParsePod(std::make_shared<const Json>(j)); }

TEST_CASE("pod requests: sum of app containers, largest init container, sidecars, overhead") {
  Json pod = testing::PodJson("p", "500m", "100Mi");
  pod["spec"]["containers"].push_back({{"name", "d"}, {"resources", {{"requests", {{"cpu", "1"}}}}}});
  pod["spec"]["initContainers"] = {
      {{"name", "i1"}, {"resources", {{"requests", {{"cpu", "1200m"}, {"memory", "1Gi"}}}}}},
      {{"name", "side"}, {"restartPolicy", "Always"}, {"resources", {{"requests", {{"cpu", "100m"}}}}}}};
  pod["spec"]["overhead"] = {{"cpu", "50m"}};
  PodPtr p = Parse(pod);
  // app 1500m + sidecar 100m = 1600m > init 1200m; plus 50m overhead.
  CHECK(p->requests.milli_cpu == 1650);
  CHECK(p->requests.memory == 1024 * 1024 * 1024);
  // A container without a memory request counts 200Mi when scoring.
  CHECK(p->nonzero_memory == 100 * 1024 * 1024 + kDefaultMemoryRequest);
}

TEST_CASE("limits stand in for missing requests; extended resources are counted") {
  Json pod = testing::PodJson("p");
  pod["spec"]["containers"][0]["resources"] = {{"limits", {{"cpu", "2"}, {"example.com/gpu", "1"}}}};
  PodPtr p = Parse(pod);
  CHECK(p->requests.milli_cpu == 2000);
  CHECK(p->requests.scalar.at("example.com/gpu") == 1);
}

TEST_CASE("tolerations") {
  Taint t{"k", "v", "NoSchedule"};
  CHECK(Toleration{"k", "Equal", "v", "NoSchedule"}.Tolerates(t));
  CHECK(Toleration{"k", "Exists", "", ""}.Tolerates(t));
  CHECK(Toleration{"", "Exists", "", ""}.Tolerates(t));
  CHECK_FALSE(Toleration{"k", "Equal", "w", ""}.Tolerates(t));
  CHECK_FALSE(Toleration{"k", "Equal", "v", "NoExecute"}.Tolerates(t));
}

TEST_CASE("node selector terms: every operator, matchFields, empty terms") {
  Node n;
  n.name = "node-1";
  n.labels = {{"a", "1"}, {"b", "x"}};
  auto term = [](std::string key, std::string op, std::vector<std::string> values) {
    NodeSelectorTerm t;
    t.match_expressions.push_back({std::move(key), std::move(op), std::move(values)});
    return t;
  };
  CHECK(MatchesTerm(term("b", "In", {"x", "y"}), n));
  CHECK_FALSE(MatchesTerm(term("b", "NotIn", {"x"}), n));
  CHECK(MatchesTerm(term("c", "NotIn", {"x"}), n));
  CHECK(MatchesTerm(term("a", "Exists", {}), n));
  CHECK(MatchesTerm(term("c", "DoesNotExist", {}), n));
  CHECK(MatchesTerm(term("a", "Gt", {"0"}), n));
  CHECK_FALSE(MatchesTerm(term("a", "Lt", {"1"}), n));
  CHECK_FALSE(MatchesTerm(term("b", "Gt", {"0"}), n));  // not a number
  CHECK_FALSE(MatchesTerm(NodeSelectorTerm{}, n));
  NodeSelectorTerm fields;
  fields.match_fields.push_back({"metadata.name", "In", {"node-1"}});
  CHECK(MatchesTerm(fields, n));
}

TEST_CASE("image names are normalized as kubelet reports them") {
  CHECK(NormalizeImageName("busybox") == "docker.io/library/busybox:latest");
  CHECK(NormalizeImageName("nginx:1.25") == "docker.io/library/nginx:1.25");
  CHECK(NormalizeImageName("me/app") == "docker.io/me/app:latest");
  CHECK(NormalizeImageName("registry.k8s.io/pause:3.9") == "registry.k8s.io/pause:3.9");
  CHECK(NormalizeImageName("localhost:5000/x") == "localhost:5000/x:latest");
}

TEST_CASE("the FailedScheduling message counts reasons per node, sorted") {
  Diagnosis d;
  d.num_all_nodes = 3;
  d.node_status["a"] = PluginStatus::Unschedulable("Insufficient cpu");
  d.node_status["b"] = PluginStatus::Unresolvable("node(s) had untolerated taint {k: v}");
  d.node_status["c"] = PluginStatus::Unresolvable("node(s) had untolerated taint {k: v}");
  CHECK(FitErrorMessage(d) == "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}.");
  CHECK(FitErrorMessage(d, "preemption: x") ==
        "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}. preemption: x.");
  Diagnosis empty;
  CHECK(FitErrorMessage(empty) == "0/0 nodes are available:");
}

TEST_CASE("big clusters are sampled as kube-scheduler does") {
  Profile p;
  auto fw = Framework::Create(p, {});
  REQUIRE(fw.ok());
  Algorithm adaptive(**fw, 0);
  CHECK(adaptive.NumFeasibleToFind(50) == 50);
  CHECK(adaptive.NumFeasibleToFind(1000) == 420);   // 42%
  CHECK(adaptive.NumFeasibleToFind(5000) == 500);   // 10%
  CHECK(adaptive.NumFeasibleToFind(100000) == 5000);  // at least 5%
  Algorithm all(**fw, 100);
  CHECK(all.NumFeasibleToFind(5000) == 5000);
}

TEST_CASE("scheduler config: weights, disabled plugins, bad input") {
  auto p = ParseProfile(
      "kind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 30\nprofiles:\n"
      "- schedulerName: other\n  plugins:\n    multiPoint:\n      disabled: [{name: NodePorts}]\n"
      "- schedulerName: default-scheduler\n  plugins:\n    score:\n      enabled: [{name: ImageLocality, weight: 7}]\n"
      "      disabled: [{name: NodeResourcesBalancedAllocation}]\n    postFilter:\n      disabled: [{name: DefaultPreemption}]\n",
      "default-scheduler");
  REQUIRE(p.ok());
  CHECK(p->percentage_of_nodes_to_score == 30);
  CHECK(p->score_weights.at("ImageLocality") == 7);
  CHECK(p->disabled_score.contains("NodeResourcesBalancedAllocation"));
  CHECK(p->disabled.empty());
  CHECK_FALSE(p->preemption);
  CHECK_FALSE(ParseProfile("kind: Pod\n", "default-scheduler").ok());
  CHECK_FALSE(ParseProfile("{{{", "default-scheduler").ok());
}

}  // namespace
}  // namespace k1s::scheduler
