// Pod facts the workload controllers share: active, ready, available
// (minReadySeconds), and the order in which surplus pods are deleted.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pkg/util/clock.h"

namespace k1s::controller::common {

using Json = nlohmann::json;

std::string PodPhase(const Json& pod);
bool IsBeingDeleted(const Json& object);
// Not finished (Succeeded/Failed) and not being deleted: counts toward replicas.
bool IsPodActive(const Json& pod);
bool IsPodTerminal(const Json& pod);
// The Ready condition is True.
bool IsPodReady(const Json& pod);
// When the Ready condition last became True (epoch when unknown).
Clock::time_point PodReadySince(const Json& pod);
// Ready for at least `min_ready_seconds` by `now`.
bool IsPodAvailable(const Json& pod, int64_t min_ready_seconds, Clock::time_point now);
// The time until a ready pod becomes available (0 when it already is or
// never will be without a new event): when to look again.
std::chrono::seconds UntilAvailable(const Json& pod, int64_t min_ready_seconds,
                                    Clock::time_point now);
int64_t RestartCount(const Json& pod);
Clock::time_point CreationTime(const Json& object);

// True when `a` should be deleted before `b` (ReplicaSet scale-down order):
// unscheduled < scheduled; Pending < Unknown < Running; not ready < ready;
// ready for less time < more; more restarts < fewer; newer < older.
bool DeleteBefore(const Json& a, const Json& b);

// metadata.labels as a map (non-string values skipped).
std::map<std::string, std::string> LabelsOf(const Json& object);

}  // namespace k1s::controller::common
