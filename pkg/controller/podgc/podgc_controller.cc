#include "pkg/controller/podgc/podgc_controller.h"

#include <algorithm>
#include <set>

#include "pkg/controller/common/object_state.h"

namespace k1s::controller {

using client::Json;

PodGcController::PodGcController(ControllerContext& ctx) : HousekeepingController(ctx) {
  pods_ = &Watch(client::resources::kPods);
  nodes_ = &Watch(client::resources::kNodes);
}

Status PodGcController::ForceDelete(const Json& pod, const char* why) {
  log_.Info("deleting pod ", client::ObjectKey(pod), ": ", why);
  Status s = client_.Delete(client::resources::kPods, MetaString(pod, "namespace"), MetaString(pod, "name"),
                            {.grace_period_seconds = 0, .precondition_uid = MetaString(pod, "uid")});
  return s.IsNotFound() || s.IsConflict() ? Status::Ok() : s;
}

Status PodGcController::Sync(const std::string& key) {
  if (key != kPassKey) return Status::Ok();
  queue().AddAfter(kPassKey, kPeriod);
  const auto now = clock_.Now();
  // Only the pods this pass may act on, judged from the pods informer's
  // summaries: with 100,000 pods, parsing them all every pass would cost
  // seconds of CPU.
  std::vector<client::ObjectPtr> pods = pods_->List([&](const Json& pod) {
    const std::string node = PodNodeName(pod);
    if (IsPodTerminal(pod) && !IsBeingDeleted(pod)) return true;
    if (node.empty()) return IsBeingDeleted(pod);
    return nodes_->Get(node) == nullptr;
  });
  Status result = Status::Ok();
  auto note = [&result](Status s) {
    if (result.ok() && !s.ok()) result = std::move(s);
  };

  std::vector<client::ObjectPtr> terminated;
  std::set<std::string> missing_now;
  for (const client::ObjectPtr& pod : pods) {
    const std::string node = PodNodeName(*pod);
    if (IsPodTerminal(*pod) && !IsBeingDeleted(*pod)) terminated.push_back(pod);
    if (node.empty()) {
      if (IsBeingDeleted(*pod)) note(ForceDelete(*pod, "unscheduled and being deleted"));
      continue;
    }
    if (nodes_->Get(node) != nullptr) continue;
    missing_now.insert(node);
    Clock::time_point since;
    {
      std::lock_guard<std::mutex> lock(mu_);
      since = missing_since_.try_emplace(node, now).first->second;
    }
    if (now - since >= kQuarantine) note(ForceDelete(*pod, "its node no longer exists"));
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::erase_if(missing_since_, [&](const auto& e) { return !missing_now.contains(e.first); });
  }

  if (terminated.size() > kTerminatedThreshold) {
    std::sort(terminated.begin(), terminated.end(), [](const client::ObjectPtr& a, const client::ObjectPtr& b) {
      return MetaString(*a, "creationTimestamp") < MetaString(*b, "creationTimestamp");
    });
    for (size_t i = 0; i < terminated.size() - kTerminatedThreshold; ++i) {
      note(ForceDelete(*terminated[i], "terminated pods are over the threshold"));
    }
  }
  return result;
}

Result<std::unique_ptr<Controller>> StartPodGcController(ControllerContext& ctx) {
  auto c = std::make_unique<PodGcController>(ctx);
  c->Run();
  c->queue().Add(PodGcController::kPassKey);
  return std::unique_ptr<Controller>(std::move(c));
}

}  // namespace k1s::controller
