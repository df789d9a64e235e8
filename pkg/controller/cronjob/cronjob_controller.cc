#include "pkg/controller/cronjob/cronjob_controller.h"

#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/cronjob/cronjob_sync.h"

namespace k1s::controller::cronjob {

namespace {

using client::ObjectPtr;

class CronJobController final : public HousekeepingController {
 public:
  explicit CronJobController(ControllerContext& ctx)
      : HousekeepingController(ctx), recorder_(ctx.client, "cronjob-controller", ctx.clock, ctx.log) {}
  ~CronJobController() override { Stop(); }

  void Start() {
    cronjobs_ = &Watch(client::resources::kCronJobs,
                       {[this](const ObjectPtr& o) { Enqueue(o); },
                        [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); }, nullptr});
    auto owner = [this](const ObjectPtr& job) {
      auto ref = common::ControllerRef(*job);
      if (!ref || ref->value("kind", "") != "CronJob") return;
      queue().Add((*job)["metadata"].value("namespace", "") + "/" + ref->value("name", ""));
    };
    jobs_ = &Watch(client::resources::kJobs,
                   {owner, [owner](const ObjectPtr&, const ObjectPtr& j) { owner(j); }, owner});
    Run();
  }

  void Stop() override {
    HousekeepingController::Stop();
    recorder_.Stop();
  }

  Status Sync(const std::string& key) override {
    ObjectPtr cached = cronjobs_->Get(key);
    if (cached == nullptr) return Status::Ok();
    Json cj = common::WithKind(*cached, "batch/v1", "CronJob");
    const std::string uid = cj["metadata"].value("uid", "");
    std::vector<Json> jobs;
    for (const ObjectPtr& j : jobs_->ListNamespace(cj["metadata"].value("namespace", ""))) {
      if (common::IsControlledBy(*j, uid)) jobs.push_back(*j);
    }
    std::optional<std::chrono::seconds> requeue;
    Status s = SyncCronJob(client_, recorder_, clock_, std::move(cj), std::move(jobs), &requeue);
    if (requeue) queue().AddAfter(key, *requeue);
    return s;
  }

 private:
  client::Informer* cronjobs_ = nullptr;
  client::Informer* jobs_ = nullptr;
  client::EventRecorder recorder_;
};

}  // namespace

Result<std::unique_ptr<Controller>> StartCronJobController(ControllerContext& ctx) {
  auto c = std::make_unique<CronJobController>(ctx);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller::cronjob
