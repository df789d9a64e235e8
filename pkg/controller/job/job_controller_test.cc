#include <doctest/doctest.h>

#include "pkg/controller/common/status_util.h"
#include "pkg/controller/job/indexes.h"
#include "pkg/controller/job/job_controller.h"
#include "pkg/controller/job/job_sync.h"
#include "pkg/controller/testing/workload_harness.h"

namespace k1s::controller::job {
namespace {

using testing::WorkloadHarness;
namespace res = client::resources;

Json MakeJob(const std::string& name, Json spec) {
  spec["template"] = WorkloadHarness::PodTemplate({{"app", name}});
  spec["template"]["spec"]["restartPolicy"] = "Never";
  return {{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"metadata", {{"name", name}}}, {"spec", spec}};
}

std::string Reason(WorkloadHarness& h, const std::string& name, const char* type) {
  const Json conditions = h.Get(res::kJobs, name)["status"].value("conditions", Json::array());
  const Json* c = common::FindCondition(conditions, type);
  return c == nullptr || c->value("status", "") != "True" ? "" : c->value("reason", "");
}

int64_t S(WorkloadHarness& h, const std::string& name, const char* field) {
  return h.Get(res::kJobs, name).value("status", Json::object()).value(field, int64_t{0});
}

// Pods of the job that are neither finished nor being deleted.
std::vector<Json> Running(WorkloadHarness& h, const std::string& job) {
  std::vector<Json> out;
  for (Json& p : h.LivePods("batch.kubernetes.io/job-name=" + job)) {
    const std::string phase = p["status"].value("phase", "");
    if (phase != "Succeeded" && phase != "Failed") out.push_back(std::move(p));
  }
  return out;
}

TEST_CASE("completed-index sets print as Kubernetes prints them") {
  CHECK(FormatIndexes({1, 3, 4, 5, 7}) == "1,3-5,7");
  CHECK(FormatIndexes({0, 1}) == "0,1");
  CHECK(FormatIndexes({}) == "");
  CHECK(ParseIndexes("1,3-5,7") == std::set<int64_t>{1, 3, 4, 5, 7});
}

TEST_CASE("a Job runs parallelism pods until completions succeed, then completes") {
  WorkloadHarness h;
  h.Start(StartJobController);
  REQUIRE(h.api().Create(res::kJobs, "default", MakeJob("work", {{"completions", 3}, {"parallelism", 2}})).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Running(h, "work").size() == 2; }));
  for (const Json& p : Running(h, "work")) CHECK(HasTrackingFinalizer(p));
  REQUIRE(WorkloadHarness::Eventually([&] { return S(h, "work", "active") == 2; }));
  int finished = 0;
  REQUIRE(WorkloadHarness::Eventually([&] {
    for (const Json& p : Running(h, "work")) {
      if (finished < 3) {
        h.Finish(p, 0);
        ++finished;
      }
    }
    return Reason(h, "work", "Complete") == "CompletionsReached";
  }));
  CHECK(S(h, "work", "succeeded") == 3);
  CHECK(Reason(h, "work", "SuccessCriteriaMet") == "CompletionsReached");
  Json j = h.Get(res::kJobs, "work");
  CHECK(j["status"].contains("completionTime"));
  CHECK(j["status"]["uncountedTerminatedPods"] == Json::object());
  // Finished pods are released from the tracking finalizer.
  CHECK(WorkloadHarness::Eventually([&] {
    for (const Json& p : h.Pods("batch.kubernetes.io/job-name=work")) {
      if (HasTrackingFinalizer(p)) return false;
    }
    return h.Pods("batch.kubernetes.io/job-name=work").size() == 3;
  }));
}

TEST_CASE("a Job whose pods fail past backoffLimit fails") {
  WorkloadHarness h;
  h.Start(StartJobController);
  REQUIRE(h.api().Create(res::kJobs, "default", MakeJob("bad", {{"backoffLimit", 0}})).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Running(h, "bad").size() == 1; }));
  h.Finish(Running(h, "bad")[0], 1);
  REQUIRE(WorkloadHarness::Eventually([&] { return Reason(h, "bad", "Failed") == "BackoffLimitExceeded"; }));
  CHECK(Reason(h, "bad", "FailureTarget") == "BackoffLimitExceeded");
  CHECK(S(h, "bad", "failed") == 1);
  CHECK(Running(h, "bad").empty());
}

