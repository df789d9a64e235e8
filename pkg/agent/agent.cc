#include "pkg/agent/agent.h"

#include <filesystem>

#include "pkg/cli/common_flags.h"

namespace k1s::agent {

std::vector<cli::FlagSpec> AgentFlags(const cli::HostInfo& host) {
  cli::FlagSpec server = cli::ServerUrlFlag("Server to connect to, https://host:6443");
  server.required = true;
  cli::FlagSpec token = cli::TokenFlag("Token to use for authentication");
  token.required = true;
  return {cli::ConfigFlag(),
          cli::DataDirFlag(host),
          server,
          token,
          cli::NodeNameFlag(host),
          cli::NodeIpFlag(),
          cli::VerbosityFlag(),
          cli::PrintConfigFlag()};
}

Result<AgentConfig> AgentConfigFromFlags(const cli::ParsedFlags& flags) {
  AgentConfig c;
  c.config_file = flags.config_file();
  c.data_dir = std::filesystem::absolute(flags.String("data-dir")).lexically_normal().string();
  c.server_url = flags.String("server");
  c.token = flags.String("token");
  c.node_name = flags.String("node-name");
  if (c.node_name.empty()) {
    return Status::Invalid("the host name is unknown: set --node-name (or K1S_NODE_NAME)");
  }
  if (flags.IsSet("node-ip")) c.node_ip = flags.Ip("node-ip");
  c.verbosity = static_cast<int>(flags.Int("v"));
  return c;
}

Status RunAgent(const AgentConfig& config, LogSink& sink) {
  const Logger log(&sink, "agent");
  log.Debug(1, "node ", config.node_name, ", server ", config.server_url, ", data dir ",
            config.data_dir);
  return Status::Unavailable("joining " + config.server_url +
                             " is not available in this build yet: k1s has no API server to join "
                             "so far; run \"k1s server\" on this machine instead");
}

int AgentMain(const cli::CommandContext& ctx) {
  auto config = AgentConfigFromFlags(ctx.flags);
  if (!config.ok()) {
    ctx.err << "k1s: " << config.status().message() << "\n";
    return cli::kExitUsage;
  }
  LogSink sink(config->verbosity);
  if (Status s = RunAgent(*config, sink); !s.ok()) {
    ctx.err << "k1s: " << s.message() << "\n";
    return cli::kExitFailure;
  }
  return cli::kExitOk;
}

}  // namespace k1s::agent
