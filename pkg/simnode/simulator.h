// The implementation behind SimulatedNodes (internal to pkg/simnode): one
// delayed work queue whose keys are node chores ("r:<i>" register, "l:<i>"
// renew the Lease, "s:<i>" post the status) and pods ("p:<ns>/<name>"), and
// a few workers that sync them.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "pkg/client/informer.h"
#include "pkg/client/work_queue.h"
#include "pkg/client/workers.h"
#include "pkg/simnode/node_object.h"
#include "pkg/simnode/pod_cidrs.h"
#include "pkg/simnode/pod_lifecycle.h"
#include "pkg/simnode/pod_streams.h"
#include "pkg/simnode/profile.h"
#include "pkg/simnode/simulated_nodes.h"

namespace k1s::simnode {

// Timers run on the steady clock and due times are wall-clock: one may fire
// a hair early. Within this of its due time a chore counts as due.
inline constexpr std::chrono::milliseconds kTimerSlack{50};

// Whether a pod update changes what the simulation does with it (uid,
// annotations, deletion, node), rather than being, say, our own status write.
bool SteersSimulation(const Json& old_pod, const Json& pod);

struct SimNode {
  NodeIdentity id;
  std::unique_ptr<client::Client> client;
  // Guarded by Simulator::mu_:
  bool registered = false;
  std::string uid;
  TimePoint registered_at;
  std::unique_ptr<PodIpPool> pool;
  TimePoint lease_due, status_due;  // before these, a chore's timer is early: skip it
  TimePoint conditions_since;       // when the conditions last turned healthy
  // Touched only by the worker holding this node's "l:" key:
  Json lease;  // as last written; null until the first renewal
};

class Simulator final : public SimulatedNodes {
 public:
  Simulator(const SimulatedNodesOptions& options, std::vector<NodeKind> kinds, const Clock& clock, Logger log);
  ~Simulator() override { Stop(); }

  // Builds the nodes (names, ranges, clients); Invalid if the CIDR is too small.
  Status Init(const ClientFactory& clients);
  void Attach(client::InformerFactory& informers);
  void Run();
  void Stop() override;
  int Registered() const override { return registered_count_; }
  streaming::PodStreamBackend* PodStreams(const std::string& node_name) override {
    return by_name_.contains(node_name) ? streams_.get() : nullptr;
  }

  // One work item; public so tests can drive it.
  Status Sync(const std::string& key);

 private:
  Status SyncRegister(SimNode& node);
  Status SyncLease(SimNode& node);
  Status SyncNodeStatus(SimNode& node);
  Status SyncPod(const std::string& pod_key);
  // The pod's final delete with grace 0 (uid precondition), once its
  // containers are reported stopped.
  Status FinishDeletion(SimNode& node, const Json& pod, PodRun* run, const PodBehaviour& b, TimePoint now);
  // Writes `desired` (the kubelet's status fields) through pods/status
  // unless the pod already has them.
  Status WriteStatus(SimNode& node, const Json& pod, PodRun& run, const Json& desired);
  void ScheduleWake(const std::string& pod_key, PodRun& run, std::optional<TimePoint> at, TimePoint now);
  void DropRun(const std::string& pod_key);
  // Whether the node's heartbeat is on (no `k1s.io/simulate-heartbeat: "false"`).
  bool HeartbeatOn(const SimNode& node) const;
  void OnPod(const client::ObjectPtr& pod);
  void OnNode(const client::ObjectPtr& old_node, const client::ObjectPtr& node);
  SimNode* NodeNamed(const std::string& name);
  std::chrono::steady_clock::duration Until(TimePoint t) const;

  const SimulatedNodesOptions options_;
  const std::vector<NodeKind> kinds_;
  const Clock& clock_;
  const Logger log_;
  std::vector<std::unique_ptr<SimNode>> nodes_;
  std::unordered_map<std::string, SimNode*> by_name_;  // fixed after Init
  client::Informer* pods_ = nullptr;
  client::Informer* node_informer_ = nullptr;
  std::unique_ptr<client::WorkQueue> queue_;
  std::unique_ptr<client::Workers> workers_;

  std::mutex mu_;
  // Pod key -> run state. Each run is touched only by the worker holding the
  // pod's key; the map itself (insert/erase) and the nodes' pools under mu_.
  std::unordered_map<std::string, PodRun> runs_;
  std::atomic<int> registered_count_{0};
  // Logs, exec, attach and port-forward for all the nodes' pods; last, so
  // it goes first, before the informer it reads.
  std::unique_ptr<SimulatedPodStreams> streams_;
};

}  // namespace k1s::simnode
