#include "pkg/controller/common/status_util.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "pkg/util/time_format.h"

namespace k1s::controller::common {

const Json* FindCondition(const Json& conditions, const std::string& type) {
  if (!conditions.is_array()) return nullptr;
  for (const Json& c : conditions) {
    if (c.is_object() && c.value("type", "") == type) return &c;
  }
  return nullptr;
}

bool SetCondition(Json& conditions, const std::string& type, const std::string& status,
                  const std::string& reason, const std::string& message, Clock::time_point now,
                  bool update_time) {
  if (!conditions.is_array()) conditions = Json::array();
  const std::string ts = FormatRfc3339(now);
  Json next = {{"type", type}, {"status", status}, {"reason", reason}, {"message", message}};
  next["lastTransitionTime"] = ts;
  if (update_time) next["lastUpdateTime"] = ts;
  // As Kubernetes does, a changed condition moves to the end of the list.
  if (const Json* c = FindCondition(conditions, type)) {
    if (c->value("status", "") == status && c->value("reason", "") == reason &&
        c->value("message", "") == message) {
      return false;
    }
    if (c->value("status", "") == status) next["lastTransitionTime"] = c->value("lastTransitionTime", ts);
  }
  Json kept = Json::array();
  for (const Json& c : conditions) {
    if (!c.is_object() || c.value("type", "") != type) kept.push_back(c);
  }
  kept.push_back(std::move(next));
  conditions = std::move(kept);
  return true;
}

void RemoveCondition(Json& conditions, const std::string& type) {
  if (!conditions.is_array()) return;
  Json kept = Json::array();
  for (const Json& c : conditions) {
    if (!c.is_object() || c.value("type", "") != type) kept.push_back(c);
  }
  conditions = std::move(kept);
}

void DropZeroFields(Json& status, std::initializer_list<const char*> keep) {
  std::vector<std::string> drop;
  for (const auto& [k, v] : status.items()) {
    if (!v.is_number_integer() || v.get<int64_t>() != 0) continue;
    if (std::any_of(keep.begin(), keep.end(), [&](const char* s) { return k == s; })) continue;
    drop.push_back(k);
  }
  for (const auto& k : drop) status.erase(k);
}

}  // namespace k1s::controller::common
