// The patch engines of PATCH without the REST around them: JSON patch
// (RFC 6902), JSON merge patch (RFC 7396) and strategic merge patch, applied
// to a decoded object. rest_patch.cc and the fuzz targets call these.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pkg/apiserver/type_schema.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

inline constexpr const char* kJsonPatchType = "application/json-patch+json";
inline constexpr const char* kMergePatchType = "application/merge-patch+json";
inline constexpr const char* kStrategicPatchType = "application/strategic-merge-patch+json";
inline constexpr const char* kApplyPatchType = "application/apply-patch+yaml";

// kube-apiserver's limits on one JSON patch: its operations, and what its
// copy operations may add up to (--json-patch-max-copy-bytes, by default
// the 3 MiB a request body may have), so that copying a value into itself
// a few dozen times cannot double a document into gigabytes.
inline constexpr size_t kMaxJsonPatchOperations = 10000;
inline constexpr size_t kMaxJsonPatchCopyBytes = 3 * 1024 * 1024;

// Applies the JSON patch `patch` to `document`. BadRequest when it is not a
// list, RequestEntityTooLarge past kMaxJsonPatchOperations, Invalid when an
// operation fails, its copies exceed kMaxJsonPatchCopyBytes, or the result
// would nest deeper than kMaxJsonDepth.
Result<nlohmann::json> ApplyJsonPatch(nlohmann::json document, const nlohmann::json& patch);

// Applies `patch` of media type `type` (one of the three above; a merge
// patch and a strategic merge patch must be objects) to `current`, an object
// of shape `schema`.
Result<nlohmann::json> ApplyPatchDocument(const std::string& type, nlohmann::json current,
                                          const nlohmann::json& patch, const TypeSchema& schema);

}  // namespace k1s::apiserver
