// The rules every object follows on create and update, whatever its kind:
// identity and system metadata are the server's, names must be valid, status
// moves only through /status, generation counts spec changes.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "pkg/api/resource.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

using Json = nlohmann::json;

// Empty when `name` is a valid DNS-1123 subdomain, else the reasons.
std::string ValidateDnsSubdomain(const std::string& name);
// Empty when `name` is a valid DNS-1123 label, else the reasons.
std::string ValidateDnsLabel(const std::string& name);

struct CreateContext {
  std::string namespace_name;  // from the URL; "" for cluster-scoped kinds
  std::chrono::system_clock::time_point now;
};

// Checks and completes a new object: kind/apiVersion, name (generateName),
// namespace, uid, creationTimestamp, generation; drops server-owned fields a
// client may not set and, for kinds with a status subresource, the status.
// Invalid/BadRequest with Kubernetes' messages when the object is unacceptable.
Result<Json> PrepareForCreate(const api::Resource& resource, Json object, const CreateContext& ctx);

// Decides the object stored by an update of `current` to `incoming` through
// `subresource` ("" or "status"): identity and system metadata stay the
// server's, status or spec is taken from the side the endpoint owns, and
// generation grows when anything outside metadata and status changed.
Result<Json> PrepareForUpdate(const api::Resource& resource, const std::string& subresource,
                              const Json& current, Json incoming);

// The resourceVersion a client sent in metadata, 0 if none; BadRequest if it
// is not a number.
Result<int64_t> ResourceVersionOf(const Json& object);

}  // namespace k1s::apiserver
