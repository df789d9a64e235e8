#include "pkg/streaming/spdy_session.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pkg/streaming/spdy_frames.h"
#include "pkg/streaming/testing/memory_connection.h"

namespace k1s::streaming {
namespace {

using namespace std::chrono_literals;

// ---- An in-memory connection ----

using testing::MemoryConnection;

// Bounded like a socket's buffers, so a stalled reader stalls the writer.
struct ConnPair : testing::MemoryConnectionPair {
  explicit ConnPair(size_t capacity = 256 * 1024) : MemoryConnectionPair({.capacity = capacity}) {}
};

// ---- The client side, as spdystream would behave ----

struct Received {
  std::map<uint32_t, http::Headers> replies;
  std::map<uint32_t, std::string> data;
  std::set<uint32_t> fins;
  size_t fin_frames = 0;
  std::map<uint32_t, uint32_t> rsts;
  std::vector<uint32_t> pings;
  std::optional<spdy::GoAway> goaway;
  size_t max_data_frame = 0;
  bool eof = false;
  std::vector<std::string> errors;  // what a strict client would reject
};

class TestClient {
 public:
  explicit TestClient(MemoryConnection& conn) : conn_(conn), thread_([this] { Run(); }) {}
  ~TestClient() {
    conn_.Close();
    thread_.join();
  }

  bool Send(std::string_view bytes) { return conn_.Write(bytes); }

  void Open(uint32_t id, const http::Headers& headers, uint8_t flags = 0) {
    std::string block;
    REQUIRE(compressor_.CompressHeaders(headers, block));
    Send(spdy::EncodeSynStream(id, 0, 0, flags, block));
  }

  // Like spdystream's writer fed by io.Copy: frames of up to 32 KiB.
  bool Data(uint32_t id, std::string_view data, bool fin = false) {
    while (data.size() > 32 * 1024) {
      if (!Send(spdy::EncodeDataFrame(id, 0, data.substr(0, 32 * 1024)))) return false;
      data.remove_prefix(32 * 1024);
    }
    if (!data.empty() || fin) {
      return Send(spdy::EncodeDataFrame(id, fin ? spdy::kFlagFin : 0, data));
    }
    return true;
  }

  // Returns once the session has handled everything sent so far: it
  // answers PINGs in order.
  void Sync() {
    uint32_t id = next_ping_ += 2;
    Send(spdy::EncodePing(id));
    REQUIRE(WaitUntil([&](Received& r) {
      return std::find(r.pings.begin(), r.pings.end(), id) != r.pings.end();
    }));
  }

  template <typename Pred>
  bool WaitUntil(Pred pred, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, timeout, [&] { return pred(rx_); });
  }

  template <typename F>
  auto With(F f) {
    std::lock_guard lk(mu_);
    return f(rx_);
  }

 private:
  void Run() {
    spdy::FrameReader reader;
    std::vector<char> buf(64 * 1024);
    for (;;) {
      size_t n = conn_.Read(buf.data(), buf.size());
      if (n == 0) break;
      reader.Append({buf.data(), n});
      spdy::Frame f;
      std::string error;
      spdy::FrameReader::Status st;
      while ((st = reader.Next(f, error)) == spdy::FrameReader::Status::kFrame) Handle(f);
      if (st == spdy::FrameReader::Status::kError) Fail(error);
    }
    std::lock_guard lk(mu_);
    rx_.eof = true;
    cv_.notify_all();
  }

  void Fail(std::string what) {
    std::lock_guard lk(mu_);
    rx_.errors.push_back(std::move(what));
    cv_.notify_all();
  }

  void Handle(const spdy::Frame& f) {
    std::lock_guard lk(mu_);
    cv_.notify_all();
    if (!f.control) {
      if (!rx_.replies.count(f.stream_id)) rx_.errors.push_back("DATA before SYN_REPLY");
      if (rx_.fins.count(f.stream_id)) rx_.errors.push_back("DATA after FIN");
      rx_.data[f.stream_id].append(f.payload);
      rx_.max_data_frame = std::max(rx_.max_data_frame, f.payload.size());
      if (f.flags & spdy::kFlagFin) {
        rx_.fins.insert(f.stream_id);
        rx_.fin_frames++;
      }
      return;
    }
    if (f.version != spdy::kVersion) rx_.errors.push_back("bad version");
    switch (f.type) {
      case spdy::kSynReply: {
        auto r = spdy::ParseSynReplyOrHeaders(f.payload);
        http::Headers h;
        if (!r || !decompressor_.DecompressHeaders(r->header_block, h)) {
          rx_.errors.push_back("bad SYN_REPLY");
          return;
        }
        rx_.replies[r->stream_id] = h;
        return;
      }
      case spdy::kRstStream: {
        auto r = spdy::ParseRstStream(f.payload);
        if (!r) {
          rx_.errors.push_back("bad RST_STREAM");
          return;
        }
        rx_.rsts[r->stream_id] = r->status;
        return;
      }
      case spdy::kPing:
        rx_.pings.push_back(spdy::ParsePing(f.payload).value_or(0));
        return;
      case spdy::kGoAway:
        rx_.goaway = spdy::ParseGoAway(f.payload);
        return;
      default:
        // spdystream fails its connection on any other control frame type
        // it does not know, and ignores WINDOW_UPDATE and SETTINGS.
        rx_.errors.push_back("unexpected control frame " + std::to_string(f.type));
    }
  }

