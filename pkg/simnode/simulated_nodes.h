// SimulatedNodes: KWOK-style nodes inside the server process. Each registers
// a Node, renews its Lease and reports the status of the pods bound to it as
// a kubelet would, through the same Client paths, without running anything.
//
// Names: "sim-node-0001" ... (or each profile kind's namePrefix + number).
// Pod ranges: one /24 (/64 for IPv6) of the cluster CIDR per node, counted
// down from its end, set at registration only if the Node has none.
// Node addresses: InternalIP from 198.18.0.0/15 (reserved for benchmarks).
// Stopping a heartbeat: annotate the Node `k1s.io/simulate-heartbeat=false`;
// its Lease and status stop being renewed until the annotation goes or is "true".
// Pod behaviour (readiness delay, exits, restarts, termination): see
// pod_lifecycle.h.
//
// Scale: everything runs on one delayed work queue and a few worker threads
// (no thread or timer per node or pod); pod status writes are coalesced per
// pod and skipped when nothing changed.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "pkg/cli/ipnet.h"
#include "pkg/client/client.h"
#include "pkg/client/informer.h"
#include "pkg/client/transport.h"
#include "pkg/streaming/pod_streams.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::simnode {

struct SimulatedNodesOptions {
  int count = 0;
  // YAML describing node kinds (see profile.h); "" gives `count` identical
  // nodes. With a profile, `count` is 0 or the profile's total.
  std::string profile_file;
  cli::Cidr cluster_cidr;
  // Threads calling the API; mostly waiting on the store's commits. Each
  // write waits for its commit's fsync, so the workers bound how many pod
  // status writes go out per second: with 8, 1,000 nodes' status writes fell
  // behind 2,000 pod creates/s and caught up 10 s after the last create.
  int workers = 16;
  // How often a node's status (conditions' lastHeartbeatTime) is posted.
  // The Lease, renewed every 10 s, is what says the node is alive.
  std::chrono::seconds node_status_interval{60};
  // --simulated-node-exec: kubectl exec runs the command on the host, in a
  // scratch directory per pod under `exec_work_dir` (see pod_streams.h).
  bool host_exec = false;
  std::string exec_work_dir;
};

// Makes the client one simulated node acts through: identity
// system:node:<name> in group system:nodes, as its kubelet would be.
using ClientFactory =
    std::function<std::unique_ptr<client::Client>(client::Identity identity, std::string user_agent)>;

class SimulatedNodes {
 public:
  // Registers the nodes in the background and handles their pods from the
  // shared `informers` (pods and nodes; call before the factory starts, as
  // it adds an index). Invalid (one line) if the profile cannot be read or
  // is wrong, or the cluster CIDR is too small for the nodes.
  static Result<std::unique_ptr<SimulatedNodes>> Start(const SimulatedNodesOptions& options,
                                                       const ClientFactory& clients,
                                                       client::InformerFactory& informers,
                                                       const Clock& clock, Logger log);
  virtual ~SimulatedNodes() = default;
  // Stops the workers; nodes and pods stay as they are in the API.
  virtual void Stop() = 0;
  // How many nodes have registered (Node created and status posted).
  virtual int Registered() const = 0;
  // What serves logs, exec, attach and port-forward for the pods of
  // `node_name`; null if it is not one of these nodes. Valid until destroyed.
  virtual streaming::PodStreamBackend* PodStreams(const std::string& node_name) = 0;
};

}  // namespace k1s::simnode
