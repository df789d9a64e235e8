#include "pkg/streaming/websocket.h"

#include <doctest/doctest.h>

#include <condition_variable>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "pkg/streaming/testing/memory_connection.h"

namespace k1s::streaming {
namespace {

using std::chrono::milliseconds;

using testing::MemoryConnection;
using testing::MemoryPipe;

// Reads give up after 5 s, so a broken implementation fails a test instead
// of hanging it.
constexpr testing::PipeOptions kPipeOptions{.read_timeout = std::chrono::seconds(5)};

struct Frame {
  bool fin = true;
  uint8_t opcode = 0;
  std::string payload;
};

// A client frame as RFC 6455 requires it (masked unless told otherwise).
// `length_form` forces 7-bit (0), 16-bit (126) or 64-bit (127) lengths.
std::string ClientFrame(uint8_t opcode, std::string_view payload, bool fin = true,
                        bool masked = true, int length_form = -1, uint8_t rsv = 0) {
  std::string f;
  f.push_back(static_cast<char>((fin ? 0x80 : 0) | rsv | opcode));
  uint8_t mask_bit = masked ? 0x80 : 0;
  size_t n = payload.size();
  if (length_form < 0) length_form = n < 126 ? 0 : (n <= 0xFFFF ? 126 : 127);
  if (length_form == 0) {
    f.push_back(static_cast<char>(mask_bit | n));
  } else if (length_form == 126) {
    f.push_back(static_cast<char>(mask_bit | 126));
    f.push_back(static_cast<char>(n >> 8));
    f.push_back(static_cast<char>(n & 0xFF));
  } else {
    f.push_back(static_cast<char>(mask_bit | 127));
    for (int shift = 56; shift >= 0; shift -= 8) f.push_back(static_cast<char>((uint64_t{n} >> shift) & 0xFF));
  }
  const char key[4] = {0x37, static_cast<char>(0xfa), 0x21, 0x3d};
  if (masked) f.append(key, 4);
  for (size_t i = 0; i < n; ++i) f.push_back(masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i]);
  return f;
}

std::string CloseCode(uint16_t code) {
  return std::string{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
}

// The test's side: writes client frames, parses the server's frames.
struct Harness {
  explicit Harness(WebSocketOptions options = {})
      : to_server(kPipeOptions), to_client(kPipeOptions), server_conn(to_server, to_client), ws(server_conn, options) {}

  void Send(std::string_view bytes) { (void)to_server.Write(bytes); }
  // The next server frame, or nullopt once the server closed. Fails the
  // test if the server masked it.
  std::optional<Frame> ReadFrame() {
    std::string header;
    if (!ReadExactly(2, header)) return std::nullopt;
    auto b0 = static_cast<uint8_t>(header[0]);
    auto b1 = static_cast<uint8_t>(header[1]);
    CHECK((b1 & 0x80) == 0);  // server frames are never masked
    uint64_t len = b1 & 0x7F;
    std::string ext;
    if (len == 126) {
      if (!ReadExactly(2, ext)) return std::nullopt;
      len = (uint64_t{static_cast<uint8_t>(ext[0])} << 8) | static_cast<uint8_t>(ext[1]);
      CHECK(len >= 126);  // shortest form
    } else if (len == 127) {
      if (!ReadExactly(8, ext)) return std::nullopt;
      len = 0;
      for (char c : ext) len = (len << 8) | static_cast<uint8_t>(c);
      CHECK(len > 0xFFFF);
    }
    Frame frame;
    frame.fin = (b0 & 0x80) != 0;
    frame.opcode = b0 & 0x0F;
    if (!ReadExactly(len, frame.payload)) return std::nullopt;
    return frame;
  }
  bool ReadExactly(size_t n, std::string& out) {
    out.clear();
    while (out.size() < n) {
      char buf[4096];
      size_t got = to_client.Read(buf, std::min(sizeof(buf), n - out.size()));
      if (got == 0) return false;
      out.append(buf, got);
    }
    return true;
  }
  // True if the server closed its side with nothing more sent.
  bool ServerHungUp() {
    char c;
    return to_client.Read(&c, 1) == 0;
  }

  MemoryPipe to_server;
  MemoryPipe to_client;
  MemoryConnection server_conn;
  WebSocketConnection ws;
};

void CheckClose(const std::optional<Frame>& frame, uint16_t code) {
  REQUIRE(frame.has_value());
  CHECK(frame->opcode == 0x8);
  CHECK(frame->payload == CloseCode(code));
}

http::Request UpgradeRequest() {
  http::Request r;
  r.method = "GET";
  r.headers.emplace("Upgrade", "websocket");
  r.headers.emplace("Connection", "Upgrade");
  r.headers.emplace("Sec-WebSocket-Version", "13");
  r.headers.emplace("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
  return r;
}

TEST_CASE("Sec-WebSocket-Accept matches RFC 6455's example") {
  CHECK(WebSocketAccept("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("an upgrade needs Upgrade: websocket and a Connection upgrade token, any case") {
  http::Request r = UpgradeRequest();
  CHECK(IsWebSocketUpgrade(r));

  http::Request mixed;
  mixed.headers.emplace("upgrade", "WebSocket");
  mixed.headers.emplace("connection", "keep-alive, UPGRADE");
  CHECK(IsWebSocketUpgrade(mixed));

  http::Request spdy;
  spdy.headers.emplace("Upgrade", "SPDY/3.1");
  spdy.headers.emplace("Connection", "Upgrade");
  CHECK_FALSE(IsWebSocketUpgrade(spdy));

  http::Request no_connection;
  no_connection.headers.emplace("Upgrade", "websocket");
  CHECK_FALSE(IsWebSocketUpgrade(no_connection));

  http::Request not_a_token;
  not_a_token.headers.emplace("Upgrade", "websocket");
  not_a_token.headers.emplace("Connection", "upgraded, keep-alive");
  CHECK_FALSE(IsWebSocketUpgrade(not_a_token));
}

TEST_CASE("a handshake with the wrong method, version or key is a clear bad request") {
  CHECK(CheckWebSocketHandshake(UpgradeRequest()).ok());

  http::Request post = UpgradeRequest();
  post.method = "POST";
  Status s = CheckWebSocketHandshake(post);
  CHECK(s.code() == StatusCode::kBadRequest);
  CHECK(s.message().find("GET") != std::string::npos);

  http::Request old = UpgradeRequest();
  old.headers.erase("Sec-WebSocket-Version");
  old.headers.emplace("Sec-WebSocket-Version", "8");
  CHECK(CheckWebSocketHandshake(old).message().find("Version") != std::string::npos);

  for (std::string key : {"", "short==", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25j!Q=="}) {
    http::Request bad = UpgradeRequest();
    bad.headers.erase("Sec-WebSocket-Key");
    bad.headers.emplace("Sec-WebSocket-Key", key);
    CHECK_MESSAGE(CheckWebSocketHandshake(bad).message().find("Key") != std::string::npos, key);
  }
}

TEST_CASE("requested subprotocols come from every header line in the client's order") {
  http::Request r = UpgradeRequest();
  r.headers.emplace("Sec-WebSocket-Protocol", "v5.channel.k8s.io, v4.channel.k8s.io");
  r.headers.emplace("sec-websocket-protocol", " SPDY/3.1+portforward.k8s.io ,");
  CHECK(RequestedSubprotocols(r) == std::vector<std::string>{"v5.channel.k8s.io", "v4.channel.k8s.io",
                                                             "SPDY/3.1+portforward.k8s.io"});
  CHECK(RequestedSubprotocols(UpgradeRequest()).empty());
}

TEST_CASE("the 101 head carries the accept key and the chosen subprotocol, if any") {
  http::Response with = WebSocketAcceptResponse(UpgradeRequest(), "v5.channel.k8s.io");
  CHECK(with.status == 101);
  CHECK(with.headers.find("Upgrade")->second == "websocket");
  CHECK(with.headers.find("Connection")->second == "Upgrade");
  CHECK(with.headers.find("Sec-WebSocket-Accept")->second == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  CHECK(with.headers.find("Sec-WebSocket-Protocol")->second == "v5.channel.k8s.io");

  http::Response without = WebSocketAcceptResponse(UpgradeRequest(), "");
  CHECK(without.headers.count("Sec-WebSocket-Protocol") == 0);
}

TEST_CASE("binary and text messages arrive unmasked, with 7-, 16- and 64-bit lengths") {
  Harness h;
  std::string medium(300, 'm');
  std::string large(70000, '\0');
  for (size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7);
  h.Send(ClientFrame(0x2, std::string("\x00stdin", 6)));
  h.Send(ClientFrame(0x1, "text"));
  h.Send(ClientFrame(0x2, medium));
  h.Send(ClientFrame(0x2, large));
  h.Send(ClientFrame(0x2, "tiny", true, true, 127));  // 64-bit form for a short payload is legal
  h.Send(ClientFrame(0x2, ""));

  std::string m;
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == std::string("\x00stdin", 6));
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == "text");
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == medium);
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == large);
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == "tiny");
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m.empty());
}

TEST_CASE("a message split byte by byte across reads is still whole") {
  Harness h;
  std::string frame = ClientFrame(0x2, std::string(200, 'x'));
  std::thread sender([&] {
    for (char c : frame) h.Send(std::string_view(&c, 1));
  });
  std::string m;
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == std::string(200, 'x'));
  sender.join();
}

