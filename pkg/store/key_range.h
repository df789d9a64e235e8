// Key ranges for prefix scans.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace k1s::store {

// The smallest key greater than every key starting with `prefix`, or nullopt
// when no such key exists (an empty prefix, or one of only 0xff bytes).
inline std::optional<std::string> PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    unsigned char last = static_cast<unsigned char>(end.back());
    if (last != 0xff) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return std::nullopt;
}

inline bool HasPrefix(std::string_view key, std::string_view prefix) {
  return key.substr(0, prefix.size()) == prefix;
}

}  // namespace k1s::store
