#include "pkg/simnode/pod_logs.h"

#include <cstdio>
#include <vector>

#include "pkg/simnode/pod_lifecycle.h"
#include "pkg/util/time_format.h"

namespace k1s::simnode {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

// Field readers that give a default for a missing or mistyped field:
// statuses are data, and odd data must not throw.
std::string StringField(const Json& j, const char* key) {
  const Json& v = Sub(j, key);
  return v.is_string() ? v.get<std::string>() : "";
}

int64_t IntField(const Json& j, const char* key) {
  const Json& v = Sub(j, key);
  return v.is_number_integer() ? v.get<int64_t>() : 0;
}

bool HasObject(const Json& j, const char* key) {
  if (!j.is_object()) return false;
  auto it = j.find(key);
  return it != j.end() && it->is_object();
}

LogRun StartedRun(const Json& state, bool running) {
  // The simulator always reports startedAt; without one the lines get the
  // zero time rather than a made-up one.
  return LogRun{ParseRfc3339(StringField(state, "startedAt")).value_or(TimePoint{}), running};
}

std::vector<std::string> AnnotationLines(const Json& pod) {
  const std::string text = StringField(Sub(Sub(pod, "metadata"), "annotations"), kLogsAnnotation);
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

}  // namespace

const Json* FindContainerStatus(const Json& pod, const std::string& name) {
  const Json& status = Sub(pod, "status");
  for (const char* list : {"containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"}) {
    const Json& statuses = Sub(status, list);
    if (!statuses.is_array()) continue;
    for (const Json& s : statuses) {
      if (StringField(s, "name") == name) return &s;
    }
  }
  return nullptr;
}

Result<LogRun> SelectLogRun(const Json& pod, const std::string& container, bool previous) {
  const std::string pod_name = StringField(Sub(pod, "metadata"), "name");
  const std::string quoted = "\"" + container + "\" in pod \"" + pod_name + "\"";
  static const Json kNoStatus = Json::object();  // not reported yet: waiting
  const Json* found = FindContainerStatus(pod, container);
  const Json& status = found != nullptr ? *found : kNoStatus;
  const Json& state = Sub(status, "state");
  const Json& last = Sub(Sub(status, "lastState"), "terminated");
  const bool has_last = HasObject(Sub(status, "lastState"), "terminated");
  if (previous) {
    if (!has_last) return Status::BadRequest("previous terminated container " + quoted + " not found");
    return StartedRun(last, false);
  }
  if (HasObject(state, "running")) return StartedRun(Sub(state, "running"), true);
  if (HasObject(state, "terminated")) return StartedRun(Sub(state, "terminated"), false);
  if (has_last) return StartedRun(last, false);
  std::string reason = StringField(Sub(state, "waiting"), "reason");
  if (reason.empty()) reason = "ContainerCreating";
  return Status::BadRequest("container " + quoted + " is waiting to start: " + reason);
}

std::string RenderLog(const Json& pod, TimePoint started, const streaming::LogOptions& options) {
  // Every line of a run carries its start time: `since` keeps all or none.
  if (options.since && started < *options.since) return "";
  std::vector<std::string> lines = AnnotationLines(pod);
  size_t first = 0;
  if (options.tail_lines && *options.tail_lines >= 0 &&
      static_cast<uint64_t>(*options.tail_lines) < lines.size()) {
    first = lines.size() - static_cast<size_t>(*options.tail_lines);
  }
  const std::string prefix = options.timestamps ? FormatLogTimestamp(started) + " " : "";
  std::string out;
  for (size_t i = first; i < lines.size(); ++i) out += prefix + lines[i] + "\n";
  if (options.limit_bytes && *options.limit_bytes >= 0 &&
      static_cast<uint64_t>(*options.limit_bytes) < out.size()) {
    out.resize(static_cast<size_t>(*options.limit_bytes));
  }
  return out;
}

std::optional<std::string> RunningRunKey(const Json& pod, const std::string& container) {
  const Json* status = FindContainerStatus(pod, container);
  if (status == nullptr || !HasObject(Sub(*status, "state"), "running")) return std::nullopt;
  return StringField(Sub(pod, "metadata"), "uid") + "/" + StringField(*status, "containerID") + "/" +
         std::to_string(IntField(*status, "restartCount")) + "/" +
         StringField(Sub(Sub(*status, "state"), "running"), "startedAt");
}

std::string FormatLogTimestamp(TimePoint t) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(t - seconds).count();
  std::string text = FormatRfc3339(seconds);  // "...:05Z"
  text.pop_back();
  char fraction[16];
  std::snprintf(fraction, sizeof(fraction), ".%09lld", static_cast<long long>(nanos));
  return text + fraction + "Z";
}

}  // namespace k1s::simnode
