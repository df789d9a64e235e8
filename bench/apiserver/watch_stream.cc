#include "bench/apiserver/watch_stream.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace k1s::bench {
namespace {

std::string TlsError(const char* what) {
  char buf[256];
  ERR_error_string_n(ERR_get_error(), buf, sizeof(buf));
  return std::string(what) + ": " + buf;
}

}  // namespace

Result<std::shared_ptr<SSL_CTX>> MakeClientTls(const Endpoint& endpoint) {
  std::shared_ptr<SSL_CTX> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  if (!ctx) return Status::Internal(TlsError("SSL_CTX_new"));
  if (SSL_CTX_load_verify_locations(ctx.get(), endpoint.ca_file.c_str(), nullptr) != 1 ||
      SSL_CTX_use_certificate_chain_file(ctx.get(), endpoint.cert_file.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx.get(), endpoint.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Status::Invalid(TlsError("loading the kubeconfig's certificates"));
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  return ctx;
}

Result<std::unique_ptr<WatchStream>> WatchStream::Open(SSL_CTX* tls, const Endpoint& endpoint,
                                                       const std::string& path) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IOError(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(endpoint.port));
  if (::inet_pton(AF_INET, endpoint.host.c_str(), &addr.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    Status s = Status::IOError("connect " + endpoint.host + ": " + std::strerror(errno));
    ::close(fd);
    return s;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  SSL* ssl = SSL_new(tls);
  std::unique_ptr<WatchStream> stream(new WatchStream(fd, ssl));
  if (ssl == nullptr) return Status::Internal(TlsError("SSL_new"));
  SSL_set_fd(ssl, fd);
  SSL_set1_host(ssl, endpoint.host.c_str());
  if (SSL_connect(ssl) != 1) return Status::IOError(TlsError("TLS handshake"));
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + endpoint.host + ":" +
                              std::to_string(endpoint.port) +
                              "\r\nAccept: application/json\r\nUser-Agent: bench_apiserver\r\n\r\n";
  if (SSL_write(ssl, request.data(), static_cast<int>(request.size())) !=
      static_cast<int>(request.size())) {
    return Status::IOError(TlsError("sending the watch request"));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return stream;
}

WatchStream::~WatchStream() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  ::close(fd_);
}

Status WatchStream::ReadAvailable(const std::function<void(std::string_view)>& on_line) {
  char buf[16384];
  for (;;) {
    int n = SSL_read(ssl_, buf, sizeof(buf));
    if (n > 0) {
      raw_.append(buf, static_cast<size_t>(n));
      continue;
    }
    int err = SSL_get_error(ssl_, n);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) break;
    if (err == SSL_ERROR_ZERO_RETURN || (err == SSL_ERROR_SYSCALL && n == 0)) {
      K1S_RETURN_IF_ERROR(Parse(on_line));
      return Status::Unavailable("the server closed a watch");
    }
    return Status::IOError(TlsError("reading a watch"));
  }
  return Parse(on_line);
}

Status WatchStream::Parse(const std::function<void(std::string_view)>& on_line) {
  if (!started_) {
    const size_t end = raw_.find("\r\n\r\n");
    if (end == std::string::npos) return Status::Ok();
    const std::string head = raw_.substr(0, end);
    if (head.rfind("HTTP/1.1 200", 0) != 0) {
      return Status::Internal("watch reply: " + head.substr(0, head.find('\r')) + " " +
                              raw_.substr(end + 4, 300));
    }
    raw_.erase(0, end + 4);
    started_ = true;
  }
  size_t pos = 0;
  for (;;) {
    const size_t eol = raw_.find("\r\n", pos);
    if (eol == std::string::npos) break;
    const size_t size = std::strtoul(raw_.c_str() + pos, nullptr, 16);
    if (size == 0) return Status::Unavailable("the server ended a watch");
    if (raw_.size() < eol + 2 + size + 2) break;
    body_.append(raw_, eol + 2, size);
    pos = eol + 2 + size + 2;
  }
  raw_.erase(0, pos);
  size_t start = 0;
  for (size_t nl; (nl = body_.find('\n', start)) != std::string::npos; start = nl + 1) {
    on_line(std::string_view(body_).substr(start, nl - start));
  }
  body_.erase(0, start);
  return Status::Ok();
}

}  // namespace k1s::bench
