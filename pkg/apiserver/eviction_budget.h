// What pods/eviction asks of PodDisruptionBudgets before it deletes a pod:
// the pod's budget (the one whose selector matches it) must allow one more
// disruption; the eviction then spends it (disruptionsAllowed - 1, the pod
// listed in disruptedPods) so that concurrent evictions cannot overdraw it.
#pragma once

#include <nlohmann/json.hpp>

#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

// OK when `pod` may be evicted (and, unless `dry_run`, the budget was
// charged). TooManyRequests "Cannot evict pod as it would violate the pod's
// disruption budget." when the budget forbids it; InternalError when more
// than one budget selects the pod, as Kubernetes answers.
Status ChargeDisruptionBudget(RestContext& ctx, const nlohmann::json& pod, bool dry_run);

}  // namespace k1s::apiserver
