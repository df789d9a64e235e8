// CustomResourceDefinitions: what a CRD object means for the API server.
// The served resources it defines, whether it is valid, and the status the
// API server reports for it (names accepted, established).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "pkg/api/resource.h"
#include "pkg/util/clock.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

// The finalizer that keeps a CRD until its custom resources are deleted.
inline constexpr const char* kCrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

// Invalid, with field causes worded as kube-apiserver words them, when the
// CRD cannot be served (name not <plural>.<group>, no storage version, ...).
Status ValidateCrd(const nlohmann::json& crd);
// One Resource per served version. Precondition: ValidateCrd passed.
std::vector<api::Resource> CrdResources(const nlohmann::json& crd);
// The status a served CRD has: acceptedNames, the NamesAccepted and
// Established conditions (kept with their transition times when unchanged
// from `crd`'s current status), storedVersions.
nlohmann::json CrdStatus(const nlohmann::json& crd, Clock::time_point now);

}  // namespace k1s::apiserver
