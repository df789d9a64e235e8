// InterPodAffinity: required pod affinity and anti-affinity (filter), and
// preferred ones (score), each term relative to a topologyKey's domains.
#include <algorithm>
#include <set>
#include <unordered_map>

#include "pkg/scheduler/plugins.h"

namespace k1s::scheduler {

namespace {

using TopologyPair = std::pair<std::string, std::string>;  // label key, value

struct PairHash {
  size_t operator()(const TopologyPair& p) const {
    return std::hash<std::string>()(p.first) * 31 + std::hash<std::string>()(p.second);
  }
};
using PairCounts = std::unordered_map<TopologyPair, int64_t, PairHash>;

// Whether `term`, written in a pod of namespace `owner_ns`, selects `target`.
bool TermMatches(const PodAffinityTerm& term, const std::string& owner_ns, const Pod& target,
                 const Snapshot& snapshot) {
  bool ns_ok = false;
  if (term.namespaces.empty() && !term.namespace_selector) {
    ns_ok = target.ns == owner_ns;
  } else {
    ns_ok = std::find(term.namespaces.begin(), term.namespaces.end(), target.ns) != term.namespaces.end();
    if (!ns_ok && term.namespace_selector) {
      ns_ok = term.namespace_selector->IsEverything() ||
              term.namespace_selector->Matches(snapshot.namespace_labels(target.ns));
    }
  }
  return ns_ok && term.selector.Matches(target.labels);
}

const std::string* LabelOf(const Node& node, const std::string& key) {
  auto it = node.labels.find(key);
  return it == node.labels.end() ? nullptr : &it->second;
}

struct FilterState {
  PairCounts affinity;       // domains holding pods that match all affinity terms
  PairCounts anti_affinity;  // domains holding pods the pod's anti-affinity forbids
  PairCounts existing_anti;  // domains where existing pods' anti-affinity forbids the pod
  bool self_matches_affinity = false;
};

struct ScoreState {
  PairCounts scores;
};

class InterPodAffinity final : public PreFilterPlugin, public FilterPlugin, public PreScorePlugin, public ScorePlugin {
 public:
  std::string_view Name() const override { return "InterPodAffinity"; }

  PluginStatus PreFilter(CycleState& state, const Pod& pod, const Snapshot& snapshot) override {
    const bool own = !pod.required_affinity.empty() || !pod.required_anti_affinity.empty();
    if (!own && snapshot.pods_with_required_anti_affinity == 0) return PluginStatus::Skip();
    FilterState fs;
    for (NodeInfo* node : *snapshot.nodes) {
      if (own) {
        for (const PodPtr& other : node->pods) Count(pod, *other, *node->node, snapshot, fs);
      }
      if (node->pods_with_required_anti_affinity == 0) continue;
      for (const PodPtr& other : node->pods) {
        for (const PodAffinityTerm& t : other->required_anti_affinity) {
          const std::string* value = LabelOf(*node->node, t.topology_key);
          if (value != nullptr && TermMatches(t, other->ns, pod, snapshot)) {
            ++fs.existing_anti[{t.topology_key, *value}];
          }
        }
      }
    }
    fs.self_matches_affinity = !pod.required_affinity.empty();
    for (const PodAffinityTerm& t : pod.required_affinity) {
      fs.self_matches_affinity = fs.self_matches_affinity && TermMatches(t, pod.ns, pod, snapshot);
    }
    state.Write(Name(), std::move(fs));
    return PluginStatus::Success();
  }

  PluginStatus Filter(const CycleState& state, const Pod& pod, const NodeInfo& node) const override {
    const FilterState* fs = state.Read<FilterState>(Name());
    if (fs == nullptr) return PluginStatus::Success();
    const Node& n = *node.node;
    if (!pod.required_affinity.empty()) {
      bool ok = true;
      for (const PodAffinityTerm& t : pod.required_affinity) {
        const std::string* value = LabelOf(n, t.topology_key);
        if (value == nullptr || !fs->affinity.contains({t.topology_key, *value})) ok = false;
      }
      // The first pod of a group that selects itself may go anywhere the
      // topology keys exist.
      if (!ok && fs->affinity.empty() && fs->self_matches_affinity) {
        ok = true;
        for (const PodAffinityTerm& t : pod.required_affinity) ok = ok && LabelOf(n, t.topology_key) != nullptr;
      }
      if (!ok) return PluginStatus::Unresolvable("node(s) didn't match pod affinity rules");
    }
    for (const PodAffinityTerm& t : pod.required_anti_affinity) {
      const std::string* value = LabelOf(n, t.topology_key);
      if (value != nullptr && fs->anti_affinity.contains({t.topology_key, *value})) {
        return PluginStatus::Unschedulable("node(s) didn't match pod anti-affinity rules");
      }
    }
    if (!fs->existing_anti.empty()) {
      for (const auto& [k, v] : n.labels) {
        if (fs->existing_anti.contains({k, v})) {
          return PluginStatus::Unschedulable("node(s) didn't satisfy existing pods anti-affinity rules");
        }
      }
    }
    return PluginStatus::Success();
  }

