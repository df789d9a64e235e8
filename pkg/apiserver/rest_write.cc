// POST, PUT, PATCH, DELETE on resources.
#include <charconv>

#include "pkg/apiserver/admission.h"
#include "pkg/apiserver/api_status.h"
#include "pkg/apiserver/eviction_budget.h"
#include "pkg/apiserver/kind_rules.h"
#include "pkg/apiserver/object_rules.h"
#include "pkg/apiserver/rest.h"
#include "pkg/apiserver/write_fields.h"
#include "pkg/apiserver/service_write.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

bool DryRun(const http::Request& request) { return request.Query("dryRun").value_or("") == "All"; }

const Result<Json>* RestContext::NamespaceObject() {
  if (!namespace_object) {
    auto namespaces = registry.Find("", "v1", "namespaces");
    if (namespaces == nullptr) return nullptr;
    namespace_object.emplace(objects.GetCached(*namespaces, "", info.namespace_name));
  }
  return &*namespace_object;
}

namespace {

// kube-apiserver refuses to create objects in a namespace that does not exist
// or is being deleted (NamespaceLifecycle).
Status CheckNamespaceExists(RestContext& ctx, const Json& body) {
  if (!ctx.resource.namespaced()) return Status::Ok();
  const Result<Json>* found = ctx.NamespaceObject();
  if (found == nullptr) return Status::Ok();
  const Result<Json>& ns = *found;
  if (ns.ok()) {
    if (ns->contains("metadata") && (*ns)["metadata"].contains("deletionTimestamp")) {
      std::string name;
      if (body.is_object() && body.contains("metadata") && body["metadata"].is_object()) {
        name = body["metadata"].value("name", "");
      }
      return Status::Forbidden(QualifiedResource(ctx.resource) + " \"" + name +
                               "\" is forbidden: unable to create new content in namespace " +
                               ctx.info.namespace_name + " because it is being terminated");
    }
    return Status::Ok();
  }
  return ns.status();
}

bool HasFinalizers(const Json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end()) return false;
  auto f = meta->find("finalizers");
  return f != meta->end() && f->is_array() && !f->empty();
}

bool BeingDeleted(const Json& object) {
  return object.contains("metadata") && object["metadata"].contains("deletionTimestamp");
}

struct DeleteOptions {
  std::optional<int64_t> grace_seconds;
  std::string propagation;
  std::string uid_precondition;
  std::string rv_precondition;
  bool dry_run = false;
};

// The fields of a metav1.DeleteOptions object, as DELETE bodies and
// Evictions carry it.
DeleteOptions DeleteOptionsFromJson(const Json& body) {
  DeleteOptions opts;
  if (body.contains("gracePeriodSeconds") && body["gracePeriodSeconds"].is_number_integer()) {
    opts.grace_seconds = body["gracePeriodSeconds"].get<int64_t>();
  }
  opts.propagation = body.value("propagationPolicy", "");
  if (body.contains("preconditions") && body["preconditions"].is_object()) {
    opts.uid_precondition = body["preconditions"].value("uid", "");
    opts.rv_precondition = body["preconditions"].value("resourceVersion", "");
  }
  if (body.contains("dryRun") && body["dryRun"].is_array()) {
    for (const Json& d : body["dryRun"]) opts.dry_run |= d == "All";
  }
  return opts;
}

Result<DeleteOptions> ParseDeleteOptions(const http::Request& request) {
  DeleteOptions opts;
  if (!request.body.empty()) {
    Json body = Json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) {
      return Status::BadRequest("the DeleteOptions body is not a JSON object");
    }
    opts = DeleteOptionsFromJson(body);
  }
  if (auto g = request.Query("gracePeriodSeconds"); g && !g->empty()) {
    int64_t value = 0;
    auto [end, ec] = std::from_chars(g->data(), g->data() + g->size(), value);
    if (ec != std::errc() || end != g->data() + g->size()) {
      return Status::BadRequest("invalid gracePeriodSeconds \"" + *g + "\"");
    }
    opts.grace_seconds = value;
  }
  if (auto p = request.Query("propagationPolicy"); p && !p->empty()) opts.propagation = *p;
  if (!opts.propagation.empty() && opts.propagation != "Orphan" &&
      opts.propagation != "Background" && opts.propagation != "Foreground") {
    return Status::BadRequest("propagationPolicy must be Orphan, Background or Foreground, not " +
                              opts.propagation);
  }
  opts.dry_run |= DryRun(request);
  return opts;
}

