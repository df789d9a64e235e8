// Status conditions and the omitempty habit of Kubernetes' status structs.
#pragma once

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "pkg/util/clock.h"

namespace k1s::controller::common {

using Json = nlohmann::json;

// The condition of `type` in `conditions` (an array), or nullptr.
const Json* FindCondition(const Json& conditions, const std::string& type);
// Sets the condition of `type`. lastTransitionTime moves only when the
// status changes; with `update_time` (Deployments) lastUpdateTime is set too.
// Returns true if anything changed.
bool SetCondition(Json& conditions, const std::string& type, const std::string& status,
                  const std::string& reason, const std::string& message, Clock::time_point now,
                  bool update_time = false);
void RemoveCondition(Json& conditions, const std::string& type);

// Removes integer fields equal to 0 except those in `keep` (Go's omitempty).
void DropZeroFields(Json& status, std::initializer_list<const char*> keep);

}  // namespace k1s::controller::common
