// The authorization step of every request: Kubernetes' authorizer chain as a
// k1s server runs it (the system:masters group, then RBAC), the request
// attributes it decides on, and the 403 a denial becomes.
#pragma once

#include <memory>

#include "pkg/apiserver/request_info.h"
#include "pkg/apiserver/rest.h"
#include "pkg/auth/attributes.h"
#include "pkg/auth/rbac_watcher.h"
#include "pkg/http/message.h"
#include "pkg/store/store.h"
#include "pkg/util/log.h"

namespace k1s::apiserver {

class Authorizer {
 public:
  // Allows every request until EnableRbac (what unit-test servers use).
  Authorizer() = default;
  // From now on requests need an RBAC grant (or group system:masters).
  // Returns once the RBAC objects in the store are loaded.
  Status EnableRbac(store::Store& store, Logger log);
  bool rbac_enabled() const { return rbac_ != nullptr; }

  auth::Decision Authorize(const auth::Attributes& attributes) const;
  // The rules that apply to `user` in a namespace (SelfSubjectRulesReview);
  // everything when RBAC is off.
  std::vector<auth::PolicyRule> RulesFor(const auth::User& user, const std::string& ns) const;

 private:
  std::unique_ptr<auth::RbacWatcher> rbac_;
};

// The attributes of a request as kube-apiserver derives them from its path
// and verb.
auth::Attributes RequestAttributes(const RequestInfo& info, const UserInfo& user);

// The 403 metav1.Status of a denied request, worded as Kubernetes words it.
http::Reply ForbiddenReply(const auth::Attributes& attributes, const std::string& reason);

}  // namespace k1s::apiserver