// Deletes one object by the seed's rules: an object with finalizers, or a pod
// on a node with a grace period, is only marked (deletionTimestamp); anything
// else goes at once. Returns the reply kube-apiserver would give.
Result<Json> DeleteOne(RestContext& ctx, const std::string& name, const DeleteOptions& opts,
                       bool* removed_now) {
  K1S_ASSIGN_OR_RETURN(Json current, ctx.objects.Get(ctx.resource, ctx.info.namespace_name, name));
  const Json& meta = current["metadata"];
  if (!opts.uid_precondition.empty() && meta.value("uid", "") != opts.uid_precondition) {
    return Status::Conflict("Precondition failed: UID in precondition: " + opts.uid_precondition +
                            ", UID in object meta: " + meta.value("uid", ""));
  }
  if (!opts.rv_precondition.empty() && meta.value("resourceVersion", "") != opts.rv_precondition) {
    return Status::Conflict("Precondition failed: ResourceVersion in precondition: " +
                            opts.rv_precondition + ", ResourceVersion in meta: " +
                            meta.value("resourceVersion", ""));
  }
  if (ctx.admission != nullptr) K1S_RETURN_IF_ERROR(ctx.admission->AdmitDelete(ctx, current));
  const bool is_pod = ctx.resource.group.empty() && ctx.resource.plural == "pods";
  int64_t grace = 0;
  if (is_pod) {
    grace = opts.grace_seconds.value_or(
        current.value("spec", Json::object()).value("terminationGracePeriodSeconds", int64_t{30}));
    // A pod no kubelet runs (unbound) has nobody to wait for.
    if (current.value("spec", Json::object()).value("nodeName", "").empty()) grace = 0;
    if (grace < 0) grace = 0;
  }
  std::vector<std::string> finalizers;
  if (opts.propagation == "Orphan") finalizers.push_back("orphan");
  if (opts.propagation == "Foreground") finalizers.push_back("foregroundDeletion");
  const bool mark_only = HasFinalizers(current) || grace > 0 || !finalizers.empty();
  if (opts.dry_run) {
    *removed_now = !mark_only;
    return current;
  }
  if (mark_only) {
    auto now = ctx.clock.Now();
    K1S_ASSIGN_OR_RETURN(int64_t rv, ResourceVersionOf(current));
    K1S_ASSIGN_OR_RETURN(Json marked, ctx.objects.Update(
        ctx.resource, ctx.info.namespace_name, name, rv, [&](Json obj) -> Result<Json> {
          Json& m = obj["metadata"];
          if (!m.contains("deletionTimestamp")) {
            m["deletionTimestamp"] = FormatRfc3339(now + std::chrono::seconds(grace));
            m["deletionGracePeriodSeconds"] = grace;
          } else if (grace < m.value("deletionGracePeriodSeconds", grace)) {
            // A shorter grace period may replace a longer one, never the reverse.
            m["deletionTimestamp"] = FormatRfc3339(now + std::chrono::seconds(grace));
            m["deletionGracePeriodSeconds"] = grace;
          }
          for (const std::string& f : finalizers) {
            if (!m.contains("finalizers")) m["finalizers"] = Json::array();
            if (std::find(m["finalizers"].begin(), m["finalizers"].end(), f) == m["finalizers"].end()) {
              m["finalizers"].push_back(f);
            }
          }
          return obj;
        }));
    if (HasFinalizers(marked) || grace > 0) {
      *removed_now = false;
      return marked;
    }
    current = std::move(marked);
  }
  K1S_ASSIGN_OR_RETURN(int64_t rv, ResourceVersionOf(current));
  K1S_ASSIGN_OR_RETURN(Json removed, ctx.objects.Remove(ctx.resource, ctx.info.namespace_name, name, rv));
  *removed_now = true;
  ReleaseRemovedService(ctx.services, ctx.resource, removed);
  return removed;
}

// A Service's update allocates and frees cluster IPs and node ports as the
// new object is decided (again, when the store retries a lost race); other
// kinds, and /status, update as they are.
Mutation AllocatingMutation(RestContext& ctx, ServiceWrite& services, const Mutation& mutate) {
  if (!IsServiceResource(ctx.resource) || !ctx.info.subresource.empty()) return mutate;
  return [&services, mutate](const Json& current) -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(Json next, mutate(current));
    K1S_RETURN_IF_ERROR(services.BeginUpdate(current, next));
    return next;
  };
}

// The update as the admission plugins that care about it see it (after the
// change is decided, again when the store retries a lost race); `warnings`
// holds what the last attempt's plugins warned about.
Mutation AdmittedMutation(RestContext& ctx, Mutation mutate, std::vector<std::string>* warnings) {
  if (ctx.admission == nullptr ||
      !ctx.admission->Handles(ctx.resource, ctx.info.subresource, AdmissionOperation::kUpdate)) {
    return mutate;
  }
  return [&ctx, mutate = std::move(mutate), warnings](const Json& current) -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(Json next, mutate(current));
    warnings->clear();
    K1S_RETURN_IF_ERROR(ctx.admission->AdmitUpdate(ctx, current, next, warnings));
    return next;
  };
}

}  // namespace

