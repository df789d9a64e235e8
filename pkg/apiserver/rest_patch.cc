// PATCH on resources: JSON patch, JSON merge patch, strategic merge patch
// and server-side apply, each under the request's fieldValidation and
// recorded in metadata.managedFields.
#include "pkg/apiserver/field_validation.h"
#include "pkg/apiserver/managed_fields.h"
#include "pkg/apiserver/object_rules.h"
#include "pkg/apiserver/patch_document.h"
#include "pkg/apiserver/rest.h"
#include "pkg/apiserver/strategic_merge.h"
#include "pkg/apiserver/write_fields.h"
#include "pkg/apiserver/yaml_json.h"
#include "pkg/openapi/documents.h"

namespace k1s::apiserver {

namespace {

constexpr const char* kJsonPatch = kJsonPatchType;
constexpr const char* kMergePatch = kMergePatchType;
constexpr const char* kStrategicPatch = kStrategicPatchType;
constexpr const char* kApplyPatch = kApplyPatchType;

TypeSchema SchemaOf(const api::Resource& r) { return TypeSchema::ForKind(r.group, r.version, r.kind); }

Status InvalidOptions(const std::string& field, const std::string& reason, const std::string& what) {
  return Status::Invalid("PatchOptions.meta.k8s.io \"\" is invalid: " + field + ": " + what)
      .WithCauses({{reason, what, field}});
}

// Strict and Warn ask about every problem in the body; Ignore only wants it parsed.
Result<CheckedJson> ParseBody(const std::string& body, FieldValidation mode) {
  K1S_ASSIGN_OR_RETURN(CheckedJson parsed, ParseJsonNotingDuplicates(body));
  if (mode == FieldValidation::kIgnore) parsed.problems.clear();
  return parsed;
}

// PATCH with application/apply-patch+yaml.
Result<http::Reply> RestApply(RestContext& ctx, FieldValidation mode, bool force) {
  std::vector<std::string> warnings;
  Json config;
  if (auto parsed = ParseBody(ctx.request.body, mode); parsed.ok()) {
    config = std::move(parsed->value);
    warnings = std::move(parsed->problems);
  } else {
    K1S_ASSIGN_OR_RETURN(config, YamlToJson(ctx.request.body));
  }
  const api::Resource& r = ctx.resource;
  if (!config.is_object()) return Status::BadRequest("error decoding YAML: the body is not an object");
  if (config.value("apiVersion", Json()) != r.api_version() || config.value("kind", Json()) != r.kind) {
    return Status::BadRequest("invalid object type: " + config.value("apiVersion", Json()).dump() +
                              ", Kind=" + config.value("kind", Json()).dump() + "; expected " +
                              r.api_version() + ", Kind=" + r.kind);
  }
  if (!config.contains("metadata") || !config["metadata"].is_object()) config["metadata"] = Json::object();
  Json& meta = config["metadata"];
  if (meta.value("name", ctx.info.name) != ctx.info.name) {
    return Status::BadRequest("the name of the object (" + meta["name"].dump() +
                              ") does not match the name on the URL (" + ctx.info.name + ")");
  }
  meta["name"] = ctx.info.name;
  const TypeSchema schema = SchemaOf(r);
  Json typed = config;
  std::vector<std::string> unknown = DropUnknownFields(typed, schema);
  if (!unknown.empty()) {
    // Apply works on typed objects: a field the schema lacks cannot be owned.
    return Status::BadRequest("failed to create typed patch object (" + ctx.info.namespace_name +
                              "/" + ctx.info.name + "; " + r.api_version() + ", Kind=" + r.kind +
                              "): ." + unknown[0] + ": field not declared in schema");
  }
  if (mode == FieldValidation::kStrict && !warnings.empty()) {
    return Status::BadRequest("error strict decoding YAML: " + StrictDecodingError(warnings));
  }
  FieldManagerInfo info = WriterOf(ctx);
  K1S_ASSIGN_OR_RETURN(int64_t wanted_rv, ResourceVersionOf(config));
  auto live = ctx.objects.Get(r, ctx.info.namespace_name, ctx.info.name);
  if (!live.ok() && !live.status().IsNotFound()) return live.status();
  if (!live.ok() && ctx.info.subresource.empty()) {
    // Apply creates what does not exist, through the same path as POST.
    K1S_ASSIGN_OR_RETURN(Json created, ServerSideApply(schema, Json(), config, info, force));
    ctx.request.body = created.dump();
    K1S_ASSIGN_OR_RETURN(http::Reply reply, RestCreate(ctx));
    AddWarningHeaders(reply.response, warnings);
    return reply;
  }
  if (!live.ok()) return live.status();
  const std::string sub = ctx.info.subresource;
  Mutation mutate = [&](const Json& current) -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(int64_t have, ResourceVersionOf(current));
    if (wanted_rv != 0 && wanted_rv != have) return ConflictError(r, ctx.info.name);
    K1S_ASSIGN_OR_RETURN(Json merged, ServerSideApply(schema, current, config, info, force));
    return PrepareForUpdate(r, sub, current, std::move(merged));
  };
  if (DryRun(ctx.request)) {
    K1S_ASSIGN_OR_RETURN(http::Reply reply, DryRunUpdate(ctx, mutate, &warnings));
    AddWarningHeaders(reply.response, warnings);
    return reply;
  }
  K1S_ASSIGN_OR_RETURN(Json updated, StoreUpdate(ctx, 0, mutate, &warnings));
  return WithWarnings(ObjectResponse(ctx.request, 200, std::move(updated)), warnings);
}

}  // namespace