  MemoryConnection& conn_;
  uint32_t next_ping_ = 1001;
  spdy::HeaderCompressor compressor_;  // test thread only
  spdy::HeaderDecompressor decompressor_;
  std::mutex mu_;
  std::condition_variable cv_;
  Received rx_;
  std::thread thread_;
};

http::Headers StreamHeaders(std::string type, std::string request_id = "0") {
  http::Headers h;
  h.emplace("streamType", std::move(type));
  h.emplace("requestID", std::move(request_id));
  return h;
}

std::string Pattern(size_t size, uint32_t seed) {
  std::string s(size, '\0');
  uint32_t x = seed * 2654435761u + 1;
  for (char& c : s) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  return s;
}

std::string ReadAll(SpdyStream& s) {
  std::string out;
  char buf[10000];
  for (size_t n; (n = s.Read(buf, sizeof(buf))) > 0;) out.append(buf, n);
  return out;
}

std::shared_ptr<SpdyStream> MustAccept(SpdySession& session) {
  auto s = session.AcceptStream(5s);
  REQUIRE(s != nullptr);
  return s;
}

// ---- Frames and header blocks ----

TEST_CASE("the header dictionary is SPDY/3's") {
  std::string_view d = spdy::HeaderDictionary();
  REQUIRE(d.size() == 1423);
  CHECK(adler32(1, reinterpret_cast<const Bytef*>(d.data()), static_cast<uInt>(d.size())) ==
        0xe3c6a7c2u);
  CHECK(d.substr(0, 11) == std::string_view("\0\0\0\x07options", 11));
  CHECK(d.substr(d.size() - 7) == ",enq=0.");
}

TEST_CASE("header blocks encode and decode") {
  http::Headers h;
  h.emplace("StreamType", "stdout");
  h.emplace("port", "8080");
  h.emplace("X-Multi", "a");
  h.emplace("x-multi", "");
  h.emplace("X-MULTI", "c");
  std::string block = spdy::EncodeHeaderBlock(h);
  // Three names; lower case; several values joined by NUL.
  CHECK(block.substr(0, 4) == std::string_view("\0\0\0\x03", 4));
  CHECK(block.find("streamtype") != std::string::npos);
  CHECK(block.find(std::string_view("a\0\0c", 4)) != std::string::npos);

  http::Headers back;
  REQUIRE(spdy::DecodeHeaderBlock(block, back));
  CHECK(back.size() == 5);
  CHECK(back.find("streamtype")->first == "streamtype");
  CHECK(back.find("streamtype")->second == "stdout");
  auto [b, e] = back.equal_range("x-multi");
  std::vector<std::string> values;
  for (auto it = b; it != e; ++it) values.push_back(it->second);
  CHECK(values == std::vector<std::string>{"a", "", "c"});

  http::Headers empty;
  REQUIRE(spdy::DecodeHeaderBlock(spdy::EncodeHeaderBlock({}), empty));
  CHECK(empty.empty());

  http::Headers bad;
  CHECK_FALSE(spdy::DecodeHeaderBlock("", bad));
  CHECK_FALSE(spdy::DecodeHeaderBlock(block.substr(0, block.size() - 1), bad));
  CHECK_FALSE(spdy::DecodeHeaderBlock(block + "x", bad));
  CHECK_FALSE(spdy::DecodeHeaderBlock(std::string("\xff\xff\xff\xff", 4), bad));
  // An empty name.
  CHECK_FALSE(spdy::DecodeHeaderBlock(std::string("\0\0\0\x01\0\0\0\0\0\0\0\x01x", 13), bad));
  // A length past the end.
  CHECK_FALSE(spdy::DecodeHeaderBlock(std::string("\0\0\0\x01\x7f\0\0\0name\0\0\0\0", 16), bad));
}

TEST_CASE("header compression keeps one context across frames") {
  spdy::HeaderCompressor out;
  spdy::HeaderDecompressor in;
  std::vector<std::string> frames;
  std::vector<http::Headers> sent;
  for (int i = 0; i < 5; ++i) {
    http::Headers h = StreamHeaders(i % 2 ? "stdout" : "error", std::to_string(i));
    h.emplace("port", std::to_string(8000 + i));
    std::string block;
    REQUIRE(out.CompressHeaders(h, block));
    frames.push_back(block);
    sent.push_back(h);
  }
  // The first block starts the zlib stream and names the dictionary (FDICT,
  // then its Adler-32); later ones continue it and compress better.
  REQUIRE(frames[0].size() > 6);
  CHECK((static_cast<unsigned char>(frames[0][1]) & 0x20) != 0);
  CHECK(frames[0].substr(2, 4) == std::string_view("\xe3\xc6\xa7\xc2", 4));
  CHECK(frames[4].size() < frames[0].size());
  // Each block ends with a sync flush.
  for (const auto& f : frames) CHECK(f.substr(f.size() - 4) == std::string_view("\0\0\xff\xff", 4));

  for (size_t i = 0; i < frames.size(); ++i) {
    http::Headers h;
    REQUIRE(in.DecompressHeaders(frames[i], h));
    CHECK(spdy::EncodeHeaderBlock(h) == spdy::EncodeHeaderBlock(sent[i]));
    CHECK(h.find("streamtype")->first == "streamtype");
  }

  // A later block means nothing without the context before it.
  spdy::HeaderDecompressor fresh;
  http::Headers h;
  CHECK_FALSE(fresh.DecompressHeaders(frames[1], h));

  // Corrupt bytes, and a zlib stream made with another dictionary.
  spdy::HeaderDecompressor corrupt;
  CHECK_FALSE(corrupt.DecompressHeaders(std::string(frames[0].size(), '\x55'), h));
  {
    z_stream z{};
    REQUIRE(deflateInit(&z, Z_DEFAULT_COMPRESSION) == Z_OK);
    const char other[] = "not the dictionary";
    deflateSetDictionary(&z, reinterpret_cast<const Bytef*>(other), sizeof(other));
    std::string raw = spdy::EncodeHeaderBlock(StreamHeaders("error"));
    z.next_in = reinterpret_cast<Bytef*>(raw.data());
    z.avail_in = static_cast<uInt>(raw.size());
    char buf[512];
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof(buf);
    REQUIRE(deflate(&z, Z_SYNC_FLUSH) == Z_OK);
    std::string compressed(buf, sizeof(buf) - z.avail_out);
    deflateEnd(&z);
    spdy::HeaderDecompressor wrong;
    CHECK_FALSE(wrong.DecompressHeaders(compressed, h));
  }
  // A block that inflates past the limit.
  {
    spdy::HeaderCompressor bomb_out;
    std::string bomb;
    REQUIRE(bomb_out.Compress(std::string(3 << 20, 'a'), bomb));
    CHECK(bomb.size() < 100000);
    spdy::HeaderDecompressor bomb_in;
    std::string inflated;
    CHECK_FALSE(bomb_in.Decompress(bomb, inflated));
  }
}

TEST_CASE("frames encode and parse") {
  spdy::FrameReader reader;
  std::string wire =
      spdy::EncodeSynStream(5, 3, 2, spdy::kFlagFin, "hdrs") + spdy::EncodeSynReply(5, 0, "r") +
      spdy::EncodeRstStream(7, spdy::kCancel) +
      spdy::EncodeSettings(1, {{0, 7, 65536}, {1, 4, 100}}) + spdy::EncodePing(9) +
      spdy::EncodeGoAway(11, spdy::kGoAwayProtocolError) +
      spdy::EncodeHeaders(5, spdy::kFlagFin, "h") + spdy::EncodeWindowUpdate(5, 1000) +
      spdy::EncodeDataFrame(5, spdy::kFlagFin, "payload") + spdy::EncodeDataFrame(3, 0, "");
  // Byte by byte, so that every frame arrives in pieces.
  std::vector<spdy::Frame> frames;
  std::vector<std::string> payloads;
  for (char c : wire) {
    reader.Append(std::string_view(&c, 1));
    spdy::Frame f;
    std::string error;
    auto st = reader.Next(f, error);
    REQUIRE(st != spdy::FrameReader::Status::kError);
    if (st == spdy::FrameReader::Status::kFrame) {
      frames.push_back(f);
      payloads.emplace_back(f.payload);
    }
  }
  REQUIRE(frames.size() == 10);
  for (size_t i = 0; i < 8; ++i) {
    CHECK(frames[i].control);
    CHECK(frames[i].version == 3);
  }
  CHECK(frames[0].type == spdy::kSynStream);
  CHECK(frames[0].flags == spdy::kFlagFin);
  auto syn = spdy::ParseSynStream(payloads[0]);
  REQUIRE(syn);
  CHECK(syn->stream_id == 5);
  CHECK(syn->associated_id == 3);
  CHECK(syn->priority == 2);
  CHECK(syn->header_block == "hdrs");
  CHECK(frames[1].type == spdy::kSynReply);
  CHECK(spdy::ParseSynReplyOrHeaders(payloads[1])->header_block == "r");
  auto rst = spdy::ParseRstStream(payloads[2]);
  REQUIRE(rst);
  CHECK(rst->stream_id == 7);
  CHECK(rst->status == spdy::kCancel);
  CHECK(frames[3].flags == 1);
  auto settings = spdy::ParseSettings(payloads[3]);
  REQUIRE(settings);
  REQUIRE(settings->size() == 2);
  CHECK((*settings)[0].id == 7);
  CHECK((*settings)[0].value == 65536);
  CHECK((*settings)[1].flags == 1);
  CHECK(spdy::ParsePing(payloads[4]) == 9u);
  auto goaway = spdy::ParseGoAway(payloads[5]);
  REQUIRE(goaway);
  CHECK(goaway->last_good_stream_id == 11);
  CHECK(goaway->status == spdy::kGoAwayProtocolError);
  CHECK(frames[6].type == spdy::kHeaders);
  CHECK(spdy::ParseSynReplyOrHeaders(payloads[6])->stream_id == 5);
  auto wu = spdy::ParseWindowUpdate(payloads[7]);
  REQUIRE(wu);
  CHECK(wu->delta == 1000);
  CHECK_FALSE(frames[8].control);
  CHECK(frames[8].stream_id == 5);
  CHECK(frames[8].flags == spdy::kFlagFin);
  CHECK(payloads[8] == "payload");
  CHECK(frames[9].stream_id == 3);
  CHECK(payloads[9].empty());

  // Wrong sizes.
  CHECK_FALSE(spdy::ParseSynStream("123456789"));
  CHECK_FALSE(spdy::ParseRstStream("1234567"));
  CHECK_FALSE(spdy::ParsePing("12345"));
  CHECK_FALSE(spdy::ParseSettings(std::string("\0\0\0\x02", 4) + "12345678"));
  CHECK_FALSE(spdy::ParseWindowUpdate("123"));

  // Lengths over the limits fail on the header, before any payload.
  spdy::FrameReader limited(100, 1000);
  limited.Append(spdy::EncodeControlFrame(3, spdy::kSettings, 0, std::string(101, '\0'))
                     .substr(0, spdy::kFrameHeaderSize));
  spdy::Frame f;
  std::string error;
  CHECK(limited.Next(f, error) == spdy::FrameReader::Status::kError);
  CHECK_FALSE(error.empty());
  spdy::FrameReader limited_data(100, 1000);
  limited_data.Append(spdy::EncodeDataFrame(1, 0, std::string(1001, 'x')).substr(0, 8));
  CHECK(limited_data.Next(f, error) == spdy::FrameReader::Status::kError);
}

// ---- The session ----

TEST_CASE("streams open with their headers and are answered with SYN_REPLY") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);

  http::Headers error = StreamHeaders("error", "7");
  http::Headers out = StreamHeaders("stdout", "7");
  http::Headers data = StreamHeaders("data", "7");
  data.emplace("port", "8080");
  client.Open(1, error);
  client.Open(3, out);
  client.Open(5, data);

  CHECK(client.WaitUntil([](Received& r) { return r.replies.size() == 3; }));
  client.With([](Received& r) {
    for (auto& [id, h] : r.replies) CHECK(h.empty());
    CHECK(r.errors.empty());
  });

  auto s1 = MustAccept(session);
  auto s3 = MustAccept(session);
  auto s5 = MustAccept(session);
  CHECK(s1->id() == 1);
  CHECK(s3->id() == 3);
  CHECK(s5->id() == 5);
  CHECK(s1->headers().find("streamtype")->second == "error");
  CHECK(s1->headers().find("StreamType")->first == "streamtype");
  CHECK(s3->headers().find("streamtype")->second == "stdout");
  CHECK(s5->headers().find("requestid")->second == "7");
  CHECK(s5->headers().find("port")->second == "8080");
  CHECK(session.AcceptStream(20ms) == nullptr);
  CHECK_FALSE(session.Done());
}

