// PATCH on resources: JSON patch, JSON merge patch and strategic merge patch.
#include <algorithm>

#include "pkg/apiserver/object_rules.h"
#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

namespace {

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

}  // namespace

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

}  // namespace k1s::apiserver
