// The authorization step of every request: Kubernetes' authorizer chain as a
// k1s server runs it (the system:masters group, then --authorization-mode
// Node,RBAC: the Node authorizer for kubelets' identities, then RBAC), the
// request attributes it decides on, and the 403 a denial becomes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "pkg/api/registry.h"
#include "pkg/apiserver/request_info.h"
#include "pkg/apiserver/rest.h"
#include "pkg/auth/attributes.h"
#include "pkg/auth/node_authorizer.h"
#include "pkg/auth/rbac_watcher.h"
#include "pkg/http/message.h"
#include "pkg/store/store.h"
#include "pkg/util/log.h"

namespace k1s::apiserver {

class Authorizer {
 public:
  // Allows every request until EnableRbac (what unit-test servers use).
  Authorizer();
  ~Authorizer();
  // From now on requests need an RBAC grant (or group system:masters).
  // Returns once the RBAC objects in the store are loaded.
  Status EnableRbac(store::Store& store, Logger log);
  // From now on the Node authorizer decides first for node identities
  // (system:node:<name> in system:nodes), reading pods, volumes and
  // attachments from `store` when a request needs a relationship; what it
  // does not allow falls through to RBAC. Call with EnableRbac.
  void EnableNode(store::Store& store, const api::Registry& registry);
  bool rbac_enabled() const { return rbac_ != nullptr; }

  // Each authorizer in turn until one allows; a denial carries their reasons,
  // one a line, as kube-apiserver's union authorizer joins them.
  auth::Decision Authorize(const auth::Attributes& attributes) const;
  // The rules that apply to `user` in a namespace (SelfSubjectRulesReview);
  // everything when RBAC is off.
  std::vector<auth::PolicyRule> RulesFor(const auth::User& user, const std::string& ns) const;
  // Why RulesFor cannot list all that `user` may do (the review is then
  // incomplete, with this evaluationError), "" when it can: a node's rights
  // depend on its pods, which the Node authorizer does not enumerate.
  std::string RulesEvaluationError(const auth::User& user) const;

 private:
  class StoreNodeObjects;
  std::unique_ptr<auth::RbacWatcher> rbac_;
  std::unique_ptr<StoreNodeObjects> node_objects_;
  std::unique_ptr<auth::NodeAuthorizer> node_;
};

// The attributes of a request as kube-apiserver derives them from its path
// and verb; with the request, also from its fieldSelector (list, watch and
// deletecollection), and a list or watch selecting metadata.name=<name> names
// that object.
auth::Attributes RequestAttributes(const RequestInfo& info, const UserInfo& user,
                                   const http::Request* request = nullptr);

// The 403 metav1.Status of a denied request, worded as Kubernetes words it.
http::Reply ForbiddenReply(const auth::Attributes& attributes, const std::string& reason);

}  // namespace k1s::apiserver
