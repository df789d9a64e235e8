#include "pkg/scheduler/scheduler.h"

namespace k1s::scheduler {

namespace {
// Placeholder until the scheduler lands: schedules nothing.
class IdleScheduler final : public Scheduler {
 public:
  void Stop() override {}
};
}  // namespace

Result<std::unique_ptr<Scheduler>> Scheduler::Start(const SchedulerOptions&, client::Client&,
                                                    client::InformerFactory&, const Clock&, Logger) {
  return std::unique_ptr<Scheduler>(std::make_unique<IdleScheduler>());
}

}  // namespace k1s::scheduler
