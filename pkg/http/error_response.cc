#include "pkg/http/error_response.h"

#include <cstdio>
#include <string>

namespace k1s::http::internal {
namespace {

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

}  // namespace

Response ErrorResponse(int code, std::string_view reason, std::string_view message) {
  std::string body =
      R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":)";
  AppendJsonString(body, message);
  body += R"(,"reason":)";
  AppendJsonString(body, reason);
  body += R"(,"code":)" + std::to_string(code) + "}";
  return Response::Json(code, std::move(body));
}

}  // namespace k1s::http::internal
