// The create-only review APIs: nothing is stored, the answer is computed by
// the same authenticator and authorizer that guard every request
// (kubectl auth can-i, auth can-i --list, auth whoami; TokenReview).
#include "pkg/apiserver/authn.h"
#include "pkg/apiserver/authz.h"
#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

namespace {

Json UserInfoJson(const UserInfo& user) {
  Json info = {{"username", user.name}, {"groups", user.groups}};
  if (!user.uid.empty()) info["uid"] = user.uid;
  if (!user.extra.empty()) info["extra"] = user.extra;
  return info;
}

std::vector<std::string> StringList(const Json& object, const char* field) {
  std::vector<std::string> out;
  if (!object.is_object()) return out;
  auto it = object.find(field);
  if (it == object.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string Field(const Json& object, const char* field) {
  if (!object.is_object()) return "";
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The attributes a SubjectAccessReview spec asks about.
Result<auth::Attributes> SpecAttributes(const Json& spec, UserInfo user) {
  auth::Attributes a;
  a.user = std::move(user);
  const Json resource = spec.value("resourceAttributes", Json());
  const Json non_resource = spec.value("nonResourceAttributes", Json());
  if (resource.is_object() == non_resource.is_object()) {
    return Status::Invalid(
        "spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or "
        "resourceAttributes must be specified");
  }
  if (non_resource.is_object()) {
    a.verb = Field(non_resource, "verb");
    a.path = Field(non_resource, "path");
    return a;
  }
  a.resource_request = true;
  a.verb = Field(resource, "verb");
  a.api_group = Field(resource, "group");
  a.resource = Field(resource, "resource");
  a.subresource = Field(resource, "subresource");
  a.namespace_name = Field(resource, "namespace");
  a.name = Field(resource, "name");
  // The field selector a review may ask about (the Node authorizer lets a
  // node list pods with spec.nodeName=<itself>).
  auto selector = FieldSelector::Parse(Field(resource.value("fieldSelector", Json::object()), "rawSelector"));
  if (selector.ok()) a.field_selector = selector->requirements();
  return a;
}

Json AccessStatus(const auth::Decision& decision) {
  Json status = {{"allowed", decision.allowed}};
  if (!decision.reason.empty()) status["reason"] = decision.reason;
  return status;
}

Json RulesStatus(const std::vector<auth::PolicyRule>& rules, const std::string& evaluation_error) {
  Json resource_rules = Json::array();
  Json non_resource_rules = Json::array();
  for (const auth::PolicyRule& r : rules) {
    if (!r.non_resource_urls.empty()) {
      non_resource_rules.push_back({{"verbs", r.verbs}, {"nonResourceURLs", r.non_resource_urls}});
    }
    if (!r.resources.empty()) {
      Json rule = {{"verbs", r.verbs}, {"apiGroups", r.api_groups}, {"resources", r.resources}};
      if (!r.resource_names.empty()) rule["resourceNames"] = r.resource_names;
      resource_rules.push_back(std::move(rule));
    }
  }
  Json status = {{"resourceRules", resource_rules},
                 {"nonResourceRules", non_resource_rules},
                 {"incomplete", !evaluation_error.empty()}};
  if (!evaluation_error.empty()) status["evaluationError"] = evaluation_error;
  return status;
}

}  // namespace

bool IsReviewResource(const api::Resource& resource) {
  const std::string& g = resource.group;
  const std::string& p = resource.plural;
  if (g == "authorization.k8s.io") {
    return p == "selfsubjectaccessreviews" || p == "selfsubjectrulesreviews" ||
           p == "subjectaccessreviews" || p == "localsubjectaccessreviews";
  }
  if (g == "authentication.k8s.io") return p == "selfsubjectreviews" || p == "tokenreviews";
  return false;
}

Result<http::Reply> RestReview(RestContext& ctx, const Authenticator& authenticator,
                               const Authorizer& authorizer) {
  K1S_ASSIGN_OR_RETURN(Json review, DecodeBody(ctx.request));
  if (!review.is_object()) return Status::BadRequest("the request body must be a JSON object");
  review["kind"] = ctx.resource.kind;
  review["apiVersion"] = ctx.resource.api_version();
  if (!review.contains("metadata") || !review["metadata"].is_object()) {
    review["metadata"] = Json::object();
  }
  review["metadata"]["creationTimestamp"] = nullptr;
  if (!review.contains("spec") || !review["spec"].is_object()) review["spec"] = Json::object();
  Json& spec = review["spec"];
  const std::string& p = ctx.resource.plural;
  if (p == "selfsubjectreviews") {
    review["status"] = {{"userInfo", UserInfoJson(ctx.user)}};
  } else if (p == "selfsubjectrulesreviews") {
    review["status"] = RulesStatus(authorizer.RulesFor(ctx.user, Field(spec, "namespace")),
                                   authorizer.RulesEvaluationError(ctx.user));
  } else if (p == "selfsubjectaccessreviews") {
    K1S_ASSIGN_OR_RETURN(auth::Attributes attributes, SpecAttributes(spec, ctx.user));
    review["status"] = AccessStatus(authorizer.Authorize(attributes));
  } else if (p == "subjectaccessreviews" || p == "localsubjectaccessreviews") {
    UserInfo subject{Field(spec, "user"), Field(spec, "uid"), StringList(spec, "groups"), {}};
    if (subject.name.empty() && subject.groups.empty()) {
      return Status::Invalid("spec.user: Invalid value: \"\": at least one of user or group must be specified");
    }
    K1S_ASSIGN_OR_RETURN(auth::Attributes attributes, SpecAttributes(spec, subject));
    if (p == "localsubjectaccessreviews") {
      const std::string& ns = ctx.info.namespace_name;
      if (!attributes.resource_request) {
        return Status::Invalid("spec.nonResourceAttributes: Invalid value: \"\": disallowed on this kind of request");
      }
      if (!attributes.namespace_name.empty() && attributes.namespace_name != ns) {
        return Status::BadRequest("spec.resourceAttributes.namespace must match namespace: " + ns);
      }
      attributes.namespace_name = ns;
      spec["resourceAttributes"]["namespace"] = ns;
      review["metadata"]["namespace"] = ns;
    }
    review["status"] = AccessStatus(authorizer.Authorize(attributes));
  } else if (p == "tokenreviews") {
    std::optional<UserInfo> user = authenticator.AuthenticateToken(Field(spec, "token"));
    review["status"] = {{"authenticated", user.has_value()}};
    if (user) {
      review["status"]["user"] = UserInfoJson(*user);
      std::vector<std::string> audiences = StringList(spec, "audiences");
      if (!audiences.empty()) review["status"]["audiences"] = audiences;
    }
  }
  return http::Reply(JsonResponse(201, review));
}

}  // namespace k1s::apiserver
