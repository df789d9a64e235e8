#include "pkg/apiserver/apiserver.h"

#include <algorithm>

#include "pkg/apiserver/admission.h"
#include "pkg/apiserver/api_status.h"
#include "pkg/apiserver/discovery.h"
#include "pkg/apiserver/impersonation.h"
#include "pkg/apiserver/rest.h"
#include "pkg/apiserver/rest_csr.h"
#include "pkg/apiserver/rest_namespace.h"
#include "pkg/apiserver/watch.h"
#include "pkg/util/version.h"

namespace k1s::apiserver {

namespace {

http::Reply ErrorReply(const Status& status, const StatusDetails& details = {}) {
  return http::Reply(JsonResponse(HttpStatusCode(status), StatusObject(status, details)));
}

Json VersionInfo() {
  std::string git(KubernetesVersion());
  // "v1.33.0-k1s1" -> major "1", minor "33".
  size_t dot1 = git.find('.');
  size_t dot2 = git.find('.', dot1 + 1);
  return {{"major", git.substr(1, dot1 - 1)},
          {"minor", git.substr(dot1 + 1, dot2 - dot1 - 1)},
          {"gitVersion", git},
          {"gitCommit", std::string(GitCommit())},
          {"gitTreeState", "clean"},
          {"buildDate", "1970-01-01T00:00:00Z"},
          {"goVersion", "go1.24.0"},
          {"compiler", "gc"},
          {"platform", "linux/amd64"}};
}

http::Reply Finish(Result<http::Reply> reply, const StatusDetails& details,
                   const api::Resource& resource) {
  if (reply.ok()) return std::move(reply).value();
  // kube-apiserver names the Kind in Invalid errors ("The ConfigMap "x" is
  // invalid") and the resource in the others ("configmaps "x" not found").
  StatusDetails d = details;
  if (reply.status().IsInvalid()) d.kind = resource.kind;
  return ErrorReply(reply.status(), d);
}

bool Anonymous(const std::string& path) {
  return path == "/healthz" || path == "/livez" || path == "/readyz" || path == "/version" ||
         path.starts_with("/healthz/") || path.starts_with("/livez/") ||
         path.starts_with("/readyz/") || path == "/version/";
}

// The Service allocator over `store`; null, and logged, if the options are unusable.
std::unique_ptr<ServiceAllocator> NewServiceAllocator(const ApiServerOptions& options,
                                                      const api::Registry& registry,
                                                      store::Store& store, const Logger& log) {
  auto services = registry.Find("", "v1", "services");
  if (services == nullptr) return nullptr;
  auto allocator =
      ServiceAllocator::Create(store, services->StoragePrefix(), options.services, log.Child("services"));
  if (!allocator.ok()) {
    log.Error("Service IPs and node ports will not be allocated: ", allocator.status().ToString());
    return nullptr;
  }
  return std::move(*allocator);
}

// An admin endpoint (see AddAdminEndpoint): system:masters only, one method.
http::Reply ServeAdminEndpoint(const std::string& method, const ApiServer::AdminHandler& handler,
                               const http::Request& request, const UserInfo& user) {
  if (!user.InGroup("system:masters")) {
    return ErrorReply(Status::Forbidden("forbidden: User \"" + user.name + "\" cannot use " +
                                        request.path + ": it is for the group system:masters only"));
  }
  if (request.method != method) {
    return ErrorReply(Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  Result<Json> body = handler();
  if (!body.ok()) return ErrorReply(body.status());
  return http::Reply(JsonResponse(200, *body));
}

}  // namespace

ApiServer::ApiServer(ApiServerOptions options, api::Registry& registry, store::Store& store,
                     const Clock& clock, Logger log)
    : options_(std::move(options)),
      registry_(registry),
      objects_(store),
      openapi_(registry),
      clock_(clock),
      log_(std::move(log)),
      ticker_(std::make_unique<StreamTicker>()),
      services_(NewServiceAllocator(options_, registry, store, log_)),
      authenticator_(options_.admin_token) {}

ApiServer::~ApiServer() = default;

Status ApiServer::RepairServiceAllocations() {
  return services_ == nullptr ? Status::Ok() : services_->Repair();
}

void ApiServer::EnableCsrSigning(CsrSigningFiles files) {
  csr_signing_ = std::make_unique<CsrSigningFiles>(std::move(files));
}

void ApiServer::AddAdminEndpoint(std::string method, std::string path, AdminHandler handler) {
  admin_endpoints_[std::move(path)] = AdminEndpoint{std::move(method), std::move(handler)};
}

void ApiServer::EnableAdmission() { admission_ = std::make_unique<Admission>(DefaultAdmissionPlugins()); }

Status ApiServer::EnableRbac() {
  K1S_RETURN_IF_ERROR(authorizer_.EnableRbac(objects_.store(), log_.Child("rbac")));
  authorizer_.EnableNode(objects_.store(), registry_);
  return Status::Ok();
}

Status ApiServer::EnableServiceAccountTokens(ServiceAccountTokenOptions options, const std::string& key_file) {
  K1S_ASSIGN_OR_RETURN(auto signer, auth::TokenSigner::LoadOrCreate(key_file));
  sa_tokens_ = std::make_unique<ServiceAccountTokens>(std::move(options), std::move(signer), objects_,
                                                       registry_, clock_);
  const ServiceAccountTokens* tokens = sa_tokens_.get();
  authenticator_.AddTokenAuthenticator([tokens](const std::string& t) { return tokens->Authenticate(t); });
  return Status::Ok();
}

http::Reply ApiServer::Handle(http::Request& request) {
  RequestInfo info = ParseRequestInfo(request);
  std::optional<UserInfo> user = authenticator_.Authenticate(request);
  if (!user && !Anonymous(request.path)) {
    return ErrorReply(Status::Unauthorized("Unauthorized"));
  }
  if (!user) user = UserInfo{"system:anonymous", "", {"system:unauthenticated"}};
  try {
    Impersonation impersonation = Impersonate(request, *user, authorizer_);
    if (impersonation.refusal) return std::move(*impersonation.refusal);
    if (impersonation.user) user = std::move(impersonation.user);
    if (auto admin = admin_endpoints_.find(request.path); admin != admin_endpoints_.end()) {
      return ServeAdminEndpoint(admin->second.method, admin->second.handler, request, *user);
    }
    auth::Attributes attributes = RequestAttributes(info, *user, &request);
    auth::Decision decision = authorizer_.Authorize(attributes);
    if (!decision.allowed) return ForbiddenReply(attributes, decision.reason);
    http::Reply reply = info.is_resource_request ? HandleResource(info, request, *user)
                                                 : HandleNonResource(info, request);
    log_.Debug(2, request.method, " ", request.target, " ", reply.response.status);
    return reply;
  } catch (const std::exception& e) {
    // Only a bug gets here: answer like kube-apiserver does and keep serving.
    log_.Error("internal error serving ", request.method, " ", request.target, ": ", e.what());
    return ErrorReply(Status::Internal(std::string("an internal error occurred: ") + e.what()));
  }
}

http::Reply ApiServer::HandleNonResource(const RequestInfo& info, http::Request& request) {
  const std::string& path = request.path;
  if (path == "/healthz" || path == "/livez") return http::Response::Text(200, "ok");
  if (path == "/readyz") {
    return ready_ ? http::Response::Text(200, "ok")
                  : http::Response::Text(500, "[-]store-ready failed: not ready yet\nreadyz check failed");
  }
  if (path == "/version") return JsonResponse(200, VersionInfo());
  if (sa_tokens_ != nullptr && request.method == "GET") {
    if (path == "/.well-known/openid-configuration") return JsonResponse(200, sa_tokens_->OpenIdConfiguration());
    if (path == "/openid/v1/jwks") return JsonResponse(200, sa_tokens_->Jwks());
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return ErrorReply(Status::MethodNotAllowed("the server does not allow this method on the requested resource"));
  }
  if (auto document = openapi_.Serve(request)) return std::move(*document);
  std::string trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  if (trimmed == "/api") return JsonResponse(200, CoreVersions(options_.advertise_address));
  if (trimmed == "/apis") return JsonResponse(200, GroupList(registry_));
  if (info.api_prefix == "api" && !info.version.empty()) {
    if (auto list = ResourceList(registry_, "", info.version)) return JsonResponse(200, *list);
  }
  if (info.api_prefix == "apis" && !info.group.empty() && !info.version.empty()) {
    if (auto list = ResourceList(registry_, info.group, info.version)) return JsonResponse(200, *list);
  }
  if (info.api_prefix == "apis" && info.group.empty() && trimmed.starts_with("/apis/")) {
    if (auto group = Group(registry_, trimmed.substr(6))) return JsonResponse(200, *group);
  }
  return ErrorReply(Status::NotFound("the server could not find the requested resource"));
}

http::Reply ApiServer::HandleResource(const RequestInfo& info, http::Request& request,
                                      const UserInfo& user) {
  auto resource = registry_.Find(info.group, info.version, info.resource);
  if (resource == nullptr) {
    return ErrorReply(Status::NotFound("the server could not find the requested resource"));
  }
  StatusDetails details{info.name, info.group, info.resource};
  if (resource->namespaced() && info.namespace_name.empty() &&
      (info.verb == "create" || !info.name.empty())) {
    return ErrorReply(Status::NotFound("the server could not find the requested resource"), details);
  }
  RestContext ctx{info, request, *resource, registry_, objects_, clock_, *ticker_, log_, details, user};
  ctx.services = services_.get();
  ctx.admission = admission_.get();
  ctx.watch_cache = watch_cache_;
  const std::string& sub = info.subresource;
  const bool pods = resource->group.empty() && resource->plural == "pods";
  if (sub == "scale" && resource->FindSubresource("scale") != nullptr &&
      (info.verb == "get" || info.verb == "update" || info.verb == "patch")) {
    return Finish(RestScale(ctx), details, *resource);
  }
  if (sub == "binding" && pods && info.verb == "create") {
    return Finish(RestBinding(ctx), details, *resource);
  }
  if (pods && (sub == "log" || sub == "exec" || sub == "attach" || sub == "portforward") &&
      (info.verb == "get" || (sub != "log" && info.verb == "create"))) {
    streaming::PodStreamBackends backends;
    {
      std::lock_guard lock(pod_streams_mu_);
      backends = pod_streams_;
    }
    return Finish(RestPodStream(ctx, backends), details, *resource);
  }
  if (sub == "eviction" && pods && info.verb == "create") {
    return Finish(RestEviction(ctx), details, *resource);
  }
  if (IsNamespaceLifecycleRequest(*resource, info)) {
    return Finish(RestNamespaceLifecycle(ctx), details, *resource);
  }
  if (resource->group.empty() && resource->plural == "bindings" && info.verb == "create") {
    // The legacy form: POST /api/v1/namespaces/<ns>/bindings names the pod in the body.
    auto pod_resource = registry_.Find("", "v1", "pods");
    if (pod_resource == nullptr) return ErrorReply(Status::Internal("pods are not served"));
    RestContext pod_ctx{info, request, *pod_resource, registry_, objects_, clock_, *ticker_, log_, details, user};
    pod_ctx.services = services_.get();
    return Finish(RestBinding(pod_ctx), details, *pod_resource);
  }
  if (IsReviewResource(*resource) && sub.empty() && info.verb == "create") {
    return Finish(RestReview(ctx, authenticator_, authorizer_), details, *resource);
  }
  if (sub == "token" && resource->group.empty() && resource->plural == "serviceaccounts" &&
      info.verb == "create" && sa_tokens_ != nullptr) {
    return Finish(sa_tokens_->Request(ctx), details, *resource);
  }
  if (sub == "approval" && resource->group == "certificates.k8s.io" &&
      resource->plural == "certificatesigningrequests" && info.verb == "update") {
    return Finish(RestCsrApproval(ctx, csr_signing_.get()), details, *resource);
  }
  if (!sub.empty() && sub != "status") {
    // Other subresources arrive with their components.
    return ErrorReply(Status::NotFound("the server could not find the requested resource"), details);
  }
  if (sub == "status" &&
      (resource->FindSubresource("status") == nullptr ||
       (info.verb != "get" && info.verb != "update" && info.verb != "patch"))) {
    return ErrorReply(Status::NotFound("the server could not find the requested resource"), details);
  }
  const auto& verbs = resource->verbs;
  if (info.subresource.empty() && std::find(verbs.begin(), verbs.end(), info.verb) == verbs.end()) {
    return ErrorReply(Status::MethodNotAllowed("the server does not allow this method on the "
                                               "requested resource"),
                      details);
  }
  Result<http::Reply> reply = Status::MethodNotAllowed("the server does not allow this method on the requested resource");
  if (info.verb == "get") reply = RestGet(ctx);
  if (info.verb == "list") reply = RestList(ctx);
  if (info.verb == "watch") reply = RestWatch(ctx);
  if (info.verb == "create") reply = RestCreate(ctx);
  if (info.verb == "update") reply = RestUpdate(ctx);
  if (info.verb == "patch") reply = RestPatch(ctx);
  if (info.verb == "delete") reply = RestDelete(ctx);
  if (info.verb == "deletecollection") reply = RestDeleteCollection(ctx);
  return Finish(std::move(reply), details, *resource);
}

}  // namespace k1s::apiserver
