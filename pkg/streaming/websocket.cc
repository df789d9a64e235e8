#include "pkg/streaming/websocket.h"

#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>

namespace k1s::streaming {
namespace {

constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

constexpr uint8_t kOpContinuation = 0x0;
constexpr uint8_t kOpText = 0x1;
constexpr uint8_t kOpBinary = 0x2;
constexpr uint8_t kOpClose = 0x8;
constexpr uint8_t kOpPing = 0x9;
constexpr uint8_t kOpPong = 0xA;
constexpr size_t kMaxControlPayload = 125;
constexpr size_t kReadChunk = 64 * 1024;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The comma-separated tokens of every `name` header line, trimmed, empty ones dropped.
std::vector<std::string> HeaderTokens(const http::Headers& headers, const std::string& name) {
  std::vector<std::string> tokens;
  auto [begin, end] = headers.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view token = Trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (!token.empty()) tokens.emplace_back(token);
    }
  }
  return tokens;
}

bool HasToken(const http::Headers& headers, const std::string& name, std::string_view token) {
  for (const std::string& t : HeaderTokens(headers, name)) {
    if (EqualsIgnoreCase(t, token)) return true;
  }
  return false;
}

bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// A frame header: opcode byte, length in the shortest form RFC 6455 allows,
// no mask (servers never mask).
std::string FrameHeader(uint8_t first_byte, size_t length) {
  std::string header;
  header.push_back(static_cast<char>(first_byte));
  if (length < 126) {
    header.push_back(static_cast<char>(length));
  } else if (length <= 0xFFFF) {
    header.push_back(static_cast<char>(126));
    header.push_back(static_cast<char>(length >> 8));
    header.push_back(static_cast<char>(length & 0xFF));
  } else {
    header.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      header.push_back(static_cast<char>((static_cast<uint64_t>(length) >> shift) & 0xFF));
    }
  }
  return header;
}

}  // namespace

bool IsWebSocketUpgrade(const http::Request& request) {
  return HasToken(request.headers, "Upgrade", "websocket") &&
         HasToken(request.headers, "Connection", "upgrade");
}

Status CheckWebSocketHandshake(const http::Request& request) {
  if (request.method != "GET") {
    return Status::BadRequest("a WebSocket upgrade must be a GET, not " + request.method);
  }
  std::string version = std::string(Trim(request.Header("Sec-WebSocket-Version")));
  if (version != "13") {
    return Status::BadRequest("unsupported Sec-WebSocket-Version \"" + version + "\" (want 13)");
  }
  std::string key = std::string(Trim(request.Header("Sec-WebSocket-Key")));
  // 16 bytes in base64 are 22 characters and "==".
  bool key_ok = key.size() == 24 && key.compare(22, 2, "==") == 0 &&
                std::all_of(key.begin(), key.begin() + 22, IsBase64Char);
  if (!key_ok) {
    return Status::BadRequest("Sec-WebSocket-Key \"" + key + "\" is not 16 bytes in base64");
  }
  return Status::Ok();
}

std::vector<std::string> RequestedSubprotocols(const http::Request& request) {
  return HeaderTokens(request.headers, "Sec-WebSocket-Protocol");
}

std::string WebSocketAccept(std::string_view key) {
  std::string input = std::string(key) + std::string(kAcceptGuid);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha1(), nullptr);
  std::string encoded(4 * ((digest_size + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), digest,
                          static_cast<int>(digest_size));
  encoded.resize(static_cast<size_t>(n));
  return encoded;
}

http::Response WebSocketAcceptResponse(const http::Request& request, std::string_view subprotocol) {
  http::Response response;
  response.status = 101;
  response.headers.emplace("Upgrade", "websocket");
  response.headers.emplace("Connection", "Upgrade");
  response.headers.emplace("Sec-WebSocket-Accept",
                           WebSocketAccept(Trim(request.Header("Sec-WebSocket-Key"))));
  if (!subprotocol.empty()) response.headers.emplace("Sec-WebSocket-Protocol", subprotocol);
  return response;
}

WebSocketConnection::WebSocketConnection(http::UpgradedConnection& conn, WebSocketOptions options)
    : conn_(conn), options_(options) {}

