// HTTP requests and responses as the rest of k1s sees them: plain values,
// independent of the HTTP library underneath.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace k1s::http {

// Header names compare case-insensitively; values keep their case.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

// The identity a verified TLS client certificate proves.
struct PeerCertificate {
  std::string common_name;                 // subject CN
  std::vector<std::string> organizations;  // subject O values, in order
};

struct Request {
  std::string method;  // upper case, e.g. "GET"
  std::string target;  // the raw request-target, e.g. "/api/v1/pods?watch=1"
  std::string path;    // target without the query, percent-decoded
  // Query parameters in order, percent-decoded ('+' is a space), repeats kept.
  std::vector<std::pair<std::string, std::string>> query;
  Headers headers;
  std::string body;
  std::optional<PeerCertificate> peer;  // set when the client sent a certificate the CA verified
  std::string remote_address;           // "ip:port"
  // Set by a caller in this process that reads a JSON answer as a value: a
  // handler may then answer with Response::object, sparing a serialization
  // here and a parse there. Never set for a request that came over a socket.
  bool accepts_object = false;

  // The first value of header `name`, or "" if absent.
  std::string Header(std::string_view name) const;
  // The first value of query parameter `name`, if present.
  std::optional<std::string> Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // The JSON body as a value, in place of `body`: only in answer to a
  // request that accepts_object, so it never reaches a socket.
  std::shared_ptr<nlohmann::json> object;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body);
};

// The body of a long-lived response (a watch): produced bit by bit, sent with
// chunked transfer encoding, each chunk flushed as it comes. The server holds
// no thread while a stream waits for data.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;

  struct Chunk {
    std::string data;   // may be empty
    bool done = false;  // true: the response ends after `data`
  };
  // Non-blocking: whatever is ready now. When nothing is ready it returns an
  // empty, not-done chunk, and the server calls Subscribe and waits.
  virtual Chunk Read() = 0;
  // Asks to be told once that Read has something new (data or the end). `wake`
  // may be called from any thread, at most once per Subscribe; it may be
  // called at once if data is already there.
  virtual void Subscribe(std::function<void()> wake) = 0;
  // The client went away or the server is stopping: release resources. Read
  // and Subscribe are not called afterwards.
  virtual void Cancel() = 0;
};

// A connection the server handed over after a 101 Switching Protocols reply
// (SPDY/3.1, WebSocket): raw bytes both ways, through blocking calls.
class UpgradedConnection {
 public:
  virtual ~UpgradedConnection() = default;
  // Blocks until bytes arrive and returns how many were copied into `buffer`;
  // 0 once the peer closed, the connection failed or Close was called.
  virtual size_t Read(char* buffer, size_t size) = 0;
  // Writes all of `data`; false if the connection is gone. Calls from several
  // threads are serialized, each one's bytes kept together.
  virtual bool Write(std::string_view data) = 0;
  // Closes the connection; a blocked Read returns 0. Any thread, idempotent.
  virtual void Close() = 0;
};

// Serves an upgraded connection. The server calls it on a thread of its own
// (upgraded sessions are long and few), once the 101 head is written; the
// connection closes when it returns. It must return soon after a Read gives
// 0, which is how it learns the server is stopping.
using UpgradeHandler = std::function<void(std::unique_ptr<UpgradedConnection>)>;

// What a handler hands back: a whole response, headers and a stream, or a
// 101 head and the handler that takes the connection over.
struct Reply {
  Response response;                       // status, headers; body unless streaming
  std::unique_ptr<ResponseStream> stream;  // set for a streaming reply
  UpgradeHandler upgrade;                  // set for an upgrade; response.status is 101

  Reply(Response r) : response(std::move(r)) {}  // NOLINT: implicit by design
  Reply(Response head, std::unique_ptr<ResponseStream> s)
      : response(std::move(head)), stream(std::move(s)) {}
  Reply(Response head, UpgradeHandler u) : response(std::move(head)), upgrade(std::move(u)) {}
};

// Handles one request. Called on a worker thread, so it may block (e.g. on a
// store write); must be safe to call from several threads at once.
using Handler = std::function<Reply(Request&)>;

// Percent-decoding and query parsing, shared by the server and tests.
std::string PercentDecode(std::string_view in, bool plus_is_space);
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

}  // namespace k1s::http
