#include "pkg/apiserver/json_limits.h"

#include <string>
#include <utility>
#include <vector>

#include "pkg/util/json_parse.h"

namespace k1s::apiserver {

size_t JsonTextDepth(std::string_view text, size_t stop) {
  size_t depth = 0;
  size_t deepest = 0;
  ForEachOutsideStrings(text, [&](char c) {
    if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    return deepest <= stop;
  });
  return deepest;
}

size_t JsonTextKeyCount(std::string_view text) {
  size_t keys = 0;
  ForEachOutsideStrings(text, [&keys](char c) {
    if (c == ':') ++keys;
    return true;
  });
  return keys;
}

size_t JsonDepth(const nlohmann::json& value, size_t stop) {
  if (!value.is_structured()) return 0;
  size_t deepest = 0;
  std::vector<std::pair<const nlohmann::json*, size_t>> pending{{&value, 1}};
  while (!pending.empty()) {
    auto [v, depth] = pending.back();
    pending.pop_back();
    if (depth > deepest) deepest = depth;
    if (deepest > stop) return deepest;
    for (const nlohmann::json& child : *v) {
      if (child.is_structured()) pending.emplace_back(&child, depth + 1);
    }
  }
  return deepest;
}

Result<nlohmann::json> ParseJsonText(std::string_view text, std::string_view what) {
  if (JsonTextDepth(text) > kMaxJsonDepth) {
    return Status::BadRequest(std::string(what) + " is not valid JSON: exceeded max depth of " +
                              std::to_string(kMaxJsonDepth));
  }
  nlohmann::json value = ParseJson(text);
  if (value.is_discarded()) return Status::BadRequest(std::string(what) + " is not valid JSON");
  return value;
}

}  // namespace k1s::apiserver
