// The JSONPath subset CRD printer columns use (kubectl's dialect, without
// the braces): ".spec.replicas", ".status.conditions[0].type",
// ".status.conditions[?(@.type==\"Ready\")].status", ".metadata.labels.app".
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pkg/util/result.h"

namespace k1s::apiserver {

// Invalid with a message naming the problem when `path` is not in the subset.
Status ValidateJsonPath(const std::string& path);
// The first value `path` selects in `object`, or null when it selects nothing
// (or is invalid).
nlohmann::json EvaluateJsonPath(const std::string& path, const nlohmann::json& object);

}  // namespace k1s::apiserver
