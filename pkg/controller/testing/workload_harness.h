// WorkloadHarness: one workload controller running against a TestCluster,
// plus what its tests need in place of a kubelet: pods driven to Running and
// Ready, Succeeded or Failed by writing pods/status, and polling waits.
// Test-only (linked into the controller tests, not into k1s).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pkg/client/testing/test_cluster.h"
#include "pkg/controller/controller.h"
#include "pkg/util/time_format.h"

namespace k1s::controller::testing {

using client::Json;

class WorkloadHarness {
 public:
  // `clock` (optional) drives both the API server's stamps and the controller.
  explicit WorkloadHarness(FakeClock* clock = nullptr)
      : cluster_(clock), clock_(clock != nullptr ? static_cast<const Clock&>(*clock) : real_) {}
  ~WorkloadHarness() {
    for (auto& c : controllers_) c->Stop();
  }

  void Start(ControllerStart start) {
    ControllerContext ctx{cluster_.admin(), cluster_.informers(), clock_, options_, Logger()};
    auto c = start(ctx);
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    controllers_.push_back(std::move(*c));
  }

  client::Client& api() { return cluster_.admin(); }
  // The shared informers the controllers under test read from.
  client::InformerFactory& informers() { return cluster_.informers(); }
  client::TestCluster& cluster() { return cluster_; }
  const Clock& clock() const { return clock_; }

  // Polls `done` for up to `timeout` (real time; generous for loaded CI).
  static bool Eventually(const std::function<bool()>& done,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  Json Get(const client::ResourceId& r, const std::string& name, const std::string& ns = "default") {
    auto got = api().Get(r, ns, name);
    if (!got.ok()) return Json();
    // A status the server left null reads as empty, so tests can use value().
    if (!(*got)["status"].is_object()) (*got)["status"] = Json::object();
    return *got;
  }

  std::vector<Json> Pods(const std::string& selector = "", const std::string& ns = "default") {
    auto list = api().List(client::resources::kPods, ns, {.label_selector = selector});
    std::vector<Json> out;
    if (list.ok()) {
      for (const Json& p : (*list)["items"]) out.push_back(p);
    }
    return out;
  }
  // Pods not being deleted.
  std::vector<Json> LivePods(const std::string& selector = "", const std::string& ns = "default") {
    std::vector<Json> out;
    for (Json& p : Pods(selector, ns)) {
      if (!p["metadata"].contains("deletionTimestamp")) out.push_back(std::move(p));
    }
    return out;
  }

  // What a kubelet would report: Running and Ready. Bound to `node` if one
  // is named; unbound pods are deleted at once (no kubelet to wait for).
  void MakeReady(const Json& pod, const std::string& node = "") {
    const std::string ns = pod["metadata"].value("namespace", "default");
    const std::string name = pod["metadata"].value("name", "");
    const std::string now = FormatRfc3339(clock_.Now());
    if (!node.empty() && pod["spec"].value("nodeName", "").empty()) {
      (void)api().Create(client::resources::kPods, ns,
                         Json{{"apiVersion", "v1"}, {"kind", "Binding"},
                              {"metadata", {{"name", name}}},
                              {"target", {{"kind", "Node"}, {"name", node}}}},
                         name, "binding");
    }
    Json status = {{"phase", "Running"},
                   {"conditions", Json::array({{{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", now}},
                                               {{"type", "ContainersReady"}, {"status", "True"}, {"lastTransitionTime", now}},
                                               {{"type", "PodScheduled"}, {"status", "True"}, {"lastTransitionTime", now}}})}};
    (void)api().Patch(client::resources::kPods, ns, name, client::PatchType::kMergePatch,
                      Json{{"status", status}}, "status");
  }
  int MakeAllReady(const std::string& selector = "", const std::string& ns = "default") {
    int n = 0;
    for (const Json& p : LivePods(selector, ns)) {
      if (p.value("status", Json::object()).value("phase", "") != "Running") {
        MakeReady(p);
        ++n;
      }
    }
    return n;
  }
  // A finished pod: phase Succeeded (exit 0) or Failed (exit `code`).
  void Finish(const Json& pod, int exit_code) {
    const std::string now = FormatRfc3339(clock_.Now());
    Json term = {{"exitCode", exit_code}, {"reason", exit_code == 0 ? "Completed" : "Error"},
                 {"startedAt", now}, {"finishedAt", now}};
    Json status = {{"phase", exit_code == 0 ? "Succeeded" : "Failed"},
                   {"containerStatuses", Json::array({{{"name", "main"}, {"ready", false}, {"restartCount", 0},
                                                       {"image", "busybox"}, {"imageID", ""},
                                                       {"state", {{"terminated", term}}}}})},
                   {"conditions", Json::array({{{"type", "Ready"}, {"status", "False"}, {"lastTransitionTime", now}}})}};
    (void)api().Patch(client::resources::kPods, pod["metadata"].value("namespace", "default"),
                      pod["metadata"].value("name", ""), client::PatchType::kMergePatch,
                      Json{{"status", status}}, "status");
  }

  static Json PodTemplate(const Json& labels, const std::string& image = "busybox") {
    return {{"metadata", {{"labels", labels}}},
            {"spec", {{"containers", Json::array({{{"name", "main"}, {"image", image}}})}}}};
  }

 private:
  RealClock real_;
  client::TestCluster cluster_;
  const Clock& clock_;
  ControllerManagerOptions options_;
  std::vector<std::unique_ptr<Controller>> controllers_;
};

}  // namespace k1s::controller::testing
