// The default RBAC policy a cluster starts with (see pkg/auth/bootstrap_policy.h).
#pragma once

#include "pkg/api/registry.h"
#include "pkg/apiserver/apiserver.h"
#include "pkg/util/clock.h"

namespace k1s::server {

// Creates each default ClusterRole and ClusterRoleBinding that does not exist
// yet. Objects that exist are left as they are: an administrator's changes
// survive a restart.
Status BootstrapRbac(apiserver::ApiServer& api, const api::Registry& registry, const Clock& clock);

}  // namespace k1s::server
