// `k1s server`: the composition root of the control plane.
#pragma once

#include "pkg/server/server_config.h"
#include "pkg/util/log.h"
#include "pkg/util/status.h"

namespace k1s::server {

// Starts the components in order, runs until SIGINT or SIGTERM, then stops
// them in reverse order. OK after a clean shutdown; the error of the first
// component that failed to start otherwise (the ones started before it are
// stopped first). Call from the main thread before any other thread exists:
// it blocks SIGINT and SIGTERM so that only it consumes them.
Status RunServer(const ServerConfig& config, LogSink& sink);

}  // namespace k1s::server
