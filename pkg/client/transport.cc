#include "pkg/client/transport.h"

namespace k1s::client {

Result<http::Reply> InProcessTransport::RoundTrip(http::Request request) {
  request.peer = http::PeerCertificate{identity_.user, identity_.groups};
  request.remote_address = "in-process";
  // The reply stays in this process: a JSON answer may come as a value.
  request.accepts_object = true;
  return handler_(request);
}

}  // namespace k1s::client
