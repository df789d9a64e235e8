#include "pkg/agent/agent.h"

#include <doctest/doctest.h>

#include <map>

#include "pkg/cli/parser.h"

namespace k1s::agent {
namespace {

Result<AgentConfig> Build(std::vector<std::string> args,
                          std::map<std::string, std::string> env = {}) {
  cli::ParseInput in;
  in.command = "k1s agent";
  in.args = std::move(args);
  in.default_config_path = "/nonexistent/k1s/config.yaml";
  in.getenv = [env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  K1S_ASSIGN_OR_RETURN(cli::ParsedFlags flags,
                       cli::ParseFlags(AgentFlags(cli::HostInfo{false, "/home/u", "box"}), in));
  return AgentConfigFromFlags(flags);
}

TEST_CASE("the agent needs --server and --token, from flags or K1S_URL/K1S_TOKEN") {
  CHECK(Build({}).status().message() == "--server is required (or set K1S_URL)");
  CHECK(Build({"-s", "https://a:6443"}).status().message() ==
        "--token is required (or set K1S_TOKEN)");
  CHECK(Build({"-s", "http://a:6443", "-t", "x"}).status().IsInvalid());
  auto c =
      Build({}, {{"K1S_URL", "https://a:6443"}, {"K1S_TOKEN", "tok"}, {"K1S_NODE_NAME", "n2"}});
  REQUIRE(c.ok());
  CHECK(c->server_url == "https://a:6443");
  CHECK(c->token == "tok");
  CHECK(c->node_name == "n2");
  CHECK(c->data_dir == "/home/u/.k1s");
}

TEST_CASE("RunAgent says honestly that joining is not available yet") {
  auto c = Build({"-s", "https://a:6443", "-t", "x"});
  REQUIRE(c.ok());
  LogSink sink(0);
  Status s = RunAgent(*c, sink);
  CHECK(s.IsUnavailable());
  CHECK(s.message().find("not available in this build yet") != std::string::npos);
}

}  // namespace
}  // namespace k1s::agent
