// Reading one scalar out of JSON text without parsing it into a DOM: what a
// list with a field selector needs to skip the objects that cannot match
// (a pod list polled for `status.phase!=Running` over 100,000 stored pods
// spent nearly all its time building DOMs only to throw them away).
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
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

// `json` without the member at `path` (each step a member name, the last the
// one removed: {"object", "metadata", "managedFields"}), with its comma; the
// rest of the text is left byte for byte. An informer that drops managed
// fields anyway cuts them before parsing, which is half of a pod's parse.
// nullopt when the member is not there or the text is not the plain shape
// (a step that is not an object, escaped names on the way, text cut short):
// the caller parses the whole text instead.
std::optional<std::string> RemoveJsonMember(std::string_view json, std::initializer_list<std::string_view> path);

// The text of the value of the top-level member `key` of the object `json`
// (a watch event's "object"), or nullopt when it is not there or the text is
// not the plain shape (escaped names before it, text cut short).
std::optional<std::string_view> JsonMemberText(std::string_view json, std::string_view key);

// `json` parsed without the member at `path`: cut from the text where
// RemoveJsonMember can, otherwise erased from the parsed value. Discarded
// (is_discarded()) when the text is not JSON.
nlohmann::json ParseJsonWithout(std::string_view json, std::initializer_list<std::string_view> path);

}  // namespace k1s
