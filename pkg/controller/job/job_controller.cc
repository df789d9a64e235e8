#include "pkg/controller/job/job_controller.h"

#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/expectations.h"
#include "pkg/controller/common/housekeeping_base.h"
#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/job/job_sync.h"

namespace k1s::controller::job {

namespace {

using client::ObjectPtr;

class JobController final : public HousekeepingController {
 public:
  explicit JobController(ControllerContext& ctx)
      : HousekeepingController(ctx), recorder_(ctx.client, "job-controller", ctx.clock, ctx.log),
        pod_control_(ctx.client, recorder_), expectations_(ctx.clock) {}
  ~JobController() override { Stop(); }

  void Start() {
    jobs_ = &Watch(client::resources::kJobs, {[this](const ObjectPtr& o) { Enqueue(o); },
                                              [this](const ObjectPtr&, const ObjectPtr& o) { Enqueue(o); },
                                              [this](const ObjectPtr& o) { Enqueue(o); }});
    pods_ = &Watch(client::resources::kPods,
                   {[this](const ObjectPtr& p) {
                      const std::string key = OwnerKey(*p);
                      if (key.empty()) return;
                      if (common::IsBeingDeleted(*p)) {
                        expectations_.DeletionObserved(key);
                      } else {
                        expectations_.CreationObserved(key);
                      }
                      queue().Add(key);
                    },
                    [this](const ObjectPtr& old, const ObjectPtr& p) {
                      const std::string key = OwnerKey(*p);
                      if (key.empty()) return;
                      if (common::IsBeingDeleted(*p) && !common::IsBeingDeleted(*old)) {
                        expectations_.DeletionObserved(key);
                      }
                      queue().Add(key);
                    },
                    [this](const ObjectPtr& p) {
                      const std::string key = OwnerKey(*p);
                      if (key.empty()) return;
                      if (!common::IsBeingDeleted(*p)) expectations_.DeletionObserved(key);
                      queue().Add(key);
                    }});
    Run();
  }

  void Stop() override {
    HousekeepingController::Stop();
    recorder_.Stop();
  }

 private:
  // The key of the Job named by the pod's controller reference (whether or
  // not it still exists: its sync releases the pods of a deleted Job).
  static std::string OwnerKey(const Json& pod) {
    auto ref = common::ControllerRef(pod);
    if (!ref || ref->value("kind", "") != "Job") return "";
    return pod["metadata"].value("namespace", "") + "/" + ref->value("name", "");
  }

  Status Sync(const std::string& key) override {
    auto [ns, name] = client::SplitKey(key);
    ObjectPtr cached = jobs_->Get(key);
    if (cached == nullptr) {
      // The Job is gone: its pods must not keep the tracking finalizer.
      expectations_.Forget(key);
      auto owned = [&](const Json& p) {
        auto ref = common::ControllerRef(p);
        return ref && ref->value("kind", "") == "Job" && ref->value("name", "") == name;
      };
      for (const ObjectPtr& p : pods_->ListNamespace(ns, owned)) {
        K1S_RETURN_IF_ERROR(RemoveTrackingFinalizer(client_, *p));
      }
      return Status::Ok();
    }
    // Before the pods are listed; see SyncJob.
    const bool satisfied = expectations_.Satisfied(key);
    Json job = common::WithKind(*cached, "batch/v1", "Job");
    K1S_ASSIGN_OR_RETURN(LabelSelector selector,
                         LabelSelector::FromJson(job["spec"].value("selector", Json()), "spec.selector"));
    const common::Claimer claimer{client_, client::resources::kPods, job, "batch/v1", "Job", selector};
    std::vector<ObjectPtr> candidates = pods_->ListNamespace(ns, [&](const Json& p) {
      // Finished orphans are not adopted; finished owned pods still count.
      return (common::ControllerRef(p) || common::IsPodActive(p)) && common::MayClaim(claimer, p);
    });
    std::vector<Json> pods = common::Claim(claimer, candidates);
    if (JobFinished(job)) {
      for (const Json& p : pods) K1S_RETURN_IF_ERROR(RemoveTrackingFinalizer(client_, p));
      return Status::Ok();
    }
    std::optional<std::chrono::seconds> requeue;
    Status s = SyncJob({client_, recorder_, pod_control_, expectations_, clock_}, key, std::move(job),
                       std::move(pods), satisfied, &requeue);
    if (requeue) queue().AddAfter(key, *requeue);
    return s;
  }

  client::Informer* jobs_ = nullptr;
  client::Informer* pods_ = nullptr;
  client::EventRecorder recorder_;
  common::PodControl pod_control_;
  common::Expectations expectations_;
};

}  // namespace

Result<std::unique_ptr<Controller>> StartJobController(ControllerContext& ctx) {
  auto c = std::make_unique<JobController>(ctx);
  c->Start();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller::job
