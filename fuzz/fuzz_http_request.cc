// HTTP/1.1 requests as the API server reads them: Boost.Beast's parser with
// the server's header and body limits, then the request as connection.cc
// makes it (target split, percent-decoding, query) and the Kubernetes
// request info the API server derives from its path.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pkg/apiserver/request_info.h"
#include "pkg/http/message.h"

using namespace k1s;
namespace bhttp = boost::beast::http;

namespace {

http::Request ToRequest(bhttp::request<bhttp::string_body>&& msg) {
  http::Request r;
  r.method = std::string(msg.method_string());
  r.target = std::string(msg.target());
  std::string_view target = r.target;
  if (!target.empty() && target.front() != '/') {
    if (size_t scheme = target.find("://"); scheme != std::string_view::npos) {
      size_t slash = target.find('/', scheme + 3);
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    }
  }
  size_t q = target.find('?');
  r.path = http::PercentDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) r.query = http::ParseQuery(target.substr(q + 1));
  for (const auto& field : msg) {
    r.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  }
  r.body = std::move(msg.body());
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(64 * 1024);
  parser.body_limit(3 * 1024 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  size_t used = 0;
  while (!parser.is_done()) {
    size_t n = parser.put(boost::asio::buffer(data + used, size - used), ec);
    used += n;
    if (parser.is_done()) break;
    if (ec == bhttp::error::need_more && n > 0 && used < size) {
      ec = {};
      continue;
    }
    if (ec && ec != bhttp::error::need_more) return 0;
    // The client stops sending here: the server sees the end of the stream.
    ec = {};
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  http::Request request = ToRequest(parser.release());
  apiserver::RequestInfo info = apiserver::ParseRequestInfo(request);
  volatile size_t sink = info.verb.size() + request.Header("Content-Type").size() +
                         request.Query("fieldManager").value_or("").size();
  (void)sink;
  return 0;
}
