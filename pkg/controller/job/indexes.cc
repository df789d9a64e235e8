#include "pkg/controller/job/indexes.h"

#include <sstream>
#include <vector>

namespace k1s::controller::job {

std::set<int64_t> ParseIndexes(const std::string& text) {
  std::set<int64_t> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    try {
      auto dash = part.find('-');
      if (dash == std::string::npos) {
        if (!part.empty()) out.insert(std::stoll(part));
        continue;
      }
      const int64_t first = std::stoll(part.substr(0, dash));
      const int64_t last = std::stoll(part.substr(dash + 1));
      for (int64_t i = first; i <= last && i - first < 1'000'000; ++i) out.insert(i);
    } catch (...) {
      // A malformed piece (the field is ours; only a hand edit makes one).
    }
  }
  return out;
}

std::string FormatIndexes(const std::set<int64_t>& indexes) {
  std::string out;
  auto it = indexes.begin();
  while (it != indexes.end()) {
    const int64_t first = *it;
    int64_t last = first;
    auto next = std::next(it);
    while (next != indexes.end() && *next == last + 1) {
      last = *next;
      ++next;
    }
    if (!out.empty()) out += ",";
    if (last - first >= 2) {
      out += std::to_string(first) + "-" + std::to_string(last);
    } else {
      out += std::to_string(first);
      if (last != first) out += "," + std::to_string(last);
    }
    it = next;
  }
  return out;
}

}  // namespace k1s::controller::job
