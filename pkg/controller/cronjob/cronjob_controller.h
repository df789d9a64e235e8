// The CronJob controller: creates a Job named <cronjob>-<scheduled time in
// minutes since the epoch> at each scheduled time (spec.schedule in
// spec.timeZone), honouring concurrencyPolicy (Allow, Forbid, Replace),
// startingDeadlineSeconds and suspend; tracks status.active,
// lastScheduleTime and lastSuccessfulTime; and keeps only
// successfulJobsHistoryLimit/failedJobsHistoryLimit finished Jobs.
#pragma once

#include <memory>

#include "pkg/controller/controller.h"

namespace k1s::controller::cronjob {

Result<std::unique_ptr<Controller>> StartCronJobController(ControllerContext& ctx);

}  // namespace k1s::controller::cronjob