TEST_CASE("data flows both ways; FIN half-closes") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Open(1, StreamHeaders("stdin"));
  client.Open(3, StreamHeaders("stdout"));
  auto in = MustAccept(session);
  auto out = MustAccept(session);

  client.Data(1, "hello ");
  char buf[64];
  size_t n = in->Read(buf, sizeof(buf));
  CHECK(std::string(buf, n) == "hello ");
  client.Data(1, "world", true);
  CHECK(ReadAll(*in) == "world");
  CHECK(in->Read(buf, sizeof(buf)) == 0);
  // Our side of the stream is still open.
  CHECK(in->Write("echo"));

  CHECK(out->Write("out 1,"));
  CHECK(out->Write(""));
  CHECK(out->Write("out 2"));
  out->CloseWrite();
  out->CloseWrite();  // idempotent: one FIN
  CHECK_FALSE(out->Write("late"));
  CHECK(client.WaitUntil([](Received& r) { return r.fins.count(3) > 0; }));
  client.With([](Received& r) {
    CHECK(r.data[3] == "out 1,out 2");
    CHECK(r.data[1] == "echo");
    CHECK(r.fin_frames == 1);
    CHECK(r.errors.empty());
  });

  // A SYN_STREAM with FIN: nothing to read, but we can answer.
  client.Open(5, StreamHeaders("stdin"), spdy::kFlagFin);
  auto closed = MustAccept(session);
  CHECK(closed->Read(buf, sizeof(buf)) == 0);
  CHECK(closed->Write("x"));
  client.Open(7, StreamHeaders("stdin"));
  CHECK(MustAccept(session)->id() == 7);
  CHECK_FALSE(session.Done());
}

