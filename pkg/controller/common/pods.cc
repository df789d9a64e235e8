#include "pkg/controller/common/pods.h"

#include <map>
#include <tuple>

#include "pkg/util/time_format.h"

namespace k1s::controller::common {

namespace {

const Json* ReadyCondition(const Json& pod) {
  if (!pod.contains("status") || !pod["status"].contains("conditions")) return nullptr;
  for (const Json& c : pod["status"]["conditions"]) {
    if (c.is_object() && c.value("type", "") == "Ready") return &c;
  }
  return nullptr;
}

Clock::time_point TimeField(const Json& o, const char* field) {
  if (!o.is_object() || !o.contains(field) || !o[field].is_string()) return {};
  auto t = ParseRfc3339(o[field].get<std::string>());
  return t ? *t : Clock::time_point{};
}

}  // namespace

std::string PodPhase(const Json& pod) {
  return pod.contains("status") ? pod["status"].value("phase", "") : "";
}

bool IsBeingDeleted(const Json& object) {
  return object.contains("metadata") && object["metadata"].contains("deletionTimestamp") &&
         !object["metadata"]["deletionTimestamp"].is_null();
}

bool IsPodTerminal(const Json& pod) {
  const std::string phase = PodPhase(pod);
  return phase == "Succeeded" || phase == "Failed";
}

bool IsPodActive(const Json& pod) { return !IsPodTerminal(pod) && !IsBeingDeleted(pod); }

bool IsPodReady(const Json& pod) {
  const Json* c = ReadyCondition(pod);
  return c != nullptr && c->value("status", "") == "True";
}

Clock::time_point PodReadySince(const Json& pod) {
  const Json* c = ReadyCondition(pod);
  return c == nullptr ? Clock::time_point{} : TimeField(*c, "lastTransitionTime");
}

bool IsPodAvailable(const Json& pod, int64_t min_ready_seconds, Clock::time_point now) {
  if (!IsPodReady(pod)) return false;
  if (min_ready_seconds <= 0) return true;
  return PodReadySince(pod) + std::chrono::seconds(min_ready_seconds) <= now;
}

std::chrono::seconds UntilAvailable(const Json& pod, int64_t min_ready_seconds,
                                    Clock::time_point now) {
  if (!IsPodReady(pod) || min_ready_seconds <= 0) return std::chrono::seconds(0);
  auto at = PodReadySince(pod) + std::chrono::seconds(min_ready_seconds);
  if (at <= now) return std::chrono::seconds(0);
  return std::chrono::duration_cast<std::chrono::seconds>(at - now) + std::chrono::seconds(1);
}

int64_t RestartCount(const Json& pod) {
  int64_t n = 0;
  if (!pod.contains("status") || !pod["status"].contains("containerStatuses")) return 0;
  for (const Json& s : pod["status"]["containerStatuses"]) n += s.value("restartCount", int64_t{0});
  return n;
}

Clock::time_point CreationTime(const Json& object) {
  return object.contains("metadata") ? TimeField(object["metadata"], "creationTimestamp")
                                     : Clock::time_point{};
}

bool DeleteBefore(const Json& a, const Json& b) {
  auto scheduled = [](const Json& p) {
    return p.contains("spec") && !p["spec"].value("nodeName", "").empty();
  };
  auto phase_rank = [](const Json& p) {
    const std::string phase = PodPhase(p);
    if (phase == "Pending") return 0;
    if (phase == "Unknown") return 1;
    if (phase == "Running") return 2;
    return 0;
  };
  if (scheduled(a) != scheduled(b)) return !scheduled(a);
  if (phase_rank(a) != phase_rank(b)) return phase_rank(a) < phase_rank(b);
  if (IsPodReady(a) != IsPodReady(b)) return !IsPodReady(a);
  if (IsPodReady(a) && PodReadySince(a) != PodReadySince(b)) return PodReadySince(a) > PodReadySince(b);
  if (RestartCount(a) != RestartCount(b)) return RestartCount(a) > RestartCount(b);
  if (CreationTime(a) != CreationTime(b)) return CreationTime(a) > CreationTime(b);
  return a["metadata"].value("name", "") < b["metadata"].value("name", "");
}

std::map<std::string, std::string> LabelsOf(const Json& object) {
  std::map<std::string, std::string> labels;
  if (!object.contains("metadata") || !object["metadata"].contains("labels")) return labels;
  for (const auto& [k, v] : object["metadata"]["labels"].items()) {
    if (v.is_string()) labels[k] = v.get<std::string>();
  }
  return labels;
}

}  // namespace k1s::controller::common
