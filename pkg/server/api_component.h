// The API server component of `k1s server`: certificates, the HTTPS listener,
// the REST API over the store, the objects every cluster starts with, and the
// admin kubeconfig.
#pragma once

#include <memory>

#include "pkg/api/registry.h"
#include "pkg/apiserver/apiserver.h"
#include "pkg/apiserver/crd_controller.h"
#include "pkg/encryption/secrets_encryption.h"
#include "pkg/http/server.h"
#include "pkg/pki/pki.h"
#include "pkg/server/server_config.h"
#include "pkg/store/store.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"

namespace k1s::server {

class ApiComponent {
 public:
  // Starts serving; returns once the listener is bound, the bootstrap objects
  // exist and the kubeconfig is written.
  // `secrets_encryption` (optional) gets its admin endpoints (`k1s secrets-encrypt`).
  static Result<std::unique_ptr<ApiComponent>> Start(
      const ServerConfig& config, store::Store& store, const Clock& clock, Logger log,
      encryption::SecretsEncryption* secrets_encryption = nullptr);
  ~ApiComponent();
  ApiComponent(const ApiComponent&) = delete;
  ApiComponent& operator=(const ApiComponent&) = delete;

  // Stops the listener (open watches end). Idempotent.
  void Stop();
  uint16_t port() const { return http_->port(); }
  apiserver::ApiServer& api() { return *api_; }
  // Where the certificates and keys are (the cluster CA is in server_ca_cert).
  const pki::ServerPki& pki() const { return certs_; }

 private:
  ApiComponent() = default;

  pki::ServerPki certs_;
  std::unique_ptr<api::Registry> registry_;
  std::unique_ptr<apiserver::ApiServer> api_;
  std::unique_ptr<apiserver::CrdController> crds_;
  std::unique_ptr<http::Server> http_;
};

// The first address of a CIDR plus one: what the `kubernetes` Service gets.
std::string FirstServiceAddress(const cli::Cidr& service_cidr);

}  // namespace k1s::server