TEST_CASE("fragments are joined, and a ping between them is answered with its payload") {
  Harness h;
  h.Send(ClientFrame(0x2, "hel", false));
  h.Send(ClientFrame(0x9, "are you there"));
  h.Send(ClientFrame(0x0, "lo ", false));
  h.Send(ClientFrame(0xA, "unsolicited pong"));
  h.Send(ClientFrame(0x0, "world", true));
  std::string m;
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == "hello world");
  auto pong = h.ReadFrame();
  REQUIRE(pong.has_value());
  CHECK(pong->opcode == 0xA);
  CHECK(pong->payload == "are you there");
  // The pong was ignored: nothing else came back.
  REQUIRE(h.ws.WriteMessage("after"));
  auto next = h.ReadFrame();
  REQUIRE(next.has_value());
  CHECK(next->opcode == 0x2);
}

TEST_CASE("a client close is echoed with its code and ends reading") {
  Harness h;
  h.Send(ClientFrame(0x2, "last"));
  h.Send(ClientFrame(0x8, CloseCode(1001) + "going away"));
  std::string m;
  REQUIRE(h.ws.ReadMessage(m));
  CHECK(m == "last");
  CHECK_FALSE(h.ws.ReadMessage(m));
  CheckClose(h.ReadFrame(), 1001);
  CHECK(h.ServerHungUp());
  CHECK_FALSE(h.ws.ReadMessage(m));
  CHECK_FALSE(h.ws.WriteMessage("too late"));
}

