// fieldValidation on create, update and patch: fields the kind's schema does
// not declare, and fields a JSON object repeats, are dropped (never stored)
// and, as the request asks, ignored, reported as warnings, or refused.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pkg/apiserver/type_schema.h"
#include "pkg/http/message.h"
#include "pkg/util/result.h"

namespace k1s::apiserver {

enum class FieldValidation { kIgnore, kWarn, kStrict };

// The request's fieldValidation query parameter; Warn, kube-apiserver's
// default, when absent. `options_kind` ("CreateOptions", "PatchOptions", ...)
// names the options in the Invalid error for any other value.
Result<FieldValidation> ParseFieldValidation(const http::Request& request,
                                             const std::string& options_kind);

// A JSON document and the problems a strict decoder reports about it.
struct CheckedJson {
  nlohmann::json value;
  // `duplicate field "metadata.name"`, in document order.
  std::vector<std::string> problems;
};

// Parses JSON text, noting every key an object repeats (the last value
// wins, as in Go). BadRequest when the text is not JSON.
Result<CheckedJson> ParseJsonNotingDuplicates(const std::string& text);

// Removes the fields `object` has where its schema is closed but declares no
// such field, and returns their paths as Kubernetes prints them
// ("spec.containers[0].foo"), in document order.
std::vector<std::string> DropUnknownFields(nlohmann::json& object, const TypeSchema& schema);
// `unknown field "spec.foo"` for each path.
std::vector<std::string> UnknownFieldProblems(const std::vector<std::string>& paths);

// kube-apiserver's wording of a strict decoding failure: "strict decoding
// error: " and the problems, comma-separated.
std::string StrictDecodingError(const std::vector<std::string>& problems);

// Adds one `Warning: 299 - "<text>"` header per warning, as kube-apiserver
// does; kubectl prints each as "Warning: <text>".
void AddWarningHeaders(http::Response& response, const std::vector<std::string>& warnings);

}  // namespace k1s::apiserver
