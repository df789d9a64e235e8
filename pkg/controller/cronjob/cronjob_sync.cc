#include "pkg/controller/cronjob/cronjob_sync.h"

#include <algorithm>

#include "pkg/controller/common/owner.h"
#include "pkg/controller/common/pods.h"
#include "pkg/controller/common/status_util.h"
#include "pkg/controller/cronjob/cron_schedule.h"
#include "pkg/util/time_format.h"

namespace k1s::controller::cronjob {

namespace {

// More missed start times than this and Kubernetes warns (and starts only
// the most recent).
constexpr int kTooManyMissed = 100;

std::string Name(const Json& o) { return o["metadata"].value("name", ""); }

// "Complete" or "Failed" when the Job has that condition True, else "".
std::string Finished(const Json& job) {
  for (const Json& c : job.value("status", Json::object()).value("conditions", Json::array())) {
    const std::string type = c.value("type", "");
    if ((type == "Complete" || type == "Failed") && c.value("status", "") == "True") return type;
  }
  return "";
}

int64_t Seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::chrono::system_clock::time_point FromSeconds(int64_t s) {
  return std::chrono::system_clock::time_point(std::chrono::seconds(s));
}

Json JobRef(const Json& job) {
  return {{"apiVersion", "batch/v1"},
          {"kind", "Job"},
          {"namespace", job["metadata"].value("namespace", "")},
          {"name", Name(job)},
          {"uid", job["metadata"].value("uid", "")},
          {"resourceVersion", job["metadata"].value("resourceVersion", "")}};
}

Status DeleteJob(client::Client& client, client::EventRecorder& recorder, const Json& cj, const Json& job) {
  Status s = client.Delete(client::resources::kJobs, job["metadata"].value("namespace", ""), Name(job),
                           {.propagation_policy = "Background"});
  if (!s.ok() && !s.IsNotFound()) {
    recorder.Event(cj, "Warning", "FailedDelete", "Deleted job: " + s.message());
    return s;
  }
  recorder.Event(cj, "Normal", "SuccessfulDelete", "Deleted job " + Name(job));
  return Status::Ok();
}

// Oldest first beyond `limit` of the finished Jobs of one kind.
Status PruneHistory(client::Client& client, client::EventRecorder& recorder, const Json& cj,
                    std::vector<const Json*> finished, const char* limit_field) {
  const Json spec = cj["spec"];
  if (!spec.contains(limit_field) || !spec[limit_field].is_number_integer()) return Status::Ok();
  const int64_t limit = spec[limit_field].get<int64_t>();
  if (static_cast<int64_t>(finished.size()) <= limit) return Status::Ok();
  std::sort(finished.begin(), finished.end(), [](const Json* a, const Json* b) {
    auto start = [](const Json* j) {
      auto t = ParseRfc3339(j->value("status", Json::object()).value("startTime", ""));
      return t ? *t : common::CreationTime(*j);
    };
    return start(a) < start(b);
  });
  for (size_t i = 0; i + limit < finished.size(); ++i) {
    K1S_RETURN_IF_ERROR(DeleteJob(client, recorder, cj, *finished[i]));
  }
  return Status::Ok();
}

}  // namespace

Status SyncCronJob(client::Client& client, client::EventRecorder& recorder, const Clock& clock,
                   Json cj, std::vector<Json> jobs, std::optional<std::chrono::seconds>* requeue_after) {
  const std::string ns = cj["metadata"].value("namespace", "");
  const Json spec = cj["spec"];
  const auto now = clock.Now();
  Json status = cj.value("status", Json::object());
  if (!status.is_object()) status = Json::object();

  // 1. What runs and what finished.
  Json active = Json::array();
  std::vector<const Json*> succeeded, failed;
  auto last_success = ParseRfc3339(status.value("lastSuccessfulTime", ""));
  const Json old_active = status.value("active", Json::array());
  for (const Json& job : jobs) {
    const std::string fin = Finished(job);
    const bool was_active = std::any_of(old_active.begin(), old_active.end(), [&](const Json& r) {
      return r.value("uid", "") == job["metadata"].value("uid", "");
    });
    if (fin.empty()) {
      if (!common::IsBeingDeleted(job)) active.push_back(JobRef(job));
      continue;
    }
    (fin == "Complete" ? succeeded : failed).push_back(&job);
    if (was_active) {
      recorder.Event(cj, "Normal", "SawCompletedJob", "Saw completed job: " + Name(job) + ", status: " + fin);
    }
    if (fin == "Complete") {
      auto done = ParseRfc3339(job.value("status", Json::object()).value("completionTime", ""));
      if (done && (!last_success || *done > *last_success)) last_success = done;
    }
  }
  if (last_success) status["lastSuccessfulTime"] = FormatRfc3339(*last_success);
  status["active"] = active;

  auto write_status = [&]() -> Status {
    if (status["active"].empty()) status.erase("active");
    if (cj.contains("status") && cj["status"] == status) return Status::Ok();
    Json updated = cj;
    updated["status"] = status;
    auto r = client.Update(client::resources::kCronJobs, ns, updated, "status");
    if (!r.ok() && !r.status().IsNotFound()) return r.status();
    return Status::Ok();
  };
  auto finish = [&]() -> Status {
    K1S_RETURN_IF_ERROR(PruneHistory(client, recorder, cj, succeeded, "successfulJobsHistoryLimit"));
    K1S_RETURN_IF_ERROR(PruneHistory(client, recorder, cj, failed, "failedJobsHistoryLimit"));
    return write_status();
  };
  if (common::IsBeingDeleted(cj)) return write_status();

  // 2. The schedule.
  TimeZone tz;
  if (spec.contains("timeZone") && spec["timeZone"].is_string()) {
    auto loaded = TimeZone::Load(spec["timeZone"].get<std::string>());
    if (!loaded.ok()) {
      recorder.Event(cj, "Warning", "UnknownTimeZone",
                     "invalid timeZone: \"" + spec["timeZone"].get<std::string>() + "\": " + loaded.status().message());
      return finish();
    }
    tz = std::move(*loaded);
  }
  auto schedule = CronSchedule::Parse(spec.value("schedule", ""));
  if (!schedule.ok()) {
    recorder.Event(cj, "Warning", "UnparseableSchedule",
                   "unparseable schedule: \"" + spec.value("schedule", "") + "\" : " + schedule.status().message());
    return finish();
  }
  if (spec.value("suspend", false)) return finish();

  const int64_t now_s = Seconds(now);
  auto next_after_now = schedule->Next(now_s, tz);
  if (next_after_now) *requeue_after = std::chrono::seconds(*next_after_now - now_s + 1);

  // 3. The most recent time that was due and not yet started.
  auto last = ParseRfc3339(status.value("lastScheduleTime", ""));
  int64_t earliest = Seconds(last ? *last : common::CreationTime(cj));
  const bool has_deadline = spec.contains("startingDeadlineSeconds") && spec["startingDeadlineSeconds"].is_number_integer();
  const int64_t deadline = has_deadline ? spec["startingDeadlineSeconds"].get<int64_t>() : 0;
  if (has_deadline) earliest = std::max(earliest, now_s - deadline);
  std::optional<int64_t> due;
  int missed = 0;
  for (auto t = schedule->Next(earliest, tz); t && *t <= now_s; t = schedule->Next(*t, tz)) {
    due = t;
    if (++missed > kTooManyMissed) {
      // Skip ahead: only the most recent one matters.
      auto back = schedule->Next(now_s - 3600, tz);
      if (back && *back > *t && *back <= now_s) t = back;
    }
  }
  if (missed > kTooManyMissed) {
    recorder.Event(cj, "Warning", "TooManyMissedTimes",
                   "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
  }
  if (!due) return finish();
  if (has_deadline && *due + deadline < now_s) {
    recorder.Event(cj, "Warning", "MissSchedule",
                   "Missed scheduled time to start a job: " + FormatRfc3339(FromSeconds(*due)));
    return finish();
  }

  // 4. Concurrency.
  const std::string policy = spec.value("concurrencyPolicy", "Allow");
  if (policy == "Forbid" && !active.empty()) {
    recorder.Event(cj, "Normal", "JobAlreadyActive",
                   "Not starting job because prior execution is running and concurrency policy is Forbid");
    // Checked again when the running Job finishes (its update requeues us).
    return finish();
  }
  if (policy == "Replace") {
    for (const Json& job : jobs) {
      if (!Finished(job).empty() || common::IsBeingDeleted(job)) continue;
      K1S_RETURN_IF_ERROR(DeleteJob(client, recorder, cj, job));
    }
    status["active"] = Json::array();
  }

  // 5. The Job for `due`.
  const Json tmpl = spec.value("jobTemplate", Json::object());
  const std::string job_name = Name(cj) + "-" + std::to_string(*due / 60);
  Json job = {{"apiVersion", "batch/v1"},
              {"kind", "Job"},
              {"metadata",
               {{"name", job_name},
                {"namespace", ns},
                {"ownerReferences", Json::array({common::MakeControllerRef(cj, "batch/v1", "CronJob")})}}},
              {"spec", tmpl.value("spec", Json::object())}};
  const Json tmeta = tmpl.value("metadata", Json::object());
  if (tmeta.contains("labels")) job["metadata"]["labels"] = tmeta["labels"];
  job["metadata"]["annotations"] = tmeta.value("annotations", Json::object());
  job["metadata"]["annotations"]["batch.kubernetes.io/cronjob-scheduled-timestamp"] =
      FormatRfc3339(FromSeconds(*due));
  auto created = client.Create(client::resources::kJobs, ns, job);
  if (created.ok()) {
    recorder.Event(cj, "Normal", "SuccessfulCreate", "Created job " + job_name);
    status["active"].push_back(JobRef(*created));
  } else if (!created.status().IsAlreadyExists()) {
    recorder.Event(cj, "Warning", "FailedCreate", "Error creating job: " + created.status().message());
    return created.status();
  }
  status["lastScheduleTime"] = FormatRfc3339(FromSeconds(*due));
  return finish();
}

}  // namespace k1s::controller::cronjob
