// Subresources that are views of their parent: /scale (autoscaling/v1 Scale of
// a workload) and pods/binding (what the scheduler writes).
#include "pkg/apiserver/json_limits.h"
#include "pkg/apiserver/object_rules.h"
#include "pkg/apiserver/patch_document.h"
#include "pkg/apiserver/rest.h"
#include "pkg/apiserver/write_fields.h"
#include "pkg/util/labels.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

// Where a workload keeps the selector that its Scale reports as a string.
std::string SelectorText(const Json& object) {
  const Json spec = object.value("spec", Json::object());
  if (!spec.contains("selector")) return "";
  const Json& selector = spec["selector"];
  if (selector.is_object() && !selector.contains("matchLabels") &&
      !selector.contains("matchExpressions")) {
    // ReplicationController: a plain map.
    std::map<std::string, std::string> labels;
    for (auto it = selector.begin(); it != selector.end(); ++it) {
      if (it->is_string()) labels[it.key()] = it->get<std::string>();
    }
    return LabelSelector::FromMap(labels).ToString();
  }
  auto parsed = LabelSelector::FromJson(selector);
  return parsed.ok() ? parsed->ToString() : "";
}

Json ScaleOf(const Json& object) {
  const Json& meta = object["metadata"];
  Json scale_meta = Json::object();
  for (const char* field : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
    if (meta.contains(field)) scale_meta[field] = meta[field];
  }
  const Json spec = object.value("spec", Json::object());
  const Json status = object.value("status", Json::object());
  return {{"kind", "Scale"},
          {"apiVersion", "autoscaling/v1"},
          {"metadata", std::move(scale_meta)},
          {"spec", {{"replicas", spec.value("replicas", 1)}}},
          {"status", {{"replicas", status.value("replicas", 0)}, {"selector", SelectorText(object)}}}};
}

Result<int64_t> WantedReplicas(const Json& scale) {
  const Json spec = scale.value("spec", Json::object());
  if (!spec.contains("replicas")) return int64_t{0};  // an absent field is 0, as in Go
  if (!spec["replicas"].is_number_integer() || spec["replicas"].get<int64_t>() < 0) {
    return Status(StatusCode::kInvalid, "Scale \"" + scale["metadata"].value("name", "") +
                                            "\" is invalid: spec.replicas: Invalid value: must be "
                                            "greater than or equal to 0")
        .WithCauses({{"FieldValueInvalid", "must be greater than or equal to 0", "spec.replicas"}});
  }
  return spec["replicas"].get<int64_t>();
}

}  // namespace

Result<http::Reply> RestScale(RestContext& ctx) {
  const std::string& ns = ctx.info.namespace_name;
  const std::string& name = ctx.info.name;
  if (ctx.info.verb == "get") {
    K1S_ASSIGN_OR_RETURN(Json object, ctx.objects.Get(ctx.resource, ns, name));
    return http::Reply(JsonResponse(200, ScaleOf(object)));
  }
  // update or patch: compute the new Scale from the current one, then write
  // its replicas into the parent's spec.
  std::string type = ctx.request.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  Mutation mutate = [&](Json current) -> Result<Json> {
    Json scale = ScaleOf(current);
    Json wanted;
    if (ctx.info.verb == "update") {
      K1S_ASSIGN_OR_RETURN(wanted, DecodeBody(ctx.request));
      K1S_ASSIGN_OR_RETURN(int64_t rv, ResourceVersionOf(wanted));
      K1S_ASSIGN_OR_RETURN(int64_t have, ResourceVersionOf(current));
      if (rv != 0 && rv != have) return ConflictError(ctx.resource, name);
    } else {
      K1S_ASSIGN_OR_RETURN(Json patch, ParseJsonText(ctx.request.body, "the patch"));
      if (type == kJsonPatchType) {
        K1S_ASSIGN_OR_RETURN(wanted, ApplyJsonPatch(scale, patch));
      } else {
        wanted = scale;
        wanted.merge_patch(patch);
      }
    }
    K1S_ASSIGN_OR_RETURN(int64_t replicas, WantedReplicas(wanted));
    Json next = current;
    next["spec"]["replicas"] = replicas;
    // As kube-apiserver: the writer owns spec.replicas, recorded against the
    // parent's apiVersion with subresource "scale".
    RecordWriteFields(ctx, current, next);
    return PrepareForUpdate(ctx.resource, "", current, std::move(next));
  };
  K1S_ASSIGN_OR_RETURN(Json updated, ctx.objects.Update(ctx.resource, ns, name, 0, mutate));
  return http::Reply(JsonResponse(200, ScaleOf(updated)));
}

Result<http::Reply> RestBinding(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(Json binding, DecodeBody(ctx.request));
  const std::string node = binding.value("target", Json::object()).value("name", "");
  const std::string name = ctx.info.name.empty()
                               ? binding.value("metadata", Json::object()).value("name", "")
                               : ctx.info.name;
  if (node.empty()) {
    return Status(StatusCode::kInvalid,
                  "Binding \"" + name + "\" is invalid: target.name: Required value")
        .WithCauses({{"FieldValueRequired", "Required value", "target.name"}});
  }
  const auto now = FormatRfc3339(ctx.clock.Now());
  Mutation mutate = [&](Json pod) -> Result<Json> {
    Json& spec = pod["spec"];
    if (pod["metadata"].contains("deletionTimestamp")) {
      return Status::Conflict("pod " + name + " is being deleted, cannot be assigned to a host");
    }
    if (!spec.value("nodeName", "").empty()) {
      return Status::Conflict("pod " + name + " is already assigned to node \"" +
                              spec.value("nodeName", "") + "\"");
    }
    spec["nodeName"] = node;
    Json& status = pod["status"];
    if (!status.contains("conditions") || !status["conditions"].is_array()) {
      status["conditions"] = Json::array();
    }
    Json conditions = Json::array();
    for (const Json& c : status["conditions"]) {
      if (c.value("type", "") != "PodScheduled") conditions.push_back(c);
    }
    conditions.push_back({{"type", "PodScheduled"},
                          {"status", "True"},
                          {"lastProbeTime", nullptr},
                          {"lastTransitionTime", now}});
    status["conditions"] = std::move(conditions);
    return pod;
  };
  K1S_RETURN_IF_ERROR(ctx.objects.Update(ctx.resource, ctx.info.namespace_name, name, 0, mutate).status());
  return http::Reply(JsonResponse(201, SuccessStatus({})));
}

}  // namespace k1s::apiserver
