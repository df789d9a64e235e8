// The disruption controller: PodDisruptionBudget status. From the pods the
// budget selects and the scale of their controllers it reports
// expectedPods, currentHealthy (ready pods not being evicted),
// desiredHealthy (minAvailable, or expected - maxUnavailable),
// disruptionsAllowed and the DisruptionAllowed condition, which
// pods/eviction (apiserver/eviction_budget.h) then spends.
#pragma once

#include <memory>

#include "pkg/controller/controller.h"

namespace k1s::controller::disruption {

Result<std::unique_ptr<Controller>> StartDisruptionController(ControllerContext& ctx);

}  // namespace k1s::controller::disruption
