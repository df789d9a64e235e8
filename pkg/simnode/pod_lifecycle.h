// What a kubelet would report for one pod, without running anything: the
// run state of its containers over time (start, readiness, exits, restarts
// with CrashLoopBackOff) and the pod status that state gives.
//
// Pod annotations steer it (durations in Go form: "3s", "1m30s"):
//   k1s.io/simulate-ready-after     containers become ready this long after each start
//   k1s.io/simulate-exit-after      containers exit this long after each start
//   k1s.io/simulate-exit-code       with that code (default "0")
//   k1s.io/simulate-terminate-after on deletion, containers stop after this
//                                   long instead of the whole grace period
//   k1s.io/simulate-backoff         first restart back-off (default 10s; it
//                                   doubles per restart up to 5m, as the kubelet's)
// Pure logic: no I/O, times passed in, so tests need no clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace k1s::simnode {

using Json = nlohmann::json;
using TimePoint = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

// j[key] if j is an object that has it, else an empty object: cached
// objects are const, and a const operator[] on a missing key is undefined.
inline const Json& Sub(const Json& j, const char* key) {
  static const Json kEmpty = Json::object();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it == j.end() ? kEmpty : *it;
}

inline constexpr const char* kReadyAfterAnnotation = "k1s.io/simulate-ready-after";
inline constexpr const char* kExitAfterAnnotation = "k1s.io/simulate-exit-after";
inline constexpr const char* kExitCodeAnnotation = "k1s.io/simulate-exit-code";
inline constexpr const char* kTerminateAfterAnnotation = "k1s.io/simulate-terminate-after";
inline constexpr const char* kBackoffAnnotation = "k1s.io/simulate-backoff";

// The annotations read from one pod; bad values are ignored (as absent).
struct PodBehaviour {
  Millis ready_after{0};
  std::optional<Millis> exit_after;
  int exit_code = 0;
  std::optional<Millis> terminate_after;
  Millis backoff{std::chrono::seconds(10)};
  std::string restart_policy = "Always";
};
PodBehaviour ReadBehaviour(const Json& pod);

// The kubelet's crash back-off before restart number `restart` (1-based):
// the first restart is immediate, then base, 2*base, ... at most 5 minutes.
Millis RestartBackoff(int restart, Millis base);

// One pod's containers as the simulated kubelet runs them. All regular
// containers share it: the annotations are per pod.
struct PodRun {
  enum class Stage { kRunning, kBackOff, kExited };
  std::string uid;
  int node_index = -1;
  std::string ip;
  bool ip_held = false;  // the node's pool still holds `ip`
  TimePoint start;            // status.startTime
  TimePoint container_start;  // the current run
  Stage stage = Stage::kRunning;
  int restarts = 0;
  // The previous run, for lastState.terminated (restarts > 0).
  int last_exit_code = 0;
  TimePoint last_started, last_finished;
  // kBackOff: when the container starts again; kExited: when it exited.
  TimePoint backoff_until, finished;
  int exit_code = 0;
  // Deletion: when the containers stop and the pod is deleted.
  std::optional<TimePoint> terminate_at;
  // Which timer is pending for this pod, so events do not pile up timers.
  std::optional<TimePoint> wake_scheduled;
  size_t written_hash = 0;  // of the last status written; 0: none
};

// Moves `run` through every exit, back-off and restart due by `now`, at the
// times they were due (so results do not depend on when this is called).
void Advance(PodRun& run, const PodBehaviour& b, TimePoint now);

// When the next change of `run` is due (readiness, exit, end of back-off),
// or nullopt if nothing will change by itself.
std::optional<TimePoint> NextChange(const PodRun& run, const PodBehaviour& b, TimePoint now);

bool IsReady(const PodRun& run, const PodBehaviour& b, TimePoint now);

// The status fields the kubelet owns (phase, conditions, IPs, startTime,
// container statuses) for `pod` in `run` at `now`. Condition transition
// times are kept from `pod`'s current status when unchanged. With
// `killed_exit_code`, every container is reported terminated by deletion.
Json ComputeStatus(const Json& pod, const PodRun& run, const PodBehaviour& b, const std::string& host_ip,
                   TimePoint now, std::optional<int> killed_exit_code = std::nullopt);

// "docker.io/library/busybox:latest" for "busybox": how the runtime reports
// a container's image.
std::string NormalizeImage(const std::string& image);

}  // namespace k1s::simnode
