// Per-kind create and update rules beyond defaulting that kube-apiserver's
// strategies apply: a Job's generated selector, a CertificateSigningRequest's
// requester. ObjectRules (PrepareForCreate/PrepareForUpdate) and RestCreate
// call them; each is a no-op for other kinds.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/api/resource.h"
#include "pkg/util/status.h"

namespace k1s::apiserver {

// BadRequest, worded like Kubernetes' decoding errors, when a field these
// rules (or Service allocation) read has the wrong JSON type. Runs before
// defaulting, which would paper over it.
Status CheckDecodable(const api::Resource& resource, const nlohmann::json& object);

// Create, after uid and defaults are set. A Job without manualSelector gets
// the labels batch.kubernetes.io/controller-uid, controller-uid (its uid),
// batch.kubernetes.io/job-name and job-name (its name) on the pod template
// and selects batch.kubernetes.io/controller-uid. Then every Job's selector
// must match its template's labels. Invalid with Kubernetes' messages.
Status ApplyCreateRules(const api::Resource& resource, nlohmann::json& object);

// Update (not /status) of `current` to `next`: a Job's selector may not
// change and must still match its template; a CSR's spec is not updatable
// (kept as it was, as Kubernetes does).
Status ApplyUpdateRules(const api::Resource& resource, const nlohmann::json& current,
                        nlohmann::json& next);

// A new CertificateSigningRequest names who asked for it: spec.username,
// spec.uid and spec.groups come from the authenticated user, whatever the
// client sent (spec.extra is dropped: k1s users carry none).
void StampRequester(const api::Resource& resource, nlohmann::json& object, const std::string& user,
                    const std::string& uid, const std::vector<std::string>& groups);

}  // namespace k1s::apiserver
