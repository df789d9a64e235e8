// Node-local filters and scores: NodeUnschedulable, NodeName, TaintToleration,
// NodeAffinity, NodePorts.
#include <cstdlib>

#include "pkg/scheduler/plugins.h"

namespace k1s::scheduler {

namespace {

class NodeUnschedulable final : public FilterPlugin {
 public:
  std::string_view Name() const override { return "NodeUnschedulable"; }
  PluginStatus Filter(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    if (!node.node->unschedulable) return PluginStatus::Success();
    const Taint cordon{"node.kubernetes.io/unschedulable", "", "NoSchedule"};
    for (const Toleration& t : pod.tolerations) {
      if (t.Tolerates(cordon)) return PluginStatus::Success();
    }
    return PluginStatus::Unresolvable("node(s) were unschedulable");
  }
};

class NodeName final : public FilterPlugin {
 public:
  std::string_view Name() const override { return "NodeName"; }
  PluginStatus Filter(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    if (pod.node_name.empty() || pod.node_name == node.name()) return PluginStatus::Success();
    return PluginStatus::Unresolvable("node(s) didn't match the requested node name");
  }
};

class TaintToleration final : public FilterPlugin, public ScorePlugin {
 public:
  std::string_view Name() const override { return "TaintToleration"; }
  PluginStatus Filter(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    for (const Taint& taint : node.node->taints) {
      if (taint.effect != "NoSchedule" && taint.effect != "NoExecute") continue;
      bool tolerated = false;
      for (const Toleration& t : pod.tolerations) tolerated = tolerated || t.Tolerates(taint);
      if (!tolerated) {
        return PluginStatus::Unresolvable("node(s) had untolerated taint {" + taint.key + ": " + taint.value + "}");
      }
    }
    return PluginStatus::Success();
  }
  // The number of PreferNoSchedule taints the pod does not tolerate.
  int64_t Score(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    int64_t n = 0;
    for (const Taint& taint : node.node->taints) {
      if (taint.effect != "PreferNoSchedule") continue;
      bool tolerated = false;
      for (const Toleration& t : pod.tolerations) {
        if (t.effect.empty() || t.effect == "PreferNoSchedule") tolerated = tolerated || t.Tolerates(taint);
      }
      if (!tolerated) ++n;
    }
    return n;
  }
  void NormalizeScore(const CycleState&, const Pod&, std::vector<int64_t>& scores) const override {
    DefaultNormalizeScore(scores, true);
  }
};

class NodeAffinity final : public FilterPlugin, public ScorePlugin {
 public:
  std::string_view Name() const override { return "NodeAffinity"; }
  PluginStatus Filter(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    if (MatchesNodeSelectorAndAffinity(pod, *node.node)) return PluginStatus::Success();
    return PluginStatus::Unresolvable("node(s) didn't match Pod's node affinity/selector");
  }
  int64_t Score(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    int64_t sum = 0;
    for (const PreferredSchedulingTerm& t : pod.preferred_node_affinity) {
      if (t.weight != 0 && MatchesTerm(t.term, *node.node)) sum += t.weight;
    }
    return sum;
  }
  void NormalizeScore(const CycleState&, const Pod&, std::vector<int64_t>& scores) const override {
    DefaultNormalizeScore(scores, false);
  }
};

bool IpsConflict(const std::string& a, const std::string& b) {
  const bool any_a = a.empty() || a == "0.0.0.0" || a == "::";
  const bool any_b = b.empty() || b == "0.0.0.0" || b == "::";
  return any_a || any_b || a == b;
}

class NodePorts final : public FilterPlugin {
 public:
  std::string_view Name() const override { return "NodePorts"; }
  PluginStatus Filter(const CycleState&, const Pod& pod, const NodeInfo& node) const override {
    if (pod.host_ports.empty()) return PluginStatus::Success();
    for (const PodPtr& other : node.pods) {
      for (const HostPort& used : other->host_ports) {
        for (const HostPort& want : pod.host_ports) {
          if (used.port == want.port && used.protocol == want.protocol && IpsConflict(used.ip, want.ip)) {
            return PluginStatus::Unschedulable("node(s) didn't have free ports for the requested pod ports");
          }
        }
      }
    }
    return PluginStatus::Success();
  }
};

bool MatchesRequirement(const NodeSelectorRequirement& r, const Labels& labels) {
  auto it = labels.find(r.key);
  const bool has = it != labels.end();
  if (r.op == "In") {
    if (!has) return false;
    for (const std::string& v : r.values) {
      if (v == it->second) return true;
    }
    return false;
  }
  if (r.op == "NotIn") {
    if (!has) return true;
    for (const std::string& v : r.values) {
      if (v == it->second) return false;
    }
    return true;
  }
  if (r.op == "Exists") return has;
  if (r.op == "DoesNotExist") return !has;
  if (r.op == "Gt" || r.op == "Lt") {
    if (!has || r.values.size() != 1) return false;
    char* end = nullptr;
    const long long have = std::strtoll(it->second.c_str(), &end, 10);
    if (end == it->second.c_str() || *end != '\0') return false;
    const long long want = std::strtoll(r.values[0].c_str(), &end, 10);
    if (end == r.values[0].c_str() || *end != '\0') return false;
    return r.op == "Gt" ? have > want : have < want;
  }
  return false;
}

}  // namespace

bool MatchesTerm(const NodeSelectorTerm& term, const Node& node) {
  // An empty term matches no node.
  if (term.match_expressions.empty() && term.match_fields.empty()) return false;
  for (const NodeSelectorRequirement& r : term.match_expressions) {
    if (!MatchesRequirement(r, node.labels)) return false;
  }
  for (const NodeSelectorRequirement& r : term.match_fields) {
    if (r.key != "metadata.name" || !MatchesRequirement(r, {{"metadata.name", node.name}})) return false;
  }
  return true;
}

bool MatchesAnyTerm(const std::vector<NodeSelectorTerm>& terms, const Node& node) {
  for (const NodeSelectorTerm& t : terms) {
    if (MatchesTerm(t, node)) return true;
  }
  return false;
}

bool MatchesNodeSelectorAndAffinity(const Pod& pod, const Node& node) {
  for (const auto& [k, v] : pod.node_selector) {
    auto it = node.labels.find(k);
    if (it == node.labels.end() || it->second != v) return false;
  }
  return !pod.required_node_affinity || MatchesAnyTerm(*pod.required_node_affinity, node);
}

void DefaultNormalizeScore(std::vector<int64_t>& scores, bool reverse) {
  int64_t max = 0;
  for (int64_t s : scores) max = std::max(max, s);
  if (max == 0) {
    if (reverse) {
      for (int64_t& s : scores) s = kMaxNodeScore;
    }
    return;
  }
  for (int64_t& s : scores) {
    s = kMaxNodeScore * s / max;
    if (reverse) s = kMaxNodeScore - s;
  }
}

std::unique_ptr<Plugin> NewNodeUnschedulable(const PluginContext&) { return std::make_unique<NodeUnschedulable>(); }
std::unique_ptr<Plugin> NewNodeName(const PluginContext&) { return std::make_unique<NodeName>(); }
std::unique_ptr<Plugin> NewTaintToleration(const PluginContext&) { return std::make_unique<TaintToleration>(); }
std::unique_ptr<Plugin> NewNodeAffinity(const PluginContext&) { return std::make_unique<NodeAffinity>(); }
std::unique_ptr<Plugin> NewNodePorts(const PluginContext&) { return std::make_unique<NodePorts>(); }

}  // namespace k1s::scheduler
