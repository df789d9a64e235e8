// Test harness for the housekeeping controllers: a TestCluster, an
// informer factory of its own (started after the controller registered its
// handlers and indexes, as in the server) and helpers to write pods as a
// kubelet would.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <thread>

#include "pkg/client/testing/test_cluster.h"
#include "pkg/controller/controller.h"

namespace k1s::controller::testing {

using client::Json;

class HousekeepingHarness {
 public:
  explicit HousekeepingHarness(FakeClock* clock = nullptr)
      : clock_(clock), cluster_(clock), informers_(cluster_.admin(), Logger()) {
    options.cluster_cidr = *cli::ParseCidr("10.42.0.0/16");
    options.root_ca_pem = "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n";
  }
  ~HousekeepingHarness() {
    for (auto& c : controllers_) c->Stop();
    controllers_.clear();
    informers_.Stop();
  }

  // Starts the controller, then the informers.
  Controller& Start(ControllerStart start) {
    const Clock& clock = clock_ != nullptr ? static_cast<const Clock&>(*clock_) : real_clock_;
    ControllerContext ctx{cluster_.admin(), informers_, clock, options, Logger()};
    auto started = start(ctx);
    if (!started.ok()) throw std::runtime_error(started.status().ToString());
    controllers_.push_back(std::move(*started));
    informers_.Start();
    informers_.WaitForSync(std::chrono::seconds(10));
    return *controllers_.back();
  }
  // Stops and forgets every controller started so far.
  void StopControllers() {
    for (auto& c : controllers_) c->Stop();
    controllers_.clear();
  }

  client::Client& api() { return cluster_.admin(); }
  client::TestCluster& cluster() { return cluster_; }

  // Polls `done` for up to ten seconds.
  static bool Eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 1000; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
  }
  // Advances the fake clock by `step` until `done` (at most `limit` in all),
  // giving the controllers a moment after each step.
  bool AdvanceUntil(std::chrono::seconds step, std::chrono::seconds limit, const std::function<bool()>& done) {
    for (std::chrono::seconds spent{0}; spent <= limit; spent += step) {
      for (int i = 0; i < 20; ++i) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      clock_->Advance(step);
    }
    return done();
  }

  // A pod (with one container and `ports`) created in `ns`.
  Json CreatePod(const std::string& ns, const std::string& name, const Json& labels,
                 const Json& ports = Json::array(), const std::string& node = "") {
    Json pod{{"apiVersion", "v1"},
             {"kind", "Pod"},
             {"metadata", {{"name", name}, {"labels", labels}}},
             {"spec", {{"containers", {{{"name", "c"}, {"image", "busybox"}, {"ports", ports}}}}}}};
    if (!node.empty()) pod["spec"]["nodeName"] = node;
    auto created = api().Create(client::resources::kPods, ns, pod);
    if (!created.ok()) throw std::runtime_error(created.status().ToString());
    return *created;
  }
  // Writes status as a kubelet would: Running with `ip`, Ready as given.
  void SetPodStatus(const std::string& ns, const std::string& name, const std::string& ip, bool ready) {
    auto pod = api().Get(client::resources::kPods, ns, name);
    if (!pod.ok()) throw std::runtime_error(pod.status().ToString());
    Json p = *pod;
    p["status"]["phase"] = "Running";
    p["status"]["podIP"] = ip;
    p["status"]["podIPs"] = Json::array({{{"ip", ip}}});
    p["status"]["conditions"] = Json::array({{{"type", "Ready"}, {"status", ready ? "True" : "False"}}});
    auto written = api().Update(client::resources::kPods, ns, p, "status");
    if (!written.ok()) throw std::runtime_error(written.status().ToString());
  }
  // The object, or null if it does not exist.
  Json Get(const client::ResourceId& r, const std::string& ns, const std::string& name) {
    auto o = api().Get(r, ns, name);
    return o.ok() ? *o : Json();
  }

  ControllerManagerOptions options;

 private:
  FakeClock* clock_;
  RealClock real_clock_;
  client::TestCluster cluster_;
  client::InformerFactory informers_;
  std::vector<std::unique_ptr<Controller>> controllers_;
};

}  // namespace k1s::controller::testing