// Writes an update; an object whose deletion was only waiting for its
// finalizers goes away once the last one is removed.
Result<Json> StoreUpdate(RestContext& ctx, int64_t expected, const Mutation& mutate,
                         std::vector<std::string>* warnings) {
  ServiceWrite services(ctx.services, ctx.resource, /*dry_run=*/false);
  std::vector<std::string> admitted;
  K1S_ASSIGN_OR_RETURN(Json updated, ctx.objects.Update(ctx.resource, ctx.info.namespace_name,
                                                         ctx.info.name, expected,
                                                         AllocatingMutation(ctx, services, AdmittedMutation(ctx, mutate, &admitted))));
  services.Commit();
  if (warnings != nullptr) warnings->insert(warnings->end(), admitted.begin(), admitted.end());
  if (BeingDeleted(updated) && !HasFinalizers(updated)) {
    K1S_ASSIGN_OR_RETURN(int64_t rv, ResourceVersionOf(updated));
    auto removed = ctx.objects.Remove(ctx.resource, ctx.info.namespace_name, ctx.info.name, rv);
    if (!removed.ok() && !removed.status().IsNotFound() && !removed.status().IsConflict()) {
      return removed.status();
    }
    if (removed.ok()) ReleaseRemovedService(ctx.services, ctx.resource, *removed);
  }
  return updated;
}

// What an update would store, without storing it: the current
// resourceVersion stays, as kube-apiserver reports it for dry runs.
Result<http::Reply> DryRunUpdate(RestContext& ctx, const Mutation& mutate, std::vector<std::string>* warnings) {
  K1S_ASSIGN_OR_RETURN(Json current, ctx.objects.Get(ctx.resource, ctx.info.namespace_name, ctx.info.name));
  const Json rv = current["metadata"]["resourceVersion"];
  ServiceWrite services(ctx.services, ctx.resource, /*dry_run=*/true);
  std::vector<std::string> admitted;
  K1S_ASSIGN_OR_RETURN(Json updated, AllocatingMutation(ctx, services, AdmittedMutation(ctx, mutate, &admitted))(current));
  if (warnings != nullptr) warnings->insert(warnings->end(), admitted.begin(), admitted.end());
  updated["metadata"]["resourceVersion"] = rv;
  return http::Reply(JsonResponse(200, updated));
}

Result<http::Reply> RestEviction(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(Json eviction, DecodeBody(ctx.request));
  const Json options = eviction.is_object() ? eviction.value("deleteOptions", Json::object())
                                            : Json::object();
  DeleteOptions opts = DeleteOptionsFromJson(options.is_object() ? options : Json::object());
  // An eviction removes the pod; it cannot ask to orphan or hold it.
  opts.propagation.clear();
  opts.dry_run |= DryRun(ctx.request);
  K1S_ASSIGN_OR_RETURN(Json pod, ctx.objects.Get(ctx.resource, ctx.info.namespace_name, ctx.info.name));
  // The Eviction is what admission sees (a create of pods/eviction), before
  // any budget is spent on it.
  if (ctx.admission != nullptr && eviction.is_object()) {
    K1S_RETURN_IF_ERROR(ctx.admission->AdmitCreate(ctx, eviction));
  }
  K1S_RETURN_IF_ERROR(ChargeDisruptionBudget(ctx, pod, opts.dry_run));
  bool removed_now = false;
  K1S_RETURN_IF_ERROR(DeleteOne(ctx, ctx.info.name, opts, &removed_now).status());
  return http::Reply(JsonResponse(201, SuccessStatus({})));
}

