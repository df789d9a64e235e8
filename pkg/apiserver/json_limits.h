// Limits on the JSON a request may bring in. nlohmann's parser and
// destructor are iterative, but copying, comparing, dumping and every walk
// over an object in pkg/apiserver recurse, so a body nested a hundred
// thousand levels deep would overflow a worker's stack: bodies, YAML
// documents and the results of JSON patches are held to kMaxJsonDepth.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "pkg/util/result.h"

namespace k1s::apiserver {

// Far beyond any real object (a CRD's schema nests a few dozen levels), far
// below what a worker thread's stack holds.
inline constexpr size_t kMaxJsonDepth = 1000;

// Calls `visit(c)` for each character of JSON text that is outside strings
// (quotes included), until it returns false: a look at the structure of
// text without parsing it.
template <typename Visit>
void ForEachOutsideStrings(std::string_view text, Visit visit) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (!visit(c)) return;
  }
}

// How deep `text` nests arrays and objects, counted without parsing it (the
// brackets outside strings); stops counting past `stop`.
size_t JsonTextDepth(std::string_view text, size_t stop = kMaxJsonDepth + 1);

// How many object keys JSON text has, counted without parsing it: each ':'
// outside strings is one.
size_t JsonTextKeyCount(std::string_view text);

// How deep `value` nests arrays and objects (a scalar is 0, [] is 1), walked
// without recursion; stops counting past `stop`.
size_t JsonDepth(const nlohmann::json& value, size_t stop = kMaxJsonDepth + 1);

// Parses a request's JSON text: BadRequest ("<what> is not valid JSON ...")
// when it is not JSON or nests deeper than kMaxJsonDepth.
Result<nlohmann::json> ParseJsonText(std::string_view text, std::string_view what);

}  // namespace k1s::apiserver
