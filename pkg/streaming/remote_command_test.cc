#include "pkg/streaming/remote_command.h"

#include <doctest/doctest.h>

#include "pkg/streaming/port_forward.h"
#include "pkg/streaming/upgrade_request.h"

namespace k1s::streaming {
namespace {

http::Request ExecRequest(std::string query) {
  http::Request r;
  r.method = "POST";
  r.path = "/api/v1/namespaces/default/pods/p/exec";
  r.query = http::ParseQuery(query);
  return r;
}

http::Request SpdyRequest(std::vector<std::string> offers) {
  http::Request r = ExecRequest("command=ls&stdout=true");
  r.headers.emplace("Connection", "Upgrade");
  r.headers.emplace("Upgrade", "SPDY/3.1");
  for (auto& o : offers) r.headers.emplace(kStreamProtocolHeader, o);
  return r;
}

TEST_CASE("exec options come from the query: repeated commands, the streams, a tty") {
  auto o = ParseCommandOptions(ExecRequest("command=sh&command=-c&command=echo+hi&container=c&stdin=true&"
                                           "stdout=true&stderr=false&tty=true"),
                               /*exec=*/true);
  REQUIRE(o.ok());
  CHECK(o->command == std::vector<std::string>{"sh", "-c", "echo hi"});
  CHECK(o->container == "c");
  CHECK(o->stdin);
  CHECK(o->stdout);
  CHECK_FALSE(o->stderr);
  CHECK(o->tty);
}

TEST_CASE("exec without any stream or command is a BadRequest worded as kube-apiserver's") {
  auto none = ParseCommandOptions(ExecRequest("command=ls"), true);
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == StatusCode::kBadRequest);
  CHECK(none.status().message() == "you must specify at least 1 of stdin, stdout, stderr");
  auto no_command = ParseCommandOptions(ExecRequest("stdout=true"), true);
  REQUIRE_FALSE(no_command.ok());
  CHECK(no_command.status().code() == StatusCode::kBadRequest);
  CHECK(ParseCommandOptions(ExecRequest("stdout=true"), /*exec=*/false).ok());  // attach has no command
}

TEST_CASE("the end status: Success, NonZeroExitCode with the code as its cause, or the failure") {
  CHECK(CommandEndStatus(ProcessExit{0}, {"true"}) == Json::parse(R"({"metadata":{},"status":"Success"})"));
  Json failed = CommandEndStatus(ProcessExit{3}, {"sh", "-c", "exit 3"});
  CHECK(failed["status"] == "Failure");
  CHECK(failed["reason"] == "NonZeroExitCode");
  CHECK(failed["message"] ==
        "command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3");
  CHECK(failed["details"]["causes"][0] == Json::parse(R"({"reason":"ExitCode","message":"3"})"));
  Json error = CommandEndStatus(Status(StatusCode::kBadRequest, "exec is off"), {"ls"});
  CHECK(error["status"] == "Failure");
  CHECK(error["message"] == "exec is off");
}

TEST_CASE("protocol negotiation takes the client's first offer the server speaks") {
  auto r = SpdyRequest({"v5.channel.k8s.io, v4.channel.k8s.io", "v3.channel.k8s.io"});
  CHECK(NegotiateProtocol(r, kStreamProtocolHeader, {"v4.channel.k8s.io", "v3.channel.k8s.io"}) ==
        "v4.channel.k8s.io");
  CHECK(NegotiateProtocol(r, kStreamProtocolHeader, {"v3.channel.k8s.io"}) == "v3.channel.k8s.io");
  CHECK(NegotiateProtocol(r, kStreamProtocolHeader, {"v9"}).empty());
}

TEST_CASE("an exec over SPDY gets a 101 naming the chosen version and the SPDY upgrade") {
  auto reply = ServeRemoteCommand(SpdyRequest({"v4.channel.k8s.io", "v3.channel.k8s.io"}),
                                  CommandOptions{.command = {"ls"}, .stdout = true},
                                  [](ProcessStreams&) -> Result<ProcessExit> { return ProcessExit{}; }, Logger());
  REQUIRE(reply.ok());
  CHECK(reply->response.status == 101);
  CHECK(reply->upgrade);
  CHECK(reply->response.headers.find("Upgrade")->second == "SPDY/3.1");
  CHECK(reply->response.headers.find(kStreamProtocolHeader)->second == "v4.channel.k8s.io");
}

TEST_CASE("no upgrade, or no common version, is refused before any upgrade") {
  RunCommand run = [](ProcessStreams&) -> Result<ProcessExit> { return ProcessExit{}; };
  auto plain = ServeRemoteCommand(ExecRequest("command=ls&stdout=true"), {}, run, Logger());
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.status().code() == StatusCode::kBadRequest);
  CHECK(plain.status().message() == "Upgrade request required");
  auto old = ServeRemoteCommand(SpdyRequest({"v1.channel.k8s.io"}), {}, run, Logger());
  REQUIRE_FALSE(old.ok());
  CHECK(old.status().code() == StatusCode::kForbidden);
  CHECK(old.status().message() ==
        "unable to upgrade: unable to negotiate protocol: client supports [v1.channel.k8s.io], server supports "
        "[v4.channel.k8s.io]");
  auto forward = ServePortForward(SpdyRequest({"v4.channel.k8s.io"}), nullptr, Logger());
  REQUIRE_FALSE(forward.ok());
  CHECK(forward.status().code() == StatusCode::kForbidden);
}

TEST_CASE("a WebSocket exec must be a valid handshake; a valid one gets v5 when offered") {
  http::Request r = ExecRequest("command=ls&stdout=true");
  r.method = "GET";
  r.headers.emplace("Connection", "Upgrade");
  r.headers.emplace("Upgrade", "websocket");
  r.headers.emplace("Sec-WebSocket-Protocol", "v5.channel.k8s.io");
  RunCommand run = [](ProcessStreams&) -> Result<ProcessExit> { return ProcessExit{}; };
  auto bad = ServeRemoteCommand(r, {}, run, Logger());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kBadRequest);
  r.headers.emplace("Sec-WebSocket-Version", "13");
  r.headers.emplace("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
  auto good = ServeRemoteCommand(r, {}, run, Logger());
  REQUIRE(good.ok());
  CHECK(good->response.status == 101);
  CHECK(good->response.headers.find("Sec-WebSocket-Protocol")->second == "v5.channel.k8s.io");
  CHECK(good->response.headers.find("Sec-WebSocket-Accept")->second == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

}  // namespace
}  // namespace k1s::streaming