TEST_CASE("HEADERS frames keep the decompression context and may carry FIN") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  spdy::HeaderCompressor compressor;  // this test's client context
  auto send_headers_frame = [&](uint8_t type, uint32_t id, uint8_t flags, http::Headers h) {
    std::string block;
    REQUIRE(compressor.CompressHeaders(h, block));
    if (type == spdy::kSynStream) {
      client.Send(spdy::EncodeSynStream(id, 0, 0, flags, block));
    } else {
      client.Send(spdy::EncodeHeaders(id, flags, block));
    }
  };
  send_headers_frame(spdy::kSynStream, 1, 0, StreamHeaders("stdin"));
  auto s1 = MustAccept(session);
  send_headers_frame(spdy::kHeaders, 1, spdy::kFlagFin, StreamHeaders("extra"));
  char buf[8];
  CHECK(s1->Read(buf, sizeof(buf)) == 0);
  send_headers_frame(spdy::kSynStream, 3, 0, StreamHeaders("stdout"));
  auto s3 = MustAccept(session);
  CHECK(s3->headers().find("streamtype")->second == "stdout");
  CHECK_FALSE(session.Done());
}

TEST_CASE("multi-megabyte transfers in both directions at once") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Open(1, StreamHeaders("data"));
  client.Open(3, StreamHeaders("error"));
  auto data = MustAccept(session);
  auto error = MustAccept(session);

  const std::string up = Pattern(10 << 20, 1);
  const std::string down = Pattern(10 << 20, 2);
  std::thread uploader([&] { client.Data(1, up, true); });
  std::string got_up;
  std::thread reader([&] { got_up = ReadAll(*data); });
  // The server writes in odd-sized pieces; frames still stay small.
  bool wrote = true;
  for (size_t off = 0; off < down.size(); off += 100000) {
    wrote = wrote && data->Write(std::string_view(down).substr(off, 100000));
  }
  data->CloseWrite();
  CHECK(wrote);
  uploader.join();
  reader.join();
  CHECK(got_up.size() == up.size());
  CHECK(got_up == up);
  CHECK(client.WaitUntil([](Received& r) { return r.fins.count(1) > 0; }, 30s));
  client.With([&](Received& r) {
    CHECK(r.data[1].size() == down.size());
    CHECK(r.data[1] == down);
    CHECK(r.max_data_frame <= 16 * 1024);
    CHECK(r.errors.empty());
  });
  // The other stream was not disturbed.
  CHECK(error->Write("fine"));
  CHECK(client.WaitUntil([](Received& r) { return r.data[3] == "fine"; }));
}

