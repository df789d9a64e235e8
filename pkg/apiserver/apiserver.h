// ApiServer: the Kubernetes REST API over the store, as one http::Handler.
//
// Authenticates each request, parses what it asks for (RequestInfo), answers
// discovery and health documents, and serves resources: get, list, watch,
// create, update, patch, delete, deletecollection, with Tables for kubectl.
// Errors are metav1.Status objects with Kubernetes' codes and reasons.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "pkg/api/registry.h"
#include "pkg/apiserver/object_storage.h"
#include "pkg/apiserver/request_info.h"
#include "pkg/apiserver/rest.h"
#include "pkg/http/message.h"
#include "pkg/openapi/service.h"
#include "pkg/store/store.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"

namespace k1s::apiserver {

class StreamTicker;

struct ApiServerOptions {
  // A bearer token that authenticates as an administrator (the server's
  // --token), besides client certificates; "" accepts none.
  std::string admin_token;
  // Shown in /api's serverAddressByClientCIDRs, e.g. "10.0.0.5:6443".
  std::string advertise_address;
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
};

}  // namespace k1s::apiserver
