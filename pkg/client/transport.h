// Transport: carries one API request to the server and brings back the
// reply. RestClient builds requests and reads replies; transports only move
// them (in-process to the handler, or over HTTPS).
#pragma once

#include <string>

#include "pkg/http/message.h"
#include "pkg/util/result.h"

namespace k1s::client {

class Transport {
 public:
  virtual ~Transport() = default;
  // `request` has method, target, path, query, headers and body set. HTTP
  // error answers are replies, not errors; an error means the request could
  // not be carried (Unavailable). A streaming reply (a watch) is read by the
  // caller through reply.stream.
  virtual Result<http::Reply> RoundTrip(http::Request request) = 0;
};

// Who an in-process component is, as a client certificate would say: the
// user name (CN) and groups (O).
struct Identity {
  std::string user;
  std::vector<std::string> groups;
};

// Hands requests straight to an http::Handler (the API server's) as if a
// client certificate for `identity` had been verified: the same
// authentication, authorization and admission as any request, without
// sockets or TLS.
class InProcessTransport final : public Transport {
 public:
  InProcessTransport(http::Handler handler, Identity identity)
      : handler_(std::move(handler)), identity_(std::move(identity)) {}
  Result<http::Reply> RoundTrip(http::Request request) override;

 private:
  http::Handler handler_;
  Identity identity_;
};

}  // namespace k1s::client