  PluginStatus PreScore(CycleState& state, const Pod& pod, const std::vector<NodeInfo*>&,
                        const Snapshot& snapshot) override {
    const bool own = !pod.preferred_affinity.empty() || !pod.preferred_anti_affinity.empty();
    if (!own && snapshot.pods_with_affinity == 0) return PluginStatus::Skip();
    ScoreState ss;
    for (NodeInfo* node : *snapshot.nodes) {
      if (!own && node->pods_with_affinity == 0) continue;
      for (const PodPtr& other : node->pods) {
        // The incoming pod's preferences towards existing pods...
        for (const WeightedPodAffinityTerm& w : pod.preferred_affinity) {
          Add(w.term, pod.ns, *other, *node->node, w.weight, snapshot, ss);
        }
        for (const WeightedPodAffinityTerm& w : pod.preferred_anti_affinity) {
          Add(w.term, pod.ns, *other, *node->node, -w.weight, snapshot, ss);
        }
        // ...and existing pods' preferences towards the incoming one.
        if (!other->HasAffinityTerms()) continue;
        for (const WeightedPodAffinityTerm& w : other->preferred_affinity) {
          Add(w.term, other->ns, pod, *node->node, w.weight, snapshot, ss);
        }
        for (const WeightedPodAffinityTerm& w : other->preferred_anti_affinity) {
          Add(w.term, other->ns, pod, *node->node, -w.weight, snapshot, ss);
        }
      }
    }
    if (ss.scores.empty()) return PluginStatus::Skip();
    state.Write(std::string(Name()) + "/score", std::move(ss));
    return PluginStatus::Success();
  }

  int64_t Score(const CycleState& state, const Pod&, const NodeInfo& node) const override {
    const ScoreState* ss = state.Read<ScoreState>(std::string(Name()) + "/score");
    if (ss == nullptr) return 0;
    int64_t sum = 0;
    for (const auto& [k, v] : node.node->labels) {
      auto it = ss->scores.find({k, v});
      if (it != ss->scores.end()) sum += it->second;
    }
    return sum;
  }

  void NormalizeScore(const CycleState&, const Pod&, std::vector<int64_t>& scores) const override {
    if (scores.empty()) return;
    const auto [lo, hi] = std::minmax_element(scores.begin(), scores.end());
    const int64_t min = *lo, max = *hi;
    for (int64_t& s : scores) s = max == min ? 0 : kMaxNodeScore * (s - min) / (max - min);
  }

 private:
  static void Count(const Pod& pod, const Pod& other, const Node& node, const Snapshot& snapshot, FilterState& fs) {
    if (!pod.required_affinity.empty()) {
      bool all = true;
      for (const PodAffinityTerm& t : pod.required_affinity) all = all && TermMatches(t, pod.ns, other, snapshot);
      if (all) {
        for (const PodAffinityTerm& t : pod.required_affinity) {
          if (const std::string* v = LabelOf(node, t.topology_key)) ++fs.affinity[{t.topology_key, *v}];
        }
      }
    }
    for (const PodAffinityTerm& t : pod.required_anti_affinity) {
      const std::string* v = LabelOf(node, t.topology_key);
      if (v != nullptr && TermMatches(t, pod.ns, other, snapshot)) ++fs.anti_affinity[{t.topology_key, *v}];
    }
  }

  static void Add(const PodAffinityTerm& term, const std::string& owner_ns, const Pod& target, const Node& node,
                  int64_t weight, const Snapshot& snapshot, ScoreState& ss) {
    if (weight == 0) return;
    const std::string* v = LabelOf(node, term.topology_key);
    if (v != nullptr && TermMatches(term, owner_ns, target, snapshot)) ss.scores[{term.topology_key, *v}] += weight;
  }
};

}  // namespace

std::unique_ptr<Plugin> NewInterPodAffinity(const PluginContext&) { return std::make_unique<InterPodAffinity>(); }

}  // namespace k1s::scheduler
