#include "pkg/apiserver/authz.h"

#include "pkg/apiserver/api_status.h"

namespace k1s::apiserver {

namespace {
constexpr const char* kPrivilegedGroup = "system:masters";
}  // namespace

Status Authorizer::EnableRbac(store::Store& store, Logger log) {
  K1S_ASSIGN_OR_RETURN(rbac_, auth::RbacWatcher::Start(store, std::move(log)));
  return Status::Ok();
}

auth::Decision Authorizer::Authorize(const auth::Attributes& attributes) const {
  if (rbac_ == nullptr || attributes.user.InGroup(kPrivilegedGroup)) return {true, ""};
  auth::Decision decision = rbac_->policy().Authorize(attributes);
  if (decision.allowed) return decision;
  // The watch may not have delivered a Role or binding written just before
  // this request: catch up once so a client reads its own writes.
  rbac_->CatchUp();
  return rbac_->policy().Authorize(attributes);
}

std::vector<auth::PolicyRule> Authorizer::RulesFor(const auth::User& user, const std::string& ns) const {
  if (rbac_ == nullptr) {
    return {auth::PolicyRule{{"*"}, {"*"}, {"*"}, {}, {}}, auth::PolicyRule{{"*"}, {}, {}, {}, {"*"}}};
  }
  rbac_->CatchUp();
  return rbac_->policy().RulesFor(user, ns);
}

auth::Attributes RequestAttributes(const RequestInfo& info, const UserInfo& user) {
  auth::Attributes a;
  a.user = user;
  a.verb = info.verb;
  a.path = info.path;
  a.resource_request = info.is_resource_request;
  if (!a.resource_request) return a;
  a.api_group = info.group;
  a.resource = info.resource;
  // A proxy path after the subresource is not part of what is authorized.
  a.subresource = info.subresource.substr(0, info.subresource.find('/'));
  a.namespace_name = info.namespace_name;
  a.name = info.name;
  return a;
}

http::Reply ForbiddenReply(const auth::Attributes& attributes, const std::string& reason) {
  StatusDetails details;
  if (attributes.resource_request) details = {attributes.name, attributes.api_group, attributes.resource};
  Status status = Status::Forbidden(auth::ForbiddenMessage(attributes, reason));
  return http::Reply(http::Response::Json(HttpStatusCode(status), StatusObject(status, details).dump()));
}

}  // namespace k1s::apiserver