bool WebSocketConnection::ReadMessage(std::string& message) {
  {
    std::lock_guard lock(state_mu_);
    if (peer_done_ || draining_) return false;
    reading_ = true;
  }
  bool ok = NextMessage(message);
  {
    std::lock_guard lock(state_mu_);
    reading_ = false;
    if (!ok) peer_done_ = true;
  }
  state_cv_.notify_all();
  return ok;
}

bool WebSocketConnection::Fill(size_t bytes) {
  while (pending_.size() - pending_pos_ < bytes) {
    pending_.erase(0, pending_pos_);
    pending_pos_ = 0;
    size_t old_size = pending_.size();
    pending_.resize(old_size + kReadChunk);
    size_t n = conn_.Read(pending_.data() + old_size, kReadChunk);
    pending_.resize(old_size + n);
    if (n == 0) return false;
  }
  return true;
}

bool WebSocketConnection::NextMessage(std::string& message) {
  message.clear();
  bool in_message = false;  // a text or binary frame without FIN came
  for (;;) {
    if (!Fill(2)) return false;
    auto byte = [this](size_t i) { return static_cast<uint8_t>(pending_[pending_pos_ + i]); };
    const bool fin = (byte(0) & 0x80) != 0;
    const uint8_t opcode = byte(0) & 0x0F;
    const bool masked = (byte(1) & 0x80) != 0;
    uint64_t length = byte(1) & 0x7F;
    if ((byte(0) & 0x70) != 0) return Fail(kWebSocketCloseProtocolError);  // no extension negotiated
    if (!masked) return Fail(kWebSocketCloseProtocolError);  // RFC 6455 5.1: clients must mask
    size_t header_size = 2;
    if (length == 126) {
      if (!Fill(4)) return false;
      length = (uint64_t{byte(2)} << 8) | byte(3);
      header_size = 4;
    } else if (length == 127) {
      if (!Fill(10)) return false;
      length = 0;
      for (size_t i = 2; i < 10; ++i) length = (length << 8) | byte(i);
      if (length >> 63) return Fail(kWebSocketCloseProtocolError);
      header_size = 10;
    }
    header_size += 4;  // the masking key

    const bool control = (opcode & 0x8) != 0;
    if (control) {
      if (opcode != kOpClose && opcode != kOpPing && opcode != kOpPong) {
        return Fail(kWebSocketCloseProtocolError);
      }
      if (!fin || length > kMaxControlPayload) return Fail(kWebSocketCloseProtocolError);
    } else {
      if (opcode != kOpContinuation && opcode != kOpText && opcode != kOpBinary) {
        return Fail(kWebSocketCloseProtocolError);
      }
      // A continuation must continue something; a new message must not start inside one.
      if ((opcode == kOpContinuation) != in_message) return Fail(kWebSocketCloseProtocolError);
      // Checked before reading the payload, so a huge declared length costs nothing.
      if (length > options_.max_message_bytes - message.size()) {
        return Fail(kWebSocketCloseTooBig);
      }
    }

    if (!Fill(header_size + length)) return false;
    const size_t payload_at = pending_pos_ + header_size;
    const char* mask = pending_.data() + payload_at - 4;
    std::string control_payload;
    std::string& out = control ? control_payload : message;
    size_t out_at = out.size();
    out.append(pending_, payload_at, length);
    for (size_t i = 0; i < length; ++i) out[out_at + i] ^= mask[i % 4];
    pending_pos_ = payload_at + length;

    switch (opcode) {
      case kOpPing:
        WriteFrame(kOpPong, control_payload);
        continue;
      case kOpPong:
        continue;
      case kOpClose: {
        if (control_payload.size() == 1) return Fail(kWebSocketCloseProtocolError);
        // Answer with the peer's status code; the reason is not echoed.
        WriteFrame(kOpClose, std::string_view(control_payload).substr(0, 2));
        conn_.Close();
        return false;
      }
      default:
        if (fin) return true;
        in_message = true;
    }
  }
}

