// The Pod Security Standards (privileged, baseline, restricted) as the
// PodSecurity admission plugin evaluates them: the namespace labels that pick
// a level and version per mode, and the checks, each worded as Kubernetes
// words its reason and detail (clients and scripts match that text).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/util/status.h"

namespace k1s::apiserver::pss {

enum class Level { kPrivileged, kBaseline, kRestricted };

struct LevelVersion {
  Level level = Level::kPrivileged;
  int minor = 0;  // the Standards of v1.<minor>; 0: latest
  // "restricted:latest", "baseline:v1.25".
  std::string String() const;
  bool operator==(const LevelVersion&) const = default;
};

struct Policy {
  LevelVersion enforce, audit, warn;
  bool FullyPrivileged() const {
    return enforce.level == Level::kPrivileged && audit.level == Level::kPrivileged &&
           warn.level == Level::kPrivileged;
  }
};

// The policy of a namespace with these labels (pod-security.kubernetes.io/
// enforce, audit, warn and their -version). Unset modes are privileged:latest;
// warn follows an enforce level stricter than it. A bad value is reported in
// *errors (`metadata.labels[...]: Invalid value: ...`) and counts as
// restricted (enforce) or privileged (audit, warn), as in Kubernetes.
Policy PolicyFromLabels(const nlohmann::json& labels, std::vector<StatusCause>* errors);

struct Violation {
  std::string reason;  // "allowPrivilegeEscalation != false"
  std::string detail;  // "container \"web\" must set ..."
};

// The checks of `lv` that a pod (its metadata and spec, or a template's) fails,
// in Kubernetes' order. Empty: the pod meets the level.
std::vector<Violation> Evaluate(const LevelVersion& lv, const nlohmann::json& metadata,
                                const nlohmann::json& spec);

// "reason (detail), reason (detail)", as the Forbidden message and the
// warnings list them.
std::string ForbiddenDetail(const std::vector<Violation>& violations);

}  // namespace k1s::apiserver::pss
