// Components: what `k1s server` owns, started in order, stopped in reverse.
#pragma once

#include <memory>

#include "pkg/server/api_component.h"
#include "pkg/server/server_config.h"
#include "pkg/store/store.h"
#include "pkg/util/log.h"

namespace k1s::server {

class Components {
 public:
  Components(const ServerConfig& config, Logger log) : config_(config), log_(std::move(log)) {}
  Components(const Components&) = delete;
  Components& operator=(const Components&) = delete;
  ~Components() { Stop(); }

  // Starts every component in dependency order. On error the components
  // already started keep running until Stop().
  Status Start();
  // Stops what was started, newest first. Idempotent.
  void Stop();

  // Precondition: Start() succeeded.
  store::Store& store() { return *store_; }
  ApiComponent& api() { return *api_; }

 private:
  // One member per component; the API server, scheduler, controllers and
  // local agent join here, each with a Start step in Start() and a Stop step
  // in Stop().
  const ServerConfig& config_;
  const Logger log_;
  RealClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ApiComponent> api_;
};

}  // namespace k1s::server
