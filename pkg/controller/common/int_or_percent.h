// IntOrString values such as maxSurge: 2 or "25%".
#pragma once

#include <nlohmann/json.hpp>

#include "pkg/util/result.h"

namespace k1s::controller::common {

// `value` (an int or "N%") scaled against `total`; percentages round up or
// down as asked. null/absent gives `fallback`. Invalid for other strings.
Result<int64_t> ScaledValue(const nlohmann::json& value, int64_t total, bool round_up,
                            int64_t fallback = 0);

}  // namespace k1s::controller::common
