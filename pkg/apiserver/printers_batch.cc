// batch/v1: jobs and cron jobs.
#include "pkg/apiserver/printers.h"

namespace k1s::apiserver::printers {
namespace {

bool JobCondition(const Json& job, std::string_view type) {
  return Str(At(Condition(At(job, {"status", "conditions"}), type), {"status"})) == "True";
}

std::string JobStatus(const Json& job) {
  if (JobCondition(job, "Complete")) return "Complete";
  if (JobCondition(job, "Failed")) return "Failed";
  if (Has(At(job, {"metadata", "deletionTimestamp"}))) return "Terminating";
  if (JobCondition(job, "Suspended")) return "Suspended";
  if (JobCondition(job, "FailureTarget")) return "FailureTarget";
  return "Running";
}

std::string Completions(const Json& job) {
  const std::string succeeded = std::to_string(Int(At(job, {"status", "succeeded"})));
  const Json& completions = At(job, {"spec", "completions"});
  const Json& parallelism = At(job, {"spec", "parallelism"});
  // batch/v1 defaults both to 1 when neither is set.
  if (Has(completions) || !Has(parallelism)) {
    return succeeded + "/" + std::to_string(Int(completions, 1));
  }
  const int64_t p = Int(parallelism);
  return p > 1 ? succeeded + "/1 of " + std::to_string(p) : succeeded + "/1";
}

std::string Duration(const Json& job, Clock::time_point now) {
  auto start = Time(At(job, {"status", "startTime"}));
  if (!start) return "";
  auto end = Time(At(job, {"status", "completionTime"}));
  return SinceTime(*start, end.value_or(now));
}

}  // namespace

std::optional<Json> BatchCell(const CellRequest& r) {
  const std::string& kind = r.resource.plural;
  const Json& o = r.object;
  const std::string_view col = r.column;
  if (kind == "jobs") {
    if (col == "Status") return JobStatus(o);
    if (col == "Completions") return Completions(o);
    if (col == "Duration") return Duration(o, r.now);
    auto [names, images] = ContainerCells(At(o, {"spec", "template", "spec", "containers"}));
    if (col == "Containers") return names;
    if (col == "Images") return images;
    if (col == "Selector") return FormatLabelSelector(At(o, {"spec", "selector"}));
  }
  if (kind == "cronjobs") {
    const Json& spec = At(o, {"spec"});
    if (col == "Schedule") return Str(At(spec, {"schedule"}));
    if (col == "Timezone")
      return Has(At(spec, {"timeZone"})) ? Str(At(spec, {"timeZone"})) : "<none>";
    // printBoolPtr; never "<unset>" since batch/v1 defaults suspend to false.
    if (col == "Suspend") return Bool(At(spec, {"suspend"})) ? "True" : "False";
    if (col == "Active") return Len(At(o, {"status", "active"}));
    if (col == "Last Schedule") {
      const Json& last = At(o, {"status", "lastScheduleTime"});
      return Has(last) ? Since(last, r.now) : "<none>";
    }
    auto [names, images] =
        ContainerCells(At(spec, {"jobTemplate", "spec", "template", "spec", "containers"}));
    if (col == "Containers") return names;
    if (col == "Images") return images;
    if (col == "Selector")
      return FormatLabelSelector(At(spec, {"jobTemplate", "spec", "selector"}));
  }
  return std::nullopt;
}

}  // namespace k1s::apiserver::printers
