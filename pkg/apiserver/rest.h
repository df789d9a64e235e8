// The REST verbs on one resource. Each takes the parsed request and returns
// the reply or an error that the caller renders as a metav1.Status.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pkg/api/registry.h"
#include "pkg/api/resource.h"
#include "pkg/apiserver/api_status.h"
#include "pkg/apiserver/object_storage.h"
#include "pkg/apiserver/request_info.h"
#include "pkg/auth/attributes.h"
#include "pkg/http/message.h"
#include "pkg/streaming/pod_streams.h"
#include "pkg/util/clock.h"
#include "pkg/util/log.h"

namespace k1s::apiserver {

class Admission;
class Authenticator;
class Authorizer;
class ServiceAllocator;
class StreamTicker;
class WatchEventCache;

// Who made a request, as authentication established it.
using UserInfo = auth::User;

struct RestContext {
  const RequestInfo& info;
  http::Request& request;
  const api::Resource& resource;
  const api::Registry& registry;
  ObjectStorage& objects;
  const Clock& clock;
  StreamTicker& ticker;
  const Logger& log;
  // What an error's Status.details names; a verb that learns the object's
  // name late (create) fills it in.
  StatusDetails& details;
  const UserInfo& user;
  // Cluster IPs and node ports for Service writes; null: none are allocated.
  ServiceAllocator* services = nullptr;
  // The admission plugins creates go through; null: none (unit-test servers).
  const Admission* admission = nullptr;
  // Events decoded once for all watches; null: each watch decodes its own.
  std::shared_ptr<WatchEventCache> watch_cache;

  // The namespace the request is in, read from storage at most once per
  // request: the NamespaceLifecycle check and Pod Security admission both
  // look at it. Null when this server serves no namespaces.
  const Result<nlohmann::json>* NamespaceObject();
  std::optional<Result<nlohmann::json>> namespace_object;  // NamespaceObject's memo
};

Result<http::Reply> RestGet(RestContext& ctx);
Result<http::Reply> RestList(RestContext& ctx);
Result<http::Reply> RestWatch(RestContext& ctx);
Result<http::Reply> RestCreate(RestContext& ctx);
Result<http::Reply> RestUpdate(RestContext& ctx);
Result<http::Reply> RestPatch(RestContext& ctx);
Result<http::Reply> RestDelete(RestContext& ctx);
Result<http::Reply> RestDeleteCollection(RestContext& ctx);
// Subresources: /scale (get, update, patch) and pods/binding (create).
Result<http::Reply> RestScale(RestContext& ctx);
Result<http::Reply> RestBinding(RestContext& ctx);
// pods/eviction: a delete of the pod with the Eviction's DeleteOptions (what
// kubectl drain uses). Budgets are checked once PodDisruptionBudgets have a
// controller.
Result<http::Reply> RestEviction(RestContext& ctx);
// pods/log, exec, attach and portforward, served by the backend of the
// pod's node.
Result<http::Reply> RestPodStream(RestContext& ctx, const streaming::PodStreamBackends& backends);
// The computed, never stored review kinds (access, rules, self, token).
bool IsReviewResource(const api::Resource& resource);
Result<http::Reply> RestReview(RestContext& ctx, const Authenticator& authenticator,
                               const Authorizer& authorizer);

// Shared by the verbs.
http::Response JsonResponse(int code, const Json& body);
// JsonResponse for an object the verb is done with: handed over as a value
// when the request accepts one (an in-process client), serialized otherwise.
http::Response ObjectResponse(const http::Request& request, int code, Json body);
// The request body as a JSON object (JSON or YAML by Content-Type).
Result<Json> DecodeBody(const http::Request& request);
// True when the request asks for a dry run (dryRun=All).
bool DryRun(const http::Request& request);
// Writes an update of the named object through `mutate` (expected: the
// resourceVersion the write requires, 0 for any); an object whose deletion was
// only waiting for its finalizers is removed once the last one goes.
// `warnings`, when given, gets the admission plugins' warnings appended.
Result<Json> StoreUpdate(RestContext& ctx, int64_t expected, const Mutation& mutate,
                         std::vector<std::string>* warnings = nullptr);
// The reply an update would give, without storing anything.
Result<http::Reply> DryRunUpdate(RestContext& ctx, const Mutation& mutate,
                                 std::vector<std::string>* warnings = nullptr);
// What a list or watch asks for with labelSelector/fieldSelector: the test
// of a parsed object, and the field selector's test of stored text (see
// ListQuery::prefilter). Both unset when nothing is selected.
struct Selectors {
  std::function<bool(const Json&)> filter;
  Prefilter prefilter;
};
Result<Selectors> ParseSelectors(const api::Resource& resource, const http::Request& request);

}  // namespace k1s::apiserver
