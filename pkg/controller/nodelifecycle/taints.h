// Taints and tolerations as the node lifecycle controller reads them.
#pragma once

#include <chrono>
#include <optional>

#include <nlohmann/json.hpp>

namespace k1s::controller {

inline constexpr const char* kUnreachableTaint = "node.kubernetes.io/unreachable";
inline constexpr const char* kNotReadyTaint = "node.kubernetes.io/not-ready";

// Does `toleration` ({key, operator, value, effect}) tolerate `taint`?
// Kubernetes' rules: an empty effect matches every effect, operator Exists
// with an empty key matches every taint, Equal (the default) compares values.
bool Tolerates(const nlohmann::json& toleration, const nlohmann::json& taint);

// When a pod with `tolerations` must leave a node with the NoExecute
// `taints`: nullopt = may stay for ever; a time point at or before `now` =
// now. A taint without timeAdded counts from `now`.
std::optional<std::chrono::system_clock::time_point> EvictionTime(
    const nlohmann::json& tolerations, const nlohmann::json& taints,
    std::chrono::system_clock::time_point now);

}  // namespace k1s::controller
