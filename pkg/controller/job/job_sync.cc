#include "pkg/controller/job/job_sync.h"

#include <algorithm>
#include <set>

#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/controller/job/failure_policy.h"
#include "pkg/controller/job/indexes.h"
#include "pkg/util/time_format.h"

namespace k1s::controller::job {

namespace {

constexpr auto kBackoffBase = std::chrono::seconds(10);
constexpr auto kBackoffMax = std::chrono::seconds(360);

bool ConditionTrue(const Json& job, const char* type) {
  const Json* c = common::FindCondition(job.value("status", Json::object()).value("conditions", Json::array()), type);
  return c != nullptr && c->value("status", "") == "True";
}

std::string Uid(const Json& o) { return o["metadata"].value("uid", ""); }
std::string Name(const Json& o) { return o["metadata"].value("name", ""); }

std::optional<int64_t> IndexOf(const Json& pod) {
  const Json ann = pod["metadata"].value("annotations", Json::object());
  if (!ann.is_object() || !ann.contains(kIndexAnnotation)) return std::nullopt;
  try {
    return std::stoll(ann[kIndexAnnotation].get<std::string>());
  } catch (...) {
    return std::nullopt;
  }
}

// When a failed pod finished: its latest container termination, else now.
Clock::time_point FinishedAt(const Json& pod, Clock::time_point fallback) {
  Clock::time_point latest{};
  for (const Json& cs : pod.value("status", Json::object()).value("containerStatuses", Json::array())) {
    const Json term = cs.value("state", Json::object()).value("terminated", Json());
    if (!term.is_object()) continue;
    if (auto t = ParseRfc3339(term.value("finishedAt", ""))) latest = std::max(latest, *t);
  }
  return latest == Clock::time_point{} ? fallback : latest;
}

bool Contains(const Json& list, const std::string& uid) {
  return std::find(list.begin(), list.end(), Json(uid)) != list.end();
}

Json IndexedPod(Json pod, const Json& job, int64_t index) {
  const std::string idx = std::to_string(index);
  pod["metadata"]["generateName"] = Name(job) + "-" + idx + "-";
  pod["metadata"]["annotations"][kIndexAnnotation] = idx;
  pod["metadata"]["labels"][kIndexAnnotation] = idx;
  Json& spec = pod["spec"];
  if (!spec.value("subdomain", "").empty()) spec["hostname"] = Name(job) + "-" + idx;
  const Json env = {{"name", "JOB_COMPLETION_INDEX"},
                    {"valueFrom",
                     {{"fieldRef",
                       {{"apiVersion", "v1"},
                        {"fieldPath", std::string("metadata.annotations['") + kIndexAnnotation + "']"}}}}}};
  for (const char* list : {"initContainers", "containers"}) {
    if (!spec.contains(list)) continue;
    for (Json& c : spec[list]) {
      if (!c.contains("env") || !c["env"].is_array()) c["env"] = Json::array();
      c["env"].push_back(env);
    }
  }
  return pod;
}

}  // namespace

bool JobFinished(const Json& job) { return ConditionTrue(job, "Complete") || ConditionTrue(job, "Failed"); }

bool HasTrackingFinalizer(const Json& pod) {
  const Json f = pod["metadata"].value("finalizers", Json::array());
  return f.is_array() && Contains(f, kTrackingFinalizer);
}

Status RemoveTrackingFinalizer(client::Client& client, const Json& pod) {
  if (!HasTrackingFinalizer(pod)) return Status::Ok();
  Json kept = Json::array();
  for (const Json& f : pod["metadata"]["finalizers"]) {
    if (f != kTrackingFinalizer) kept.push_back(f);
  }
  auto r = client.Patch(client::resources::kPods, pod["metadata"].value("namespace", ""), Name(pod),
                        client::PatchType::kMergePatch,
                        {{"metadata", {{"finalizers", kept}, {"uid", Uid(pod)}}}});
  if (!r.ok() && !r.status().IsNotFound() && !r.status().IsConflict()) return r.status();
  return Status::Ok();
}

Status SyncJob(JobSyncDeps deps, const std::string& key, Json job, std::vector<Json> pods,
               bool expectations_satisfied, std::optional<std::chrono::seconds>* requeue_after) {
  const std::string ns = job["metadata"].value("namespace", "");
  const Json spec = job["spec"];
  const auto now = deps.clock.Now();
  Json status = job.value("status", Json::object());
  if (!status.is_object()) status = Json::object();
  const bool indexed = spec.value("completionMode", "NonIndexed") == "Indexed";
  const bool has_completions = spec.contains("completions") && spec["completions"].is_number_integer();
  const int64_t completions = has_completions ? spec["completions"].get<int64_t>() : 0;
  const int64_t parallelism = spec.value("parallelism", int64_t{1});
  std::set<int64_t> completed = ParseIndexes(status.value("completedIndexes", ""));

  auto write_status = [&]() -> Status {
    // ready and terminating are pointers in Go: reported even when zero.
    common::DropZeroFields(status, {"ready", "terminating"});
    if (job.contains("status") && job["status"] == status) return Status::Ok();
    // Written against the version this sync read: the status counts pods
    // whose tracking finalizers are then removed, so a sync working from a
    // stale cache must get a Conflict (and run again later) rather than
    // overwrite newer counts with older ones, as in kube-controller-manager.
    Json updated = job;
    updated["status"] = status;
    K1S_ASSIGN_OR_RETURN(job, deps.client.Update(client::resources::kJobs, ns, updated, "status"));
    return Status::Ok();
  };

  // 1. Pods that finished: first recorded as uncounted, then released
  // (finalizer removed), then counted. A crash between the steps loses no pod.
  Json uncounted = status.value("uncountedTerminatedPods", Json::object());
  if (!uncounted.is_object()) uncounted = Json::object();
  Json u_succeeded = uncounted.value("succeeded", Json::array());
  Json u_failed = uncounted.value("failed", Json::array());
  std::optional<std::string> fail_job_message;
  Clock::time_point last_failure{};
  std::vector<const Json*> to_release;
  bool recorded = false;
  for (const Json& pod : pods) {
    const bool finished = common::IsPodTerminal(pod) || common::IsBeingDeleted(pod);
    if (!finished) continue;
    if (common::PodPhase(pod) == "Failed") last_failure = std::max(last_failure, FinishedAt(pod, now));
    if (!HasTrackingFinalizer(pod)) continue;
    to_release.push_back(&pod);
    const std::string uid = Uid(pod);
    // A FailJob verdict holds until the Job's condition records it, even if
    // an earlier sync already moved the pod to the uncounted list.
    FailureVerdict verdict;
    if (common::PodPhase(pod) == "Failed") verdict = MatchFailurePolicy(spec.value("podFailurePolicy", Json()), pod);
    if (verdict.action == FailureAction::kFailJob && !fail_job_message) fail_job_message = verdict.message;
    if (Contains(u_succeeded, uid) || Contains(u_failed, uid)) continue;
    if (common::PodPhase(pod) == "Succeeded") {
      u_succeeded.push_back(uid);
      if (auto idx = IndexOf(pod); indexed && idx && *idx < completions) completed.insert(*idx);
      recorded = true;
      continue;
    }
    if (verdict.action == FailureAction::kIgnore) continue;
    u_failed.push_back(uid);
    recorded = true;
  }
  if (recorded) {
    status["uncountedTerminatedPods"] = {{"succeeded", u_succeeded}, {"failed", u_failed}};
    if (indexed) status["completedIndexes"] = FormatIndexes(completed);
    K1S_RETURN_IF_ERROR(write_status());
  }
  for (const Json* pod : to_release) K1S_RETURN_IF_ERROR(RemoveTrackingFinalizer(deps.client, *pod));
  int64_t succeeded = status.value("succeeded", int64_t{0}) + static_cast<int64_t>(u_succeeded.size());
  int64_t failed = status.value("failed", int64_t{0}) + static_cast<int64_t>(u_failed.size());
  status["succeeded"] = succeeded;
  status["failed"] = failed;
  status["uncountedTerminatedPods"] = Json::object();
  if (indexed) {
    succeeded = static_cast<int64_t>(completed.size());
    status["succeeded"] = succeeded;
    status["completedIndexes"] = FormatIndexes(completed);
  }

  std::vector<Json> active;
  int64_t terminating = 0;
  for (const Json& pod : pods) {
    if (common::IsPodActive(pod)) active.push_back(pod);
    if (common::IsBeingDeleted(pod) && !common::IsPodTerminal(pod)) ++terminating;
  }
  Json conditions = status.value("conditions", Json::array());

  // 2. Suspension.
  const bool suspended = spec.value("suspend", false);
  const Json* susp = common::FindCondition(conditions, "Suspended");
  const bool was_suspended = susp != nullptr && susp->value("status", "") == "True";
  if (suspended && !was_suspended) {
    common::SetCondition(conditions, "Suspended", "True", "JobSuspended", "Job suspended", now);
    deps.recorder.Event(job, "Normal", "Suspended", "Job suspended");
    status.erase("startTime");
  } else if (!suspended && was_suspended) {
    common::SetCondition(conditions, "Suspended", "False", "JobResumed", "Job resumed", now);
    deps.recorder.Event(job, "Normal", "Resumed", "Job resumed");
    status["startTime"] = FormatRfc3339(now);
  }
  if (!suspended && !status.contains("startTime")) status["startTime"] = FormatRfc3339(now);

  // 3. Has the Job failed or succeeded?
  std::optional<std::pair<std::string, std::string>> failure;  // reason, message
  if (const Json* ft = common::FindCondition(conditions, "FailureTarget"); ft != nullptr) {
    failure = {ft->value("reason", ""), ft->value("message", "")};
  } else if (fail_job_message) {
    failure = {"PodFailurePolicy", *fail_job_message};
  } else if (failed > spec.value("backoffLimit", int64_t{6})) {
    failure = {"BackoffLimitExceeded", "Job has reached the specified backoff limit"};
  } else if (!suspended && spec.contains("activeDeadlineSeconds") && status.contains("startTime")) {
    auto start = ParseRfc3339(status.value("startTime", ""));
    const auto deadline = std::chrono::seconds(spec["activeDeadlineSeconds"].get<int64_t>());
    if (start && *start + deadline <= now) {
      failure = {"DeadlineExceeded", "Job was active longer than specified deadline"};
    } else if (start) {
      *requeue_after = std::chrono::duration_cast<std::chrono::seconds>(*start + deadline - now) +
                       std::chrono::seconds(1);
    }
  }
  bool success = common::FindCondition(conditions, "SuccessCriteriaMet") != nullptr;
  if (!failure && !success) {
    if (indexed || has_completions) {
      success = succeeded >= completions;
    } else {
      success = succeeded > 0 && active.empty();
    }
  }

  if (failure || success || suspended) {
    // Every remaining pod goes; the terminal condition waits for them.
    if (failure) {
      common::SetCondition(conditions, "FailureTarget", "True", failure->first, failure->second, now);
    } else if (success) {
      common::SetCondition(conditions, "SuccessCriteriaMet", "True", "CompletionsReached",
                           "Reached expected number of succeeded pods", now);
    }
    for (const Json& pod : active) {
      K1S_RETURN_IF_ERROR(deps.pods.Delete(ns, Name(pod), job));
      ++terminating;
    }
    active.clear();
    if (!suspended && terminating == 0) {
      if (failure) {
        common::SetCondition(conditions, "Failed", "True", failure->first, failure->second, now);
        deps.recorder.Event(job, "Warning", failure->first, failure->second);
      } else {
        common::SetCondition(conditions, "Complete", "True", "CompletionsReached",
                             "Reached expected number of succeeded pods", now);
        status["completionTime"] = FormatRfc3339(now);
        deps.recorder.Event(job, "Normal", "Completed", "Job completed");
      }
    }
  } else if (expectations_satisfied) {
    // 4. Run the pods still wanted, after the backoff that failures earn.
    bool backing_off = false;
    if (failed > 0 && last_failure != Clock::time_point{}) {
      auto delay = kBackoffBase * (int64_t{1} << std::min<int64_t>(failed - 1, 10));
      if (delay > kBackoffMax) delay = kBackoffMax;
      if (last_failure + delay > now) {
        backing_off = true;
        auto wait = std::chrono::duration_cast<std::chrono::seconds>(last_failure + delay - now) +
                    std::chrono::seconds(1);
        if (!*requeue_after || wait < **requeue_after) *requeue_after = wait;
      }
    }
    std::vector<int64_t> to_create;  // indexes; -1 for NonIndexed pods
    std::vector<const Json*> to_delete;
    const int64_t n_active = static_cast<int64_t>(active.size());
    if (indexed) {
      std::set<int64_t> running;
      for (const Json& pod : active) {
        auto idx = IndexOf(pod);
        if (!idx || *idx >= completions || completed.contains(*idx) || running.contains(*idx)) {
          to_delete.push_back(&pod);
        } else {
          running.insert(*idx);
        }
      }
      int64_t room = parallelism - static_cast<int64_t>(running.size());
      for (int64_t i = 0; i < completions && room > 0; ++i) {
        if (completed.contains(i) || running.contains(i)) continue;
        to_create.push_back(i);
        --room;
      }
    } else {
      int64_t want = parallelism;
      if (has_completions) want = std::min(parallelism, completions - succeeded);
      if (!has_completions && succeeded > 0) want = n_active;
      if (want < 0) want = 0;
      for (int64_t i = n_active; i < want; ++i) to_create.push_back(-1);
      if (n_active > want) {
        std::sort(active.begin(), active.end(), common::DeleteBefore);
        for (int64_t i = 0; i < n_active - want; ++i) to_delete.push_back(&active[i]);
      }
    }
    if (backing_off) to_create.clear();
    deps.expectations.Expect(key, static_cast<int>(to_create.size()), static_cast<int>(to_delete.size()));
    for (size_t i = 0; i < to_delete.size(); ++i) {
      Status s = deps.pods.Delete(ns, Name(*to_delete[i]), job);
      if (!s.ok()) {
        deps.expectations.Lower(key, static_cast<int>(to_create.size()), static_cast<int>(to_delete.size() - i));
        return s;
      }
    }
    Json base = common::PodFromTemplate(spec.value("template", Json::object()), job, "batch/v1", "Job", Name(job));
    base["metadata"]["finalizers"] = Json::array({kTrackingFinalizer});
    for (size_t i = 0; i < to_create.size(); ++i) {
      Json pod = to_create[i] >= 0 ? IndexedPod(base, job, to_create[i]) : base;
      auto created = deps.pods.Create(ns, pod, job);
      if (!created.ok()) {
        deps.expectations.Lower(key, static_cast<int>(to_create.size() - i), 0);
        return created.status();
      }
      active.push_back(*created);
    }
  }

  int64_t ready = 0;
  for (const Json& pod : active) ready += common::IsPodReady(pod) ? 1 : 0;
  status["active"] = static_cast<int64_t>(active.size());
  status["ready"] = ready;
  status["terminating"] = terminating;
  if (conditions.empty()) {
    status.erase("conditions");
  } else {
    status["conditions"] = conditions;
  }
  if (indexed && completed.empty()) status.erase("completedIndexes");
  return write_status();
}

}  // namespace k1s::controller::job
