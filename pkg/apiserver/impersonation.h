// User impersonation (kubectl --as, --as-group, --as-uid): the Impersonate-*
// headers, each checked against the requester with the `impersonate` verb,
// as kube-apiserver's impersonation filter does.
#pragma once

#include <optional>

#include "pkg/apiserver/authz.h"
#include "pkg/apiserver/rest.h"
#include "pkg/http/message.h"

namespace k1s::apiserver {

// The identity the request acts as. nullopt when it asks for no
// impersonation; otherwise the impersonated user, or the reply that refuses it
// (403 naming what may not be impersonated, 400 for headers without
// Impersonate-User).
struct Impersonation {
  std::optional<UserInfo> user;
  std::optional<http::Reply> refusal;
};
Impersonation Impersonate(const http::Request& request, const UserInfo& requester,
                          const Authorizer& authorizer);

}  // namespace k1s::apiserver
