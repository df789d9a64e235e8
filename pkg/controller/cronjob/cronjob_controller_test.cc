#include <doctest/doctest.h>

#include "pkg/controller/cronjob/cron_schedule.h"
#include "pkg/controller/cronjob/cronjob_controller.h"
#include "pkg/controller/testing/workload_harness.h"
#include "pkg/util/time_format.h"

namespace k1s::controller::cronjob {
namespace {

using client::Json;
using testing::WorkloadHarness;
namespace res = client::resources;

int64_t At(const std::string& rfc3339) {
  return std::chrono::duration_cast<std::chrono::seconds>(ParseRfc3339(rfc3339)->time_since_epoch()).count();
}
std::string Fmt(std::optional<int64_t> t) {
  return t ? FormatRfc3339(std::chrono::system_clock::time_point(std::chrono::seconds(*t))) : "none";
}

TEST_CASE("cron schedules: fields, ranges, steps, names and macros") {
  TimeZone utc;
  auto next = [&](const std::string& spec, const std::string& after) {
    auto s = CronSchedule::Parse(spec);
    REQUIRE(s.ok());
    return Fmt(s->Next(At(after), utc));
  };
  CHECK(next("*/1 * * * *", "2026-11-26T10:00:30Z") == "2026-11-26T10:01:00Z");
  CHECK(next("*/15 * * * *", "2026-11-26T10:00:00Z") == "2026-11-26T10:15:00Z");
  CHECK(next("30 2 * * *", "2026-11-26T10:00:00Z") == "2026-11-27T02:30:00Z");
  CHECK(next("0 9 * * MON-FRI", "2026-11-27T10:00:00Z") == "2026-11-30T09:00:00Z");  // Fri -> Mon
  CHECK(next("0 0 1 JAN *", "2026-11-26T10:00:00Z") == "2027-01-01T00:00:00Z");
  CHECK(next("@hourly", "2026-11-26T10:00:00Z") == "2026-11-26T11:00:00Z");
  CHECK(next("@weekly", "2026-11-26T10:00:00Z") == "2026-11-29T00:00:00Z");
  CHECK(next("@monthly", "2026-11-26T10:00:00Z") == "2026-12-01T00:00:00Z");
  CHECK(next("0 0 * * 7", "2026-11-26T10:00:00Z") == "2026-11-29T00:00:00Z");
  // Both day fields restricted: either matches.
  CHECK(next("0 0 1 * 1", "2026-11-26T10:00:00Z") == "2026-11-30T00:00:00Z");
  CHECK(next("0 0 30 2 *", "2026-11-26T10:00:00Z") == "none");
  CHECK_FALSE(CronSchedule::Parse("* * *").ok());
  CHECK_FALSE(CronSchedule::Parse("61 * * * *").ok());
  CHECK_FALSE(CronSchedule::Parse("@sometimes").ok());
}

TEST_CASE("a schedule in a time zone follows its daylight saving changes") {
  auto berlin = TimeZone::Load("Europe/Berlin");
  if (!berlin.ok()) return;  // no tzdata on this machine
  auto s = CronSchedule::Parse("0 9 * * *");
  REQUIRE(s.ok());
  CHECK(Fmt(s->Next(At("2026-01-10T00:00:00Z"), *berlin)) == "2026-01-10T08:00:00Z");  // CET
  CHECK(Fmt(s->Next(At("2026-07-10T00:00:00Z"), *berlin)) == "2026-07-10T07:00:00Z");  // CEST
  CHECK_FALSE(TimeZone::Load("Not/AZone").ok());
  CHECK_FALSE(TimeZone::Load("../etc/passwd").ok());
}

Json CronJob(const std::string& name, const std::string& policy) {
  Json job_spec = {{"template", WorkloadHarness::PodTemplate({{"app", name}})}};
  job_spec["template"]["spec"]["restartPolicy"] = "Never";
  return {{"apiVersion", "batch/v1"},
          {"kind", "CronJob"},
          {"metadata", {{"name", name}}},
          {"spec", {{"schedule", "*/1 * * * *"}, {"concurrencyPolicy", policy},
                    {"jobTemplate", {{"metadata", {{"labels", {{"from", name}}}}}, {"spec", job_spec}}}}}};
}

std::vector<Json> Jobs(WorkloadHarness& h) {
  auto list = h.api().List(res::kJobs, "default");
  std::vector<Json> out;
  if (list.ok()) {
    for (const Json& j : (*list)["items"]) out.push_back(j);
  }
  return out;
}

TEST_CASE("a CronJob starts a Job at each scheduled minute, named after the minute") {
  // A whole minute plus 10 s, so the next schedule time is 50 s away.
  FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'010)));
  WorkloadHarness h(&clock);
  h.Start(StartCronJobController);
  REQUIRE(h.api().Create(res::kCronJobs, "default", CronJob("tick", "Forbid")).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(Jobs(h).empty());
  clock.Advance(std::chrono::seconds(51));
  REQUIRE(WorkloadHarness::Eventually([&] { return Jobs(h).size() == 1; }));
  Json job = Jobs(h)[0];
  const int64_t minute = 1'800'000'060 / 60;
  CHECK(job["metadata"]["name"] == "tick-" + std::to_string(minute));
  CHECK(job["metadata"]["labels"]["from"] == "tick");
  CHECK(job["metadata"]["ownerReferences"][0]["kind"] == "CronJob");
  REQUIRE(WorkloadHarness::Eventually([&] {
    Json cj = h.Get(res::kCronJobs, "tick");
    return cj.value("status", Json::object()).value("lastScheduleTime", "") == "2027-01-15T08:01:00Z" &&
           cj["status"].value("active", Json::array()).size() == 1;
  }));
  // Forbid: the next minute starts nothing while the first Job runs.
  clock.Advance(std::chrono::seconds(60));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(Jobs(h).size() == 1);
  // Once it completes, it is seen, and the next minute starts another.
  Json done = job;
  done["status"] = {{"conditions", Json::array({{{"type", "Complete"}, {"status", "True"}}})},
                    {"completionTime", FormatRfc3339(clock.Now())}};
  REQUIRE(h.api().Update(res::kJobs, "default", done, "status").ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Jobs(h).size() == 2; }));
  CHECK(WorkloadHarness::Eventually([&] {
    return h.Get(res::kCronJobs, "tick").value("status", Json::object()).contains("lastSuccessfulTime");
  }));
}

TEST_CASE("a suspended CronJob starts nothing") {
  FakeClock clock(std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'010)));
  WorkloadHarness h(&clock);
  h.Start(StartCronJobController);
  Json cj = CronJob("quiet", "Allow");
  cj["spec"]["suspend"] = true;
  REQUIRE(h.api().Create(res::kCronJobs, "default", cj).ok());
  clock.Advance(std::chrono::seconds(120));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(Jobs(h).empty());
}

}  // namespace
}  // namespace k1s::controller::cronjob