TEST_CASE("a FailJob rule of the podFailurePolicy fails the Job at once") {
  WorkloadHarness h;
  h.Start(StartJobController);
  Json policy = {{"rules", Json::array({{{"action", "FailJob"},
                                          {"onExitCodes", {{"operator", "In"}, {"values", {42}}}}}})}};
  REQUIRE(h.api().Create(res::kJobs, "default", MakeJob("policy", {{"backoffLimit", 6}, {"podFailurePolicy", policy}})).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Running(h, "policy").size() == 1; }));
  const std::string pod = Running(h, "policy")[0]["metadata"]["name"];
  h.Finish(Running(h, "policy")[0], 42);
  REQUIRE(WorkloadHarness::Eventually([&] { return Reason(h, "policy", "Failed") == "PodFailurePolicy"; }));
  Json j = h.Get(res::kJobs, "policy");
  const Json* c = common::FindCondition(j["status"]["conditions"], "Failed");
  CHECK(c->value("message", "") ==
        "Container main for pod default/" + pod + " failed with exit code 42 matching FailJob rule at index 0");
}

TEST_CASE("an Indexed Job gives each pod its index and reports completed indexes") {
  WorkloadHarness h;
  h.Start(StartJobController);
  REQUIRE(h.api().Create(res::kJobs, "default",
                         MakeJob("idx", {{"completions", 3}, {"parallelism", 3}, {"completionMode", "Indexed"}})).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Running(h, "idx").size() == 3; }));
  std::set<std::string> seen;
  for (const Json& p : Running(h, "idx")) {
    const std::string index = p["metadata"]["annotations"][kIndexAnnotation];
    seen.insert(index);
    CHECK(p["metadata"]["labels"][kIndexAnnotation] == index);
    CHECK(p["metadata"]["name"].get<std::string>().rfind("idx-" + index + "-", 0) == 0);
    bool env = false;
    for (const Json& e : p["spec"]["containers"][0]["env"]) env |= e["name"] == "JOB_COMPLETION_INDEX";
    CHECK(env);
  }
  CHECK(seen == std::set<std::string>{"0", "1", "2"});
  for (const Json& p : Running(h, "idx")) h.Finish(p, 0);
  REQUIRE(WorkloadHarness::Eventually([&] { return Reason(h, "idx", "Complete") == "CompletionsReached"; }));
  CHECK(h.Get(res::kJobs, "idx")["status"]["completedIndexes"] == "0-2");
}

TEST_CASE("a suspended Job runs nothing until resumed") {
  WorkloadHarness h;
  h.Start(StartJobController);
  REQUIRE(h.api().Create(res::kJobs, "default", MakeJob("later", {{"suspend", true}})).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Reason(h, "later", "Suspended") == "JobSuspended"; }));
  CHECK(h.Pods("batch.kubernetes.io/job-name=later").empty());
  REQUIRE(h.api().Patch(res::kJobs, "default", "later", client::PatchType::kMergePatch,
                        {{"spec", {{"suspend", false}}}}).ok());
  CHECK(WorkloadHarness::Eventually([&] { return Running(h, "later").size() == 1; }));
  CHECK(WorkloadHarness::Eventually([&] { return h.Get(res::kJobs, "later")["status"].contains("startTime"); }));
}

TEST_CASE("a Job past activeDeadlineSeconds fails with DeadlineExceeded") {
  FakeClock clock;
  WorkloadHarness h(&clock);
  h.Start(StartJobController);
  REQUIRE(h.api().Create(res::kJobs, "default", MakeJob("slow", {{"activeDeadlineSeconds", 30}})).ok());
  REQUIRE(WorkloadHarness::Eventually([&] { return Running(h, "slow").size() == 1 && S(h, "slow", "active") == 1; }));
  clock.Advance(std::chrono::seconds(31));
  REQUIRE(WorkloadHarness::Eventually([&] { return Reason(h, "slow", "Failed") == "DeadlineExceeded"; }));
  CHECK(Running(h, "slow").empty());
}

}  // namespace
}  // namespace k1s::controller::job
