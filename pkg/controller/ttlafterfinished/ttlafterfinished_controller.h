// The TTL-after-finished controller: a Job with spec.ttlSecondsAfterFinished
// is deleted (foreground, so its pods go first) that many seconds after it
// finished, i.e. after its Complete or Failed condition turned True.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "pkg/controller/common/housekeeping_base.h"

namespace k1s::controller {

// When `job` may be deleted: nullopt if it has no TTL or has not finished.
std::optional<Clock::time_point> JobExpiry(const client::Json& job);

class TtlAfterFinishedController final : public HousekeepingController {
 public:
  explicit TtlAfterFinishedController(ControllerContext& ctx);
  ~TtlAfterFinishedController() override { Stop(); }
  Status Sync(const std::string& key) override;

 private:
  client::Informer* jobs_ = nullptr;
};

Result<std::unique_ptr<Controller>> StartTtlAfterFinishedController(ControllerContext& ctx);

}  // namespace k1s::controller
