// Authentication: who sent a request. A verified client certificate (CN =
// user, O = groups), the server's admin token, or a bearer token a token
// authenticator accepts (service account tokens); otherwise anonymous.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "pkg/apiserver/rest.h"
#include "pkg/http/message.h"

namespace k1s::apiserver {

class Authenticator {
 public:
  // Checks a bearer token; nullopt when it does not authenticate anyone.
  using TokenAuthenticator = std::function<std::optional<UserInfo>(const std::string& token)>;

  // `admin_token`: a bearer token that authenticates as a cluster admin
  // (the server's --token); "" accepts none.
  explicit Authenticator(std::string admin_token) : admin_token_(std::move(admin_token)) {}

  // Adds a token authenticator, tried after the admin token. Call before
  // requests are served.
  void AddTokenAuthenticator(TokenAuthenticator authenticator) {
    token_authenticators_.push_back(std::move(authenticator));
  }

  // The request's user with group system:authenticated, or nullopt for an
  // anonymous request (or one whose bearer token authenticates no one).
  std::optional<UserInfo> Authenticate(const http::Request& request) const;
  // What a bearer token authenticates as (TokenReview).
  std::optional<UserInfo> AuthenticateToken(const std::string& token) const;

 private:
  const std::string admin_token_;
  std::vector<TokenAuthenticator> token_authenticators_;
};

}  // namespace k1s::apiserver
