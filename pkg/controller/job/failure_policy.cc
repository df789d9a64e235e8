#include "pkg/controller/job/failure_policy.h"

#include <algorithm>

namespace k1s::controller::job {

namespace {

using Json = nlohmann::json;

FailureAction ActionOf(const std::string& a) {
  if (a == "Ignore") return FailureAction::kIgnore;
  if (a == "FailJob") return FailureAction::kFailJob;
  if (a == "FailIndex") return FailureAction::kFailIndex;
  return FailureAction::kCount;
}

std::string PodKey(const Json& pod) {
  return pod["metadata"].value("namespace", "") + "/" + pod["metadata"].value("name", "");
}

// The container (app, then init) whose non-zero exit code the rule matches.
std::optional<std::pair<std::string, int64_t>> MatchExitCodes(const Json& req, const Json& pod) {
  const std::string op = req.value("operator", "In");
  const std::string only = req.value("containerName", "");
  std::vector<int64_t> values;
  for (const Json& v : req.value("values", Json::array())) {
    if (v.is_number_integer()) values.push_back(v.get<int64_t>());
  }
  const Json status = pod.value("status", Json::object());
  for (const char* list : {"containerStatuses", "initContainerStatuses"}) {
    for (const Json& cs : status.value(list, Json::array())) {
      if (!only.empty() && cs.value("name", "") != only) continue;
      const Json term = cs.value("state", Json::object()).value("terminated", Json());
      if (!term.is_object()) continue;
      const int64_t code = term.value("exitCode", int64_t{0});
      if (code == 0) continue;
      const bool in = std::find(values.begin(), values.end(), code) != values.end();
      if ((op == "In") == in) return std::make_pair(cs.value("name", ""), code);
    }
  }
  return std::nullopt;
}

bool MatchConditions(const Json& patterns, const Json& pod) {
  for (const Json& p : patterns) {
    for (const Json& c : pod.value("status", Json::object()).value("conditions", Json::array())) {
      if (c.value("type", "") == p.value("type", "") &&
          c.value("status", "") == p.value("status", "True")) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

FailureVerdict MatchFailurePolicy(const Json& policy, const Json& pod) {
  if (!policy.is_object()) return {};
  const Json rules = policy.value("rules", Json::array());
  for (size_t i = 0; i < rules.size(); ++i) {
    const Json& rule = rules[i];
    const std::string action = rule.value("action", "");
    if (rule.contains("onExitCodes") && rule["onExitCodes"].is_object()) {
      auto m = MatchExitCodes(rule["onExitCodes"], pod);
      if (!m) continue;
      return {ActionOf(action), "Container " + m->first + " for pod " + PodKey(pod) +
                                    " failed with exit code " + std::to_string(m->second) + " matching " +
                                    action + " rule at index " + std::to_string(i)};
    }
    if (rule.contains("onPodConditions") && MatchConditions(rule["onPodConditions"], pod)) {
      return {ActionOf(action), "Pod " + PodKey(pod) + " has condition matching " + action +
                                    " rule at index " + std::to_string(i)};
    }
  }
  return {};
}

}  // namespace k1s::controller::job
