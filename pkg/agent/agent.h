// `k1s agent`: a node agent that joins a server over HTTPS.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pkg/cli/command.h"
#include "pkg/cli/host.h"
#include "pkg/cli/ipnet.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::agent {

struct AgentConfig {
  std::string config_file;  // empty if none was read
  std::string data_dir;     // absolute
  std::string server_url;   // https://host:port
  std::string token;
  std::string node_name;
  std::optional<cli::IpAddress> node_ip;
  int verbosity = 0;
};

// The flags of `k1s agent`, names, defaults and variables as k3s's.
std::vector<cli::FlagSpec> AgentFlags(const cli::HostInfo& host);

// Invalid, with one line, if the parsed flags do not make a usable config.
Result<AgentConfig> AgentConfigFromFlags(const cli::ParsedFlags& flags);

// Runs the agent until it is told to stop. In this build the API server it
// would join does not exist yet, so it returns Unavailable at once, saying so.
Status RunAgent(const AgentConfig& config, LogSink& sink);

// Entry of `k1s agent` in the subcommand table: exit 2 for bad flags, 1 if
// the agent fails (always, in this build), 0 after a clean stop.
int AgentMain(const cli::CommandContext& ctx);

}  // namespace k1s::agent
