// What every write does with fields, whatever the verb: decoding the body
// under the request's fieldValidation, and recording the writer's fields in
// metadata.managedFields. Create and update call these; patch and apply
// (rest_patch.cc) use the same pieces.
#pragma once

#include <string>
#include <vector>

#include "pkg/apiserver/managed_fields.h"
#include "pkg/apiserver/rest.h"

namespace k1s::apiserver {

// The request body (JSON, or protobuf where kubectl sends it) with unknown
// and duplicate fields dropped. With fieldValidation=Strict they are
// BadRequest: `<Kind> in version "<v>" cannot be handled as a <Kind>: strict
// decoding error: unknown field "spec.foo"`; with Warn (the default) they
// are appended to *warnings; with Ignore they only disappear.
// `options_kind` is "CreateOptions" or "UpdateOptions".
Result<Json> DecodeWriteBody(const RestContext& ctx, const std::string& options_kind,
                             std::vector<std::string>* warnings);

// Records in `updated` that the request's field manager owns what it set or
// changed (operation Update); `live` is null on create. A create made by
// server-side apply already carries its Apply entry and is left alone.
void RecordWriteFields(const RestContext& ctx, const Json& live, Json& updated);

// Who the request writes as: the fieldManager query parameter, else the
// first word of the User-Agent, as kube-apiserver does.
FieldManagerInfo WriterOf(const RestContext& ctx);

// The response with one Warning header per warning.
http::Reply WithWarnings(http::Response response, const std::vector<std::string>& warnings);

// True for a server-side apply request (Content-Type
// application/apply-patch+yaml).
bool IsApplyRequest(const http::Request& request);

}  // namespace k1s::apiserver
