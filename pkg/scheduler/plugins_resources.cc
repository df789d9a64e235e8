// Resource plugins: NodeResourcesFit (filter and LeastAllocated/MostAllocated
// score), NodeResourcesBalancedAllocation, ImageLocality.
#include <algorithm>
#include <cmath>

#include "pkg/scheduler/plugins.h"

namespace k1s::scheduler {

namespace {

class NodeResourcesFit final : public FilterPlugin, public ScorePlugin {
 public:
  explicit NodeResourcesFit(bool most_allocated) : most_allocated_(most_allocated) {}
  std::string_view Name() const override { return "NodeResourcesFit"; }

  PluginStatus Filter(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    PluginStatus status;
    const Resources& alloc = node.node->allocatable;
    if (static_cast<int64_t>(node.pods.size()) + 1 > alloc.pods) status.reasons.push_back("Too many pods");
    const Resources& want = pod.requests;
    const Resources& used = node.requested;
    if (want.milli_cpu > 0 && want.milli_cpu > alloc.milli_cpu - used.milli_cpu) {
      status.reasons.push_back("Insufficient cpu");
    }
    if (want.memory > 0 && want.memory > alloc.memory - used.memory) {
      status.reasons.push_back("Insufficient memory");
    }
    if (want.ephemeral_storage > 0 && want.ephemeral_storage > alloc.ephemeral_storage - used.ephemeral_storage) {
      status.reasons.push_back("Insufficient ephemeral-storage");
    }
    for (const auto& [name, amount] : want.scalar) {
      if (amount <= 0) continue;
      auto a = alloc.scalar.find(name);
      auto u = used.scalar.find(name);
      const int64_t free = (a == alloc.scalar.end() ? 0 : a->second) - (u == used.scalar.end() ? 0 : u->second);
      if (amount > free) status.reasons.push_back("Insufficient " + name);
    }
    if (!status.reasons.empty()) status.code = Code::kUnschedulable;
    return status;
  }

  // cpu and memory, weight 1 each, counting pods without requests at the
  // default amounts as kube-scheduler does.
  int64_t Score(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    const Resources& alloc = node.node->allocatable;
    return (One(node.nonzero_milli_cpu + pod.nonzero_milli_cpu, alloc.milli_cpu) +
            One(node.nonzero_memory + pod.nonzero_memory, alloc.memory)) /
           2;
  }

 private:
  int64_t One(int64_t requested, int64_t capacity) const {
    if (capacity <= 0 || requested > capacity) return 0;
    if (most_allocated_) return requested * kMaxNodeScore / capacity;
    return (capacity - requested) * kMaxNodeScore / capacity;
  }
  const bool most_allocated_;
};

class BalancedAllocation final : public ScorePlugin {
 public:
  std::string_view Name() const override { return "NodeResourcesBalancedAllocation"; }
  int64_t Score(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    const Resources& alloc = node.node->allocatable;
    if (alloc.milli_cpu <= 0 || alloc.memory <= 0) return 0;
    const double cpu = std::min(1.0, static_cast<double>(node.nonzero_milli_cpu + pod.nonzero_milli_cpu) /
                                         static_cast<double>(alloc.milli_cpu));
    const double mem = std::min(1.0, static_cast<double>(node.nonzero_memory + pod.nonzero_memory) /
                                         static_cast<double>(alloc.memory));
    // The standard deviation of two fractions is half their distance.
    const double std_dev = std::abs(cpu - mem) / 2;
    return static_cast<int64_t>((1 - std_dev) * static_cast<double>(kMaxNodeScore));
  }
};

class ImageLocality final : public ScorePlugin {
 public:
  std::string_view Name() const override { return "ImageLocality"; }
  int64_t Score(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    // Set by the framework before scoring: how many nodes have each image.
    const auto* spread = state_spread_;
    if (pod.images.empty() || node.node->image_sizes.empty() || spread == nullptr || total_nodes_ == 0) return 0;
    double sum = 0;
    for (const std::string& image : pod.images) {
      auto it = node.node->image_sizes.find(image);
      if (it == node.node->image_sizes.end()) continue;
      auto n = spread->find(image);
      const double ratio = n == spread->end() ? 0 : static_cast<double>(n->second) / static_cast<double>(total_nodes_);
      sum += static_cast<double>(it->second) * ratio;
    }
    constexpr double kMb = 1024 * 1024;
    const double min = 23 * kMb;
    const double max = 1000 * kMb * static_cast<double>(pod.images.size());
    sum = std::clamp(sum, min, max);
    return static_cast<int64_t>(static_cast<double>(kMaxNodeScore) * (sum - min) / (max - min));
  }
  void SetSnapshot(const Snapshot& s) {
    state_spread_ = s.image_nodes;
    total_nodes_ = s.size();
  }

 private:
  const std::unordered_map<std::string, int>* state_spread_ = nullptr;
  size_t total_nodes_ = 0;
};

// ImageLocality needs the cluster-wide image spread; a PreScore hands it the
// snapshot of the cycle.
class ImageLocalityWithPreScore final : public PreScorePlugin, public ScorePlugin {
 public:
  std::string_view Name() const override { return "ImageLocality"; }
  PluginStatus PreScore(CycleState&, const Pod& pod, const std::vector<NodeInfo*>&, const Snapshot& s) override {
    if (pod.images.empty()) return PluginStatus::Skip();
    inner_.SetSnapshot(s);
    return PluginStatus::Success();
  }
  int64_t Score(const CycleState& st, const Pod& pod, const NodeInfo& node) const override {
    return inner_.Score(st, pod, node);
  }

 private:
  ImageLocality inner_;
};

}  // namespace

std::unique_ptr<Plugin> NewNodeResourcesFit(const PluginContext& ctx) {
  return std::make_unique<NodeResourcesFit>(ctx.resources_scoring == "MostAllocated");
}
std::unique_ptr<Plugin> NewBalancedAllocation(const PluginContext&) { return std::make_unique<BalancedAllocation>(); }
std::unique_ptr<Plugin> NewImageLocality(const PluginContext&) { return std::make_unique<ImageLocalityWithPreScore>(); }

}  // namespace k1s::scheduler