TEST_CASE("unread data is held until read, and a dropped stream does not stall the rest") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Open(1, StreamHeaders("stdin"));
  client.Open(3, StreamHeaders("ignored"));
  auto s1 = MustAccept(session);
  MustAccept(session).reset();  // the handler did not want stream 3

  // More than the per-stream buffer, sent before anyone reads: the session
  // stops reading until the reader catches up.
  const std::string big = Pattern(5 << 20, 3);
  std::thread uploader([&] { client.Data(1, big, true); });
  std::this_thread::sleep_for(100ms);
  CHECK(ReadAll(*s1) == big);
  uploader.join();

  // Data for the dropped stream is discarded rather than buffered.
  client.Data(3, Pattern(5 << 20, 4), true);
  client.Send(spdy::EncodePing(1));
  CHECK(client.WaitUntil([](Received& r) { return r.pings.size() == 1; }));
  CHECK_FALSE(session.Done());
}

TEST_CASE("RST_STREAM from the client ends that stream only") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Open(1, StreamHeaders("data"));
  client.Open(3, StreamHeaders("error"));
  auto data = MustAccept(session);
  auto error = MustAccept(session);

  client.Data(1, "unread");
  std::atomic<size_t> got{99};
  std::thread blocked([&] {
    char buf[4];
    // First the buffered bytes may come, then 0 after the reset.
    size_t n;
    while ((n = error->Read(buf, sizeof(buf))) > 0) {
    }
    got = n;
  });
  client.Send(spdy::EncodeRstStream(3, spdy::kCancel));
  blocked.join();
  CHECK(got == 0);
  CHECK_FALSE(error->Write("x"));
  // Frames still in flight for it are dropped quietly.
  client.Data(3, "late", true);
  client.Send(spdy::EncodeRstStream(3, spdy::kCancel));
  client.Send(spdy::EncodeRstStream(99, spdy::kCancel));

  client.Send(spdy::EncodeRstStream(1, spdy::kCancel));
  client.Sync();
  char buf[16];
  CHECK(data->Read(buf, sizeof(buf)) == 0);  // buffered data is discarded
  CHECK_FALSE(data->Write("x"));

  client.Open(5, StreamHeaders("data"));
  auto next = MustAccept(session);
  CHECK(next->Write("still alive"));
  CHECK(client.WaitUntil([](Received& r) { return r.data[5] == "still alive"; }));
  client.With([](Received& r) { CHECK(r.rsts.empty()); });
}

