// Components: what `k1s server` owns, started in order, stopped in reverse.
#pragma once

#include <memory>

#include "pkg/client/client.h"
#include "pkg/client/informer.h"
#include "pkg/client/transport.h"
#include "pkg/controller/manager.h"
#include "pkg/encryption/secrets_encryption.h"
#include "pkg/scheduler/scheduler.h"
#include "pkg/server/api_component.h"
#include "pkg/server/server_config.h"
#include "pkg/simnode/simulated_nodes.h"
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
  // Stops what was started, newest first. Idempotent. `exiting`: the
  // process ends right after, so the caches are not freed object by object
  // (the datastore is still closed properly).
  void Stop(bool exiting = false);

  // Precondition: Start() succeeded.
  store::Store& store() { return *store_; }
  ApiComponent& api() { return *api_; }

 private:
  // An in-process client of the API server acting as `identity`.
  std::unique_ptr<client::Client> ClientFor(client::Identity identity, std::string user_agent);

  const ServerConfig& config_;
  const Logger log_;
  RealClock clock_;
  std::unique_ptr<store::Store> store_;
  // Wraps store_ when secrets are encrypted; serves `k1s secrets-encrypt`.
  std::unique_ptr<encryption::SecretsEncryption> secrets_encryption_;
  std::unique_ptr<ApiComponent> api_;
  // One client per component identity; the informers are shared by all.
  std::unique_ptr<client::Client> informer_client_;
  std::unique_ptr<client::InformerFactory> informers_;
  std::unique_ptr<client::Client> controller_client_;
  std::unique_ptr<controller::ControllerManager> controllers_;
  std::unique_ptr<client::Client> scheduler_client_;
  std::unique_ptr<scheduler::Scheduler> scheduler_;
  std::unique_ptr<client::Client> simnode_client_;
  std::unique_ptr<simnode::SimulatedNodes> simulated_nodes_;
};

}  // namespace k1s::server
