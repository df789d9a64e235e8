// The Deployment controller: a ReplicaSet per pod template (named by the
// template's hash, labelled pod-template-hash), rolled by RollingUpdate
// (maxSurge/maxUnavailable) or Recreate, scaled proportionally during a
// rollout, paused and resumed, old ReplicaSets pruned to
// revisionHistoryLimit, and the status kubectl rollout reads:
// observedGeneration, replica counts and the Available and Progressing
// conditions (progressDeadlineSeconds).
#pragma once

#include <memory>

#include "pkg/controller/controller.h"

namespace k1s::controller::deployment {

Result<std::unique_ptr<Controller>> StartDeploymentController(ControllerContext& ctx);

}  // namespace k1s::controller::deployment