TEST_CASE("Reset sends RST_STREAM CANCEL") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Open(1, StreamHeaders("data"));
  auto s = MustAccept(session);
  client.Data(1, "pending");
  std::this_thread::sleep_for(20ms);
  CHECK(s->Write("before"));
  s->Reset();
  s->Reset();
  char buf[16];
  CHECK(s->Read(buf, sizeof(buf)) == 0);
  CHECK_FALSE(s->Write("after"));
  s->CloseWrite();
  CHECK(client.WaitUntil([](Received& r) { return r.rsts.count(1) > 0; }));
  client.With([](Received& r) {
    CHECK(r.rsts[1] == spdy::kCancel);
    CHECK(r.data[1] == "before");
    CHECK(r.fins.empty());
  });

  // After both sides finished, a reset sends nothing.
  client.Open(3, StreamHeaders("data"));
  auto done = MustAccept(session);
  client.Data(3, "", true);
  CHECK(done->Read(buf, sizeof(buf)) == 0);
  done->CloseWrite();
  done->Reset();
  client.Send(spdy::EncodePing(1));
  CHECK(client.WaitUntil([](Received& r) { return !r.pings.empty(); }));
  client.With([](Received& r) { CHECK(r.rsts.size() == 1); });
}

TEST_CASE("PING is echoed; SETTINGS, WINDOW_UPDATE and unknown frames are ignored") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Send(spdy::EncodeSettings(0, {{0, 7, 1 << 20}, {0, 4, 100}}));
  client.Send(spdy::EncodeWindowUpdate(0, 1 << 20));
  client.Send(spdy::EncodeWindowUpdate(1, 4096));
  client.Send(spdy::EncodeControlFrame(3, 10, 0, "credential"));  // CREDENTIAL: ignored
  client.Send(spdy::EncodePing(1));
  client.Send(spdy::EncodePing(2));  // even: a reply to a ping of ours, of which there are none
  client.Send(spdy::EncodePing(3));
  CHECK(client.WaitUntil([](Received& r) { return r.pings.size() >= 2; }));
  client.With([](Received& r) {
    CHECK(r.pings == std::vector<uint32_t>{1, 3});
    CHECK(r.errors.empty());
  });
  client.Open(1, StreamHeaders("error"));
  CHECK(MustAccept(session) != nullptr);
  CHECK_FALSE(session.Done());
}

