// What the log of a simulated container says: pure functions over the pod
// object, so tests need neither a clock nor a server.
//
// A simulated container runs nothing. It "prints" the text of the pod
// annotation k1s.io/simulate-logs once each time it starts, so each run's
// log is those lines, all timestamped at the run's start (startedAt).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "pkg/streaming/pod_streams.h"
#include "pkg/util/result.h"

namespace k1s::simnode {

inline constexpr const char* kLogsAnnotation = "k1s.io/simulate-logs";

// The status of container `name` (regular, init or ephemeral) in the pod's
// status; null when the kubelet has not reported it yet.
const nlohmann::json* FindContainerStatus(const nlohmann::json& pod, const std::string& name);

// One run of a container whose log can be read.
struct LogRun {
  std::chrono::system_clock::time_point started;
  bool running = false;  // the current run, still going: a follow waits for its end
};

// The run a log request means, by the kubelet's rules: `previous` is
// lastState.terminated; otherwise the current run (running or terminated),
// or, while the container waits to restart (CrashLoopBackOff), the run that
// ended last. BadRequest worded as the kubelet words it when there is none.
Result<LogRun> SelectLogRun(const nlohmann::json& pod, const std::string& container, bool previous);

// The log of a run that started at `started`, with the options applied
// (since, tailLines, timestamps, then limitBytes over the output).
std::string RenderLog(const nlohmann::json& pod, std::chrono::system_clock::time_point started,
                      const streaming::LogOptions& options);

// Names the container's current run while it is running (pod uid, container
// id, restart count, start time); nullopt when it is not running. A change
// means the run a follow or an attach was tied to is over.
std::optional<std::string> RunningRunKey(const nlohmann::json& pod, const std::string& container);

// "2024-05-01T10:00:00.000000000Z": the kubelet's fixed-width RFC 3339 with
// nanoseconds, as it prefixes log lines.
std::string FormatLogTimestamp(std::chrono::system_clock::time_point t);

}  // namespace k1s::simnode
