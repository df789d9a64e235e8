// SimulatedNodes against a real API server (TestCluster) on a FakeClock.
#include "pkg/simnode/simulated_nodes.h"

#include <doctest/doctest.h>

#include <functional>
#include <thread>

#include "pkg/client/testing/test_cluster.h"
#include "pkg/simnode/node_object.h"
#include "pkg/simnode/pod_lifecycle.h"
#include "pkg/util/time_format.h"
#include "pkg/util/version.h"

namespace k1s::simnode {
namespace {

using client::Json;
using client::resources::kLeases;
using client::resources::kNodes;
using client::resources::kPods;
using std::chrono::seconds;

// Polls `done` (real time) until it holds or 10 s pass.
bool Eventually(const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

struct Fixture {
  FakeClock clock;
  client::TestCluster cluster{&clock};
  client::InformerFactory informers{cluster.admin(), Logger()};
  std::unique_ptr<SimulatedNodes> sim;

  explicit Fixture(int count = 2) {
    SimulatedNodesOptions options;
    options.count = count;
    options.cluster_cidr = *cli::ParseCidr("10.42.0.0/16");
    options.workers = 2;
    auto started = SimulatedNodes::Start(
        options, [this](client::Identity id, std::string ua) { return cluster.ClientAs(std::move(id), ua); },
        informers, clock, Logger());
    REQUIRE(started.ok());
    sim = std::move(*started);
    informers.Start();
    REQUIRE(informers.WaitForSync(seconds(10)));
    REQUIRE(Eventually([&] { return sim->Registered() == count; }));
  }
  ~Fixture() {
    // The informers call into the nodes: stop them first.
    sim->Stop();
    informers.Stop();
  }

  Json Get(const client::ResourceId& r, const std::string& ns, const std::string& name) {
    auto got = cluster.admin().Get(r, ns, name);
    return got.ok() ? *got : Json();
  }
  Json Pod(const std::string& name) { return Get(kPods, "default", name); }

  void CreatePod(const std::string& name, Json annotations = Json::object(), const char* policy = "Always",
                 const char* node = "sim-node-0001") {
    Json pod = {{"metadata", {{"name", name}, {"annotations", annotations}}},
                {"spec",
                 {{"nodeName", node},
                  {"restartPolicy", policy},
                  {"containers", Json::array({{{"name", "c"}, {"image", "busybox"}}})}}}};
    auto created = cluster.admin().Create(kPods, "default", pod);
    REQUIRE(created.ok());
  }
  std::string Phase(const std::string& name) {
    Json p = Pod(name);
    return p.is_null() ? "<gone>" : p["status"].value("phase", "");
  }
};

}  // namespace

TEST_CASE("simulated nodes register as Ready nodes with leases") {
  Fixture f;
  Json node = f.Get(kNodes, "", "sim-node-0001");
  REQUIRE(node.is_object());
  CHECK(node["metadata"]["labels"]["kubernetes.io/hostname"] == "sim-node-0001");
  CHECK(node["metadata"]["labels"]["kubernetes.io/os"] == "linux");
  CHECK(node["metadata"]["labels"]["type"] == "kwok");
  CHECK(node["spec"]["podCIDR"] == "10.42.255.0/24");
  CHECK(f.Get(kNodes, "", "sim-node-0002")["spec"]["podCIDR"] == "10.42.254.0/24");
  CHECK(node["status"]["capacity"]["cpu"] == "32");
  CHECK(node["status"]["allocatable"]["pods"] == "110");
  CHECK(node["status"]["nodeInfo"]["kubeletVersion"] == std::string(KubernetesVersion()));
  CHECK(node["status"]["addresses"][0]["address"] == "198.18.0.1");
  bool ready = false;
  for (const Json& c : node["status"]["conditions"]) {
    if (c["type"] == "Ready") ready = c["status"] == "True" && c["reason"] == "KubeletReady";
  }
  CHECK(ready);

  REQUIRE(Eventually([&] { return f.Get(kLeases, "kube-node-lease", "sim-node-0001").is_object(); }));
  Json lease = f.Get(kLeases, "kube-node-lease", "sim-node-0001");
  CHECK(lease["spec"]["holderIdentity"] == "sim-node-0001");
  CHECK(lease["spec"]["leaseDurationSeconds"] == 40);
  CHECK(lease["metadata"]["ownerReferences"][0]["uid"] == node["metadata"]["uid"]);
  const std::string renewed = lease["spec"]["renewTime"];
  f.clock.Advance(seconds(11));
  CHECK(Eventually(
      [&] { return f.Get(kLeases, "kube-node-lease", "sim-node-0001")["spec"]["renewTime"] != renewed; }));
}

TEST_CASE("a pod bound to a simulated node runs with an IP from the node's range") {
  Fixture f;
  f.CreatePod("web");
  REQUIRE(Eventually([&] { return f.Phase("web") == "Running"; }));
  Json pod = f.Pod("web");
  CHECK(pod["status"]["podIP"].get<std::string>().rfind("10.42.255.", 0) == 0);
  CHECK(pod["status"]["hostIP"] == "198.18.0.1");
  CHECK(pod["status"]["containerStatuses"][0]["ready"] == true);
  CHECK(pod["status"]["qosClass"] == "BestEffort");
  f.CreatePod("other", Json::object(), "Always", "sim-node-0002");
  REQUIRE(Eventually([&] { return f.Phase("other") == "Running"; }));
  CHECK(f.Pod("other")["status"]["podIP"].get<std::string>().rfind("10.42.254.", 0) == 0);
  // Pods of nodes that are not simulated are left alone.
  f.CreatePod("elsewhere", Json::object(), "Always", "real-node");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(f.Phase("elsewhere") == "Pending");
}

TEST_CASE("readiness waits for the annotation's delay") {
  Fixture f;
  f.CreatePod("slow", {{kReadyAfterAnnotation, "3s"}});
  REQUIRE(Eventually([&] { return f.Phase("slow") == "Running"; }));
  CHECK(f.Pod("slow")["status"]["containerStatuses"][0]["ready"] == false);
  f.clock.Advance(seconds(3));
  CHECK(Eventually([&] { return f.Pod("slow")["status"]["containerStatuses"][0]["ready"] == true; }));
}

TEST_CASE("deletion: Terminating for the grace period, then gone") {
  Fixture f;
  f.CreatePod("doomed");
  f.CreatePod("quick", {{kTerminateAfterAnnotation, "2s"}});
  REQUIRE(Eventually([&] { return f.Phase("doomed") == "Running" && f.Phase("quick") == "Running"; }));
  REQUIRE(f.cluster.admin().Delete(kPods, "default", "doomed").ok());
  REQUIRE(f.cluster.admin().Delete(kPods, "default", "quick").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(f.Pod("doomed")["metadata"].contains("deletionTimestamp"));
  CHECK(f.Phase("quick") != "<gone>");
  f.clock.Advance(seconds(2));
  CHECK(Eventually([&] { return f.Phase("quick") == "<gone>"; }));
  CHECK(f.Phase("doomed") != "<gone>");
  f.clock.Advance(seconds(28));
  CHECK(Eventually([&] { return f.Phase("doomed") == "<gone>"; }));
}

TEST_CASE("exits: Never gives Succeeded or Failed, OnFailure restarts with back-off") {
  Fixture f;
  f.CreatePod("ok", {{kExitAfterAnnotation, "5s"}}, "Never");
  f.CreatePod("bad", {{kExitAfterAnnotation, "5s"}, {kExitCodeAnnotation, "1"}}, "Never");
  f.CreatePod("crash", {{kExitAfterAnnotation, "5s"}, {kExitCodeAnnotation, "2"}}, "OnFailure");
  REQUIRE(Eventually([&] { return f.Phase("ok") == "Running" && f.Phase("crash") == "Running"; }));
  f.clock.Advance(seconds(5));
  CHECK(Eventually([&] { return f.Phase("ok") == "Succeeded"; }));
  CHECK(Eventually([&] { return f.Phase("bad") == "Failed"; }));
  CHECK(Eventually([&] { return f.Pod("crash")["status"]["containerStatuses"][0]["restartCount"] == 1; }));
  f.clock.Advance(seconds(5));
  CHECK(Eventually([&] {
    Json c = f.Pod("crash")["status"]["containerStatuses"][0];
    return c["restartCount"] == 2 && c["state"].contains("waiting");
  }));
  CHECK(f.Pod("crash")["status"]["containerStatuses"][0]["lastState"]["terminated"]["exitCode"] == 2);
  f.clock.Advance(seconds(10));
  CHECK(Eventually([&] { return f.Pod("crash")["status"]["containerStatuses"][0]["state"].contains("running"); }));
  CHECK(f.Phase("crash") == "Running");
}

TEST_CASE("an annotation stops a node's heartbeat and removing it resumes it") {
  Fixture f(1);
  REQUIRE(Eventually([&] { return f.Get(kLeases, "kube-node-lease", "sim-node-0001").is_object(); }));
  Json patch = {{"metadata", {{"annotations", {{kHeartbeatAnnotation, "false"}}}}}};
  REQUIRE(f.cluster.admin().Patch(kNodes, "", "sim-node-0001", client::PatchType::kMergePatch, patch).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string stopped_at = f.Get(kLeases, "kube-node-lease", "sim-node-0001")["spec"]["renewTime"];
  for (int i = 0; i < 3; ++i) {
    f.clock.Advance(seconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  CHECK(f.Get(kLeases, "kube-node-lease", "sim-node-0001")["spec"]["renewTime"] == stopped_at);
  patch["metadata"]["annotations"][kHeartbeatAnnotation] = nullptr;
  REQUIRE(f.cluster.admin().Patch(kNodes, "", "sim-node-0001", client::PatchType::kMergePatch, patch).ok());
  CHECK(Eventually(
      [&] { return f.Get(kLeases, "kube-node-lease", "sim-node-0001")["spec"]["renewTime"] != stopped_at; }));
}

TEST_CASE("a cluster CIDR too small for the nodes fails at start") {
  FakeClock clock;
  client::TestCluster cluster(&clock);
  client::InformerFactory informers(cluster.admin(), Logger());
  SimulatedNodesOptions options;
  options.count = 300;
  options.cluster_cidr = *cli::ParseCidr("10.42.0.0/16");
  auto started = SimulatedNodes::Start(
      options, [&](client::Identity id, std::string ua) { return cluster.ClientAs(std::move(id), ua); },
      informers, clock, Logger());
  REQUIRE_FALSE(started.ok());
  CHECK(started.status().message().find("--cluster-cidr 10.42.0.0/16 has 256") != std::string::npos);
}

}  // namespace k1s::simnode
