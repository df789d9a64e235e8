#include "pkg/apiserver/authn.h"

namespace k1s::apiserver {

namespace {

constexpr const char* kAuthenticated = "system:authenticated";

void AddAuthenticated(UserInfo& user) {
  if (!user.InGroup(kAuthenticated)) user.groups.push_back(kAuthenticated);
}

}  // namespace

std::optional<UserInfo> Authenticator::Authenticate(const http::Request& request) const {
  if (request.peer) {
    UserInfo user{request.peer->common_name, "", request.peer->organizations, {}};
    AddAuthenticated(user);
    return user;
  }
  const std::string header = request.Header("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || !header.starts_with(kBearer)) return std::nullopt;
  return AuthenticateToken(header.substr(kBearer.size()));
}

std::optional<UserInfo> Authenticator::AuthenticateToken(const std::string& token) const {
  if (token.empty()) return std::nullopt;
  if (!admin_token_.empty() && token == admin_token_) {
    return UserInfo{"system:admin", "", {"system:masters", kAuthenticated}, {}};
  }
  for (const TokenAuthenticator& authenticate : token_authenticators_) {
    if (auto user = authenticate(token)) {
      AddAuthenticated(*user);
      return user;
    }
  }
  return std::nullopt;
}

}  // namespace k1s::apiserver
