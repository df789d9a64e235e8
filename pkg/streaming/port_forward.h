// The port-forward protocol behind pods/portforward, server side: the
// client opens a pair of streams per forwarded connection (an error stream
// and a data stream, both naming the port and a request id); each data
// stream is joined to a connection the backend opens to that port of the pod.
//
// Transports: SPDY/3.1 (portforward.k8s.io), and SPDY tunnelled in WebSocket
// binary messages (SPDY/3.1+portforward.k8s.io, kubectl 1.31+).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "pkg/http/message.h"
#include "pkg/streaming/pod_streams.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::streaming {

using DialPort = std::function<Result<std::unique_ptr<PodConnection>>(uint16_t port)>;

// The reply to a portforward request: 101 and the session, 400 "Upgrade
// request required", or 403 when no offered protocol is spoken.
Result<http::Reply> ServePortForward(const http::Request& request, DialPort dial, Logger log);

}  // namespace k1s::streaming
