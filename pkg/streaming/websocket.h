// WebSocket (RFC 6455), server side, over a connection the HTTP server
// handed over: what kubectl 1.30+ speaks first for exec and attach
// (v5.channel.k8s.io) and 1.31+ for port-forward (SPDY/3.1 tunnelled in
// binary messages, "SPDY/3.1+portforward.k8s.io").
//
// No extensions are negotiated (no permessage-deflate), so every frame must
// have its RSV bits clear.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "pkg/http/message.h"
#include "pkg/util/status.h"

namespace k1s::streaming {

// Whether `request` asks for a WebSocket upgrade: an Upgrade header naming
// "websocket" and a Connection header with the "upgrade" token (both
// case-insensitive).
bool IsWebSocketUpgrade(const http::Request& request);
// OK if `request` (already IsWebSocketUpgrade) is a handshake RFC 6455 lets a
// server accept: GET, Sec-WebSocket-Version 13, a Sec-WebSocket-Key of 16
// base64 bytes. Otherwise BadRequest saying which part is wrong.
Status CheckWebSocketHandshake(const http::Request& request);
// The subprotocols the client offers (Sec-WebSocket-Protocol, all header
// lines, comma-separated), in the client's order of preference.
std::vector<std::string> RequestedSubprotocols(const http::Request& request);
// The Sec-WebSocket-Accept value for a Sec-WebSocket-Key.
std::string WebSocketAccept(std::string_view key);
// The 101 head that accepts `request`'s upgrade with `subprotocol` (no
// Sec-WebSocket-Protocol header when it is empty). Clients (client-go) drop
// the connection unless `subprotocol` is one of RequestedSubprotocols.
http::Response WebSocketAcceptResponse(const http::Request& request, std::string_view subprotocol);

// Close status codes (RFC 6455 section 7.4.1) this side sends.
inline constexpr uint16_t kWebSocketCloseNormal = 1000;
inline constexpr uint16_t kWebSocketCloseProtocolError = 1002;
inline constexpr uint16_t kWebSocketCloseTooBig = 1009;

struct WebSocketOptions {
  // A data message (all its fragments) longer than this closes the
  // connection with 1009.
  size_t max_message_bytes = size_t{16} << 20;
  // How long Close waits for the peer to answer our close frame before
  // closing the connection anyway. Waiting lets the peer read everything we
  // sent: closing a socket with unread input makes the kernel send a reset,
  // which can destroy our last frames in flight.
  std::chrono::milliseconds close_grace{1000};
};

// Messages over an upgraded connection. Control frames are handled inside:
// pings answered with a pong carrying the same payload, pongs ignored, a
// close answered (same status code) and ended on. A protocol violation
// (unmasked or malformed frame) closes with 1002, an oversized message with
// 1009; ReadMessage then returns false.
class WebSocketConnection {
 public:
  // `conn` must outlive this.
  explicit WebSocketConnection(http::UpgradedConnection& conn, WebSocketOptions options = {});
  WebSocketConnection(const WebSocketConnection&) = delete;
  WebSocketConnection& operator=(const WebSocketConnection&) = delete;

  // Blocks for the next whole data message, text or binary (fragments
  // joined); false once the peer closed, broke the protocol, the connection
  // failed or Close ran. One reader at a time.
  bool ReadMessage(std::string& message);
  // Sends `message` as one unmasked binary frame; false if the connection is
  // gone or a close frame was already sent. Thread-safe; frames of concurrent
  // writers never interleave.
  bool WriteMessage(std::string_view message);
  // Sends a close frame (1000), waits up to close_grace for the peer's close
  // (reading and discarding data meanwhile if no ReadMessage is running), then
  // closes the connection; a blocked ReadMessage or WriteMessage returns
  // false. If a write is stuck (the peer stopped reading) for close_grace, the
  // close frame is skipped. Idempotent, any thread; returns within about two
  // close_grace.
  void Close();

 private:
  bool NextMessage(std::string& message);  // the frame loop; one caller at a time
  bool Fill(size_t bytes);                 // until `bytes` unparsed bytes are buffered
  bool Fail(uint16_t code);                // sends close `code`, ends; returns false
  // Writes one unfragmented frame once no other frame is being written; false
  // if the connection failed or a close frame already went out. With
  // `deadline`, gives up then (setting *timed_out) if another write is stuck.
  bool WriteFrame(uint8_t opcode, std::string_view payload,
                  const std::chrono::steady_clock::time_point* deadline = nullptr,
                  bool* timed_out = nullptr);

  http::UpgradedConnection& conn_;
  const WebSocketOptions options_;

  // Frames are written outside write_mu_, one at a time, so that Close can
  // give up on a write stuck behind a peer that stopped reading instead of
  // hanging. (A std::timed_mutex would do, but ThreadSanitizer cannot see
  // its timed lock and reports false errors.)
  std::mutex write_mu_;
  std::condition_variable write_cv_;  // signalled when writing_ clears
  bool writing_ = false;              // GUARDED_BY(write_mu_): a frame is being written
  bool close_sent_ = false;           // GUARDED_BY(write_mu_)

  std::mutex state_mu_;
  std::condition_variable state_cv_;  // signalled when reading_ or peer_done_ change
  bool reading_ = false;              // GUARDED_BY(state_mu_): a ReadMessage is running
  bool draining_ = false;             // GUARDED_BY(state_mu_): Close reads for itself
  bool peer_done_ = false;            // GUARDED_BY(state_mu_): nothing more will be read
  bool closing_ = false;              // GUARDED_BY(state_mu_): Close was called

  // Only the current reader (ReadMessage or Close's drain) touches these.
  std::string pending_;     // bytes read but not yet parsed, from pending_pos_
  size_t pending_pos_ = 0;
};

// The binary messages of `ws` as one byte stream (for SPDY tunnelled over
// WebSocket): Read returns the bytes of successive messages, keeping what
// did not fit for the next Read; each Write is one message; Close closes
// `ws`. `ws` must outlive it.
std::unique_ptr<http::UpgradedConnection> WebSocketByteStream(WebSocketConnection& ws);

}  // namespace k1s::streaming