bool WebSocketConnection::WriteFrame(uint8_t opcode, std::string_view payload,
                                     const std::chrono::steady_clock::time_point* deadline,
                                     bool* timed_out) {
  std::string frame = FrameHeader(static_cast<uint8_t>(0x80 | opcode), payload.size());
  frame.append(payload);
  {
    std::unique_lock lock(write_mu_);
    auto idle = [this] { return !writing_; };
    if (deadline == nullptr) {
      write_cv_.wait(lock, idle);
    } else if (!write_cv_.wait_until(lock, *deadline, idle)) {
      *timed_out = true;
      return false;
    }
    if (close_sent_) return false;  // RFC 6455 5.5.1: nothing may follow a close
    if (opcode == kOpClose) close_sent_ = true;
    writing_ = true;
  }
  bool ok = conn_.Write(frame);
  {
    std::lock_guard lock(write_mu_);
    writing_ = false;
  }
  write_cv_.notify_all();
  return ok;
}

bool WebSocketConnection::Fail(uint16_t code) {
  const char payload[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  WriteFrame(kOpClose, std::string_view(payload, 2));
  conn_.Close();
  return false;
}

bool WebSocketConnection::WriteMessage(std::string_view message) {
  return WriteFrame(kOpBinary, message);
}

void WebSocketConnection::Close() {
  {
    std::lock_guard lock(state_mu_);
    if (closing_) return;
    closing_ = true;
  }
  const char normal[2] = {static_cast<char>(kWebSocketCloseNormal >> 8),
                          static_cast<char>(kWebSocketCloseNormal & 0xFF)};
  auto write_deadline = std::chrono::steady_clock::now() + options_.close_grace;
  bool write_stuck = false;
  WriteFrame(kOpClose, std::string_view(normal, 2), &write_deadline, &write_stuck);
  if (write_stuck) {
    conn_.Close();  // fails the stuck write; nothing more can be sent
    std::lock_guard lock(state_mu_);
    peer_done_ = true;
    return;
  }

  std::thread drainer;
  {
    std::unique_lock lock(state_mu_);
    auto deadline = std::chrono::steady_clock::now() + options_.close_grace;
    while (!peer_done_) {
      // Someone must read for the peer's close to arrive; when no
      // ReadMessage is running (or it stopped), read here and drop the data.
      if (!reading_ && !draining_) {
        draining_ = true;
        drainer = std::thread([this] {
          std::string ignored;
          while (NextMessage(ignored)) {
          }
          {
            std::lock_guard inner(state_mu_);
            peer_done_ = true;
          }
          state_cv_.notify_all();
        });
      }
      if (state_cv_.wait_until(lock, deadline) == std::cv_status::timeout) break;
    }
  }
  conn_.Close();
  if (drainer.joinable()) drainer.join();
  std::lock_guard lock(state_mu_);
  peer_done_ = true;
}

namespace {

class WebSocketByteStreamImpl : public http::UpgradedConnection {
 public:
  explicit WebSocketByteStreamImpl(WebSocketConnection& ws) : ws_(ws) {}

  size_t Read(char* buffer, size_t size) override {
    if (size == 0) return 0;
    std::lock_guard lock(read_mu_);
    while (offset_ == message_.size()) {
      if (closed_) return 0;
      offset_ = 0;
      if (!ws_.ReadMessage(message_)) {
        message_.clear();
        return 0;
      }
    }
    if (closed_) return 0;
    size_t n = std::min(size, message_.size() - offset_);
    std::memcpy(buffer, message_.data() + offset_, n);
    offset_ += n;
    return n;
  }

  bool Write(std::string_view data) override {
    if (closed_) return false;
    if (data.empty()) return true;  // an empty message would carry nothing
    return ws_.WriteMessage(data);
  }

  void Close() override {
    closed_ = true;
    ws_.Close();
  }

 private:
  WebSocketConnection& ws_;
  std::atomic<bool> closed_ = false;
  std::mutex read_mu_;
  std::string message_;  // GUARDED_BY(read_mu_): the message being read
  size_t offset_ = 0;    // GUARDED_BY(read_mu_): how much of it Read returned
};

}  // namespace

std::unique_ptr<http::UpgradedConnection> WebSocketByteStream(WebSocketConnection& ws) {
  return std::make_unique<WebSocketByteStreamImpl>(ws);
}

}  // namespace k1s::streaming
