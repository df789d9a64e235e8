// Resource quantities ("100m", "1.5", "2Gi", "1e3", "500M") as the scheduler
// counts them: cpu in millicores, everything else in whole units, rounded up
// as Kubernetes rounds a request.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace k1s::scheduler {

// The value of `text` times 1000, rounded up; nullopt if it is not a quantity.
std::optional<int64_t> ParseMilliQuantity(std::string_view text);
// The value of `text`, rounded up to a whole unit; nullopt if not a quantity.
std::optional<int64_t> ParseQuantity(std::string_view text);

}  // namespace k1s::scheduler
