// RbacPolicy: the Roles, ClusterRoles, RoleBindings and ClusterRoleBindings of
// a cluster held in memory, and the RBAC authorizer that evaluates requests
// against them as Kubernetes does. Thread-safe: many readers, one writer.
#pragma once

#include <map>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "pkg/auth/attributes.h"
#include "pkg/auth/rbac_rules.h"

namespace k1s::auth {

// The store key prefix of every RBAC object.
inline constexpr std::string_view kRbacKeyPrefix = "/registry/rbac.authorization.k8s.io/";

struct Decision {
  bool allowed = false;
  // Why: e.g. `RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to User "z"`.
  std::string reason;
};

class RbacPolicy {
 public:
  // Records the object stored under `key` (a key under kRbacKeyPrefix; other
  // keys are ignored), replacing what was there.
  void Put(const std::string& key, const Json& object);
  void Remove(const std::string& key);
  void Clear();

  // Allowed when a ClusterRoleBinding, or a RoleBinding in the request's
  // namespace, binds `attributes.user` to a role with a rule that allows the
  // request. Bindings to missing roles grant nothing.
  Decision Authorize(const Attributes& attributes) const;

  // Every rule that applies to `user` in `namespace_name` (cluster-wide
  // bindings included; "" for cluster-wide only): what SelfSubjectRulesReview
  // reports.
  std::vector<PolicyRule> RulesFor(const User& user, const std::string& namespace_name) const;

  // ClusterRoles with an aggregationRule whose stored rules differ from the
  // union of the rules of the ClusterRoles its selectors match (in name order,
  // without duplicates): (name, the rules they should have).
  std::vector<std::pair<std::string, Json>> StaleAggregations() const;

 private:
  struct Role {
    Json object;
    std::vector<PolicyRule> rules;
  };
  struct Binding {
    std::string name;
    std::string role_kind;  // Role or ClusterRole
    std::string role_name;
    Json subjects;
  };
  // Calls visit(binding kind, binding, namespace, role kind, rules) for each
  // binding that applies to `user`; stops when visit returns true.
  template <typename Visit>
  void VisitRules(const User& user, const std::string& namespace_name, const Visit& visit) const;

  mutable std::shared_mutex mu_;
  std::map<std::string, Role> cluster_roles_;                       // name
  std::map<std::string, std::map<std::string, Role>> roles_;        // ns, name
  std::map<std::string, Binding> cluster_bindings_;                 // name
  std::map<std::string, std::map<std::string, Binding>> bindings_;  // ns, name
};

}  // namespace k1s::auth
