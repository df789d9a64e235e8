// GET of one object and of collections, and what reads share: body decoding,
// selectors, list options.
#include <charconv>

#include "pkg/api/proto_decode.h"
#include "pkg/apiserver/json_limits.h"
#include "pkg/apiserver/rest.h"
#include "pkg/apiserver/table.h"
#include "pkg/apiserver/yaml_json.h"
#include "pkg/util/fields.h"
#include "pkg/util/json_dump.h"
#include "pkg/util/json_scan.h"
#include "pkg/util/labels.h"

namespace k1s::apiserver {

namespace {

// Field selectors kube-apiserver supports beyond metadata.name/namespace.
bool FieldSupported(const api::Resource& resource, std::string_view field) {
  if (field == "metadata.name" || field == "metadata.namespace") return true;
  const std::string& p = resource.plural;
  if (p == "pods") {
    return field == "spec.nodeName" || field == "spec.restartPolicy" ||
           field == "spec.schedulerName" || field == "spec.serviceAccountName" ||
           field == "spec.hostNetwork" || field == "status.phase" || field == "status.podIP" ||
           field == "status.nominatedNodeName";
  }
  if (p == "events") {
    return field.starts_with("involvedObject.") || field == "reason" || field == "source" ||
           field == "type" || field == "reportingComponent";
  }
  if (p == "secrets") return field == "type";
  if (p == "nodes") return field == "spec.unschedulable";
  if (p == "namespaces") return field == "status.phase";
  if (p == "replicasets" || p == "replicationcontrollers") return field == "status.replicas";
  if (p == "jobs") return field == "status.successful";
  if (p == "certificatesigningrequests") return field == "spec.signerName";
  return false;
}

// The string a field selector compares for `field` of `object`.
std::optional<std::string> FieldValue(const Json& object, std::string_view field) {
  const Json* at = &object;
  size_t start = 0;
  while (start <= field.size()) {
    size_t dot = field.find('.', start);
    std::string key(field.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (!at->is_object()) return std::string();
    auto it = at->find(key);
    if (it == at->end()) return std::string();
    at = &*it;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (at->is_string()) return at->get<std::string>();
  if (at->is_boolean()) return at->get<bool>() ? "true" : "false";
  if (at->is_number()) return at->dump();
  return std::string();
}

Result<int64_t> ParseRevision(const std::optional<std::string>& text) {
  if (!text || text->empty()) return int64_t{0};
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0) {
    return Status::BadRequest("invalid resourceVersion \"" + *text + "\"");
  }
  return value;
}

}  // namespace

http::Response JsonResponse(int code, const Json& body) {
  return http::Response::Json(code, DumpJson(body, InvalidUtf8::kReplace));
}

http::Response ObjectResponse(const http::Request& request, int code, Json body) {
  if (!request.accepts_object) return JsonResponse(code, body);
  http::Response response = http::Response::Json(code, "");
  response.object = std::make_shared<Json>(std::move(body));
  return response;
}

Result<Json> DecodeBody(const http::Request& request) {
  std::string type = request.Header("Content-Type");
  type = type.substr(0, type.find(';'));
  if (type == api::kProtobufMediaType) return api::DecodeProtobufObject(request.body);
  if (type == "application/yaml") return YamlToJson(request.body);
  if (!type.empty() && type != "application/json" && type != "*/*" &&
      type.find("+json") == std::string::npos) {
    return Status::UnsupportedMedia("the body of the request was in an unknown format - accepted "
                                    "media types include: application/json, application/yaml, "
                                    "application/vnd.kubernetes.protobuf");
  }
  return ParseJsonText(request.body, "the request body");
}

namespace {

// The field selector's test on stored text: a requirement the scan can
// decide and that fails rules the object out; one it cannot decide is left
// to the parsed object. When the scan decides every requirement and no label
// selector remains (`fields_alone`), the object is taken unparsed too: a
// paged list of 100,000 Running pods then splices each one's text as an
// unfiltered list does.
Prefilter FieldPrefilter(const FieldSelector& fields, bool fields_alone) {
  return [requirements = fields.requirements(), fields_alone](std::string_view stored) {
    bool decided = fields_alone;
    for (const FieldRequirement& r : requirements) {
      ScannedField f = ScanJsonField(stored, r.field);
      if (f.kind != ScannedField::Kind::kValue) {
        decided = false;
        continue;
      }
      const bool equal = f.value == r.value;
      if (equal != (r.op != FieldOperator::kNotEquals)) return Prefiltered::kRejected;
    }
    return decided ? Prefiltered::kAccepted : Prefiltered::kUndecided;
  };
}

}  // namespace

Result<Selectors> ParseSelectors(const api::Resource& resource, const http::Request& request) {
  LabelSelector labels;
  FieldSelector fields;
  if (auto text = request.Query("labelSelector"); text && !text->empty()) {
    K1S_ASSIGN_OR_RETURN(labels, LabelSelector::Parse(*text));
  }
  if (auto text = request.Query("fieldSelector"); text && !text->empty()) {
    K1S_ASSIGN_OR_RETURN(fields, FieldSelector::Parse(*text));
    for (const FieldRequirement& r : fields.requirements()) {
      if (!FieldSupported(resource, r.field)) {
        return Status::BadRequest("field label not supported: " + r.field);
      }
    }
  }
  Selectors out;
  if (labels.IsEverything() && fields.requirements().empty()) return out;
  out.filter = [labels, fields](const Json& object) {
    if (!labels.MatchesObject(object)) return false;
    return fields.Matches([&](std::string_view f) { return FieldValue(object, f); });
  };
  if (!fields.IsEverything()) out.prefilter = FieldPrefilter(fields, labels.IsEverything());
  return out;
}

Result<http::Reply> RestGet(RestContext& ctx) {
  K1S_ASSIGN_OR_RETURN(int64_t revision, ParseRevision(ctx.request.Query("resourceVersion")));
  // resourceVersion=N on a get means "at least N": the latest always is.
  (void)revision;
  K1S_ASSIGN_OR_RETURN(Json object, ctx.objects.Get(ctx.resource, ctx.info.namespace_name,
                                                     ctx.info.name));
  if (WantsTable(ctx.request.Header("Accept"))) {
    Json table = BuildTable(ctx.resource, {object},
                            ParseIncludeObject(ctx.request.Query("includeObject").value_or("")),
                            ctx.clock.Now());
    table["metadata"]["resourceVersion"] = object["metadata"]["resourceVersion"];
    return http::Reply(JsonResponse(200, table));
  }
  return http::Reply(ObjectResponse(ctx.request, 200, std::move(object)));
}

Result<http::Reply> RestList(RestContext& ctx) {
  ListQuery query;
  query.namespace_name = ctx.info.namespace_name;
  K1S_ASSIGN_OR_RETURN(Selectors selectors, ParseSelectors(ctx.resource, ctx.request));
  query.filter = std::move(selectors.filter);
  query.prefilter = std::move(selectors.prefilter);
  if (auto limit = ctx.request.Query("limit"); limit && !limit->empty()) {
    auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), query.limit);
    if (ec != std::errc() || end != limit->data() + limit->size() || query.limit < 0) {
      return Status::BadRequest("invalid limit \"" + *limit + "\"");
    }
  }
  query.continue_token = ctx.request.Query("continue").value_or("");
  K1S_ASSIGN_OR_RETURN(int64_t rv, ParseRevision(ctx.request.Query("resourceVersion")));
  // resourceVersionMatch=Exact reads at that revision; otherwise any
  // resourceVersion means "not older than", which the latest state satisfies.
  if (ctx.request.Query("resourceVersionMatch").value_or("") == "Exact") query.revision = rv;
  const bool table = WantsTable(ctx.request.Header("Accept"));
  // A plain list is encoded item by item as it is read, from the stored text
  // when nothing is filtered: its memory is the reply text, not every object
  // decoded at once.
  std::string items;
  auto page = table ? ctx.objects.List(ctx.resource, query)
                    : ctx.objects.ListEncoded(ctx.resource, query, [&items](std::string_view item) {
                        if (!items.empty()) items += ',';
                        items += item;
                      });
  if (!page.ok()) {
    if (page.status().IsGone() && !query.continue_token.empty()) {
      return Status::Gone("The provided continue parameter is too old to display a consistent "
                          "list result. You can start a new list without the continue parameter.");
    }
    if (page.status().IsInvalid() && !query.continue_token.empty()) {
      return Status::BadRequest("invalid continue token");
    }
    return page.status();
  }
  Json meta = {{"resourceVersion", std::to_string(page->revision)}};
  if (!page->continue_token.empty()) meta["continue"] = page->continue_token;
  if (page->remaining) meta["remainingItemCount"] = *page->remaining;
  if (table) {
    Json out = BuildTable(ctx.resource, page->items,
                          ParseIncludeObject(ctx.request.Query("includeObject").value_or("")),
                          ctx.clock.Now());
    out["metadata"] = std::move(meta);
    return http::Reply(JsonResponse(200, out));
  }
  Json head = {{"kind", ctx.resource.kind + "List"},
               {"apiVersion", ctx.resource.api_version()},
               {"metadata", std::move(meta)}};
  // The items go last, after the head's members: the reply is built around
  // the items text rather than copied from it.
  std::string head_text = head.dump();
  head_text.back() = ',';
  head_text += "\"items\":[";
  items.insert(0, head_text);
  items += "]}";
  std::string body = std::move(items);
  return http::Reply(http::Response::Json(200, std::move(body)));
}

}  // namespace k1s::apiserver
