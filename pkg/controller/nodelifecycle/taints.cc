#include "pkg/controller/nodelifecycle/taints.h"

#include <algorithm>

#include "pkg/util/time_format.h"

namespace k1s::controller {

using Json = nlohmann::json;

bool Tolerates(const Json& toleration, const Json& taint) {
  const std::string effect = toleration.value("effect", "");
  if (!effect.empty() && effect != taint.value("effect", "")) return false;
  const std::string op = toleration.value("operator", "Equal");
  const std::string key = toleration.value("key", "");
  if (op == "Exists") return key.empty() || key == taint.value("key", "");
  if (key != taint.value("key", "")) return false;
  return toleration.value("value", "") == taint.value("value", "");
}

std::optional<std::chrono::system_clock::time_point> EvictionTime(const Json& tolerations, const Json& taints,
                                                                  std::chrono::system_clock::time_point now) {
  std::optional<std::chrono::system_clock::time_point> earliest;
  for (const Json& taint : taints) {
    if (taint.value("effect", "") != "NoExecute") continue;
    bool tolerated = false;
    std::optional<int64_t> seconds;  // the shortest tolerationSeconds among the matches
    for (const Json& t : tolerations) {
      if (!Tolerates(t, taint)) continue;
      tolerated = true;
      if (t.contains("tolerationSeconds") && t["tolerationSeconds"].is_number_integer()) {
        int64_t s = std::max<int64_t>(0, t["tolerationSeconds"].get<int64_t>());
        seconds = seconds ? std::min(*seconds, s) : s;
      }
    }
    if (!tolerated) return now;
    // Only tolerations without tolerationSeconds: the pod stays.
    if (!seconds) continue;
    auto added = ParseRfc3339(taint.value("timeAdded", "")).value_or(now);
    auto when = added + std::chrono::seconds(*seconds);
    earliest = earliest ? std::min(*earliest, when) : when;
  }
  return earliest;
}

}  // namespace k1s::controller
