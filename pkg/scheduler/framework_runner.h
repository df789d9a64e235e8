// Framework: the plugins of one profile, instantiated from the registry and
// run per extension point in registry order.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "pkg/scheduler/framework.h"
#include "pkg/scheduler/plugins.h"
#include "pkg/scheduler/profile.h"
#include "pkg/util/result.h"

namespace k1s::scheduler {

class Framework {
 public:
  // Invalid if the profile names a plugin that does not exist.
  static Result<std::unique_ptr<Framework>> Create(const Profile& profile, const PluginContext& ctx);

  // The first PreFilter that rejects the pod, or success; on success
  // state.filters holds the filters to run (those of plugins whose
  // PreFilter answered kSkip are left out).
  PluginStatus RunPreFilter(CycleState& state, const Pod& pod, const Snapshot& snapshot) const;
  // The first of state.filters that rejects the node, or success. Call
  // RunPreFilter first.
  PluginStatus RunFilter(const CycleState& state, const Pod& pod, const NodeInfo& node) const;
  // Weighted sum of the normalized scores, per node in `nodes`' order.
  std::vector<int64_t> RunScore(CycleState& state, const Pod& pod, const std::vector<NodeInfo*>& nodes,
                                const Snapshot& snapshot) const;
  bool HasScorePlugins() const { return !score_.empty(); }

 private:
  Framework() = default;
  std::vector<std::unique_ptr<Plugin>> owned_;
  std::vector<PreFilterPlugin*> pre_filter_;
  std::vector<FilterPlugin*> filter_;
  std::vector<PreScorePlugin*> pre_score_;
  std::vector<std::pair<ScorePlugin*, int64_t>> score_;
};

}  // namespace k1s::scheduler
