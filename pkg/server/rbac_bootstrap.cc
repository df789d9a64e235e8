#include "pkg/server/rbac_bootstrap.h"

#include "pkg/apiserver/object_rules.h"
#include "pkg/auth/bootstrap_policy.h"

namespace k1s::server {

namespace {

Status EnsureClusterObject(apiserver::ApiServer& api, const api::Resource& resource,
                           nlohmann::json object, const Clock& clock) {
  const std::string name = object["metadata"]["name"];
  if (api.objects().Get(resource, "", name).ok()) return Status::Ok();
  K1S_ASSIGN_OR_RETURN(nlohmann::json prepared,
                       apiserver::PrepareForCreate(resource, std::move(object), {"", clock.Now()}));
  auto created = api.objects().Create(resource, prepared);
  if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
  return Status::Ok();
}

}  // namespace

Status BootstrapRbac(apiserver::ApiServer& api, const api::Registry& registry, const Clock& clock) {
  auto roles = registry.Find("rbac.authorization.k8s.io", "v1", "clusterroles");
  auto bindings = registry.Find("rbac.authorization.k8s.io", "v1", "clusterrolebindings");
  if (roles == nullptr || bindings == nullptr) return Status::Internal("RBAC resources are not served");
  for (nlohmann::json& role : auth::DefaultClusterRoles()) {
    K1S_RETURN_IF_ERROR(EnsureClusterObject(api, *roles, std::move(role), clock));
  }
  for (nlohmann::json& binding : auth::DefaultClusterRoleBindings()) {
    K1S_RETURN_IF_ERROR(EnsureClusterObject(api, *bindings, std::move(binding), clock));
  }
  // A data dir from an earlier version may still hold defaults that no longer
  // exist (nodes bound to system:node before the Node authorizer); ones an
  // administrator took over (without the defaults label) stay.
  for (const std::string& name : auth::RetiredClusterRoleBindings()) {
    auto stale = api.objects().Get(*bindings, "", name);
    if (!stale.ok()) continue;
    const nlohmann::json labels = (*stale)["metadata"].value("labels", nlohmann::json::object());
    if (!labels.is_object() || labels.value("kubernetes.io/bootstrapping", "") != "rbac-defaults") continue;
    auto removed = api.objects().Remove(*bindings, "", name, 0);
    if (!removed.ok() && !removed.status().IsNotFound()) return removed.status();
  }
  return Status::Ok();
}

}  // namespace k1s::server