Result<http::Reply> RestPatch(RestContext& ctx) {
  std::string type = ctx.request.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  // Custom resources have no patch strategies, so kube-apiserver refuses
  // strategic merge patches for them.
  const bool smp = openapi::IsBuiltinGroup(ctx.resource.group);
  if (type != kJsonPatch && type != kMergePatch && type != kApplyPatch &&
      (type != kStrategicPatch || !smp)) {
    return Status::UnsupportedMedia(
        std::string("the body of the request was in an unknown format - accepted media types "
                    "include: application/json-patch+json, application/merge-patch+json, ") +
        (smp ? "application/apply-patch+yaml, application/strategic-merge-patch+json"
             : "application/apply-patch+yaml"));
  }
  K1S_ASSIGN_OR_RETURN(FieldValidation mode, ParseFieldValidation(ctx.request, "PatchOptions"));
  const std::optional<std::string> force = ctx.request.Query("force");
  if (type != kApplyPatch && force) {
    return InvalidOptions("force", "FieldValueForbidden",
                          "Forbidden: may not be specified for non-apply patch");
  }
  if (type == kApplyPatch) {
    if (ctx.request.Query("fieldManager").value_or("").empty()) {
      return InvalidOptions("fieldManager", "FieldValueRequired",
                            "Required value: is required for apply patch");
    }
    return RestApply(ctx, mode, force.value_or("") == "true");
  }
  K1S_ASSIGN_OR_RETURN(CheckedJson patch, ParseBody(ctx.request.body, mode));
  const TypeSchema schema = SchemaOf(ctx.resource);
  const std::string sub = ctx.info.subresource;
  std::vector<std::string> warnings;
  Mutation mutate = [&](const Json& before) -> Result<Json> {
    K1S_ASSIGN_OR_RETURN(Json patched, ApplyPatchDocument(type, before, patch.value, schema));
    if (!patched.is_object()) return Status::BadRequest("the patched object is not a JSON object");
    // A resourceVersion in the patch is a precondition, as in Kubernetes.
    K1S_ASSIGN_OR_RETURN(int64_t wanted, ResourceVersionOf(patched));
    K1S_ASSIGN_OR_RETURN(int64_t have, ResourceVersionOf(before));
    if (wanted != 0 && wanted != have) return ConflictError(ctx.resource, ctx.info.name);
    std::vector<std::string> problems = patch.problems;
    for (std::string& p : UnknownFieldProblems(DropUnknownFields(patched, schema))) {
      if (mode != FieldValidation::kIgnore) problems.push_back(std::move(p));
    }
    if (mode == FieldValidation::kStrict && !problems.empty()) {
      const std::string message = StrictDecodingError(problems);
      return Status::Invalid(ctx.resource.kind + " \"" + ctx.info.name +
                             "\" is invalid: patch: Invalid value: " + Json(ctx.request.body).dump() +
                             ": " + message)
          .WithCauses({{"FieldValueInvalid", "Invalid value: " + message, "patch"}});
    }
    warnings = std::move(problems);  // the last attempt's, when the store retries
    K1S_ASSIGN_OR_RETURN(Json next, PrepareForUpdate(ctx.resource, sub, before, std::move(patched)));
    RecordWriteFields(ctx, before, next);
    return next;
  };
  if (DryRun(ctx.request)) {
    K1S_ASSIGN_OR_RETURN(http::Reply reply, DryRunUpdate(ctx, mutate, &warnings));
    AddWarningHeaders(reply.response, warnings);
    return reply;
  }
  K1S_ASSIGN_OR_RETURN(Json updated, StoreUpdate(ctx, 0, mutate, &warnings));
  return WithWarnings(ObjectResponse(ctx.request, 200, std::move(updated)), warnings);
}

}  // namespace k1s::apiserver
