#include "pkg/simnode/pod_lifecycle.h"

#include <algorithm>
#include <functional>
#include <set>

#include "pkg/cli/value.h"
#include "pkg/util/time_format.h"

namespace k1s::simnode {
namespace {

constexpr Millis kMaxBackoff{std::chrono::minutes(5)};
// Shorter exits or back-offs would only spin: a container needs some time to run.
constexpr Millis kShortest{100};

std::optional<Millis> AnnotationDuration(const Json& annotations, const char* key) {
  auto it = annotations.find(key);
  if (it == annotations.end() || !it->is_string()) return std::nullopt;
  auto parsed = cli::ParseDuration(it->get<std::string>());
  if (!parsed.ok()) return std::nullopt;
  return *parsed;
}

std::string Hex(const std::string& seed, size_t length) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  uint64_t h = std::hash<std::string>{}(seed);
  while (out.size() < length) {
    h = h * 6364136223846793005ULL + 1442695040888963407ULL;
    out.push_back(kHex[(h >> 59) & 0xf]);
  }
  return out;
}

// Go's time.Duration.String for whole milliseconds: "10s", "1m20s", "5m0s".
std::string GoDuration(Millis d) {
  int64_t ms = d.count();
  if (ms < 1000) return std::to_string(ms) + "ms";
  std::string out;
  int64_t h = ms / 3'600'000, m = ms / 60'000 % 60, s = ms / 1000 % 60, frac = ms % 1000;
  if (h > 0) out += std::to_string(h) + "h";
  if (h > 0 || m > 0) out += std::to_string(m) + "m";
  out += std::to_string(s);
  if (frac != 0) {
    std::string f = std::to_string(frac + 1000).substr(1);
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out + "s";
}

std::string ContainerId(const PodRun& run, const std::string& name, int restart) {
  return "k1s-sim://" + Hex(run.uid + "/" + name + "/" + std::to_string(restart), 64);
}

Json Terminated(int code, TimePoint started, TimePoint finished, const std::string& id) {
  return {{"terminated",
           {{"exitCode", code},
            {"reason", code == 0 ? "Completed" : "Error"},
            {"startedAt", FormatRfc3339(started)},
            {"finishedAt", FormatRfc3339(finished)},
            {"containerID", id}}}};
}

// The fields every container status has, for container `c`.
Json BaseStatus(const Json& c, const std::string& id) {
  const std::string image = c.value("image", "");
  const std::string normalized = NormalizeImage(image);
  std::string repo = normalized.substr(0, normalized.find_first_of("@"));
  if (size_t colon = repo.rfind(':'); colon != std::string::npos && colon > repo.rfind('/')) {
    repo.resize(colon);
  }
  return {{"name", c.value("name", "")},
          {"image", normalized},
          {"imageID", repo + "@sha256:" + Hex("image/" + normalized, 64)},
          {"containerID", id},
          {"lastState", Json::object()},
          {"restartCount", 0}};
}

Json Condition(const Json& old_conditions, const std::string& type, bool status, const char* reason,
               const std::string& message, const std::string& now) {
  const char* value = status ? "True" : "False";
  Json c = {{"type", type}, {"status", value}, {"lastTransitionTime", now}};
  if (reason != nullptr) c["reason"] = reason;
  if (!message.empty()) c["message"] = message;
  for (const Json& old : old_conditions) {
    if (old.is_object() && old.value("type", "") == type && old.value("status", "") == value &&
        old.contains("lastTransitionTime")) {
      c["lastTransitionTime"] = old.at("lastTransitionTime");
    }
  }
  return c;
}

}  // namespace

PodBehaviour ReadBehaviour(const Json& pod) {
  PodBehaviour b;
  const Json& annotations = Sub(Sub(pod, "metadata"), "annotations");
  if (auto d = AnnotationDuration(annotations, kReadyAfterAnnotation)) b.ready_after = *d;
  if (auto d = AnnotationDuration(annotations, kExitAfterAnnotation)) b.exit_after = std::max(*d, kShortest);
  if (auto d = AnnotationDuration(annotations, kTerminateAfterAnnotation)) b.terminate_after = *d;
  if (auto d = AnnotationDuration(annotations, kBackoffAnnotation)) b.backoff = std::max(*d, kShortest);
  if (auto it = annotations.find(kExitCodeAnnotation); it != annotations.end() && it->is_string()) {
    try {
      size_t used = 0;
      int code = std::stoi(it->get<std::string>(), &used);
      if (used == it->get<std::string>().size() && code >= 0 && code <= 255) b.exit_code = code;
    } catch (const std::exception&) {
      // Not a number: ignored, as documented.
    }
  }
  b.restart_policy = Sub(pod, "spec").value("restartPolicy", "Always");
  return b;
}

Millis RestartBackoff(int restart, Millis base) {
  if (restart <= 1) return Millis(0);
  Millis d = base;
  for (int i = 2; i < restart && d < kMaxBackoff; ++i) d *= 2;
  return std::min(d, kMaxBackoff);
}

void Advance(PodRun& run, const PodBehaviour& b, TimePoint now) {
  while (true) {
    if (run.stage == PodRun::Stage::kRunning && b.exit_after && now >= run.container_start + *b.exit_after) {
      const TimePoint finished = run.container_start + *b.exit_after;
      const bool restart = b.restart_policy == "Always" || (b.restart_policy == "OnFailure" && b.exit_code != 0);
      if (!restart) {
        run.stage = PodRun::Stage::kExited;
        run.finished = finished;
        run.exit_code = b.exit_code;
        return;
      }
      ++run.restarts;
      run.last_exit_code = b.exit_code;
      run.last_started = run.container_start;
      run.last_finished = finished;
      run.backoff_until = finished + RestartBackoff(run.restarts, b.backoff);
      run.stage = PodRun::Stage::kBackOff;
      continue;
    }
    if (run.stage == PodRun::Stage::kBackOff && now >= run.backoff_until) {
      run.stage = PodRun::Stage::kRunning;
      run.container_start = run.backoff_until;
      continue;
    }
    return;
  }
}

std::optional<TimePoint> NextChange(const PodRun& run, const PodBehaviour& b, TimePoint now) {
  std::optional<TimePoint> next;
  auto consider = [&](TimePoint t) {
    if (t > now && (!next || t < *next)) next = t;
  };
  if (run.stage == PodRun::Stage::kRunning) {
    consider(run.container_start + b.ready_after);
    if (b.exit_after) consider(run.container_start + *b.exit_after);
  } else if (run.stage == PodRun::Stage::kBackOff) {
    consider(run.backoff_until);
  }
  if (run.terminate_at) consider(*run.terminate_at);
  return next;
}

bool IsReady(const PodRun& run, const PodBehaviour& b, TimePoint now) {
  return run.stage == PodRun::Stage::kRunning && now >= run.container_start + b.ready_after;
}

Json ComputeStatus(const Json& pod, const PodRun& run, const PodBehaviour& b, const std::string& host_ip,
                   TimePoint now, std::optional<int> killed_exit_code) {
  const Json& spec = Sub(pod, "spec");
  const Json& meta = Sub(pod, "metadata");
  const Json& old_status = Sub(pod, "status");
  const std::string now_text = FormatRfc3339(now);
  const bool exited = run.stage == PodRun::Stage::kExited;
  const bool terminal = exited || killed_exit_code.has_value();
  const bool ready = !terminal && IsReady(run, b, now);
  const std::string start_text = FormatRfc3339(run.start);

  // One container's status from the shared run state.
  auto regular = [&](const Json& c, bool sidecar) {
    const std::string name = c.value("name", "");
    Json s = BaseStatus(c, ContainerId(run, name, run.restarts));
    s["restartCount"] = sidecar ? 0 : run.restarts;
    if (!sidecar && run.restarts > 0) {
      s["lastState"] = Terminated(run.last_exit_code, run.last_started, run.last_finished,
                                  ContainerId(run, name, run.restarts - 1));
    }
    const TimePoint started = sidecar ? run.start : run.container_start;
    if (killed_exit_code) {
      s["state"] = Terminated(*killed_exit_code, started, now, s["containerID"]);
    } else if (exited) {
      s["state"] = Terminated(sidecar ? 0 : run.exit_code, started, run.finished, s["containerID"]);
    } else if (!sidecar && run.stage == PodRun::Stage::kBackOff) {
      s["state"] = {{"waiting",
                     {{"reason", "CrashLoopBackOff"},
                      {"message", "back-off " + GoDuration(RestartBackoff(run.restarts, b.backoff)) +
                                      " restarting failed container=" + name + " pod=" +
                                      meta.value("name", "") + "_" +
                                      meta.value("namespace", "") + "(" + run.uid + ")"}}}};
      s["containerID"] = ContainerId(run, name, run.restarts - 1);
    } else {
      s["state"] = {{"running", {{"startedAt", FormatRfc3339(started)}}}};
    }
    const bool running = s["state"].contains("running");
    s["started"] = running;
    s["ready"] = running && (sidecar || ready);
    return s;
  };

  Json init_statuses = Json::array();
  // Sub gives an empty object for a missing list: no iterations.
  for (const Json& c : Sub(spec, "initContainers")) {
    if (c.value("restartPolicy", "") == "Always") {
      init_statuses.push_back(regular(c, true));
      continue;
    }
    Json s = BaseStatus(c, ContainerId(run, c.value("name", ""), 0));
    s["state"] = Terminated(0, run.start, run.start, s["containerID"]);
    s["ready"] = true;
    s["started"] = false;
    init_statuses.push_back(std::move(s));
  }
  Json statuses = Json::array();
  std::string unready;
  for (const Json& c : Sub(spec, "containers")) {
    Json s = regular(c, false);
    if (!s["ready"].get<bool>()) unready += (unready.empty() ? "" : " ") + c.value("name", "");
    statuses.push_back(std::move(s));
  }

  const Json& old_conditions = Sub(old_status, "conditions");
  const char* not_ready_reason = terminal ? "PodCompleted" : "ContainersNotReady";
  const std::string not_ready_message = terminal ? "" : "containers with unready status: [" + unready + "]";
  Json conditions = Json::array();
  conditions.push_back(Condition(old_conditions, "PodReadyToStartContainers", !terminal, nullptr, "", now_text));
  conditions.push_back(Condition(old_conditions, "Initialized", true, terminal ? "PodCompleted" : nullptr, "", now_text));
  for (const char* type : {"Ready", "ContainersReady"}) {
    conditions.push_back(Condition(old_conditions, type, unready.empty() && !terminal,
                                   unready.empty() && !terminal ? nullptr : not_ready_reason,
                                   unready.empty() && !terminal ? "" : not_ready_message, now_text));
  }
  // The scheduler's own condition (or the kubelet's, for pods bound by
  // spec.nodeName) and any others (DisruptionTarget, readiness gates) stay.
  bool scheduled = false;
  const std::set<std::string> mine = {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"};
  for (const Json& old : old_conditions) {
    if (!old.is_object()) continue;
    const std::string type = old.value("type", "");
    if (mine.contains(type)) continue;
    scheduled = scheduled || type == "PodScheduled";
    conditions.push_back(old);
  }
  if (!scheduled) conditions.push_back(Condition(old_conditions, "PodScheduled", true, nullptr, "", now_text));

  std::string phase = "Running";
  if (terminal) {
    int code = killed_exit_code.value_or(run.exit_code);
    phase = code == 0 ? "Succeeded" : "Failed";
  }
  Json status = {{"phase", phase},
                 {"conditions", conditions},
                 {"hostIP", host_ip},
                 {"hostIPs", Json::array({{{"ip", host_ip}}})},
                 {"podIP", run.ip},
                 {"podIPs", Json::array({{{"ip", run.ip}}})},
                 {"startTime", start_text},
                 {"containerStatuses", statuses}};
  if (!init_statuses.empty()) status["initContainerStatuses"] = init_statuses;
  return status;
}

std::string NormalizeImage(const std::string& image) {
  if (image.empty()) return image;
  std::string out = image;
  const size_t slash = out.find('/');
  const std::string first = slash == std::string::npos ? "" : out.substr(0, slash);
  const bool has_registry =
      !first.empty() && (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost");
  if (!has_registry) out = (slash == std::string::npos ? "docker.io/library/" : "docker.io/") + out;
  const size_t last_slash = out.rfind('/');
  if (out.find('@') == std::string::npos && out.find(':', last_slash) == std::string::npos) out += ":latest";
  return out;
}

}  // namespace k1s::simnode
