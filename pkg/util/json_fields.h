// Readers for fields of JSON objects that came from outside (API objects
// are data): a missing field, or a parent that is not an object, reads as
// null or "" instead of throwing or, for const operator[], being undefined.
// Writers that touch such objects follow the same rule.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace k1s {

// object[field], or null.
inline const nlohmann::json& JsonField(const nlohmann::json& object, std::string_view field) {
  static const nlohmann::json kNull;
  if (!object.is_object()) return kNull;
  auto it = object.find(field);
  return it == object.end() ? kNull : *it;
}

// Drops metadata.managedFields from an API object, if it has any: for
// readers that do not keep them.
inline void EraseManagedFields(nlohmann::json& object) {
  if (!object.is_object()) return;
  auto meta = object.find("metadata");
  if (meta != object.end() && meta->is_object()) meta->erase("managedFields");
}

// object[field] if it is a string, else "".
inline std::string JsonString(const nlohmann::json& object, std::string_view field) {
  const nlohmann::json& v = JsonField(object, field);
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace k1s
