// The node lifecycle controller. Every monitor period (5 s) it checks each
// node's heartbeats (its Lease in kube-node-lease and its Ready condition's
// lastHeartbeatTime, timed by this controller's clock, not the kubelet's):
//  - none for the grace period (40 s; 60 s for a node that never posted
//    status): Ready and the pressure conditions become Unknown
//    (NodeStatusUnknown, "Kubelet stopped posting node status."), the
//    node's pods are marked not Ready;
//  - Ready Unknown / False: taints node.kubernetes.io/unreachable resp.
//    not-ready, NoSchedule and NoExecute; removed once Ready is True again;
//  - NoExecute taints evict (delete) pods that do not tolerate them at once,
//    and those that tolerate them for tolerationSeconds when that has passed.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "pkg/controller/common/housekeeping_base.h"

namespace k1s::controller {

class NodeLifecycleController final : public HousekeepingController {
 public:
  static constexpr const char* kMonitorKey = "monitor";
  static constexpr auto kMonitorPeriod = std::chrono::seconds(5);

  explicit NodeLifecycleController(ControllerContext& ctx);
  ~NodeLifecycleController() override { Stop(); }
  // The only key is kMonitorKey: one pass over every node.
  Status Sync(const std::string& key) override;

 private:
  struct Health {
    std::string lease_renew;     // last spec.renewTime seen
    std::string heartbeat;       // last Ready lastHeartbeatTime seen
    Clock::time_point probe;     // when either last changed, by our clock
  };
  Status MonitorNode(const client::Json& node, Clock::time_point now);
  Status MarkUnknown(const client::Json& node, Clock::time_point now);
  Status MarkPodsNotReady(const std::string& node, Clock::time_point now);
  Status UpdateTaints(const client::Json& node, Clock::time_point now);
  Status EvictPods(const client::Json& node, Clock::time_point now);

  const std::chrono::seconds grace_;
  const std::chrono::seconds startup_grace_;
  client::Informer* nodes_ = nullptr;
  client::Informer* leases_ = nullptr;
  client::Informer* pods_ = nullptr;
  std::mutex mu_;
  std::map<std::string, Health> health_;  // guarded by mu_
};

Result<std::unique_ptr<Controller>> StartNodeLifecycleController(ControllerContext& ctx);

}  // namespace k1s::controller
