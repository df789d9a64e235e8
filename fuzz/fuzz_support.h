// Shared by the fuzz targets: the kinds whose schemas the engines walk, the
// split of one input into an object and a patch, and a use of every result
// that makes the fuzzer reach the code that walks it (dump, compare, copy).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "pkg/apiserver/json_limits.h"
#include "pkg/apiserver/managed_fields.h"
#include "pkg/apiserver/type_schema.h"

namespace k1s::fuzz {

using Json = nlohmann::json;

struct Kind {
  const char* group;
  const char* version;
  const char* kind;
};

// Built-in kinds with list merge keys, sets and maps, one without a status
// subresource, and a custom kind the schema table does not know.
inline constexpr Kind kKinds[] = {
    {"apps", "v1", "Deployment"}, {"", "v1", "Pod"},       {"", "v1", "Service"},
    {"", "v1", "ConfigMap"},      {"", "v1", "Namespace"}, {"example.com", "v1", "Widget"},
};
inline constexpr size_t kKindCount = sizeof(kKinds) / sizeof(kKinds[0]);

inline const Kind& KindOf(uint8_t selector) { return kKinds[selector % kKindCount]; }

inline apiserver::TypeSchema SchemaOf(const Kind& k) {
  return apiserver::TypeSchema::ForKind(k.group, k.version, k.kind);
}

inline std::string ApiVersionOf(const Kind& k) {
  return std::string(k.group).empty() ? k.version : std::string(k.group) + "/" + k.version;
}

inline apiserver::FieldManagerInfo Writer(const Kind& k, const char* manager, bool status) {
  return {manager, status ? "status" : "", ApiVersionOf(k), "2025-01-01T00:00:00Z",
          std::string(k.kind) == "Deployment" || std::string(k.kind) == "Pod"};
}

// "<object>\n====\n<patch>": the object, and the patch (empty without the separator).
inline std::pair<std::string, std::string> SplitInput(std::string_view in) {
  constexpr std::string_view kSeparator = "\n====\n";
  size_t at = in.find(kSeparator);
  if (at == std::string_view::npos) return {std::string(in), std::string()};
  return {std::string(in.substr(0, at)), std::string(in.substr(at + kSeparator.size()))};
}

// Walks `value` the ways the server does after an engine ran: it is
// serialized for the store (strictly: invalid UTF-8 throws, which the
// server would answer with a 500), copied, and compared.
inline void Use(const Json& value) {
  std::string text = value.dump();
  Json copy = value;
  if (copy != value) __builtin_trap();
  volatile size_t sink = text.size() + apiserver::JsonDepth(value);
  (void)sink;
}

}  // namespace k1s::fuzz
