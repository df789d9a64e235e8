// `k1s secrets-encrypt status|rotate-keys` and the server side it talks to.
//
// The CLI reaches the running server as k3s's does, but over the API
// server's own port: two admin endpoints that only system:masters may call
// (the admin kubeconfig's client certificate is in that group), so the
// encryption keys never leave the server process and the re-encryption runs
// in the process that owns the store (see pkg/encryption/secrets_encryption.h):
//   GET  /v1-k1s/encrypt/status       -> {"enabled", "configFile", "keys": [...], ...}
//   POST /v1-k1s/encrypt/rotate-keys  -> {"newKey", "droppedKeys", "reencrypted", ...}
// The kubeconfig is found as the server writes it: --kubeconfig, else
// /etc/k1s/k1s.yaml as root, <data-dir>/k1s.yaml otherwise.
#pragma once

#include "pkg/apiserver/apiserver.h"
#include "pkg/cli/command.h"
#include "pkg/cli/host.h"
#include "pkg/encryption/secrets_encryption.h"

namespace k1s::server {

inline constexpr const char* kEncryptStatusPath = "/v1-k1s/encrypt/status";
inline constexpr const char* kEncryptRotatePath = "/v1-k1s/encrypt/rotate-keys";

// Serves the two endpoints from `encryption`. Call before serving.
void AddSecretsEncryptionEndpoints(apiserver::ApiServer& api, encryption::SecretsEncryption& encryption);

// The `secrets-encrypt` command group for the subcommand table.
cli::Command SecretsEncryptCommand(const cli::HostInfo& host);

}  // namespace k1s::server
