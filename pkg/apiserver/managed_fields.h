// metadata.managedFields: which manager owns which fields, kept on every
// write (operation Update) and decided by server-side apply (operation
// Apply), with kube-apiserver's conflict rules.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pkg/apiserver/type_schema.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

// Who writes, and how the write is recorded.
struct FieldManagerInfo {
  std::string manager;      // fieldManager, or the User-Agent's first word
  std::string subresource;  // "" or "status" (or "scale")
  std::string api_version;  // the resource's, e.g. "apps/v1"
  std::string now;          // RFC 3339 time of the write
  // The kind has a status subresource: writes to the object itself own no
  // status fields, and writes to /status own only those.
  bool status_subresource = false;
};

// Records in `updated` that `info.manager` (operation Update) now owns the
// fields it added or changed relative to `live` (null when creating); other
// managers lose those fields, and everyone loses removed fields. The base
// is `updated`'s own managedFields when the writer changed them, else
// `live`'s.
void RecordUpdate(const TypeSchema& schema, const nlohmann::json& live, nlohmann::json& updated,
                  const FieldManagerInfo& info);

// Server-side apply of `config` to `live` (null when the object does not
// exist): the merged object with its managedFields. Fields the manager
// applied last time and leaves out now are removed unless another manager
// owns them. A change to a field another manager owns is Conflict (409,
// kube-apiserver's message and causes) unless `force`, which takes the
// field over.
Result<nlohmann::json> ServerSideApply(const TypeSchema& schema, const nlohmann::json& live,
                                       const nlohmann::json& config, const FieldManagerInfo& info,
                                       bool force);

// The default manager of a write that names none: the User-Agent up to its
// first '/', printable characters only, at most 128 bytes ("kubectl").
std::string ManagerFromUserAgent(const std::string& user_agent);

}  // namespace k1s::apiserver
