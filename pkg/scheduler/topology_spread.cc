// PodTopologySpread: topologySpreadConstraints (DoNotSchedule filters,
// ScheduleAnyway scores) and, for pods without constraints, the system
// default spreading of pods of the same owner or Service across hostnames
// (maxSkew 3) and zones (maxSkew 5).
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "pkg/scheduler/plugins.h"

namespace k1s::scheduler {

namespace {

struct Constraint {
  int32_t max_skew = 1;
  std::string key;
  bool hard = true;
  int32_t min_domains = 1;
  bool honor_affinity = true, honor_taints = false;
  // A pod counts when it is in the pod's namespace, matches every selector
  // and, if owner_uid is set, has that controller.
  std::vector<LabelSelector> selectors;
  std::string owner_uid;
  // System defaults skip a key a node lacks instead of ranking the node last.
  bool key_required = true;
};

bool Counts(const Constraint& c, const Pod& pod, const Pod& other) {
  if (other.ns != pod.ns || other.deleting) return false;
  if (!c.owner_uid.empty() && other.owner_uid != c.owner_uid) return false;
  for (const LabelSelector& s : c.selectors) {
    if (!s.Matches(other.labels)) return false;
  }
  return true;
}

int64_t CountOn(const Constraint& c, const Pod& pod, const NodeInfo& node) {
  int64_t n = 0;
  for (const PodPtr& other : node.pods) n += Counts(c, pod, *other) ? 1 : 0;
  return n;
}

bool TaintsTolerated(const Pod& pod, const Node& node) {
  for (const Taint& taint : node.taints) {
    if (taint.effect != "NoSchedule" && taint.effect != "NoExecute") continue;
    bool ok = false;
    for (const Toleration& t : pod.tolerations) ok = ok || t.Tolerates(taint);
    if (!ok) return false;
  }
  return true;
}

// Whether `node` is in the domains a constraint counts.
bool Eligible(const Constraint& c, const Pod& pod, const Node& node) {
  if (!node.labels.contains(c.key)) return false;
  if (c.honor_affinity && !MatchesNodeSelectorAndAffinity(pod, node)) return false;
  if (c.honor_taints && !TaintsTolerated(pod, node)) return false;
  return true;
}

struct FilterState {
  std::vector<Constraint> constraints;
  std::vector<std::unordered_map<std::string, int64_t>> counts;  // per constraint: domain -> pods
  std::vector<int64_t> min_counts;
};

struct ScoreState {
  std::vector<Constraint> constraints;
  std::vector<std::unordered_map<std::string, int64_t>> counts;
  std::vector<double> weights;
};

class PodTopologySpread final : public PreFilterPlugin, public FilterPlugin, public PreScorePlugin, public ScorePlugin {
 public:
  explicit PodTopologySpread(const PluginContext& ctx) : ctx_(ctx) {}
  std::string_view Name() const override { return "PodTopologySpread"; }

  PluginStatus PreFilter(CycleState& state, const Pod& pod, const Snapshot& snapshot) override {
    FilterState fs;
    for (const Constraint& c : Constraints(pod)) {
      if (c.hard) fs.constraints.push_back(c);
    }
    if (fs.constraints.empty()) return PluginStatus::Skip();
    fs.counts.resize(fs.constraints.size());
    for (NodeInfo* node : *snapshot.nodes) {
      // Only nodes carrying every key take part, as in Kubernetes.
      bool all_keys = true;
      for (const Constraint& c : fs.constraints) all_keys = all_keys && Eligible(c, pod, *node->node);
      if (!all_keys) continue;
      for (size_t i = 0; i < fs.constraints.size(); ++i) {
        fs.counts[i][node->node->labels.at(fs.constraints[i].key)] += CountOn(fs.constraints[i], pod, *node);
      }
    }
    for (size_t i = 0; i < fs.constraints.size(); ++i) {
      int64_t min = std::numeric_limits<int64_t>::max();
      for (const auto& [domain, n] : fs.counts[i]) min = std::min(min, n);
      if (fs.counts[i].empty() || static_cast<int64_t>(fs.counts[i].size()) < fs.constraints[i].min_domains) min = 0;
      fs.min_counts.push_back(min);
    }
    state.Write(Name(), std::move(fs));
    return PluginStatus::Success();
  }

