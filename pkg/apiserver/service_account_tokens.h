// Bound service account tokens, as kube-apiserver issues and checks them:
// TokenRequest (POST serviceaccounts/<name>/token, `kubectl create token`)
// signs a JWT naming the service account (and the pod or secret it is bound
// to) for some audiences and a lifetime; the bearer-token authenticator
// accepts it while it has not expired and the service account (and bound
// object) still exists with the same uid. The issuer's discovery documents
// (/.well-known/openid-configuration, /openid/v1/jwks) publish the key.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pkg/api/registry.h"
#include "pkg/apiserver/object_storage.h"
#include "pkg/apiserver/rest.h"
#include "pkg/auth/jwt.h"
#include "pkg/util/clock.h"

namespace k1s::apiserver {

struct ServiceAccountTokenOptions {
  // The `iss` claim, e.g. "https://kubernetes.default.svc.cluster.local".
  std::string issuer;
  // Audiences the API server itself accepts; tokens get these by default.
  std::vector<std::string> api_audiences;
  // The JWKS URL the discovery document names.
  std::string jwks_uri;
};

class ServiceAccountTokens {
 public:
  ServiceAccountTokens(ServiceAccountTokenOptions options, std::unique_ptr<auth::TokenSigner> signer,
                       ObjectStorage& objects, const api::Registry& registry, const Clock& clock);

  // Answers a TokenRequest for the service account the request names.
  Result<http::Reply> Request(RestContext& ctx) const;
  // The service account a bearer token stands for; nullopt when it is not a
  // valid token for this API server.
  std::optional<UserInfo> Authenticate(const std::string& token) const;
  Json OpenIdConfiguration() const;
  Json Jwks() const { return signer_->Jwks(); }

 private:
  const ServiceAccountTokenOptions options_;
  std::unique_ptr<auth::TokenSigner> signer_;
  ObjectStorage& objects_;
  const api::Registry& registry_;
  const Clock& clock_;
};

}  // namespace k1s::apiserver
