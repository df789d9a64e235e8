// DefaultPreemption: when no node fits a pod, find one node where evicting
// pods of lower priority would make it fit, evicting as few and as
// unimportant pods as possible.
#pragma once

#include <string>
#include <vector>

#include "pkg/scheduler/algorithm.h"

namespace k1s::scheduler {

struct PreemptionPlan {
  std::string node;            // empty: preemption cannot help
  std::vector<PodPtr> victims;
  // For the FailedScheduling message when `node` is empty, e.g.
  // "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling"
  std::string message;
};

// Runs with the snapshot of the failed attempt; `state` is that attempt's
// cycle state. Limitation: PreFilter data (affinity, spreading) is not
// recomputed without the victims, so a node only counts as a candidate if
// the remaining filters pass with the victims gone.
PreemptionPlan PlanPreemption(const Framework& framework, const CycleState& state, const Pod& pod,
                              const Snapshot& snapshot, const Diagnosis& diagnosis);

}  // namespace k1s::scheduler
