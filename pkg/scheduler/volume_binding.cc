// VolumeBinding (basic): a pod's PersistentVolumeClaims must exist, claims
// with Immediate binding must be bound, and the node must satisfy the node
// affinity of every bound PersistentVolume. Provisioning for
// WaitForFirstConsumer claims is left to whoever provisions.
#include "pkg/scheduler/plugins.h"

namespace k1s::scheduler {

namespace {

using client::Json;

NodeSelectorTerm ReadTerm(const Json& j) {
  NodeSelectorTerm term;
  auto read = [](const Json& list, std::vector<NodeSelectorRequirement>& out) {
    if (!list.is_array()) return;
    for (const Json& e : list) {
      NodeSelectorRequirement r{e.value("key", ""), e.value("operator", ""), {}};
      if (e.contains("values") && e["values"].is_array()) {
        for (const Json& v : e["values"]) {
          if (v.is_string()) r.values.push_back(v.get<std::string>());
        }
      }
      out.push_back(std::move(r));
    }
  };
  if (j.is_object()) {
    read(j.value("matchExpressions", Json()), term.match_expressions);
    read(j.value("matchFields", Json()), term.match_fields);
  }
  return term;
}

struct State {
  // Each bound volume's required node selector terms (one of each must match).
  std::vector<std::vector<NodeSelectorTerm>> volume_terms;
};

class VolumeBinding final : public PreFilterPlugin, public FilterPlugin {
 public:
  explicit VolumeBinding(const PluginContext& ctx) : ctx_(ctx) {}
  std::string_view Name() const override { return "VolumeBinding"; }

  PluginStatus PreFilter(CycleState& state, const Pod& pod, const Snapshot&) override {
    if (pod.pvc_names.empty() || !ctx_.get_pvc) return PluginStatus::Skip();
    State st;
    for (const std::string& claim : pod.pvc_names) {
      client::ObjectPtr pvc = ctx_.get_pvc(pod.ns, claim);
      if (pvc == nullptr) {
        return PluginStatus::Unresolvable("persistentvolumeclaim \"" + claim + "\" not found");
      }
      const Json spec = pvc->value("spec", Json::object());
      const std::string volume = spec.value("volumeName", "");
      if (volume.empty()) {
        if (!WaitsForConsumer(spec.value("storageClassName", ""))) {
          return PluginStatus::Unresolvable("pod has unbound immediate PersistentVolumeClaims");
        }
        continue;
      }
      client::ObjectPtr pv = ctx_.get_pv ? ctx_.get_pv(volume) : nullptr;
      if (pv == nullptr) continue;
      const Json& terms = (*pv)["spec"].value("nodeAffinity", Json::object()).value("required", Json::object());
      if (!terms.contains("nodeSelectorTerms")) continue;
      std::vector<NodeSelectorTerm> parsed;
      for (const Json& t : terms["nodeSelectorTerms"]) parsed.push_back(ReadTerm(t));
      st.volume_terms.push_back(std::move(parsed));
    }
    if (st.volume_terms.empty()) return PluginStatus::Skip();
    state.Write(Name(), std::move(st));
    return PluginStatus::Success();
  }

  PluginStatus Filter(const CycleState& state, const Pod&, const NodeInfo& node) const override {
    const State* st = state.Read<State>(Name());
    if (st == nullptr) return PluginStatus::Success();
    for (const auto& terms : st->volume_terms) {
      if (!MatchesAnyTerm(terms, *node.node)) {
        return PluginStatus::Unresolvable("node(s) had volume node affinity conflict");
      }
    }
    return PluginStatus::Success();
  }

 private:
  bool WaitsForConsumer(const std::string& class_name) const {
    if (class_name.empty() || !ctx_.get_storage_class) return false;
    client::ObjectPtr sc = ctx_.get_storage_class(class_name);
    return sc != nullptr && sc->value("volumeBindingMode", "") == "WaitForFirstConsumer";
  }

  const PluginContext ctx_;
};

}  // namespace

std::unique_ptr<Plugin> NewVolumeBinding(const PluginContext& ctx) { return std::make_unique<VolumeBinding>(ctx); }

}  // namespace k1s::scheduler