TEST_CASE("invalid and excess stream ids are refused with RST_STREAM") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Open(2, StreamHeaders("even"));
  client.Open(5, StreamHeaders("ok"));
  client.Open(3, StreamHeaders("backwards"));
  CHECK(client.WaitUntil([](Received& r) { return r.rsts.size() == 2 && r.replies.size() == 1; }));
  client.With([](Received& r) {
    CHECK(r.rsts[2] == spdy::kProtocolError);
    CHECK(r.rsts[3] == spdy::kProtocolError);
    CHECK(r.replies.count(5) == 1);
  });
  auto s = MustAccept(session);
  CHECK(s->id() == 5);
  CHECK(s->headers().find("streamtype")->second == "ok");
  CHECK(session.AcceptStream(20ms) == nullptr);

  // Only so many streams at once (stream 5 is still open).
  for (uint32_t id = 7; id < 7 + 2 * 1030; id += 2) client.Open(id, StreamHeaders("many"));
  CHECK(client.WaitUntil([](Received& r) { return r.replies.size() + r.rsts.size() == 1033; }));
  client.With([](Received& r) {
    CHECK(r.replies.size() == 1024);
    CHECK(r.rsts.size() == 9);
    CHECK(r.rsts.rbegin()->second == spdy::kRefusedStream);
  });
  CHECK_FALSE(session.Done());
}

TEST_CASE("GOAWAY from the client ends the session") {
  ConnPair conn;
  SpdySession session(conn.server);
  TestClient client(conn.client);
  client.Open(1, StreamHeaders("stdout"));
  auto s = MustAccept(session);
  std::atomic<bool> accept_returned{false};
  std::shared_ptr<SpdyStream> accepted;
  std::thread acceptor([&] {
    accepted = session.AcceptStream(60s);
    accept_returned = true;
  });
  std::atomic<size_t> read_result{99};
  std::thread reader([&] {
    char buf[8];
    read_result = s->Read(buf, sizeof(buf));
  });
  std::this_thread::sleep_for(20ms);
  client.Send(spdy::EncodeGoAway(0, spdy::kGoAwayOk));
  session.Wait();
  CHECK(session.Done());
  acceptor.join();
  reader.join();
  CHECK(accept_returned);
  CHECK(accepted == nullptr);
  CHECK(read_result == 0);
  CHECK_FALSE(s->Write("x"));
  CHECK(client.WaitUntil([](Received& r) { return r.eof; }));
  client.With([](Received& r) { CHECK_FALSE(r.goaway.has_value()); });
}

