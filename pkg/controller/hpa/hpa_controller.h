// The HorizontalPodAutoscaler controller (autoscaling/v2), before there is
// a metrics API: it reads the target's scale, keeps it within
// minReplicas..maxReplicas, and says through the ScalingActive condition
// (FailedGetResourceMetric) that it cannot compute a replica count from
// metrics, as kube-controller-manager does when metrics-server is absent.
#pragma once

#include <memory>

#include "pkg/controller/controller.h"

namespace k1s::controller::hpa {

Result<std::unique_ptr<Controller>> StartHpaController(ControllerContext& ctx);

}  // namespace k1s::controller::hpa
