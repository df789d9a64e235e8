#include "pkg/apiserver/rest_namespace.h"

#include "pkg/apiserver/object_rules.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

bool NonEmptyList(const Json& object, const char* parent, const char* field) {
  auto p = object.find(parent);
  if (p == object.end() || !p->is_object()) return false;
  auto f = p->find(field);
  return f != p->end() && f->is_array() && !f->empty();
}

bool HasAnyFinalizer(const Json& ns) {
  return NonEmptyList(ns, "spec", "finalizers") || NonEmptyList(ns, "metadata", "finalizers");
}

bool Terminating(const Json& ns) {
  return ns.contains("metadata") && ns["metadata"].contains("deletionTimestamp");
}

Result<http::Reply> Delete(RestContext& ctx) {
  const std::string& name = ctx.info.name;
  K1S_ASSIGN_OR_RETURN(Json current, ctx.objects.Get(ctx.resource, "", name));
  if (!HasAnyFinalizer(current)) return RestDelete(ctx);
  if (Terminating(current)) {
    return Status::Conflict("Operation cannot be fulfilled on namespaces \"" + name +
                            "\": The system is ensuring all content is removed from this namespace.  "
                            "Upon completion, this namespace will automatically be purged by the system.");
  }
  const std::string now = FormatRfc3339(ctx.clock.Now());
  Mutation mark = [&](Json ns) -> Result<Json> {
    if (!Terminating(ns)) {
      ns["metadata"]["deletionTimestamp"] = now;
      ns["metadata"]["deletionGracePeriodSeconds"] = 0;
    }
    ns["status"]["phase"] = "Terminating";
    return ns;
  };
  if (DryRun(ctx.request)) {
    K1S_ASSIGN_OR_RETURN(Json marked, mark(current));
    return http::Reply(JsonResponse(200, marked));
  }
  K1S_ASSIGN_OR_RETURN(Json marked, ctx.objects.Update(ctx.resource, "", name, 0, mark));
  return http::Reply(JsonResponse(200, marked));
}

Result<http::Reply> Finalize(RestContext& ctx) {
  const std::string& name = ctx.info.name;
  K1S_ASSIGN_OR_RETURN(Json body, DecodeBody(ctx.request));
  K1S_ASSIGN_OR_RETURN(int64_t expected, ResourceVersionOf(body));
  Json finalizers = Json::array();
  if (body.is_object() && body.contains("spec") && body["spec"].is_object() &&
      body["spec"].contains("finalizers") && body["spec"]["finalizers"].is_array()) {
    for (const Json& f : body["spec"]["finalizers"]) {
      if (!f.is_string() || f.get_ref<const std::string&>().empty()) {
        return Status::Invalid("Namespace \"" + name + "\" is invalid: spec.finalizers: Invalid value: " +
                               f.dump() + ": a finalizer must be a non-empty name");
      }
      finalizers.push_back(f);
    }
  }
  Mutation set = [&](Json ns) -> Result<Json> {
    ns["spec"]["finalizers"] = finalizers;
    return ns;
  };
  if (DryRun(ctx.request)) {
    K1S_ASSIGN_OR_RETURN(Json current, ctx.objects.Get(ctx.resource, "", name));
    K1S_ASSIGN_OR_RETURN(Json updated, set(std::move(current)));
    return http::Reply(JsonResponse(200, updated));
  }
  K1S_ASSIGN_OR_RETURN(Json updated, ctx.objects.Update(ctx.resource, "", name, expected, set));
  if (Terminating(updated) && !HasAnyFinalizer(updated)) {
    K1S_ASSIGN_OR_RETURN(int64_t rv, ResourceVersionOf(updated));
    auto removed = ctx.objects.Remove(ctx.resource, "", name, rv);
    if (!removed.ok() && !removed.status().IsNotFound() && !removed.status().IsConflict()) {
      return removed.status();
    }
  }
  return http::Reply(JsonResponse(200, updated));
}

// An update of a terminating namespace: the ordinary rules, but the
// namespace stays until finalize empties spec.finalizers.
Result<http::Reply> UpdateTerminating(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(Json body, DecodeBody(ctx.request));
  K1S_ASSIGN_OR_RETURN(int64_t expected, ResourceVersionOf(body));
  const std::string sub = ctx.info.subresource;
  Mutation mutate = [&](Json current) { return PrepareForUpdate(ctx.resource, sub, current, body); };
  if (DryRun(ctx.request)) return DryRunUpdate(ctx, mutate);
  K1S_ASSIGN_OR_RETURN(Json updated, ctx.objects.Update(ctx.resource, "", ctx.info.name, expected, mutate));
  return http::Reply(JsonResponse(200, updated));
}

}  // namespace

bool IsNamespaceLifecycleRequest(const api::Resource& resource, const RequestInfo& info) {
  if (!resource.group.empty() || resource.plural != "namespaces" || info.name.empty()) return false;
  const std::string& sub = info.subresource;
  return (info.verb == "delete" && sub.empty()) || (info.verb == "update" && sub == "finalize") ||
         (info.verb == "update" && (sub.empty() || sub == "status"));
}

Result<http::Reply> RestNamespaceLifecycle(RestContext& ctx) {
  if (ctx.info.verb == "delete") return Delete(ctx);
  if (ctx.info.subresource == "finalize") return Finalize(ctx);
  K1S_ASSIGN_OR_RETURN(Json current, ctx.objects.Get(ctx.resource, "", ctx.info.name));
  return Terminating(current) ? UpdateTerminating(ctx) : RestUpdate(ctx);
}

}  // namespace k1s::apiserver
