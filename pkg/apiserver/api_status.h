// metav1.Status: how every API error (and some successes) reaches clients.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pkg/util/status.h"

namespace k1s::apiserver {

// What Status.details names: the object an error is about.
struct StatusDetails {
  std::string name;
  std::string group;
  std::string kind;  // the resource, e.g. "pods", as kube-apiserver fills it
};

// The HTTP status code for a Status (200 for OK).
int HttpStatusCode(const Status& status);
// The Kubernetes reason, e.g. "NotFound", "Expired", "InternalError".
std::string StatusReason(const Status& status);
// A full `kind: Status` object for `status`.
nlohmann::json StatusObject(const Status& status, const StatusDetails& details = {});
// `kind: Status` with status Success, as DELETE returns for some kinds.
nlohmann::json SuccessStatus(const StatusDetails& details);

}  // namespace k1s::apiserver
