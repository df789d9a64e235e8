#include "pkg/scheduler/algorithm.h"

#include <algorithm>
#include <map>
#include <vector>

namespace k1s::scheduler {

size_t Algorithm::NumFeasibleToFind(size_t all) const {
  constexpr size_t kMinFeasible = 100;
  if (all < kMinFeasible || percentage_ >= 100) return all;
  int64_t pct = percentage_;
  if (pct <= 0) pct = std::max<int64_t>(5, 50 - static_cast<int64_t>(all) / 125);
  const size_t n = all * static_cast<size_t>(pct) / 100;
  return std::max(n, kMinFeasible);
}

ScheduleResult Algorithm::Schedule(CycleState& state, const Pod& pod, const Snapshot& snapshot) {
  ScheduleResult r;
  const std::vector<NodeInfo*>& nodes = *snapshot.nodes;
  r.diagnosis.num_all_nodes = nodes.size();
  if (nodes.empty()) return r;
  PluginStatus pre = framework_.RunPreFilter(state, pod, snapshot);
  if (pre.code == Code::kError) {
    r.error = true;
    r.error_message = pre.reasons.empty() ? "prefilter error" : pre.reasons[0];
    return r;
  }
  if (!pre.ok()) {
    r.diagnosis.pre_filter_message = pre.reasons.empty() ? "" : pre.reasons[0];
    for (NodeInfo* n : nodes) r.diagnosis.node_status[n->name()] = pre;
    return r;
  }
  // A pod that preempted others tries the node it was nominated for first.
  if (!pod.nominated_node_name.empty()) {
    if (NodeInfo* n = snapshot.Get(pod.nominated_node_name)) {
      if (framework_.RunFilter(state, pod, *n).ok()) {
        r.node = n->name();
        r.evaluated = r.feasible = 1;
        return r;
      }
    }
  }
  const size_t want = NumFeasibleToFind(nodes.size());
  std::vector<NodeInfo*> feasible;
  feasible.reserve(std::min(want, nodes.size()));
  const size_t start = next_start_ % nodes.size();
  size_t i = 0;
  for (; i < nodes.size() && feasible.size() < want; ++i) {
    NodeInfo* n = nodes[(start + i) % nodes.size()];
    PluginStatus s = framework_.RunFilter(state, pod, *n);
    if (s.ok()) {
      feasible.push_back(n);
    } else if (s.code == Code::kError) {
      r.error = true;
      r.error_message = s.reasons.empty() ? "filter error" : s.reasons[0];
      return r;
    } else {
      r.diagnosis.node_status[n->name()] = std::move(s);
    }
  }
  next_start_ = (start + i) % nodes.size();
  r.evaluated = i;
  r.feasible = feasible.size();
  if (feasible.empty()) return r;
  if (feasible.size() == 1 || !framework_.HasScorePlugins()) {
    r.node = feasible[0]->name();
    return r;
  }
  const std::vector<int64_t> scores = framework_.RunScore(state, pod, feasible, snapshot);
  // Highest score; ties broken at random (reservoir sampling), as
  // kube-scheduler does, so equal nodes share the load.
  size_t best = 0, ties = 1;
  for (size_t k = 1; k < scores.size(); ++k) {
    if (scores[k] > scores[best]) {
      best = k;
      ties = 1;
    } else if (scores[k] == scores[best]) {
      ++ties;
      if (std::uniform_int_distribution<size_t>(0, ties - 1)(rng_) == 0) best = k;
    }
  }
  r.node = feasible[best]->name();
  return r;
}

std::string FitErrorMessage(const Diagnosis& d, const std::string& post_filter_message) {
  std::string msg = "0/" + std::to_string(d.num_all_nodes) + " nodes are available:";
  if (!d.pre_filter_message.empty()) {
    msg += " " + d.pre_filter_message + ".";
  } else {
    std::map<std::string, int> reasons;
    for (const auto& [node, status] : d.node_status) {
      for (const std::string& reason : status.reasons) ++reasons[reason];
    }
    std::vector<std::string> parts;
    for (const auto& [reason, n] : reasons) parts.push_back(std::to_string(n) + " " + reason);
    std::sort(parts.begin(), parts.end());
    if (!parts.empty()) {
      msg += " ";
      for (size_t i = 0; i < parts.size(); ++i) msg += (i == 0 ? "" : ", ") + parts[i];
      msg += ".";
    }
  }
  if (!post_filter_message.empty()) msg += " " + post_filter_message + ".";
  return msg;
}

}  // namespace k1s::scheduler