  PluginStatus Filter(const CycleState& state, const Pod& pod, const NodeInfo& node) const override {
    const FilterState* fs = state.Read<FilterState>(Name());
    if (fs == nullptr) return PluginStatus::Success();
    for (size_t i = 0; i < fs->constraints.size(); ++i) {
      const Constraint& c = fs->constraints[i];
      auto label = node.node->labels.find(c.key);
      if (label == node.node->labels.end()) {
        return PluginStatus::Unresolvable("node(s) didn't match pod topology spread constraints (missing required label)");
      }
      auto it = fs->counts[i].find(label->second);
      const int64_t here = it == fs->counts[i].end() ? 0 : it->second;
      const int64_t self = Counts(c, pod, pod) ? 1 : 0;
      if (here + self - fs->min_counts[i] > c.max_skew) {
        return PluginStatus::Unschedulable("node(s) didn't match pod topology spread constraints");
      }
    }
    return PluginStatus::Success();
  }

  PluginStatus PreScore(CycleState& state, const Pod& pod, const std::vector<NodeInfo*>& nodes,
                        const Snapshot&) override {
    ScoreState ss;
    for (const Constraint& c : Constraints(pod)) {
      if (!c.hard) ss.constraints.push_back(c);
    }
    if (ss.constraints.empty()) return PluginStatus::Skip();
    ss.counts.resize(ss.constraints.size());
    for (NodeInfo* node : nodes) {
      for (size_t i = 0; i < ss.constraints.size(); ++i) {
        const Constraint& c = ss.constraints[i];
        if (!Eligible(c, pod, *node->node)) continue;
        ss.counts[i][node->node->labels.at(c.key)] += CountOn(c, pod, *node);
      }
    }
    for (auto& counts : ss.counts) ss.weights.push_back(std::log(static_cast<double>(counts.size()) + 2));
    state.Write(std::string(Name()) + "/score", std::move(ss));
    return PluginStatus::Success();
  }

  // Lower is better here; NormalizeScore turns it around. -1: the node lacks
  // a key and gets 0.
  int64_t Score(const CycleState& state, const Pod&, const NodeInfo& node) const override {
    const ScoreState* ss = state.Read<ScoreState>(std::string(Name()) + "/score");
    if (ss == nullptr) return 0;
    double score = 0;
    for (size_t i = 0; i < ss->constraints.size(); ++i) {
      auto label = node.node->labels.find(ss->constraints[i].key);
      if (label == node.node->labels.end()) {
        if (ss->constraints[i].key_required) return -1;
        continue;
      }
      auto it = ss->counts[i].find(label->second);
      const double n = it == ss->counts[i].end() ? 0 : static_cast<double>(it->second);
      score += n * ss->weights[i] + static_cast<double>(ss->constraints[i].max_skew - 1);
    }
    return static_cast<int64_t>(std::round(score * 1000));
  }

  void NormalizeScore(const CycleState&, const Pod&, std::vector<int64_t>& scores) const override {
    int64_t min = std::numeric_limits<int64_t>::max(), max = 0;
    for (int64_t s : scores) {
      if (s < 0) continue;
      min = std::min(min, s);
      max = std::max(max, s);
    }
    for (int64_t& s : scores) {
      if (s < 0) {
        s = 0;
      } else if (max == 0) {
        s = kMaxNodeScore;
      } else {
        s = kMaxNodeScore * (max + min - s) / max;
      }
    }
  }

 private:
  std::vector<Constraint> Constraints(const Pod& pod) const {
    std::vector<Constraint> out;
    for (const TopologySpreadConstraint& t : pod.spread_constraints) {
      out.push_back({t.max_skew, t.topology_key, t.do_not_schedule, t.min_domains, t.honor_node_affinity,
                     t.honor_taints, {t.selector}, "", true});
    }
    if (!out.empty()) return out;
    // System defaults: spread what a controller or Service groups together.
    std::vector<LabelSelector> selectors;
    if (ctx_.service_selectors) selectors = ctx_.service_selectors(pod);
    if (selectors.empty() && pod.owner_uid.empty()) return out;
    out.push_back({3, "kubernetes.io/hostname", false, 1, true, false, selectors, pod.owner_uid, false});
    out.push_back({5, "topology.kubernetes.io/zone", false, 1, true, false, selectors, pod.owner_uid, false});
    return out;
  }

  const PluginContext ctx_;
};

}  // namespace

std::unique_ptr<Plugin> NewPodTopologySpread(const PluginContext& ctx) {
  return std::make_unique<PodTopologySpread>(ctx);
}

}  // namespace k1s::scheduler
