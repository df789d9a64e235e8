// Pods: READY, STATUS and RESTARTS as printPod computes them.
#include <map>

#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

struct PodSummary {
  int64_t ready = 0;
  int64_t total = 0;
  std::string reason;
  std::string restarts;
};

// A later finishedAt of a container's last termination, if any.
void NoteRestart(const Json& status, std::optional<Clock::time_point>& last) {
  const Json& terminated = At(status, {"lastState", "terminated"});
  if (!terminated.is_object()) return;
  auto finished = Time(At(terminated, {"finishedAt"}));
  if (finished && (!last || *last < *finished)) last = finished;
}

bool ConditionTrue(const Json& pod, std::string_view type) {
  return Str(At(Condition(At(pod, {"status", "conditions"}), type), {"status"})) == "True";
}

// "ExitCode:1" / "Signal:9" for a terminated state without a reason.
std::string ExitString(const Json& terminated) {
  const int64_t signal = Int(At(terminated, {"signal"}));
  if (signal != 0) return "Signal:" + std::to_string(signal);
  return "ExitCode:" + std::to_string(Int(At(terminated, {"exitCode"})));
}

PodSummary Summarize(const Json& pod, Clock::time_point now) {
  PodSummary out;
  const Json& status = At(pod, {"status"});
  // The registry sets phase Pending on create; an unset one reads the same.
  std::string phase = Str(At(status, {"phase"}));
  if (phase.empty()) phase = "Pending";
  std::string reason = Str(At(status, {"reason"})).empty() ? phase : Str(At(status, {"reason"}));
  if (const Json& conditions = At(status, {"conditions"}); conditions.is_array()) {
    for (const Json& c : conditions) {
      if (Str(At(c, {"type"})) == "PodScheduled" && Str(At(c, {"reason"})) == "SchedulingGated") {
        reason = "SchedulingGated";
      }
    }
  }

  out.total = Len(At(pod, {"spec", "containers"}));
  std::map<std::string, bool> restartable;  // init container name -> a sidecar
  const Json& init_specs = At(pod, {"spec", "initContainers"});
  if (init_specs.is_array()) {
    for (const Json& c : init_specs) {
      const bool sidecar = Str(At(c, {"restartPolicy"})) == "Always";
      restartable[Str(At(c, {"name"}))] = sidecar;
      if (sidecar) ++out.total;
    }
  }

  int64_t restarts = 0, sidecar_restarts = 0;
  std::optional<Clock::time_point> last_restart, last_sidecar_restart;
  bool initializing = false;
  const Json& init_statuses = At(status, {"initContainerStatuses"});
  if (init_statuses.is_array()) {
    for (size_t i = 0; i < init_statuses.size(); ++i) {
      const Json& c = init_statuses[i];
      const bool sidecar = restartable[Str(At(c, {"name"}))];
      restarts += Int(At(c, {"restartCount"}));
      NoteRestart(c, last_restart);
      if (sidecar) {
        sidecar_restarts += Int(At(c, {"restartCount"}));
        NoteRestart(c, last_sidecar_restart);
      }
      const Json& terminated = At(c, {"state", "terminated"});
      const std::string waiting = Str(At(c, {"state", "waiting", "reason"}));
      if (terminated.is_object() && Int(At(terminated, {"exitCode"})) == 0) continue;
      if (sidecar && Bool(At(c, {"started"}))) {
        if (Bool(At(c, {"ready"}))) ++out.ready;
        continue;
      }
      if (terminated.is_object()) {
        const std::string why = Str(At(terminated, {"reason"}));
        reason = "Init:" + (why.empty() ? ExitString(terminated) : why);
      } else if (!waiting.empty() && waiting != "PodInitializing") {
        reason = "Init:" + waiting;
      } else {
        reason = "Init:" + std::to_string(i) + "/" + std::to_string(Len(init_specs));
      }
      initializing = true;
      break;
    }
  }

  if (!initializing || ConditionTrue(pod, "Initialized")) {
    restarts = sidecar_restarts;
    last_restart = last_sidecar_restart;
    bool has_running = false;
    const Json& statuses = At(status, {"containerStatuses"});
    const size_t n = statuses.is_array() ? statuses.size() : 0;
    // Backwards, so the first container's state wins.
    for (size_t i = n; i-- > 0;) {
      const Json& c = statuses[i];
      restarts += Int(At(c, {"restartCount"}));
      NoteRestart(c, last_restart);
      const Json& terminated = At(c, {"state", "terminated"});
      const std::string waiting = Str(At(c, {"state", "waiting", "reason"}));
      if (!waiting.empty()) {
        reason = waiting;
      } else if (terminated.is_object()) {
        const std::string why = Str(At(terminated, {"reason"}));
        reason = why.empty() ? ExitString(terminated) : why;
      } else if (Bool(At(c, {"ready"})) && At(c, {"state", "running"}).is_object()) {
        has_running = true;
        ++out.ready;
      }
    }
    if (reason == "Completed" && has_running) {
      reason = ConditionTrue(pod, "Ready") ? "Running" : "NotReady";
    }
  }

  if (Has(At(pod, {"metadata", "deletionTimestamp"}))) {
    if (Str(At(status, {"reason"})) == "NodeLost") {
      reason = "Unknown";
    } else if (phase != "Succeeded" && phase != "Failed") {
      reason = "Terminating";
    }
  }

  out.reason = std::move(reason);
  out.restarts = std::to_string(restarts);
  if (restarts != 0 && last_restart) {
    out.restarts += " (" + SinceTime(*last_restart, now) + " ago)";
  }
  return out;
}

std::string OrNone(std::string s) { return s.empty() ? "<none>" : s; }

std::string ReadinessGates(const Json& pod) {
  const Json& gates = At(pod, {"spec", "readinessGates"});
  if (Len(gates) == 0) return "<none>";
  int64_t met = 0;
  for (const Json& g : gates) met += ConditionTrue(pod, Str(At(g, {"conditionType"}))) ? 1 : 0;
  return std::to_string(met) + "/" + std::to_string(Len(gates));
}

}  // namespace

std::optional<Json> PodCell(const CellRequest& r) {
  if (r.resource.plural != "pods") return std::nullopt;
  const Json& pod = r.object;
  const std::string_view col = r.column;
  if (col == "Ready") {
    PodSummary s = Summarize(pod, r.now);
    return std::to_string(s.ready) + "/" + std::to_string(s.total);
  }
  if (col == "Status") return Summarize(pod, r.now).reason;
  if (col == "Restarts") return Summarize(pod, r.now).restarts;
  if (col == "IP") {
    // v1 -> internal conversion fills podIPs from podIP when only that is set.
    const Json& ips = At(pod, {"status", "podIPs"});
    if (ips.is_array() && !ips.empty()) return OrNone(Str(At(ips[0], {"ip"})));
    return OrNone(Str(At(pod, {"status", "podIP"})));
  }
  if (col == "Node") return OrNone(Str(At(pod, {"spec", "nodeName"})));
  if (col == "Nominated Node") return OrNone(Str(At(pod, {"status", "nominatedNodeName"})));
  if (col == "Readiness Gates") return ReadinessGates(pod);
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
