// The Job controller: runs pods to completion. completions and parallelism,
// NonIndexed and Indexed modes (JOB_COMPLETION_INDEX, the
// batch.kubernetes.io/job-completion-index annotation and label),
// backoffLimit with exponential delay between retries,
// activeDeadlineSeconds, podFailurePolicy, suspend, pod tracking through the
// batch.kubernetes.io/job-tracking finalizer and
// status.uncountedTerminatedPods, and the conditions of Kubernetes 1.31+:
// FailureTarget then Failed, SuccessCriteriaMet then Complete.
// ttlSecondsAfterFinished belongs to the TTL-after-finished controller.
#pragma once

#include <memory>

#include "pkg/controller/controller.h"

namespace k1s::controller::job {

Result<std::unique_ptr<Controller>> StartJobController(ControllerContext& ctx);

}  // namespace k1s::controller::job
