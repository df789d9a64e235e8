// POST, PUT, PATCH, DELETE on resources.
#include <charconv>

#include "pkg/apiserver/api_status.h"
#include "pkg/apiserver/object_rules.h"
#include "pkg/apiserver/rest.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

bool DryRun(const http::Request& request) { return request.Query("dryRun").value_or("") == "All"; }

// kube-apiserver refuses to create objects in a namespace that does not exist.
Status CheckNamespaceExists(RestContext& ctx) {
  if (!ctx.resource.namespaced()) return Status::Ok();
  auto namespaces = ctx.registry.Find("", "v1", "namespaces");
  if (namespaces == nullptr) return Status::Ok();
  auto ns = ctx.objects.Get(*namespaces, "", ctx.info.namespace_name);
  if (ns.ok()) {
    if (ns->contains("metadata") && (*ns)["metadata"].contains("deletionTimestamp")) {
      return Status::Forbidden("unable to create new content in namespace " +
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

// Writes an update; an object whose deletion was only waiting for its
// finalizers goes away once the last one is removed.
Result<Json> StoreUpdate(RestContext& ctx, int64_t expected, const Mutation& mutate) {
  K1S_ASSIGN_OR_RETURN(Json updated, ctx.objects.Update(ctx.resource, ctx.info.namespace_name,
                                                         ctx.info.name, expected, mutate));
  if (BeingDeleted(updated) && !HasFinalizers(updated)) {
    K1S_ASSIGN_OR_RETURN(int64_t rv, ResourceVersionOf(updated));
    auto removed = ctx.objects.Remove(ctx.resource, ctx.info.namespace_name, ctx.info.name, rv);
    if (!removed.ok() && !removed.status().IsNotFound() && !removed.status().IsConflict()) {
      return removed.status();
    }
  }
  return updated;
}

// Strategic merge patch for the common cases: a JSON merge patch in which
// lists of objects that all carry "name" merge by name, and {"$patch":
// "delete"} entries remove theirs. Directives beyond that are dropped.
void StrategicMerge(Json& target, const Json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = Json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string& key = it.key();
    if (key.starts_with("$")) continue;
    if (key.starts_with("$setElementOrder/") || key.starts_with("$deleteFromPrimitiveList/")) continue;
    const Json& value = it.value();
    if (value.is_null()) {
      target.erase(key);
    } else if (value.is_object()) {
      StrategicMerge(target[key], value);
    } else if (value.is_array() && target.contains(key) && target[key].is_array()) {
      auto named = [](const Json& list) {
        for (const Json& e : list) {
          if (!e.is_object() || !e.contains("name")) return false;
        }
        return !list.empty();
      };
      if (!named(value)) {
        target[key] = value;
        continue;
      }
      Json merged = target[key];
      for (const Json& entry : value) {
        bool remove = entry.value("$patch", "") == "delete";
        auto match = std::find_if(merged.begin(), merged.end(), [&](const Json& e) {
          return e.is_object() && e.value("name", Json()) == entry["name"];
        });
        if (remove) {
          if (match != merged.end()) merged.erase(match);
        } else if (match != merged.end()) {
          StrategicMerge(*match, entry);
        } else {
          Json added = Json::object();
          StrategicMerge(added, entry);
          merged.push_back(std::move(added));
        }
      }
      target[key] = std::move(merged);
    } else {
      target[key] = value;
    }
  }
}

Result<Json> ApplyPatch(const std::string& content_type, Json current, const std::string& body) {
  Json patch = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (patch.is_discarded()) return Status::BadRequest("the patch is not valid JSON");
  if (content_type == "application/json-patch+json") {
    if (!patch.is_array()) return Status::BadRequest("a JSON patch must be a list of operations");
    try {
      return current.patch(patch);
    } catch (const Json::exception& e) {
      return Status::Invalid(std::string("the JSON patch could not be applied: ") + e.what());
    }
  }
  if (!patch.is_object()) return Status::BadRequest("a merge patch must be a JSON object");
  if (content_type == "application/merge-patch+json") {
    current.merge_patch(patch);
    return current;
  }
  StrategicMerge(current, patch);
  return current;
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
  return removed;
}

// What an update would store, without storing it: the current
// resourceVersion stays, as kube-apiserver reports it for dry runs.
Result<http::Reply> DryRunUpdate(RestContext& ctx, const Mutation& mutate) {
  K1S_ASSIGN_OR_RETURN(Json current, ctx.objects.Get(ctx.resource, ctx.info.namespace_name, ctx.info.name));
  const Json rv = current["metadata"]["resourceVersion"];
  K1S_ASSIGN_OR_RETURN(Json updated, mutate(current));
  updated["metadata"]["resourceVersion"] = rv;
  return http::Reply(JsonResponse(200, updated));
}

}  // namespace

Result<http::Reply> RestEviction(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(Json eviction, DecodeBody(ctx.request));
  const Json options = eviction.is_object() ? eviction.value("deleteOptions", Json::object())
                                            : Json::object();
  DeleteOptions opts = DeleteOptionsFromJson(options.is_object() ? options : Json::object());
  // An eviction removes the pod; it cannot ask to orphan or hold it.
  opts.propagation.clear();
  opts.dry_run |= DryRun(ctx.request);
  bool removed_now = false;
  K1S_RETURN_IF_ERROR(DeleteOne(ctx, ctx.info.name, opts, &removed_now).status());
  return http::Reply(JsonResponse(201, SuccessStatus({})));
}

Result<http::Reply> RestCreate(RestContext& ctx) {
  if (!ctx.info.name.empty()) {
    return Status::MethodNotAllowed("POST is not supported on a named " + ctx.resource.singular);
  }
  K1S_ASSIGN_OR_RETURN(Json body, DecodeBody(ctx.request));
  K1S_RETURN_IF_ERROR(CheckNamespaceExists(ctx));
  if (body.is_object() && body.contains("metadata") && body["metadata"].is_object()) {
    ctx.details.name = body["metadata"].value("name", "");
  }
  K1S_ASSIGN_OR_RETURN(Json object, PrepareForCreate(ctx.resource, std::move(body),
                                                     {ctx.info.namespace_name, ctx.clock.Now()}));
  ctx.details.name = object["metadata"].value("name", "");
  if (DryRun(ctx.request)) {
    const std::string name = object["metadata"].value("name", "");
    if (ctx.objects.Get(ctx.resource, ctx.info.namespace_name, name).ok()) {
      return AlreadyExistsError(ctx.resource, name);
    }
    return http::Reply(JsonResponse(201, object));
  }
  K1S_ASSIGN_OR_RETURN(Json stored, ctx.objects.Create(ctx.resource, object));
  return http::Reply(JsonResponse(201, stored));
}

Result<http::Reply> RestUpdate(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(Json body, DecodeBody(ctx.request));
  K1S_ASSIGN_OR_RETURN(int64_t expected, ResourceVersionOf(body));
  const std::string sub = ctx.info.subresource;
  Mutation mutate = [&](Json current) { return PrepareForUpdate(ctx.resource, sub, current, body); };
  if (DryRun(ctx.request)) {
    return DryRunUpdate(ctx, mutate);
  }
  K1S_ASSIGN_OR_RETURN(Json updated, StoreUpdate(ctx, expected, mutate));
  return http::Reply(JsonResponse(200, updated));
}

Result<http::Reply> RestPatch(RestContext& ctx) {
  std::string type = ctx.request.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  if (type != "application/json-patch+json" && type != "application/merge-patch+json" &&
      type != "application/strategic-merge-patch+json") {
    return Status::UnsupportedMedia("the body of the request was in an unknown format - accepted "
                                    "media types include: application/json-patch+json, "
                                    "application/merge-patch+json, "
                                    "application/strategic-merge-patch+json");
  }
  const std::string sub = ctx.info.subresource;
  Mutation mutate = [&](Json current) -> Result<Json> {
    Json before = current;
    K1S_ASSIGN_OR_RETURN(Json patched, ApplyPatch(type, std::move(current), ctx.request.body));
    // A resourceVersion in the patch is a precondition, as in Kubernetes.
    K1S_ASSIGN_OR_RETURN(int64_t wanted, ResourceVersionOf(patched));
    K1S_ASSIGN_OR_RETURN(int64_t have, ResourceVersionOf(before));
    if (wanted != 0 && wanted != have) return ConflictError(ctx.resource, ctx.info.name);
    return PrepareForUpdate(ctx.resource, sub, before, std::move(patched));
  };
  if (DryRun(ctx.request)) {
    return DryRunUpdate(ctx, mutate);
  }
  K1S_ASSIGN_OR_RETURN(Json updated, StoreUpdate(ctx, 0, mutate));
  return http::Reply(JsonResponse(200, updated));
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
  K1S_ASSIGN_OR_RETURN(query.filter, SelectorFilter(ctx.resource, ctx.request));
  K1S_ASSIGN_OR_RETURN(ListPage page, ctx.objects.List(ctx.resource, query));
  Json items = Json::array();
  for (const Json& object : page.items) {
    const std::string name = object["metadata"].value("name", "");
    bool removed_now = false;
    RequestInfo one = ctx.info;
    one.namespace_name = object["metadata"].value("namespace", "");
    RestContext item{one,       ctx.request, ctx.resource, ctx.registry, ctx.objects,
                     ctx.clock, ctx.ticker,  ctx.log,      ctx.details, ctx.user};
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
