// Server: an HTTP/1.1 server over TLS (Boost.Beast), the one HTTP stack of
// k1s: the API server and, later, the kubelet API use it.
//
// Keep-alive; limits on header and body size; timeouts for clients that stall;
// chunked streaming replies for watches. Requests run on a worker pool (they
// may block); streams and idle connections hold no thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "pkg/http/message.h"
#include "pkg/util/log.h"
#include "pkg/util/result.h"

namespace k1s::http {

struct TlsFiles {
  std::string cert_file;       // PEM serving certificate (chain)
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // PEM CA that client certificates must chain to; "" = none asked
};

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  uint16_t port = 0;  // 0: pick a free port (see Server::port)
  // Plain HTTP when unset (tests); TLS otherwise. Client certificates are
  // requested but optional: a request without one has no `peer`.
  std::optional<TlsFiles> tls;
  size_t io_threads = 2;
  size_t worker_threads = 8;
  size_t max_header_bytes = 64 * 1024;        // larger: 431
  size_t max_body_bytes = 3 * 1024 * 1024;    // larger: 413, as kube-apiserver's 3 MiB
  std::chrono::seconds read_timeout{60};      // a request that takes longer to arrive: closed
  std::chrono::seconds idle_timeout{120};     // keep-alive connection with no request: closed
  Logger logger;
};

class Server {
 public:
  // Binds and starts serving `handler`. IOError if the address cannot be bound
  // or the TLS files cannot be loaded.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);
  virtual ~Server() = default;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port actually bound.
  virtual uint16_t port() const = 0;
  // Stops accepting, cancels streams, closes connections, joins threads.
  // Idempotent; the destructor does it. Waits for running handlers, so it
  // must not be called from one.
  virtual void Stop() = 0;

 protected:
  Server() = default;
};

}  // namespace k1s::http