TEST_CASE("malformed input ends the session with GOAWAY PROTOCOL_ERROR") {
  struct Case {
    const char* name;
    std::string bytes;
    bool open_first = false;
  };
  std::string valid_block;
  {
    spdy::HeaderCompressor c;
    REQUIRE(c.CompressHeaders(StreamHeaders("x"), valid_block));
  }
  std::string bad_block;  // valid zlib, but the block inside is nonsense
  {
    spdy::HeaderCompressor c;
    REQUIRE(c.Compress("\0\0\0\x05garbage", bad_block));
  }
  std::vector<Case> cases = {
      {"version 2", spdy::EncodeControlFrame(2, spdy::kPing, 0, std::string("\0\0\0\x01", 4))},
      {"oversized control frame",
       spdy::EncodeControlFrame(3, spdy::kSettings, 0, std::string(2 << 20, '\0'))
           .substr(0, spdy::kFrameHeaderSize)},
      {"bad header block", spdy::EncodeSynStream(1, 0, 0, 0, bad_block)},
      {"bad zlib", spdy::EncodeSynStream(1, 0, 0, 0, "\x78\xbb garbage that is not zlib")},
      {"truncated header block",
       spdy::EncodeSynStream(1, 0, 0, 0, valid_block.substr(0, valid_block.size() - 6))},
      {"stream id 0", spdy::EncodeSynStream(0, 0, 0, 0, valid_block)},
      {"short SYN_STREAM", spdy::EncodeControlFrame(3, spdy::kSynStream, 0, "12345")},
      {"short RST_STREAM", spdy::EncodeControlFrame(3, spdy::kRstStream, 0, "1234")},
      {"long PING", spdy::EncodeControlFrame(3, spdy::kPing, 0, "123456")},
      {"DATA on stream 0", spdy::EncodeDataFrame(0, 0, "x")},
      {"bad SETTINGS",
       spdy::EncodeControlFrame(3, spdy::kSettings, 0, std::string("\0\0\0\x09", 4))},
      {"bad header block after a good one", spdy::EncodeSynStream(3, 0, 0, 0, bad_block), true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    ConnPair conn;
    SpdySession session(conn.server);
    TestClient client(conn.client);
    std::shared_ptr<SpdyStream> open;
    if (c.open_first) {
      client.Open(1, StreamHeaders("stdin"));
      open = MustAccept(session);
    }
    client.Send(c.bytes);
    session.Wait();
    CHECK(session.Done());
    CHECK(client.WaitUntil([](Received& r) { return r.eof; }));
    client.With([&](Received& r) {
      REQUIRE(r.goaway.has_value());
      CHECK(r.goaway->status == spdy::kGoAwayProtocolError);
      CHECK(r.goaway->last_good_stream_id == (c.open_first ? 1u : 0u));
    });
    if (open) {
      char buf[4];
      CHECK(open->Read(buf, sizeof(buf)) == 0);
    }
  }
}

TEST_CASE("Close sends GOAWAY and unblocks every waiter") {
  ConnPair conn;
  auto session = std::make_unique<SpdySession>(conn.server);
  TestClient client(conn.client);
  client.Open(1, StreamHeaders("stdin"));
  client.Open(3, StreamHeaders("stdout"));
  auto in = MustAccept(*session);
  auto out = MustAccept(*session);
  client.Data(1, "abc");

  std::atomic<int> returned{0};
  std::string read;
  std::thread reader([&] {
    read = ReadAll(*in);
    returned++;
  });
  std::thread acceptor([&] {
    CHECK(session->AcceptStream(60s) == nullptr);
    returned++;
  });
  std::thread waiter([&] {
    session->Wait();
    returned++;
  });
  std::this_thread::sleep_for(50ms);
  CHECK(returned == 0);
  session->Close();
  session->Close();
  reader.join();
  acceptor.join();
  waiter.join();
  CHECK(returned == 3);
  CHECK(read == "abc");
  CHECK(session->Done());
  CHECK_FALSE(out->Write("x"));
  CHECK(client.WaitUntil([](Received& r) { return r.eof; }));
  client.With([](Received& r) {
    REQUIRE(r.goaway.has_value());
    CHECK(r.goaway->status == spdy::kGoAwayOk);
    CHECK(r.goaway->last_good_stream_id == 3);
    CHECK(r.errors.empty());
  });

  // Handles outlive the session harmlessly.
  session.reset();
  char buf[4];
  CHECK(out->Read(buf, sizeof(buf)) == 0);
  CHECK_FALSE(out->Write("x"));
  out->CloseWrite();
  out->Reset();
}

TEST_CASE("the peer going away ends the session") {
  ConnPair conn;
  SpdySession session(conn.server);
  std::shared_ptr<SpdyStream> s;
  {
    TestClient client(conn.client);
    client.Open(1, StreamHeaders("stdin"));
    s = MustAccept(session);
    client.Data(1, "last words");
  }  // closes the client's end
  session.Wait();
  CHECK(session.Done());
  // What arrived before the end can still be read.
  CHECK(ReadAll(*s) == "last words");
  CHECK_FALSE(s->Write("x"));
}

TEST_CASE("destroying the session unblocks a writer the peer does not read") {
  ConnPair conn(64 * 1024);
  auto session = std::make_unique<SpdySession>(conn.server);
  // A client that opens a stream and then reads nothing.
  spdy::HeaderCompressor compressor;
  std::string block;
  REQUIRE(compressor.CompressHeaders(StreamHeaders("stdout"), block));
  REQUIRE(conn.client.Write(spdy::EncodeSynStream(1, 0, 0, 0, block)));
  auto s = session->AcceptStream(5s);
  REQUIRE(s);
  std::atomic<bool> write_result{true};
  std::thread writer([&] { write_result = s->Write(Pattern(1 << 20, 5)); });
  std::this_thread::sleep_for(100ms);
  auto start = std::chrono::steady_clock::now();
  session.reset();
  writer.join();
  CHECK(std::chrono::steady_clock::now() - start < 5s);
  CHECK_FALSE(write_result);
  CHECK(conn.server.closes() >= 1);
}

}  // namespace
}  // namespace k1s::streaming
