#include "pkg/server/server.h"

#include <malloc.h>

#include <chrono>
#include <cstring>
#include <string>

#include "pkg/server/components.h"
#include "pkg/server/signals.h"
#include "pkg/util/version.h"

namespace k1s::server {

namespace {

// Things the flags accept today but this build cannot do yet; said once at
// start so nobody believes they happened.
void WarnNotYetAvailable(const ServerConfig& config, const Logger& log) {
  if (!config.join_server.empty()) {
    log.Warning("--server ", config.join_server,
                " recorded, but joining an existing server is not available in this build yet");
  }
  if (!config.disable_agent) {
    log.Info("the local node agent (kubelet) is not part of this build yet; use --simulated-nodes "
             "for nodes that run pods without containers");
  }
}

}  // namespace

Status RunServer(const ServerConfig& config, LogSink& sink) {
  const auto started = std::chrono::steady_clock::now();
  // glibc gives each busy thread its own heap arena and keeps what it freed;
  // with a dozen request threads that alone held ~1 GB after a few large
  // lists (bench/apiserver). Two arenas keep memory near what is in use.
  // (The release binary links jemalloc, configured in cmd/k1s; this applies
  // to builds without it, such as the sanitizer ones.)
  mallopt(M_ARENA_MAX, 2);
  const Logger log(&sink, "server");
  K1S_ASSIGN_OR_RETURN(std::unique_ptr<SignalWaiter> signals,
                       SignalWaiter::Create({SIGINT, SIGTERM}));
  log.Info("k1s ", K1sVersion(), " (", GitCommit(), ") starting, node ", config.node_name,
           ", data dir ", config.data_dir);
  WarnNotYetAvailable(config, log);

  Components components(config, log);
  if (Status s = components.Start(); !s.ok()) {
    components.Stop();
    return s;
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  log.Info("ready in ", ms.count(), "ms");

  K1S_ASSIGN_OR_RETURN(int signo, signals->Wait());
  const char* name = sigabbrev_np(signo);
  log.Info("received SIG", name != nullptr ? name : std::to_string(signo).c_str(),
           ", shutting down");
  components.Stop(/*exiting=*/true);
  log.Info("stopped");
  return Status::Ok();
}

}  // namespace k1s::server
