// OpenApiService: the OpenAPI endpoints of the API server, generated from the
// registry of served resources.
//
//   GET /openapi/v3                  root: {"paths": {"api/v1": {"serverRelativeURL":
//                                    "/openapi/v3/api/v1?hash=<etag>"}, ...}}
//   GET /openapi/v3/api/v1           OpenAPI 3.0 document of one group-version
//   GET /openapi/v3/apis/<g>/<v>
//   GET /openapi/v2                  Swagger 2.0 of everything, JSON or protobuf
//                                    (application/com.github.proto-openapi.spec.v2@v1.0+protobuf)
//
// Caching follows kube-apiserver: every document carries an ETag (SHA-512 of
// its JSON), If-None-Match answers 304, a group-version URL with the current
// ?hash= is immutable and one with a stale hash redirects (301) to the current.
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "pkg/api/registry.h"
#include "pkg/http/message.h"

namespace k1s::openapi {

class OpenApiService {
 public:
  explicit OpenApiService(const api::Registry& registry);
  ~OpenApiService();
  OpenApiService(const OpenApiService&) = delete;
  OpenApiService& operator=(const OpenApiService&) = delete;

  // The response for a GET or HEAD of an OpenAPI path; nullopt for any other
  // path or method, which the caller handles. Documents are regenerated when
  // the registry's resources change (CRDs), else served from a cache.
  // Thread-safe.
  std::optional<http::Response> Serve(const http::Request& request);

 private:
  struct Snapshot;
  std::shared_ptr<const Snapshot> Current();

  const api::Registry& registry_;
  std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;  // guarded by mu_
};

}  // namespace k1s::openapi
