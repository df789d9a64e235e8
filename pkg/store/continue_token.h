// Continue tokens of limited lists: opaque to callers, they pin the revision
// of the first page and say where the next page starts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pkg/util/result.h"

namespace k1s::store {

struct ContinuePoint {
  int64_t revision = 0;
  std::string start_key;  // first key of the next page (inclusive)
  // Items left from start_key on, counted once on the first page so later
  // pages need no count query; -1 when unknown.
  int64_t remaining = -1;
};

std::string EncodeContinue(const ContinuePoint& point);
// Invalid if `token` is not one EncodeContinue made.
Result<ContinuePoint> DecodeContinue(std::string_view token);

}  // namespace k1s::store
