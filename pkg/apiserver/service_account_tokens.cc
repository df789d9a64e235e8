#include "pkg/apiserver/service_account_tokens.h"

#include <algorithm>

#include "pkg/apiserver/admission.h"
#include "pkg/auth/rbac_rules.h"
#include "pkg/util/ids.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

constexpr int64_t kDefaultExpirationSeconds = 3600;
constexpr int64_t kMinExpirationSeconds = 600;
constexpr int64_t kMaxExpirationSeconds = int64_t{1} << 32;
// Clocks of the issuer and the checker may differ a little.
constexpr int64_t kLeewaySeconds = 60;

int64_t UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string Str(const Json& object, const char* field) {
  if (!object.is_object()) return "";
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Uid(const Json& object) { return Str(object.value("metadata", Json::object()), "uid"); }

}  // namespace

ServiceAccountTokens::ServiceAccountTokens(ServiceAccountTokenOptions options,
                                           std::unique_ptr<auth::TokenSigner> signer, ObjectStorage& objects,
                                           const api::Registry& registry, const Clock& clock)
    : options_(std::move(options)), signer_(std::move(signer)), objects_(objects), registry_(registry),
      clock_(clock) {}

Result<http::Reply> ServiceAccountTokens::Request(RestContext& ctx) const {
  const std::string& ns = ctx.info.namespace_name;
  const std::string& name = ctx.info.name;
  K1S_ASSIGN_OR_RETURN(Json account, objects_.Get(ctx.resource, ns, name));
  K1S_ASSIGN_OR_RETURN(Json request, DecodeBody(ctx.request));
  if (!request.is_object()) return Status::BadRequest("the request body must be a JSON object");
  // The TokenRequest is what admission sees (a create of
  // serviceaccounts/token): NodeRestriction keeps a node to pods bound to it.
  if (ctx.admission != nullptr) K1S_RETURN_IF_ERROR(ctx.admission->AdmitCreate(ctx, request));
  Json spec = request.value("spec", Json::object());
  if (!spec.is_object()) spec = Json::object();
  int64_t seconds = kDefaultExpirationSeconds;
  if (spec.contains("expirationSeconds") && spec["expirationSeconds"].is_number_integer()) {
    seconds = spec["expirationSeconds"].get<int64_t>();
  }
  if (seconds < kMinExpirationSeconds) {
    return Status::Invalid("spec.expirationSeconds: Invalid value: " + std::to_string(seconds) +
                           ": may not specify a duration less than 10 minutes");
  }
  if (seconds > kMaxExpirationSeconds) {
    return Status::Invalid("spec.expirationSeconds: Invalid value: " + std::to_string(seconds) +
                           ": may not specify a duration larger than 2^32 seconds");
  }
  std::vector<std::string> audiences;
  for (const Json& a : spec.value("audiences", Json::array())) {
    if (a.is_string()) audiences.push_back(a.get<std::string>());
  }
  if (audiences.empty()) audiences = options_.api_audiences;

  const auto now = clock_.Now();
  const int64_t iat = UnixSeconds(now);
  Json k8s = {{"namespace", ns}, {"serviceaccount", {{"name", name}, {"uid", Uid(account)}}}};
  Json bound = spec.value("boundObjectRef", Json());
  if (bound.is_object()) {
    const std::string kind = Str(bound, "kind");
    const std::string plural = kind == "Pod" ? "pods" : kind == "Secret" ? "secrets" : "";
    if (plural.empty()) {
      return Status::Invalid("spec.boundObjectRef.kind: Unsupported value: \"" + kind +
                             "\": supported values: \"Pod\", \"Secret\"");
    }
    auto resource = registry_.Find("", "v1", plural);
    if (resource == nullptr) return Status::Internal("no resource " + plural);
    K1S_ASSIGN_OR_RETURN(Json object, objects_.Get(*resource, ns, Str(bound, "name")));
    const std::string uid = Str(bound, "uid");
    if (!uid.empty() && uid != Uid(object)) {
      return Status::Conflict("the UID in the bound object reference (" + uid +
                              ") does not match the UID in record. The object might have been deleted and then "
                              "recreated");
    }
    bound["uid"] = Uid(object);
    const std::string key = kind == "Pod" ? "pod" : "secret";
    k8s[key] = {{"name", Str(bound, "name")}, {"uid", Uid(object)}};
    spec["boundObjectRef"] = bound;
  }
  Json claims = {{"aud", audiences},
                 {"exp", iat + seconds},
                 {"iat", iat},
                 {"nbf", iat},
                 {"iss", options_.issuer},
                 {"jti", NewUid()},
                 {"kubernetes.io", k8s},
                 {"sub", auth::ServiceAccountUserName(ns, name)}};
  K1S_ASSIGN_OR_RETURN(std::string token, signer_->Sign(claims));
  spec["audiences"] = audiences;
  spec["expirationSeconds"] = seconds;
  if (!spec.contains("boundObjectRef")) spec["boundObjectRef"] = nullptr;
  Json reply = {{"kind", "TokenRequest"},
                {"apiVersion", "authentication.k8s.io/v1"},
                {"metadata", {{"name", name}, {"namespace", ns}, {"creationTimestamp", nullptr}}},
                {"spec", spec},
                {"status",
                 {{"token", token},
                  {"expirationTimestamp", FormatRfc3339(now + std::chrono::seconds(seconds))}}}};
  return http::Reply(JsonResponse(201, reply));
}

