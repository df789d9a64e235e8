// Reading one scalar out of JSON text without parsing it into a DOM: what a
// list with a field selector needs to skip the objects that cannot match
// (a pod list polled for `status.phase!=Running` over 100,000 stored pods
// spent nearly all its time building DOMs only to throw them away).
#pragma once

#include <string>
#include <string_view>

namespace k1s {

struct ScannedField {
  enum class Kind {
    kValue,    // `value` holds the field as a field selector compares it
    kUnknown,  // not decided here (escaped string, number, malformed text):
               // parse the object and ask it
  };
  Kind kind = Kind::kUnknown;
  std::string value;
};

// The field at the dotted `path` ("status.phase") of the JSON object `json`,
// compared the way field selectors compare: a string is itself, true/false
// their names; a missing field, null, an object or an array read as "".
ScannedField ScanJsonField(std::string_view json, std::string_view path);

}  // namespace k1s
