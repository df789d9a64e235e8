#include "pkg/scheduler/preemption.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace k1s::scheduler {

namespace {

constexpr const char* kNotHelpful = "Preemption is not helpful for scheduling";
constexpr const char* kNoVictims = "No preemption victims found for incoming pod";

struct Candidate {
  NodeInfo* node = nullptr;
  std::vector<PodPtr> victims;
};

// Victims on `node` whose eviction lets `pod` fit, or nullopt with the reason.
std::optional<std::vector<PodPtr>> SelectVictims(const Framework& fw, const CycleState& state, const Pod& pod,
                                                 const NodeInfo& node, std::vector<std::string>& reasons) {
  NodeInfo trial;
  trial.node = node.node;
  std::vector<PodPtr> lower;
  for (const PodPtr& p : node.pods) {
    if (p->priority < pod.priority) {
      lower.push_back(p);
    } else {
      trial.AddPod(p);
    }
  }
  if (lower.empty()) {
    reasons = {kNoVictims};
    return std::nullopt;
  }
  PluginStatus fits = fw.RunFilter(state, pod, trial);
  if (!fits.ok()) {
    reasons = fits.reasons;
    return std::nullopt;
  }
  // Keep as many as possible, the most important first.
  std::sort(lower.begin(), lower.end(), [](const PodPtr& a, const PodPtr& b) {
    return std::tie(b->priority, a->created) < std::tie(a->priority, b->created);
  });
  std::vector<PodPtr> victims;
  for (const PodPtr& p : lower) {
    trial.AddPod(p);
    if (!fw.RunFilter(state, pod, trial).ok()) {
      trial.RemovePod(p->uid);
      victims.push_back(p);
    }
  }
  return victims;
}

}  // namespace

PreemptionPlan PlanPreemption(const Framework& fw, const CycleState& state, const Pod& pod, const Snapshot& snapshot,
                              const Diagnosis& diagnosis) {
  PreemptionPlan plan;
  if (pod.preempt_never) {
    plan.message = "preemption: not eligible due to preemptionPolicy=Never";
    return plan;
  }
  // Pods evicted for this pod earlier are still leaving: wait for them
  // rather than evict more.
  if (!pod.nominated_node_name.empty()) {
    if (NodeInfo* n = snapshot.Get(pod.nominated_node_name)) {
      for (const PodPtr& p : n->pods) {
        if (p->deleting && p->priority < pod.priority) {
          plan.message = "preemption: not eligible due to a terminating pod on the nominated node";
          return plan;
        }
      }
    }
  }
  std::map<std::string, int> reasons;
  std::vector<Candidate> candidates;
  // A pod rejected before any node was looked at cannot be helped by
  // evicting pods from one.
  if (!diagnosis.pre_filter_message.empty()) {
    plan.message = "preemption: 0/" + std::to_string(snapshot.size()) + " nodes are available: " +
                   std::to_string(snapshot.size()) + " " + kNotHelpful;
    return plan;
  }
  for (NodeInfo* node : *snapshot.nodes) {
    auto it = diagnosis.node_status.find(node->name());
    // Nodes that passed the filters were not evaluated for lack of need, or
    // the pod failed for a reason that is not per node.
    if (it == diagnosis.node_status.end() || it->second.code == Code::kUnschedulableAndUnresolvable) {
      ++reasons[kNotHelpful];
      continue;
    }
    std::vector<std::string> why;
    auto victims = SelectVictims(fw, state, pod, *node, why);
    if (!victims) {
      for (const std::string& r : why) ++reasons[r];
      continue;
    }
    candidates.push_back({node, std::move(*victims)});
  }
  if (candidates.empty()) {
    std::vector<std::string> parts;
    for (const auto& [r, n] : reasons) parts.push_back(std::to_string(n) + " " + r);
    std::sort(parts.begin(), parts.end());
    plan.message = "preemption: 0/" + std::to_string(snapshot.size()) + " nodes are available: ";
    for (size_t i = 0; i < parts.size(); ++i) plan.message += (i == 0 ? "" : ", ") + parts[i];
    return plan;
  }
  // Fewest important victims: lowest highest-priority victim, then lowest
  // sum of priorities, then fewest victims.
  auto rank = [](const Candidate& c) {
    int64_t highest = INT64_MIN, sum = 0;
    for (const PodPtr& v : c.victims) {
      highest = std::max<int64_t>(highest, v->priority);
      sum += v->priority;
    }
    return std::make_tuple(highest, sum, c.victims.size());
  };
  const Candidate* best = &candidates[0];
  for (const Candidate& c : candidates) {
    if (rank(c) < rank(*best)) best = &c;
  }
  plan.node = best->node->name();
  plan.victims = best->victims;
  return plan;
}

}  // namespace k1s::scheduler
