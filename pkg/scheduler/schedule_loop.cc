// The scheduling loop of SchedulerImpl and the writes it leads to: bindings,
// the PodScheduled condition, events, preemption.
#include "pkg/scheduler/preemption.h"
#include "pkg/scheduler/scheduler_impl.h"
#include "pkg/util/time_format.h"

namespace k1s::scheduler {

using client::Json;

namespace {

Json InvolvedPod(const Pod& pod) {
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", pod.name}, {"namespace", pod.ns}, {"uid", pod.uid}}}};
}

// The PodScheduled condition the pod has now, or null.
const Json* ScheduledCondition(const Pod& pod) {
  auto status = pod.object->find("status");
  if (status == pod.object->end() || !status->is_object()) return nullptr;
  auto conditions = status->find("conditions");
  if (conditions == status->end() || !conditions->is_array()) return nullptr;
  for (const Json& c : *conditions) {
    if (c.value("type", "") == "PodScheduled") return &c;
  }
  return nullptr;
}

}  // namespace

void SchedulerImpl::Loop() {
  // Scheduling from a half-filled cache would overcommit nodes. The other
  // informers only refine decisions; a resource this identity may not list
  // must not stop scheduling.
  for (client::Informer* i : {pods_, nodes_}) {
    while (!stopping_ && !i->WaitForSync(std::chrono::milliseconds(100))) {
    }
  }
  while (auto qp = queue_->Pop()) ScheduleOne(std::move(*qp));
}

SchedulerStats SchedulerImpl::Stats() const {
  return {attempts_.load(), std::chrono::nanoseconds(deciding_ns_.load()), nodes_filtered_.load()};
}

void SchedulerImpl::ScheduleOne(QueuedPod qp) {
  const auto started = std::chrono::steady_clock::now();
  struct Timed {  // counts the decision however ScheduleOne returns
    SchedulerImpl& self;
    std::chrono::steady_clock::time_point started;
    ~Timed() {
      self.attempts_.fetch_add(1, std::memory_order_relaxed);
      self.deciding_ns_.fetch_add(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count(),
          std::memory_order_relaxed);
    }
  } timed{*this, started};
  const PodPtr pod = qp.pod;
  if (cache_->GetPod(pod->uid) != nullptr) {  // bound meanwhile
    queue_->Done(pod->uid);
    return;
  }
  CycleState state;
  PreemptionPlan plan;
  ScheduleResult r = cache_->WithSnapshot([&](const Snapshot& snapshot) {
    ScheduleResult result = algorithm_->Schedule(state, *pod, snapshot);
    if (result.node.empty() && !result.error && profile_.preemption && snapshot.size() > 0) {
      plan = PlanPreemption(*framework_, state, *pod, snapshot, result.diagnosis);
    }
    return result;
  });
  nodes_filtered_.fetch_add(r.evaluated, std::memory_order_relaxed);
  if (r.error) {
    log_.Warning("scheduling ", pod->key, ": ", r.error_message);
    HandleFailure(std::move(qp), r.error_message, "");
    return;
  }
  if (r.node.empty()) {
    const std::string message = FitErrorMessage(r.diagnosis, plan.node.empty() ? plan.message : "");
    log_.Debug(1, "pod ", pod->key, " unschedulable: ", message);
    if (!plan.node.empty()) Preempt(*pod, plan.node, plan.victims);
    HandleFailure(std::move(qp), message, plan.node);
    return;
  }
  auto assumed = std::make_shared<Pod>(*pod);
  assumed->node_name = r.node;
  cache_->AssumePod(std::move(assumed));
  queue_->Done(pod->uid);
  Submit([this, qp = std::move(qp), node = r.node] { Bind(qp, node); });
}

void SchedulerImpl::Bind(const QueuedPod& qp, const std::string& node) {
  const Pod& pod = *qp.pod;
  Json binding{{"apiVersion", "v1"},
               {"kind", "Binding"},
               {"metadata", {{"name", pod.name}, {"namespace", pod.ns}, {"uid", pod.uid}}},
               {"target", {{"apiVersion", "v1"}, {"kind", "Node"}, {"name", node}}}};
  auto result = client_.Create(client::resources::kPods, pod.ns, binding, pod.name, "binding");
  if (result.ok()) {
    events_->Event(InvolvedPod(pod), "Normal", "Scheduled",
                   "Successfully assigned " + pod.ns + "/" + pod.name + " to " + node);
    return;
  }
  cache_->ForgetPod(pod.uid);
  const Status s = result.status();
  if (s.code() == StatusCode::kNotFound) return;  // deleted meanwhile
  log_.Warning("binding ", pod.key, " to ", node, ": ", s.message());
  events_->Event(InvolvedPod(pod), "Warning", "FailedScheduling", "Binding rejected: " + s.message());
  queue_->AddBackoff(qp);
}

void SchedulerImpl::HandleFailure(QueuedPod qp, const std::string& message, const std::string& nominated) {
  Submit([this, qp = std::move(qp), message, nominated]() mutable {
    const Pod& pod = *qp.pod;
    events_->Event(InvolvedPod(pod), "Warning", "FailedScheduling", message);
    const Json* current = ScheduledCondition(pod);
    const bool same = current != nullptr && current->value("status", "") == "False" &&
                      current->value("reason", "") == "Unschedulable" && current->value("message", "") == message;
    if (!same || (!nominated.empty() && nominated != pod.nominated_node_name)) {
      Json condition{{"type", "PodScheduled"},
                     {"status", "False"},
                     {"reason", "Unschedulable"},
                     {"message", message},
                     {"lastProbeTime", nullptr}};
      const bool transition = current == nullptr || current->value("status", "") != "False";
      condition["lastTransitionTime"] = transition || !current->contains("lastTransitionTime")
                                            ? Json(FormatRfc3339(clock_.Now()))
                                            : (*current)["lastTransitionTime"];
      Json patch{{"status", {{"conditions", Json::array({condition})}}}};
      if (!nominated.empty()) patch["status"]["nominatedNodeName"] = nominated;
      auto r = client_.Patch(client::resources::kPods, pod.ns, pod.name, client::PatchType::kStrategicMergePatch,
                             patch, "status");
      if (!r.ok() && r.status().code() != StatusCode::kNotFound) {
        log_.Warning("updating the status of ", pod.key, ": ", r.status().message());
      }
    }
    queue_->AddUnschedulable(std::move(qp));
  });
}

void SchedulerImpl::Preempt(const Pod& pod, const std::string& node, const std::vector<PodPtr>& victims) {
  log_.Info("preempting ", victims.size(), " pod(s) on ", node, " for ", pod.key);
  for (const PodPtr& victim : victims) {
    Submit([this, victim, node, preemptor_uid = pod.uid] {
      const Pod& v = *victim;
      Json condition{{"type", "DisruptionTarget"},
                     {"status", "True"},
                     {"reason", "PreemptionByScheduler"},
                     {"message", options_.scheduler_name + ": preempting to accommodate a higher priority pod"},
                     {"lastTransitionTime", FormatRfc3339(clock_.Now())}};
      (void)client_.Patch(client::resources::kPods, v.ns, v.name, client::PatchType::kStrategicMergePatch,
                          Json{{"status", {{"conditions", Json::array({condition})}}}}, "status");
      Status s = client_.Delete(client::resources::kPods, v.ns, v.name);
      if (!s.ok() && s.code() != StatusCode::kNotFound) {
        log_.Warning("preempting ", v.key, ": ", s.message());
        return;
      }
      events_->Event(InvolvedPod(v), "Normal", "Preempted",
                     "Preempted by pod " + preemptor_uid + " on node " + node);
    });
  }
}

void SchedulerImpl::Submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(bind_mu_);
    if (bind_closed_) return;
    bind_queue_.push_back(std::move(task));
  }
  bind_cv_.notify_one();
}

void SchedulerImpl::WriterLoop() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock<std::mutex> lock(bind_mu_);
      bind_cv_.wait(lock, [this] { return bind_closed_ || !bind_queue_.empty(); });
      if (bind_closed_) return;
      task = std::move(bind_queue_.front());
      bind_queue_.pop_front();
    }
    task();
  }
}

}  // namespace k1s::scheduler
