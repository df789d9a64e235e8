#include "pkg/apiserver/write_fields.h"

#include "pkg/api/proto_decode.h"
#include "pkg/apiserver/field_validation.h"
#include "pkg/util/time_format.h"

namespace k1s::apiserver {

namespace {

std::string MediaType(const http::Request& request) {
  std::string type = request.Header("Content-Type");
  return type.substr(0, type.find(';'));
}

}  // namespace

bool IsApplyRequest(const http::Request& request) {
  return MediaType(request) == "application/apply-patch+yaml";
}

Result<Json> DecodeWriteBody(const RestContext& ctx, const std::string& options_kind,
                             std::vector<std::string>* warnings) {
  K1S_ASSIGN_OR_RETURN(FieldValidation mode, ParseFieldValidation(ctx.request, options_kind));
  std::vector<std::string> problems;
  Json body;
  const std::string type = MediaType(ctx.request);
  if (type == api::kProtobufMediaType || !(type.empty() || type == "application/json" ||
                                           type == "*/*" || type.ends_with("+json") ||
                                           IsApplyRequest(ctx.request))) {
    // Protobuf cannot repeat a field; other types get DecodeBody's answer.
    K1S_ASSIGN_OR_RETURN(body, DecodeBody(ctx.request));
  } else {
    K1S_ASSIGN_OR_RETURN(CheckedJson checked, ParseJsonNotingDuplicates(ctx.request.body));
    body = std::move(checked.value);
    problems = std::move(checked.problems);
  }
  const api::Resource& r = ctx.resource;
  for (std::string& p : UnknownFieldProblems(
           DropUnknownFields(body, TypeSchema::ForKind(r.group, r.version, r.kind)))) {
    problems.push_back(std::move(p));
  }
  if (problems.empty() || mode == FieldValidation::kIgnore) return body;
  if (mode == FieldValidation::kStrict) {
    return Status::BadRequest(r.kind + " in version \"" + r.version + "\" cannot be handled as a " +
                              r.kind + ": " + StrictDecodingError(problems));
  }
  warnings->insert(warnings->end(), problems.begin(), problems.end());
  return body;
}

FieldManagerInfo WriterOf(const RestContext& ctx) {
  FieldManagerInfo info;
  info.manager = ctx.request.Query("fieldManager").value_or("");
  if (info.manager.empty()) info.manager = ManagerFromUserAgent(ctx.request.Header("User-Agent"));
  // Kubernetes would record an empty name; a placeholder keeps the entry
  // readable and valid.
  if (info.manager.empty()) info.manager = "unknown";
  info.subresource = ctx.info.subresource;
  info.api_version = ctx.resource.api_version();
  info.now = FormatRfc3339(ctx.clock.Now());
  info.status_subresource = ctx.resource.FindSubresource("status") != nullptr;
  return info;
}

void RecordWriteFields(const RestContext& ctx, const Json& live, Json& updated) {
  if (IsApplyRequest(ctx.request)) return;
  const api::Resource& r = ctx.resource;
  RecordUpdate(TypeSchema::ForKind(r.group, r.version, r.kind), live, updated, WriterOf(ctx));
}

http::Reply WithWarnings(http::Response response, const std::vector<std::string>& warnings) {
  AddWarningHeaders(response, warnings);
  return http::Reply(std::move(response));
}

}  // namespace k1s::apiserver
