// The plugin framework: one small interface per extension point, as in
// kube-scheduler. A plugin implements the points it needs; the Framework
// (framework.cc) calls them in order and combines the results.
#pragma once

#include <any>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/scheduler/cache.h"
#include "pkg/scheduler/types.h"

namespace k1s::scheduler {

enum class Code {
  kSuccess,
  // The pod does not fit now; removing pods (preemption) might help.
  kUnschedulable,
  // The pod does not fit and preemption cannot change that.
  kUnschedulableAndUnresolvable,
  kError,
  // From PreFilter/PreScore: this plugin has nothing to do for this pod.
  kSkip,
};

struct PluginStatus {
  Code code = Code::kSuccess;
  // Reasons shown to users, e.g. "Insufficient cpu"; counted per node in
  // the FailedScheduling message.
  std::vector<std::string> reasons;

  bool ok() const { return code == Code::kSuccess; }
  static PluginStatus Success() { return {}; }
  static PluginStatus Skip() { return {Code::kSkip, {}}; }
  static PluginStatus Unschedulable(std::string reason) { return {Code::kUnschedulable, {std::move(reason)}}; }
  static PluginStatus Unresolvable(std::string reason) {
    return {Code::kUnschedulableAndUnresolvable, {std::move(reason)}};
  }
  static PluginStatus Error(std::string reason) { return {Code::kError, {std::move(reason)}}; }
};

class FilterPlugin;

// Per-cycle data that a plugin's PreFilter/PreScore computes for its
// Filter/Score, keyed by plugin name. Lives for one pod's cycle.
class CycleState {
 public:
  template <typename T>
  void Write(std::string_view key, T value) {
    data_[std::string(key)] = std::make_shared<T>(std::move(value));
  }
  // Null if nothing (of that type) was written.
  template <typename T>
  const T* Read(std::string_view key) const {
    auto it = data_.find(std::string(key));
    return it == data_.end() ? nullptr : static_cast<const T*>(it->second.get());
  }
  // The filters to run for this pod: PreFilter drops those whose PreFilter
  // answered kSkip (set by Framework::RunPreFilter).
  std::vector<const FilterPlugin*> filters;
  // Score plugins whose PreScore answered kSkip.
  std::vector<std::string> skip_score;

 private:
  std::map<std::string, std::shared_ptr<void>> data_;
};

class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual std::string_view Name() const = 0;
};

class PreFilterPlugin : public virtual Plugin {
 public:
  // Once per pod before Filter; kUnschedulable* here rejects every node.
  virtual PluginStatus PreFilter(CycleState& state, const Pod& pod, const Snapshot& snapshot) = 0;
};

class FilterPlugin : public virtual Plugin {
 public:
  // Whether `pod` may run on `node`. Called concurrently for different nodes
  // only if the plugin is stateless between calls (all of ours are).
  virtual PluginStatus Filter(const CycleState& state, const Pod& pod, const NodeInfo& node) const = 0;
};

class PreScorePlugin : public virtual Plugin {
 public:
  // Once per pod with the nodes that passed the filters.
  virtual PluginStatus PreScore(CycleState& state, const Pod& pod, const std::vector<NodeInfo*>& nodes,
                                const Snapshot& snapshot) = 0;
};

class ScorePlugin : public virtual Plugin {
 public:
  // A raw score for `node`; NormalizeScore maps the raw scores of all the
  // nodes to 0..100 (the default keeps them as they are).
  virtual int64_t Score(const CycleState& state, const Pod& pod, const NodeInfo& node) const = 0;
  virtual void NormalizeScore(const CycleState&, const Pod&, std::vector<int64_t>&) const {}
};

constexpr int64_t kMaxNodeScore = 100;

// Scales `scores` so the highest becomes 100 (or, `reverse`, so the highest
// becomes 0 and 0 becomes 100), as kube-scheduler's DefaultNormalizeScore.
void DefaultNormalizeScore(std::vector<int64_t>& scores, bool reverse);

// Node selector matching shared by NodeAffinity, PodTopologySpread and
// VolumeBinding.
bool MatchesTerm(const NodeSelectorTerm& term, const Node& node);
bool MatchesAnyTerm(const std::vector<NodeSelectorTerm>& terms, const Node& node);
// nodeSelector and required node affinity of the pod.
bool MatchesNodeSelectorAndAffinity(const Pod& pod, const Node& node);

}  // namespace k1s::scheduler
