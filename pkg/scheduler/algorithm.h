// One scheduling attempt's search: filter nodes (a sample of them in big
// clusters, as kube-scheduler's percentageOfNodesToScore), score the
// feasible ones, pick the best; and Kubernetes' message when none fits.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>

#include "pkg/scheduler/framework_runner.h"

namespace k1s::scheduler {

// Why each node was rejected, for the FailedScheduling message and preemption.
struct Diagnosis {
  size_t num_all_nodes = 0;
  std::string pre_filter_message;  // set when PreFilter rejected the pod
  std::unordered_map<std::string, PluginStatus> node_status;  // by node name
};

struct ScheduleResult {
  std::string node;  // empty: no node fits
  size_t evaluated = 0, feasible = 0;
  Diagnosis diagnosis;
  bool error = false;  // a plugin failed; `error_message` says why
  std::string error_message;
};

class Algorithm {
 public:
  Algorithm(const Framework& framework, int percentage_of_nodes_to_score, uint64_t seed = std::random_device()())
      : framework_(framework), percentage_(percentage_of_nodes_to_score), rng_(seed) {}

  // Chooses a node for `pod`. `state` receives the plugins' cycle data
  // (preemption reuses it).
  ScheduleResult Schedule(CycleState& state, const Pod& pod, const Snapshot& snapshot);
  // How many feasible nodes to find among `all` before scoring.
  size_t NumFeasibleToFind(size_t all) const;

 private:
  const Framework& framework_;
  const int percentage_;
  std::mt19937_64 rng_;
  size_t next_start_ = 0;  // round robin over nodes, so samples differ
};

// "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated
// taint {k: v}." plus " <post_filter_message>." when one is given.
std::string FitErrorMessage(const Diagnosis& d, const std::string& post_filter_message = "");

}  // namespace k1s::scheduler