TEST_CASE("an empty client close is echoed empty") {
  Harness h;
  h.Send(ClientFrame(0x8, ""));
  std::string m;
  CHECK_FALSE(h.ws.ReadMessage(m));
  auto frame = h.ReadFrame();
  REQUIRE(frame.has_value());
  CHECK(frame->opcode == 0x8);
  CHECK(frame->payload.empty());
}

TEST_CASE("frames that break the protocol close with 1002") {
  struct Case {
    const char* name;
    std::string bytes;
  };
  std::string long_ping(126, 'p');
  std::vector<Case> cases = {
      {"unmasked", ClientFrame(0x2, "hi", true, false)},
      {"continuation without a start", ClientFrame(0x0, "hi")},
      {"new message inside a fragmented one", ClientFrame(0x2, "a", false) + ClientFrame(0x2, "b")},
      {"fragmented ping", ClientFrame(0x9, "p", false)},
      {"ping over 125 bytes", ClientFrame(0x9, long_ping)},
      {"reserved opcode", ClientFrame(0x3, "x")},
      {"reserved control opcode", ClientFrame(0xB, "x")},
      {"RSV bit without an extension", ClientFrame(0x2, "x", true, true, -1, 0x40)},
      {"close with a one-byte payload", ClientFrame(0x8, "x")},
      {"64-bit length with the top bit set",
       std::string("\x82\xff\x80\x00\x00\x00\x00\x00\x00\x01", 10) + std::string(4, '\0')},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    Harness h;
    h.Send(c.bytes);
    h.to_server.CloseWriter();  // the error must show in the bytes sent, not wait for more
    std::string m;
    CHECK_FALSE(h.ws.ReadMessage(m));
    CheckClose(h.ReadFrame(), kWebSocketCloseProtocolError);
    CHECK(h.ServerHungUp());
  }
}

