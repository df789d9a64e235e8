#include "pkg/simnode/pod_lifecycle.h"

#include <doctest/doctest.h>

namespace k1s::simnode {
namespace {

using std::chrono::seconds;

const TimePoint kT0 = TimePoint(seconds(1'700'000'000));

Json Pod(Json annotations, const char* policy = "Always") {
  return {{"metadata", {{"name", "p"}, {"namespace", "ns"}, {"uid", "u1"}, {"annotations", annotations}}},
          {"spec",
           {{"restartPolicy", policy},
            {"initContainers", Json::array({{{"name", "init"}, {"image", "busybox"}}})},
            {"containers", Json::array({{{"name", "c"}, {"image", "registry.k8s.io/pause:3.9"}}})}}},
          {"status", {{"phase", "Pending"}, {"qosClass", "BestEffort"}}}};
}

PodRun Started() {
  PodRun run;
  run.uid = "u1";
  run.ip = "10.42.255.2";
  run.start = run.container_start = kT0;
  return run;
}

const Json* FindCondition(const Json& status, const std::string& type) {
  for (const Json& c : status["conditions"]) {
    if (c["type"] == type) return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a started pod is Running, ready, with its IPs and init containers done") {
  Json pod = Pod(Json::object());
  PodRun run = Started();
  PodBehaviour b = ReadBehaviour(pod);
  Json s = ComputeStatus(pod, run, b, "198.18.0.1", kT0);
  CHECK(s["phase"] == "Running");
  CHECK(s["podIP"] == "10.42.255.2");
  CHECK(s["podIPs"][0]["ip"] == "10.42.255.2");
  CHECK(s["hostIP"] == "198.18.0.1");
  CHECK(s["startTime"] == "2023-11-14T22:13:20Z");
  CHECK_FALSE(s.contains("qosClass"));  // the API server's, left alone
  const Json& c = s["containerStatuses"][0];
  CHECK(c["ready"] == true);
  CHECK(c["started"] == true);
  CHECK(c["restartCount"] == 0);
  CHECK(c["image"] == "registry.k8s.io/pause:3.9");
  CHECK(c["imageID"].get<std::string>().rfind("registry.k8s.io/pause@sha256:", 0) == 0);
  CHECK(c["state"]["running"]["startedAt"] == "2023-11-14T22:13:20Z");
  const Json& init = s["initContainerStatuses"][0];
  CHECK(init["state"]["terminated"]["reason"] == "Completed");
  CHECK(init["image"] == "docker.io/library/busybox:latest");
  for (const char* type : {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"}) {
    REQUIRE(FindCondition(s, type) != nullptr);
    CHECK((*FindCondition(s, type))["status"] == "True");
  }
}

TEST_CASE("readiness waits for simulate-ready-after") {
  Json pod = Pod({{kReadyAfterAnnotation, "3s"}});
  PodRun run = Started();
  PodBehaviour b = ReadBehaviour(pod);
  Json s = ComputeStatus(pod, run, b, "h", kT0 + seconds(1));
  CHECK(s["containerStatuses"][0]["ready"] == false);
  CHECK((*FindCondition(s, "Ready"))["reason"] == "ContainersNotReady");
  CHECK((*FindCondition(s, "Ready"))["message"] == "containers with unready status: [c]");
  CHECK(NextChange(run, b, kT0 + seconds(1)) == kT0 + seconds(3));
  CHECK(ComputeStatus(pod, run, b, "h", kT0 + seconds(3))["containerStatuses"][0]["ready"] == true);
}

TEST_CASE("restartPolicy Never: the exit code decides Succeeded or Failed") {
  for (auto [code, phase] : {std::pair{"0", "Succeeded"}, std::pair{"1", "Failed"}}) {
    Json pod = Pod({{kExitAfterAnnotation, "5s"}, {kExitCodeAnnotation, code}}, "Never");
    PodRun run = Started();
    PodBehaviour b = ReadBehaviour(pod);
    CHECK(NextChange(run, b, kT0) == kT0 + seconds(5));
    Advance(run, b, kT0 + seconds(7));
    Json s = ComputeStatus(pod, run, b, "h", kT0 + seconds(7));
    CHECK(s["phase"] == phase);
    CHECK(s["containerStatuses"][0]["state"]["terminated"]["finishedAt"] == "2023-11-14T22:13:25Z");
    CHECK((*FindCondition(s, "Ready"))["reason"] == "PodCompleted");
    CHECK(NextChange(run, b, kT0 + seconds(7)) == std::nullopt);
  }
}

TEST_CASE("OnFailure restarts failures with the kubelet's back-off") {
  Json pod = Pod({{kExitAfterAnnotation, "5s"}, {kExitCodeAnnotation, "1"}}, "OnFailure");
  PodRun run = Started();
  PodBehaviour b = ReadBehaviour(pod);
  Advance(run, b, kT0 + seconds(5));  // exit 1, restarted at once
  CHECK(run.restarts == 1);
  CHECK(run.stage == PodRun::Stage::kRunning);
  Advance(run, b, kT0 + seconds(11));  // second exit at 10s: back-off 10s
  CHECK(run.restarts == 2);
  CHECK(run.stage == PodRun::Stage::kBackOff);
  Json s = ComputeStatus(pod, run, b, "h", kT0 + seconds(11));
  const Json& c = s["containerStatuses"][0];
  CHECK(c["state"]["waiting"]["reason"] == "CrashLoopBackOff");
  CHECK(c["state"]["waiting"]["message"] == "back-off 10s restarting failed container=c pod=p_ns(u1)");
  CHECK(c["lastState"]["terminated"]["exitCode"] == 1);
  CHECK(c["lastState"]["terminated"]["reason"] == "Error");
  CHECK(c["restartCount"] == 2);
  CHECK(s["phase"] == "Running");
  CHECK(NextChange(run, b, kT0 + seconds(11)) == kT0 + seconds(20));
  Advance(run, b, kT0 + seconds(20));
  CHECK(run.stage == PodRun::Stage::kRunning);
  CHECK(run.container_start == kT0 + seconds(20));
}

TEST_CASE("OnFailure with exit code 0 completes") {
  Json pod = Pod({{kExitAfterAnnotation, "1s"}}, "OnFailure");
  PodRun run = Started();
  PodBehaviour b = ReadBehaviour(pod);
  Advance(run, b, kT0 + seconds(2));
  CHECK(run.stage == PodRun::Stage::kExited);
  CHECK(ComputeStatus(pod, run, b, "h", kT0 + seconds(2))["phase"] == "Succeeded");
}

TEST_CASE("back-off doubles from the base up to five minutes") {
  const Millis base = seconds(10);
  CHECK(RestartBackoff(1, base) == Millis(0));
  CHECK(RestartBackoff(2, base) == seconds(10));
  CHECK(RestartBackoff(3, base) == seconds(20));
  CHECK(RestartBackoff(6, base) == seconds(160));
  CHECK(RestartBackoff(7, base) == seconds(300));
  CHECK(RestartBackoff(50, base) == seconds(300));
  CHECK(ReadBehaviour(Pod({{kBackoffAnnotation, "1s"}})).backoff == seconds(1));
}

TEST_CASE("a killed pod reports its containers terminated") {
  Json pod = Pod(Json::object());
  PodRun run = Started();
  PodBehaviour b = ReadBehaviour(pod);
  Json s = ComputeStatus(pod, run, b, "h", kT0 + seconds(30), 137);
  CHECK(s["containerStatuses"][0]["state"]["terminated"]["exitCode"] == 137);
  CHECK(s["containerStatuses"][0]["ready"] == false);
  CHECK(s["phase"] == "Failed");
}

TEST_CASE("unchanged conditions keep their transition time") {
  Json pod = Pod(Json::object());
  PodRun run = Started();
  PodBehaviour b = ReadBehaviour(pod);
  pod["status"] = ComputeStatus(pod, run, b, "h", kT0);
  Json later = ComputeStatus(pod, run, b, "h", kT0 + seconds(100));
  CHECK(later == pod["status"]);
}

TEST_CASE("images are normalized as a container runtime reports them") {
  CHECK(NormalizeImage("busybox") == "docker.io/library/busybox:latest");
  CHECK(NormalizeImage("nginx:1.25") == "docker.io/library/nginx:1.25");
  CHECK(NormalizeImage("me/app") == "docker.io/me/app:latest");
  CHECK(NormalizeImage("localhost:5000/app") == "localhost:5000/app:latest");
  CHECK(NormalizeImage("quay.io/x/y@sha256:ab") == "quay.io/x/y@sha256:ab");
}

}  // namespace k1s::simnode
