// YAML request bodies (application/apply-patch+yaml) as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pkg/util/result.h"

namespace k1s::apiserver {

// Reads one YAML document as JSON: quoted scalars are strings; plain ones
// are null, true/false, integers or floats when they look like one, else
// strings. BadRequest with the parser's message when it is not YAML.
Result<nlohmann::json> YamlToJson(const std::string& text);

}  // namespace k1s::apiserver
