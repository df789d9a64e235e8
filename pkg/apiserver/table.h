// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for
// (Accept: application/json;as=Table;v=v1;g=meta.k8s.io).
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/api/resource.h"

namespace k1s::apiserver {

using Json = nlohmann::json;

enum class IncludeObject { kNone, kMetadata, kObject };

// True when the Accept header asks for a Table.
bool WantsTable(const std::string& accept);
// The includeObject query parameter ("" means Metadata, the default).
IncludeObject ParseIncludeObject(const std::string& value);

// A Table of `objects` with the resource's columns.
Json BuildTable(const api::Resource& resource, const std::vector<Json>& objects,
                IncludeObject include, std::chrono::system_clock::time_point now);
// One row, for watch events in Table form.
Json BuildTableRow(const api::Resource& resource, const Json& object, IncludeObject include,
                   std::chrono::system_clock::time_point now);

// Kubernetes' short human duration: "45s", "3m20s", "5h", "12d", "2y30d".
std::string HumanDuration(std::chrono::seconds d);

}  // namespace k1s::apiserver
