// ApiServer: the Kubernetes REST API over the store, as one http::Handler.
//
// Authenticates each request, parses what it asks for (RequestInfo), answers
// discovery and health documents, and serves resources: get, list, watch,
// create, update, patch, delete, deletecollection, with Tables for kubectl.
// Errors are metav1.Status objects with Kubernetes' codes and reasons.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "pkg/api/registry.h"
#include "pkg/apiserver/authn.h"
#include "pkg/apiserver/authz.h"
#include "pkg/apiserver/object_storage.h"
#include "pkg/apiserver/request_info.h"
#include "pkg/apiserver/rest.h"
#include "pkg/apiserver/service_allocator.h"
#include "pkg/apiserver/watch_event_cache.h"
#include "pkg/apiserver/rest_csr.h"
#include "pkg/apiserver/service_account_tokens.h"
#include "pkg/http/message.h"
#include "pkg/streaming/pod_streams.h"
#include "pkg/openapi/service.h"
#include "pkg/store/store.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"

namespace k1s::apiserver {

class Admission;
class StreamTicker;

struct ApiServerOptions {
  // A bearer token that authenticates as an administrator (the server's
  // --token), besides client certificates; "" accepts none.
  std::string admin_token;
  // Shown in /api's serverAddressByClientCIDRs, e.g. "10.0.0.5:6443".
  std::string advertise_address;
  // Where Service cluster IPs (--service-cidr) and node ports come from.
  ServiceAllocatorOptions services;
};

class ApiServer {
 public:
  ApiServer(ApiServerOptions options, api::Registry& registry, store::Store& store,
            const Clock& clock, Logger log);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // The http::Handler. Thread-safe.
  http::Reply Handle(http::Request& request);

  // /readyz answers 200 once set.
  void SetReady(bool ready) { ready_ = ready; }

  ObjectStorage& objects() { return objects_; }

  // Reconciles the cluster IP and node port records with the stored
  // Services (see ServiceAllocator::Repair); run once objects written
  // directly through objects() (the bootstrap) are in place.
  Status RepairServiceAllocations();

  // Requests need a grant from the Node authorizer or RBAC from now on
  // (Kubernetes' --authorization-mode=Node,RBAC); until then every
  // authenticated request is allowed. Call before serving.
  Status EnableRbac();
  // Creates go through the admission plugins (see admission.h) from now on.
  void EnableAdmission();
  // Approved CSRs for kubernetes.io/kube-apiserver-client are signed with
  // this CA from now on.
  void EnableCsrSigning(CsrSigningFiles files);
  // Issues service account tokens (TokenRequest) signed with the key in
  // `key_file` (created if missing) and accepts them as bearer tokens. Call
  // before serving.
  Status EnableServiceAccountTokens(ServiceAccountTokenOptions options, const std::string& key_file);
  // Add token authenticators before serving.
  Authenticator& authenticator() { return authenticator_; }
  const Authorizer& authorizer() const { return authorizer_; }

  // k1s's own admin endpoints, outside the Kubernetes API (`k1s
  // secrets-encrypt` calls /v1-k1s/encrypt/...): `handler` answers `method`
  // on exactly `path` with a JSON document, or an error as a Status object.
  // Only members of system:masters reach them, whatever RBAC grants: others
  // get 403, anonymous requests 401. Call before serving.
  using AdminHandler = std::function<Result<Json>()>;
  void AddAdminEndpoint(std::string method, std::string path, AdminHandler handler);
  // Where pods/log, exec, attach and portforward go for a node's pods;
  // until set those answer 503. The nodes start after the API serves.
  void SetPodStreamBackends(streaming::PodStreamBackends backends) {
    std::lock_guard lock(pod_streams_mu_);
    pod_streams_ = std::move(backends);
  }

 private:
  http::Reply HandleNonResource(const RequestInfo& info, http::Request& request);
  http::Reply HandleResource(const RequestInfo& info, http::Request& request,
                             const UserInfo& user);
  // Who sent the request: a verified client certificate (CN = user, O =
  // groups) or the admin token; nullopt for anonymous requests.
  std::optional<UserInfo> Authenticate(const http::Request& request) const;

  const ApiServerOptions options_;
  api::Registry& registry_;
  ObjectStorage objects_;
  openapi::OpenApiService openapi_;
  const Clock& clock_;
  const Logger log_;
  std::atomic<bool> ready_{false};
  std::unique_ptr<StreamTicker> ticker_;
  std::shared_ptr<WatchEventCache> watch_cache_ = std::make_shared<WatchEventCache>();
  std::unique_ptr<ServiceAllocator> services_;  // null if the options were unusable
  Authenticator authenticator_;
  Authorizer authorizer_;
  std::unique_ptr<ServiceAccountTokens> sa_tokens_;  // null until enabled
  std::unique_ptr<Admission> admission_;             // null until enabled
  std::unique_ptr<CsrSigningFiles> csr_signing_;     // null until enabled
  struct AdminEndpoint {
    std::string method;
    AdminHandler handler;
  };
  std::map<std::string, AdminEndpoint> admin_endpoints_;  // by path; fixed once serving
  mutable std::mutex pod_streams_mu_;
  streaming::PodStreamBackends pod_streams_;  // GUARDED_BY(pod_streams_mu_)
};

}  // namespace k1s::apiserver
