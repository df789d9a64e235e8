// Reading one scalar out of JSON text without parsing it into a DOM: what a
// list with a field selector needs to skip the objects that cannot match
// (a pod list polled for `status.phase!=Running` over 100,000 stored pods
// spent nearly all its time building DOMs only to throw them away).
#pragma once

#include <optional>
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

// `json` with the member `"key":value_json` added to the object held by its
// top-level member `object_key`, placed before the first member whose name
// sorts after `key`: where nlohmann::json's dump() of the same object, with
// the member set, puts it. Stored objects are dump()'s text, so a watch can
// add metadata.resourceVersion to one without parsing and dumping it again.
// nullopt when the text is not that shape (not an object, no such member,
// `key` there already, escaped names): the caller parses instead.
std::optional<std::string> InsertJsonMember(std::string_view json, std::string_view object_key,
                                            std::string_view key, std::string_view value_json);

}  // namespace k1s