Result<http::Reply> RestCreate(RestContext& ctx) {
  // Server-side apply (rest_patch.cc) creates the object its URL names.
  if (!ctx.info.name.empty() && !IsApplyRequest(ctx.request)) {
    return Status::MethodNotAllowed("POST is not supported on a named " + ctx.resource.singular);
  }
  std::vector<std::string> warnings;
  K1S_ASSIGN_OR_RETURN(Json body, DecodeWriteBody(ctx, "CreateOptions", &warnings));
  K1S_RETURN_IF_ERROR(CheckNamespaceExists(ctx, body));
  if (body.is_object() && body.contains("metadata") && body["metadata"].is_object()) {
    ctx.details.name = body["metadata"].value("name", "");
  }
  K1S_ASSIGN_OR_RETURN(Json object, PrepareForCreate(ctx.resource, std::move(body),
                                                     {ctx.info.namespace_name, ctx.clock.Now()}));
  ctx.details.name = object["metadata"].value("name", "");
  RecordWriteFields(ctx, Json(), object);
  if (ctx.admission != nullptr) K1S_RETURN_IF_ERROR(ctx.admission->AdmitCreate(ctx, object, &warnings));
  StampRequester(ctx.resource, object, ctx.user.name, ctx.user.uid, ctx.user.groups);
  // Cluster IPs and node ports are taken before the Service is written and
  // given back (by the destructor) if the write fails.
  ServiceWrite services(ctx.services, ctx.resource, DryRun(ctx.request));
  K1S_RETURN_IF_ERROR(services.BeginCreate(object));
  if (DryRun(ctx.request)) {
    const std::string name = object["metadata"].value("name", "");
    if (ctx.objects.Get(ctx.resource, ctx.info.namespace_name, name).ok()) {
      return AlreadyExistsError(ctx.resource, name);
    }
    return WithWarnings(JsonResponse(201, object), warnings);
  }
  // A client over HTTP gets the stored text back, with its resourceVersion
  // spliced in: the object is not serialized twice.
  const bool as_text = !ctx.request.accepts_object;
  std::string text;
  K1S_ASSIGN_OR_RETURN(Json stored, ctx.objects.Create(ctx.resource, std::move(object), as_text ? &text : nullptr));
  services.Commit();
  if (as_text) return WithWarnings(http::Response::Json(201, std::move(text)), warnings);
  return WithWarnings(ObjectResponse(ctx.request, 201, std::move(stored)), warnings);
}

Result<http::Reply> RestUpdate(RestContext& ctx) {
  std::vector<std::string> warnings;
  K1S_ASSIGN_OR_RETURN(Json body, DecodeWriteBody(ctx, "UpdateOptions", &warnings));
  K1S_ASSIGN_OR_RETURN(int64_t expected, ResourceVersionOf(body));
  const std::string sub = ctx.info.subresource;
  Mutation mutate = [&](const Json& current) -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(Json next, PrepareForUpdate(ctx.resource, sub, current, body));
    RecordWriteFields(ctx, current, next);
    return next;
  };
  if (DryRun(ctx.request)) {
    K1S_ASSIGN_OR_RETURN(http::Reply reply, DryRunUpdate(ctx, mutate, &warnings));
    return WithWarnings(std::move(reply.response), warnings);
  }
  K1S_ASSIGN_OR_RETURN(Json updated, StoreUpdate(ctx, expected, mutate, &warnings));
  return WithWarnings(ObjectResponse(ctx.request, 200, std::move(updated)), warnings);
}

Result<http::Reply> RestDelete(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(DeleteOptions opts, ParseDeleteOptions(ctx.request));
  bool removed_now = false;
  K1S_ASSIGN_OR_RETURN(Json result, DeleteOne(ctx, ctx.info.name, opts, &removed_now));
  const bool is_pod = ctx.resource.group.empty() && ctx.resource.plural == "pods";
  if (!removed_now || is_pod) return http::Reply(JsonResponse(200, result));
  Json status = SuccessStatus({ctx.info.name, ctx.resource.group, ctx.resource.plural});
  status["details"]["uid"] = result["metadata"].value("uid", "");
  return http::Reply(JsonResponse(200, status));
}

Result<http::Reply> RestDeleteCollection(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(DeleteOptions opts, ParseDeleteOptions(ctx.request));
  ListQuery query;
  query.namespace_name = ctx.info.namespace_name;
  K1S_ASSIGN_OR_RETURN(Selectors selectors, ParseSelectors(ctx.resource, ctx.request));
  query.filter = std::move(selectors.filter);
  query.prefilter = std::move(selectors.prefilter);
  K1S_ASSIGN_OR_RETURN(ListPage page, ctx.objects.List(ctx.resource, query));
  Json items = Json::array();
  for (const Json& object : page.items) {
    const std::string name = object["metadata"].value("name", "");
    bool removed_now = false;
    RequestInfo one = ctx.info;
    one.namespace_name = object["metadata"].value("namespace", "");
    RestContext item{one,       ctx.request, ctx.resource, ctx.registry, ctx.objects,
                     ctx.clock, ctx.ticker,  ctx.log,      ctx.details, ctx.user};
    item.services = ctx.services;
    auto deleted = DeleteOne(item, name, opts, &removed_now);
    if (!deleted.ok() && !deleted.status().IsNotFound()) return deleted.status();
    if (deleted.ok()) items.push_back(std::move(*deleted));
  }
  Json list = {{"kind", ctx.resource.kind + "List"},
               {"apiVersion", ctx.resource.api_version()},
               {"metadata", {{"resourceVersion", std::to_string(page.revision)}}},
               {"items", std::move(items)}};
  return http::Reply(JsonResponse(200, list));
}

}  // namespace k1s::apiserver
