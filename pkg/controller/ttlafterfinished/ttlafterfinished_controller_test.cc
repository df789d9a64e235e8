#include "pkg/controller/ttlafterfinished/ttlafterfinished_controller.h"

#include <doctest/doctest.h>

#include "pkg/controller/common/housekeeping_harness.h"
#include "pkg/controller/common/object_state.h"
#include "pkg/util/time_format.h"

namespace k1s::controller {
namespace {

using client::Json;
using namespace std::chrono_literals;
using testing::HousekeepingHarness;
namespace res = client::resources;

void CreateFinishedJob(HousekeepingHarness& h, const std::string& name, int ttl, const Clock& clock) {
  Json job{{"apiVersion", "batch/v1"},
           {"kind", "Job"},
           {"metadata", {{"name", name}}},
           {"spec",
            {{"ttlSecondsAfterFinished", ttl},
             {"template",
              {{"spec", {{"restartPolicy", "Never"}, {"containers", {{{"name", "c"}, {"image", "busybox"}}}}}}}}}}};
  auto created = h.api().Create(res::kJobs, "default", job);
  REQUIRE(created.ok());
  Json done = *created;
  const std::string now = FormatRfc3339(clock.Now());
  done["status"] = {{"completionTime", now},
                    {"startTime", now},
                    {"succeeded", 1},
                    {"conditions", {{{"type", "Complete"}, {"status", "True"}, {"lastTransitionTime", now}}}}};
  REQUIRE(h.api().Update(res::kJobs, "default", done, "status").ok());
}

bool Deleting(HousekeepingHarness& h, const std::string& name) {
  Json j = h.Get(res::kJobs, "default", name);
  return j.is_null() || IsBeingDeleted(j);
}

TEST_CASE("a finished Job is deleted ttlSecondsAfterFinished after it finished") {
  FakeClock clock;
  HousekeepingHarness h(&clock);
  h.Start(StartTtlAfterFinishedController);
  CreateFinishedJob(h, "later", 100, clock);
  CreateFinishedJob(h, "now", 0, clock);
  CHECK(HousekeepingHarness::Eventually([&] { return Deleting(h, "now"); }));
  CHECK_FALSE(Deleting(h, "later"));
  h.AdvanceUntil(10s, 80s, [] { return false; });
  CHECK_FALSE(Deleting(h, "later"));
  CHECK(h.AdvanceUntil(10s, 40s, [&] { return Deleting(h, "later"); }));
}

}  // namespace
}  // namespace k1s::controller
