// Framework: the configured plugins, run per extension point.
#include "pkg/scheduler/framework_runner.h"

#include <algorithm>

namespace k1s::scheduler {

const std::vector<RegisteredPlugin>& PluginRegistry() {
  // Weights are kube-scheduler's defaults (v1.33 default profile).
  static const std::vector<RegisteredPlugin> kPlugins = {
      {"NodeUnschedulable", NewNodeUnschedulable, 0},
      {"NodeName", NewNodeName, 0},
      {"TaintToleration", NewTaintToleration, 3},
      {"NodeAffinity", NewNodeAffinity, 2},
      {"NodePorts", NewNodePorts, 0},
      {"NodeResourcesFit", NewNodeResourcesFit, 1},
      {"VolumeBinding", NewVolumeBinding, 0},
      {"PodTopologySpread", NewPodTopologySpread, 2},
      {"InterPodAffinity", NewInterPodAffinity, 2},
      {"NodeResourcesBalancedAllocation", NewBalancedAllocation, 1},
      {"ImageLocality", NewImageLocality, 1},
  };
  return kPlugins;
}

Result<std::unique_ptr<Framework>> Framework::Create(const Profile& profile, const PluginContext& ctx) {
  auto fw = std::unique_ptr<Framework>(new Framework());
  const bool all_disabled = profile.disabled.contains("*");
  for (const auto& name : profile.score_weights) {
    bool known = false;
    for (const RegisteredPlugin& r : PluginRegistry()) known = known || r.name == name.first;
    if (!known) return Status::Invalid("scheduler config: unknown plugin " + name.first);
  }
  for (const RegisteredPlugin& r : PluginRegistry()) {
    // A plugin named in a score list is enabled again even after "*".
    const bool reenabled = profile.score_weights.contains(r.name);
    if ((all_disabled || profile.disabled.contains(r.name)) && !reenabled) continue;
    std::unique_ptr<Plugin> plugin = r.factory(ctx);
    const bool filters = !profile.disabled_filter.contains(r.name) && !profile.disabled_filter.contains("*");
    const bool scores = !profile.disabled_score.contains(r.name) && !profile.disabled_score.contains("*");
    if (filters) {
      if (auto* p = dynamic_cast<PreFilterPlugin*>(plugin.get())) fw->pre_filter_.push_back(p);
      if (auto* p = dynamic_cast<FilterPlugin*>(plugin.get())) fw->filter_.push_back(p);
    }
    if (scores) {
      auto* score = dynamic_cast<ScorePlugin*>(plugin.get());
      int64_t weight = r.default_score_weight;
      if (auto w = profile.score_weights.find(r.name); w != profile.score_weights.end() && w->second > 0) {
        weight = w->second;
      }
      if (score != nullptr && weight > 0) {
        if (auto* p = dynamic_cast<PreScorePlugin*>(plugin.get())) fw->pre_score_.push_back(p);
        fw->score_.push_back({score, weight});
      }
    }
    fw->owned_.push_back(std::move(plugin));
  }
  return fw;
}

PluginStatus Framework::RunPreFilter(CycleState& state, const Pod& pod, const Snapshot& snapshot) const {
  std::vector<std::string_view> skipped;
  for (PreFilterPlugin* p : pre_filter_) {
    PluginStatus s = p->PreFilter(state, pod, snapshot);
    if (s.code == Code::kSkip) {
      skipped.push_back(p->Name());
      continue;
    }
    if (!s.ok()) return s;
  }
  state.filters.clear();
  for (const FilterPlugin* f : filter_) {
    if (std::find(skipped.begin(), skipped.end(), f->Name()) == skipped.end()) state.filters.push_back(f);
  }
  return PluginStatus::Success();
}

PluginStatus Framework::RunFilter(const CycleState& state, const Pod& pod, const NodeInfo& node) const {
  for (const FilterPlugin* p : state.filters) {
    PluginStatus s = p->Filter(state, pod, node);
    if (!s.ok()) return s;
  }
  return PluginStatus::Success();
}

std::vector<int64_t> Framework::RunScore(CycleState& state, const Pod& pod, const std::vector<NodeInfo*>& nodes,
                                         const Snapshot& snapshot) const {
  std::vector<int64_t> totals(nodes.size(), 0);
  for (PreScorePlugin* p : pre_score_) {
    if (p->PreScore(state, pod, nodes, snapshot).code == Code::kSkip) state.skip_score.emplace_back(p->Name());
  }
  std::vector<int64_t> scores(nodes.size());
  for (const auto& [plugin, weight] : score_) {
    if (std::find(state.skip_score.begin(), state.skip_score.end(), plugin->Name()) != state.skip_score.end()) {
      continue;
    }
    for (size_t i = 0; i < nodes.size(); ++i) scores[i] = plugin->Score(state, pod, *nodes[i]);
    plugin->NormalizeScore(state, pod, scores);
    for (size_t i = 0; i < nodes.size(); ++i) totals[i] += scores[i] * weight;
  }
  return totals;
}

}  // namespace k1s::scheduler
