#include "pkg/controller/daemonset/node_fit.h"

#include <algorithm>

namespace k1s::controller::daemonset {

namespace {

bool Tolerates(const Json& toleration, const Json& taint) {
  const std::string effect = toleration.value("effect", "");
  if (!effect.empty() && effect != taint.value("effect", "")) return false;
  const std::string key = toleration.value("key", "");
  const std::string op = toleration.value("operator", "Equal");
  if (key.empty()) return op == "Exists";
  if (key != taint.value("key", "")) return false;
  return op == "Exists" || toleration.value("value", "") == taint.value("value", "");
}

bool MatchRequirement(const Json& req, const std::string& actual, bool present) {
  const std::string op = req.value("operator", "");
  const Json values = req.value("values", Json::array());
  const bool in = present && std::find(values.begin(), values.end(), Json(actual)) != values.end();
  if (op == "In") return in;
  if (op == "NotIn") return !in;
  if (op == "Exists") return present;
  if (op == "DoesNotExist") return !present;
  if ((op == "Gt" || op == "Lt") && present && !values.empty()) {
    try {
      const long long a = std::stoll(actual), b = std::stoll(values[0].get<std::string>());
      return op == "Gt" ? a > b : a < b;
    } catch (...) {
      return false;
    }
  }
  return false;
}

bool MatchTerm(const Json& term, const Json& node) {
  const Json labels = node["metadata"].value("labels", Json::object());
  for (const Json& req : term.value("matchExpressions", Json::array())) {
    const std::string key = req.value("key", "");
    const bool present = labels.is_object() && labels.contains(key) && labels[key].is_string();
    if (!MatchRequirement(req, present ? labels[key].get<std::string>() : "", present)) return false;
  }
  for (const Json& req : term.value("matchFields", Json::array())) {
    if (req.value("key", "") != "metadata.name") return false;
    if (!MatchRequirement(req, node["metadata"].value("name", ""), true)) return false;
  }
  return term.contains("matchExpressions") || term.contains("matchFields");
}

}  // namespace

Json WithDaemonTolerations(Json spec) {
  if (!spec.contains("tolerations") || !spec["tolerations"].is_array()) spec["tolerations"] = Json::array();
  auto add = [&](const char* key, const char* effect) {
    for (const Json& t : spec["tolerations"]) {
      if (t.value("key", "") == key && t.value("effect", "") == effect && t.value("operator", "") == "Exists") return;
    }
    spec["tolerations"].push_back({{"key", key}, {"operator", "Exists"}, {"effect", effect}});
  };
  add("node.kubernetes.io/not-ready", "NoExecute");
  add("node.kubernetes.io/unreachable", "NoExecute");
  add("node.kubernetes.io/disk-pressure", "NoSchedule");
  add("node.kubernetes.io/memory-pressure", "NoSchedule");
  add("node.kubernetes.io/pid-pressure", "NoSchedule");
  add("node.kubernetes.io/unschedulable", "NoSchedule");
  if (spec.value("hostNetwork", false)) add("node.kubernetes.io/network-unavailable", "NoSchedule");
  return spec;
}

Json WithNodeAffinity(Json spec, const std::string& node) {
  Json term = {{"matchFields", Json::array({{{"key", "metadata.name"}, {"operator", "In"}, {"values", {node}}}})}};
  spec["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] = {
      {"nodeSelectorTerms", Json::array({term})}};
  return spec;
}

std::string PodNode(const Json& pod) {
  const Json spec = pod.value("spec", Json::object());
  if (!spec.value("nodeName", "").empty()) return spec["nodeName"];
  const Json terms = spec.value("affinity", Json::object())
                         .value("nodeAffinity", Json::object())
                         .value("requiredDuringSchedulingIgnoredDuringExecution", Json::object())
                         .value("nodeSelectorTerms", Json::array());
  for (const Json& t : terms) {
    for (const Json& f : t.value("matchFields", Json::array())) {
      if (f.value("key", "") == "metadata.name" && f.value("values", Json::array()).size() == 1) {
        return f["values"][0].get<std::string>();
      }
    }
  }
  return "";
}

bool ShouldRun(const Json& spec, const Json& node) {
  const Json labels = node["metadata"].value("labels", Json::object());
  const Json node_selector = spec.value("nodeSelector", Json::object());
  for (const auto& [k, v] : node_selector.items()) {
    if (!labels.is_object() || !labels.contains(k) || labels[k] != v) return false;
  }
  const Json required = spec.value("affinity", Json::object())
                            .value("nodeAffinity", Json::object())
                            .value("requiredDuringSchedulingIgnoredDuringExecution", Json());
  if (required.is_object()) {
    const Json terms = required.value("nodeSelectorTerms", Json::array());
    if (!std::any_of(terms.begin(), terms.end(), [&](const Json& t) { return MatchTerm(t, node); })) return false;
  }
  const Json tolerations = spec.value("tolerations", Json::array());
  Json taints = node.value("spec", Json::object()).value("taints", Json::array());
  if (node.value("spec", Json::object()).value("unschedulable", false)) {
    taints.push_back({{"key", "node.kubernetes.io/unschedulable"}, {"effect", "NoSchedule"}});
  }
  for (const Json& taint : taints) {
    const std::string effect = taint.value("effect", "");
    if (effect != "NoSchedule" && effect != "NoExecute") continue;
    if (!std::any_of(tolerations.begin(), tolerations.end(), [&](const Json& t) { return Tolerates(t, taint); })) {
      return false;
    }
  }
  return true;
}

}  // namespace k1s::controller::daemonset
