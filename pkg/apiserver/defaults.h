// Defaulting: the fields kube-apiserver fills in when a client leaves them
// out, so stored objects look the same as on a real cluster (kubectl
// get -o yaml, controllers and tools read them).
#pragma once

#include <nlohmann/json.hpp>

#include "pkg/api/resource.h"

namespace k1s::apiserver {

// Fills unset fields of `object` (a whole object of `resource`) with their
// defaults. Runs on create and on every update, as in Kubernetes.
void ApplyDefaults(const api::Resource& resource, nlohmann::json& object);

// The status a new object starts with (Kubernetes' PrepareForCreate), for
// kinds whose status the server initialises; null for the others.
nlohmann::json InitialStatus(const api::Resource& resource, const nlohmann::json& object);

}  // namespace k1s::apiserver