TEST_CASE("a message over the size limit closes with 1009 before its payload is read") {
  SUBCASE("one frame declaring 17 MiB, payload never sent") {
    Harness h;
    std::string header("\x82\xff", 2);
    uint64_t n = uint64_t{17} << 20;
    for (int shift = 56; shift >= 0; shift -= 8) header.push_back(static_cast<char>((n >> shift) & 0xFF));
    header.append(4, '\x01');
    h.Send(header);
    h.to_server.CloseWriter();  // the limit must act on the header alone
    std::string m;
    CHECK_FALSE(h.ws.ReadMessage(m));
    CheckClose(h.ReadFrame(), kWebSocketCloseTooBig);
  }
  SUBCASE("fragments that add up past the limit") {
    WebSocketOptions options;
    options.max_message_bytes = 10;
    Harness h(options);
    h.Send(ClientFrame(0x2, "123456", false));
    h.Send(ClientFrame(0x0, "78901", true));
    std::string m;
    CHECK_FALSE(h.ws.ReadMessage(m));
    CheckClose(h.ReadFrame(), kWebSocketCloseTooBig);
  }
  SUBCASE("exactly the limit is fine") {
    WebSocketOptions options;
    options.max_message_bytes = 10;
    Harness h(options);
    h.Send(ClientFrame(0x2, "12345", false) + ClientFrame(0x0, "67890"));
    std::string m;
    CHECK(h.ws.ReadMessage(m));
    CHECK(m == "1234567890");
  }
}

TEST_CASE("a peer that vanishes mid-frame ends reading without a close") {
  Harness h;
  std::string frame = ClientFrame(0x2, "cut short");
  h.Send(frame.substr(0, 5));
  h.to_server.CloseWriter();
  std::string m;
  CHECK_FALSE(h.ws.ReadMessage(m));
}

TEST_CASE("writes are single unmasked binary frames in the shortest length form") {
  Harness h;
  for (size_t size : {size_t{0}, size_t{125}, size_t{126}, size_t{65535}, size_t{65536}}) {
    std::string payload(size, 'w');
    REQUIRE(h.ws.WriteMessage(payload));
    auto frame = h.ReadFrame();
    REQUIRE(frame.has_value());
    CHECK(frame->fin);
    CHECK(frame->opcode == 0x2);
    CHECK(frame->payload == payload);
  }
}

TEST_CASE("Close sends 1000, waits for the echo, closes, and is idempotent") {
  Harness h;
  std::thread peer([&] {
    CheckClose(h.ReadFrame(), kWebSocketCloseNormal);
    h.Send(ClientFrame(0x2, "data after close is dropped"));
    h.Send(ClientFrame(0x8, CloseCode(kWebSocketCloseNormal)));
  });
  auto start = std::chrono::steady_clock::now();
  h.ws.Close();
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(900));  // did not wait out the grace
  peer.join();
  CHECK(h.ServerHungUp());  // only one close frame went out
  h.ws.Close();
  std::string m;
  CHECK_FALSE(h.ws.ReadMessage(m));
  CHECK_FALSE(h.ws.WriteMessage("x"));
}

TEST_CASE("Close gives up on a silent peer after the grace period") {
  WebSocketOptions options;
  options.close_grace = milliseconds(50);
  Harness h(options);
  h.ws.Close();  // the peer never answers: must not hang
  CheckClose(h.ReadFrame(), kWebSocketCloseNormal);
  CHECK(h.ServerHungUp());
}

TEST_CASE("Close ends a ReadMessage blocked in another thread") {
  WebSocketOptions options;
  options.close_grace = milliseconds(50);
  Harness h(options);
  std::atomic<bool> read_result = true;
  std::thread reader([&] {
    std::string m;
    read_result = h.ws.ReadMessage(m);
  });
  std::this_thread::sleep_for(milliseconds(20));
  h.ws.Close();
  reader.join();
  CHECK_FALSE(read_result);
}

TEST_CASE("a reader in another thread sees the close echo, so Close returns at once") {
  Harness h;  // default grace: a full second
  std::thread reader([&] {
    std::string m;
    while (h.ws.ReadMessage(m)) {
    }
  });
  std::thread peer([&] {
    CheckClose(h.ReadFrame(), kWebSocketCloseNormal);
    h.Send(ClientFrame(0x8, CloseCode(kWebSocketCloseNormal)));
  });
  auto start = std::chrono::steady_clock::now();
  h.ws.Close();
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(900));
  reader.join();
  peer.join();
}

