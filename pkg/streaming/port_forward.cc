#include "pkg/streaming/port_forward.h"

#include <charconv>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "pkg/streaming/spdy_session.h"
#include "pkg/streaming/upgrade_request.h"
#include "pkg/streaming/websocket.h"

namespace k1s::streaming {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPortForwardV1 = "portforward.k8s.io";
// kubectl 1.31+: SPDY tunnelled in WebSocket binary messages.
constexpr const char* kTunnelledPortForward = "SPDY/3.1+portforward.k8s.io";

std::string HeaderOf(const SpdyStream& stream, const char* name) {
  auto it = stream.headers().find(name);
  return it == stream.headers().end() ? "" : it->second;
}

std::optional<uint16_t> ParsePort(const std::string& text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<uint16_t>(value);
}

// One forwarded connection: the client's data stream joined to the pod's port.
void Forward(SpdyStream& error, SpdyStream& data, const DialPort& dial, const Logger& log) {
  std::string port_text = HeaderOf(data, "port");
  auto port = ParsePort(port_text);
  if (!port) {
    error.Write("invalid port \"" + port_text + "\"");
    error.CloseWrite();
    data.Reset();
    return;
  }
  auto conn = dial(*port);
  if (!conn.ok()) {
    log.Debug(1, "port-forward to ", *port, ": ", conn.status().message());
    error.Write(conn.status().message());
    error.CloseWrite();
    data.Reset();
    return;
  }
  PodConnection& pod = **conn;
  std::thread upstream([&] {
    char buffer[32 * 1024];
    while (size_t n = data.Read(buffer, sizeof buffer)) {
      if (!pod.Write({buffer, n})) break;
    }
    pod.CloseWrite();
  });
  char buffer[32 * 1024];
  while (size_t n = pod.Read(buffer, sizeof buffer)) {
    if (!data.Write({buffer, n})) break;
  }
  data.CloseWrite();
  upstream.join();
  pod.Close();
  error.CloseWrite();
}

// Pairs each request's error and data streams and forwards each pair on a
// thread of its own, until the client ends the session.
void ServeSession(SpdySession& session, const DialPort& dial, const Logger& log) {
  struct Pair {
    std::shared_ptr<SpdyStream> error, data;
  };
  std::map<std::string, Pair> pending;
  std::vector<std::thread> forwards;
  while (!session.Done()) {
    auto stream = session.AcceptStream(1000ms);
    if (stream == nullptr) continue;
    std::string type = HeaderOf(*stream, "streamtype");
    std::string id = HeaderOf(*stream, "requestid");
    Pair& pair = pending[id];
    if (type == "error" && !pair.error) {
      pair.error = std::move(stream);
    } else if (type == "data" && !pair.data) {
      pair.data = std::move(stream);
    } else {
      log.Debug(2, "port-forward: unexpected stream \"", type, "\" for request ", id);
      stream->Reset();
      continue;
    }
    if (pair.error && pair.data) {
      forwards.emplace_back([p = pair, &dial, &log] { Forward(*p.error, *p.data, dial, log); });
      pending.erase(id);
    }
  }
  for (auto& t : forwards) t.join();
}

}  // namespace

Result<http::Reply> ServePortForward(const http::Request& request, DialPort dial, Logger log) {
  if (IsWebSocketUpgrade(request)) {
    K1S_RETURN_IF_ERROR(CheckWebSocketHandshake(request));
    std::vector<std::string> supported = {kTunnelledPortForward};
    std::string protocol = NegotiateProtocol(request, "Sec-WebSocket-Protocol", supported);
    if (protocol.empty()) return NoCommonProtocol(request, "Sec-WebSocket-Protocol", supported);
    return http::Reply(WebSocketAcceptResponse(request, protocol),
                       [dial = std::move(dial), log = std::move(log)](std::unique_ptr<http::UpgradedConnection> conn) {
                         WebSocketConnection ws(*conn);
                         auto tunnel = WebSocketByteStream(ws);
                         SpdySession session(*tunnel);
                         ServeSession(session, dial, log);
                       });
  }
  if (!IsSpdyUpgrade(request)) return Status(StatusCode::kBadRequest, "Upgrade request required");
  std::string protocol = NegotiateProtocol(request, kStreamProtocolHeader, {kPortForwardV1});
  if (protocol.empty()) return NoCommonProtocol(request, kStreamProtocolHeader, {kPortForwardV1});
  return http::Reply(SpdyUpgradeResponse(protocol),
                     [dial = std::move(dial), log = std::move(log)](std::unique_ptr<http::UpgradedConnection> conn) {
                       SpdySession session(*conn);
                       ServeSession(session, dial, log);
                     });
}

}  // namespace k1s::streaming
