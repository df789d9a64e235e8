// WatchStream: one watch request on its own TLS connection, read without
// blocking so that one thread can poll() many of them.
#pragma once

#include <openssl/ssl.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "bench/apiserver/server_process.h"
#include "pkg/util/result.h"

namespace k1s::bench {

// Client TLS settings shared by every stream: the admin certificate, and the
// cluster CA to verify the server.
Result<std::shared_ptr<SSL_CTX>> MakeClientTls(const Endpoint& endpoint);

class WatchStream {
 public:
  // Connects (blocking: TCP, TLS handshake, request), then turns the socket
  // non-blocking for ReadAvailable.
  static Result<std::unique_ptr<WatchStream>> Open(SSL_CTX* tls, const Endpoint& endpoint,
                                                   const std::string& path);
  ~WatchStream();
  WatchStream(const WatchStream&) = delete;
  WatchStream& operator=(const WatchStream&) = delete;

  int fd() const { return fd_; }
  // True once the reply header (200, chunked) has arrived: the server has
  // registered the watch.
  bool started() const { return started_; }

  // Reads whatever has arrived and calls `on_line` for each complete line of
  // the decoded body. Fails on a non-200 reply, end of stream or a TLS error.
  Status ReadAvailable(const std::function<void(std::string_view)>& on_line);

 private:
  WatchStream(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  Status Parse(const std::function<void(std::string_view)>& on_line);

  const int fd_;
  SSL* const ssl_;
  bool started_ = false;
  std::string raw_;   // received, not yet decoded
  std::string body_;  // decoded, not yet a complete line
};

}  // namespace k1s::bench
