// Completed-index sets of Indexed Jobs in status.completedIndexes' text
// form: increasing, runs of three or more as "first-last": "1,3-5,7".
#pragma once

#include <cstdint>
#include <set>
#include <string>

namespace k1s::controller::job {

std::set<int64_t> ParseIndexes(const std::string& text);
std::string FormatIndexes(const std::set<int64_t>& indexes);

}  // namespace k1s::controller::job
