// The matching rules of Kubernetes RBAC (rbac/v1 PolicyRule and Subject),
// exactly as the RBAC authorizer applies them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/auth/attributes.h"

namespace k1s::auth {

using Json = nlohmann::json;

struct PolicyRule {
  std::vector<std::string> verbs;
  std::vector<std::string> api_groups;
  std::vector<std::string> resources;
  std::vector<std::string> resource_names;
  std::vector<std::string> non_resource_urls;

  // A rbac/v1 PolicyRule object; fields that are absent or not string lists
  // are empty.
  static PolicyRule FromJson(const Json& rule);
  Json ToJson() const;
  bool operator==(const PolicyRule&) const = default;
};

// The rules of a Role or ClusterRole object (its "rules" list; null: none).
std::vector<PolicyRule> RulesOf(const Json& role);

// True when `rule` grants the request:
//  - verbs: "*" or the verb;
//  - resource requests: apiGroups "*" or the group; resources "*", the
//    resource ("pods"), "pods/log" for a subresource, or "*/log" for that
//    subresource of any resource; resourceNames empty or naming the object;
//  - non-resource requests: nonResourceURLs "*", the path, or a prefix
//    ending in "*" ("/apis/*").
bool RuleAllows(const PolicyRule& rule, const Attributes& request);

// True when a binding's subject (rbac/v1 Subject object) is `user`:
// kind User by name, Group by membership, ServiceAccount as the user
// "system:serviceaccount:<namespace>:<name>", where the subject's namespace
// defaults to `binding_namespace` (a ClusterRoleBinding has none).
bool SubjectApplies(const Json& subject, const User& user, const std::string& binding_namespace);

// "system:serviceaccount:<ns>:<name>" and its groups.
std::string ServiceAccountUserName(const std::string& ns, const std::string& name);
// Splits a service account user name; false when `user` is not one.
bool ParseServiceAccountUserName(const std::string& user, std::string* ns, std::string* name);

}  // namespace k1s::auth
