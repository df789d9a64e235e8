#include "pkg/controller/ttlafterfinished/ttlafterfinished_controller.h"

#include "pkg/controller/common/object_state.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {

namespace {

using client::Json;

}  // namespace

std::optional<Clock::time_point> JobExpiry(const Json& job) {
  const Json spec = job.value("spec", Json::object());
  auto ttl = spec.find("ttlSecondsAfterFinished");
  if (ttl == spec.end() || !ttl->is_number_integer()) return std::nullopt;
  std::optional<Clock::time_point> finished;
  for (const char* type : {"Complete", "Failed"}) {
    const Json* c = FindCondition(job, type);
    if (c == nullptr || c->value("status", "") != "True") continue;
    finished = ParseRfc3339(c->value("lastTransitionTime", ""));
    if (!finished) {
      // A finished Job without a transition time: completionTime, if any.
      finished = ParseRfc3339(job.value("status", Json::object()).value("completionTime", ""));
    }
  }
  if (!finished) return std::nullopt;
  return *finished + std::chrono::seconds(ttl->get<int64_t>());
}

TtlAfterFinishedController::TtlAfterFinishedController(ControllerContext& ctx) : HousekeepingController(ctx) {
  jobs_ = &Watch(client::resources::kJobs,
                 {[this](const client::ObjectPtr& j) { Enqueue(j); },
                  [this](const client::ObjectPtr&, const client::ObjectPtr& j) { Enqueue(j); }, nullptr});
}

Status TtlAfterFinishedController::Sync(const std::string& key) {
  client::ObjectPtr job = jobs_->Get(key);
  if (job == nullptr || IsBeingDeleted(*job)) return Status::Ok();
  auto expiry = JobExpiry(*job);
  if (!expiry) return Status::Ok();
  const auto now = clock_.Now();
  if (*expiry > now) {
    queue().AddAfter(key, std::chrono::duration_cast<std::chrono::steady_clock::duration>(*expiry - now));
    return Status::Ok();
  }
  auto [ns, name] = client::SplitKey(key);
  log_.Info("deleting Job ", key, ": finished more than ttlSecondsAfterFinished ago");
  // The uid and version preconditions keep a Job that was just recreated or
  // changed (a longer TTL) from going.
  Status s = client_.Delete(client::resources::kJobs, ns, name,
                            {.propagation_policy = "Foreground",
                             .precondition_uid = MetaString(*job, "uid"),
                             .precondition_resource_version = MetaString(*job, "resourceVersion")});
  return s.IsNotFound() || s.IsConflict() ? Status::Ok() : s;
}

Result<std::unique_ptr<Controller>> StartTtlAfterFinishedController(ControllerContext& ctx) {
  auto c = std::make_unique<TtlAfterFinishedController>(ctx);
  c->Run();
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
