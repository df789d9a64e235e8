// WebSocket (RFC 6455), server side, over a connection the HTTP server
// handed over: what kubectl 1.30+ speaks first for exec and attach
// (v5.channel.k8s.io) and 1.31+ for port-forward (SPDY/3.1 tunnelled in
// binary messages, "SPDY/3.1+portforward.k8s.io").
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "pkg/http/message.h"

namespace k1s::streaming {

// Whether `request` asks for a WebSocket upgrade (Upgrade: websocket).
bool IsWebSocketUpgrade(const http::Request& request);
// The Sec-WebSocket-Accept value for a Sec-WebSocket-Key.
std::string WebSocketAccept(std::string_view key);
// The 101 head that accepts `request`'s upgrade with `subprotocol`.
http::Response WebSocketAcceptResponse(const http::Request& request, std::string_view subprotocol);

// Messages over an upgraded connection. Control frames are handled inside:
// pings answered, a close answered and ended on.
class WebSocketConnection {
 public:
  // `conn` must outlive this.
  explicit WebSocketConnection(http::UpgradedConnection& conn);
  // Blocks for the next whole data message (fragments joined); false once
  // the peer closed or the connection failed. One reader at a time.
  bool ReadMessage(std::string& message);
  // Sends one binary message; false if the connection is gone. Thread-safe.
  bool WriteMessage(std::string_view message);
  // Sends a close frame (status 1000) and closes. Idempotent.
  void Close();

 private:
  http::UpgradedConnection& conn_;
  std::mutex write_mu_;
  std::string pending_;  // bytes read but not yet parsed
  bool closed_ = false;
};

// The binary messages of `ws` as one byte stream (for SPDY tunnelled over
// WebSocket). `ws` must outlive it.
std::unique_ptr<http::UpgradedConnection> WebSocketByteStream(WebSocketConnection& ws);

}  // namespace k1s::streaming
