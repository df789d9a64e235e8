// One sync of one Job (see job_controller.h).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/client/client.h"
#include "pkg/client/event_recorder.h"
#include "pkg/controller/common/expectations.h"
#include "pkg/controller/common/pod_control.h"
#include "pkg/util/clock.h"

namespace k1s::controller::job {

using Json = nlohmann::json;

inline constexpr const char* kTrackingFinalizer = "batch.kubernetes.io/job-tracking";
inline constexpr const char* kIndexAnnotation = "batch.kubernetes.io/job-completion-index";

struct JobSyncDeps {
  client::Client& client;
  client::EventRecorder& recorder;
  common::PodControl& pods;
  common::Expectations& expectations;
  const Clock& clock;
};

// `pods`: the pods the Job owns (claimed), terminal ones included.
// `expectations_satisfied`: read before `pods` were listed, so a pod event
// landing in between cannot make a stale list look trustworthy.
// `requeue_after` is set when time alone changes the answer (backoff,
// activeDeadlineSeconds).
Status SyncJob(JobSyncDeps deps, const std::string& key, Json job, std::vector<Json> pods,
               bool expectations_satisfied, std::optional<std::chrono::seconds>* requeue_after);

// True once the Job has a Complete or Failed condition that is True.
bool JobFinished(const Json& job);
// Removes the tracking finalizer from `pod` if it has it.
Status RemoveTrackingFinalizer(client::Client& client, const Json& pod);
bool HasTrackingFinalizer(const Json& pod);

}  // namespace k1s::controller::job