// A connection whose peer never reads: every Write blocks until Close.
class StuckConnection : public http::UpgradedConnection {
 public:
  size_t Read(char*, size_t) override { return WaitClosed(), 0; }
  bool Write(std::string_view) override { return WaitClosed(), false; }
  void Close() override {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }

 private:
  void WaitClosed() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return closed_; });
  }
  std::mutex mu_;
  std::condition_variable cv_;
  bool closed_ = false;
};

TEST_CASE("Close does not hang behind a write the peer never reads") {
  StuckConnection conn;
  WebSocketOptions options;
  options.close_grace = milliseconds(50);
  WebSocketConnection ws(conn, options);
  std::atomic<bool> write_result = true;
  std::thread writer([&] { write_result = ws.WriteMessage("never read"); });
  std::this_thread::sleep_for(milliseconds(20));
  ws.Close();
  writer.join();
  CHECK_FALSE(write_result);
  std::string m;
  CHECK_FALSE(ws.ReadMessage(m));
}

TEST_CASE("concurrent writers produce intact frames") {
  Harness h;
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 200;
  auto payload_for = [](int writer, int seq) {
    size_t size = static_cast<size_t>((seq * 997 + writer * 131) % 70001);
    std::string p = std::to_string(writer) + ":" + std::to_string(seq) + ":";
    p.append(size, static_cast<char>('a' + writer));
    return p;
  };
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int s = 0; s < kPerWriter; ++s) CHECK(h.ws.WriteMessage(payload_for(w, s)));
    });
  }
  std::map<int, int> next_seq;
  for (int i = 0; i < kWriters * kPerWriter; ++i) {
    auto frame = h.ReadFrame();
    REQUIRE(frame.has_value());
    REQUIRE(frame->opcode == 0x2);
    int w = std::stoi(frame->payload);
    int s = std::stoi(frame->payload.substr(frame->payload.find(':') + 1));
    CHECK(s == next_seq[w]);  // each writer's messages in its order
    next_seq[w] = s + 1;
    CHECK(frame->payload == payload_for(w, s));
  }
  for (auto& t : writers) t.join();
}

TEST_CASE("the byte stream reads across message boundaries and writes one message per write") {
  WebSocketOptions options;
  options.close_grace = milliseconds(50);
  Harness h(options);
  auto stream = WebSocketByteStream(h.ws);
  h.Send(ClientFrame(0x2, "hello") + ClientFrame(0x2, "") + ClientFrame(0x2, "spdy", false) +
         ClientFrame(0x0, "frames"));

  char buf[4];
  std::string got;
  while (got.size() < 15) {
    size_t n = stream->Read(buf, sizeof(buf));
    REQUIRE(n > 0);
    CHECK(n <= sizeof(buf));
    got.append(buf, n);
  }
  CHECK(got == "hellospdyframes");

  REQUIRE(stream->Write("reply one"));
  REQUIRE(stream->Write(""));  // nothing to send
  REQUIRE(stream->Write("reply two"));
  auto first = h.ReadFrame();
  auto second = h.ReadFrame();
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(first->opcode == 0x2);
  CHECK(first->payload == "reply one");
  CHECK(second->payload == "reply two");

  stream->Close();
  CheckClose(h.ReadFrame(), kWebSocketCloseNormal);
  CHECK(stream->Read(buf, sizeof(buf)) == 0);
  CHECK_FALSE(stream->Write("gone"));
}

TEST_CASE("the byte stream keeps a message's rest for the next Read and ends on close") {
  Harness h;
  auto stream = WebSocketByteStream(h.ws);
  h.Send(ClientFrame(0x2, "abcdefgh"));
  h.Send(ClientFrame(0x8, CloseCode(kWebSocketCloseNormal)));
  char buf[3];
  std::string got;
  for (size_t n; (n = stream->Read(buf, sizeof(buf))) > 0;) got.append(buf, n);
  CHECK(got == "abcdefgh");
  CheckClose(h.ReadFrame(), kWebSocketCloseNormal);
}

}  // namespace
}  // namespace k1s::streaming
