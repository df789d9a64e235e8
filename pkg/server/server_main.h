// The entry function of `k1s server` in the subcommand table.
#pragma once

#include "pkg/cli/command.h"

namespace k1s::server {

// Exit 2 if the flags do not make a valid ServerConfig, 1 if the server
// fails to start or run, 0 after a clean shutdown on SIGINT or SIGTERM.
int ServerMain(const cli::CommandContext& ctx);

}  // namespace k1s::server
