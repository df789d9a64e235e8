// spec.podFailurePolicy: what a failed pod means for its Job.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace k1s::controller::job {

enum class FailureAction { kCount, kIgnore, kFailJob, kFailIndex };

struct FailureVerdict {
  FailureAction action = FailureAction::kCount;
  std::string message;  // for kFailJob: the Failed condition's message
};

// The first rule of `policy` that matches `pod` (a Failed pod), or Count.
FailureVerdict MatchFailurePolicy(const nlohmann::json& policy, const nlohmann::json& pod);

}  // namespace k1s::controller::job
