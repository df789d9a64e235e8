// SpdySession: the server side of SPDY/3.1 (the framing kubectl's exec,
// attach and port-forward speak since Kubernetes 1.0) over an upgraded
// connection. The client opens the streams; the session answers each
// SYN_STREAM with a SYN_REPLY at once, demultiplexes DATA frames into
// per-stream buffers, answers PINGs, and sends DATA, FIN and RST_STREAM for
// the streams' writers.
//
// Threads: one reader thread per session (started by the constructor) parses
// frames; writes go straight to the connection under the session's write
// lock. Every blocking call returns once the session ends (peer gone, GOAWAY,
// Close).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pkg/http/message.h"

namespace k1s::streaming {

class SpdySessionImpl;

// One stream the client opened.
class SpdyStream {
 public:
  virtual ~SpdyStream() = default;
  virtual uint32_t id() const = 0;
  // The SYN_STREAM's headers (names lower case, as SPDY/3 sends them).
  virtual const http::Headers& headers() const = 0;
  // Blocks until the client sent data on this stream and copies up to `size`
  // bytes; 0 once the client half-closed it (FIN), reset it, or the session
  // ended.
  virtual size_t Read(char* buffer, size_t size) = 0;
  // Sends `data` as DATA frames; false if the stream or session is gone.
  virtual bool Write(std::string_view data) = 0;
  // Half-closes our side (an empty DATA frame with FIN). Idempotent.
  virtual void CloseWrite() = 0;
  // Aborts the stream (RST_STREAM CANCEL); Reads return 0.
  virtual void Reset() = 0;
};

class SpdySession {
 public:
  // Starts serving `conn`, which must outlive the session.
  explicit SpdySession(http::UpgradedConnection& conn);
  // Close, then joins the reader.
  ~SpdySession();
  SpdySession(const SpdySession&) = delete;
  SpdySession& operator=(const SpdySession&) = delete;

  // Blocks until the client opens a stream (already answered with
  // SYN_REPLY), and returns it; null when `timeout` passes first or the
  // session has ended.
  std::shared_ptr<SpdyStream> AcceptStream(std::chrono::milliseconds timeout);
  // True once the connection ended or a GOAWAY arrived.
  bool Done() const;
  // Blocks until Done.
  void Wait();
  // Sends GOAWAY, closes the connection. Idempotent; any thread.
  void Close();

 private:
  std::unique_ptr<SpdySessionImpl> impl_;
};

}  // namespace k1s::streaming