std::optional<UserInfo> ServiceAccountTokens::Authenticate(const std::string& token) const {
  auto verified = signer_->Verify(token);
  if (!verified.ok()) return std::nullopt;
  const Json& claims = *verified;
  if (Str(claims, "iss") != options_.issuer) return std::nullopt;
  const int64_t now = UnixSeconds(clock_.Now());
  if (!claims.contains("exp") || !claims["exp"].is_number() || claims["exp"].get<int64_t>() <= now) {
    return std::nullopt;
  }
  if (claims.contains("nbf") && claims["nbf"].is_number() &&
      claims["nbf"].get<int64_t>() > now + kLeewaySeconds) {
    return std::nullopt;
  }
  bool audience_ok = false;
  Json aud = claims.value("aud", Json());
  if (aud.is_string()) aud = Json::array({aud});
  for (const Json& a : aud.is_array() ? aud : Json::array()) {
    audience_ok = audience_ok || (a.is_string() && std::find(options_.api_audiences.begin(),
                                                             options_.api_audiences.end(),
                                                             a.get<std::string>()) != options_.api_audiences.end());
  }
  if (!audience_ok) return std::nullopt;

  const Json k8s = claims.value("kubernetes.io", Json::object());
  const std::string ns = Str(k8s, "namespace");
  const Json sa = k8s.is_object() ? k8s.value("serviceaccount", Json::object()) : Json::object();
  auto accounts = registry_.Find("", "v1", "serviceaccounts");
  if (accounts == nullptr || ns.empty()) return std::nullopt;
  auto account = objects_.Get(*accounts, ns, Str(sa, "name"));
  if (!account.ok() || Uid(*account) != Str(sa, "uid")) return std::nullopt;

  UserInfo user{auth::ServiceAccountUserName(ns, Str(sa, "name")), Str(sa, "uid"),
                {"system:serviceaccounts", "system:serviceaccounts:" + ns}, {}};
  for (const char* kind : {"pod", "secret"}) {
    const Json ref = k8s.value(kind, Json());
    if (!ref.is_object()) continue;
    auto resource = registry_.Find("", "v1", std::string(kind) + "s");
    if (resource == nullptr) return std::nullopt;
    auto object = objects_.Get(*resource, ns, Str(ref, "name"));
    if (!object.ok() || Uid(*object) != Str(ref, "uid")) return std::nullopt;
    if (std::string(kind) == "pod") {
      user.extra["authentication.kubernetes.io/pod-name"] = {Str(ref, "name")};
      user.extra["authentication.kubernetes.io/pod-uid"] = {Str(ref, "uid")};
    }
  }
  const std::string jti = Str(claims, "jti");
  if (!jti.empty()) user.extra["authentication.kubernetes.io/credential-id"] = {"JTI=" + jti};
  return user;
}

Json ServiceAccountTokens::OpenIdConfiguration() const {
  return {{"issuer", options_.issuer},
          {"jwks_uri", options_.jwks_uri},
          {"response_types_supported", {"id_token"}},
          {"subject_types_supported", {"public"}},
          {"id_token_signing_alg_values_supported", {"ES256"}}};
}

}  // namespace k1s::apiserver
