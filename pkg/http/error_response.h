// Error replies the server itself produces (internal to pkg/http): a
// Kubernetes Status object, so clients such as kubectl show the message.
#pragma once

#include <string_view>

#include "pkg/http/message.h"

namespace k1s::http::internal {

// {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
//  "message":..., "reason":..., "code":...} as application/json.
Response ErrorResponse(int code, std::string_view reason, std::string_view message);

}  // namespace k1s::http::internal
