// The RBAC objects a cluster starts with: Kubernetes' default ClusterRoles and
// ClusterRoleBindings (the bootstrap policy of a v1.33 kube-apiserver, for the
// roles that matter to a k1s cluster), plus the bindings that authorize k1s's
// own in-process components. Each carries the label
// kubernetes.io/bootstrapping=rbac-defaults and the annotation
// rbac.authorization.kubernetes.io/autoupdate=true.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace k1s::auth {

// ClusterRole objects (apiVersion, kind, metadata, rules, aggregationRule).
std::vector<nlohmann::json> DefaultClusterRoles();
// ClusterRoleBinding objects.
std::vector<nlohmann::json> DefaultClusterRoleBindings();
// The rules of the system:node ClusterRole. Kubernetes binds that role to
// nobody: the Node authorizer applies these rules to every node identity for
// the resources it does not subdivide.
std::vector<nlohmann::json> NodeRules();
// Default ClusterRoleBindings that earlier k1s versions created and that no
// longer exist: the server removes them at start if they still carry the
// rbac-defaults label.
std::vector<std::string> RetiredClusterRoleBindings();

}  // namespace k1s::auth
