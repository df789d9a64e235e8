// The create-only review APIs: nothing is stored, the answer is computed
// (kubectl auth can-i, auth can-i --list, auth whoami; TokenReview).
//
// Until authorization exists every authenticated user may do everything
// (see the security issue), so access reviews answer "allowed" and rules
// reviews list everything; that is what the server enforces, so the answers
// are true.
#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

namespace {

Json UserInfoJson(const UserInfo& user) {
  Json info = {{"username", user.name}, {"groups", user.groups}};
  if (!user.uid.empty()) info["uid"] = user.uid;
  return info;
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

Result<http::Reply> RestReview(RestContext& ctx, const std::string& admin_token) {
  K1S_ASSIGN_OR_RETURN(Json review, DecodeBody(ctx.request));
  if (!review.is_object()) return Status::BadRequest("the request body must be a JSON object");
  review["kind"] = ctx.resource.kind;
  review["apiVersion"] = ctx.resource.api_version();
  if (!review.contains("metadata") || !review["metadata"].is_object()) {
    review["metadata"] = Json::object();
  }
  review["metadata"]["creationTimestamp"] = nullptr;
  const std::string& p = ctx.resource.plural;
  if (p == "selfsubjectreviews") {
    review["status"] = {{"userInfo", UserInfoJson(ctx.user)}};
  } else if (p == "selfsubjectrulesreviews") {
    review["status"] = {
        {"resourceRules", {{{"verbs", {"*"}}, {"apiGroups", {"*"}}, {"resources", {"*"}}}}},
        {"nonResourceRules", {{{"verbs", {"*"}}, {"nonResourceURLs", {"*"}}}}},
        {"incomplete", false}};
  } else if (p == "tokenreviews") {
    const std::string token = review.value("spec", Json::object()).value("token", "");
    const bool ok = !admin_token.empty() && token == admin_token;
    review["status"] = {{"authenticated", ok}};
    if (ok) {
      review["status"]["user"] = {{"username", "system:admin"},
                                  {"groups", {"system:masters", "system:authenticated"}}};
    }
  } else {
    review["status"] = {{"allowed", true}};
  }
  return http::Reply(JsonResponse(201, review));
}

}  // namespace k1s::apiserver
