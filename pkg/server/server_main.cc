#include "pkg/server/server_main.h"

#include "pkg/server/server.h"

namespace k1s::server {

int ServerMain(const cli::CommandContext& ctx) {
  auto config = ServerConfigFromFlags(ctx.flags);
  if (!config.ok()) {
    ctx.err << "k1s: " << config.status().message() << "\n";
    return cli::kExitUsage;
  }
  LogSink sink(config->verbosity);
  if (Status s = RunServer(*config, sink); !s.ok()) {
    ctx.err << "k1s: " << s.message() << "\n";
    return cli::kExitFailure;
  }
  return cli::kExitOk;
}

}  // namespace k1s::server
