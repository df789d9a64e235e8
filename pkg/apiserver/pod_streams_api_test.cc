// pods/log, exec, attach and portforward as the API server checks them
// before the node's backend is reached.
#include <doctest/doctest.h>

#include "pkg/apiserver/api_test_fixture.h"

namespace k1s::apiserver {
namespace {

using testing::ApiFixture;

// Answers logs with a fixed text and records what it was asked.
class RecordingBackend final : public streaming::PodStreamBackend {
 public:
  Result<std::unique_ptr<http::ResponseStream>> Logs(const Json& pod, const streaming::LogOptions& o) override {
    asked_pod = pod["metadata"]["name"];
    asked = o;
    return Status(StatusCode::kBadRequest, "recorded");
  }
  Result<streaming::ProcessExit> Exec(const Json&, const std::string&, const std::vector<std::string>&,
                                      streaming::ProcessStreams&) override {
    return streaming::ProcessExit{};
  }
  Result<streaming::ProcessExit> Attach(const Json&, const std::string&, streaming::ProcessStreams&) override {
    return streaming::ProcessExit{};
  }
  Result<std::unique_ptr<streaming::PodConnection>> PortForward(const Json&, uint16_t) override {
    return Status::Unavailable("no");
  }
  std::string asked_pod;
  streaming::LogOptions asked;
};

struct Fixture : ApiFixture {
  RecordingBackend backend;
  Fixture() {
    server->SetPodStreamBackends(
        [this](const std::string& node) -> streaming::PodStreamBackend* { return node == "n1" ? &backend : nullptr; });
    CreatePod("one", "n1", R"([{"name":"c","image":"busybox"}])");
    CreatePod("two", "n1", R"([{"name":"a","image":"busybox"},{"name":"b","image":"busybox"}])");
    CreatePod("pending", "", R"([{"name":"c","image":"busybox"}])");
    CreatePod("elsewhere", "n2", R"([{"name":"c","image":"busybox"}])");
  }
  void CreatePod(const std::string& name, const std::string& node, const std::string& containers) {
    std::string spec = R"({"containers":)" + containers + (node.empty() ? "" : R"(,"nodeName":")" + node + "\"") + "}";
    auto a = Call("POST", "/api/v1/namespaces/default/pods",
                  R"({"metadata":{"name":")" + name + R"("},"spec":)" + spec + "}");
    REQUIRE(a.status == 201);
  }
};

TEST_CASE("logs reach the node's backend with the container and options") {
  Fixture f;
  auto a = f.Call("GET", "/api/v1/namespaces/default/pods/one/log?tailLines=2&timestamps=true&follow=true");
  CHECK(a.status == 400);
  CHECK(a.message() == "recorded");
  CHECK(f.backend.asked_pod == "one");
  CHECK(f.backend.asked.container == "c");
  CHECK(f.backend.asked.tail_lines == 2);
  CHECK(f.backend.asked.timestamps);
  CHECK(f.backend.asked.follow);
}

TEST_CASE("the container must be named when there are several, and must exist") {
  Fixture f;
  auto several = f.Call("GET", "/api/v1/namespaces/default/pods/two/log");
  CHECK(several.status == 400);
  CHECK(several.message() == "a container name must be specified for pod two, choose one of: [a b]");
  auto wrong = f.Call("POST", "/api/v1/namespaces/default/pods/one/exec?command=ls&stdout=true&container=x");
  CHECK(wrong.status == 400);
  CHECK(wrong.message() == "container x is not valid for pod one");
}

TEST_CASE("a pod without a node, a missing pod, and a node without a backend") {
  Fixture f;
  auto pending = f.Call("GET", "/api/v1/namespaces/default/pods/pending/log");
  CHECK(pending.status == 400);
  CHECK(pending.message() == "pod pending does not have a host assigned");
  auto missing = f.Call("POST", "/api/v1/namespaces/default/pods/nope/exec?command=ls&stdout=true");
  CHECK(missing.status == 404);
  CHECK(missing.message() == "pods \"nope\" not found");
  auto elsewhere = f.Call("POST", "/api/v1/namespaces/default/pods/elsewhere/portforward");
  CHECK(elsewhere.status == 503);
}

TEST_CASE("bad log options are refused as kube-apiserver refuses them") {
  Fixture f;
  auto both = f.Call("GET", "/api/v1/namespaces/default/pods/one/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z");
  CHECK(both.status == 422);
  auto zero = f.Call("GET", "/api/v1/namespaces/default/pods/one/log?limitBytes=0");
  CHECK(zero.status == 422);
  auto junk = f.Call("GET", "/api/v1/namespaces/default/pods/one/log?tailLines=abc");
  CHECK(junk.status == 400);
}

TEST_CASE("exec and port-forward without an upgrade are told an upgrade is required") {
  Fixture f;
  auto exec = f.Call("POST", "/api/v1/namespaces/default/pods/one/exec?command=ls&stdout=true");
  CHECK(exec.status == 400);
  CHECK(exec.message() == "Upgrade request required");
  auto forward = f.Call("POST", "/api/v1/namespaces/default/pods/one/portforward");
  CHECK(forward.status == 400);
  auto no_stream = f.Call("POST", "/api/v1/namespaces/default/pods/one/exec?command=ls");
  CHECK(no_stream.status == 400);
  CHECK(no_stream.message() == "you must specify at least 1 of stdin, stdout, stderr");
}

}  // namespace
}  // namespace k1s::apiserver
